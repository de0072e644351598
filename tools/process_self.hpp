// The verbs that run kds-sim as child processes (sweep, plan): the path of this very binary, so
// that the runs never mix versions, and ending by a signal as an interrupted run does.
#ifndef KDS_TOOLS_PROCESS_SELF_HPP_
#define KDS_TOOLS_PROCESS_SELF_HPP_

#include <string>

namespace kds::front {

// /proc/self/exe, or "kds-sim" (found on PATH) when it cannot be read.
std::string this_binary();

// Ends the process by `signal` (shells then report 128 + signal).
[[noreturn]] void end_by_signal(int signal);

}  // namespace kds::front

#endif  // KDS_TOOLS_PROCESS_SELF_HPP_

// SimGrid's own --cfg= and --log= flags (SPEC §1: they pass through to SimGrid), checked before a
// command does anything: a flag SimGrid refuses is a bad argument (exit 2, one line naming it),
// not an internal error in the middle of a run, and not an abort.
#ifndef KDS_TOOLS_SIMGRID_FLAGS_HPP_
#define KDS_TOOLS_SIMGRID_FLAGS_HPP_

#include <optional>
#include <string>
#include <vector>

namespace kds::front {

// What SimGrid made of a set of flags.
struct SimGridFlagsCheck {
  enum class Verdict {
    kAccepted,
    kRefused,    // `text` is one line naming the flag and what is wrong with it, e.g.
                 // --cfg=bogus:1: unknown SimGrid configuration item 'bogus'
    kHelpShown,  // a `help` value (e.g. --cfg=plugin:help): `text` is what SimGrid printed
  };
  Verdict verdict = Verdict::kAccepted;
  std::string text;
};

// Tries the flags in a child process as a run would use them: SimGrid's engine, the one-host
// platform and one actor (sim/s4u_adapter.hpp), since SimGrid reports a bad flag in several ways:
// an exception, xbt_die() and xbt_assert(), which abort the process, or a crash once an actor
// runs (a stack too small). Names the first flag that SimGrid refuses on its own (and, within a
// --cfg= of several items, the item's key and value). No flags: no child. The child works in a
// temporary folder of its own, removed after it: the files the flags ask for by a relative path
// (a log file opened by --log=root.app:file:NAME, a trace) are written there, not in the current
// folder, and only the run writes them for real. A file SimGrid cannot open there (a relative path
// into a folder, --cfg=tracing/filename:t/x.trace) is tried again from the current folder, which
// decides; that probe, like one given an absolute path, writes the file where the run will. A
// SIGINT or SIGTERM meanwhile kills the child and removes its folder, then ends the process
// (tools/interrupt.hpp).
// REQUIRES: no other thread runs (the check forks); flags start with --cfg= or --log=.
[[nodiscard]] SimGridFlagsCheck check_simgrid_flags(const std::vector<std::string>& flags);

// For main(), which passes SimGrid argv[0] and the flags: checks them and prints the verdict.
// Returns the exit code when the command must stop (2 for a refused flag, printed on stderr; 0
// after SimGrid's help, printed on stdout), nullopt when it goes on.
[[nodiscard]] std::optional<int> stop_for_simgrid_flags(const std::vector<char*>& simgrid_argv);

// What one engine built in a child process, running one actor, made of some flags.
struct EngineProbe {
  enum class Outcome {
    kAccepted,  // the engine was built and ran its actor
    kThrew,     // the engine's construction threw: `what`
    kExited,    // the child exited by itself (`status`), e.g. exit(0) after a `help` value
    kDied,      // the child died of signal `status` (xbt_die() and xbt_assert() abort; an actor
                // whose stack is too small dies of SIGSEGV)
  };
  Outcome outcome = Outcome::kAccepted;
  int status = 0;
  std::string what;
  std::string output;  // what SimGrid printed on stdout and stderr
};

// Why SimGrid refused `flag` (a single --cfg= item or one --log= flag), in one line without the
// flag, from what a probe of that flag alone saw; e.g. "unknown SimGrid configuration item
// 'bogus'", "bad value 'abc' for SimGrid configuration item 'contexts/stack-size' (invalid
// integer)", "refused by SimGrid: Option 'x' badly formatted. Should be of the form 'name:value'".
// REQUIRES: probe.outcome is not kAccepted.
[[nodiscard]] std::string describe_refusal(const std::string& flag, const EngineProbe& probe);

}  // namespace kds::front

#endif  // KDS_TOOLS_SIMGRID_FLAGS_HPP_

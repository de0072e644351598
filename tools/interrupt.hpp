// Ctrl-C (SIGINT) and SIGTERM: kds-sim stops within moments, prints one line on stderr
// ("kds-sim: interrupted by SIGINT; nothing written") and ends by that very signal, so that a
// shell sees a process killed by it ($? is 130 / 143, and a script stops: tools/interrupt.cpp).
// Outputs are the exception: while they are being written (an OutputWriteGuard lives), a signal
// is only recorded; the writer asks interrupted() between writes, removes its temporary files and
// gives up, or finishes renaming, and finish() then stops the process. A folder so holds all of
// the new outputs or none of them, and no temporary file. A stopped run that wrote nothing also
// removes the output folders it created (remove_folders_if_stopped()).
#ifndef KDS_TOOLS_INTERRUPT_HPP_
#define KDS_TOOLS_INTERRUPT_HPP_

#include <string>
#include <vector>

namespace kds::front {

// What a shell reports for a run stopped by `signal` ($?): 128 + its number (130, 143).
constexpr int exit_code_for_signal(int signal) {
  return 128 + signal;
}

// Installs the SIGINT and SIGTERM handlers.
// REQUIRES: called from the main thread, before any other thread starts.
void install_interrupt_handlers();

// A line left open on file descriptor `fd` (a progress bar redrawn with \r and no newline), or -1
// once it has ended: a signal ends that line before its message, so none is left dangling.
void note_open_line(int fd);

// Folders this run created (`created`, deepest first, e.g. out/a/b then out/a), to be removed
// (if still empty) when a signal stops the run before any output is written. Replaces the folders
// noted before; an empty list forgets them. At most kMaxRemovedFolders folders of
// kMaxRemovedFolderPath bytes each are kept (the deepest that fit): the handler may use no
// allocation, so they are copied into static buffers here.
// REQUIRES: called on the main thread.
constexpr int kMaxRemovedFolders = 32;
constexpr int kMaxRemovedFolderPath = 4096;
void remove_folders_if_stopped(const std::vector<std::string>& created);

// A span in which a signal is only recorded: the main thread asks interrupted() where it can
// stop cleanly, tidies up, and finish() then stops the process. Used for writing the outputs,
// and while SimGrid's flags are tried in a child process (tools/simgrid_flags.cpp), which is
// killed, reaped and its temporary folder removed first.
// REQUIRES: lives on the main thread (the one install_interrupt_handlers() ran on), one at a time.
class SignalsDeferred {
 public:
  SignalsDeferred();
  // Ends the span like finish(false) if finish() was not called.
  ~SignalsDeferred();
  SignalsDeferred(const SignalsDeferred&) = delete;
  SignalsDeferred& operator=(const SignalsDeferred&) = delete;

  // True once SIGINT or SIGTERM arrived: the caller should tidy up and stop.
  [[nodiscard]] bool interrupted() const;
  // Ends the span. `written`: the outputs are all in place. If a signal arrived meanwhile, prints
  // its line ("nothing written", or that the outputs were written) and ends the process by that
  // signal; otherwise returns, and signals stop the process at once again.
  void finish(bool written);

 private:
  int phase_before_;  // what a signal said before the span: nothing written, or outputs written
  bool finished_ = false;
};

// The span in which outputs are written. Signals wait for finish().
using OutputWriteGuard = SignalsDeferred;

}  // namespace kds::front

#endif  // KDS_TOOLS_INTERRUPT_HPP_

// Ctrl-C (SIGINT) and SIGTERM: kds-sim stops within moments, prints one line on stderr
// ("kds-sim: interrupted by SIGINT; nothing written") and exits 128 + the signal number (130, 143).
// Outputs are the exception: while they are being written (an OutputWriteGuard lives), a signal
// is only recorded; the writer asks interrupted() between writes, removes its temporary files and
// gives up, or finishes renaming, and finish() then exits. A folder so holds all of the new
// outputs or none of them, and no temporary file.
#ifndef KDS_TOOLS_INTERRUPT_HPP_
#define KDS_TOOLS_INTERRUPT_HPP_

namespace kds::front {

// Exit status of a run stopped by `signal`: 128 + its number, as a shell reports it.
constexpr int exit_code_for_signal(int signal) {
  return 128 + signal;
}

// Installs the SIGINT and SIGTERM handlers.
// REQUIRES: called from the main thread, before any other thread starts.
void install_interrupt_handlers();

// A line left open on file descriptor `fd` (a progress bar redrawn with \r and no newline), or -1
// once it has ended: a signal ends that line before its message, so none is left dangling.
void note_open_line(int fd);

// The span in which outputs are written. Signals wait for finish().
// REQUIRES: lives on the main thread (the one install_interrupt_handlers() ran on), one at a time.
class OutputWriteGuard {
 public:
  OutputWriteGuard();
  // Ends the span like finish(false) if finish() was not called.
  ~OutputWriteGuard();
  OutputWriteGuard(const OutputWriteGuard&) = delete;
  OutputWriteGuard& operator=(const OutputWriteGuard&) = delete;

  // True once SIGINT or SIGTERM arrived: the writer should remove its temporary files and stop.
  [[nodiscard]] bool interrupted() const;
  // Ends the span. `written`: the outputs are all in place. If a signal arrived meanwhile, prints
  // its line ("nothing written", or that the outputs were written) and exits 128 + the signal;
  // otherwise returns, and signals stop the process at once again.
  void finish(bool written);

 private:
  int phase_before_;  // what a signal said before the guard: nothing written, or outputs written
  bool finished_ = false;
};

}  // namespace kds::front

#endif  // KDS_TOOLS_INTERRUPT_HPP_

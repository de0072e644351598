// How a signal stops a run, and why this way.
//
// A run is SimGrid actors (on their own stacks, or threads with --cfg=contexts/factory:thread) plus
// a second thread (sim/background_worker.hpp). Unwinding all of that from a signal would mean
// a flag that every actor loop, every background job and SimGrid's scheduler polls, for a run
// whose results are thrown away anyway. Before the outputs are written the process holds nothing
// worth saving and no temporary file, so the handler ends it at once: no destructor, no atexit
// handler (SimGrid's would tear down an engine in mid-step), nothing that could block. It removes
// the output folders the run created (still empty: nothing was written), prints its line, and
// then dies of the signal itself: it restores the default action, unblocks the signal and raises
// it again. Exiting with 128 + the signal instead would look the same in $?, but not to a shell
// running a script: bash (wait-and-cooperative-exit) and other shells take a child that exits
// normally after a Ctrl-C as one that handled it, and go on with the next command, so
// `for i in 1 2 3; do kds-sim run ...; done` would need one Ctrl-C per run. The handler only calls
// async-signal-safe functions (write, rmdir, sigaction, pthread_kill, pthread_sigmask, raise,
// _exit).
//
// While the outputs are written (reports/output_files.hpp: temporary files, then renames), ending
// the process could leave a temporary file or half of the renamed set behind. The writer runs on
// the main thread and marks that span with an OutputWriteGuard; a signal then only records its
// number. The writer asks interrupted() between writes and before its first rename: it removes
// its temporary files and returns, or, once renaming has begun (microseconds), completes it. The
// guard's finish() then prints the line and ends the process. A waiting signal is thus acted on
// within one write of at most a MiB. The same deferral covers the other spans that must tidy up
// before the process ends (creating the output folders; the SimGrid flag probe's child process).
//
// Every decision is taken on the main thread: a signal that lands on another thread (SimGrid
// thread contexts; the background worker blocks them) is forwarded to it. The phase is therefore
// only ever changed and read by one thread, the handler interrupting it between two instructions,
// so a lock-free atomic int is all the synchronisation needed. With SimGrid's default contexts the
// actors, and so the progress bar, run on that thread too: the bar cannot be redrawn after the
// handler ended its line (with thread contexts, only in the microseconds before the process ends).
#include "tools/interrupt.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cassert>
#include <cerrno>

namespace kds::front {

namespace {

// kDeferring: a SignalsDeferred lives (the outputs are being written, say); signals wait for it.
enum Phase : int { kBeforeOutputs, kDeferring, kAfterOutputs };

static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");
std::atomic<int> g_phase{kBeforeOutputs};
std::atomic<int> g_pending_signal{0};  // a signal that arrived while deferred, or 0
std::atomic<int> g_open_line_fd{-1};
std::atomic<bool> g_installed{false};
pthread_t g_main_thread;  // set before the handlers are installed, then only read

// The output folders to remove when a run stops before writing (remove_folders_if_stopped()):
// g_folders[0 .. g_folder_count), deepest first. The count is published after the paths.
char g_folders[kMaxRemovedFolders][kMaxRemovedFolderPath];
std::atomic<int> g_folder_count{0};

void write_text(int fd, const char* text) {
  size_t length = 0;
  while (text[length] != '\0') ++length;
  while (length > 0) {
    const ssize_t n = ::write(fd, text, length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text += n;
    length -= static_cast<size_t>(n);
  }
}

const char* message(int signal, bool written) {
  if (signal == SIGTERM)
    return written ? "kds-sim: interrupted by SIGTERM after the outputs were written\n"
                   : "kds-sim: interrupted by SIGTERM; nothing written\n";
  return written ? "kds-sim: interrupted by SIGINT after the outputs were written\n"
                 : "kds-sim: interrupted by SIGINT; nothing written\n";
}

// Async-signal-safe. rmdir() removes a folder only if it is empty: one that something else put a
// file in meanwhile stays.
void remove_created_folders() {
  const int count = g_folder_count.load();
  for (int i = 0; i < count; ++i) ::rmdir(g_folders[i]);
}

// Async-signal-safe. Ends the process by `signal`, as if it had had no handler.
[[noreturn]] void die_of(int signal) {
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  ::sigaction(signal, &default_action, nullptr);
  sigset_t own;
  sigemptyset(&own);
  sigaddset(&own, signal);
  // Blocked while its handler runs (sa_mask); unblocked, the raised signal is delivered before
  // raise() returns, and its default action ends the whole process (no core dump for either).
  pthread_sigmask(SIG_UNBLOCK, &own, nullptr);
  ::raise(signal);
  ::_exit(exit_code_for_signal(signal));  // not reached
}

// Async-signal-safe.
[[noreturn]] void stop_now(int signal, bool written) {
  // A closed stderr (a pipe whose reader died of the same Ctrl-C) must not turn the end into a
  // SIGPIPE death.
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
  if (!written) remove_created_folders();
  const int open_line_fd = g_open_line_fd.load();
  if (open_line_fd >= 0) write_text(open_line_fd, "\n");
  write_text(STDERR_FILENO, message(signal, written));
  die_of(signal);
}

void on_signal(int signal) {
  const int saved_errno = errno;
  if (!pthread_equal(pthread_self(), g_main_thread)) {
    pthread_kill(g_main_thread, signal);
  } else if (g_phase.load() == kDeferring) {
    int none = 0;
    g_pending_signal.compare_exchange_strong(none, signal);  // the first one counts
  } else {
    stop_now(signal, g_phase.load() == kAfterOutputs);
  }
  errno = saved_errno;
}

}  // namespace

void install_interrupt_handlers() {
  g_main_thread = pthread_self();
  g_installed = true;
  struct sigaction action {};
  action.sa_handler = on_signal;
  // Interrupted system calls resume (the writer's, the worker's waits); one handler at a time.
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaddset(&action.sa_mask, SIGINT);
  sigaddset(&action.sa_mask, SIGTERM);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

void note_open_line(int fd) {
  g_open_line_fd.store(fd);
}

void remove_folders_if_stopped(const std::vector<std::string>& created) {
  assert(!g_installed || pthread_equal(pthread_self(), g_main_thread));
  g_folder_count.store(0);  // a signal meanwhile removes none of them, old or new
  int count = 0;
  for (const std::string& folder : created) {
    // The deepest first: an ancestor cannot be removed while a folder below it stays.
    if (count == kMaxRemovedFolders || folder.size() >= kMaxRemovedFolderPath) break;
    folder.copy(g_folders[count], folder.size());
    g_folders[count][folder.size()] = '\0';
    ++count;
  }
  g_folder_count.store(count);
}

SignalsDeferred::SignalsDeferred() {
  assert(!g_installed || pthread_equal(pthread_self(), g_main_thread));
  phase_before_ = g_phase.load();
  assert(phase_before_ != kDeferring);  // one guard at a time
  g_pending_signal.store(0);
  g_phase.store(kDeferring);
}

SignalsDeferred::~SignalsDeferred() {
  if (!finished_) finish(false);
}

bool SignalsDeferred::interrupted() const {
  return g_pending_signal.load() != 0;
}

void SignalsDeferred::finish(bool written) {
  finished_ = true;
  // The phase first: a signal from here on is acted on by the handler with the right message;
  // one that came before is waiting in g_pending_signal.
  const int phase = written ? kAfterOutputs : phase_before_;
  g_phase.store(phase);
  const int signal = g_pending_signal.exchange(0);
  if (signal != 0) stop_now(signal, phase == kAfterOutputs);
}

}  // namespace kds::front

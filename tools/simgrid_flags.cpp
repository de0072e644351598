// Checking SimGrid's flags before a run. SimGrid 3.32 parses --log= in xbt_log_init() and --cfg=
// in sg_config_init(), both inside the Engine's constructor, and reports a bad flag in three ways:
//   - an exception: an unknown item (std::out_of_range "Bad config key: NAME", followed by every
//     known key), a value of the wrong type (std::range_error "invalid integer", "not a
//     boolean"), an unknown log priority or appender (std::invalid_argument);
//   - xbt_die() or xbt_assert(), which print a CRITICAL line and abort: a --cfg= item without ':',
//     an unknown model or context factory, a --log= setting that is not CATEGORY.KEY:VALUE;
//   - exit(): 0 after printing the choices for a `help` value, 1 for a log priority compiled out.
// Some values pass all of that and only go wrong once an actor runs: --cfg=contexts/stack-size:1
// (KiB) gives actors a stack too small for them, and the run dies of SIGSEGV.
// An abort cannot be caught, and validating up front would mean copying SimGrid's grammar and its
// list of items and values (some are declared only when the engine is built). So the flags are
// tried for real: a child process builds SimGrid's engine with them, the run's one-host platform,
// and runs one actor (sim/s4u_adapter.hpp), and reports whether it got to the end; a child that
// dies of a signal refused them as surely as one that aborts. The child works in a temporary
// folder of its own, removed after it, so that a trace (--cfg=tracing:yes) or a log file
// (--log=root.app:file:NAME) the flags ask for does not land in the user's folder (`check` writes
// nothing). A relative path into a folder (sub/x.log) cannot be opened there; when SimGrid says it
// could not open a file, the flags are tried again in the current folder, which decides. One fork,
// an engine and an actor cost a few milliseconds, and only when flags were given. When SimGrid
// refuses the set, each flag is tried alone to name the culprit (and each item of a --cfg= that
// has several), since SimGrid's own messages rarely say which flag they are about.
//
// Signals. The child must not run the parent's SIGINT / SIGTERM handler (tools/interrupt.hpp: it
// would print the parent's line and remove its folders), not even between fork() and resetting
// them: both are blocked around fork(), the child resets them to their defaults before it unblocks
// them, and the parent restores its mask. A signal for the parent while it waits for the child
// (kill PID, or a Ctrl-C, which the child gets too, being in the same process group) is deferred
// (SignalsDeferred): the parent kills the child (SIGKILL), reaps it and removes its folder, then
// ends by the signal. The child is not put in a process group of its own, so that a Ctrl-C
// reaches it directly as well; and it dies with the parent (PR_SET_PDEATHSIG) if the parent is
// killed outright.
#include "tools/simgrid_flags.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "sim/s4u_adapter.hpp"
#include "tools/field_reader.hpp"
#include "tools/interrupt.hpp"

namespace kds::front {

namespace {

// The child reports on the pipe it shares with SimGrid's output, after all of it.
const char* const kAcceptedMark = "\n\x1ekds-sim engine probe: accepted\n";
const char* const kThrewMark = "\n\x1ekds-sim engine probe: threw\n";
const char* const kCannotStartMark = "\n\x1ekds-sim engine probe: cannot start\n";
constexpr int kChildThrewExit = 97;
constexpr int kChildCannotStartExit = 98;
// Building an engine and running one actor takes milliseconds; a child still busy after this is
// stuck.
constexpr auto kProbeTimeout = std::chrono::seconds(30);

void write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

sigset_t interrupt_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

// `parent_mask`: the signal mask before fork() blocked SIGINT and SIGTERM.
[[noreturn]] void run_probe_child(const std::vector<std::string>& flags, int out_fd,
                                  const std::string& folder, pid_t parent,
                                  const sigset_t& parent_mask) {
  // The parent's handlers are not this process's (see the top of the file): the defaults first,
  // then the signals the parent blocked around fork() are unblocked.
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  ::sigaction(SIGINT, &default_action, nullptr);
  ::sigaction(SIGTERM, &default_action, nullptr);
  ::pthread_sigmask(SIG_SETMASK, &parent_mask, nullptr);
  // Killed outright with the parent, unless that is already gone.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(kChildCannotStartExit);
  const struct rlimit no_core_dump {};
  ::setrlimit(RLIMIT_CORE, &no_core_dump);  // an abort here is an answer, not a crash
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(out_fd, STDERR_FILENO);
  if (out_fd != STDOUT_FILENO && out_fd != STDERR_FILENO) ::close(out_fd);
  const int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  if (!folder.empty() && ::chdir(folder.c_str()) != 0) {
    write_all(STDOUT_FILENO, kCannotStartMark + std::string("cannot enter ") + folder + ": " +
                                 std::strerror(errno));
    ::_exit(kChildCannotStartExit);
  }

  std::vector<std::string> storage{"kds-sim"};
  storage.insert(storage.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (std::string& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(storage.size());
  const auto report = [](const std::string& text, int code) {
    std::fflush(stdout);
    std::fflush(stderr);
    write_all(STDOUT_FILENO, text);
    ::_exit(code);  // no destructor: the engine is not torn down, the parent owns the outputs
  };
  try {
    sim::run_engine_to_check_flags(&argc, argv.data());
    report(kAcceptedMark, 0);
  } catch (const std::exception& e) {
    report(kThrewMark + std::string(e.what()), kChildThrewExit);
  } catch (...) {
    report(kThrewMark + std::string("an exception that is not a std::exception"), kChildThrewExit);
  }
  ::_exit(kChildThrewExit);  // not reached
}

// A folder of the probe's own under the temporary directory, for the files the flags ask for.
std::string make_probe_folder() {
  std::error_code error;
  std::string folder = (std::filesystem::temp_directory_path(error) / "kds-sim-flags-XXXXXX");
  if (error) folder = "/tmp/kds-sim-flags-XXXXXX";
  if (::mkdtemp(folder.data()) == nullptr)
    throw std::runtime_error("cannot check SimGrid's flags: cannot create a temporary folder " +
                             folder + ": " + std::strerror(errno));
  return folder;
}

// `in_own_folder`: the child works in a temporary folder of its own; else in the current one.
EngineProbe probe_engine_once(const std::vector<std::string>& flags, bool in_own_folder) {
  // A signal from here on waits until the child is gone and the folder removed.
  SignalsDeferred deferred;
  const std::string folder = in_own_folder ? make_probe_folder() : std::string();
  const auto remove_folder = [&folder] {
    std::error_code ignored;
    if (!folder.empty()) std::filesystem::remove_all(folder, ignored);
  };
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    const int pipe_errno = errno;
    remove_folder();
    throw std::runtime_error(std::string("cannot check SimGrid's flags: pipe: ") +
                             std::strerror(pipe_errno));
  }
  std::fflush(nullptr);  // nothing buffered is written twice
  const sigset_t signals = interrupt_signals();
  sigset_t parent_mask;
  ::pthread_sigmask(SIG_BLOCK, &signals, &parent_mask);
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    run_probe_child(flags, fds[1], folder, parent, parent_mask);
  }
  const int fork_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &parent_mask, nullptr);
  ::close(fds[1]);
  if (child < 0) {
    ::close(fds[0]);
    remove_folder();
    deferred.finish(false);
    throw std::runtime_error(std::string("cannot check SimGrid's flags: fork: ") +
                             std::strerror(fork_errno));
  }

  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + kProbeTimeout;
  bool timed_out = false;
  char buffer[4096];
  for (;;) {
    if (deferred.interrupted()) {  // SIGINT or SIGTERM for the parent: the child goes first
      ::kill(child, SIGKILL);
      break;
    }
    struct pollfd ready {
      fds[0], POLLIN, 0
    };
    const int n = ::poll(&ready, 1, 100);  // a signal interrupts it (EINTR), SA_RESTART or not
    if (n < 0 && errno != EINTR) break;
    if (n > 0) {
      const ssize_t got = ::read(fds[0], buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;  // end of file: the child is gone
      text.append(buffer, static_cast<size_t>(got));
    } else if (std::chrono::steady_clock::now() > deadline) {
      timed_out = true;
      ::kill(child, SIGKILL);
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  remove_folder();
  deferred.finish(false);  // a signal that came meanwhile ends the process here

  EngineProbe probe;
  if (const size_t at = text.find(kAcceptedMark); at != std::string::npos) {
    probe.outcome = EngineProbe::Outcome::kAccepted;
    probe.output = text.substr(0, at);
  } else if (const size_t at = text.find(kThrewMark); at != std::string::npos) {
    probe.outcome = EngineProbe::Outcome::kThrew;
    probe.output = text.substr(0, at);
    probe.what = text.substr(at + std::strlen(kThrewMark));
  } else if (const size_t at = text.find(kCannotStartMark); at != std::string::npos) {
    throw std::runtime_error("cannot check SimGrid's flags: " +
                             text.substr(at + std::strlen(kCannotStartMark)));
  } else if (timed_out) {
    probe.outcome = EngineProbe::Outcome::kDied;
    probe.status = SIGKILL;
    probe.output = text + "\nSimGrid did not finish an engine running one actor within 30 s";
  } else {
    probe.output = text;
    if (WIFSIGNALED(status)) {
      probe.outcome = EngineProbe::Outcome::kDied;
      probe.status = WTERMSIG(status);
    } else {
      probe.outcome = EngineProbe::Outcome::kExited;
      probe.status = WEXITSTATUS(status);
    }
  }
  return probe;
}

bool refused(const EngineProbe& probe) {
  return probe.outcome != EngineProbe::Outcome::kAccepted &&
         !(probe.outcome == EngineProbe::Outcome::kExited && probe.status == 0);
}

// SimGrid could not open a file the flags name: a log file ("Cannot open file: NAME: ...") or the
// trace ("Tracefile NAME could not be opened for writing.").
bool could_not_open_a_file(const EngineProbe& probe) {
  for (const std::string* text : {&probe.what, &probe.output}) {
    if (text->find("Cannot open file") != std::string::npos ||
        text->find("could not be opened") != std::string::npos)
      return true;
  }
  return false;
}

// Tries the flags in a temporary folder; a file SimGrid could not open there (a relative path into
// a folder, sub/x.log, which only exists in the current folder) is tried in the current folder
// instead, which then decides: the run will open it from there. Only then does the probe write
// into the current folder (the file the flags name, which the run writes again).
EngineProbe probe_engine(const std::vector<std::string>& flags) {
  EngineProbe probe = probe_engine_once(flags, true);
  if (refused(probe) && could_not_open_a_file(probe)) probe = probe_engine_once(flags, false);
  return probe;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

std::string trim(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// The items of a --cfg= value, split as SimGrid's config::set_parse() splits them.
std::vector<std::string> cfg_items(const std::string& value) {
  std::vector<std::string> items;
  size_t start = 0;
  while ((start = value.find_first_not_of(" \t\n,", start)) != std::string::npos) {
    const size_t end = value.find_first_of(" \t\n,", start);
    items.push_back(
        value.substr(start, end == std::string::npos ? std::string::npos : end - start));
    start = end;
  }
  return items;
}

// "Bad config key: NAME\n[Did you mean 'X'?\n]Existing config keys:\n  key: (type)value\n..."
std::string unknown_item(const std::string& what) {
  const std::vector<std::string> lines = lines_of(what);
  const std::string key = trim(lines[0].substr(std::strlen("Bad config key: ")));
  std::vector<std::string> known;
  bool listing = false;
  for (const std::string& line : lines) {
    if (listing && starts_with(line, "  ") && line.find(':') != std::string::npos)
      known.push_back(trim(line.substr(0, line.find(':'))));
    if (starts_with(line, "Existing config keys:")) listing = true;
  }
  std::string text = "unknown SimGrid configuration item '" + key + "'";
  if (const auto match = closest_match(key, known)) text += "; did you mean '" + *match + "'?";
  return text;
}

// SimGrid's own words in what a dying engine printed: the first CRITICAL or ERROR message
// (without its "[time] file:line: [category/PRIORITY] " prefix), or else the first line that is
// not an echo of a setting or a backtrace. "Valid factories on this machine:" and its list of
// "  name: description" lines become one line.
std::string last_words(const std::string& output) {
  std::vector<std::string> messages;
  std::string plain;
  for (const std::string& line : lines_of(output)) {
    if (line.find("Configuration change: Set") != std::string::npos) continue;
    size_t at = std::string::npos;
    for (const char* priority : {"/CRITICAL] ", "/ERROR] "}) {
      if (const size_t found = line.find(priority); found != std::string::npos)
        at = found + std::strlen(priority);
    }
    if (at != std::string::npos) {
      messages.push_back(line.substr(at));
    } else if (plain.empty() && !trim(line).empty() && !starts_with(line, "Backtrace") &&
               !starts_with(trim(line), "->")) {
      plain = trim(line);
    }
  }
  if (messages.empty()) return plain;
  std::string text = trim(messages[0]);
  if (!text.empty() && text.back() == ':') {
    std::string choices;
    for (size_t i = 1; i < messages.size(); ++i) {
      const std::string choice = trim(messages[i]);
      const size_t colon = choice.find(':');
      if (colon == std::string::npos || choice.front() == '(') continue;
      choices += (choices.empty() ? " " : ", ") + choice.substr(0, colon);
    }
    text += choices;
  }
  return text;
}

// "signal 11, Segmentation fault".
std::string signal_text(int signal) {
  const char* name = ::strsignal(signal);
  return "signal " + std::to_string(signal) + (name != nullptr ? ", " + std::string(name) : "");
}

}  // namespace

std::string describe_refusal(const std::string& flag, const EngineProbe& probe) {
  const bool is_cfg = starts_with(flag, "--cfg=");
  const std::string value = flag.substr(flag.find('=') + 1);
  if (probe.outcome == EngineProbe::Outcome::kThrew) {
    if (starts_with(probe.what, "Bad config key: ")) return unknown_item(probe.what);
    const std::string first = trim(lines_of(probe.what)[0]);
    const size_t colon = value.find(':');
    if (is_cfg && colon != std::string::npos)
      return "bad value '" + value.substr(colon + 1) + "' for SimGrid configuration item '" +
             value.substr(0, colon) + "' (" + first + ")";
    return std::string(is_cfg ? "refused by SimGrid: " : "bad SimGrid log setting: ") + first;
  }
  if (probe.outcome == EngineProbe::Outcome::kDied &&
      probe.output.find("Access violation or Bus error detected") != std::string::npos) {
    // SimGrid's SIGSEGV handler for actors: a page of advice, then the signal again.
    std::string text = "refused by SimGrid: an actor crashed (" + signal_text(probe.status) + ")";
    const char* const size_note = "current size is ";
    if (const size_t at = probe.output.find(size_note); at != std::string::npos) {
      const size_t from = at + std::strlen(size_note);
      const size_t end = probe.output.find(')', from);
      if (end != std::string::npos)
        text += "; its stack (" + probe.output.substr(from, end - from) + ") is likely too small";
    }
    return text;
  }
  const std::string words = last_words(probe.output);
  if (!is_cfg && words.find("Invalid control string") != std::string::npos)
    return "not a SimGrid log setting: expected CATEGORY.KEY:VALUE with KEY thres, fmt, app or "
           "add, e.g. root.thres:critical";
  if (!words.empty()) return "refused by SimGrid: " + words;
  return "refused by SimGrid (" +
         (probe.outcome == EngineProbe::Outcome::kDied
              ? signal_text(probe.status)
              : "exit status " + std::to_string(probe.status)) +
         ")";
}

SimGridFlagsCheck check_simgrid_flags(const std::vector<std::string>& flags) {
  using Verdict = SimGridFlagsCheck::Verdict;
  if (flags.empty()) return {};
  const EngineProbe together = probe_engine(flags);
  if (together.outcome == EngineProbe::Outcome::kAccepted) return {};
  if (!refused(together)) return {Verdict::kHelpShown, together.output};
  for (const std::string& flag : flags) {
    const EngineProbe alone = flags.size() == 1 ? together : probe_engine({flag});
    if (!refused(alone)) continue;
    const std::vector<std::string> items =
        starts_with(flag, "--cfg=") ? cfg_items(flag.substr(6)) : std::vector<std::string>{};
    if (items.size() > 1) {
      for (const std::string& item : items) {
        const EngineProbe one = probe_engine({"--cfg=" + item});
        if (refused(one))
          return {Verdict::kRefused, flag + ": " + describe_refusal("--cfg=" + item, one)};
      }
    }
    return {Verdict::kRefused, flag + ": " + describe_refusal(flag, alone)};
  }
  std::string all;
  for (const std::string& flag : flags) all += (all.empty() ? "" : " ") + flag;
  return {Verdict::kRefused,
          all + ": refused together by SimGrid: " + describe_refusal(flags.back(), together)};
}

std::optional<int> stop_for_simgrid_flags(const std::vector<char*>& simgrid_argv) {
  const std::vector<std::string> flags(simgrid_argv.begin() + (simgrid_argv.empty() ? 0 : 1),
                                       simgrid_argv.end());
  const SimGridFlagsCheck check = check_simgrid_flags(flags);
  switch (check.verdict) {
    case SimGridFlagsCheck::Verdict::kAccepted:
      return std::nullopt;
    case SimGridFlagsCheck::Verdict::kHelpShown:
      std::cout << check.text << std::flush;
      return 0;
    case SimGridFlagsCheck::Verdict::kRefused:
      break;
  }
  std::cerr << check.text << "\n";
  return 2;
}

}  // namespace kds::front

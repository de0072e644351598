// The one place that includes SimGrid's S4U API. kds-sim needs little of it: one host to run the
// actors on, spawning an actor, the clock, sleeping until a date, and running to completion with a
// deadlock hook. Every sim/ file reaches SimGrid through this adapter.
#ifndef KDS_SIM_S4U_ADAPTER_HPP_
#define KDS_SIM_S4U_ADAPTER_HPP_

#include <functional>
#include <memory>
#include <string>

namespace kds::sim {

class SimEngine {
 public:
  // Passes SimGrid's own --cfg= / --log= flags through; removes them from argv. The process's
  // SIGINT handler stays in force (SimGrid's engine would install its own).
  SimEngine(int* argc, char** argv);
  ~SimEngine();
  SimEngine(const SimEngine&) = delete;
  SimEngine& operator=(const SimEngine&) = delete;

  void spawn(const std::string& name, std::function<void()> body);
  // Runs until every actor has returned. A deadlock (actors blocked forever) calls on_deadlock.
  void run(const std::function<void()>& on_deadlock);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Tries SimGrid's --cfg= and --log= flags in argc/argv as a run would use them: builds the
// engine with them, the one-host platform, and runs one actor that does nothing but sleep and
// yield; throws what SimGrid throws. A flag that only goes wrong once an actor runs (a stack too
// small for one, --cfg=contexts/stack-size:1) crashes the process here. For a child process that
// ends right after (tools/simgrid_flags.hpp): SimGrid allows one engine per process, and this one
// is never destroyed. Files the flags ask for (a trace, a log) land in the current folder.
void run_engine_to_check_flags(int* argc, char** argv);

// The simulated clock, in seconds.
double now_s();
// Blocks the calling actor until simulated time t_s. Returns at once if t_s is past or within
// 1e-9 s (SimGrid's numerical accuracy): callers take max(now_s(), t_s) as the time reached.
void sleep_until(double t_s);
// Lets the other actors due at the current time run first; the caller resumes after them, at the
// same simulated time.
void yield_to_other_actors();

}  // namespace kds::sim

#endif  // KDS_SIM_S4U_ADAPTER_HPP_

// Runs a validated scenario in simulated time and returns what happened. One call per process:
// SimGrid allows one engine per process.
#ifndef KDS_SIM_SIMULATION_HPP_
#define KDS_SIM_SIMULATION_HPP_

#include <functional>

#include "models/run_result.hpp"
#include "models/scenario.hpp"

namespace kds::sim {

// The actors one simulation can hold: SimGrid maps a stack for each (with a guard page), and Linux
// allows 65,530 mappings per process (vm.max_map_count); about 30,000 actors in, SimGrid aborts
// ("Failed to protect stack"). A run has one actor per polling worker, one per other consumer and
// the write path.
constexpr int kMaxActors = 20000;

// Called with the simulated time reached, once per write slice (cheap: compare and return).
using ProgressCallback = std::function<void(double simulated_s)>;

// argc/argv carry SimGrid's own --cfg= and --log= flags (consumed here).
// Returns false in `ok` if the simulation deadlocked (an internal error).
models::RunResult simulate(const models::Scenario& scenario, int* argc, char** argv, bool& ok,
                           const ProgressCallback& on_progress = nullptr);

}  // namespace kds::sim

#endif  // KDS_SIM_SIMULATION_HPP_

// The platform is a single host: kds-sim models service limits and latencies itself, so no
// SimGrid network or CPU model is involved; SimGrid provides the clock and the actors.
#include "sim/s4u_adapter.hpp"

#include <csignal>

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace kds::sim {

namespace {
// SimGrid's engine installs a Ctrl-C handler of its own (it prints every actor's status and exits
// 1). The program's handling of SIGINT (tools/interrupt.hpp) is restored as soon as the engine
// exists: the handler in force before the engine is the one in force during the run.
class KeepSigintHandler {
 public:
  KeepSigintHandler() { ::sigaction(SIGINT, nullptr, &saved_); }
  void restore() const { ::sigaction(SIGINT, &saved_, nullptr); }

 private:
  struct sigaction saved_ {};
};

// The platform: one host, in a zone of its own.
sg4::Host* create_platform() {
  sg4::NetZone* zone = sg4::create_full_zone("kinesis");
  sg4::Host* host = zone->create_host("kinesis-service", 1e9);
  zone->seal();
  return host;
}
}  // namespace

struct SimEngine::Impl {
  KeepSigintHandler sigint;  // constructed first: saves the handler before the engine replaces it
  sg4::Engine engine;
  sg4::Host* host = nullptr;
  Impl(int* argc, char** argv) : engine(argc, argv) { sigint.restore(); }
};

SimEngine::SimEngine(int* argc, char** argv) : impl_(std::make_unique<Impl>(argc, argv)) {
  impl_->host = create_platform();
}

SimEngine::~SimEngine() = default;

void SimEngine::spawn(const std::string& name, std::function<void()> body) {
  sg4::Actor::create(name, impl_->host, std::move(body));
}

void SimEngine::run(const std::function<void()>& on_deadlock) {
  sg4::Engine::on_deadlock_cb(on_deadlock);
  impl_->engine.run();
}

void run_engine_to_check_flags(int* argc, char** argv) {
  // Never destroyed: the probe's process ends with _exit() right after. The same steps as a run:
  // the engine, the platform, an actor that sleeps (a context switch each way) and yields.
  KeepSigintHandler sigint;
  auto* engine = new sg4::Engine(argc, argv);
  sigint.restore();
  sg4::Actor::create("flag-probe", create_platform(), [] {
    sg4::this_actor::sleep_for(1);
    sg4::this_actor::yield();
  });
  engine->run();
}

double now_s() {
  return sg4::Engine::get_clock();
}

void sleep_until(double t_s) {
  // Below SimGrid's numerical accuracy a sleep is a no-op that SimGrid would log about.
  if (t_s - sg4::Engine::get_clock() > 1e-9) sg4::this_actor::sleep_until(t_s);
}

void yield_to_other_actors() {
  sg4::this_actor::yield();
}

}  // namespace kds::sim

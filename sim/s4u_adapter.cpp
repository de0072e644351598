// The platform is a single host: kds-sim models service limits and latencies itself, so no
// SimGrid network or CPU model is involved; SimGrid provides the clock and the actors.
#include "sim/s4u_adapter.hpp"

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace kds::sim {

struct SimEngine::Impl {
  sg4::Engine engine;
  sg4::Host* host = nullptr;
  Impl(int* argc, char** argv) : engine(argc, argv) {}
};

SimEngine::SimEngine(int* argc, char** argv) : impl_(std::make_unique<Impl>(argc, argv)) {
  sg4::NetZone* zone = sg4::create_full_zone("kinesis");
  impl_->host = zone->create_host("kinesis-service", 1e9);
  zone->seal();
}

SimEngine::~SimEngine() = default;

void SimEngine::spawn(const std::string& name, std::function<void()> body) {
  sg4::Actor::create(name, impl_->host, std::move(body));
}

void SimEngine::run(const std::function<void()>& on_deadlock) {
  sg4::Engine::on_deadlock_cb(on_deadlock);
  impl_->engine.run();
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

// A one-line progress bar on stderr for long runs: simulated time reached, percentage, speed in
// simulated seconds per wall second and the estimated time left, redrawn in place with \r.
// It appears only after `delay_s` of wall time, so short runs print nothing; the caller decides
// whether to make one at all (a terminal, no --quiet).
#ifndef KDS_TOOLS_PROGRESS_BAR_HPP_
#define KDS_TOOLS_PROGRESS_BAR_HPP_

#include <chrono>
#include <cstdio>
#include <string>

namespace kds::front {

// Wall seconds before the bar first appears: the environment variable KDS_SIM_PROGRESS_AFTER_S
// when it holds a number >= 0 (tests set 0), otherwise 2.
double progress_delay_s();

// Not thread-safe; call from the thread that runs the simulation.
class ProgressBar {
 public:
  // REQUIRES: `out` stays open while the bar lives.
  ProgressBar(double total_s, std::FILE* out, double delay_s);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // The simulation reached simulated_s. Redraws at most 10 times per wall second; otherwise a
  // clock read and a compare.
  void update(double simulated_s);
  // Draws the completed bar and ends the line, if the bar was ever shown; then does nothing more.
  void finish();

  // The text of the bar (no \r, no newline) for a state.
  static std::string line(double simulated_s, double total_s, double wall_s);

 private:
  using Clock = std::chrono::steady_clock;
  void draw(double simulated_s, Clock::time_point now);

  double total_s_;
  std::FILE* out_;
  double delay_s_;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  bool shown_ = false;
  bool finished_ = false;
};

}  // namespace kds::front

#endif  // KDS_TOOLS_PROGRESS_BAR_HPP_

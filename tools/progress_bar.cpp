// The simulation calls update() once per write slice (86,400 times for a day of 1 s slices), so the
// fast path is a steady_clock read and two compares. Drawing is throttled to 10 Hz: a terminal
// redrawn more often flickers and costs more than it tells. The speed is the average since the
// start, which is steadier than an instantaneous rate; the ETA assumes it stays so. The line ends
// with ESC[K (erase to end of line) so a shorter redraw leaves no stale characters behind. While
// the line is open (drawn, not finished), a signal that stops the run ends it first
// (tools/interrupt.hpp).
#include "tools/progress_bar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "reports/chart_axis.hpp"
#include "tools/interrupt.hpp"

namespace kds::front {

namespace {
constexpr double kDefaultDelayS = 2.0;
constexpr double kRedrawEveryS = 0.1;
constexpr int kBarWidth = 24;

std::string wall_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long long s = std::llround(seconds);
  char text[32];
  if (s < 60) {
    std::snprintf(text, sizeof text, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, s % 3600 / 60);
  }
  return text;
}
}  // namespace

double progress_delay_s() {
  const char* text = std::getenv("KDS_SIM_PROGRESS_AFTER_S");
  if (text == nullptr || *text == '\0') return kDefaultDelayS;
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  return (*end == '\0' && std::isfinite(value) && value >= 0) ? value : kDefaultDelayS;
}

ProgressBar::ProgressBar(double total_s, std::FILE* out, double delay_s)
    : total_s_(total_s), out_(out), delay_s_(delay_s), start_(Clock::now()), last_draw_(start_) {}

void ProgressBar::update(double simulated_s) {
  if (finished_) return;
  const Clock::time_point now = Clock::now();
  const double since_start = std::chrono::duration<double>(now - start_).count();
  if (since_start < delay_s_) return;
  if (shown_ && std::chrono::duration<double>(now - last_draw_).count() < kRedrawEveryS) return;
  draw(simulated_s, now);
}

void ProgressBar::finish() {
  if (finished_) return;
  finished_ = true;
  if (!shown_) return;
  draw(total_s_, Clock::now());
  std::fputc('\n', out_);
  std::fflush(out_);
  note_open_line(-1);
}

void ProgressBar::draw(double simulated_s, Clock::time_point now) {
  const double wall_s = std::chrono::duration<double>(now - start_).count();
  std::fprintf(out_, "\r%s\x1b[K", line(simulated_s, total_s_, wall_s).c_str());
  std::fflush(out_);
  note_open_line(::fileno(out_));  // a Ctrl-C now ends this line before its message
  shown_ = true;
  last_draw_ = now;
}

std::string ProgressBar::line(double simulated_s, double total_s, double wall_s) {
  const double fraction = total_s > 0 ? std::clamp(simulated_s / total_s, 0.0, 1.0) : 1.0;
  const int filled = static_cast<int>(std::floor(fraction * kBarWidth));
  const std::string bar = std::string(filled, '#') + std::string(kBarWidth - filled, '.');
  const double rate = wall_s > 0 ? simulated_s / wall_s : 0.0;
  const std::string eta = rate > 0 ? wall_duration((total_s - simulated_s) / rate) : "?";
  char text[160];
  std::snprintf(text, sizeof text, "[%s] %5.1f %%  %s of %s simulated  %s sim-s/s  ETA %s",
                bar.c_str(), 100.0 * fraction, reports::format_duration_s(simulated_s).c_str(),
                reports::format_duration_s(total_s).c_str(),
                reports::format_value(reports::AxisUnit::kCount, rate).c_str(), eta.c_str());
  return text;
}

}  // namespace kds::front

// Each pattern has a closed-form integral, so records_between() is exact for every slice length:
// steps and traces are piecewise constant, a ramp is linear then flat, and the diurnal cosine
// integrates to a sine.
#include "models/rate_pattern.hpp"

#include <algorithm>
#include <cmath>

namespace kds::models {

namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

RatePattern::RatePattern(RateSpec spec) : spec_(std::move(spec)) {
  trace_prefix_.push_back(0);
  for (double rate : spec_.trace_per_s)
    trace_prefix_.push_back(trace_prefix_.back() + rate * spec_.trace_period_s);
}

double RatePattern::rate_at(double t_s) const {
  switch (spec_.kind) {
    case RateSpec::Kind::kConstant:
      return spec_.constant_per_s;
    case RateSpec::Kind::kSteps: {
      double rate = 0;
      for (const auto& [from_s, step_rate] : spec_.steps) {
        if (t_s >= from_s) rate = step_rate;
      }
      return rate;
    }
    case RateSpec::Kind::kRamp:
      if (t_s >= spec_.ramp_over_s) return spec_.ramp_to_per_s;
      return spec_.ramp_from_per_s +
             (spec_.ramp_to_per_s - spec_.ramp_from_per_s) * t_s / spec_.ramp_over_s;
    case RateSpec::Kind::kDiurnal:
      return spec_.diurnal_mean_per_s *
             (1 + spec_.diurnal_amplitude *
                      std::cos(2 * kPi * (t_s - spec_.diurnal_peak_at_s) / spec_.diurnal_period_s));
    case RateSpec::Kind::kTrace: {
      const auto index = static_cast<size_t>(std::max(0.0, t_s) / spec_.trace_period_s);
      return index < spec_.trace_per_s.size() ? spec_.trace_per_s[index] : 0.0;
    }
  }
  return 0;
}

double RatePattern::cumulative(double t_s) const {
  switch (spec_.kind) {
    case RateSpec::Kind::kConstant:
      return spec_.constant_per_s * t_s;
    case RateSpec::Kind::kSteps: {
      double total = 0;
      for (size_t i = 0; i < spec_.steps.size(); ++i) {
        const double from_s = spec_.steps[i].first;
        if (t_s <= from_s) break;
        const double to_s = (i + 1 < spec_.steps.size()) ? spec_.steps[i + 1].first : t_s;
        total += spec_.steps[i].second * (std::min(t_s, to_s) - from_s);
      }
      return total;
    }
    case RateSpec::Kind::kRamp: {
      const double ramp_t = std::min(t_s, spec_.ramp_over_s);
      const double slope = (spec_.ramp_to_per_s - spec_.ramp_from_per_s) / spec_.ramp_over_s;
      return spec_.ramp_from_per_s * ramp_t + 0.5 * slope * ramp_t * ramp_t +
             spec_.ramp_to_per_s * std::max(0.0, t_s - spec_.ramp_over_s);
    }
    case RateSpec::Kind::kDiurnal: {
      const double omega = 2 * kPi / spec_.diurnal_period_s;
      const double phase = spec_.diurnal_peak_at_s;
      return spec_.diurnal_mean_per_s *
             (t_s + spec_.diurnal_amplitude / omega *
                        (std::sin(omega * (t_s - phase)) - std::sin(omega * (0 - phase))));
    }
    case RateSpec::Kind::kTrace: {
      const double period = spec_.trace_period_s;
      const size_t index = static_cast<size_t>(std::max(0.0, t_s) / period);
      if (index >= spec_.trace_per_s.size()) return trace_prefix_.back();
      return trace_prefix_[index] +
             spec_.trace_per_s[index] * (t_s - period * static_cast<double>(index));
    }
  }
  return 0;
}

double RatePattern::records_between(double from_s, double to_s) const {
  if (spec_.kind == RateSpec::Kind::kConstant) return spec_.constant_per_s * (to_s - from_s);
  return std::max(0.0, cumulative(to_s) - cumulative(from_s));
}

double peak_rate_per_s(const RateSpec& rate) {
  switch (rate.kind) {
    case RateSpec::Kind::kConstant:
      return rate.constant_per_s;
    case RateSpec::Kind::kSteps: {
      double peak = 0;
      for (const auto& step : rate.steps) peak = std::max(peak, step.second);
      return peak;
    }
    case RateSpec::Kind::kRamp:
      return std::max(rate.ramp_from_per_s, rate.ramp_to_per_s);
    case RateSpec::Kind::kDiurnal:
      return rate.diurnal_mean_per_s * (1 + rate.diurnal_amplitude);
    case RateSpec::Kind::kTrace:
      break;
  }
  double peak = 0;
  for (double r : rate.trace_per_s) peak = std::max(peak, r);
  return peak;
}

void scale_rate(RateSpec& rate, double factor) {
  rate.constant_per_s *= factor;
  for (auto& step : rate.steps) step.second *= factor;
  rate.ramp_from_per_s *= factor;
  rate.ramp_to_per_s *= factor;
  rate.diurnal_mean_per_s *= factor;
  for (double& r : rate.trace_per_s) r *= factor;
}

}  // namespace kds::models

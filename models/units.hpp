// Units used throughout kds-sim. Inside the simulator time is seconds (double, SimGrid's clock
// unit), sizes are bytes, money is USD. Conversions happen only at the edges (loader in, writers
// out).
#ifndef KDS_MODELS_UNITS_HPP_
#define KDS_MODELS_UNITS_HPP_

namespace kds::models {

constexpr double kBytesPerKiB = 1024.0;
constexpr double kBytesPerMiB = 1024.0 * 1024.0;
// Billing "GB": AWS bills data in GB; we read it as 2^30 bytes (the price list does not say).
constexpr double kBytesPerBillingGB = 1024.0 * 1024.0 * 1024.0;
constexpr double kSecondsPerHour = 3600.0;
// Hours in a billing month, as AWS's calculator and the fact sheet's oracles (P4, P5, P7) use.
constexpr double kHoursPerMonth = 730.0;

}  // namespace kds::models

#endif  // KDS_MODELS_UNITS_HPP_

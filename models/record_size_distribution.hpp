// Data bytes per user record (SPEC §2 `record_bytes`): fixed, uniform or lognormal.
//
// The simulator never draws one size per record. It needs, per producer group: the mean and spread
// (to draw the bytes of n records at once), the share of records over the stream's maximum record
// size (rejected by the API), and per-record billing averages (PUT payload units, on-demand KB
// rounding), which depend on the whole distribution because each record is rounded up on its own.
// These come from a table of equally likely quantiles, computed once.
#ifndef KDS_MODELS_RECORD_SIZE_DISTRIBUTION_HPP_
#define KDS_MODELS_RECORD_SIZE_DISTRIBUTION_HPP_

#include <cstdint>
#include <random>
#include <vector>

#include "models/scenario.hpp"

namespace kds::models {

class RecordSizeDistribution {
 public:
  // key_bytes: mean partition key length, which counts toward the record size limit.
  // max_record_bytes: the stream's maximum record size (data + key).
  RecordSizeDistribution(const RecordSizeSpec& spec, double key_bytes, double max_record_bytes);

  // Of the records that fit the limit:
  double mean_data_bytes() const { return mean_; }
  double stddev_data_bytes() const { return stddev_; }
  // Share of records whose data + key exceed the maximum record size.
  double oversize_fraction() const { return oversize_fraction_; }
  // Mean over fitting records of ceil((data + key) / unit_bytes) * unit_bytes / unit_bytes.
  double mean_rounded_units(double unit_bytes) const;
  // Total data bytes of `records` fitting records: exact for a fixed size, else a normal draw
  // (central limit) kept within [records*min, records*max].
  double draw_total_bytes(int64_t records, std::mt19937_64& rng) const;

 private:
  bool fixed_ = false;
  double key_bytes_;
  double mean_ = 0, stddev_ = 0, min_ = 0, max_ = 0;
  double oversize_fraction_ = 0;
  std::vector<double> quantiles_;  // equally likely data sizes of the fitting records
};

}  // namespace kds::models

#endif  // KDS_MODELS_RECORD_SIZE_DISTRIBUTION_HPP_

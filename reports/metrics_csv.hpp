// metrics.csv (SPEC §3): tidy rows `time_s,metric,dimension,value`, one per value. Sums are per
// period; ages are the period maximum, as CloudWatch shows them. Rows are ordered by period, then
// stream, consumers and shards, so the file is byte-identical for the same run.
#ifndef KDS_REPORTS_METRICS_CSV_HPP_
#define KDS_REPORTS_METRICS_CSV_HPP_

#include <string>

#include "models/run_result.hpp"

namespace kds::reports {

std::string metrics_csv(const models::RunResult& run);

}  // namespace kds::reports

#endif  // KDS_REPORTS_METRICS_CSV_HPP_

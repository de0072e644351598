// One row of a sweep's results per case and seed (SPEC §4 "sweep and merge"):
//   case,seed,<one column per pointer the sweep sets>,write_throttle_ratio,lost_records,
//   max_iterator_age_ms:<consumer>...,provisioned_monthly_usd,on_demand_monthly_usd,slo_met,
//   <the collect pointers>,status
// Values are copied from the run's summary.json as its JSON text (already rounded there), so a row
// is byte-identical whichever process or task wrote it. `status` (an extension) is "ok" or why the
// run failed ("exit 1", "signal 9", "timeout after 60 s"); a failed run's figures are empty.
#ifndef KDS_SWEEP_SWEEP_RESULTS_HPP_
#define KDS_SWEEP_SWEEP_RESULTS_HPP_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sweep/sweep_file.hpp"

namespace kds::sweep {

using CsvRow = std::vector<std::string>;

CsvRow results_header(const SweepFile& sweep);

// The row of one run; `summary` is its summary.json (ignored unless status is "ok").
CsvRow results_row(const SweepFile& sweep, const SweepCase& c, uint64_t seed,
                   const std::string& status, const nlohmann::json& summary);

// RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled; lines end "\n".
std::string csv_text(const std::vector<CsvRow>& rows);
// The inverse of csv_text; false (and `error` saying where) on malformed text.
bool parse_csv(const std::string& text, std::vector<CsvRow>& rows, std::string& error);

}  // namespace kds::sweep

#endif  // KDS_SWEEP_SWEEP_RESULTS_HPP_

// A finished run read back from its folder: summary.json (the headline numbers) and metrics.csv
// (the per-period series), the files SPEC §3 defines, not the engine. `kds-sim compare` reads
// runs this way, so it works on folders from earlier runs and other machines.
#ifndef KDS_REPORTS_RUN_FOLDER_HPP_
#define KDS_REPORTS_RUN_FOLDER_HPP_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kds::reports {

struct ConsumerSummary {
  std::string name;
  std::string type;  // polling, efo, lambda
  int64_t records_processed = 0;
  int64_t read_throttled_calls = 0;
  int64_t lost_records = 0;
  double iterator_age_max_ms = 0;
  double iterator_age_p99_ms = 0;
  double propagation_delay_p99_ms = 0;
  double propagation_delay_max_ms = -1;  // -1: a summary.json from before the field existed
};

// An alarm's history in brief (summary.json alarms[]).
struct AlarmSummary {
  std::string name;
  std::optional<double> first_alarm_s;  // never in ALARM: nullopt
  double seconds_in_alarm = 0;
};

// The part of summary.json the comparison shows.
struct RunSummary {
  std::string scenario;
  uint64_t seed = 0;
  double duration_s = 0;
  std::string mode;
  int shards_initial = 0;
  int shards_final = 0;
  int64_t incoming_records = 0;
  int64_t write_throttled_records = 0;
  double write_throttle_ratio = 0;
  int64_t producer_dropped_records = 0;
  std::vector<ConsumerSummary> consumers;
  std::string region;
  double provisioned_total_usd = 0;
  double provisioned_monthly_usd = 0;
  double on_demand_total_usd = 0;
  double on_demand_monthly_usd = 0;
  bool slo_met = true;
  std::vector<std::string> slo_violations;  // "max_iterator_age (app): 75 > 30"
  std::vector<AlarmSummary> alarms;  // empty for a summary.json from before alarms existed
  int scaling_actions_applied = 0;   // stream.scaling_actions with outcome "applied"
  int scaling_actions_refused = 0;
};

struct RunFolder {
  std::string path;  // as given
  RunSummary summary;
  std::vector<double> time_s;  // every period start found in metrics.csv, ascending
  double interval_s = 60;      // the metrics period (the step of time_s)
  // (metric, dimension) -> one value per entry of time_s; NaN where the file has no row
  // (CloudWatch has no datapoint, e.g. a consumer's IteratorAge in a period without a served call).
  std::map<std::pair<std::string, std::string>, std::vector<double>> metrics;

  // The series, or nullptr if metrics.csv has no row for it.
  const std::vector<double>* series(const std::string& metric, const std::string& dimension) const;
};

struct RunFolderRead {
  std::optional<RunFolder> folder;
  std::string error;  // set when folder is empty: names the file and the problem
};

[[nodiscard]] RunFolderRead read_run_folder(const std::string& path);

// A consumer's IteratorAge series (milliseconds, the period maximum), from the metric its type
// publishes: GetRecords.IteratorAgeMilliseconds (polling), SubscribeToShardEvent.MillisBehindLatest
// (EFO) or IteratorAge (Lambda), dimension "consumer:<name>". nullptr if metrics.csv has none.
const std::vector<double>* consumer_iterator_age(const RunFolder& run, const std::string& consumer);

// Parsers of the two files' text, for read_run_folder and for tests. `file` names the source in
// error messages. Return an error message, or "" on success.
[[nodiscard]] std::string parse_summary_json(const std::string& text, const std::string& file,
                                             RunSummary& out);
[[nodiscard]] std::string parse_metrics_csv(const std::string& text, const std::string& file,
                                            RunFolder& out);

}  // namespace kds::reports

#endif  // KDS_REPORTS_RUN_FOLDER_HPP_

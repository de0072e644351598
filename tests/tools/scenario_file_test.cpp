// Loading scenario files (SPEC §1, §2): reading and parsing errors, --set overrides, --seed, and
// rate traces read from CloudWatch CSV exports next to the scenario file.
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/scenario_test_support.hpp"
#include "tools/cloudwatch_csv.hpp"
#include "tools/scenario_loader.hpp"

namespace kds::front {
namespace {

using nlohmann::json;
using testing::describe;
using testing::minimal_scenario;
using testing::TempDir;
using testing::with;

// Writes `doc` as scenario.json in `dir` and loads it with `sets`.
LoadResult load_written(const TempDir& dir, const json& doc,
                        const std::vector<std::string>& sets = {},
                        std::optional<uint64_t> seed = std::nullopt) {
  return load_scenario_file(dir.write("scenario.json", doc.dump(2)), sets, seed);
}

models::Scenario require_scenario(const LoadResult& result) {
  BOOST_REQUIRE_MESSAGE(result.errors.empty(), "unexpected errors:" + describe(result.errors));
  return *result.scenario;
}

BOOST_AUTO_TEST_SUITE(scenario_file)

BOOST_AUTO_TEST_CASE(reports_a_missing_file_at_the_document_root) {
  const LoadResult result = load_scenario_file("/nonexistent/kds/scenario.json", {}, {});
  BOOST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].where == "");
  BOOST_TEST(result.errors[0].rule ==
             "cannot read scenario file '/nonexistent/kds/scenario.json': No such file or "
             "directory");
}

BOOST_AUTO_TEST_CASE(reports_a_json_syntax_error_with_its_line) {
  TempDir dir;
  const std::string path =
      dir.write("broken.json", "{\n  \"name\": \"x\",\n  \"duration\": 5,\n}\n");
  const LoadResult result = load_scenario_file(path, {}, {});
  BOOST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].where == "");
  BOOST_TEST(result.errors[0].rule.find("is not valid JSON: parse error at line 4, column 1") !=
             std::string::npos);
}

// Found by tools/fuzz: the scenario {"duration": 1e400} threw nlohmann's out_of_range.406 past
// the loader, so `kds-sim check` said "internal error" (exit 1) instead of naming the problem.
BOOST_AUTO_TEST_CASE(reports_a_number_too_large_for_a_double_as_invalid_json) {
  TempDir dir;
  const std::string path = dir.write("huge.json", "{\"name\": \"x\", \"duration\": 1e400}");
  const LoadResult result = load_scenario_file(path, {}, {});
  BOOST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].where == "");
  BOOST_TEST(result.errors[0].rule ==
             "'" + path + "' is not valid JSON: number overflow parsing '1e400'");
}

BOOST_AUTO_TEST_CASE(sets_base_dir_to_the_folder_of_the_file) {
  TempDir dir;
  BOOST_TEST(require_scenario(load_written(dir, minimal_scenario())).base_dir ==
             dir.path().string());
}

BOOST_AUTO_TEST_CASE(the_seed_override_replaces_the_scenario_seed) {
  TempDir dir;
  const json doc = with(minimal_scenario(), "/seed", 42);
  BOOST_TEST(require_scenario(load_written(dir, doc)).seed == 42u);
  BOOST_TEST(require_scenario(load_written(dir, doc, {}, 7)).seed == 7u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(set_overrides)

BOOST_AUTO_TEST_CASE(a_number_value_is_parsed_as_json) {
  TempDir dir;
  const models::Scenario s =
      require_scenario(load_written(dir, minimal_scenario(), {"/stream/shards=8"}));
  BOOST_TEST(s.shards == 8);
}

BOOST_AUTO_TEST_CASE(a_value_that_is_not_json_is_taken_as_a_string) {
  TempDir dir;
  const models::Scenario s =
      require_scenario(load_written(dir, minimal_scenario(), {"/duration=2h", "/name=other"}));
  BOOST_TEST(s.duration_s == 7200.0);
  BOOST_TEST(s.name == "other");
}

BOOST_AUTO_TEST_CASE(a_nested_value_and_a_new_leaf_key_can_be_set) {
  TempDir dir;
  const models::Scenario s =
      require_scenario(load_written(dir, minimal_scenario(),
                                    {"/producers/0/keys={\"uniform\": 50}",
                                     "/consumers/0/workers=3", "/stream/retention_hours=48"}));
  BOOST_TEST((s.producers[0].keys.kind == models::KeySpec::Kind::kUniform));
  BOOST_TEST(s.producers[0].keys.count == 50);
  BOOST_TEST(s.consumers[0].workers == 3);
  BOOST_TEST(s.retention_hours == 48.0);
}

BOOST_AUTO_TEST_CASE(an_override_is_validated_like_the_file) {
  TempDir dir;
  const LoadResult result = load_written(dir, minimal_scenario(), {"/consumers/0/workers=0"});
  BOOST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(to_string(result.errors[0]) ==
             "/consumers/0/workers: must be 1..10000 (a worker holds at least one lease and a "
             "stream has at most 10,000 shards, fact sheet §5), got 0");
}

BOOST_AUTO_TEST_CASE(an_override_under_a_missing_parent_is_named_in_the_error) {
  TempDir dir;
  const LoadResult result = load_written(dir, minimal_scenario(), {"/slo/max_lost_records=0"});
  BOOST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].where == "/slo/max_lost_records");
  BOOST_TEST(result.errors[0].rule ==
             "bad --set \"/slo/max_lost_records=0\": /slo does not exist (only the last key may "
             "be new)");
}

BOOST_AUTO_TEST_CASE(an_override_without_an_equals_sign_is_refused) {
  TempDir dir;
  const LoadResult result = load_written(dir, minimal_scenario(), {"stream.shards"});
  BOOST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(to_string(result.errors[0]) ==
             "bad --set \"stream.shards\": expected PTR=VALUE, e.g. /stream/shards=8");
}

// Found by tools/fuzz: `--set /name=oth\x96r` (not UTF-8) made describe_value's dump() throw
// nlohmann's type_error.316 past the loader ("internal error"); a --set /description so spelled
// would have passed and thrown only when summary.json was written, after the run.
BOOST_AUTO_TEST_CASE(an_override_that_is_not_utf8_is_refused) {
  TempDir dir;
  const LoadResult result = load_written(dir, minimal_scenario(), {"/name=oth\x96r"});
  BOOST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(to_string(result.errors[0]) == "bad --set \"/name=oth\x96r\": must be UTF-8 text");
}

BOOST_AUTO_TEST_CASE(an_override_past_the_end_of_an_array_is_refused) {
  TempDir dir;
  const LoadResult result = load_written(dir, minimal_scenario(), {"/producers/1=3"});
  BOOST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(to_string(result.errors[0]) ==
             "/producers/1: bad --set \"/producers/1=3\": no element 1 in /producers, which has "
             "1 elements");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cloudwatch_trace)

json with_trace(const std::string& column, const std::string& period = "60s") {
  return with(minimal_scenario(), "/producers/0/rate",
              {{"trace", {{"csv", "incoming.csv"}, {"column", column}, {"period", period}}}});
}

// A CloudWatch-style export: 60 one-minute Sums (one hour), the i-th row being 6000 * (i + 1).
std::string hour_of_sums() {
  std::string csv = "Timestamp,\"IncomingRecords\",Unit\n";
  for (int i = 0; i < 60; ++i) {
    csv += "2024-01-01T00:" + std::to_string(10 + i % 50) + ":00Z," +
           std::to_string(6000 * (i + 1)) + ",Count\n";
  }
  return csv;
}

BOOST_AUTO_TEST_CASE(turns_each_period_sum_into_a_rate) {
  TempDir dir;
  dir.write("incoming.csv", hour_of_sums());
  const models::RateSpec rate =
      require_scenario(load_written(dir, with_trace("IncomingRecords"))).producers[0].rate;
  BOOST_TEST((rate.kind == models::RateSpec::Kind::kTrace));
  BOOST_REQUIRE(rate.trace_per_s.size() == 60u);
  BOOST_TEST(rate.trace_per_s[0] == 100.0);
  BOOST_TEST(rate.trace_per_s[59] == 6000.0);
  BOOST_TEST(rate.trace_period_s == 60.0);
}

BOOST_AUTO_TEST_CASE(lists_the_available_columns_when_the_column_is_missing) {
  TempDir dir;
  dir.write("incoming.csv", hour_of_sums());
  const LoadResult result = load_written(dir, with_trace("Sum"));
  BOOST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].where == "/producers/0/rate/trace/column");
  BOOST_TEST(result.errors[0].rule.find("no column 'Sum'") != std::string::npos);
  BOOST_TEST(result.errors[0].rule.find(
                 "available columns: 'Timestamp', 'IncomingRecords', 'Unit'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_a_trace_shorter_than_the_run_naming_both_lengths) {
  TempDir dir;
  dir.write("incoming.csv", hour_of_sums());
  const LoadResult result =
      load_written(dir, with(with_trace("IncomingRecords"), "/duration", "2h"));
  BOOST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(to_string(result.errors[0]) ==
             "/producers/0/rate/trace: covers 1h (60 rows of 60s) but the scenario duration is "
             "2h");
}

BOOST_AUTO_TEST_CASE(reports_bad_cells_with_their_csv_line_numbers) {
  TempDir dir;
  dir.write("incoming.csv", "Timestamp,Sum\nt0,100\nt1,\nt2,lots\nt3,-5\n");
  const LoadResult result = load_written(dir, with(with_trace("Sum"), "/duration", "60s"));
  BOOST_REQUIRE_MESSAGE(result.errors.size() == 3u, describe(result.errors));
  BOOST_TEST(to_string(result.errors[0]) ==
             "/producers/0/rate/trace/csv: line 3: empty cell in column 'Sum'");
  BOOST_TEST(to_string(result.errors[1]) ==
             "/producers/0/rate/trace/csv: line 4: not a number in column 'Sum': 'lots'");
  BOOST_TEST(to_string(result.errors[2]) ==
             "/producers/0/rate/trace/csv: line 5: negative Sum in column 'Sum': -5");
}

// Found while writing tools/fuzz (its check that an accepted trace has finite rates): a Sum of
// 1e300 over a period of 1e-10 s loaded as an infinite rate.
BOOST_AUTO_TEST_CASE(refuses_a_period_whose_sum_is_beyond_the_simulator_limit) {
  TempDir dir;
  dir.write("incoming.csv", "Sum\n1e300\n");
  const LoadResult result = load_written(dir, with(with_trace("Sum", "1ms"), "/duration", 0.001));
  BOOST_REQUIRE_MESSAGE(result.errors.size() == 1u, describe(result.errors));
  BOOST_TEST(to_string(result.errors[0]) ==
             "/producers/0/rate/trace: every period's Sum / period must be 0..1000000000000 "
             "(simulator limit), got a Sum of 1e+300 over 1ms");
}

BOOST_AUTO_TEST_CASE(reports_an_unreadable_trace_file) {
  TempDir dir;
  const LoadResult result = load_written(dir, with_trace("Sum"));
  BOOST_REQUIRE(result.errors.size() == 1u);
  BOOST_TEST(result.errors[0].where == "/producers/0/rate/trace/csv");
  BOOST_TEST(result.errors[0].rule.find("cannot read '") == 0u);
}

BOOST_AUTO_TEST_CASE(caps_the_list_of_bad_cells) {
  TempDir dir;
  std::string csv = "Sum\n";
  for (int i = 0; i < 15; ++i) csv += "x\n";
  const CloudWatchColumn column = read_cloudwatch_column(dir.write("bad.csv", csv), "Sum", 10);
  BOOST_REQUIRE(column.cell_errors.size() == 11u);
  BOOST_TEST(column.cell_errors.back() == "... and 5 more bad cells");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kds::front

// The whole-pipeline bill (issue 16) of scenarios/examples/pipeline.json, checked to the cent by
// hand arithmetic: each item's quantity comes from the run's own counters in summary.json, each
// unit price from pricing/us-east-1.json, and the items add up to the total.
#include <cmath>
#include <filesystem>
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/cli_test_support.hpp"

namespace fs = std::filesystem;
using kds::testing::fresh_dir;
using kds::testing::kds_sim;
using kds::testing::read_text;
using kds::testing::scenario;
using nlohmann::json;

namespace {
const json& item(const json& pipeline, const std::string& component, const std::string& what) {
  for (const json& i : pipeline["items"])
    if (i["component"] == component && i["what"] == what) return i;
  BOOST_FAIL("no item " + component + " / " + what);
  return pipeline;
}

// usd of an item against quantity x price, to the cent.
void check_cents(const json& i, double quantity, double unit_usd) {
  BOOST_TEST_INFO(i.dump());
  BOOST_TEST(std::fabs(i["quantity"].get<double>() - quantity) <= 1e-6 * std::max(1.0, quantity));
  BOOST_TEST(std::fabs(i["usd"].get<double>() - quantity * unit_usd) < 0.005);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(pipeline_cli)

BOOST_AUTO_TEST_CASE(the_pipeline_example_is_billed_to_the_cent) {
  const fs::path dir = fresh_dir("pipeline");
  BOOST_REQUIRE_EQUAL(
      kds_sim("run " + scenario("examples/pipeline.json") + " --quiet -o " + (dir / "r").string(),
              dir)
          .exit_code,
      0);
  const json s = json::parse(read_text(dir / "r" / "summary.json"));
  const json prices =
      json::parse(read_text(fs::path(KDS_SOURCE_DIR) / "pricing" / "us-east-1.json"));
  const json& p = s["cost"]["pipeline"];
  const json& kcl = s["consumers"][0];
  const json& firehose = s["consumers"][1];
  const json& fn = s["consumers"][2];
  const double hours = s["duration_s"].get<double>() / 3600;
  const double gib = 1024.0 * 1024 * 1024;

  check_cents(item(p, "stream", "Kinesis Data Streams as billed"), 1,
              s["cost"]["billed"]["total_usd"].get<double>());
  // The lease table: 10 WCU and 10 RCU provisioned for the hour.
  check_cents(item(p, "fulfilment", "lease table write capacity"), 10 * hours,
              prices["dynamodb_wcu_hour"]);
  check_cents(item(p, "fulfilment", "lease table read capacity"), 10 * hours,
              prices["dynamodb_rcu_hour"]);
  BOOST_TEST(kcl["lease_table"]["throttled_writes"] == 0);
  // Firehose: every record received billed as 5 KB (1,000-byte orders).
  const double received = firehose["firehose"]["delivered_records"].get<double>() +
                          firehose["firehose"]["buffered_records_at_end"].get<double>();
  BOOST_TEST(received == firehose["records_processed"].get<double>());
  check_cents(item(p, "archive", "Firehose ingestion"), received * 5120 / gib,
              prices["firehose_ingest_gb"]);
  // The Lambda on Arm, 256 MB: requests and GB-seconds from its invocations.
  check_cents(item(p, "notify", "Lambda requests"), fn["lambda"]["invocations"].get<double>(),
              prices["lambda_request_per_million"].get<double>() / 1e6);
  check_cents(item(p, "notify", "Lambda duration"),
              fn["lambda"]["billed_duration_s"].get<double>() * 256 / 1024,
              prices["lambda_gb_second_arm"]);
  // SQS FIFO: batches of 10 orders of 1 KB, one request each.
  BOOST_TEST(fn["output"]["calls"].get<double>() * 10 >= fn["output"]["messages"].get<double>());
  check_cents(item(p, "notify", "SQS FIFO requests"), fn["output"]["calls"].get<double>(),
              prices["sqs_fifo_request_per_million"].get<double>() / 1e6);
  double total = 0;
  for (const json& i : p["items"]) total += i["usd"].get<double>();
  BOOST_TEST(std::fabs(total - p["total_usd"].get<double>()) < 0.005);
  BOOST_TEST(std::fabs(p["monthly_usd"].get<double>() - p["total_usd"].get<double>() / hours * 730) <
             0.01);
  // report.html shows the bill.
  BOOST_TEST(read_text(dir / "r" / "report.html").find("<h2>Whole pipeline</h2>") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

// Unit prices (SPEC §2 pricing): the region's table shipped in pricing/<region>.json (embedded at
// build time, see price_files.hpp), then any unit price overridden by its PriceTable field name.
// Prices are data with a date, not code, so that a new price list is a new file, not a release.
#include <algorithm>

#include "tools/price_files.hpp"
#include "tools/scenario_sections.hpp"

namespace kds::front {
namespace models = kds::models;
namespace {

constexpr const char* kDefaultRegion = "us-east-1";

struct PriceField {
  const char* name;
  double models::PriceTable::*field;
  bool is_size = false;  // a size in bytes that costs are divided by: must be > 0, not just >= 0
};

// Every numeric PriceTable field, by the name used in the price files and in overrides.
const std::vector<PriceField>& price_fields() {
  static const std::vector<PriceField> fields = {
      {"shard_hour", &models::PriceTable::shard_hour},
      {"put_payload_unit_per_million", &models::PriceTable::put_payload_unit_per_million},
      {"extended_retention_shard_hour", &models::PriceTable::extended_retention_shard_hour},
      {"long_term_retention_gb_month", &models::PriceTable::long_term_retention_gb_month},
      {"efo_consumer_shard_hour", &models::PriceTable::efo_consumer_shard_hour},
      {"efo_data_gb", &models::PriceTable::efo_data_gb},
      {"on_demand_stream_hour", &models::PriceTable::on_demand_stream_hour},
      {"on_demand_data_in_gb", &models::PriceTable::on_demand_data_in_gb},
      {"on_demand_data_out_gb", &models::PriceTable::on_demand_data_out_gb},
      {"on_demand_efo_data_gb", &models::PriceTable::on_demand_efo_data_gb},
      {"on_demand_extended_retention_gb_month",
       &models::PriceTable::on_demand_extended_retention_gb_month},
      {"advantage_data_in_gb", &models::PriceTable::advantage_data_in_gb},
      {"advantage_data_out_gb", &models::PriceTable::advantage_data_out_gb},
      {"advantage_efo_data_gb", &models::PriceTable::advantage_efo_data_gb},
      {"advantage_extended_retention_gb_month",
       &models::PriceTable::advantage_extended_retention_gb_month},
      {"advantage_minimum_commitment_mib_per_s",
       &models::PriceTable::advantage_minimum_commitment_mib_per_s},
      {"lambda_request_per_million", &models::PriceTable::lambda_request_per_million},
      {"lambda_gb_second_x86", &models::PriceTable::lambda_gb_second_x86},
      {"lambda_gb_second_arm", &models::PriceTable::lambda_gb_second_arm},
      {"firehose_ingest_gb", &models::PriceTable::firehose_ingest_gb},
      {"firehose_record_rounding_bytes", &models::PriceTable::firehose_record_rounding_bytes,
       true},
      {"sqs_standard_request_per_million",
       &models::PriceTable::sqs_standard_request_per_million},
      {"sqs_fifo_request_per_million", &models::PriceTable::sqs_fifo_request_per_million},
      {"sqs_request_chunk_bytes", &models::PriceTable::sqs_request_chunk_bytes, true},
      {"sns_publish_per_million", &models::PriceTable::sns_publish_per_million},
      {"s3_put_per_thousand", &models::PriceTable::s3_put_per_thousand},
      {"eventbridge_event_per_million", &models::PriceTable::eventbridge_event_per_million},
      {"dynamodb_write_request_per_million",
       &models::PriceTable::dynamodb_write_request_per_million},
      {"dynamodb_read_request_per_million", &models::PriceTable::dynamodb_read_request_per_million},
      {"dynamodb_wcu_hour", &models::PriceTable::dynamodb_wcu_hour},
      {"dynamodb_rcu_hour", &models::PriceTable::dynamodb_rcu_hour},
      {"eventbridge_event_chunk_bytes", &models::PriceTable::eventbridge_event_chunk_bytes, true},
      {"put_payload_unit_bytes", &models::PriceTable::put_payload_unit_bytes, true},
      {"on_demand_data_in_rounding_bytes", &models::PriceTable::on_demand_data_in_rounding_bytes,
       true},
  };
  return fields;
}

// Fills `prices` from a shipped price file. A malformed shipped file is a packaging bug, but it is
// reported like bad input (at /pricing/region) rather than crashing `kds-sim check`.
void load_price_file(const std::string& region, const std::string& text, const Pointer& at,
                     models::PriceTable& prices, Problems& problems) {
  const nlohmann::json file = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  const std::string where = "shipped price file pricing/" + region + ".json";
  if (!file.is_object()) {
    problems.add(at, where + " is not a JSON object");
    return;
  }
  prices.region = region;
  if (file.contains("prices_date") && file["prices_date"].is_string()) {
    prices.prices_date = file["prices_date"].get<std::string>();
  }
  if (file.contains("advantage_prices_date") && file["advantage_prices_date"].is_string()) {
    prices.advantage_prices_date = file["advantage_prices_date"].get<std::string>();
  }
  if (file.contains("pipeline_prices_date") && file["pipeline_prices_date"].is_string()) {
    prices.pipeline_prices_date = file["pipeline_prices_date"].get<std::string>();
  }
  for (const PriceField& f : price_fields()) {
    const auto it = file.find(f.name);
    const Bounds bounds = f.is_size ? Bounds::above(0) : Bounds::at_least(0);
    if (it == file.end() || !it->is_number() || !bounds.contains(it->get<double>())) {
      problems.add(at, where + " lacks a number " + bounds.describe(false) + " for " + f.name);
    } else {
      prices.*f.field = it->get<double>();
    }
  }
}

}  // namespace

void load_pricing(const nlohmann::json* value, const Pointer& at, models::PriceTable& prices,
                  Problems& problems) {
  const auto& files = shipped_price_files();
  if (!value) {
    const auto it = files.find(kDefaultRegion);
    if (it != files.end()) load_price_file(it->first, it->second, at / "region", prices, problems);
    return;
  }
  if (!expect_object(*value, at, problems)) return;
  ObjectReader r(*value, at, problems);
  const std::string region = r.string("region").value_or(kDefaultRegion);
  const auto it = files.find(region);
  if (it == files.end()) {
    std::vector<std::string> known;
    std::string list;
    for (const auto& file : files) {
      known.push_back(file.first);
      list += (list.empty() ? "" : ", ") + file.first;
    }
    std::string rule = "unknown region \"" + region + "\"; known regions: " + list;
    if (auto match = closest_match(region, known)) rule += "; did you mean \"" + *match + "\"?";
    problems.add(r.at("region"), rule);
  } else {
    load_price_file(it->first, it->second, r.at("region"), prices, problems);
  }
  // Overrides replace the table's value whatever the region, so they are read in either case.
  for (const PriceField& f : price_fields()) {
    assign(prices.*f.field, r.number(f.name, f.is_size ? Bounds::above(0) : Bounds::at_least(0)));
  }
  r.finish();
}

}  // namespace kds::front

#include "plan/plan_candidate.hpp"

#include <algorithm>
#include <cmath>

#include "models/limits.hpp"
#include "models/partition_key_distribution.hpp"
#include "models/rate_pattern.hpp"
#include "models/record_size_distribution.hpp"
#include "models/units.hpp"
#include "tools/scenario_loader.hpp"

namespace kds::plan {

namespace {
using Json = nlohmann::json;

const char* mode_id(models::PlanMode mode) {
  switch (mode) {
    case models::PlanMode::kOnDemand:
      return "on-demand";
    case models::PlanMode::kOnDemandAdvantage:
      return "on-demand-advantage";
    case models::PlanMode::kProvisioned:
      break;
  }
  return "provisioned";
}

void erase_key(Json& object, const std::string& key) {
  if (object.is_object()) object.erase(key);
}
}  // namespace

std::string candidate_id(const Candidate& c) {
  std::string id = mode_id(c.mode);
  if (c.mode == models::PlanMode::kProvisioned) id += "-" + std::to_string(c.shards);
  for (const ConsumerChoice& choice : c.consumers) {
    id += "-" + choice.name;
    if (!choice.type.empty()) id += "-" + choice.type;
    if (choice.parallelization_factor > 0)
      id += "-pf" + std::to_string(choice.parallelization_factor);
    if (choice.batch_size > 0) id += "-b" + std::to_string(choice.batch_size);
  }
  return id;
}

std::string candidate_label(const Candidate& c) {
  std::string label = models::plan_mode_name(c.mode);
  if (c.mode == models::PlanMode::kProvisioned)
    label += " " + std::to_string(c.shards) + (c.shards == 1 ? " shard" : " shards");
  for (const ConsumerChoice& choice : c.consumers) {
    label += "; " + choice.name;
    std::string sep = " ";
    if (!choice.type.empty()) label += sep + choice.type, sep = ", ";
    if (choice.parallelization_factor > 0)
      label += sep + "PF " + std::to_string(choice.parallelization_factor), sep = ", ";
    if (choice.batch_size > 0) label += sep + "batch " + std::to_string(choice.batch_size);
  }
  return label;
}

ProducerPeak producer_peak(const models::Scenario& scenario, const models::ProducerSpec& p) {
  const models::PartitionKeyDistribution keys(p.keys, scenario.service.random_key_bytes);
  const models::RecordSizeDistribution sizes(p.record_bytes, keys.mean_key_bytes(),
                                             scenario.max_record_size_kib * models::kBytesPerKiB);
  return {models::peak_rate_per_s(p.rate), sizes.mean_data_bytes(), keys.mean_key_bytes(),
          keys.max_key_share()};
}

double peak_write_mib_per_s(const models::Scenario& scenario) {
  double bytes_per_s = 0;
  for (const models::ProducerSpec& p : scenario.producers) {
    const ProducerPeak peak = producer_peak(scenario, p);
    bytes_per_s += peak.records_per_s * (peak.data_bytes + peak.key_bytes);
  }
  return bytes_per_s / models::kBytesPerMiB;
}

Json candidate_document(const Json& base, const models::Scenario& scenario, const Candidate& c) {
  Json doc = base;
  erase_key(doc, "plan");
  Json& stream = doc["stream"];
  stream["mode"] = models::plan_mode_name(c.mode);
  if (c.mode == models::PlanMode::kProvisioned) {
    stream["shards"] = c.shards;
    erase_key(stream, "on_demand");
    erase_key(stream, "warm_throughput_mib_per_s");
  } else {
    erase_key(stream, "shards");
    if (c.mode != models::PlanMode::kOnDemandAdvantage)
      erase_key(stream, "warm_throughput_mib_per_s");
    // A stream that has carried the workload before remembers its peak (fact sheet §4, T9): the
    // plan sizes a running stream, not its first day, unless the scenario says otherwise.
    const double multiple = c.established_at_multiple ? c.rate_multiple : 1.0;
    double peak = scenario.previous_peak_mib_per_s.value_or(peak_write_mib_per_s(scenario));
    peak = std::min(peak * multiple, models::kOnDemandMaxWriteMiBPerSLargeRegions);
    if (peak > 0) stream["on_demand"]["previous_peak_mib_per_s"] = peak;
  }
  // consumers and producers are optional keys: never create them (operator[] would insert null).
  for (const ConsumerChoice& choice : c.consumers) {
    if (!doc.contains("consumers")) break;
    for (Json& consumer : doc["consumers"]) {
      if (consumer.value("name", "") != choice.name) continue;
      const bool lambda = consumer.value("type", "polling") == "lambda";
      if (!choice.type.empty()) {
        if (lambda) {
          consumer["use_efo"] = choice.type == "efo";
        } else {
          consumer["type"] = choice.type;
          if (choice.type != "polling")
            for (const std::string& key : front::polling_consumer_keys()) erase_key(consumer, key);
        }
      }
      if (choice.parallelization_factor > 0)
        consumer["parallelization_factor"] = choice.parallelization_factor;
      if (choice.batch_size > 0) consumer["batch_size"] = choice.batch_size;
    }
  }
  if (c.rate_multiple != 1.0 && doc.contains("producers")) {
    for (Json& producer : doc["producers"])
      producer["rate_scale"] = producer.value("rate_scale", 1.0) * c.rate_multiple;
  }
  return doc;
}

}  // namespace kds::plan

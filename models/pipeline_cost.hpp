// The whole pipeline's bill (SPEC §4 cost.pipeline, issue 16): the stream as billed, plus what
// its consumers cost around it: Lambda requests and GB-seconds (memory and architecture per
// function), Firehose ingestion (records rounded up to 5 KB) and its transformation Lambda, and
// the on-failure destinations. Prices are the price file's (pipeline.md §3); free tiers are not
// deducted (they are per account, not per pipeline).
#ifndef KDS_MODELS_PIPELINE_COST_HPP_
#define KDS_MODELS_PIPELINE_COST_HPP_

#include <string>
#include <vector>

#include "models/mode_costs.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"

namespace kds::models {

// One line of the bill: `quantity` units of `unit` at `unit_usd` each.
struct PipelineItem {
  std::string component;  // "stream", or the consumer's name
  std::string what;       // "Lambda requests", "Firehose ingestion", ...
  double quantity = 0;
  std::string unit;       // "requests", "GB-s", "GB", ...
  double unit_usd = 0;
  double usd = 0;
};

struct PipelineCost {
  std::vector<PipelineItem> items;
  double total_usd = 0;
  double monthly_usd = 0;  // scaled to 730 hours like the stream's monthly figures
};

PipelineCost price_pipeline(const Scenario& scenario, const RunResult& run,
                            const BilledCost& stream);

}  // namespace kds::models

#endif  // KDS_MODELS_PIPELINE_COST_HPP_

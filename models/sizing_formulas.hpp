// The published shard-count formulas a provisioned stream is sized with (planning.md §2.1,
// kds-facts T8), for the planner to show beside its simulated answer (SPEC §4 plan `formulas`):
//   developer guide: shards = max(in_KiB/1024, out_KiB/2048)
//   FAQ:             shards = max(in_KB/1000,  out_KB/2000)
// with in = average record size (rounded up to a whole KB, in the formula's unit) x records/s and
// out = in x the number of consumers sharing the read limit (EFO consumers have their own pipe and
// are not counted). Neither formula has a record-count term (1,000 records/s per shard), a
// GetRecords calls term or a peak term: they answer for whatever rate is plugged in, and each
// term is rounded up, as the Pricing Calculator does.
#ifndef KDS_MODELS_SIZING_FORMULAS_HPP_
#define KDS_MODELS_SIZING_FORMULAS_HPP_

namespace kds::models {

struct SizingInputs {
  double records_per_s = 0;
  double average_record_bytes = 0;
  int shared_consumers = 1;
};

struct FormulaShards {
  double write_term = 0;  // incoming bandwidth over a shard's write limit
  double read_term = 0;   // outgoing bandwidth over a shard's read limit
  int shards = 1;         // the larger term rounded up, at least 1
};

// number_of_shards = max(incoming_write_bandwidth_in_KiB/1024, outgoing_read_bandwidth_in_KiB/2048)
FormulaShards aws_dev_guide_shards(const SizingInputs& in);
// number_of_shards = max(incoming_write_bandwidth_in_KB/1000, outgoing_read_bandwidth_in_KB/2000)
FormulaShards aws_faq_shards(const SizingInputs& in);

}  // namespace kds::models

#endif  // KDS_MODELS_SIZING_FORMULAS_HPP_

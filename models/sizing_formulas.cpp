#include "models/sizing_formulas.hpp"

#include <algorithm>
#include <cmath>

namespace kds::models {

namespace {
// The formula in a unit of `kb` bytes: write limit `write_kb` and read limit `read_kb` per shard.
FormulaShards formula(const SizingInputs& in, double kb, double write_kb, double read_kb) {
  const double size_kb = std::ceil(in.average_record_bytes / kb - 1e-9);  // "rounded up"
  const double incoming = size_kb * in.records_per_s;
  const double outgoing = incoming * std::max(0, in.shared_consumers);
  FormulaShards out;
  out.write_term = incoming / write_kb;
  out.read_term = outgoing / read_kb;
  const double larger = std::max(out.write_term, out.read_term);
  out.shards = std::max(1, static_cast<int>(std::ceil(larger - 1e-9)));
  return out;
}
}  // namespace

FormulaShards aws_dev_guide_shards(const SizingInputs& in) {
  return formula(in, 1024.0, 1024.0, 2048.0);
}

FormulaShards aws_faq_shards(const SizingInputs& in) {
  return formula(in, 1000.0, 1000.0, 2000.0);
}

}  // namespace kds::models

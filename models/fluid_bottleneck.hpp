// The peak utilization of one resource over a fluid estimate (SPEC §4 `bottlenecks[]`), and where
// it was reached. Utilization is offered load over capacity at the step it peaked: the rate needed
// to keep up with the traffic (backlogs left out) divided by what the resource gives, so above 1
// the resource cannot keep up and binds.
#ifndef KDS_MODELS_FLUID_BOTTLENECK_HPP_
#define KDS_MODELS_FLUID_BOTTLENECK_HPP_

#include <string>

namespace kds::models {

// Resource names, exactly as SPEC §4 lists them; kRecordProcessing is an extension (a polling or
// enhanced fan-out app's record processor, per shard).
inline constexpr const char* kShardWriteBytes = "shard write bytes";
inline constexpr const char* kShardWriteRecords = "shard write records";
inline constexpr const char* kSharedReadBytes = "shared read bytes";
inline constexpr const char* kGetRecordsCalls = "GetRecords calls";
inline constexpr const char* kEfoPipe = "EFO pipe";
inline constexpr const char* kLambdaLanes = "Lambda lanes";
inline constexpr const char* kLambdaConcurrency = "Lambda concurrency";
inline constexpr const char* kOnDemandCapacity = "on-demand capacity";
inline constexpr const char* kRecordProcessing = "record processing";

struct FluidBottleneck {
  std::string resource;    // one of the names above
  std::string where;       // "consumer:<name>" or "stream"; empty while `shard` names the place
  int shard = -1;          // the shard index where it peaked, for a per-shard resource
  std::string consumer;    // for a per-consumer resource on a shard (EFO pipe, Lambda lanes, ...)
  double utilization = 0;  // peak offered load / capacity
  double at_s = 0;         // start of the step where it peaked
  bool seen = false;       // the resource was used at all

  // Keeps the larger of the peak so far and `utilization_now`, reached on shard `shard_now`.
  void offer(double utilization_now, int shard_now, double at_now_s) {
    if (seen && utilization_now <= utilization) return;
    utilization = utilization_now;
    shard = shard_now;
    at_s = at_now_s;
    seen = true;
  }
  // The largest of `per_shard` (an Eigen array over shard indexes), where it is.
  template <class Array>
  void offer_peak(const Array& per_shard, double at_now_s) {
    if (per_shard.size() == 0) return;
    typename Array::Index shard_now = 0;
    const double peak = per_shard.maxCoeff(&shard_now);
    offer(peak, static_cast<int>(shard_now), at_now_s);
  }
  // The same for a resource that is not per shard (where: "stream", "consumer:<name>").
  void offer(double utilization_now, const std::string& where_now, double at_now_s) {
    if (seen && utilization_now <= utilization) return;
    utilization = utilization_now;
    where = where_now;
    at_s = at_now_s;
    seen = true;
  }
};

}  // namespace kds::models

#endif  // KDS_MODELS_FLUID_BOTTLENECK_HPP_

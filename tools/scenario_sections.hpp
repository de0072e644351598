// Internal to the scenario loader: one function per section of the scenario file, each reading
// its JSON into the typed struct and recording problems (see field_reader.hpp). Split out of
// scenario_loader.cpp so that each file holds one part of SPEC §2.
#ifndef KDS_TOOLS_SCENARIO_SECTIONS_HPP_
#define KDS_TOOLS_SCENARIO_SECTIONS_HPP_

#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "tools/field_reader.hpp"

namespace kds::front {

// Values from other sections that some rules depend on. A value the loader could not read is
// nullopt, and the rules needing it are skipped rather than reported twice.
struct SectionContext {
  std::string base_dir;                    // relative file paths are resolved against it
  std::optional<double> duration_s;        // /duration
  std::optional<double> max_record_bytes;  // /stream/max_record_size_kib * 1024
  std::optional<double> on_demand_max_write_mib_per_s;  // /stream/on_demand/max_write_mib_per_s
};

// A simulator limit on the service latencies and on a producer's retry delays: AWS's are tens of
// milliseconds and seconds. The write path keeps a slot per slice of put latency plus the longest
// backoff (a max_delay of 2^32 s asked for 100 GB), and reads at times such as now - propagation
// (1e300 s overflowed its int64 slice numbers).
constexpr double kMaxDelayS = 3600.0;
// A simulator limit, not an AWS one: 100,000 times what the largest stream admits (10,000 shards
// of 1,000 records/s, fact sheet §1 and §5). Near 2^63 records per slice the arrival draws never
// end (std::poisson_distribution<int64_t> loops: a rate of 1e300 hung kds-sim run).
constexpr double kMaxRecordsPerS = 1e12;

// /producers/i (producer_loader.cpp).
void load_producer(const nlohmann::json& value, const Pointer& at, const SectionContext& context,
                   kds::models::ProducerSpec& producer, Problems& problems);

// /producers/i/rate (rate_loader.cpp): a number or one of steps, ramp, diurnal, trace.
void load_rate(const nlohmann::json& value, const Pointer& at, const SectionContext& context,
               kds::models::RateSpec& rate, Problems& problems);

// /consumers/i (consumer_loader.cpp).
void load_consumer(const nlohmann::json& value, const Pointer& at, const SectionContext& context,
                   kds::models::ConsumerSpec& consumer, Problems& problems);

// /events/i (event_loader.cpp). REQUIRES: scenario's producers and consumers already loaded.
void load_event(const nlohmann::json& value, const Pointer& at, const SectionContext& context,
                const kds::models::Scenario& scenario, kds::models::EventSpec& event,
                Problems& problems);

// /pricing (pricing_loader.cpp): the region's shipped table, then overrides by field name.
void load_pricing(const nlohmann::json* value, const Pointer& at, kds::models::PriceTable& prices,
                  Problems& problems);

// /plan (plan_loader.cpp): what `kds-sim plan` may change. REQUIRES: the scenario's consumers,
// events and slo already loaded.
void load_plan(const nlohmann::json& value, const Pointer& at, kds::models::Scenario& scenario,
               Problems& problems);

// /lesson and /expect (lesson_loader.cpp). REQUIRES for expect: the consumers already loaded.
void load_lesson(const nlohmann::json& value, const Pointer& at, kds::models::LessonSpec& lesson,
                 Problems& problems);
void load_expect(const nlohmann::json& value, const Pointer& at, kds::models::Scenario& scenario,
                 Problems& problems);

// /alarms and /autoscaler (alarm_loader.cpp, autoscaler_loader.cpp). REQUIRES: the stream,
// consumers, service, report and engine already loaded.
void load_alarms(const nlohmann::json& value, const Pointer& at, kds::models::Scenario& scenario,
                 Problems& problems);
void load_autoscaler(const nlohmann::json& value, const Pointer& at,
                     kds::models::Scenario& scenario, Problems& problems);
// "must be a whole multiple of report.interval (1m), got 90s" if period_s is not one.
void check_multiple_of_interval(double period_s, const Pointer& at,
                                const kds::models::Scenario& scenario, Problems& problems);

// Producer and consumer names appear in metrics.csv dimensions ("consumer:<name>") and in
// events, so they are restricted like RegisterStreamConsumer's ConsumerName: [A-Za-z0-9._-],
// 1..128 characters.
std::optional<std::string> read_entity_name(ObjectReader& reader);

// Reads the one key that selects a variant of an object ({"uniform": ...} or {"zipf": ...}).
// Returns that key, or nullopt after recording why there is not exactly one of `kinds` (unknown
// keys are reported with suggestions).
std::optional<std::string> read_variant(const nlohmann::json& value, const Pointer& at,
                                        const std::vector<std::string>& kinds,
                                        const std::string& expected, Problems& problems);

}  // namespace kds::front

#endif  // KDS_TOOLS_SCENARIO_SECTIONS_HPP_

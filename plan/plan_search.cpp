#include "plan/plan_search.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/limits.hpp"
#include "models/units.hpp"

namespace kds::plan {

namespace {

const models::ConsumerSpec& consumer_named(const models::Scenario& s, const std::string& name) {
  return *std::find_if(s.consumers.begin(), s.consumers.end(),
                       [&](const models::ConsumerSpec& c) { return c.name == name; });
}

// BatchSize candidates: the range's ends, the consumer's own size, and Lambda's common 100 and
// 1,000, within the range.
std::vector<int> batch_size_choices(const models::IntRange& range, int given) {
  std::vector<int> sizes;
  for (int size : {range.min, given, 100, 1000, range.max}) {
    if (size >= range.min && size <= range.max) sizes.push_back(size);
  }
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

// Every combination of the planned consumers' read types and batch sizes; PF at its range's top.
std::vector<std::vector<ConsumerChoice>> consumer_combinations(const models::Scenario& s) {
  std::vector<std::vector<ConsumerChoice>> combos{{}};
  for (const models::ConsumerPlan& p : s.plan->consumers) {
    const models::ConsumerSpec& spec = consumer_named(s, p.name);
    std::vector<std::string> types = p.types;
    if (types.empty()) types.push_back("");
    std::vector<int> batches{0};
    if (p.batch_size) batches = batch_size_choices(*p.batch_size, spec.batch_size);
    const int pf = p.parallelization_factor ? p.parallelization_factor->max : 0;
    std::vector<std::vector<ConsumerChoice>> next;
    for (const auto& combo : combos) {
      for (const std::string& type : types) {
        for (int batch : batches) {
          auto extended = combo;
          extended.push_back({p.name, type, pf, batch});
          next.push_back(std::move(extended));
        }
      }
    }
    combos = std::move(next);
  }
  return combos;
}

// Doubling the shards that leaves at least this share of the miss has stopped helping.
constexpr double kStalledMissShare = 0.99;

bool passes(CandidateEstimator& est, const Candidate& c, double headroom) {
  if (!est.judge(c).slo_met) return false;
  if (headroom <= 1) return true;
  Candidate surge = c;
  surge.rate_multiple *= headroom;
  return est.judge(surge).slo_met;
}

// The verdict the search measures progress by: with headroom when the plan has some (the stricter
// test, and the same rates at every count), else at the workload's rates.
const CandidateVerdict& progress_verdict(CandidateEstimator& est, const Candidate& c,
                                         double headroom) {
  if (headroom <= 1) return est.judge(c);
  Candidate surge = c;
  surge.rate_multiple *= headroom;
  return est.judge(surge);
}

// Doubling the shards has stopped helping when the miss did not shrink and no resource is
// relieved: the busiest one is as busy (a hot key's shard), or none is over its capacity (an SLO
// that no capacity meets). Write throttling alone is no measure: with retries its ratio stays near
// 1 until the shards nearly suffice, while the busiest shard's load halves with each doubling.
bool stalled(const CandidateVerdict& now, const CandidateVerdict& before) {
  const bool miss_stalled = now.severity >= kStalledMissShare * before.severity;
  const bool load_stalled =
      now.bottleneck_utilization >= kStalledMissShare * before.bottleneck_utilization ||
      now.bottleneck_utilization < 1.0;
  return miss_stalled && load_stalled;
}

struct ShardSearch {
  std::optional<int> fewest;  // the fewest shards that pass
  int closest = 0;            // when none passes: the count where more stopped helping
};

// The fewest shards in [lo, hi] that pass: gallop up from lo (doubling), then bisect between the
// last failing and the first passing count. When doubling no longer reduces the miss (a hot key,
// a consumer too slow for any count), the search stops there: more shards would only cost more.
ShardSearch fewest_shards(CandidateEstimator& est, Candidate c, int lo, int hi, double headroom) {
  int failing = lo - 1;
  int n = lo;
  std::optional<CandidateVerdict> before;
  for (;;) {
    c.shards = n;
    if (passes(est, c, headroom)) break;
    const CandidateVerdict& now = progress_verdict(est, c, headroom);
    if (before && stalled(now, *before)) return {std::nullopt, failing};
    before = now;
    failing = n;
    if (n >= hi) return {std::nullopt, n};
    n = static_cast<int>(std::min<int64_t>(hi, 2 * static_cast<int64_t>(n)));
  }
  while (n - failing > 1) {
    c.shards = failing + (n - failing) / 2;
    if (passes(est, c, headroom)) {
      n = c.shards;
    } else {
      failing = c.shards;
    }
  }
  return {n, n};
}

// Lowers each planned Lambda consumer's PF, in order, to the least that still passes: fewer
// concurrent batches for the same shards (the plan's shards were found at the highest PF).
void lower_parallelization(CandidateEstimator& est, Candidate& c, const models::PlanSpec& plan) {
  for (size_t i = 0; i < c.consumers.size(); ++i) {
    const auto& range = plan.consumers[i].parallelization_factor;
    if (!range) continue;
    int failing = range->min - 1;
    int n = c.consumers[i].parallelization_factor;
    while (n - failing > 1) {
      c.consumers[i].parallelization_factor = failing + (n - failing) / 2;
      if (passes(est, c, plan.headroom)) {
        n = c.consumers[i].parallelization_factor;
      } else {
        failing = c.consumers[i].parallelization_factor;
      }
    }
    c.consumers[i].parallelization_factor = n;
  }
}

std::string first_problem(const CandidateVerdict& v) {
  std::string text = v.violations.empty() ? "" : v.violations.front();
  if (!v.bottleneck.empty()) text += (text.empty() ? "busiest: " : "; busiest: ") + v.bottleneck;
  return text;
}


// The most frequent key of each producer group is stored on one shard: past 1,000 records/s or
// 1 MiB/s (fact sheet §1) no shard count helps.
std::vector<std::string> hot_key_notes(const models::Scenario& s) {
  std::vector<std::string> notes;
  for (const models::ProducerSpec& p : s.producers) {
    const ProducerPeak peak = producer_peak(s, p);
    const double records_per_s = peak.max_key_share * peak.records_per_s;
    const double bytes_per_s = records_per_s * (peak.data_bytes + peak.key_bytes);
    if (records_per_s <= models::kShardWriteRecordsPerS &&
        bytes_per_s <= models::kShardWriteBytesPerS)
      continue;
    char text[512];
    std::snprintf(text, sizeof text,
                  "hot key: producer %s's most frequent key carries %.0f %% of its records, "
                  "%.0f records/s and %.2f MiB/s at the peak, over one shard's 1,000 records/s or "
                  "1 MiB/s; a key is stored on one shard, so the binding resource is that key's "
                  "shard and adding shards does not help (spread the key, or accept the throttling)",
                  p.name.c_str(), 100.0 * peak.max_key_share, records_per_s,
                  bytes_per_s / models::kBytesPerMiB);
    notes.push_back(text);
  }
  return notes;
}

// The cheapest configuration of each mode at a traffic level, for the crossover.
std::optional<double> cheapest_at(CandidateEstimator& est, const models::PlanSpec& plan,
                                  Candidate c, int& provisioned_floor, int& shards) {
  shards = 0;
  if (c.mode == models::PlanMode::kProvisioned) {
    // Monotone in traffic: a higher level needs at least the shards of a lower one.
    const auto n = fewest_shards(est, c, std::max(plan.shards.min, provisioned_floor),
                                 plan.shards.max, 1.0).fewest;
    if (!n) return std::nullopt;
    provisioned_floor = *n;
    shards = *n;
    c.shards = *n;
  }
  const CandidateVerdict& v = est.judge(c);
  if (!v.slo_met) return std::nullopt;
  return v.monthly_usd;
}

ModeCrossover mode_crossover(CandidateEstimator& est, const std::vector<ConsumerChoice>& combo) {
  const models::PlanSpec& plan = *est.workload().plan;
  ModeCrossover out;
  for (models::PlanMode mode : plan.modes) out.modes.push_back(models::plan_mode_name(mode));
  const double peak = peak_write_mib_per_s(est.workload());
  int provisioned_floor = plan.shards.min;
  // Traffic levels on a sqrt(2) grid from 1/8 to 8 times the workload's rates.
  for (int k = -6; k <= 6; ++k) {
    CrossoverLevel level;
    level.rate_multiple = std::pow(2.0, k / 2.0);
    level.ingest_mib_per_s = peak * level.rate_multiple;
    for (models::PlanMode mode : plan.modes) {
      Candidate c;
      c.mode = mode;
      c.consumers = combo;
      c.rate_multiple = level.rate_multiple;
      c.established_at_multiple = true;
      int shards = 0;
      level.monthly_usd.push_back(cheapest_at(est, plan, c, provisioned_floor, shards));
      level.shards.push_back(shards);
    }
    out.levels.push_back(std::move(level));
  }
  // Where the cheapest mode changes between two adjacent levels, interpolate on a log scale.
  const auto cheapest = [&](const CrossoverLevel& level) -> std::optional<size_t> {
    std::optional<size_t> best;
    for (size_t m = 0; m < level.monthly_usd.size(); ++m) {
      if (level.monthly_usd[m] && (!best || *level.monthly_usd[m] < *level.monthly_usd[*best]))
        best = m;
    }
    return best;
  };
  for (size_t i = 1; i < out.levels.size(); ++i) {
    const auto a = cheapest(out.levels[i - 1]), b = cheapest(out.levels[i]);
    if (!a || !b || *a == *b) continue;
    const CrossoverLevel &la = out.levels[i - 1], &lb = out.levels[i];
    double t = 0.5;
    if (la.monthly_usd[*b] && lb.monthly_usd[*a]) {
      const double da = *la.monthly_usd[*a] - *la.monthly_usd[*b];  // < 0: a cheaper at la
      const double db = *lb.monthly_usd[*a] - *lb.monthly_usd[*b];  // > 0: b cheaper at lb
      if (db - da > 0) t = std::clamp(-da / (db - da), 0.0, 1.0);
    }
    CrossoverChange change;
    change.from_mode = out.modes[*a];
    change.to_mode = out.modes[*b];
    change.at_rate_multiple =
        std::exp(std::log(la.rate_multiple) + t * (std::log(lb.rate_multiple) -
                                                    std::log(la.rate_multiple)));
    change.at_ingest_mib_per_s = peak * change.at_rate_multiple;
    out.changes.push_back(change);
  }
  return out;
}

}  // namespace

PlanOption make_option(CandidateEstimator& est, const Candidate& c, double headroom,
                       const std::string& role) {
  PlanOption o;
  o.candidate = c;
  o.id = candidate_id(c);
  o.role = role;
  o.verdict = est.judge(c);
  if (headroom > 1) {
    Candidate surge = c;
    surge.rate_multiple *= headroom;
    const CandidateVerdict& h = est.judge(surge);
    o.headroom_met = h.slo_met;
    o.headroom_violations = h.violations;
  }
  o.max_rate_multiple = max_rate_multiple(est, c);
  return o;
}

double max_rate_multiple(CandidateEstimator& est, Candidate c) {
  const double base = c.rate_multiple;
  const auto ok = [&](double m) {
    c.rate_multiple = base * m;
    return est.judge(c).slo_met;
  };
  double good = 0, bad = 0;
  if (ok(1.0)) {
    good = 1.0;
    for (double m = 2.0; m <= kMaxRateMultiple; m *= 2) {
      if (!ok(m)) {
        bad = m;
        break;
      }
      good = m;
    }
    if (bad == 0) return kMaxRateMultiple;
  } else {
    bad = 1.0;
  }
  // Bisect to the precision, on the multiple's scale (a sliver of the rates counts as 0).
  while (bad - good > kRateMultiplePrecision * std::max(good, 0.05)) {
    const double mid = (good + bad) / 2;
    if (ok(mid)) {
      good = mid;
    } else {
      bad = mid;
    }
  }
  return good;
}

namespace {
// Among options of equal cost (PF and batch size do not change the stream's bill): the batch
// sizes nearest the consumer's own, then the lowest PFs, then the fewest shards.
double tie_rank(const models::Scenario& workload, const Candidate& c) {
  double rank = 0;
  for (const ConsumerChoice& choice : c.consumers) {
    const models::ConsumerSpec& spec = consumer_named(workload, choice.name);
    if (choice.batch_size > 0)
      rank += 1e3 * std::fabs(std::log(static_cast<double>(choice.batch_size) / spec.batch_size));
    rank += choice.parallelization_factor;
  }
  return rank + 1e-6 * c.shards;
}
}  // namespace

void rank_options(PlanSearch& search, const models::Scenario& workload) {
  std::stable_sort(search.options.begin(), search.options.end(),
                   [&](const PlanOption& a, const PlanOption& b) {
                     if (a.verdict.valid != b.verdict.valid) return a.verdict.valid;
                     // To the cent: an estimate and a simulation's rounded summary of the same
                     // bill tie, and then the simulated option comes first.
                     const double ca = std::round(a.verdict.monthly_usd * 100);
                     const double cb = std::round(b.verdict.monthly_usd * 100);
                     if (ca != cb) return ca < cb;
                     if ((a.source == "simulated") != (b.source == "simulated"))
                       return a.source == "simulated";
                     const double ra = tie_rank(workload, a.candidate);
                     const double rb = tie_rank(workload, b.candidate);
                     if (ra != rb) return ra < rb;
                     return a.id < b.id;
                   });
  search.recommended.reset();
  for (size_t i = 0; i < search.options.size(); ++i) {
    if (search.options[i].meets() && search.options[i].verdict.valid) {
      search.recommended = i;
      break;
    }
  }
}

std::optional<size_t> find_option(const PlanSearch& s, const Candidate& c) {
  for (size_t i = 0; i < s.options.size(); ++i)
    if (s.options[i].candidate == c) return i;
  return std::nullopt;
}

std::optional<size_t> add_neighbour_of_recommendation(PlanSearch& s, CandidateEstimator& est) {
  const models::PlanSpec& plan = *est.workload().plan;
  if (!s.recommended) return std::nullopt;
  const Candidate rec = s.options[*s.recommended].candidate;
  if (rec.mode != models::PlanMode::kProvisioned || rec.shards <= plan.shards.min)
    return std::nullopt;
  Candidate fewer = rec;
  fewer.shards -= 1;
  if (const auto n = find_option(s, fewer)) return n;
  s.options.push_back(make_option(est, fewer, plan.headroom, ""));
  rank_options(s, est.workload());
  return find_option(s, fewer);
}

void assign_bindings(PlanSearch& s, CandidateEstimator& est) {
  const models::PlanSpec& plan = *est.workload().plan;
  // Failing options first: a passing option's binding quotes its failing neighbour's.
  for (PlanOption& o : s.options) {
    if (o.meets()) continue;
    std::string v = o.verdict.violations.empty() ? "" : o.verdict.violations.front();
    std::string busiest = o.verdict.bottleneck;
    if (o.verdict.slo_met) {  // fails only with headroom: quote that verdict
      char at[64];
      std::snprintf(at, sizeof at, "at %.4g x the rates: ", plan.headroom);
      v = at + (o.headroom_violations.empty() ? std::string("SLOs not met")
                                              : o.headroom_violations.front());
      busiest = progress_verdict(est, o.candidate, plan.headroom).bottleneck;
    }
    o.binding = v + (busiest.empty() ? "" : "; busiest: " + busiest);
    if (s.hot_key && v.find("max_write_throttle_ratio") != std::string::npos)
      o.binding = "a hot key's shard (adding shards does not help): " + o.binding;
  }
  for (PlanOption& o : s.options) {
    if (!o.meets()) continue;
    if (o.candidate.mode != models::PlanMode::kProvisioned) {
      o.binding = "nothing to size: on demand bills the traffic (busiest: " +
                  o.verdict.bottleneck + ")";
    } else if (o.candidate.shards <= plan.shards.min) {
      o.binding = "the plan's minimum shard count (" + std::to_string(plan.shards.min) +
                  ") was reached";
    } else {
      // What one shard fewer violates: its option when listed (simulated if it ran), else its
      // estimate, with headroom when the plan has some.
      Candidate fewer = o.candidate;
      fewer.shards -= 1;
      if (const auto n = find_option(s, fewer)) {
        const PlanOption& f = s.options[*n];
        o.binding = "one shard fewer (" + f.source + "): " +
                    (f.meets() ? "also meets the SLOs" : f.binding);
      } else {
        const bool fewer_passes = passes(est, fewer, plan.headroom);
        const CandidateVerdict& v = est.judge(fewer).slo_met
                                        ? progress_verdict(est, fewer, plan.headroom)
                                        : est.judge(fewer);
        o.binding = "one shard fewer (estimated): " +
                    (fewer_passes ? "also meets the SLOs" : first_problem(v));
      }
    }
  }
  const std::string neighbour_role = "one shard fewer than the recommendation";
  for (PlanOption& o : s.options)
    if (o.role == neighbour_role) o.role = "a neighbour simulated as evidence";
  if (!s.recommended) return;
  const PlanOption& rec = s.options[*s.recommended];
  if (rec.candidate.mode == models::PlanMode::kProvisioned) {
    Candidate fewer = rec.candidate;
    fewer.shards -= 1;
    if (const auto n = find_option(s, fewer)) s.options[*n].role = neighbour_role;
  }
}

PlanSearch search_plan(CandidateEstimator& est) {
  const models::Scenario& workload = est.workload();
  const models::PlanSpec& plan = *workload.plan;
  PlanSearch search;
  search.notes = hot_key_notes(workload);
  search.hot_key = !search.notes.empty();
  const auto combos = consumer_combinations(workload);
  for (models::PlanMode mode : plan.modes) {
    const std::string role = std::string("best ") + models::plan_mode_name(mode) +
                             (combos.size() > 1 ? " for these consumer choices" : "");
    for (const auto& combo : combos) {
      Candidate c;
      c.mode = mode;
      c.consumers = combo;
      c.shards = mode == models::PlanMode::kProvisioned ? plan.shards.min : 0;
      // A combination the scenario's own rules refuse (say, a batch too long for Lambda's
      // 15 minutes) is no option at any shard count.
      if (const CandidateVerdict& probe = est.judge(c); !probe.valid) {
        search.notes.push_back("not an option: " + candidate_label(c) + " (" +
                               probe.invalid_why + ")");
        continue;
      }
      if (mode == models::PlanMode::kProvisioned) {
        const ShardSearch n =
            fewest_shards(est, c, plan.shards.min, plan.shards.max, plan.headroom);
        c.shards = n.fewest.value_or(n.closest);
        if (!n.fewest) {
          search.options.push_back(make_option(
              est, c, plan.headroom,
              "closest PROVISIONED: more shards stopped reducing the miss, or the plan's maximum"));
          continue;
        }
      }
      if (passes(est, c, plan.headroom)) lower_parallelization(est, c, plan);
      search.options.push_back(make_option(est, c, plan.headroom, role));
    }
  }
  rank_options(search, workload);
  add_neighbour_of_recommendation(search, est);
  assign_bindings(search, est);
  // The crossover is drawn for the recommendation's consumer choices (or the first combination).
  const std::vector<ConsumerChoice> combo =
      search.recommended ? search.options[*search.recommended].candidate.consumers
                         : (combos.empty() ? std::vector<ConsumerChoice>{} : combos.front());
  search.crossover = mode_crossover(est, combo);
  return search;
}

}  // namespace kds::plan

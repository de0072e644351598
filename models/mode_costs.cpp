#include "models/mode_costs.hpp"

#include "models/units.hpp"

namespace kds::models {

ModeCosts price_modes(const Scenario& scenario, const BillableUsage& whole,
                      const BillableUsage& in_provisioned, const BillableUsage& in_on_demand) {
  ModeCosts c;
  c.provisioned = provisioned_cost(whole, scenario.prices);
  c.on_demand = on_demand_cost(whole, scenario.prices);
  c.on_demand_advantage = on_demand_advantage_cost(whole, scenario.prices);
  const auto on_demand_total = [&](const OnDemandCost& standard,
                                   const OnDemandAdvantageCost& advantage) {
    return scenario.on_demand_advantage ? advantage.total_usd : standard.total_usd;
  };
  // A run in one mode bills that mode's total exactly; a run with switches bills each part (the
  // Advantage commitment then over the on-demand hours only, a choice: the account setting is not
  // modelled beyond the stream).
  c.billed.provisioned_hours = in_provisioned.horizon_hours;
  c.billed.on_demand_hours = in_on_demand.horizon_hours;
  if (in_on_demand.horizon_hours <= 0) {
    c.billed.total_usd = c.provisioned.total_usd;
  } else if (in_provisioned.horizon_hours <= 0) {
    c.billed.total_usd = on_demand_total(c.on_demand, c.on_demand_advantage);
  } else {
    c.billed.total_usd =
        provisioned_cost(in_provisioned, scenario.prices).total_usd +
        on_demand_total(on_demand_cost(in_on_demand, scenario.prices),
                        on_demand_advantage_cost(in_on_demand, scenario.prices));
  }
  c.billed.monthly_usd =
      whole.horizon_hours > 0 ? c.billed.total_usd / whole.horizon_hours * kHoursPerMonth : 0.0;
  return c;
}

}  // namespace kds::models

// Billing rules and unit prices (fact sheet §7, oracles P2-P9), to the cent.
#include "models/pricing.hpp"

#include <boost/test/unit_test.hpp>

#include "models/record_size_distribution.hpp"
#include "models/units.hpp"
#include "tests/test_scenarios.hpp"

using namespace kds::models;

namespace {
double cents(double usd) {
  return std::round(usd * 100.0) / 100.0;
}
BillableUsage hours(double h) {
  BillableUsage u;
  u.horizon_hours = h;
  return u;
}
double units_for_record(double bytes, double unit_bytes) {
  RecordSizeSpec spec;
  spec.fixed_bytes = bytes;
  return RecordSizeDistribution(spec, 0, 10 * kBytesPerMiB).mean_rounded_units(unit_bytes);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(pricing)

// P2 [PRICE-OLD]: 5 KB -> 1 unit, 45 KB -> 2 units, 1 MB -> 40 units of 25 KB.
BOOST_AUTO_TEST_CASE(put_payload_units_count_25kb_chunks_per_record) {
  const double unit = kds::testing::us_east_1_prices().put_payload_unit_bytes;
  BOOST_TEST(units_for_record(5000, unit) == 1.0);
  BOOST_TEST(units_for_record(45000, unit) == 2.0);
  BOOST_TEST(units_for_record(1000000, unit) == 40.0);
}

// P3 [PRICE-PAGE]: a 4.5 KB record is billed as 5 KB of on-demand data in.
BOOST_AUTO_TEST_CASE(on_demand_data_in_rounds_each_record_up_to_1kb) {
  const double rounding = kds::testing::us_east_1_prices().on_demand_data_in_rounding_bytes;
  BOOST_TEST(units_for_record(4.5 * 1024, rounding) == 5.0);
}

// P4, P5 [INFRACOST]: 2,920 shard-hours -> $43.80; 730 -> $10.95.
BOOST_AUTO_TEST_CASE(shard_hours_cost_0_015_each) {
  const PriceTable prices = kds::testing::us_east_1_prices();
  BillableUsage four = hours(730);
  four.shard_hours = 4 * 730;
  BOOST_TEST(cents(provisioned_cost(four, prices).shard_hours_usd) == 43.80);
  BillableUsage one = hours(730);
  one.shard_hours = 730;
  BOOST_TEST(cents(provisioned_cost(one, prices).total_usd) == 10.95);
}

// P6 [INFRACOST]: 6,500,000 PUT payload units -> $0.091.
BOOST_AUTO_TEST_CASE(put_payload_units_cost_0_014_per_million) {
  BillableUsage u = hours(730);
  u.put_payload_units = 6.5e6;
  BOOST_TEST(
      std::round(provisioned_cost(u, kds::testing::us_east_1_prices()).put_payload_units_usd *
                 1000) == 91.0);
}

// P7 [INFRACOST]: an on-demand stream for 730 h -> $29.20.
BOOST_AUTO_TEST_CASE(on_demand_stream_hours_cost_0_04_each) {
  BOOST_TEST(cents(on_demand_cost(hours(730), kds::testing::us_east_1_prices()).total_usd) ==
             29.20);
}

// P8 [INFRACOST]: 0.2 GB in -> $0.016, 0.2 GB out -> $0.008, 2 GB EFO out -> $0.10.
BOOST_AUTO_TEST_CASE(on_demand_data_in_out_and_efo_per_gb) {
  BillableUsage u = hours(730);
  u.on_demand_billed_in_bytes = 0.2 * kBytesPerBillingGB;
  u.shared_data_out_bytes = 0.2 * kBytesPerBillingGB;
  u.efo_data_out_bytes = 2 * kBytesPerBillingGB;
  const OnDemandCost c = on_demand_cost(u, kds::testing::us_east_1_prices());
  BOOST_TEST(std::round(c.data_in_usd * 1000) == 16.0);
  BOOST_TEST(std::round(c.data_out_usd * 1000) == 8.0);
  BOOST_TEST(cents(c.efo_data_usd) == 0.10);
}

// P8 [INFRACOST]: 1 GB-month of extended retention -> $0.10; 1 GB-month long-term -> $0.023.
BOOST_AUTO_TEST_CASE(on_demand_retention_per_gb_month) {
  const PriceTable prices = kds::testing::us_east_1_prices();
  BillableUsage extended = hours(730);
  // 730/144 GB kept 168 h: 144 h beyond the free day, all in the extended tier -> 1 GB-month.
  extended.extended_retention_gb_months = extended_retention_gb_months(730.0 / 144.0, 168);
  BOOST_TEST(extended.extended_retention_gb_months == 1.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(std::round(on_demand_cost(extended, prices).retention_usd * 1000) == 100.0);
  BOOST_TEST(long_term_retention_gb_months(1.0, 168 + 730) == 1.0);
  BOOST_TEST(std::round(long_term_retention_gb_months(1.0, 168 + 730) *
                        prices.long_term_retention_gb_month * 1000) == 23.0);
}

// P9 [INFRACOST]: 100 extended-retention shard-hours -> $2.00; 100 GB-months long-term -> $2.30;
// 100 GB EFO retrieval -> $1.30; 100 EFO consumer-shard-hours -> $1.50.
BOOST_AUTO_TEST_CASE(provisioned_extended_retention_and_efo) {
  const PriceTable prices = kds::testing::us_east_1_prices();
  BillableUsage u = hours(100);
  u.shard_hours = 100;
  u.extended_retention_shard_hours = 100;  // retention above 24 h all along
  BOOST_TEST(cents(provisioned_cost(u, prices).extended_retention_usd) == 2.00);
  BOOST_TEST(cents(100 * prices.long_term_retention_gb_month) == 2.30);
  BillableUsage efo = hours(100);
  efo.efo_data_out_bytes = 100 * kBytesPerBillingGB;
  efo.efo_consumer_shard_hours = 100;
  const ProvisionedCost c = provisioned_cost(efo, prices);
  BOOST_TEST(cents(c.efo_data_usd) == 1.30);
  BOOST_TEST(cents(c.efo_consumer_shard_hours_usd) == 1.50);
}

// SPEC §3: monthly_usd = total_usd / horizon_hours * 730.
BOOST_AUTO_TEST_CASE(monthly_projection_scales_the_horizon_to_730_hours) {
  BillableUsage u = hours(2);
  u.shard_hours = 8;  // 4 shards for 2 h
  const ProvisionedCost c = provisioned_cost(u, kds::testing::us_east_1_prices());
  BOOST_TEST(cents(c.total_usd) == 0.12);
  BOOST_TEST(cents(c.monthly_usd) == 43.80);
}

// planning.md §3.2 (UNCERTAIN third-party figures, the shipped defaults): an idle Advantage month
// bills the 25 MiB/s commitment on ingest and on retrieval, 64,160 GB x ($0.032 + $0.016) =
// $3,079.69, and no stream-hour charge.
BOOST_AUTO_TEST_CASE(an_idle_advantage_month_bills_the_minimum_commitment) {
  const OnDemandAdvantageCost c =
      on_demand_advantage_cost(hours(kHoursPerMonth), kds::testing::us_east_1_prices());
  BOOST_TEST(cents(c.commitment_shortfall_usd) == 3079.69);
  BOOST_TEST(cents(c.total_usd) == 3079.69);
  BOOST_TEST(cents(c.monthly_usd) == 3079.69);
  BOOST_TEST(std::round(c.commitment_shortfall_gb) == 2 * 64160.0);
}

// Above the commitment nothing is short: 50 MiB/s in and 30 MiB/s out for an hour, at $0.032 and
// $0.016 per GB (EFO at the shared rate), no stream-hour charge; 60 % and more below Standard.
BOOST_AUTO_TEST_CASE(advantage_bills_per_gb_above_the_commitment) {
  const PriceTable prices = kds::testing::us_east_1_prices();
  BillableUsage u = hours(1);
  u.on_demand_billed_in_bytes = 50 * kBytesPerMiB * 3600;  // 175.78 GB
  u.shared_data_out_bytes = 20 * kBytesPerMiB * 3600;
  u.efo_data_out_bytes = 10 * kBytesPerMiB * 3600;
  const OnDemandAdvantageCost c = on_demand_advantage_cost(u, prices);
  BOOST_TEST(c.commitment_shortfall_gb == 0.0);
  BOOST_TEST(cents(c.data_in_usd) == 5.63);   // 175.78 GB x 0.032
  BOOST_TEST(cents(c.data_out_usd) == 1.13);  // 70.31 GB x 0.016
  BOOST_TEST(cents(c.efo_data_usd) == 0.56);  // 35.16 GB x 0.016
  BOOST_TEST(cents(c.total_usd) == 7.31);
  const OnDemandCost standard = on_demand_cost(u, prices);
  BOOST_TEST(c.total_usd < 0.4 * (standard.total_usd - standard.stream_hours_usd));
  // Half the commitment on retrieval: the other half is billed at the retrieval rate.
  u.shared_data_out_bytes = 2.5 * kBytesPerMiB * 3600;
  u.efo_data_out_bytes = 10 * kBytesPerMiB * 3600;
  const OnDemandAdvantageCost short_out = on_demand_advantage_cost(u, prices);
  BOOST_TEST(std::round(short_out.commitment_shortfall_gb * 100) / 100 == 43.95);  // 12.5 MiB/s, 1 h
  BOOST_TEST(cents(short_out.commitment_shortfall_usd) == 0.70);
  // The commitment is a price parameter: 0 when other streams of the account cover it.
  PriceTable covered = prices;
  covered.advantage_minimum_commitment_mib_per_s = 0;
  BOOST_TEST(on_demand_advantage_cost(hours(1), covered).total_usd == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

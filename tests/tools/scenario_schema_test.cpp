// scenarios/schema.json (the editor-facing description of the scenario format) must name exactly
// the keys the loader accepts at each level. The loader lists its allowed keys in the message for
// an unknown key that is close to none of them; that list is compared with the schema's.
#include <algorithm>
#include <fstream>
#include <set>
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/scenario_test_support.hpp"
#include "tools/scenario_loader.hpp"

namespace kds::front {
namespace {

using nlohmann::json;
using testing::minimal_scenario;

json read_schema() {
  std::ifstream in(std::string(KDS_SOURCE_DIR) + "/scenarios/schema.json");
  BOOST_REQUIRE(in.good());
  return json::parse(in);
}

// The keys the loader allows in the object at `pointer` of a document built on the minimal one.
std::set<std::string> loader_keys(json doc, const std::string& pointer) {
  const std::string bogus = "qqqqqqqqqqqqqqqq";
  doc[json::json_pointer(pointer + "/" + bogus)] = 1;
  const LoadResult result = load_scenario(doc, ".");
  std::set<std::string> keys;
  for (const ValidationError& e : result.errors) {
    if (e.where != pointer + "/" + bogus) continue;
    const std::string prefix = "unknown key; allowed keys: ";
    BOOST_REQUIRE(e.rule.rfind(prefix, 0) == 0u);
    std::string list = e.rule.substr(prefix.size()) + ", ";
    for (size_t pos; (pos = list.find(", ")) != std::string::npos; list.erase(0, pos + 2)) {
      keys.insert(list.substr(0, pos));
    }
  }
  BOOST_TEST_REQUIRE(!keys.empty());
  return keys;
}

// The properties of a schema node; keys described as belonging to another consumer type are
// left out (the loader reports those as "only for type ...", not as allowed).
std::set<std::string> schema_keys(const json& node) {
  std::set<std::string> keys;
  for (const auto& [key, value] : node.at("properties").items()) {
    if (value.value("description", "").rfind("Only for type", 0) == 0) continue;
    keys.insert(key);
  }
  return keys;
}

BOOST_AUTO_TEST_SUITE(scenario_schema)

BOOST_AUTO_TEST_CASE(names_the_same_keys_as_the_loader_at_every_level) {
  const json schema = read_schema();
  const json& top = schema.at("properties");
  const json& producer = schema.at("$defs").at("producer");
  const json& consumer = schema.at("$defs").at("consumer");
  json doc = minimal_scenario();
  doc["producers"][0]["batching"] = json::object();
  doc["producers"][0]["retry"] = json::object();
  doc["consumers"][0]["processing"] = json::object();
  for (const char* key : {"slo", "pricing", "report", "service", "engine"}) {
    doc[key] = json::object();
  }
  const std::vector<std::pair<std::string, const json*>> levels = {
      {"", &schema},
      {"/stream", &top.at("stream")},
      {"/producers/0", &producer},
      {"/producers/0/batching", &producer.at("properties").at("batching")},
      {"/producers/0/retry", &producer.at("properties").at("retry")},
      {"/consumers/0", &consumer},
      {"/consumers/0/processing", &consumer.at("properties").at("processing")},
      {"/slo", &top.at("slo")},
      {"/pricing", &top.at("pricing")},
      {"/report", &top.at("report")},
      {"/service", &top.at("service")},
      {"/engine", &top.at("engine")},
  };
  for (const auto& [pointer, node] : levels) {
    BOOST_TEST_INFO("level: " << (pointer.empty() ? "/" : pointer));
    BOOST_TEST(loader_keys(doc, pointer) == schema_keys(*node), boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(forbids_unknown_keys_everywhere) {
  const json schema = read_schema();
  BOOST_TEST(schema.at("additionalProperties") == false);
  BOOST_TEST(schema.at("$defs").at("producer").at("additionalProperties") == false);
  BOOST_TEST(schema.at("$defs").at("consumer").at("additionalProperties") == false);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kds::front

// Helpers shared by the scenario loader tests: a minimal valid scenario, one-value mutations of it,
// and access to the errors a load produced. Each bad-scenario test changes one value of the
// minimal scenario and checks the single error it causes: its pointer and its exact rule.
#ifndef KDS_TESTS_TOOLS_SCENARIO_TEST_SUPPORT_HPP_
#define KDS_TESTS_TOOLS_SCENARIO_TEST_SUPPORT_HPP_

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tools/scenario_loader.hpp"

namespace kds::front::testing {

using nlohmann::json;

// The smallest scenario the loader accepts, plus one producer and one polling consumer so that
// their keys can be mutated.
inline json minimal_scenario() {
  return json::parse(R"({
    "name": "minimal",
    "duration": "1h",
    "stream": {"shards": 2},
    "producers": [{"name": "web", "rate": 100, "record_bytes": 1000}],
    "consumers": [{"name": "app", "type": "polling"}]
  })");
}

// `doc` with the value at `pointer` set (its parent must exist).
inline json with(json doc, const std::string& pointer, const json& value) {
  doc[json::json_pointer(pointer)] = value;
  return doc;
}

// `doc` without the key at `pointer`.
inline json without(json doc, const std::string& pointer) {
  const json::json_pointer ptr(pointer);
  doc[ptr.parent_pointer()].erase(ptr.back());
  return doc;
}

inline std::string describe(const std::vector<ValidationError>& errors) {
  std::string text;
  for (const ValidationError& e : errors) text += "\n  " + to_string(e);
  return text.empty() ? " (none)" : text;
}

// The one error loading `doc` produces; fails the test if there is not exactly one.
inline ValidationError only_error(const json& doc) {
  const LoadResult result = load_scenario(doc, ".");
  BOOST_REQUIRE_MESSAGE(result.errors.size() == 1,
                        "expected exactly one error, got:" + describe(result.errors));
  BOOST_TEST(!result.scenario.has_value());
  return result.errors.front();
}

// The scenario loading `doc` produces; fails the test if there are errors.
inline kds::models::Scenario loaded(const json& doc, const std::string& base_dir = ".") {
  LoadResult result = load_scenario(doc, base_dir);
  BOOST_REQUIRE_MESSAGE(result.errors.empty(), "unexpected errors:" + describe(result.errors));
  BOOST_REQUIRE(result.scenario.has_value());
  return std::move(*result.scenario);
}

// A fresh empty folder under the system temp folder, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("kds_loader_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  // Writes `text` to a file named `name` in the folder and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = path_ / name;
    std::ofstream(file) << text;
    return file.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace kds::front::testing

#endif  // KDS_TESTS_TOOLS_SCENARIO_TEST_SUPPORT_HPP_

// Loading a scenario file: read, parse, apply --set overrides, validate, apply --seed (SPEC §1).
// Overrides are applied to the JSON before validation, so an override is checked by exactly the
// rules the file is, and a bad override value is reported at its pointer like a bad file value.
// Problems with the file itself (unreadable, not JSON) are reported at pointer "" with the path.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "tools/field_reader.hpp"
#include "tools/json_override.hpp"
#include "tools/scenario_loader.hpp"

namespace kds::front {
namespace {

// nlohmann's messages start with "[json.exception.parse_error.101] "; users need only the rest.
std::string without_exception_id(const std::string& message) {
  if (message.rfind("[json.exception.", 0) != 0) return message;
  const size_t end = message.find("] ");
  return end == std::string::npos ? message : message.substr(end + 2);
}

// A file's strings are checked by the JSON parser, an override's are not; one that is not UTF-8
// would throw (type_error.316) wherever it is printed as JSON: in a message or in summary.json.
bool is_utf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

// Applies one "PTR=VALUE" override to `doc` (tools/json_override.hpp).
void apply_override(nlohmann::json& doc, const std::string& text, Problems& problems) {
  const std::string quoted = "bad --set \"" + text + "\": ";
  if (!is_utf8(text)) {
    problems.add(Pointer(), quoted + "must be UTF-8 text");
    return;
  }
  const size_t equals = text.find('=');
  if (equals == std::string::npos) {
    problems.add(Pointer(), quoted + "expected PTR=VALUE, e.g. /stream/shards=8");
    return;
  }
  Pointer pointer;
  try {
    pointer = Pointer(text.substr(0, equals));
  } catch (const nlohmann::json::exception& e) {
    problems.add(Pointer(), quoted + "PTR must be a JSON pointer such as /stream/shards (" +
                                without_exception_id(e.what()) + ")");
    return;
  }
  if (pointer.empty()) {
    problems.add(Pointer(), quoted + "PTR must name a key, not the whole document");
    return;
  }
  if (auto why = set_at_pointer(doc, pointer, override_value(text.substr(equals + 1))))
    problems.add(pointer, quoted + *why);
}

}  // namespace

LoadResult load_scenario_file(const std::string& path,
                              const std::vector<std::string>& set_overrides,
                              std::optional<uint64_t> seed_override,
                              const std::optional<std::string>& paths_from,
                              nlohmann::json* document) {
  Problems problems;
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    problems.add(Pointer(), "cannot read scenario file '" + path + "': it is a folder");
    return {std::nullopt, problems.take()};
  }
  std::ifstream in(path);
  if (!in) {
    problems.add(Pointer(), "cannot read scenario file '" + path + "': " + std::strerror(errno));
    return {std::nullopt, problems.take()};
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    // A syntax error (parse_error) or a number beyond a double, such as 1e400 (out_of_range.406).
    problems.add(Pointer(), "'" + path + "' is not valid JSON: " + without_exception_id(e.what()));
    return {std::nullopt, problems.take()};
  } catch (const std::ios_base::failure& e) {
    problems.add(Pointer(), "cannot read scenario file '" + path + "': " + e.what());
    return {std::nullopt, problems.take()};
  }
  for (const std::string& text : set_overrides) apply_override(doc, text, problems);

  std::string base_dir = std::filesystem::path(path).parent_path().string();
  if (base_dir.empty()) base_dir = ".";
  if (paths_from) base_dir = *paths_from;
  LoadResult result = load_scenario(doc, base_dir);
  if (!problems.empty()) {
    // Override problems come first: they explain validation errors that may follow from them.
    std::vector<ValidationError> errors = problems.take();
    errors.insert(errors.end(), result.errors.begin(), result.errors.end());
    return {std::nullopt, std::move(errors)};
  }
  if (result.scenario && seed_override) result.scenario->seed = *seed_override;
  if (document) *document = std::move(doc);
  return result;
}

}  // namespace kds::front

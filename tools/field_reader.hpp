// Reading a JSON scenario field by field while recording every problem at its JSON pointer
// (STYLE §6, as json-schema-validator's error_handler does). A reader never throws and never stops
// early: a bad or missing field is recorded and the caller keeps the struct's default, so the
// whole document is always checked and all problems are reported together.
#ifndef KDS_TOOLS_FIELD_READER_HPP_
#define KDS_TOOLS_FIELD_READER_HPP_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/scenario_loader.hpp"

namespace kds::front {

using Pointer = nlohmann::json::json_pointer;

// The problems found so far, in document order.
class Problems {
 public:
  void add(const Pointer& where, std::string rule);
  [[nodiscard]] bool empty() const { return errors_.empty(); }
  [[nodiscard]] size_t size() const { return errors_.size(); }
  [[nodiscard]] std::vector<ValidationError> take() { return std::move(errors_); }

 private:
  std::vector<ValidationError> errors_;
};

// The allowed range of a number and the limit it comes from; the message reads
// "must be <range> (<limit>), got <value>", e.g. "must be 1..500 (PutRecords limit), got 501".
struct Bounds {
  std::optional<double> min, max;
  bool min_exclusive = false;
  bool max_exclusive = false;
  std::string limit;  // the AWS limit or reason, printed in parentheses; may be empty

  [[nodiscard]] static Bounds any() { return {}; }
  [[nodiscard]] static Bounds between(double lo, double hi, std::string limit = {});
  [[nodiscard]] static Bounds at_least(double lo, std::string limit = {});
  [[nodiscard]] static Bounds above(double lo, std::string limit = {});
  // Adds an upper bound to a lower one ("> 0 and <= 400d"); `exclusive` makes it "< hi".
  [[nodiscard]] Bounds and_at_most(double hi, bool exclusive = false) const;

  [[nodiscard]] bool contains(double value) const;
  // "1..500 (PutRecords limit)"; durations render their bounds as durations ("200ms").
  [[nodiscard]] std::string describe(bool as_duration) const;
};

// A value for messages: its JSON text, shortened when long.
[[nodiscard]] std::string describe_value(const nlohmann::json& value);

// Levenshtein distance between two strings, compared case-insensitively.
[[nodiscard]] size_t edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `word` if it is close enough to be a likely typo (distance <= 2 and
// shorter than the word itself), as CLI11's close_match does for subcommands.
[[nodiscard]] std::optional<std::string> closest_match(const std::string& word,
                                                       const std::vector<std::string>& candidates);

// Typed reads of one value at `at`. Each returns nullopt and records a problem if the value has the
// wrong type or is out of bounds.
std::optional<double> read_number(const nlohmann::json& value, const Pointer& at,
                                  const Bounds& bounds, Problems& problems);
// Accepts integral numbers, including 4.0 (a --set value such as 1e3 arrives as a float).
std::optional<int64_t> read_integer(const nlohmann::json& value, const Pointer& at,
                                    const Bounds& bounds, Problems& problems);
std::optional<double> read_duration(const nlohmann::json& value, const Pointer& at,
                                    const Bounds& bounds, Problems& problems);
std::optional<bool> read_bool(const nlohmann::json& value, const Pointer& at, Problems& problems);
std::optional<std::string> read_string(const nlohmann::json& value, const Pointer& at,
                                       Problems& problems);
// Returns the index of the value among `options` (exact, case-sensitive match).
std::optional<size_t> read_choice(const nlohmann::json& value, const Pointer& at,
                                  const std::vector<std::string>& options, Problems& problems);
bool expect_object(const nlohmann::json& value, const Pointer& at, Problems& problems);
bool expect_array(const nlohmann::json& value, const Pointer& at, Problems& problems);

enum class Need { kOptional, kRequired };

// Reads the fields of one JSON object. Every key the loader asks about (get, the typed reads,
// known, only_for) becomes a known key; finish() reports the remaining ones as unknown, with a
// "did you mean" suggestion among the keys valid here.
// REQUIRES: `object` is a JSON object and outlives the reader.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& object, Pointer where, Problems& problems);
  ObjectReader(const ObjectReader&) = delete;
  ObjectReader& operator=(const ObjectReader&) = delete;

  [[nodiscard]] const Pointer& where() const { return where_; }
  [[nodiscard]] Pointer at(const std::string& key) const { return where_ / key; }
  [[nodiscard]] Problems& problems() { return problems_; }
  [[nodiscard]] bool has(const std::string& key) const { return object_.contains(key); }

  // The value under `key` or nullptr; with Need::kRequired an absent key is recorded as "required".
  const nlohmann::json* get(const std::string& key, Need need = Need::kOptional);
  // Keys valid here that the caller reads by other means or deliberately leaves unread.
  void known(std::initializer_list<const char*> keys);
  // Keys that belong to a different variant (e.g. lambda keys on a polling consumer): each one
  // present is recorded with `rule`; they are never offered as suggestions.
  void only_for(const std::vector<std::string>& keys, const std::string& rule);

  std::optional<double> number(const std::string& key, const Bounds& bounds,
                               Need need = Need::kOptional);
  std::optional<int64_t> integer(const std::string& key, const Bounds& bounds,
                                 Need need = Need::kOptional);
  std::optional<double> duration(const std::string& key, const Bounds& bounds,
                                 Need need = Need::kOptional);
  std::optional<bool> boolean(const std::string& key, Need need = Need::kOptional);
  std::optional<std::string> string(const std::string& key, Need need = Need::kOptional);
  std::optional<size_t> choice(const std::string& key, const std::vector<std::string>& options,
                               Need need = Need::kOptional);

  // Records every key that no call above asked about.
  void finish();

 private:
  const nlohmann::json& object_;
  Pointer where_;
  Problems& problems_;
  std::vector<std::string> known_;       // valid here, offered as suggestions
  std::vector<std::string> other_keys_;  // belong to another variant, reported by only_for
};

// Copies a read value into a struct field; an absent or bad value leaves the default in place.
template <class Field, class Value>
void assign(Field& field, const std::optional<Value>& value) {
  if (value) field = static_cast<Field>(*value);
}

}  // namespace kds::front

#endif  // KDS_TOOLS_FIELD_READER_HPP_

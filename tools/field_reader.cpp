// Field-by-field reading with problem collection. Design choices:
// - Messages follow one shape, "must be <rule> (<limit>), got <value>", so that users and tests
//   can rely on the limit's name and the value received appearing in every range error.
// - The value received is shown as its JSON text (a string keeps its quotes), so "got \"abc\""
//   and "got 12" are unambiguous.
// - Unknown keys are checked last (finish), against exactly the keys the loader asked about; the
//   list of valid keys therefore lives in one place, the loader code, and cannot drift from it.
#include "tools/field_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "tools/duration.hpp"

namespace kds::front {
namespace {

constexpr size_t kMaxDescribedValueChars = 60;
constexpr size_t kMaxSuggestionDistance = 2;
constexpr double kInt64Limit = 9223372036854775808.0;  // 2^63

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

std::string format_bound(double value, bool as_duration) {
  return as_duration ? format_duration(value) : format_number(value);
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "\"a\"", "\"a\" or \"b\"", "\"a\", \"b\" or \"c\"".
std::string list_options(const std::vector<std::string>& options) {
  std::string text;
  for (size_t i = 0; i < options.size(); ++i) {
    if (i > 0) text += (i + 1 == options.size()) ? " or " : ", ";
    text += "\"" + options[i] + "\"";
  }
  return text;
}

std::string join(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& w : words) text += (text.empty() ? "" : ", ") + w;
  return text;
}

bool check_bounds(double value, const nlohmann::json& raw, const Pointer& at, const Bounds& bounds,
                  bool as_duration, Problems& problems) {
  if (bounds.contains(value)) return true;
  problems.add(at, "must be " + bounds.describe(as_duration) + ", got " + describe_value(raw));
  return false;
}

}  // namespace

void Problems::add(const Pointer& where, std::string rule) {
  errors_.push_back({where.to_string(), std::move(rule)});
}

Bounds Bounds::between(double lo, double hi, std::string limit) {
  Bounds b;
  b.min = lo;
  b.max = hi;
  b.limit = std::move(limit);
  return b;
}

Bounds Bounds::at_least(double lo, std::string limit) {
  Bounds b;
  b.min = lo;
  b.limit = std::move(limit);
  return b;
}

Bounds Bounds::above(double lo, std::string limit) {
  Bounds b = at_least(lo, std::move(limit));
  b.min_exclusive = true;
  return b;
}

Bounds Bounds::and_at_most(double hi, bool exclusive) const {
  Bounds b = *this;
  b.max = hi;
  b.max_exclusive = exclusive;
  return b;
}

bool Bounds::contains(double value) const {
  if (!std::isfinite(value)) return false;
  if (min && (min_exclusive ? value <= *min : value < *min)) return false;
  if (max && (max_exclusive ? value >= *max : value > *max)) return false;
  return true;
}

std::string Bounds::describe(bool as_duration) const {
  std::string text;
  if (min && max && !min_exclusive && !max_exclusive) {
    text = format_bound(*min, as_duration) + ".." + format_bound(*max, as_duration);
  } else {
    if (min) text = (min_exclusive ? "> " : ">= ") + format_bound(*min, as_duration);
    if (max) {
      text += std::string(min ? " and " : "") + (max_exclusive ? "< " : "<= ") +
              format_bound(*max, as_duration);
    }
    if (!min && !max) text = "finite";
  }
  if (!limit.empty()) text += " (" + limit + ")";
  return text;
}

std::string describe_value(const nlohmann::json& value) {
  std::string text = value.dump();
  if (text.size() > kMaxDescribedValueChars) text = text.substr(0, kMaxDescribedValueChars) + "...";
  return text;
}

size_t edit_distance(const std::string& a_in, const std::string& b_in) {
  const std::string a = lower(a_in);
  const std::string b = lower(b_in);
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_match(const std::string& word,
                                         const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = kMaxSuggestionDistance + 1;
  for (const std::string& candidate : candidates) {
    const size_t d = edit_distance(word, candidate);
    // A distance as large as the word means nothing of it was kept: not a typo, a different word.
    if (d < best_distance && d < word.size()) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

std::optional<double> read_number(const nlohmann::json& value, const Pointer& at,
                                  const Bounds& bounds, Problems& problems) {
  if (!value.is_number()) {
    problems.add(at, "must be a number, got " + describe_value(value));
    return std::nullopt;
  }
  const double number = value.get<double>();
  if (!check_bounds(number, value, at, bounds, false, problems)) return std::nullopt;
  return number;
}

std::optional<int64_t> read_integer(const nlohmann::json& value, const Pointer& at,
                                    const Bounds& bounds, Problems& problems) {
  const bool integral =
      value.is_number_integer() || (value.is_number_float() && std::isfinite(value.get<double>()) &&
                                    value.get<double>() == std::floor(value.get<double>()));
  if (!integral) {
    problems.add(at, "must be an integer, got " + describe_value(value));
    return std::nullopt;
  }
  const double number = value.get<double>();
  if (!check_bounds(number, value, at, bounds, false, problems)) return std::nullopt;
  // An int64 holds every value a scenario needs; larger ones can only come from a missing bound.
  if (std::fabs(number) >= kInt64Limit) {
    problems.add(at, "must be an integer below 2^63, got " + describe_value(value));
    return std::nullopt;
  }
  return value.is_number_integer() ? value.get<int64_t>() : static_cast<int64_t>(number);
}

std::optional<double> read_duration(const nlohmann::json& value, const Pointer& at,
                                    const Bounds& bounds, Problems& problems) {
  const DurationResult parsed = parse_duration(value);
  if (!parsed.seconds) {
    problems.add(at, parsed.error);
    return std::nullopt;
  }
  if (!check_bounds(*parsed.seconds, value, at, bounds, true, problems)) return std::nullopt;
  return parsed.seconds;
}

std::optional<bool> read_bool(const nlohmann::json& value, const Pointer& at, Problems& problems) {
  if (!value.is_boolean()) {
    problems.add(at, "must be true or false, got " + describe_value(value));
    return std::nullopt;
  }
  return value.get<bool>();
}

std::optional<std::string> read_string(const nlohmann::json& value, const Pointer& at,
                                       Problems& problems) {
  if (!value.is_string()) {
    problems.add(at, "must be a string, got " + describe_value(value));
    return std::nullopt;
  }
  return value.get<std::string>();
}

std::optional<size_t> read_choice(const nlohmann::json& value, const Pointer& at,
                                  const std::vector<std::string>& options, Problems& problems) {
  if (value.is_string()) {
    const auto it = std::find(options.begin(), options.end(), value.get_ref<const std::string&>());
    if (it != options.end()) return static_cast<size_t>(it - options.begin());
  }
  std::string rule = "must be " + list_options(options) + ", got " + describe_value(value);
  if (value.is_string()) {
    if (auto match = closest_match(value.get<std::string>(), options)) {
      rule += "; did you mean \"" + *match + "\"?";
    }
  }
  problems.add(at, rule);
  return std::nullopt;
}

bool expect_object(const nlohmann::json& value, const Pointer& at, Problems& problems) {
  if (value.is_object()) return true;
  problems.add(at, "must be an object, got " + describe_value(value));
  return false;
}

bool expect_array(const nlohmann::json& value, const Pointer& at, Problems& problems) {
  if (value.is_array()) return true;
  problems.add(at, "must be an array, got " + describe_value(value));
  return false;
}

ObjectReader::ObjectReader(const nlohmann::json& object, Pointer where, Problems& problems)
    : object_(object), where_(std::move(where)), problems_(problems) {}

const nlohmann::json* ObjectReader::get(const std::string& key, Need need) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
  const auto it = object_.find(key);
  if (it != object_.end()) return &*it;
  if (need == Need::kRequired) problems_.add(at(key), "required");
  return nullptr;
}

void ObjectReader::known(std::initializer_list<const char*> keys) {
  for (const char* key : keys) get(key);
}

void ObjectReader::only_for(const std::vector<std::string>& keys, const std::string& rule) {
  for (const std::string& key : keys) {
    other_keys_.push_back(key);
    if (object_.contains(key)) problems_.add(at(key), rule);
  }
}

std::optional<double> ObjectReader::number(const std::string& key, const Bounds& bounds,
                                           Need need) {
  const nlohmann::json* value = get(key, need);
  return value ? read_number(*value, at(key), bounds, problems_) : std::nullopt;
}

std::optional<int64_t> ObjectReader::integer(const std::string& key, const Bounds& bounds,
                                             Need need) {
  const nlohmann::json* value = get(key, need);
  return value ? read_integer(*value, at(key), bounds, problems_) : std::nullopt;
}

std::optional<double> ObjectReader::duration(const std::string& key, const Bounds& bounds,
                                             Need need) {
  const nlohmann::json* value = get(key, need);
  return value ? read_duration(*value, at(key), bounds, problems_) : std::nullopt;
}

std::optional<bool> ObjectReader::boolean(const std::string& key, Need need) {
  const nlohmann::json* value = get(key, need);
  return value ? read_bool(*value, at(key), problems_) : std::nullopt;
}

std::optional<std::string> ObjectReader::string(const std::string& key, Need need) {
  const nlohmann::json* value = get(key, need);
  return value ? read_string(*value, at(key), problems_) : std::nullopt;
}

std::optional<size_t> ObjectReader::choice(const std::string& key,
                                           const std::vector<std::string>& options, Need need) {
  const nlohmann::json* value = get(key, need);
  return value ? read_choice(*value, at(key), options, problems_) : std::nullopt;
}

void ObjectReader::finish() {
  for (const auto& item : object_.items()) {
    const std::string& key = item.key();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    if (std::find(other_keys_.begin(), other_keys_.end(), key) != other_keys_.end()) continue;
    if (auto match = closest_match(key, known_)) {
      problems_.add(at(key), "unknown key; did you mean '" + *match + "'?");
    } else {
      problems_.add(at(key), "unknown key; allowed keys: " + join(known_));
    }
  }
}

}  // namespace kds::front

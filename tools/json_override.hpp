// Setting one value in a scenario document by JSON pointer: what `--set PTR=VALUE` does, and what
// a sweep does for each of its axes and cases (SPEC §1 and §4 "sweep and merge"). The pointer's
// parent must exist; its last token may be a new key of an object or an existing index of an
// array, so that a typo in a path is an error rather than a new, ignored branch. The value null
// removes an object's key (a sweep switching a consumer to EFO drops its polling-only keys; an
// on-demand case drops /stream/shards), so the loader's default applies again.
#ifndef KDS_TOOLS_JSON_OVERRIDE_HPP_
#define KDS_TOOLS_JSON_OVERRIDE_HPP_

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace kds::front {

// Sets `value` at `pointer` in `doc`. On failure `doc` is unchanged and the result says why,
// e.g. "/strem does not exist (only the last key may be new)".
std::optional<std::string> set_at_pointer(nlohmann::json& doc,
                                          const nlohmann::json::json_pointer& pointer,
                                          nlohmann::json value);

// An override's VALUE: JSON if it parses as JSON ("8", "true", "{\"uniform\": 100}"), else the
// text as a string ("efo").
nlohmann::json override_value(const std::string& text);

}  // namespace kds::front

#endif  // KDS_TOOLS_JSON_OVERRIDE_HPP_

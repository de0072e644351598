#include "tools/json_override.hpp"

namespace kds::front {

std::optional<std::string> set_at_pointer(nlohmann::json& doc,
                                          const nlohmann::json::json_pointer& pointer,
                                          nlohmann::json value) {
  if (pointer.empty()) return "the pointer must name a key, not the whole document";
  const nlohmann::json::json_pointer parent_pointer = pointer.parent_pointer();
  bool parent_exists = false;
  try {
    parent_exists = doc.contains(parent_pointer);
  } catch (const nlohmann::json::exception&) {
    // nlohmann throws, rather than answering false, for array indices too large to represent.
  }
  if (!parent_exists)
    return parent_pointer.to_string() + " does not exist (only the last key may be new)";
  nlohmann::json& parent = doc[parent_pointer];
  const std::string& token = pointer.back();
  if (parent.is_object()) {
    if (value.is_null())
      parent.erase(token);  // null removes the key: the loader's default applies again
    else
      parent[token] = std::move(value);
    return std::nullopt;
  }
  if (!parent.is_array())
    return parent_pointer.to_string() + " is not an object or an array";
  const bool is_index = !token.empty() &&
                        token.find_first_not_of("0123456789") == std::string::npos &&
                        token.size() < 10;
  if (!is_index || std::stoul(token) >= parent.size()) {
    return "no element " + token + " in " + parent_pointer.to_string() + ", which has " +
           std::to_string(parent.size()) + " elements";
  }
  parent[std::stoul(token)] = std::move(value);
  return std::nullopt;
}

nlohmann::json override_value(const std::string& text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = text;
  return value;
}

}  // namespace kds::front

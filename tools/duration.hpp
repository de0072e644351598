// Durations as scenario files write them (SPEC §2): a JSON number of seconds, or a string with a
// unit, "250ms", "90s", "15m", "2h", "7d", decimals allowed ("1.5s"). They are parsed once, at load
// time, into seconds (STYLE §7); nothing after the loader sees the text.
#ifndef KDS_TOOLS_DURATION_HPP_
#define KDS_TOOLS_DURATION_HPP_

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace kds::front {

// The rule a malformed duration breaks, as the loader prints it before ", got <value>".
inline constexpr const char* kDurationRule =
    "must be a duration (number of seconds or a string like \"90s\", \"15m\", \"2h\")";

// Parses "<number><unit>" with unit ms, s, m, h or d; spaces around the number are allowed, a
// sign or an exponent is not. Returns the value in seconds, or nullopt if the text is not of
// that form (a bare "90" is refused: in a string the unit is required).
[[nodiscard]] std::optional<double> parse_duration_text(std::string_view text);

// A duration, or the reason it is not one (kDurationRule followed by the value received).
struct DurationResult {
  std::optional<double> seconds;  // set iff the value is a duration
  std::string error;              // empty iff seconds is set
};

// Accepts a finite JSON number (seconds, any sign: ranges are the caller's business) or a string
// accepted by parse_duration_text.
[[nodiscard]] DurationResult parse_duration(const nlohmann::json& value);

// Shortest exact rendering of a duration for messages: 0.2 -> "200ms", 90 -> "90s",
// 7200 -> "2h", 34560000 -> "400d". Falls back to seconds ("1.25s").
[[nodiscard]] std::string format_duration(double seconds);

}  // namespace kds::front

#endif  // KDS_TOOLS_DURATION_HPP_

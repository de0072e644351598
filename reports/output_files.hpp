// Writing output files atomically: into a temporary file beside the target, then rename, so a
// reader never sees half a file and a failed run leaves no partial output.
#ifndef KDS_REPORTS_OUTPUT_FILES_HPP_
#define KDS_REPORTS_OUTPUT_FILES_HPP_

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kds::reports {

// Asked between writes (at most 1 MiB apart) and once more before the first rename; true abandons
// the write as an error does (an interrupted run: tools/interrupt.hpp). Once renaming has begun
// it is not asked again: the renames complete.
using StopRequested = std::function<bool()>;

// A whole file's bytes, or nothing when it cannot be opened or read (errno then says why).
[[nodiscard]] std::optional<std::string> read_file_text(const std::string& path);

// Returns an error message, or "" on success.
[[nodiscard]] std::string write_file_atomically(const std::string& path, const std::string& content,
                                                const StopRequested& stop_requested = nullptr);

// Writes several files (path, content) all or nothing: every content goes to a temporary file of
// its own (unique, so runs sharing a folder do not collide) before any is renamed into place; on
// any error, or when stop_requested() says so, the temporary files are removed and no target is
// touched. Returns an error message, or "" on success.
[[nodiscard]] std::string write_files_atomically(
    const std::vector<std::pair<std::string, std::string>>& files,
    const StopRequested& stop_requested = nullptr);

// Finite numbers only: JSON and CSV never carry NaN or infinity (SPEC §3).
double finite_or_zero(double value);
// Rounds to `decimals` places, finite. Dividing by a power of ten (rather than multiplying by a
// step) gives the double nearest the decimal, so JSON shows 29677.277, not 29677.277000000002.
double round_to(double value, int decimals);
// A number as text: integers without a decimal point, others with up to 10 significant digits.
std::string format_number(double value);

}  // namespace kds::reports

#endif  // KDS_REPORTS_OUTPUT_FILES_HPP_

// Writing output files atomically: into a temporary file beside the target, then rename, so a
// reader never sees half a file and a failed run leaves no partial output.
#ifndef KDS_REPORTS_OUTPUT_FILES_HPP_
#define KDS_REPORTS_OUTPUT_FILES_HPP_

#include <string>
#include <utility>
#include <vector>

namespace kds::reports {

// Returns an error message, or "" on success.
[[nodiscard]] std::string write_file_atomically(const std::string& path,
                                                const std::string& content);

// Writes several files (path, content) all or nothing: every content goes to a temporary file of
// its own (unique, so runs sharing a folder do not collide) before any is renamed into place; on
// any error the temporary files are removed and no target is touched. Returns an error message,
// or "" on success.
[[nodiscard]] std::string write_files_atomically(
    const std::vector<std::pair<std::string, std::string>>& files);

// Finite numbers only: JSON and CSV never carry NaN or infinity (SPEC §3).
double finite_or_zero(double value);
// A number as text: integers without a decimal point, others with up to 10 significant digits.
std::string format_number(double value);

}  // namespace kds::reports

#endif  // KDS_REPORTS_OUTPUT_FILES_HPP_

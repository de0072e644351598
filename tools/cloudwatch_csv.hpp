// A CloudWatch metric export as CSV, the input of a trace rate (SPEC §2 producers[].rate.trace):
// a header row naming the columns, then one row per period, oldest first, comma-separated; cells
// may be quoted. The loader takes one named column of per-period Sums.
#ifndef KDS_TOOLS_CLOUDWATCH_CSV_HPP_
#define KDS_TOOLS_CLOUDWATCH_CSV_HPP_

#include <optional>
#include <string>
#include <vector>

namespace kds::front {

struct CloudWatchColumn {
  std::vector<double> sums;                 // one per data row, in file order
  std::optional<std::string> file_error;    // the file is unreadable or has no header row
  std::optional<std::string> column_error;  // no such column; names the available ones
  std::vector<std::string> cell_errors;  // "line 7: ..." for empty, non-numeric or negative cells
};

// Reads column `column` of the CSV file at `path`. Blank lines are skipped. At most
// `max_cell_errors` cell errors are listed, then one line counting the rest.
[[nodiscard]] CloudWatchColumn read_cloudwatch_column(const std::string& path,
                                                      const std::string& column,
                                                      size_t max_cell_errors = 10);

}  // namespace kds::front

#endif  // KDS_TOOLS_CLOUDWATCH_CSV_HPP_

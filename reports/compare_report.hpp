// compare.html: two or more run folders side by side (kds-sim compare). Their curves are overlaid
// (IteratorAge of each consumer, incoming records, write throttling, open shards) and their costs
// and SLO verdicts are put in one table, e.g. shared polling against EFO, or provisioned against
// on-demand. Built from the folders' summary.json and metrics.csv only.
#ifndef KDS_REPORTS_COMPARE_REPORT_HPP_
#define KDS_REPORTS_COMPARE_REPORT_HPP_

#include <string>
#include <vector>

#include "reports/run_folder.hpp"

namespace kds::reports {

// The page as text; deterministic for the same folders in the same order.
std::string compare_report(const std::vector<RunFolder>& runs);

// Short names for the runs: the folder names, or the paths as given where folder names repeat.
std::vector<std::string> run_labels(const std::vector<RunFolder>& runs);

}  // namespace kds::reports

#endif  // KDS_REPORTS_COMPARE_REPORT_HPP_

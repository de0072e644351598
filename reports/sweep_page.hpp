// sweep.html (SPEC §4 "sweep and merge"): a sweep's results.csv for people, one self-contained
// page like report.html. A table of every run, sortable by any column (click its header), and for
// each numeric axis a chart of each headline figure against it: one line per combination of the
// other axes' values, through the mean over the seeds, in a band from their minimum to maximum.
#ifndef KDS_REPORTS_SWEEP_PAGE_HPP_
#define KDS_REPORTS_SWEEP_PAGE_HPP_

#include <string>
#include <vector>

namespace kds::reports {

struct SweepTable {
  std::string name;                             // the sweep's
  std::vector<std::vector<std::string>> rows;   // results.csv: the header first
  std::vector<std::string> axes;                // the header names that are the sweep's pointers
};

std::string sweep_page(const SweepTable& table);

}  // namespace kds::reports

#endif  // KDS_REPORTS_SWEEP_PAGE_HPP_

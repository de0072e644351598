// `kds-sim merge DIR` (SPEC §4 "sweep and merge"): gathers the tasks' results-<I>-of-<N>.csv into
// DIR/results.csv and DIR/sweep.html, after checking that they are complete: every case id and
// seed exactly once, and the sweep file (and its base) unchanged since each task ran. The merged
// rows are in case then seed order, so results.csv is byte-identical whatever N and -j were.
#ifndef KDS_SWEEP_SWEEP_MERGE_HPP_
#define KDS_SWEEP_SWEEP_MERGE_HPP_

#include <string>
#include <vector>

#include "sweep/sweep_file.hpp"
#include "sweep/sweep_results.hpp"

namespace kds::sweep {

struct MergeOutcome {
  std::vector<std::string> problems;  // incomplete or inconsistent: exit 2, nothing written
  std::string error;                  // an output could not be written: exit 1
  std::vector<CsvRow> rows;           // the merged rows, header first
  std::string sweep_name;
  std::vector<std::string> axes;      // the pointers the sweep sets (results.csv's columns)
  size_t failed = 0;                  // rows whose status is not "ok"
};

// Merges DIR's task results; the sweep file is read back from the path the tasks recorded.
MergeOutcome merge_sweep(const std::string& output_dir);

}  // namespace kds::sweep

#endif  // KDS_SWEEP_SWEEP_MERGE_HPP_

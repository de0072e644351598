// Running lesson scenarios (`kds-sim exam`, `kds-sim quiz`): each a `kds-sim run` process of
// this binary, in parallel, in DIR/<label>/, read back from its summary.json.
#ifndef KDS_EXAM_LESSON_RUNS_HPP_
#define KDS_EXAM_LESSON_RUNS_HPP_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exam/lesson_library.hpp"
#include "sweep/process_pool.hpp"

namespace kds::exam {

struct LessonRun {
  bool ran = false;
  std::string status;  // "ok", or why there is no summary
  std::string folder;  // DIR/<label>
  size_t checks = 0, met = 0;
  double wall_s = 0;
  nlohmann::json summary;  // summary.json, when it ran
  bool all_met() const { return ran && met == checks; }
};

using RunOptions = sweep::ScenarioRuns;

std::vector<LessonRun> run_lessons(const std::vector<LessonScenario>& scenarios,
                                   const RunOptions& options, int& interrupted_by);

}  // namespace kds::exam

#endif  // KDS_EXAM_LESSON_RUNS_HPP_

// The exam library (SPEC §4 "lessons, exam and quiz"): scenario files found under the given paths
// (default scenarios/exam/), loaded and grouped by folder. A folder is a trap: one scenario asks
// the question (its lesson has `question`), the others show an option (`shows`).
#ifndef KDS_EXAM_LESSON_LIBRARY_HPP_
#define KDS_EXAM_LESSON_LIBRARY_HPP_

#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace kds::exam {

struct LessonScenario {
  std::string path;   // the file, as found
  std::string label;  // its path relative to the library root, without .json: "hot_key/more_shards"
  models::Scenario scenario;
};

struct Trap {
  std::string folder;       // relative to the library root
  models::LessonSpec lesson;  // the asking scenario's
  std::vector<LessonScenario> scenarios;  // every scenario of the folder, by file name
};

struct Library {
  std::vector<LessonScenario> scenarios;  // every scenario with a lesson, in path order
  std::vector<Trap> traps;                // folders whose scenarios ask a question
  std::vector<std::string> errors;        // "path: pointer: rule" for files that do not load
};

// Scenario files under `paths` (files or folders, searched recursively; *.json), those with a
// lesson. Files without one are skipped; files that do not load are errors.
Library load_library(const std::vector<std::string>& paths);

}  // namespace kds::exam

#endif  // KDS_EXAM_LESSON_LIBRARY_HPP_

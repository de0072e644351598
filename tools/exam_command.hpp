// `kds-sim exam [PATH...]` and `kds-sim quiz [--topic T] [--lesson FOLDER] [--answer LETTER]`
// (SPEC §4 "lessons, exam and quiz"; the library and the runs are in exam/).
#ifndef KDS_TOOLS_EXAM_COMMAND_HPP_
#define KDS_TOOLS_EXAM_COMMAND_HPP_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kds::front {

struct ExamOptions {
  std::vector<std::string> paths;  // empty: scenarios/exam
  std::string output_dir;          // empty: out/exam (exam), out/quiz (quiz)
  std::optional<size_t> parallel;  // -j; default: the cores
  bool quiet = false;
  std::vector<std::string> simgrid_args;
  std::vector<std::string> overrides;  // --set PTR=VALUE, passed to every run
  std::optional<uint64_t> seed;        // --seed, passed to every run
  // quiz only
  std::string topic, lesson, answer;
};

// Exit codes: 0 every expectation holds; 3 one does not; 2 a scenario that does not load (each
// problem printed) or no lesson found; 1 a run that failed.
int exam_command(const ExamOptions& options);

// Exit codes: 0 the lesson ran (whatever the answer); 2 no such lesson or topic, no answer given
// (end of input); 1 a run that failed.
int quiz_command(const ExamOptions& options);

}  // namespace kds::front

#endif  // KDS_TOOLS_EXAM_COMMAND_HPP_

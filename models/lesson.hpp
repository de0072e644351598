// A scenario as a lesson (SPEC §4 "lessons, exam and quiz"): the exam-style question it answers
// and the expectations on its summary.json that hold only when the simulator behaves like the
// real service. A trap in scenarios/exam/ is a folder: one scenario carries the whole lesson,
// its siblings only say which option they show (`shows`), and `kds-sim quiz` runs them all.
#ifndef KDS_MODELS_LESSON_HPP_
#define KDS_MODELS_LESSON_HPP_

#include <string>
#include <utility>
#include <vector>

namespace kds::models {

struct LessonSpec {
  std::string topic;     // "writes", "reads", "lambda", ...
  std::string question;  // in plain words
  std::vector<std::pair<std::string, std::string>> options;  // letter -> text, in file order
  std::string answer;    // one of the letters
  std::string explanation;
  std::vector<std::string> facts;  // fact-sheet rows it rests on: "T17", "§1"
  std::string shows;  // the option this scenario's configuration shows, "" when it shows none
  bool asks() const { return !question.empty(); }  // the full lesson, not only `shows`
};

// One check on summary.json: the value at `path` compared by `op` with the expected value.
struct ExpectSpec {
  enum class Kind { kNumber, kBool, kString };
  std::string path;  // a JSON pointer into summary.json
  std::string op;    // <, <=, >, >=, ==, !=
  Kind kind = Kind::kNumber;
  double number = 0;
  bool boolean = false;
  std::string text;
  std::string because;  // why it must hold, for the reader
};

}  // namespace kds::models

#endif  // KDS_MODELS_LESSON_HPP_

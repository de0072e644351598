// The front end of the exam library: find the lessons, run them as processes, print one line per
// scenario (exam) or one lesson's question, outcome and explanation (quiz).
#include "tools/exam_command.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "exam/lesson_library.hpp"
#include "exam/lesson_runs.hpp"
#include "reports/html_page.hpp"
#include "reports/output_files.hpp"
#include "reports/run_folder.hpp"
#include "tools/process_self.hpp"

namespace kds::front {

namespace {
constexpr int kExitFailed = 1;
constexpr int kExitInvalid = 2;
constexpr int kExitUnmet = 3;

std::optional<exam::Library> library_or_errors(const ExamOptions& o) {
  std::vector<std::string> paths = o.paths;
  if (paths.empty()) {
    // scenarios/exam/ of the working folder (the repository), else of the repository this binary
    // was built in (build/kds-sim -> scenarios/exam).
    paths.push_back("scenarios/exam");
    const std::filesystem::path beside =
        std::filesystem::path(this_binary()).parent_path() / ".." / "scenarios" / "exam";
    std::error_code error;
    if (!std::filesystem::is_directory(paths.front(), error) &&
        std::filesystem::is_directory(beside, error))
      paths.front() = beside.lexically_normal().string();
  }
  exam::Library library = exam::load_library(paths);
  for (const std::string& e : library.errors) std::cerr << e << "\n";
  if (!library.errors.empty()) return std::nullopt;
  if (library.scenarios.empty()) {
    std::cerr << "no scenario with a lesson under";
    for (const auto& p : paths) std::cerr << " " << p;
    std::cerr << "\n";
    return std::nullopt;
  }
  return library;
}

exam::RunOptions run_options(const ExamOptions& o, const std::string& default_dir) {
  exam::RunOptions r;
  r.output_dir = o.output_dir.empty() ? default_dir : o.output_dir;
  r.kds_sim_path = this_binary();
  r.parallel = o.parallel.value_or(std::max(1u, std::thread::hardware_concurrency()));
  r.run_flags = o.simgrid_args;
  // run's conventions (SPEC §4): --set and --seed apply to every scenario of the library.
  for (const std::string& set : o.overrides) r.run_flags.insert(r.run_flags.end(), {"--set", set});
  if (o.seed) r.run_flags.insert(r.run_flags.end(), {"--seed", std::to_string(*o.seed)});
  return r;
}

std::string topic_of(const exam::Library& library, const exam::LessonScenario& s) {
  if (!s.scenario.lesson->topic.empty()) return s.scenario.lesson->topic;
  for (const exam::Trap& t : library.traps) {
    for (const auto& member : t.scenarios)
      if (member.path == s.path) return t.lesson.topic;
  }
  return "-";
}

double number_at(const nlohmann::json& j, const std::string& pointer) {
  const nlohmann::json::json_pointer p(pointer);
  return j.contains(p) && j.at(p).is_number() ? j.at(p).get<double>() : 0.0;
}

// A small text chart: the maximum IteratorAge over the consumers per period, one block character
// per group of periods, scaled to `top`.
std::string age_sparkline(const std::string& folder, double top, size_t width) {
  const auto read = reports::read_run_folder(folder);
  if (!read.folder || top <= 0) return "";
  const auto& run = *read.folder;
  std::vector<double> age(run.time_s.size(), 0.0);
  for (const auto& c : run.summary.consumers) {
    if (const auto* s = reports::consumer_iterator_age(run, c.name)) {
      for (size_t i = 0; i < s->size() && i < age.size(); ++i)
        if ((*s)[i] == (*s)[i]) age[i] = std::max(age[i], (*s)[i]);
    }
  }
  if (age.empty()) return "";
  static const char* kBlocks[] = {" ", "\u2581", "\u2582", "\u2583", "\u2584",
                                  "\u2585", "\u2586", "\u2587", "\u2588"};
  std::string out;
  const size_t cells = std::min(width, age.size());
  for (size_t cell = 0; cell < cells; ++cell) {
    double peak = 0;
    for (size_t i = cell * age.size() / cells; i < (cell + 1) * age.size() / cells; ++i)
      peak = std::max(peak, age[i]);
    out += kBlocks[std::clamp(static_cast<int>(std::ceil(8 * peak / top)), 0, 8)];
  }
  return out;
}

// The scenario's file name within its trap folder: "one_shard".
std::string short_name(const exam::LessonScenario& s) {
  const size_t slash = s.label.rfind('/');
  return slash == std::string::npos ? s.label : s.label.substr(slash + 1);
}

std::string seconds(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, ms < 1000 ? "%.0f ms" : "%.1f s", ms < 1000 ? ms : ms / 1000);
  return text;
}
}  // namespace

int exam_command(const ExamOptions& options) {
  const auto library = library_or_errors(options);
  if (!library) return kExitInvalid;
  const exam::RunOptions run = run_options(options, "out/exam");
  int interrupted_by = 0;
  const auto runs = exam::run_lessons(library->scenarios, run, interrupted_by);
  if (interrupted_by) end_by_signal(interrupted_by);
  size_t held = 0, failed = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto& s = library->scenarios[i];
    const auto& r = runs[i];
    held += r.all_met();
    failed += !r.ran;
    if (options.quiet && r.all_met()) continue;
    char line[512];
    if (r.ran) {
      std::snprintf(line, sizeof line, "%-12s %-48s %-8s %zu/%zu expectations met  %5.1f s\n",
                    topic_of(*library, s).c_str(), s.label.c_str(),
                    r.all_met() ? "holds" : "FAILS", r.met, r.checks, r.wall_s);
    } else {
      std::snprintf(line, sizeof line, "%-12s %-48s %-8s %s\n", topic_of(*library, s).c_str(),
                    s.label.c_str(), "ERROR", r.status.c_str());
    }
    std::cout << line;
  }
  // exam.json for scripts and exam.html for people (SPEC §4's convention), beside the runs.
  nlohmann::ordered_json report{{"held", held}, {"scenarios", runs.size()}, {"results", nlohmann::ordered_json::array()}};
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto& s = library->scenarios[i];
    const auto& r = runs[i];
    report["results"].push_back({{"scenario", s.label},
                                 {"topic", topic_of(*library, s)},
                                 {"status", r.status},
                                 {"holds", r.all_met()},
                                 {"checks", r.checks},
                                 {"met", r.met},
                                 {"report", r.folder + "/report.html"}});
    rows.push_back({topic_of(*library, s), s.label, r.ran ? (r.all_met() ? "holds" : "FAILS") : r.status,
                    std::to_string(r.met) + "/" + std::to_string(r.checks)});
  }
  const std::string page = reports::html_page(
      "kds-sim exam",
      "<section><h2>Exam: " + std::to_string(held) + " of " + std::to_string(runs.size()) +
          " scenarios hold every expectation</h2>\n" +
          reports::html_table({"topic", "scenario", "verdict", "checks met"}, rows) +
          "</section>\n");
  const std::string problem = reports::write_files_atomically(
      {{run.output_dir + "/exam.json", report.dump(2) + "\n"}, {run.output_dir + "/exam.html", page}});
  if (!problem.empty()) {
    std::cerr << problem << "\n";
    return kExitFailed;
  }
  if (!options.quiet) {
    std::cout << "exam: " << held << " of " << runs.size()
              << " scenarios hold every expectation; runs in " << run.output_dir << "\n";
  }
  if (failed > 0) return kExitFailed;
  return held == runs.size() ? 0 : kExitUnmet;
}

int quiz_command(const ExamOptions& options) {
  const auto library = library_or_errors(options);
  if (!library) return kExitInvalid;
  std::vector<const exam::Trap*> traps;
  for (const exam::Trap& t : library->traps) {
    if (!options.topic.empty() && t.lesson.topic != options.topic) continue;
    if (!options.lesson.empty() && t.folder != options.lesson) continue;
    traps.push_back(&t);
  }
  if (traps.empty()) {
    std::map<std::string, int> topics;
    for (const exam::Trap& t : library->traps) ++topics[t.lesson.topic];
    std::cerr << "no lesson";
    if (!options.topic.empty()) std::cerr << " on topic \"" << options.topic << "\"";
    if (!options.lesson.empty()) std::cerr << " in folder \"" << options.lesson << "\"";
    std::cerr << "; topics:";
    for (const auto& [topic, n] : topics) std::cerr << " " << topic << " (" << n << ")";
    std::cerr << "\n";
    return kExitInvalid;
  }
  std::random_device device;
  const exam::Trap& trap = *traps[std::uniform_int_distribution<size_t>(0, traps.size() - 1)(device)];
  const models::LessonSpec& lesson = trap.lesson;
  std::string letters, choices;  // "AB", "A or B"
  for (const auto& option : lesson.options) {
    choices += (letters.empty() ? "" : letters.size() + 1 == lesson.options.size() ? " or " : ", ") +
               option.first;
    letters += option.first;
  }
  std::string answer = options.answer;
  const auto valid = [&](const std::string& a) {
    return a.size() == 1 &&
           letters.find(static_cast<char>(std::toupper(static_cast<unsigned char>(a[0])))) !=
               std::string::npos;
  };
  // A scripted answer is checked before the question is shown.
  if (!answer.empty() && !valid(answer)) {
    std::cerr << "--answer: must be " << choices << ", got " << answer << "\n";
    return kExitInvalid;
  }
  std::cout << "Topic: " << lesson.topic << "   (lesson " << trap.folder << ")\n\n"
            << lesson.question << "\n\n";
  for (const auto& [letter, text] : lesson.options) std::cout << "  " << letter << ") " << text << "\n";
  if (answer.empty()) {
    for (;;) {
      std::cout << "\nYour answer (" << choices << "): " << std::flush;
      if (!std::getline(std::cin, answer)) {
        std::cerr << "\nno answer given\n";
        return kExitInvalid;
      }
      answer.erase(std::remove_if(answer.begin(), answer.end(),
                                  [](unsigned char c) { return std::isspace(c) != 0; }),
                   answer.end());
      if (valid(answer)) break;
      std::cout << "Please type " << choices << ".";
    }
  } else {
    std::cout << "\nYour answer: " << answer << "\n";
  }
  answer[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(answer[0])));

  std::cout << "\nRunning " << trap.scenarios.size() << " scenario(s)...\n\n" << std::flush;
  const exam::RunOptions run = run_options(options, "out/quiz");
  int interrupted_by = 0;
  const auto runs = exam::run_lessons(trap.scenarios, run, interrupted_by);
  if (interrupted_by) end_by_signal(interrupted_by);
  double top_age = 0;
  for (const auto& r : runs) {
    if (!r.ran) continue;
    for (const auto& c : r.summary.value("consumers", nlohmann::json::array()))
      top_age = std::max(top_age, number_at(c, "/iterator_age_ms/max"));
  }
  bool failed = false, unmet = false;
  char line[512];
  std::snprintf(line, sizeof line, "  %-24s %5s %9s %10s %12s %9s %10s %6s\n", "scenario", "shows",
                "throttled", "dropped", "IteratorAge", "lost", "$/month", "checks");
  std::cout << line;
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto& s = trap.scenarios[i];
    const auto& r = runs[i];
    if (!r.ran) {
      std::cout << "  " << s.label << ": " << r.status << "\n";
      failed = true;
      continue;
    }
    double age = 0, lost = 0;
    for (const auto& c : r.summary.value("consumers", nlohmann::json::array())) {
      age = std::max(age, number_at(c, "/iterator_age_ms/max"));
      lost += number_at(c, "/lost_records");
    }
    char checks[32];
    std::snprintf(checks, sizeof checks, "%zu/%zu", r.met, r.checks);
    std::snprintf(line, sizeof line, "  %-24s %5s %8.2f%% %10.0f %12s %9.0f %10.2f %6s\n",
                  short_name(s).c_str(), s.scenario.lesson->shows.c_str(),
                  100 * number_at(r.summary, "/stream/write_throttle_ratio"),
                  number_at(r.summary, "/stream/producer_dropped_records"), seconds(age).c_str(),
                  lost, number_at(r.summary, "/cost/billed/monthly_usd"), checks);
    unmet = unmet || !r.all_met();
    std::cout << line;
  }
  // The text chart where IteratorAge tells the story (a consumer a second or more behind).
  if (top_age >= 1000) {
    std::cout << "\n  IteratorAge over the run (max " << seconds(top_age) << "):\n";
    for (size_t i = 0; i < runs.size(); ++i) {
      if (!runs[i].ran) continue;
      std::snprintf(line, sizeof line, "  %-24s |%s|\n", short_name(trap.scenarios[i]).c_str(),
                    age_sparkline(runs[i].folder, top_age, 48).c_str());
      std::cout << line;
    }
  }
  std::cout << "\n"
            << (answer == lesson.answer ? "Right: " + lesson.answer + "."
                                        : "Not quite: you answered " + answer +
                                              "; the answer is " + lesson.answer + ".")
            << "\n\n" << lesson.explanation << "\n";
  if (!lesson.facts.empty()) {
    std::cout << "\nFacts:";
    for (const auto& f : lesson.facts) std::cout << " " << f;
    std::cout << " (the fact sheet's rows)\n";
  }
  std::cout << "\nReports:\n";
  for (const auto& r : runs) std::cout << "  " << r.folder << "/report.html\n";
  if (failed) return kExitFailed;
  if (unmet) {
    // The lesson's own checks did not hold: the runs do not show what the explanation says.
    std::cout << "\nWarning: some of this lesson's checks did not hold (see the checks column); "
                 "the simulation does not show what the explanation says. kds-sim exam lists them.\n";
    return kExitUnmet;
  }
  return 0;
}

}  // namespace kds::front

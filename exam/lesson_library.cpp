#include "exam/lesson_library.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include "tools/scenario_loader.hpp"

namespace kds::exam {

namespace fs = std::filesystem;

namespace {
std::string label_of(const fs::path& file, const fs::path& root) {
  fs::path relative = root.empty() ? file.filename() : file.lexically_relative(root);
  relative.replace_extension();
  return relative.generic_string();
}
}  // namespace

Library load_library(const std::vector<std::string>& paths) {
  Library library;
  std::vector<std::pair<fs::path, fs::path>> files;  // (file, root)
  for (const std::string& p : paths) {
    std::error_code error;
    if (fs::is_directory(p, error)) {
      for (const auto& entry : fs::recursive_directory_iterator(p, error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json")
          files.push_back({entry.path(), fs::path(p)});
      }
    } else if (fs::is_regular_file(p, error)) {
      files.push_back({fs::path(p), fs::path(p).parent_path().parent_path()});
    } else {
      library.errors.push_back(p + ": no such file or folder");
    }
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, size_t> trap_of_folder;
  for (const auto& [file, root] : files) {
    front::LoadResult loaded = front::load_scenario_file(file.string(), {}, std::nullopt);
    if (!loaded.scenario) {
      for (const auto& e : loaded.errors)
        library.errors.push_back(file.string() + ": " + front::to_string(e));
      continue;
    }
    if (!loaded.scenario->lesson) continue;
    LessonScenario s{file.string(), label_of(file, root), std::move(*loaded.scenario)};
    library.scenarios.push_back(s);
    const std::string folder = fs::path(s.label).parent_path().generic_string();
    auto [it, inserted] = trap_of_folder.emplace(folder, library.traps.size());
    if (inserted) library.traps.push_back(Trap{folder, {}, {}});
    Trap& trap = library.traps[it->second];
    if (s.scenario.lesson->asks()) trap.lesson = *s.scenario.lesson;
    trap.scenarios.push_back(std::move(s));
  }
  // A folder whose scenarios only show options asks nothing: not a trap of the quiz.
  library.traps.erase(std::remove_if(library.traps.begin(), library.traps.end(),
                                     [](const Trap& t) { return !t.lesson.asks(); }),
                      library.traps.end());
  return library;
}

}  // namespace kds::exam

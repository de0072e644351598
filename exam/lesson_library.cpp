#include "exam/lesson_library.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

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
  std::set<fs::path> seen;  // a file named twice (or by two paths) runs once
  const auto add = [&](const fs::path& file, const fs::path& root) {
    std::error_code error;
    if (seen.insert(fs::weakly_canonical(file, error)).second) files.push_back({file, root});
  };
  for (const std::string& p : paths) {
    std::error_code error;
    if (fs::is_directory(p, error)) {
      // A library holds trap folders; a trap folder given alone is labelled by its own name.
      bool has_folders = false;
      for (const auto& entry : fs::directory_iterator(p, error))
        has_folders = has_folders || entry.is_directory();
      const fs::path root = has_folders ? fs::path(p) : fs::path(p).lexically_normal().parent_path();
      for (const auto& entry : fs::recursive_directory_iterator(p, error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") add(entry.path(), root);
      }
    } else if (fs::is_regular_file(p, error)) {
      add(fs::path(p), fs::path(p).parent_path().parent_path());
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
    if (s.scenario.lesson->asks()) {
      if (trap.lesson.asks()) {
        library.errors.push_back(s.path + ": /lesson/question: the folder " + folder +
                                 " already has a scenario that asks its question; the others "
                                 "only say which option they show");
      }
      trap.lesson = *s.scenario.lesson;
    }
    trap.scenarios.push_back(std::move(s));
  }
  // Each scenario shows one of its trap's options.
  for (const Trap& trap : library.traps) {
    if (!trap.lesson.asks()) continue;
    for (const LessonScenario& s : trap.scenarios) {
      const std::string& shows = s.scenario.lesson->shows;
      const bool offered =
          std::any_of(trap.lesson.options.begin(), trap.lesson.options.end(),
                      [&](const auto& option) { return option.first == shows; });
      if (!shows.empty() && !offered) {
        library.errors.push_back(s.path + ": /lesson/shows: \"" + shows +
                                 "\" is not an option of its folder's question");
      }
    }
  }
  // A folder whose scenarios only show options asks nothing: not a trap of the quiz.
  library.traps.erase(std::remove_if(library.traps.begin(), library.traps.end(),
                                     [](const Trap& t) { return !t.lesson.asks(); }),
                      library.traps.end());
  return library;
}

}  // namespace kds::exam

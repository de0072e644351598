// Helpers shared by the report tests: running kds-sim and shell commands from a test, and opening
// a page in real headless Chromium (Debian's `chromium`, installed by tools/setup.sh) to take a
// screenshot or dump the DOM after the page's script ran, with the browser's console log.
#ifndef KDS_TESTS_TOOLS_REPORT_TEST_SUPPORT_HPP_
#define KDS_TESTS_TOOLS_REPORT_TEST_SUPPORT_HPP_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

namespace kds::reports::testing {

namespace fs = std::filesystem;

struct CommandResult {
  int exit_code;
  std::string stdout_text;
  std::string stderr_text;
};

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh empty folder under the system temp folder, named after the test.
inline fs::path fresh_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("kds-report-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Runs `command` with /bin/sh, its output captured into files of `work`.
inline CommandResult shell(const std::string& command, const fs::path& work) {
  const std::string redirected =
      "( " + command + " ) > " + (work / "stdout").string() + " 2> " + (work / "stderr").string();
  const int status = std::system(redirected.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(work / "stdout"),
          read_text(work / "stderr")};
}

inline CommandResult kds_sim(const std::string& arguments, const fs::path& work) {
  return shell(std::string(KDS_SIM_BINARY) + " " + arguments, work);
}

inline std::string scenario_path(const std::string& name) {
  return std::string(KDS_SOURCE_DIR) + "/scenarios/" + name;
}

const char* const kChromium = "/usr/bin/chromium";

// What headless Chromium made of a page: its DOM after scripts ran (or nothing when a screenshot
// was asked for), and every console message it logged.
struct BrowserRun {
  int exit_code;
  std::string dom;
  std::vector<std::string> console;  // lines of the log with ":CONSOLE" or "Uncaught"
};

// Opens `page` with a fresh profile and no network side traffic; `mode` is "--dump-dom" or
// "--screenshot=<png>".
inline BrowserRun open_in_chromium(const fs::path& page, const std::string& mode,
                                   const fs::path& work) {
  BOOST_REQUIRE_MESSAGE(fs::exists(kChromium),
                        "headless Chromium is missing: install Debian's chromium "
                        "package (tools/setup.sh does)");
  const fs::path profile = work / ("chromium-profile-" + std::to_string(std::rand()));
  const std::string command =
      std::string("timeout 120 ") + kChromium +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --user-data-dir=" +
      profile.string() + " --enable-logging=stderr --v=0 --window-size=1400,4000 " + mode +
      " file://" + fs::absolute(page).string();
  const CommandResult r = shell(command, work);
  BrowserRun run{r.exit_code, r.stdout_text, {}};
  std::istringstream log(r.stderr_text);
  for (std::string line; std::getline(log, line);) {
    if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos) {
      run.console.push_back(line);
    }
  }
  fs::remove_all(profile);
  return run;
}

inline std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += "\n  " + line;
  return text;
}

// A value of the <body> attribute `name` in a dumped DOM, or "" if absent.
inline std::string body_attribute(const std::string& dom, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(dom, m, std::regex("<body[^>]*\\s" + name + "=\"([^\"]*)\""))) return "";
  return m[1];
}

// The number of drawn data elements the page's self-check counted in chart `id`, or -1.
inline int chart_drawn(const std::string& dom, const std::string& id) {
  std::smatch m;
  if (!std::regex_search(
          dom, m,
          std::regex("<svg class=\"chart\" id=\"" + id + "\"[^>]*data-drawn=\"([0-9]+)\""))) {
    return -1;
  }
  return std::stoi(m[1]);
}

// A screenshot worth the name: a PNG of the requested size that is not one flat colour (those
// compress to a few kB at 1400 x 4000).
inline void check_screenshot(const fs::path& png) {
  BOOST_REQUIRE(fs::exists(png));
  const std::string bytes = read_text(png);
  BOOST_REQUIRE_GT(bytes.size(), 24u);
  BOOST_TEST(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  auto big_endian = [&](size_t at) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
           (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
  };
  BOOST_TEST(big_endian(16) == 1400u);  // IHDR width
  BOOST_TEST(big_endian(20) == 4000u);  // IHDR height
  BOOST_TEST(bytes.size() > 40000u, "screenshot of " << bytes.size() << " bytes looks blank");
}

}  // namespace kds::reports::testing

#endif  // KDS_TESTS_TOOLS_REPORT_TEST_SUPPORT_HPP_

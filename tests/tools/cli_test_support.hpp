// Running the kds-sim binary from a test: its exit code, stdout and stderr, in a fresh folder.
#ifndef KDS_TESTS_TOOLS_CLI_TEST_SUPPORT_HPP_
#define KDS_TESTS_TOOLS_CLI_TEST_SUPPORT_HPP_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kds::testing {

struct CommandResult {
  int exit_code;
  std::string stdout_text;
  std::string stderr_text;
};

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// An empty folder of the temporary directory, named after the test and this process.
inline std::filesystem::path fresh_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("kds-sim-cli-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs `PREFIX kds-sim ARGUMENTS` through the shell (PREFIX: "" or, say, "env NAME=VALUE ");
// stdout and stderr go to files in `work`.
inline CommandResult kds_sim_with_prefix(const std::string& prefix, const std::string& arguments,
                                         const std::filesystem::path& work) {
  const std::string command = prefix + std::string(KDS_SIM_BINARY) + " " + arguments + " > " +
                              (work / "stdout").string() + " 2> " + (work / "stderr").string();
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(work / "stdout"),
          read_text(work / "stderr")};
}

// Runs `kds-sim ARGUMENTS` through the shell; stdout and stderr go to files in `work`.
inline CommandResult kds_sim(const std::string& arguments, const std::filesystem::path& work) {
  return kds_sim_with_prefix("", arguments, work);
}

inline std::string scenario(const std::string& name) {
  return std::string(KDS_SOURCE_DIR) + "/scenarios/" + name;
}

}  // namespace kds::testing

#endif  // KDS_TESTS_TOOLS_CLI_TEST_SUPPORT_HPP_

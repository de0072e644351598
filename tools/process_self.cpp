#include "tools/process_self.hpp"

#include <signal.h>

#include <cstdlib>
#include <filesystem>

namespace kds::front {

std::string this_binary() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string("kds-sim") : self.string();
}

void end_by_signal(int signal) {
  ::signal(signal, SIG_DFL);
  ::raise(signal);
  std::_Exit(128 + signal);
}

}  // namespace kds::front

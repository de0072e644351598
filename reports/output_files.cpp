#include "reports/output_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kds::reports {

std::optional<std::string> read_file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in && !in.eof()) return std::nullopt;
  return buffer.str();
}

namespace {
// A stop request is noticed within one write of this size (about a millisecond to the page cache).
constexpr size_t kWriteChunkBytes = 1 << 20;
const char* const kStopped = "stopped before any output was written";
}  // namespace

std::string write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files,
                                   const StopRequested& stop_requested) {
  std::vector<std::string> temporaries;
  const auto fail = [&](const std::string& message) {
    for (const std::string& t : temporaries) std::remove(t.c_str());
    return message;
  };
  const auto stop = [&] { return stop_requested && stop_requested(); };
  for (const auto& file : files) {  // a target that cannot be replaced fails before anything moves
    if (std::filesystem::is_directory(file.first))
      return "cannot write " + file.first + ": it is a folder";
  }
  for (const auto& [path, content] : files) {
    if (stop()) return fail(kStopped);
    std::string name = path + ".XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) return fail("cannot write " + path + ": " + std::strerror(errno));
    temporaries.push_back(name);
    size_t written = 0;
    while (written < content.size()) {
      if (stop()) {
        ::close(fd);
        return fail(kStopped);
      }
      const ssize_t n = ::write(fd, content.data() + written,
                                std::min(content.size() - written, kWriteChunkBytes));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fd);
        return fail("cannot write " + name + ": " + std::strerror(errno));
      }
      written += static_cast<size_t>(n);
    }
    // mkstemp makes the file private (0600); outputs are ordinary files.
    ::fchmod(fd, 0644);
    if (::close(fd) != 0) return fail("cannot write " + name + ": " + std::strerror(errno));
  }
  if (stop()) return fail(kStopped);
  for (size_t i = 0; i < files.size(); ++i) {
    std::error_code error;
    std::filesystem::rename(temporaries[i], files[i].first, error);
    if (error)
      return fail("cannot rename " + temporaries[i] + " to " + files[i].first + ": " +
                  error.message());
  }
  return "";
}

std::string write_file_atomically(const std::string& path, const std::string& content,
                                  const StopRequested& stop_requested) {
  return write_files_atomically({{path, content}}, stop_requested);
}

double round_to(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return finite_or_zero(std::round(finite_or_zero(value) * scale) / scale);
}

double finite_or_zero(double value) {
  return std::isfinite(value) ? value : 0.0;
}

std::string format_number(double value) {
  value = finite_or_zero(value);
  char text[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(text, sizeof text, "%.0f", value);
  } else {
    std::snprintf(text, sizeof text, "%.10g", value);
  }
  return text;
}

}  // namespace kds::reports

// The price tables shipped in pricing/<region>.json, embedded at build time (see CMakeLists.txt).
#ifndef KDS_TOOLS_PRICE_FILES_HPP_
#define KDS_TOOLS_PRICE_FILES_HPP_

#include <map>
#include <string>

namespace kds::front {

// region -> the JSON text of its price file.
const std::map<std::string, std::string>& shipped_price_files();

}  // namespace kds::front

#endif  // KDS_TOOLS_PRICE_FILES_HPP_

// The Boost.Test runner shared by every test executable.
#define BOOST_TEST_MODULE kds_sim
#include <boost/test/unit_test.hpp>

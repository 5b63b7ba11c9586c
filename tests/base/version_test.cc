// vigil/version.h agrees with the project() version of CMakeLists.txt
// (passed in by tests/base/CMakeLists.txt) and with the library.
#include "vigil/version.h"

#include <string>

#include "gtest/gtest.h"

namespace vigil {
namespace {

TEST(VersionTest, MacrosAgreeWithTheCMakeProjectVersion) {
  EXPECT_STREQ(VIGIL_VERSION, VIGIL_CMAKE_PROJECT_VERSION);
  EXPECT_EQ(VIGIL_VERSION_MAJOR, VIGIL_CMAKE_PROJECT_VERSION_MAJOR);
  EXPECT_EQ(VIGIL_VERSION_MINOR, VIGIL_CMAKE_PROJECT_VERSION_MINOR);
  EXPECT_EQ(VIGIL_VERSION_PATCH, VIGIL_CMAKE_PROJECT_VERSION_PATCH);
  EXPECT_EQ(std::string(VIGIL_VERSION), std::to_string(VIGIL_VERSION_MAJOR) + "." +
                                            std::to_string(VIGIL_VERSION_MINOR) + "." +
                                            std::to_string(VIGIL_VERSION_PATCH));
}

TEST(VersionTest, TheLibraryReportsTheHeadersVersion) {
  EXPECT_EQ(Version(), VIGIL_VERSION);
}

}  // namespace
}  // namespace vigil

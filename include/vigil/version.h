// vigil/version.h — which vigil this is.
//
//   ```cpp
//   static_assert(VIGIL_VERSION_MAJOR == 0, "written for vigil 0.x");
//   std::cout << "vigil " << vigil::Version() << "\n";  // "vigil 0.1.0"
//   ```
//
// The macros are the version of the headers the program was compiled
// with; vigil::Version() is the version of the library it is linked with
// (the same when both come from one install). vigil_version() of the C ABI
// (vigil/vigil.h) and `vigil --version` give the same string, and reports
// record it (Report::tool_version). The numbers follow the project()
// version of vigil's CMakeLists.txt, which the test `version_test` checks;
// a release changes both.
#ifndef VIGIL_VERSION_H_
#define VIGIL_VERSION_H_

#include <string_view>

#define VIGIL_VERSION_MAJOR 0
#define VIGIL_VERSION_MINOR 1
#define VIGIL_VERSION_PATCH 0
// "MAJOR.MINOR.PATCH"
#define VIGIL_VERSION "0.1.0"

namespace vigil {

// The library's version, VIGIL_VERSION as it was when the library was
// built (a static string).
std::string_view Version();

}  // namespace vigil

#endif  // VIGIL_VERSION_H_

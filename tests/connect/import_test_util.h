// Helpers of the importer tests: a temporary aws-cli folder written file by
// file, the bundled AWS schema, and imports into graphs.
#ifndef VIGIL_TESTS_CONNECT_IMPORT_TEST_UTIL_H_
#define VIGIL_TESTS_CONNECT_IMPORT_TEST_UTIL_H_

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "src/base/file.h"
#include "vigil/connector.h"
#include "vigil/graph.h"
#include "vigil/schema.h"

namespace vigil::testing {

inline std::string SourcePath(const std::string& rel) {
  return std::string(VIGIL_SOURCE_DIR) + "/" + rel;
}

inline std::shared_ptr<const Schema> AwsSchema() {
  static std::shared_ptr<const Schema> schema = [] {
    auto sdl = ReadTextFile(SourcePath("schemas/aws.graphql"));
    EXPECT_TRUE(sdl.ok()) << sdl.status();
    auto s = Schema::FromSdl(*sdl, "aws.graphql");
    EXPECT_TRUE(s.ok()) << s.status();
    return *s;
  }();
  return schema;
}

// A folder under the test's temporary directory, removed afterwards.
class TempFolder {
 public:
  TempFolder() {
    static int n = 0;
    path_ = std::string(::testing::TempDir()) + "/vigil-import-" + std::to_string(getpid()) +
            "-" + std::to_string(n++);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  // Writes `text` at `rel` (folders created as needed).
  void Write(const std::string& rel, const std::string& text) const {
    std::filesystem::path p = std::filesystem::path(path_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  void Mkdir(const std::string& rel) const {
    std::filesystem::create_directories(std::filesystem::path(path_) / rel);
  }

 private:
  std::string path_;
};

struct ImportResult {
  absl::StatusOr<std::shared_ptr<const Graph>> graph;
  Diagnostics diagnostics;
};

inline ImportResult ImportAwsCli(const std::string& dir, AwsCliOptions options = {}) {
  ImportResult r{absl::UnknownError("not run"), {}};
  auto c = NewAwsCliConnector(dir, std::move(options));
  ImportOptions o;
  o.diagnostics = &r.diagnostics;
  r.graph = Import(AwsSchema(), {c.get()}, o);
  return r;
}

// The fact about (account, region, "service command"), or null.
inline const Collection* FactOf(const Graph& g, const std::string& account,
                                const std::string& region, const std::string& call) {
  for (const Collection* c : g.collections().ForCall(call)) {
    if (c->account == account && c->region == region) return c;
  }
  return nullptr;
}

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_CONNECT_IMPORT_TEST_UTIL_H_

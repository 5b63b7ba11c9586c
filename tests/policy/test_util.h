// Helpers of the policy tests: temporary pack directories.
#ifndef VIGIL_TESTS_POLICY_TEST_UTIL_H_
#define VIGIL_TESTS_POLICY_TEST_UTIL_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace vigil::testing {

inline std::string SourcePath(const std::string& rel) {
  return std::string(VIGIL_SOURCE_DIR) + "/" + rel;
}

// A directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("vigil-policy-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string path() const { return path_.string(); }
  std::string Write(const std::string& rel, const std::string& text) const {
    auto p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

// A pack over the bundled AWS schema with the bundled fragments; controls
// are added with Control().
class TempPack : public TempDir {
 public:
  TempPack() {
    Write("pack.json", std::string(R"({"name": "test", "version": "1.0", "title": "Test pack",
  "schema": ")") + SourcePath("schemas/aws.graphql") +
                           R"(", "fragments": ["fragments.graphql"], "controls": "controls"})");
    Write("fragments.graphql",
          "fragment AssetFragment on Asset { id name accountId region __typename }\n");
    std::filesystem::create_directories(path() + "/controls");
  }
  std::string Control(const std::string& file, const std::string& json) const {
    return Write("controls/" + file, json);
  }
};

// A minimal valid control: id, one check with `query` and `expect`, extra
// members (JSON text after a comma) inserted at the end.
inline std::string SimpleControl(const std::string& id, const std::string& query,
                                 const std::string& expect = "eq []",
                                 const std::string& extra = "") {
  std::string q;
  for (char c : query) {
    if (c == '"' || c == '\\') q.push_back('\\');
    q.push_back(c);
  }
  return "{\n  \"id\": \"" + id +
         "\",\n  \"title\": \"t\",\n  \"severity\": \"low\",\n  \"provider\": \"aws\",\n"
         "  \"checks\": [{\"name\": \"c\", \"query\": \"" + q + "\", \"expect\": \"" + expect +
         "\"}]" + (extra.empty() ? "" : ",\n  " + extra) + "\n}\n";
}

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_POLICY_TEST_UTIL_H_

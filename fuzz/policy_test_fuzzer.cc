// libFuzzer target: the unit-test file parser of vigil/test_runner.h
// against the bundled cis-aws pack (loaded once). The input is the text of
// a test file said to live in a temp directory that also holds a graph file
// and an exceptions file, so relative references resolve. A parse either
// gives cases with a graph each, or fails with diagnostics; a parsed file
// is then run (the cases are small: their graphs come from the input) and
// its results rendered.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "vigil/policy.h"
#include "vigil/test_runner.h"

#ifndef VIGIL_SOURCE_DIR
#error "VIGIL_SOURCE_DIR must be defined (fuzz/CMakeLists.txt)"
#endif

namespace {

namespace fs = std::filesystem;

std::string g_dir;
std::string g_path;  // the (never written) test file's path
std::shared_ptr<const vigil::Pack>* g_pack = nullptr;

void WriteOrDie(const std::string& path, std::string_view text) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size() ||
      std::fclose(f) != 0) {
    std::abort();
  }
}

void RemoveDir() {
  std::error_code ec;
  if (!g_dir.empty()) fs::remove_all(g_dir, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vigil::Diagnostics diags;
  auto pack = vigil::LoadPack(std::string(VIGIL_SOURCE_DIR) + "/packs/cis-aws", {}, &diags);
  if (!pack.ok()) {
    for (const auto& d : diags) std::fprintf(stderr, "%s\n", d.ToString().c_str());
    std::abort();
  }
  g_pack = new std::shared_ptr<const vigil::Pack>(*pack);
  std::string tmpl = (fs::temp_directory_path() / "vigil-policy-test-fuzz-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
  g_dir = tmpl;
  std::atexit(RemoveDir);
  fs::create_directories(g_dir + "/graphs");
  WriteOrDie(g_dir + "/graphs/one-vpc.json", R"({"assets": [{"id": "vpc-1", "type": "Vpc"}]})");
  WriteOrDie(g_dir + "/exceptions.json",
             R"({"exceptions": [{"control": "cis-aws-3.7", "assets": ["vpc-*"], "owner": "o",)"
             R"( "reason": "r", "expires": "2030-01-01"}]})");
  g_path = g_dir + "/fuzz.json";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const vigil::Pack& pack = **g_pack;
  vigil::Diagnostics diags;
  auto file = vigil::ParseTestFile(text, g_path, pack, &diags);
  if (!file.ok()) {
    if (diags.empty()) std::abort();  // a refused file must say why
    for (const auto& d : diags) (void)d.ToString();
    return 0;
  }
  if (pack.FindControl(file->control) == nullptr) std::abort();
  for (const vigil::TestCase& tc : file->cases) {
    if (tc.graph == nullptr) std::abort();
  }
  vigil::TestRunOptions options;
  options.coverage = size % 2 == 0;
  auto result = vigil::RunTests(pack, {*file}, options);
  if (result.ok()) {
    if (result->passed + result->failed != static_cast<int>(result->cases.size())) std::abort();
    (void)vigil::RenderTestResults(*result, vigil::TestFormat::kText);
    (void)vigil::RenderTestResults(*result, vigil::TestFormat::kJunit);
  } else if (result.status().message().empty()) {
    std::abort();
  }
  return 0;
}

// libFuzzer target: loading a control file (vigil/policy.h). LoadPack only
// reads packs from directories, so LLVMFuzzerInitialize makes one pack
// directory under the temp dir (pack.json and the bundled fragments; the
// bundled AWS schema is parsed once and given through
// PackLoadOptions::schema) and each input is written as its only control,
// controls/x.json, before LoadPack. A load either gives a pack with that one
// control, every check compiled, or errors with at least one diagnostic;
// a loaded pack is linted as well.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "vigil/policy.h"
#include "vigil/schema.h"

#ifndef VIGIL_SOURCE_DIR
#error "VIGIL_SOURCE_DIR must be defined (fuzz/CMakeLists.txt)"
#endif

namespace {

namespace fs = std::filesystem;

std::string g_dir;      // the pack directory
std::string g_control;  // controls/x.json in it
std::shared_ptr<const vigil::Schema>* g_schema = nullptr;

std::string ReadOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "control_fuzzer: cannot read %s\n", path.c_str());
    std::abort();
  }
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteOrDie(const std::string& path, std::string_view text) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size() ||
      std::fclose(f) != 0) {
    std::fprintf(stderr, "control_fuzzer: cannot write %s\n", path.c_str());
    std::abort();
  }
}

void RemoveDir() {
  std::error_code ec;
  if (!g_dir.empty()) fs::remove_all(g_dir, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string src = VIGIL_SOURCE_DIR;
  std::string tmpl = (fs::temp_directory_path() / "vigil-control-fuzz-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
  g_dir = tmpl;
  std::atexit(RemoveDir);
  fs::create_directories(g_dir + "/controls");
  WriteOrDie(g_dir + "/pack.json",
             R"({"name": "fuzz", "version": "1.0", "title": "fuzz pack",)"
             R"( "fragments": ["fragments.graphql"], "controls": "controls"})");
  WriteOrDie(g_dir + "/fragments.graphql", ReadOrDie(src + "/packs/cis-aws/fragments.graphql"));
  // A query file the inputs may name ("queryFile": "q.graphql").
  WriteOrDie(g_dir + "/controls/q.graphql",
             "query($days: Int = 90) { logGroups(where: {retentionInDays_LT: $days}) { id } }\n");
  g_control = g_dir + "/controls/x.json";
  std::string sdl_path = src + "/schemas/aws.graphql";
  auto schema = vigil::Schema::FromSdl(ReadOrDie(sdl_path), sdl_path);
  if (!schema.ok()) std::abort();
  g_schema = new std::shared_ptr<const vigil::Schema>(*schema);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  WriteOrDie(g_control, std::string_view(reinterpret_cast<const char*>(data), size));
  vigil::PackLoadOptions options;
  options.schema = *g_schema;
  vigil::Diagnostics diags;
  auto pack = vigil::LoadPack(g_dir, options, &diags);
  if (!pack.ok()) {
    bool any_error = false;
    for (const auto& d : diags) {
      any_error |= d.severity == vigil::Severity::kError;
      (void)d.ToString();
    }
    if (!any_error) std::abort();  // a refused pack must say why
    return 0;
  }
  const vigil::Pack& p = **pack;
  if (p.controls.size() != 1) std::abort();
  const vigil::ControlDef& c = p.controls[0];
  if (c.checks.empty() || p.FindControl(c.id) != &c) std::abort();
  for (const vigil::CheckDef& check : c.checks) {
    if (check.query == nullptr) std::abort();
    (void)check.expect.ToString();
  }
  vigil::Diagnostics lint;
  vigil::LintPack(p, &lint);
  for (const auto& d : lint) (void)d.ToString();
  return 0;
}

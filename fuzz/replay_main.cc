// main() for a fuzz target built as a plain executable, <name>_replay: runs
// LLVMFuzzerTestOneInput once on an empty input and once on every file
// given, a directory standing for the regular files in it (sorted by name).
// With no argument it replays VIGIL_FUZZ_CORPUS (fuzz/corpus/<name>/ and any
// seed files fuzz/CMakeLists.txt adds). A target reports a bug by crashing
// or aborting, as it would under libFuzzer; this main exits 0 after the last
// input, or 1 when an input cannot be read or there is none.
//
//   build/fuzz/query_parser_fuzzer_replay                # its corpus
//   build/fuzz/query_parser_fuzzer_replay crash-1234     # one input
//
// It is what ctest runs (fuzz.<name>) in every developer build, whatever the
// compiler, so the targets always compile and their corpora stay clean; the
// libFuzzer builds (clang, scripts/fuzz.sh) search for new inputs.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Optional in a target, as with libFuzzer.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc,
                                                          char*** argv);

#ifndef VIGIL_FUZZ_CORPUS
#error "VIGIL_FUZZ_CORPUS must be defined (fuzz/CMakeLists.txt)"
#endif

namespace {

namespace fs = std::filesystem;

// Appends the inputs `path` stands for; false if it does not exist.
bool Collect(const fs::path& path, std::vector<fs::path>* out) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(path, ec)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    out->insert(out->end(), files.begin(), files.end());
    return !ec;
  }
  if (fs::is_regular_file(path, ec)) {
    out->push_back(path);
    return true;
  }
  return false;
}

// VIGIL_FUZZ_CORPUS: paths separated by ';' (a CMake list).
std::vector<std::string> DefaultPaths() {
  std::vector<std::string> paths;
  std::string all = VIGIL_FUZZ_CORPUS;
  size_t start = 0;
  while (start <= all.size()) {
    size_t end = all.find(';', start);
    if (end == std::string::npos) end = all.size();
    if (end > start) paths.push_back(all.substr(start, end - start));
    start = end + 1;
  }
  return paths;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<std::string> paths(argv + 1, argv + argc);
  if (paths.empty()) paths = DefaultPaths();
  std::vector<fs::path> inputs;
  for (const std::string& p : paths) {
    if (!Collect(p, &inputs)) {
      std::fprintf(stderr, "replay: no such file or directory: %s\n",
                   p.c_str());
      return 1;
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "replay: no inputs\n");
    return 1;
  }
  static const uint8_t kEmpty[1] = {0};
  LLVMFuzzerTestOneInput(kEmpty, 0);
  for (const fs::path& input : inputs) {
    std::ifstream in(input, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "replay: cannot read %s\n", input.c_str());
      return 1;
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)),
                            std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()),
                           bytes.size());
  }
  std::printf("replay: %zu inputs (and the empty one) ran\n", inputs.size());
  return 0;
}

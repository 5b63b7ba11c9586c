// libFuzzer target: one file of an aws-cli folder through the importer's
// mapping of its call (src/connect/aws/cli_importer.h MapCliOutputForTest),
// into the bundled AWS schema. The first input byte picks the call (an index
// into CliCalls()), the second its parameter (none, a name, an ARN); the
// rest is the file's text. Mapping either succeeds, and the builder then
// finishes into a graph or errors, or it errors with the file and a JSON
// path in the message; it must never crash, hang or overflow the stack.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "src/connect/aws/cli_calls.h"
#include "src/connect/aws/cli_importer.h"
#include "vigil/graph_builder.h"
#include "vigil/schema.h"

#ifndef VIGIL_SOURCE_DIR
#error "VIGIL_SOURCE_DIR must be defined (fuzz/CMakeLists.txt)"
#endif

namespace {

const std::shared_ptr<const vigil::Schema>& GetSchema() {
  static const auto* schema = [] {
    std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/schemas/aws.graphql");
    std::stringstream ss;
    ss << in.rdbuf();
    auto s = vigil::Schema::FromSdl(ss.str(), "aws.graphql");
    if (!s.ok()) {
      std::fprintf(stderr, "aws_cli_file_fuzzer: %s\n", std::string(s.status().message()).c_str());
      std::abort();
    }
    return new std::shared_ptr<const vigil::Schema>(*s);
  }();
  return *schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const auto& calls = vigil::connect::aws::CliCalls();
  const vigil::connect::aws::CliCall& call = calls[data[0] % calls.size()];
  static const char* const kParams[] = {"alice", "arn:aws:iam::aws:policy/AdministratorAccess",
                                        "logs-bucket", "SECURITY", "alice/inline"};
  std::string param;
  if (call.per_resource()) param = kParams[data[1] % 5];
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  const std::string region = call.global ? "global" : "eu-west-1";
  vigil::GraphBuilder builder(GetSchema());
  absl::Status s = vigil::connect::aws::MapCliOutputForTest(builder, call, "111122223333",
                                                            region, param, text);
  if (!s.ok()) {
    if (s.message().empty()) std::abort();  // errors always say where
    return 0;
  }
  auto g = std::move(builder).Finish();
  (void)g;
  return 0;
}

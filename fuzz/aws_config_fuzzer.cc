// libFuzzer target: the AWS Config snapshot importer
// (src/connect/aws/config_importer.h) on one file of arbitrary bytes (a
// snapshot or newline-delimited configuration items), into the bundled AWS
// schema. Either the import and the graph's Finish() succeed or fail with a
// message; never a crash, a hang or a stack overflow.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "src/connect/aws/config_importer.h"
#include "vigil/connector.h"
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
    if (!s.ok()) std::abort();
    return new std::shared_ptr<const vigil::Schema>(*s);
  }();
  return *schema;
}

class Quiet : public vigil::ConnectorContext {
 public:
  void Progress(const vigil::ConnectorProgress&) override {}
  void Warning(vigil::Diagnostic) override {}
  void Error(vigil::Diagnostic d) override {
    if (d.message.empty()) std::abort();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vigil::GraphBuilder builder(GetSchema());
  Quiet ctx;
  absl::Status s = vigil::connect::aws::ImportConfigTexts(
      {{"snapshot.json", std::string(reinterpret_cast<const char*>(data), size)}}, builder, ctx);
  if (!s.ok()) return 0;
  auto g = std::move(builder).Finish();
  (void)g;
  return 0;
}

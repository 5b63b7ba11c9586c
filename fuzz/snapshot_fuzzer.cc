// libFuzzer target: the binary snapshot loader (vigil/snapshot.h) on
// arbitrary bytes, against schemas/aws.graphql. Each input is loaded twice:
// as it is (the header, directory and section checksums refuse almost every
// mutation), and with every checksum recomputed, so that mutations reach the
// checks of the graph's structure (codes inside dictionaries, offsets in
// range, rows and assets agreeing). Either a graph whose adjacency points
// inside its tables comes back, or an error; never a crash.
// Seeds: fuzz/corpus/snapshot_fuzzer (small `vigil gen` organisations).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "src/graph/snapshot_internal.h"
#include "vigil/graph.h"
#include "vigil/schema.h"
#include "vigil/snapshot.h"

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

void CheckGraph(const vigil::Graph& g) {
  const vigil::Schema& s = g.schema();
  for (vigil::TypeId t = 0; t < static_cast<vigil::TypeId>(s.types().size()); ++t) {
    if (!s.type(t).is_object()) continue;
    const vigil::Table& table = g.table(t);
    for (size_t r = 0; r < table.num_rows(); ++r) {
      if (g.node_row(table.nodes[r]) != r) std::abort();
    }
    for (size_t f = 0; f < s.type(t).relationships.size(); ++f) {
      const vigil::Adjacency& a = g.adjacency(t, static_cast<int>(f));
      if (a.offsets.size() != table.num_rows() + 1) std::abort();
      for (size_t i = 0; i < a.target_rows.size(); ++i) {
        if (a.target_rows[i] >= g.table(a.TargetType(i)).num_rows()) std::abort();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  auto g = vigil::LoadGraphSnapshot(bytes, GetSchema(), "fuzz.vgs");
  if (g.ok()) CheckGraph(**g);
  vigil::snapshot_internal::ResealAll(&bytes);
  auto h = vigil::LoadGraphSnapshot(bytes, GetSchema(), "fuzz.vgs");
  if (h.ok()) CheckGraph(**h);
  return 0;
}

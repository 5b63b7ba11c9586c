// libFuzzer target: the streaming JSON graph loader (and through it the
// GraphBuilder) on arbitrary bytes, against the conformance schema.
// A load either gives a graph whose CSR adjacency is consistent, or an
// error status; it must never crash, hang or overflow the stack.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "vigil/graph.h"
#include "vigil/json_loader.h"
#include "vigil/schema.h"

namespace {

constexpr char kSchema[] = R"(
enum Severity { LOW MEDIUM HIGH }
interface Asset { id: ID! name: String accountId: String region: String }
type Account implements Asset {
  id: ID! name: String accountId: String region: String tier: Int
  vpcs: [Vpc!]! @relationship(type: "OWNS", direction: OUT)
  assets: [Asset!]! @relationship(type: "HAS", direction: OUT)
}
type Vpc implements Asset {
  id: ID! name: String accountId: String region: String isDefault: Boolean
  cidrBlock: String tags: [String!] createdAt: DateTime score: Float
  severity: Severity ports: [Int] times: [DateTime] flags: [Boolean]
  hasFlowLog: [FlowLog!]! @relationship(type: "HAS_FLOW_LOG", direction: OUT)
  owner: Account @relationship(type: "OWNS", direction: IN)
  peers: [Vpc!]! @relationship(type: "PEERS_WITH", direction: OUT, properties: "Peering")
}
type FlowLog implements Asset {
  id: ID! name: String accountId: String region: String flowLogStatus: String
  trafficType: String retentionDays: Int createdAt: DateTime
  vpc: Vpc @relationship(type: "HAS_FLOW_LOG", direction: IN)
}
type Peering @relationshipProperties { status: String since: Int }
)";

const std::shared_ptr<const vigil::Schema>& GetSchema() {
  static const auto* schema = [] {
    auto s = vigil::Schema::FromSdl(kSchema, "fuzz.graphql");
    if (!s.ok()) std::abort();
    return new std::shared_ptr<const vigil::Schema>(*s);
  }();
  return *schema;
}

void CheckGraph(const vigil::Graph& g) {
  const vigil::Schema& s = g.schema();
  for (vigil::TypeId t = 0; t < static_cast<vigil::TypeId>(s.types().size());
       ++t) {
    if (!s.type(t).is_object()) continue;
    const vigil::Table& table = g.table(t);
    for (size_t f = 0; f < s.type(t).relationships.size(); ++f) {
      const vigil::Adjacency& a = g.adjacency(t, static_cast<int>(f));
      if (a.offsets.size() != table.num_rows() + 1) std::abort();
      if (a.offsets.back() != a.target_rows.size()) std::abort();
      for (size_t i = 0; i < a.target_rows.size(); ++i) {
        const vigil::TypeId tt = a.TargetType(i);
        if (a.target_rows[i] >= g.table(tt).num_rows()) std::abort();
        if (a.edges[i] >= g.edges(a.rel_type).num_edges()) std::abort();
      }
    }
    for (const vigil::Column& c : table.columns) {
      if (c.valid.size() != table.num_rows()) std::abort();
      if (c.is_list && c.list_offsets.size() != table.num_rows() + 1) {
        std::abort();
      }
    }
  }
  for (vigil::NodeId n = 0; n < g.num_assets(); ++n) {
    if (g.FindAsset(g.asset_id(n)) != n) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  vigil::LoadOptions options;
  // Vary the batching (element-at-a-time vs whole) and the unknown-property
  // policy with the input's size, so both paths are explored.
  options.batch_bytes = size % 3 == 0 ? 1 : size_t{1} << 20;
  options.drop_unknown_properties = size % 2 == 0;
  options.max_inline_depth = 16;
  vigil::Diagnostics diags;
  options.diagnostics = &diags;
  auto g = vigil::LoadGraphJson(json, GetSchema(), options);
  if (g.ok()) {
    CheckGraph(**g);
  } else if (g.status().message().empty()) {
    std::abort();
  }
  return 0;
}

// Writing the AWS asset graph (schemas/aws.graphql) through a GraphBuilder:
// what the aws-cli and aws-config importers share. Property indices are
// resolved once per (type, name); setters take optional values and leave
// the property null for nullopt; the first builder error is kept (sticky)
// and every later call does nothing.
#ifndef VIGIL_SRC_CONNECT_AWS_AWS_GRAPH_H_
#define VIGIL_SRC_CONNECT_AWS_AWS_GRAPH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "vigil/graph_builder.h"

namespace vigil::connect::aws {

// The parts of an ARN: arn:<partition>:<service>:<region>:<account>:<resource>.
struct Arn {
  std::string_view partition, service, region, account, resource;
};
// nullopt when `text` is not an ARN (fewer than six parts, or an empty
// partition or service).
std::optional<Arn> ParseArn(std::string_view text);

// The partition of a region ("aws-cn" for cn-*, "aws-us-gov" for us-gov-*,
// else "aws").
std::string_view PartitionOf(std::string_view region);

class AwsGraph {
 public:
  explicit AwsGraph(GraphBuilder& builder) : b_(builder) {}

  bool ok() const { return status_.ok(); }
  const absl::Status& status() const { return status_; }
  void Fail(absl::Status s) {
    if (status_.ok()) status_ = std::move(s);
  }
  GraphBuilder& builder() { return b_; }

  // Adds an asset with the common Asset fields (an empty name is null). nullopt (and an error) for
  // a duplicate id.
  std::optional<NodeId> Add(std::string_view id, std::string_view type, std::string_view name,
                            std::string_view account, std::string_view region);
  std::optional<NodeId> Find(std::string_view id) const { return b_.FindAsset(id); }

  // `prop` is a string literal (its address is kept and trusted).
  void Str(NodeId n, std::string_view prop, std::optional<std::string_view> v);
  void Int(NodeId n, std::string_view prop, std::optional<int64_t> v);
  void Bool(NodeId n, std::string_view prop, std::optional<bool> v);
  void Time(NodeId n, std::string_view prop, const std::optional<std::string>& v);
  void StrList(NodeId n, std::string_view prop, const std::vector<std::string>& v);

  // Adds `from -[rel]-> to` when both assets exist; returns whether it did.
  bool Edge(std::string_view from, std::string_view rel, std::string_view to);
  // The same when the caller knows the end(s) marked known exist (saves
  // their lookups).
  bool EdgeFromKnown(std::string_view from, std::string_view rel, std::string_view to);
  bool EdgeKnown(std::string_view from, std::string_view rel, std::string_view to);
  // Between assets known by NodeId; `rel` is a string literal.
  bool Edge(NodeId from, std::string_view rel, NodeId to);
  bool Edge(NodeId from, std::string_view rel, std::string_view to);
  // The same, once: a second identical edge is not added.
  bool EdgeOnce(std::string_view from, std::string_view rel, std::string_view to);

 private:
  int Prop(NodeId n, std::string_view prop);
  void Check(const absl::Status& s) {
    if (!s.ok()) Fail(s);
  }

  GraphBuilder& b_;
  absl::Status status_;
  // (type, property name) -> index: a direct-mapped cache keyed by the
  // name's address (names are string literals), the name compared on a hit.
  struct PropSlot {
    TypeId type = kNoType;
    std::string name;
    const char* name_data = nullptr;
    int index = -1;
  };
  std::vector<PropSlot> props_ = std::vector<PropSlot>(512);
  std::vector<std::pair<std::string_view, TypeId>> types_;  // type names are literals
  std::vector<std::pair<std::string_view, int>> rels_;      // relationship names, literals
  absl::flat_hash_map<std::string, bool> edges_;  // "from\0rel\0to" (EdgeOnce)
};

}  // namespace vigil::connect::aws

#endif  // VIGIL_SRC_CONNECT_AWS_AWS_GRAPH_H_

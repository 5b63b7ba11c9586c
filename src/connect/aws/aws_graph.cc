// Writing the AWS asset graph (aws_graph.h).
#include "src/connect/aws/aws_graph.h"

#include "src/base/strings.h"

namespace vigil::connect::aws {

std::optional<Arn> ParseArn(std::string_view text) {
  if (text.substr(0, 4) != "arn:") return std::nullopt;
  std::string_view parts[5];
  size_t pos = 4;
  for (int i = 0; i < 4; ++i) {
    const size_t colon = text.find(':', pos);
    if (colon == std::string_view::npos) return std::nullopt;
    parts[i] = text.substr(pos, colon - pos);
    pos = colon + 1;
  }
  parts[4] = text.substr(pos);
  if (parts[0].empty() || parts[1].empty() || parts[4].empty()) return std::nullopt;
  return Arn{parts[0], parts[1], parts[2], parts[3], parts[4]};
}

std::string_view PartitionOf(std::string_view region) {
  if (region.substr(0, 3) == "cn-") return "aws-cn";
  if (region.substr(0, 7) == "us-gov-") return "aws-us-gov";
  return "aws";
}

std::optional<NodeId> AwsGraph::Add(std::string_view id, std::string_view type,
                                    std::string_view name, std::string_view account,
                                    std::string_view region) {
  if (!ok()) return std::nullopt;
  // The type's index, looked up once per type name.
  TypeId t = kNoType;
  for (const auto& [name, index] : types_) {
    if (name.data() == type.data() || name == type) {
      t = index;
      break;
    }
  }
  if (t == kNoType) {
    t = b_.schema().FindType(type);
    if (t == kNoType) {
      Fail(absl::InternalError(StrCat("the schema has no type ", type)));
      return std::nullopt;
    }
    types_.emplace_back(type, t);
  }
  absl::StatusOr<NodeId> n = b_.AddAsset(id, t);
  if (!n.ok()) {
    Fail(n.status());
    return std::nullopt;
  }
  if (!name.empty()) Str(*n, "name", name);
  Str(*n, "accountId", account);
  Str(*n, "region", region);
  return *n;
}

int AwsGraph::Prop(NodeId n, std::string_view prop) {
  const TypeId t = b_.asset_type(n);
  const size_t h = ((reinterpret_cast<uintptr_t>(prop.data()) >> 3) ^
                    (static_cast<size_t>(t) * 0x9E3779B1u)) & (props_.size() - 1);
  PropSlot& slot = props_[h];
  // Names are string literals: the same address and length is the same
  // name (the content is compared only for another address).
  if (slot.type == t && slot.name_data == prop.data() && slot.name.size() == prop.size()) {
    return slot.index;
  }
  if (slot.type == t && slot.name == prop) {
    slot.name_data = prop.data();
    return slot.index;
  }
  absl::StatusOr<int> p = b_.ResolveProperty(n, prop);
  if (!p.ok()) {
    Fail(absl::InternalError(StrCat("the schema does not fit the AWS importer: ",
                                    p.status().message())));
    return -1;
  }
  slot.type = t;
  slot.name.assign(prop.data(), prop.size());
  slot.name_data = prop.data();
  slot.index = *p;
  return *p;
}

void AwsGraph::Str(NodeId n, std::string_view prop, std::optional<std::string_view> v) {
  if (!ok() || !v) return;
  const int p = Prop(n, prop);
  if (p >= 0) Check(b_.SetString(n, p, *v));
}

void AwsGraph::Int(NodeId n, std::string_view prop, std::optional<int64_t> v) {
  if (!ok() || !v) return;
  const int p = Prop(n, prop);
  if (p >= 0) Check(b_.SetInt(n, p, *v));
}

void AwsGraph::Bool(NodeId n, std::string_view prop, std::optional<bool> v) {
  if (!ok() || !v) return;
  const int p = Prop(n, prop);
  if (p >= 0) Check(b_.SetBool(n, p, *v));
}

void AwsGraph::Time(NodeId n, std::string_view prop, const std::optional<std::string>& v) {
  if (!ok() || !v) return;
  const int p = Prop(n, prop);
  if (p >= 0) Check(b_.SetString(n, p, *v));
}

void AwsGraph::StrList(NodeId n, std::string_view prop, const std::vector<std::string>& v) {
  if (!ok()) return;
  const int p = Prop(n, prop);
  if (p < 0) return;
  std::vector<std::optional<std::string_view>> values;
  values.reserve(v.size());
  for (const std::string& s : v) values.emplace_back(s);
  Check(b_.SetStringList(n, p, values));
}

bool AwsGraph::Edge(std::string_view from, std::string_view rel, std::string_view to) {
  if (!ok() || !b_.FindAsset(from) || !b_.FindAsset(to)) return false;
  absl::StatusOr<EdgeRef> e = b_.AddEdge(from, rel, to);
  if (!e.ok()) {
    Fail(e.status());
    return false;
  }
  return true;
}

bool AwsGraph::EdgeFromKnown(std::string_view from, std::string_view rel, std::string_view to) {
  if (!ok() || !b_.FindAsset(to)) return false;
  return EdgeKnown(from, rel, to);
}

bool AwsGraph::EdgeKnown(std::string_view from, std::string_view rel, std::string_view to) {
  if (!ok()) return false;
  absl::StatusOr<EdgeRef> e = b_.AddEdge(from, rel, to);
  if (!e.ok()) {
    Fail(e.status());
    return false;
  }
  return true;
}

bool AwsGraph::Edge(NodeId from, std::string_view rel, NodeId to) {
  if (!ok()) return false;
  int r = -1;
  for (const auto& [name, index] : rels_) {
    if (name.data() == rel.data() || name == rel) {
      r = index;
      break;
    }
  }
  if (r < 0) {
    r = b_.schema().FindRelationshipType(rel);
    if (r < 0) {
      Fail(absl::InternalError(StrCat("the schema has no relationship type ", rel)));
      return false;
    }
    rels_.emplace_back(rel, r);
  }
  absl::StatusOr<EdgeRef> e = b_.AddEdge(from, r, to);
  if (!e.ok()) {
    Fail(e.status());
    return false;
  }
  return true;
}

bool AwsGraph::Edge(NodeId from, std::string_view rel, std::string_view to) {
  return Edge(b_.asset_id(from), rel, to);
}

bool AwsGraph::EdgeOnce(std::string_view from, std::string_view rel, std::string_view to) {
  std::string key = StrCat(from, std::string_view("\0", 1), rel, std::string_view("\0", 1), to);
  if (!edges_.emplace(std::move(key), true).second) return false;
  return Edge(from, rel, to);
}

}  // namespace vigil::connect::aws

#include "src/check/output_types.h"

#include <algorithm>
#include <set>

#include "src/base/strings.h"

namespace vigil::check {
namespace {

using Kind = OutputType::Kind;
using FKind = OutputField::Kind;

TypeRef Named(std::string name, bool non_null = false) {
  return TypeRef::Named(std::move(name), non_null);
}
TypeRef ListOfNonNull(std::string name) {
  return TypeRef::ListOf(TypeRef::Named(std::move(name), true), true);
}

OutputField Leaf(FKind kind, std::string name, TypeRef type) {
  OutputField f;
  f.kind = kind;
  f.name = std::move(name);
  f.type = std::move(type);
  return f;
}

OutputField Composite(FKind kind, std::string name, TypeRef type, OutputType target) {
  OutputField f = Leaf(kind, std::move(name), std::move(type));
  f.target = std::move(target);
  return f;
}

const char* ScalarAggregateName(ScalarKind k) {
  switch (k) {
    case ScalarKind::kID: return "IDAggregateSelection";
    case ScalarKind::kString: return "StringAggregateSelection";
    case ScalarKind::kInt: return "IntAggregateSelection";
    case ScalarKind::kFloat: return "FloatAggregateSelection";
    default: return "DateTimeAggregateSelection";
  }
}

std::string PropertyTypeText(const PropertyDef& p) {
  if (!p.is_list) return p.non_null ? p.type_name + "!" : p.type_name;
  std::string t = StrCat("[", p.type_name, p.element_non_null ? "!" : "", "]");
  return p.non_null ? t + "!" : t;
}

// The pagination arguments of a list field: options, and (an extension of
// Neo4j GraphQL 5.x, from 6.x) limit, offset and sort directly.
void AddListArguments(const Schema& schema, TypeId target, bool direct, OutputField* f) {
  InputType options = InputType::Options(schema, target);
  f->args.push_back({"options", Named(options.name), "", false});
  if (!direct) return;
  std::string why;
  TypeRef sort = FindInputField(schema, options, "sort", &why)->type;
  f->args.push_back({"limit", Named("Int"), "", true});
  f->args.push_back({"offset", Named("Int"), "", true});
  f->args.push_back({"sort", std::move(sort), "", true});
}

std::vector<OutputField> QueryFields(const Schema& schema) {
  std::vector<OutputField> out;
  for (const RootField& rf : schema.root_fields()) {
    const TypeDef& t = schema.type(rf.type);
    const std::string where = t.name + "Where";
    OutputField list = Composite(FKind::kRootList, rf.name, ListOfNonNull(t.name),
                                 OutputType::Node(schema, rf.type));
    list.root = rf.name;
    list.args.push_back({"where", Named(where), "", false});
    AddListArguments(schema, rf.type, true, &list);
    out.push_back(std::move(list));

    OutputType conn_type = OutputType::RootConnection(schema, rf);
    OutputField conn = Composite(FKind::kRootConnection, rf.name + "Connection",
                                 Named(conn_type.name, true), conn_type);
    conn.root = rf.name;
    conn.args.push_back({"first", Named("Int"), "", false});
    conn.args.push_back({"after", Named("String"), "", false});
    conn.args.push_back({"where", Named(where), "", false});
    conn.args.push_back({"sort", TypeRef::ListOf(Named(t.name + "Sort")), "", false});
    out.push_back(std::move(conn));

    OutputType agg_type = OutputType::AggregateSelection(schema, rf.type);
    OutputField agg = Composite(FKind::kRootAggregate, rf.name + "Aggregate",
                                Named(agg_type.name, true), agg_type);
    agg.root = rf.name;
    agg.args.push_back({"where", Named(where), "", false});
    out.push_back(std::move(agg));
  }
  return out;
}

void AddProperties(const TypeDef& t, std::vector<OutputField>* out) {
  for (size_t i = 0; i < t.properties.size(); ++i) {
    const PropertyDef& p = t.properties[i];
    auto type = TypeRef::Parse(PropertyTypeText(p));
    OutputField f = Leaf(FKind::kProperty, p.name, *std::move(type));
    f.index = static_cast<int>(i);
    out->push_back(std::move(f));
  }
}

std::vector<OutputField> NodeFields(const Schema& schema, TypeId type) {
  std::vector<OutputField> out;
  const TypeDef& t = schema.type(type);
  AddProperties(t, &out);
  for (size_t i = 0; i < t.relationships.size(); ++i) {
    const RelationshipDef& r = t.relationships[i];
    const TypeDef& target = schema.type(r.target);
    const std::string where = target.name + "Where";
    const OutputArgument directed{"directed", Named("Boolean"), "true", false};

    OutputType agg_type = OutputType::RelAggregateSelection(schema, type, r);
    OutputField agg =
        Composite(FKind::kRelAggregate, r.field_name + "Aggregate", Named(agg_type.name), agg_type);
    agg.index = static_cast<int>(i);
    agg.rel = &r;
    agg.args.push_back({"where", Named(where), "", false});
    agg.args.push_back(directed);
    out.push_back(std::move(agg));

    TypeRef rel_type = r.is_list ? ListOfNonNull(target.name) : Named(target.name, r.non_null);
    OutputField rel =
        Composite(FKind::kRelationship, r.field_name, std::move(rel_type), OutputType::Node(schema, r.target));
    rel.index = static_cast<int>(i);
    rel.rel = &r;
    rel.args.push_back({"where", Named(where), "", false});
    rel.args.push_back({"options", Named(target.name + "Options"), "", false});
    rel.args.push_back(directed);
    if (r.is_list) {
      std::string why;
      TypeRef sort =
          FindInputField(schema, InputType::Options(schema, r.target), "sort", &why)->type;
      rel.args.push_back({"limit", Named("Int"), "", true});
      rel.args.push_back({"offset", Named("Int"), "", true});
      rel.args.push_back({"sort", std::move(sort), "", true});
    }
    out.push_back(std::move(rel));

    OutputType conn_type = OutputType::RelConnection(schema, type, r);
    OutputField conn = Composite(FKind::kRelConnection, r.field_name + "Connection",
                                 Named(conn_type.name, true), conn_type);
    conn.index = static_cast<int>(i);
    conn.rel = &r;
    conn.args.push_back(
        {"where", Named(InputType::ConnectionWhere(schema, type, r).name), "", false});
    conn.args.push_back({"first", Named("Int"), "", false});
    conn.args.push_back({"after", Named("String"), "", false});
    conn.args.push_back(directed);
    conn.args.push_back({"sort",
                         TypeRef::ListOf(Named(InputType::ConnectionSort(schema, type, r).name, true)),
                         "", false});
    out.push_back(std::move(conn));
  }
  return out;
}

// f { ... } per aggregatable property of `t`.
void AddAggregateOf(const TypeDef& t, std::vector<OutputField>* out) {
  for (size_t i = 0; i < t.properties.size(); ++i) {
    auto kind = AggregateSelectionKind(t.properties[i]);
    if (!kind) continue;
    OutputType sel = OutputType::ScalarAggregate(*kind);
    OutputField f = Composite(FKind::kAggregateOf, t.properties[i].name, Named(sel.name, true), sel);
    f.index = static_cast<int>(i);
    out->push_back(std::move(f));
  }
}

std::vector<OutputField> ScalarAggregateFields(ScalarKind k) {
  std::vector<OutputField> out;
  auto value = [&](const char* name, AggValue v, const char* type) {
    OutputField f = Leaf(FKind::kAggregateValue, name, Named(type));
    f.value = v;
    out.push_back(std::move(f));
  };
  switch (k) {
    case ScalarKind::kID:
    case ScalarKind::kString: {
      const char* t = k == ScalarKind::kID ? "ID" : "String";
      value("shortest", AggValue::kShortest, t);
      value("longest", AggValue::kLongest, t);
      break;
    }
    case ScalarKind::kInt:
    case ScalarKind::kFloat: {
      const char* t = k == ScalarKind::kInt ? "Int" : "Float";
      value("max", AggValue::kMax, t);
      value("min", AggValue::kMin, t);
      value("average", AggValue::kAverage, "Float");
      value("sum", AggValue::kSum, t);
      break;
    }
    default:
      value("min", AggValue::kMin, "DateTime");
      value("max", AggValue::kMax, "DateTime");
      break;
  }
  return out;
}

std::vector<OutputField> PageInfoFields() {
  return {Leaf(FKind::kHasNextPage, "hasNextPage", Named("Boolean", true)),
          Leaf(FKind::kHasPreviousPage, "hasPreviousPage", Named("Boolean", true)),
          Leaf(FKind::kStartCursor, "startCursor", Named("String")),
          Leaf(FKind::kEndCursor, "endCursor", Named("String"))};
}

}  // namespace

std::optional<ScalarKind> AggregateSelectionKind(const PropertyDef& def) {
  if (def.is_list) return std::nullopt;
  switch (def.kind) {
    case ScalarKind::kID:
    case ScalarKind::kString:
    case ScalarKind::kInt:
    case ScalarKind::kFloat:
    case ScalarKind::kDateTime:
      return def.kind;
    default:
      return std::nullopt;
  }
}

std::vector<TypeId> OutputType::PossibleNodeTypes(const Schema& schema) const {
  if (kind != Kind::kNode && kind != Kind::kEdgeProperties) return {};
  if (kind == Kind::kEdgeProperties) return {type};
  return schema.type(type).concrete_types;
}

OutputType OutputType::Query() {
  OutputType t;
  t.kind = Kind::kQuery;
  t.name = "Query";
  return t;
}

OutputType OutputType::Node(const Schema& schema, TypeId type) {
  OutputType t;
  t.kind = schema.type(type).kind == TypeDef::Kind::kRelationshipProperties ? Kind::kEdgeProperties
                                                                            : Kind::kNode;
  t.name = schema.type(type).name;
  t.type = type;
  return t;
}

OutputType OutputType::AggregateSelection(const Schema& schema, TypeId type) {
  OutputType t;
  t.kind = Kind::kAggregateSelection;
  t.name = schema.type(type).name + "AggregateSelection";
  t.type = type;
  return t;
}

OutputType OutputType::ScalarAggregate(ScalarKind kind) {
  OutputType t;
  t.kind = Kind::kScalarAggregate;
  t.name = ScalarAggregateName(kind);
  t.scalar = kind == ScalarKind::kID || kind == ScalarKind::kString || kind == ScalarKind::kInt ||
                     kind == ScalarKind::kFloat
                 ? kind
                 : ScalarKind::kDateTime;
  return t;
}

OutputType OutputType::RelAggregateSelection(const Schema& schema, TypeId source,
                                             const RelationshipDef& rel) {
  OutputType t;
  t.kind = Kind::kRelAggregateSelection;
  t.name = StrCat(schema.type(source).name, schema.type(rel.target).name,
                  UpperFirst(rel.field_name), "AggregationSelection");
  t.type = source;
  t.rel = &rel;
  return t;
}

OutputType OutputType::NodeAggregateSelection(const Schema& schema, TypeId source,
                                              const RelationshipDef& rel, bool on_edge) {
  OutputType t;
  t.kind = on_edge ? Kind::kEdgeAggregateSelection : Kind::kNodeAggregateSelection;
  t.name = StrCat(schema.type(source).name, schema.type(rel.target).name,
                  UpperFirst(rel.field_name), on_edge ? "Edge" : "Node", "AggregateSelection");
  t.type = source;
  t.rel = &rel;
  return t;
}

OutputType OutputType::RootConnection(const Schema& schema, const RootField& root) {
  OutputType t;
  t.kind = Kind::kRootConnection;
  t.name = UpperFirst(root.name) + "Connection";
  t.type = root.type;
  t.root = root.name;
  (void)schema;
  return t;
}

OutputType OutputType::RootEdge(const Schema& schema, TypeId type) {
  OutputType t;
  t.kind = Kind::kRootEdge;
  t.name = schema.type(type).name + "Edge";
  t.type = type;
  return t;
}

OutputType OutputType::RelConnection(const Schema& schema, TypeId source,
                                     const RelationshipDef& rel) {
  OutputType t;
  t.kind = Kind::kRelConnection;
  t.name = StrCat(schema.type(source).name, UpperFirst(rel.field_name), "Connection");
  t.type = source;
  t.rel = &rel;
  return t;
}

OutputType OutputType::Relationship(const Schema& schema, TypeId source,
                                    const RelationshipDef& rel) {
  OutputType t;
  t.kind = Kind::kRelationship;
  t.name = StrCat(schema.type(source).name, UpperFirst(rel.field_name), "Relationship");
  t.type = source;
  t.rel = &rel;
  return t;
}

OutputType OutputType::PageInfo() {
  OutputType t;
  t.kind = Kind::kPageInfo;
  t.name = "PageInfo";
  return t;
}

std::vector<OutputField> OutputFields(const Schema& schema, const OutputType& type) {
  std::vector<OutputField> out;
  switch (type.kind) {
    case Kind::kQuery:
      return QueryFields(schema);
    case Kind::kNode:
      return NodeFields(schema, type.type);
    case Kind::kEdgeProperties:
      AddProperties(schema.type(type.type), &out);
      return out;
    case Kind::kAggregateSelection:
      out.push_back(Leaf(FKind::kCount, "count", Named("Int", true)));
      AddAggregateOf(schema.type(type.type), &out);
      return out;
    case Kind::kScalarAggregate:
      return ScalarAggregateFields(type.scalar);
    case Kind::kRelAggregateSelection: {
      const RelationshipDef& rel = *type.rel;
      out.push_back(Leaf(FKind::kCount, "count", Named("Int", true)));
      if (HasAggregatableProperties(schema.type(rel.target))) {
        OutputType node = OutputType::NodeAggregateSelection(schema, type.type, rel, false);
        out.push_back(Composite(FKind::kAggregateNode, "node", Named(node.name), node));
      }
      if (rel.properties != kNoType && HasAggregatableProperties(schema.type(rel.properties))) {
        OutputType edge = OutputType::NodeAggregateSelection(schema, type.type, rel, true);
        out.push_back(Composite(FKind::kAggregateEdge, "edge", Named(edge.name), edge));
      }
      return out;
    }
    case Kind::kNodeAggregateSelection:
      AddAggregateOf(schema.type(type.rel->target), &out);
      return out;
    case Kind::kEdgeAggregateSelection:
      AddAggregateOf(schema.type(type.rel->properties), &out);
      return out;
    case Kind::kRootConnection: {
      OutputType edge = OutputType::RootEdge(schema, type.type);
      out.push_back(Leaf(FKind::kTotalCount, "totalCount", Named("Int", true)));
      out.push_back(
          Composite(FKind::kPageInfo, "pageInfo", Named("PageInfo", true), OutputType::PageInfo()));
      out.push_back(Composite(FKind::kEdges, "edges", ListOfNonNull(edge.name), edge));
      return out;
    }
    case Kind::kRootEdge:
      out.push_back(Leaf(FKind::kCursor, "cursor", Named("String", true)));
      out.push_back(Composite(FKind::kEdgeNode, "node", Named(schema.type(type.type).name, true),
                              OutputType::Node(schema, type.type)));
      return out;
    case Kind::kRelConnection: {
      OutputType edge = OutputType::Relationship(schema, type.type, *type.rel);
      out.push_back(Composite(FKind::kEdges, "edges", ListOfNonNull(edge.name), edge));
      out.push_back(Leaf(FKind::kTotalCount, "totalCount", Named("Int", true)));
      out.push_back(
          Composite(FKind::kPageInfo, "pageInfo", Named("PageInfo", true), OutputType::PageInfo()));
      return out;
    }
    case Kind::kRelationship: {
      const RelationshipDef& rel = *type.rel;
      out.push_back(Leaf(FKind::kCursor, "cursor", Named("String", true)));
      out.push_back(Composite(FKind::kEdgeNode, "node", Named(schema.type(rel.target).name, true),
                              OutputType::Node(schema, rel.target)));
      if (rel.properties != kNoType) {
        OutputField p = Composite(FKind::kEdgeProperties, "properties",
                                  Named(schema.type(rel.properties).name, true),
                                  OutputType::Node(schema, rel.properties));
        out.push_back(std::move(p));
      }
      return out;
    }
    case Kind::kPageInfo:
      return PageInfoFields();
  }
  return out;
}

std::optional<OutputField> FindOutputField(const Schema& schema, const OutputType& type,
                                           std::string_view name) {
  if (name == "__typename") return Leaf(FKind::kTypename, "__typename", Named("String", true));
  if (type.kind == Kind::kNode) {
    // The common case, without building every field.
    const TypeDef& t = schema.type(type.type);
    if (int p = t.FindProperty(name); p >= 0) {
      OutputField f = Leaf(FKind::kProperty, std::string(name),
                           *TypeRef::Parse(PropertyTypeText(t.properties[p])));
      f.index = p;
      return f;
    }
  }
  for (OutputField& f : OutputFields(schema, type)) {
    if (f.name == name) return std::move(f);
  }
  return std::nullopt;
}

std::vector<OutputType> AllOutputTypes(const Schema& schema) {
  std::vector<OutputType> out;
  std::set<std::string> seen;
  std::vector<OutputType> stack = {OutputType::Query()};
  // Every object type of an interface that is reachable is reachable too.
  while (!stack.empty()) {
    OutputType t = std::move(stack.back());
    stack.pop_back();
    if (!seen.insert(t.name).second) continue;
    for (const OutputField& f : OutputFields(schema, t)) {
      if (f.target && !seen.count(f.target->name)) stack.push_back(*f.target);
    }
    if (t.kind == Kind::kNode) {
      for (TypeId c : schema.type(t.type).concrete_types) {
        if (c != t.type) stack.push_back(OutputType::Node(schema, c));
      }
      for (TypeId i : schema.type(t.type).interfaces) stack.push_back(OutputType::Node(schema, i));
    }
    out.push_back(std::move(t));
  }
  std::sort(out.begin(), out.end(),
            [](const OutputType& a, const OutputType& b) { return a.name < b.name; });
  return out;
}

std::optional<OutputType> FindOutputType(const Schema& schema, std::string_view name) {
  if (name == "Query") return OutputType::Query();
  if (TypeId t = schema.FindType(name); t != kNoType) return OutputType::Node(schema, t);
  for (OutputType& t : AllOutputTypes(schema)) {
    if (t.name == name) return std::move(t);
  }
  return std::nullopt;
}

bool TypesOverlap(const Schema& schema, const OutputType& a, const OutputType& b) {
  if (a.kind == Kind::kNode && b.kind == Kind::kNode) {
    for (TypeId c : schema.type(a.type).concrete_types) {
      if (schema.IsSubtype(c, b.type)) return true;
    }
    return false;
  }
  return a.name == b.name;
}

}  // namespace vigil::check

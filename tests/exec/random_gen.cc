#include "tests/exec/random_gen.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "src/base/strings.h"
#include "tests/exec/reference_evaluator.h"

namespace vigil::reftest {
namespace {

using Strings = std::vector<std::string>;

const Strings& DateTimes() {
  static const Strings* v = new Strings{
      "2023-12-31T23:59:59Z",      "2024-01-01T00:00:00Z", "2024-01-01T01:00:00+01:00",
      "2024-06-30T12:00:00Z",      "2025-03-01T00:00:00.500Z", "2024-01-15T00:00:00Z",
      "2024-06-30T08:00:00-04:00", "2025-03-01T00:00:00.5Z", "2024-01-01T00:00:00.000+00:00"};
  return *v;
}

const Strings& StringPool(const std::string& prop) {
  static const std::map<std::string, Strings>* pools = new std::map<std::string, Strings>{
      {"name", {"a", "b", "ab", "ba", "prod-1", "Prod-2", "long name", "", "x\xc3\xa9y",
                "q\"uo\\te"}},
      {"accountId", {"111", "222", "333"}},
      {"region", {"us-east-1", "eu-west-1", "ap-south-1"}},
      {"cidrBlock", {"10.0.0.0/16", "10.1.0.0/16", "172.16.0.0/12"}},
      {"tags", {"env:prod", "env:dev", "team:net", "pci"}},
      {"flowLogStatus", {"ACTIVE", "FAILED", "active"}},
      {"trafficType", {"ALL", "ACCEPT", "REJECT"}},
      {"status", {"ACTIVE", "FAILED", "pending"}},
      {"id", {"vpc-0", "vpc-1", "vpc-2", "fl-0", "fl-1", "acct-0", "acct-1", "vpc-10"}},
  };
  static const Strings* fallback = new Strings{"a", "b", "ab", "x"};
  auto it = pools->find(prop);
  return it == pools->end() ? *fallback : it->second;
}

const Strings& Fragments() {
  static const Strings* v = new Strings{"a", "b", "1", "-", "prod", "us", "", "ACT", "e",
                                        "east", "vpc-", "fl-", "acct", "0", "/16", "env:"};
  return *v;
}

const Strings& Patterns() {
  static const Strings* v = new Strings{"a.*", ".*b", "[ab]+", "(?i)prod-[0-9]", "", "prod",
                                        "(?i)AB", ".*-.*", "\\d+", "10\\..*", ".*", "(?i)active"};
  return *v;
}

Value IntPool(Rng& rng, const std::string& prop) {
  if (prop == "retentionDays") {
    static const std::vector<int64_t> v = {0, 30, 60, 90};
    return Value(rng.Pick(v));
  }
  if (prop == "since") {
    static const std::vector<int64_t> v = {0, 1, 2, 3, 5, 2000, 2021};
    return Value(rng.Pick(v));
  }
  return Value(rng.Range(0, 5));
}

Value FloatPool(Rng& rng, bool allow_int) {
  static const std::vector<double> v = {-1.25, 0.0, 0.5, 1.0, 1.5, 2.5, 45.5};
  double d = rng.Pick(v);
  if (allow_int && d == static_cast<int64_t>(d) && rng.Chance(0.3)) {
    return Value(static_cast<int64_t>(d));
  }
  return Value(d);
}

// A value of `prop`'s element kind, never null.
Value ScalarValue(Rng& rng, const Schema& schema, const PropertyDef& prop, bool literal) {
  switch (prop.kind) {
    case ScalarKind::kBoolean:
      return Value(rng.Chance(0.5));
    case ScalarKind::kInt:
      return IntPool(rng, prop.name);
    case ScalarKind::kFloat:
      return FloatPool(rng, true);
    case ScalarKind::kDateTime:
      return Value(rng.Pick(DateTimes()));
    case ScalarKind::kEnum:
      return Value(rng.Pick(schema.enums()[prop.enum_index].values));
    default:
      if (literal && rng.Chance(0.1)) return Value("zzz");
      return Value(rng.Pick(StringPool(prop.name)));
  }
}

Value PropertyValue(Rng& rng, const Schema& schema, const PropertyDef& prop) {
  if (!prop.is_list) return ScalarValue(rng, schema, prop, false);
  Value::Array a;
  int n = static_cast<int>(rng.Range(0, 3));
  for (int i = 0; i < n; ++i) a.push_back(ScalarValue(rng, schema, prop, false));
  return Value(std::move(a));
}

// Random properties of a property-holding type (id excluded).
Value GenerateProps(Rng& rng, const Schema& schema, const TypeDef& t) {
  Value::Object props;
  for (const PropertyDef& p : t.properties) {
    if (p.name == "id") continue;
    double r = static_cast<double>(rng.Below(100));
    if (r < 20) continue;  // absent
    if (r < 30 && !p.non_null) {
      props.emplace_back(p.name, Value());
      continue;
    }
    props.emplace_back(p.name, PropertyValue(rng, schema, p));
  }
  return Value(std::move(props));
}

std::string IdPrefix(const std::string& type_name) {
  if (type_name == "Account") return "acct-";
  if (type_name == "Vpc") return "vpc-";
  if (type_name == "FlowLog") return "fl-";
  std::string s;
  for (char c : type_name) {
    s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return s + "-";
}

Value Obj(std::initializer_list<std::pair<std::string, Value>> kv) {
  Value::Object o;
  for (const auto& p : kv) o.push_back(p);
  return Value(std::move(o));
}

// ---- queries ---------------------------------------------------------------

class QueryGen {
 public:
  QueryGen(Rng& rng, const Schema& schema, const QueryGenOptions& opts)
      : rng_(rng), schema_(schema), opts_(opts) {}

  Value Generate() {
    std::vector<const RootField*> roots;
    for (const RootField& r : schema_.root_fields()) roots.push_back(&r);
    const RootField* root = rng_.Pick(roots);
    const TypeDef& t = schema_.type(root->type);
    Value::Object q;
    q.emplace_back("root", Value(root->name));
    if (rng_.Chance(opts_.where_chance)) {
      if (rng_.Chance(0.03)) {
        q.emplace_back("where", Value());
      } else {
        q.emplace_back("where", Where(t, 0));
      }
    }
    if (opts_.force_limit > 0 || rng_.Chance(opts_.options_chance)) {
      Value options = Options(t);
      if (opts_.force_limit > 0) {
        Value::Object o;
        o.emplace_back("limit", Value(int64_t{opts_.force_limit}));
        for (auto& kv : options.as_object()) {
          if (kv.first != "limit") o.push_back(std::move(kv));
        }
        options = Value(std::move(o));
      }
      q.emplace_back("options", std::move(options));
      if (rng_.Chance(0.3)) q.emplace_back("direct", Value(true));
    }
    std::set<std::string> level;
    if (opts_.id_only) {
      q.emplace_back("selection",
                     Value(Value::Array{Obj({{"kind", Value("field")}, {"name", Value("id")}})}));
    } else {
      q.emplace_back("selection", Selection(root->type, 0, &level));
    }
    if (!fragments_.empty()) q.emplace_back("fragments", Value(std::move(fragments_)));
    return Value(std::move(q));
  }

 private:
  // ---- where ----
  Value Where(const TypeDef& t, int depth) {
    size_t r = rng_.Below(100);
    int n = r < 8 ? 0 : (r < 68 ? 1 : (r < 92 ? 2 : 3));
    Value::Object o;
    for (int tries = 0; static_cast<int>(o.size()) < n && tries < 10; ++tries) {
      auto [key, val] = Key(t, depth);
      bool dup = false;
      for (const auto& kv : o) dup |= kv.first == key;
      if (!dup) o.emplace_back(std::move(key), std::move(val));
    }
    return Value(std::move(o));
  }

  std::pair<std::string, Value> Key(const TypeDef& t, int depth) {
    const bool deeper = depth < opts_.max_where_depth;
    const bool rels = deeper && !t.relationships.empty();
    for (;;) {
      size_t r = rng_.Below(100);
      if (t.is_interface() && rng_.Chance(0.12)) return TypenameKey(t);
      if (r < 45) return PropertyKey(t);
      if (r < 60) {
        if (!deeper) continue;
        return LogicalKey(t, depth);
      }
      if (!rels) continue;
      const RelationshipDef& rel = rng_.Pick(t.relationships);
      if (r < 80) return RelationKey(rel, depth);
      if (r < 90) return AggregateKey(rel, depth);
      return ConnectionKey(rel, depth);
    }
  }

  // typename_IN on an interface: some of its object types (or none, or null:
  // no predicate).
  std::pair<std::string, Value> TypenameKey(const TypeDef& t) {
    if (rng_.Chance(0.1)) return {"typename_IN", Value()};
    Value::Array a;
    for (TypeId c : t.concrete_types) {
      if (rng_.Chance(0.4)) a.push_back(Value(schema_.type(c).name));
    }
    if (a.size() == 1 && rng_.Chance(0.3)) return {"typename_IN", a[0]};  // list coercion
    return {"typename_IN", Value(std::move(a))};
  }

  std::pair<std::string, Value> LogicalKey(const TypeDef& t, int depth) {
    size_t r = rng_.Below(3);
    if (r == 2) {
      if (rng_.Chance(0.08)) return {"NOT", Value()};
      return {"NOT", Where(t, depth + 1)};
    }
    std::string key = r == 0 ? "AND" : "OR";
    if (rng_.Chance(0.08)) return {key, Value()};
    Value::Array a;
    int n = rng_.Chance(0.12) ? 0 : static_cast<int>(rng_.Range(1, 3));
    for (int i = 0; i < n; ++i) a.push_back(Where(t, depth + 1));
    return {key, Value(std::move(a))};
  }

  std::pair<std::string, Value> PropertyKey(const TypeDef& t) {
    const PropertyDef& p = rng_.Pick(t.properties);
    Strings ops;
    if (p.is_list) {
      ops = {"", "NOT", "INCLUDES", "NOT_INCLUDES"};
    } else {
      switch (p.kind) {
        case ScalarKind::kBoolean:
          ops = {"", "NOT"};
          break;
        case ScalarKind::kEnum:
          ops = {"", "NOT", "IN", "NOT_IN"};
          break;
        case ScalarKind::kInt:
        case ScalarKind::kFloat:
        case ScalarKind::kDateTime:
          ops = {"", "NOT", "IN", "NOT_IN", "LT", "LTE", "GT", "GTE"};
          break;
        default:
          ops = {"",         "NOT",          "IN",          "NOT_IN",          "CONTAINS",
                 "NOT_CONTAINS", "STARTS_WITH", "NOT_STARTS_WITH", "ENDS_WITH",
                 "NOT_ENDS_WITH", "MATCHES",     "LT",              "LTE",
                 "GT",           "GTE"};
      }
    }
    const std::string& op = rng_.Pick(ops);
    std::string key = op.empty() ? p.name : StrCat(p.name, "_", op);
    if (rng_.Chance(0.1)) return {key, Value()};
    return {key, Literal(p, op)};
  }

  Value Literal(const PropertyDef& p, const std::string& op) {
    if (p.is_list) {
      if (op == "INCLUDES" || op == "NOT_INCLUDES") return ScalarValue(rng_, schema_, p, true);
      Value::Array a;
      int n = static_cast<int>(rng_.Range(0, 3));
      for (int i = 0; i < n; ++i) a.push_back(ScalarValue(rng_, schema_, p, true));
      return Value(std::move(a));
    }
    if (op == "IN" || op == "NOT_IN") {
      Value::Array a;
      int n = static_cast<int>(rng_.Range(0, 3));
      for (int i = 0; i < n; ++i) {
        if (!p.non_null && rng_.Chance(0.15)) {
          a.push_back(Value());
        } else {
          a.push_back(ScalarValue(rng_, schema_, p, true));
        }
      }
      return Value(std::move(a));
    }
    if (op == "MATCHES") return Value(rng_.Pick(Patterns()));
    bool stringy = p.kind == ScalarKind::kString || p.kind == ScalarKind::kID;
    if (stringy && op != "" && op != "NOT") {
      if (rng_.Chance(0.25)) return Value(rng_.Pick(Fragments()));
      if (rng_.Chance(0.6)) {
        // A piece of a value the property may hold: prefix, suffix or middle.
        const std::string& v = rng_.Pick(StringPool(p.name));
        size_t b = rng_.Below(v.size() + 1);
        size_t e = b + rng_.Below(v.size() - b + 1);
        if (op.find("STARTS") != std::string::npos) b = 0;
        if (op.find("ENDS") != std::string::npos) e = v.size();
        std::string piece = v.substr(b, e - b);
        // Keep UTF-8 whole: drop a piece that cuts a multi-byte character.
        for (unsigned char c : piece) {
          if (c >= 0x80) return Value(v);
        }
        return Value(piece);
      }
    }
    return ScalarValue(rng_, schema_, p, true);
  }

  std::pair<std::string, Value> RelationKey(const RelationshipDef& rel, int depth) {
    static const Strings kList = {"", "NOT", "SOME", "NONE", "ALL", "SINGLE"};
    static const Strings kSingle = {"", "NOT"};
    const std::string& q = rng_.Pick(rel.is_list ? kList : kSingle);
    std::string key = q.empty() ? rel.field_name : StrCat(rel.field_name, "_", q);
    size_t r = rng_.Below(100);
    if (r < 12) return {key, Value()};
    if (r < 20) return {key, Value(Value::Object{})};
    if (r < 28) return {key, EmptyInner()};
    return {key, Where(schema_.type(rel.target), depth + 1)};
  }

  // A non-empty where object all of whose keys are dropped.
  Value EmptyInner() {
    switch (rng_.Below(4)) {
      case 0:
        return Obj({{"OR", Value(Value::Array{})}});
      case 1:
        return Obj({{"AND", Value(Value::Array{Value(Value::Object{})})}});
      case 2:
        return Obj({{"NOT", Value(Value::Object{})}});
      default:
        return Obj({{"OR", Value()}, {"NOT", Obj({{"AND", Value(Value::Array{})}})}});
    }
  }

  std::pair<std::string, Value> ConnectionKey(const RelationshipDef& rel, int depth) {
    static const Strings kList = {"", "NOT", "SOME", "NONE", "ALL", "SINGLE"};
    static const Strings kSingle = {"", "NOT"};
    const std::string& q = rng_.Pick(rel.is_list ? kList : kSingle);
    std::string key = StrCat(rel.field_name, "Connection", q.empty() ? "" : "_", q);
    size_t r = rng_.Below(100);
    if (r < 6) return {key, Value()};
    if (r < 10) return {key, Value(Value::Object{})};
    return {key, Connection(rel, depth + 1)};
  }

  Value Connection(const RelationshipDef& rel, int depth) {
    Value::Object o;
    const bool deeper = depth < opts_.max_where_depth;
    if (rng_.Chance(0.7)) o.emplace_back("node", Where(schema_.type(rel.target), depth + 1));
    if (rel.properties != kNoType && rng_.Chance(0.5)) {
      o.emplace_back("edge", Where(schema_.type(rel.properties), depth + 1));
    }
    if (deeper && rng_.Chance(0.12)) {
      Value::Array a;
      int n = static_cast<int>(rng_.Range(0, 2));
      for (int i = 0; i < n; ++i) a.push_back(Connection(rel, depth + 1));
      o.emplace_back(rng_.Chance(0.5) ? "AND" : "OR", Value(std::move(a)));
    }
    if (deeper && rng_.Chance(0.12)) o.emplace_back("NOT", Connection(rel, depth + 1));
    if (o.empty()) o.emplace_back("node", Where(schema_.type(rel.target), depth + 1));
    return Value(std::move(o));
  }

  std::pair<std::string, Value> AggregateKey(const RelationshipDef& rel, int depth) {
    return {rel.field_name + "Aggregate", Aggregate(rel, depth + 1)};
  }

  Value Aggregate(const RelationshipDef& rel, int depth) {
    static const Strings kCounts = {"count", "count_LT", "count_LTE", "count_GT", "count_GTE"};
    Value::Object o;
    const bool deeper = depth < opts_.max_where_depth;
    if (rng_.Chance(0.5)) {
      // A null count never compares TRUE.
      o.emplace_back(rng_.Pick(kCounts), rng_.Chance(0.05) ? Value() : Value(rng_.Range(0, 3)));
    }
    if (rng_.Chance(0.5)) o.emplace_back("node", AggProps(schema_.type(rel.target)));
    if (rel.properties != kNoType && rng_.Chance(0.3)) {
      o.emplace_back("edge", AggProps(schema_.type(rel.properties)));
    }
    if (deeper && rng_.Chance(0.15)) o.emplace_back("NOT", Aggregate(rel, depth + 1));
    if (deeper && rng_.Chance(0.1)) {
      Value::Array a;
      int n = static_cast<int>(rng_.Range(1, 2));
      for (int i = 0; i < n; ++i) a.push_back(Aggregate(rel, depth + 1));
      o.emplace_back(rng_.Chance(0.5) ? "AND" : "OR", Value(std::move(a)));
    }
    if (o.empty()) o.emplace_back(rng_.Pick(kCounts), Value(rng_.Range(0, 3)));
    return Value(std::move(o));
  }

  Value AggProps(const TypeDef& t) {
    static const Strings kCmps = {"EQUAL", "GT", "GTE", "LT", "LTE"};
    std::vector<const PropertyDef*> props;
    for (const PropertyDef& p : t.properties) {
      if (p.is_list) continue;
      switch (p.kind) {
        case ScalarKind::kInt:
        case ScalarKind::kFloat:
        case ScalarKind::kString:
        case ScalarKind::kID:
        case ScalarKind::kDateTime:
          props.push_back(&p);
          break;
        default:
          break;
      }
    }
    Value::Object o;
    int n = static_cast<int>(rng_.Range(1, 2));
    for (int i = 0; i < n; ++i) {
      const PropertyDef& p = *rng_.Pick(props);
      // The keys @neo4j/graphql 5.12 generates, the deprecated ones included
      // ("" is the function-less f_CMP).
      Strings funcs;
      if (p.kind == ScalarKind::kInt || p.kind == ScalarKind::kFloat) {
        funcs = {"MIN", "MAX", "SUM", "AVERAGE", ""};
      } else if (p.kind == ScalarKind::kDateTime) {
        funcs = {"MIN", "MAX", ""};
      } else if (p.kind == ScalarKind::kID) {
        funcs = {""};
      } else {
        funcs = {"SHORTEST_LENGTH", "LONGEST_LENGTH", "AVERAGE_LENGTH", "SHORTEST", "LONGEST",
                 "AVERAGE", ""};
      }
      const std::string& f = rng_.Pick(funcs);
      const std::string& cmp = p.kind == ScalarKind::kID ? std::string("EQUAL") : rng_.Pick(kCmps);
      std::string key = f.empty() ? StrCat(p.name, "_", cmp) : StrCat(p.name, "_", f, "_", cmp);
      bool dup = false;
      for (const auto& kv : o) dup |= kv.first == key;
      if (dup) continue;
      const bool text = p.kind == ScalarKind::kString || p.kind == ScalarKind::kID;
      Value lit;
      if (rng_.Chance(0.04)) {
        lit = Value();  // compares as null: never TRUE
      } else if (f.empty() && text && cmp == "EQUAL") {
        lit = rng_.Chance(0.2) ? Value("zzz") : Value(rng_.Pick(StringPool(p.name)));
      } else if (f.empty() && text) {
        lit = Value(rng_.Range(0, 9));  // a length
      } else if (p.kind == ScalarKind::kDateTime) {
        lit = Value(rng_.Pick(DateTimes()));
      } else if (f == "AVERAGE" || f == "AVERAGE_LENGTH" || p.kind == ScalarKind::kFloat) {
        lit = rng_.Chance(0.5) ? FloatPool(rng_, true) : Value(rng_.Range(0, 6));
        if (p.name == "retentionDays" && rng_.Chance(0.5)) lit = Value(45.5);
      } else if (text) {
        lit = Value(rng_.Range(0, 9));
      } else {
        lit = IntPool(rng_, p.name);
        if (f == "SUM" && rng_.Chance(0.3)) lit = Value(lit.as_int() * 2);
      }
      o.emplace_back(std::move(key), std::move(lit));
    }
    return Value(std::move(o));
  }

  // ---- options and selection ----
  Value Options(const TypeDef& t) {
    Value::Object o;
    if (rng_.Chance(0.5)) o.emplace_back("limit", Value(rng_.Range(0, 4)));
    if (rng_.Chance(0.4)) o.emplace_back("offset", Value(rng_.Range(0, 3)));
    if (rng_.Chance(0.75)) {
      std::vector<const PropertyDef*> props;
      for (const PropertyDef& p : t.properties) {
        if (!p.is_list) props.push_back(&p);
      }
      Value::Array sort;
      std::set<std::string> used;
      int n = static_cast<int>(rng_.Range(1, 2));
      for (int i = 0; i < n; ++i) {
        const PropertyDef& p = *rng_.Pick(props);
        if (!used.insert(p.name).second) continue;
        // A null direction sorts ascending.
        Value dir = rng_.Chance(0.08) ? Value() : Value(rng_.Chance(0.5) ? "ASC" : "DESC");
        sort.push_back(Obj({{p.name, std::move(dir)}}));
      }
      o.emplace_back("sort", Value(std::move(sort)));
    }
    if (o.empty()) o.emplace_back("limit", Value(rng_.Range(0, 4)));
    return Value(std::move(o));
  }

  // Types an inline fragment may name inside a selection on `t`.
  std::vector<TypeId> FragmentTypes(TypeId t) {
    std::vector<TypeId> out = {t};
    const TypeDef& d = schema_.type(t);
    if (d.is_interface()) {
      for (TypeId c : d.concrete_types) out.push_back(c);
    } else {
      for (TypeId i : d.interfaces) out.push_back(i);
    }
    return out;
  }

  Value Field(const PropertyDef& p) {
    if (rng_.Chance(0.2)) {
      return Obj({{"kind", Value("field")}, {"name", Value(p.name)},
                  {"alias", Value("al_" + p.name)}});
    }
    return Obj({{"kind", Value("field")}, {"name", Value(p.name)}});
  }

  Value Selection(TypeId type, int depth, std::set<std::string>* level) {
    const TypeDef& t = schema_.type(type);
    Value::Array items;
    if (rng_.Chance(0.7)) items.push_back(Obj({{"kind", Value("field")}, {"name", Value("id")}}));
    int n = static_cast<int>(rng_.Range(items.empty() ? 1 : 0, 4));
    for (int i = 0; i < n; ++i) {
      size_t r = rng_.Below(100);
      if (r < 55) {
        items.push_back(Field(rng_.Pick(t.properties)));
      } else if (r < 65) {
        items.push_back(Obj({{"kind", Value("field")}, {"name", Value("__typename")}}));
      } else if (r < 82) {
        if (depth >= opts_.max_selection_depth || t.relationships.empty()) continue;
        const RelationshipDef& rel = rng_.Pick(t.relationships);
        std::string key = rng_.Chance(0.3) ? "rel_" + rel.field_name : rel.field_name;
        if (!level->insert(key).second) continue;
        Value::Object f;
        f.emplace_back("kind", Value("rel"));
        f.emplace_back("name", Value(rel.field_name));
        if (key != rel.field_name) f.emplace_back("alias", Value(key));
        if (rel.is_list) {
          if (rng_.Chance(0.4)) f.emplace_back("where", Where(schema_.type(rel.target), 1));
          if (rng_.Chance(0.3)) {
            f.emplace_back("options", Options(schema_.type(rel.target)));
            if (rng_.Chance(0.3)) f.emplace_back("direct", Value(true));
          }
        }
        // directed: false matters for a relationship between assets of one type.
        if (rel.target == type && rng_.Chance(0.5)) f.emplace_back("directed", Value(false));
        std::set<std::string> sub_level;
        f.emplace_back("selection", Selection(rel.target, depth + 1, &sub_level));
        items.push_back(Value(std::move(f)));
      } else if (r < 94) {
        TypeId on = rng_.Pick(FragmentTypes(type));
        items.push_back(Obj({{"kind", Value("inline")},
                             {"on", Value(schema_.type(on).name)},
                             {"selection", Selection(on, depth, level)}}));
      } else {
        TypeId on = rng_.Pick(FragmentTypes(type));
        items.push_back(Obj({{"kind", Value("spread")}, {"name", Value(NamedFragment(on))}}));
      }
    }
    if (items.empty()) items.push_back(Field(rng_.Pick(t.properties)));
    return Value(std::move(items));
  }

  // A fragment definition on `on` holding scalar fields only; reused when
  // one on that type exists.
  std::string NamedFragment(TypeId on) {
    const TypeDef& t = schema_.type(on);
    for (const Value& f : fragments_) {
      if (f.Find("on")->as_string() == t.name && rng_.Chance(0.7)) {
        return f.Find("name")->as_string();
      }
    }
    std::string name = StrCat("F", fragments_.size());
    Value::Array sel;
    int n = static_cast<int>(rng_.Range(1, 4));
    for (int i = 0; i < n; ++i) {
      if (rng_.Chance(0.15)) {
        sel.push_back(Obj({{"kind", Value("field")}, {"name", Value("__typename")}}));
      } else {
        sel.push_back(Field(rng_.Pick(t.properties)));
      }
    }
    fragments_.push_back(
        Obj({{"name", Value(name)}, {"on", Value(t.name)}, {"selection", Value(std::move(sel))}}));
    return name;
  }

  Rng& rng_;
  const Schema& schema_;
  const QueryGenOptions& opts_;
  Value::Array fragments_;
};

// ---- printing --------------------------------------------------------------

class Printer {
 public:
  explicit Printer(const Schema& schema) : schema_(schema) {}

  std::string Print(const Value& q) {
    const RootField* root = schema_.FindRootField(q.Find("root")->as_string());
    const TypeDef& t = schema_.type(root->type);
    out_ += root->name;
    Args(t, q.Find("where"), q.Find("options"), q.Find("direct") != nullptr);
    out_ += " ";
    Selection(root->type, *q.Find("selection"));
    if (const Value* frags = q.Find("fragments")) {
      for (const Value& f : frags->as_array()) {
        StrAppend(&out_, "\nfragment ", f.Find("name")->as_string(), " on ",
                  f.Find("on")->as_string(), " ");
        Selection(schema_.FindType(f.Find("on")->as_string()), *f.Find("selection"));
      }
    }
    return std::move(out_);
  }

 private:
  void Args(const TypeDef& t, const Value* where, const Value* options, bool direct,
            const Value* directed = nullptr) {
    std::vector<std::string> args;
    if (directed != nullptr) args.push_back(directed->as_bool() ? "directed: true" : "directed: false");
    if (where != nullptr) {
      std::string saved = std::move(out_);
      out_.clear();
      Where(t, *where);
      args.push_back("where: " + out_);
      out_ = std::move(saved);
    }
    if (options != nullptr) {
      std::vector<std::string> parts;
      for (const auto& [k, v] : options->as_object()) {
        if (k == "sort") {
          std::vector<std::string> sorts;
          for (const Value& s : v.as_array()) {
            const auto& [f, dir] = s.as_object()[0];
            sorts.push_back(StrCat("{", f, ": ", dir.is_null() ? "null" : dir.as_string(), "}"));
          }
          parts.push_back(StrCat("sort: [", StrJoin(sorts, ", "), "]"));
        } else {
          parts.push_back(StrCat(k, ": ", v.as_int()));
        }
      }
      if (direct) {
        for (auto& p : parts) args.push_back(std::move(p));
      } else {
        args.push_back(StrCat("options: {", StrJoin(parts, ", "), "}"));
      }
    }
    if (!args.empty()) StrAppend(&out_, "(", StrJoin(args, ", "), ")");
  }

  void Selection(TypeId type, const Value& sel) {
    const TypeDef& t = schema_.type(type);
    out_ += "{";
    for (const Value& item : sel.as_array()) {
      out_ += " ";
      const std::string& kind = item.Find("kind")->as_string();
      if (kind == "inline") {
        StrAppend(&out_, "... on ", item.Find("on")->as_string(), " ");
        Selection(schema_.FindType(item.Find("on")->as_string()), *item.Find("selection"));
        continue;
      }
      if (kind == "spread") {
        StrAppend(&out_, "...", item.Find("name")->as_string());
        continue;
      }
      if (const Value* a = item.Find("alias")) StrAppend(&out_, a->as_string(), ": ");
      out_ += item.Find("name")->as_string();
      if (kind == "rel") {
        const RelationshipDef& rel =
            t.relationships[t.FindRelationship(item.Find("name")->as_string())];
        Args(schema_.type(rel.target), item.Find("where"), item.Find("options"),
             item.Find("direct") != nullptr, item.Find("directed"));
        out_ += " ";
        Selection(rel.target, *item.Find("selection"));
      }
    }
    out_ += " }";
  }

  void Literal(const Value& v, bool is_enum) {
    switch (v.kind()) {
      case Value::Kind::kNull:
        out_ += "null";
        return;
      case Value::Kind::kBool:
        out_ += v.as_bool() ? "true" : "false";
        return;
      case Value::Kind::kInt:
        StrAppend(&out_, v.as_int());
        return;
      case Value::Kind::kDouble: {
        std::string d;
        AppendJsonDouble(&d, v.as_double());
        if (d.find_first_of(".eE") == std::string::npos) d += ".0";
        out_ += d;
        return;
      }
      case Value::Kind::kString:
        if (is_enum) {
          out_ += v.as_string();
        } else {
          AppendJsonString(&out_, v.as_string());
        }
        return;
      case Value::Kind::kArray: {
        out_ += "[";
        bool first = true;
        for (const Value& e : v.as_array()) {
          if (!first) out_ += ", ";
          first = false;
          Literal(e, is_enum);
        }
        out_ += "]";
        return;
      }
      case Value::Kind::kObject:
        break;
    }
    std::abort();
  }

  template <typename Fn>
  void ObjectOf(const Value& v, Fn&& each) {
    if (v.is_null()) {
      out_ += "null";
      return;
    }
    out_ += "{";
    bool first = true;
    for (const auto& [k, val] : v.as_object()) {
      if (!first) out_ += ", ";
      first = false;
      StrAppend(&out_, k, ": ");
      each(k, val);
    }
    out_ += "}";
  }

  template <typename Fn>
  void ListOf(const Value& v, Fn&& each) {
    if (v.is_null()) {
      out_ += "null";
      return;
    }
    out_ += "[";
    bool first = true;
    for (const Value& e : v.as_array()) {
      if (!first) out_ += ", ";
      first = false;
      each(e);
    }
    out_ += "]";
  }

  void Where(const TypeDef& t, const Value& w) {
    ObjectOf(w, [&](const std::string& key, const Value& val) {
      WhereKey k = ResolveWhereKey(t, key);
      switch (k.kind) {
        case WhereKey::Kind::kAnd:
        case WhereKey::Kind::kOr:
          ListOf(val, [&](const Value& e) { Where(t, e); });
          return;
        case WhereKey::Kind::kNot:
          Where(t, val);
          return;
        case WhereKey::Kind::kProperty:
          Literal(val, k.prop->kind == ScalarKind::kEnum);
          return;
        case WhereKey::Kind::kTypename:
          Literal(val, true);
          return;
        case WhereKey::Kind::kRelation:
          Where(schema_.type(k.rel->target), val);
          return;
        case WhereKey::Kind::kConnection:
          Connection(*k.rel, val);
          return;
        case WhereKey::Kind::kAggregate:
          Aggregate(val);
          return;
        case WhereKey::Kind::kUnknown:
          break;
      }
      std::abort();
    });
  }

  void Connection(const RelationshipDef& rel, const Value& c) {
    ObjectOf(c, [&](const std::string& key, const Value& val) {
      if (key == "node") {
        Where(schema_.type(rel.target), val);
      } else if (key == "edge") {
        Where(schema_.type(rel.properties), val);
      } else if (key == "NOT") {
        Connection(rel, val);
      } else {
        ListOf(val, [&](const Value& e) { Connection(rel, e); });
      }
    });
  }

  void Aggregate(const Value& a) {
    ObjectOf(a, [&](const std::string& key, const Value& val) {
      if (key == "node" || key == "edge") {
        ObjectOf(val, [&](const std::string&, const Value& lit) { Literal(lit, false); });
      } else if (key == "NOT") {
        Aggregate(val);
      } else if (key == "AND" || key == "OR") {
        ListOf(val, [&](const Value& e) { Aggregate(e); });
      } else {
        Literal(val, false);
      }
    });
  }

  const Schema& schema_;
  std::string out_;
};

}  // namespace

Value GenerateGraph(Rng& rng, const Schema& schema, const GraphGenOptions& options) {
  std::vector<TypeId> types;
  for (TypeId i = 0; i < static_cast<TypeId>(schema.types().size()); ++i) {
    if (schema.type(i).is_object()) types.push_back(i);
  }
  // Pick each asset's type, then number the assets of each type in a random
  // order, so that ids and load order disagree.
  std::vector<TypeId> kinds;
  std::map<TypeId, std::vector<int>> by_type;
  for (int i = 0; i < options.assets; ++i) {
    TypeId t = rng.Chance(0.45) ? schema.FindType("Vpc") : rng.Pick(types);
    if (t == kNoType) t = rng.Pick(types);
    by_type[t].push_back(i);
    kinds.push_back(t);
  }
  std::vector<std::string> ids(options.assets);
  for (auto& [t, members] : by_type) {
    std::vector<int> nums(members.size());
    for (size_t i = 0; i < nums.size(); ++i) nums[i] = static_cast<int>(i);
    for (size_t i = nums.size(); i > 1; --i) std::swap(nums[i - 1], nums[rng.Below(i)]);
    for (size_t i = 0; i < members.size(); ++i) {
      ids[members[i]] = StrCat(IdPrefix(schema.type(t).name), nums[i]);
    }
  }
  Value::Array assets;
  for (int i = 0; i < options.assets; ++i) {
    Value::Object a;
    a.emplace_back("id", Value(ids[i]));
    a.emplace_back("type", Value(schema.type(kinds[i]).name));
    Value props = GenerateProps(rng, schema, schema.type(kinds[i]));
    if (!props.as_object().empty() || rng.Chance(0.5)) {
      a.emplace_back("properties", std::move(props));
    }
    assets.push_back(Value(std::move(a)));
  }
  // Edge kinds: (rel type, from type, to type, properties type).
  std::set<std::tuple<std::string, TypeId, TypeId, TypeId>> edge_kinds;
  for (TypeId t : types) {
    for (const RelationshipDef& r : schema.type(t).relationships) {
      for (TypeId target : schema.type(r.target).concrete_types) {
        TypeId from = r.direction == Direction::kOut ? t : target;
        TypeId to = r.direction == Direction::kOut ? target : t;
        edge_kinds.emplace(r.rel_type, from, to, r.properties);
      }
    }
  }
  std::vector<std::tuple<std::string, TypeId, TypeId, TypeId>> usable;
  for (const auto& k : edge_kinds) {
    if (by_type.count(std::get<1>(k)) && by_type.count(std::get<2>(k))) usable.push_back(k);
  }
  Value::Array rels;
  for (int i = 0; i < options.edges && !usable.empty(); ++i) {
    if (!rels.empty() && rng.Chance(options.parallel_edge_chance)) {
      Value copy = rng.Pick(rels);
      rels.push_back(std::move(copy));
      continue;
    }
    const auto& [rel, from_t, to_t, props_t] = rng.Pick(usable);
    Value::Object e;
    e.emplace_back("from", Value(ids[rng.Pick(by_type[from_t])]));
    e.emplace_back("type", Value(rel));
    e.emplace_back("to", Value(ids[rng.Pick(by_type[to_t])]));
    if (props_t != kNoType && rng.Chance(0.7)) {
      e.emplace_back("properties", GenerateProps(rng, schema, schema.type(props_t)));
    }
    rels.push_back(Value(std::move(e)));
  }
  return Obj({{"assets", Value(std::move(assets))}, {"relationships", Value(std::move(rels))}});
}

Value ToConvenienceForm(Rng& rng, const Schema& schema, const Value& canonical) {
  Value::Array assets = canonical.Find("assets")->as_array();
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < assets.size(); ++i) index[assets[i].Find("id")->as_string()] = i;
  auto type_of = [&](size_t i) { return schema.FindType(assets[i].Find("type")->as_string()); };
  auto field_of = [](Value& a, const std::string& name) -> Value* {
    for (auto& kv : a.as_object()) {
      if (kv.first == name) return &kv.second;
    }
    return nullptr;
  };
  // 1. Move edges without properties into inline {"id": ...} references.
  Value::Array rels;
  // Inline references: holder asset, field name, referenced id.
  std::vector<std::tuple<size_t, std::string, std::string>> refs;
  for (const Value& e : canonical.Find("relationships")->as_array()) {
    if (e.Find("properties") != nullptr || !rng.Chance(0.5)) {
      rels.push_back(e);
      continue;
    }
    size_t from = index[e.Find("from")->as_string()], to = index[e.Find("to")->as_string()];
    const std::string& type = e.Find("type")->as_string();
    std::vector<std::pair<size_t, const RelationshipDef*>> options;  // holder, field
    for (const RelationshipDef& r : schema.type(type_of(from)).relationships) {
      if (r.rel_type == type && r.direction == Direction::kOut &&
          schema.IsSubtype(type_of(to), r.target)) {
        options.emplace_back(from, &r);
      }
    }
    for (const RelationshipDef& r : schema.type(type_of(to)).relationships) {
      if (r.rel_type == type && r.direction == Direction::kIn &&
          schema.IsSubtype(type_of(from), r.target)) {
        options.emplace_back(to, &r);
      }
    }
    if (options.empty()) {
      rels.push_back(e);
      continue;
    }
    auto [holder, rel] = rng.Pick(options);
    const std::string other = assets[holder == from ? to : from].Find("id")->as_string();
    Value* f = field_of(assets[holder], rel->field_name);
    Value ref = Obj({{"id", Value(other)}});
    if (rel->is_list) {
      if (f == nullptr) {
        assets[holder].as_object().emplace_back(rel->field_name, Value(Value::Array{}));
        f = &assets[holder].as_object().back().second;
      }
      f->as_array().push_back(std::move(ref));
    } else if (f == nullptr) {
      assets[holder].as_object().emplace_back(rel->field_name, std::move(ref));
    } else {
      rels.push_back(e);
      continue;
    }
    refs.emplace_back(holder, rel->field_name, other);
  }
  // 2. Move some leaf assets (no inline fields) referenced inline exactly
  // once into that reference, out of the top-level array.
  std::map<std::string, int> ref_count;
  for (const auto& r : refs) ++ref_count[std::get<2>(r)];
  std::vector<bool> removed(assets.size(), false);
  for (const auto& [holder, field, other] : refs) {
    size_t x = index[other];
    bool leaf = true;
    for (const auto& kv : assets[x].as_object()) {
      leaf &= kv.first == "id" || kv.first == "type" || kv.first == "properties";
    }
    if (x == holder || !leaf || ref_count[other] != 1 || !rng.Chance(0.5)) continue;
    Value def = assets[x];
    if (rng.Chance(0.5)) {
      // The type may be left out where the field fixes it.
      Value::Object o;
      for (auto& kv : def.as_object()) {
        if (kv.first != "type") o.push_back(kv);
      }
      def = Value(std::move(o));
    }
    Value* f = field_of(assets[holder], field);
    if (f->is_array()) {
      for (Value& e : f->as_array()) {
        if (e.as_object().size() == 1 && e.Find("id")->as_string() == other) {
          e = def;
          break;
        }
      }
    } else {
      *f = def;
    }
    removed[x] = true;
  }
  Value::Array kept;
  for (size_t i = 0; i < assets.size(); ++i) {
    if (!removed[i]) kept.push_back(std::move(assets[i]));
  }
  return Obj({{"assets", Value(std::move(kept))}, {"relationships", Value(std::move(rels))}});
}

Value GenerateQuery(Rng& rng, const Schema& schema, const QueryGenOptions& options) {
  return QueryGen(rng, schema, options).Generate();
}

std::string PrintQuery(const Schema& schema, const Value& query) {
  return Printer(schema).Print(query);
}

}  // namespace vigil::reftest

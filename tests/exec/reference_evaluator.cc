#include "tests/exec/reference_evaluator.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "re2/re2.h"

namespace vigil::reftest {
namespace {

using Tri = std::optional<bool>;
constexpr Tri kTrue = true;
constexpr Tri kFalse = false;
constexpr Tri kUnknown = std::nullopt;

Tri Not(Tri a) {
  if (!a.has_value()) return kUnknown;
  return !*a;
}
Tri And(Tri a, Tri b) {
  if (a == kFalse || b == kFalse) return kFalse;
  if (a == kTrue && b == kTrue) return kTrue;
  return kUnknown;
}
Tri Or(Tri a, Tri b) {
  if (a == kTrue || b == kTrue) return kTrue;
  if (a == kFalse && b == kFalse) return kFalse;
  return kUnknown;
}

const Value& NullValue() {
  static const Value* v = new Value();
  return *v;
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Days from 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool ReadDigits(std::string_view s, size_t* pos, int n, int64_t* out) {
  if (*pos + n > s.size()) return false;
  int64_t v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view s, size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Compare two non-null scalars of a property kind: <0, 0, >0.
int CompareScalar(ScalarKind kind, const Value& a, const Value& b) {
  if (kind == ScalarKind::kDateTime) {
    auto x = ParseInstant(a.as_string());
    auto y = ParseInstant(b.as_string());
    if (!x || !y) std::abort();  // the generator only makes valid instants
    if (*x == *y) return 0;
    return *x < *y ? -1 : 1;
  }
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) {
      return a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
    }
    double x = a.as_double(), y = b.as_double();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.is_bool() && b.is_bool()) {
    return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
  }
  if (a.is_string() && b.is_string()) {
    int c = a.as_string().compare(b.as_string());  // bytewise (unsigned)
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  std::abort();  // type mismatch cannot happen with generated data
}

bool EqualScalar(ScalarKind kind, const Value& a, const Value& b) {
  return CompareScalar(kind, a, b) == 0;
}

Tri CompareOp(std::string_view op, int c) {
  if (op == "LT") return c < 0;
  if (op == "LTE") return c <= 0;
  if (op == "GT") return c > 0;
  if (op == "GTE") return c >= 0;
  if (op == "EQUAL") return c == 0;
  std::abort();
}

int CompareDouble(double a, double b) { return a < b ? -1 : (a > b ? 1 : 0); }

}  // namespace

std::optional<Instant> ParseInstant(std::string_view s) {
  size_t pos = 0;
  int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!ReadDigits(s, &pos, 4, &y) || !Expect(s, &pos, '-') || !ReadDigits(s, &pos, 2, &mo) ||
      !Expect(s, &pos, '-') || !ReadDigits(s, &pos, 2, &d) || !Expect(s, &pos, 'T') ||
      !ReadDigits(s, &pos, 2, &h) || !Expect(s, &pos, ':') || !ReadDigits(s, &pos, 2, &mi) ||
      !Expect(s, &pos, ':') || !ReadDigits(s, &pos, 2, &se)) {
    return std::nullopt;
  }
  int64_t nanos = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 9) nanos = nanos * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 9; ++i) nanos *= 10;
  }
  int64_t offset = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '+' ? 1 : -1;
    ++pos;
    int64_t oh = 0, om = 0;
    if (!ReadDigits(s, &pos, 2, &oh) || !Expect(s, &pos, ':') || !ReadDigits(s, &pos, 2, &om)) {
      return std::nullopt;
    }
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  Instant t;
  t.seconds = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
  t.nanos = nanos;
  return t;
}

WhereKey ResolveWhereKey(const TypeDef& type, std::string_view key) {
  WhereKey k;
  if (key == "AND") {
    k.kind = WhereKey::Kind::kAnd;
    return k;
  }
  if (key == "OR") {
    k.kind = WhereKey::Kind::kOr;
    return k;
  }
  if (key == "NOT") {
    k.kind = WhereKey::Kind::kNot;
    return k;
  }
  for (const PropertyDef& p : type.properties) {
    if (key == p.name) {
      k.kind = WhereKey::Kind::kProperty;
      k.prop = &p;
      return k;
    }
  }
  if (key == "typename_IN" && type.is_interface()) {
    k.kind = WhereKey::Kind::kTypename;
    return k;
  }
  static const char* const kQuants[] = {"NOT", "SOME", "NONE", "ALL", "SINGLE"};
  for (const RelationshipDef& r : type.relationships) {
    const std::string& n = r.field_name;
    if (key == n) {
      k.kind = WhereKey::Kind::kRelation;
      k.rel = &r;
      return k;
    }
    if (key == n + "Aggregate") {
      k.kind = WhereKey::Kind::kAggregate;
      k.rel = &r;
      return k;
    }
    if (key == n + "Connection") {
      k.kind = WhereKey::Kind::kConnection;
      k.rel = &r;
      return k;
    }
    for (const char* q : kQuants) {
      if (key == n + "_" + q) {
        k.kind = WhereKey::Kind::kRelation;
        k.rel = &r;
        k.quant = q;
        return k;
      }
      if (key == n + "Connection_" + q) {
        k.kind = WhereKey::Kind::kConnection;
        k.rel = &r;
        k.quant = q;
        return k;
      }
    }
  }
  static const char* const kOps[] = {
      "NOT",         "IN",           "NOT_IN",          "LT",        "LTE",
      "GT",          "GTE",          "CONTAINS",        "NOT_CONTAINS",
      "STARTS_WITH", "NOT_STARTS_WITH", "ENDS_WITH",    "NOT_ENDS_WITH",
      "MATCHES",     "INCLUDES",     "NOT_INCLUDES"};
  for (const PropertyDef& p : type.properties) {
    if (!StartsWith(key, p.name + "_")) continue;
    std::string_view rest = key.substr(p.name.size() + 1);
    for (const char* op : kOps) {
      if (rest == op) {
        k.kind = WhereKey::Kind::kProperty;
        k.prop = &p;
        k.op = op;
        return k;
      }
    }
  }
  return k;
}

std::optional<AggKey> ResolveAggKey(const TypeDef& type, std::string_view key) {
  static const char* const kCmps[] = {"EQUAL", "GTE", "GT", "LTE", "LT"};
  static const char* const kFuncs[] = {"SHORTEST_LENGTH", "LONGEST_LENGTH", "AVERAGE_LENGTH",
                                       "SHORTEST", "LONGEST", "AVERAGE", "MIN", "MAX", "SUM",
                                       ""};
  for (const PropertyDef& p : type.properties) {
    if (!StartsWith(key, p.name + "_")) continue;
    std::string_view rest = key.substr(p.name.size() + 1);
    for (const char* f : kFuncs) {
      for (const char* c : kCmps) {
        std::string want = *f ? std::string(f) + "_" + c : std::string(c);
        if (rest != want) continue;
        AggKey a;
        a.prop = &p;
        a.func = f;
        a.cmp = c;
        // The deprecated String forms without _LENGTH mean the same.
        if (p.kind == ScalarKind::kString &&
            (a.func == "SHORTEST" || a.func == "LONGEST" || a.func == "AVERAGE")) {
          a.func += "_LENGTH";
        }
        return a;
      }
    }
  }
  return std::nullopt;
}

struct ReferenceEvaluator::Impl {
  struct Asset {
    std::string id;
    TypeId type = kNoType;
    const Value* props = nullptr;  // object or null
  };
  struct Edge {
    int from = 0, to = 0;
    std::string type;
    const Value* props = nullptr;
  };
  // A related asset reached along one edge.
  struct Hop {
    int edge;
    int asset;
  };

  std::shared_ptr<const Schema> schema;
  Value graph;
  std::vector<Asset> assets;
  // Each asset's properties with its `id` added (the id is a field too).
  std::vector<Value> asset_props;
  std::vector<Edge> edges;
  std::vector<std::vector<int>> out, in;
  // The query being evaluated (for fragment lookup).
  mutable const Value* query = nullptr;
  // Per-evaluation caches keyed by the address of a part of the query (the
  // query is not modified while it is evaluated): key resolution and the
  // structural "dropped" verdicts are the same for every asset.
  mutable std::map<std::pair<const TypeDef*, std::string>, WhereKey> key_cache;
  mutable std::unordered_map<const Value*, bool> dropped_cache;

  const WhereKey& Resolve(const TypeDef& t, const std::string& key) const {
    auto it = key_cache.find({&t, key});
    if (it == key_cache.end()) {
      it = key_cache.emplace(std::make_pair(&t, key), ResolveWhereKey(t, key)).first;
    }
    return it->second;
  }

  const Value& Prop(const Value* props, const std::string& name) const {
    if (props == nullptr || !props->is_object()) return NullValue();
    const Value* v = props->Find(name);
    return v ? *v : NullValue();
  }

  std::vector<Hop> Related(int asset, const RelationshipDef& rel) const {
    std::vector<Hop> hops;
    const auto& list = rel.direction == Direction::kOut ? out[asset] : in[asset];
    for (int e : list) {
      const Edge& ed = edges[e];
      if (ed.type != rel.rel_type) continue;
      int other = rel.direction == Direction::kOut ? ed.to : ed.from;
      if (!schema->IsSubtype(assets[other].type, rel.target)) continue;
      hops.push_back({e, other});
    }
    return hops;
  }

  // ---- dropping (structural, bottom-up) ---------------------------------
  bool Dropped(const TypeDef& t, const Value& w) const {
    if (w.is_null()) return true;
    auto it = dropped_cache.find(&w);
    if (it != dropped_cache.end()) return it->second;
    bool dropped = true;
    for (const auto& [key, val] : w.as_object()) {
      if (!KeyDropped(t, key, val)) {
        dropped = false;
        break;
      }
    }
    dropped_cache[&w] = dropped;
    return dropped;
  }

  bool KeyDropped(const TypeDef& t, const std::string& key, const Value& val) const {
    const WhereKey& k = Resolve(t, key);
    switch (k.kind) {
      case WhereKey::Kind::kAnd:
      case WhereKey::Kind::kOr:
        if (val.is_null()) return true;
        for (const Value& c : val.as_array()) {
          if (!Dropped(t, c)) return false;
        }
        return true;
      case WhereKey::Kind::kNot:
        return Dropped(t, val);
      case WhereKey::Kind::kProperty:
        return false;
      case WhereKey::Kind::kRelation:
        if (val.is_null()) return k.rel->is_list && (k.quant == "ALL" || k.quant == "SINGLE");
        return val.as_object().empty();
      case WhereKey::Kind::kAggregate:
        return false;
      case WhereKey::Kind::kTypename:  // null and [] are no predicate
        return val.is_null() || (val.is_array() && val.as_array().empty());
      case WhereKey::Kind::kConnection:
        return val.is_null() || val.as_object().empty();
      case WhereKey::Kind::kUnknown:
        break;
    }
    std::abort();
  }

  bool ConnDropped(const RelationshipDef& rel, const Value& c) const {
    if (c.is_null()) return true;
    for (const auto& [key, val] : c.as_object()) {
      if (key == "node") {
        if (!Dropped(schema->type(rel.target), val)) return false;
      } else if (key == "edge") {
        if (!Dropped(schema->type(rel.properties), val)) return false;
      } else if (key == "AND" || key == "OR") {
        if (val.is_null()) continue;
        for (const Value& x : val.as_array()) {
          if (!ConnDropped(rel, x)) return false;
        }
      } else if (key == "NOT") {
        if (!ConnDropped(rel, val)) return false;
      } else {
        std::abort();
      }
    }
    return true;
  }

  // ---- filters ------------------------------------------------------------
  // `asset` is the asset index, or -1 when `props` are an edge's.
  Tri EvalWhere(const TypeDef& t, const Value& w, int asset, const Value* props) const {
    Tri r = kTrue;
    if (w.is_null()) return r;
    for (const auto& [key, val] : w.as_object()) {
      if (KeyDropped(t, key, val)) continue;
      r = And(r, EvalKey(t, key, val, asset, props));
    }
    return r;
  }

  Tri EvalKey(const TypeDef& t, const std::string& key, const Value& val, int asset,
              const Value* props) const {
    const WhereKey& k = Resolve(t, key);
    switch (k.kind) {
      case WhereKey::Kind::kAnd: {
        Tri r = kTrue;
        for (const Value& c : val.as_array()) {
          if (Dropped(t, c)) continue;
          r = And(r, EvalWhere(t, c, asset, props));
        }
        return r;
      }
      case WhereKey::Kind::kOr: {
        Tri r = kFalse;
        for (const Value& c : val.as_array()) {
          if (Dropped(t, c)) continue;
          r = Or(r, EvalWhere(t, c, asset, props));
        }
        return r;
      }
      case WhereKey::Kind::kNot:
        return Not(EvalWhere(t, val, asset, props));
      case WhereKey::Kind::kProperty:
        return EvalProperty(*k.prop, k.op, val, Prop(props, k.prop->name));
      case WhereKey::Kind::kRelation:
        return EvalRelation(asset, *k.rel, k.quant, val);
      case WhereKey::Kind::kConnection:
        return EvalConnection(asset, *k.rel, k.quant, val);
      case WhereKey::Kind::kAggregate:
        return EvalAggregate(*k.rel, Related(asset, *k.rel), val);
      case WhereKey::Kind::kTypename: {
        const std::string& mine = schema->type(assets[asset].type).name;
        if (val.is_string()) return val.as_string() == mine;
        for (const Value& v : val.as_array()) {
          if (v.as_string() == mine) return kTrue;
        }
        return kFalse;
      }
      case WhereKey::Kind::kUnknown:
        break;
    }
    std::abort();
  }

  Tri EvalProperty(const PropertyDef& prop, const std::string& op, const Value& lit,
                   const Value& p) const {
    const bool negated = StartsWith(op, "NOT");
    if (lit.is_null()) return negated ? !p.is_null() : p.is_null();
    const ScalarKind kind = prop.kind;
    if (prop.is_list) {
      if (op.empty() || op == "NOT") {
        Tri eq;
        if (p.is_null()) {
          eq = kUnknown;
        } else {
          const auto& a = p.as_array();
          const auto& b = lit.as_array();
          bool same = a.size() == b.size();
          for (size_t i = 0; same && i < a.size(); ++i) {
            if (a[i].is_null() || b[i].is_null()) {
              same = a[i].is_null() && b[i].is_null();
            } else {
              same = EqualScalar(kind, a[i], b[i]);
            }
          }
          eq = same;
        }
        return negated ? Not(eq) : eq;
      }
      // INCLUDES / NOT_INCLUDES
      Tri inc;
      if (p.is_null()) {
        inc = kUnknown;
      } else {
        bool found = false, has_null = false;
        for (const Value& e : p.as_array()) {
          if (e.is_null()) {
            has_null = true;
          } else if (EqualScalar(kind, e, lit)) {
            found = true;
          }
        }
        inc = found ? kTrue : (has_null ? kUnknown : kFalse);
      }
      return negated ? Not(inc) : inc;
    }
    if (op == "IN" || op == "NOT_IN") {
      const auto& list = lit.as_array();
      Tri in;
      if (list.empty()) {
        in = kFalse;
      } else {
        bool found = false, has_null = false;
        for (const Value& e : list) {
          if (e.is_null()) {
            has_null = true;
          } else if (!p.is_null() && EqualScalar(kind, p, e)) {
            found = true;
          }
        }
        in = found ? kTrue : ((p.is_null() || has_null) ? kUnknown : kFalse);
      }
      return negated ? Not(in) : in;
    }
    if (p.is_null()) return kUnknown;
    if (op.empty()) return EqualScalar(kind, p, lit);
    if (op == "NOT") return !EqualScalar(kind, p, lit);
    if (op == "LT" || op == "LTE" || op == "GT" || op == "GTE") {
      return CompareOp(op, CompareScalar(kind, p, lit));
    }
    const std::string& s = p.as_string();
    const std::string& v = lit.as_string();
    std::string_view base = negated ? std::string_view(op).substr(4) : std::string_view(op);
    bool r;
    if (base == "CONTAINS") {
      r = s.find(v) != std::string::npos;
    } else if (base == "STARTS_WITH") {
      r = StartsWith(s, v);
    } else if (base == "ENDS_WITH") {
      r = EndsWith(s, v);
    } else if (base == "MATCHES") {
      RE2 re(v, RE2::Quiet);
      if (!re.ok()) std::abort();
      r = RE2::FullMatch(s, re);
    } else {
      std::abort();
    }
    return negated ? !r : r;
  }

  // Applies a quantifier to the per-edge truths.
  static Tri Quantify(bool is_list, const std::string& quant, const std::vector<Tri>& ts) {
    int n_true = 0, n_false = 0;
    for (Tri t : ts) {
      n_true += t == kTrue;
      n_false += t == kFalse;
    }
    if (!is_list) {
      bool one = n_true == 1;
      if (quant.empty()) return one;
      if (quant == "NOT") return !one;
      std::abort();
    }
    if (quant.empty() || quant == "SOME") return n_true > 0;
    if (quant == "NOT" || quant == "NONE") return n_true == 0;
    if (quant == "ALL") return n_true > 0 && n_false == 0;
    if (quant == "SINGLE") return n_true == 1;
    std::abort();
  }

  Tri EvalRelation(int asset, const RelationshipDef& rel, const std::string& quant,
                   const Value& val) const {
    std::vector<Hop> hops = Related(asset, rel);
    if (val.is_null()) {
      if (quant.empty() || quant == "SOME") return hops.empty();
      if (quant == "NOT" || quant == "NONE") return !hops.empty();
      std::abort();  // ALL/SINGLE: null is dropped before we get here
    }
    const TypeDef& target = schema->type(rel.target);
    bool always = Dropped(target, val);
    std::vector<Tri> ts;
    for (const Hop& h : hops) {
      ts.push_back(always ? kTrue
                          : EvalWhere(schema->type(assets[h.asset].type), val, h.asset,
                                      assets[h.asset].props));
    }
    return Quantify(rel.is_list, quant, ts);
  }

  Tri EvalConnObj(const RelationshipDef& rel, const Value& c, const Hop& h) const {
    Tri r = kTrue;
    for (const auto& [key, val] : c.as_object()) {
      if (key == "node") {
        const TypeDef& t = schema->type(assets[h.asset].type);
        if (Dropped(t, val)) continue;
        r = And(r, EvalWhere(t, val, h.asset, assets[h.asset].props));
      } else if (key == "edge") {
        const TypeDef& t = schema->type(rel.properties);
        if (Dropped(t, val)) continue;
        r = And(r, EvalWhere(t, val, -1, edges[h.edge].props));
      } else if (key == "AND" || key == "OR") {
        if (val.is_null()) continue;
        bool is_and = key == "AND";
        Tri acc = is_and ? kTrue : kFalse;
        bool any = false;
        for (const Value& x : val.as_array()) {
          if (ConnDropped(rel, x)) continue;
          any = true;
          Tri t = EvalConnObj(rel, x, h);
          acc = is_and ? And(acc, t) : Or(acc, t);
        }
        if (any) r = And(r, acc);
      } else if (key == "NOT") {
        if (ConnDropped(rel, val)) continue;
        r = And(r, Not(EvalConnObj(rel, val, h)));
      } else {
        std::abort();
      }
    }
    return r;
  }

  Tri EvalConnection(int asset, const RelationshipDef& rel, const std::string& quant,
                     const Value& val) const {
    std::vector<Hop> hops = Related(asset, rel);
    bool always = ConnDropped(rel, val);
    std::vector<Tri> ts;
    for (const Hop& h : hops) ts.push_back(always ? kTrue : EvalConnObj(rel, val, h));
    return Quantify(rel.is_list, quant, ts);
  }

  Tri EvalAggregate(const RelationshipDef& rel, const std::vector<Hop>& hops,
                    const Value& a) const {
    Tri r = kTrue;
    for (const auto& [key, val] : a.as_object()) {
      Tri t;
      if (StartsWith(key, "count")) {
        if (val.is_null()) {
          t = kUnknown;  // count(r) = NULL
        } else {
          int c = CompareDouble(static_cast<double>(hops.size()), val.as_double());
          t = CompareOp(key == "count" ? "EQUAL" : key.substr(6), c);
        }
      } else if (key == "node" || key == "edge") {
        const bool node = key == "node";
        const TypeDef& t_def = schema->type(node ? rel.target : rel.properties);
        std::vector<const Value*> rows;
        for (const Hop& h : hops) {
          rows.push_back(node ? assets[h.asset].props : edges[h.edge].props);
        }
        t = EvalAggProps(t_def, val, rows);
      } else if (key == "AND" || key == "OR") {
        bool is_and = key == "AND";
        t = is_and ? kTrue : kFalse;
        for (const Value& x : val.as_array()) {
          Tri u = EvalAggregate(rel, hops, x);
          t = is_and ? And(t, u) : Or(t, u);
        }
      } else if (key == "NOT") {
        t = Not(EvalAggregate(rel, hops, val));
      } else {
        std::abort();
      }
      r = And(r, t);
    }
    return r;
  }

  Tri EvalAggProps(const TypeDef& t, const Value& n, const std::vector<const Value*>& rows) const {
    Tri r = kTrue;
    for (const auto& [key, lit] : n.as_object()) {
      std::optional<AggKey> k = ResolveAggKey(t, key);
      if (!k) std::abort();
      std::vector<const Value*> vals;
      for (const Value* props : rows) {
        const Value& v = Prop(props, k->prop->name);
        if (!v.is_null()) vals.push_back(&v);
      }
      Tri res;
      const std::string& f = k->func;
      if (f.empty()) {
        // Deprecated: any(v IN collect(n.f) WHERE v OP $c); for a String
        // ordering, the value's length.
        const bool length = k->prop->kind == ScalarKind::kString && k->cmp != "EQUAL";
        res = kFalse;
        for (const Value* v : vals) {
          Tri one;
          if (lit.is_null()) {
            one = kUnknown;
          } else if (length) {
            one = CompareOp(k->cmp, CompareDouble(static_cast<double>(CodePoints(v->as_string())),
                                                  lit.as_double()));
          } else {
            one = CompareOp(k->cmp, CompareScalar(k->prop->kind, *v, lit));
          }
          res = Or(res, one);
        }
      } else if (lit.is_null()) {
        res = kUnknown;  // min(...) < NULL
      } else if (f == "SUM") {
        double sum = 0;
        for (const Value* v : vals) sum += v->as_double();
        res = CompareOp(k->cmp, CompareDouble(sum, lit.as_double()));
      } else if (vals.empty()) {
        res = kUnknown;
      } else if (f == "MIN" || f == "MAX") {
        const Value* best = vals[0];
        for (const Value* v : vals) {
          int c = CompareScalar(k->prop->kind, *v, *best);
          if (f == "MIN" ? c < 0 : c > 0) best = v;
        }
        res = CompareOp(k->cmp, CompareScalar(k->prop->kind, *best, lit));
      } else if (f == "AVERAGE") {
        double sum = 0;
        for (const Value* v : vals) sum += v->as_double();
        res = CompareOp(k->cmp, CompareDouble(sum / vals.size(), lit.as_double()));
      } else {
        std::vector<size_t> lens;
        for (const Value* v : vals) lens.push_back(CodePoints(v->as_string()));
        double x;
        if (f == "SHORTEST_LENGTH") {
          x = static_cast<double>(*std::min_element(lens.begin(), lens.end()));
        } else if (f == "LONGEST_LENGTH") {
          x = static_cast<double>(*std::max_element(lens.begin(), lens.end()));
        } else {
          double sum = 0;
          for (size_t l : lens) sum += static_cast<double>(l);
          x = sum / lens.size();
        }
        res = CompareOp(k->cmp, CompareDouble(x, lit.as_double()));
      }
      r = And(r, res);
    }
    return r;
  }

  // ---- options and selection ---------------------------------------------
  void ApplyOptions(const Value* options, std::vector<int>* rows) const {
    if (options == nullptr || options->is_null()) return;
    if (const Value* sort = options->Find("sort"); sort != nullptr && !sort->is_null()) {
      std::vector<std::pair<std::string, bool>> keys;  // field, descending
      for (const Value& s : sort->as_array()) {
        for (const auto& [f, dir] : s.as_object()) {
          keys.emplace_back(f, dir.is_string() && dir.as_string() == "DESC");
        }
      }
      std::stable_sort(rows->begin(), rows->end(), [&](int a, int b) {
        for (const auto& [field, desc] : keys) {
          const Value& x = Prop(assets[a].props, field);
          const Value& y = Prop(assets[b].props, field);
          if (x.is_null() && y.is_null()) continue;
          // (a null direction is ascending)
          // ASC: nulls last; DESC: nulls first.
          if (x.is_null()) return desc;
          if (y.is_null()) return !desc;
          const TypeDef& ta = schema->type(assets[a].type);
          int pi = ta.FindProperty(field);
          int c = CompareScalar(ta.properties[pi].kind, x, y);
          if (c == 0) continue;
          return desc ? c > 0 : c < 0;
        }
        return false;
      });
    }
    int64_t offset = 0, limit = 0;
    if (const Value* o = options->Find("offset"); o && !o->is_null()) offset = o->as_int();
    if (const Value* l = options->Find("limit"); l && !l->is_null()) limit = l->as_int();
    if (offset > 0) {
      rows->erase(rows->begin(),
                  rows->begin() + std::min<int64_t>(offset, static_cast<int64_t>(rows->size())));
    }
    if (limit > 0 && static_cast<int64_t>(rows->size()) > limit) rows->resize(limit);
  }

  static bool Has(const Value::Object& obj, const std::string& key) {
    for (const auto& kv : obj) {
      if (kv.first == key) return true;
    }
    return false;
  }

  const Value* FindFragment(const std::string& name) const {
    const Value* frags = query->Find("fragments");
    if (frags == nullptr) return nullptr;
    for (const Value& f : frags->as_array()) {
      if (f.Find("name")->as_string() == name) return &f;
    }
    return nullptr;
  }

  void Fill(Value::Object* obj, int asset, const Value& selection) const {
    const Asset& a = assets[asset];
    const TypeDef& t = schema->type(a.type);
    for (const Value& item : selection.as_array()) {
      const std::string& kind = item.Find("kind")->as_string();
      if (kind == "inline" || kind == "spread") {
        const Value* frag = kind == "inline" ? &item : FindFragment(item.Find("name")->as_string());
        if (frag == nullptr) std::abort();
        TypeId on = schema->FindType(frag->Find("on")->as_string());
        if (schema->IsSubtype(a.type, on)) Fill(obj, asset, *frag->Find("selection"));
        continue;
      }
      const std::string& name = item.Find("name")->as_string();
      const Value* alias = item.Find("alias");
      std::string key = alias && !alias->is_null() ? alias->as_string() : name;
      if (Has(*obj, key)) continue;
      if (kind == "field") {
        if (name == "__typename") {
          obj->emplace_back(key, Value(t.name));
        } else {
          obj->emplace_back(key, Prop(a.props, name));
        }
        continue;
      }
      // relationship field
      const RelationshipDef& rel = t.relationships[t.FindRelationship(name)];
      const Value* directed = item.Find("directed");
      std::vector<Hop> hops = Related(asset, rel);
      if (directed != nullptr && directed->is_bool() && !directed->as_bool()) {
        // Both ways: the field's own edges, then the opposite direction's
        // (a loop once), each in load order.
        const auto& back = rel.direction == Direction::kOut ? in[asset] : out[asset];
        for (int e : back) {
          const Edge& ed = edges[e];
          if (ed.type != rel.rel_type || ed.from == ed.to) continue;
          int other = rel.direction == Direction::kOut ? ed.from : ed.to;
          if (!schema->IsSubtype(assets[other].type, rel.target)) continue;
          hops.push_back({e, other});
        }
      }
      const Value& sub = *item.Find("selection");
      if (!rel.is_list) {
        if (hops.empty()) {
          obj->emplace_back(key, Value());
        } else {
          obj->emplace_back(key, Project(hops[0].asset, sub));
        }
        continue;
      }
      std::vector<int> rows;
      const Value* where = item.Find("where");
      for (const Hop& h : hops) {
        if (where != nullptr &&
            EvalWhere(schema->type(rel.target), *where, h.asset, assets[h.asset].props) != kTrue) {
          continue;
        }
        rows.push_back(h.asset);
      }
      ApplyOptions(item.Find("options"), &rows);
      Value::Array arr;
      for (int r : rows) arr.push_back(Project(r, sub));
      obj->emplace_back(key, Value(std::move(arr)));
    }
  }

  Value Project(int asset, const Value& selection) const {
    Value::Object obj;
    Fill(&obj, asset, selection);
    return Value(std::move(obj));
  }
};

namespace {

// Turns the convenience form (relationship fields inline on assets) into
// the canonical form, by the rules of graph-format.md: assets in document
// order with an inline asset right after the asset holding it (depth
// first); an inline object holding only an `id` defined elsewhere refers to
// that asset; edges from inline fields in the order met (pre-order), then
// the `relationships` array.
class Canonicalizer {
 public:
  explicit Canonicalizer(const Schema& schema) : schema_(schema) {}

  Value Run(const Value& doc) {
    const Value* as = doc.Find("assets");
    if (as != nullptr) {
      for (const Value& a : as->as_array()) CollectDefined(a, /*top=*/true);
      for (const Value& a : as->as_array()) {
        Visit(a, schema_.FindType(a.Find("type")->as_string()));
      }
    }
    if (const Value* rs = doc.Find("relationships")) {
      for (const Value& r : rs->as_array()) rels_.push_back(r);
    }
    Value::Object out;
    out.emplace_back("assets", Value(std::move(assets_)));
    out.emplace_back("relationships", Value(std::move(rels_)));
    return Value(std::move(out));
  }

 private:
  static bool IdOnly(const Value& a) {
    return a.as_object().size() == 1 && a.Find("id") != nullptr;
  }

  void CollectDefined(const Value& a, bool top) {
    if (top || !IdOnly(a)) defined_.insert(a.Find("id")->as_string());
    for (const auto& [k, v] : a.as_object()) {
      if (k == "id" || k == "type" || k == "properties") continue;
      if (v.is_array()) {
        for (const Value& e : v.as_array()) CollectDefined(e, false);
      } else if (v.is_object()) {
        CollectDefined(v, false);
      }
    }
  }

  void Visit(const Value& a, TypeId type) {
    const std::string& id = a.Find("id")->as_string();
    Value::Object asset;
    asset.emplace_back("id", Value(id));
    asset.emplace_back("type", Value(schema_.type(type).name));
    if (const Value* p = a.Find("properties")) asset.emplace_back("properties", *p);
    assets_.push_back(Value(std::move(asset)));
    const TypeDef& t = schema_.type(type);
    for (const auto& [k, v] : a.as_object()) {
      if (k == "id" || k == "type" || k == "properties") continue;
      const RelationshipDef& rel = t.relationships[t.FindRelationship(k)];
      std::vector<const Value*> elems;
      if (v.is_array()) {
        for (const Value& e : v.as_array()) elems.push_back(&e);
      } else if (v.is_object()) {
        elems.push_back(&v);
      }
      for (const Value* e : elems) {
        const std::string& other = e->Find("id")->as_string();
        Value::Object edge;
        bool out = rel.direction == Direction::kOut;
        edge.emplace_back("from", Value(out ? id : other));
        edge.emplace_back("type", Value(rel.rel_type));
        edge.emplace_back("to", Value(out ? other : id));
        rels_.push_back(Value(std::move(edge)));
        if (IdOnly(*e) && defined_.count(other)) continue;  // a reference
        const Value* ty = e->Find("type");
        Visit(*e, ty ? schema_.FindType(ty->as_string()) : rel.target);
      }
    }
  }

  const Schema& schema_;
  std::set<std::string> defined_;
  Value::Array assets_;
  Value::Array rels_;
};

}  // namespace

Value CanonicalGraph(const Schema& schema, const Value& graph) {
  return Canonicalizer(schema).Run(graph);
}

ReferenceEvaluator::ReferenceEvaluator(std::shared_ptr<const Schema> schema, Value graph)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.schema = std::move(schema);
  m.graph = CanonicalGraph(*m.schema, graph);
  std::map<std::string, int> index;
  if (const Value* as = m.graph.Find("assets")) {
    m.asset_props.reserve(as->as_array().size());
    for (const Value& a : as->as_array()) {
      Impl::Asset x;
      x.id = a.Find("id")->as_string();
      x.type = m.schema->FindType(a.Find("type")->as_string());
      Value::Object props;
      props.emplace_back("id", Value(x.id));
      if (const Value* p = a.Find("properties"); p != nullptr && p->is_object()) {
        for (const auto& kv : p->as_object()) props.push_back(kv);
      }
      m.asset_props.push_back(Value(std::move(props)));
      x.props = &m.asset_props.back();
      index[x.id] = static_cast<int>(m.assets.size());
      m.assets.push_back(std::move(x));
    }
  }
  m.out.resize(m.assets.size());
  m.in.resize(m.assets.size());
  if (const Value* rs = m.graph.Find("relationships")) {
    for (const Value& r : rs->as_array()) {
      Impl::Edge e;
      e.from = index.at(r.Find("from")->as_string());
      e.to = index.at(r.Find("to")->as_string());
      e.type = r.Find("type")->as_string();
      e.props = r.Find("properties");
      int id = static_cast<int>(m.edges.size());
      m.out[e.from].push_back(id);
      m.in[e.to].push_back(id);
      m.edges.push_back(std::move(e));
    }
  }
}

ReferenceEvaluator::~ReferenceEvaluator() = default;

Value ReferenceEvaluator::Evaluate(const Value& query) const {
  const Impl& m = *impl_;
  m.query = &query;
  m.key_cache.clear();
  m.dropped_cache.clear();
  const RootField* root = m.schema->FindRootField(query.Find("root")->as_string());
  if (root == nullptr) std::abort();
  const TypeDef& rt = m.schema->type(root->type);
  const Value* where = query.Find("where");
  std::vector<int> rows;
  for (size_t i = 0; i < m.assets.size(); ++i) {
    const auto& a = m.assets[i];
    if (!m.schema->IsSubtype(a.type, root->type)) continue;
    if (where != nullptr && m.EvalWhere(rt, *where, static_cast<int>(i), a.props) != kTrue) {
      continue;
    }
    rows.push_back(static_cast<int>(i));
  }
  m.ApplyOptions(query.Find("options"), &rows);
  Value::Array out;
  for (int r : rows) out.push_back(m.Project(r, *query.Find("selection")));
  m.query = nullptr;
  return Value(std::move(out));
}

}  // namespace vigil::reftest

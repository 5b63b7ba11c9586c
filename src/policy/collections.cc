// Which collections a check reads, and whether the graph has them
// (vigil/engine.h CollectionsRead; vigil/collection.h).
#include "src/policy/collections.h"

#include <algorithm>
#include <set>

#include "src/base/strings.h"
#include "vigil/engine.h"

namespace vigil {
namespace {

bool IsLogical(std::string_view seg) { return seg == "AND" || seg == "OR" || seg == "NOT"; }

// Splits a clause path ("vpcs.where.OR[1].hasFlowLog_NONE") into its keys
// without list indices.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    if (dot == std::string_view::npos) dot = path.size();
    std::string_view seg = path.substr(start, dot - start);
    if (size_t b = seg.find('['); b != std::string_view::npos) seg = seg.substr(0, b);
    out.push_back(seg);
    start = dot + 1;
  }
  return out;
}

bool KeyNamesField(std::string_view key, std::string_view field) {
  return key == field ||
         (key.size() > field.size() && key.substr(0, field.size()) == field &&
          key[field.size()] == '_');
}

enum class Via : uint8_t { kPlain, kAggregate, kConnection };

struct Resolved {
  const PropertyDef* property = nullptr;
  const RelationshipDef* relationship = nullptr;
  Via via = Via::kPlain;
  size_t length = 0;  // of the field name (longest match wins)
};

// The field a where key of type `type` names.
std::optional<Resolved> ResolveKey(const TypeDef& type, std::string_view key, bool properties_only) {
  std::optional<Resolved> best;
  auto offer = [&](Resolved r) {
    if (!best || r.length > best->length) best = r;
  };
  for (const PropertyDef& p : type.properties) {
    if (KeyNamesField(key, p.name)) offer({&p, nullptr, Via::kPlain, p.name.size()});
  }
  if (properties_only) return best;
  for (const RelationshipDef& r : type.relationships) {
    if (KeyNamesField(key, r.field_name)) {
      offer({nullptr, &r, Via::kPlain, r.field_name.size()});
    } else if (key == StrCat(r.field_name, "Aggregate")) {
      offer({nullptr, &r, Via::kAggregate, r.field_name.size()});
    } else if (KeyNamesField(key, StrCat(r.field_name, "Connection"))) {
      offer({nullptr, &r, Via::kConnection, r.field_name.size()});
    }
  }
  return best;
}

void AddAll(const std::vector<std::string>& calls, std::set<std::string>* out) {
  out->insert(calls.begin(), calls.end());
}

}  // namespace

std::vector<std::string> CollectionsRead(const Query& query) {
  const Schema& schema = query.schema();
  std::set<std::string> calls;
  std::vector<TypeId> covered;
  for (const std::string& name : query.covered_types()) {
    const TypeId t = schema.FindType(name);
    if (t == kNoType) continue;
    covered.push_back(t);
    AddAll(schema.type(t).collected_by, &calls);
  }
  bool unresolved = false;
  for (const Clause& clause : query.clauses()) {
    const std::vector<std::string_view> segs = Segments(clause.path);
    const RootField* root = segs.empty() ? nullptr : schema.FindRootField(segs[0]);
    if (root == nullptr || segs.size() < 2 || segs[1] != "where") {
      unresolved = true;  // a fragment, an alias or a nested selection
      break;
    }
    std::vector<TypeId> current = schema.type(root->type).concrete_types;
    enum class Mode : uint8_t { kFilter, kAggregate, kAggregateNode, kConnection, kDone };
    Mode mode = Mode::kFilter;
    for (size_t i = 2; i < segs.size() && mode != Mode::kDone && !unresolved; ++i) {
      const std::string_view seg = segs[i];
      if (IsLogical(seg)) continue;
      if (mode == Mode::kAggregate) {
        if (seg.substr(0, 5) == "count") continue;
        if (seg == "node") {
          mode = Mode::kAggregateNode;
        } else if (seg == "edge") {
          mode = Mode::kDone;
        } else {
          unresolved = true;
        }
        continue;
      }
      if (mode == Mode::kConnection) {
        if (seg == "node") {
          mode = Mode::kFilter;
        } else if (seg == "edge") {
          mode = Mode::kDone;
        } else {
          unresolved = true;
        }
        continue;
      }
      // A key of a filter (or of an aggregate's node filter) on `current`.
      std::vector<TypeId> next;
      bool found = false;
      Via via = Via::kPlain;
      for (TypeId t : current) {
        std::optional<Resolved> r = ResolveKey(schema.type(t), seg, mode == Mode::kAggregateNode);
        if (!r) continue;
        found = true;
        if (r->property != nullptr) {
          AddAll(r->property->collected_by, &calls);
        } else {
          AddAll(r->relationship->collected_by, &calls);
          via = r->via;
          for (TypeId c : schema.type(r->relationship->target).concrete_types) {
            if (std::find(next.begin(), next.end(), c) == next.end()) next.push_back(c);
          }
        }
      }
      if (!found) {
        unresolved = true;
        break;
      }
      if (next.empty()) {
        mode = Mode::kDone;  // a property: nothing deeper
      } else {
        current = std::move(next);
        mode = via == Via::kAggregate    ? Mode::kAggregate
               : via == Via::kConnection ? Mode::kConnection
                                         : Mode::kFilter;
      }
    }
    if (unresolved) break;
  }
  if (unresolved) {
    // Cannot tell which fields are read: every field of every type reached.
    for (TypeId t : covered) {
      for (const PropertyDef& p : schema.type(t).properties) AddAll(p.collected_by, &calls);
      for (const RelationshipDef& r : schema.type(t).relationships) AddAll(r.collected_by, &calls);
    }
  }
  return std::vector<std::string>(calls.begin(), calls.end());
}

namespace policy_internal {

std::string UncollectedMessage(const CollectionSet& set, const std::vector<std::string>& calls,
                               size_t max_shown) {
  if (set.empty() || calls.empty()) return "";
  std::vector<std::string> parts;
  size_t shown = 0, more = 0;
  for (const std::string& call : calls) {
    const std::vector<const Collection*> facts = set.ForCall(call);
    std::vector<std::string> where;
    if (facts.empty()) {
      where.push_back("no record of it");
    }
    for (const Collection* c : facts) {
      if (c->ok()) continue;
      std::string w = StrCat(c->scope(), " (", CollectionStateName(c->state));
      if (!c->error_code.empty()) StrAppend(&w, ": ", c->error_code);
      w += ")";
      where.push_back(std::move(w));
    }
    if (where.empty()) continue;
    if (shown >= max_shown) {
      more += where.size();
      continue;
    }
    std::vector<std::string> listed;
    for (std::string& w : where) {
      if (shown < max_shown) {
        listed.push_back(std::move(w));
        ++shown;
      } else {
        ++more;
      }
    }
    parts.push_back(StrCat(call, " in ", StrJoin(listed, ", ")));
  }
  if (parts.empty()) return "";
  std::string msg = StrCat("data this check reads was not collected: ", StrJoin(parts, "; "));
  if (more > 0) StrAppend(&msg, "; and ", more, " more");
  return msg;
}

}  // namespace policy_internal
}  // namespace vigil

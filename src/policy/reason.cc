#include "src/policy/reason.h"

#include "src/base/strings.h"
#include "src/query/query_internal.h"

namespace vigil::policy {
namespace {

void AddGenerated(const std::vector<plan::GeneratedField>& fields, const std::string& prefix,
                  std::set<std::string>* out) {
  for (const plan::GeneratedField& f : fields) {
    std::string path = prefix.empty() ? f.key : StrCat(prefix, ".", f.key);
    out->insert(path);
    AddGenerated(f.fields, path, out);
  }
}

void AddSelection(const plan::SelectionPlan* sel, const std::string& prefix, int depth,
                  std::set<std::string>* out) {
  if (sel == nullptr || depth > 64) return;
  for (const auto& ts : sel->by_type) {
    if (ts == nullptr) continue;
    for (const plan::FieldPlan& f : ts->fields) {
      std::string path = prefix.empty() ? f.key : StrCat(prefix, ".", f.key);
      out->insert(path);
      AddSelection(f.selection.get(), path, depth + 1, out);
      AddGenerated(f.generated, path, out);
    }
  }
}

// The values at `path` under `v`, lists flattened.
void Collect(const Value& v, const std::vector<std::string>& path, size_t i,
             std::vector<const Value*>* out) {
  if (v.is_array()) {
    for (const Value& e : v.as_array()) Collect(e, path, i, out);
    return;
  }
  if (i == path.size()) {
    out->push_back(&v);
    return;
  }
  if (!v.is_object()) return;
  if (const Value* next = v.Find(path[i])) Collect(*next, path, i + 1, out);
}

}  // namespace

bool ParseReason(std::string_view text, std::vector<ReasonPart>* parts, std::string* why,
                 uint32_t* at) {
  std::string literal;
  uint32_t literal_at = 0;
  auto flush = [&] {
    if (literal.empty()) return;
    ReasonPart p;
    p.text = std::move(literal);
    p.offset = literal_at;
    parts->push_back(std::move(p));
    literal.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      if (literal.empty()) literal_at = static_cast<uint32_t>(i);
      literal.push_back(c);
      ++i;
      continue;
    }
    if (c == '}') {
      *why = "a \"}\" that closes no \"{\" (write \"}}\" for a literal brace)";
      *at = static_cast<uint32_t>(i);
      return false;
    }
    if (c != '{') {
      if (literal.empty()) literal_at = static_cast<uint32_t>(i);
      literal.push_back(c);
      continue;
    }
    size_t close = text.find_first_of("{}", i + 1);
    if (close == std::string_view::npos || text[close] != '}') {
      *why = "a \"{\" without its \"}\" (write \"{{\" for a literal brace)";
      *at = static_cast<uint32_t>(i);
      return false;
    }
    std::string_view inner = text.substr(i + 1, close - i - 1);
    while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
    while (!inner.empty() && inner.back() == ' ') inner.remove_suffix(1);
    flush();
    ReasonPart p;
    p.offset = static_cast<uint32_t>(i);
    if (!inner.empty() && inner.front() == '$') {
      p.kind = ReasonPart::Kind::kParameter;
      p.text = std::string(inner.substr(1));
    } else {
      p.kind = ReasonPart::Kind::kField;
      p.text = std::string(inner);
      size_t start = 0;
      while (start <= inner.size()) {
        size_t dot = inner.find('.', start);
        if (dot == std::string_view::npos) dot = inner.size();
        p.path.emplace_back(inner.substr(start, dot - start));
        start = dot + 1;
      }
    }
    bool empty = p.text.empty();
    for (const std::string& k : p.path) empty = empty || k.empty();
    if (empty) {
      *why = StrCat("\"{", inner, "}\" names no field (write {field.path} or {$parameter})");
      *at = static_cast<uint32_t>(i);
      return false;
    }
    parts->push_back(std::move(p));
    i = close;
  }
  flush();
  return true;
}

std::set<std::string> SelectedPaths(const Query& query) {
  std::set<std::string> out;
  const check::Program& program = query_internal::ProgramOf(query);
  for (const plan::RootFieldPlan& root : program.plan.roots) {
    AddSelection(root.selection.get(), "", 0, &out);
    if (root.shape == plan::RootFieldPlan::Shape::kConnection) {
      // The rows are the edges' nodes.
    } else {
      AddGenerated(root.generated, "", &out);
    }
  }
  return out;
}

std::string CompactValue(const Value& v) {
  if (v.is_string()) return v.as_string();
  return v.ToJson();
}

std::string RenderReason(const std::vector<ReasonPart>& parts, const Value& row,
                         const Value& vars) {
  std::string out;
  for (const ReasonPart& p : parts) {
    switch (p.kind) {
      case ReasonPart::Kind::kText:
        out += p.text;
        break;
      case ReasonPart::Kind::kParameter: {
        const Value* v = vars.is_object() ? vars.Find(p.text) : nullptr;
        out += v == nullptr ? std::string("null") : CompactValue(*v);
        break;
      }
      case ReasonPart::Kind::kField: {
        std::vector<const Value*> values;
        Collect(row, p.path, 0, &values);
        if (values.empty()) {
          out += "null";
          break;
        }
        for (size_t i = 0; i < values.size(); ++i) {
          if (i > 0) out += ", ";
          out += CompactValue(*values[i]);
        }
        break;
      }
    }
  }
  return out;
}

}  // namespace vigil::policy

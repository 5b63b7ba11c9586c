#include "vigil/expectation.h"

#include <cmath>

#include "src/base/strings.h"
#include "src/base/json_reader.h"

namespace vigil {

const char* ExpectOpName(ExpectOp op) {
  switch (op) {
    case ExpectOp::kEq: return "eq";
    case ExpectOp::kNe: return "ne";
    case ExpectOp::kLt: return "lt";
    case ExpectOp::kLte: return "lte";
    case ExpectOp::kGt: return "gt";
    case ExpectOp::kGte: return "gte";
  }
  return "?";
}

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

bool ParseOp(std::string_view w, ExpectOp* op) {
  static constexpr std::pair<std::string_view, ExpectOp> kOps[] = {
      {"eq", ExpectOp::kEq},   {"ne", ExpectOp::kNe},   {"lt", ExpectOp::kLt},
      {"lte", ExpectOp::kLte}, {"gt", ExpectOp::kGt},   {"gte", ExpectOp::kGte}};
  for (const auto& [name, o] : kOps) {
    if (w == name) {
      *op = o;
      return true;
    }
  }
  return false;
}

int Compare(double a, double b) { return a < b ? -1 : a > b ? 1 : 0; }

bool Apply(ExpectOp op, int cmp) {
  switch (op) {
    case ExpectOp::kEq: return cmp == 0;
    case ExpectOp::kNe: return cmp != 0;
    case ExpectOp::kLt: return cmp < 0;
    case ExpectOp::kLte: return cmp <= 0;
    case ExpectOp::kGt: return cmp > 0;
    case ExpectOp::kGte: return cmp >= 0;
  }
  return false;
}

}  // namespace

absl::StatusOr<Expectation> Expectation::Parse(std::string_view text,
                                               std::string_view file_name,
                                               Diagnostics* diags) {
  auto fail = [&](uint32_t offset, std::string msg) -> absl::Status {
    Diagnostic d = MakeDiagnostic("policy.bad-expectation", std::move(msg),
                                  file_name, text, offset);
    if (diags) diags->push_back(d);
    return DiagnosticsToStatus({d});
  };
  size_t pos = 0;
  auto skip = [&] { while (pos < text.size() && IsSpace(text[pos])) ++pos; };
  auto word = [&](size_t* start) {
    skip();
    *start = pos;
    while (pos < text.size() && text[pos] >= 'a' && text[pos] <= 'z') ++pos;
    return text.substr(*start, pos - *start);
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      return fail(static_cast<uint32_t>(i), "an expectation is a single line");
    }
  }
  Expectation e;
  size_t w_start;
  std::string_view w = word(&w_start);
  if (w.empty()) {
    return fail(static_cast<uint32_t>(w_start),
                "expected `count` or an operator (eq, ne, lt, lte, gt, gte)");
  }
  if (w == "count") {
    e.count = true;
    if (pos < text.size() && !IsSpace(text[pos])) {
      return fail(static_cast<uint32_t>(pos), "expected a space after `count`");
    }
    w = word(&w_start);
  }
  if (!ParseOp(w, &e.op)) {
    return fail(static_cast<uint32_t>(w_start),
                StrCat(w.empty() ? std::string("nothing") : StrCat("\"", w, "\""),
                       " is not an operator: expected eq, ne, lt, lte, gt or gte",
                       e.count ? "" : " (optionally after `count`)"));
  }
  if (pos < text.size() && !IsSpace(text[pos])) {
    return fail(static_cast<uint32_t>(pos),
                StrCat("expected a space after `", ExpectOpName(e.op), "`"));
  }
  skip();
  size_t v_start = pos;
  std::string_view rest = text.substr(v_start);
  while (!rest.empty() && IsSpace(rest.back())) rest.remove_suffix(1);
  if (rest.empty()) {
    return fail(static_cast<uint32_t>(v_start),
                StrCat("expected a JSON value after `", ExpectOpName(e.op), "`"));
  }
  Diagnostics json_diags;
  auto v = json::Document::Parse(std::string(rest), "", &json_diags);
  if (!v.ok()) {
    uint32_t off = json_diags.empty() ? 0 : json_diags[0].location.offset;
    return fail(static_cast<uint32_t>(v_start + off),
                StrCat("the operand is not a JSON value: ",
                       json_diags.empty() ? std::string("syntax error") : json_diags[0].message));
  }
  e.value = v->root().ToValue();
  bool ordering = e.op != ExpectOp::kEq && e.op != ExpectOp::kNe;
  if (e.count) {
    if (!e.value.is_int() || e.value.as_int() < 0) {
      return fail(static_cast<uint32_t>(v_start),
                  "`count` compares the number of rows with a non-negative integer");
    }
  } else if (ordering && !e.value.is_number()) {
    return fail(static_cast<uint32_t>(v_start),
                StrCat("`", ExpectOpName(e.op), "` compares numbers; the operand must be a number",
                       " (use `count ", ExpectOpName(e.op), " N` for the number of rows)"));
  }
  size_t b = 0;
  while (b < text.size() && IsSpace(text[b])) ++b;
  e.text = std::string(text.substr(b, v_start + rest.size() - b));
  return e;
}

absl::StatusOr<bool> Expectation::Holds(const Value& result) const {
  if (count) {
    if (!result.is_array()) {
      return absl::InvalidArgumentError(
          StrCat("`", text, "` needs a list result; the result is not a list"));
    }
    double n = static_cast<double>(result.as_array().size());
    return Apply(op, Compare(n, value.as_double()));
  }
  if (op == ExpectOp::kEq) return result == value;
  if (op == ExpectOp::kNe) return result != value;
  if (!result.is_number()) {
    return absl::InvalidArgumentError(StrCat(
        "`", text, "` needs a number result; the result is ",
        result.is_array() ? "a list (compare its length with `count`)" : "not a number"));
  }
  if (result.is_int() && value.is_int()) {
    int64_t a = result.as_int(), b = value.as_int();
    return Apply(op, a < b ? -1 : a > b ? 1 : 0);
  }
  return Apply(op, Compare(result.as_double(), value.as_double()));
}

bool Expectation::ExpectsNoRows() const {
  if (count) {
    int64_t n = value.as_int();
    return (op == ExpectOp::kEq && n == 0) || (op == ExpectOp::kLte && n == 0) ||
           (op == ExpectOp::kLt && n == 1);
  }
  return op == ExpectOp::kEq && value.is_array() && value.as_array().empty();
}

std::string Expectation::ToString() const {
  return StrCat(count ? "count " : "", ExpectOpName(op), " ", value.ToJson());
}

}  // namespace vigil

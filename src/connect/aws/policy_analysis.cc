#include "src/connect/aws/policy_analysis.h"

#include <cctype>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "src/base/strings.h"
#include "vigil/value.h"

namespace vigil::connect::aws {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// Parses a policy document and returns its statements (objects), in order.
absl::StatusOr<std::vector<const Value*>> Statements(std::string_view text, Value* storage) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return absl::InvalidArgumentError("policy document is empty");
  }
  absl::StatusOr<std::string> decoded = PolicyDocumentText(text);
  if (!decoded.ok()) return decoded.status();
  absl::StatusOr<Value> doc = Value::ParseJson(*decoded, "policy document");
  if (!doc.ok()) return doc.status();
  *storage = std::move(*doc);
  if (!storage->is_object()) {
    return absl::InvalidArgumentError("policy document is not a JSON object");
  }
  std::vector<const Value*> out;
  const Value* st = storage->Find("Statement");
  if (st == nullptr) return out;  // a document without statements grants nothing
  if (st->is_object()) {
    out.push_back(st);
  } else if (st->is_array()) {
    for (const Value& s : st->as_array()) {
      if (!s.is_object()) {
        return absl::InvalidArgumentError("policy document: a Statement element is not an object");
      }
      out.push_back(&s);
    }
  } else {
    return absl::InvalidArgumentError("policy document: Statement is neither an object nor an array");
  }
  return out;
}

// True when `v` (a string, or an array whose elements are examined one by
// one) has a string element for which `pred` holds. Non-string elements are
// ignored.
bool AnyString(const Value* v, const std::function<bool(std::string_view)>& pred) {
  if (v == nullptr) return false;
  if (v->is_string()) return pred(v->as_string());
  if (v->is_array()) {
    for (const Value& e : v->as_array()) {
      if (e.is_string() && pred(e.as_string())) return true;
    }
  }
  return false;
}

bool IsString(const Value* v, std::string_view s) {
  return v != nullptr && v->is_string() && v->as_string() == s;
}

// Principal "*" or {"AWS": "*"} / {"AWS": [..., "*", ...]}.
bool PrincipalIsEveryone(const Value* p) {
  if (p == nullptr) return false;
  if (p->is_string()) return p->as_string() == "*";
  if (p->is_object()) {
    return AnyString(p->Find("AWS"), [](std::string_view s) { return s == "*"; });
  }
  return false;
}

// A Resource pattern covering every object of the bucket.
bool CoversAllObjects(std::string_view pattern, std::string_view bucket, std::string_view partition) {
  if (pattern == "*") return true;
  if (pattern.empty() || pattern.back() != '*') return false;
  std::string_view head = pattern.substr(0, pattern.size() - 1);
  if (head.find('*') != std::string_view::npos || head.find('?') != std::string_view::npos) {
    return false;
  }
  std::string objects = StrCat("arn:", partition, ":s3:::", bucket, "/");
  return StartsWith(objects, head);
}

// Condition {"Bool"|"BoolIfExists": {"aws:SecureTransport": false}} and nothing else.
bool ConditionIsInsecureTransportOnly(const Value* cond) {
  if (cond == nullptr || !cond->is_object() || cond->as_object().size() != 1) return false;
  const auto& [op, keys] = cond->as_object()[0];
  if (op != "Bool" && op != "BoolIfExists") return false;
  if (!keys.is_object() || keys.as_object().size() != 1) return false;
  const auto& [key, value] = keys.as_object()[0];
  if (!EqualsIgnoreCase(key, "aws:SecureTransport")) return false;
  auto is_false = [](const Value& v) {
    return (v.is_bool() && !v.as_bool()) || (v.is_string() && EqualsIgnoreCase(v.as_string(), "false"));
  };
  if (is_false(value)) return true;
  if (value.is_array()) {
    for (const Value& e : value.as_array()) {
      if (is_false(e)) return true;
    }
  }
  return false;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int hi = i + 2 < text.size() ? HexDigit(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? HexDigit(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return absl::InvalidArgumentError(StrCat("malformed percent escape at offset ", i));
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

absl::StatusOr<std::string> PolicyDocumentText(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '%') return PercentDecode(text);
  return std::string(text);
}

absl::StatusOr<bool> AllowsFullAdmin(std::string_view policy_document) {
  Value storage;
  absl::StatusOr<std::vector<const Value*>> statements = Statements(policy_document, &storage);
  if (!statements.ok()) return statements.status();
  for (const Value* s : *statements) {
    if (!IsString(s->Find("Effect"), "Allow")) continue;
    bool all_actions = AnyString(s->Find("Action"), [](std::string_view a) { return a == "*" || a == "*:*"; });
    bool all_resources = AnyString(s->Find("Resource"), [](std::string_view r) { return r == "*"; });
    if (all_actions && all_resources) return true;
  }
  return false;
}

absl::StatusOr<bool> DeniesInsecureTransport(std::string_view policy_document,
                                             std::string_view bucket_name,
                                             std::string_view partition) {
  if (policy_document.find_first_not_of(" \t\r\n") == std::string_view::npos) return false;
  Value storage;
  absl::StatusOr<std::vector<const Value*>> statements = Statements(policy_document, &storage);
  if (!statements.ok()) return statements.status();
  for (const Value* s : *statements) {
    if (!IsString(s->Find("Effect"), "Deny")) continue;
    if (!PrincipalIsEveryone(s->Find("Principal"))) continue;
    if (!AnyString(s->Find("Action"), [](std::string_view a) {
          return a == "*" || EqualsIgnoreCase(a, "s3:*");
        }))
      continue;
    if (!AnyString(s->Find("Resource"), [&](std::string_view r) {
          return CoversAllObjects(r, bucket_name, partition);
        }))
      continue;
    if (!ConditionIsInsecureTransportOnly(s->Find("Condition"))) continue;
    return true;
  }
  return false;
}

bool IsAwsManagedPolicyArn(std::string_view arn) {
  // arn:<partition>:iam::aws:policy/<path><name>
  if (!StartsWith(arn, "arn:")) return false;
  size_t p = arn.find(':', 4);
  if (p == std::string_view::npos) return false;
  return StartsWith(arn.substr(p), ":iam::aws:policy/");
}

}  // namespace vigil::connect::aws

#include "src/base/object_reader.h"

#include <utility>

#include "src/base/did_you_mean.h"
#include "src/base/strings.h"
#include "src/base/utf8.h"

namespace vigil::json {

std::string TypeName(Type type, bool non_empty) {
  switch (type) {
    case Type::kAny: return "a value";
    case Type::kString: return non_empty ? "a non-empty string" : "a string";
    case Type::kInteger: return "an integer";
    case Type::kNumber: return "a number";
    case Type::kBool: return "true or false";
    case Type::kObject: return "an object";
    case Type::kArray: return non_empty ? "a non-empty array" : "an array";
    case Type::kStringArray:
      return non_empty ? "a non-empty array of non-empty strings" : "an array of strings";
    case Type::kStringOrStringArray:
      return non_empty ? "a non-empty string or a non-empty array of them"
                       : "a string or an array of strings";
  }
  return "a value";
}

namespace {

// What a value is, for "..., not X".
std::string Found(const Node& n) {
  if (n.is_array() && n.items.empty()) return "an empty array";
  return KindName(n);
}

bool IsStringArray(const Node& n, bool non_empty) {
  if (!n.is_array() || (non_empty && n.items.empty())) return false;
  for (const Node* e : n.items) {
    if (!e->is_string() || (non_empty && e->s.empty())) return false;
  }
  return true;
}

}  // namespace

ObjectReader::ObjectReader(const Document& doc, const Node& node, std::vector<KeySpec> keys,
                           Diagnostics* out, std::string context, std::string_view what,
                           std::string_view shape)
    : doc_(doc), node_(node), keys_(std::move(keys)), out_(out), context_(std::move(context)) {
  if (!node.is_object()) {
    std::string name = what.empty() ? DescribePath(node) : std::string(what);
    Error(node.offset, "json.wrong-type",
          StrCat(name, " must be an object", shape, ", not ", Found(node)));
    return;
  }
  std::vector<std::string> known;
  known.reserve(keys_.size());
  for (const KeySpec& k : keys_) known.emplace_back(k.name);
  const std::string where =
      node.parent == nullptr ? std::string() : StrCat(" in ", PathOf(node));
  for (const Member& m : node.members) {
    const KeySpec* spec = Spec(m.key);
    if (spec == nullptr) {
      Error(m.key_offset, "json.unknown-key",
            StrCat("unknown key ", Quoted(m.key), where, ".", DidYouMean(m.key, known),
                   " Known keys: ", StrJoin(known, ", ")));
      continue;
    }
    if (!Fits(*m.value, *spec)) {
      WrongType(*m.value, spec->expected.empty() ? TypeName(spec->type, spec->non_empty)
                                                 : std::string(spec->expected));
    }
  }
  for (const KeySpec& k : keys_) {
    if (k.required && node.Find(k.name) == nullptr) {
      Error(node.offset, "json.missing-key",
            StrCat("missing required key ", Quoted(k.name), where));
    }
  }
}

const KeySpec* ObjectReader::Spec(std::string_view key) const {
  for (const KeySpec& k : keys_) {
    if (k.name == key) return &k;
  }
  return nullptr;
}

bool ObjectReader::Fits(const Node& v, const KeySpec& spec) const {
  switch (spec.type) {
    case Type::kAny: return true;
    case Type::kString: return v.is_string() && !(spec.non_empty && v.s.empty());
    case Type::kInteger: return v.is_int();
    case Type::kNumber: return v.is_number();
    case Type::kBool: return v.is_bool();
    case Type::kObject: return v.is_object();
    case Type::kArray: return v.is_array() && !(spec.non_empty && v.items.empty());
    case Type::kStringArray: return IsStringArray(v, spec.non_empty);
    case Type::kStringOrStringArray:
      return (v.is_string() && !(spec.non_empty && v.s.empty())) ||
             IsStringArray(v, spec.non_empty);
  }
  return false;
}

const Node* ObjectReader::Get(std::string_view key) const {
  if (!node_.is_object()) return nullptr;
  const Member* m = node_.Find(key);
  const KeySpec* spec = Spec(key);
  if (m == nullptr || spec == nullptr || !Fits(*m->value, *spec)) return nullptr;
  return m->value;
}

std::string ObjectReader::String(std::string_view key, std::string fallback) const {
  const Node* n = Get(key);
  return n != nullptr && n->is_string() ? n->s : std::move(fallback);
}

std::vector<std::string> ObjectReader::Strings(std::string_view key) const {
  std::vector<std::string> out;
  const Node* n = Get(key);
  if (n == nullptr) return out;
  if (n->is_string()) {
    out.push_back(n->s);
  } else if (n->is_array()) {
    for (const Node* e : n->items) {
      if (e->is_string()) out.push_back(e->s);
    }
  }
  return out;
}

int64_t ObjectReader::Integer(std::string_view key, int64_t fallback) const {
  const Node* n = Get(key);
  return n != nullptr && n->is_int() ? n->i : fallback;
}

double ObjectReader::Number(std::string_view key, double fallback) const {
  const Node* n = Get(key);
  return n != nullptr && n->is_number() ? n->as_double() : fallback;
}

bool ObjectReader::Bool(std::string_view key, bool fallback) const {
  const Node* n = Get(key);
  return n != nullptr && n->is_bool() ? n->b : fallback;
}

void ObjectReader::Error(uint32_t offset, std::string_view code, std::string message) {
  ok_ = false;
  if (out_ != nullptr) out_->push_back(doc_.At(offset, code, StrCat(context_, message)));
}

void ObjectReader::Warning(uint32_t offset, std::string_view code, std::string message) {
  if (out_ != nullptr) {
    out_->push_back(doc_.At(offset, code, StrCat(context_, message), Severity::kWarning));
  }
}

void ObjectReader::WrongType(const Node& value, std::string_view expected) {
  Error(value.offset, "json.wrong-type",
        StrCat(DescribePath(value), " must be ", expected, ", not ", Found(value)));
}

}  // namespace vigil::json

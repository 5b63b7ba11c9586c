#include "src/connect/aws/event_selectors.h"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/status/status.h"
#include "vigil/value.h"

namespace vigil::connect::aws {
namespace {

struct ReadWrite {
  bool read = false;
  bool write = false;
};

// What an S3 resource value selects: every bucket, one bucket, or nothing usable.
struct S3Target {
  bool all = false;
  std::optional<std::string> bucket;
};

// "arn:<partition>:s3" / "arn:<partition>:s3:::" → all; "arn:<p>:s3:::B" or
// "arn:<p>:s3:::B/" → B; anything else (an object prefix, another service) →
// nothing. `allow_bare_bucket` accepts "arn:<p>:s3:::B" without the slash
// (basic selectors accept it; advanced StartsWith "arn:aws:s3:::B" would also
// match bucket "B2", so it does not).
S3Target ParseS3Value(std::string_view v, bool allow_bare_bucket) {
  S3Target t;
  if (v.substr(0, 4) != "arn:") return t;
  size_t p = v.find(':', 4);
  if (p == std::string_view::npos) return t;
  std::string_view rest = v.substr(p);  // ":s3..." after the partition
  if (rest == ":s3" || rest == ":s3:::") {
    t.all = true;
    return t;
  }
  if (rest.substr(0, 6) != ":s3:::") return t;
  std::string_view path = rest.substr(6);
  size_t slash = path.find('/');
  if (slash == std::string_view::npos) {
    if (allow_bare_bucket && !path.empty()) t.bucket = std::string(path);
    return t;
  }
  if (slash + 1 == path.size() && slash > 0) t.bucket = std::string(path.substr(0, slash));
  return t;
}

const Value* ArrayMember(const Value& obj, std::string_view key, absl::Status* error) {
  const Value* v = obj.Find(key);
  if (v == nullptr || v->is_null()) return nullptr;
  if (!v->is_array()) {
    *error = absl::InvalidArgumentError(std::string(key) + " is not an array");
    return nullptr;
  }
  return v;
}

std::vector<std::string> Strings(const Value* v) {
  std::vector<std::string> out;
  if (v == nullptr || !v->is_array()) return out;
  for (const Value& e : v->as_array()) {
    if (e.is_string()) out.push_back(e.as_string());
  }
  return out;
}

bool IsExactly(const Value* v, std::string_view s) {
  std::vector<std::string> xs = Strings(v);
  return xs.size() == 1 && xs[0] == s;
}

ReadWrite FromReadWriteType(const Value* v) {
  ReadWrite rw;
  if (v == nullptr || !v->is_string()) return rw;
  const std::string& s = v->as_string();
  rw.read = s == "All" || s == "ReadOnly";
  rw.write = s == "All" || s == "WriteOnly";
  return rw;
}

// The operators of one advanced field selector that carry values.
std::vector<std::string> Operators(const Value& field_selector) {
  std::vector<std::string> ops;
  for (const auto& [k, v] : field_selector.as_object()) {
    if (k == "Field") continue;
    if (v.is_array() && !v.as_array().empty()) ops.push_back(k);
  }
  return ops;
}

// The readOnly field of an advanced selector: which of read/write it keeps.
// nullopt: the field uses an operator or value this analysis does not read.
std::optional<ReadWrite> ReadOnlyField(const Value& fs) {
  std::vector<std::string> ops = Operators(fs);
  if (ops.size() != 1) return std::nullopt;
  std::vector<std::string> values = Strings(fs.Find(ops[0]));
  bool has_true = std::count(values.begin(), values.end(), "true") > 0;
  bool has_false = std::count(values.begin(), values.end(), "false") > 0;
  if (values.size() != static_cast<size_t>(has_true) + static_cast<size_t>(has_false)) return std::nullopt;
  ReadWrite rw;
  if (ops[0] == "Equals") {
    rw.read = has_true;
    rw.write = has_false;
  } else if (ops[0] == "NotEquals") {
    rw.read = !has_true;
    rw.write = !has_false;
  } else {
    return std::nullopt;
  }
  return rw;
}

}  // namespace

absl::StatusOr<TrailEventCoverage> AnalyzeEventSelectors(std::string_view response) {
  absl::StatusOr<Value> doc = Value::ParseJson(response, "GetEventSelectors response");
  if (!doc.ok()) return doc.status();
  if (!doc->is_object()) return absl::InvalidArgumentError("GetEventSelectors response is not a JSON object");
  absl::Status error;
  const Value* basic = ArrayMember(*doc, "EventSelectors", &error);
  const Value* advanced = ArrayMember(*doc, "AdvancedEventSelectors", &error);
  if (!error.ok()) return error;

  ReadWrite management;
  ReadWrite s3_all;
  std::set<std::string> write_buckets;
  std::set<std::string> read_buckets;
  auto add_bucket = [&](const ReadWrite& rw, const std::string& b) {
    if (rw.write) write_buckets.insert(b);
    if (rw.read) read_buckets.insert(b);
  };

  if (basic != nullptr) {
    for (const Value& sel : basic->as_array()) {
      if (!sel.is_object()) return absl::InvalidArgumentError("an EventSelectors element is not an object");
      ReadWrite rw = FromReadWriteType(sel.Find("ReadWriteType"));
      const Value* include = sel.Find("IncludeManagementEvents");
      if (include != nullptr && include->is_bool() && include->as_bool()) {
        management.read |= rw.read;
        management.write |= rw.write;
      }
      const Value* resources = sel.Find("DataResources");
      if (resources == nullptr || !resources->is_array()) continue;
      for (const Value& dr : resources->as_array()) {
        if (!dr.is_object()) continue;
        const Value* type = dr.Find("Type");
        if (type == nullptr || !type->is_string() || type->as_string() != "AWS::S3::Object") continue;
        for (const std::string& v : Strings(dr.Find("Values"))) {
          S3Target t = ParseS3Value(v, /*allow_bare_bucket=*/true);
          if (t.all) {
            s3_all.read |= rw.read;
            s3_all.write |= rw.write;
          } else if (t.bucket) {
            add_bucket(rw, *t.bucket);
          }
        }
      }
    }
  }

  if (advanced != nullptr) {
    for (const Value& sel : advanced->as_array()) {
      if (!sel.is_object()) return absl::InvalidArgumentError("an AdvancedEventSelectors element is not an object");
      const Value* fields = sel.Find("FieldSelectors");
      if (fields == nullptr || !fields->is_array()) continue;
      std::optional<std::string> category;
      bool usable = true;
      bool s3_objects = false;       // resources.type Equals ["AWS::S3::Object"]
      bool other_resource = false;   // resources.type with another value
      bool excludes_sources = false; // eventSource NotEquals [...]
      ReadWrite rw{true, true};
      const Value* arn_field = nullptr;
      for (const Value& fs : fields->as_array()) {
        if (!fs.is_object()) {
          usable = false;
          break;
        }
        const Value* name = fs.Find("Field");
        std::string field = name != nullptr && name->is_string() ? name->as_string() : "";
        std::vector<std::string> ops = Operators(fs);
        bool one_equals = ops.size() == 1 && ops[0] == "Equals";
        if (field == "eventCategory" && one_equals && IsExactly(fs.Find("Equals"), "Management")) {
          category = "Management";
        } else if (field == "eventCategory" && one_equals && IsExactly(fs.Find("Equals"), "Data")) {
          category = "Data";
        } else if (field == "readOnly" && ReadOnlyField(fs)) {
          rw = *ReadOnlyField(fs);
        } else if (field == "resources.type" && one_equals) {
          if (IsExactly(fs.Find("Equals"), "AWS::S3::Object")) {
            s3_objects = true;
          } else {
            other_resource = true;
          }
        } else if (field == "resources.ARN" && ops.size() == 1 && ops[0] == "StartsWith") {
          arn_field = &fs;
        } else if (field == "eventSource" && ops.size() == 1 && ops[0] == "NotEquals") {
          excludes_sources = true;
        } else {
          usable = false;
          break;
        }
      }
      if (!usable || !category) continue;
      if (*category == "Management") {
        // Excluded sources are ignored, as ExcludeManagementEventSources is.
        if (s3_objects || other_resource || arn_field != nullptr) continue;
        management.read |= rw.read;
        management.write |= rw.write;
        continue;
      }
      // Data events of S3 objects, not narrowed by event source.
      if (!s3_objects || other_resource || excludes_sources) continue;
      if (arn_field == nullptr) {
        s3_all.read |= rw.read;
        s3_all.write |= rw.write;
        continue;
      }
      for (const std::string& v : Strings(arn_field->Find("StartsWith"))) {
        S3Target t = ParseS3Value(v, /*allow_bare_bucket=*/false);
        if (t.all) {
          s3_all.read |= rw.read;
          s3_all.write |= rw.write;
        } else if (t.bucket) {
          add_bucket(rw, *t.bucket);
        }
      }
    }
  }

  TrailEventCoverage out;
  out.logs_all_management_events = management.read && management.write;
  out.s3_write_all_buckets = s3_all.write;
  out.s3_read_all_buckets = s3_all.read;
  out.s3_write_buckets.assign(write_buckets.begin(), write_buckets.end());
  out.s3_read_buckets.assign(read_buckets.begin(), read_buckets.end());
  return out;
}

}  // namespace vigil::connect::aws

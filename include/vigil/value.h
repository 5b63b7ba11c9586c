// vigil/value.h — a small JSON value: variables and parameters going in,
// materialised results coming out.
//
//   ```cpp
//   absl::StatusOr<vigil::Value> v = vigil::Value::ParseJson(R"({"x": [1]})");
//   std::string text = v->ToJson();
//   ```
//
// Objects keep their keys in insertion order (results are ordered by the
// query's selection). Integers are 64-bit signed; other numbers are doubles.
//
// Unsigned integers: like ParseJson, which refuses an integer literal
// outside int64, a Value holds no integer beyond int64. `unsigned` and
// narrower convert implicitly (they always fit); 64-bit unsigned types
// (size_t, uint64_t) only explicitly, `vigil::Value(v.size())`, with the
// precondition v <= INT64_MAX (a larger value is stored as INT64_MAX, the
// same in every build). Use Value::FromUnsigned when the value may be larger:
// it refuses it (OutOfRange) rather than round it to a double.
//
// Accessors: the as_*() accessors require the matching kind (check with
// is_*() or kind() first); on another kind they throw
// std::bad_variant_access (std::terminate in a build without exceptions).
// The if_*() accessors never throw: they return null (or nullopt) on
// another kind.
//
//   ```cpp
//   vigil::Value v = vigil::Value::ParseJson(R"({"n": 3, "s": "x"})").value();
//   if (const vigil::Value* n = v.Find("n"); n != nullptr) {
//     if (const int64_t* i = n->if_int()) std::cout << *i + 1;
//   }
//   std::vector<int> xs{1, 2};
//   vigil::Value count(xs.size());  // explicit: size_t is 64-bit unsigned
//   absl::StatusOr<vigil::Value> big = vigil::Value::FromUnsigned(~uint64_t{0});
//   // big.status(): OutOfRange
//   ```
#ifndef VIGIL_VALUE_H_
#define VIGIL_VALUE_H_

#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace vigil {

class Value {
 public:
  enum class Kind : uint8_t { kNull, kBool, kInt, kDouble, kString, kArray, kObject };
  using Array = std::vector<Value>;
  using Object = std::vector<std::pair<std::string, Value>>;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : data_(b) {}
  Value(int v) : data_(int64_t{v}) {}
  Value(int64_t v) : data_(v) {}
  // Unsigned types narrower than 64 bits always fit in an int64.
  template <std::unsigned_integral U>
    requires(!std::same_as<U, bool> && sizeof(U) < sizeof(int64_t))
  Value(U v) : data_(static_cast<int64_t>(v)) {}
  // 64-bit unsigned (size_t, uint64_t): explicit; requires
  // v <= INT64_MAX (see the header comment; FromUnsigned checks).
  template <std::unsigned_integral U>
    requires(sizeof(U) == sizeof(int64_t))
  explicit Value(U v) : data_(Clamp(v)) {}
  // A 64-bit unsigned integer, refused (OutOfRange) beyond INT64_MAX.
  static absl::StatusOr<Value> FromUnsigned(uint64_t v);
  Value(double v) : data_(v) {}
  Value(const char* s) : data_(std::string(s)) {}
  Value(std::string s) : data_(std::move(s)) {}
  Value(std::string_view s) : data_(std::string(s)) {}
  Value(Array a) : data_(std::move(a)) {}
  Value(Object o) : data_(std::move(o)) {}

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_int() const { return kind() == Kind::kInt; }
  bool is_double() const { return kind() == Kind::kDouble; }
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_object() const { return kind() == Kind::kObject; }

  bool as_bool() const { return std::get<bool>(data_); }
  int64_t as_int() const { return std::get<int64_t>(data_); }
  double as_double() const {
    return is_int() ? static_cast<double>(as_int()) : std::get<double>(data_);
  }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const Array& as_array() const { return std::get<Array>(data_); }
  Array& as_array() { return std::get<Array>(data_); }
  const Object& as_object() const { return std::get<Object>(data_); }
  Object& as_object() { return std::get<Object>(data_); }

  // Non-throwing access: a pointer to the value (null on another kind).
  // if_number() gives an int as a double too.
  const bool* if_bool() const { return std::get_if<bool>(&data_); }
  const int64_t* if_int() const { return std::get_if<int64_t>(&data_); }
  std::optional<double> if_number() const {
    if (is_int()) return static_cast<double>(as_int());
    if (is_double()) return std::get<double>(data_);
    return std::nullopt;
  }
  const std::string* if_string() const { return std::get_if<std::string>(&data_); }
  const Array* if_array() const { return std::get_if<Array>(&data_); }
  Array* if_array() { return std::get_if<Array>(&data_); }
  const Object* if_object() const { return std::get_if<Object>(&data_); }
  Object* if_object() { return std::get_if<Object>(&data_); }

  // Object lookup (first match); nullptr when absent or not an object.
  const Value* Find(std::string_view key) const;

  // Parses JSON text (RFC 8259) strictly: a duplicate key, an integer
  // literal outside int64, nesting deeper than 512 levels or malformed UTF-8
  // is an error too. Errors are located (`file_name:line:col`, the column in
  // characters) and carry a code of the `json.` family (json.syntax,
  // json.duplicate-key, json.number-range, json.too-deep, json.utf8).
  static absl::StatusOr<Value> ParseJson(std::string_view text,
                                         std::string_view file_name = "");
  // Compact JSON, keys in stored order. Doubles print in the shortest form
  // that reads back exactly; integral doubles print without a fraction.
  std::string ToJson() const;
  void AppendJson(std::string* out) const;

  // Deep equality as JSON values: object key order does not matter; an
  // integer equals a double of the same value.
  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  static int64_t Clamp(uint64_t v) {
    return v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
               ? std::numeric_limits<int64_t>::max()
               : static_cast<int64_t>(v);
  }

  std::variant<std::nullptr_t, bool, int64_t, double, std::string, Array, Object>
      data_;
};

// JSON text helpers shared by every writer.
void AppendJsonString(std::string* out, std::string_view s);
void AppendJsonDouble(std::string* out, double d);

}  // namespace vigil

#endif  // VIGIL_VALUE_H_

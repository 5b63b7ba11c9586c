// JSON input for the importers, over simdjson's DOM (src/connect/json_input.h).
#include "src/connect/json_input.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <new>
#include <thread>
#include <type_traits>
#include <vector>

#include "simdjson.h"
#include "src/base/datetime.h"
#include "src/base/json_reader.h"
#include "src/base/strings.h"
#include "vigil/value.h"

namespace vigil::connect {
namespace {

namespace dom = simdjson::dom;

// simdjson reports a failed allocation as an error code. It is not a
// property of the document: it goes on as the std::bad_alloc any other
// allocation throws (the C ABI's VIGIL_E_NO_MEMORY), not as a syntax error.
simdjson::error_code ThrowIfNoMemory(simdjson::error_code e) {
  if (e == simdjson::MEMALLOC) throw std::bad_alloc();
  return e;
}

static_assert(sizeof(dom::element) <= 16, "dom::element must fit JsonNode's slot");
static_assert(std::is_trivially_copyable_v<dom::element>);
static_assert(std::is_trivially_destructible_v<dom::element>);

const char* TypeName(dom::element_type t) {
  switch (t) {
    case dom::element_type::ARRAY: return "an array";
    case dom::element_type::OBJECT: return "an object";
    case dom::element_type::STRING: return "a string";
    case dom::element_type::BOOL: return "a boolean";
    case dom::element_type::NULL_VALUE: return "null";
    default: return "a number";
  }
}

// Bytes of one batch of array elements handed to the DOM parser.
constexpr size_t kBatchBytes = size_t{1} << 20;
constexpr size_t kMaxDepth = 256;
// Arrays longer than this are scanned ahead by a second thread.
constexpr size_t kPipelineBytes = size_t{8} << 20;

bool IsWs(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The first position at or after `p` holding a byte that matters outside a
// string (" [ ] { } ,), or t.size().
size_t NextStructural(std::string_view t, size_t p) {
  const size_t n = t.size();
#if defined(__SSE2__)
  const __m128i q = _mm_set1_epi8('"'), c = _mm_set1_epi8(',');
  // [ and { (] and }) differ in bit 0x20 only.
  const __m128i lower = _mm_set1_epi8(0x20);
  const __m128i open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
  while (p + 16 <= n) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data() + p));
    const __m128i xl = _mm_or_si128(x, lower);
    const __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, c)),
        _mm_or_si128(_mm_cmpeq_epi8(xl, open), _mm_cmpeq_epi8(xl, close)));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return p + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    p += 16;
  }
#endif
  for (; p < n; ++p) {
    const char ch = t[p];
    if (ch == '"' || ch == ',' || ch == '[' || ch == ']' || ch == '{' || ch == '}') return p;
  }
  return n;
}

// The first position at or after `p` holding " or \, or t.size().
size_t NextInString(std::string_view t, size_t p) {
  const size_t n = t.size();
#if defined(__SSE2__)
  const __m128i q = _mm_set1_epi8('"'), b = _mm_set1_epi8('\\');
  while (p + 16 <= n) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data() + p));
    const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, b)));
    if (mask != 0) return p + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    p += 16;
  }
#endif
  for (; p < n; ++p) {
    if (t[p] == '"' || t[p] == '\\') return p;
  }
  return n;
}

// Finds the end of the JSON value starting at `p` (strings and nesting
// only; the DOM parser validates the value itself afterwards): *end is one
// past a string, array or object, or the position of the ',', ']' or '}'
// ending a scalar. False when the text ends first or nests too deep.
bool SkipValue(std::string_view t, size_t p, size_t* end) {
  size_t depth = 0;
  bool in_string = false;
  for (; p < t.size(); ++p) {
    // Jump over the bytes that cannot change the state.
    p = in_string ? NextInString(t, p) : NextStructural(t, p);
    if (p >= t.size()) break;
    const char c = t[p];
    if (in_string) {
      if (c == '\\') {
        ++p;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) {
          *end = p + 1;
          return true;
        }
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > kMaxDepth) return false;
        break;
      case ']':
      case '}':
        if (depth == 0) {
          *end = p;
          return true;
        }
        if (--depth == 0) {
          *end = p + 1;
          return true;
        }
        break;
      case ',':
        if (depth == 0) {
          *end = p;
          return true;
        }
        break;
      default: break;
    }
  }
  if (depth == 0 && !in_string) {
    *end = p;
    return true;
  }
  return false;
}

size_t SkipWs(std::string_view t, size_t p) {
  while (p < t.size() && IsWs(t[p])) ++p;
  return p;
}

// A run of whole elements of an array, [begin, end) in the text.
struct Batch {
  size_t begin = 0, end = 0;
  bool last = false;           // the array's ']' follows
  const char* error = nullptr;  // a syntax problem found while scanning
  size_t error_pos = 0;
};

// Collects whole elements from *pos (after '[' or ',') up to about
// kBatchBytes; *pos ends after the ',' or ']' that follows the last one.
Batch ScanBatch(std::string_view t, size_t* pos) {
  Batch b;
  size_t p = SkipWs(t, *pos);
  b.begin = p;
  b.end = p;
  while (true) {
    p = SkipWs(t, p);
    size_t end = 0;
    if (!SkipValue(t, p, &end)) {
      b.error = "unterminated array element";
      b.error_pos = p;
      return b;
    }
    b.end = end;
    p = SkipWs(t, end);
    if (p >= t.size()) {
      b.error = "unterminated array";
      b.error_pos = p;
      return b;
    }
    if (t[p] == ']') {
      *pos = p + 1;
      b.last = true;
      return b;
    }
    if (t[p] != ',') {
      b.error = "expected ',' or ']' in an array";
      b.error_pos = p;
      return b;
    }
    ++p;
    if (b.end - b.begin >= kBatchBytes) {
      *pos = p;
      return b;
    }
  }
}

// The batches of one array, in order, each parsed into a DOM: scanned and
// parsed on the calling thread, or, when `pipelined`, by a second thread
// running up to kSlots - 1 batches ahead of the one being mapped.
class BatchSource {
 public:
  struct Slot {
    Batch batch;
    simdjson::error_code error = simdjson::SUCCESS;
    dom::parser parser;
    std::vector<char> buffer;
    dom::element root;
  };

  BatchSource(std::string_view t, size_t pos, bool pipelined) : t_(t), pos_(pos) {
    slots_.resize(pipelined ? kSlots : 1);
    for (auto& s : slots_) s = std::make_unique<Slot>();
    if (pipelined) {
      for (size_t i = 0; i < slots_.size(); ++i) free_.push_back(i);
      thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "vigil-json-scan");
        Produce();
      });
    }
  }
  ~BatchSource() {
    if (thread_.joinable()) {
      {
        std::lock_guard<std::mutex> l(mu_);
        stop_ = true;
      }
      cv_.notify_all();
      thread_.join();
    }
  }
  // The next batch, scanned and parsed; valid until the next call.
  Slot& Next() {
    if (!thread_.joinable()) {
      Slot& s = *slots_[0];
      Fill(&s, &pos_);
      return s;
    }
    std::unique_lock<std::mutex> l(mu_);
    if (current_ >= 0) free_.push_back(static_cast<size_t>(current_));
    cv_.notify_all();
    cv_.wait(l, [&] { return !ready_.empty(); });
    current_ = static_cast<int>(ready_.front());
    ready_.pop_front();
    return *slots_[static_cast<size_t>(current_)];
  }
  // After the last batch: the position after the array's ']'.
  size_t end() {
    if (thread_.joinable()) {
      std::lock_guard<std::mutex> l(mu_);
      return end_;
    }
    return pos_;
  }

 private:
  static constexpr size_t kSlots = 3;

  void Fill(Slot* s, size_t* pos) {
    s->batch = ScanBatch(t_, pos);
    s->error = simdjson::SUCCESS;
    if (s->batch.error != nullptr) return;
    const std::string_view batch = t_.substr(s->batch.begin, s->batch.end - s->batch.begin);
    s->buffer.resize(batch.size() + 2 + simdjson::SIMDJSON_PADDING);
    s->buffer[0] = '[';
    std::memcpy(s->buffer.data() + 1, batch.data(), batch.size());
    s->buffer[batch.size() + 1] = ']';
    std::memset(s->buffer.data() + batch.size() + 2, 0, simdjson::SIMDJSON_PADDING);
    s->error = s->parser.parse(s->buffer.data(), batch.size() + 2, false).get(s->root);
  }

  void Produce() {
    size_t p = pos_;
    while (true) {
      size_t k;
      {
        std::unique_lock<std::mutex> l(mu_);
        cv_.wait(l, [&] { return stop_ || !free_.empty(); });
        if (stop_) return;
        k = free_.front();
        free_.pop_front();
      }
      Slot& s = *slots_[k];
      Fill(&s, &p);
      const bool last = s.batch.last || s.batch.error != nullptr || s.error != simdjson::SUCCESS;
      {
        std::lock_guard<std::mutex> l(mu_);
        ready_.push_back(k);
        if (last) end_ = p;
      }
      cv_.notify_all();
      if (last) return;
    }
  }

  std::string_view t_;
  size_t pos_;
  size_t end_ = 0;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<size_t> free_, ready_;
  int current_ = -1;
  bool stop_ = false;
};

}  // namespace

struct JsonFile::Parser {
  dom::parser parser;
  std::vector<char> buffer;  // padded batch "[" elements "]"
};

// ---- JsonNode ------------------------------------------------------------

namespace {

dom::element El(const unsigned char* slot) {
  dom::element e;
  std::memcpy(static_cast<void*>(&e), slot, sizeof e);
  return e;
}

}  // namespace

JsonNode::JsonNode(const JsonFile* file, const JsonNode* parent, std::string_view key,
                   int64_t index, const void* element)
    : file_(file), parent_(parent), key_(key), index_(index) {
  std::memcpy(element_, element, sizeof(dom::element));
}

JsonNode::Kind JsonNode::kind() const {
  switch (El(element_).type()) {
    case dom::element_type::ARRAY: return Kind::kArray;
    case dom::element_type::OBJECT: return Kind::kObject;
    case dom::element_type::STRING: return Kind::kString;
    case dom::element_type::BOOL: return Kind::kBool;
    case dom::element_type::NULL_VALUE: return Kind::kNull;
    case dom::element_type::INT64: return Kind::kInt;
    case dom::element_type::UINT64: return Kind::kUint;
    case dom::element_type::DOUBLE: return Kind::kDouble;
  }
  return Kind::kNull;
}

bool JsonNode::ok() const { return file_->ok(); }

std::string JsonNode::Path(std::string_view leaf) const {
  std::vector<const JsonNode*> chain;
  for (const JsonNode* n = this; n != nullptr; n = n->parent_) chain.push_back(n);
  std::string p = "$";
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const JsonNode* n = *it;
    if (n->parent_ == nullptr) {
      if (!n->key_.empty()) StrAppend(&p, ".", n->key_);
      if (n->index_ >= 0) StrAppend(&p, "[", n->index_, "]");
      continue;
    }
    if (n->index_ >= 0) {
      StrAppend(&p, "[", n->index_, "]");
    } else {
      StrAppend(&p, ".", n->key_);
    }
  }
  if (!leaf.empty()) StrAppend(&p, ".", leaf);
  return p;
}

void JsonNode::Fail(std::string message, std::string_view leaf) const {
  file_->RecordError(StrCat(Path(leaf), ": ", message));
}

namespace {

static_assert(sizeof(dom::object::iterator) <= 16, "dom::object::iterator must fit the cursor");
static_assert(std::is_trivially_copyable_v<dom::object::iterator>);

// The member `key` of object `obj`, searched from *cursor (then from the
// start); *cursor moves past the member found.
bool FindMember(const dom::object& obj, std::string_view key, unsigned char* cursor,
                bool* has_cursor, dom::element* out) {
  const dom::object::iterator begin = obj.begin(), end = obj.end();
  dom::object::iterator start = begin;
  if (*has_cursor) std::memcpy(static_cast<void*>(&start), cursor, sizeof start);
  auto found = [&](dom::object::iterator it) {
    *out = it.value();
    ++it;
    std::memcpy(cursor, static_cast<const void*>(&it), sizeof it);
    *has_cursor = true;
    return true;
  };
  for (dom::object::iterator it = start; it != end; ++it) {
    if (it.key_equals(key)) return found(it);
  }
  for (dom::object::iterator it = begin; it != start; ++it) {
    if (it.key_equals(key)) return found(it);
  }
  return false;
}

}  // namespace

std::optional<JsonNode> JsonNode::Member(std::string_view key) const {
  dom::element e = El(element_);
  if (!e.is_object()) return std::nullopt;
  dom::element v;
  if (!FindMember(e.get_object().value_unsafe(), key, cursor_, &has_cursor_, &v)) {
    return std::nullopt;
  }
  return JsonNode(file_, this, key, -1, &v);
}

bool JsonNode::Has(std::string_view key) const { return Member(key).has_value(); }

namespace {

// The member `key` of the object in `slot` when present and not null.
std::optional<dom::element> Present(const unsigned char* slot, std::string_view key,
                                    unsigned char* cursor, bool* has_cursor) {
  dom::element e = El(slot);
  if (!e.is_object()) return std::nullopt;
  dom::element v;
  if (!FindMember(e.get_object().value_unsafe(), key, cursor, has_cursor, &v)) {
    return std::nullopt;
  }
  if (v.is_null()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::string_view> JsonNode::Str(std::string_view key) const {
  std::optional<dom::element> v = Present(element_, key, cursor_, &has_cursor_);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(StrCat("expected a string, got ", TypeName(v->type())), key);
    return std::nullopt;
  }
  return v->get_string().value_unsafe();
}

std::optional<int64_t> JsonNode::Int(std::string_view key) const {
  std::optional<dom::element> v = Present(element_, key, cursor_, &has_cursor_);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64().value_unsafe();
  if (v->is_double()) {
    const double d = v->get_double().value_unsafe();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18) {
      return static_cast<int64_t>(d);
    }
  }
  Fail(StrCat("expected an integer, got ",
              v->is_number() ? "a number out of range or with a fraction" : TypeName(v->type())),
       key);
  return std::nullopt;
}

std::optional<double> JsonNode::Num(std::string_view key) const {
  std::optional<dom::element> v = Present(element_, key, cursor_, &has_cursor_);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    Fail(StrCat("expected a number, got ", TypeName(v->type())), key);
    return std::nullopt;
  }
  return v->get_double().value_unsafe();
}

std::optional<bool> JsonNode::Bool(std::string_view key) const {
  std::optional<dom::element> v = Present(element_, key, cursor_, &has_cursor_);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    Fail(StrCat("expected a boolean, got ", TypeName(v->type())), key);
    return std::nullopt;
  }
  return v->get_bool().value_unsafe();
}

std::optional<std::string> JsonNode::Time(std::string_view key) const {
  std::optional<dom::element> v = Present(element_, key, cursor_, &has_cursor_);
  if (!v) return std::nullopt;
  if (v->is_number()) {
    const double s = v->get_double().value_unsafe();
    if (!std::isfinite(s) || std::fabs(s) > 9.0e9) {
      Fail("a timestamp in epoch seconds out of range", key);
      return std::nullopt;
    }
    return FormatRfc3339(static_cast<int64_t>(std::llround(s * 1e9)));
  }
  if (!v->is_string()) {
    Fail(StrCat("expected a timestamp (ISO 8601 text or epoch seconds), got ",
                TypeName(v->type())),
         key);
    return std::nullopt;
  }
  std::string_view text = v->get_string().value_unsafe();
  std::optional<int64_t> ns = ParseDateTime(text);
  if (!ns) {
    Fail(StrCat("\"", text, "\" is not an ISO 8601 timestamp"), key);
    return std::nullopt;
  }
  return FormatRfc3339(*ns);
}

std::optional<std::string> JsonNode::EpochMillis(std::string_view key) const {
  std::optional<int64_t> ms = Int(key);
  if (!ms) return std::nullopt;
  if (*ms < -9'000'000'000'000 || *ms > 9'000'000'000'000) {
    Fail("milliseconds since the epoch out of range", key);
    return std::nullopt;
  }
  return FormatRfc3339(*ms * 1'000'000);
}

std::optional<JsonNode> JsonNode::Obj(std::string_view key) const {
  std::optional<dom::element> v = Present(element_, key, cursor_, &has_cursor_);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    Fail(StrCat("expected an object, got ", TypeName(v->type())), key);
    return std::nullopt;
  }
  return JsonNode(file_, this, key, -1, &*v);
}

std::optional<JsonNode> JsonNode::Arr(std::string_view key) const {
  std::optional<dom::element> v = Present(element_, key, cursor_, &has_cursor_);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    Fail(StrCat("expected an array, got ", TypeName(v->type())), key);
    return std::nullopt;
  }
  return JsonNode(file_, this, key, -1, &*v);
}

std::optional<std::string_view> JsonNode::AsStr() const {
  dom::element e = El(element_);
  if (e.is_null()) return std::nullopt;
  if (!e.is_string()) {
    Fail(StrCat("expected a string, got ", TypeName(e.type())));
    return std::nullopt;
  }
  return e.get_string().value_unsafe();
}

std::optional<int64_t> JsonNode::AsInt() const {
  dom::element e = El(element_);
  if (e.is_null()) return std::nullopt;
  if (!e.is_int64()) {
    Fail(StrCat("expected an integer, got ", TypeName(e.type())));
    return std::nullopt;
  }
  return e.get_int64().value_unsafe();
}

std::optional<bool> JsonNode::AsBool() const {
  dom::element e = El(element_);
  if (e.is_null()) return std::nullopt;
  if (!e.is_bool()) {
    Fail(StrCat("expected a boolean, got ", TypeName(e.type())));
    return std::nullopt;
  }
  return e.get_bool().value_unsafe();
}

void JsonNode::Each(const std::function<void(const JsonNode&)>& fn) const {
  dom::element e = El(element_);
  if (!e.is_array()) return;
  int64_t i = 0;
  const dom::array elements = e.get_array().value_unsafe();
  for (dom::element x : elements) {
    JsonNode child(file_, this, {}, i++, &x);
    fn(child);
  }
}

size_t JsonNode::size() const {
  dom::element e = El(element_);
  if (e.is_array()) return e.get_array().value_unsafe().size();
  if (e.is_object()) return e.get_object().value_unsafe().size();
  return 0;
}

void JsonNode::EachMember(
    const std::function<void(std::string_view, const JsonNode&)>& fn) const {
  dom::element e = El(element_);
  if (!e.is_object()) return;
  const dom::object members = e.get_object().value_unsafe();
  for (dom::key_value_pair kv : members) {
    JsonNode child(file_, this, kv.key, -1, &kv.value);
    fn(kv.key, child);
  }
}

std::string JsonNode::Json() const { return simdjson::minify(El(element_)); }

// ---- JsonFile ------------------------------------------------------------

JsonFile::JsonFile(std::string name, std::string_view text)
    : name_(std::move(name)), text_(text), parser_(std::make_unique<Parser>()) {}
JsonFile::~JsonFile() = default;

void JsonFile::RecordError(std::string message) const {
  if (error_.empty()) error_ = std::move(message);
}

absl::Status JsonFile::status() const {
  if (error_.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat(name_, ": ", error_));
}

namespace {

// A syntax error in [begin, end) of `t`, with its line and column in `t`
// (the DOM parser does not give them; a second, slower reader does, on
// this error path and this range only). `wrap` parses the range as the
// elements of an array ("[" range "]").
std::string Located(std::string_view name, std::string_view t, size_t begin, size_t end,
                    bool wrap, simdjson::error_code e) {
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < begin && i < t.size(); ++i) {
    if (t[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  const std::string part = wrap ? StrCat("[", t.substr(begin, end - begin), "]")
                                : std::string(t.substr(begin, end - begin));
  size_t l = 1, c = 1;
  ThrowIfNoMemory(e);
  std::string what = simdjson::error_message(e);
  json::ReadOptions options;
  options.max_depth = 512;
  options.big_integers_as_double = true;
  Diagnostics diags;
  if (!json::Document::Parse(part, "x", &diags, options).ok() && !diags.empty()) {
    l = diags.front().location.line;
    c = diags.front().location.column;
    what = diags.front().message;
  }
  if (wrap && l == 1 && c > 1) --c;
  const size_t col = l == 1 ? begin - line_start + c : c;
  return StrCat(name, ":", line + l - 1, ":", col, ": JSON syntax error: ", what);
}

}  // namespace

absl::Status JsonFile::WithRoot(const std::function<void(const JsonNode& root)>& fn) {
  size_t b = 0;
  while (b < text_.size() && IsWs(text_[b])) ++b;
  if (b == text_.size()) {
    // Nothing at all: the CLI's output for an empty response, {}.
    dom::element empty;
    static const simdjson::padded_string kEmpty("{}", 2);
    if (ThrowIfNoMemory(parser_->parser.parse(kEmpty).get(empty)) != simdjson::SUCCESS) {
      return absl::InternalError("cannot parse {}");
    }
    fn(JsonNode(this, nullptr, {}, -1, &empty));
    return status();
  }
  simdjson::padded_string padded(text_);
  dom::element root;
  if (auto e = parser_->parser.parse(padded).get(root)) {
    return absl::InvalidArgumentError(Located(name_, text_, 0, text_.size(), false, e));
  }
  fn(JsonNode(this, nullptr, {}, -1, &root));
  return status();
}

absl::Status JsonFile::ForEachMember(
    const std::function<bool(std::string_view key, int64_t index, const JsonNode& node)>& fn) {
  const std::string_view t = text_;
  size_t pos = 0;
  if (t.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  auto skip_ws = [&] { pos = SkipWs(t, pos); };
  auto skip_value = [&](size_t p, size_t* end) { return SkipValue(t, p, end); };
  auto syntax = [&](std::string what) {
    size_t line = 1, line_start = 0;
    for (size_t i = 0; i < pos && i < t.size(); ++i) {
      if (t[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    return absl::InvalidArgumentError(StrCat(name_, ":", line, ":", pos - line_start + 1,
                                             ": JSON syntax error: ", what));
  };
  skip_ws();
  if (pos == t.size()) return absl::OkStatus();  // empty output: {}
  if (t.compare(pos, 4, "null") == 0) {
    pos += 4;
    skip_ws();
    if (pos != t.size()) return syntax("unexpected text after null");
    return absl::OkStatus();
  }
  if (t[pos] != '{') {
    // Not an object: say what it is (a syntax error if it is not JSON).
    simdjson::padded_string padded(t);
    dom::element root;
    if (auto e = parser_->parser.parse(padded).get(root)) {
      return absl::InvalidArgumentError(Located(name_, t, 0, t.size(), false, e));
    }
    return absl::InvalidArgumentError(
        StrCat(name_, ": $: expected an object, got ", TypeName(root.type())));
  }
  ++pos;
  std::vector<std::string>& seen_keys = member_names_;
  seen_keys.clear();
  auto parse_padded = [&](std::string_view json, dom::element* out) -> simdjson::error_code {
    std::vector<char>& buf = parser_->buffer;
    buf.resize(json.size() + simdjson::SIMDJSON_PADDING);
    std::memcpy(buf.data(), json.data(), json.size());
    std::memset(buf.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    return ThrowIfNoMemory(parser_->parser.parse(buf.data(), json.size(), false).get(*out));
  };
  skip_ws();
  if (pos < t.size() && t[pos] == '}') {
    ++pos;
    skip_ws();
    if (pos != t.size()) return syntax("unexpected text after the top-level object");
    return absl::OkStatus();
  }
  while (true) {
    skip_ws();
    if (pos >= t.size() || t[pos] != '"') return syntax("expected a member name");
    size_t key_end = 0;
    if (!skip_value(pos, &key_end)) return syntax("unterminated member name");
    dom::element key_el;
    if (parse_padded(t.substr(pos, key_end - pos), &key_el) != simdjson::SUCCESS ||
        !key_el.is_string()) {
      return syntax("bad member name");
    }
    std::string key(key_el.get_string().value_unsafe());
    for (const std::string& k : seen_keys) {
      if (k == key) {
        return absl::InvalidArgumentError(
            StrCat(name_, ": $: the member \"", key, "\" appears twice"));
      }
    }
    seen_keys.push_back(key);
    pos = key_end;
    skip_ws();
    if (pos >= t.size() || t[pos] != ':') return syntax("expected ':'");
    ++pos;
    skip_ws();
    if (pos >= t.size()) return syntax("expected a value");
    if (t[pos] != '[') {
      size_t end = 0;
      if (!skip_value(pos, &end)) return syntax("unterminated value");
      dom::element v;
      if (auto e = parse_padded(t.substr(pos, end - pos), &v)) {
        return absl::InvalidArgumentError(Located(name_, t, pos, end, false, e));
      }
      JsonNode node(this, nullptr, key, -1, &v);
      if (!fn(key, -1, node) || !ok()) return status();
      pos = end;
    } else {
      // An array: elements in batches.
      ++pos;
      int64_t index = 0;
      skip_ws();
      if (pos < t.size() && t[pos] == ']') {
        ++pos;
      } else {
        // Large arrays: a second thread finds the element boundaries of the
        // next batches while this one parses and maps the current batch.
        BatchSource source(t, pos, t.size() - pos > kPipelineBytes);
        while (true) {
          BatchSource::Slot& slot = source.Next();
          if (slot.batch.error != nullptr) {
            pos = slot.batch.error_pos;
            return syntax(slot.batch.error);
          }
          if (slot.error != simdjson::SUCCESS) {
            return absl::InvalidArgumentError(
                Located(name_, t, slot.batch.begin, slot.batch.end, true, slot.error));
          }
          const dom::array elements = slot.root.get_array().value_unsafe();
          for (dom::element x : elements) {
            const int64_t i = index++;
            JsonNode node(this, nullptr, key, i, &x);
            if (!fn(key, i, node) || !ok()) return status();
          }
          if (slot.batch.last) break;
        }
        pos = source.end();
      }
    }
    skip_ws();
    if (pos < t.size() && t[pos] == ',') {
      ++pos;
      continue;
    }
    if (pos < t.size() && t[pos] == '}') {
      ++pos;
      break;
    }
    return syntax("expected ',' or '}'");
  }
  skip_ws();
  if (pos != t.size()) return syntax("unexpected text after the top-level object");
  return status();
}

absl::StatusOr<std::unique_ptr<MappedFile>> MappedFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::InvalidArgumentError(StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(StrCat(path, ": not a regular file"));
  }
  std::unique_ptr<MappedFile> f(new MappedFile());
  f->size_ = static_cast<size_t>(st.st_size);
  if (f->size_ > 0) {
    void* p = ::mmap(nullptr, f->size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      return absl::InvalidArgumentError(StrCat(path, ": cannot read: ", std::strerror(err)));
    }
    ::madvise(p, f->size_, MADV_SEQUENTIAL);
    f->data_ = static_cast<const char*>(p);
    f->mapped_ = true;
  }
  ::close(fd);
  return f;
}

MappedFile::~MappedFile() {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
}

std::string FormatRfc3339(int64_t ns) {
  int64_t secs = ns / 1'000'000'000;
  int64_t frac = ns % 1'000'000'000;
  if (frac < 0) {
    frac += 1'000'000'000;
    --secs;
  }
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[40];
  auto put = [&](int at, int64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      buf[at + i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  if (y < 0 || y > 9999) y = 0;  // outside what ParseDateTime gives
  put(0, y, 4);
  buf[4] = '-';
  put(5, m, 2);
  buf[7] = '-';
  put(8, d, 2);
  buf[10] = 'T';
  put(11, rem / 3600, 2);
  buf[13] = ':';
  put(14, rem / 60 % 60, 2);
  buf[16] = ':';
  put(17, rem % 60, 2);
  int len = 19;
  if (frac != 0) {
    buf[len++] = '.';
    put(len, frac, 9);
    len += 9;
    while (buf[len - 1] == '0') --len;
  }
  buf[len++] = 'Z';
  std::string out(buf, static_cast<size_t>(len));
  return out;
}

}  // namespace vigil::connect

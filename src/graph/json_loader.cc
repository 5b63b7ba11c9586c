// Streaming JSON loader for the graph interchange format.
//
// The top level ({"assets": [...], "relationships": [...]}) is scanned by
// hand: the scanner finds the boundaries of the elements of both arrays
// (tracking strings and bracket depth only) and hands runs of whole elements
// of about LoadOptions::batch_bytes to simdjson On-Demand, wrapped as
// "[" elements "]" in a reused padded buffer. Only one batch is ever parsed
// at a time, so memory stays bounded whatever the size of the document.
#include "vigil/json_loader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <new>
#include <thread>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "simdjson.h"
#include "vigil/graph_builder.h"
#include "src/base/strings.h"
#include "src/graph/collections_json.h"
#include "src/graph/snapshot_internal.h"
#include "vigil/snapshot.h"

namespace vigil {
namespace {

// (vigil::StrCat / StrAppend from src/base/strings.h)


namespace od = simdjson::ondemand;

// simdjson reports a failed allocation as an error code; it is not bad
// JSON, so it goes on as the std::bad_alloc any other allocation throws.
void ThrowIfOutOfMemory(simdjson::error_code e) {
  if (e == simdjson::MEMALLOC) throw std::bad_alloc();
}


constexpr size_t kMaxScanDepth = 512;
constexpr size_t kPrefetchAhead = 8;

// Equality with a string literal; the constant-length memcmp is inlined.
template <size_t N>
inline bool Is(std::string_view s, const char (&lit)[N]) {
  return s.size() == N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  }
  out += '"';
  return out;
}

const char* JsonTypeName(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "array";
    case od::json_type::object: return "object";
    case od::json_type::number: return "number";
    case od::json_type::string: return "String";
    case od::json_type::boolean: return "Boolean";
    case od::json_type::null: return "null";
  }
  return "?";
}

std::string DeclaredType(const PropertyDef& d) {
  std::string base = d.type_name.empty() ? ScalarKindName(d.kind) : d.type_name;
  if (d.is_list) {
    base = StrCat("[", base, d.element_non_null ? "!" : "", "]");
  }
  if (d.non_null) base += "!";
  return base;
}

// A failure inside the loader: message plus the byte offset it refers to.
struct Failure {
  std::string message;
  size_t offset = 0;
  bool syntax = false;
};

// Where the properties of the value being read go.
struct Sink {
  bool is_edge = false;
  NodeId node = 0;
  EdgeRef edge;
};

// A padded buffer holding one batch and the parser for it.
struct BatchParser {
  od::parser parser;
  std::unique_ptr<char[]> buf;
  size_t cap = 0;
  size_t begin = 0;  // doc offset of buf[1]
  od::document doc;
};

class Loader {
 public:
  Loader(std::string_view doc, std::shared_ptr<const Schema> schema,
         const LoadOptions& options,
         std::function<void(size_t)> release)
      : doc_(doc),
        schema_(schema),
        options_(options),
        builder_(std::move(schema),
                 GraphBuilderOptions{options.drop_unknown_properties}),
        release_(std::move(release)) {}

  absl::StatusOr<std::shared_ptr<const Graph>> Run();

 private:
  using Status = std::optional<Failure>;  // nullopt = ok

  // ---- scanning ----
  void SkipWs(size_t& pos) const {
    while (pos < doc_.size()) {
      const char c = doc_[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
      ++pos;
    }
  }
  Failure SyntaxError(size_t offset, std::string what) const {
    return Failure{std::move(what), offset, true};
  }
  // pos at '"'; returns the offset after the closing quote.
  Status SkipString(size_t& pos) const;
  Status SkipValue(size_t& pos) const;
  // Element boundaries of one batch of an array (see ScanBatch).
  struct ScannedBatch {
    size_t begin = 0;  // offset of the first element
    size_t after = 0;  // offset after the ',' or ']' following the last one
    bool last = false;  // the array ends after this batch
    std::vector<size_t> starts, ends;
  };
  Status ScanBatch(size_t& pos, ScannedBatch* b) const;
  Status ReadKey(size_t& pos, std::string* key);

  template <typename Handler>
  Status ForEachElement(BatchParser& bp, size_t& pos, Handler&& handler);
  template <typename Handler>
  Status ParseBatch(BatchParser& bp, size_t begin, size_t end,
                    const std::vector<size_t>& starts,
                    const std::vector<size_t>& ends, size_t first_index,
                    Handler& handler);

  // ---- elements ----
  Status Asset(od::value v, size_t index, size_t offset);
  Status Relationship(od::value v, size_t index, size_t offset);
  Status InlineField(NodeId holder, std::string_view holder_id, int rel_index,
                     std::string_view field, od::value v, int depth,
                     size_t offset);
  Status InlineAsset(NodeId holder, std::string_view holder_id,
                     const RelationshipDef& rd, od::value v, int depth,
                     size_t offset);
  // Second pass over an asset object's fields: properties and inline
  // relationship fields.
  Status AssetBody(NodeId node, std::string_view id, od::object obj,
                   int depth, size_t offset);
  Status AssetField(NodeId node, std::string_view id, std::string_view key,
                    od::value v, int depth, size_t offset);
  Status Properties(const Sink& sink, od::value v, size_t offset);
  Status Property(const Sink& sink, int prop, const PropertyDef& def,
                  od::value v, size_t offset);
  Status PropertyList(const Sink& sink, int prop, const PropertyDef& def,
                      od::value v, size_t offset);

  // ---- id-only inline objects ----
  absl::StatusOr<bool> DefinedElsewhere(std::string_view id);
  Status CollectDefinitions(od::value v, bool top, int depth, size_t offset);

  // The optional top-level "collections" array (src/graph/collections_json.h).
  Status ReadCollections(size_t key_pos, size_t& pos);
  bool seen_collections_ = false;

  Failure Json(simdjson::error_code e, size_t fallback_offset);
  void PrefetchIds(size_t begin, size_t end) const;
  Failure Error(std::string message, size_t offset) const {
    return Failure{StrCat(Path(), ": ", message), offset, false};
  }
  Failure FromStatus(const absl::Status& s, size_t offset) const {
    return Error(std::string(s.message()), offset);
  }
  std::string Path() const;
  absl::Status ToStatus(const Failure& f) const;
  Status Fail(Failure f) { return f; }

  std::string_view doc_;
  std::shared_ptr<const Schema> schema_;
  const LoadOptions& options_;
  GraphBuilder builder_;
  std::function<void(size_t)> release_;

  BatchParser main_;
  BatchParser* current_ = nullptr;  // whose document errors refer to
  size_t assets_pos_ = std::string_view::npos;  // '[' of "assets"
  // Path of the element being read: "assets"/"relationships", index, then
  // inline field names and indexes.
  const char* array_name_ = "assets";
  size_t element_index_ = 0;
  std::vector<std::pair<std::string, size_t>> inline_path_;
  size_t rel_base_ = 0;
  bool in_relationships_ = false;
  // Ids of assets defined in the document (computed when first needed).
  std::optional<absl::flat_hash_set<std::string>> defined_;
  bool collecting_ = false;  // reading definitions ahead
  bool scanning_ahead_ = false;  // a top-level array is being pipelined
  // Per type: property name -> index.
  std::vector<absl::flat_hash_map<std::string, int>> prop_index_;
  std::vector<std::vector<int>> prop_seq_;  // per type: index by position
  std::string last_type_name_;
  TypeId last_type_ = kNoType;
};

// ---- scanning --------------------------------------------------------------

Loader::Status Loader::SkipString(size_t& pos) const {
  const size_t start = pos;
  const char* d = doc_.data();
  const size_t n = doc_.size();
  size_t p = pos + 1;
  while (true) {
#if defined(__SSE2__)
    // 16 bytes at a time while they are in the document, then bytewise.
    while (p + 16 <= n) {
      const __m128i chunk =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + p));
      const int mask = _mm_movemask_epi8(
          _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('"')),
                       _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\\'))));
      if (mask != 0) {
        p += static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        break;
      }
      p += 16;
    }
#endif
    while (p < n && d[p] != '"' && d[p] != '\\') ++p;
    if (p >= n) return SyntaxError(start, "unterminated string");
    if (d[p] == '"') {
      pos = p + 1;
      return std::nullopt;
    }
    p += 2;  // a backslash and the character it escapes
  }
}

Loader::Status Loader::SkipValue(size_t& pos) const {
  SkipWs(pos);
  if (pos >= doc_.size()) {
    return SyntaxError(pos, "unexpected end of document, expected a value");
  }
  const char c = doc_[pos];
  if (c == '"') return SkipString(pos);
  if (c == '{' || c == '[') {
    const size_t start = pos;
    size_t depth = 0;
    while (pos < doc_.size()) {
      const char d = doc_[pos];
      if (d == '"') {
        if (Status s = SkipString(pos)) return s;
        continue;
      }
      if (d == '{' || d == '[') {
        if (++depth > kMaxScanDepth) {
          return SyntaxError(pos, StrCat("nesting deeper than ",
                                               kMaxScanDepth, " levels"));
        }
      } else if (d == '}' || d == ']') {
        if (--depth == 0) {
          ++pos;
          return std::nullopt;
        }
      }
      ++pos;
    }
    return SyntaxError(start, c == '{' ? "unterminated object"
                                       : "unterminated array");
  }
  // A scalar: up to the next delimiter.
  const size_t start = pos;
  while (pos < doc_.size()) {
    const char d = doc_[pos];
    if (d == ',' || d == ']' || d == '}' || d == ':' || d == ' ' ||
        d == '\n' || d == '\r' || d == '\t' || d == '"' || d == '{' ||
        d == '[') {
      break;
    }
    ++pos;
  }
  if (pos == start) {
    return SyntaxError(start, StrCat("unexpected '",
                                           std::string(1, c),
                                           "', expected a value"));
  }
  return std::nullopt;
}

Loader::Status Loader::ReadKey(size_t& pos, std::string* key) {
  SkipWs(pos);
  if (pos >= doc_.size() || doc_[pos] != '"') {
    return SyntaxError(pos, "expected a string key");
  }
  const size_t start = pos;
  if (Status s = SkipString(pos)) return s;
  std::string_view raw = doc_.substr(start + 1, pos - start - 2);
  if (raw.find('\\') == std::string_view::npos) {
    key->assign(raw);
  } else {
    simdjson::padded_string lit(doc_.substr(start, pos - start));
    od::parser p;
    od::document d;
    std::string_view v;
    if (p.iterate(lit).get(d) || d.get_string().get(v)) {
      return SyntaxError(start, "invalid string key");
    }
    key->assign(v);
  }
  SkipWs(pos);
  if (pos >= doc_.size() || doc_[pos] != ':') {
    return SyntaxError(pos, "expected ':' after a key");
  }
  ++pos;
  SkipWs(pos);
  return std::nullopt;
}

// Scans whole elements of an array from pos (just after '[' or ',') until
// about batch_bytes are gathered or the array ends; their [start, end)
// offsets go to *b. Only reads doc_, so it may run on another thread.
Loader::Status Loader::ScanBatch(size_t& pos, ScannedBatch* b) const {
  b->starts.clear();
  b->ends.clear();
  b->last = false;
  while (true) {
    SkipWs(pos);
    const size_t start = pos;
    if (pos < doc_.size() && doc_[pos] == ']') {
      return SyntaxError(pos, "expected a value after ','");
    }
    if (Status s = SkipValue(pos)) return s;
    if (b->starts.empty()) b->begin = start;
    b->starts.push_back(start);
    b->ends.push_back(pos);
    SkipWs(pos);
    if (pos >= doc_.size()) {
      return SyntaxError(pos, "unexpected end of document in an array");
    }
    const char c = doc_[pos];
    if (c != ',' && c != ']') {
      return SyntaxError(pos, StrCat("unexpected '", std::string(1, c),
                                     "', expected ',' or ']'"));
    }
    b->last = c == ']';
    ++pos;
    b->after = pos;
    if (b->last || pos - b->begin >= options_.batch_bytes) return std::nullopt;
  }
}

// pos at '['; on return after ']'. Calls handler(value, index, offset).
// A large top-level array is read by two threads: one finds the element
// boundaries of the next batches while this one parses and loads the
// current batch (handlers always run here, in document order).
template <typename Handler>
Loader::Status Loader::ForEachElement(BatchParser& bp, size_t& pos,
                                      Handler&& handler) {
  ++pos;  // '['
  SkipWs(pos);
  if (pos < doc_.size() && doc_[pos] == ']') {
    ++pos;
    return std::nullopt;
  }
  size_t index = 0;
  auto consume = [&](const ScannedBatch& b) -> Status {
    if (Status s = ParseBatch(bp, b.begin, b.ends.back(), b.starts, b.ends,
                              index, handler)) {
      return s;
    }
    index += b.starts.size();
    if (!collecting_) {
      if (release_) release_(b.after);
      if (options_.progress) options_.progress(b.after, doc_.size());
    }
    return std::nullopt;
  };
  const bool pipelined =
      !scanning_ahead_ && doc_.size() - pos > 4 * options_.batch_bytes;
  if (!pipelined) {
    ScannedBatch b;
    while (true) {
      if (Status s = ScanBatch(pos, &b)) return s;
      if (Status s = consume(b)) return s;
      if (b.last) {
        pos = b.after;
        return std::nullopt;
      }
    }
  }
  // Producer: scans batches into a small queue; a syntax error ends it.
  struct Item {
    ScannedBatch batch;
    Status error;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Item> queue;
  bool stop = false, done = false;
  constexpr size_t kAhead = 4;
  scanning_ahead_ = true;
  std::thread producer([&, start = pos]() mutable {
    size_t p = start;
    while (true) {
      Item item;
      item.error = ScanBatch(p, &item.batch);
      const bool end = item.error.has_value() || item.batch.last;
      std::unique_lock<std::mutex> l(mu);
      cv.wait(l, [&] { return stop || queue.size() < kAhead; });
      if (stop) return;
      queue.push_back(std::move(item));
      cv.notify_all();
      if (end) {
        done = true;
        return;
      }
    }
  });
  Status result;
  while (true) {
    Item item;
    {
      std::unique_lock<std::mutex> l(mu);
      cv.wait(l, [&] { return !queue.empty(); });
      item = std::move(queue.front());
      queue.pop_front();
      cv.notify_all();
    }
    if (item.error) {
      result = std::move(item.error);
      break;
    }
    if (Status s = consume(item.batch)) {
      result = std::move(s);
      break;
    }
    if (item.batch.last) {
      pos = item.batch.after;
      break;
    }
  }
  {
    std::lock_guard<std::mutex> l(mu);
    stop = true;
  }
  cv.notify_all();
  producer.join();
  scanning_ahead_ = false;
  (void)done;
  return result;
}

template <typename Handler>
Loader::Status Loader::ParseBatch(BatchParser& bp, size_t begin, size_t end,
                                  const std::vector<size_t>& starts,
                                  const std::vector<size_t>& ends,
                                  size_t first_index, Handler& handler) {
  const size_t len = end - begin + 2;
  if (bp.cap < len + simdjson::SIMDJSON_PADDING) {
    bp.cap = std::max(len + simdjson::SIMDJSON_PADDING, bp.cap * 3 / 2);
    bp.buf.reset(new char[bp.cap]);
  }
  bp.buf[0] = '[';
  std::memcpy(bp.buf.get() + 1, doc_.data() + begin, end - begin);
  bp.buf[len - 1] = ']';
  std::memset(bp.buf.get() + len, 0, simdjson::SIMDJSON_PADDING);
  bp.begin = begin;
  // Room for every string to be unescaped twice (two-pass objects).
  if (bp.parser.capacity() < 2 * len) {
    if (auto e = bp.parser.allocate(2 * len)) return Json(e, begin);
  }
  BatchParser* saved = current_;
  current_ = &bp;
  od::array arr;
  auto e = bp.parser
               .iterate(simdjson::padded_string_view(bp.buf.get(), len,
                                                     bp.cap))
               .get(bp.doc);
  if (!e) e = bp.doc.get_array().get(arr);
  if (e) {
    ThrowIfOutOfMemory(e);
    // Stage-1 errors carry no position: find the element at fault.
    for (size_t i = 0; i < starts.size(); ++i) {
      simdjson::padded_string one(doc_.substr(starts[i], ends[i] - starts[i]));
      od::parser p;
      od::document d;
      auto e1 = p.iterate(one).get(d);
      ThrowIfOutOfMemory(e1);
      if (e1) {
        current_ = saved;
        return SyntaxError(starts[i], simdjson::error_message(e1));
      }
    }
    Failure f = SyntaxError(begin, simdjson::error_message(e));
    current_ = saved;
    return f;
  }
  size_t i = 0;
  for (auto r : arr) {
    od::value v;
    if (auto e2 = r.get(v)) {
      Failure f = Json(e2, i < starts.size() ? starts[i] : begin);
      current_ = saved;
      return f;
    }
    if (i >= starts.size()) {
      current_ = saved;
      return SyntaxError(begin, "malformed array");
    }
    if (!collecting_ && i + kPrefetchAhead < starts.size()) {
      PrefetchIds(starts[i + kPrefetchAhead], ends[i + kPrefetchAhead]);
    }
    if (Status s = handler(v, first_index + i, starts[i])) {
      current_ = saved;
      return s;
    }
    ++i;
  }
  current_ = saved;
  return std::nullopt;
}

// The ids an element will look up, read ahead from its raw text when it is
// written the usual way ({"id":"..." / {"from":"...","type":...,"to":"..."}),
// so that their index slots are in cache by the time the element is read.
void Loader::PrefetchIds(size_t begin, size_t end) const {
  std::string_view e = doc_.substr(begin, std::min<size_t>(end - begin, 512));
  auto prefetch_after = [&](std::string_view key, size_t from) -> size_t {
    const size_t k = e.find(key, from);
    if (k == std::string_view::npos) return k;
    const size_t s = k + key.size();
    const size_t q = e.find('"', s);
    if (q == std::string_view::npos) return q;
    std::string_view id = e.substr(s, q - s);
    if (id.find('\\') == std::string_view::npos) builder_.PrefetchId(id);
    return q;
  };
  if (!in_relationships_) {
    if (e.substr(0, 7) == "{\"id\":\"") prefetch_after("{\"id\":\"", 0);
  } else if (e.substr(0, 9) == "{\"from\":\"") {
    const size_t q = prefetch_after("{\"from\":\"", 0);
    if (q != std::string_view::npos) prefetch_after("\"to\":\"", q);
  }
}

Failure Loader::Json(simdjson::error_code e, size_t fallback) {
  ThrowIfOutOfMemory(e);
  size_t offset = fallback;
  if (current_ != nullptr) {
    const char* p = nullptr;
    if (!current_->doc.current_location().get(p) && p != nullptr &&
        p > current_->buf.get() &&
        p < current_->buf.get() + current_->cap) {
      const size_t k = static_cast<size_t>(p - current_->buf.get()) - 1;
      offset = std::min(current_->begin + k, doc_.size());
    }
  }
  return SyntaxError(offset, simdjson::error_message(e));
}

std::string Loader::Path() const {
  std::string p = StrCat(array_name_, "[", element_index_, "]");
  for (const auto& [field, index] : inline_path_) {
    StrAppend(&p, ".", field);
    if (index != static_cast<size_t>(-1)) StrAppend(&p, "[", index, "]");
  }
  return p;
}

absl::Status Loader::ToStatus(const Failure& f) const {
  const size_t offset = std::min(f.offset, doc_.size());
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (doc_[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  const size_t column = offset - line_start + 1;
  std::string where = options_.file_name.empty()
                          ? StrCat("line ", line, ", column ", column)
                          : StrCat(options_.file_name, ":", line, ":",
                                         column);
  std::string msg =
      f.syntax ? StrCat(where, " (byte ", offset,
                              "): JSON syntax error: ", f.message)
               : StrCat(where, ": ", f.message);
  if (options_.diagnostics != nullptr) {
    Diagnostic d;
    d.code = f.syntax ? "graph.syntax" : "graph.invalid";
    d.message = f.message;
    d.file = options_.file_name;
    d.location.offset = static_cast<uint32_t>(std::min<size_t>(offset, UINT32_MAX));
    d.location.line = static_cast<uint32_t>(line);
    d.location.column = static_cast<uint32_t>(column);
    size_t line_end = doc_.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = doc_.size();
    d.source_line = std::string(
        doc_.substr(line_start, std::min<size_t>(line_end - line_start, 200)));
    options_.diagnostics->push_back(std::move(d));
  }
  return absl::InvalidArgumentError(msg);
}

// ---- top level -------------------------------------------------------------

absl::StatusOr<std::shared_ptr<const Graph>> Loader::Run() {
  prop_index_.resize(schema_->types().size());
  prop_seq_.resize(schema_->types().size());
  size_t pos = 0;
  // UTF-8 byte order mark.
  if (doc_.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  SkipWs(pos);
  if (pos >= doc_.size() || doc_[pos] != '{') {
    return ToStatus(SyntaxError(pos, "expected '{' at the start of a graph"));
  }
  ++pos;
  bool seen_assets = false, seen_rels = false;
  size_t deferred_rels = std::string_view::npos;
  auto run_relationships = [&](size_t& p) -> Status {
    in_relationships_ = true;
    array_name_ = "relationships";
    rel_base_ = builder_.num_edges();
    return ForEachElement(main_, p, [&](od::value v, size_t i, size_t off) {
      element_index_ = i;
      return Relationship(v, i, off);
    });
  };
  SkipWs(pos);
  if (pos < doc_.size() && doc_[pos] == '}') {
    ++pos;
  } else {
    while (true) {
      std::string key;
      const size_t key_pos = pos;
      if (Status s = ReadKey(pos, &key)) return ToStatus(*s);
      if (Is(key, "assets") || Is(key, "relationships")) {
        bool& seen = Is(key, "assets") ? seen_assets : seen_rels;
        if (seen) {
          return ToStatus(SyntaxError(key_pos, StrCat("duplicate key \"",
                                                            key, "\"")));
        }
        seen = true;
        if (pos >= doc_.size() || doc_[pos] != '[') {
          return ToStatus(SyntaxError(
              pos, StrCat("\"", key, "\" must be an array")));
        }
        if (Is(key, "assets")) {
          assets_pos_ = pos;
          array_name_ = "assets";
          const size_t assets_begin = pos;
          bool reserved = false;
          Status s = ForEachElement(
              main_, pos, [&](od::value v, size_t i, size_t off) {
                element_index_ = i;
                // After ~one batch, room for the assets the rest of the
                // document will likely hold (saves rehashing the id index).
                if (!reserved && off - assets_begin >= options_.batch_bytes &&
                    i > 0) {
                  reserved = true;
                  const double per_byte =
                      static_cast<double>(i) / (off - assets_begin);
                  builder_.ReserveAssets(static_cast<size_t>(
                      0.8 * per_byte * (doc_.size() - assets_begin)));
                }
                return Asset(v, i, off);
              });
          if (s) return ToStatus(*s);
        } else if (seen_assets) {
          if (Status s = run_relationships(pos)) return ToStatus(*s);
        } else {
          // Edges come after every asset's inline edges: read them later.
          deferred_rels = pos;
          if (Status s = SkipValue(pos)) return ToStatus(*s);
        }
      } else if (Is(key, "collections")) {
        if (Status s = ReadCollections(key_pos, pos)) return ToStatus(*s);
      } else {
        return ToStatus(SyntaxError(
            key_pos, StrCat("unknown top-level key ", Quote(key),
                                  " (expected \"assets\", \"relationships\" and "
                                  "\"collections\")")));
      }
      SkipWs(pos);
      if (pos < doc_.size() && doc_[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < doc_.size() && doc_[pos] == '}') {
        ++pos;
        break;
      }
      return ToStatus(SyntaxError(pos, "expected ',' or '}'"));
    }
  }
  SkipWs(pos);
  if (pos != doc_.size()) {
    return ToStatus(SyntaxError(pos, "unexpected text after the graph"));
  }
  if (deferred_rels != std::string_view::npos) {
    size_t p = deferred_rels;
    if (Status s = run_relationships(p)) return ToStatus(*s);
  }
  if (options_.progress) options_.progress(doc_.size(), doc_.size());
  const size_t rel_base = rel_base_;
  const size_t inline_edges = in_relationships_ ? rel_base : builder_.num_edges();
  builder_.set_edge_namer([rel_base, inline_edges](size_t seq) {
    if (seq >= inline_edges) {
      return StrCat("relationships[", seq - rel_base, "]");
    }
    return StrCat("inline relationship #", seq);
  });
  const size_t assets = builder_.num_assets();
  const size_t edges = builder_.num_edges();
  const size_t dropped = builder_.dropped_properties();
  absl::StatusOr<std::shared_ptr<const Graph>> g = std::move(builder_).Finish();
  if (!g.ok()) {
    if (options_.diagnostics != nullptr) {
      Diagnostic d;
      d.code = "graph.invalid";
      d.message = std::string(g.status().message());
      d.file = options_.file_name;
      options_.diagnostics->push_back(std::move(d));
    }
    if (options_.file_name.empty()) return g.status();
    return absl::InvalidArgumentError(
        StrCat(options_.file_name, ": ", g.status().message()));
  }
  if (options_.stats != nullptr) {
    options_.stats->bytes = doc_.size();
    options_.stats->assets = assets;
    options_.stats->relationships = edges;
    options_.stats->dropped_properties = dropped;
  }
  return g;
}

Loader::Status Loader::ReadCollections(size_t key_pos, size_t& pos) {
  if (seen_collections_) return SyntaxError(key_pos, "duplicate key \"collections\"");
  seen_collections_ = true;
  const size_t begin = pos;
  if (Status s = SkipValue(pos)) return s;
  std::vector<Collection> facts;
  collections_json::ParseError e;
  if (!collections_json::Parse(doc_.substr(begin, pos - begin), &facts, &e)) {
    return Failure{e.message, begin + e.offset, e.syntax};
  }
  for (Collection& c : facts) builder_.AddCollection(std::move(c));
  return std::nullopt;
}

// ---- assets ----------------------------------------------------------------

// Reads a string value for a reserved key ("id", "type", "from", ...).
#define VIGIL_READ_STRING(value, out, what)                                  \
  do {                                                                       \
    od::json_type jt_;                                                       \
    if (auto e_ = (value).type().get(jt_)) return Json(e_, offset);          \
    if (jt_ != od::json_type::string) {                                      \
      return Error(StrCat("\"", what, "\" must be a string, got ",     \
                                JsonTypeName(jt_)),                          \
                   offset);                                                  \
    }                                                                        \
    if (auto e_ = (value).get_string().get(out)) return Json(e_, offset);    \
  } while (0)

Loader::Status Loader::Asset(od::value v, size_t index, size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return Json(e, offset);
  if (jt != od::json_type::object) {
    return Error(StrCat("an asset must be an object, got ",
                              JsonTypeName(jt)),
                 offset);
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) return Json(e, offset);
  std::string_view id, type_name;
  bool have_id = false, have_type = false, created = false, deferred = false;
  NodeId node = 0;
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return Json(e, offset);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return Json(e, offset);
    if (Is(key, "id") || Is(key, "type")) {
      bool& have = Is(key, "id") ? have_id : have_type;
      if (have) return Error(StrCat("duplicate key \"", key, "\""), offset);
      have = true;
      std::string_view& out = Is(key, "id") ? id : type_name;
      VIGIL_READ_STRING(field.value(), out, key);
      if (have_id && have_type) {
        TypeId t;
        if (type_name == last_type_name_ && last_type_ != kNoType) {
          t = last_type_;
        } else {
          t = schema_->FindType(type_name);
          if (t == kNoType) {
            return Error(StrCat("asset ", Quote(id), ": unknown type ",
                                      Quote(type_name)),
                         offset);
          }
          last_type_name_.assign(type_name);
          last_type_ = t;
        }
        absl::StatusOr<NodeId> n = builder_.AddAsset(id, t);
        if (!n.ok()) return FromStatus(n.status(), offset);
        node = *n;
        created = true;
      }
      continue;
    }
    if (!created || deferred) {
      deferred = true;  // read again once the asset exists
      continue;
    }
    if (Status s = AssetField(node, id, key, field.value(), 0, offset)) {
      return s;
    }
  }
  if (!have_id) return Error("an asset needs an \"id\"", offset);
  if (!have_type) {
    return Error(StrCat("asset ", Quote(id), " needs a \"type\""),
                 offset);
  }
  if (deferred) {
    if (auto e = obj.reset().error()) return Json(e, offset);
    return AssetBody(node, id, obj, 0, offset);
  }
  return std::nullopt;
}

Loader::Status Loader::AssetBody(NodeId node, std::string_view id,
                                 od::object obj, int depth, size_t offset) {
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return Json(e, offset);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return Json(e, offset);
    if (Is(key, "id") || Is(key, "type")) continue;
    if (Status s = AssetField(node, id, key, field.value(), depth, offset)) {
      return s;
    }
  }
  return std::nullopt;
}

Loader::Status Loader::AssetField(NodeId node, std::string_view id,
                                  std::string_view key, od::value v,
                                  int depth, size_t offset) {
  if (Is(key, "properties")) {
    Sink sink;
    sink.node = node;
    return Properties(sink, v, offset);
  }
  const TypeDef& def = schema_->type(builder_.asset_type(node));
  const int rel = def.FindRelationship(key);
  if (rel < 0) {
    std::string hint;
    if (def.FindProperty(key) >= 0) hint = " (properties go in \"properties\")";
    return Error(StrCat("asset ", Quote(id), ": ", def.name,
                              " has no relationship field ", Quote(key), hint),
                 offset);
  }
  return InlineField(node, id, rel, key, v, depth, offset);
}

Loader::Status Loader::InlineField(NodeId holder, std::string_view holder_id,
                                   int rel_index, std::string_view field,
                                   od::value v, int depth, size_t offset) {
  const RelationshipDef& rd =
      schema_->type(builder_.asset_type(holder)).relationships[rel_index];
  od::json_type jt;
  if (auto e = v.type().get(jt)) return Json(e, offset);
  if (jt == od::json_type::null) {
    if (auto e = v.is_null().error()) return Json(e, offset);
    return std::nullopt;
  }
  if (depth + 1 > options_.max_inline_depth) {
    return Error(StrCat("inline assets nested deeper than ",
                              options_.max_inline_depth, " levels"),
                 offset);
  }
  if (jt == od::json_type::object) {
    inline_path_.emplace_back(std::string(field), static_cast<size_t>(-1));
    Status s = InlineAsset(holder, holder_id, rd, v, depth + 1, offset);
    if (s) return s;
    inline_path_.pop_back();
    return std::nullopt;
  }
  if (jt != od::json_type::array) {
    return Error(StrCat("asset ", Quote(holder_id), ": relationship "
                              "field ", Quote(field), " must be an object or "
                              "an array of objects, got ", JsonTypeName(jt)),
                 offset);
  }
  od::array arr;
  if (auto e = v.get_array().get(arr)) return Json(e, offset);
  inline_path_.emplace_back(std::string(field), 0);
  for (auto r : arr) {
    od::value ev;
    if (auto e = r.get(ev)) return Json(e, offset);
    od::json_type et;
    if (auto e = ev.type().get(et)) return Json(e, offset);
    if (et != od::json_type::object) {
      return Error(StrCat("an inline asset must be an object, got ",
                                JsonTypeName(et)),
                   offset);
    }
    if (Status s = InlineAsset(holder, holder_id, rd, ev, depth + 1, offset)) {
      return s;
    }
    ++inline_path_.back().second;
  }
  inline_path_.pop_back();
  return std::nullopt;
}

Loader::Status Loader::InlineAsset(NodeId holder, std::string_view holder_id,
                                   const RelationshipDef& rd, od::value v,
                                   int depth, size_t offset) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) return Json(e, offset);
  // Pass 1: id, type and how many fields.
  std::string_view id, type_name;
  bool have_id = false, have_type = false;
  size_t fields = 0;
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return Json(e, offset);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return Json(e, offset);
    ++fields;
    if (Is(key, "id") || Is(key, "type")) {
      bool& have = Is(key, "id") ? have_id : have_type;
      if (have) return Error(StrCat("duplicate key \"", key, "\""), offset);
      have = true;
      std::string_view& out = Is(key, "id") ? id : type_name;
      VIGIL_READ_STRING(field.value(), out, key);
    }
  }
  if (!have_id) return Error("an inline asset needs an \"id\"", offset);
  const std::string& rel_type = schema_->relationship_types()[rd.rel_type_index];
  auto add_edge = [&]() -> Status {
    absl::StatusOr<EdgeRef> e =
        rd.direction == Direction::kOut
            ? builder_.AddEdge(holder_id, rel_type, id)
            : builder_.AddEdge(id, rel_type, holder_id);
    if (!e.ok()) return FromStatus(e.status(), offset);
    return std::nullopt;
  };
  if (fields == 1) {
    // Only an id: a reference when the asset is defined anywhere else.
    bool reference = builder_.FindAsset(id).has_value();
    if (!reference) {
      absl::StatusOr<bool> d = DefinedElsewhere(id);
      if (!d.ok()) return Error(std::string(d.status().message()), offset);
      reference = *d;
    }
    if (reference) return add_edge();
  }
  // A new asset of the field's type (or of the type it names).
  TypeId t = rd.target;
  if (have_type) {
    t = schema_->FindType(type_name);
    if (t == kNoType) {
      return Error(StrCat("asset ", Quote(id), ": unknown type ",
                                Quote(type_name)),
                   offset);
    }
    if (!schema_->IsSubtype(t, rd.target)) {
      return Error(StrCat("asset ", Quote(id), " of type ", type_name,
                                " cannot be in field ", rd.field_name,
                                " of type ",
                                schema_->type(rd.target).name),
                   offset);
    }
  } else if (!schema_->type(rd.target).is_object()) {
    return Error(StrCat("asset ", Quote(id), " needs a \"type\": field ",
                              rd.field_name, " holds interface ",
                              schema_->type(rd.target).name),
                 offset);
  }
  absl::StatusOr<NodeId> n = builder_.AddAsset(id, t);
  if (!n.ok()) return FromStatus(n.status(), offset);
  if (Status s = add_edge()) return s;
  if (fields > (have_type ? 2u : 1u)) {
    if (auto e = obj.reset().error()) return Json(e, offset);
    return AssetBody(*n, id, obj, depth, offset);
  }
  return std::nullopt;
}

// ---- properties ------------------------------------------------------------

Loader::Status Loader::Properties(const Sink& sink, od::value v,
                                  size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return Json(e, offset);
  if (jt == od::json_type::null) {
    if (auto e = v.is_null().error()) return Json(e, offset);
    return std::nullopt;
  }
  if (jt != od::json_type::object) {
    return Error(StrCat("\"properties\" must be an object, got ",
                              JsonTypeName(jt)),
                 offset);
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) return Json(e, offset);
  TypeId t;
  if (sink.is_edge) {
    t = schema_->RelationshipPropertiesType(sink.edge.rel_type);
  } else {
    t = builder_.asset_type(sink.node);
  }
  size_t position = 0;
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return Json(e, offset);
    std::string_view name;
    if (auto e = field.unescaped_key().get(name)) return Json(e, offset);
    int prop = -1;
    // Objects of one type usually list their properties in the same order:
    // try the property seen at this position last time first.
    std::vector<int>* seq = t != kNoType ? &prop_seq_[t] : nullptr;
    if (seq != nullptr && position < seq->size()) {
      const int guess = (*seq)[position];
      if (guess >= 0 && schema_->type(t).properties[guess].name == name) {
        prop = guess;
      }
    }
    if (prop < 0 && t != kNoType) {
      auto& idx = prop_index_[t];
      if (idx.empty()) {
        const auto& props = schema_->type(t).properties;
        for (size_t i = 0; i < props.size(); ++i) {
          idx.emplace(props[i].name, static_cast<int>(i));
        }
      }
      auto it = idx.find(ToAbsl(name));
      if (it != idx.end() && name != "id") {
        prop = it->second;
        if (seq->size() <= position) seq->resize(position + 1, -1);
        (*seq)[position] = prop;
      }
    }
    ++position;
    if (prop < 0) {
      absl::StatusOr<int> p = sink.is_edge
                                  ? builder_.ResolveEdgeProperty(sink.edge, name)
                                  : builder_.ResolveProperty(sink.node, name);
      if (!p.ok()) return FromStatus(p.status(), offset);
      if (*p < 0) continue;  // dropped
      prop = *p;
    }
    const PropertyDef& def = schema_->type(t).properties[prop];
    Status s = def.is_list ? PropertyList(sink, prop, def, field.value(), offset)
                           : Property(sink, prop, def, field.value(), offset);
    if (s) return s;
  }
  return std::nullopt;
}

Loader::Status Loader::Property(const Sink& sink, int prop,
                                const PropertyDef& def, od::value v,
                                size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return Json(e, offset);
  absl::Status st;
  switch (jt) {
    case od::json_type::null:
      if (auto e = v.is_null().error()) return Json(e, offset);
      st = sink.is_edge ? builder_.SetEdgeNull(sink.edge, prop)
                        : builder_.SetNull(sink.node, prop);
      break;
    case od::json_type::boolean: {
      bool b;
      if (auto e = v.get_bool().get(b)) return Json(e, offset);
      st = sink.is_edge ? builder_.SetEdgeBool(sink.edge, prop, b)
                        : builder_.SetBool(sink.node, prop, b);
      break;
    }
    case od::json_type::number: {
      od::number_type nt;
      if (auto e = v.get_number_type().get(nt)) return Json(e, offset);
      if (def.kind == ScalarKind::kFloat) {
        double d;
        if (auto e = v.get_double().get(d)) return Json(e, offset);
        st = sink.is_edge ? builder_.SetEdgeFloat(sink.edge, prop, d)
                          : builder_.SetFloat(sink.node, prop, d);
      } else if (nt == od::number_type::signed_integer) {
        int64_t i;
        if (auto e = v.get_int64().get(i)) return Json(e, offset);
        st = sink.is_edge ? builder_.SetEdgeInt(sink.edge, prop, i)
                          : builder_.SetInt(sink.node, prop, i);
      } else if (nt == od::number_type::unsigned_integer &&
                 def.kind == ScalarKind::kInt) {
        return Error(StrCat("property ", Quote(def.name),
                                  ": integer out of the range of Int"),
                     offset);
      } else {
        double d;
        if (auto e = v.get_double().get(d)) return Json(e, offset);
        st = sink.is_edge ? builder_.SetEdgeFloat(sink.edge, prop, d)
                          : builder_.SetFloat(sink.node, prop, d);
      }
      break;
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return Json(e, offset);
      st = sink.is_edge ? builder_.SetEdgeString(sink.edge, prop, s)
                        : builder_.SetString(sink.node, prop, s);
      break;
    }
    default:
      return Error(StrCat("property ", Quote(def.name), " is ",
                                DeclaredType(def), ", got ", JsonTypeName(jt)),
                   offset);
  }
  if (!st.ok()) return FromStatus(st, offset);
  return std::nullopt;
}

Loader::Status Loader::PropertyList(const Sink& sink, int prop,
                                    const PropertyDef& def, od::value v,
                                    size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return Json(e, offset);
  if (jt == od::json_type::null) {
    if (auto e = v.is_null().error()) return Json(e, offset);
    absl::Status st = sink.is_edge ? builder_.SetEdgeNull(sink.edge, prop)
                                   : builder_.SetNull(sink.node, prop);
    if (!st.ok()) return FromStatus(st, offset);
    return std::nullopt;
  }
  if (jt != od::json_type::array) {
    return Error(StrCat("property ", Quote(def.name), " is ",
                              DeclaredType(def), ", got ", JsonTypeName(jt)),
                 offset);
  }
  od::array arr;
  if (auto e = v.get_array().get(arr)) return Json(e, offset);
  std::vector<std::optional<bool>> bools;
  std::vector<std::optional<int64_t>> ints;
  std::vector<std::optional<double>> floats;
  std::vector<std::optional<std::string_view>> strings;
  size_t i = 0;
  for (auto r : arr) {
    od::value ev;
    if (auto e = r.get(ev)) return Json(e, offset);
    od::json_type et;
    if (auto e = ev.type().get(et)) return Json(e, offset);
    bool null = et == od::json_type::null;
    if (null) {
      if (auto e = ev.is_null().error()) return Json(e, offset);
    }
    auto mismatch = [&]() {
      return Error(StrCat("property ", Quote(def.name), " is ",
                                DeclaredType(def), ", got ", JsonTypeName(et),
                                " at index ", i),
                   offset);
    };
    switch (def.kind) {
      case ScalarKind::kBoolean: {
        std::optional<bool> x;
        if (!null) {
          if (et != od::json_type::boolean) return mismatch();
          bool b;
          if (auto e = ev.get_bool().get(b)) return Json(e, offset);
          x = b;
        }
        bools.push_back(x);
        break;
      }
      case ScalarKind::kInt: {
        std::optional<int64_t> x;
        if (!null) {
          if (et != od::json_type::number) return mismatch();
          od::number_type nt;
          if (auto e = ev.get_number_type().get(nt)) return Json(e, offset);
          if (nt != od::number_type::signed_integer) {
            if (nt == od::number_type::unsigned_integer) {
              return Error(StrCat("property ", Quote(def.name),
                                        ": integer out of the range of Int "
                                        "at index ", i),
                           offset);
            }
            return Error(StrCat("property ", Quote(def.name), " is ",
                                      DeclaredType(def),
                                      ", got Float at index ", i),
                         offset);
          }
          int64_t n;
          if (auto e = ev.get_int64().get(n)) return Json(e, offset);
          x = n;
        }
        ints.push_back(x);
        break;
      }
      case ScalarKind::kFloat: {
        std::optional<double> x;
        if (!null) {
          if (et != od::json_type::number) return mismatch();
          double d;
          if (auto e = ev.get_double().get(d)) return Json(e, offset);
          x = d;
        }
        floats.push_back(x);
        break;
      }
      default: {
        std::optional<std::string_view> x;
        if (!null) {
          if (et != od::json_type::string) return mismatch();
          std::string_view s;
          if (auto e = ev.get_string().get(s)) return Json(e, offset);
          x = s;
        }
        strings.push_back(x);
        break;
      }
    }
    ++i;
  }
  absl::Status st;
  switch (def.kind) {
    case ScalarKind::kBoolean:
      st = sink.is_edge ? builder_.SetEdgeBoolList(sink.edge, prop, bools)
                        : builder_.SetBoolList(sink.node, prop, bools);
      break;
    case ScalarKind::kInt:
      st = sink.is_edge ? builder_.SetEdgeIntList(sink.edge, prop, ints)
                        : builder_.SetIntList(sink.node, prop, ints);
      break;
    case ScalarKind::kFloat:
      st = sink.is_edge ? builder_.SetEdgeFloatList(sink.edge, prop, floats)
                        : builder_.SetFloatList(sink.node, prop, floats);
      break;
    default:
      st = sink.is_edge ? builder_.SetEdgeStringList(sink.edge, prop, strings)
                        : builder_.SetStringList(sink.node, prop, strings);
      break;
  }
  if (!st.ok()) return FromStatus(st, offset);
  return std::nullopt;
}

// ---- relationships ---------------------------------------------------------

Loader::Status Loader::Relationship(od::value v, size_t index,
                                    size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return Json(e, offset);
  if (jt != od::json_type::object) {
    return Error(StrCat("a relationship must be an object, got ",
                              JsonTypeName(jt)),
                 offset);
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) return Json(e, offset);
  std::string_view from, type, to;
  bool have_from = false, have_type = false, have_to = false;
  bool added = false, deferred = false;
  EdgeRef edge;
  auto add = [&]() -> Status {
    absl::StatusOr<EdgeRef> e = builder_.AddEdge(from, type, to);
    if (!e.ok()) return FromStatus(e.status(), offset);
    edge = *e;
    added = true;
    return std::nullopt;
  };
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return Json(e, offset);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return Json(e, offset);
    if (Is(key, "from") || Is(key, "type") || Is(key, "to")) {
      bool& have = Is(key, "from") ? have_from : Is(key, "to") ? have_to : have_type;
      if (have) return Error(StrCat("duplicate key \"", key, "\""), offset);
      have = true;
      std::string_view& out = Is(key, "from") ? from : Is(key, "to") ? to : type;
      VIGIL_READ_STRING(field.value(), out, key);
    } else if (Is(key, "properties")) {
      if (have_from && have_type && have_to && !added) {
        if (Status s = add()) return s;
      }
      if (!added) {
        deferred = true;
        continue;
      }
      Sink sink;
      sink.is_edge = true;
      sink.edge = edge;
      if (Status s = Properties(sink, field.value(), offset)) return s;
    } else {
      return Error(StrCat("unknown key ", Quote(key),
                                " (a relationship has \"from\", \"type\", "
                                "\"to\" and \"properties\")"),
                   offset);
    }
  }
  if (!have_from || !have_type || !have_to) {
    return Error(StrCat("a relationship needs \"",
                              !have_from ? "from" : !have_type ? "type" : "to",
                              "\""),
                 offset);
  }
  if (!added) {
    if (Status s = add()) return s;
  }
  if (deferred) {
    if (auto e = obj.reset().error()) return Json(e, offset);
    for (auto fr : obj) {
      od::field field;
      if (auto e = std::move(fr).get(field)) return Json(e, offset);
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return Json(e, offset);
      if (key != "properties") continue;
      Sink sink;
      sink.is_edge = true;
      sink.edge = edge;
      if (Status s = Properties(sink, field.value(), offset)) return s;
    }
  }
  return std::nullopt;
}

// ---- id-only inline objects ------------------------------------------------

// Whether `id` is defined (as a top-level asset or an inline object with
// more than an id) anywhere in the document. The first call reads the
// "assets" array once more with a second parser.
absl::StatusOr<bool> Loader::DefinedElsewhere(std::string_view id) {
  if (!defined_) {
    defined_.emplace();
    BatchParser scan;
    size_t pos = assets_pos_;
    BatchParser* saved = current_;
    collecting_ = true;
    Status s = ForEachElement(scan, pos, [&](od::value v, size_t, size_t off) {
      return CollectDefinitions(v, true, 0, off);
    });
    collecting_ = false;
    current_ = saved;
    if (s) {
      return absl::InvalidArgumentError(StrCat(
          "while looking for asset definitions: ", s->message, " (byte ",
          s->offset, ")"));
    }
  }
  return defined_->contains(ToAbsl(id));
}

Loader::Status Loader::CollectDefinitions(od::value v, bool top, int depth,
                                          size_t offset) {
  od::json_type jt;
  if (auto e = v.type().get(jt)) return Json(e, offset);
  if (jt != od::json_type::object) return std::nullopt;
  if (depth > options_.max_inline_depth) return std::nullopt;
  od::object obj;
  if (auto e = v.get_object().get(obj)) return Json(e, offset);
  size_t fields = 0;
  std::optional<std::string_view> id;
  for (auto fr : obj) {
    od::field field;
    if (auto e = std::move(fr).get(field)) return Json(e, offset);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return Json(e, offset);
    ++fields;
    if (Is(key, "id")) {
      std::string_view s;
      if (!field.value().get_string().get(s)) id = s;
      continue;
    }
    if (Is(key, "type") || Is(key, "properties")) continue;
    od::json_type ft;
    if (auto e = field.value().type().get(ft)) return Json(e, offset);
    if (ft == od::json_type::object) {
      if (Status s = CollectDefinitions(field.value(), false, depth + 1,
                                        offset)) {
        return s;
      }
    } else if (ft == od::json_type::array) {
      od::array arr;
      if (auto e = field.value().get_array().get(arr)) return Json(e, offset);
      for (auto r : arr) {
        od::value ev;
        if (auto e = r.get(ev)) return Json(e, offset);
        if (Status s = CollectDefinitions(ev, false, depth + 1, offset)) {
          return s;
        }
      }
    }
  }
  if (id && (top || fields > 1)) defined_->emplace(std::string(*id));
  return std::nullopt;
}

}  // namespace

namespace {
absl::StatusOr<std::shared_ptr<const Graph>> LoadSnapshot(
    std::string_view bytes, std::shared_ptr<const Schema> schema,
    const LoadOptions& options) {
  if (options.progress) options.progress(0, bytes.size());
  auto g = snapshot_internal::Load(
      bytes, std::move(schema),
      options.file_name.empty() ? std::string_view("<snapshot>") : options.file_name,
      options.diagnostics);
  if (!g.ok()) return g;
  if (options.progress) options.progress(bytes.size(), bytes.size());
  if (options.stats != nullptr) {
    options.stats->bytes = bytes.size();
    options.stats->assets = (*g)->num_assets();
    options.stats->relationships = (*g)->num_edges();
  }
  return g;
}
}  // namespace

absl::StatusOr<std::shared_ptr<const Graph>> LoadGraphJson(
    std::string_view json, std::shared_ptr<const Schema> schema,
    const LoadOptions& options) {
  if (schema == nullptr) return absl::InvalidArgumentError("no schema");
  if (IsGraphSnapshot(json)) return LoadSnapshot(json, std::move(schema), options);
  Loader loader(json, std::move(schema), options, nullptr);
  return loader.Run();
}

absl::StatusOr<std::shared_ptr<const Graph>> LoadGraphJsonFile(
    const std::string& path, std::shared_ptr<const Schema> schema,
    const LoadOptions& options) {
  if (schema == nullptr) return absl::InvalidArgumentError("no schema");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(
        StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(
        StrCat(path, ": not a regular file"));
  }
  LoadOptions opts = options;
  if (opts.file_name.empty()) opts.file_name = path;
  const size_t size = static_cast<size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    Loader loader(std::string_view(), std::move(schema), opts, nullptr);
    return loader.Run();
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) {
    return absl::InternalError(
        StrCat("cannot map ", path, ": ", std::strerror(errno)));
  }
  ::madvise(map, size, MADV_SEQUENTIAL);
  const char* base = static_cast<const char*>(map);
  if (IsGraphSnapshot(std::string_view(base, size))) {
    // A binary snapshot (vigil/snapshot.h), recognised by its magic.
    ::madvise(map, size, MADV_WILLNEED);
    auto g = LoadSnapshot(std::string_view(base, size), std::move(schema), opts);
    ::munmap(map, size);
    return g;
  }
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t released = 0;
  // Pages already parsed are dropped from memory (they are re-read from the
  // file if an error message needs them).
  auto release = [&](size_t upto) {
    const size_t end = upto / page * page;
    if (end > released) {
      ::madvise(const_cast<char*>(base) + released, end - released,
                MADV_DONTNEED);
      released = end;
    }
  };
  absl::StatusOr<std::shared_ptr<const Graph>> g;
  {
    Loader loader(std::string_view(base, size), std::move(schema), opts,
                  release);
    g = loader.Run();
  }
  ::munmap(map, size);
  return g;
}

}  // namespace vigil

// The graph JSON loader's top level (see json_loader_impl.h for its
// parts): the document's top-level object, batches of array elements handed
// to simdjson On-Demand, error positions, and LoadGraphJson(File).
//
// The top level ({"assets": [...], "relationships": [...]}, and the
// optional "collections": [...] read by collections_json.h) is scanned by
// hand (json_scan.h), which finds the boundaries of the elements of both
// arrays and hands runs of whole elements of about LoadOptions::batch_bytes
// to simdjson On-Demand, wrapped as "[" elements "]" in a reused padded
// buffer. Only one batch is ever parsed at a time, so memory stays bounded
// whatever the size of the document.
#include "vigil/json_loader.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "simdjson.h"
#include "src/base/mapped_file.h"
#include "src/base/strings.h"
#include "src/graph/collections_json.h"
#include "src/graph/json_loader_impl.h"
#include "src/graph/json_prefetch.h"
#include "src/graph/json_scan.h"
#include "src/graph/snapshot_internal.h"
#include "vigil/graph_builder.h"
#include "vigil/snapshot.h"

namespace vigil {
namespace graph_json {

// Elements ahead of the one being loaded whose ids are prefetched.
constexpr size_t kPrefetchAhead = 8;

namespace {

// simdjson reports a failed allocation as an error code; it is not bad
// JSON, so it goes on as the std::bad_alloc any other allocation throws.
void ThrowIfOutOfMemory(simdjson::error_code e) {
  if (e == simdjson::MEMALLOC) throw std::bad_alloc();
}

}  // namespace

// pos at '['; on return after ']'. Calls handler(value, index, offset).
// A large top-level array is read by two threads: one finds the element
// boundaries of the next batches while this one parses and loads the
// current batch (handlers always run here, in document order).
template <typename Handler>
Status Loader::ForEachElement(BatchParser& bp, size_t& pos, Handler&& handler) {
  ++pos;  // '['
  scanner_.SkipWs(pos);
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
      if (Status s = scanner_.ScanBatch(pos, &b)) return s;
      if (Status s = consume(b)) return s;
      if (b.last) {
        pos = b.after;
        return std::nullopt;
      }
    }
  }
  // Another thread scans the next batches while this one loads.
  scanning_ahead_ = true;
  Status result;
  {
    BatchPrefetcher prefetcher(scanner_, pos);
    while (true) {
      BatchPrefetcher::Item item = prefetcher.Next();
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
  }
  scanning_ahead_ = false;
  return result;
}

template <typename Handler>
Status Loader::ParseBatch(BatchParser& bp, size_t begin, size_t end,
                          const std::vector<size_t>& starts,
                          const std::vector<size_t>& ends, size_t first_index,
                          Handler& handler) {
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
  auto e =
      bp.parser.iterate(simdjson::padded_string_view(bp.buf.get(), len, bp.cap))
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
        p > current_->buf.get() && p < current_->buf.get() + current_->cap) {
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
  // Line and column as every diagnostic counts them (columns in code
  // points), and a window of the line (a graph may be one long line).
  Diagnostic d;
  const std::string code =
      f.syntax ? "graph.syntax" : !f.code.empty() ? f.code : "graph.invalid";
  d.code = code;
  d.message = f.message;
  d.file = options_.file_name;
  d.location = LocateOffset(doc_, static_cast<uint32_t>(std::min<size_t>(offset, UINT32_MAX)));
  const size_t line = d.location.line, column = d.location.column;
  std::string where = options_.file_name.empty()
                          ? StrCat("line ", line, ", column ", column)
                          : StrCat(options_.file_name, ":", line, ":", column);
  std::string msg =
      f.syntax ? StrCat(where, " (byte ", offset, "): JSON syntax error: ", f.message)
               : StrCat(where, ": ", f.message);
  if (options_.diagnostics != nullptr) {
    SetSourceWindow(&d, doc_);
    options_.diagnostics->push_back(std::move(d));
  }
  return WithDiagnosticCode(absl::InvalidArgumentError(msg), code);
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
      return absl::InvalidArgumentError(
          StrCat("while looking for asset definitions: ", s->message, " (byte ",
                 s->offset, ")"));
    }
  }
  return defined_->contains(ToAbsl(id));
}

// ---- top level -------------------------------------------------------------

absl::StatusOr<std::shared_ptr<const Graph>> Loader::Run() {
  prop_index_.resize(schema_->types().size());
  prop_seq_.resize(schema_->types().size());
  size_t pos = 0;
  // UTF-8 byte order mark.
  if (doc_.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  scanner_.SkipWs(pos);
  if (pos >= doc_.size() || doc_[pos] != '{') {
    return ToStatus(SyntaxError(pos, "expected '{' at the start of a graph"));
  }
  ++pos;
  bool seen_assets = false, seen_rels = false;
  size_t deferred_rels = std::string_view::npos;
  size_t rels_pos = std::string_view::npos;  // '[' of "relationships"
  auto run_relationships = [&](size_t& p) -> Status {
    rels_pos = p;
    in_relationships_ = true;
    array_name_ = "relationships";
    rel_base_ = builder_.num_edges();
    return ForEachElement(main_, p, [&](od::value v, size_t i, size_t off) {
      element_index_ = i;
      return Relationship(v, i, off);
    });
  };
  scanner_.SkipWs(pos);
  if (pos < doc_.size() && doc_[pos] == '}') {
    ++pos;
  } else {
    while (true) {
      std::string key;
      scanner_.SkipWs(pos);
      const size_t key_pos = pos;  // errors about the key point at its quote
      if (Status s = scanner_.ReadKey(pos, &key)) return ToStatus(*s);
      if (Is(key, "assets") || Is(key, "relationships")) {
        bool& seen = Is(key, "assets") ? seen_assets : seen_rels;
        if (seen) {
          return ToStatus(
              SyntaxError(key_pos, StrCat("duplicate key \"", key, "\"")));
        }
        seen = true;
        if (pos >= doc_.size() || doc_[pos] != '[') {
          return ToStatus(
              SyntaxError(pos, StrCat("\"", key, "\" must be an array")));
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
          if (Status s = scanner_.SkipValue(pos)) return ToStatus(*s);
        }
      } else if (Is(key, "collections")) {
        if (Status s = ReadCollections(key_pos, pos)) return ToStatus(*s);
      } else {
        return ToStatus(SyntaxError(
            key_pos, StrCat("unknown top-level key ", Quote(key),
                            " (expected \"assets\", \"relationships\" and "
                            "\"collections\")")));
      }
      scanner_.SkipWs(pos);
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
  scanner_.SkipWs(pos);
  if (pos != doc_.size()) {
    return ToStatus(SyntaxError(pos, "unexpected text after the graph"));
  }
  if (!seen_assets) {
    // Most likely not a graph at all (another JSON file, a wrapper object):
    // loading it as an empty graph would let every check pass.
    return ToStatus(Failure{"the graph has no \"assets\" array (an empty inventory is "
                            "written {\"assets\": []})",
                            doc_.substr(0, 3) == "\xEF\xBB\xBF" ? size_t{3} : size_t{0}, false, ""});
  }
  if (deferred_rels != std::string_view::npos) {
    size_t p = deferred_rels;
    if (Status s = run_relationships(p)) return ToStatus(*s);
  }
  if (options_.progress) options_.progress(doc_.size(), doc_.size());
  const size_t rel_base = rel_base_;
  const size_t inline_edges =
      in_relationships_ ? rel_base : builder_.num_edges();
  builder_.set_edge_namer([rel_base, inline_edges](size_t seq) {
    if (seq >= inline_edges) {
      return StrCat("relationships[", seq - rel_base, "]");
    }
    return StrCat("inline relationship #", seq);
  });
  const size_t assets = builder_.num_assets();
  absl::StatusOr<std::shared_ptr<const Graph>> g = std::move(builder_).Finish();
  const size_t dropped = builder_.dropped_properties();
  if (!g.ok()) {
    const std::string code = DiagnosticCodeOf(g.status());
    // An error about relationships[i] (an end that names no asset...):
    // located at that element, found again by skipping i elements.
    const std::string m(g.status().message());
    size_t index = 0;
    if (rels_pos != std::string_view::npos && m.starts_with("relationships[")) {
      size_t k = 14;
      bool digits = false;
      while (k < m.size() && m[k] >= '0' && m[k] <= '9' && index < (size_t{1} << 40)) {
        index = index * 10 + static_cast<size_t>(m[k++] - '0');
        digits = true;
      }
      size_t p = rels_pos + 1;
      bool found = digits && k < m.size() && m[k] == ']';
      for (size_t i = 0; found && i <= index; ++i) {
        scanner_.SkipWs(p);
        if (i == index) break;
        if (scanner_.SkipValue(p)) found = false;
        scanner_.SkipWs(p);
        if (p < doc_.size() && doc_[p] == ',') {
          ++p;
        } else {
          found = false;
        }
      }
      if (found && p < doc_.size()) return ToStatus(Failure{std::string(m), p, false, code});
    }
    if (m.starts_with("asset \"")) {
      // An error about an asset (a non-null property missing): located at
      // its id, found again by its text.
      size_t close = 7;
      while (close < m.size() && m[close] != '"') close += m[close] == '\\' ? 2 : 1;
      if (close < m.size()) {
        const size_t p = FindIdValue(std::string_view(m).substr(6, close - 5));
        if (p != std::string_view::npos) return ToStatus(Failure{std::string(m), p, false, code});
      }
    }
    if (options_.diagnostics != nullptr) {
      Diagnostic d;
      d.code = code.empty() ? "graph.invalid" : code;
      d.message = std::string(g.status().message());
      d.file = options_.file_name;
      options_.diagnostics->push_back(std::move(d));
    }
    if (options_.file_name.empty()) return g.status();
    return WithDiagnosticCode(
        absl::InvalidArgumentError(StrCat(options_.file_name, ": ", g.status().message())),
        code);
  }
  if (options_.stats != nullptr) {
    options_.stats->bytes = doc_.size();
    options_.stats->assets = assets;
    // Edges in the graph (a dropped dangling edge is counted in `dropped`).
    options_.stats->relationships = (*g)->num_edges();
    options_.stats->dropped_properties = dropped;
    options_.stats->dropped = builder_.dropped();
  }
  return g;
}

size_t Loader::FindIdValue(std::string_view literal) const {
  // Each occurrence of the string literal that is the value of an "id" key.
  auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  for (size_t h = doc_.find(literal); h != std::string_view::npos;
       h = doc_.find(literal, h + 1)) {
    size_t k = h;
    while (k > 0 && is_ws(doc_[k - 1])) --k;
    if (k == 0 || doc_[k - 1] != ':') continue;
    --k;
    while (k > 0 && is_ws(doc_[k - 1])) --k;
    if (k >= 4 && doc_.substr(k - 4, 4) == "\"id\"") return h;
  }
  return std::string_view::npos;
}

Status Loader::ReadCollections(size_t key_pos, size_t& pos) {
  if (seen_collections_) {
    return SyntaxError(key_pos, "duplicate key \"collections\"");
  }
  seen_collections_ = true;
  const size_t begin = pos;
  if (Status s = scanner_.SkipValue(pos)) return s;
  std::vector<Collection> facts;
  collections_json::ParseError e;
  if (!collections_json::Parse(doc_.substr(begin, pos - begin), &facts, &e)) {
    return Failure{e.message, begin + e.offset, e.syntax, ""};
  }
  for (Collection& c : facts) builder_.AddCollection(std::move(c));
  return std::nullopt;
}

}  // namespace graph_json

namespace {
// A snapshot in memory (`bytes`), or the mapped file `file` (then
// `bytes` is its text).
absl::StatusOr<std::shared_ptr<const Graph>> LoadSnapshot(
    std::string_view bytes, std::shared_ptr<const MappedFile> file,
    std::shared_ptr<const Schema> schema, const LoadOptions& options) {
  if (options.progress) options.progress(0, bytes.size());
  const std::string_view name =
      options.file_name.empty() ? std::string_view("<snapshot>") : options.file_name;
  auto g = file != nullptr
               ? snapshot_internal::LoadMapped(std::move(file), std::move(schema), name,
                                               options.diagnostics)
               : snapshot_internal::Load(bytes, std::move(schema), name, options.diagnostics);
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
  if (IsGraphSnapshot(json)) return LoadSnapshot(json, nullptr, std::move(schema), options);
  graph_json::Loader loader(json, std::move(schema), options, nullptr);
  return loader.Run();
}

absl::StatusOr<std::shared_ptr<const Graph>> LoadGraphJsonFile(
    const std::string& path, std::shared_ptr<const Schema> schema,
    const LoadOptions& options) {
  if (schema == nullptr) return absl::InvalidArgumentError("no schema");
  // Regular files only (a FIFO is refused at once), mapped so that a file
  // truncated underneath gives an error, not SIGBUS (src/base/mapped_file.h).
  absl::StatusOr<std::unique_ptr<MappedFile>> file = MappedFile::Open(path);
  if (!file.ok()) return file.status();
  LoadOptions opts = options;
  if (opts.file_name.empty()) opts.file_name = path;
  if (IsGraphSnapshot((*file)->text())) {
    // A binary snapshot (vigil/snapshot.h), recognised by its magic: the
    // graph keeps the map and views it.
    std::shared_ptr<const MappedFile> shared = std::move(*file);
    const std::string_view text = shared->text();
    return LoadSnapshot(text, std::move(shared), std::move(schema), opts);
  }
  MappedFile& f = **file;
  const size_t diags_before = opts.diagnostics != nullptr ? opts.diagnostics->size() : 0;
  absl::StatusOr<std::shared_ptr<const Graph>> g;
  {
    // Pages already parsed are dropped from memory (they are re-read from
    // the file if an error message needs them).
    std::function<void(size_t)> release;
    if (!f.text().empty()) release = [&f](size_t upto) { f.Release(upto); };
    graph_json::Loader loader(f.text(), std::move(schema), opts, std::move(release));
    g = loader.Run();
  }
  if (absl::Status intact = f.CheckIntact(); !intact.ok()) {
    if (opts.diagnostics != nullptr) {
      // Whatever the loader made of the zeros is beside the point.
      opts.diagnostics->resize(diags_before);
      Diagnostic d;
      d.code = "graph.truncated";
      d.message = std::string(intact.message());
      d.file = opts.file_name;
      opts.diagnostics->push_back(std::move(d));
    }
    return intact;
  }
  return g;
}

}  // namespace vigil

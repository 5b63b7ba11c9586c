// Binary graph snapshots (vigil/snapshot.h).
//
// File layout (all integers little-endian):
//   header, 64 bytes:
//     0  magic "\x89VGS\r\n\x1a\n"
//     8  u32 format version            12 u32 header size (64)
//    16  u64 schema fingerprint        24 u64 file size
//    32  u32 section count             36 u32 0
//    40  u64 directory offset          48 u64 directory checksum
//    56  u64 checksum of bytes 0..55
//   the sections, each at a 64-byte aligned offset
//   the directory: per section {u64 offset, u64 bytes, u64 checksum,
//     u32 element size, u32 0}
// The sections follow the graph's structure in a fixed order (see
// Emit/Read below), so the reader needs no names: it takes the next section
// and checks its element size and length against what the graph's shape
// so far says it must be.
#include "vigil/snapshot.h"

#include <bit>
#include <cstring>
#include <deque>
#include <span>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/base/file_writer.h"
#include "src/base/mapped_file.h"
#include "src/graph/collections_json.h"
#include "src/graph/graph_internal.h"
#include "src/graph/snapshot_internal.h"

namespace vigil {
namespace {

using graph_internal::Access;

constexpr char kMagic[8] = {'\x89', 'V', 'G', 'S', '\r', '\n', '\x1a', '\n'};
constexpr size_t kHeaderSize = 64;
constexpr size_t kDirEntry = 32;
constexpr size_t kAlign = 64;

// A fast 64-bit checksum: four independent multiply-rotate lanes over
// 32-byte blocks (several GB/s), then the tail and the length folded in.
inline uint64_t Rd8(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
uint64_t Checksum(const void* data, size_t n) {
  constexpr uint64_t kP = 0x9e3779b97f4a7c15ULL;
  const uint8_t* p = static_cast<const uint8_t*>(data);
  uint64_t a = 0x243f6a8885a308d3ULL, b = 0x13198a2e03707344ULL,
           c = 0xa4093822299f31d0ULL, d = 0x082efa98ec4e6c89ULL;
  const size_t blocks = n / 32;
  for (size_t i = 0; i < blocks; ++i, p += 32) {
    a = std::rotl((a ^ Rd8(p)) * kP, 29);
    b = std::rotl((b ^ Rd8(p + 8)) * kP, 29);
    c = std::rotl((c ^ Rd8(p + 16)) * kP, 29);
    d = std::rotl((d ^ Rd8(p + 24)) * kP, 29);
  }
  uint64_t h = a ^ std::rotl(b, 17) ^ std::rotl(c, 31) ^ std::rotl(d, 47);
  for (size_t i = 0; i < (n & 31); ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
  h ^= n;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

void Put32(std::string* s, size_t at, uint32_t v) { std::memcpy(&(*s)[at], &v, 4); }
void Put64(std::string* s, size_t at, uint64_t v) { std::memcpy(&(*s)[at], &v, 8); }
uint32_t Get32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint64_t Get64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// ---- writing ----------------------------------------------------------------

class Emitter {
 public:
  template <typename T>
  void Vec(const std::vector<T>& v) {
    Raw(v.data(), v.size() * sizeof(T), sizeof(T));
  }
  void Bytes(const std::string& s) { Raw(s.data(), s.size(), 1); }
  void Owned(std::string s) {
    owned_.push_back(std::move(s));
    Raw(owned_.back().data(), owned_.back().size(), 1);
  }
  void U64s(std::vector<uint64_t> v) {
    owned64_.push_back(std::move(v));
    Vec(owned64_.back());
  }
  void Bitmap_(const Bitmap& b) {
    U64s({b.size()});
    Vec(b.words());
  }
  void Dict(const StringDictionary* d) {
    if (d == nullptr) {
      Raw(nullptr, 0, 1);
      Raw(nullptr, 0, 4);
      return;
    }
    Bytes(Access::Chars(*d));
    Vec(Access::Offsets(*d));
  }
  void Column_(const Column& c) {
    Bitmap_(c.valid);
    Vec(c.bools);
    Vec(c.ints);
    Vec(c.floats);
    // DateTime: the instants as two arrays (seconds, nanoseconds), so that
    // no padding byte of Instant reaches the file.
    std::vector<uint64_t> seconds, nanos;
    seconds.reserve(c.instants.size());
    nanos.reserve(c.instants.size());
    for (const Instant& t : c.instants) {
      seconds.push_back(static_cast<uint64_t>(t.seconds));
      nanos.push_back(static_cast<uint64_t>(t.nanos));
    }
    U64s(std::move(seconds));
    U64s(std::move(nanos));
    Vec(c.codes);
    Vec(c.list_offsets);
    Bitmap_(c.element_valid);
    Dict(c.owned_dict.get());
  }

  std::string Finish(uint64_t fingerprint) const {
    size_t at = kHeaderSize;
    std::vector<size_t> offsets;
    for (const Section& s : sections_) {
      at = (at + kAlign - 1) / kAlign * kAlign;
      offsets.push_back(at);
      at += s.bytes;
    }
    const size_t dir = (at + kAlign - 1) / kAlign * kAlign;
    const size_t total = dir + sections_.size() * kDirEntry;
    std::string out(total, '\0');
    for (size_t i = 0; i < sections_.size(); ++i) {
      const Section& s = sections_[i];
      if (s.bytes > 0) std::memcpy(&out[offsets[i]], s.data, s.bytes);
      const size_t e = dir + i * kDirEntry;
      Put64(&out, e, offsets[i]);
      Put64(&out, e + 8, s.bytes);
      Put64(&out, e + 16, Checksum(s.data, s.bytes));
      Put32(&out, e + 24, s.elem);
    }
    std::memcpy(&out[0], kMagic, 8);
    Put32(&out, 8, kSnapshotVersion);
    Put32(&out, 12, kHeaderSize);
    Put64(&out, 16, fingerprint);
    Put64(&out, 24, total);
    Put32(&out, 32, static_cast<uint32_t>(sections_.size()));
    Put64(&out, 40, dir);
    Put64(&out, 48, Checksum(out.data() + dir, sections_.size() * kDirEntry));
    Put64(&out, 56, Checksum(out.data(), 56));
    return out;
  }

 private:
  struct Section {
    const void* data;
    size_t bytes;
    uint32_t elem;
  };
  void Raw(const void* p, size_t bytes, uint32_t elem) {
    sections_.push_back({p, bytes, elem});
  }
  std::vector<Section> sections_;
  std::deque<std::string> owned_;
  std::deque<std::vector<uint64_t>> owned64_;
};

// ---- reading ----------------------------------------------------------------

// A failure: the status message, and which kind (for the diagnostic code).
struct Failure {
  std::string code;
  std::string message;
};

class Reader {
 public:
  Reader(std::string_view bytes, std::shared_ptr<const Schema> schema, std::string_view name,
         Diagnostics* diagnostics)
      : data_(bytes), schema_(std::move(schema)), name_(name), diagnostics_(diagnostics) {}

  absl::StatusOr<std::shared_ptr<const Graph>> Run();

 private:
  bool Fail(const char* code, std::string msg) {
    if (failure_.code.empty()) failure_ = {code, std::move(msg)};
    return false;
  }
  bool Invalid(std::string msg) {
    return Fail("graph.snapshot-invalid",
                absl::StrCat("section ", next_ - 1, ": ", std::move(msg)));
  }
  bool Header();
  // The next section, which must hold elements of `elem` bytes; `count`
  // receives their number.
  bool Next(uint32_t elem, const char** p, size_t* count);
  template <typename T>
  bool Vec(std::vector<T>* out, std::optional<size_t> expect = std::nullopt) {
    const char* p;
    size_t n;
    if (!Next(sizeof(T), &p, &n)) return false;
    if (expect && n != *expect) {
      return Invalid(absl::StrCat("holds ", n, " elements where ", *expect,
                                  " were expected"));
    }
    out->resize(n);
    if (n > 0) std::memcpy(out->data(), p, n * sizeof(T));
    return true;
  }
  bool ReadBitmap(Bitmap* b, size_t expect_size);
  bool ReadDict(StringDictionary* d, bool* present, bool lazy = false);
  bool ReadColumn(Column* c, const PropertyDef& def, size_t rows);
  bool CheckOffsets(const std::vector<uint32_t>& off, size_t rows, size_t* total);

  std::string_view data_;
  std::shared_ptr<const Schema> schema_;
  std::string name_;
  Diagnostics* diagnostics_;
  Failure failure_;
  uint32_t num_sections_ = 0;
  uint64_t dir_ = 0;
  uint32_t next_ = 0;
};

bool Reader::Header() {
  if (data_.size() < kHeaderSize) {
    return Fail("graph.snapshot-truncated",
                absl::StrCat("the file holds ", data_.size(),
                             " bytes, fewer than the 64-byte header"));
  }
  const char* h = data_.data();
  if (std::memcmp(h, kMagic, 8) != 0) {
    return Fail("graph.snapshot-invalid", "not a vigil graph snapshot (no magic)");
  }
  const uint32_t version = Get32(h + 8);
  if (Checksum(h, 56) != Get64(h + 56)) {
    return Fail("graph.snapshot-checksum", "the header's checksum does not match");
  }
  if (version > kSnapshotVersion) {
    return Fail("graph.snapshot-version",
                absl::StrCat("written in format version ", version,
                             " by a newer vigil; this vigil reads versions up to ",
                             kSnapshotVersion));
  }
  if (version == 0 || Get32(h + 12) != kHeaderSize) {
    return Fail("graph.snapshot-invalid", "bad format version or header size");
  }
  const uint64_t fp = Get64(h + 16);
  if (fp != SchemaFingerprint(*schema_)) {
    return Fail("graph.snapshot-schema",
                absl::StrCat("written for another schema (fingerprint ",
                             absl::Hex(fp, absl::kZeroPad16), "; this schema's is ",
                             absl::Hex(SchemaFingerprint(*schema_), absl::kZeroPad16),
                             "): write it again from the graph's JSON"));
  }
  const uint64_t size = Get64(h + 24);
  if (size != data_.size()) {
    return Fail(size > data_.size() ? "graph.snapshot-truncated" : "graph.snapshot-invalid",
                absl::StrCat("the header says ", size, " bytes, the file holds ",
                             data_.size()));
  }
  num_sections_ = Get32(h + 32);
  dir_ = Get64(h + 40);
  if (dir_ < kHeaderSize || dir_ > size ||
      (size - dir_) / kDirEntry < num_sections_ ||
      size - dir_ != uint64_t{num_sections_} * kDirEntry) {
    return Fail("graph.snapshot-invalid", "the section directory is out of place");
  }
  if (Checksum(h + dir_, num_sections_ * kDirEntry) != Get64(h + 48)) {
    return Fail("graph.snapshot-checksum", "the section directory's checksum does not match");
  }
  return true;
}

bool Reader::Next(uint32_t elem, const char** p, size_t* count) {
  if (next_ >= num_sections_) {
    return Fail("graph.snapshot-invalid",
                absl::StrCat("the file ends after ", num_sections_,
                             " sections; the graph's shape needs more"));
  }
  const char* e = data_.data() + dir_ + size_t{next_} * kDirEntry;
  ++next_;
  const uint64_t off = Get64(e), bytes = Get64(e + 8), sum = Get64(e + 16);
  const uint32_t el = Get32(e + 24);
  if (off < kHeaderSize || off > dir_ || bytes > dir_ - off) {
    return Invalid("lies outside the file's data");
  }
  if (el != elem || bytes % elem != 0) {
    return Invalid(absl::StrCat("holds ", el, "-byte elements where ", elem,
                                "-byte ones were expected"));
  }
  if (Checksum(data_.data() + off, bytes) != sum) {
    return Fail("graph.snapshot-checksum",
                absl::StrCat("section ", next_ - 1, " (bytes ", off, " to ", off + bytes,
                             "): the checksum does not match; the file is corrupt"));
  }
  *p = data_.data() + off;
  *count = bytes / elem;
  return true;
}

bool Reader::ReadBitmap(Bitmap* b, size_t expect_size) {
  std::vector<uint64_t> size;
  if (!Vec(&size, 1)) return false;
  if (size[0] != expect_size) {
    return Invalid(absl::StrCat("a bitmap of ", size[0], " bits where ", expect_size,
                                " were expected"));
  }
  auto& words = Access::Words(*b);
  if (!Vec(&words, (expect_size + 63) / 64)) return false;
  if ((expect_size & 63) != 0 && (words.back() >> (expect_size & 63)) != 0) {
    return Invalid("a bitmap has bits set past its end");
  }
  Access::SetSize(*b, expect_size);
  return true;
}

bool Reader::CheckOffsets(const std::vector<uint32_t>& off, size_t rows, size_t* total) {
  if (off.size() != rows + 1 || off[0] != 0) {
    return Invalid("offsets do not start at 0 with one per row and one more");
  }
  for (size_t r = 0; r < rows; ++r) {
    if (off[r + 1] < off[r]) return Invalid("offsets decrease");
  }
  *total = off[rows];
  return true;
}

bool Reader::ReadDict(StringDictionary* d, bool* present, bool lazy) {
  std::string chars;
  std::vector<uint32_t> offsets;
  {
    const char* p;
    size_t n;
    if (!Next(1, &p, &n)) return false;
    chars.assign(p, n);
  }
  if (!Vec(&offsets)) return false;
  *present = !offsets.empty();
  if (offsets.empty()) {
    if (!chars.empty()) return Invalid("dictionary text without offsets");
    return true;
  }
  if (offsets[0] != 0 || offsets.back() != chars.size()) {
    return Invalid("dictionary offsets do not cover its text");
  }
  for (size_t i = 1; i < offsets.size(); ++i) {
    if (offsets[i] < offsets[i - 1]) return Invalid("dictionary offsets decrease");
  }
  const size_t n = offsets.size() - 1;
  if (lazy) {
    // The id dictionary: its index is built on the first lookup by id
    // (most evaluations never make one), so duplicates are not looked for
    // here; the checksums stand for a file vigil wrote.
    Access::AssignLazily(*d, std::move(chars), std::move(offsets));
    return true;
  }
  Access::Assign(*d, std::move(chars), std::move(offsets));
  if (Access::IndexSize(*d) != n) return Invalid("a dictionary holds a string twice");
  return true;
}

bool Reader::ReadColumn(Column* c, const PropertyDef& def, size_t rows) {
  c->def = &def;
  c->kind = def.kind;
  c->is_list = def.is_list;
  if (!ReadBitmap(&c->valid, rows)) return false;
  size_t n = rows;
  // The element arrays come before the offsets in the file; read all, then
  // check their lengths.
  std::vector<uint64_t> seconds, nanos;
  if (!Vec(&c->bools) || !Vec(&c->ints) || !Vec(&c->floats) || !Vec(&seconds) ||
      !Vec(&nanos) || !Vec(&c->codes) || !Vec(&c->list_offsets)) {
    return false;
  }
  if (def.is_list) {
    if (!CheckOffsets(c->list_offsets, rows, &n)) return false;
  } else if (!c->list_offsets.empty()) {
    return Invalid("a scalar column with list offsets");
  }
  if (!ReadBitmap(&c->element_valid, def.is_list ? n : 0)) return false;
  const bool strings = IsStringLike(def.kind) || def.kind == ScalarKind::kDateTime;
  auto dict = std::make_unique<StringDictionary>();
  bool has_dict = false;
  if (!ReadDict(dict.get(), &has_dict)) return false;
  if (has_dict != strings) return Invalid("a dictionary where none belongs, or none where one does");
  const bool b = def.kind == ScalarKind::kBoolean;
  const bool i = def.kind == ScalarKind::kInt;
  const bool f = def.kind == ScalarKind::kFloat;
  const bool dt = def.kind == ScalarKind::kDateTime;
  if (c->bools.size() != (b ? n : 0) || c->ints.size() != (i ? n : 0) ||
      c->floats.size() != (f ? n : 0) || seconds.size() != (dt ? n : 0) ||
      nanos.size() != (dt ? n : 0) || c->codes.size() != (strings ? n : 0)) {
    return Invalid(absl::StrCat("column ", def.name, ": value arrays of the wrong length"));
  }
  if (dt) {
    c->instants.resize(n);
    for (size_t k = 0; k < n; ++k) {
      const Instant t{static_cast<int64_t>(seconds[k]), static_cast<int32_t>(nanos[k])};
      if (nanos[k] >= 1000000000 || t < Instant::Min() || t > Instant::Max()) {
        return Invalid(absl::StrCat("column ", def.name, ": a DateTime out of range"));
      }
      c->instants[k] = t;
    }
  }
  if (strings) {
    const uint32_t limit = std::max<uint32_t>(dict->size(), 1);
    for (uint32_t code : c->codes) {
      if (code >= limit) return Invalid(absl::StrCat("column ", def.name, ": a code outside its dictionary"));
    }
    if (def.kind == ScalarKind::kEnum) {
      if (def.enum_index < 0) return Invalid("an enum column without its enum");
      const EnumDef& e = schema_->enums()[def.enum_index];
      for (uint32_t k = 0; k < dict->size(); ++k) {
        if (e.Find(dict->Get(k)) < 0) {
          return Invalid(absl::StrCat("column ", def.name, ": \"", std::string(dict->Get(k)),
                                      "\" is not a value of enum ", e.name));
        }
      }
    }
    c->owned_dict = std::move(dict);
    c->dict = c->owned_dict.get();
  }
  return true;
}

absl::StatusOr<std::shared_ptr<const Graph>> Reader::Run() {
  auto graph = std::make_shared<Graph>();
  auto parts = Access::Parts(*graph);
  auto done = [&]() -> absl::StatusOr<std::shared_ptr<const Graph>> {
    if (diagnostics_ != nullptr) {
      Diagnostic d;
      d.code = failure_.code;
      d.message = failure_.message;
      d.file = name_;
      diagnostics_->push_back(std::move(d));
    }
    return absl::InvalidArgumentError(
        absl::StrCat(name_, ": ", failure_.code, ": ", failure_.message));
  };
  if (!Header()) return done();
  const Schema& s = *schema_;
  *parts.schema = schema_;

  // Assets.
  bool has_ids = false;
  if (!ReadDict(parts.ids, &has_ids, /*lazy=*/true)) return done();
  if (!has_ids) {
    Invalid("the id dictionary is missing");
    return done();
  }
  const size_t n = parts.ids->size();
  if (!Vec(parts.node_type, n) || !Vec(parts.node_row, n)) return done();
  const size_t nt = s.types().size();
  for (TypeId t : *parts.node_type) {
    if (t < 0 || static_cast<size_t>(t) >= nt || !s.type(t).is_object()) {
      Invalid("an asset of a type that is not an object type of the schema");
      return done();
    }
  }
  // Collections.
  {
    const char* p;
    size_t len;
    if (!Next(1, &p, &len)) return done();
    if (len > 0) {
      std::vector<Collection> facts;
      collections_json::ParseError err;
      if (!collections_json::Parse(std::string_view(p, len), &facts, &err)) {
        Invalid("collections: " + err.message);
        return done();
      }
      *parts.collections = CollectionSet(std::move(facts));
    }
  }
  // Tables.
  parts.tables->resize(nt);
  size_t rows_total = 0;
  for (TypeId t = 0; t < static_cast<TypeId>(nt); ++t) {
    Table& table = (*parts.tables)[t];
    table.type = t;
    const TypeDef& def = s.type(t);
    if (!def.is_object()) continue;
    if (!Vec(&table.nodes)) return done();
    const size_t rows = table.nodes.size();
    rows_total += rows;
    if (rows_total > n) {
      Invalid("the tables hold more rows than there are assets");
      return done();
    }
    for (size_t r = 0; r < rows; ++r) {
      const NodeId node = table.nodes[r];
      if (node >= n || (*parts.node_type)[node] != t || (*parts.node_row)[node] != r) {
        Invalid(absl::StrCat("table ", def.name, ": row ", r, " and its asset disagree"));
        return done();
      }
    }
    const int id_prop = def.FindProperty("id");
    table.columns.resize(def.properties.size());
    for (size_t p = 0; p < def.properties.size(); ++p) {
      Column& c = table.columns[p];
      if (static_cast<int>(p) == id_prop) {
        c.def = &def.properties[p];
        c.kind = c.def->kind;
        c.is_list = c.def->is_list;
        c.id_dict = parts.ids;
        c.valid = Bitmap(rows, true);
        c.codes = table.nodes;
        continue;
      }
      if (!ReadColumn(&c, def.properties[p], rows)) return done();
      if (def.properties[p].non_null && c.valid.CountSet() != rows) {
        Invalid(absl::StrCat("table ", def.name, ": non-null property ",
                             def.properties[p].name, " is missing"));
        return done();
      }
    }
  }
  if (rows_total != n) {
    Invalid("the tables hold fewer rows than there are assets");
    return done();
  }
  // Edges: which (from, to) type pairs each relationship type may join.
  const size_t nr = s.relationship_types().size();
  std::vector<std::vector<bool>> allowed(nr, std::vector<bool>(nt * nt, false));
  for (TypeId t = 0; t < static_cast<TypeId>(nt); ++t) {
    const TypeDef& def = s.type(t);
    if (def.kind == TypeDef::Kind::kRelationshipProperties) continue;
    for (const RelationshipDef& f : def.relationships) {
      if (f.rel_type_index < 0 || f.target == kNoType) continue;
      for (TypeId a = 0; a < static_cast<TypeId>(nt); ++a) {
        if (!s.type(a).is_object() || !s.IsSubtype(a, t)) continue;
        for (TypeId b = 0; b < static_cast<TypeId>(nt); ++b) {
          if (!s.type(b).is_object() || !s.IsSubtype(b, f.target)) continue;
          if (f.direction == Direction::kOut) {
            allowed[f.rel_type_index][a * nt + b] = true;
          } else {
            allowed[f.rel_type_index][b * nt + a] = true;
          }
        }
      }
    }
  }
  parts.edge_tables->resize(nr);
  for (size_t r = 0; r < nr; ++r) {
    EdgeTable& et = (*parts.edge_tables)[r];
    et.rel_type = static_cast<int>(r);
    et.properties_type = s.RelationshipPropertiesType(static_cast<int>(r));
    if (!Vec(&et.from) || !Vec(&et.to, et.from.size())) return done();
    for (size_t e = 0; e < et.from.size(); ++e) {
      const NodeId a = et.from[e], b = et.to[e];
      if (a >= n || b >= n ||
          !allowed[r][(*parts.node_type)[a] * nt + (*parts.node_type)[b]]) {
        Invalid(absl::StrCat("relationship ", s.relationship_types()[r], " #", e,
                             ": an end outside the graph or of a type it cannot join"));
        return done();
      }
    }
    if (et.properties_type != kNoType) {
      const TypeDef& pd = s.type(et.properties_type);
      et.columns.resize(pd.properties.size());
      for (size_t p = 0; p < pd.properties.size(); ++p) {
        if (!ReadColumn(&et.columns[p], pd.properties[p], et.num_edges())) return done();
      }
    }
  }
  // Adjacency.
  parts.adjacency->resize(nt);
  for (TypeId t = 0; t < static_cast<TypeId>(nt); ++t) {
    const TypeDef& def = s.type(t);
    if (!def.is_object()) continue;
    const size_t rows = (*parts.tables)[t].num_rows();
    auto& adjs = (*parts.adjacency)[t];
    adjs.resize(def.relationships.size());
    for (size_t f = 0; f < def.relationships.size(); ++f) {
      const RelationshipDef& rd = def.relationships[f];
      Adjacency& adj = adjs[f];
      adj.rel_type = rd.rel_type_index;
      size_t total = 0;
      if (!Vec(&adj.offsets) || !CheckOffsets(adj.offsets, rows, &total)) return done();
      const bool linked = rd.rel_type_index >= 0 && rd.target != kNoType;
      const bool concrete = linked && s.type(rd.target).is_object();
      if (concrete) adj.single_target_type = rd.target;
      if (!Vec(&adj.target_rows, linked ? total : 0) ||
          !Vec(&adj.target_types, linked && !concrete ? total : 0) ||
          !Vec(&adj.edges, linked ? total : 0)) {
        return done();
      }
      if (!linked) continue;
      const size_t ne = (*parts.edge_tables)[rd.rel_type_index].num_edges();
      for (size_t i = 0; i < total; ++i) {
        const TypeId tt = adj.TargetType(i);
        if (tt < 0 || static_cast<size_t>(tt) >= nt || !s.type(tt).is_object() ||
            !s.IsSubtype(tt, rd.target) ||
            adj.target_rows[i] >= (*parts.tables)[tt].num_rows() || adj.edges[i] >= ne) {
          Invalid(absl::StrCat(def.name, ".", rd.field_name,
                               ": an adjacency entry outside the graph"));
          return done();
        }
      }
    }
  }
  if (next_ != num_sections_) {
    Invalid(absl::StrCat("the file holds ", num_sections_ - next_,
                         " sections more than the graph's shape uses"));
    return done();
  }
  return std::shared_ptr<const Graph>(std::move(graph));
}

void FingerprintString(std::string* out, std::string_view s) {
  absl::StrAppend(out, s.size(), ":", std::string(s), ";");
}

}  // namespace

bool IsGraphSnapshot(std::string_view prefix) {
  return prefix.size() >= 8 && std::memcmp(prefix.data(), kMagic, 8) == 0;
}

uint64_t SchemaFingerprint(const Schema& schema) {
  std::string f;
  for (const TypeDef& t : schema.types()) {
    absl::StrAppend(&f, "T", static_cast<int>(t.kind));
    FingerprintString(&f, t.name);
    for (const PropertyDef& p : t.properties) {
      absl::StrAppend(&f, "P", static_cast<int>(p.kind), p.is_list, p.non_null,
                      p.element_non_null, p.enum_index);
      FingerprintString(&f, p.name);
      FingerprintString(&f, p.type_name);
    }
    for (const RelationshipDef& r : t.relationships) {
      absl::StrAppend(&f, "R", static_cast<int>(r.direction), r.is_list, r.non_null,
                      r.target, ",", r.properties, ",", r.rel_type_index);
      FingerprintString(&f, r.field_name);
      FingerprintString(&f, r.rel_type);
    }
  }
  for (const EnumDef& e : schema.enums()) {
    FingerprintString(&f, e.name);
    for (const std::string& v : e.values) FingerprintString(&f, v);
  }
  for (const std::string& r : schema.relationship_types()) FingerprintString(&f, r);
  return Checksum(f.data(), f.size());
}

std::string GraphToSnapshot(const Graph& g) {
  Emitter e;
  const Schema& s = g.schema();
  e.Dict(&g.ids());
  std::vector<TypeId> node_type(g.num_assets());
  std::vector<RowId> node_row(g.num_assets());
  for (NodeId i = 0; i < g.num_assets(); ++i) {
    node_type[i] = g.node_type(i);
    node_row[i] = g.node_row(i);
  }
  e.Vec(node_type);
  e.Vec(node_row);
  std::string collections;
  if (!g.collections().empty()) collections_json::Append(g.collections(), &collections);
  e.Owned(std::move(collections));
  for (TypeId t = 0; t < static_cast<TypeId>(s.types().size()); ++t) {
    const TypeDef& def = s.type(t);
    if (!def.is_object()) continue;
    const Table& table = g.table(t);
    e.Vec(table.nodes);
    for (const Column& c : table.columns) {
      if (c.id_dict != nullptr) continue;
      e.Column_(c);
    }
  }
  for (size_t r = 0; r < s.relationship_types().size(); ++r) {
    const EdgeTable& et = g.edges(static_cast<int>(r));
    e.Vec(et.from);
    e.Vec(et.to);
    for (const Column& c : et.columns) e.Column_(c);
  }
  for (TypeId t = 0; t < static_cast<TypeId>(s.types().size()); ++t) {
    const TypeDef& def = s.type(t);
    if (!def.is_object()) continue;
    for (size_t f = 0; f < def.relationships.size(); ++f) {
      const Adjacency& a = g.adjacency(t, static_cast<int>(f));
      e.Vec(a.offsets);
      e.Vec(a.target_rows);
      e.Vec(a.target_types);
      e.Vec(a.edges);
    }
  }
  // node_type/node_row and the collections text are owned by this frame;
  // Finish copies every section before they go.
  return e.Finish(SchemaFingerprint(s));
}

absl::Status WriteGraphSnapshotFile(const Graph& graph, const std::string& path) {
  return WriteFileAtomically(path, GraphToSnapshot(graph));
}

absl::StatusOr<std::shared_ptr<const Graph>> LoadGraphSnapshot(
    std::string_view bytes, std::shared_ptr<const Schema> schema, std::string_view name) {
  return snapshot_internal::Load(bytes, std::move(schema), name, nullptr);
}

namespace snapshot_internal {
absl::StatusOr<std::shared_ptr<const Graph>> Load(std::string_view bytes,
                                                  std::shared_ptr<const Schema> schema,
                                                  std::string_view name,
                                                  Diagnostics* diagnostics) {
  if (schema == nullptr) return absl::InvalidArgumentError("no schema");
  Reader r(bytes, std::move(schema), name, diagnostics);
  return r.Run();
}
void ResealHeader(std::string* bytes) {
  if (bytes->size() >= kHeaderSize) Put64(bytes, 56, Checksum(bytes->data(), 56));
}
void ResealAll(std::string* b) {
  if (b->size() < kHeaderSize || !IsGraphSnapshot(*b)) return;
  const uint64_t dir = Get64(b->data() + 40);
  const uint64_t count = Get32(b->data() + 32);
  if (dir <= b->size() && (b->size() - dir) / kDirEntry >= count) {
    for (uint64_t i = 0; i < count; ++i) {
      const size_t e = dir + i * kDirEntry;
      const uint64_t off = Get64(b->data() + e), bytes = Get64(b->data() + e + 8);
      if (off <= b->size() && bytes <= b->size() - off) {
        Put64(b, e + 16, Checksum(b->data() + off, bytes));
      }
    }
    Put64(b, 48, Checksum(b->data() + dir, count * kDirEntry));
  }
  ResealHeader(b);
}
}  // namespace snapshot_internal

absl::StatusOr<std::shared_ptr<const Graph>> LoadGraphSnapshotFile(
    const std::string& path, std::shared_ptr<const Schema> schema) {
  if (schema == nullptr) return absl::InvalidArgumentError("no schema");
  // Regular files only, mapped so that a file truncated underneath gives an
  // error rather than SIGBUS (src/base/mapped_file.h).
  absl::StatusOr<std::unique_ptr<MappedFile>> file = MappedFile::Open(path);
  if (!file.ok()) return file.status();
  auto g = LoadGraphSnapshot((*file)->text(), std::move(schema), path);
  if (absl::Status intact = (*file)->CheckIntact(); !intact.ok()) return intact;
  return g;
}

}  // namespace vigil

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
//
// Version 2 is laid out to be used where it lies: the loader checks every
// section (checksum, lengths, every code, offset and row against what it
// indexes) and then the graph's columns view the file's pages (or one
// aligned copy of bytes given in memory) instead of copying them. So that
// no check needs a hash table, a column's dictionary is written in
// strictly increasing byte order (its codes renumbered to match), and a
// DateTime column's instants as 16-byte {seconds, nanoseconds, 0} records,
// the layout of vigil::Instant.
#include "vigil/snapshot.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <deque>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/base/file_writer.h"
#include "src/base/mapped_file.h"
#include "src/base/thread_pool.h"
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
// Elements per deferred check (a range one thread checks at a time).
constexpr size_t kGrain = size_t{1} << 18;
static_assert(std::endian::native == std::endian::little,
              "snapshots are little-endian and used in place");

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

// A section's checksum: Checksum of each 4 MiB block (so that a loader
// checks the blocks of one large section on several threads), folded with
// the length by Checksum of the block sums.
constexpr size_t kSumBlock = size_t{4} << 20;
size_t SumBlocks(size_t n) { return n == 0 ? 1 : (n + kSumBlock - 1) / kSumBlock; }
uint64_t BlockSum(const char* section, size_t n, size_t block) {
  const size_t at = block * kSumBlock;
  return Checksum(section + at, std::min(kSumBlock, n - at));
}
uint64_t FoldSums(std::vector<uint64_t> sums, size_t n) {
  sums.push_back(n);
  return Checksum(sums.data(), sums.size() * 8);
}
uint64_t SectionChecksum(const void* data, size_t n) {
  std::vector<uint64_t> sums(SumBlocks(n));
  for (size_t b = 0; b < sums.size(); ++b) {
    sums[b] = BlockSum(static_cast<const char*>(data), n, b);
  }
  return FoldSums(std::move(sums), n);
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
  template <typename T>
  void Vec(const PodArray<T>& v) {
    Raw(v.data(), v.size() * sizeof(T), sizeof(T));
  }
  void Owned(std::string s) {
    owned_.push_back(std::move(s));
    Raw(owned_.back().data(), owned_.back().size(), 1);
  }
  void U64s(std::vector<uint64_t> v) {
    owned64_.push_back(std::move(v));
    Vec(owned64_.back());
  }
  void U32s(std::vector<uint32_t> v) {
    owned32_.push_back(std::move(v));
    Vec(owned32_.back());
  }
  void Bitmap_(const Bitmap& b) {
    U64s({b.size()});
    Vec(b.words());
  }
  // A column's dictionary, its strings in the given (sorted) order.
  void Dict(const StringDictionary* d, const std::vector<uint32_t>& order) {
    if (d == nullptr) {
      Raw(nullptr, 0, 1);
      Raw(nullptr, 0, 4);
      return;
    }
    std::string chars;
    chars.reserve(Access::Chars(*d).size());
    std::vector<uint32_t> offsets;
    offsets.reserve(order.size() + 1);
    offsets.push_back(0);
    for (uint32_t code : order) {
      chars.append(d->Get(code));
      offsets.push_back(static_cast<uint32_t>(chars.size()));
    }
    Owned(std::move(chars));
    U32s(std::move(offsets));
  }
  // The graph's id dictionary, as it is (codes are NodeIds).
  void Ids(const StringDictionary& d) {
    Vec(Access::Chars(d));
    Vec(Access::Offsets(d));
  }
  void Column_(const Column& c) {
    Bitmap_(c.valid);
    Vec(c.bools);
    Vec(c.ints);
    Vec(c.floats);
    // DateTime: {seconds, nanoseconds} as two 8-byte words, Instant's
    // layout with its padding zero.
    std::vector<uint64_t> instants;
    instants.reserve(2 * c.instants.size());
    for (const Instant& t : c.instants) {
      instants.push_back(static_cast<uint64_t>(t.seconds));
      instants.push_back(static_cast<uint64_t>(static_cast<uint32_t>(t.nanos)));
    }
    owned64_.push_back(std::move(instants));
    Raw(owned64_.back().data(), owned64_.back().size() * 8, 16);
    std::vector<uint32_t> order;
    if (c.owned_dict != nullptr) {
      // Codes renumbered to the dictionary's sorted order.
      const StringDictionary& d = *c.owned_dict;
      const uint32_t n = d.size();
      order.resize(n);
      std::iota(order.begin(), order.end(), 0u);
      std::sort(order.begin(), order.end(),
                [&d](uint32_t a, uint32_t b) { return d.Get(a) < d.Get(b); });
      std::vector<uint32_t> rank(n);
      for (uint32_t i = 0; i < n; ++i) rank[order[i]] = i;
      std::vector<uint32_t> codes(c.codes.size());
      for (size_t i = 0; i < codes.size(); ++i) {
        const uint32_t code = c.codes[i];
        // A null slot's code is meaningless; 0 keeps it inside the range.
        codes[i] = code < n ? rank[code] : 0;
      }
      U32s(std::move(codes));
    } else {
      Vec(c.codes);
    }
    Vec(c.list_offsets);
    Bitmap_(c.element_valid);
    Dict(c.owned_dict.get(), order);
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
      Put64(&out, e + 16, SectionChecksum(s.data, s.bytes));
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
  std::deque<std::vector<uint32_t>> owned32_;
};

// ---- reading ----------------------------------------------------------------

// A failure: the status message, and which kind (for the diagnostic code).
struct Failure {
  std::string code;
  std::string message;
};

class Reader {
 public:
  // `bytes` stay alive and unchanged while `storage` does; the graph's
  // columns view them. `mapped` is the file they are mapped from, if so.
  Reader(std::string_view bytes, std::shared_ptr<const void> storage, const MappedFile* mapped,
         std::shared_ptr<const Schema> schema, std::string_view name, Diagnostics* diagnostics)
      : data_(bytes),
        storage_(std::move(storage)),
        mapped_(mapped),
        schema_(std::move(schema)),
        name_(name),
        diagnostics_(diagnostics) {}

  absl::StatusOr<std::shared_ptr<const Graph>> Run();
  void set_threads(int threads) { threads_ = threads; }

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
  // The next section as a view of `elem`-byte elements, `expect` of them
  // when given.
  bool Section(uint32_t elem, const char** p, size_t* n,
               std::optional<size_t> expect = std::nullopt) {
    if (!Next(elem, p, n)) return false;
    if (expect && *n != *expect) {
      return Invalid(absl::StrCat("holds ", *n, " elements where ", *expect,
                                  " were expected"));
    }
    return true;
  }
  template <typename T>
  bool Vec(PodArray<T>* out, std::optional<size_t> expect = std::nullopt) {
    static_assert(alignof(T) <= kAlign);
    const char* p;
    size_t n;
    if (!Section(sizeof(T), &p, &n, expect)) return false;
    // Sections start 64-byte aligned in a buffer that is (a page-aligned
    // map, or an aligned copy).
    *out = PodArray<T>::View(reinterpret_cast<const T*>(p), n);
    return true;
  }
  bool ReadBitmap(Bitmap* b, size_t expect_size);
  bool ReadDict(StringDictionary* d, bool* present, bool ids = false);
  bool ReadColumn(Column* c, const PropertyDef& def, size_t rows);
  bool CheckOffsets(const PodArray<uint32_t>& off, size_t rows, size_t* total);

  // The checks that read whole arrays run after the structure is read, in
  // parallel: each section's checksum (per 4 MiB block) and each deferred
  // check (over ranges of `grain` elements). A check returns an empty
  // string, or what is wrong; it must be safe on any bytes (it runs
  // before, or beside, the checksums). The first failure in order wins:
  // a checksum's, then a check's.
  using CheckFn = std::function<std::string(size_t begin, size_t end)>;
  void Defer(size_t n, size_t grain, CheckFn fn);
  void DeferOnce(std::function<std::string()> fn) {
    Defer(1, 1, [fn = std::move(fn)](size_t, size_t) { return fn(); });
  }
  // Runs every deferred checksum and check; false (failure_ set) when one
  // fails.
  bool RunChecks(int threads);
  // The checksums of the sections read so far, alone (after an error found
  // while reading the structure: a corrupt file is called corrupt).
  bool VerifySectionsRead();
  // Sets failure_ to section i's checksum mismatch; returns false.
  bool ChecksumFailed(size_t i);
  struct SectionRead {
    const char* data;
    size_t bytes;
    uint64_t sum;
  };
  struct Deferred {
    std::shared_ptr<const CheckFn> fn;
    size_t begin, end;
    uint32_t section;  // for the message
  };
  int threads_ = 0;  // for RunChecks; 0: one per core
  std::vector<SectionRead> sections_read_;
  std::vector<Deferred> deferred_;

  std::string_view data_;
  std::shared_ptr<const void> storage_;
  const MappedFile* mapped_;
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
  if (version >= 1 && version < kSnapshotVersion) {
    return Fail("graph.snapshot-version",
                absl::StrCat("written in format version ", version,
                             " by an older vigil; this vigil reads version ", kSnapshotVersion,
                             ": write it again from the graph's JSON (vigil snapshot)"));
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
  if (off % kAlign != 0) {
    // The arrays are used where they lie: their elements must be aligned.
    return Invalid(absl::StrCat("starts at byte ", off, ", not on a ", kAlign, "-byte boundary"));
  }
  if (el != elem || bytes % elem != 0) {
    return Invalid(absl::StrCat("holds ", el, "-byte elements where ", elem,
                                "-byte ones were expected"));
  }
  sections_read_.push_back({data_.data() + off, bytes, sum});
  *p = data_.data() + off;
  *count = bytes / elem;
  return true;
}

void Reader::Defer(size_t n, size_t grain, CheckFn fn) {
  auto shared = std::make_shared<const CheckFn>(std::move(fn));
  const uint32_t section = next_ - 1;
  for (size_t b = 0; b < n; b += grain) {
    deferred_.push_back({shared, b, std::min(n, b + grain), section});
  }
}

bool Reader::ChecksumFailed(size_t i) {
  const SectionRead& r = sections_read_[i];
  const size_t at = static_cast<size_t>(r.data - data_.data());
  failure_ = {"graph.snapshot-checksum",
              absl::StrCat("section ", i, " (bytes ", at, " to ", at + r.bytes,
                           "): the checksum does not match; the file is corrupt")};
  return false;
}

bool Reader::VerifySectionsRead() {
  for (size_t i = 0; i < sections_read_.size(); ++i) {
    const SectionRead& r = sections_read_[i];
    if (SectionChecksum(r.data, r.bytes) != r.sum) {
      return ChecksumFailed(i);
    }
  }
  return true;
}

bool Reader::RunChecks(int threads) {
  // Work items: every block of every section, then every deferred range.
  struct Block {
    uint32_t section;
    uint32_t block;
  };
  std::vector<Block> blocks;
  std::vector<size_t> first_block(sections_read_.size() + 1, 0);
  for (size_t i = 0; i < sections_read_.size(); ++i) {
    first_block[i] = blocks.size();
    const size_t nb = SumBlocks(sections_read_[i].bytes);
    for (size_t b = 0; b < nb; ++b) {
      blocks.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(b)});
    }
  }
  first_block[sections_read_.size()] = blocks.size();
  std::vector<uint64_t> block_sums(blocks.size());
  std::vector<std::string> why(deferred_.size());
  const size_t items = blocks.size() + deferred_.size();
  auto work = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      if (k < blocks.size()) {
        const SectionRead& r = sections_read_[blocks[k].section];
        block_sums[k] = BlockSum(r.data, r.bytes, blocks[k].block);
      } else {
        const Deferred& d = deferred_[k - blocks.size()];
        why[k - blocks.size()] = (*d.fn)(d.begin, d.end);
      }
    }
  };
  if (threads == 1 || items < 64) {
    work(0, items);
  } else {
    ThreadPool pool(threads);
    pool.ParallelFor(items, 1, work);
  }
  for (size_t i = 0; i < sections_read_.size(); ++i) {
    const SectionRead& r = sections_read_[i];
    std::vector<uint64_t> sums(block_sums.begin() + first_block[i],
                               block_sums.begin() + first_block[i + 1]);
    if (FoldSums(std::move(sums), r.bytes) != r.sum) {
      return ChecksumFailed(i);
    }
  }
  for (size_t k = 0; k < why.size(); ++k) {
    if (!why[k].empty()) {
      failure_ = {"graph.snapshot-invalid",
                  absl::StrCat("section ", deferred_[k].section, ": ", why[k])};
      return false;
    }
  }
  return true;
}

bool Reader::ReadBitmap(Bitmap* b, size_t expect_size) {
  const char* p;
  size_t n;
  if (!Section(8, &p, &n, 1)) return false;
  if (Get64(p) != expect_size) {
    return Invalid(absl::StrCat("a bitmap of ", Get64(p), " bits where ", expect_size,
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

bool Reader::CheckOffsets(const PodArray<uint32_t>& off, size_t rows, size_t* total) {
  if (off.size() != rows + 1 || off[0] != 0) {
    return Invalid("offsets do not start at 0 with one per row and one more");
  }
  const uint32_t* o = off.data();
  Defer(rows, kGrain, [o](size_t b, size_t e) {
    for (size_t r = b; r < e; ++r) {
      if (o[r + 1] < o[r]) return std::string("offsets decrease");
    }
    return std::string();
  });
  *total = off[rows];
  return true;
}

bool Reader::ReadDict(StringDictionary* d, bool* present, bool ids) {
  PodArray<char> chars;
  PodArray<uint32_t> offsets;
  if (!Vec(&chars) || !Vec(&offsets)) return false;
  *present = !offsets.empty();
  if (offsets.empty()) {
    if (!chars.empty()) return Invalid("dictionary text without offsets");
    return true;
  }
  if (offsets[0] != 0 || offsets.back() != chars.size()) {
    return Invalid("dictionary offsets do not cover its text");
  }
  // Each range checks the offsets it reads (so its strings lie inside the
  // text) and, for a column's dictionary, that its strings come in strictly
  // increasing byte order: each string once, checked without a hash table.
  const uint32_t* o = offsets.data();
  const char* text = chars.data();
  const size_t size = chars.size();
  Defer(offsets.size() - 1, kGrain, [o, text, size, ids](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      if (o[i + 1] < o[i] || o[i + 1] > size) {
        return std::string("dictionary offsets decrease");
      }
    }
    if (ids) return std::string();
    for (size_t i = std::max<size_t>(b, 1); i < e; ++i) {
      // Each offset read once, and checked before the text is.
      const uint32_t lo = o[i - 1], mid = o[i], hi = o[i + 1];
      if (lo > mid || mid > hi || hi > size) return std::string("dictionary offsets decrease");
      const std::string_view a(text + lo, mid - lo);
      const std::string_view c(text + mid, hi - mid);
      if (!(a < c)) {
        return std::string(a == c ? "a dictionary holds a string twice"
                                  : "a dictionary's strings are out of order");
      }
    }
    return std::string();
  });
  // The index is built on the first lookup (most evaluations look up a few
  // constants in small dictionaries, and never an asset by id). The id
  // dictionary is not checked for duplicates here; the checksums stand for
  // a file vigil wrote, and a lookup finds one of two equal ids.
  Access::AssignLazily(*d, std::move(chars), std::move(offsets));
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
  static_assert(sizeof(Instant) == 16 && alignof(Instant) == 8 &&
                offsetof(Instant, seconds) == 0 && offsetof(Instant, nanos) == 8);
  if (!Vec(&c->bools) || !Vec(&c->ints) || !Vec(&c->floats) || !Vec(&c->instants) ||
      !Vec(&c->codes) || !Vec(&c->list_offsets)) {
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
      c->floats.size() != (f ? n : 0) || c->instants.size() != (dt ? n : 0) ||
      c->codes.size() != (strings ? n : 0)) {
    return Invalid(absl::StrCat("column ", def.name, ": value arrays of the wrong length"));
  }
  const std::string name = def.name;
  if (b) {
    const uint8_t* v = c->bools.data();
    Defer(n, kGrain, [v, name](size_t begin, size_t end) {
      for (size_t k = begin; k < end; ++k) {
        if (v[k] > 1) return absl::StrCat("column ", name, ": a Boolean neither 0 nor 1");
      }
      return std::string();
    });
  }
  if (dt) {
    const Instant* t = c->instants.data();
    Defer(n, kGrain, [t, name](size_t b, size_t e) {
      for (size_t k = b; k < e; ++k) {
        if (t[k].nanos < 0 || t[k].nanos >= 1000000000 || t[k] < Instant::Min() ||
            t[k] > Instant::Max()) {
          return absl::StrCat("column ", name, ": a DateTime out of range");
        }
      }
      return std::string();
    });
  }
  if (strings) {
    const uint32_t limit = std::max<uint32_t>(dict->size(), 1);
    const uint32_t* codes = c->codes.data();
    Defer(n, kGrain, [codes, limit, name](size_t b, size_t e) {
      for (size_t k = b; k < e; ++k) {
        if (codes[k] >= limit) return absl::StrCat("column ", name, ": a code outside its dictionary");
      }
      return std::string();
    });
    if (dict->size() == 0) {
      // Code 0 stands for a null slot; with no strings, no slot may be
      // non-null.
      const Bitmap* values = def.is_list ? &c->element_valid : &c->valid;
      DeferOnce([values, name]() {
        return values->CountSet() != 0
                   ? absl::StrCat("column ", name, ": a value with an empty dictionary")
                   : std::string();
      });
    }
    if (def.kind == ScalarKind::kEnum) {
      if (def.enum_index < 0) return Invalid("an enum column without its enum");
      const EnumDef* e = &schema_->enums()[def.enum_index];
      const PodArray<uint32_t>& offsets = Access::Offsets(*dict);
      const PodArray<char>& chars = Access::Chars(*dict);
      const uint32_t* o = offsets.data();
      const char* text = chars.data();
      const size_t count = offsets.size() - 1, size = chars.size();
      DeferOnce([o, text, count, size, e, name]() {
        for (size_t k = 0; k < count; ++k) {
          // Bad offsets are the dictionary's own check's to report.
          const uint32_t lo = o[k], hi = o[k + 1];
          if (hi < lo || hi > size) return std::string();
          const std::string_view v(text + lo, hi - lo);
          if (e->Find(v) < 0) {
            return absl::StrCat("column ", name, ": \"", std::string(v),
                                "\" is not a value of enum ", e->name);
          }
        }
        return std::string();
      });
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
    // An inconsistency met while reading the structure: when a section read
    // so far is corrupt, that is what to say.
    if (failure_.code == "graph.snapshot-invalid") VerifySectionsRead();
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
  *parts.storage = storage_;
  *parts.mapped_file = mapped_;

  // Assets.
  bool has_ids = false;
  if (!ReadDict(parts.ids, &has_ids, /*ids=*/true)) return done();
  if (!has_ids) {
    Invalid("the id dictionary is missing");
    return done();
  }
  const size_t n = parts.ids->size();
  if (!Vec(parts.node_type, n) || !Vec(parts.node_row, n)) return done();
  const size_t nt = s.types().size();
  std::vector<uint8_t> is_object(nt);
  for (size_t t = 0; t < nt; ++t) is_object[t] = s.type(static_cast<TypeId>(t)).is_object();
  {
    const TypeId* types = parts.node_type->data();
    const uint8_t* object = is_object.data();
    Defer(n, kGrain, [types, object, nt](size_t b, size_t e) {
      for (size_t k = b; k < e; ++k) {
        const TypeId t = types[k];
        if (t < 0 || static_cast<size_t>(t) >= nt || !object[t]) {
          return std::string("an asset of a type that is not an object type of the schema");
        }
      }
      return std::string();
    });
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
    {
      const NodeId* nodes = table.nodes.data();
      const TypeId* types = parts.node_type->data();
      const RowId* node_rows = parts.node_row->data();
      const std::string type_name = def.name;
      Defer(rows, kGrain, [nodes, types, node_rows, n, t, type_name](size_t b, size_t e) {
        for (size_t r = b; r < e; ++r) {
          const NodeId node = nodes[r];
          if (node >= n || types[node] != t || node_rows[node] != r) {
            return absl::StrCat("table ", type_name, ": row ", r, " and its asset disagree");
          }
        }
        return std::string();
      });
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
        c.codes = PodArray<uint32_t>::View(table.nodes.span());
        continue;
      }
      if (!ReadColumn(&c, def.properties[p], rows)) return done();
      if (def.properties[p].non_null) {
        const Bitmap* valid = &c.valid;
        std::string what = absl::StrCat("table ", def.name, ": non-null property ",
                                        def.properties[p].name, " is missing");
        DeferOnce([valid, rows, what = std::move(what)]() {
          return valid->CountSet() != rows ? what : std::string();
        });
      }
    }
  }
  if (rows_total != n) {
    Invalid("the tables hold fewer rows than there are assets");
    return done();
  }
  // Edges: which (from, to) type pairs each relationship type may join.
  const size_t nr = s.relationship_types().size();
  std::vector<std::vector<uint8_t>> allowed(nr, std::vector<uint8_t>(nt * nt, 0));
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
            allowed[f.rel_type_index][a * nt + b] = 1;
          } else {
            allowed[f.rel_type_index][b * nt + a] = 1;
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
    {
      const NodeId* from = et.from.data();
      const NodeId* to = et.to.data();
      const TypeId* types = parts.node_type->data();
      const uint8_t* ok = allowed[r].data();
      const std::string rel = s.relationship_types()[r];
      Defer(et.from.size(), kGrain, [from, to, types, ok, n, nt, rel](size_t b, size_t e) {
        for (size_t k = b; k < e; ++k) {
          const NodeId x = from[k], y = to[k];
          // The ends' types are checked here too: this runs beside the
          // check of node_type.
          if (x >= n || y >= n || static_cast<size_t>(types[x]) >= nt ||
              static_cast<size_t>(types[y]) >= nt ||
              !ok[static_cast<size_t>(types[x]) * nt + static_cast<size_t>(types[y])]) {
            return absl::StrCat("relationship ", rel, " #", k,
                                ": an end outside the graph or of a type it cannot join");
          }
        }
        return std::string();
      });
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
      if (!linked) {
        if (total != 0) {
          Invalid(absl::StrCat(def.name, ".", rd.field_name, ": entries for a field with no edges"));
          return done();
        }
        continue;
      }
      const size_t ne = (*parts.edge_tables)[rd.rel_type_index].num_edges();
      // Per type: its rows when it may be a target of the field, else 0.
      auto target_rows_of = std::make_shared<std::vector<size_t>>(nt, 0);
      for (size_t tt = 0; tt < nt; ++tt) {
        if (is_object[tt] && s.IsSubtype(static_cast<TypeId>(tt), rd.target)) {
          (*target_rows_of)[tt] = (*parts.tables)[tt].num_rows();
        }
      }
      const RowId* target_rows = adj.target_rows.data();
      const TypeId* target_types = concrete ? nullptr : adj.target_types.data();
      const EdgeId* edges = adj.edges.data();
      const TypeId single = adj.single_target_type;
      std::string what =
          absl::StrCat(def.name, ".", rd.field_name, ": an adjacency entry outside the graph");
      Defer(total, kGrain,
            [target_rows, target_types, edges, single, ne, nt, target_rows_of,
             what = std::move(what)](size_t b, size_t e) {
              const std::vector<size_t>& limit = *target_rows_of;
              for (size_t i = b; i < e; ++i) {
                const TypeId tt = target_types != nullptr ? target_types[i] : single;
                if (tt < 0 || static_cast<size_t>(tt) >= nt || target_rows[i] >= limit[tt] ||
                    edges[i] >= ne) {
                  return what;
                }
              }
              return std::string();
            });
    }
  }
  if (next_ != num_sections_) {
    Invalid(absl::StrCat("the file holds ", num_sections_ - next_,
                         " sections more than the graph's shape uses"));
    return done();
  }
  if (!RunChecks(threads_)) return done();
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
  e.Ids(g.ids());
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
  std::string bytes = GraphToSnapshot(graph);
  // Never a fresh, checksummed copy of a graph whose file changed under it.
  if (absl::Status intact = graph.CheckIntact(); !intact.ok()) return intact;
  return WriteFileAtomically(path, bytes);
}

absl::StatusOr<std::shared_ptr<const Graph>> LoadGraphSnapshot(
    std::string_view bytes, std::shared_ptr<const Schema> schema, std::string_view name) {
  return snapshot_internal::Load(bytes, std::move(schema), name, nullptr);
}

namespace snapshot_internal {
absl::StatusOr<std::shared_ptr<const Graph>> Load(std::string_view bytes,
                                                  std::shared_ptr<const Schema> schema,
                                                  std::string_view name,
                                                  Diagnostics* diagnostics, int threads) {
  if (schema == nullptr) return absl::InvalidArgumentError("no schema");
  // The caller's bytes may go once this returns: the graph views one
  // aligned copy of them (large copies on transparent huge pages).
  constexpr size_t kHuge = size_t{2} << 20;
  const size_t align = bytes.size() >= 2 * kHuge ? kHuge : kAlign;
  const size_t size = std::max<size_t>((bytes.size() + align - 1) / align * align, align);
  void* buffer = std::aligned_alloc(align, size);
  if (buffer == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat(std::string(name), ": no memory for a snapshot of ", bytes.size(), " bytes"));
  }
  if (align == kHuge) ::madvise(buffer, size, MADV_HUGEPAGE);
  std::shared_ptr<const void> storage(buffer, [](const void* p) { std::free(const_cast<void*>(p)); });
  if (!bytes.empty()) std::memcpy(buffer, bytes.data(), bytes.size());
  Reader r(std::string_view(static_cast<const char*>(buffer), bytes.size()), std::move(storage),
           nullptr, std::move(schema), name, diagnostics);
  r.set_threads(threads);
  return r.Run();
}

absl::StatusOr<std::shared_ptr<const Graph>> LoadMapped(std::shared_ptr<const MappedFile> file,
                                                        std::shared_ptr<const Schema> schema,
                                                        std::string_view name,
                                                        Diagnostics* diagnostics, int threads) {
  if (schema == nullptr) return absl::InvalidArgumentError("no schema");
  // A map starts on a page (an empty file has no data: the header check
  // refuses it), so its sections are aligned where they lie.
  const MappedFile* mapped = file.get();
  const std::string_view bytes = mapped->text();
  const size_t diagnostics_before = diagnostics != nullptr ? diagnostics->size() : 0;
  Reader r(bytes, std::shared_ptr<const void>(std::move(file)), mapped, std::move(schema), name,
           diagnostics);
  r.set_threads(threads);
  auto g = r.Run();
  if (absl::Status intact = mapped->CheckIntact(); !intact.ok()) {
    if (diagnostics != nullptr) {
      // Whatever the reader made of the zeros is beside the point.
      diagnostics->resize(diagnostics_before);
      Diagnostic d;
      d.code = "graph.truncated";
      d.message = std::string(intact.message());
      d.file = std::string(name);
      diagnostics->push_back(std::move(d));
    }
    return intact;
  }
  if (g.ok()) mapped->AdviseRandomAccess();
  return g;
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
        Put64(b, e + 16, SectionChecksum(b->data() + off, bytes));
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
  // error rather than SIGBUS (src/base/mapped_file.h); the graph's columns
  // view the map.
  absl::StatusOr<std::unique_ptr<MappedFile>> file = MappedFile::Open(path);
  if (!file.ok()) return file.status();
  return snapshot_internal::LoadMapped(std::move(*file), std::move(schema), path, nullptr);
}

}  // namespace vigil

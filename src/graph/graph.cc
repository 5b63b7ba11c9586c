// The columnar asset graph: Bitmap, StringDictionary, Column, Graph.
#include "vigil/graph.h"

#include <sys/mman.h>

#include <bit>
#include <cstdlib>
#include <cstring>
#include <new>

#include "src/base/mapped_file.h"


namespace vigil {

// ---- Bitmap ----------------------------------------------------------------

void Bitmap::Resize(size_t n, bool value) {
  const size_t old_size = size_;
  words_.resize((n + 63) / 64, value ? ~uint64_t{0} : uint64_t{0});
  size_ = n;
  if (n > old_size) {
    // Bits [old_size, n) of the previously last word must take `value`.
    for (size_t i = old_size; i < n && (i & 63) != 0; ++i) Assign(i, value);
  }
  // Keep bits past the end cleared so CountSet() and word-wise ops are exact.
  if ((n & 63) != 0) words_.mutable_at(words_.size() - 1) &= (uint64_t{1} << (n & 63)) - 1;
}

void Bitmap::PushBack(bool v) {
  if ((size_ & 63) == 0) words_.push_back(uint64_t{0});
  if (v) words_.mutable_at(size_ >> 6) |= uint64_t{1} << (size_ & 63);
  ++size_;
}

size_t Bitmap::CountSet() const {
  size_t n = 0;
  for (uint64_t w : words_) n += static_cast<size_t>(std::popcount(w));
  return n;
}

// ---- StringDictionary ------------------------------------------------------

namespace {

// A small inlined string hash (wyhash-style multiply-fold). Dictionary keys
// are short (ids, enum-like values), so the hash must be cheap; both the low
// and the high bits are well mixed (swiss tables use both).
inline uint64_t Fold(uint64_t a, uint64_t b) {
  const __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}
inline uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint64_t Load4(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline size_t HashBytes(std::string_view s) {
  constexpr uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull,
                     k2 = 0x8ebc6af09c88c6e3ull;
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = k0 ^ n;
  while (n > 16) {
    h = Fold(Load8(p) ^ k1, Load8(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    a = Load8(p);
    b = Load8(p + n - 8);
  } else if (n >= 4) {
    a = Load4(p);
    b = Load4(p + n - 4);
  } else if (n > 0) {
    a = (uint64_t{static_cast<uint8_t>(p[0])} << 16) |
        (uint64_t{static_cast<uint8_t>(p[n >> 1])} << 8) |
        static_cast<uint8_t>(p[n - 1]);
  }
  return static_cast<size_t>(Fold(a ^ k1 ^ h, b ^ k2));
}

inline bool BytesEqual(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8 && n <= 16) {
    return ((Load8(p) ^ Load8(q)) | (Load8(p + n - 8) ^ Load8(q + n - 8))) ==
           0;
  }
  if (n >= 4 && n < 8) {
    return ((Load4(p) ^ Load4(q)) | (Load4(p + n - 4) ^ Load4(q + n - 4))) ==
           0;
  }
  return n == 0 || std::memcmp(p, q, n) == 0;  // an empty array's data() may be null
}

constexpr size_t kHugePage = size_t{2} << 20;

}  // namespace

void* StringDictionary::AllocateIndex(size_t bytes) {
  if (bytes >= 2 * kHugePage) {
    const size_t size = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, size);
    if (p == nullptr) throw std::bad_alloc();
    ::madvise(p, size, MADV_HUGEPAGE);
    return p;
  }
  void* p = std::malloc(bytes);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void StringDictionary::FreeIndex(void* p, size_t) { std::free(p); }

size_t StringDictionary::CodeHash::operator()(uint32_t code) const {
  return HashBytes(dict->Get(code));
}
size_t StringDictionary::CodeHash::operator()(std::string_view s) const {
  return HashBytes(s);
}
bool StringDictionary::CodeEq::operator()(uint32_t a,
                                          std::string_view b) const {
  return BytesEqual(dict->Get(a), b);
}
bool StringDictionary::CodeEq::operator()(std::string_view a,
                                          uint32_t b) const {
  return BytesEqual(dict->Get(b), a);
}

StringDictionary::StringDictionary()
    : index_(0, CodeHash{this}, CodeEq{this}) {}

StringDictionary::StringDictionary(const StringDictionary& other)
    : chars_(other.chars_),
      offsets_(other.offsets_),
      index_(0, CodeHash{this}, CodeEq{this}) {
  RebuildIndex();
}

// The index's functors point at their dictionary, so a moved dictionary
// re-creates its index (the graph never moves its dictionaries; this keeps
// the type safe to move anyway).
StringDictionary::StringDictionary(StringDictionary&& other) noexcept
    : chars_(std::move(other.chars_)),
      offsets_(std::move(other.offsets_)),
      index_(0, CodeHash{this}, CodeEq{this}) {
  other.chars_.clear();
  other.offsets_.assign(size_t{1}, 0u);
  other.index_.clear();
  other.index_ready_.store(true, std::memory_order_release);
  RebuildIndex();
}

StringDictionary& StringDictionary::operator=(const StringDictionary& other) {
  if (this != &other) {
    chars_ = other.chars_;
    offsets_ = other.offsets_;
    RebuildIndex();
  }
  return *this;
}

StringDictionary& StringDictionary::operator=(
    StringDictionary&& other) noexcept {
  if (this != &other) {
    chars_ = std::move(other.chars_);
    offsets_ = std::move(other.offsets_);
    other.chars_.clear();
    other.offsets_.assign(size_t{1}, 0u);
    other.index_.clear();
    other.index_ready_.store(true, std::memory_order_release);
    RebuildIndex();
  }
  return *this;
}

StringDictionary::~StringDictionary() = default;

void StringDictionary::RebuildIndex() {
  index_ = Index(0, CodeHash{this}, CodeEq{this});
  index_.reserve(size());
  for (uint32_t c = 0; c < size(); ++c) index_.insert(c);
  index_ready_.store(true, std::memory_order_release);
}

void StringDictionary::BuildIndexOnce() const {
  std::lock_guard<std::mutex> lock(index_mu_);
  if (index_ready_.load(std::memory_order_acquire)) return;
  const_cast<StringDictionary*>(this)->RebuildIndex();
}

void StringDictionary::Grow() {
  Index fresh(0, CodeHash{this}, CodeEq{this});
  fresh.reserve(index_.capacity() + 1);  // the next capacity up
  const uint32_t n = size();
  for (uint32_t c = 0; c < n; ++c) fresh.insert(c);
  index_.swap(fresh);
}

void StringDictionary::Reserve(size_t strings, size_t chars) {
  offsets_.reserve(strings + 1);
  chars_.reserve(chars);
  index_.reserve(strings);
}

void StringDictionary::Prefetch(std::string_view s) const {
  EnsureIndex();
  index_.prefetch(s);
}

std::optional<uint32_t> StringDictionary::Find(std::string_view s) const {
  EnsureIndex();
  auto it = index_.find(s);
  if (it == index_.end()) return std::nullopt;
  return *it;
}

uint32_t StringDictionary::Intern(std::string_view s, bool* inserted) {
  // One hash of the bytes; on a miss the bytes are appended and the new code
  // constructed in the slot found.
  *inserted = false;
  EnsureIndex();
  // Grow the index ourselves, re-inserting the codes in code order: the
  // table's own rehash walks its slots, so it would read the strings of the
  // codes in random order (two cache misses each for a large dictionary).
  const size_t cap = index_.capacity();
  if (cap >= 64 && index_.size() + 1 > cap - cap / 8) Grow();
  auto it = index_.lazy_emplace(s, [&](const Index::constructor& ctor) {
    const uint32_t code = size();
    chars_.append(s.data(), s.data() + s.size());
    offsets_.push_back(static_cast<uint32_t>(chars_.size()));
    *inserted = true;
    ctor(code);
  });
  return *it;
}

void StringDictionary::Freeze() {
  chars_.shrink_to_fit();
  offsets_.shrink_to_fit();
}

size_t StringDictionary::MemoryBytes() const {
  // A swiss table holds one control byte and one slot per bucket.
  return chars_.MemoryBytes() + offsets_.MemoryBytes() +
         index_.capacity() * (sizeof(uint32_t) + 1);
}

// ---- Column ----------------------------------------------------------------

std::string_view Column::StringAt(uint32_t code) const {
  if (dict != nullptr) return dict->Get(code);
  if (id_dict != nullptr) return id_dict->Get(code);
  return {};
}

size_t Column::MemoryBytes() const {
  size_t n = valid.MemoryBytes() + bools.MemoryBytes() + ints.MemoryBytes() +
             instants.MemoryBytes() + floats.MemoryBytes() + list_offsets.MemoryBytes() +
             element_valid.MemoryBytes();
  // A snapshot's id column views its table's NodeIds (counted with the
  // table); a built graph's holds a copy.
  if (id_dict == nullptr || !codes.is_view()) n += codes.MemoryBytes();
  if (owned_dict) n += owned_dict->MemoryBytes();
  return n;
}

// ---- Graph -----------------------------------------------------------------

// What the checked accessors return for an index out of range: empty, and
// never destroyed (they may be used during static destruction).
const Table& Graph::EmptyTable() {
  static const Table* const empty = new Table();
  return *empty;
}
const EdgeTable& Graph::EmptyEdgeTable() {
  static const EdgeTable* const empty = new EdgeTable();
  return *empty;
}
const Adjacency& Graph::EmptyAdjacency() {
  static const Adjacency* const empty = new Adjacency();
  return *empty;
}

size_t Graph::num_edges() const {
  size_t n = 0;
  for (const EdgeTable& t : edge_tables_) n += t.num_edges();
  return n;
}

size_t Graph::MemoryBytes() const {
  size_t n = sizeof(Graph) + ids_.MemoryBytes() + node_type_.MemoryBytes() +
             node_row_.MemoryBytes();
  for (const Table& t : tables_) {
    n += sizeof(Table) + t.nodes.MemoryBytes();
    for (const Column& c : t.columns) n += sizeof(Column) + c.MemoryBytes();
  }
  for (const EdgeTable& t : edge_tables_) {
    n += sizeof(EdgeTable) + t.from.MemoryBytes() + t.to.MemoryBytes();
    for (const Column& c : t.columns) n += sizeof(Column) + c.MemoryBytes();
  }
  for (const auto& per_type : adjacency_) {
    for (const Adjacency& a : per_type) {
      n += sizeof(Adjacency) + a.offsets.MemoryBytes() + a.target_rows.MemoryBytes() +
           a.target_types.MemoryBytes() + a.edges.MemoryBytes();
    }
  }
  return n;
}

absl::Status Graph::CheckIntact() const {
  return mapped_file_ != nullptr ? mapped_file_->CheckIntact() : absl::OkStatus();
}

}  // namespace vigil

// The columnar asset graph: Bitmap, StringDictionary, Column, Graph.
#include "vigil/graph.h"

#include <bit>
#include <cstring>

#include "absl/hash/hash.h"

namespace vigil {

// ---- Bitmap ----------------------------------------------------------------

void Bitmap::Resize(size_t n, bool value) {
  const size_t old_size = size_;
  words_.resize((n + 63) / 64, value ? ~uint64_t{0} : 0);
  size_ = n;
  if (n > old_size) {
    // Bits [old_size, n) of the previously last word must take `value`.
    for (size_t i = old_size; i < n && (i & 63) != 0; ++i) Assign(i, value);
  }
  // Keep bits past the end cleared so CountSet() and word-wise ops are exact.
  if ((n & 63) != 0) words_.back() &= (uint64_t{1} << (n & 63)) - 1;
}

void Bitmap::PushBack(bool v) {
  if ((size_ & 63) == 0) words_.push_back(0);
  if (v) words_[size_ >> 6] |= uint64_t{1} << (size_ & 63);
  ++size_;
}

size_t Bitmap::CountSet() const {
  size_t n = 0;
  for (uint64_t w : words_) n += static_cast<size_t>(std::popcount(w));
  return n;
}

// ---- StringDictionary ------------------------------------------------------

size_t StringDictionary::CodeHash::operator()(uint32_t code) const {
  return absl::HashOf(dict->Get(code));
}
size_t StringDictionary::CodeHash::operator()(std::string_view s) const {
  return absl::HashOf(s);
}
bool StringDictionary::CodeEq::operator()(uint32_t a,
                                          std::string_view b) const {
  return dict->Get(a) == b;
}
bool StringDictionary::CodeEq::operator()(std::string_view a,
                                          uint32_t b) const {
  return dict->Get(b) == a;
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
  other.offsets_.assign(1, 0);
  other.index_.clear();
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
    other.offsets_.assign(1, 0);
    other.index_.clear();
    RebuildIndex();
  }
  return *this;
}

StringDictionary::~StringDictionary() = default;

void StringDictionary::RebuildIndex() {
  index_ = Index(0, CodeHash{this}, CodeEq{this});
  index_.reserve(size());
  for (uint32_t c = 0; c < size(); ++c) index_.insert(c);
}

void StringDictionary::Reserve(size_t strings, size_t chars) {
  offsets_.reserve(strings + 1);
  chars_.reserve(chars);
  index_.reserve(strings);
}

std::optional<uint32_t> StringDictionary::Find(std::string_view s) const {
  auto it = index_.find(s);
  if (it == index_.end()) return std::nullopt;
  return *it;
}

uint32_t StringDictionary::Intern(std::string_view s) {
  bool inserted;
  return Intern(s, &inserted);
}

uint32_t StringDictionary::Intern(std::string_view s, bool* inserted) {
  // One hash of the bytes; on a miss the bytes are appended and the new code
  // constructed in the slot found.
  *inserted = false;
  auto it = index_.lazy_emplace(s, [&](const Index::constructor& ctor) {
    const uint32_t code = size();
    chars_.append(s.data(), s.size());
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
  return chars_.capacity() + offsets_.capacity() * sizeof(uint32_t) +
         index_.capacity() * (sizeof(uint32_t) + 1);
}

// ---- Column ----------------------------------------------------------------

std::string_view Column::StringAt(uint32_t code) const {
  if (dict != nullptr) return dict->Get(code);
  if (id_dict != nullptr) return id_dict->Get(code);
  return {};
}

size_t Column::MemoryBytes() const {
  size_t n = valid.MemoryBytes() + bools.capacity() +
             ints.capacity() * sizeof(int64_t) +
             floats.capacity() * sizeof(double) +
             codes.capacity() * sizeof(uint32_t) +
             list_offsets.capacity() * sizeof(uint32_t) +
             element_valid.MemoryBytes();
  if (owned_dict) n += owned_dict->MemoryBytes();
  return n;
}

// ---- Graph -----------------------------------------------------------------

size_t Graph::num_edges() const {
  size_t n = 0;
  for (const EdgeTable& t : edge_tables_) n += t.num_edges();
  return n;
}

size_t Graph::MemoryBytes() const {
  size_t n = sizeof(Graph) + ids_.MemoryBytes() +
             node_type_.capacity() * sizeof(TypeId) +
             node_row_.capacity() * sizeof(RowId);
  for (const Table& t : tables_) {
    n += sizeof(Table) + t.nodes.capacity() * sizeof(NodeId);
    for (const Column& c : t.columns) n += sizeof(Column) + c.MemoryBytes();
  }
  for (const EdgeTable& t : edge_tables_) {
    n += sizeof(EdgeTable) + (t.from.capacity() + t.to.capacity()) *
                                 sizeof(NodeId);
    for (const Column& c : t.columns) n += sizeof(Column) + c.MemoryBytes();
  }
  for (const auto& per_type : adjacency_) {
    for (const Adjacency& a : per_type) {
      n += sizeof(Adjacency) + a.offsets.capacity() * sizeof(uint32_t) +
           a.target_rows.capacity() * sizeof(RowId) +
           a.target_types.capacity() * sizeof(TypeId) +
           a.edges.capacity() * sizeof(EdgeId);
    }
  }
  return n;
}

}  // namespace vigil

// vigil/pod_array.h — the array type of a graph's columns: plain values
// that either live in the array (a std::vector it owns) or are viewed where
// they lie (a snapshot file's pages, which the graph keeps mapped).
//
// Readers see one interface either way, the read-only part of std::vector:
// size(), empty(), data(), operator[], front(), back(), begin(), end(), and
// a std::span. A graph hands out only const references, so code outside the
// graph layer never mutates one; the graph's builder fills owned arrays
// with the vector-like mutators below.
//
//   ```cpp
//   vigil::PodArray<uint32_t> codes = std::vector<uint32_t>{3, 1, 2};
//   uint32_t sum = 0;
//   for (uint32_t c : codes) sum += c;                   // 6
//   std::span<const uint32_t> all = codes.span();        // no copy
//   vigil::PodArray<uint32_t> view = vigil::PodArray<uint32_t>::View(all);
//   bool same = view.data() == codes.data();             // true: a view
//   ```
#ifndef VIGIL_POD_ARRAY_H_
#define VIGIL_POD_ARRAY_H_

#include <cstddef>
#include <initializer_list>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace vigil {

template <typename T>
class PodArray {
  static_assert(std::is_trivially_copyable_v<T>, "PodArray holds plain values");

 public:
  using value_type = T;
  using const_iterator = const T*;

  PodArray() = default;
  PodArray(std::vector<T> v)  // NOLINT: a vector is an owned array
      : owned_(std::move(v)), data_(owned_.data()), size_(owned_.size()) {}
  PodArray(std::initializer_list<T> v) : PodArray(std::vector<T>(v)) {}
  // A view of `n` values at `p`; whoever made it keeps them alive and
  // unchanged while the view (and every copy of it) is used.
  static PodArray View(const T* p, size_t n) {
    PodArray a;
    a.data_ = p;
    a.size_ = n;
    a.view_ = true;
    return a;
  }
  static PodArray View(std::span<const T> s) { return View(s.data(), s.size()); }

  // Copying an owned array copies its values; copying a view copies the
  // view. Moving keeps the values where they are.
  PodArray(const PodArray& o) : owned_(o.owned_), view_(o.view_) { Point(o); }
  PodArray(PodArray&& o) noexcept : owned_(std::move(o.owned_)), view_(o.view_) {
    Point(o);
    o.Reset();
  }
  PodArray& operator=(const PodArray& o) {
    if (this != &o) {
      owned_ = o.owned_;
      view_ = o.view_;
      Point(o);
    }
    return *this;
  }
  PodArray& operator=(PodArray&& o) noexcept {
    if (this != &o) {
      owned_ = std::move(o.owned_);
      view_ = o.view_;
      Point(o);
      o.Reset();
    }
    return *this;
  }
  PodArray& operator=(std::vector<T> v) { return *this = PodArray(std::move(v)); }

  // ---- reading -------------------------------------------------------------
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T* data() const { return data_; }
  const T& operator[](size_t i) const { return data_[i]; }
  const T& front() const { return data_[0]; }
  const T& back() const { return data_[size_ - 1]; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  std::span<const T> span() const { return {data_, size_}; }
  operator std::span<const T>() const { return span(); }  // NOLINT
  // True when the values are viewed where they lie, not owned.
  bool is_view() const { return view_; }
  // Bytes the values take: an owned array's capacity, a view's size.
  size_t MemoryBytes() const {
    return (view_ ? size_ : owned_.capacity()) * sizeof(T);
  }
  bool operator==(const PodArray& o) const {
    if (size_ != o.size_) return false;
    for (size_t i = 0; i < size_; ++i) {
      if (!(data_[i] == o.data_[i])) return false;
    }
    return true;
  }

  // ---- building (a view is first copied into an array of its own) --------
  T& mutable_at(size_t i) {
    Own();
    return owned_[i];
  }
  T* mutable_data() {
    Own();
    return owned_.data();
  }
  void push_back(const T& v) {
    Own();
    owned_.push_back(v);
    Sync();
  }
  void resize(size_t n) {
    Own();
    owned_.resize(n);
    Sync();
  }
  void resize(size_t n, const T& v) {
    Own();
    owned_.resize(n, v);
    Sync();
  }
  void reserve(size_t n) {
    Own();
    owned_.reserve(n);
    Sync();
  }
  void assign(size_t n, const T& v) {
    Own();
    owned_.assign(n, v);
    Sync();
  }
  template <typename It>
  void assign(It first, It last) {
    Own();
    owned_.assign(first, last);
    Sync();
  }
  template <typename It>
  void append(It first, It last) {
    Own();
    owned_.insert(owned_.end(), first, last);
    Sync();
  }
  void clear() {
    owned_.clear();
    view_ = false;
    Sync();
  }
  void shrink_to_fit() {
    Own();
    owned_.shrink_to_fit();
    Sync();
  }
  // The owned values, taken out (a view's values copied); leaves it empty.
  std::vector<T> Release() {
    Own();
    std::vector<T> v = std::move(owned_);
    Reset();
    return v;
  }

 private:
  void Sync() {
    data_ = owned_.data();
    size_ = owned_.size();
  }
  void Own() {
    if (view_) {
      owned_.assign(data_, data_ + size_);
      view_ = false;
      Sync();
    }
  }
  void Point(const PodArray& o) {
    if (view_) {
      data_ = o.data_;
      size_ = o.size_;
    } else {
      Sync();
    }
  }
  void Reset() {
    owned_.clear();
    view_ = false;
    Sync();
  }

  std::vector<T> owned_;
  const T* data_ = nullptr;
  size_t size_ = 0;
  bool view_ = false;
};

}  // namespace vigil

#endif  // VIGIL_POD_ARRAY_H_

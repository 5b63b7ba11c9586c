// What the graph layer's own builder (and its tests) may do to the parts of
// a graph that are read-only to everyone else: intern strings into a
// dictionary, append to a bitmap, drop spare capacity. Not installed.
#ifndef VIGIL_SRC_GRAPH_GRAPH_INTERNAL_H_
#define VIGIL_SRC_GRAPH_GRAPH_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "vigil/graph.h"

namespace vigil::graph_internal {

struct Access {
  // Bitmap
  static void PushBack(Bitmap& b, bool v) { b.PushBack(v); }
  static std::vector<uint64_t>& Words(Bitmap& b) { return b.words_; }

  // StringDictionary
  static uint32_t Intern(StringDictionary& d, std::string_view s) {
    bool inserted;
    return d.Intern(s, &inserted);
  }
  static uint32_t Intern(StringDictionary& d, std::string_view s, bool* inserted) {
    return d.Intern(s, inserted);
  }
  // Bytes of text held (codes address it with 32-bit offsets).
  static size_t TextBytes(const StringDictionary& d) { return d.chars_.size(); }
  static void ReserveIndex(StringDictionary& d, size_t n) { d.index_.reserve(n); }
  static void Freeze(StringDictionary& d) { d.Freeze(); }
};

}  // namespace vigil::graph_internal

#endif  // VIGIL_SRC_GRAPH_GRAPH_INTERNAL_H_

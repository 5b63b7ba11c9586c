#include "vigil/coverage.h"

namespace vigil {

void Coverage::Add(uint32_t clause_offset, uint64_t t, uint64_t f, uint64_t u) {
  std::lock_guard<std::mutex> l(mu_);
  Counts& c = counts_[clause_offset];
  c.true_rows += t;
  c.false_rows += f;
  c.unknown_rows += u;
  ++c.evaluations;
}

void Coverage::Merge(const Coverage& other) {
  auto snap = other.Snapshot();
  std::lock_guard<std::mutex> l(mu_);
  for (const auto& [k, c] : snap) {
    Counts& d = counts_[k];
    d.true_rows += c.true_rows;
    d.false_rows += c.false_rows;
    d.unknown_rows += c.unknown_rows;
    d.evaluations += c.evaluations;
  }
}

std::map<uint32_t, Coverage::Counts> Coverage::Snapshot() const {
  std::lock_guard<std::mutex> l(mu_);
  return counts_;
}

Coverage::Counts Coverage::Get(uint32_t clause_offset) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = counts_.find(clause_offset);
  return it == counts_.end() ? Counts{} : it->second;
}

}  // namespace vigil

// Collection facts carried by a graph (vigil/collection.h).
#include "vigil/collection.h"

#include <algorithm>
#include <tuple>

namespace vigil {

const char* CollectionStateName(CollectionState state) {
  switch (state) {
    case CollectionState::kCollected: return "collected";
    case CollectionState::kFailed: return "failed";
    case CollectionState::kMissing: return "missing";
    case CollectionState::kExcluded: return "excluded";
  }
  return "collected";
}

std::optional<CollectionState> ParseCollectionState(std::string_view name) {
  if (name == "collected") return CollectionState::kCollected;
  if (name == "failed") return CollectionState::kFailed;
  if (name == "missing") return CollectionState::kMissing;
  if (name == "excluded") return CollectionState::kExcluded;
  return std::nullopt;
}

std::string Collection::call() const {
  std::string s = service;
  s += ' ';
  s += command;
  return s;
}

std::string Collection::scope() const {
  std::string s = account;
  s += '/';
  s += region;
  return s;
}

CollectionSet::CollectionSet(std::vector<Collection> facts) : facts_(std::move(facts)) {
  std::stable_sort(facts_.begin(), facts_.end(), [](const Collection& a, const Collection& b) {
    return std::tie(a.account, a.region, a.service, a.command, a.state) <
           std::tie(b.account, b.region, b.service, b.command, b.state);
  });
}

std::vector<const Collection*> CollectionSet::ForCall(std::string_view call) const {
  std::vector<const Collection*> out;
  const size_t space = call.find(' ');
  if (space == std::string_view::npos) return out;
  const std::string_view service = call.substr(0, space), command = call.substr(space + 1);
  for (const Collection& c : facts_) {
    if (c.service == service && c.command == command) out.push_back(&c);
  }
  return out;
}

std::vector<const Collection*> CollectionSet::Excluded() const {
  std::vector<const Collection*> out;
  for (const Collection& c : facts_) {
    if (c.state == CollectionState::kExcluded) out.push_back(&c);
  }
  return out;
}

}  // namespace vigil

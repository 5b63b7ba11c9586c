// vigil/collection.h — what a connector collected, as facts carried by the
// graph, so that a check never passes on data that was never collected.
//
// A connector that reads an API records, for every call it knows about, one
// Collection per (account, region, service, command): collected, failed
// (with the API's error code) or missing (expected, but not there). A region
// left out of the scope on purpose (for example by `--regions`) is recorded
// once, with state kExcluded and no service or command.
//
//   ```cpp
//   vigil::GraphBuilder b(schema);
//   // ... assets and edges ...
//   b.AddCollection({.account = "111122223333", .region = "eu-west-1",
//                    .service = "ec2", .command = "describe-flow-logs",
//                    .state = vigil::CollectionState::kFailed,
//                    .error_code = "UnauthorizedOperation"});
//   std::shared_ptr<const vigil::Graph> g = std::move(b).Finish().value();
//   g->collections().empty();  // false
//   ```
//
// Which calls fill which part of a schema is declared in the schema itself
// with the directive `@collectedBy(calls: ["ec2 describe-vpcs"])` on types
// and fields (vigil/schema.h: TypeDef::collected_by). Before it evaluates a
// check, the policy engine (vigil/engine.h) works out the calls the check's
// query reads and, when any of them is failed or missing anywhere in the
// graph, reports the check as `error` instead of pass or fail. A graph with
// no collection facts at all (a hand-written graph) is evaluated as before.
//
// In the graph's JSON form the facts are the optional top-level array
// "collections" (docs/graph-format.md, "Collections").
#ifndef VIGIL_COLLECTION_H_
#define VIGIL_COLLECTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

enum class CollectionState : uint8_t {
  kCollected,  // the call answered (possibly "there is none", see error_code)
  kFailed,     // the call was made and refused (error_code says why)
  kMissing,    // the call was expected but there is no trace of it
  kExcluded,   // the whole region was left out of the scope on purpose
};

// "collected", "failed", "missing", "excluded".
const char* CollectionStateName(CollectionState state);
std::optional<CollectionState> ParseCollectionState(std::string_view name);

struct Collection {
  std::string account;  // "111122223333"
  std::string region;   // "eu-west-1", or "global" for account-wide calls
  std::string service;  // the AWS CLI's service name, "ec2"; "" for kExcluded
  std::string command;  // the AWS CLI's command name, "describe-vpcs"; "" for kExcluded
  CollectionState state = CollectionState::kCollected;
  // kFailed: the error code (AccessDenied, UnauthorizedOperation, ...).
  // kCollected: the documented absence code when the answer was "there is
  // none" (NoSuchEntity for a password policy), else empty.
  std::string error_code;
  // Free text for people: which per-resource calls failed, why a region
  // was excluded, ...
  std::string detail;

  // "ec2 describe-vpcs": the name @collectedBy uses.
  std::string call() const;
  // "111122223333/eu-west-1".
  std::string scope() const;
  // Collected, or answered with an absence code: the data is known.
  bool ok() const { return state == CollectionState::kCollected; }

  friend bool operator==(const Collection&, const Collection&) = default;
};

// The collection facts of one graph, in a canonical order (account, region,
// service, command, state).
class CollectionSet {
 public:
  CollectionSet() = default;
  explicit CollectionSet(std::vector<Collection> facts);

  bool empty() const { return facts_.empty(); }
  size_t size() const { return facts_.size(); }
  const std::vector<Collection>& facts() const { return facts_; }

  // The facts about one call ("ec2 describe-vpcs"), in canonical order.
  std::vector<const Collection*> ForCall(std::string_view call) const;
  // The regions excluded from the scope (state kExcluded).
  std::vector<const Collection*> Excluded() const;

 private:
  std::vector<Collection> facts_;
};

}  // namespace vigil

#endif  // VIGIL_COLLECTION_H_

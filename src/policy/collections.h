// Internal to the policy layer: whether the collections a check reads are
// all there (the public half is vigil/engine.h CollectionsRead).
#ifndef VIGIL_SRC_POLICY_COLLECTIONS_H_
#define VIGIL_SRC_POLICY_COLLECTIONS_H_

#include <string>
#include <vector>

#include "vigil/collection.h"

namespace vigil::policy_internal {

// "" when every call of `calls` is collected wherever the graph records it
// (or the graph records no collections at all). Otherwise the message of
// the check's `error` outcome, naming each call and where it is failed or
// missing (at most `max_shown` places, then "and N more"). A call the graph
// has no fact about at all counts as missing ("no record of it").
std::string UncollectedMessage(const CollectionSet& set, const std::vector<std::string>& calls,
                               size_t max_shown = 12);

}  // namespace vigil::policy_internal

#endif  // VIGIL_SRC_POLICY_COLLECTIONS_H_

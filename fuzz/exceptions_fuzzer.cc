// libFuzzer target: the exceptions-file parser (vigil/waivers.h), from
// text, without and with a pack (a one-control pack built in memory, so
// that unknown controls are checked too), and the glob matcher of the
// rules it gives.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "vigil/policy.h"
#include "vigil/waivers.h"

namespace {

const vigil::Pack& GetPack() {
  static const auto* pack = [] {
    auto* p = new vigil::Pack;
    p->name = "fuzz";
    vigil::ControlDef c;
    c.id = "cis-aws-3.7";
    p->controls.push_back(c);
    return p;
  }();
  return *pack;
}

void CheckSet(const vigil::ExceptionSet& set) {
  for (const vigil::ExceptionRule& r : set.rules) {
    if (r.control.empty() || r.assets.empty() || r.owner.empty() || r.reason.empty() ||
        r.expires.empty()) {
      std::abort();
    }
    for (const std::string& a : r.assets) {
      if (a.empty()) std::abort();
      // A pattern without metacharacters matches exactly itself.
      if (a.find_first_of("*?\\") == std::string::npos && !r.Covers(a)) std::abort();
      (void)r.Covers("vpc-0a1b");
      (void)vigil::GlobMatch(a, r.reason);
    }
    // An expiry is a date of 0001..9999 (a date holds through its day).
    if (r.expires_at < vigil::Instant::Min() ||
        r.expires_at.seconds > vigil::Instant::Max().seconds + 86400) {
      std::abort();
    }
    (void)r.ExpiredAt(vigil::Instant{});
    for (const auto& [key, value] : r.extensions) {
      if (key.size() < 3 || key.compare(0, 2, "x-") != 0) std::abort();
      (void)value.ToJson();
    }
    // The factory accepts what the file reader accepted.
    if (!vigil::ExceptionRule::Create(r.control, r.assets, r.owner, r.reason, r.expires).ok()) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const vigil::Pack* pack : {static_cast<const vigil::Pack*>(nullptr), &GetPack()}) {
    for (const bool strict : {false, true}) {
      vigil::Diagnostics diags;
      vigil::ExceptionOptions options;
      options.strict_controls = strict;
      auto set = vigil::ExceptionSet::Parse(text, "fuzz.json", pack, &diags, options);
      if (set.ok()) {
        // Only warnings: a control the pack lacks, when not strict.
        for (const auto& d : diags) {
          if (d.severity == vigil::Severity::kError || strict || pack == nullptr) std::abort();
        }
        CheckSet(*set);
      } else {
        if (diags.empty()) std::abort();  // a failure must say where
        for (const auto& d : diags) {
          if (d.location.offset > text.size()) std::abort();
          (void)d.ToString();
        }
      }
    }
  }
  // The glob matcher on the two halves of the input (pattern, text).
  size_t half = size / 2;
  (void)vigil::GlobMatch(text.substr(0, half), text.substr(half));
  return 0;
}

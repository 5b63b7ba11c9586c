// vigil/testing.h — GoogleTest matchers for unit-testing controls from C++.
//
// Header-only; include it from test code that links GoogleTest/GoogleMock
// (GTest::gmock) besides vigil::vigil. Nothing else in vigil includes it,
// so programs that do not use GoogleTest are not affected.
//
//   ```cpp
//   #include "vigil/testing.h"
//   using namespace vigil::testing;
//
//   auto pack = LoadPackForTest("packs/cis-aws");
//   EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7",
//                        R"({"assets": [{"id": "vpc-1", "type": "Vpc"}]})"),
//               Fails(OffendingIds({"vpc-1"})));
//   EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", *graph), Passes());
//
//   EvaluateOptions opts;
//   opts.now = "2026-01-15T00:00:00Z";
//   vigil::ExceptionSet ex = ExceptionsFromJson(*pack, R"({"exceptions": []})");
//   opts.exceptions = &ex;
//   EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", graph_json, opts),
//               IsWaived(WaivedIds({"vpc-1"})));
//   ```
//
// Matchers (each accepts an Evaluation or a vigil::ControlReport):
//   Passes()                   the control passed
//   Fails(), Fails(m)          it failed (and the ControlReport matches m)
//   IsWaived(), IsWaived(m)    every offending row was waived
//   HasError(), HasError(sub)  a check errored (its message contains sub)
//   OffendingIds({...})        exactly these offending asset ids (any order)
//   WaivedIds({...})           exactly these waived asset ids (any order)
// A failure explains itself: the actual status, the check messages, the
// offending and waived ids, and which ids are missing or unexpected.
#ifndef VIGIL_TESTING_H_
#define VIGIL_TESTING_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "vigil/diagnostic.h"
#include "vigil/engine.h"
#include "vigil/graph.h"
#include "vigil/json_loader.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"
#include "vigil/report.h"
#include "vigil/value.h"
#include "vigil/waivers.h"

namespace vigil {

// How GoogleTest shows a ControlReport: status, checks and their rows.
inline void PrintTo(const ControlReport& c, std::ostream* os) {
  *os << "control " << c.id << ": " << OutcomeName(c.status);
  for (const CheckReport& k : c.checks) {
    *os << "\n    check \"" << k.name << "\": " << OutcomeName(k.status);
    if (!k.message.empty()) *os << " (" << k.message << ")";
    if (!k.offending.empty()) {
      *os << "; offending:";
      for (const ReportRow& r : k.offending) *os << " " << (r.id.empty() ? "(no id)" : r.id);
    }
    if (!k.waived.empty()) {
      *os << "; waived:";
      for (const ReportRow& r : k.waived) *os << " " << (r.id.empty() ? "(no id)" : r.id);
    }
  }
}

namespace testing {

// The outcome of evaluating one control: `status` is not OK when the
// evaluation could not run at all (an unknown control, bad parameters, a
// graph that did not load); otherwise `control` holds its report.
struct Evaluation {
  absl::Status status;
  ControlReport control;
};

inline void PrintTo(const Evaluation& e, std::ostream* os) {
  if (!e.status.ok()) {
    *os << "evaluation failed: " << e.status.message();
    return;
  }
  vigil::PrintTo(e.control, os);
}

struct EvaluateOptions {
  // The evaluation time as RFC 3339 ("2026-01-15T00:00:00Z"): exception
  // expiry and DateTime parameters. Empty: the current time.
  std::string now;
  const ExceptionSet* exceptions = nullptr;  // may be null
  std::map<std::string, Value> parameters;   // overrides of the control's
  int threads = 1;
};

// Loads a pack; on error the test fails (ADD_FAILURE with the diagnostics)
// and nullptr is returned.
inline std::shared_ptr<const Pack> LoadPackForTest(const std::string& dir) {
  Diagnostics diags;
  auto pack = LoadPack(dir, {}, &diags);
  if (!pack.ok()) {
    std::string all;
    for (const Diagnostic& d : diags) all += d.ToString() + "\n";
    ADD_FAILURE() << "cannot load the pack " << dir << ": " << pack.status().message() << "\n"
                  << all;
    return nullptr;
  }
  return *std::move(pack);
}

// Builds a graph of `schema` from JSON text (canonical or convenience
// form); on error the test fails and nullptr is returned.
inline std::shared_ptr<const Graph> GraphFromJson(std::shared_ptr<const Schema> schema,
                                                  std::string_view json) {
  LoadOptions lo;
  lo.file_name = "<graph>";
  auto g = LoadGraphJson(json, std::move(schema), lo);
  if (!g.ok()) {
    ADD_FAILURE() << "cannot load the graph: " << g.status().message();
    return nullptr;
  }
  return *std::move(g);
}
inline std::shared_ptr<const Graph> GraphFromJson(const Pack& pack, std::string_view json) {
  return GraphFromJson(pack.schema, json);
}

// Parses an exceptions file's text ({"exceptions": [...]}); on error the
// test fails and an empty set is returned.
inline ExceptionSet ExceptionsFromJson(const Pack& pack, std::string_view json) {
  Diagnostics diags;
  auto set = ExceptionSet::Parse(json, "<exceptions>", &pack, &diags);
  if (!set.ok()) {
    ADD_FAILURE() << "bad exceptions: " << set.status().message();
    return {};
  }
  return *std::move(set);
}

// Evaluates one control of `pack` over `graph`.
inline Evaluation Evaluate(const Pack& pack, std::string_view control_id, const Graph& graph,
                           const EvaluateOptions& options = {}) {
  Evaluation e;
  RunOptions ro;
  ro.threads = options.threads;
  ro.exceptions = options.exceptions;
  ro.only_controls = {std::string(control_id)};
  if (!options.now.empty()) {
    std::optional<Instant> t = ParseInstant(options.now);
    if (!t) {
      e.status = absl::InvalidArgumentError("EvaluateOptions::now \"" + options.now +
                                            "\" is not an RFC 3339 date-time");
      return e;
    }
    ro.now = *t;
  }
  if (!options.parameters.empty()) ro.overrides[std::string(control_id)] = options.parameters;
  auto report = RunPack(pack, graph, ro);
  if (!report.ok()) {
    e.status = report.status();
    return e;
  }
  if (report->controls.size() != 1) {
    e.status = absl::InternalError("the run did not report exactly one control");
    return e;
  }
  e.control = std::move(report->controls.front());
  return e;
}

// Evaluates over a graph given as JSON text (loaded with the pack's schema).
inline Evaluation Evaluate(const Pack& pack, std::string_view control_id,
                           std::string_view graph_json, const EvaluateOptions& options = {}) {
  LoadOptions lo;
  lo.file_name = "<graph>";
  auto g = LoadGraphJson(graph_json, pack.schema, lo);
  if (!g.ok()) {
    Evaluation e;
    e.status = g.status();
    return e;
  }
  return Evaluate(pack, control_id, **g, options);
}

inline Evaluation Evaluate(const Pack& pack, std::string_view control_id,
                           const std::shared_ptr<const Graph>& graph,
                           const EvaluateOptions& options = {}) {
  if (graph == nullptr) {
    Evaluation e;
    e.status = absl::InvalidArgumentError("no graph (nullptr)");
    return e;
  }
  return Evaluate(pack, control_id, *graph, options);
}

namespace internal {

inline const ControlReport* AsControl(const Evaluation& e, ::testing::MatchResultListener* l) {
  if (!e.status.ok()) {
    *l << "the evaluation could not run: " << e.status.message();
    return nullptr;
  }
  return &e.control;
}
inline const ControlReport* AsControl(const ControlReport& c, ::testing::MatchResultListener*) {
  return &c;
}

inline std::vector<std::string> Ids(const ControlReport& c, bool waived) {
  std::set<std::string> ids;
  for (const CheckReport& k : c.checks) {
    for (const ReportRow& r : waived ? k.waived : k.offending) {
      ids.insert(r.id.empty() ? std::string("(no id)") : r.id);
    }
  }
  return {ids.begin(), ids.end()};
}

inline std::string JoinIds(const std::vector<std::string>& ids) {
  std::string s = "[";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? ", " : "") + ids[i];
  return s + "]";
}

// Why a control has the status it has: the messages of its checks.
inline std::string Messages(const ControlReport& c) {
  std::string s;
  for (const CheckReport& k : c.checks) {
    if (k.message.empty()) continue;
    s += (s.empty() ? "" : "; ") + ("check \"" + k.name + "\": " + k.message);
  }
  return s;
}

class StatusMatcher {
 public:
  StatusMatcher(Outcome want, std::optional<::testing::Matcher<const ControlReport&>> inner,
                std::string message_part = "")
      : want_(want), inner_(std::move(inner)), message_part_(std::move(message_part)) {}

  template <typename T>
  bool MatchAndExplain(const T& x, ::testing::MatchResultListener* l) const {
    const ControlReport* c = AsControl(x, l);
    if (c == nullptr) return false;
    if (c->status != want_) {
      *l << "the control " << c->id << " is " << OutcomeName(c->status);
      std::string m = Messages(*c);
      if (!m.empty()) *l << " (" << m << ")";
      std::vector<std::string> off = Ids(*c, false);
      if (!off.empty()) *l << ", offending " << JoinIds(off);
      std::vector<std::string> waived = Ids(*c, true);
      if (!waived.empty()) *l << ", waived " << JoinIds(waived);
      return false;
    }
    if (!message_part_.empty()) {
      std::string m = Messages(*c);
      if (m.find(message_part_) == std::string::npos) {
        *l << "no check message contains \"" << message_part_ << "\" (messages: " << m << ")";
        return false;
      }
    }
    if (inner_.has_value()) {
      ::testing::StringMatchResultListener inner_listener;
      bool ok = inner_->MatchAndExplain(*c, &inner_listener);
      std::string why = inner_listener.str();
      if (!why.empty()) *l << why;
      return ok;
    }
    return true;
  }
  void DescribeTo(std::ostream* os) const {
    *os << "is a control evaluation whose status is " << OutcomeName(want_);
    if (!message_part_.empty()) *os << " with a check message containing \"" << message_part_ << "\"";
    if (inner_.has_value()) {
      *os << " and that ";
      inner_->DescribeTo(os);
    }
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "is not a control evaluation whose status is " << OutcomeName(want_);
    if (!message_part_.empty()) *os << " with a check message containing \"" << message_part_ << "\"";
    if (inner_.has_value()) {
      *os << " and that ";
      inner_->DescribeTo(os);
    }
  }

 private:
  Outcome want_;
  std::optional<::testing::Matcher<const ControlReport&>> inner_;
  std::string message_part_;
};

class IdsMatcher {
 public:
  IdsMatcher(std::vector<std::string> ids, bool waived) : waived_(waived) {
    std::set<std::string> s(ids.begin(), ids.end());
    want_.assign(s.begin(), s.end());
  }

  template <typename T>
  bool MatchAndExplain(const T& x, ::testing::MatchResultListener* l) const {
    const ControlReport* c = AsControl(x, l);
    if (c == nullptr) return false;
    std::vector<std::string> got = Ids(*c, waived_);
    if (got == want_) return true;
    std::vector<std::string> missing, unexpected;
    std::set_difference(want_.begin(), want_.end(), got.begin(), got.end(),
                        std::back_inserter(missing));
    std::set_difference(got.begin(), got.end(), want_.begin(), want_.end(),
                        std::back_inserter(unexpected));
    *l << "the " << What() << " ids are " << JoinIds(got);
    if (!missing.empty()) *l << "; missing " << JoinIds(missing);
    if (!unexpected.empty()) *l << "; unexpected " << JoinIds(unexpected);
    return false;
  }
  void DescribeTo(std::ostream* os) const {
    *os << "has exactly the " << What() << " asset ids " << JoinIds(want_) << " (in any order)";
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "does not have exactly the " << What() << " asset ids " << JoinIds(want_);
  }

 private:
  const char* What() const { return waived_ ? "waived" : "offending"; }
  std::vector<std::string> want_;
  bool waived_;
};

}  // namespace internal

inline ::testing::PolymorphicMatcher<internal::StatusMatcher> Passes() {
  return ::testing::MakePolymorphicMatcher(internal::StatusMatcher(Outcome::kPass, std::nullopt));
}
inline ::testing::PolymorphicMatcher<internal::StatusMatcher> Fails() {
  return ::testing::MakePolymorphicMatcher(internal::StatusMatcher(Outcome::kFail, std::nullopt));
}
inline ::testing::PolymorphicMatcher<internal::StatusMatcher> Fails(
    ::testing::Matcher<const ControlReport&> m) {
  return ::testing::MakePolymorphicMatcher(internal::StatusMatcher(Outcome::kFail, std::move(m)));
}
inline ::testing::PolymorphicMatcher<internal::StatusMatcher> IsWaived() {
  return ::testing::MakePolymorphicMatcher(
      internal::StatusMatcher(Outcome::kWaived, std::nullopt));
}
inline ::testing::PolymorphicMatcher<internal::StatusMatcher> IsWaived(
    ::testing::Matcher<const ControlReport&> m) {
  return ::testing::MakePolymorphicMatcher(
      internal::StatusMatcher(Outcome::kWaived, std::move(m)));
}
inline ::testing::PolymorphicMatcher<internal::StatusMatcher> HasError(
    std::string message_part = "") {
  return ::testing::MakePolymorphicMatcher(
      internal::StatusMatcher(Outcome::kError, std::nullopt, std::move(message_part)));
}
inline ::testing::PolymorphicMatcher<internal::IdsMatcher> OffendingIds(
    std::vector<std::string> ids) {
  return ::testing::MakePolymorphicMatcher(internal::IdsMatcher(std::move(ids), false));
}
inline ::testing::PolymorphicMatcher<internal::IdsMatcher> WaivedIds(
    std::vector<std::string> ids) {
  return ::testing::MakePolymorphicMatcher(internal::IdsMatcher(std::move(ids), true));
}

}  // namespace testing
}  // namespace vigil

#endif  // VIGIL_TESTING_H_

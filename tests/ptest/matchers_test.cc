// The GoogleTest matchers of vigil/testing.h, on the bundled pack.
#include "vigil/testing.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace vigil::testing;  // NOLINT

const char kOneBareVpc[] = R"({"assets": [{"id": "vpc-1", "type": "Vpc"}]})";
const char kActive[] = R"({"assets": [{"id": "vpc-1", "type": "Vpc",
  "hasFlowLog": [{"id": "fl-1", "properties": {"flowLogStatus": "ACTIVE"}}]}]})";
const char kMixed[] = R"({"assets": [
  {"id": "vpc-1", "type": "Vpc"}, {"id": "vpc-2", "type": "Vpc"},
  {"id": "vpc-3", "type": "Vpc", "hasFlowLog": [{"id": "fl-3", "properties": {"flowLogStatus": "ACTIVE"}}]}]})";

// What a matcher says about a value that it does not match (GoogleTest
// 1.12 has no ::testing::Explain).
template <typename M, typename T>
std::string Explain(const M& matcher, const T& value) {
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(matcher, value, &listener));
  return listener.str();
}

std::shared_ptr<const Pack> BundledPack() {
  static std::shared_ptr<const Pack> pack =
      LoadPackForTest(std::string(VIGIL_SOURCE_DIR) + "/packs/cis-aws");
  return pack;
}

TEST(Matchers, FailsWithOffendingIds) {
  auto pack = BundledPack();
  ASSERT_NE(pack, nullptr);
  EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", kOneBareVpc), Fails(OffendingIds({"vpc-1"})));
  EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", kMixed), Fails(OffendingIds({"vpc-2", "vpc-1"})));
  EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", kMixed), Fails());
  EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", kMixed), Not(Fails(OffendingIds({"vpc-1"}))));
  EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", kMixed), Not(Passes()));
}

TEST(Matchers, PassesOnAGraphObject) {
  auto pack = BundledPack();
  ASSERT_NE(pack, nullptr);
  std::shared_ptr<const Graph> graph = GraphFromJson(*pack, kActive);
  ASSERT_NE(graph, nullptr);
  EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", *graph), Passes());
  EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", graph), Passes());
  // The matchers take a ControlReport too.
  Evaluation e = Evaluate(*pack, "cis-aws-3.7", graph);
  ASSERT_TRUE(e.status.ok());
  EXPECT_THAT(e.control, Passes());
  EXPECT_THAT(e.control, OffendingIds({}));
}

TEST(Matchers, IsWaivedWithWaivedIds) {
  auto pack = BundledPack();
  ASSERT_NE(pack, nullptr);
  ExceptionSet ex = ExceptionsFromJson(*pack, R"({"exceptions": [{"control": "cis-aws-3.7",
    "assets": ["vpc-*"], "owner": "o", "reason": "r", "expires": "2026-06-01"}]})");
  EvaluateOptions opts;
  opts.now = "2026-01-15T00:00:00Z";
  opts.exceptions = &ex;
  EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", kMixed, opts),
              IsWaived(WaivedIds({"vpc-1", "vpc-2"})));
  EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", kMixed, opts), IsWaived());
  // Once expired, it waives nothing.
  opts.now = "2026-06-02T00:00:00Z";
  EXPECT_THAT(Evaluate(*pack, "cis-aws-3.7", kMixed, opts),
              Fails(::testing::AllOf(OffendingIds({"vpc-1", "vpc-2"}), WaivedIds({}))));
}

TEST(Matchers, HasErrorOnAControlThatCannotEvaluate) {
  // A pack whose control needs a parameter that has no default.
  ControlReport c;
  c.id = "x";
  c.status = Outcome::kError;
  CheckReport k;
  k.name = "c";
  k.status = Outcome::kError;
  k.message = "parameter \"days\" has no value";
  c.checks.push_back(k);
  EXPECT_THAT(c, HasError());
  EXPECT_THAT(c, HasError("no value"));
  EXPECT_THAT(c, Not(HasError("timeout")));
  EXPECT_THAT(c, Not(Passes()));
  EXPECT_EQ(Explain(HasError("timeout"), c),
            "no check message contains \"timeout\" (messages: check \"c\": parameter \"days\" "
            "has no value)");
}

TEST(Matchers, FailureMessagesExplainTheDifference) {
  auto pack = BundledPack();
  ASSERT_NE(pack, nullptr);
  Evaluation e = Evaluate(*pack, "cis-aws-3.7", kMixed);
  EXPECT_EQ(Explain(Fails(OffendingIds({"vpc-1", "vpc-3"})), e),
            "the offending ids are [vpc-1, vpc-2]; missing [vpc-3]; unexpected [vpc-2]");
  std::string why = Explain(Passes(), e);
  EXPECT_THAT(why, HasSubstr("the control cis-aws-3.7 is fail ("));
  EXPECT_THAT(why, HasSubstr("2 offending rows"));
  EXPECT_THAT(why, HasSubstr("offending [vpc-1, vpc-2]"));
  EXPECT_EQ(::testing::DescribeMatcher<Evaluation>(Fails(OffendingIds({"b", "a"}))),
            "is a control evaluation whose status is fail and that has exactly the offending "
            "asset ids [a, b] (in any order)");
  EXPECT_EQ(::testing::DescribeMatcher<Evaluation>(Passes(), /*negation=*/true),
            "is not a control evaluation whose status is pass");

  // A listener gets the same explanation.
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(IsWaived(), e, &listener));
  EXPECT_THAT(listener.str(), HasSubstr("is fail"));

  // An evaluation that could not run matches nothing, and says why.
  Evaluation bad = Evaluate(*pack, "cis-aws-9.9", kMixed);
  EXPECT_FALSE(bad.status.ok());
  EXPECT_THAT(Explain(Passes(), bad), HasSubstr("the evaluation could not run: "));
  EXPECT_THAT(Explain(Passes(), bad), HasSubstr("cis-aws-9.9"));
  EXPECT_THAT(bad, Not(HasError()));
  Evaluation bad_graph = Evaluate(*pack, "cis-aws-3.7", R"({"assets": [{"id": 1}]})");
  EXPECT_THAT(Explain(Fails(), bad_graph), HasSubstr("the evaluation could not run"));
  EvaluateOptions opts;
  opts.now = "soon";
  EXPECT_THAT(Explain(Fails(), Evaluate(*pack, "cis-aws-3.7", kMixed, opts)),
              HasSubstr("not an RFC 3339 date-time"));
}

TEST(Matchers, PrintsAnEvaluation) {
  auto pack = BundledPack();
  ASSERT_NE(pack, nullptr);
  std::string shown = ::testing::PrintToString(Evaluate(*pack, "cis-aws-3.7", kMixed));
  EXPECT_THAT(shown, HasSubstr("control cis-aws-3.7: fail"));
  EXPECT_THAT(shown, HasSubstr("offending: vpc-1 vpc-2"));
}

}  // namespace
}  // namespace vigil

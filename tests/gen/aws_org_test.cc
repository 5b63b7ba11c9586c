// The synthetic organisation of `vigil gen`: the CIS pack reports on it
// exactly what the generator says it will, and the same options give the
// same bytes.
#include "src/gen/aws_org.h"

#include <map>
#include <string>

#include "gtest/gtest.h"
#include "src/base/file.h"
#include "vigil/engine.h"
#include "vigil/graph_writer.h"
#include "vigil/policy.h"
#include "vigil/snapshot.h"

namespace vigil {
namespace {

std::string Source(const std::string& rel) { return std::string(VIGIL_SOURCE_DIR) + "/" + rel; }

std::shared_ptr<const Schema> AwsSchema() {
  auto sdl = ReadTextFile(Source("schemas/aws.graphql"));
  EXPECT_TRUE(sdl.ok());
  auto s = Schema::FromSdl(*sdl, "aws.graphql");
  EXPECT_TRUE(s.ok()) << s.status();
  return *s;
}

TEST(AwsOrgTest, PackReportsWhatTheGeneratorExpects) {
  auto pack = LoadPack(Source("packs/cis-aws"));
  ASSERT_TRUE(pack.ok()) << pack.status();
  gen::OrgOptions o;
  o.accounts = 20;
  o.assets = 10000;
  o.seed = 7;
  o.violations = 0.05;
  auto org = gen::GenerateAwsOrg((*pack)->schema, o);
  ASSERT_TRUE(org.ok()) << org.status();
  // About the size asked for, and every concrete type of the schema used.
  EXPECT_GT(org->graph->num_assets(), 9000u);
  EXPECT_LT(org->graph->num_assets(), 11000u);
  const Schema& s = *(*pack)->schema;
  for (TypeId t = 0; t < static_cast<TypeId>(s.types().size()); ++t) {
    if (!s.type(t).is_object() || s.type(t).plural.empty()) continue;
    EXPECT_GT(org->graph->table(t).num_rows(), 0u) << s.type(t).name;
  }

  RunOptions ro;
  ro.now = org->now;
  ro.threads = 2;
  auto report = RunPack(**pack, *org->graph, ro);
  ASSERT_TRUE(report.ok()) << report.status();
  std::map<std::string, const gen::ControlExpectation*> expected;
  for (const auto& e : org->expected) expected[e.control] = &e;
  ASSERT_EQ(expected.size(), (*pack)->controls.size());
  int failing = 0;
  for (const ControlReport& c : report->controls) {
    auto it = expected.find(c.id);
    ASSERT_NE(it, expected.end()) << c.id;
    size_t offending = 0;
    for (const CheckReport& k : c.checks) {
      EXPECT_NE(k.status, Outcome::kError) << c.id << ": " << k.message;
      offending += k.offending.size();
    }
    EXPECT_EQ(offending, it->second->offending) << c.id;
    EXPECT_EQ(c.status == Outcome::kFail, it->second->fails) << c.id;
    failing += it->second->fails;
  }
  // At 5% most controls find something, and some do not.
  EXPECT_GT(failing, 30);
}

TEST(AwsOrgTest, NoViolationsMeansEveryControlPasses) {
  auto pack = LoadPack(Source("packs/cis-aws"));
  ASSERT_TRUE(pack.ok()) << pack.status();
  gen::OrgOptions o;
  o.accounts = 3;
  o.assets = 3000;
  o.violations = 0;
  auto org = gen::GenerateAwsOrg((*pack)->schema, o);
  ASSERT_TRUE(org.ok()) << org.status();
  RunOptions ro;
  ro.now = org->now;
  auto report = RunPack(**pack, *org->graph, ro);
  ASSERT_TRUE(report.ok()) << report.status();
  for (const ControlReport& c : report->controls) {
    EXPECT_EQ(c.status, Outcome::kPass) << c.id;
  }
  for (const auto& e : org->expected) EXPECT_FALSE(e.fails) << e.control;
}

TEST(AwsOrgTest, SameSeedSameBytes) {
  auto schema = AwsSchema();
  gen::OrgOptions o;
  o.accounts = 4;
  o.assets = 4000;
  o.seed = 42;
  auto a = gen::GenerateAwsOrg(schema, o);
  auto b = gen::GenerateAwsOrg(schema, o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(GraphToJson(*a->graph), GraphToJson(*b->graph));
  EXPECT_EQ(GraphToSnapshot(*a->graph), GraphToSnapshot(*b->graph));
  EXPECT_EQ(gen::ExpectedJson(*a, o), gen::ExpectedJson(*b, o));
  o.seed = 43;
  auto c = gen::GenerateAwsOrg(schema, o);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(GraphToJson(*a->graph), GraphToJson(*c->graph));
}

TEST(AwsOrgTest, BadOptionsAreRefused) {
  auto schema = AwsSchema();
  gen::OrgOptions o;
  o.accounts = 0;
  EXPECT_FALSE(gen::GenerateAwsOrg(schema, o).ok());
  o.accounts = 1;
  o.violations = 1.5;
  EXPECT_FALSE(gen::GenerateAwsOrg(schema, o).ok());
  auto other = Schema::FromSdl("type Thing { id: ID! }");
  ASSERT_TRUE(other.ok());
  o.violations = 0.1;
  auto r = gen::GenerateAwsOrg(*other, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no type Account"), std::string::npos) << r.status();
}

}  // namespace
}  // namespace vigil

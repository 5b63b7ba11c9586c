// Collections as graph facts: @collectedBy in the schema, the "collections"
// array of the graph JSON (read and written), which calls a check reads, and
// what the engine does when one of them was not collected. Also: the call
// table of the aws-cli importer is exactly the set of calls the schema names,
// and a connector of one's own plugs in through vigil/connector.h.
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/base/file.h"
#include "src/connect/aws/cli_calls.h"
#include "src/connect/aws/config_importer.h"
#include "tests/connect/import_test_util.h"
#include "vigil/connector.h"
#include "vigil/engine.h"
#include "vigil/graph_builder.h"
#include "vigil/graph_writer.h"
#include "vigil/json_loader.h"
#include "vigil/parameters.h"
#include "vigil/policy.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kSdl[] = R"(
type Vpc @collectedBy(calls: ["ec2 describe-vpcs"]) {
  id: ID!
  name: String
  accountId: String
  region: String
  isDefault: Boolean
  hasFlowLog: [FlowLog!]! @relationship(type: "HAS_FLOW_LOG", direction: OUT)
  tags: [String!] @collectedBy(calls: ["ec2 describe-tags"])
}
type FlowLog @collectedBy(calls: ["ec2 describe-flow-logs"]) {
  id: ID!
  flowLogStatus: String
}
)";

std::shared_ptr<const Schema> VpcSchema() {
  auto s = Schema::FromSdl(kSdl, "vpc.graphql");
  EXPECT_TRUE(s.ok()) << s.status();
  return *s;
}

std::vector<std::string> Read(const std::shared_ptr<const Schema>& schema, const std::string& q) {
  auto query = Query::Compile(schema, q);
  EXPECT_TRUE(query.ok()) << query.status();
  return CollectionsRead(**query);
}

TEST(CollectedByTest, SchemaKeepsTheCallsOfTypesAndFields) {
  auto s = VpcSchema();
  const TypeDef& vpc = s->type(s->FindType("Vpc"));
  EXPECT_THAT(vpc.collected_by, ElementsAre("ec2 describe-vpcs"));
  EXPECT_THAT(vpc.properties[vpc.FindProperty("tags")].collected_by,
              ElementsAre("ec2 describe-tags"));
  EXPECT_TRUE(vpc.properties[vpc.FindProperty("isDefault")].collected_by.empty());
}

TEST(CollectedByTest, BadCallsAreLocatedSchemaErrors) {
  Diagnostics d;
  auto s = Schema::FromSdl(R"(type A @collectedBy(calls: ["ec2"]) { id: ID! }
type B @collectedBy(calls: ["Ec2 Describe"]) { id: ID! }
type C @collectedBy(names: ["ec2 x"]) { id: ID! }
type D { id: ID! x: Int @collectedBy(calls: [1]) })",
                           "bad.graphql", &d);
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(d.size(), 4u);
  for (const Diagnostic& x : d) EXPECT_EQ(x.code, "schema.collected-by");
  EXPECT_EQ(d[0].location.line, 1u);
  EXPECT_EQ(d[3].location.line, 4u);
}

TEST(CollectionsReadTest, TypesReachedAndFieldsFiltered) {
  auto s = VpcSchema();
  EXPECT_THAT(Read(s, "vpcs { id }"), ElementsAre("ec2 describe-vpcs"));
  EXPECT_THAT(Read(s, R"(vpcs(where: {hasFlowLog_NONE: {flowLogStatus: "ACTIVE"}}) { id })"),
              ElementsAre("ec2 describe-flow-logs", "ec2 describe-vpcs"));
  EXPECT_THAT(Read(s, R"(vpcs(where: {OR: [{tags_INCLUDES: "a=b"}, {isDefault: true}]}) { id })"),
              ElementsAre("ec2 describe-tags", "ec2 describe-vpcs"));
  EXPECT_THAT(Read(s, R"(vpcs(where: {hasFlowLogAggregate: {count_GT: 0}}) { id })"),
              ElementsAre("ec2 describe-flow-logs", "ec2 describe-vpcs"));
  // A filter inside a selection cannot be traced through the public
  // clauses: every field of every type reached counts.
  EXPECT_THAT(Read(s, R"(vpcs { id hasFlowLog(where: {flowLogStatus: "ACTIVE"}) { id } })"),
              ElementsAre("ec2 describe-flow-logs", "ec2 describe-tags", "ec2 describe-vpcs"));
}

TEST(CollectionsReadTest, BundledPackChecks) {
  auto pack = LoadPack(testing::SourcePath("packs/cis-aws"));
  ASSERT_TRUE(pack.ok()) << pack.status();
  auto calls = [&](const std::string& id, size_t k = 0) {
    return CollectionsRead(*(*pack)->FindControl(id)->checks[k].query);
  };
  EXPECT_THAT(calls("cis-aws-3.7"), ElementsAre("ec2 describe-flow-logs", "ec2 describe-vpcs"));
  EXPECT_THAT(calls("cis-aws-1.8"), ElementsAre("iam get-account-password-policy"));
  EXPECT_THAT(calls("cis-aws-1.4"), ElementsAre("iam get-account-summary"));
  EXPECT_THAT(calls("cis-aws-3.6"), ElementsAre("kms describe-key", "kms get-key-rotation-status",
                                                "kms list-keys"));
  EXPECT_THAT(calls("cis-aws-2.1.1"), ElementsAre("s3api get-bucket-policy", "s3api list-buckets"));
}

// A graph of the VPC schema with facts.
std::shared_ptr<const Graph> Graph1(std::vector<Collection> facts) {
  GraphBuilder b(VpcSchema());
  EXPECT_TRUE(b.AddAsset("vpc-1", "Vpc").ok());
  EXPECT_TRUE(b.AddAsset("vpc-2", "Vpc").ok());
  EXPECT_TRUE(b.AddAsset("fl-1", "FlowLog").ok());
  EXPECT_TRUE(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-1").ok());
  for (Collection& f : facts) b.AddCollection(std::move(f));
  auto g = std::move(b).Finish();
  EXPECT_TRUE(g.ok()) << g.status();
  return *g;
}

Collection Fact(std::string region, std::string service, std::string command,
                CollectionState state, std::string code = "") {
  Collection c;
  c.account = "111122223333";
  c.region = std::move(region);
  c.service = std::move(service);
  c.command = std::move(command);
  c.state = state;
  c.error_code = std::move(code);
  return c;
}

TEST(CollectionsJsonTest, WrittenAndReadBack) {
  auto g = Graph1({Fact("eu-west-1", "ec2", "describe-vpcs", CollectionState::kCollected),
                   Fact("eu-west-1", "ec2", "describe-flow-logs", CollectionState::kFailed,
                        "UnauthorizedOperation")});
  const std::string json = GraphToJson(*g);
  EXPECT_THAT(json, HasSubstr(R"("collections": [)"));
  EXPECT_THAT(json, HasSubstr(R"({"account": "111122223333", "region": "eu-west-1", )"
                              R"("service": "ec2", "command": "describe-flow-logs", )"
                              R"("state": "failed", "errorCode": "UnauthorizedOperation"})"));
  auto back = LoadGraphJson(json, VpcSchema());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ((*back)->collections().facts(), g->collections().facts());
  EXPECT_EQ(GraphToJson(**back), json);
  // A graph without facts has no "collections" key.
  EXPECT_THAT(GraphToJson(*Graph1({})), ::testing::Not(HasSubstr("collections")));
}

TEST(CollectionsJsonTest, BadCollectionsAreLocatedErrors) {
  auto schema = VpcSchema();
  struct Case {
    std::string json, message;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"assets": [], "collections": {}})", "collections: expected an array"},
           {R"({"assets": [], "collections": [{"account": "1", "region": "r", "service": "s",
                "command": "c", "state": "gone"}]})",
            "collections[0].state: \"gone\" is not a collection state"},
           {R"({"assets": [], "collections": [{"account": "1", "region": "r", "state": "failed"}]})",
            "collections[0]: \"service\" and \"command\" are required"},
           {R"({"assets": [], "collections": [{"account": "1", "region": "r", "service": "s",
                "command": "c", "state": "collected", "extra": 1}]})",
            "collections[0]: unknown key \"extra\""},
           {R"({"assets": [], "collections": [{"account": "1", "region": "r", "service": "s",
                "command": "c", "state": "collected"}, {"account": "1", "region": "r",
                "service": "s", "command": "c", "state": "failed"}]})",
            "collection \"1/r\" \"s c\" is recorded more than once"},
           {R"({"assets": [], "collections": [], "collections": []})",
            "duplicate key \"collections\""},
       }) {
    auto g = LoadGraphJson(c.json, schema);
    ASSERT_FALSE(g.ok()) << c.json;
    EXPECT_THAT(std::string(g.status().message()), HasSubstr(c.message));
  }
}

// A pack of one control over the VPC schema.
std::shared_ptr<const Pack> VpcPack(const testing::TempFolder& dir) {
  dir.Write("schema.graphql", kSdl);
  dir.Write("pack.json", R"({"name": "p", "version": "1", "title": "t", "description": "d",
      "schema": "schema.graphql", "controls": "controls"})");
  dir.Write("controls/flow.json", R"({"id": "flow", "title": "Flow logs", "severity": "medium", "provider": "aws",
      "checks": [{"name": "every VPC has an active flow log",
        "query": "vpcs(where: {hasFlowLog_NONE: {flowLogStatus: \"ACTIVE\"}}) { id }",
        "expect": "eq []"}]})");
  dir.Write("controls/default.json", R"({"id": "default", "title": "No default VPC",
      "severity": "low", "provider": "aws",
      "checks": [{"name": "no default VPC", "query": "vpcs(where: {isDefault: true}) { id }",
        "expect": "eq []"}]})");
  auto pack = LoadPack(dir.path());
  EXPECT_TRUE(pack.ok()) << pack.status();
  return *pack;
}

TEST(EngineCollectionsTest, NoFactsMeansTodaysBehaviour) {
  testing::TempFolder dir;
  auto pack = VpcPack(dir);
  auto r = RunPack(*pack, *Graph1({}));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->collections.recorded);
  EXPECT_EQ(r->controls[1].id, "flow");
  EXPECT_EQ(r->controls[1].status, Outcome::kFail);
  EXPECT_EQ(r->controls[0].status, Outcome::kPass);
}

TEST(EngineCollectionsTest, AFailedCallTheCheckReadsMakesItAnErrorWithUnconfirmedRows) {
  testing::TempFolder dir;
  auto pack = VpcPack(dir);
  auto g = Graph1({Fact("eu-west-1", "ec2", "describe-vpcs", CollectionState::kCollected),
                   Fact("eu-west-1", "ec2", "describe-flow-logs", CollectionState::kFailed,
                        "UnauthorizedOperation"),
                   Fact("us-east-1", "ec2", "describe-vpcs", CollectionState::kCollected),
                   Fact("us-east-1", "ec2", "describe-flow-logs", CollectionState::kMissing)});
  auto r = RunPack(*pack, *g);
  ASSERT_TRUE(r.ok()) << r.status();
  const CheckReport& flow = r->controls[1].checks[0];
  EXPECT_EQ(flow.status, Outcome::kError);
  EXPECT_EQ(flow.message,
            "data this check reads was not collected: ec2 describe-flow-logs in "
            "111122223333/eu-west-1 (failed: UnauthorizedOperation), 111122223333/us-east-1 "
            "(missing)");
  // vpc-1's flow log has no status, vpc-2 has none at all.
  ASSERT_EQ(flow.unconfirmed.size(), 2u);
  EXPECT_EQ(flow.unconfirmed[1].id, "vpc-2");
  EXPECT_TRUE(flow.offending.empty());
  EXPECT_EQ(r->controls[1].status, Outcome::kError);
  // The other check reads only describe-vpcs, which was collected: it passes.
  EXPECT_EQ(r->controls[0].status, Outcome::kPass);
  EXPECT_TRUE(r->collections.recorded);
  EXPECT_EQ(r->collections.collected, 2);
  EXPECT_EQ(r->collections.failed, 1);
  EXPECT_EQ(r->collections.missing, 1);
  // Every report format says what was not collected where.
  for (ReportFormat f : {ReportFormat::kText, ReportFormat::kJson, ReportFormat::kSarif,
                         ReportFormat::kJunit, ReportFormat::kOcsf, ReportFormat::kHtml}) {
    const std::string text = RenderReport(*r, f);
    EXPECT_THAT(text, HasSubstr("ec2 describe-flow-logs in 111122223333/eu-west-1")) << int(f);
    EXPECT_THAT(text, HasSubstr("vpc-2")) << int(f);
  }
  EXPECT_THAT(RenderReport(*r, ReportFormat::kText),
              HasSubstr("2 unconfirmed assets (found, but the data was not all collected)"));
  EXPECT_THAT(RenderReport(*r, ReportFormat::kJson), HasSubstr(R"("unconfirmed": [)"));
  EXPECT_THAT(RenderReport(*r, ReportFormat::kSarif), HasSubstr(R"("kind": "review")"));
}

TEST(EngineCollectionsTest, ACallWithNoFactAtAllCountsAsMissing) {
  testing::TempFolder dir;
  auto pack = VpcPack(dir);
  auto g = Graph1({Fact("eu-west-1", "ec2", "describe-vpcs", CollectionState::kCollected)});
  auto r = RunPack(*pack, *g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->controls[1].checks[0].status, Outcome::kError);
  EXPECT_THAT(r->controls[1].checks[0].message,
              HasSubstr("ec2 describe-flow-logs in no record of it"));
  EXPECT_EQ(r->controls[0].status, Outcome::kPass);
}

TEST(EngineCollectionsTest, AbsenceAnswersAndExcludedRegionsAreNotErrors) {
  testing::TempFolder dir;
  auto pack = VpcPack(dir);
  Collection excluded;
  excluded.account = "111122223333";
  excluded.region = "ap-south-1";
  excluded.state = CollectionState::kExcluded;
  excluded.detail = "outside --regions";
  auto g = Graph1({Fact("eu-west-1", "ec2", "describe-vpcs", CollectionState::kCollected),
                   Fact("eu-west-1", "ec2", "describe-flow-logs", CollectionState::kCollected,
                        "SomeAbsenceCode"),
                   excluded});
  auto r = RunPack(*pack, *g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->controls[1].status, Outcome::kFail);
  EXPECT_THAT(r->collections.excluded, ElementsAre("111122223333/ap-south-1: outside --regions"));
  EXPECT_THAT(RenderReport(*r, ReportFormat::kText),
              HasSubstr("Out of scope: 111122223333/ap-south-1: outside --regions"));
}

// ---- the aws-cli call table and the schema agree --------------------------------

TEST(CliCallTableTest, IsExactlyTheCallsTheSchemaNames) {
  std::set<std::string> schema_calls;
  for (const TypeDef& t : testing::AwsSchema()->types()) {
    schema_calls.insert(t.collected_by.begin(), t.collected_by.end());
    for (const PropertyDef& p : t.properties) {
      schema_calls.insert(p.collected_by.begin(), p.collected_by.end());
    }
    for (const RelationshipDef& r : t.relationships) {
      schema_calls.insert(r.collected_by.begin(), r.collected_by.end());
    }
  }
  std::set<std::string> table;
  for (const connect::aws::CliCall& c : connect::aws::CliCalls()) {
    EXPECT_TRUE(table.insert(c.name()).second) << "twice: " << c.name();
    if (c.per_resource() && c.param != connect::aws::CliParam::kContactType) {
      // A per-resource call comes after its list call.
      bool before = false;
      for (const connect::aws::CliCall& d : connect::aws::CliCalls()) {
        if (&d == &c) break;
        before |= d.name() == c.list_call;
      }
      EXPECT_TRUE(before) << c.name() << " before " << c.list_call;
    }
  }
  // ec2 describe-regions fills Region; every call is named by the schema.
  EXPECT_EQ(table, schema_calls);
  for (const std::string& c : connect::aws::ConfigCalls()) {
    EXPECT_TRUE(schema_calls.count(c) != 0) << c;
  }
}

TEST(CliCallTableTest, TheFolderDocumentListsEveryInvocation) {
  auto doc = ReadTextFile(testing::SourcePath("docs/aws-cli-folder.md"));
  ASSERT_TRUE(doc.ok()) << doc.status();
  for (const connect::aws::CliCall& c : connect::aws::CliCalls()) {
    std::string inv = "`aws " + std::string(c.service) + " " + std::string(c.command);
    if (!c.arguments.empty()) inv += " " + std::string(c.arguments);
    inv += "`";
    EXPECT_THAT(*doc, HasSubstr(inv));
    for (std::string_view code : c.absence_codes) {
      EXPECT_THAT(*doc, HasSubstr(std::string(code))) << c.name();
    }
  }
}

// ---- a connector of one's own (docs/connectors.md) --------------------------------

// A scanner that already holds its findings in memory: two VPCs in one
// region, and a flow-log API it was not allowed to call.
class InMemoryScanner : public Connector {
 public:
  std::string name() const override { return "in-memory"; }
  std::vector<std::string> calls() const override {
    return {"ec2 describe-vpcs", "ec2 describe-flow-logs"};
  }
  absl::Status Populate(GraphBuilder& b, ConnectorContext& ctx) override {
    const char* vpcs[] = {"vpc-a", "vpc-b"};
    for (size_t i = 0; i < 2; ++i) {
      ctx.Progress({i, 2, vpcs[i]});
      absl::StatusOr<NodeId> n = b.AddAsset(vpcs[i], "Vpc");
      if (!n.ok()) return n.status();
      absl::StatusOr<int> p = b.ResolveProperty(*n, "isDefault");
      if (!p.ok()) return p.status();
      if (absl::Status s = b.SetBool(*n, *p, i == 0); !s.ok()) return s;
    }
    b.AddCollection(Fact("eu-west-1", "ec2", "describe-vpcs", CollectionState::kCollected));
    b.AddCollection(Fact("eu-west-1", "ec2", "describe-flow-logs", CollectionState::kFailed,
                         "AccessDenied"));
    Diagnostic w;
    w.code = "scanner.note";
    w.message = "flow logs were not readable";
    ctx.Warning(w);
    return absl::OkStatus();
  }
};

TEST(ConnectorTest, AConnectorOfOnesOwnPlugsIn) {
  InMemoryScanner scanner;
  Diagnostics diags;
  std::vector<size_t> progress;
  ImportOptions o;
  o.diagnostics = &diags;
  o.progress = [&](const ConnectorProgress& p) { progress.push_back(p.done); };
  auto g = Import(VpcSchema(), {&scanner}, o);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->num_assets(), 2u);
  EXPECT_EQ((*g)->collections().size(), 2u);
  EXPECT_THAT(progress, ElementsAre(0u, 1u));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].severity, Severity::kWarning);
  testing::TempFolder dir;
  auto pack = VpcPack(dir);
  auto r = RunPack(*pack, **g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->controls[0].status, Outcome::kFail);   // default VPC: read data complete
  EXPECT_EQ(r->controls[1].status, Outcome::kError);  // flow logs: denied
}

TEST(ConnectorTest, AFailingConnectorGivesNoGraph) {
  class Broken : public Connector {
   public:
    std::string name() const override { return "broken"; }
    absl::Status Populate(GraphBuilder& b, ConnectorContext&) override {
      (void)b.AddAsset("vpc-a", "Vpc");
      return absl::InvalidArgumentError("source.json: $.x: bad");
    }
  } broken;
  auto g = Import(VpcSchema(), {&broken});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(), "source.json: $.x: bad");
}

}  // namespace
}  // namespace vigil

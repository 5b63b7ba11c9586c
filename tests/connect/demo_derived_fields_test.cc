// The derived fields of the demo organisation (examples/demo-aws.json) are
// what the connect library computes from the raw fields beside them, so the
// demo shows what an importer would produce and cannot drift from the rules.
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/connect/aws/event_selectors.h"
#include "src/connect/aws/metric_filter_patterns.h"
#include "src/connect/aws/network_rules.h"
#include "src/connect/aws/policy_analysis.h"
#include "vigil/value.h"

namespace vigil::connect::aws {
namespace {

class DemoDerivedFieldsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/examples/demo-aws.json");
    std::stringstream ss;
    ss << in.rdbuf();
    absl::StatusOr<Value> doc = Value::ParseJson(ss.str(), "demo-aws.json");
    ASSERT_TRUE(doc.ok()) << doc.status();
    doc_ = std::move(*doc);
    for (const Value& a : doc_.Find("assets")->as_array()) {
      assets_[a.Find("id")->as_string()] = &a;
    }
    for (const Value& r : doc_.Find("relationships")->as_array()) {
      edges_.emplace_back(r.Find("from")->as_string(), r.Find("type")->as_string(), r.Find("to")->as_string());
    }
  }

  std::vector<const Value*> OfType(const std::string& type) const {
    std::vector<const Value*> out;
    for (const Value& a : doc_.Find("assets")->as_array()) {
      if (a.Find("type")->as_string() == type) out.push_back(&a);
    }
    return out;
  }
  static const Value* Prop(const Value* a, const char* name) {
    const Value* p = a->Find("properties")->Find(name);
    return p != nullptr && !p->is_null() ? p : nullptr;
  }
  static std::string Str(const Value* a, const char* name) {
    const Value* p = Prop(a, name);
    return p != nullptr ? p->as_string() : "";
  }
  static std::optional<int64_t> Int(const Value* a, const char* name) {
    const Value* p = Prop(a, name);
    if (p == nullptr) return std::nullopt;
    return p->as_int();
  }
  std::set<std::string> Targets(const std::string& from, const std::string& type) const {
    std::set<std::string> out;
    for (const auto& [f, t, to] : edges_) {
      if (f == from && t == type) out.insert(to);
    }
    return out;
  }

  Value doc_;
  std::map<std::string, const Value*> assets_;
  std::vector<std::tuple<std::string, std::string, std::string>> edges_;
};

TEST_F(DemoDerivedFieldsTest, IamPolicies) {
  int n = 0;
  for (const Value* p : OfType("IamPolicy")) {
    EXPECT_EQ(Prop(p, "isAwsManaged")->as_bool(), IsAwsManagedPolicyArn(Str(p, "arn"))) << Str(p, "arn");
    absl::StatusOr<bool> admin = AllowsFullAdmin(Str(p, "document"));
    ASSERT_TRUE(admin.ok()) << admin.status();
    EXPECT_EQ(Prop(p, "allowsFullAdmin")->as_bool(), *admin) << Str(p, "arn");
    ++n;
  }
  for (const Value* p : OfType("IamInlinePolicy")) {
    absl::StatusOr<bool> admin = AllowsFullAdmin(Str(p, "policyDocument"));
    ASSERT_TRUE(admin.ok()) << admin.status();
    EXPECT_EQ(Prop(p, "allowsFullAdmin")->as_bool(), *admin) << p->Find("id")->as_string();
    ++n;
  }
  EXPECT_GT(n, 5);
}

TEST_F(DemoDerivedFieldsTest, BucketPolicies) {
  int n = 0;
  for (const Value* b : OfType("S3Bucket")) {
    absl::StatusOr<bool> denies = DeniesInsecureTransport(Str(b, "policy"), Str(b, "bucketName"));
    ASSERT_TRUE(denies.ok()) << denies.status();
    EXPECT_EQ(Prop(b, "deniesInsecureTransport")->as_bool(), *denies) << Str(b, "bucketName");
    EXPECT_EQ(Prop(b, "hasBucketPolicy")->as_bool(), Prop(b, "policy") != nullptr) << Str(b, "bucketName");
    ++n;
  }
  EXPECT_GT(n, 5);
}

TEST_F(DemoDerivedFieldsTest, TrailEventSelectors) {
  int n = 0;
  for (const Value* t : OfType("CloudTrailTrail")) {
    std::string response = "{";
    if (Prop(t, "eventSelectors")) response += "\"EventSelectors\": " + Str(t, "eventSelectors");
    if (Prop(t, "advancedEventSelectors")) {
      if (response.size() > 1) response += ", ";
      response += "\"AdvancedEventSelectors\": " + Str(t, "advancedEventSelectors");
    }
    response += "}";
    absl::StatusOr<TrailEventCoverage> c = AnalyzeEventSelectors(response);
    ASSERT_TRUE(c.ok()) << c.status();
    std::string id = t->Find("id")->as_string();
    EXPECT_EQ(Prop(t, "logsAllManagementEvents")->as_bool(), c->logs_all_management_events) << id;
    EXPECT_EQ(Prop(t, "s3WriteDataEventsAllBuckets")->as_bool(), c->s3_write_all_buckets) << id;
    EXPECT_EQ(Prop(t, "s3ReadDataEventsAllBuckets")->as_bool(), c->s3_read_all_buckets) << id;
    std::set<std::string> write, read;
    for (const std::string& b : c->s3_write_buckets) write.insert("arn:aws:s3:::" + b);
    for (const std::string& b : c->s3_read_buckets) read.insert("arn:aws:s3:::" + b);
    EXPECT_EQ(Targets(id, "LOGS_S3_WRITE_DATA_EVENTS"), write) << id;
    EXPECT_EQ(Targets(id, "LOGS_S3_READ_DATA_EVENTS"), read) << id;
    ++n;
  }
  EXPECT_EQ(n, 4);
}

TEST_F(DemoDerivedFieldsTest, MetricFilterPatterns) {
  int n = 0;
  for (const Value* f : OfType("MetricFilter")) {
    std::vector<std::string> expected;
    for (CisPattern p : MatchCisPatterns(Str(f, "filterPattern"))) expected.emplace_back(CisPatternName(p));
    std::vector<std::string> stored;
    if (const Value* v = Prop(f, "cisPatterns")) {
      for (const Value& e : v->as_array()) stored.push_back(e.as_string());
    }
    EXPECT_EQ(stored, expected) << f->Find("id")->as_string() << ": " << Str(f, "filterPattern");
    ++n;
  }
  EXPECT_GT(n, 15);
}

TEST_F(DemoDerivedFieldsTest, SecurityGroupRulePorts) {
  int n = 0;
  for (const Value* r : OfType("SecurityGroupRule")) {
    std::optional<PortRange> ports = SecurityGroupRulePorts(Str(r, "ipProtocol"), Int(r, "fromPort"), Int(r, "toPort"));
    std::string id = r->Find("id")->as_string();
    EXPECT_EQ(Int(r, "tcpUdpFromPort"), ports ? std::optional<int64_t>(ports->from) : std::nullopt) << id;
    EXPECT_EQ(Int(r, "tcpUdpToPort"), ports ? std::optional<int64_t>(ports->to) : std::nullopt) << id;
    ++n;
  }
  EXPECT_GT(n, 10);
}

TEST_F(DemoDerivedFieldsTest, NetworkAclEntryIdsAndPrecedence) {
  int n = 0;
  for (const Value* acl : OfType("NetworkAcl")) {
    std::string acl_id = acl->Find("id")->as_string();
    std::vector<std::string> ids;
    std::vector<AclEntryKey> keys;
    for (const auto& [f, t, to] : edges_) {
      if (f != acl_id || t != "HAS_ENTRY") continue;
      const Value* e = assets_.at(to);
      AclEntryKey k{*Int(e, "ruleNumber"), Prop(e, "egress")->as_bool(), Prop(e, "ipv6CidrBlock") != nullptr};
      EXPECT_EQ(to, NetworkAclEntryId(acl_id, k.egress, k.ipv6, k.rule_number));
      ids.push_back(to);
      keys.push_back(k);
    }
    std::set<std::pair<std::string, std::string>> expected, stored;
    for (const auto& [later, earlier] : NetworkAclPrecedence(keys)) expected.emplace(ids[later], ids[earlier]);
    for (const std::string& id : ids) {
      for (const std::string& to : Targets(id, "PRECEDED_BY")) stored.emplace(id, to);
    }
    EXPECT_EQ(stored, expected) << acl_id;
    ++n;
  }
  EXPECT_EQ(n, 5);
}

TEST_F(DemoDerivedFieldsTest, SharedVpcs) {
  for (const Value* v : OfType("Vpc")) {
    EXPECT_EQ(Prop(v, "isShared")->as_bool(), Str(v, "ownerId") != Str(v, "accountId")) << v->Find("id")->as_string();
  }
}

}  // namespace
}  // namespace vigil::connect::aws

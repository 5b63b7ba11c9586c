// tcpUdpFromPort/tcpUdpToPort of security-group rules and network-ACL
// entries, and the PRECEDED_BY edges of network ACLs
// (src/connect/aws/network_rules.h).
#include "src/connect/aws/network_rules.h"

#include <algorithm>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vigil::connect::aws {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;
using ::testing::Pair;

TEST(SecurityGroupRulePortsTest, AllProtocolsMeansEveryPort) {
  // AWS reports FromPort/ToPort -1 for protocol -1; they do not narrow it.
  EXPECT_THAT(SecurityGroupRulePorts("-1", -1, -1), Optional(PortRange{0, 65535}));
  EXPECT_THAT(SecurityGroupRulePorts("-1", std::nullopt, std::nullopt), Optional(PortRange{0, 65535}));
}

TEST(SecurityGroupRulePortsTest, TcpAndUdpTakeTheirRange) {
  EXPECT_THAT(SecurityGroupRulePorts("tcp", 22, 22), Optional(PortRange{22, 22}));
  EXPECT_THAT(SecurityGroupRulePorts("TCP", 0, 1024), Optional(PortRange{0, 1024}));
  EXPECT_THAT(SecurityGroupRulePorts("udp", 3389, 3389), Optional(PortRange{3389, 3389}));
  EXPECT_THAT(SecurityGroupRulePorts("6", 20, 30), Optional(PortRange{20, 30}));
  EXPECT_THAT(SecurityGroupRulePorts("17", 1, 65535), Optional(PortRange{1, 65535}));
}

TEST(SecurityGroupRulePortsTest, NoPortsOrBadRanges) {
  EXPECT_EQ(SecurityGroupRulePorts("icmp", -1, -1), std::nullopt);
  EXPECT_EQ(SecurityGroupRulePorts("icmpv6", 8, 0), std::nullopt);
  EXPECT_EQ(SecurityGroupRulePorts("50", std::nullopt, std::nullopt), std::nullopt);
  EXPECT_EQ(SecurityGroupRulePorts("tcp", std::nullopt, 22), std::nullopt);
  EXPECT_EQ(SecurityGroupRulePorts("tcp", 23, 22), std::nullopt);
  EXPECT_EQ(SecurityGroupRulePorts("tcp", -1, 22), std::nullopt);
  EXPECT_EQ(SecurityGroupRulePorts("tcp", 0, 70000), std::nullopt);
  EXPECT_EQ(SecurityGroupRulePorts("", 22, 22), std::nullopt);
}

TEST(NetworkAclEntryAdmitsTest, ProtocolsAndRanges) {
  // -1: every protocol, every port (AWS gives no PortRange).
  EXPECT_TRUE(NetworkAclEntryAdmits("-1", std::nullopt, std::nullopt, 6, 22));
  EXPECT_TRUE(NetworkAclEntryAdmits("-1", std::nullopt, std::nullopt, 17, 3389));
  // TCP entries admit TCP only, within their range (ends included).
  EXPECT_TRUE(NetworkAclEntryAdmits("6", 22, 22, 6, 22));
  EXPECT_TRUE(NetworkAclEntryAdmits("6", 1024, 65535, 6, 3389));  // the usual ephemeral-port rule
  EXPECT_TRUE(NetworkAclEntryAdmits("tcp", 0, 22, 6, 22));
  EXPECT_FALSE(NetworkAclEntryAdmits("6", 23, 3388, 6, 22));
  EXPECT_FALSE(NetworkAclEntryAdmits("6", 22, 22, 17, 22));
  // UDP likewise.
  EXPECT_TRUE(NetworkAclEntryAdmits("17", 3389, 3389, 17, 3389));
  EXPECT_FALSE(NetworkAclEntryAdmits("17", 3389, 3389, 6, 3389));
  // Other protocols, missing or bad ranges.
  EXPECT_FALSE(NetworkAclEntryAdmits("1", std::nullopt, std::nullopt, 6, 22));   // ICMP
  EXPECT_FALSE(NetworkAclEntryAdmits("58", std::nullopt, std::nullopt, 17, 22)); // ICMPv6
  EXPECT_FALSE(NetworkAclEntryAdmits("6", std::nullopt, std::nullopt, 6, 22));
  EXPECT_FALSE(NetworkAclEntryAdmits("6", 100, 99, 6, 99));
}

TEST(NetworkAclPrecedenceTest, SameDirectionAndFamilyOnly) {
  // 0: ingress v4 100, 1: ingress v4 200, 2: ingress v6 50, 3: egress v4 10,
  // 4: ingress v4 32767 (the default deny), 5: ingress v6 32767.
  std::vector<AclEntryKey> e = {{100, false, false}, {200, false, false}, {50, false, true},
                                {10, true, false},   {32767, false, false}, {32767, false, true}};
  EXPECT_THAT(NetworkAclPrecedence(e),
              ElementsAre(Pair(1u, 0u), Pair(4u, 0u), Pair(4u, 1u), Pair(5u, 2u)));
}

TEST(NetworkAclPrecedenceTest, OrderOfTheInputDoesNotMatter) {
  std::vector<AclEntryKey> e = {{300, false, false}, {100, false, false}, {200, false, false}};
  EXPECT_THAT(NetworkAclPrecedence(e), ElementsAre(Pair(0u, 1u), Pair(0u, 2u), Pair(2u, 1u)));
  // Equal numbers (not allowed by AWS) precede neither way.
  EXPECT_TRUE(NetworkAclPrecedence({{100, false, false}, {100, false, false}}).empty());
  EXPECT_TRUE(NetworkAclPrecedence({}).empty());
}

// With the edges, "an allow from anywhere that admits protocol P to port X
// and that no earlier deny from anywhere admitting P/X precedes" (the check
// of cis-aws-5.1) agrees with AWS's first-match evaluation of a P/X packet
// from an address that only the /0 entries cover.
struct Entry {
  int64_t number;
  bool egress;
  bool ipv6;
  bool allow;
  bool anywhere;  // 0.0.0.0/0 or ::/0
  std::string protocol;
  std::optional<int64_t> from, to;
};

bool FirstMatchAllows(const std::vector<Entry>& entries, bool ipv6, int ip_protocol, int port) {
  std::vector<const Entry*> sorted;
  for (const Entry& e : entries) {
    if (!e.egress && e.ipv6 == ipv6 && e.anywhere) sorted.push_back(&e);
  }
  std::sort(sorted.begin(), sorted.end(), [](const Entry* a, const Entry* b) { return a->number < b->number; });
  for (const Entry* e : sorted) {
    if (NetworkAclEntryAdmits(e->protocol, e->from, e->to, ip_protocol, port)) return e->allow;
  }
  return false;
}

bool QueryFlags(const std::vector<Entry>& entries, bool ipv6, int ip_protocol, int port) {
  std::vector<AclEntryKey> keys;
  for (const Entry& e : entries) keys.push_back({e.number, e.egress, e.ipv6});
  std::set<std::pair<size_t, size_t>> edges;
  for (const auto& p : NetworkAclPrecedence(keys)) edges.insert(p);
  auto admits = [&](const Entry& e) { return NetworkAclEntryAdmits(e.protocol, e.from, e.to, ip_protocol, port); };
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& a = entries[i];
    if (a.egress || !a.allow || !a.anywhere || a.ipv6 != ipv6 || !admits(a)) continue;
    bool shadowed = false;
    for (size_t j = 0; j < entries.size(); ++j) {
      const Entry& d = entries[j];
      if (edges.count({i, j}) && !d.allow && d.anywhere && admits(d)) shadowed = true;
    }
    if (!shadowed) return true;
  }
  return false;
}

TEST(NetworkAclPrecedenceTest, AgreesWithFirstMatchEvaluation) {
  std::vector<std::vector<Entry>> acls = {
      // An allow-all shadowed for TCP 22 by a lower-numbered deny (UDP 22 stays open).
      {{90, false, false, false, true, "6", 22, 22}, {100, false, false, true, true, "-1", {}, {}},
       {32767, false, false, false, true, "-1", {}, {}}},
      // The deny comes after the allow: it shadows nothing.
      {{100, false, false, true, true, "6", 0, 1024}, {110, false, false, false, true, "6", 22, 22}},
      // An IPv6 deny does not shadow an IPv4 allow.
      {{50, false, true, false, true, "-1", {}, {}}, {100, false, false, true, true, "17", 3389, 3389}},
      // Egress entries do not matter.
      {{10, true, false, false, true, "-1", {}, {}}, {100, false, false, true, true, "6", 22, 22}},
      // ICMP allows carry no ports.
      {{100, false, false, true, true, "1", {}, {}}},
      // A deny of every protocol shadows both TCP and UDP; the ephemeral range is open for 3389.
      {{50, false, false, false, true, "-1", {}, {}}, {100, false, false, true, true, "-1", {}, {}},
       {200, false, true, true, true, "6", 1024, 65535}},
  };
  for (size_t k = 0; k < acls.size(); ++k) {
    for (bool ipv6 : {false, true}) {
      for (int proto : {6, 17}) {
        for (int port : {22, 3389, 80}) {
          EXPECT_EQ(QueryFlags(acls[k], ipv6, proto, port), FirstMatchAllows(acls[k], ipv6, proto, port))
              << "acl " << k << " ipv6 " << ipv6 << " protocol " << proto << " port " << port;
        }
      }
    }
  }
  // Spot checks of the expected answers.
  EXPECT_FALSE(QueryFlags(acls[0], false, 6, 22));
  EXPECT_TRUE(QueryFlags(acls[0], false, 17, 22));
  EXPECT_TRUE(QueryFlags(acls[1], false, 6, 22));
  EXPECT_TRUE(QueryFlags(acls[2], false, 17, 3389));
  EXPECT_FALSE(QueryFlags(acls[4], false, 6, 22));
  EXPECT_FALSE(QueryFlags(acls[5], false, 6, 22));
  EXPECT_TRUE(QueryFlags(acls[5], true, 6, 3389));
}

TEST(NetworkAclEntryIdTest, Format) {
  EXPECT_EQ(NetworkAclEntryId("arn:aws:ec2:eu-west-1:111122223333:network-acl/acl-1", false, false, 100),
            "arn:aws:ec2:eu-west-1:111122223333:network-acl/acl-1/ingress/ipv4/100");
  EXPECT_EQ(NetworkAclEntryId("acl-1", true, true, 32767), "acl-1/egress/ipv6/32767");
}

}  // namespace
}  // namespace vigil::connect::aws

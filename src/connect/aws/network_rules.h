// Derived fields of security-group rules and network-ACL entries
// (schemas/aws.graphql: SecurityGroupRule.tcpUdpFromPort/tcpUdpToPort and
// NetworkAclEntry.precededBy).
//
// The query language compares numbers but cannot know that protocol "-1"
// means every port, and cannot compare two entries with each other; these
// functions give an importer the values and edges that let a check say
// "admits TCP or UDP port 22 from anywhere, and no earlier entry denies it".
// docs/aws-schema.md describes the same rules.
#ifndef VIGIL_SRC_CONNECT_AWS_NETWORK_RULES_H_
#define VIGIL_SRC_CONNECT_AWS_NETWORK_RULES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::connect::aws {

// The inclusive range of TCP/UDP destination ports a rule admits.
struct PortRange {
  int from = 0;
  int to = 0;
  friend bool operator==(const PortRange&, const PortRange&) = default;
};

// Security-group rule (ec2:DescribeSecurityGroupRules, or one IpPermissions
// element of ec2:DescribeSecurityGroups): `ip_protocol` is IpProtocol,
// `from_port`/`to_port` are FromPort/ToPort (absent: nullopt).
//  * "-1" (all protocols): 0-65535, whatever the ports say (AWS reports -1);
//  * "tcp", "udp", "6", "17" (any case): FromPort-ToPort when both are present,
//    0 <= FromPort <= ToPort <= 65535; otherwise nullopt;
//  * any other protocol (icmp, icmpv6, 50, ...): nullopt (it has no ports).
std::optional<PortRange> SecurityGroupRulePorts(std::string_view ip_protocol,
                                                std::optional<int64_t> from_port,
                                                std::optional<int64_t> to_port);

// Whether a network-ACL entry (ec2:DescribeNetworkAcls -> NetworkAcls[].Entries[])
// matches packets of IP protocol `ip_protocol` (6 TCP or 17 UDP) to
// destination port `port`: `protocol` is the entry's Protocol, `from`/`to` its
// PortRange.From/To. True for Protocol "-1" (every protocol and port), and for
// a Protocol equal to `ip_protocol` (as a number, or the names "tcp"/"udp")
// whose PortRange contains `port`. This is the rule the cis-aws-5.1 check
// writes in its query (`protocol: "-1"` or `protocol: "6"` with
// `portRangeFrom_LTE`/`portRangeTo_GTE`); the graph keeps the raw fields
// because a deny only shadows an allow for the protocols both match.
bool NetworkAclEntryAdmits(std::string_view protocol, std::optional<int64_t> from,
                           std::optional<int64_t> to, int ip_protocol, int port);

// One network-ACL entry as the evaluation order needs it.
struct AclEntryKey {
  int64_t rule_number = 0;
  bool egress = false;
  bool ipv6 = false;  // the entry has an Ipv6CidrBlock (else a CidrBlock)
};

// The PRECEDED_BY edges of one network ACL: (later, earlier) index pairs into
// `entries` such that both entries have the same direction (Egress) and the
// same address family, and earlier.rule_number < later.rule_number. AWS
// evaluates the entries of a direction in increasing rule number and stops at
// the first whose protocol, ports and source match the packet; an IPv4 entry
// never matches an IPv6 packet and the reverse. So an entry can only be
// shadowed by an entry it is preceded by. Entries with the same number
// (which AWS does not allow within one direction) precede neither way.
// Pairs are ordered by `later`, then by `earlier`, both in increasing index.
std::vector<std::pair<size_t, size_t>> NetworkAclPrecedence(const std::vector<AclEntryKey>& entries);

// The id of a network-ACL entry in the graph:
// "<acl id>/<ingress|egress>/<ipv4|ipv6>/<rule number>". Rule numbers are unique
// per direction except for the final default rule (32767), which exists once
// per address family, hence the family in the id.
std::string NetworkAclEntryId(std::string_view acl_id, bool egress, bool ipv6, int64_t rule_number);

}  // namespace vigil::connect::aws

#endif  // VIGIL_SRC_CONNECT_AWS_NETWORK_RULES_H_

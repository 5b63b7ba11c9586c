#include "src/connect/aws/network_rules.h"

#include <cctype>

#include "src/base/strings.h"

namespace vigil::connect::aws {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<PortRange> Range(std::optional<int64_t> from, std::optional<int64_t> to) {
  if (!from || !to) return std::nullopt;
  if (*from < 0 || *to > 65535 || *from > *to) return std::nullopt;
  return PortRange{static_cast<int>(*from), static_cast<int>(*to)};
}

}  // namespace

std::optional<PortRange> SecurityGroupRulePorts(std::string_view ip_protocol,
                                                std::optional<int64_t> from_port,
                                                std::optional<int64_t> to_port) {
  std::string p = Lower(ip_protocol);
  if (p == "-1") return PortRange{0, 65535};
  if (p == "tcp" || p == "udp" || p == "6" || p == "17") return Range(from_port, to_port);
  return std::nullopt;
}

bool NetworkAclEntryAdmits(std::string_view protocol, std::optional<int64_t> from,
                           std::optional<int64_t> to, int ip_protocol, int port) {
  std::string p = Lower(protocol);
  if (p == "-1") return true;
  bool same = (ip_protocol == 6 && (p == "6" || p == "tcp")) || (ip_protocol == 17 && (p == "17" || p == "udp"));
  if (!same) return false;
  std::optional<PortRange> r = Range(from, to);
  return r && r->from <= port && port <= r->to;
}

std::vector<std::pair<size_t, size_t>> NetworkAclPrecedence(const std::vector<AclEntryKey>& entries) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t later = 0; later < entries.size(); ++later) {
    for (size_t earlier = 0; earlier < entries.size(); ++earlier) {
      const AclEntryKey& a = entries[later];
      const AclEntryKey& b = entries[earlier];
      if (a.egress == b.egress && a.ipv6 == b.ipv6 && b.rule_number < a.rule_number) {
        out.emplace_back(later, earlier);
      }
    }
  }
  return out;
}

std::string NetworkAclEntryId(std::string_view acl_id, bool egress, bool ipv6, int64_t rule_number) {
  return StrCat(acl_id, egress ? "/egress/" : "/ingress/", ipv6 ? "ipv6/" : "ipv4/", rule_number);
}

}  // namespace vigil::connect::aws

// The AWS resources both importers map (resource_mapping.h).
#include "src/connect/aws/resource_mapping.h"

#include <set>
#include <vector>

#include "src/base/strings.h"
#include "src/connect/aws/network_rules.h"
#include "src/connect/aws/policy_analysis.h"

namespace vigil::connect::aws {

std::string ManagedPolicyId(std::string_view account, std::string_view arn) {
  return IsAwsManagedPolicyArn(arn) ? StrCat(account, "/", arn) : std::string(arn);
}

std::optional<NodeId> EnsureManagedPolicy(AwsGraph& g, std::string_view account,
                                          std::string_view arn,
                                          std::optional<std::string_view> name) {
  const std::string id = ManagedPolicyId(account, arn);
  if (std::optional<NodeId> n = g.Find(id)) return n;
  std::string pname;
  if (name) {
    pname = std::string(*name);
  } else {
    const size_t slash = arn.rfind('/');
    pname = std::string(slash == std::string_view::npos ? arn : arn.substr(slash + 1));
  }
  std::optional<NodeId> n = g.Add(id, "IamPolicy", pname, account, "global");
  if (!n) return n;
  g.Str(*n, "policyName", pname);
  g.Str(*n, "arn", arn);
  g.Bool(*n, "isAwsManaged", IsAwsManagedPolicyArn(arn));
  g.Edge(account, "OWNS", id);
  return n;
}

void SetPolicyDocument(AwsGraph& g, NodeId n, std::string_view prop, std::string_view text) {
  g.Str(n, prop, text);
  absl::StatusOr<bool> admin = AllowsFullAdmin(text);
  if (admin.ok()) g.Bool(n, "allowsFullAdmin", *admin);
}

std::optional<std::string_view> MapManagedPolicyFields(AwsGraph& g, Source s,
                                                       const JsonNode& p, NodeId n,
                                                       std::optional<std::string_view> name,
                                                       std::string_view arn) {
  g.Str(n, "policyName", name);
  g.Str(n, "policyId", p.Str(Key<"PolicyId">(s)));
  g.Str(n, "arn", arn);
  g.Str(n, "path", p.Str(Key<"Path">(s)));
  std::optional<std::string_view> version = p.Str(Key<"DefaultVersionId">(s));
  g.Str(n, "defaultVersionId", version);
  g.Int(n, "attachmentCount", p.Int(Key<"AttachmentCount">(s)));
  g.Bool(n, "isAttachable", p.Bool(Key<"IsAttachable">(s)));
  g.Time(n, "createDate", p.Time(Key<"CreateDate">(s)));
  g.Time(n, "updateDate", p.Time(Key<"UpdateDate">(s)));
  g.Bool(n, "isAwsManaged", IsAwsManagedPolicyArn(arn));
  return version;
}

void MapIamPrincipalFields(AwsGraph& g, Source s, const JsonNode& p, NodeId n, IamPrincipal kind,
                           std::optional<std::string_view> name, std::string_view arn) {
  switch (kind) {
    case IamPrincipal::kUser:
      g.Str(n, "userName", name);
      g.Str(n, "userId", p.Str(Key<"UserId">(s)));
      break;
    case IamPrincipal::kGroup:
      g.Str(n, "groupName", name);
      g.Str(n, "groupId", p.Str(Key<"GroupId">(s)));
      break;
    case IamPrincipal::kRole:
      g.Str(n, "roleName", name);
      g.Str(n, "roleId", p.Str(Key<"RoleId">(s)));
      if (std::optional<JsonNode> last = p.Obj(Key<"RoleLastUsed">(s))) {
        g.Time(n, "roleLastUsedDate", last->Time(Key<"LastUsedDate">(s)));
      }
      break;
  }
  g.Str(n, "arn", arn);
  g.Str(n, "path", p.Str(Key<"Path">(s)));
  g.Time(n, "createDate", p.Time(Key<"CreateDate">(s)));
}

void MapPublicAccessBlock(AwsGraph& g, Source s, const JsonNode& block, NodeId n) {
  g.Bool(n, "blockPublicAcls", block.Bool(Key<"BlockPublicAcls">(s)).value_or(false));
  g.Bool(n, "ignorePublicAcls", block.Bool(Key<"IgnorePublicAcls">(s)).value_or(false));
  g.Bool(n, "blockPublicPolicy", block.Bool(Key<"BlockPublicPolicy">(s)).value_or(false));
  g.Bool(n, "restrictPublicBuckets", block.Bool(Key<"RestrictPublicBuckets">(s)).value_or(false));
}

void MapKmsKeyFields(AwsGraph& g, Source s, const JsonNode& key, NodeId n) {
  g.Str(n, "keyManager", key.Str(Key<"KeyManager">(s)));
  std::optional<std::string_view> spec = key.Str(Key<"KeySpec">(s));
  g.Str(n, "keySpec", spec ? spec : key.Str(Key<"CustomerMasterKeySpec">(s)));
  g.Str(n, "keyUsage", key.Str(Key<"KeyUsage">(s)));
  g.Str(n, "keyState", key.Str(Key<"KeyState">(s)));
  g.Str(n, "origin", key.Str(Key<"Origin">(s)));
  g.Bool(n, "multiRegion", key.Bool(Key<"MultiRegion">(s)));
  g.Time(n, "creationDate", key.Time(Key<"CreationDate">(s)));
}

void MapRdsInstanceFields(AwsGraph& g, Source s, const JsonNode& db, NodeId n) {
  g.Str(n, "engine", db.Str(Key<"Engine">(s)));
  g.Str(n, "engineVersion", db.Str(Key<"EngineVersion">(s)));
  g.Str(n, "dbInstanceClass", db.Str(Key<"DBInstanceClass">(s)));
  g.Str(n, "dbInstanceStatus", db.Str(Key<"DBInstanceStatus">(s)));
  g.Str(n, "dbClusterIdentifier", db.Str(Key<"DBClusterIdentifier">(s)));
  g.Bool(n, "storageEncrypted", db.Bool(Key<"StorageEncrypted">(s)));
  g.Str(n, "kmsKeyId", db.Str(Key<"KmsKeyId">(s)));
  g.Bool(n, "autoMinorVersionUpgrade", db.Bool(Key<"AutoMinorVersionUpgrade">(s)));
  g.Bool(n, "publiclyAccessible", db.Bool(Key<"PubliclyAccessible">(s)));
  g.Bool(n, "multiAZ", db.Bool(Key<"MultiAZ">(s)));
}

void MapTrailFields(AwsGraph& g, Source s, const JsonNode& t, NodeId n) {
  g.Bool(n, "isMultiRegionTrail", t.Bool(Key<"IsMultiRegionTrail">(s)));
  g.Bool(n, "isOrganizationTrail", t.Bool(Key<"IsOrganizationTrail">(s)));
  g.Bool(n, "includeGlobalServiceEvents", t.Bool(Key<"IncludeGlobalServiceEvents">(s)));
  g.Bool(n, "logFileValidationEnabled", t.Bool(Key<"LogFileValidationEnabled">(s)));
  g.Str(n, "s3KeyPrefix", t.Str(Key<"S3KeyPrefix">(s)));
  g.Str(n, "cloudWatchLogsRoleArn", t.Str(Key<"CloudWatchLogsRoleArn">(s)));
  g.Bool(n, "hasCustomEventSelectors", t.Bool(Key<"HasCustomEventSelectors">(s)));
}

void MapEc2InstanceFields(AwsGraph& g, Source s, const JsonNode& in, NodeId n,
                          std::string_view instance_id) {
  g.Str(n, "instanceId", instance_id);
  g.Str(n, "instanceType", in.Str(Key<"InstanceType">(s)));
  if (std::optional<JsonNode> state = in.Obj(Key<"State">(s))) {
    g.Str(n, "stateName", state->Str(Key<"Name">(s)));
  }
  g.Time(n, "launchTime", in.Time(Key<"LaunchTime">(s)));
  g.Str(n, "vpcId", in.Str(Key<"VpcId">(s)));
  if (std::optional<JsonNode> profile = in.Obj(Key<"IamInstanceProfile">(s))) {
    g.Str(n, "iamInstanceProfileArn", profile->Str(Key<"Arn">(s)));
  }
  if (std::optional<JsonNode> md = in.Obj(Key<"MetadataOptions">(s))) {
    g.Str(n, "httpTokens", md->Str(Key<"HttpTokens">(s)));
    g.Str(n, "httpEndpoint", md->Str(Key<"HttpEndpoint">(s)));
    g.Str(n, "metadataOptionsState", md->Str(Key<"State">(s)));
  }
}

std::optional<std::string_view> MapSecurityGroupFields(AwsGraph& g, Source s, const JsonNode& sg,
                                                       NodeId n, std::string_view group_id) {
  g.Str(n, "groupId", group_id);
  g.Str(n, "groupName", sg.Str(Key<"GroupName">(s)));
  g.Str(n, "description", sg.Str(Key<"Description">(s)));
  std::optional<std::string_view> vpc = sg.Str(Key<"VpcId">(s));
  g.Str(n, "vpcId", vpc);
  g.Str(n, "ownerId", sg.Str(Key<"OwnerId">(s)));
  return vpc;
}

void MapSecurityGroupRules(AwsGraph& g, Source s, const JsonNode& sg, const std::string& id,
                           std::string_view group_id, Owner owner) {
  const bool cli = s == Source::kCli;
  for (bool egress : {false, true}) {
    std::optional<JsonNode> perms =
        sg.Arr(egress ? Key<"IpPermissionsEgress">(s) : Key<"IpPermissions">(s));
    if (!perms) continue;
    perms->Each([&](const JsonNode& p) {
      std::optional<std::string_view> proto = p.Str(Key<"IpProtocol">(s));
      if (!proto) {
        if (cli && p.ok()) p.Fail("\"IpProtocol\" is required");
        return;
      }
      std::optional<int64_t> from = p.Int(Key<"FromPort">(s));
      std::optional<int64_t> to = p.Int(Key<"ToPort">(s));
      const std::string ports = *proto == "-1" || (!from && !to)
                                    ? std::string("all")
                                    : StrCat(from.value_or(-1), "-", to.value_or(-1));
      const std::string_view direction = egress ? "egress" : "ingress";
      auto add_rule = [&](std::string_view source_kind, std::string_view source,
                          std::optional<std::string_view> description) {
        const std::string rule_id =
            StrCat(id, "/", direction, "/", *proto, "/", ports, "/", source);
        if (g.Find(rule_id)) return;  // the same rule listed twice
        std::optional<NodeId> r =
            g.Add(rule_id, "SecurityGroupRule",
                  StrCat(group_id, " ", direction, " ", *proto, " ", ports, " ", source),
                  owner.account, owner.region);
        if (!r) return;
        g.Str(*r, "groupId", group_id);
        g.Bool(*r, "isEgress", egress);
        g.Str(*r, "ipProtocol", proto);
        g.Int(*r, "fromPort", from);
        g.Int(*r, "toPort", to);
        g.Str(*r, source_kind, source);
        g.Str(*r, "description", description);
        if (std::optional<PortRange> pr = SecurityGroupRulePorts(*proto, from, to)) {
          g.Int(*r, "tcpUdpFromPort", pr->from);
          g.Int(*r, "tcpUdpToPort", pr->to);
        }
        g.Edge(id, "HAS_RULE", rule_id);
      };
      // The sources of a permission: `member` of each element of `list`. The
      // AWS CLI gives each source's Description; Config's items are mapped
      // without it.
      auto each_source = [&](std::string_view list, std::string_view member,
                             std::string_view source_kind) {
        std::optional<JsonNode> elements = p.Arr(list);
        if (!elements) return;
        elements->Each([&](const JsonNode& e) {
          if (std::optional<std::string_view> v = e.Str(member)) {
            add_rule(source_kind, *v,
                     cli ? e.Str("Description") : std::optional<std::string_view>());
          }
        });
      };
      if (cli) {
        each_source("IpRanges", "CidrIp", "cidrIpv4");
      } else {
        // ipv4Ranges (objects) and, in older items, ipRanges (strings): one
        // sorted set.
        std::set<std::string> v4;
        if (std::optional<JsonNode> r = p.Arr("ipv4Ranges")) {
          r->Each([&](const JsonNode& e) {
            if (std::optional<std::string_view> cidr = e.Str("cidrIp")) v4.emplace(*cidr);
          });
        }
        if (std::optional<JsonNode> r = p.Arr("ipRanges")) {
          r->Each([&](const JsonNode& e) {
            if (e.is_string()) v4.emplace(*e.AsStr());
          });
        }
        for (const std::string& cidr : v4) add_rule("cidrIpv4", cidr, std::nullopt);
      }
      each_source(Key<"Ipv6Ranges">(s), Key<"CidrIpv6">(s), "cidrIpv6");
      each_source(Key<"PrefixListIds">(s), Key<"PrefixListId">(s), "prefixListId");
      each_source(Key<"UserIdGroupPairs">(s), Key<"GroupId">(s), "referencedGroupId");
    });
  }
}

std::optional<std::string_view> MapNetworkAclFields(AwsGraph& g, Source s, const JsonNode& acl,
                                                    NodeId n, std::string_view acl_id) {
  g.Str(n, "networkAclId", acl_id);
  std::optional<std::string_view> vpc = acl.Str(Key<"VpcId">(s));
  g.Str(n, "vpcId", vpc);
  g.Bool(n, "isDefault", acl.Bool(Key<"IsDefault">(s)));
  g.Str(n, "ownerId", acl.Str(Key<"OwnerId">(s)));
  if (std::optional<JsonNode> assoc = acl.Arr(Key<"Associations">(s))) {
    std::vector<std::string> subnets;
    assoc->Each([&](const JsonNode& e) {
      if (std::optional<std::string_view> sub = e.Str(Key<"SubnetId">(s))) {
        subnets.emplace_back(*sub);
      }
    });
    g.StrList(n, "associatedSubnetIds", subnets);
  }
  return vpc;
}

void MapNetworkAclEntries(AwsGraph& g, Source s, const JsonNode& acl, const std::string& id,
                          std::string_view acl_id, Owner owner) {
  const bool cli = s == Source::kCli;
  std::vector<AclEntryKey> keys;
  std::vector<std::string> ids;
  if (std::optional<JsonNode> entries = acl.Arr(Key<"Entries">(s))) {
    entries->Each([&](const JsonNode& e) {
      std::optional<int64_t> number = e.Int(Key<"RuleNumber">(s));
      std::optional<bool> egress = e.Bool(Key<"Egress">(s));
      if (!number || !egress) {
        if (cli && e.ok()) e.Fail("\"RuleNumber\" and \"Egress\" are required");
        return;
      }
      std::optional<std::string_view> v6 = e.Str(Key<"Ipv6CidrBlock">(s));
      const std::string entry_id = NetworkAclEntryId(id, *egress, v6.has_value(), *number);
      if (g.Find(entry_id)) {
        // Config: the same item in two snapshots.
        if (cli) {
          e.Fail(StrCat("a second entry ", *number, " in the same direction and address family"));
        }
        return;
      }
      std::optional<NodeId> en =
          g.Add(entry_id, "NetworkAclEntry",
                StrCat(acl_id, " ", *egress ? "egress " : "ingress ", *number), owner.account,
                owner.region);
      if (!en) return;
      g.Int(*en, "ruleNumber", number);
      g.Bool(*en, "egress", egress);
      g.Str(*en, "ruleAction", e.Str(Key<"RuleAction">(s)));
      g.Str(*en, "protocol", e.Str(Key<"Protocol">(s)));
      g.Str(*en, "cidrBlock", e.Str(Key<"CidrBlock">(s)));
      g.Str(*en, "ipv6CidrBlock", v6);
      if (std::optional<JsonNode> range = e.Obj(Key<"PortRange">(s))) {
        g.Int(*en, "portRangeFrom", range->Int(Key<"From">(s)));
        g.Int(*en, "portRangeTo", range->Int(Key<"To">(s)));
      }
      g.Edge(id, "HAS_ENTRY", entry_id);
      keys.push_back({*number, *egress, v6.has_value()});
      ids.push_back(entry_id);
    });
  }
  for (const auto& [later, earlier] : NetworkAclPrecedence(keys)) {
    g.Edge(ids[later], "PRECEDED_BY", ids[earlier]);
  }
}

}  // namespace vigil::connect::aws

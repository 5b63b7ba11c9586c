// AWS Config configuration snapshots into the AWS asset graph
// (config_importer.h).
#include "src/connect/aws/config_importer.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "src/base/datetime.h"
#include "src/base/file.h"
#include "src/base/strings.h"
#include "src/connect/aws/aws_graph.h"
#include "src/connect/aws/network_rules.h"
#include "src/connect/aws/policy_analysis.h"
#include "src/connect/aws/resource_mapping.h"
#include "src/connect/json_input.h"

namespace vigil::connect::aws {

const std::vector<ConfigTypeMapping>& ConfigTypeMappings() {
  static const auto* m = new std::vector<ConfigTypeMapping>{
      {"AWS::IAM::Policy", "IamPolicy", {}, true},
      {"AWS::IAM::Group", "IamGroup",
       {"iam list-groups", "iam list-attached-group-policies", "iam list-group-policies",
        "iam get-group-policy"},
       true},
      {"AWS::IAM::Role", "IamRole",
       {"iam list-roles", "iam list-attached-role-policies", "iam list-role-policies",
        "iam get-role-policy"},
       true},
      {"AWS::IAM::User", "IamUser",
       {"iam list-users", "iam list-attached-user-policies", "iam list-user-policies",
        "iam get-user-policy", "iam list-groups-for-user"},
       true},
      {"AWS::S3::Bucket", "S3Bucket",
       {"s3api list-buckets", "s3api get-bucket-location", "s3api get-public-access-block",
        "s3api get-bucket-versioning", "s3api get-bucket-logging", "s3api get-bucket-policy"},
       true},
      {"AWS::KMS::Key", "KmsKey", {"kms list-keys", "kms describe-key"}, false},
      {"AWS::EC2::VPC", "Vpc", {"ec2 describe-vpcs"}, false},
      {"AWS::EC2::SecurityGroup", "SecurityGroup", {"ec2 describe-security-groups"}, false},
      {"AWS::EC2::NetworkAcl", "NetworkAcl", {"ec2 describe-network-acls"}, false},
      {"AWS::EC2::Instance", "Ec2Instance", {"ec2 describe-instances"}, false},
      {"AWS::RDS::DBInstance", "RdsInstance", {"rds describe-db-instances"}, false},
      {"AWS::EFS::FileSystem", "EfsFileSystem", {"efs describe-file-systems"}, false},
      {"AWS::CloudTrail::Trail", "CloudTrailTrail", {"cloudtrail describe-trails"}, false},
  };
  return *m;
}

std::vector<std::string> ConfigCalls() {
  std::set<std::string> calls;
  for (const ConfigTypeMapping& m : ConfigTypeMappings()) {
    for (std::string_view c : m.calls) calls.emplace(c);
  }
  return std::vector<std::string>(calls.begin(), calls.end());
}

namespace {

struct Item {
  std::string origin;  // "file: $.configurationItems[3]" or "file:12"
  std::string json;    // the item, compact
  std::string type;    // resourceType
  std::string account, region, id;
};

// Calls that are account-wide (their facts go to region "global").
bool IsGlobalCall(std::string_view call) {
  return call.substr(0, 4) == "iam " || call.substr(0, 6) == "s3api " ||
         call.substr(0, 10) == "s3control " || call.substr(0, 14) == "organizations " ||
         call.substr(0, 8) == "account " || call == "ec2 describe-regions";
}

// The policy document in member `key` of `node` as JSON text (decoded
// when percent-encoded); a malformed escape is recorded as `node`'s error.
std::optional<std::string> PolicyDocument(const JsonNode& node, std::string_view key) {
  std::optional<std::string_view> doc = node.Str(key);
  if (!doc) return std::nullopt;
  absl::StatusOr<std::string> text = PolicyDocumentText(*doc);
  if (!text.ok()) {
    node.Fail(std::string(text.status().message()), key);
    return std::nullopt;
  }
  return *std::move(text);
}

std::string AfterLast(std::string_view s, char c) {
  const size_t p = s.rfind(c);
  return std::string(p == std::string_view::npos ? s : s.substr(p + 1));
}

class ConfigImporter {
 public:
  ConfigImporter(GraphBuilder& b, ConnectorContext& ctx) : g_(b), ctx_(ctx) {}

  absl::Status Collect(const std::string& name, std::string_view text);
  absl::Status Map();

 private:
  // Calls fn on the object member `key` of `n`, given as an object or as
  // its JSON text.
  void Nested(const JsonNode& n, std::string_view key,
              const std::function<void(const JsonNode&)>& fn);
  absl::Status MapItem(const Item& item);
  void MapPolicies(const JsonNode& n, const Item& it, std::string_view principal,
                   std::string_view list_key, std::string_view attached_key);
  void EnsureAccount(const std::string& account);
  void EnsureRegion(const std::string& account, const std::string& region);
  void Facts();

  AwsGraph g_;
  ConnectorContext& ctx_;
  std::vector<Item> items_;
  std::set<std::string> skipped_types_;
  std::vector<std::pair<std::string, std::string>> pending_in_vpc_;  // (from, vpc id)
  std::vector<std::tuple<std::string, std::string, std::string>> pending_groups_;  // user, account, group
  std::map<std::string, std::set<std::string>> scopes_;  // account -> regions
  std::map<std::string, std::map<std::string, std::string>> groups_;  // account -> name -> arn
  struct Trail {
    std::string owner, bucket, log_group, kms;
    std::set<std::string> recorded;
  };
  std::map<std::string, Trail> trails_;
};

absl::Status ConfigImporter::Collect(const std::string& name, std::string_view text) {
  auto take = [&](const JsonNode& item, std::string origin) {
    if (!item.is_object()) {
      item.Fail("expected a configuration item (an object)");
      return;
    }
    Item it;
    it.origin = std::move(origin);
    auto required = [&](std::string_view key, std::string* out) {
      std::optional<std::string_view> v = item.Str(key);
      if (!v || v->empty()) {
        if (item.ok()) item.Fail(StrCat("\"", key, "\" is required"));
        return false;
      }
      *out = std::string(*v);
      return true;
    };
    if (!required("resourceType", &it.type) || !required("resourceId", &it.id) ||
        !required("awsAccountId", &it.account) || !required("awsRegion", &it.region)) {
      return;
    }
    if (it.account.size() != 12 ||
        it.account.find_first_not_of("0123456789") != std::string::npos) {
      item.Fail(StrCat("\"", it.account, "\" is not a 12-digit account id"), "awsAccountId");
      return;
    }
    if (std::optional<std::string_view> arn = item.Str("ARN")) {
      if (!ParseArn(*arn)) {
        item.Fail(StrCat("\"", *arn, "\" is not an ARN [import.arn]"), "ARN");
        return;
      }
    }
    if (!item.ok()) return;
    it.json = item.Json();
    items_.push_back(std::move(it));
  };
  // A snapshot object, one configuration item, or newline-delimited items.
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return absl::InvalidArgumentError(
        StrCat(name, ": empty; expected an AWS Config snapshot [import.shape]"));
  }
  // Newline-delimited items when the first line is one whole item.
  bool ndjson = false;
  {
    size_t eol = text.find('\n', first);
    std::string_view line = text.substr(first, eol == std::string_view::npos ? text.npos : eol - first);
    JsonFile probe(name, line);
    absl::Status ps = probe.WithRoot([&](const JsonNode& root) {
      ndjson = root.is_object() && root.Has("resourceType");
    });
    if (!ps.ok()) ndjson = false;
  }
  if (!ndjson) {
    JsonFile whole(name, text);
    absl::Status s = whole.WithRoot([&](const JsonNode& root) {
      if (!root.is_object()) {
        root.Fail("expected an AWS Config snapshot (an object with \"configurationItems\")");
        return;
      }
      std::optional<JsonNode> list = root.Member("configurationItems");
      if (!list) {
        root.Fail(
            "not an AWS Config snapshot: no \"configurationItems\" (nor a configuration item's "
            "\"resourceType\")");
        return;
      }
      if (!list->is_array()) {
        list->Fail("expected an array");
        return;
      }
      list->Each([&](const JsonNode& item) {
        if (item.ok()) take(item, StrCat(name, ": ", item.Path()));
      });
    });
    if (!s.ok()) return absl::InvalidArgumentError(StrCat(s.message(), " [import.shape]"));
    return absl::OkStatus();
  }
  // Newline-delimited configuration items.
  size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    ++line_no;
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      if (end == text.size()) break;
      continue;
    }
    JsonFile f(StrCat(name, ":", line_no), line);
    absl::Status ls = f.WithRoot([&](const JsonNode& item) {
      take(item, StrCat(name, ":", line_no, ": $"));
    });
    if (!ls.ok()) {
      // A syntax error is located in the line ("name:N:1:C"): "name:N:C".
      std::string msg(ls.message());
      const std::string lead = StrCat(name, ":", line_no, ":1:");
      if (msg.compare(0, lead.size(), lead) == 0) {
        msg = StrCat(name, ":", line_no, ":", msg.substr(lead.size()));
      }
      return absl::InvalidArgumentError(StrCat(msg, " [import.shape]"));
    }
    if (end == text.size()) break;
  }
  return absl::OkStatus();
}

void ConfigImporter::Nested(const JsonNode& n, std::string_view key,
                            const std::function<void(const JsonNode&)>& fn) {
  std::optional<JsonNode> v = n.Member(key);
  if (!v || v->is_null()) return;
  if (v->is_object()) {
    fn(*v);
    return;
  }
  if (!v->is_string()) {
    v->Fail("expected an object (or its JSON text)");
    return;
  }
  // Some Config APIs give nested documents as JSON text.
  const std::string text(*v->AsStr());
  JsonFile inner(v->Path(), text);
  absl::Status s = inner.WithRoot([&](const JsonNode& root) {
    if (!root.is_object()) {
      root.Fail("expected an object");
      return;
    }
    fn(root);
  });
  if (!s.ok()) n.file().RecordError(std::string(s.message()));
}

void ConfigImporter::EnsureAccount(const std::string& account) {
  if (g_.Find(account)) return;
  g_.Add(account, "Account", "", account, "global");
}

void ConfigImporter::EnsureRegion(const std::string& account, const std::string& region) {
  const std::string id = StrCat(account, "/", region);
  if (g_.Find(id)) return;
  std::optional<NodeId> n = g_.Add(id, "Region", region, account, region);
  if (!n) return;
  g_.Str(*n, "regionName", region);
  g_.Edge(account, "HAS_REGION", id);
}

void ConfigImporter::MapPolicies(const JsonNode& c, const Item& it, std::string_view principal,
                                 std::string_view list_key, std::string_view attached_key) {
  if (std::optional<JsonNode> attached = c.Arr(attached_key)) {
    attached->Each([&](const JsonNode& p) {
      std::optional<std::string_view> arn = p.Str("policyArn");
      if (!arn) return;
      if (!ParseArn(*arn)) {
        p.Fail(StrCat("\"", *arn, "\" is not an ARN [import.arn]"), "policyArn");
        return;
      }
      if (!EnsureManagedPolicy(g_, it.account, *arn, p.Str("policyName"))) return;
      g_.EdgeOnce(principal, "HAS_ATTACHED_POLICY", ManagedPolicyId(it.account, *arn));
    });
  }
  if (std::optional<JsonNode> inline_list = c.Arr(list_key)) {
    inline_list->Each([&](const JsonNode& p) {
      std::optional<std::string_view> name = p.Str("policyName");
      if (!name) return;
      const std::string id = StrCat(principal, "/inline-policy/", *name);
      if (g_.Find(id)) return;
      std::optional<NodeId> n = g_.Add(id, "IamInlinePolicy", *name, it.account, "global");
      if (!n) return;
      g_.Str(*n, "policyName", name);
      if (std::optional<std::string> text = PolicyDocument(p, "policyDocument")) {
        SetPolicyDocument(g_, *n, "policyDocument", *text);
      }
      g_.Edge(principal, "HAS_INLINE_POLICY", id);
    });
  }
}

absl::Status ConfigImporter::MapItem(const Item& it) {
  JsonFile f(it.origin, it.json);
  const std::string& a = it.account;
  const bool global_type = it.type.substr(0, 9) == "AWS::IAM:" || it.type == "AWS::S3::Bucket";
  EnsureAccount(a);
  if (!global_type && it.region != "global") EnsureRegion(a, it.region);
  auto ec2 = [&](std::string_view kind, std::string_view id) {
    return StrCat("arn:", PartitionOf(it.region), ":ec2:", it.region, ":", a, ":", kind, "/", id);
  };
  absl::Status s = f.WithRoot([&](const JsonNode& item) {
    std::optional<std::string_view> item_arn = item.Str("ARN");
    std::string name_tag;
    if (std::optional<JsonNode> tags = item.Obj("tags")) {
      if (std::optional<std::string_view> n = tags->Str("Name")) name_tag = std::string(*n);
    }
    auto add = [&](const std::string& id, std::string_view type, std::string_view name,
                   std::string_view region) -> std::optional<NodeId> {
      if (g_.Find(id)) return std::nullopt;  // described twice (two snapshots)
      return g_.Add(id, type, name, a, region);
    };
    Nested(item, "configuration", [&](const JsonNode& c) {
      if (it.type == "AWS::EC2::VPC") {
        const std::string id = ec2("vpc", it.id);
        std::optional<NodeId> n = add(id, "Vpc", name_tag.empty() ? it.id : name_tag, it.region);
        if (!n) return;
        g_.Str(*n, "vpcId", it.id);
        std::optional<std::string_view> owner = c.Str("ownerId");
        g_.Str(*n, "ownerId", owner);
        g_.Bool(*n, "isDefault", c.Bool("isDefault"));
        g_.Str(*n, "state", c.Str("state"));
        g_.Str(*n, "cidrBlock", c.Str("cidrBlock"));
        g_.Str(*n, "instanceTenancy", c.Str("instanceTenancy"));
        g_.Str(*n, "dhcpOptionsId", c.Str("dhcpOptionsId"));
        if (owner) g_.Bool(*n, "isShared", *owner != a);
        g_.Edge(a, "OWNS", id);
        g_.Edge(id, "IN_REGION", StrCat(a, "/", it.region));
      } else if (it.type == "AWS::EC2::SecurityGroup") {
        const std::string id = ec2("security-group", it.id);
        std::optional<std::string_view> gname = c.Str("groupName");
        std::optional<NodeId> n = add(id, "SecurityGroup", gname ? *gname : it.id, it.region);
        if (!n) return;
        std::optional<std::string_view> vpc =
            MapSecurityGroupFields(g_, Source::kConfig, c, *n, it.id);
        if (vpc) pending_in_vpc_.emplace_back(id, ec2("vpc", *vpc));
        MapSecurityGroupRules(g_, Source::kConfig, c, id, it.id, {a, it.region});
      } else if (it.type == "AWS::EC2::NetworkAcl") {
        const std::string id = ec2("network-acl", it.id);
        std::optional<NodeId> n = add(id, "NetworkAcl", name_tag.empty() ? it.id : name_tag, it.region);
        if (!n) return;
        std::optional<std::string_view> vpc =
            MapNetworkAclFields(g_, Source::kConfig, c, *n, it.id);
        if (vpc) pending_in_vpc_.emplace_back(id, ec2("vpc", *vpc));
        MapNetworkAclEntries(g_, Source::kConfig, c, id, it.id, {a, it.region});
      } else if (it.type == "AWS::EC2::Instance") {
        const std::string id = ec2("instance", it.id);
        std::optional<NodeId> n = add(id, "Ec2Instance", name_tag.empty() ? it.id : name_tag, it.region);
        if (!n) return;
        MapEc2InstanceFields(g_, Source::kConfig, c, *n, it.id);
      } else if (it.type == "AWS::S3::Bucket") {
        std::optional<std::string_view> bname = c.Str("name");
        const std::string bucket = bname ? std::string(*bname) : it.id;
        const std::string id = StrCat("arn:", PartitionOf(it.region), ":s3:::", bucket);
        std::optional<NodeId> n = add(id, "S3Bucket", bucket, it.region);
        if (!n) return;
        g_.Str(*n, "bucketName", bucket);
        g_.Time(*n, "creationDate", c.Time("creationDate"));
        g_.Edge(a, "OWNS", id);
        bool pab = false, policy = false;
        Nested(item, "supplementaryConfiguration", [&](const JsonNode& sup) {
          Nested(sup, "PublicAccessBlockConfiguration", [&](const JsonNode& p) {
            pab = true;
            MapPublicAccessBlock(g_, Source::kConfig, p, *n);
          });
          Nested(sup, "BucketVersioningConfiguration", [&](const JsonNode& v) {
            std::optional<std::string_view> status = v.Str("status");
            if (status && *status != "Off") g_.Str(*n, "versioningStatus", status);
            if (std::optional<bool> mfa = v.Bool("isMfaDeleteEnabled")) {
              g_.Str(*n, "mfaDelete", *mfa ? "Enabled" : "Disabled");
            }
          });
          Nested(sup, "BucketLoggingConfiguration", [&](const JsonNode& l) {
            g_.Str(*n, "loggingTargetBucket", l.Str("destinationBucketName"));
            g_.Str(*n, "loggingTargetPrefix", l.Str("logFilePrefix"));
          });
          Nested(sup, "BucketPolicy", [&](const JsonNode& p) {
            if (std::optional<std::string_view> text = p.Str("policyText")) {
              policy = true;
              g_.Bool(*n, "hasBucketPolicy", true);
              g_.Str(*n, "policy", text);
              absl::StatusOr<bool> d = DeniesInsecureTransport(*text, bucket, PartitionOf(it.region));
              if (d.ok()) g_.Bool(*n, "deniesInsecureTransport", *d);
            }
          });
        });
        if (!pab) {
          for (const char* p : {"blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy",
                                "restrictPublicBuckets"}) {
            g_.Bool(*n, p, false);
          }
        }
        if (!policy) {
          g_.Bool(*n, "hasBucketPolicy", false);
          g_.Bool(*n, "deniesInsecureTransport", false);
        }
      } else if (it.type == "AWS::IAM::Policy") {
        std::optional<std::string_view> arn = c.Str("arn");
        const std::string parn = arn ? std::string(*arn) : std::string(item_arn.value_or(""));
        if (!ParseArn(parn)) {
          c.Fail(StrCat("\"", parn, "\" is not an ARN [import.arn]"), "arn");
          return;
        }
        const std::string id = ManagedPolicyId(a, parn);
        std::optional<std::string_view> pname = c.Str("policyName");
        std::optional<NodeId> n = add(id, "IamPolicy", pname ? *pname : AfterLast(parn, '/'), "global");
        if (!n) return;
        std::optional<std::string_view> version =
            MapManagedPolicyFields(g_, Source::kConfig, c, *n, pname, parn);
        if (std::optional<JsonNode> versions = c.Arr("policyVersionList")) {
          versions->Each([&](const JsonNode& v) {
            std::optional<bool> is_default = v.Bool("isDefaultVersion");
            std::optional<std::string_view> vid = v.Str("versionId");
            if (!(is_default.value_or(false) || (version && vid == version))) return;
            std::optional<std::string> text = PolicyDocument(v, "document");
            if (text) SetPolicyDocument(g_, *n, "document", *text);
          });
        }
        g_.Edge(a, "OWNS", id);
      } else if (it.type == "AWS::IAM::Group" || it.type == "AWS::IAM::Role" ||
                 it.type == "AWS::IAM::User") {
        const std::string_view kind = it.type == "AWS::IAM::Group"  ? "Group"
                                      : it.type == "AWS::IAM::Role" ? "Role"
                                                                    : "User";
        const std::string lower = kind == "Group" ? "group" : kind == "Role" ? "role" : "user";
        std::optional<std::string_view> arn = c.Str("arn");
        const std::string parn = arn ? std::string(*arn) : std::string(item_arn.value_or(""));
        if (!ParseArn(parn)) {
          c.Fail(StrCat("\"", parn, "\" is not an ARN [import.arn]"), "arn");
          return;
        }
        std::optional<std::string_view> pname = c.Str(StrCat(lower, "Name"));
        const std::string type = StrCat("Iam", kind);
        std::optional<NodeId> n = add(parn, type, pname ? *pname : AfterLast(parn, '/'), "global");
        if (!n) return;
        MapIamPrincipalFields(g_, Source::kConfig, c, *n,
                              kind == "Group"  ? IamPrincipal::kGroup
                              : kind == "Role" ? IamPrincipal::kRole
                                               : IamPrincipal::kUser,
                              pname, parn);
        if (kind == "Group") {
          if (pname) groups_[a][std::string(*pname)] = parn;
        } else if (kind == "User") {
          if (std::optional<JsonNode> list = c.Arr("groupList")) {
            list->Each([&](const JsonNode& gname) {
              if (std::optional<std::string_view> gn = gname.AsStr()) {
                pending_groups_.emplace_back(parn, a, std::string(*gn));
              }
            });
          }
        }
        g_.Edge(a, "OWNS", parn);
        MapPolicies(c, it, parn, StrCat(lower, "PolicyList"), "attachedManagedPolicies");
      } else if (it.type == "AWS::KMS::Key") {
        std::optional<std::string_view> arn = c.Str("arn");
        const std::string id = arn ? std::string(*arn) : std::string(item_arn.value_or(""));
        if (!ParseArn(id)) {
          c.Fail(StrCat("\"", id, "\" is not an ARN [import.arn]"), "arn");
          return;
        }
        std::optional<NodeId> n = add(id, "KmsKey", it.id, it.region);
        if (!n) return;
        g_.Str(*n, "keyId", it.id);
        g_.Str(*n, "arn", id);
        MapKmsKeyFields(g_, Source::kConfig, c, *n);
      } else if (it.type == "AWS::RDS::DBInstance") {
        std::optional<std::string_view> arn = c.Str("dBInstanceArn");
        const std::string id = arn ? std::string(*arn) : std::string(item_arn.value_or(""));
        if (!ParseArn(id)) {
          c.Fail(StrCat("\"", id, "\" is not an ARN [import.arn]"), "dBInstanceArn");
          return;
        }
        std::optional<std::string_view> ident = c.Str("dBInstanceIdentifier");
        std::optional<NodeId> n = add(id, "RdsInstance", ident ? *ident : it.id, it.region);
        if (!n) return;
        g_.Str(*n, "dbInstanceIdentifier", ident);
        g_.Str(*n, "dbInstanceArn", id);
        MapRdsInstanceFields(g_, Source::kConfig, c, *n);
      } else if (it.type == "AWS::EFS::FileSystem") {
        // Config gives EFS in the CloudFormation spelling (FileSystemId).
        auto str = [&](std::string_view camel, std::string_view pascal) {
          std::optional<std::string_view> v = c.Str(pascal);
          return v ? v : c.Str(camel);
        };
        std::optional<std::string_view> arn = str("arn", "Arn");
        const std::string id = arn ? std::string(*arn) : std::string(item_arn.value_or(""));
        if (!ParseArn(id)) {
          c.Fail(StrCat("\"", id, "\" is not an ARN [import.arn]"), "Arn");
          return;
        }
        std::optional<std::string_view> fs_id = str("fileSystemId", "FileSystemId");
        std::optional<NodeId> n = add(id, "EfsFileSystem", fs_id ? *fs_id : it.id, it.region);
        if (!n) return;
        g_.Str(*n, "fileSystemId", fs_id ? fs_id : std::optional<std::string_view>(it.id));
        g_.Str(*n, "fileSystemArn", id);
        std::optional<bool> enc = c.Bool("Encrypted");
        g_.Bool(*n, "encrypted", enc ? enc : c.Bool("encrypted"));
        g_.Str(*n, "kmsKeyId", str("kmsKeyId", "KmsKeyId"));
        g_.Str(*n, "lifeCycleState", str("lifeCycleState", "LifeCycleState"));
      } else if (it.type == "AWS::CloudTrail::Trail") {
        std::optional<std::string_view> arn = c.Str("trailARN");
        const std::string id = arn ? std::string(*arn) : std::string(item_arn.value_or(""));
        std::optional<Arn> parsed = ParseArn(id);
        if (!parsed) {
          c.Fail(StrCat("\"", id, "\" is not an ARN [import.arn]"), "trailARN");
          return;
        }
        Trail& t = trails_[id];
        t.recorded.insert(a);
        if (!t.owner.empty()) return;
        t.owner = std::string(parsed->account);
        std::optional<std::string_view> home = c.Str("homeRegion");
        std::optional<std::string_view> tname = c.Str("name");
        std::optional<NodeId> n = g_.Add(id, "CloudTrailTrail", tname.value_or(it.id), t.owner,
                                         home.value_or(it.region));
        if (!n) return;
        g_.Str(*n, "trailName", tname);
        g_.Str(*n, "trailARN", id);
        g_.Str(*n, "homeRegion", home);
        MapTrailFields(g_, Source::kConfig, c, *n);
        std::optional<std::string_view> kms = c.Str("kmsKeyId");
        g_.Str(*n, "kmsKeyId", kms);
        std::optional<std::string_view> bucket = c.Str("s3BucketName");
        g_.Str(*n, "s3BucketName", bucket);
        std::optional<std::string_view> group = c.Str("cloudWatchLogsLogGroupArn");
        g_.Str(*n, "cloudWatchLogsLogGroupArn", group);
        t.bucket = bucket ? std::string(*bucket) : "";
        std::string lg = group ? std::string(*group) : "";
        if (lg.size() >= 2 && lg.substr(lg.size() - 2) == ":*") lg.resize(lg.size() - 2);
        t.log_group = lg;
        t.kms = kms ? std::string(*kms) : "";
      }
    });
  });
  if (!s.ok()) return absl::InvalidArgumentError(StrCat(s.message(), " [import.shape]"));
  return g_.status();
}

void ConfigImporter::Facts() {
  // The calls the schema names, and those the items' types stand for.
  std::set<std::string> all;
  const Schema& schema = g_.builder().schema();
  for (const TypeDef& t : schema.types()) {
    all.insert(t.collected_by.begin(), t.collected_by.end());
    for (const PropertyDef& p : t.properties) all.insert(p.collected_by.begin(), p.collected_by.end());
    for (const RelationshipDef& r : t.relationships) {
      all.insert(r.collected_by.begin(), r.collected_by.end());
    }
  }
  std::set<std::string> covered;
  for (const ConfigTypeMapping& m : ConfigTypeMappings()) {
    for (std::string_view c : m.calls) covered.emplace(c);
  }
  for (const auto& [account, regions] : scopes_) {
    std::vector<std::string> places = {"global"};
    for (const std::string& r : regions) {
      if (r != "global") places.push_back(r);
    }
    for (const std::string& call : all) {
      const bool global = IsGlobalCall(call);
      const size_t space = call.find(' ');
      for (const std::string& place : places) {
        if (global != (place == "global")) continue;
        Collection c;
        c.account = account;
        c.region = place;
        c.service = call.substr(0, space);
        c.command = call.substr(space + 1);
        if (covered.count(call) != 0) {
          c.state = CollectionState::kCollected;
          c.detail = "from an AWS Config snapshot";
        } else {
          c.state = CollectionState::kMissing;
          c.detail = call.substr(0, 4) == "iam " && call.find("polic") != std::string::npos
                         ? "AWS Config records customer-managed policies only"
                         : "not in AWS Config snapshots";
        }
        g_.builder().AddCollection(std::move(c));
      }
    }
  }
}

absl::Status ConfigImporter::Map() {
  // Policies before the principals that attach them; groups before users.
  std::map<std::string, int> order;
  int rank = 0;
  for (const ConfigTypeMapping& m : ConfigTypeMappings()) order[std::string(m.resource_type)] = rank++;
  std::stable_sort(items_.begin(), items_.end(), [&](const Item& x, const Item& y) {
    auto ox = order.find(x.type), oy = order.find(y.type);
    const int rx = ox == order.end() ? rank : ox->second;
    const int ry = oy == order.end() ? rank : oy->second;
    return rx < ry;
  });
  size_t done = 0;
  for (const Item& it : items_) {
    ++done;
    ctx_.Progress({done, items_.size(), it.origin});
    scopes_[it.account].insert(it.type.substr(0, 9) == "AWS::IAM:" || it.type == "AWS::S3::Bucket"
                                   ? std::string("global")
                                   : it.region);
    if (order.count(it.type) == 0) {
      if (skipped_types_.insert(it.type).second) {
        Diagnostic w;
        w.severity = Severity::kWarning;
        w.code = "import.unknown-type";
        w.message = StrCat("vigil reads no resource type \"", it.type, "\"; its items are skipped");
        w.file = it.origin;
        ctx_.Warning(std::move(w));
      }
      EnsureAccount(it.account);
      continue;
    }
    if (absl::Status s = MapItem(it); !s.ok()) return s;
  }
  for (const auto& [from, to] : pending_in_vpc_) g_.Edge(from, "IN_VPC", to);
  for (const auto& [user, account, group] : pending_groups_) {
    auto it = groups_[account].find(group);
    if (it != groups_[account].end()) g_.EdgeOnce(user, "MEMBER_OF", it->second);
  }
  for (const auto& [arn, t] : trails_) {
    g_.Edge(t.owner, "OWNS", arn);
    for (const std::string& acct : t.recorded) g_.Edge(acct, "RECORDED_BY", arn);
    if (!t.bucket.empty()) g_.Edge(arn, "DELIVERS_TO", StrCat("arn:aws:s3:::", t.bucket));
    if (!t.log_group.empty()) g_.Edge(arn, "SENDS_TO_LOG_GROUP", t.log_group);
    if (!t.kms.empty()) g_.Edge(arn, "ENCRYPTED_WITH", t.kms);
  }
  Facts();
  return g_.status();
}

}  // namespace

absl::Status ImportConfigTexts(const std::vector<std::pair<std::string, std::string>>& texts,
                               GraphBuilder& builder, ConnectorContext& context) {
  ConfigImporter importer(builder, context);
  for (const auto& [name, text] : texts) {
    if (absl::Status s = importer.Collect(name, text); !s.ok()) {
      Diagnostic d;
      d.code = "import.shape";
      d.message = std::string(s.message());
      d.file = name;
      context.Error(std::move(d));
      return s;
    }
  }
  absl::Status s = importer.Map();
  if (!s.ok()) {
    Diagnostic d;
    d.code = "import.invalid";
    d.message = std::string(s.message());
    context.Error(std::move(d));
  }
  return s;
}

absl::Status ImportConfigSnapshots(const std::vector<std::string>& files, GraphBuilder& builder,
                                   ConnectorContext& context) {
  std::vector<std::pair<std::string, std::string>> texts;
  for (const std::string& f : files) {
    absl::StatusOr<std::string> text = ReadTextFile(f);
    if (!text.ok()) return text.status();
    texts.emplace_back(f, *std::move(text));
  }
  return ImportConfigTexts(texts, builder, context);
}

}  // namespace vigil::connect::aws

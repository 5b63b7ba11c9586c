// The aws-cli importer's mapping of each call's output to the AWS asset
// graph (schemas/aws.graphql; docs/aws-schema.md gives the ids and sources).
#include <algorithm>
#include <tuple>

#include "absl/strings/numbers.h"
#include "src/base/datetime.h"
#include "src/base/strings.h"
#include "src/connect/aws/cli_importer.h"
#include "src/connect/aws/metric_filter_patterns.h"
#include "src/connect/aws/network_rules.h"
#include "src/connect/aws/policy_analysis.h"
#include "src/connect/aws/resource_mapping.h"

namespace vigil::connect::aws {
namespace {

// The element of top-level array member `key`; a member that is not an
// array is an error (unless null).
bool IsElement(int64_t index, const JsonNode& n) {
  if (index >= 0) return true;
  if (!n.is_null()) n.Fail("expected an array");
  return false;
}

// A top-level member that must be an object (null: absent).
bool IsObject(int64_t index, const JsonNode& n) {
  if (index < 0 && n.is_object()) return true;
  if (!n.is_null()) n.Fail(index >= 0 ? "expected an object, got an array element" : "expected an object");
  return false;
}

// A member that must be a single value (not an array's element).
bool IsSingle(int64_t index, const JsonNode& n, std::string_view expected) {
  if (index < 0) return true;
  n.Fail(std::string(expected));
  return false;
}

// The asset of the resource a per-resource call names (`ids`: name -> id).
std::optional<NodeId> FindNamed(const AwsGraph& g, const std::map<std::string, std::string>& ids,
                                const std::string& name) {
  auto it = ids.find(name);
  return it == ids.end() ? std::nullopt : g.Find(it->second);
}

// Tags ([{"Key": k, "Value": v}]) as "k=v" strings; *name_tag gets the
// value of the tag "Name".
std::vector<std::string> Tags(const JsonNode& n, std::string_view key, std::string* name_tag) {
  std::vector<std::string> out;
  if (std::optional<JsonNode> tags = n.Arr(key)) {
    tags->Each([&](const JsonNode& t) {
      std::optional<std::string_view> k = t.Str("Key");
      std::optional<std::string_view> v = t.Str("Value");
      if (!k) {
        if (t.ok()) t.Fail("a tag without \"Key\"");
        return;
      }
      out.push_back(StrCat(*k, "=", v.value_or("")));
      if (*k == "Name" && name_tag != nullptr && v) *name_tag = std::string(*v);
    });
  }
  return out;
}

// A policy document given as an object or as its (possibly percent-encoded)
// JSON text; anything else, or a malformed escape, is an error at `doc`.
std::optional<std::string> DocumentText(const JsonNode& doc) {
  if (doc.is_object()) return doc.Json();
  if (!doc.is_string()) {
    doc.Fail("expected the policy document (an object, or its JSON text)");
    return std::nullopt;
  }
  absl::StatusOr<std::string> decoded = PolicyDocumentText(*doc.AsStr());
  if (!decoded.ok()) {
    doc.Fail(std::string(decoded.status().message()));
    return std::nullopt;
  }
  return *std::move(decoded);
}

std::string Str(std::optional<std::string_view> v) { return v ? std::string(*v) : std::string(); }

std::string StripStar(std::string_view arn) {
  if (arn.size() >= 2 && arn.substr(arn.size() - 2) == ":*") arn.remove_suffix(2);
  return std::string(arn);
}

std::string AfterLast(std::string_view s, char c) {
  const size_t p = s.rfind(c);
  return std::string(p == std::string_view::npos ? s : s.substr(p + 1));
}

}  // namespace

const std::map<std::string, CliImporter::Mapper>& CliImporter::Mappers() {
  static const auto* m = new std::map<std::string, Mapper>{
      {"ec2 describe-regions", &CliImporter::DescribeRegions},
      {"organizations list-accounts", &CliImporter::ListAccounts},
      {"account get-alternate-contact", &CliImporter::AlternateContact},
      {"iam get-account-summary", &CliImporter::AccountSummary},
      {"iam get-credential-report", &CliImporter::CredentialReportCall},
      {"iam get-account-password-policy", &CliImporter::PasswordPolicy},
      {"s3control get-public-access-block", &CliImporter::AccountPublicAccessBlock},
      {"iam list-policies", &CliImporter::ListPolicies},
      {"iam get-policy-version", &CliImporter::PolicyVersion},
      {"iam list-groups", &CliImporter::ListGroups},
      {"iam list-attached-group-policies", &CliImporter::AttachedPolicies},
      {"iam list-group-policies", &CliImporter::InlinePolicyNames},
      {"iam get-group-policy", &CliImporter::InlinePolicyDocument},
      {"iam list-roles", &CliImporter::ListRoles},
      {"iam get-role", &CliImporter::GetRole},
      {"iam list-attached-role-policies", &CliImporter::AttachedPolicies},
      {"iam list-role-policies", &CliImporter::InlinePolicyNames},
      {"iam get-role-policy", &CliImporter::InlinePolicyDocument},
      {"iam list-users", &CliImporter::ListUsers},
      {"iam list-access-keys", &CliImporter::AccessKeys},
      {"iam get-access-key-last-used", &CliImporter::AccessKeyLastUsed},
      {"iam list-mfa-devices", &CliImporter::MfaDevices},
      {"iam list-virtual-mfa-devices", &CliImporter::VirtualMfaDevices},
      {"iam list-groups-for-user", &CliImporter::GroupsForUser},
      {"iam list-attached-user-policies", &CliImporter::AttachedPolicies},
      {"iam list-user-policies", &CliImporter::InlinePolicyNames},
      {"iam get-user-policy", &CliImporter::InlinePolicyDocument},
      {"iam list-server-certificates", &CliImporter::ServerCertificates},
      {"s3api list-buckets", &CliImporter::ListBuckets},
      {"s3api get-bucket-location", &CliImporter::BucketLocation},
      {"s3api get-public-access-block", &CliImporter::BucketPublicAccessBlock},
      {"s3api get-bucket-versioning", &CliImporter::BucketVersioning},
      {"s3api get-bucket-logging", &CliImporter::BucketLogging},
      {"s3api get-bucket-policy", &CliImporter::BucketPolicy},
      {"ec2 get-ebs-encryption-by-default", &CliImporter::EbsEncryption},
      {"ec2 get-ebs-default-kms-key-id", &CliImporter::EbsKmsKey},
      {"kms list-keys", &CliImporter::ListKeys},
      {"kms describe-key", &CliImporter::DescribeKey},
      {"kms get-key-rotation-status", &CliImporter::KeyRotation},
      {"logs describe-log-groups", &CliImporter::LogGroups},
      {"sns list-topics", &CliImporter::Topics},
      {"sns get-topic-attributes", &CliImporter::TopicAttributes},
      {"cloudwatch describe-alarms", &CliImporter::Alarms},
      {"logs describe-metric-filters", &CliImporter::MetricFilters},
      {"ec2 describe-vpcs", &CliImporter::Vpcs},
      {"ec2 describe-flow-logs", &CliImporter::FlowLogs},
      {"ec2 describe-security-groups", &CliImporter::SecurityGroups},
      {"ec2 describe-network-acls", &CliImporter::NetworkAcls},
      {"ec2 describe-instances", &CliImporter::Instances},
      {"accessanalyzer list-analyzers", &CliImporter::Analyzers},
      {"securityhub describe-hub", &CliImporter::SecurityHub},
      {"configservice describe-configuration-recorders", &CliImporter::Recorders},
      {"configservice describe-configuration-recorder-status", &CliImporter::RecorderStatus},
      {"rds describe-db-instances", &CliImporter::DbInstances},
      {"efs describe-file-systems", &CliImporter::FileSystems},
      {"cloudtrail describe-trails", &CliImporter::Trails},
      {"cloudtrail get-trail-status", &CliImporter::TrailStatus},
      {"cloudtrail get-event-selectors", &CliImporter::EventSelectors},
  };
  return *m;
}

// ---- helpers ------------------------------------------------------------------

std::optional<std::string> CliImporter::CheckedArn(const JsonNode& node, std::string_view key,
                                                   bool required) {
  std::optional<std::string_view> v = node.Str(key);
  if (!v) {
    if (required && node.ok()) node.Fail(StrCat("\"", key, "\" is required"));
    return std::nullopt;
  }
  if (!ParseArn(*v)) {
    node.Fail(StrCat("\"", *v, "\" is not an ARN [import.arn]"), key);
    return std::nullopt;
  }
  return std::string(*v);
}

std::string CliImporter::Ec2Arn(const Ctx& x, std::string_view kind, std::string_view id) const {
  return StrCat("arn:", x.account->partition, ":ec2:", x.region, ":", x.account->id, ":", kind,
                "/", id);
}

const std::map<std::string, std::string>& CliImporter::Principals(const AccountState& a,
                                                                  CliParam param) {
  switch (param) {
    case CliParam::kUserName:
    case CliParam::kUserPolicy:
      return a.users;
    case CliParam::kGroupName:
    case CliParam::kGroupPolicy:
      return a.groups;
    default:
      return a.roles;
  }
}

CliImporter::TrailInfo* CliImporter::NamedTrail(const Ctx& x, std::optional<NodeId>* n) {
  const RegionState& rs = x.account->regions[x.region];
  auto p = rs.trail_params.find(x.param);
  if (p == rs.trail_params.end()) return nullptr;
  *n = g_.Find(p->second);
  return &trails_[p->second];
}

// ---- account-wide ---------------------------------------------------------------

absl::Status CliImporter::DescribeRegions(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  a.regions_listed = true;
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& r) {
    if (!IsElement(i, r)) return;
    std::optional<std::string_view> name = r.Str("RegionName");
    std::optional<std::string_view> opt_in = r.Str("OptInStatus");
    if (!name) {
      if (r.ok()) r.Fail("\"RegionName\" is required");
      return;
    }
    if (!IsRegionName(*name)) {
      r.Fail(StrCat("\"", *name, "\" is not a region code"), "RegionName");
      return;
    }
    a.listed_regions[std::string(*name)] = Str(opt_in);
  });
}

absl::Status CliImporter::ListAccounts(const CliCall& c, Ctx& x) {
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& acct) {
    if (key != "Accounts" || !IsElement(i, acct)) return;
    std::optional<std::string_view> id = acct.Str("Id");
    if (!id) return;
    // Only the accounts collected are in the graph.
    std::optional<NodeId> n = g_.Find(*id);
    if (!n || accounts_.count(std::string(*id)) == 0) return;
    g_.Str(*n, "name", acct.Str("Name"));
    g_.Str(*n, "email", acct.Str("Email"));
    g_.Str(*n, "status", acct.Str("Status"));
    g_.Time(*n, "joinedTimestamp", acct.Time("JoinedTimestamp"));
  });
}

absl::Status CliImporter::AlternateContact(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& ac) {
    if (!IsObject(i, ac)) return;
    std::string type = Str(ac.Str("AlternateContactType"));
    if (type.empty()) type = x.param;
    if (type != x.param) {
      ac.Fail(StrCat("the contact type \"", type, "\" is not that of the file name (\"", x.param,
                     "\")"),
              "AlternateContactType");
      return;
    }
    const std::string id = StrCat(a.id, "/alternate-contact/", type);
    std::optional<NodeId> n = g_.Add(id, "AlternateContact", Str(ac.Str("Name")), a.id, "global");
    if (!n) return;
    g_.Str(*n, "alternateContactType", type);
    g_.Str(*n, "emailAddress", ac.Str("EmailAddress"));
    g_.Str(*n, "phoneNumber", ac.Str("PhoneNumber"));
    g_.Str(*n, "title", ac.Str("Title"));
    g_.Edge(a.id, "HAS_ALTERNATE_CONTACT", id);
  });
}

absl::Status CliImporter::AccountSummary(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  std::optional<NodeId> n = g_.Find(a.id);
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& m) {
    if (!IsObject(i, m) || !n) return;
    g_.Int(*n, "accountMFAEnabled", m.Int("AccountMFAEnabled"));
    g_.Int(*n, "accountAccessKeysPresent", m.Int("AccountAccessKeysPresent"));
    g_.Int(*n, "accountPasswordPresent", m.Int("AccountPasswordPresent"));
  });
}

absl::Status CliImporter::CredentialReportCall(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  std::optional<std::string> content;
  absl::Status s = Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& v) {
    if (key != "Content") return;
    if (i >= 0 || !v.is_string()) {
      if (!v.is_null()) v.Fail("expected a string (the report, base64)");
      return;
    }
    content = std::string(*v.AsStr());
  });
  if (!s.ok() || !content) return s;
  absl::StatusOr<std::string> csv = DecodeBase64(*content);
  if (!csv.ok()) {
    return Error(x, StrCat("$.Content: ", csv.status().message(), " [import.credential-report]"));
  }
  absl::StatusOr<CredentialReport> report = ParseCredentialReportCsv(*csv);
  if (!report.ok()) {
    return Error(x,
                 StrCat("$.Content: ", report.status().message(), " [import.credential-report]"));
  }
  // Timestamps are checked here, where the file can be named.
  for (size_t r = 0; r < report->rows.size(); ++r) {
    for (const auto& cell : report->rows[r]) {
      const std::string& col = cell.first;
      const std::string& value = cell.second;
      auto ends = [&](std::string_view suffix) {
        return col.size() >= suffix.size() &&
               std::string_view(col).substr(col.size() - suffix.size()) == suffix;
      };
      const bool is_time = ends("_time") || ends("password_last_used") ||
                           ends("_last_changed") || ends("_last_rotated") ||
                           ends("_last_used_date") || col == "password_next_rotation";
      if (!is_time || !ReportValue(value)) continue;
      if (!ParseDateTime(value)) {
        return Error(x, StrCat("$.Content: row ", r + 2, ", column ", col, ": \"", value,
                               "\" is not a timestamp [import.credential-report]"));
      }
    }
  }
  a.report = *std::move(report);
  if (const auto* root = a.report->Find("<root_account>")) {
    std::optional<NodeId> n = g_.Find(a.id);
    auto time = [&](std::string_view col) -> std::optional<std::string> {
      auto it = root->find(col);
      if (it == root->end()) return std::nullopt;
      std::optional<std::string_view> v = ReportValue(it->second);
      if (!v) return std::nullopt;
      return FormatRfc3339(*ParseDateTime(*v));
    };
    if (n) {
      g_.Time(*n, "rootPasswordLastUsed", time("password_last_used"));
      g_.Time(*n, "rootAccessKey1LastUsedDate", time("access_key_1_last_used_date"));
      g_.Time(*n, "rootAccessKey2LastUsedDate", time("access_key_2_last_used_date"));
    }
  }
  return g_.status();
}

absl::Status CliImporter::PasswordPolicy(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& p) {
    if (!IsObject(i, p)) return;
    const std::string id = StrCat(a.id, "/password-policy");
    std::optional<NodeId> n = g_.Add(id, "PasswordPolicy", "password policy", a.id, "global");
    if (!n) return;
    g_.Int(*n, "minimumPasswordLength", p.Int("MinimumPasswordLength"));
    g_.Int(*n, "passwordReusePrevention", p.Int("PasswordReusePrevention"));
    g_.Bool(*n, "requireSymbols", p.Bool("RequireSymbols"));
    g_.Bool(*n, "requireNumbers", p.Bool("RequireNumbers"));
    g_.Bool(*n, "requireUppercaseCharacters", p.Bool("RequireUppercaseCharacters"));
    g_.Bool(*n, "requireLowercaseCharacters", p.Bool("RequireLowercaseCharacters"));
    g_.Bool(*n, "allowUsersToChangePassword", p.Bool("AllowUsersToChangePassword"));
    g_.Bool(*n, "expirePasswords", p.Bool("ExpirePasswords"));
    g_.Int(*n, "maxPasswordAge", p.Int("MaxPasswordAge"));
    g_.Bool(*n, "hardExpiry", p.Bool("HardExpiry"));
    g_.Edge(a.id, "HAS_PASSWORD_POLICY", id);
  });
}

absl::Status CliImporter::AccountPublicAccessBlock(const CliCall& c, Ctx& x) {
  std::optional<NodeId> n = g_.Find(x.account->id);
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& p) {
    if (IsObject(i, p) && n) MapPublicAccessBlock(g_, Source::kCli, p, *n);
  });
}

// ---- IAM ------------------------------------------------------------------------

absl::Status CliImporter::ListPolicies(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& p) {
    if (key != "Policies" || !IsElement(i, p)) return;
    std::optional<std::string> arn = CheckedArn(p, "Arn", true);
    if (!arn) return;
    const std::string id = ManagedPolicyId(a.id, *arn);
    std::optional<std::string_view> name = p.Str("PolicyName");
    std::optional<NodeId> n = g_.Add(id, "IamPolicy", Str(name), a.id, "global");
    if (!n) return;
    std::optional<std::string_view> version =
        MapManagedPolicyFields(g_, Source::kCli, p, *n, name, *arn);
    g_.Edge(a.id, "OWNS", id);
    a.policies[*arn] = Policy{id, Str(version)};
  });
}

absl::Status CliImporter::PolicyVersion(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  auto it = a.policies.find(x.param);
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& v) {
    if (!IsObject(i, v) || it == a.policies.end()) return;
    std::optional<NodeId> n = g_.Find(it->second.id);
    if (!n) return;
    std::optional<JsonNode> doc = v.Member("Document");
    if (!doc || doc->is_null()) return;
    if (std::optional<std::string> text = DocumentText(*doc)) {
      SetPolicyDocument(g_, *n, "document", *text);
    }
  });
}

std::optional<NodeId> CliImporter::AddPrincipal(AccountState& a, const JsonNode& p,
                                                IamPrincipal kind, std::string_view* name_out) {
  const auto [name_key, type, by_name] =
      kind == IamPrincipal::kUser    ? std::tuple("UserName", "IamUser", &a.users)
      : kind == IamPrincipal::kGroup ? std::tuple("GroupName", "IamGroup", &a.groups)
                                     : std::tuple("RoleName", "IamRole", &a.roles);
  std::optional<std::string> arn = CheckedArn(p, "Arn", true);
  std::optional<std::string_view> name = p.Str(name_key);
  if (!arn || !name) {
    if (p.ok()) p.Fail(StrCat("\"", name_key, "\" is required"));
    return std::nullopt;
  }
  std::optional<NodeId> n = g_.Add(*arn, type, *name, a.id, "global");
  if (!n) return n;
  MapIamPrincipalFields(g_, Source::kCli, p, *n, kind, name, *arn);
  g_.Edge(a.id, "OWNS", *arn);
  (*by_name)[std::string(*name)] = *arn;
  *name_out = *name;
  return n;
}

absl::Status CliImporter::ListGroups(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& gr) {
    if (key != "Groups" || !IsElement(i, gr)) return;
    std::string_view name;
    AddPrincipal(a, gr, IamPrincipal::kGroup, &name);
  });
}

absl::Status CliImporter::ListRoles(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& r) {
    if (key != "Roles" || !IsElement(i, r)) return;
    std::string_view name;
    AddPrincipal(a, r, IamPrincipal::kRole, &name);
  });
}

absl::Status CliImporter::GetRole(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  auto it = a.roles.find(x.param);
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& r) {
    if (!IsObject(i, r) || it == a.roles.end()) return;
    std::optional<NodeId> n = g_.Find(it->second);
    if (!n) return;
    if (std::optional<JsonNode> last = r.Obj("RoleLastUsed")) {
      g_.Time(*n, "roleLastUsedDate", last->Time("LastUsedDate"));
    }
  });
}

absl::Status CliImporter::ListUsers(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& u) {
    if (key != "Users" || !IsElement(i, u)) return;
    std::string_view name;
    std::optional<NodeId> n = AddPrincipal(a, u, IamPrincipal::kUser, &name);
    if (!n) return;
    std::optional<std::string> last_used = u.Time("PasswordLastUsed");
    // The credential report's columns (the report is read first).
    if (a.report) {
      const auto* row = a.report->Find(name);
      if (row != nullptr) {
        auto value = [&](std::string_view col) -> std::optional<std::string_view> {
          auto it = row->find(col);
          return it == row->end() ? std::nullopt : ReportValue(it->second);
        };
        auto flag = [&](std::string_view col) -> std::optional<bool> {
          std::optional<std::string_view> v = value(col);
          if (v == "true") return true;
          if (v == "false") return false;
          return std::nullopt;
        };
        auto time = [&](std::string_view col) -> std::optional<std::string> {
          std::optional<std::string_view> v = value(col);
          if (!v) return std::nullopt;
          return FormatRfc3339(*ParseDateTime(*v));
        };
        g_.Bool(*n, "passwordEnabled", flag("password_enabled"));
        if (std::optional<std::string> t = time("password_last_used")) last_used = t;
        g_.Time(*n, "passwordLastChanged", time("password_last_changed"));
        g_.Bool(*n, "mfaActive", flag("mfa_active"));
      }
    }
    g_.Time(*n, "passwordLastUsed", last_used);
  });
}

// list-attached-{user,group,role}-policies: HAS_ATTACHED_POLICY edges.
absl::Status CliImporter::AttachedPolicies(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  const auto& principals = Principals(a, c.param);
  auto it = principals.find(x.param);
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& p) {
    if (key != "AttachedPolicies" || !IsElement(i, p) || it == principals.end()) return;
    std::optional<std::string> arn = CheckedArn(p, "PolicyArn", true);
    if (!arn) return;
    if (!EnsureManagedPolicy(g_, a.id, *arn, p.Str("PolicyName"))) return;
    g_.EdgeOnce(it->second, "HAS_ATTACHED_POLICY", ManagedPolicyId(a.id, *arn));
  });
}

// list-{user,group,role}-policies: IamInlinePolicy assets (their documents
// come from get-*-policy).
absl::Status CliImporter::InlinePolicyNames(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  const auto& principals = Principals(a, c.param);
  std::vector<std::string>& names = c.param == CliParam::kUserName    ? a.user_policies
                                    : c.param == CliParam::kGroupName ? a.group_policies
                                                                      : a.role_policies;
  auto it = principals.find(x.param);
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& p) {
    if (key != "PolicyNames" || !IsElement(i, p) || it == principals.end()) return;
    std::optional<std::string_view> name = p.AsStr();
    if (!name) return;
    const std::string id = StrCat(it->second, "/inline-policy/", *name);
    std::optional<NodeId> n = g_.Add(id, "IamInlinePolicy", *name, a.id, "global");
    if (!n) return;
    g_.Str(*n, "policyName", name);
    g_.Edge(it->second, "HAS_INLINE_POLICY", id);
    names.push_back(StrCat(x.param, "/", *name));
  });
}

absl::Status CliImporter::InlinePolicyDocument(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  const size_t slash = x.param.find('/');
  const std::string principal = x.param.substr(0, slash);
  const std::string name = slash == std::string::npos ? "" : x.param.substr(slash + 1);
  const auto& principals = Principals(a, c.param);
  auto it = principals.find(principal);
  if (it == principals.end()) return absl::OkStatus();
  std::optional<NodeId> n = g_.Find(StrCat(it->second, "/inline-policy/", name));
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& v) {
    if (key != "PolicyDocument" || !n || v.is_null()) return;
    if (i >= 0) {
      v.Fail("expected the policy document (an object, or its JSON text)");
      return;
    }
    if (std::optional<std::string> text = DocumentText(v)) {
      SetPolicyDocument(g_, *n, "policyDocument", *text);
    }
  });
}

absl::Status CliImporter::AccessKeys(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  auto it = a.users.find(x.param);
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& k) {
    if (key != "AccessKeyMetadata" || !IsElement(i, k) || it == a.users.end()) return;
    std::optional<std::string_view> key_id = k.Str("AccessKeyId");
    if (!key_id) {
      if (k.ok()) k.Fail("\"AccessKeyId\" is required");
      return;
    }
    const std::string id = StrCat(it->second, "/", *key_id);
    std::optional<NodeId> n = g_.Add(id, "AccessKey", *key_id, a.id, "global");
    if (!n) return;
    g_.Str(*n, "accessKeyId", key_id);
    g_.Str(*n, "userName", k.Str("UserName"));
    g_.Str(*n, "status", k.Str("Status"));
    g_.Time(*n, "createDate", k.Time("CreateDate"));
    g_.Edge(it->second, "HAS_ACCESS_KEY", id);
    a.access_keys[std::string(*key_id)] = id;
  });
}

absl::Status CliImporter::AccessKeyLastUsed(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  auto it = a.access_keys.find(x.param);
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& u) {
    if (key != "AccessKeyLastUsed" || !IsObject(i, u) || it == a.access_keys.end()) return;
    std::optional<NodeId> n = g_.Find(it->second);
    if (!n) return;
    g_.Time(*n, "lastUsedDate", u.Time("LastUsedDate"));
    auto not_na = [](std::optional<std::string_view> v) -> std::optional<std::string_view> {
      if (!v || *v == "N/A") return std::nullopt;
      return v;
    };
    g_.Str(*n, "lastUsedServiceName", not_na(u.Str("ServiceName")));
    g_.Str(*n, "lastUsedRegion", not_na(u.Str("Region")));
  });
}

absl::Status CliImporter::MfaDevices(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  auto it = a.users.find(x.param);
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& d) {
    if (key != "MFADevices" || !IsElement(i, d) || it == a.users.end()) return;
    std::optional<std::string_view> serial = d.Str("SerialNumber");
    if (!serial) {
      if (d.ok()) d.Fail("\"SerialNumber\" is required");
      return;
    }
    const std::string id =
        serial->substr(0, 4) == "arn:" ? std::string(*serial) : StrCat(it->second, "/", *serial);
    std::optional<NodeId> n = g_.Find(id);
    if (!n) {
      n = g_.Add(id, "MfaDevice", AfterLast(*serial, '/'), a.id, "global");
      if (!n) return;
      a.mfa_devices.push_back(id);
    }
    g_.Str(*n, "serialNumber", serial);
    g_.Str(*n, "userName", d.Str("UserName"));
    g_.Str(*n, "userArn", it->second);
    g_.Time(*n, "enableDate", d.Time("EnableDate"));
    g_.EdgeOnce(it->second, "HAS_MFA_DEVICE", id);
  });
}

absl::Status CliImporter::VirtualMfaDevices(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  std::set<std::string> virtual_ids;
  absl::Status s = Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& d) {
    if (key != "VirtualMFADevices" || !IsElement(i, d)) return;
    std::optional<std::string_view> serial = d.Str("SerialNumber");
    if (!serial) {
      if (d.ok()) d.Fail("\"SerialNumber\" is required");
      return;
    }
    std::optional<JsonNode> user = d.Obj("User");
    std::optional<std::string> user_arn;
    if (user) user_arn = CheckedArn(*user, "Arn", false);
    if (!d.ok()) return;
    const std::string id = std::string(*serial);
    std::optional<NodeId> n = g_.Find(id);
    if (!n) {
      n = g_.Add(id, "MfaDevice", AfterLast(*serial, '/'), a.id, "global");
      if (!n) return;
      a.mfa_devices.push_back(id);
    }
    virtual_ids.insert(id);
    g_.Str(*n, "serialNumber", serial);
    if (user) g_.Str(*n, "userName", user->Str("UserName"));
    if (user_arn) g_.Str(*n, "userArn", *user_arn);
    g_.Time(*n, "enableDate", d.Time("EnableDate"));
    if (user_arn && std::optional<Arn>(ParseArn(*user_arn))->resource == "root") {
      g_.EdgeOnce(a.id, "HAS_ROOT_MFA_DEVICE", id);
    } else if (user_arn && g_.Find(*user_arn)) {
      g_.EdgeOnce(*user_arn, "HAS_MFA_DEVICE", id);
    }
  });
  if (!s.ok()) return s;
  // Now every device of the account is known: virtual or not.
  for (const std::string& id : a.mfa_devices) {
    if (std::optional<NodeId> n = g_.Find(id)) g_.Bool(*n, "isVirtual", virtual_ids.count(id) != 0);
  }
  return g_.status();
}

absl::Status CliImporter::GroupsForUser(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  auto it = a.users.find(x.param);
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& gr) {
    if (key != "Groups" || !IsElement(i, gr) || it == a.users.end()) return;
    std::optional<std::string> arn = CheckedArn(gr, "Arn", true);
    if (!arn) return;
    g_.EdgeOnce(it->second, "MEMBER_OF", *arn);
  });
}

absl::Status CliImporter::ServerCertificates(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& m) {
    if (key != "ServerCertificateMetadataList" || !IsElement(i, m)) return;
    std::optional<std::string> arn = CheckedArn(m, "Arn", true);
    if (!arn) return;
    std::optional<std::string_view> name = m.Str("ServerCertificateName");
    std::optional<NodeId> n = g_.Add(*arn, "IamServerCertificate", Str(name), a.id, "global");
    if (!n) return;
    g_.Str(*n, "serverCertificateName", name);
    g_.Str(*n, "serverCertificateId", m.Str("ServerCertificateId"));
    g_.Str(*n, "arn", *arn);
    g_.Str(*n, "path", m.Str("Path"));
    g_.Time(*n, "uploadDate", m.Time("UploadDate"));
    g_.Time(*n, "expiration", m.Time("Expiration"));
  });
}

// ---- S3 ---------------------------------------------------------------------------

absl::Status CliImporter::ListBuckets(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& b) {
    if (key != "Buckets" || !IsElement(i, b)) return;
    std::optional<std::string_view> name = b.Str("Name");
    if (!name) {
      if (b.ok()) b.Fail("\"Name\" is required");
      return;
    }
    const std::string id = StrCat("arn:", a.partition, ":s3:::", *name);
    std::optional<NodeId> n = g_.Add(id, "S3Bucket", *name, a.id, "");
    if (!n) return;
    g_.Str(*n, "bucketName", name);
    g_.Time(*n, "creationDate", b.Time("CreationDate"));
    g_.Edge(a.id, "OWNS", id);
    a.buckets[std::string(*name)] = id;
  });
}

absl::Status CliImporter::BucketLocation(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  auto it = a.buckets.find(x.param);
  std::string location;
  absl::Status s = Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& v) {
    if (!IsSingle(i, v, "expected a string or null")) return;
    if (v.is_null()) return;
    std::optional<std::string_view> l = v.AsStr();
    if (l) location = std::string(*l);
  });
  if (!s.ok() || it == a.buckets.end()) return s;
  // Empty or null: us-east-1; "EU": eu-west-1 (the API's legacy names).
  if (location.empty()) location = "us-east-1";
  if (location == "EU") location = "eu-west-1";
  if (std::optional<NodeId> n = g_.Find(it->second)) g_.Str(*n, "region", location);
  return g_.status();
}

absl::Status CliImporter::BucketPublicAccessBlock(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  std::optional<NodeId> n = FindNamed(g_, a.buckets, x.param);
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& p) {
    if (IsObject(i, p) && n) MapPublicAccessBlock(g_, Source::kCli, p, *n);
  });
}

absl::Status CliImporter::BucketVersioning(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  std::optional<NodeId> n = FindNamed(g_, a.buckets, x.param);
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& v) {
    if (i >= 0 || (!v.is_null() && !v.is_string())) {
      v.Fail("expected a string");
      return;
    }
    if (!n || v.is_null()) return;
    g_.Str(*n, key == "Status" ? "versioningStatus" : "mfaDelete", v.AsStr());
  });
}

absl::Status CliImporter::BucketLogging(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  std::optional<NodeId> n = FindNamed(g_, a.buckets, x.param);
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& l) {
    if (!IsObject(i, l) || !n) return;
    g_.Str(*n, "loggingTargetBucket", l.Str("TargetBucket"));
    g_.Str(*n, "loggingTargetPrefix", l.Str("TargetPrefix"));
  });
}

absl::Status CliImporter::BucketPolicy(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  std::optional<NodeId> n = FindNamed(g_, a.buckets, x.param);
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& v) {
    if (i >= 0 || (!v.is_null() && !v.is_string())) {
      v.Fail("expected the policy as a string of JSON text");
      return;
    }
    if (!n || v.is_null()) return;
    const std::string text(*v.AsStr());
    g_.Bool(*n, "hasBucketPolicy", true);
    g_.Str(*n, "policy", text);
    absl::StatusOr<bool> denies = DeniesInsecureTransport(text, x.param, a.partition);
    if (denies.ok()) g_.Bool(*n, "deniesInsecureTransport", *denies);
  });
}

// ---- per-region settings --------------------------------------------------------

absl::Status CliImporter::EbsEncryption(const CliCall& c, Ctx& x) {
  std::optional<NodeId> n = g_.Find(StrCat(x.account->id, "/", x.region));
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& v) {
    if (!IsSingle(i, v, "expected a boolean")) return;
    if (n) g_.Bool(*n, "ebsEncryptionByDefault", v.AsBool());
  });
}

absl::Status CliImporter::EbsKmsKey(const CliCall& c, Ctx& x) {
  std::optional<NodeId> n = g_.Find(StrCat(x.account->id, "/", x.region));
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& v) {
    if (!IsSingle(i, v, "expected a string")) return;
    if (n) g_.Str(*n, "ebsDefaultKmsKeyId", v.AsStr());
  });
}

// ---- KMS ----------------------------------------------------------------------------

absl::Status CliImporter::ListKeys(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  RegionState& rs = a.regions[x.region];
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& k) {
    if (key != "Keys" || !IsElement(i, k)) return;
    std::optional<std::string_view> key_id = k.Str("KeyId");
    std::optional<std::string> arn = CheckedArn(k, "KeyArn", false);
    if (!key_id) {
      if (k.ok()) k.Fail("\"KeyId\" is required");
      return;
    }
    const std::string id = arn ? *arn
                               : StrCat("arn:", a.partition, ":kms:", x.region, ":", a.id, ":key/",
                                        *key_id);
    std::optional<NodeId> n = g_.Add(id, "KmsKey", *key_id, a.id, x.region);
    if (!n) return;
    g_.Str(*n, "keyId", key_id);
    g_.Str(*n, "arn", id);
    rs.keys[std::string(*key_id)] = id;
  });
}

absl::Status CliImporter::DescribeKey(const CliCall& c, Ctx& x) {
  std::optional<NodeId> n = FindNamed(g_, x.account->regions[x.region].keys, x.param);
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& m) {
    if (IsObject(i, m) && n) MapKmsKeyFields(g_, Source::kCli, m, *n);
  });
}

absl::Status CliImporter::KeyRotation(const CliCall& c, Ctx& x) {
  std::optional<NodeId> n = FindNamed(g_, x.account->regions[x.region].keys, x.param);
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& v) {
    if (!IsSingle(i, v, "expected a boolean")) return;
    if (n) g_.Bool(*n, "keyRotationEnabled", v.AsBool());
  });
}

// ---- CloudWatch Logs, SNS, CloudWatch alarms -------------------------------------

absl::Status CliImporter::LogGroups(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  RegionState& rs = a.regions[x.region];
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& lg) {
    if (key != "logGroups" || !IsElement(i, lg)) return;
    std::optional<std::string_view> name = lg.Str("logGroupName");
    if (!name) {
      if (lg.ok()) lg.Fail("\"logGroupName\" is required");
      return;
    }
    std::optional<std::string> arn = CheckedArn(lg, "arn", false);
    if (!lg.ok()) return;
    const std::string id = arn ? StripStar(*arn)
                               : StrCat("arn:", a.partition, ":logs:", x.region, ":", a.id,
                                        ":log-group:", *name);
    std::optional<NodeId> n = g_.Add(id, "LogGroup", *name, a.id, x.region);
    if (!n) return;
    g_.Str(*n, "logGroupName", name);
    if (arn) g_.Str(*n, "arn", *arn);
    g_.Time(*n, "creationTime", lg.EpochMillis("creationTime"));
    g_.Int(*n, "retentionInDays", lg.Int("retentionInDays"));
    g_.Int(*n, "storedBytes", lg.Int("storedBytes"));
    g_.Str(*n, "kmsKeyId", lg.Str("kmsKeyId"));
    rs.log_groups[std::string(*name)] = id;
  });
}

absl::Status CliImporter::Topics(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  RegionState& rs = a.regions[x.region];
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& t) {
    if (key != "Topics" || !IsElement(i, t)) return;
    std::optional<std::string> arn = CheckedArn(t, "TopicArn", true);
    if (!arn) return;
    std::optional<NodeId> n = g_.Add(*arn, "SnsTopic", AfterLast(*arn, ':'), a.id, x.region);
    if (!n) return;
    g_.Str(*n, "topicArn", *arn);
    rs.topics.insert(*arn);
  });
}

absl::Status CliImporter::TopicAttributes(const CliCall& c, Ctx& x) {
  std::optional<NodeId> n = g_.Find(x.param);
  return Members(c, x, [&](std::string_view, int64_t i, const JsonNode& attrs) {
    if (!IsObject(i, attrs) || !n) return;
    for (const auto& [attr, prop] : {std::pair<std::string_view, std::string_view>{
                                         "SubscriptionsConfirmed", "subscriptionsConfirmed"},
                                     {"SubscriptionsPending", "subscriptionsPending"}}) {
      std::optional<std::string_view> v = attrs.Str(attr);
      if (!v) continue;
      int64_t value = 0;
      if (!absl::SimpleAtoi(absl::string_view(v->data(), v->size()), &value)) {
        attrs.Fail(StrCat("\"", *v, "\" is not a number"), attr);
        return;
      }
      g_.Int(*n, prop, value);
    }
  });
}

absl::Status CliImporter::Alarms(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  RegionState& rs = a.regions[x.region];
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& al) {
    if (key != "MetricAlarms" || !IsElement(i, al)) return;
    std::optional<std::string> arn = CheckedArn(al, "AlarmArn", true);
    if (!arn) return;
    std::optional<std::string_view> name = al.Str("AlarmName");
    std::optional<NodeId> n = g_.Add(*arn, "MetricAlarm", Str(name), a.id, x.region);
    if (!n) return;
    g_.Str(*n, "alarmName", name);
    g_.Str(*n, "alarmArn", *arn);
    std::optional<std::string_view> metric = al.Str("MetricName");
    std::optional<std::string_view> ns = al.Str("Namespace");
    g_.Str(*n, "metricName", metric);
    g_.Str(*n, "namespace", ns);
    g_.Bool(*n, "actionsEnabled", al.Bool("ActionsEnabled"));
    g_.Str(*n, "stateValue", al.Str("StateValue"));
    std::vector<std::string> actions;
    if (std::optional<JsonNode> list = al.Arr("AlarmActions")) {
      list->Each([&](const JsonNode& e) {
        std::optional<std::string_view> v = e.AsStr();
        if (!v) return;
        if (!ParseArn(*v)) {
          e.Fail(StrCat("\"", *v, "\" is not an ARN [import.arn]"));
          return;
        }
        actions.emplace_back(*v);
      });
    }
    if (al.Has("AlarmActions")) g_.StrList(*n, "alarmActions", actions);
    for (const std::string& action : actions) {
      if (ParseArn(action)->service == "sns") g_.EdgeOnce(*arn, "NOTIFIES", action);
    }
    if (metric && ns) rs.alarms[{std::string(*ns), std::string(*metric)}].push_back(*arn);
  });
}

absl::Status CliImporter::MetricFilters(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  RegionState& rs = a.regions[x.region];
  auto it = rs.log_groups.find(x.param);
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& f) {
    if (key != "metricFilters" || !IsElement(i, f) || it == rs.log_groups.end()) return;
    std::optional<std::string_view> name = f.Str("filterName");
    if (!name) {
      if (f.ok()) f.Fail("\"filterName\" is required");
      return;
    }
    const std::string id = StrCat(it->second, "/metric-filter/", *name);
    std::optional<NodeId> n = g_.Add(id, "MetricFilter", *name, a.id, x.region);
    if (!n) return;
    g_.Str(*n, "filterName", name);
    std::optional<std::string_view> pattern = f.Str("filterPattern");
    g_.Str(*n, "filterPattern", pattern);
    g_.Str(*n, "logGroupName", f.Str("logGroupName"));
    g_.Time(*n, "creationTime", f.EpochMillis("creationTime"));
    std::optional<std::string_view> metric, ns;
    if (std::optional<JsonNode> ts = f.Arr("metricTransformations")) {
      bool first = true;
      ts->Each([&](const JsonNode& t) {
        if (!first) return;
        first = false;
        metric = t.Str("metricName");
        ns = t.Str("metricNamespace");
      });
    }
    g_.Str(*n, "metricName", metric);
    g_.Str(*n, "metricNamespace", ns);
    std::vector<std::string> patterns;
    for (CisPattern p : MatchCisPatterns(pattern.value_or(""))) {
      patterns.emplace_back(CisPatternName(p));
    }
    g_.StrList(*n, "cisPatterns", patterns);
    g_.Edge(it->second, "HAS_METRIC_FILTER", id);
    if (metric && ns) {
      auto al = rs.alarms.find({std::string(*ns), std::string(*metric)});
      if (al != rs.alarms.end()) {
        for (const std::string& alarm : al->second) g_.Edge(id, "ALARMED_BY", alarm);
      }
    }
  });
}

// ---- EC2 ---------------------------------------------------------------------------

// VPCs and flow logs are the largest outputs: their members are read in the
// order DescribeVpcs / DescribeFlowLogs print them (see JsonNode), and ids
// are built in reused buffers.
absl::Status CliImporter::Vpcs(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  const std::optional<NodeId> account = g_.Find(a.id);
  const std::optional<NodeId> region = g_.Find(StrCat(a.id, "/", x.region));
  const std::string prefix = Ec2Arn(x, "vpc", "");
  std::string id = prefix, name;
  std::vector<std::string> tags;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& v) {
    if (key != "Vpcs" || !IsElement(i, v)) return;
    std::optional<std::string_view> cidr = v.Str("CidrBlock");
    std::optional<std::string_view> dhcp = v.Str("DhcpOptionsId");
    std::optional<std::string_view> state = v.Str("State");
    std::optional<std::string_view> vpc_id = v.Str("VpcId");
    std::optional<std::string_view> owner = v.Str("OwnerId");
    std::optional<std::string_view> tenancy = v.Str("InstanceTenancy");
    std::optional<bool> is_default = v.Bool("IsDefault");
    name.clear();
    tags = Tags(v, "Tags", &name);
    if (!vpc_id) {
      if (v.ok()) v.Fail("\"VpcId\" is required");
      return;
    }
    id.resize(prefix.size());
    id.append(*vpc_id);
    std::optional<NodeId> n = g_.Add(id, "Vpc", name.empty() ? *vpc_id : name, a.id, x.region);
    if (!n) return;
    g_.Str(*n, "vpcId", vpc_id);
    g_.Str(*n, "ownerId", owner);
    g_.Bool(*n, "isDefault", is_default);
    g_.Str(*n, "state", state);
    g_.Str(*n, "cidrBlock", cidr);
    g_.Str(*n, "instanceTenancy", tenancy);
    g_.Str(*n, "dhcpOptionsId", dhcp);
    if (owner) g_.Bool(*n, "isShared", *owner != a.id);
    if (v.Has("Tags")) g_.StrList(*n, "tags", tags);
    if (account) g_.Edge(*account, "OWNS", *n);
    if (region) g_.Edge(*n, "IN_REGION", *region);
  });
}

absl::Status CliImporter::FlowLogs(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  RegionState& rs = a.regions[x.region];
  const std::string prefix = Ec2Arn(x, "vpc-flow-log", "");
  const std::string vpc_prefix = Ec2Arn(x, "vpc", "");
  std::string id = prefix, vpc = vpc_prefix, name;
  std::vector<std::string> tags;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& f) {
    if (key != "FlowLogs" || !IsElement(i, f)) return;
    std::optional<std::string> created = f.Time("CreationTime");
    std::optional<std::string_view> error = f.Str("DeliverLogsErrorMessage");
    std::optional<std::string_view> permission = f.Str("DeliverLogsPermissionArn");
    std::optional<std::string_view> deliver = f.Str("DeliverLogsStatus");
    std::optional<std::string_view> fl_id = f.Str("FlowLogId");
    std::optional<std::string_view> status = f.Str("FlowLogStatus");
    std::optional<std::string_view> group = f.Str("LogGroupName");
    std::optional<std::string_view> resource = f.Str("ResourceId");
    std::optional<std::string_view> traffic = f.Str("TrafficType");
    std::optional<std::string_view> dest_type = f.Str("LogDestinationType");
    std::optional<std::string> dest = CheckedArn(f, "LogDestination", false);
    std::optional<std::string_view> format = f.Str("LogFormat");
    name.clear();
    tags = Tags(f, "Tags", &name);
    std::optional<int64_t> interval = f.Int("MaxAggregationInterval");
    if (!fl_id) {
      if (f.ok()) f.Fail("\"FlowLogId\" is required");
      return;
    }
    id.resize(prefix.size());
    id.append(*fl_id);
    std::optional<NodeId> n = g_.Add(id, "FlowLog", name.empty() ? *fl_id : name, a.id, x.region);
    if (!n) return;
    g_.Str(*n, "flowLogId", fl_id);
    g_.Str(*n, "resourceId", resource);
    g_.Str(*n, "flowLogStatus", status);
    g_.Str(*n, "deliverLogsStatus", deliver);
    g_.Str(*n, "deliverLogsErrorMessage", error);
    g_.Str(*n, "deliverLogsPermissionArn", permission);
    g_.Str(*n, "trafficType", traffic);
    g_.Str(*n, "logDestinationType", dest_type);
    if (dest) g_.Str(*n, "logDestination", *dest);
    g_.Str(*n, "logGroupName", group);
    g_.Str(*n, "logFormat", format);
    g_.Int(*n, "maxAggregationInterval", interval);
    g_.Time(*n, "creationTime", created);
    if (f.Has("Tags")) g_.StrList(*n, "tags", tags);
    if (resource && resource->substr(0, 4) == "vpc-") {
      vpc.resize(vpc_prefix.size());
      vpc.append(*resource);
      if (std::optional<NodeId> v = g_.Find(vpc)) g_.Edge(*v, "HAS_FLOW_LOG", *n);
    }
    if (!dest_type || *dest_type == "cloud-watch-logs") {
      std::string target;
      if (dest && ParseArn(*dest)->service == "logs") {
        target = StripStar(*dest);
      } else if (group) {
        auto lg = rs.log_groups.find(std::string(*group));
        if (lg != rs.log_groups.end()) target = lg->second;
      }
      if (!target.empty()) {
        if (std::optional<NodeId> t = g_.Find(target)) g_.Edge(*n, "DELIVERS_TO", *t);
      }
    }
  });
}

absl::Status CliImporter::SecurityGroups(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& sg) {
    if (key != "SecurityGroups" || !IsElement(i, sg)) return;
    std::optional<std::string_view> group_id = sg.Str("GroupId");
    if (!group_id) {
      if (sg.ok()) sg.Fail("\"GroupId\" is required");
      return;
    }
    const std::string id = Ec2Arn(x, "security-group", *group_id);
    std::optional<std::string_view> group_name = sg.Str("GroupName");
    std::optional<NodeId> n =
        g_.Add(id, "SecurityGroup", group_name ? *group_name : *group_id, a.id, x.region);
    if (!n) return;
    std::optional<std::string_view> vpc =
        MapSecurityGroupFields(g_, Source::kCli, sg, *n, *group_id);
    if (vpc) g_.Edge(id, "IN_VPC", Ec2Arn(x, "vpc", *vpc));
    MapSecurityGroupRules(g_, Source::kCli, sg, id, *group_id, {a.id, x.region});
  });
}

absl::Status CliImporter::NetworkAcls(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& acl) {
    if (key != "NetworkAcls" || !IsElement(i, acl)) return;
    std::optional<std::string_view> acl_id = acl.Str("NetworkAclId");
    if (!acl_id) {
      if (acl.ok()) acl.Fail("\"NetworkAclId\" is required");
      return;
    }
    std::string name;
    Tags(acl, "Tags", &name);
    const std::string id = Ec2Arn(x, "network-acl", *acl_id);
    std::optional<NodeId> n =
        g_.Add(id, "NetworkAcl", name.empty() ? *acl_id : name, a.id, x.region);
    if (!n) return;
    std::optional<std::string_view> vpc = MapNetworkAclFields(g_, Source::kCli, acl, *n, *acl_id);
    if (vpc) g_.Edge(id, "IN_VPC", Ec2Arn(x, "vpc", *vpc));
    MapNetworkAclEntries(g_, Source::kCli, acl, id, *acl_id, {a.id, x.region});
  });
}

absl::Status CliImporter::Instances(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& res) {
    if (key != "Reservations" || !IsElement(i, res)) return;
    std::optional<JsonNode> instances = res.Arr("Instances");
    if (!instances) return;
    instances->Each([&](const JsonNode& in) {
      std::optional<std::string_view> iid = in.Str("InstanceId");
      if (!iid) {
        if (in.ok()) in.Fail("\"InstanceId\" is required");
        return;
      }
      std::string name;
      Tags(in, "Tags", &name);
      const std::string id = Ec2Arn(x, "instance", *iid);
      std::optional<NodeId> n =
          g_.Add(id, "Ec2Instance", name.empty() ? *iid : name, a.id, x.region);
      if (!n) return;
      MapEc2InstanceFields(g_, Source::kCli, in, *n, *iid);
    });
  });
}

// ---- other regional services -----------------------------------------------------

absl::Status CliImporter::Analyzers(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  const std::string region_id = StrCat(a.id, "/", x.region);
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& an) {
    if (key != "analyzers" || !IsElement(i, an)) return;
    std::optional<std::string> arn = CheckedArn(an, "arn", true);
    if (!arn) return;
    std::optional<NodeId> n = g_.Add(*arn, "AccessAnalyzer", Str(an.Str("name")), a.id, x.region);
    if (!n) return;
    g_.Str(*n, "arn", *arn);
    g_.Str(*n, "type", an.Str("type"));
    g_.Str(*n, "status", an.Str("status"));
    g_.Time(*n, "createdAt", an.Time("createdAt"));
    g_.Edge(*arn, "IN_REGION", region_id);
  });
}

absl::Status CliImporter::SecurityHub(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  std::optional<std::string> arn;
  std::optional<std::string> subscribed;
  std::optional<bool> auto_enable;
  absl::Status s = Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& v) {
    if (!IsSingle(i, v, "expected a single value")) return;
    if (v.is_null()) return;
    if (key == "HubArn") {
      std::optional<std::string_view> t = v.AsStr();
      if (!t) return;
      if (!ParseArn(*t)) {
        v.Fail(StrCat("\"", *t, "\" is not an ARN [import.arn]"));
        return;
      }
      arn = std::string(*t);
    } else if (key == "SubscribedAt") {
      std::optional<std::string_view> t = v.AsStr();
      if (!t) return;
      std::optional<int64_t> ns = ParseDateTime(*t);
      if (!ns) {
        v.Fail(StrCat("\"", *t, "\" is not an ISO 8601 timestamp"));
        return;
      }
      subscribed = FormatRfc3339(*ns);
    } else if (key == "AutoEnableControls") {
      auto_enable = v.AsBool();
    }
  });
  if (!s.ok() || !arn) return s;
  std::optional<NodeId> n = g_.Add(*arn, "SecurityHub", AfterLast(*arn, '/'), a.id, x.region);
  if (!n) return g_.status();
  g_.Str(*n, "hubArn", *arn);
  g_.Time(*n, "subscribedAt", subscribed);
  g_.Bool(*n, "autoEnableControls", auto_enable);
  g_.Edge(*arn, "IN_REGION", StrCat(a.id, "/", x.region));
  return g_.status();
}

absl::Status CliImporter::Recorders(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  RegionState& rs = a.regions[x.region];
  const std::string region_id = StrCat(a.id, "/", x.region);
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& r) {
    if (key != "ConfigurationRecorders" || !IsElement(i, r)) return;
    std::optional<std::string_view> name = r.Str("name");
    if (!name) {
      if (r.ok()) r.Fail("\"name\" is required");
      return;
    }
    const std::string id = StrCat(a.id, "/", x.region, "/configuration-recorder/", *name);
    std::optional<NodeId> n = g_.Add(id, "ConfigurationRecorder", *name, a.id, x.region);
    if (!n) return;
    g_.Str(*n, "recorderName", name);
    g_.Str(*n, "roleARN", r.Str("roleARN"));
    if (std::optional<JsonNode> group = r.Obj("recordingGroup")) {
      g_.Bool(*n, "allSupported", group->Bool("allSupported"));
      g_.Bool(*n, "includeGlobalResourceTypes", group->Bool("includeGlobalResourceTypes"));
    }
    g_.Edge(id, "IN_REGION", region_id);
    rs.recorders[std::string(*name)] = id;
  });
}

absl::Status CliImporter::RecorderStatus(const CliCall& c, Ctx& x) {
  RegionState& rs = x.account->regions[x.region];
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& st) {
    if (key != "ConfigurationRecordersStatus" || !IsElement(i, st)) return;
    std::optional<std::string_view> name = st.Str("name");
    if (!name) return;
    auto it = rs.recorders.find(std::string(*name));
    if (it == rs.recorders.end()) return;
    std::optional<NodeId> n = g_.Find(it->second);
    if (!n) return;
    g_.Bool(*n, "recording", st.Bool("recording"));
    g_.Str(*n, "lastStatus", st.Str("lastStatus"));
    g_.Time(*n, "lastStartTime", st.Time("lastStartTime"));
  });
}

absl::Status CliImporter::DbInstances(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& db) {
    if (key != "DBInstances" || !IsElement(i, db)) return;
    std::optional<std::string> arn = CheckedArn(db, "DBInstanceArn", true);
    if (!arn) return;
    std::optional<std::string_view> ident = db.Str("DBInstanceIdentifier");
    std::optional<NodeId> n = g_.Add(*arn, "RdsInstance", Str(ident), a.id, x.region);
    if (!n) return;
    g_.Str(*n, "dbInstanceIdentifier", ident);
    g_.Str(*n, "dbInstanceArn", *arn);
    MapRdsInstanceFields(g_, Source::kCli, db, *n);
  });
}

absl::Status CliImporter::FileSystems(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& fs) {
    if (key != "FileSystems" || !IsElement(i, fs)) return;
    std::optional<std::string_view> fs_id = fs.Str("FileSystemId");
    if (!fs_id) {
      if (fs.ok()) fs.Fail("\"FileSystemId\" is required");
      return;
    }
    std::optional<std::string> arn = CheckedArn(fs, "FileSystemArn", false);
    if (!fs.ok()) return;
    const std::string id = arn ? *arn
                               : StrCat("arn:", a.partition, ":elasticfilesystem:", x.region, ":",
                                        a.id, ":file-system/", *fs_id);
    std::optional<std::string_view> name = fs.Str("Name");
    std::optional<NodeId> n =
        g_.Add(id, "EfsFileSystem", name ? *name : *fs_id, a.id, x.region);
    if (!n) return;
    g_.Str(*n, "fileSystemId", fs_id);
    g_.Str(*n, "fileSystemArn", id);
    g_.Str(*n, "lifeCycleState", fs.Str("LifeCycleState"));
    g_.Time(*n, "creationTime", fs.Time("CreationTime"));
    g_.Bool(*n, "encrypted", fs.Bool("Encrypted"));
    g_.Str(*n, "kmsKeyId", fs.Str("KmsKeyId"));
  });
}

// ---- CloudTrail ----------------------------------------------------------------------

absl::Status CliImporter::Trails(const CliCall& c, Ctx& x) {
  AccountState& a = *x.account;
  RegionState& rs = a.regions[x.region];
  return Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& t) {
    if (key != "trailList" || !IsElement(i, t)) return;
    std::optional<std::string> arn = CheckedArn(t, "TrailARN", true);
    if (!arn) return;
    const std::string owner(ParseArn(*arn)->account);
    std::optional<std::string_view> name = t.Str("Name");
    std::optional<std::string_view> home = t.Str("HomeRegion");
    TrailInfo& info = trails_[*arn];
    info.recorded.insert(a.id);
    if (home && *home == x.region) {
      rs.trail_params[owner == a.id && name ? std::string(*name) : *arn] = *arn;
    }
    if (!info.arn.empty()) return;  // already described (a shadow trail)
    info.arn = *arn;
    info.owner = owner;
    info.home_region = Str(home);
    std::optional<NodeId> n = g_.Add(*arn, "CloudTrailTrail", Str(name), owner, Str(home));
    if (!n) return;
    g_.Str(*n, "trailName", name);
    g_.Str(*n, "trailARN", *arn);
    g_.Str(*n, "homeRegion", home);
    MapTrailFields(g_, Source::kCli, t, *n);
    std::optional<std::string_view> kms = t.Str("KmsKeyId");
    g_.Str(*n, "kmsKeyId", kms);
    std::optional<std::string_view> bucket = t.Str("S3BucketName");
    g_.Str(*n, "s3BucketName", bucket);
    std::optional<std::string> group = CheckedArn(t, "CloudWatchLogsLogGroupArn", false);
    if (group) g_.Str(*n, "cloudWatchLogsLogGroupArn", *group);
    info.bucket = Str(bucket);
    info.log_group = group ? StripStar(*group) : std::string();
    info.kms_key = Str(kms);
  });
}

absl::Status CliImporter::TrailStatus(const CliCall& c, Ctx& x) {
  std::optional<NodeId> n;
  TrailInfo* trail = NamedTrail(x, &n);
  if (trail == nullptr) return absl::OkStatus();
  TrailInfo& info = *trail;
  const bool from_owner = info.owner == x.account->id;
  // The owner's answer wins over a member account's.
  const bool apply = from_owner || !info.status_from_owner;
  absl::Status s = Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& v) {
    if (!IsSingle(i, v, "expected a single value")) return;
    if (!apply || !n || v.is_null()) return;
    if (key == "IsLogging") g_.Bool(*n, "isLogging", v.AsBool());
    if (key == "LatestDeliveryTime") {
      // Parsed through a one-member wrapper so that both forms are read.
      if (v.is_string()) {
        std::optional<int64_t> ns = ParseDateTime(*v.AsStr());
        if (!ns) {
          v.Fail(StrCat("\"", *v.AsStr(), "\" is not an ISO 8601 timestamp"));
          return;
        }
        g_.Time(*n, "latestDeliveryTime", FormatRfc3339(*ns));
      } else if (v.kind() == JsonNode::Kind::kInt || v.kind() == JsonNode::Kind::kDouble ||
                 v.kind() == JsonNode::Kind::kUint) {
        std::optional<int64_t> secs = v.AsInt();
        if (secs) g_.Time(*n, "latestDeliveryTime", FormatRfc3339(*secs * 1'000'000'000));
      } else {
        v.Fail("expected a timestamp");
      }
    }
  });
  if (s.ok() && from_owner) info.status_from_owner = true;
  return s;
}

absl::Status CliImporter::EventSelectors(const CliCall& c, Ctx& x) {
  std::optional<NodeId> n;
  TrailInfo* trail = NamedTrail(x, &n);
  if (trail == nullptr) return absl::OkStatus();
  TrailInfo& info = *trail;
  const bool from_owner = info.owner == x.account->id;
  const bool apply = from_owner || !info.selectors_from_owner;
  std::optional<std::string> basic, advanced;
  absl::Status s = Members(c, x, [&](std::string_view key, int64_t i, const JsonNode& v) {
    if (key == "TrailARN") return;
    // The selector lists are kept as JSON text; elements arrive one by one.
    std::optional<std::string>& out = key == "EventSelectors" ? basic : advanced;
    if (i < 0) {
      if (!v.is_null()) v.Fail("expected an array");
      return;
    }
    if (!v.is_object()) {
      v.Fail("expected an object (a selector)");
      return;
    }
    out = StrCat(out ? out->substr(0, out->size() - 1) + "," : std::string("["), v.Json(), "]");
  });
  if (!s.ok()) return s;
  const size_t first = x.text.find_first_not_of(" \t\r\n");
  const bool empty = first == std::string_view::npos || x.text.substr(first, 4) == "null";
  absl::StatusOr<TrailEventCoverage> coverage = AnalyzeEventSelectors(empty ? "{}" : x.text);
  if (!coverage.ok()) {
    return Error(x, StrCat("$: ", coverage.status().message(), " [import.shape]"));
  }
  if (!apply || !n) return absl::OkStatus();
  if (basic || !advanced) g_.Str(*n, "eventSelectors", basic ? *basic : std::string("[]"));
  if (advanced) g_.Str(*n, "advancedEventSelectors", *advanced);
  g_.Bool(*n, "logsAllManagementEvents", coverage->logs_all_management_events);
  g_.Bool(*n, "s3WriteDataEventsAllBuckets", coverage->s3_write_all_buckets);
  g_.Bool(*n, "s3ReadDataEventsAllBuckets", coverage->s3_read_all_buckets);
  info.coverage = *coverage;
  if (from_owner) info.selectors_from_owner = true;
  return g_.status();
}

}  // namespace vigil::connect::aws

// The synthetic AWS organisation (aws_org.h).
#include "src/gen/aws_org.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "vigil/graph_builder.h"

namespace vigil::gen {
namespace {

// splitmix64: a bijection of 64-bit integers (unique random-looking ids from
// counters) and, stepped, the generator every draw comes from.
uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct Rng {
  uint64_t state;
  uint64_t Next() { return Mix(state += 0x9e3779b97f4a7c15ULL); }
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
};

constexpr const char* kEnabledRegions[] = {
    "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2",
    "ca-central-1",   "eu-west-1",      "eu-west-2",      "eu-west-3",
    "eu-central-1",   "eu-north-1",     "ap-south-1",     "ap-northeast-1",
    "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
    "sa-east-1"};
constexpr const char* kOptInRegions[] = {"af-south-1", "ap-east-1",
                                         "eu-south-1", "me-south-1"};
constexpr int kNumEnabled = 17;

// The CIS monitoring patterns of controls 4.1 .. 4.15, in control order.
constexpr const char* kPatterns[] = {
    "UNAUTHORIZED_API_CALLS",  "CONSOLE_SIGNIN_WITHOUT_MFA",
    "ROOT_ACCOUNT_USAGE",      "IAM_POLICY_CHANGES",
    "CLOUDTRAIL_CONFIG_CHANGES", "CONSOLE_AUTH_FAILURES",
    "CMK_DISABLE_OR_DELETION", "S3_BUCKET_POLICY_CHANGES",
    "CONFIG_CHANGES",          "SECURITY_GROUP_CHANGES",
    "NACL_CHANGES",            "NETWORK_GATEWAY_CHANGES",
    "ROUTE_TABLE_CHANGES",     "VPC_CHANGES",
    "ORGANIZATIONS_CHANGES"};

// Every control of packs/cis-aws.
constexpr const char* kControls[] = {
    "1.2",   "1.4",   "1.5",   "1.6",   "1.7",   "1.8",   "1.9",   "1.10",
    "1.11",  "1.12",  "1.13",  "1.14",  "1.15",  "1.16",  "1.17",  "1.18",
    "1.19",  "1.20",  "1.22",  "2.1.1", "2.1.2", "2.1.4", "2.2.1", "2.3.1",
    "2.3.2", "2.3.3", "2.4.1", "3.1",   "3.2",   "3.3",   "3.4",   "3.5",
    "3.6",   "3.7",   "3.8",   "3.9",   "4.1",   "4.2",   "4.3",   "4.4",
    "4.5",   "4.6",   "4.7",   "4.8",   "4.9",   "4.10",  "4.11",  "4.12",
    "4.13",  "4.14",  "4.15",  "4.16",  "5.1",   "5.2",   "5.3",   "5.4",
    "5.6"};

constexpr const char* kAwsSupport = "arn:aws:iam::aws:policy/AWSSupportAccess";
constexpr const char* kCloudShell =
    "arn:aws:iam::aws:policy/AWSCloudShellFullAccess";
constexpr const char* kReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";

// Shares of an account's variable assets, and the assets one unit of each
// kind costs on average.
struct Mix_ {
  double share, unit_cost;
};
constexpr Mix_ kVpcMix{0.55, 20.5};
constexpr Mix_ kUserMix{0.15, 2.3};
constexpr Mix_ kRoleMix{0.08, 1.4};
constexpr Mix_ kGroupMix{0.01, 1.0};
constexpr Mix_ kPolicyMix{0.03, 1.0};
constexpr Mix_ kBucketMix{0.09, 1.0};
constexpr Mix_ kRdsMix{0.04, 1.0};
constexpr Mix_ kEfsMix{0.02, 1.0};
constexpr Mix_ kKmsMix{0.02, 1.0};
constexpr Mix_ kCertMix{0.01, 1.0};
// Assets every account has whatever its share (regions, their services,
// the trail and its monitoring, contacts, ...).
constexpr double kFixedPerAccount = 118;

class Generator {
 public:
  Generator(std::shared_ptr<const Schema> schema, const OrgOptions& o)
      : schema_(schema), o_(o), b_(schema), rng_{Mix(o.seed ^ 0x5eed)} {
    for (const char* c : kControls) count_[std::string("cis-aws-") + c] = 0;
  }

  absl::StatusOr<GeneratedOrg> Run();

 private:
  // ---- schema handles (checked once; errors kept until the end) ----------
  TypeId T(const char* name) {
    TypeId t = schema_->FindType(name);
    if (t == kNoType) Fail(absl::StrCat("the schema has no type ", name));
    return t;
  }
  int Rel(const char* name) {
    int r = schema_->FindRelationshipType(name);
    if (r < 0) Fail(absl::StrCat("the schema has no relationship type ", name));
    return r;
  }
  // Property index of `prop` (a string literal) on the type of `n`.
  int P(NodeId n, const char* prop) {
    const TypeId t = b_.asset_type(n);
    auto key = std::make_pair(t, static_cast<const void*>(prop));
    auto it = props_.find(key);
    if (it != props_.end()) return it->second;
    int p = schema_->type(t).FindProperty(prop);
    if (p < 0) {
      Fail(absl::StrCat("the schema's type ", schema_->type(t).name,
                        " has no property ", prop));
    }
    props_.emplace(key, p);
    return p;
  }
  void Fail(std::string msg) {
    if (status_.ok()) status_ = absl::InvalidArgumentError(std::move(msg));
  }
  void Check(const absl::Status& s) {
    if (!s.ok() && status_.ok()) status_ = s;
  }

  // ---- writing -------------------------------------------------------------
  NodeId Add(TypeId type, const std::string& id, std::string_view name,
             std::string_view account, std::string_view region) {
    auto n = b_.AddAsset(id, type);
    if (!n.ok()) {
      Check(n.status());
      return 0;
    }
    ++assets_;
    Str(*n, "name", name);
    Str(*n, "accountId", account);
    Str(*n, "region", region);
    return *n;
  }
  void Str(NodeId n, const char* prop, std::string_view v) {
    int p = P(n, prop);
    if (p >= 0) Check(b_.SetString(n, p, v));
  }
  void Int(NodeId n, const char* prop, int64_t v) {
    int p = P(n, prop);
    if (p >= 0) Check(b_.SetInt(n, p, v));
  }
  void Bool(NodeId n, const char* prop, bool v) {
    int p = P(n, prop);
    if (p >= 0) Check(b_.SetBool(n, p, v));
  }
  void Null(NodeId n, const char* prop) {
    int p = P(n, prop);
    if (p >= 0) Check(b_.SetNull(n, p));
  }
  // A date `days` days before now (negative: after).
  void Date(NodeId n, const char* prop, double days_ago) {
    Str(n, prop, DaysAgo(days_ago));
  }
  std::string DaysAgo(double days) const {
    Instant t{o_.now.seconds - static_cast<int64_t>(days * 86400), 0};
    return FormatInstant(t);
  }
  void StrList(NodeId n, const char* prop,
               std::initializer_list<std::string_view> vs) {
    int p = P(n, prop);
    if (p < 0) return;
    std::vector<std::optional<std::string_view>> v(vs.begin(), vs.end());
    Check(b_.SetStringList(n, p, v));
  }
  void Edge(NodeId from, int rel, NodeId to) {
    auto e = b_.AddEdge(from, rel, to);
    if (!e.ok()) Check(e.status());
  }
  std::string Hex(uint64_t salt, uint64_t i, int digits = 17) {
    std::string s = absl::StrFormat("%016x", Mix(salt * 0x100000001b3ULL + i));
    if (digits > 16) s.insert(0, digits - 16, '0');
    return s.substr(0, digits);
  }

  // One draw per examined asset: which of its `k` candidate controls it
  // offends (or -1). Each candidate gets probability min(F, 1/k).
  int Draw(int k) {
    const double u = rng_.Unit();
    const double f = std::min(o_.violations, 1.0 / k);
    if (f <= 0 || u >= f * k) return -1;
    return std::min(k - 1, static_cast<int>(u / f));
  }
  void Count(const char* control, size_t n = 1) {
    count_[std::string("cis-aws-") + control] += n;
  }

  // Per-account share of a kind of asset: spreads the fractional part over
  // the accounts so the total is the same whatever the account index.
  size_t Share(const Mix_& m, int account) const {
    const double per = budget_ * m.share / m.unit_cost;
    return static_cast<size_t>(std::floor((account + 1) * per) -
                               std::floor(account * per));
  }

  void Account(int a);

  std::shared_ptr<const Schema> schema_;
  OrgOptions o_;
  GraphBuilder b_;
  Rng rng_;
  absl::Status status_;
  absl::flat_hash_map<std::pair<TypeId, const void*>, int> props_;
  std::map<std::string, size_t> count_;
  double budget_ = 0;  // variable assets per account
  size_t assets_ = 0;
  size_t serial_ = 0;  // a counter for unique resource ids

  // Types and relationship types.
  TypeId tAccount, tRegion, tContact, tPwPolicy, tUser, tKey, tMfa, tGroup,
      tRole, tPolicy, tInline, tCert, tAnalyzer, tBucket, tTrail, tRecorder,
      tKms, tVpc, tFlowLog, tLogGroup, tFilter, tAlarm, tTopic, tHub,
      tInstance, tSg, tSgRule, tNacl, tEntry, tRds, tEfs;
  int rOwns, rHasRegion, rInRegion, rContact, rPwPolicy, rRootMfa,
      rRecordedBy, rDeliversTo, rSendsTo, rEncrypted, rMetricFilter,
      rAlarmedBy, rNotifies, rAccessKey, rMfaDevice, rMemberOf, rAttached,
      rInline, rFlowLog, rInVpc, rRule, rEntry, rPreceded;
};

absl::StatusOr<GeneratedOrg> Generator::Run() {
  if (o_.accounts < 1 || o_.accounts > 1000000) {
    return absl::InvalidArgumentError("gen: --accounts must be 1 to 1000000");
  }
  if (!(o_.violations >= 0 && o_.violations <= 1)) {
    return absl::InvalidArgumentError("gen: --violations must be 0 to 1");
  }
  tAccount = T("Account"), tRegion = T("Region"), tContact = T("AlternateContact"),
  tPwPolicy = T("PasswordPolicy"), tUser = T("IamUser"), tKey = T("AccessKey"),
  tMfa = T("MfaDevice"), tGroup = T("IamGroup"), tRole = T("IamRole"),
  tPolicy = T("IamPolicy"), tInline = T("IamInlinePolicy"),
  tCert = T("IamServerCertificate"), tAnalyzer = T("AccessAnalyzer"),
  tBucket = T("S3Bucket"), tTrail = T("CloudTrailTrail"),
  tRecorder = T("ConfigurationRecorder"), tKms = T("KmsKey"), tVpc = T("Vpc"),
  tFlowLog = T("FlowLog"), tLogGroup = T("LogGroup"), tFilter = T("MetricFilter"),
  tAlarm = T("MetricAlarm"), tTopic = T("SnsTopic"), tHub = T("SecurityHub"),
  tInstance = T("Ec2Instance"), tSg = T("SecurityGroup"),
  tSgRule = T("SecurityGroupRule"), tNacl = T("NetworkAcl"),
  tEntry = T("NetworkAclEntry"), tRds = T("RdsInstance"), tEfs = T("EfsFileSystem");
  rOwns = Rel("OWNS"), rHasRegion = Rel("HAS_REGION"), rInRegion = Rel("IN_REGION"),
  rContact = Rel("HAS_ALTERNATE_CONTACT"), rPwPolicy = Rel("HAS_PASSWORD_POLICY"),
  rRootMfa = Rel("HAS_ROOT_MFA_DEVICE"), rRecordedBy = Rel("RECORDED_BY"),
  rDeliversTo = Rel("DELIVERS_TO"), rSendsTo = Rel("SENDS_TO_LOG_GROUP"),
  rEncrypted = Rel("ENCRYPTED_WITH"), rMetricFilter = Rel("HAS_METRIC_FILTER"),
  rAlarmedBy = Rel("ALARMED_BY"), rNotifies = Rel("NOTIFIES"),
  rAccessKey = Rel("HAS_ACCESS_KEY"), rMfaDevice = Rel("HAS_MFA_DEVICE"),
  rMemberOf = Rel("MEMBER_OF"), rAttached = Rel("HAS_ATTACHED_POLICY"),
  rInline = Rel("HAS_INLINE_POLICY"), rFlowLog = Rel("HAS_FLOW_LOG"),
  rInVpc = Rel("IN_VPC"), rRule = Rel("HAS_RULE"), rEntry = Rel("HAS_ENTRY"),
  rPreceded = Rel("PRECEDED_BY");
  if (!status_.ok()) return status_;

  budget_ = std::max(0.0, static_cast<double>(o_.assets) / o_.accounts -
                              kFixedPerAccount);
  b_.ReserveAssets(std::max<size_t>(o_.assets, o_.accounts * 120) + 1024);
  for (int a = 0; a < o_.accounts && status_.ok(); ++a) Account(a);
  if (!status_.ok()) return status_;

  auto g = std::move(b_).Finish();
  if (!g.ok()) return g.status();
  GeneratedOrg org;
  org.graph = *std::move(g);
  org.now = o_.now;
  for (const auto& [id, n] : count_) {
    org.expected.push_back({id, n > 0, n});
  }
  return org;
}

void Generator::Account(int a) {
  // 12 digits, unique per account: a per-seed base plus the index.
  const std::string acct = absl::StrCat(
      100000000000LL + static_cast<int64_t>(Mix(o_.seed) % 100000000) * 1000 + a);
  const std::string iam = absl::StrCat("arn:aws:iam::", acct, ":");
  const std::string home = kEnabledRegions[0];
  auto regional = [&](std::string_view service, std::string_view region) {
    return absl::StrCat("arn:aws:", std::string(service), ":", std::string(region), ":", acct,
                        ":");
  };
  auto pick_region = [&]() -> int {
    // Skewed towards the first regions, as real estates are.
    const uint32_t x = rng_.Below(kNumEnabled);
    const uint32_t y = rng_.Below(kNumEnabled);
    return static_cast<int>(std::min(x, y));
  };

  // ---- the account ------------------------------------------------------
  const NodeId account = Add(tAccount, acct, absl::StrCat("account-", a), acct, "global");
  Str(account, "email", absl::StrCat("aws+", a, "@example.com"));
  Str(account, "status", "ACTIVE");
  Date(account, "joinedTimestamp", 400 + rng_.Below(2000));
  Int(account, "accountPasswordPresent", 1);
  const bool account_bpa = rng_.Below(3) != 0;
  for (const char* f : {"blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy",
                        "restrictPublicBuckets"}) {
    Bool(account, f, account_bpa);
  }
  // Account-level controls: one draw among them.
  //   0 1.2  1 1.4  2 1.5(+1.6)  3 1.6  4 1.7  5 1.8  6 1.9  7 1.17  8 3.3
  const int av = Draw(9);
  Int(account, "accountAccessKeysPresent", av == 1 ? 1 : 0);
  Int(account, "accountMFAEnabled", av == 2 ? 0 : 1);
  Date(account, "rootPasswordLastUsed", av == 4 ? 10 : 200 + rng_.Below(300));
  switch (av) {
    case 0: Count("1.2"); break;
    case 1: Count("1.4"); break;
    case 2: Count("1.5"); Count("1.6"); break;
    case 3: Count("1.6"); break;
    case 4: Count("1.7"); break;
    case 5: Count("1.8"); break;
    case 6: Count("1.9"); break;
    case 7: Count("1.17"); break;
    case 8: Count("3.3"); break;
    default: break;
  }
  for (const char* type : {"BILLING", "OPERATIONS", "SECURITY"}) {
    if (av == 0 && std::string_view(type) == "SECURITY") continue;
    NodeId c = Add(tContact, absl::StrCat(acct, "/alternate-contact/", type), type, acct,
                   "global");
    Str(c, "alternateContactType", type);
    Str(c, "emailAddress", absl::StrCat(type, "-", a, "@example.com"));
    Str(c, "phoneNumber", "+1-555-0100");
    Edge(account, rContact, c);
  }
  {
    NodeId pp = Add(tPwPolicy, acct + "/password-policy", "password-policy", acct, "global");
    Int(pp, "minimumPasswordLength", av == 5 ? 8 : 14 + rng_.Below(3));
    Int(pp, "passwordReusePrevention", av == 6 ? 5 : 24);
    for (const char* f : {"requireSymbols", "requireNumbers", "requireUppercaseCharacters",
                          "requireLowercaseCharacters", "allowUsersToChangePassword"}) {
      Bool(pp, f, true);
    }
    Bool(pp, "expirePasswords", false);
    Edge(account, rPwPolicy, pp);
  }
  {
    NodeId m = Add(tMfa, iam + "mfa/root-account-mfa-device", "root-account-mfa-device",
                   acct, "global");
    Str(m, "serialNumber", iam + "mfa/root-account-mfa-device");
    Str(m, "userArn", iam + "root");
    Date(m, "enableDate", 300);
    Bool(m, "isVirtual", av == 3);
    Edge(account, rRootMfa, m);
  }

  // ---- regions and their services -------------------------------------
  std::vector<NodeId> regions;
  for (int r = 0; r < kNumEnabled + 4; ++r) {
    const bool enabled = r < kNumEnabled;
    const char* rn = enabled ? kEnabledRegions[r] : kOptInRegions[r - kNumEnabled];
    NodeId reg = Add(tRegion, absl::StrCat(acct, "/", rn), rn, acct, rn);
    Str(reg, "regionName", rn);
    Str(reg, "optInStatus", enabled ? "opt-in-not-required" : "not-opted-in");
    Edge(account, rHasRegion, reg);
    regions.push_back(reg);
    if (!enabled) continue;
    // 0 1.20  1 2.2.1  2 3.3  3 4.16
    const int rv = Draw(4);
    Bool(reg, "ebsEncryptionByDefault", rv != 1);
    if (rv == 0) Count("1.20");
    if (rv == 1) Count("2.2.1");
    if (rv == 2) Count("3.3");
    if (rv == 3) Count("4.16");
    NodeId rec = Add(tRecorder, absl::StrCat(acct, "/", rn, "/configuration-recorder/default"),
                     "default", acct, rn);
    Str(rec, "recorderName", "default");
    Str(rec, "roleARN", iam + "role/aws-config-role");
    Bool(rec, "allSupported", rv != 2);
    Bool(rec, "includeGlobalResourceTypes", r == 0 && av != 8);
    Bool(rec, "recording", true);
    Str(rec, "lastStatus", rng_.Below(2) ? "SUCCESS" : "Success");
    Date(rec, "lastStartTime", 30);
    Edge(rec, rInRegion, reg);
    if (rv != 0 || rng_.Below(2)) {
      NodeId an = Add(tAnalyzer, regional("access-analyzer", rn) + "analyzer/account-analyzer",
                      "account-analyzer", acct, rn);
      Str(an, "arn", regional("access-analyzer", rn) + "analyzer/account-analyzer");
      Str(an, "type", "ACCOUNT");
      Str(an, "status", rv == 0 ? "FAILED" : "ACTIVE");
      Date(an, "createdAt", 100);
      Edge(an, rInRegion, reg);
    }
    if (rv != 3) {
      NodeId hub = Add(tHub, regional("securityhub", rn) + "hub/default", "default", acct, rn);
      Str(hub, "hubArn", regional("securityhub", rn) + "hub/default");
      Date(hub, "subscribedAt", 200);
      Bool(hub, "autoEnableControls", true);
      Edge(hub, rInRegion, reg);
    }
  }

  // ---- managed policies the account sees ---------------------------------
  auto aws_policy = [&](const char* arn, const char* name) {
    NodeId p = Add(tPolicy, absl::StrCat(acct, "/", arn), name, acct, "global");
    Str(p, "policyName", name);
    Str(p, "arn", arn);
    Str(p, "path", "/");
    Str(p, "defaultVersionId", "v1");
    Bool(p, "isAttachable", true);
    Bool(p, "isAwsManaged", true);
    Bool(p, "allowsFullAdmin", false);
    Edge(account, rOwns, p);
    return p;
  };
  const NodeId support_policy = aws_policy(kAwsSupport, "AWSSupportAccess");
  const NodeId cloudshell_policy = aws_policy(kCloudShell, "AWSCloudShellFullAccess");
  const NodeId readonly_policy = aws_policy(kReadOnly, "ReadOnlyAccess");
  Int(cloudshell_policy, "attachmentCount", 0);
  {
    NodeId role = Add(tRole, iam + "role/aws-support", "aws-support", acct, "global");
    Str(role, "roleName", "aws-support");
    Str(role, "arn", iam + "role/aws-support");
    Str(role, "path", "/");
    Date(role, "createDate", 500);
    Edge(account, rOwns, role);
    Edge(role, rAttached, av == 7 ? readonly_policy : support_policy);
  }
  Int(support_policy, "attachmentCount", av == 7 ? 0 : 1);

  // ---- the trail, its bucket, key, log group and monitoring ---------------
  // 0 3.1(+4.x)  1 3.2  2 3.5  3 3.8  4 3.9  5.. 4.1 .. 4.15
  const int tv = Draw(20);
  const std::string trail_bucket_name = absl::StrCat("cloudtrail-logs-", acct);
  NodeId trail_kms;
  {
    const std::string arn = regional("kms", home) + "key/" + Hex(1, a, 8) + "-trail";
    trail_kms = Add(tKms, arn, "cloudtrail-key", acct, home);
    Str(trail_kms, "arn", arn);
    Str(trail_kms, "keyManager", "CUSTOMER");
    Str(trail_kms, "keySpec", "SYMMETRIC_DEFAULT");
    Str(trail_kms, "keyUsage", "ENCRYPT_DECRYPT");
    Str(trail_kms, "keyState", "Enabled");
    Str(trail_kms, "origin", "AWS_KMS");
    Bool(trail_kms, "keyRotationEnabled", true);
  }
  NodeId trail_bucket;
  {
    trail_bucket = Add(tBucket, "arn:aws:s3:::" + trail_bucket_name, trail_bucket_name, acct,
                       home);
    // 0 2.1.1  1 2.1.2  2 2.1.4  3 3.4
    const int bv = Draw(4);
    Str(trail_bucket, "bucketName", trail_bucket_name);
    Date(trail_bucket, "creationDate", 700);
    Bool(trail_bucket, "deniesInsecureTransport", bv != 0);
    Str(trail_bucket, "versioningStatus", "Enabled");
    Str(trail_bucket, "mfaDelete", bv == 1 ? "Disabled" : "Enabled");
    Bool(trail_bucket, "blockPublicAcls", bv != 2);
    Bool(trail_bucket, "ignorePublicAcls", true);
    Bool(trail_bucket, "blockPublicPolicy", true);
    Bool(trail_bucket, "restrictPublicBuckets", true);
    Bool(trail_bucket, "hasBucketPolicy", true);
    if (bv != 3) Str(trail_bucket, "loggingTargetBucket", "access-logs-" + acct);
    if (bv == 0) Count("2.1.1");
    if (bv == 1) Count("2.1.2");
    if (bv == 2 && !account_bpa) Count("2.1.4");
    if (bv == 3) Count("3.4");
    Edge(account, rOwns, trail_bucket);
  }
  NodeId topic;
  {
    const std::string arn = regional("sns", home) + "security-alerts";
    topic = Add(tTopic, arn, "security-alerts", acct, home);
    Str(topic, "topicArn", arn);
    Int(topic, "subscriptionsConfirmed", 1 + rng_.Below(3));
    Int(topic, "subscriptionsPending", 0);
  }
  NodeId log_group;
  const std::string lg_name = "aws-cloudtrail-logs-" + acct;
  const std::string lg_arn = regional("logs", home) + "log-group:" + lg_name;
  {
    log_group = Add(tLogGroup, lg_arn, lg_name, acct, home);
    Str(log_group, "logGroupName", lg_name);
    Str(log_group, "arn", lg_arn);
    Int(log_group, "retentionInDays", 365);
    for (int k = 0; k < 15; ++k) {
      std::string fname = kPatterns[k];
      for (char& ch : fname) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      NodeId f = Add(tFilter, lg_arn + "/metric-filter/" + fname, fname, acct, home);
      Str(f, "filterName", fname);
      Str(f, "logGroupName", lg_name);
      Str(f, "metricName", fname);
      Str(f, "metricNamespace", "CISBenchmark");
      StrList(f, "cisPatterns", {kPatterns[k]});
      Edge(log_group, rMetricFilter, f);
      const std::string alarm_arn = regional("cloudwatch", home) + "alarm:" + fname + "-alarm";
      NodeId al = Add(tAlarm, alarm_arn, fname + "-alarm", acct, home);
      Str(al, "alarmName", fname + "-alarm");
      Str(al, "alarmArn", alarm_arn);
      Str(al, "metricName", fname);
      Str(al, "namespace", "CISBenchmark");
      Bool(al, "actionsEnabled", tv != 5 + k);
      Str(al, "stateValue", "OK");
      Edge(f, rAlarmedBy, al);
      Edge(al, rNotifies, topic);
    }
  }
  {
    const std::string arn = regional("cloudtrail", home) + "trail/management-events";
    NodeId t = Add(tTrail, arn, "management-events", acct, home);
    Str(t, "trailName", "management-events");
    Str(t, "trailARN", arn);
    Str(t, "homeRegion", home);
    Bool(t, "isMultiRegionTrail", true);
    Bool(t, "isOrganizationTrail", false);
    Bool(t, "includeGlobalServiceEvents", true);
    Bool(t, "logFileValidationEnabled", tv != 1);
    if (tv != 2) {
      Str(t, "kmsKeyId", regional("kms", home) + "key/trail");
      Edge(t, rEncrypted, trail_kms);
    }
    Str(t, "s3BucketName", trail_bucket_name);
    Str(t, "cloudWatchLogsLogGroupArn", lg_arn + ":*");
    Bool(t, "isLogging", true);
    Date(t, "latestDeliveryTime", 0.01);
    Bool(t, "logsAllManagementEvents", tv != 0);
    Bool(t, "s3WriteDataEventsAllBuckets", tv != 3);
    Bool(t, "s3ReadDataEventsAllBuckets", tv != 4);
    Edge(account, rOwns, t);
    Edge(account, rRecordedBy, t);
    Edge(t, rDeliversTo, trail_bucket);
    Edge(t, rSendsTo, log_group);
    if (tv == 0) {
      Count("3.1");
      for (int k = 1; k <= 15; ++k) Count(absl::StrCat("4.", k).c_str());
    } else if (tv == 1) {
      Count("3.2");
    } else if (tv == 2) {
      Count("3.5");
    } else if (tv == 3) {
      Count("3.8");
    } else if (tv == 4) {
      Count("3.9");
    } else if (tv >= 5) {
      Count(absl::StrCat("4.", tv - 4).c_str());
    }
  }
  NodeId flow_log_group;
  {
    const std::string arn = regional("logs", home) + "log-group:vpc-flow-logs";
    flow_log_group = Add(tLogGroup, arn, "vpc-flow-logs", acct, home);
    Str(flow_log_group, "logGroupName", "vpc-flow-logs");
    Str(flow_log_group, "arn", arn);
    Int(flow_log_group, "retentionInDays", 90);
  }

  // ---- IAM: customer policies, groups, roles, users ----------------------
  const size_t n_policies = Share(kPolicyMix, a) + 1;
  const size_t n_groups = Share(kGroupMix, a);
  const size_t n_roles = Share(kRoleMix, a);
  const size_t n_users = Share(kUserMix, a);
  // Roles attach policy r % n_policies, groups (n_roles + g) % n_policies;
  // policy 0 is also the one users offending 1.15 get.
  std::vector<int64_t> attachments(n_policies, 0);
  for (size_t r = 0; r < n_roles; ++r) ++attachments[r % n_policies];
  for (size_t g = 0; g < n_groups; ++g) ++attachments[(n_roles + g) % n_policies];
  std::vector<NodeId> policies;
  for (size_t p = 0; p < n_policies; ++p) {
    const std::string name = absl::StrCat("app-policy-", p);
    NodeId pol = Add(tPolicy, iam + "policy/" + name, name, acct, "global");
    Str(pol, "policyName", name);
    Str(pol, "arn", iam + "policy/" + name);
    Str(pol, "path", "/");
    Str(pol, "policyId", "ANPA" + Hex(2, ++serial_, 16));
    Str(pol, "defaultVersionId", "v1");
    Bool(pol, "isAttachable", true);
    Bool(pol, "isAwsManaged", false);
    Date(pol, "createDate", 300);
    Int(pol, "attachmentCount", attachments[p]);
    // 1.16: an administrator policy counts only while attached.
    const bool admin = p != 0 && Draw(1) == 0;
    Bool(pol, "allowsFullAdmin", admin);
    if (admin && attachments[p] > 0) Count("1.16");
    Edge(account, rOwns, pol);
    policies.push_back(pol);
  }
  std::vector<NodeId> groups;
  for (size_t g = 0; g < n_groups; ++g) {
    const std::string name = absl::StrCat("group-", g);
    NodeId grp = Add(tGroup, iam + "group/" + name, name, acct, "global");
    Str(grp, "groupName", name);
    Str(grp, "arn", iam + "group/" + name);
    Str(grp, "path", "/");
    Date(grp, "createDate", 300);
    Edge(account, rOwns, grp);
    Edge(grp, rAttached, policies[(n_roles + g) % n_policies]);
    if (Draw(1) == 0) {  // 1.22
      Edge(grp, rAttached, cloudshell_policy);
      Count("1.22");
    }
    groups.push_back(grp);
  }
  for (size_t r = 0; r < n_roles; ++r) {
    const std::string name = absl::StrCat("app-role-", r);
    NodeId role = Add(tRole, iam + "role/" + name, name, acct, "global");
    Str(role, "roleName", name);
    Str(role, "arn", iam + "role/" + name);
    Str(role, "path", "/");
    Date(role, "createDate", 200 + rng_.Below(500));
    Date(role, "roleLastUsedDate", rng_.Below(30));
    Edge(account, rOwns, role);
    Edge(role, rAttached, policies[r % n_policies]);
    // 0 1.16 (an inline admin policy)  1 1.22
    const int v = Draw(2);
    if (v == 1) {
      Edge(role, rAttached, cloudshell_policy);
      Count("1.22");
    }
    if (v == 0 || rng_.Below(5) < 2) {
      NodeId ip = Add(tInline, iam + "role/" + name + "/inline-policy/inline", "inline", acct,
                      "global");
      Str(ip, "policyName", "inline");
      Bool(ip, "allowsFullAdmin", v == 0);
      Edge(role, rInline, ip);
      if (v == 0) Count("1.16");
    }
  }
  for (size_t u = 0; u < n_users; ++u) {
    const std::string name = absl::StrCat("user-", u);
    const std::string arn = iam + "user/" + name;
    NodeId user = Add(tUser, arn, name, acct, "global");
    Str(user, "userName", name);
    Str(user, "userId", "AIDA" + Hex(3, ++serial_, 16));
    Str(user, "arn", arn);
    Str(user, "path", "/");
    Date(user, "createDate", 400 + rng_.Below(400));
    Edge(account, rOwns, user);
    if (!groups.empty()) Edge(user, rMemberOf, groups[u % groups.size()]);
    const bool console = rng_.Below(10) < 6;
    const bool console_key = console && rng_.Below(10) < 3;
    // Candidates. Console users: 1.10 1.12u 1.15 (+ with a key: 1.11 1.12k
    // 1.14). Programmatic users: 1.13 1.15 1.12k 1.14.
    enum { k110, k112u, k115, k111, k112k, k114, k113 };
    std::vector<int> cand;
    if (console) {
      cand = {k110, k112u, k115};
      if (console_key) cand.insert(cand.end(), {k111, k112k, k114});
    } else {
      cand = {k113, k115, k112k, k114};
    }
    const int d = Draw(static_cast<int>(cand.size()));
    const int v = d < 0 ? -1 : cand[d];
    Bool(user, "passwordEnabled", console);
    if (console) {
      Date(user, "passwordLastUsed", v == k112u ? 100 : rng_.Below(30));
      Date(user, "passwordLastChanged", 120);
      Bool(user, "mfaActive", v != k110);
      if (v != k110) {
        NodeId m = Add(tMfa, iam + "mfa/" + name, name, acct, "global");
        Str(m, "serialNumber", iam + "mfa/" + name);
        Str(m, "userName", name);
        Str(m, "userArn", arn);
        Date(m, "enableDate", 300);
        Bool(m, "isVirtual", true);
        Edge(user, rMfaDevice, m);
      }
    } else {
      Bool(user, "mfaActive", false);
    }
    if (v == k115) {
      Edge(user, rAttached, policies[0]);
      Count("1.15");
    }
    if (v == k110) Count("1.10");
    if (v == k112u) Count("1.12");
    // Access keys.
    auto key = [&](bool active, double created, std::optional<double> used) {
      const std::string kid = "AKIA" + Hex(4, ++serial_, 16);
      NodeId k = Add(tKey, arn + "/" + kid, kid, acct, "global");
      Str(k, "accessKeyId", kid);
      Str(k, "userName", name);
      Str(k, "status", active ? "Active" : "Inactive");
      Date(k, "createDate", created);
      if (used) {
        Date(k, "lastUsedDate", *used);
        Str(k, "lastUsedServiceName", "s3");
        Str(k, "lastUsedRegion", kEnabledRegions[pick_region()]);
      }
      Edge(user, rAccessKey, k);
    };
    if (!console || console_key) {
      if (v == k111) {
        key(true, 10, std::nullopt);
        Count("1.11");
      } else if (v == k112k) {
        key(true, 80, 60);
        Count("1.12");
      } else if (v == k114) {
        key(true, 200, 1);
        Count("1.14");
      } else {
        const double created = 1 + rng_.Below(80);
        key(true, created, rng_.Below(20));
      }
      if (v == k113) {
        const double created = 1 + rng_.Below(80);
        key(true, created, rng_.Below(20));
        Count("1.13");
      } else if (!console && rng_.Below(5) == 0) {
        key(false, 400, 380);  // an old, deactivated key
      }
    }
  }
  for (size_t c = 0, n = Share(kCertMix, a); c < n; ++c) {
    const std::string name = absl::StrCat("cert-", c);
    NodeId cert = Add(tCert, iam + "server-certificate/" + name, name, acct, "global");
    Str(cert, "serverCertificateName", name);
    Str(cert, "arn", iam + "server-certificate/" + name);
    Date(cert, "uploadDate", 300);
    const bool expired = Draw(1) == 0;
    Date(cert, "expiration", expired ? 30 : -(100.0 + rng_.Below(300)));
    if (expired) Count("1.19");
  }

  // ---- storage ------------------------------------------------------------
  for (size_t i = 0, n = Share(kBucketMix, a); i < n; ++i) {
    const std::string name = absl::StrCat("data-", acct, "-", i);
    const int r = pick_region();
    NodeId bk = Add(tBucket, "arn:aws:s3:::" + name, name, acct, kEnabledRegions[r]);
    // 0 2.1.1  1 2.1.2  2 2.1.4
    const int v = Draw(3);
    Str(bk, "bucketName", name);
    Date(bk, "creationDate", 100 + rng_.Below(900));
    Bool(bk, "deniesInsecureTransport", v != 0);
    Bool(bk, "hasBucketPolicy", v != 0 || rng_.Below(2));
    Str(bk, "versioningStatus", v == 1 && rng_.Below(2) ? "Suspended" : "Enabled");
    Str(bk, "mfaDelete", v == 1 ? "Disabled" : "Enabled");
    Bool(bk, "blockPublicAcls", true);
    Bool(bk, "ignorePublicAcls", true);
    Bool(bk, "blockPublicPolicy", v != 2);
    Bool(bk, "restrictPublicBuckets", v != 2);
    if (rng_.Below(2)) Str(bk, "loggingTargetBucket", "access-logs-" + acct);
    if (v == 0) Count("2.1.1");
    if (v == 1) Count("2.1.2");
    if (v == 2 && !account_bpa) Count("2.1.4");
    Edge(account, rOwns, bk);
  }
  for (size_t i = 0, n = Share(kRdsMix, a); i < n; ++i) {
    const std::string name = absl::StrCat("db-", i);
    const char* rn = kEnabledRegions[pick_region()];
    NodeId db = Add(tRds, regional("rds", rn) + "db:" + name, name, acct, rn);
    // 0 2.3.1  1 2.3.2  2 2.3.3
    const int v = Draw(3);
    Str(db, "dbInstanceIdentifier", name);
    Str(db, "dbInstanceArn", regional("rds", rn) + "db:" + name);
    Str(db, "engine", rng_.Below(2) ? "postgres" : "mysql");
    Str(db, "dbInstanceClass", "db.r6g.large");
    Str(db, "dbInstanceStatus", "available");
    Bool(db, "storageEncrypted", v != 0);
    Bool(db, "autoMinorVersionUpgrade", v != 1);
    Bool(db, "publiclyAccessible", v == 2);
    Bool(db, "multiAZ", rng_.Below(2));
    if (v == 0) Count("2.3.1");
    if (v == 1) Count("2.3.2");
    if (v == 2) Count("2.3.3");
  }
  for (size_t i = 0, n = Share(kEfsMix, a); i < n; ++i) {
    const char* rn = kEnabledRegions[pick_region()];
    const std::string fs = "fs-" + Hex(5, ++serial_);
    NodeId e = Add(tEfs, regional("elasticfilesystem", rn) + "file-system/" + fs, fs, acct, rn);
    Str(e, "fileSystemId", fs);
    Str(e, "lifeCycleState", "available");
    const bool v = Draw(1) == 0;
    Bool(e, "encrypted", !v);
    if (v) Count("2.4.1");
  }
  for (size_t i = 0, n = Share(kKmsMix, a); i < n; ++i) {
    const char* rn = kEnabledRegions[pick_region()];
    ++serial_;
    const std::string kid = Hex(6, serial_, 8) + "-" + Hex(7, serial_, 4) + "-4" +
                            Hex(8, serial_, 3) + "-8" + Hex(9, serial_, 3) + "-" +
                            Hex(10, serial_, 12);
    NodeId k = Add(tKms, regional("kms", rn) + "key/" + kid, kid, acct, rn);
    Str(k, "keyId", kid);
    Str(k, "arn", regional("kms", rn) + "key/" + kid);
    const bool customer = rng_.Below(10) < 7;
    Str(k, "keyManager", customer ? "CUSTOMER" : "AWS");
    Str(k, "keySpec", "SYMMETRIC_DEFAULT");
    Str(k, "keyUsage", "ENCRYPT_DECRYPT");
    const bool enabled = !customer || rng_.Below(10) != 0;
    Str(k, "keyState", enabled ? "Enabled" : "Disabled");
    Str(k, "origin", "AWS_KMS");
    if (customer && enabled) {
      const bool v = Draw(1) == 0;
      Bool(k, "keyRotationEnabled", !v);
      if (v) Count("3.6");
    } else {
      Bool(k, "keyRotationEnabled", !customer);
    }
  }

  // ---- networks -----------------------------------------------------------
  for (size_t i = 0, n = Share(kVpcMix, a); i < n; ++i) {
    const int r = pick_region();
    const char* rn = kEnabledRegions[r];
    const std::string ec2 = regional("ec2", rn);
    const std::string vpc_id = "vpc-" + Hex(11, ++serial_);
    NodeId vpc = Add(tVpc, ec2 + "vpc/" + vpc_id, vpc_id, acct, rn);
    Str(vpc, "vpcId", vpc_id);
    Str(vpc, "ownerId", acct);
    Bool(vpc, "isDefault", i == 0);
    Str(vpc, "state", "available");
    Str(vpc, "cidrBlock", absl::StrCat("10.", i % 256, ".0.0/16"));
    Str(vpc, "instanceTenancy", "default");
    Bool(vpc, "isShared", false);
    Edge(account, rOwns, vpc);
    Edge(vpc, rInRegion, regions[r]);
    // 3.7: no flow log, or only failed / inactive ones.
    const bool no_active = Draw(1) == 0;
    if (no_active) Count("3.7");
    const int n_logs = no_active ? static_cast<int>(rng_.Below(2)) : 1 + (rng_.Below(10) == 0);
    for (int l = 0; l < n_logs; ++l) {
      const std::string fl = "fl-" + Hex(12, ++serial_);
      NodeId f = Add(tFlowLog, ec2 + "vpc-flow-log/" + fl, fl, acct, rn);
      Str(f, "flowLogId", fl);
      Str(f, "resourceId", vpc_id);
      Str(f, "flowLogStatus", no_active || l == 1 ? (rng_.Below(2) ? "FAILED" : "INACTIVE")
                                                   : "ACTIVE");
      Str(f, "deliverLogsStatus", "SUCCESS");
      Str(f, "trafficType", rng_.Below(2) ? "REJECT" : "ALL");
      Str(f, "logDestinationType", "cloud-watch-logs");
      Str(f, "logGroupName", "vpc-flow-logs");
      Int(f, "maxAggregationInterval", 600);
      Date(f, "creationTime", 50);
      Edge(vpc, rFlowLog, f);
      Edge(f, rDeliversTo, flow_log_group);
    }
    // Security groups: the default one and two application groups.
    for (int s = 0; s < 3; ++s) {
      const std::string sg = "sg-" + Hex(13, ++serial_);
      const std::string sg_arn = ec2 + "security-group/" + sg;
      NodeId g = Add(tSg, sg_arn, sg, acct, rn);
      Str(g, "groupId", sg);
      Str(g, "groupName", s == 0 ? "default" : absl::StrCat("app-", s));
      Str(g, "description", s == 0 ? "default VPC security group" : "application tier");
      Str(g, "vpcId", vpc_id);
      Str(g, "ownerId", acct);
      Edge(g, rInVpc, vpc);
      int rule_no = 0;
      auto rule = [&](bool egress, const char* proto, int from, int to,
                      const char* v4, const char* v6, const char* group) {
        const std::string rid = "sgr-" + Hex(14, ++serial_);
        NodeId ru = Add(tSgRule, absl::StrCat(sg_arn, "/", rid), rid, acct, rn);
        Str(ru, "securityGroupRuleId", rid);
        Str(ru, "groupId", sg);
        Bool(ru, "isEgress", egress);
        Str(ru, "ipProtocol", proto);
        Int(ru, "fromPort", from);
        Int(ru, "toPort", to);
        if (v4) Str(ru, "cidrIpv4", v4);
        if (v6) Str(ru, "cidrIpv6", v6);
        if (group) Str(ru, "referencedGroupId", group);
        const bool all = std::string_view(proto) == "-1";
        Int(ru, "tcpUdpFromPort", all ? 0 : from);
        Int(ru, "tcpUdpToPort", all ? 65535 : to);
        Edge(g, rRule, ru);
        ++rule_no;
      };
      if (s == 0) {
        // 5.4: a default group that still has rules.
        if (Draw(1) == 0) {
          rule(false, "-1", -1, -1, nullptr, nullptr, sg.c_str());
          Count("5.4");
        }
        continue;
      }
      // 0 5.2  1 5.3
      const int v = Draw(2);
      rule(false, "tcp", 443, 443, "0.0.0.0/0", nullptr, nullptr);
      if (v == 0) {
        rule(false, "tcp", 22, 22, "0.0.0.0/0", nullptr, nullptr);
        Count("5.2");
      } else if (v == 1) {
        rule(false, "tcp", 3389, 3389, nullptr, "::/0", nullptr);
        Count("5.3");
      } else {
        rule(false, "tcp", 22, 22, "10.0.0.0/8", nullptr, nullptr);
      }
      rule(true, "-1", -1, -1, "0.0.0.0/0", nullptr, nullptr);
    }
    // The network ACL.
    {
      const std::string acl = "acl-" + Hex(15, ++serial_);
      const std::string acl_arn = ec2 + "network-acl/" + acl;
      NodeId na = Add(tNacl, acl_arn, acl, acct, rn);
      Str(na, "networkAclId", acl);
      Str(na, "vpcId", vpc_id);
      Bool(na, "isDefault", true);
      Str(na, "ownerId", acct);
      Edge(na, rInVpc, vpc);
      struct E {
        int number;
        bool egress;
        const char* action;
        const char* protocol;
        int from, to;
      };
      std::vector<E> entries = {{100, false, "allow", "6", 443, 443},
                                {110, false, "allow", "6", 80, 80},
                                {32767, false, "deny", "-1", 0, 0},
                                {100, true, "allow", "-1", 0, 0},
                                {32767, true, "deny", "-1", 0, 0}};
      // 5.1: an allow from anywhere to SSH that no lower deny shadows; a
      // tenth of the clean ACLs have the same allow behind a deny.
      const bool v = Draw(1) == 0;
      if (v) {
        entries.push_back({120, false, "allow", "6", 22, 22});
        Count("5.1");
      } else if (rng_.Below(10) == 0) {
        entries.push_back({90, false, "deny", "6", 22, 22});
        entries.push_back({120, false, "allow", "6", 22, 22});
      }
      std::vector<NodeId> nodes;
      for (const E& e : entries) {
        NodeId en = Add(tEntry,
                        absl::StrCat(acl_arn, e.egress ? "/egress" : "/ingress", "/ipv4/",
                                     e.number),
                        absl::StrCat(e.number), acct, rn);
        Int(en, "ruleNumber", e.number);
        Bool(en, "egress", e.egress);
        Str(en, "ruleAction", e.action);
        Str(en, "protocol", e.protocol);
        Str(en, "cidrBlock", "0.0.0.0/0");
        if (std::string_view(e.protocol) != "-1") {
          Int(en, "portRangeFrom", e.from);
          Int(en, "portRangeTo", e.to);
        }
        Edge(na, rEntry, en);
        nodes.push_back(en);
      }
      for (size_t x = 0; x < entries.size(); ++x) {
        for (size_t y = 0; y < entries.size(); ++y) {
          if (entries[x].egress == entries[y].egress &&
              entries[y].number < entries[x].number) {
            Edge(nodes[x], rPreceded, nodes[y]);
          }
        }
      }
    }
    // Instances.
    for (uint32_t k = 0, n_inst = rng_.Below(7); k < n_inst; ++k) {
      const std::string iid = "i-" + Hex(16, ++serial_);
      NodeId in = Add(tInstance, ec2 + "instance/" + iid, iid, acct, rn);
      Str(in, "instanceId", iid);
      Str(in, "instanceType", rng_.Below(2) ? "m6i.large" : "t3.medium");
      const uint32_t st = rng_.Below(20);
      const bool terminated = st == 0;
      Str(in, "stateName", terminated ? "terminated" : st < 3 ? "stopped" : "running");
      Date(in, "launchTime", rng_.Below(300));
      Str(in, "vpcId", vpc_id);
      Str(in, "metadataOptionsState", "applied");
      // 0 1.18  1 5.6
      const int v = terminated ? -1 : Draw(2);
      if (!terminated && v != 0) {
        Str(in, "iamInstanceProfileArn", iam + "instance-profile/app");
      }
      const bool endpoint_off = v != 1 && rng_.Below(10) == 0;
      Str(in, "httpTokens", v == 1 || endpoint_off || terminated ? "optional" : "required");
      Str(in, "httpEndpoint", endpoint_off ? "disabled" : "enabled");
      if (v == 0) Count("1.18");
      if (v == 1) Count("5.6");
    }
  }
}

}  // namespace

absl::StatusOr<GeneratedOrg> GenerateAwsOrg(std::shared_ptr<const Schema> schema,
                                            const OrgOptions& options) {
  if (!schema) return absl::InvalidArgumentError("gen: no schema");
  Generator g(std::move(schema), options);
  return g.Run();
}

std::string ExpectedJson(const GeneratedOrg& org, const OrgOptions& o) {
  std::string out = "{\n";
  absl::StrAppend(&out, "  \"generator\": \"vigil gen aws-org 1\",\n");
  absl::StrAppend(&out, "  \"seed\": ", o.seed, ",\n");
  absl::StrAppend(&out, "  \"accounts\": ", o.accounts, ",\n");
  absl::StrAppend(&out, "  \"assets\": ", org.graph ? org.graph->num_assets() : 0, ",\n");
  absl::StrAppend(&out, "  \"violations\": ", absl::StrFormat("%.6g", o.violations), ",\n");
  absl::StrAppend(&out, "  \"now\": \"", FormatInstant(org.now), "\",\n");
  absl::StrAppend(&out, "  \"controls\": {\n");
  for (size_t i = 0; i < org.expected.size(); ++i) {
    const ControlExpectation& e = org.expected[i];
    absl::StrAppend(&out, "    \"", e.control, "\": {\"status\": \"",
                    e.fails ? "fail" : "pass", "\", \"offending\": ", e.offending, "}",
                    i + 1 < org.expected.size() ? ",\n" : "\n");
  }
  absl::StrAppend(&out, "  }\n}\n");
  return out;
}

}  // namespace vigil::gen

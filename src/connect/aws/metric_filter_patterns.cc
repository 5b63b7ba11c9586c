#include "src/connect/aws/metric_filter_patterns.h"

#include <algorithm>
#include <cctype>

#include "absl/status/status.h"
#include "src/base/strings.h"

namespace vigil::connect::aws {
namespace {

constexpr size_t kMaxConjunctions = 4096;
constexpr int kMaxDepth = 64;

struct PatternInfo {
  CisPattern pattern;
  std::string_view name;
  std::string_view recommendation;
  std::string_view reference;
};

// The references (narrowest reading of the CIS v3.0.0 text; see the header).
constexpr PatternInfo kPatterns[] = {
    {CisPattern::kUnauthorizedApiCalls, "UNAUTHORIZED_API_CALLS", "4.1",
     R"({ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") })"},
    {CisPattern::kConsoleSignInWithoutMfa, "CONSOLE_SIGNIN_WITHOUT_MFA", "4.2",
     R"({ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") })"},
    {CisPattern::kRootAccountUsage, "ROOT_ACCOUNT_USAGE", "4.3",
     R"({ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" })"},
    {CisPattern::kIamPolicyChanges, "IAM_POLICY_CHANGES", "4.4",
     R"({ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) })"},
    {CisPattern::kCloudTrailConfigChanges, "CLOUDTRAIL_CONFIG_CHANGES", "4.5",
     R"({ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) })"},
    {CisPattern::kConsoleAuthFailures, "CONSOLE_AUTH_FAILURES", "4.6",
     R"({ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") })"},
    {CisPattern::kCmkDisableOrDeletion, "CMK_DISABLE_OR_DELETION", "4.7",
     R"({ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) })"},
    {CisPattern::kS3BucketPolicyChanges, "S3_BUCKET_POLICY_CHANGES", "4.8",
     R"({ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) })"},
    {CisPattern::kConfigChanges, "CONFIG_CHANGES", "4.9",
     R"({ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) })"},
    {CisPattern::kSecurityGroupChanges, "SECURITY_GROUP_CHANGES", "4.10",
     R"({ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) })"},
    {CisPattern::kNaclChanges, "NACL_CHANGES", "4.11",
     R"({ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) })"},
    {CisPattern::kNetworkGatewayChanges, "NETWORK_GATEWAY_CHANGES", "4.12",
     R"({ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) })"},
    {CisPattern::kRouteTableChanges, "ROUTE_TABLE_CHANGES", "4.13",
     R"({ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) })"},
    {CisPattern::kVpcChanges, "VPC_CHANGES", "4.14",
     R"({ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) })"},
    {CisPattern::kOrganizationsChanges, "ORGANIZATIONS_CHANGES", "4.15",
     R"({ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) })"},
};
static_assert(sizeof(kPatterns) / sizeof(kPatterns[0]) == kNumCisPatterns);

const PatternInfo& Info(CisPattern p) { return kPatterns[static_cast<int>(p)]; }

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsSelectorChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '@' || c == '$';
}

bool LooksLikeNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

// AND of two normal forms (cross product), OR (concatenation).
absl::StatusOr<FilterDnf> And(const FilterDnf& a, const FilterDnf& b) {
  if (a.conjunctions.size() * b.conjunctions.size() > kMaxConjunctions) {
    return absl::InvalidArgumentError("filter pattern too complex");
  }
  FilterDnf out;
  for (const auto& x : a.conjunctions) {
    for (const auto& y : b.conjunctions) {
      std::vector<FilterComparison> c = x;
      c.insert(c.end(), y.begin(), y.end());
      std::sort(c.begin(), c.end());
      c.erase(std::unique(c.begin(), c.end()), c.end());
      out.conjunctions.push_back(std::move(c));
    }
  }
  return out;
}

absl::StatusOr<FilterDnf> Or(FilterDnf a, const FilterDnf& b) {
  if (a.conjunctions.size() + b.conjunctions.size() > kMaxConjunctions) {
    return absl::InvalidArgumentError("filter pattern too complex");
  }
  a.conjunctions.insert(a.conjunctions.end(), b.conjunctions.begin(), b.conjunctions.end());
  return a;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  absl::StatusOr<FilterDnf> Parse() {
    SkipBlanks();
    if (!Eat('{')) return Error("a JSON filter pattern starts with `{`");
    absl::StatusOr<FilterDnf> e = ParseOr(0);
    if (!e.ok()) return e;
    SkipBlanks();
    if (!Eat('}')) return Error("expected `}`, `&&` or `||`");
    SkipBlanks();
    if (pos_ != text_.size()) return Error("text after the closing `}`");
    return e;
  }

 private:
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(StrCat("filter pattern, offset ", pos_, ": ", what));
  }
  void SkipBlanks() {
    while (pos_ < text_.size() && IsBlank(text_[pos_])) ++pos_;
  }
  bool Eat(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool EatWord(std::string_view w) {
    SkipBlanks();
    if (text_.size() - pos_ < w.size()) return false;
    for (size_t i = 0; i < w.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(text_[pos_ + i])) != w[i]) return false;
    }
    size_t end = pos_ + w.size();
    if (end < text_.size() && IsSelectorChar(text_[end])) return false;
    pos_ = end;
    return true;
  }
  bool At(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }

  absl::StatusOr<FilterDnf> ParseOr(int depth) {
    if (depth > kMaxDepth) return Error("filter pattern nested too deeply");
    absl::StatusOr<FilterDnf> left = ParseAnd(depth);
    if (!left.ok()) return left;
    for (;;) {
      SkipBlanks();
      if (!At("||")) return left;
      pos_ += 2;
      absl::StatusOr<FilterDnf> right = ParseAnd(depth);
      if (!right.ok()) return right;
      left = Or(std::move(*left), *right);
      if (!left.ok()) return left;
    }
  }

  absl::StatusOr<FilterDnf> ParseAnd(int depth) {
    absl::StatusOr<FilterDnf> left = ParsePrimary(depth);
    if (!left.ok()) return left;
    for (;;) {
      SkipBlanks();
      if (!At("&&")) return left;
      pos_ += 2;
      absl::StatusOr<FilterDnf> right = ParsePrimary(depth);
      if (!right.ok()) return right;
      left = And(*left, *right);
      if (!left.ok()) return left;
    }
  }

  absl::StatusOr<FilterDnf> ParsePrimary(int depth) {
    SkipBlanks();
    if (Eat('(')) {
      absl::StatusOr<FilterDnf> inner = ParseOr(depth + 1);
      if (!inner.ok()) return inner;
      SkipBlanks();
      if (!Eat(')')) return Error("expected `)`");
      return inner;
    }
    absl::StatusOr<FilterComparison> c = ParseComparison();
    if (!c.ok()) return c.status();
    FilterDnf out;
    out.conjunctions.push_back({std::move(*c)});
    return out;
  }

  absl::StatusOr<FilterComparison> ParseComparison() {
    FilterComparison c;
    if (!Eat('$')) return Error("expected a selector such as `$.eventName`");
    c.selector = "$";
    for (;;) {
      if (Eat('.')) {
        size_t start = pos_;
        while (pos_ < text_.size() && IsSelectorChar(text_[pos_]) && text_[pos_] != '$') ++pos_;
        if (pos_ == start) return Error("expected a name after `.`");
        StrAppend(&c.selector, ".", text_.substr(start, pos_ - start));
      } else if (Eat('[')) {
        size_t start = pos_;
        while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
        if (pos_ == start || !Eat(']')) return Error("expected `[N]`");
        StrAppend(&c.selector, "[", text_.substr(start, pos_ - 1 - start), "]");
      } else {
        break;
      }
    }
    if (c.selector == "$") return Error("expected `.name` after `$`");
    SkipBlanks();
    for (std::string_view op : {"!=", "<=", ">=", "=", "<", ">"}) {
      if (At(op)) {
        pos_ += op.size();
        c.op = std::string(op);
        break;
      }
    }
    if (c.op.empty()) {
      if (EatWord("IS")) {
        if (EatWord("NULL")) {
          c.op = "IS NULL";
        } else if (EatWord("TRUE")) {
          c.op = "IS TRUE";
        } else if (EatWord("FALSE")) {
          c.op = "IS FALSE";
        } else {
          return Error("expected NULL, TRUE or FALSE after IS");
        }
      } else if (EatWord("NOT")) {
        if (!EatWord("EXISTS")) return Error("expected EXISTS after NOT");
        c.op = "NOT EXISTS";
      } else if (EatWord("EXISTS")) {
        c.op = "EXISTS";
      } else {
        return Error("expected a comparison operator");
      }
      return c;
    }
    SkipBlanks();
    if (Eat('"')) {
      for (;;) {
        if (pos_ >= text_.size()) return Error("unterminated string");
        char ch = text_[pos_++];
        if (ch == '"') break;
        if (ch == '\\') {
          if (pos_ >= text_.size()) return Error("unterminated string");
          ch = text_[pos_++];
        }
        c.value.push_back(ch);
      }
      return c;
    }
    size_t start = pos_;
    while (pos_ < text_.size() && !IsBlank(text_[pos_]) && text_[pos_] != ')' && text_[pos_] != '}' &&
           !At("&&") && !At("||"))
      ++pos_;
    if (pos_ == start) return Error("expected a value");
    c.value = std::string(text_.substr(start, pos_ - start));
    c.is_number = LooksLikeNumber(c.value);
    return c;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// `pattern` with `*` as "any run of characters" matches `text` taken literally.
bool GlobMatches(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool Implies(const FilterComparison& c, const FilterComparison& f) {
  if (f.selector != c.selector || f.op != c.op || f.is_number != c.is_number) return false;
  if (f.value == c.value) return true;
  return f.op == "=" && !f.is_number && f.value.find('*') != std::string::npos && GlobMatches(f.value, c.value);
}

}  // namespace

std::string_view CisPatternName(CisPattern p) { return Info(p).name; }
std::string_view CisPatternRecommendation(CisPattern p) { return Info(p).recommendation; }
std::string_view CisReferencePattern(CisPattern p) { return Info(p).reference; }

absl::StatusOr<FilterDnf> ParseFilterPattern(std::string_view pattern) { return Parser(pattern).Parse(); }

bool Catches(const FilterDnf& filter, const FilterDnf& reference) {
  for (const auto& c : reference.conjunctions) {
    bool caught = false;
    for (const auto& f : filter.conjunctions) {
      bool all = std::all_of(f.begin(), f.end(), [&](const FilterComparison& fc) {
        return std::any_of(c.begin(), c.end(), [&](const FilterComparison& cc) { return Implies(cc, fc); });
      });
      if (all) {
        caught = true;
        break;
      }
    }
    if (!caught) return false;
  }
  return true;
}

std::vector<CisPattern> MatchCisPatterns(std::string_view pattern) {
  std::vector<CisPattern> out;
  absl::StatusOr<FilterDnf> filter = ParseFilterPattern(pattern);
  if (!filter.ok()) return out;
  for (const PatternInfo& info : kPatterns) {
    absl::StatusOr<FilterDnf> ref = ParseFilterPattern(info.reference);
    if (ref.ok() && Catches(*filter, *ref)) out.push_back(info.pattern);
  }
  return out;
}

}  // namespace vigil::connect::aws

// The derived field MetricFilter.cisPatterns (schemas/aws.graphql): which of
// the CIS AWS Foundations monitoring patterns (v3.0.0 4.1-4.15) a CloudWatch
// Logs metric filter pattern is certain to catch.
//
// A filter "catches" a CIS pattern when every log event the CIS pattern
// matches is also matched by the filter, so an alarm on the filter's metric
// fires for every event CIS wants to hear about. Deciding that for arbitrary
// patterns is hard, so the test is conservative: it may say "no" for a
// filter that in fact catches the pattern, never "yes" for one that misses
// events. docs/aws-schema.md describes the same procedure.
//
// 1. Parsing. Only JSON filter patterns are read: `{ EXPR }`, where EXPR is
//    built from comparisons joined by `&&` and `||` (`&&` binds tighter, as in
//    CloudWatch Logs) and grouped with parentheses. A comparison is
//    `SELECTOR OP VALUE` with OP one of = != < <= > >=, or `SELECTOR IS NULL`,
//    `SELECTOR IS TRUE`, `SELECTOR IS FALSE`, `SELECTOR NOT EXISTS`,
//    `SELECTOR EXISTS`. A selector is `$` followed by `.name` and `[N]` parts.
//    A value is a double-quoted string (backslash escapes), or a bare word
//    running to the next blank, `)`, `}`, `&&` or `||`. A bare word that reads
//    as a number is a number; every other value is a string, so
//    `$.eventName = CreateTrail` and `$.eventName = "CreateTrail"` are the
//    same comparison. Blanks between tokens do not matter. Anything else
//    (space-delimited or term patterns, an empty pattern, syntax errors)
//    catches no CIS pattern.
// 2. Normal form. The expression is rewritten as an OR of ANDs of
//    comparisons (disjunctive normal form). A pattern whose normal form would
//    exceed 4096 conjunctions catches nothing.
// 3. Decision. The filter catches the CIS reference pattern R when for every
//    conjunction C of R there is a conjunction F of the filter each of whose
//    comparisons is implied by a comparison of C. A comparison f is implied
//    by c when they have the same selector, operator and value kind and
//    either the same value, or the operator is `=`, the values are strings,
//    and f's value, read as a pattern in which `*` stands for any run of
//    characters, matches c's value taken literally (so `Delete*` implies
//    `DeleteTrail`, and `*` implies any string). Extra OR branches in the
//    filter only widen it and do not matter; an extra AND condition in F that
//    C lacks means F is narrower than C, so C is not caught by F.
// 4. References. The reference of each pattern is the narrowest reading of
//    the CIS text (CisReferencePattern): where CIS's printed pattern has an
//    evident precedence slip (4.1 in v3.0.0 joins its exclusions with `||`;
//    4.13 joins the eventSource test with `&&` to the first event name only),
//    the reference applies the exclusions and the event source to every
//    branch. Because the printed patterns are wider than the references, the
//    patterns CIS prints are themselves caught, and so are the corrected,
//    properly parenthesised forms. For 4.2 the reference is CIS's narrower
//    variant (IAM users, successful sign-ins), which CIS's wider variant also
//    catches.
#ifndef VIGIL_SRC_CONNECT_AWS_METRIC_FILTER_PATTERNS_H_
#define VIGIL_SRC_CONNECT_AWS_METRIC_FILTER_PATTERNS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace vigil::connect::aws {

// The monitoring recommendations of CIS AWS Foundations v3.0.0 section 4
// (4.1 ... 4.15, in order). The names are the values of the schema's enum
// CisMonitoringPattern.
enum class CisPattern {
  kUnauthorizedApiCalls,         // 4.1
  kConsoleSignInWithoutMfa,      // 4.2
  kRootAccountUsage,             // 4.3
  kIamPolicyChanges,             // 4.4
  kCloudTrailConfigChanges,      // 4.5
  kConsoleAuthFailures,          // 4.6
  kCmkDisableOrDeletion,         // 4.7
  kS3BucketPolicyChanges,        // 4.8
  kConfigChanges,                // 4.9
  kSecurityGroupChanges,         // 4.10
  kNaclChanges,                  // 4.11
  kNetworkGatewayChanges,        // 4.12
  kRouteTableChanges,            // 4.13
  kVpcChanges,                   // 4.14
  kOrganizationsChanges,         // 4.15
};

inline constexpr int kNumCisPatterns = 15;

// The enum value name used in the graph ("UNAUTHORIZED_API_CALLS", ...).
std::string_view CisPatternName(CisPattern p);
// The v3.0.0 recommendation number ("4.1", ...).
std::string_view CisPatternRecommendation(CisPattern p);
// The reference filter pattern (see 4. above).
std::string_view CisReferencePattern(CisPattern p);

// One comparison of a parsed pattern.
struct FilterComparison {
  std::string selector;  // "$.eventName"
  std::string op;        // "=", "!=", "<", "<=", ">", ">=", "IS NULL", "IS TRUE",
                         // "IS FALSE", "NOT EXISTS", "EXISTS"
  bool is_number = false;
  std::string value;     // unquoted text; empty for the IS / EXISTS forms
  friend bool operator==(const FilterComparison&, const FilterComparison&) = default;
  friend auto operator<=>(const FilterComparison&, const FilterComparison&) = default;
};

// A pattern in disjunctive normal form: an OR of conjunctions, each a sorted
// set of comparisons.
struct FilterDnf {
  std::vector<std::vector<FilterComparison>> conjunctions;
};

// Parses a JSON filter pattern into its normal form. Errors (with the byte
// offset) for anything that is not a JSON filter pattern of the grammar above.
absl::StatusOr<FilterDnf> ParseFilterPattern(std::string_view pattern);

// Whether `filter` catches `reference` (3. above).
bool Catches(const FilterDnf& filter, const FilterDnf& reference);

// The CIS patterns the filter pattern catches, in enum order. A pattern that
// does not parse catches none.
std::vector<CisPattern> MatchCisPatterns(std::string_view pattern);

}  // namespace vigil::connect::aws

#endif  // VIGIL_SRC_CONNECT_AWS_METRIC_FILTER_PATTERNS_H_

// The IAM credential report (iam:GetCredentialReport -> Content): base64 of
// a CSV whose first line names the columns and whose rows are the root user
// (`<root_account>`) and every IAM user.
#ifndef VIGIL_SRC_CONNECT_AWS_CREDENTIAL_REPORT_H_
#define VIGIL_SRC_CONNECT_AWS_CREDENTIAL_REPORT_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace vigil::connect::aws {

struct CredentialReport {
  std::vector<std::string> columns;
  // One map per row: column -> value as written.
  std::vector<std::map<std::string, std::string, std::less<>>> rows;

  // The row of user `user` (the `user` column), or null.
  const std::map<std::string, std::string, std::less<>>* Find(std::string_view user) const;

  // user -> its place in `rows` (one row a user).
  absl::flat_hash_map<std::string, size_t> row_of_user;
};

// Decodes standard base64 (RFC 4648, with padding; line breaks ignored).
// Errors name the byte offset.
absl::StatusOr<std::string> DecodeBase64(std::string_view text);

// Parses the CSV (RFC 4180: quoted fields with doubled quotes; \n or \r\n).
// The header must have the columns `user` and `arn`; every row as many
// fields as the header, and no user two rows. Errors name the line or row.
absl::StatusOr<CredentialReport> ParseCredentialReportCsv(std::string_view csv);

// A credential-report value as vigil stores it: "N/A", "no_information",
// "not_supported" and "" are null.
std::optional<std::string_view> ReportValue(std::string_view v);

}  // namespace vigil::connect::aws

#endif  // VIGIL_SRC_CONNECT_AWS_CREDENTIAL_REPORT_H_

// The IAM credential report (credential_report.h).
#include "src/connect/aws/credential_report.h"

#include "absl/container/flat_hash_set.h"

#include "src/base/strings.h"

namespace vigil::connect::aws {

const std::map<std::string, std::string, std::less<>>* CredentialReport::Find(
    std::string_view user) const {
  auto it = row_of_user.find(absl::string_view(user.data(), user.size()));
  return it == row_of_user.end() ? nullptr : &rows[it->second];
}

absl::StatusOr<std::string> DecodeBase64(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(text.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0, pad = 0;
  size_t symbols = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') continue;
    if (c == '=') {
      ++pad;
      ++symbols;
      continue;
    }
    const int v = value(c);
    if (v < 0 || pad > 0) {
      return absl::InvalidArgumentError(StrCat("not base64: unexpected character at offset ", i));
    }
    ++symbols;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (symbols % 4 != 0 || pad > 2) {
    return absl::InvalidArgumentError("not base64: the length is not a multiple of 4");
  }
  return out;
}

absl::StatusOr<CredentialReport> ParseCredentialReportCsv(std::string_view csv) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, field_started = false;
  bool closed = false;  // the field's closing quote is behind
  size_t line = 1, record_line = 1;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < csv.size() && csv[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
          closed = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
      closed = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ++i;
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
      closed = false;
      if (!(record.size() == 1 && record[0].empty())) records.push_back(std::move(record));
      record.clear();
      ++line;
      record_line = line;
    } else if (c == '"' || closed || static_cast<unsigned char>(c) < 0x20) {
      return absl::InvalidArgumentError(
          StrCat("not a CSV credential report: line ", line, ": unexpected character"));
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        StrCat("not a CSV credential report: line ", record_line, ": unterminated quote"));
  }
  if (field_started || !record.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  if (records.empty()) {
    return absl::InvalidArgumentError("not a CSV credential report: it is empty");
  }
  CredentialReport report;
  report.columns = records[0];
  bool has_user = false, has_arn = false;
  absl::flat_hash_set<std::string_view> seen;  // not quadratic in the columns
  for (size_t i = 0; i < report.columns.size(); ++i) {
    has_user |= report.columns[i] == "user";
    has_arn |= report.columns[i] == "arn";
    if (!seen.insert(report.columns[i]).second) {
      return absl::InvalidArgumentError(StrCat(
          "not a CSV credential report: line 1: the column \"", report.columns[i],
          "\" appears twice"));
    }
  }
  if (!has_user || !has_arn) {
    return absl::InvalidArgumentError(
        "not a CSV credential report: line 1 must name the columns, with `user` and `arn`");
  }
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != report.columns.size()) {
      return absl::InvalidArgumentError(StrCat("not a CSV credential report: row ", r + 1,
                                               " has ", records[r].size(), " fields, the header ",
                                               report.columns.size()));
    }
    std::map<std::string, std::string, std::less<>> row;
    for (size_t i = 0; i < records[r].size(); ++i) {
      row.emplace(report.columns[i], std::move(records[r][i]));
    }
    const std::string& user = row.find("user")->second;
    if (!report.row_of_user.emplace(user, report.rows.size()).second) {
      return absl::InvalidArgumentError(StrCat("not a CSV credential report: row ", r + 1,
                                               ": the user \"", user, "\" has a row already"));
    }
    report.rows.push_back(std::move(row));
  }
  return report;
}

std::optional<std::string_view> ReportValue(std::string_view v) {
  if (v.empty() || v == "N/A" || v == "no_information" || v == "not_supported") {
    return std::nullopt;
  }
  return v;
}

}  // namespace vigil::connect::aws

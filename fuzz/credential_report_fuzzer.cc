// libFuzzer target: the IAM credential report reader
// (src/connect/aws/credential_report.h): base64 decoding, then the CSV
// parser, on the input as base64 text and on the input as CSV. Either a
// report whose rows all have the header's columns, or an error; never a
// crash or a hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "src/connect/aws/credential_report.h"

namespace {

void Check(const absl::StatusOr<vigil::connect::aws::CredentialReport>& r) {
  if (!r.ok()) return;
  for (const auto& row : r->rows) {
    if (row.size() != r->columns.size()) std::abort();
    if (r->Find(row.at("user")) != &row) std::abort();  // one row a user
  }
  (void)r->Find("<root_account>");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Check(vigil::connect::aws::ParseCredentialReportCsv(text));
  absl::StatusOr<std::string> decoded = vigil::connect::aws::DecodeBase64(text);
  if (decoded.ok()) Check(vigil::connect::aws::ParseCredentialReportCsv(*decoded));
  for (std::string_view v : {text.substr(0, 16), std::string_view("N/A")}) {
    (void)vigil::connect::aws::ReportValue(v);
  }
  return 0;
}

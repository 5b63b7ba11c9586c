// OutcomeName, ParseReportFormat, RenderReport and the atomic file writer.
#include "vigil/report.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "src/base/strings.h"
#include "src/report/report_internal.h"

namespace vigil {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kWaived:
      return "waived";
    case Outcome::kError:
      return "error";
  }
  return "error";
}

absl::StatusOr<ReportFormat> ParseReportFormat(std::string_view name) {
  std::string n = report_internal::AsciiLower(name);
  if (n == "text" || n == "txt") return ReportFormat::kText;
  if (n == "json") return ReportFormat::kJson;
  if (n == "sarif") return ReportFormat::kSarif;
  if (n == "junit" || n == "junit-xml") return ReportFormat::kJunit;
  if (n == "ocsf" || n == "ocsf-json") return ReportFormat::kOcsf;
  return absl::InvalidArgumentError(
      StrCat("unknown report format '", name,
             "' (expected one of: text, json, sarif, junit, ocsf)"));
}

std::string RenderReport(const Report& report, ReportFormat format,
                         const TextOptions& text_options) {
  switch (format) {
    case ReportFormat::kText:
      return report_internal::RenderText(report, text_options);
    case ReportFormat::kJson:
      return report_internal::RenderJson(report);
    case ReportFormat::kSarif:
      return report_internal::RenderSarif(report);
    case ReportFormat::kJunit:
      return report_internal::RenderJunit(report);
    case ReportFormat::kOcsf:
      return report_internal::RenderOcsf(report);
  }
  return report_internal::RenderJson(report);
}

namespace {

absl::Status ErrnoError(int err, const std::string& path,
                        std::string_view what) {
  return absl::Status(absl::ErrnoToStatusCode(err),
                      StrCat("cannot write report to '", path, "': ", what,
                             ": ", std::strerror(err)));
}

// Writes all of `data` to `fd`, retrying on EINTR and short writes.
// Returns 0 or an errno value.
int WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

}  // namespace

absl::Status WriteReportFile(const Report& report, ReportFormat format,
                             const std::string& path,
                             const TextOptions& text_options) {
  if (path.empty()) {
    return absl::InvalidArgumentError("cannot write report: empty output path");
  }
  if (path == "-") {
    // The library does not write to the standard streams (the test
    // codebase.hygiene); the caller writes RenderReport()'s text there.
    return absl::InvalidArgumentError(
        "cannot write report to '-': write RenderReport()'s text to standard output instead");
  }
  std::string text = RenderReport(report, format, text_options);

  // The temporary file lives in the destination's directory so that the
  // final rename is atomic (same file system).
  std::string dir, base;
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) {
    dir = ".";
    base = path;
  } else {
    dir = slash == 0 ? "/" : path.substr(0, slash);
    base = path.substr(slash + 1);
  }
  if (base.empty()) {
    return absl::InvalidArgumentError(StrCat("cannot write report to '", path,
                                             "': the path names a directory"));
  }
  std::string tmp = StrCat(dir == "/" ? "" : dir, "/.", base, ".tmp-XXXXXX");
  if (dir == ".") tmp = StrCat(".", base, ".tmp-XXXXXX");
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    return ErrnoError(errno, path,
                      StrCat("cannot create a temporary file in '", dir, "'"));
  }
  auto fail = [&](int err, std::string_view what) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return ErrnoError(err, path, what);
  };
  // mkstemp creates 0600; a report is an ordinary, readable file.
  if (::fchmod(fd, 0644) != 0) return fail(errno, "setting permissions");
  if (int err = WriteAll(fd, text); err != 0) {
    return fail(err, StrCat("writing '", tmp, "'"));
  }
  if (::fsync(fd) != 0) return fail(errno, StrCat("flushing '", tmp, "'"));
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return ErrnoError(err, path, StrCat("closing '", tmp, "'"));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return ErrnoError(err, path, "renaming the temporary file into place");
  }
  // Make the rename durable; failure here does not undo a complete write.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return absl::OkStatus();
}

}  // namespace vigil

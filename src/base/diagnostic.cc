// Implementation of vigil/diagnostic.h (diagnostics are data that every
// layer produces, so they live in base).
#include "vigil/diagnostic.h"

#include <algorithm>
#include <optional>
#include <cstdio>
#include <string>
#include <string_view>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "src/base/terminal.h"
#include "src/base/utf8.h"

namespace vigil {
namespace {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

// The source line as it is shown under a message: well-formed UTF-8 and
// tabs kept, other control characters as spaces, each byte of malformed
// UTF-8 that counts as a column as '?' (stray continuation bytes, which
// count none, are dropped), so that columns still line up.
std::string ShownLine(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  size_t i = 0;
  while (i < line.size()) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      out.push_back(c == '\t' || (c >= 0x20 && c != 0x7F) ? static_cast<char>(c) : ' ');
      ++i;
      continue;
    }
    size_t n = Utf8SequenceLength(line, i);
    if (i == 0 && n == 3 && line.substr(0, 3) == "\xEF\xBB\xBF") {
      i += 3;  // the byte-order mark opening a text: no column
      continue;
    }
    if (n == 2 && c == 0xC2 && static_cast<unsigned char>(line[i + 1]) <= 0x9F) {
      out.push_back(' ');  // a C1 control character (CSI...): one column
      i += 2;
      continue;
    }
    if (n > 0) {
      out.append(line.substr(i, n));
      i += n;
      continue;
    }
    if ((c & 0xC0) != 0x80) out.push_back('?');
    ++i;
  }
  return out;
}

}  // namespace

std::string Diagnostic::ToString() const {
  std::string out;
  if (!file.empty()) out = TerminalSafe(file);
  if (location.known()) {
    if (!out.empty()) out += ":";
    absl::StrAppend(&out, location.line, ":", location.column);
  }
  if (!out.empty()) out += ": ";
  absl::StrAppend(&out, SeverityName(severity), ": ", TerminalSafe(message));
  if (!code.empty()) absl::StrAppend(&out, " [", TerminalSafe(code), "]");
  if (location.known() && !source_line.empty()) {
    // A window of a long line is marked with "..." on the cut side(s).
    const bool cut_before = source_line_column > 1;
    const std::string shown = (cut_before ? "..." : "") + ShownLine(source_line);
    absl::StrAppend(&out, "\n  ", shown, "\n  ");
    // One space per character before the fault (columns count characters),
    // tabs kept, so the caret lines up under the offending character.
    size_t col = location.column > source_line_column ? location.column - source_line_column : 0;
    if (cut_before) col += 3;
    for (size_t i = 0; i < shown.size() && col > 0; ++i) {
      if ((static_cast<unsigned char>(shown[i]) & 0xC0) == 0x80) continue;
      out += shown[i] == '\t' ? '\t' : ' ';
      --col;
    }
    out.append(col, ' ');
    out += "^";
  }
  return out;
}

SourceLocation LocateOffset(std::string_view text, uint32_t offset) {
  if (offset > text.size()) offset = static_cast<uint32_t>(text.size());
  uint32_t line = 1;
  uint32_t line_start = 0;
  // A byte-order mark opening the text takes no column.
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) line_start = 3;
  for (uint32_t i = 0; i < offset; ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = i + 1;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        if (i + 1 == offset) break;  // offset points at the \n of a \r\n
        ++i;
      }
      ++line;
      line_start = i + 1;
    }
  }
  // Columns count characters (code points), not bytes.
  const size_t column = CountCodePoints(text.substr(line_start, offset - line_start)) + 1;
  return SourceLocation{offset, line, static_cast<uint32_t>(column)};
}

std::string_view LineAt(std::string_view text, uint32_t offset) {
  if (offset > text.size()) offset = static_cast<uint32_t>(text.size());
  size_t begin = offset;
  while (begin > 0 && text[begin - 1] != '\n' && text[begin - 1] != '\r') {
    --begin;
  }
  size_t end = offset;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
  return text.substr(begin, end - begin);
}

void SetSourceWindow(Diagnostic* d, std::string_view text) {
  const uint32_t offset = std::min<uint32_t>(d->location.offset, static_cast<uint32_t>(text.size()));
  std::string_view line = LineAt(text, offset);
  const size_t line_begin = static_cast<size_t>(line.data() - text.data());
  // About 80 characters (up to 4 bytes each) either side of the fault.
  constexpr size_t kSide = 320;
  if (line.size() <= 2 * kSide) {
    d->source_line = std::string(line);
    d->source_line_column = 1;
    return;
  }
  size_t begin = offset - line_begin > kSide ? offset - kSide : line_begin;
  size_t end = std::min(line_begin + line.size(), static_cast<size_t>(offset) + kSide);
  // Whole characters only.
  while (begin > line_begin && (static_cast<uint8_t>(text[begin]) & 0xC0) == 0x80) ++begin;
  while (end < line_begin + line.size() && (static_cast<uint8_t>(text[end]) & 0xC0) == 0x80) ++end;
  d->source_line = std::string(text.substr(begin, end - begin));
  if (end < line_begin + line.size()) d->source_line += "...";
  d->source_line_column =
      static_cast<uint32_t>(1 + CountCodePoints(text.substr(line_begin, begin - line_begin)));
  // A byte-order mark opening the text takes no column.
  if (line_begin == 0 && begin > 0 && text.substr(0, 3) == "\xEF\xBB\xBF") d->source_line_column -= 1;
}

Diagnostic MakeDiagnostic(std::string_view code, std::string message,
                          std::string_view file, std::string_view text,
                          uint32_t offset, Severity severity) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::string(code);
  d.message = std::move(message);
  d.file = std::string(file);
  d.location = LocateOffset(text, offset);
  SetSourceWindow(&d, text);
  return d;
}

absl::Status DiagnosticsToStatus(const Diagnostics& diags, size_t max_shown) {
  std::string msg;
  size_t errors = 0;
  size_t shown = 0;
  for (const Diagnostic& d : diags) {
    if (d.severity != Severity::kError) continue;
    ++errors;
    if (shown < max_shown) {
      if (!msg.empty()) msg += "\n";
      msg += d.ToString();
      ++shown;
    }
  }
  if (errors == 0) {
    if (diags.empty()) return absl::OkStatus();
    // Only warnings/notes: not a failure.
    return absl::OkStatus();
  }
  if (errors > shown) absl::StrAppend(&msg, "\nand ", errors - shown, " more");
  return absl::InvalidArgumentError(msg);
}

namespace {
constexpr char kCodePayload[] = "type.vigil.dev/diagnostic-code";
}  // namespace

absl::Status WithDiagnosticCode(absl::Status status, std::string_view code) {
  if (!status.ok()) status.SetPayload(kCodePayload, absl::Cord(absl::string_view(code.data(), code.size())));
  return status;
}

std::string DiagnosticCodeOf(const absl::Status& status) {
  auto c = status.GetPayload(kCodePayload);
  return c ? std::string(*c) : std::string();
}

}  // namespace vigil

// vigil/diagnostic.h — located errors and warnings, as data.
//
// Every stage of vigil (parser, schema builder, graph loader, checker,
// policy loader) reports problems as Diagnostic values: a stable code, a
// human message, and the place (file, 1-based line and column, byte offset).
// Diagnostics are plain values; nothing in vigil throws across its API.
//
//   ```cpp
//   vigil::Diagnostics diags;
//   auto query = vigil::Query::Compile(schema, source, {}, &diags);
//   for (const auto& d : diags) std::cerr << d.ToString() << "\n";
//   ```
//
// A failing function returns an absl::Status whose message is the formatted
// first diagnostic(s); the full list goes to the optional Diagnostics* sink.
#ifndef VIGIL_DIAGNOSTIC_H_
#define VIGIL_DIAGNOSTIC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace vigil {

// A position in a source text. line and column are 1-based (0 = unknown);
// columns count characters (Unicode code points: the bytes of a UTF-8
// sequence count one together; a tab counts one), so a caret lands under
// the fault after non-ASCII text. `offset` is in bytes.
struct SourceLocation {
  uint32_t offset = 0;  // byte offset from the start of the text
  uint32_t line = 0;
  uint32_t column = 0;
  bool known() const { return line != 0; }
};

// A named text: a query, an SDL file, a graph file.
struct Source {
  std::string name;  // file name or a label such as "<query>"; may be empty
  std::string text;
};

enum class Severity : uint8_t { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;     // stable, e.g. "syntax.unterminated-string"
  std::string message;  // one sentence, no trailing period needed
  std::string file;     // may be empty
  SourceLocation location;
  std::string source_line;  // the text of the offending line (no newline)
  // The column (in code points) at which source_line starts: 1 for a whole
  // line; more when source_line is a window around the fault of a long line
  // (MakeDiagnostic keeps about 80 characters either side).
  uint32_t source_line_column = 1;

  // "file:line:col: error: message [code]\n  <source line>\n  <caret>"
  // (parts that are unknown are left out).
  std::string ToString() const;
};

using Diagnostics = std::vector<Diagnostic>;

// Builds a diagnostic located at byte `offset` of `text`, computing line,
// column and the source line.
Diagnostic MakeDiagnostic(std::string_view code, std::string message,
                          std::string_view file, std::string_view text,
                          uint32_t offset,
                          Severity severity = Severity::kError);

// Computes line/column (1-based; the column in code points) for a byte
// offset in text. A byte-order mark opening the text takes no column.
SourceLocation LocateOffset(std::string_view text, uint32_t offset);

// Returns the text of the line containing `offset` (without terminator).
std::string_view LineAt(std::string_view text, uint32_t offset);

// Sets d->source_line from `text` at d->location.offset: the whole line, or
// for a long line a window of about 80 characters either side (then
// d->source_line_column says where it starts), so that a 15 MB one-line
// document does not print 15 MB.
void SetSourceWindow(Diagnostic* d, std::string_view text);

// absl::InvalidArgumentError whose message joins the formatted errors of
// `diags` (at most `max_shown` of them, then "and N more").
absl::Status DiagnosticsToStatus(const Diagnostics& diags,
                                 size_t max_shown = 10);

// A diagnostic code carried by an absl::Status (as a payload), for APIs that
// fail with a Status rather than a Diagnostic (e.g. GraphBuilder's
// "graph.unknown-property"). WithDiagnosticCode returns `status` with the
// code attached (an OK status is returned unchanged); DiagnosticCodeOf
// returns the code, or "" when there is none.
absl::Status WithDiagnosticCode(absl::Status status, std::string_view code);
std::string DiagnosticCodeOf(const absl::Status& status);

}  // namespace vigil

#endif  // VIGIL_DIAGNOSTIC_H_

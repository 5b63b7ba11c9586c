// The text report, for a terminal: header, summary table, each failed or
// errored control with its offending assets grouped by account and region
// and its remediation, waived rows, exceptions that need attention, and a
// closing summary line. Text from the report is made safe for a terminal:
// control characters (including ESC) are shown escaped, never sent raw.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "src/base/strings.h"
#include "src/report/report_internal.h"

namespace vigil::report_internal {
namespace {

using ansi::kBold;
using ansi::kCyan;
using ansi::kDim;
using ansi::kGreen;
using ansi::kMagenta;
using ansi::kRed;
using ansi::kReset;
using ansi::kYellow;

// One line of report text made safe for a terminal.
std::string Safe(std::string_view raw) { return TerminalSafe(raw); }

// Display width, counted in code points (the text is valid UTF-8 here).
size_t Width(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}


class Writer {
 public:
  Writer(const Report& report, const TextOptions& options)
      : report_(report), options_(options) {}

  std::string Render() {
    Header();
    Table();
    Parameters();
    Failures();
    Waived();
    Exceptions();
    Closing();
    return std::move(out_);
  }

 private:
  std::string Paint(std::string_view text, const char* color) const {
    if (!options_.color) return std::string(text);
    return StrCat(color, text, kReset);
  }

  const char* StatusColor(Outcome o) const {
    switch (o) {
      case Outcome::kPass:
        return kGreen;
      case Outcome::kFail:
        return kRed;
      case Outcome::kWaived:
        return kYellow;
      case Outcome::kError:
        return kMagenta;
    }
    return kReset;
  }

  static std::string StatusWord(Outcome o) { return OutcomeWord(o); }

  // Writes multi-line `text` with every line indented.
  void Block(std::string_view text, std::string_view indent) {
    size_t start = 0;
    while (start <= text.size()) {
      size_t nl = text.find('\n', start);
      std::string_view line = text.substr(start, nl == std::string_view::npos
                                                     ? std::string_view::npos
                                                     : nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      // Prose wraps at word boundaries to fit about 100 columns.
      constexpr size_t kWidth = 100;
      const size_t room = kWidth > indent.size() + 20 ? kWidth - indent.size() : 20;
      while (line.size() > room) {
        size_t cut = line.rfind(' ', room);
        if (cut == std::string_view::npos || cut == 0) break;  // one long word
        StrAppend(&out_, indent, Safe(line.substr(0, cut)), "\n");
        line.remove_prefix(cut + 1);
      }
      StrAppend(&out_, indent, Safe(line), "\n");
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
  }

  void Header() {
    std::string title = StrCat("vigil", report_.tool_version.empty() ? "" : " ",
                               report_.tool_version, " compliance report");
    StrAppend(&out_, Paint(title, kBold), "\n");
    std::string pack =
        Safe(report_.pack_name.empty() ? "(unnamed pack)" : report_.pack_name);
    if (!report_.pack_version.empty())
      StrAppend(&pack, " ", Safe(report_.pack_version));
    if (!report_.pack_title.empty())
      StrAppend(&pack, " - ", Safe(report_.pack_title));
    if (!report_.pack_path.empty())
      StrAppend(&pack, " (", Safe(report_.pack_path), ")");
    StrAppend(&out_, "  Pack:      ", pack, "\n");
    StrAppend(
        &out_, "  Graph:     ",
        Safe(report_.graph_path.empty() ? "(in memory)" : report_.graph_path),
        "\n");
    StrAppend(
        &out_, "  Generated: ",
        Safe(report_.generated_at.empty() ? "(unknown)" : report_.generated_at),
        "\n");
    const CollectionSummary& cs = report_.collections;
    if (cs.recorded) {
      StrAppend(&out_, "  Collected: ", cs.collected, " calls collected, ", cs.failed,
                " failed, ", cs.missing, " missing\n");
      for (const std::string& e : cs.excluded) {
        StrAppend(&out_, "  Out of scope: ", Safe(e), "\n");
      }
    }
    out_.push_back('\n');
  }

  void Table() {
    struct Line {
      std::string cells[6];
      Outcome status;
    };
    const char* heads[6] = {"CONTROL",   "SEVERITY", "STATUS",
                            "OFFENDING", "WAIVED",   "TIME"};
    std::vector<Line> lines;
    for (const ControlReport& c : report_.controls) {
      size_t offending = 0, waived = 0;
      CountControlAssets(c, &offending, &waived);
      Line l;
      l.cells[0] = Safe(c.id);
      l.cells[1] = Safe(c.severity.empty() ? "-" : c.severity);
      l.cells[2] = StatusWord(c.status);
      l.cells[3] = c.status == Outcome::kError && offending == 0
                       ? "-"
                       : StrCat(offending);
      l.cells[4] = StrCat(waived);
      l.cells[5] = FormatDuration(c.time_ms);
      l.status = c.status;
      lines.push_back(std::move(l));
    }
    size_t width[6];
    for (int i = 0; i < 6; ++i) {
      width[i] = Width(heads[i]);
      for (const Line& l : lines)
        width[i] = std::max(width[i], Width(l.cells[i]));
    }
    auto cell = [&](const std::string& text, int col, bool right,
                    const char* color) {
      std::string pad(width[col] - Width(text), ' ');
      std::string painted = color != nullptr ? Paint(text, color) : text;
      std::string s = right ? StrCat(pad, painted) : StrCat(painted, pad);
      if (col < 5) s.append("  ");
      return s;
    };
    std::string head = "  ";
    for (int i = 0; i < 6; ++i) head += cell(heads[i], i, i >= 3, nullptr);
    while (!head.empty() && head.back() == ' ') head.pop_back();
    StrAppend(&out_, Paint(head, kBold), "\n");
    for (const Line& l : lines) {
      std::string row = "  ";
      for (int i = 0; i < 6; ++i) {
        row += cell(l.cells[i], i, i >= 3,
                    i == 2 ? StatusColor(l.status) : nullptr);
      }
      while (!row.empty() && row.back() == ' ') row.pop_back();
      StrAppend(&out_, row, "\n");
    }
    if (lines.empty()) StrAppend(&out_, "  (no controls)\n");
  }

  std::string RowText(const ReportRow& row) const {
    std::string s = row.id.empty() ? std::string("(no id)") : Safe(row.id);
    if (!row.type.empty()) StrAppend(&s, "  ", Safe(row.type));
    if (!row.name.empty() && row.name != row.id)
      StrAppend(&s, "  \"", Safe(row.name), "\"");
    return s;
  }

  // Why a row is listed: the check's reason for it, then its selected
  // fields (`field: value; ...`).
  void RowDetails(const ReportRow& row, const std::string& indent) {
    if (!row.reason.empty()) StrAppend(&out_, indent, Safe(row.reason), "\n");
    std::vector<std::string> fields = RowFieldTexts(row.row);
    if (fields.empty()) return;
    for (std::string& f : fields) f = Safe(f);
    StrAppend(&out_, indent, Paint(StrJoin(fields, "; "), kDim), "\n");
  }

  // Parameter values: the overridden ones (an override can turn a fail into
  // a pass, so the report says so), and with `verbose` every one.
  void Parameters() {
    std::vector<std::string> lines;
    for (const ControlReport& c : report_.controls) {
      for (const ParameterReport& p : c.parameters) {
        if (!p.overridden() && !options_.verbose) continue;
        lines.push_back(StrCat(Safe(c.id), "  ", Safe(ParameterText(p))));
      }
    }
    if (lines.empty()) return;
    StrAppend(&out_, "\n",
              Paint(options_.verbose ? "Parameters:" : "Parameter overrides:", kBold), "\n");
    for (const auto& l : lines) StrAppend(&out_, "  ", l, "\n");
  }

  // The rows of one check, grouped by (account, region), groups in sorted
  // order, rows in report order, at most max_rows_per_check rows in all.
  void Grouped(const std::vector<ReportRow>& rows, std::string_view indent) {
    // By (account, region), in that order; the rows outlive the groups.
    using Key = std::pair<std::string_view, std::string_view>;
    absl::flat_hash_map<Key, size_t> index;
    std::vector<std::pair<Key, std::vector<const ReportRow*>>> groups;
    for (const ReportRow& r : rows) {
      auto [it, added] = index.try_emplace(Key(r.account_id, r.region), groups.size());
      if (added) groups.emplace_back(it->first, std::vector<const ReportRow*>());
      groups[it->second].second.push_back(&r);
    }
    std::sort(groups.begin(), groups.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    size_t limit = options_.max_rows_per_check <= 0
                       ? rows.size()
                       : static_cast<size_t>(options_.max_rows_per_check);
    size_t shown = 0;
    for (const auto& [key, members] : groups) {
      if (shown >= limit) break;
      std::string label = StrCat(
          "account ",
          key.first.empty() ? std::string("(none)") : Safe(key.first),
          ", region ",
          key.second.empty() ? std::string("(none)") : Safe(key.second), " (",
          members.size(), members.size() == 1 ? " asset)" : " assets)");
      StrAppend(&out_, indent, Paint(label, kCyan), "\n");
      for (const ReportRow* r : members) {
        if (shown >= limit) break;
        StrAppend(&out_, indent, "  ", RowText(*r), "\n");
        RowDetails(*r, StrCat(indent, "    "));
        ++shown;
      }
    }
    if (shown < rows.size()) {
      StrAppend(&out_, indent,
                Paint(StrCat("... and ", rows.size() - shown, " more (",
                             rows.size(), " in all; see the JSON report)"),
                      kDim),
                "\n");
    }
  }

  void Failures() {
    for (const ControlReport& c : report_.controls) {
      if (c.status != Outcome::kFail && c.status != Outcome::kError) continue;
      std::string head = StrCat(StatusWord(c.status), "  ", Safe(c.id));
      if (!c.severity.empty()) StrAppend(&head, "  [", Safe(c.severity), "]");
      StrAppend(&out_, "\n", Paint(head, StatusColor(c.status)));
      if (!c.title.empty()) StrAppend(&out_, "  ", Paint(Safe(c.title), kBold));
      out_.push_back('\n');
      for (const CheckReport& check : c.checks) {
        if (check.status != Outcome::kFail && check.status != Outcome::kError) {
          if (check.passed_listed) {  // vigil run --list-passed
            StrAppend(&out_, "  Check: ", Safe(check.name.empty() ? "(unnamed)" : check.name),
                      " - ", OutcomeName(check.status), ", ", check.passed.size(),
                      " asset", check.passed.size() == 1 ? "" : "s", " passed\n");
          }
          continue;
        }
        StrAppend(&out_, "  Check: ",
                  Safe(check.name.empty() ? "(unnamed)" : check.name), " - ",
                  Paint(OutcomeName(check.status), StatusColor(check.status)),
                  "\n");
        if (!check.description.empty()) Block(check.description, "    ");
        if (!check.expect.empty())
          StrAppend(&out_, "    expected: ", Safe(check.expect), "\n");
        if (!check.message.empty()) Block(check.message, "    ");
        if (!check.offending.empty()) {
          StrAppend(&out_, "    ", check.offending.size(), " offending asset",
                    check.offending.size() == 1 ? "" : "s", ":\n");
          Grouped(check.offending, "      ");
        }
        if (check.passed_listed) {
          StrAppend(&out_, "    ", check.passed.size(), " asset",
                    check.passed.size() == 1 ? "" : "s", " passed\n");
        }
        if (!check.unconfirmed.empty()) {
          StrAppend(&out_, "    ", check.unconfirmed.size(), " unconfirmed asset",
                    check.unconfirmed.size() == 1 ? "" : "s",
                    " (found, but the data was not all collected):\n");
          Grouped(check.unconfirmed, "      ");
        }
      }
      if (!c.remediation.empty()) {
        StrAppend(&out_, "  ", Paint("Remediation:", kBold), "\n");
        Block(c.remediation, "    ");
      }
      if (!c.service_wide_remediation.empty()) {
        StrAppend(&out_, "  ", Paint("Service-wide remediation:", kBold), "\n");
        Block(c.service_wide_remediation, "    ");
      }
      if (!c.operational_rollout.empty()) {
        StrAppend(&out_, "  ", Paint("Rolling it out:", kBold), "\n");
        for (size_t i = 0; i < c.operational_rollout.size(); ++i)
          Block(StrCat(i + 1, ". ", c.operational_rollout[i]), "    ");
      }
    }
  }

  void Waived() {
    std::vector<std::string> lines;
    for (const ControlReport& c : report_.controls) {
      if (std::none_of(c.checks.begin(), c.checks.end(),
                       [](const CheckReport& k) { return !k.waived.empty(); })) {
        continue;  // no waived row
      }
      for (const ControlAsset& a : CollectControlAssets(c)) {
        if (!a.waived) continue;
        const ReportRow& r = *a.row;
        std::string line = StrCat(Safe(c.id), "  ", RowText(r));
        if (!r.account_id.empty() || !r.region.empty()) {
          StrAppend(&line, "  (",
                    Safe(r.account_id.empty() ? "-" : r.account_id), "/",
                    Safe(r.region.empty() ? "-" : r.region), ")");
        }
        if (const ExceptionReport* e = ExceptionOf(report_, r)) {
          StrAppend(&line, "  owner ",
                    Safe(e->owner.empty() ? "(none)" : e->owner));
          if (!e->expires.empty())
            StrAppend(&line, ", expires ", Safe(e->expires));
          if (!e->ticket.empty()) StrAppend(&line, ", ticket ", Safe(e->ticket));
          if (!e->reason.empty()) StrAppend(&line, ": ", Safe(e->reason));
        }
        lines.push_back(std::move(line));
      }
    }
    if (lines.empty()) return;
    StrAppend(&out_, "\n",
              Paint(StrCat("Waived rows (", lines.size(), "):"), kYellow),
              "\n");
    for (const auto& l : lines) StrAppend(&out_, "  ", l, "\n");
  }

  void Exceptions() {
    std::vector<std::string> lines;
    for (const ExceptionReport& e : report_.exceptions) {
      if (e.state == "active" && !e.expiring_soon) continue;
      std::vector<std::string> assets;
      for (const auto& a : e.assets) assets.push_back(Safe(a));
      std::string line =
          StrCat(Safe(e.state.empty() ? "unknown" : e.state),
                 e.expiring_soon ? ", expiring soon" : "", "  ",
                 Safe(e.control), "  [", StrJoin(assets, ", "), "]  owner ",
                 Safe(e.owner.empty() ? "(none)" : e.owner));
      if (!e.expires.empty()) {
        StrAppend(&line, e.state == "expired" ? ", expired " : ", expires ",
                  Safe(e.expires));
      }
      if (!e.ticket.empty()) StrAppend(&line, ", ticket ", Safe(e.ticket));
      if (!e.reason.empty()) StrAppend(&line, ": ", Safe(e.reason));
      if (!e.source.empty()) StrAppend(&line, "  (", Safe(e.source), ")");
      lines.push_back(std::move(line));
    }
    if (lines.empty()) return;
    StrAppend(
        &out_, "\n",
        Paint(StrCat("Exceptions needing attention (", lines.size(), "):"),
              kYellow),
        "\n");
    for (const auto& l : lines) StrAppend(&out_, "  ", l, "\n");
  }

  void Closing() {
    const ReportSummary& s = report_.summary;
    Outcome overall = s.errors > 0   ? Outcome::kError
                      : s.failed > 0 ? Outcome::kFail
                      : s.waived > 0 ? Outcome::kWaived
                                     : Outcome::kPass;
    std::string line = StrCat(
        s.controls, s.controls == 1 ? " control: " : " controls: ", s.passed,
        " passed, ", s.failed, " failed, ", s.waived, " waived, ", s.errors,
        s.errors == 1 ? " error; " : " errors; ", s.checks,
        s.checks == 1 ? " check; " : " checks; ", s.assets_evaluated,
        " assets evaluated, ", s.offending_assets, " offending (load ",
        FormatDuration(report_.load_ms), ", compile ", FormatDuration(report_.compile_ms),
        ", evaluate ", FormatDuration(report_.evaluate_ms), ")");
    StrAppend(
        &out_, "\n",
        Paint(StrCat("Result: ", StatusWord(overall)), StatusColor(overall)),
        " - ", line, "\n");
  }

  const Report& report_;
  const TextOptions& options_;
  std::string out_;
};

}  // namespace

std::string RenderText(const Report& report, const TextOptions& options) {
  return Writer(report, options).Render();
}

}  // namespace vigil::report_internal

// The HTML report: one self-contained page (stylesheet, script and charts
// inline, nothing fetched) for people. Without JavaScript it shows the
// verdict, what was evaluated, the charts (inline SVG), every control with
// its details (<details>/<summary>), the first rows of each control's
// assets, the exceptions and the checks in error. With JavaScript
// (html/page.js) the controls can be sorted and filtered, and each
// control's full asset list is rendered on demand, page by page, from the
// JSON data block at the end of the page.
//
// Layout of the data block (read by html/page.js):
//   {"strings": [...],            // shared table: types, accounts, regions
//    "exceptions": [[state, owner, expires, reason], ...],  // by index
//    "items": [{                  // one per control, in page order
//      "facets": {"status": "fail", "severity": "high",
//                 "account": [...], "region": [...]},
//      "sort": {"status": 0, "severity": -4, "control": "...",
//               "cis": "0003.0007", "offending": 3, "waived": 1},
//      "text": "lowercase id and title",
//      "groups": ["account", "region"],   // row fields the rows group by
//      "rows": [[id, name, type, account, region, exception, why], ...]}]}
// `type`, `account` and `region` are indices into "strings"; `exception`
// is -1 for an offending row, else the index into "exceptions" (-2: waived
// by an exception the report does not list); `why` is, for an offending
// row, its check's reason and its selected fields (RowWhy), else "".
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/base/strings.h"
#include "src/report/html_page.h"
#include "src/report/report_internal.h"

namespace vigil::report_internal {
namespace {

using html::AppendAttr;
using html::AppendScriptJsonString;
using html::AppendText;
using html::Attr;
using html::Text;
using html::FacetSeverity;
using html::Figure;
using html::Plural;
using html::SeverityClass;
using html::SortableId;

// Why an offending row is listed: the check's reason for it (first line)
// and its selected fields, `field: value; ...` (report_internal::
// RowFieldTexts). Plain text; escaped where written.
std::string RowWhy(const ReportRow& row) {
  std::string fields = StrJoin(RowFieldTexts(row.row), "; ");
  if (row.reason.empty()) return fields;
  if (fields.empty()) return row.reason;
  return StrCat(row.reason, "\n", fields);
}

// Rows of each kind (offending, waived) per control written as HTML for
// readers without JavaScript; the script renders all of them on demand.
constexpr size_t kStaticRows = 50;
// Bars of the account and region charts; the rest are summed in one bar.
constexpr size_t kTopBars = 10;

const Outcome kStatusOrder[] = {Outcome::kFail, Outcome::kError,
                                Outcome::kWaived, Outcome::kPass};
const char* const kSeverities[] = {"critical", "high", "medium", "low",
                                   "informational"};

int StatusRank(Outcome o) {
  for (int i = 0; i < 4; ++i) {
    if (kStatusOrder[i] == o) return i;
  }
  return 4;
}

std::string StatusClass(Outcome o) { return StrCat("st-", OutcomeName(o)); }

std::string StatusWord(Outcome o) { return OutcomeWord(o); }

std::vector<int> VersionParts(std::string_view v) {
  std::vector<int> parts;
  int cur = 0;
  bool any = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      cur = std::min(cur * 10 + (c - '0'), 1000000);
      any = true;
    } else if (c == '.') {
      parts.push_back(cur);
      cur = 0;
    } else {
      break;
    }
  }
  if (any) parts.push_back(cur);
  return parts;
}

// The first number of a CIS id ("3.7" -> 3), or -1.
int SectionOf(std::string_view id) {
  int n = 0;
  size_t i = 0;
  while (i < id.size() && id[i] >= '0' && id[i] <= '9' && n < 100000) {
    n = n * 10 + (id[i] - '0');
    ++i;
  }
  return i == 0 ? -1 : n;
}

bool IsCis(const FrameworkRef& f) { return f.name.starts_with("CIS "); }

// Section titles of the CIS AWS Foundations Benchmark versions whose
// layout is known; other benchmarks and versions show section numbers.
std::map<int, std::string> KnownSections(const std::string& name,
                                         const std::string& version) {
  if (name != "CIS Amazon Web Services Foundations Benchmark") return {};
  if (version == "1.2.0") {
    return {{1, "Identity and Access Management"},
            {2, "Logging"},
            {3, "Monitoring"},
            {4, "Networking"}};
  }
  for (const char* v : {"1.3.0", "1.4.0", "1.5.0", "2.0.0", "3.0.0", "4.0.0",
                        "4.0.1", "5.0.0"}) {
    if (version == v) {
      return {{1, "Identity and Access Management"},
              {2, "Storage"},
              {3, "Logging"},
              {4, "Monitoring"},
              {5, "Networking"}};
    }
  }
  return {};
}

// The CIS benchmark version the sections chart uses: the one that the most
// controls reference; on a tie, one whose section titles are known, then
// the highest version.
struct CisChoice {
  std::string name, version;
  std::map<int, std::string> titles;
  bool ok() const { return !name.empty(); }
};

CisChoice ChooseCis(const Report& report) {
  std::map<std::pair<std::string, std::string>, int> counts;
  for (const ControlReport& c : report.controls) {
    std::set<std::pair<std::string, std::string>> seen;
    for (const FrameworkRef& f : c.frameworks) {
      if (IsCis(f) && seen.insert({f.name, f.version}).second) {
        ++counts[{f.name, f.version}];
      }
    }
  }
  CisChoice best;
  int best_count = 0;
  bool best_known = false;
  for (const auto& [key, count] : counts) {
    bool known = !KnownSections(key.first, key.second).empty();
    bool better = count > best_count ||
                  (count == best_count && known && !best_known) ||
                  (count == best_count && known == best_known &&
                   VersionParts(key.second) > VersionParts(best.version));
    if (better) {
      best.name = key.first;
      best.version = key.second;
      best_count = count;
      best_known = known;
    }
  }
  if (best.ok()) best.titles = KnownSections(best.name, best.version);
  return best;
}

// What the page shows of one control, worked out once.
struct ControlView {
  const ControlReport* c = nullptr;
  std::vector<ControlAsset> assets;  // merged over the checks
  int64_t offending = 0, waived = 0;
  std::string cis_id;                // in the chosen CIS version, or ""
  std::set<std::string> accounts, regions;
  std::string anchor;                // "c-3": its element id
};

class HtmlWriter {
 public:
  explicit HtmlWriter(const Report& report) : report_(report) {}

  std::string Render() {
    Prepare();
    html::Page page;
    Header(&page.header);
    Summary(&page.main);
    Controls(&page.main);
    Exceptions(&page.main);
    Errors(&page.main);
    Footer(&page.footer);
    page.title = StrCat(StatusWord(Overall()), " \xC2\xB7 ",
                        report_.pack_name.empty() ? "vigil report"
                                                  : report_.pack_name,
                        " \xC2\xB7 vigil compliance report");
    page.generator = StrCat("vigil ", report_.tool_version);
    page.data_json = Data();
    return html::RenderPage(page);
  }

 private:
  Outcome Overall() const {
    const ReportSummary& s = report_.summary;
    return s.errors > 0   ? Outcome::kError
           : s.failed > 0 ? Outcome::kFail
           : s.waived > 0 ? Outcome::kWaived
                          : Outcome::kPass;
  }

  void Prepare() {
    cis_ = ChooseCis(report_);
    views_.reserve(report_.controls.size());
    for (const ControlReport& c : report_.controls) {
      ControlView v;
      v.c = &c;
      v.assets = CollectControlAssets(c);
      for (const ControlAsset& a : v.assets) {
        (a.waived ? v.waived : v.offending)++;
        v.accounts.insert(a.row->account_id);
        v.regions.insert(a.row->region);
      }
      if (cis_.ok()) {
        for (const FrameworkRef& f : c.frameworks) {
          if (f.name == cis_.name && f.version == cis_.version) {
            v.cis_id = f.id;
            break;
          }
        }
      }
      views_.push_back(std::move(v));
    }
    // Failures first, then errors, waived and passed controls; within a
    // status, the most severe first; then the pack's order.
    std::stable_sort(views_.begin(), views_.end(),
                     [](const ControlView& a, const ControlView& b) {
                       int sa = StatusRank(a.c->status);
                       int sb = StatusRank(b.c->status);
                       if (sa != sb) return sa < sb;
                       return SeverityId(a.c->severity) >
                              SeverityId(b.c->severity);
                     });
    for (size_t i = 0; i < views_.size(); ++i) {
      views_[i].anchor = StrCat("c-", i);
      anchors_.emplace(views_[i].c->id, views_[i].anchor);  // first wins
    }
  }

  // ---- header --------------------------------------------------------------

  void Header(std::string* out) const {
    const ReportSummary& s = report_.summary;
    Outcome overall = Overall();
    std::string heading = !report_.pack_title.empty() ? report_.pack_title
                          : !report_.pack_name.empty() ? report_.pack_name
                                                       : "Compliance report";
    StrAppend(out, "<header class=\"banner ", StatusClass(overall),
              "\">\n<p class=\"kicker\">vigil compliance report</p>\n<h1>",
              Text(heading), "</h1>\n<p class=\"verdict\"><span class=\"badge big ",
              StatusClass(overall), "\" id=\"verdict\">", StatusWord(overall),
              "</span> <span class=\"verdict-text\">");
    std::vector<std::string> parts;
    if (s.failed > 0) parts.push_back(StrCat(s.failed, " failed"));
    if (s.errors > 0) parts.push_back(StrCat(s.errors, " in error"));
    if (s.waived > 0) parts.push_back(StrCat(s.waived, " waived"));
    parts.push_back(StrCat(s.passed, " passed"));
    StrAppend(out, Text(Plural(s.controls, "control", "controls")), ": ",
              Text(StrJoin(parts, ", ")), ".");
    std::set<std::string> accounts, regions;
    for (const ControlView& v : views_) {
      for (const ControlAsset& a : v.assets) {
        if (a.waived) continue;
        accounts.insert(a.row->account_id);
        regions.insert(a.row->region);
      }
    }
    if (s.offending_assets > 0) {
      StrAppend(out, " ",
                Text(Plural(s.offending_assets, "offending asset",
                            "offending assets")),
                " in ", Text(Plural(static_cast<int64_t>(accounts.size()),
                                    "account", "accounts")),
                ".");
    }
    out->append("</span></p>\n<dl class=\"facts\">\n");
    auto fact = [&](std::string_view term, const std::string& html) {
      StrAppend(out, "<div><dt>", term, "</dt><dd>", html, "</dd></div>\n");
    };
    std::string pack = Text(report_.pack_name.empty() ? "(unnamed pack)"
                                                      : report_.pack_name);
    if (!report_.pack_version.empty())
      StrAppend(&pack, " ", Text(report_.pack_version));
    if (!report_.pack_path.empty())
      StrAppend(&pack, " <span class=\"muted\">(", Text(report_.pack_path),
                ")</span>");
    fact("Pack", pack);
    fact("Graph", Text(report_.graph_path.empty() ? "(in memory)"
                                                  : report_.graph_path));
    fact("Evaluated",
         Text(StrCat(Plural(s.assets_evaluated, "asset", "assets"), ", ",
                     Plural(s.controls, "control", "controls"), ", ",
                     Plural(s.checks, "check", "checks"))));
    if (report_.collections.recorded) {
      const CollectionSummary& cs = report_.collections;
      std::string collected = Text(StrCat(cs.collected, " calls collected, ", cs.failed,
                                          " failed, ", cs.missing, " missing"));
      for (const std::string& e : cs.excluded) {
        StrAppend(&collected, "<br><span class=\"muted\">out of scope: ", Text(e), "</span>");
      }
      fact("Collected", collected);
    }
    fact("Generated",
         report_.generated_at.empty()
             ? std::string("(unknown)")
             : StrCat("<time datetime=\"", Attr(report_.generated_at), "\">",
                      Text(report_.generated_at), "</time>"));
    fact("Time", Text(StrCat("load ", FormatDuration(report_.load_ms), ", compile ",
                             FormatDuration(report_.compile_ms), ", evaluate ",
                             FormatDuration(report_.evaluate_ms))));
    fact("vigil", Text(report_.tool_version.empty() ? "(unknown)"
                                                     : report_.tool_version));
    out->append("</dl>\n</header>\n");

    int64_t attention = 0;
    for (const ExceptionReport& e : report_.exceptions) {
      if (e.state != "active") ++attention;
    }
    int64_t in_error = 0;
    for (const ControlView& v : views_) {
      if (v.c->status == Outcome::kError) ++in_error;
    }
    StrAppend(out,
              "<nav class=\"toc\" aria-label=\"Sections\"><a href=\"#summary\">"
              "Summary</a><a href=\"#controls\">Controls (",
              views_.size(), ")</a><a href=\"#exceptions\">Exceptions (",
              report_.exceptions.size(), attention > 0 ? StrCat(", ", attention, " need attention") : "",
              ")</a><a href=\"#errors\">Errors (", in_error, ")</a></nav>\n");
  }

  // ---- summary and charts --------------------------------------------------

  void Summary(std::string* out) const {
    const ReportSummary& s = report_.summary;
    out->append("<section id=\"summary\" class=\"block\">\n<h2>Summary</h2>\n"
                "<div class=\"cards\">\n");
    auto card = [&](std::string_view cls, std::string_view key, int64_t n,
                    std::string_view label) {
      StrAppend(out, "<div class=\"card ", cls, "\" data-count=\"", key,
                "\"><span class=\"card-n\">", n,
                "</span><span class=\"card-l\">", label, "</span></div>\n");
    };
    card("st-fail", "failed", s.failed, "failed");
    card("st-error", "errors", s.errors, "in error");
    card("st-waived", "waived", s.waived, "waived");
    card("st-pass", "passed", s.passed, "passed");
    card("neutral", "offending", s.offending_assets, "offending assets");
    card("neutral", "assets", s.assets_evaluated, "assets evaluated");
    out->append("</div>\n<div class=\"charts\">\n");

    // Controls by status.
    std::vector<html::Segment> status_segments;
    for (Outcome o : kStatusOrder) {
      int64_t n = 0;
      for (const ControlView& v : views_) n += v.c->status == o ? 1 : 0;
      status_segments.push_back({OutcomeName(o), n, StatusClass(o)});
    }
    Figure(out, "chart-status", "Controls by status",
           html::DonutChart("Controls by status", StrCat(views_.size()),
                            views_.size() == 1 ? "control" : "controls",
                            status_segments));

    // Controls by severity, stacked by status.
    std::vector<html::Segment> status_legend;
    for (Outcome o : kStatusOrder)
      status_legend.push_back({OutcomeName(o), 0, StatusClass(o)});
    std::vector<std::string> severities(std::begin(kSeverities),
                                        std::end(kSeverities));
    for (const ControlView& v : views_) {
      std::string sev = AsciiLower(v.c->severity);
      if (sev == "info") sev = "informational";
      if (std::find(severities.begin(), severities.end(), sev) ==
          severities.end()) {
        severities.push_back(sev);
      }
    }
    std::vector<html::Bar> sev_bars;
    for (const std::string& sev : severities) {
      html::Bar bar;
      bar.label = sev.empty() ? "(no severity)" : sev;
      int64_t total = 0;
      for (Outcome o : kStatusOrder) {
        int64_t n = 0;
        for (const ControlView& v : views_) {
          std::string vs = AsciiLower(v.c->severity);
          if (vs == "info") vs = "informational";
          if (vs == sev && v.c->status == o) ++n;
        }
        total += n;
        bar.segments.push_back({OutcomeName(o), n, StatusClass(o)});
      }
      if (total > 0) sev_bars.push_back(std::move(bar));
    }
    Figure(out, "chart-severity", "Controls by severity and status",
           html::BarChart("Controls by severity and status", sev_bars,
                          status_legend, "No controls."));

    // Offending (and waived) assets by account and by region, each asset
    // counted once over all controls: offending anywhere wins over waived.
    struct Asset {
      std::string account, region;
      bool offending = false;
    };
    std::map<std::string, Asset> by_id;
    std::vector<Asset> without_id;
    for (const ControlView& v : views_) {
      for (const ControlAsset& a : v.assets) {
        Asset x{a.row->account_id, a.row->region, !a.waived};
        if (a.row->id.empty()) {
          without_id.push_back(std::move(x));
          continue;
        }
        auto [it, inserted] = by_id.emplace(a.row->id, x);
        if (!inserted && !a.waived) it->second.offending = true;
      }
    }
    std::vector<const Asset*> all;
    for (const auto& [id, a] : by_id) all.push_back(&a);
    for (const Asset& a : without_id) all.push_back(&a);
    std::vector<html::Segment> asset_legend = {
        {"offending", 0, "st-fail"}, {"waived", 0, "st-waived"}};
    auto asset_bars = [&](bool by_account) {
      std::map<std::string, std::pair<int64_t, int64_t>> counts;
      for (const Asset* a : all) {
        auto& c = counts[by_account ? a->account : a->region];
        (a->offending ? c.first : c.second)++;
      }
      std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> rows(
          counts.begin(), counts.end());
      std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
        if (x.second.first != y.second.first)
          return x.second.first > y.second.first;
        return x.second.second > y.second.second;
      });
      std::vector<html::Bar> bars;
      int64_t other_off = 0, other_waived = 0;
      size_t others = 0;
      for (size_t i = 0; i < rows.size(); ++i) {
        if (i >= kTopBars && rows.size() > kTopBars + 1) {
          other_off += rows[i].second.first;
          other_waived += rows[i].second.second;
          ++others;
          continue;
        }
        html::Bar bar;
        bar.label = rows[i].first.empty()
                        ? (by_account ? "(no account)" : "(no region)")
                        : rows[i].first;
        bar.segments = {{"offending", rows[i].second.first, "st-fail"},
                        {"waived", rows[i].second.second, "st-waived"}};
        bars.push_back(std::move(bar));
      }
      if (others > 0) {
        html::Bar bar;
        bar.label = StrCat(others, by_account ? " other accounts"
                                              : " other regions");
        bar.segments = {{"offending", other_off, "st-fail"},
                        {"waived", other_waived, "st-waived"}};
        bars.push_back(std::move(bar));
      }
      return bars;
    };
    Figure(out, "chart-accounts", "Offending assets by account",
           html::BarChart("Offending assets by account", asset_bars(true),
                          asset_legend, "No offending or waived assets."));
    Figure(out, "chart-regions", "Offending assets by region",
           html::BarChart("Offending assets by region", asset_bars(false),
                          asset_legend, "No offending or waived assets."));

    // Controls per CIS section, stacked by status.
    if (cis_.ok()) {
      std::map<int, std::vector<const ControlView*>> sections;
      for (const ControlView& v : views_) {
        sections[v.cis_id.empty() ? -1 : SectionOf(v.cis_id)].push_back(&v);
      }
      std::vector<html::Bar> bars;
      auto add = [&](int section, const std::vector<const ControlView*>& vs) {
        html::Bar bar;
        if (section < 0) {
          bar.label = StrCat("not in CIS ", cis_.version);
        } else if (auto it = cis_.titles.find(section); it != cis_.titles.end()) {
          bar.label = StrCat(section, " ", it->second);
        } else {
          bar.label = StrCat("Section ", section);
        }
        for (Outcome o : kStatusOrder) {
          int64_t n = 0;
          for (const ControlView* v : vs) n += v->c->status == o ? 1 : 0;
          bar.segments.push_back({OutcomeName(o), n, StatusClass(o)});
        }
        bars.push_back(std::move(bar));
      };
      for (const auto& [section, vs] : sections) {
        if (section >= 0) add(section, vs);
      }
      if (auto it = sections.find(-1); it != sections.end()) add(-1, it->second);
      std::string caption =
          StrCat("Controls by CIS section (", cis_.name, " ", cis_.version, ")");
      Figure(out, "chart-cis", caption,
             html::BarChart(caption, bars, status_legend, "No CIS controls."));
    }
    out->append("</div>\n</section>\n");
  }

  // ---- controls ------------------------------------------------------------

  void Controls(std::string* out) const {
    StrAppend(out, "<section id=\"controls\" class=\"block\">\n<h2>Controls</h2>\n");
    // The filters work only with the script, which shows them.
    html::FilterBarStart(out, "control, title, asset id or name");
    std::vector<std::string> statuses, severities;
    std::set<std::string> accounts, regions;
    for (Outcome o : kStatusOrder) {
      for (const ControlView& v : views_) {
        if (v.c->status == o) {
          statuses.push_back(OutcomeName(o));
          break;
        }
      }
    }
    for (const char* sev : kSeverities) {
      for (const ControlView& v : views_) {
        if (SeverityClass(v.c->severity) == StrCat("sev-", sev)) {
          severities.push_back(sev);
          break;
        }
      }
    }
    for (const ControlView& v : views_) {
      std::string sev = FacetSeverity(v.c->severity);
      if (std::find(severities.begin(), severities.end(), sev) ==
          severities.end()) {
        severities.push_back(sev);
      }
      accounts.insert(v.accounts.begin(), v.accounts.end());
      regions.insert(v.regions.begin(), v.regions.end());
    }
    html::FilterSelect(out, "status", "Status", statuses);
    html::FilterSelect(out, "severity", "Severity", severities);
    html::FilterSelect(out, "account", "Account", {accounts.begin(), accounts.end()});
    html::FilterSelect(out, "region", "Region", {regions.begin(), regions.end()});
    html::FilterBarEnd(out);

    html::ItemsBegin(out,
                     "<span data-sort=\"status\">Status</span>"
                     "<span data-sort=\"severity\">Severity</span>"
                     "<span data-sort=\"control\">Control</span>"
                     "<span data-sort=\"cis\">CIS</span>"
                     "<span data-sort=\"offending\" data-sort-first=\"desc\" class=\"num\">"
                     "Offending</span>"
                     "<span data-sort=\"waived\" data-sort-first=\"desc\" class=\"num\">"
                     "Waived</span>");
    for (size_t i = 0; i < views_.size(); ++i) Control(out, views_[i], i);
    html::ItemsEnd(out, views_.empty(), "The pack has no controls.");
  }

  void Control(std::string* out, const ControlView& v, size_t index) const {
    const ControlReport& c = *v.c;
    StrAppend(out, "<details class=\"item\" id=\"", v.anchor,
              "\" data-item=\"", index, "\"><summary>");
    StrAppend(out, "<span class=\"cell\"><span class=\"badge ",
              StatusClass(c.status), "\">", StatusWord(c.status),
              "</span></span>");
    StrAppend(out, "<span class=\"cell\"><span class=\"sev ",
              SeverityClass(c.severity), "\">",
              Text(c.severity.empty() ? "-" : c.severity), "</span></span>");
    StrAppend(out, "<span class=\"cell ctl\"><span class=\"ctl-id\">",
              Text(c.id), "</span> <span class=\"ctl-title\">", Text(c.title),
              "</span></span>");
    StrAppend(out, "<span class=\"cell cis\">",
              Text(v.cis_id.empty() ? "-" : v.cis_id), "</span>");
    StrAppend(out, "<span class=\"cell num\">",
              c.status == Outcome::kError && v.offending == 0
                  ? std::string("-")
                  : StrCat(v.offending),
              "</span><span class=\"cell num\">", v.waived, "</span>");
    out->append("</summary>\n<div class=\"item-body\">\n");

    // What it is.
    std::vector<std::string> meta;
    if (!c.provider.empty())
      meta.push_back(StrCat("Provider <b>", Text(c.provider), "</b>"));
    if (!c.covered_types.empty())
      meta.push_back(StrCat("Covers <b>", Text(StrJoin(c.covered_types, ", ")),
                            "</b>"));
    if (!c.connectors.empty())
      meta.push_back(StrCat("Connectors <b>", Text(StrJoin(c.connectors, ", ")),
                            "</b>"));
    meta.push_back(StrCat("Evaluated in <b>", Text(FormatDuration(c.time_ms)), "</b>"));
    StrAppend(out, "<p class=\"meta\">", StrJoin(meta, " \xC2\xB7 "), "</p>\n");
    Frameworks(out, c);
    Parameters(out, c);

    Prose(out, "Overview", c.overview);
    Prose(out, "Rationale", c.rationale);

    // Errors before rows: why the control could not be evaluated.
    for (const CheckReport& check : c.checks) {
      if (check.status != Outcome::kError) continue;
      StrAppend(out, "<div class=\"error-box\"><h4>Check in error: ",
                Text(check.name.empty() ? "(unnamed)" : check.name),
                "</h4><pre class=\"msg\">", Text(check.message), "</pre></div>\n");
    }

    Rows(out, v, false);
    Rows(out, v, true);

    Prose(out, "Remediation", c.remediation);
    Prose(out, "Service-wide remediation", c.service_wide_remediation);
    if (!c.operational_rollout.empty()) {
      out->append("<h4>Rolling it out</h4>\n<ol class=\"rollout\">");
      for (const std::string& step : c.operational_rollout) {
        StrAppend(out, "<li>", Text(step), "</li>");
      }
      out->append("</ol>\n");
    }
    Prose(out, "Impact", c.impact);
    Prose(out, "Notes", c.notes);
    Checks(out, c);
    if (!c.references.empty()) {
      out->append("<h4>References</h4>\n<ul class=\"refs\">");
      for (const std::string& r : c.references) {
        if (html::IsWebLink(r)) {
          // A link the reader may follow; the page itself fetches nothing.
          StrAppend(out, "<li><a href=\"", Attr(r),
                    "\" rel=\"noopener noreferrer\">", Text(r), "</a></li>");
        } else {
          StrAppend(out, "<li>", Text(r), "</li>");
        }
      }
      out->append("</ul>\n");
    }
    out->append("</div>\n</details>\n");
  }

  // The parameter values the control ran with; an overridden one is marked
  // (an override can turn a fail into a pass).
  static void Parameters(std::string* out, const ControlReport& c) {
    if (c.parameters.empty()) return;
    out->append("<h4>Parameters</h4>\n<ul class=\"params\">");
    for (const ParameterReport& p : c.parameters) {
      StrAppend(out, "<li", p.overridden() ? " class=\"overridden\"" : "", "><code>",
                Text(p.name), "</code> = <code>", Text(p.value.ToJson()),
                "</code> <span class=\"muted\">(", Text(ParameterSourceText(p)));
      if (p.overridden()) {
        StrAppend(out, p.has_default ? StrCat("; default <code>",
                                              Text(p.default_value.ToJson()), "</code>")
                                     : std::string("; no default"));
      }
      out->append(")</span></li>");
    }
    out->append("</ul>\n");
  }

  static void Prose(std::string* out, std::string_view heading,
                    const std::string& text) {
    if (text.empty()) return;
    StrAppend(out, "<h4>", heading, "</h4>\n<p class=\"prose\">", Text(text),
              "</p>\n");
  }

  // "CIS Amazon Web Services Foundations Benchmark: 3.7 (3.0.0, 5.0.0);
  // 3.9 (1.3.0)", one line per framework name.
  static void Frameworks(std::string* out, const ControlReport& c) {
    if (c.frameworks.empty()) return;
    std::vector<std::string> names;
    std::map<std::string, std::vector<std::pair<std::string, std::vector<std::string>>>> ids;
    for (const FrameworkRef& f : c.frameworks) {
      auto& list = ids[f.name];
      if (list.empty()) names.push_back(f.name);
      auto it = std::find_if(list.begin(), list.end(),
                             [&](const auto& p) { return p.first == f.id; });
      if (it == list.end()) {
        list.push_back({f.id, {}});
        it = list.end() - 1;
      }
      if (!f.version.empty()) {
        std::string v = f.version;
        if (!f.assessment.empty() || !f.profile.empty()) {
          StrAppend(&v, ": ", f.assessment,
                    f.assessment.empty() || f.profile.empty() ? "" : ", ", f.profile);
        }
        it->second.push_back(std::move(v));
      }
    }
    out->append("<ul class=\"frameworks\">");
    for (const std::string& name : names) {
      std::vector<std::string> parts;
      for (const auto& [id, versions] : ids[name]) {
        std::string p = StrCat("<b>", Text(id), "</b>");
        if (!versions.empty())
          StrAppend(&p, " <span class=\"muted\">(", Text(StrJoin(versions, ", ")),
                    ")</span>");
        parts.push_back(std::move(p));
      }
      StrAppend(out, "<li>", Text(name.empty() ? "(unnamed framework)" : name),
                ": ", StrJoin(parts, "; "), "</li>");
    }
    out->append("</ul>\n");
  }

  static void Checks(std::string* out, const ControlReport& c) {
    if (c.checks.empty()) return;
    out->append(
        "<h4>Checks</h4>\n<table class=\"checks\"><thead><tr><th>Check</th>"
        "<th>Expectation</th><th>Status</th><th>Offending</th><th>Waived</th>"
        "<th>Time</th></tr></thead><tbody>");
    for (const CheckReport& check : c.checks) {
      StrAppend(out, "<tr><td>", Text(check.name.empty() ? "(unnamed)" : check.name));
      if (!check.description.empty()) {
        StrAppend(out, "<div class=\"check-desc\">", Text(check.description), "</div>");
      }
      if (!check.message.empty() && check.status != Outcome::kError) {
        StrAppend(out, "<div class=\"muted msg-inline\">", Text(check.message),
                  "</div>");
      }
      if (!check.query.empty()) {
        StrAppend(out, "<details class=\"query\"><summary>Query</summary><pre>",
                  Text(check.query), "</pre></details>");
      }
      StrAppend(out, "</td><td><code>", Text(check.expect),
                "</code></td><td><span class=\"badge ",
                StatusClass(check.status), "\">", StatusWord(check.status),
                "</span></td><td class=\"num\">", check.offending.size(),
                "</td><td class=\"num\">", check.waived.size(),
                "</td><td class=\"num\">", Text(FormatDuration(check.time_ms)),
                "</td></tr>");
    }
    out->append("</tbody></table>\n");
  }

  // The control's offending (or waived) assets grouped by account and
  // region, at most kStaticRows of them; page.js replaces this block with
  // the full list when the control is opened.
  void Rows(std::string* out, const ControlView& v, bool waived) const {
    int64_t total = waived ? v.waived : v.offending;
    if (total == 0) return;
    std::map<std::pair<std::string, std::string>, std::vector<const ReportRow*>>
        groups;
    for (const ControlAsset& a : v.assets) {
      if (a.waived != waived) continue;
      groups[{a.row->account_id, a.row->region}].push_back(a.row);
    }
    StrAppend(out, "<h4>", waived ? "Waived assets" : "Offending assets", " (",
              total, ")</h4>\n<div class=\"rows\" data-kind=\"",
              waived ? "waived" : "offending", "\">\n<p class=\"rows-note\">",
              Text(Plural(total, "asset", "assets")), " in ",
              Text(Plural(static_cast<int64_t>(groups.size()),
                          "account/region group", "account/region groups")),
              ".</p>\n");
    size_t shown = 0;
    for (const auto& [key, rows] : groups) {
      if (shown >= kStaticRows) break;
      GroupOpen(out, key.first, key.second, rows.size(), waived);
      for (const ReportRow* r : rows) {
        if (shown >= kStaticRows) break;
        StrAppend(out, "<tr><td class=\"aid\">", Text(r->id.empty() ? "(no id)" : r->id),
                  "</td><td>", Text(r->name), "</td><td>", Text(r->type), "</td>");
        if (waived) {
          const ExceptionReport* e = ExceptionOf(report_, *r);
          if (e != nullptr) {
            StrAppend(out, "<td>", Text(e->owner), "</td><td>",
                      Text(e->expires), "</td><td>", Text(e->reason), "</td>");
          } else {
            out->append("<td></td><td></td><td></td>");
          }
        } else {
          StrAppend(out, "<td class=\"why\">", Text(RowWhy(*r)), "</td>");
        }
        out->append("</tr>\n");
        ++shown;
      }
      out->append("</tbody></table></details>\n");
    }
    if (shown < static_cast<size_t>(total)) {
      StrAppend(out, "<p class=\"rows-more\">",
                Text(StrCat(static_cast<size_t>(total) - shown,
                            " more not listed here; the page lists them all "
                            "when JavaScript is on (or see the JSON report).")),
                "</p>\n");
    }
    out->append("</div>\n");
  }

  static void GroupOpen(std::string* out, const std::string& account,
                        const std::string& region, size_t count, bool waived) {
    StrAppend(out, "<details class=\"grp\" open><summary>Account <b>",
              Text(account.empty() ? "(none)" : account), "</b>, region <b>",
              Text(region.empty() ? "(none)" : region),
              "</b> <span class=\"muted\">(",
              Text(Plural(static_cast<int64_t>(count), "asset", "assets")),
              ")</span></summary><table class=\"rows-t",
              waived ? " waived" : "",
              "\"><thead><tr><th>Asset id</th><th>Name</th><th>Type</th>");
    out->append(waived ? "<th>Owner</th><th>Expires</th><th>Reason</th>" : "<th>Why</th>");
    out->append("</tr></thead><tbody>\n");
  }

  // ---- exceptions and errors -----------------------------------------------

  void Exceptions(std::string* out) const {
    StrAppend(out, "<section id=\"exceptions\" class=\"block\">\n<h2>Exceptions</h2>\n");
    if (report_.exceptions.empty()) {
      out->append("<p class=\"empty\">No exceptions were given.</p>\n</section>\n");
      return;
    }
    std::map<std::string, int> states;
    for (const ExceptionReport& e : report_.exceptions) ++states[e.state];
    std::vector<std::string> parts;
    for (const char* st : {"expired", "stale", "active"}) {
      if (auto it = states.find(st); it != states.end())
        parts.push_back(StrCat(it->second, " ", st));
    }
    for (const auto& [st, n] : states) {
      if (st != "expired" && st != "stale" && st != "active")
        parts.push_back(StrCat(n, " ", st.empty() ? "unknown" : st));
    }
    StrAppend(out, "<p>", Text(Plural(static_cast<int64_t>(report_.exceptions.size()),
                                      "exception", "exceptions")),
              ": ", Text(StrJoin(parts, ", ")),
              ". Expired exceptions waive nothing; stale ones matched no "
              "offending asset and can likely be removed.</p>\n");
    out->append(
        "<div class=\"scroll\"><table class=\"exc\"><thead><tr><th>State</th>"
        "<th>Control</th><th>Assets</th><th>Owner</th><th>Expires</th>"
        "<th>Reason</th><th>Waived</th><th>Declared in</th></tr></thead>"
        "<tbody>\n");
    // Those that need attention first, then the file's order.
    auto rank = [](const std::string& state) {
      return state == "expired" ? 0 : state == "stale" ? 1 : state == "active" ? 3 : 2;
    };
    std::vector<const ExceptionReport*> order;
    for (const ExceptionReport& e : report_.exceptions) order.push_back(&e);
    std::stable_sort(order.begin(), order.end(),
                     [&](const ExceptionReport* a, const ExceptionReport* b) {
                       return rank(a->state) < rank(b->state);
                     });
    for (const ExceptionReport* e : order) {
      std::string state_class = e->state == "expired" || e->state == "stale" ||
                                        e->state == "active"
                                    ? StrCat("ex-", e->state)
                                    : "ex-other";
      StrAppend(out, "<tr><td><span class=\"badge ", state_class, "\">",
                Text(e->state.empty() ? "unknown" : e->state), "</span></td><td>");
      if (auto it = anchors_.find(e->control); it != anchors_.end()) {
        StrAppend(out, "<a href=\"#", it->second, "\">", Text(e->control), "</a>");
      } else {
        AppendText(out, e->control);
      }
      out->append("</td><td>");
      for (size_t i = 0; i < e->assets.size(); ++i) {
        StrAppend(out, i == 0 ? "" : "<br>", "<code>", Text(e->assets[i]), "</code>");
      }
      StrAppend(out, "</td><td>", Text(e->owner), "</td><td>", Text(e->expires),
                "</td><td>", Text(e->reason), "</td><td class=\"num\">");
      if (e->waived_ids.empty()) {
        out->append("0");
      } else {
        StrAppend(out, "<details><summary>", e->waived_ids.size(),
                  "</summary><ul class=\"ids\">");
        for (const std::string& id : e->waived_ids) {
          StrAppend(out, "<li><code>", Text(id), "</code></li>");
        }
        out->append("</ul></details>");
      }
      StrAppend(out, "</td><td>", Text(e->source), "</td></tr>\n");
    }
    out->append("</tbody></table></div>\n</section>\n");
  }

  void Errors(std::string* out) const {
    StrAppend(out, "<section id=\"errors\" class=\"block\">\n<h2>Checks in error</h2>\n");
    std::string items;
    for (const ControlView& v : views_) {
      for (const CheckReport& check : v.c->checks) {
        if (check.status != Outcome::kError) continue;
        StrAppend(&items, "<li><a href=\"#", v.anchor, "\">", Text(v.c->id),
                  "</a> ", Text(v.c->title), " \xE2\x80\x94 check <b>",
                  Text(check.name.empty() ? "(unnamed)" : check.name),
                  "</b><pre class=\"msg\">",
                  Text(check.message.empty() ? "(no message)" : check.message),
                  "</pre>");
        if (!check.unconfirmed.empty()) {
          StrAppend(&items, "<details class=\"unconfirmed\"><summary>",
                    Text(Plural(static_cast<int64_t>(check.unconfirmed.size()),
                                "unconfirmed asset", "unconfirmed assets")),
                    " (found, but the data was not all collected)</summary><ul class=\"ids\">");
          for (const ReportRow& r : check.unconfirmed) {
            StrAppend(&items, "<li><code>", Text(r.id.empty() ? "(no id)" : r.id), "</code> ",
                      Text(r.type), " <span class=\"muted\">", Text(r.account_id), " ",
                      Text(r.region), "</span></li>");
          }
          items.append("</ul></details>");
        }
        items.append("</li>\n");
      }
    }
    if (items.empty()) {
      out->append("<p class=\"empty\">Every check could be evaluated.</p>\n");
    } else {
      StrAppend(out, "<p>These checks could not be evaluated, so their "
                     "controls say nothing about the assets (for example, "
                     "the data was not collected or the query does not fit "
                     "the schema).</p>\n<ul class=\"errors\">\n",
                items, "</ul>\n");
    }
    out->append("</section>\n");
  }

  void Footer(std::string* out) const {
    StrAppend(out, "<footer>Generated by vigil ", Text(report_.tool_version),
              report_.generated_at.empty() ? "" : " at ",
              Text(report_.generated_at),
              ". This page is self-contained and loads nothing from the "
              "network. The same results for machines: <code>vigil run "
              "--format json</code> (or sarif, junit, ocsf).</footer>\n");
  }

  // ---- the data block ------------------------------------------------------

  std::string Data() const {
    std::map<std::string, size_t> index;
    std::vector<const std::string*> strings;
    auto intern = [&](const std::string& s) {
      auto [it, inserted] = index.emplace(s, strings.size());
      if (inserted) strings.push_back(&it->first);
      return it->second;
    };
    std::string items;
    for (size_t i = 0; i < views_.size(); ++i) {
      const ControlView& v = views_[i];
      const ControlReport& c = *v.c;
      if (i > 0) items.push_back(',');
      items.append("\n{\"facets\":{\"status\":\"");
      items.append(OutcomeName(c.status));
      items.append("\",\"severity\":");
      AppendScriptJsonString(&items, FacetSeverity(c.severity));
      items.append(",\"account\":[");
      bool first = true;
      for (const std::string& a : v.accounts) {
        if (!first) items.push_back(',');
        first = false;
        AppendScriptJsonString(&items, a);
      }
      items.append("],\"region\":[");
      first = true;
      for (const std::string& r : v.regions) {
        if (!first) items.push_back(',');
        first = false;
        AppendScriptJsonString(&items, r);
      }
      StrAppend(&items, "]},\"sort\":{\"status\":", StatusRank(c.status),
                ",\"severity\":", -SeverityId(c.severity), ",\"control\":");
      AppendScriptJsonString(&items, SortableId(c.id));
      items.append(",\"cis\":");
      AppendScriptJsonString(&items, v.cis_id.empty() ? std::string("~")
                                                      : SortableId(v.cis_id));
      StrAppend(&items, ",\"offending\":", v.offending, ",\"waived\":", v.waived,
                "},\"text\":");
      AppendScriptJsonString(&items, AsciiLower(StrCat(c.id, "\n", c.title)));
      items.append(",\"groups\":[\"account\",\"region\"],\"rows\":[");
      for (size_t k = 0; k < v.assets.size(); ++k) {
        const ControlAsset& a = v.assets[k];
        const ReportRow& r = *a.row;
        if (k > 0) items.push_back(',');
        items.push_back('[');
        AppendScriptJsonString(&items, r.id);
        items.push_back(',');
        AppendScriptJsonString(&items, r.name);
        int64_t ex = -1;
        if (a.waived) {
          ex = ExceptionOf(report_, r) != nullptr ? r.exception_index : -2;
        }
        StrAppend(&items, ",", intern(r.type), ",", intern(r.account_id), ",",
                  intern(r.region), ",", ex, ",");
        AppendScriptJsonString(&items, a.waived ? std::string() : RowWhy(r));
        items.push_back(']');
      }
      items.append("]}");
    }
    std::string out = "{\"strings\":[";
    for (size_t i = 0; i < strings.size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendScriptJsonString(&out, *strings[i]);
    }
    out.append("],\n\"exceptions\":[");
    for (size_t i = 0; i < report_.exceptions.size(); ++i) {
      const ExceptionReport& e = report_.exceptions[i];
      if (i > 0) out.push_back(',');
      out.push_back('[');
      AppendScriptJsonString(&out, e.state);
      out.push_back(',');
      AppendScriptJsonString(&out, e.owner);
      out.push_back(',');
      AppendScriptJsonString(&out, e.expires);
      out.push_back(',');
      AppendScriptJsonString(&out, e.reason);
      out.push_back(']');
    }
    StrAppend(&out, "],\n\"items\":[", items, "\n]}");
    return out;
  }

  const Report& report_;
  CisChoice cis_;
  std::vector<ControlView> views_;
  std::map<std::string, std::string> anchors_;  // control id -> "c-3"
};

}  // namespace

std::string RenderHtml(const Report& report) {
  return HtmlWriter(report).Render();
}

}  // namespace vigil::report_internal

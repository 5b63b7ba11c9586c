// The framework of vigil's HTML pages (not part of the public API): escaping,
// the JSON data block, inline SVG charts, and the self-contained page shell
// with its Content-Security-Policy. The compliance report (html_writer.cc)
// is built on it, and so can other pages (e.g. test results): the page's
// script (html/page.js) works on any page laid out with the classes and data
// documented in html/page.js, not on report types.
//
// Safety rules that every page follows:
//  - every text from a pack, a graph or an exceptions file goes through
//    AppendText / AppendAttr (or the JSON data block); nothing is pasted raw;
//  - the page has no inline event handlers and no style attributes, so that
//    the CSP can forbid everything but the one stylesheet and the one script,
//    each allowed by its SHA-256 hash;
//  - the page loads nothing: no src=, no url(), no fonts, no images.
#ifndef VIGIL_SRC_REPORT_HTML_PAGE_H_
#define VIGIL_SRC_REPORT_HTML_PAGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::report_internal::html {

// Appends `raw` as HTML text (element content): valid UTF-8, with & < >
// escaped and control characters other than tab, LF and CR shown as
// visible escapes (\x1b, \u0085) rather than sent raw.
void AppendText(std::string* out, std::string_view raw);
std::string Text(std::string_view raw);

// Appends `raw` for use inside a double-quoted attribute value: as
// AppendText, and " ' also escaped.
void AppendAttr(std::string* out, std::string_view raw);
std::string Attr(std::string_view raw);

// True when `s` is an absolute http(s) URL that may become a link's href
// (no spaces or control characters). Anything else is shown as text.
bool IsWebLink(std::string_view s);

// Appends `raw` as a JSON string that is safe inside a <script> element:
// besides JSON's own escapes, < > & are written as \u003c \u003e \u0026, so
// that "</script>" or "<!--" in the data cannot end the element.
void AppendScriptJsonString(std::string* out, std::string_view raw);

// Numbers in SVG coordinates: at most two decimals, no trailing zeros, never
// locale-dependent.
std::string Num(double v);

// "1 control", "3 controls".
std::string Plural(int64_t n, std::string_view one, std::string_view many);

// "3.10" -> "0003.0010", so that ids with numbers sort as the numbers do
// (a data block's sort key).
std::string SortableId(std::string_view id);

// "sev-high" for the known severities (critical, high, medium, low,
// informational or info), "sev-other" for anything else, so that a class
// never carries text from a pack.
std::string SeverityClass(std::string_view severity);
// The value of a severity facet: the known name, else the severity in
// lower case.
std::string FacetSeverity(std::string_view severity);

// ---- charts (inline SVG, no script needed) --------------------------------

// One part of a chart: a count with a label and a CSS class that gives its
// colour (e.g. "st-fail"). Colours come from the stylesheet only.
struct Segment {
  std::string label;
  int64_t value = 0;
  std::string css_class;
};

// A donut of `segments` with `center` (e.g. "5") and `center_label` (e.g.
// "controls") in its middle, followed by a legend that lists every segment
// with its count and share, so that no reader depends on colour.
// `title` is the chart's accessible name.
std::string DonutChart(std::string_view title, std::string_view center,
                       std::string_view center_label,
                       const std::vector<Segment>& segments);

// One bar of a horizontal bar chart, made of stacked segments.
struct Bar {
  std::string label;        // shown left of the bar (shortened if long)
  std::string link;         // optional in-page target ("#c-3"), "" for none
  std::vector<Segment> segments;
};

// Horizontal stacked bars, one per row, each with its label and total, a
// <title> per segment, and a legend for `legend` (label + class only). Bars
// share one scale (the largest total). `empty_text` is shown when there
// are no rows.
std::string BarChart(std::string_view title, const std::vector<Bar>& bars,
                     const std::vector<Segment>& legend,
                     std::string_view empty_text);

// ---- the filter bar that html/page.js shows ---------------------------------

// Opens the (hidden) filter bar with its search box.
void FilterBarStart(std::string* out, std::string_view placeholder);
// A facet's <select> (data-facet=`facet`): "all", then each value ("" is
// shown as "(none)").
void FilterSelect(std::string* out, std::string_view facet, std::string_view label,
                  const std::vector<std::string>& values);
// The Reset, Expand all and Collapse all buttons; closes the bar; the
// (hidden) "showing n of m" line.
void FilterBarEnd(std::string* out);

// The filterable, sortable list of controls that follows the filter bar:
// ItemsBegin opens it with the header row `head_cells` (the <span
// data-sort=...> cells, already escaped); the caller appends the items
// (<details class="item">); ItemsEnd writes `empty_text` when there were
// none, the "no control matches the filters" note, and closes the section.
void ItemsBegin(std::string* out, std::string_view head_cells);
void ItemsEnd(std::string* out, bool no_items, std::string_view empty_text);

// A chart in its <figure> with an escaped caption.
void Figure(std::string* out, std::string_view id, std::string_view caption,
            const std::string& chart);

// ---- the page -------------------------------------------------------------

struct Page {
  std::string title;       // the document title (raw text)
  std::string generator;   // <meta name="generator">, raw text
  // The body's HTML, already escaped: the header, the sections inside
  // <main>, and the footer.
  std::string header;
  std::string main;
  std::string footer;
  // The JSON data block that page.js reads (id "vigil-data"); it must be
  // made with AppendScriptJsonString for strings. "" for none.
  std::string data_json;
};

// The whole document: doctype, CSP, the stylesheet and the script inline.
std::string RenderPage(const Page& page);

// The Content-Security-Policy of every page: default-src 'none' and the
// SHA-256 hashes of the inline stylesheet and script.
const std::string& ContentSecurityPolicy();

// The inline stylesheet and script (from src/report/html/), as embedded.
std::string_view PageCss();
std::string_view PageJs();

}  // namespace vigil::report_internal::html

#endif  // VIGIL_SRC_REPORT_HTML_PAGE_H_

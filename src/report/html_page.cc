#include "src/report/html_page.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/escaping.h"
#include "src/base/strings.h"
#include "src/report/report_internal.h"
#include "src/report/sha256.h"

namespace vigil::report_internal::html {
namespace {

// Generated at build time from src/report/html/page.css and page.js
// (src/report/html/embed.cmake): kPageCss and kPageJs.
#include "html_assets.inc"

// Appends valid-UTF-8 `s` escaped for HTML; `quotes` also escapes " and '.
void AppendEscaped(std::string* out, std::string_view raw, bool quotes) {
  std::string s = SanitizeUtf8(raw);
  out->reserve(out->size() + s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char buf[16];
    switch (c) {
      case '&':
        out->append("&amp;");
        continue;
      case '<':
        out->append("&lt;");
        continue;
      case '>':
        out->append("&gt;");
        continue;
      case '"':
        if (quotes) {
          out->append("&quot;");
          continue;
        }
        break;
      case '\'':
        if (quotes) {
          out->append("&#39;");
          continue;
        }
        break;
      case '\t':
      case '\n':
      case '\r':
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out->append(buf);
          continue;
        }
        // C1 controls (U+0080..U+009F) are two bytes, C2 80..C2 9F.
        if (c == 0xC2 && i + 1 < s.size()) {
          unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
          if (c1 >= 0x80 && c1 <= 0x9F) {
            std::snprintf(buf, sizeof buf, "\\u%04x", c1);
            out->append(buf);
            ++i;
            continue;
          }
        }
        break;
    }
    out->push_back(static_cast<char>(c));
  }
}

// Shortens `s` to at most `max` code points, ending with an ellipsis.
std::string Shorten(std::string_view raw, size_t max) {
  std::string s = SanitizeUtf8(raw);
  size_t points = 0, cut = std::string::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (points == max - 1) cut = i;
    ++points;
  }
  if (points <= max) return s;
  return s.substr(0, cut) + "\xE2\x80\xA6";  // U+2026
}

std::string Percent(int64_t part, int64_t whole) {
  if (whole <= 0) return "0%";
  double p = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  char buf[32];
  if (p > 0 && p < 1) {
    std::snprintf(buf, sizeof buf, "<1%%");
  } else {
    std::snprintf(buf, sizeof buf, "%.0f%%", p);
  }
  return buf;
}

std::string Base64Sha256(std::string_view text) {
  std::array<uint8_t, 32> d = Sha256(text);
  return absl::Base64Escape(
      absl::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

void AppendLegend(std::string* out, const std::vector<Segment>& segments,
                  bool counts, int64_t total) {
  out->append("<ul class=\"legend\">");
  for (const Segment& s : segments) {
    StrAppend(out, "<li><span class=\"sw ", Attr(s.css_class),
              "\" aria-hidden=\"true\"></span>", Text(s.label));
    if (counts) {
      StrAppend(out, " <b>", s.value, "</b> <span class=\"pct\">(",
                Text(Percent(s.value, total)), ")</span>");
    }
    out->append("</li>");
  }
  out->append("</ul>");
}

}  // namespace

void AppendText(std::string* out, std::string_view raw) {
  AppendEscaped(out, raw, false);
}

std::string Text(std::string_view raw) {
  std::string s;
  AppendEscaped(&s, raw, false);
  return s;
}

void AppendAttr(std::string* out, std::string_view raw) {
  AppendEscaped(out, raw, true);
}

std::string Attr(std::string_view raw) {
  std::string s;
  AppendEscaped(&s, raw, true);
  return s;
}

bool IsWebLink(std::string_view s) {
  std::string lower = AsciiLower(s.substr(0, 8));
  size_t rest;
  if (lower.starts_with("https://")) {
    rest = 8;
  } else if (lower.starts_with("http://")) {
    rest = 7;
  } else {
    return false;
  }
  if (s.size() <= rest) return false;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '<' ||
        c == '>' || c == '\\' || c == '`') {
      return false;
    }
  }
  return true;
}

void AppendScriptJsonString(std::string* out, std::string_view raw) {
  std::string json;
  AppendJsonString(&json, raw);
  for (char c : json) {
    switch (c) {
      case '<':
        out->append("\\u003c");
        break;
      case '>':
        out->append("\\u003e");
        break;
      case '&':
        out->append("\\u0026");
        break;
      default:
        out->push_back(c);
    }
  }
}

std::string Plural(int64_t n, std::string_view one, std::string_view many) {
  return StrCat(n, " ", n == 1 ? one : many);
}

std::string SortableId(std::string_view id) {
  std::string out;
  size_t i = 0;
  while (i < id.size()) {
    size_t j = i;
    while (j < id.size() && id[j] >= '0' && id[j] <= '9') ++j;
    if (j > i) {
      std::string digits(id.substr(i, j - i));
      if (digits.size() < 4) out.append(4 - digits.size(), '0');
      out.append(digits);
      i = j;
    } else {
      out.push_back(id[i]);
      ++i;
    }
  }
  return out;
}

std::string SeverityClass(std::string_view severity) {
  std::string s = AsciiLower(severity);
  for (const char* known : {"critical", "high", "medium", "low", "informational"}) {
    if (s == known) return StrCat("sev-", known);
  }
  if (s == "info") return "sev-informational";
  return "sev-other";
}

std::string FacetSeverity(std::string_view severity) {
  std::string cls = SeverityClass(severity);
  if (cls != "sev-other") return cls.substr(4);
  return AsciiLower(severity);
}

void FilterBarStart(std::string* out, std::string_view placeholder) {
  StrAppend(out,
            "<div class=\"filters\" id=\"filters\" role=\"search\" hidden>\n"
            "<label class=\"f-text\">Search <input type=\"search\" id=\"f-text\" "
            "placeholder=\"",
            Attr(placeholder), "\" autocomplete=\"off\"></label>\n");
}

void FilterSelect(std::string* out, std::string_view facet, std::string_view label,
                  const std::vector<std::string>& values) {
  StrAppend(out, "<label>", Text(label), " <select data-facet=\"", Attr(facet),
            "\"><option value=\"\">all</option>");
  for (const std::string& v : values) {
    StrAppend(out, "<option value=\"", Attr(v), "\">", Text(v.empty() ? "(none)" : v),
              "</option>");
  }
  out->append("</select></label>\n");
}

void ItemsBegin(std::string* out, std::string_view head_cells) {
  StrAppend(out,
            "<div class=\"items\" id=\"items\" data-noun=\"controls\">\n<div class=\"item-head\">",
            head_cells, "</div>\n");
}

void ItemsEnd(std::string* out, bool no_items, std::string_view empty_text) {
  if (no_items) StrAppend(out, "<p class=\"empty\">", Text(empty_text), "</p>\n");
  out->append("</div>\n<p class=\"empty\" id=\"f-none\" hidden>No control matches the "
              "filters.</p>\n</section>\n");
}

void FilterBarEnd(std::string* out) {
  out->append(
      "<button type=\"button\" id=\"f-reset\">Reset</button>\n"
      "<button type=\"button\" id=\"expand-all\">Expand all</button>\n"
      "<button type=\"button\" id=\"collapse-all\">Collapse all</button>\n"
      "</div>\n"
      "<p class=\"shown\" id=\"f-count\" aria-live=\"polite\" hidden></p>\n");
}

void Figure(std::string* out, std::string_view id, std::string_view caption,
            const std::string& chart) {
  StrAppend(out, "<figure class=\"chart\" id=\"", id, "\"><figcaption>", Text(caption),
            "</figcaption>", chart, "</figure>\n");
}

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string DonutChart(std::string_view title, std::string_view center,
                       std::string_view center_label,
                       const std::vector<Segment>& segments) {
  int64_t total = 0;
  for (const Segment& s : segments) total += std::max<int64_t>(s.value, 0);
  std::string label = StrCat(title, ":");
  for (size_t i = 0; i < segments.size(); ++i) {
    StrAppend(&label, i == 0 ? " " : ", ", segments[i].value, " ",
              segments[i].label);
  }
  std::string out = "<div class=\"donut-wrap\">";
  // r = 100 / (2 pi): the circle's circumference is 100, so that a
  // segment's dash length is its percentage.
  constexpr char kCircle[] = "cx=\"21\" cy=\"21\" r=\"15.9155\"";
  StrAppend(&out, "<svg class=\"donut\" viewBox=\"0 0 42 42\" role=\"img\" "
                  "aria-label=\"", Attr(label), "\"><title>", Text(label),
            "</title><circle class=\"ring\" ", kCircle, "/>");
  double start = 0;
  for (const Segment& s : segments) {
    if (s.value <= 0 || total <= 0) continue;
    double len = 100.0 * static_cast<double>(s.value) / static_cast<double>(total);
    // The dash starts at 3 o'clock; offset 25 moves it to 12 o'clock.
    StrAppend(&out, "<circle class=\"seg ", Attr(s.css_class), "\" ", kCircle,
              " stroke-dasharray=\"", Num(len), " ", Num(100 - len),
              "\" stroke-dashoffset=\"", Num(25 - start), "\"><title>",
              Text(s.label), ": ", s.value, " (",
              Text(Percent(s.value, total)), ")</title></circle>");
    start += len;
  }
  StrAppend(&out, "<text class=\"donut-num\" x=\"21\" y=\"21\">",
            Text(center), "</text><text class=\"donut-lbl\" x=\"21\" y=\"27\">",
            Text(center_label), "</text></svg>");
  AppendLegend(&out, segments, true, total);
  out.append("</div>");
  return out;
}

std::string BarChart(std::string_view title, const std::vector<Bar>& bars,
                     const std::vector<Segment>& legend,
                     std::string_view empty_text) {
  if (bars.empty()) {
    return StrCat("<p class=\"chart-empty\">", Text(empty_text), "</p>");
  }
  // About one SVG unit per CSS pixel in a half-width chart, so that 12px
  // text stays 12px.
  constexpr double kWidth = 480, kLabel = 160, kGap = 8, kRow = 28, kBar = 20;
  constexpr double kRoom = kWidth - kLabel - kGap - 48;  // room for the total
  int64_t max_total = 1;
  for (const Bar& b : bars) {
    int64_t t = 0;
    for (const Segment& s : b.segments) t += std::max<int64_t>(s.value, 0);
    max_total = std::max(max_total, t);
  }
  const double height = kRow * static_cast<double>(bars.size()) + 4;
  std::string out;
  StrAppend(&out, "<svg class=\"bars\" viewBox=\"0 0 ", Num(kWidth), " ",
            Num(height), "\" role=\"img\" aria-label=\"", Attr(title),
            "\"><title>", Text(title), "</title>");
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double y = kRow * static_cast<double>(i) + 4;
    int64_t total = 0;
    std::string parts;
    for (const Segment& s : b.segments) {
      if (s.value <= 0) continue;
      total += s.value;
      StrAppend(&parts, parts.empty() ? "" : ", ", s.value, " ", s.label);
    }
    std::string full = StrCat(b.label, ": ", parts.empty() ? "0" : parts);
    out.append("<g class=\"bar-row\">");
    std::string label =
        StrCat("<text class=\"bar-lbl\" x=\"", Num(kLabel), "\" y=\"",
               Num(y + kBar / 2), "\">", Text(Shorten(b.label, 24)),
               "<title>", Text(full), "</title></text>");
    if (!b.link.empty()) {
      StrAppend(&out, "<a href=\"", Attr(b.link), "\">", label, "</a>");
    } else {
      out.append(label);
    }
    double x = kLabel + kGap;
    for (const Segment& s : b.segments) {
      if (s.value <= 0) continue;
      double w = kRoom * static_cast<double>(s.value) /
                 static_cast<double>(max_total);
      StrAppend(&out, "<rect class=\"bar ", Attr(s.css_class), "\" x=\"",
                Num(x), "\" y=\"", Num(y), "\" width=\"", Num(w),
                "\" height=\"", Num(kBar), "\"><title>", Text(b.label), " \xE2\x80\x94 ",
                Text(s.label), ": ", s.value, "</title></rect>");
      // A count inside the segment when it fits.
      std::string count = StrCat(s.value);
      if (w >= 8.0 * static_cast<double>(count.size()) + 6) {
        StrAppend(&out, "<text class=\"in ", Attr(s.css_class), "\" x=\"",
                  Num(x + w / 2), "\" y=\"", Num(y + kBar / 2), "\">", count,
                  "</text>");
      }
      x += w;
    }
    StrAppend(&out, "<text class=\"bar-tot\" x=\"", Num(x + 6), "\" y=\"",
              Num(y + kBar / 2), "\">", total, "</text></g>");
  }
  out.append("</svg>");
  if (!legend.empty()) AppendLegend(&out, legend, false, 0);
  return out;
}

std::string_view PageCss() { return kPageCss; }
std::string_view PageJs() { return kPageJs; }

const std::string& ContentSecurityPolicy() {
  static const std::string* const csp = new std::string(
      StrCat("default-src 'none'; style-src 'sha256-", Base64Sha256(kPageCss),
             "'; script-src 'sha256-", Base64Sha256(kPageJs),
             "'; base-uri 'none'; form-action 'none'"));
  return *csp;
}

std::string RenderPage(const Page& page) {
  std::string out;
  out.reserve(page.header.size() + page.main.size() + page.footer.size() +
              page.data_json.size() + sizeof(kPageCss) + sizeof(kPageJs) + 1024);
  StrAppend(&out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
            "<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"",
            Attr(ContentSecurityPolicy()),
            "\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, "
            "initial-scale=1\">\n");
  if (!page.generator.empty()) {
    StrAppend(&out, "<meta name=\"generator\" content=\"",
              Attr(page.generator), "\">\n");
  }
  StrAppend(&out, "<title>", Text(page.title), "</title>\n<style>", kPageCss,
            "</style>\n</head>\n<body>\n", page.header, "<main>\n", page.main,
            "</main>\n", page.footer);
  if (!page.data_json.empty()) {
    StrAppend(&out,
              "<script type=\"application/json\" id=\"vigil-data\">",
              page.data_json, "</script>\n");
  }
  StrAppend(&out, "<script>", kPageJs, "</script>\n</body>\n</html>\n");
  return out;
}

}  // namespace vigil::report_internal::html

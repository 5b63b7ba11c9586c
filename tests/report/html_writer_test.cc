// Tests of the HTML report (src/report/html_writer.cc) and its page
// framework (src/report/html_page.cc): escaping of hostile text in every
// field, the Content-Security-Policy and its hashes, no external resources,
// deterministic output, the content readable without JavaScript, the JSON
// data block, and a 100k-row report. The page is checked by scanning its
// tags, not by searching for strings that escaped text could also contain.
// The browser behaviour is checked by html_browser_test.py.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/report/html_page.h"
#include "src/report/sha256.h"
#include "tests/report/sample_report.h"
#include "vigil/report.h"
#include "vigil/test_report.h"
#include "vigil/value.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using vigil::testing::kHostile;

// ---- a small HTML scanner ---------------------------------------------------

struct Tag {
  std::string name;  // lowercase; "/p" for an end tag
  std::vector<std::pair<std::string, std::string>> attrs;  // values decoded
  std::string Attr(std::string_view key) const {
    for (const auto& [k, v] : attrs) {
      if (k == key) return v;
    }
    return "";
  }
  bool Has(std::string_view key) const {
    for (const auto& [k, v] : attrs) {
      if (k == key) return true;
    }
    return false;
  }
};

std::string Decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      out.push_back('&');
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") {
      out.push_back('&');
    } else if (ent == "lt") {
      out.push_back('<');
    } else if (ent == "gt") {
      out.push_back('>');
    } else if (ent == "quot") {
      out.push_back('"');
    } else if (ent == "#39") {
      out.push_back('\'');
    } else {
      ADD_FAILURE() << "unexpected entity &" << ent << ";";
      out.append(s.substr(i, semi - i + 1));
    }
    i = semi;
  }
  return out;
}

// The document as the HTML tokenizer sees it, for the subset the writer
// produces: tags with double-quoted attributes, text, and the raw text of
// <style> and <script>. `text` gets all decoded text.
struct Scan {
  std::vector<Tag> tags;
  std::string text;                  // decoded text, element contents joined
  std::vector<std::string> scripts;  // raw contents of <script> elements
  std::vector<std::string> styles;   // raw contents of <style> elements
};

Scan ScanHtml(const std::string& doc) {
  Scan scan;
  size_t i = 0;
  while (i < doc.size()) {
    size_t lt = doc.find('<', i);
    scan.text += Decode(std::string_view(doc).substr(i, lt == std::string::npos ? std::string::npos : lt - i));
    if (lt == std::string::npos) break;
    if (doc.compare(lt, 9, "<!DOCTYPE") == 0) {
      i = doc.find('>', lt) + 1;
      continue;
    }
    EXPECT_NE(doc.compare(lt, 4, "<!--"), 0) << "a comment at " << lt;
    size_t p = lt + 1;
    Tag tag;
    bool end = doc[p] == '/';
    if (end) ++p;
    while (p < doc.size() && (std::isalnum(static_cast<unsigned char>(doc[p])) || doc[p] == '-')) {
      tag.name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(doc[p]))));
      ++p;
    }
    EXPECT_FALSE(tag.name.empty()) << "a '<' that starts no tag at " << lt << ": "
                                   << doc.substr(lt, 40);
    while (p < doc.size() && doc[p] != '>') {
      if (doc[p] == ' ' || doc[p] == '\n' || doc[p] == '/') {
        ++p;
        continue;
      }
      std::string key;
      while (p < doc.size() && doc[p] != '=' && doc[p] != ' ' && doc[p] != '>' && doc[p] != '/') {
        key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(doc[p]))));
        ++p;
      }
      std::string value;
      if (p < doc.size() && doc[p] == '=') {
        ++p;
        EXPECT_EQ(doc[p], '"') << "unquoted attribute " << key << " in <" << tag.name << ">";
        size_t close = doc.find('"', p + 1);
        value = Decode(std::string_view(doc).substr(p + 1, close - p - 1));
        EXPECT_EQ(doc.substr(p + 1, close - p - 1).find('<'), std::string::npos)
            << "raw '<' in attribute " << key;
        p = close + 1;
      }
      tag.attrs.emplace_back(std::move(key), std::move(value));
    }
    i = p + 1;
    if (end) tag.name = "/" + tag.name;
    if (tag.name == "script" || tag.name == "style") {
      std::string close = "</" + tag.name + ">";
      size_t e = doc.find(close, i);
      EXPECT_NE(e, std::string::npos);
      (tag.name == "script" ? scan.scripts : scan.styles).push_back(doc.substr(i, e - i));
      scan.tags.push_back(tag);
      scan.tags.push_back(Tag{"/" + tag.name, {}});
      i = e + close.size();
      continue;
    }
    scan.tags.push_back(std::move(tag));
  }
  return scan;
}

// Every element and attribute the writer may produce. Anything else in a
// page means that text was pasted unescaped.
const std::set<std::string> kElements = {
    "html",   "head",   "meta",   "title",  "style",   "body",    "header",
    "p",      "span",   "h1",     "h2",     "h4",      "dl",      "div",
    "dt",     "dd",     "time",   "nav",    "a",       "main",    "section",
    "figure", "figcaption", "svg", "circle", "text",   "ul",      "li",
    "b",      "g",      "rect",   "label",  "input",   "select",  "option",
    "button", "details", "summary", "ol",   "table",   "thead",   "tbody",
    "tr",     "th",     "td",     "code",   "pre",     "br",      "footer",
    "script"};
const std::set<std::string> kAttributes = {
    "lang", "charset", "http-equiv", "content", "name", "class", "id", "href",
    "rel", "datetime", "aria-label", "aria-live", "aria-hidden", "role",
    "hidden", "open", "type", "placeholder", "autocomplete", "value",
    "viewbox", "cx", "cy", "r", "x", "y", "width", "height",
    "stroke-dasharray", "stroke-dashoffset", "data-facet", "data-sort",
    "data-sort-first",
    "data-item", "data-kind", "data-count", "data-noun"};

void ExpectOnlyKnownMarkup(const Scan& scan) {
  for (const Tag& t : scan.tags) {
    std::string name = t.name.starts_with("/") ? t.name.substr(1) : t.name;
    EXPECT_TRUE(kElements.count(name)) << "unexpected element <" << t.name << ">";
    for (const auto& [k, v] : t.attrs) {
      EXPECT_TRUE(kAttributes.count(k)) << "unexpected attribute " << k << " on <" << t.name << ">";
      EXPECT_FALSE(k.starts_with("on")) << k;
    }
    if (t.Has("href")) {
      std::string href = t.Attr("href");
      EXPECT_TRUE(href.starts_with("#") || report_internal::html::IsWebLink(href))
          << "href " << href;
      EXPECT_EQ(t.name, "a");
      if (!href.starts_with("#")) {
        EXPECT_THAT(t.Attr("rel"), HasSubstr("noreferrer"));
      }
    }
    // Nothing that loads: links to other pages only on <a>, which the page
    // does not follow by itself.
    for (const auto& [k, v] : t.attrs) {
      if (k != "href") {
        EXPECT_THAT(v, Not(HasSubstr("http:"))) << k;
        EXPECT_THAT(v, Not(HasSubstr("https:"))) << k;
      }
    }
  }
  // Exactly the data block and the page script.
  ASSERT_EQ(scan.scripts.size(), 2u);
  EXPECT_EQ(scan.styles.size(), 1u);
}

size_t Count(std::string_view hay, std::string_view needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string_view::npos;
       p = hay.find(needle, p + 1)) {
    ++n;
  }
  return n;
}

std::string Base64Sha256(std::string_view text) {
  auto d = report_internal::Sha256(text);
  return absl::Base64Escape(
      absl::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

const Tag* FindTag(const Scan& scan, std::string_view name, std::string_view attr,
                   std::string_view value) {
  for (const Tag& t : scan.tags) {
    if (t.name == name && t.Attr(attr) == value) return &t;
  }
  return nullptr;
}

// ---- SHA-256 ------------------------------------------------------------------

std::string Hex(const std::array<uint8_t, 32>& d) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  for (uint8_t b : d) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 15]);
  }
  return s;
}

TEST(Sha256, Fips180Examples) {
  using report_internal::Sha256;
  EXPECT_EQ(Hex(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Hex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Hex(Sha256(std::string(1000000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Lengths around the padding boundary (55, 56, 63, 64 bytes) differ.
  std::set<std::string> seen;
  for (size_t n : {55, 56, 63, 64, 65}) seen.insert(Hex(Sha256(std::string(n, 'x'))));
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(Hex(Sha256(std::string(64, 'a'))),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

// ---- escaping helpers ---------------------------------------------------------

TEST(HtmlEscaping, TextAndAttributes) {
  using report_internal::html::Attr;
  using report_internal::html::Text;
  EXPECT_EQ(Text("<a href=\"x\">&'"), "&lt;a href=\"x\"&gt;&amp;'");
  EXPECT_EQ(Attr("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(Text("a\x1b[31mb\x01\tc\n"), "a\\x1b[31mb\\x01\tc\n");
  EXPECT_EQ(Text("x\xC2\x85y"), "x\\u0085y");
  EXPECT_EQ(Text("bad \xFF byte"), "bad \xEF\xBF\xBD byte");
}

TEST(HtmlEscaping, ScriptJsonCannotEndTheElement) {
  std::string out;
  report_internal::html::AppendScriptJsonString(&out, "</script><!--&\xE2\x80\xA8\"");
  EXPECT_EQ(out, "\"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\\"\"");
  absl::StatusOr<Value> v = Value::ParseJson(out);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->as_string(), "</script><!--&\xE2\x80\xA8\"");
}

TEST(HtmlEscaping, WebLinks) {
  using report_internal::html::IsWebLink;
  EXPECT_TRUE(IsWebLink("https://docs.aws.amazon.com/x?a=1&b=2"));
  EXPECT_TRUE(IsWebLink("HTTP://example.com"));
  EXPECT_FALSE(IsWebLink("javascript:alert(1)"));
  EXPECT_FALSE(IsWebLink("https://"));
  EXPECT_FALSE(IsWebLink("https://x\"onmouseover=y"));
  EXPECT_FALSE(IsWebLink("https://x y"));
  EXPECT_FALSE(IsWebLink("CCE-79202-8"));
  EXPECT_FALSE(IsWebLink("data:text/html,x"));
}

TEST(HtmlCharts, NumbersAreShortAndLocaleFree) {
  using report_internal::html::Num;
  EXPECT_EQ(Num(1), "1");
  EXPECT_EQ(Num(2.5), "2.5");
  EXPECT_EQ(Num(1.0 / 3), "0.33");
  EXPECT_EQ(Num(-0.001), "0");
}

// ---- the report page ----------------------------------------------------------

TEST(HtmlReport, HostileTextIsEscapedInEveryField) {
  std::string doc = RenderReport(testing::HostileReport(), ReportFormat::kHtml);
  Scan scan = ScanHtml(doc);
  ExpectOnlyKnownMarkup(scan);
  // Every field shows up, as text, in full.
  for (const char* field :
       {"tool_version", "pack_name", "pack_version", "pack_title", "pack_path",
        "graph_path", "generated_at", "control.id", "control.title",
        "control.severity", "control.provider", "framework.name",
        "framework.version", "framework.id", "reference", "control.overview",
        "control.rationale", "control.impact", "control.remediation",
        "control.notes", "control.service_wide_remediation",
        "control.operational_rollout", "control.connectors",
        "control.covered_types", "check.name", "check.query", "check.expect",
        "check.message", "row.id", "row.type", "row.name", "row.account_id",
        "row.region", "waived.id", "waived.type", "waived.name",
        "waived.account_id", "waived.region", "error_control.id",
        "error_control.title", "error_check.name", "error_check.message",
        "exception.control", "exception.asset", "exception.owner",
        "exception.reason", "exception.expires", "exception.waived_id",
        "exception.source", "exception.state"}) {
    std::string want = kHostile + "[" + field + "]";
    // The escaped form of U+2028 stays U+2028 in text.
    EXPECT_THAT(scan.text, HasSubstr(want)) << field;
  }
  // The javascript: reference is text, never a link.
  EXPECT_THAT(scan.text, HasSubstr("javascript:window.__vigil_pwned=5"));
  // The data block holds no '<' at all, so it cannot end early.
  EXPECT_EQ(scan.scripts[0].find('<'), std::string::npos);
  EXPECT_EQ(Count(doc, "</script>"), 2u);
  EXPECT_EQ(Count(doc, "<script"), 2u);
  // The data block parses, and its strings are the report's text.
  absl::StatusOr<Value> data = Value::ParseJson(scan.scripts[0]);
  ASSERT_TRUE(data.ok()) << data.status();
  const Value* items = data->Find("items");
  ASSERT_NE(items, nullptr);
  ASSERT_EQ(items->as_array().size(), 2u);
  const Value* rows = items->as_array()[0].Find("rows");
  ASSERT_NE(rows, nullptr);
  EXPECT_EQ(rows->as_array()[0].as_array()[0].as_string(), kHostile + "[row.id]");
}

TEST(HtmlReport, ContentSecurityPolicyForbidsEverythingButItsOwnCode) {
  std::string doc = RenderReport(testing::MixedReport(), ReportFormat::kHtml);
  Scan scan = ScanHtml(doc);
  const Tag* meta = FindTag(scan, "meta", "http-equiv", "Content-Security-Policy");
  ASSERT_NE(meta, nullptr);
  std::string csp = meta->Attr("content");
  EXPECT_THAT(csp, HasSubstr("default-src 'none'"));
  EXPECT_THAT(csp, HasSubstr("base-uri 'none'"));
  EXPECT_THAT(csp, HasSubstr("form-action 'none'"));
  EXPECT_THAT(csp, Not(HasSubstr("unsafe")));
  EXPECT_THAT(csp, Not(HasSubstr("http")));
  EXPECT_THAT(csp, Not(HasSubstr("*")));
  // The hashes are those of the inline stylesheet and script as written.
  ASSERT_EQ(scan.styles.size(), 1u);
  ASSERT_EQ(scan.scripts.size(), 2u);
  EXPECT_THAT(csp, HasSubstr("style-src 'sha256-" + Base64Sha256(scan.styles[0]) + "'"));
  EXPECT_THAT(csp, HasSubstr("script-src 'sha256-" + Base64Sha256(scan.scripts[1]) + "'"));
  // The CSP comes before anything it governs.
  EXPECT_LT(doc.find("Content-Security-Policy"), doc.find("<style>"));
  // The data block is JSON, not script.
  const Tag* data = FindTag(scan, "script", "id", "vigil-data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->Attr("type"), "application/json");
}

TEST(HtmlReport, LoadsNothing) {
  std::string css(report_internal::html::PageCss());
  std::string js(report_internal::html::PageJs());
  for (const char* bad : {"url(", "@import", "http:", "https:", "//cdn"}) {
    EXPECT_THAT(css, Not(HasSubstr(bad))) << bad;
  }
  for (const char* bad : {"http:", "https:", "fetch(", "XMLHttpRequest", "import(",
                          "innerHTML", "outerHTML", "insertAdjacentHTML",
                          "eval(", "Function(", "document.write", "WebSocket",
                          "sendBeacon", ".src"}) {
    EXPECT_THAT(js, Not(HasSubstr(bad))) << bad;
  }
  EXPECT_THAT(js, Not(HasSubstr("</script")));
  EXPECT_THAT(css, Not(HasSubstr("</style")));
  Scan scan = ScanHtml(RenderReport(testing::MixedReport(), ReportFormat::kHtml));
  ExpectOnlyKnownMarkup(scan);
  // The mixed report's reference URL is a link, not a resource.
  const Tag* link = FindTag(scan, "a", "href",
                            "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html");
  ASSERT_NE(link, nullptr);
  EXPECT_THAT(link->Attr("rel"), HasSubstr("noreferrer"));
}

TEST(HtmlReport, Deterministic) {
  for (const Report& r : {testing::MixedReport(), testing::HostileReport(),
                          testing::EmptyReport(), testing::LargeReport(500)}) {
    EXPECT_EQ(RenderReport(r, ReportFormat::kHtml), RenderReport(r, ReportFormat::kHtml));
  }
  EXPECT_EQ(RenderReport(testing::MixedReport(), ReportFormat::kHtml),
            RenderReport(testing::MixedReport(), ReportFormat::kHtml));
}

TEST(HtmlReport, ReadableWithoutJavaScript) {
  Report r = testing::MixedReport();
  std::string doc = RenderReport(r, ReportFormat::kHtml);
  Scan scan = ScanHtml(doc);
  // The verdict and the counts.
  const Tag* verdict = FindTag(scan, "span", "id", "verdict");
  ASSERT_NE(verdict, nullptr);
  EXPECT_THAT(doc, HasSubstr("id=\"verdict\">ERROR</span>"));
  EXPECT_THAT(doc, HasSubstr("data-count=\"failed\"><span class=\"card-n\">2</span>"));
  EXPECT_THAT(doc, HasSubstr("data-count=\"passed\"><span class=\"card-n\">1</span>"));
  EXPECT_THAT(doc, HasSubstr("data-count=\"offending\"><span class=\"card-n\">3</span>"));
  // Charts are inline SVG with accessible names.
  int charts = 0;
  for (const Tag& t : scan.tags) {
    if (t.name == "svg") {
      ++charts;
      EXPECT_EQ(t.Attr("role"), "img");
      EXPECT_FALSE(t.Attr("aria-label").empty());
    }
  }
  EXPECT_EQ(charts, 5);  // status, severity, accounts, regions, CIS sections
  // CIS sections of the version most controls reference (3.0.0).
  EXPECT_THAT(scan.text, HasSubstr("Controls by CIS section (CIS Amazon Web Services "
                                   "Foundations Benchmark 3.0.0)"));
  EXPECT_THAT(scan.text, HasSubstr("3 Logging"));
  EXPECT_THAT(scan.text, HasSubstr("1 Identity and Access Management"));
  EXPECT_THAT(scan.text, HasSubstr("2 Storage"));
  // One <details> per control; failures first, then errors, waived, passed.
  std::vector<std::string> order;
  for (size_t i = 0; i < scan.tags.size(); ++i) {
    if (scan.tags[i].name == "details" && scan.tags[i].Attr("class") == "item") {
      order.push_back(scan.tags[i].Attr("id"));
    }
  }
  EXPECT_EQ(order.size(), 5u);
  size_t fail37 = doc.find("cis-aws-3.7</span>");
  size_t fail41 = doc.find("cis-aws-4.1</span>");
  size_t waived = doc.find("cis-aws-2.1</span>");
  size_t pass = doc.find("cis-aws-1.4</span>");
  EXPECT_LT(fail37, fail41);  // medium before informational
  EXPECT_LT(fail41, waived);
  EXPECT_LT(waived, pass);
  // The details: rationale, remediation, rollout, grouped rows, exceptions.
  EXPECT_THAT(scan.text, HasSubstr("Flow logs show anomalous traffic."));
  EXPECT_THAT(scan.text, HasSubstr("aws ec2 create-flow-logs"));
  EXPECT_THAT(scan.text, HasSubstr("Account 111122223333, region eu-west-1 (2 assets)"));
  EXPECT_THAT(scan.text, HasSubstr("Account 444455556666, region us-east-1 (1 asset)"));
  EXPECT_THAT(scan.text, HasSubstr("prod-main"));
  EXPECT_THAT(scan.text, HasSubstr("lab VPC, no traffic"));  // waived row's reason
  EXPECT_THAT(scan.text, HasSubstr("4 exceptions: 1 expired, 1 stale, 2 active."));
  EXPECT_THAT(scan.text, HasSubstr("legacy-team"));
  // The check in error, with why.
  EXPECT_THAT(scan.text, HasSubstr("unknown field 'nope' on VpcWhere"));
  // The filters exist but stay hidden until the script shows them.
  const Tag* filters = FindTag(scan, "div", "id", "filters");
  ASSERT_NE(filters, nullptr);
  EXPECT_TRUE(filters->Has("hidden"));
}

TEST(HtmlReport, EmptyReport) {
  std::string doc = RenderReport(testing::EmptyReport(), ReportFormat::kHtml);
  Scan scan = ScanHtml(doc);
  ExpectOnlyKnownMarkup(scan);
  EXPECT_THAT(scan.text, HasSubstr("The pack has no controls."));
  EXPECT_THAT(scan.text, HasSubstr("No exceptions were given."));
}

TEST(HtmlReport, LargeReportKeepsTheStaticPartSmall) {
  constexpr int kRows = 100000;
  std::string doc = RenderReport(testing::LargeReport(kRows), ReportFormat::kHtml);
  Scan scan = ScanHtml(doc);
  ExpectOnlyKnownMarkup(scan);
  // At most 50 static rows of each kind; the rest are in the data block.
  size_t rows = 0;
  for (const Tag& t : scan.tags) rows += t.name == "tr" ? 1 : 0;
  EXPECT_LE(rows, 2u * 50 + 20);
  absl::StatusOr<Value> data = Value::ParseJson(scan.scripts[0]);
  ASSERT_TRUE(data.ok()) << data.status();
  const Value& item = data->Find("items")->as_array()[0];
  EXPECT_EQ(item.Find("rows")->as_array().size(), static_cast<size_t>(kRows));
  EXPECT_THAT(scan.text, HasSubstr("more not listed here"));
  // docs/report-format.md states the size of this report; keep it in
  // bounds (about 100 bytes per row).
  EXPECT_LT(doc.size(), 16u << 20);
  std::printf("100k-row HTML report: %zu bytes\n", doc.size());
}

// ---- the test results page (vigil test --format html) ---------------------------

TEST(HtmlTestResults, HostileTextIsEscapedInEveryField) {
  std::string doc = RenderTestResults(testing::HostileTestResults(), TestFormat::kHtml);
  Scan scan = ScanHtml(doc);
  ExpectOnlyKnownMarkup(scan);
  for (const char* field :
       {"pack_name", "pack_version", "control.id", "control.title", "control.severity",
        "case.name", "case.location", "row.id", "waived.id", "case.message", "passing.name",
        "coverage.file", "clause.check", "clause.path", "clause.location"}) {
    EXPECT_THAT(scan.text, HasSubstr(kHostile + "[" + field + "]")) << field;
  }
  EXPECT_EQ(scan.scripts[0].find('<'), std::string::npos);
  EXPECT_EQ(Count(doc, "<script"), 2u);
  absl::StatusOr<Value> data = Value::ParseJson(scan.scripts[0]);
  ASSERT_TRUE(data.ok()) << data.status();
  ASSERT_EQ(data->Find("items")->as_array().size(), 1u);
}

TEST(HtmlTestResults, SamePageFrameworkAndPolicyAsTheReport) {
  std::string doc = RenderTestResults(testing::MixedTestResults(), TestFormat::kHtml);
  Scan scan = ScanHtml(doc);
  ExpectOnlyKnownMarkup(scan);
  const Tag* meta = FindTag(scan, "meta", "http-equiv", "Content-Security-Policy");
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(meta->Attr("content"), report_internal::html::ContentSecurityPolicy());
  EXPECT_THAT(meta->Attr("content"),
              HasSubstr("script-src 'sha256-" + Base64Sha256(scan.scripts[1]) + "'"));
  EXPECT_EQ(scan.styles[0], report_internal::html::PageCss());
  EXPECT_EQ(RenderTestResults(testing::MixedTestResults(), TestFormat::kHtml), doc);
}

TEST(HtmlTestResults, ReadableWithoutJavaScript) {
  std::string doc = RenderTestResults(testing::MixedTestResults(), TestFormat::kHtml);
  Scan scan = ScanHtml(doc);
  EXPECT_THAT(doc, HasSubstr("id=\"verdict\">FAIL</span>"));
  EXPECT_THAT(doc, HasSubstr("data-count=\"failed\"><span class=\"card-n\">2</span>"));
  EXPECT_THAT(doc, HasSubstr("data-count=\"passed\"><span class=\"card-n\">2</span>"));
  EXPECT_THAT(doc, HasSubstr("data-count=\"coverage\"><span class=\"card-n\">50.0%</span>"));
  // One entry per control, failing controls first (3.7, 2.1), then 1.4.
  std::vector<std::string> ids;
  for (size_t i = 0; i + 1 < scan.tags.size(); ++i) {
    if (scan.tags[i].name == "details" && scan.tags[i].Attr("class") == "item") {
      ids.push_back(scan.tags[i].Attr("id"));
    }
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_LT(doc.find("cis-aws-3.7</span>"), doc.find("cis-aws-2.1</span>"));
  EXPECT_LT(doc.find("cis-aws-2.1</span>"), doc.find("cis-aws-1.4</span>"));
  // Cases, their diffs and messages; the clause coverage.
  EXPECT_THAT(scan.text, HasSubstr("wrong ids"));
  EXPECT_THAT(scan.text, HasSubstr("\xE2\x88\x92 vpc-b"));
  EXPECT_THAT(scan.text, HasSubstr("+ vpc-a"));
  EXPECT_THAT(scan.text, HasSubstr("exception for logs-a (expires 2020-01-01) is expired"));
  EXPECT_THAT(scan.text, HasSubstr("vpcs.where.OR[1].state"));
  EXPECT_THAT(scan.text, HasSubstr("never evaluated"));
  EXPECT_THAT(scan.text, HasSubstr("1 of 3 where-clauses seen both TRUE and not TRUE"));
  EXPECT_THAT(scan.text, HasSubstr("The control's checks have no where-clauses."));
  const Tag* filters = FindTag(scan, "div", "id", "filters");
  ASSERT_NE(filters, nullptr);
  EXPECT_TRUE(filters->Has("hidden"));
}

TEST(TestResultsText, TerminalSafe) {
  TestRunResult r = testing::MixedTestResults();
  r.cases[1].name = testing::kOddId;
  r.cases[1].missing_offending = {testing::kOddId};
  std::string text = RenderTestResults(r, TestFormat::kText);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x01'), std::string::npos);
  EXPECT_THAT(text, HasSubstr("\\x1b[31m"));
  EXPECT_THAT(text, HasSubstr("2 passed, 2 failed\n"));
}

}  // namespace
}  // namespace vigil

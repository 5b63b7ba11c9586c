// vigil explain: describes a control (flags: ExplainMain).
#include <iostream>
#include <sstream>

#include "src/base/strings.h"
#include "src/base/terminal.h"
#include "src/cli/cli.h"
#include "src/cli/flags.h"
#include "src/cli/output.h"
#include "vigil/value.h"
#include "vigil/engine.h"
#include "vigil/policy.h"

namespace vigil::cli {
namespace {

constexpr char kDescription[] =
    "Prints a control of a pack (default: pack.json in the working directory or\n"
    "its nearest parent, else the bundled packs/cis-aws): its text, checks,\n"
    "parameters and the asset types its queries cover.\n";

// Wraps `text` at `width` columns: the first line starts with `lead` (e.g.
// "  - " for a list item, or spaces), the next lines with as many spaces, so
// that they align under the text.
void Wrapped(std::ostream& out, const std::string& text, const std::string& lead,
             size_t width = 78) {
  const size_t indent = lead.size();
  const std::string pad(indent, ' ');
  out << lead;
  size_t col = indent;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    std::string word = text.substr(i, j - i);
    i = j + 1;
    if (word.empty()) continue;
    if (col > indent && col + 1 + word.size() > width) {
      out << "\n" << pad;
      col = indent;
    } else if (col > indent) {
      out << ' ';
      ++col;
    }
    out << word;
    col += word.size();
  }
  out << "\n";
}

void Wrapped(std::ostream& out, const std::string& text, size_t indent) {
  Wrapped(out, text, std::string(indent, ' '));
}

void Section(std::ostream& out, const char* title, const std::string& text) {
  if (text.empty()) return;
  out << "\n" << title << "\n";
  Wrapped(out, text, 2);
}

Value Strings(const std::vector<std::string>& v) {
  Value::Array a;
  for (const std::string& s : v) a.push_back(Value(s));
  return Value(std::move(a));
}

// What `vigil explain` shows, as data.
Value ControlJson(const ControlDef& c) {
  Value::Array frameworks;
  for (const auto& f : c.frameworks) {
    frameworks.push_back(Value(Value::Object{{"name", Value(f.name)},
                                             {"version", Value(f.version)},
                                             {"id", Value(f.id)},
                                             {"assessment", Value(f.assessment)},
                                             {"profile", Value(f.profile)}}));
  }
  Value::Array checks;
  for (const auto& k : c.checks) {
    Value::Array vars;
    for (const auto& v : k.query->variables()) {
      // The parameter's declared type ("Int!") when the variable has one.
      const ParameterDef* p = c.FindParameter(v.name);
      vars.push_back(Value(Value::Object{{"name", Value(v.name)},
                                         {"type", Value(p != nullptr ? p->type : v.type)}}));
    }
    checks.push_back(Value(Value::Object{
        {"name", Value(k.name)},
        {"description", Value(k.description)},
        {"reason", Value(k.reason)},
        {"query", Value(k.query_text)},
        {"queryFile", Value(k.query_file)},
        {"expect", Value(k.expect.text)},
        {"readsCollections", Strings(CollectionsRead(*k.query))},
        {"variables", Value(std::move(vars))}}));
  }
  Value::Array params;
  for (const auto& p : c.parameters) {
    params.push_back(Value(Value::Object{
        {"name", Value(p.name)},
        {"type", Value(p.type)},
        {"required", Value(!p.has_default)},
        {"default", p.has_default ? p.default_value : Value()},
        {"description", Value(p.description)}}));
  }
  return Value(Value::Object{
      {"id", Value(c.id)},
      {"title", Value(c.title)},
      {"severity", Value(c.severity)},
      {"provider", Value(c.provider)},
      {"file", Value(DisplayPath(c.file))},
      {"frameworks", Value(std::move(frameworks))},
      {"overview", Value(c.overview)},
      {"rationale", Value(c.rationale)},
      {"impact", Value(c.impact)},
      {"remediation", Value(c.remediation)},
      {"serviceWideRemediation", Value(c.service_wide_remediation)},
      {"operationalRollout", Strings(c.operational_rollout)},
      {"notes", Value(c.notes)},
      {"references", Strings(c.references)},
      {"connectors", Strings(c.connectors)},
      {"checks", Value(std::move(checks))},
      {"parameters", Value(std::move(params))},
      {"coveredTypes", Strings(c.covered_types)}});
}

}  // namespace

int ExplainMain(const std::vector<std::string>& args) {
  std::string pack_dir;
  bool allow_outside_pack = false;
  std::vector<std::string> operands;
  std::string format = "text";
  bool no_color = false;
  FlagSet flags("vigil explain", kDescription);
  flags.String("--pack", "DIR", "the pack", &pack_dir);
  flags.String("--format", "text|json",
               "text (default) or json: the control as data ({\"id\", \"title\", "
               "\"severity\", ..., \"checks\": [{\"name\", \"query\", \"expect\", "
               "\"readsCollections\", \"variables\"}], \"parameters\", \"coveredTypes\"})",
               &format);
  AddNoColorFlag(&flags, &no_color);  // the text has no colours
  AddAllowOutsidePackFlag(&flags, &allow_outside_pack);
  flags.Operands("CONTROL_ID", 1, 1, &operands);
  if (std::optional<int> exit = flags.Parse(args)) return *exit;
  if (format != "text" && format != "json") return flags.UsageError("--format is text or json");
  const std::string& id = operands[0];
  pack_dir = PackDirOrBundled("vigil explain", pack_dir);
  if (pack_dir.empty()) return kExitBadInput;
  auto pack = LoadPackOrPrint("vigil explain", pack_dir, allow_outside_pack);
  if (!pack) return kExitBadInput;
  const ControlDef* c = (*pack)->FindControl(id);
  if (c == nullptr) {
    std::cerr << "vigil explain: no control \"" << id << "\" in pack " << (*pack)->name
              << "; its controls are:";
    for (const auto& other : (*pack)->controls) std::cerr << " " << other.id;
    std::cerr << "\n";
    return kExitBadInput;
  }
  if (format == "json") {
    if (absl::Status s = WriteOutput("-", PrettyJson(ControlJson(*c))); !s.ok()) {
      std::cerr << "vigil explain: " << s.message() << "\n";
      return kExitBadInput;
    }
    return kExitOk;
  }
  // Built first, then shown with control characters escaped: a pack's text
  // must not drive the terminal.
  std::ostringstream out;
  out << c->id << ": " << c->title << "\n";
  out << "severity " << c->severity << ", provider " << c->provider << ", file " << c->file
      << "\n";
  if (!c->frameworks.empty()) {
    out << "\nFrameworks\n";
    for (const auto& f : c->frameworks) {
      out << "  " << f.name << " v" << f.version << ": " << f.id;
      if (!f.assessment.empty() || !f.profile.empty()) {
        out << " (" << f.assessment << (f.assessment.empty() || f.profile.empty() ? "" : ", ")
            << f.profile << ")";
      }
      out << "\n";
    }
  }
  Section(out, "Overview", c->overview);
  Section(out, "Rationale", c->rationale);
  Section(out, "Impact", c->impact);
  Section(out, "Remediation", c->remediation);
  Section(out, "Service-wide remediation", c->service_wide_remediation);
  if (!c->operational_rollout.empty()) {
    out << "\nOperational rollout\n";
    for (const auto& s : c->operational_rollout) Wrapped(out, s, "  - ");
  }
  Section(out, "Notes", c->notes);
  if (!c->references.empty()) {
    out << "\nReferences\n";
    for (const auto& r : c->references) Wrapped(out, r, "  - ");
  }
  if (!c->connectors.empty()) {
    out << "\nConnectors\n  ";
    for (size_t i = 0; i < c->connectors.size(); ++i) out << (i ? ", " : "") << c->connectors[i];
    out << "\n";
  }
  out << "\nChecks\n";
  for (const auto& k : c->checks) {
    out << "  " << k.name << "\n";
    if (!k.description.empty()) Wrapped(out, k.description, 4);
    if (!k.reason.empty()) out << "    reason: " << k.reason << "\n";
    out << "    query" << (k.query_file.empty() ? "" : " (" + k.query_file + ")") << ":\n";
    std::string q = k.query_text;
    while (!q.empty() && (q.back() == '\n' || q.back() == ' ')) q.pop_back();
    size_t start = 0;
    while (start <= q.size()) {
      size_t nl = q.find('\n', start);
      if (nl == std::string::npos) nl = q.size();
      out << "      " << q.substr(start, nl - start) << "\n";
      start = nl + 1;
    }
    out << "    expect: " << k.expect.text << "\n";
    const std::vector<std::string> calls = CollectionsRead(*k.query);
    if (!calls.empty()) {
      // What must have been collected for the check to give a verdict.
      out << "    reads collections: " << StrJoin(calls, ", ") << "\n";
    }
    const auto& vars = k.query->variables();
    if (!vars.empty()) {
      out << "    variables:";
      for (const auto& v : vars) {
        // The parameter's declared type ("Int!"): the type a stored query
        // infers from a use can be looser ("Int").
        const ParameterDef* p = c->FindParameter(v.name);
        out << " $" << v.name << ": " << (p != nullptr ? p->type : v.type);
      }
      out << "\n";
    }
  }
  if (!c->parameters.empty()) {
    out << "\nParameters\n";
    for (const auto& p : c->parameters) {
      out << "  " << p.name << ": " << p.type;
      if (p.has_default) out << " = " << p.default_value.ToJson();
      else out << " (required)";
      out << "\n";
      if (!p.description.empty()) Wrapped(out, p.description, 4);
    }
  }
  out << "\nCovered asset types\n  ";
  for (size_t i = 0; i < c->covered_types.size(); ++i) {
    out << (i ? ", " : "") << c->covered_types[i];
  }
  out << "\n";
  std::cout << TerminalSafe(out.str());
  return kExitOk;
}

}  // namespace vigil::cli

// Canonical GraphQL printer.
#include "src/syntax/printer.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/syntax/lexer.h"

namespace vigil::syntax {
namespace {

void Indent(std::string* out, int level) { out->append(2 * level, ' '); }

bool IsWhiteSpace(char c) { return c == ' ' || c == '\t'; }

// graphql-js printBlockString.
std::string BlockStringCandidate(std::string_view value) {
  std::string escaped;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 3, "\"\"\"") == 0) {
      escaped += "\\\"\"\"";
      i += 2;
    } else {
      escaped += value[i];
    }
  }
  std::vector<std::string> lines;
  {
    std::string cur;
    for (size_t i = 0; i < escaped.size(); ++i) {
      char c = escaped[i];
      if (c == '\r' || c == '\n') {
        lines.push_back(cur);
        cur.clear();
        if (c == '\r' && i + 1 < escaped.size() && escaped[i + 1] == '\n') ++i;
      } else {
        cur += c;
      }
    }
    lines.push_back(cur);
  }
  bool single_line = lines.size() == 1;
  bool force_leading_newline = false;
  if (lines.size() > 1) {
    force_leading_newline = true;
    for (size_t i = 1; i < lines.size(); ++i) {
      if (!lines[i].empty() && !IsWhiteSpace(lines[i][0])) {
        force_leading_newline = false;
        break;
      }
    }
  }
  auto ends_with = [](std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  bool trailing_triple = ends_with(escaped, "\\\"\"\"");
  bool trailing_quote = ends_with(value, "\"") && !trailing_triple;
  bool trailing_slash = ends_with(value, "\\");
  bool force_trailing_newline = trailing_quote || trailing_slash;
  bool multiple_lines = !single_line || value.size() > 70 ||
                        force_trailing_newline || force_leading_newline ||
                        trailing_triple;
  std::string result;
  bool skip_leading_newline =
      single_line && !value.empty() && IsWhiteSpace(value[0]);
  if ((multiple_lines && !skip_leading_newline) || force_leading_newline) {
    result += '\n';
  }
  result += escaped;
  if (multiple_lines || force_trailing_newline) result += '\n';
  return "\"\"\"" + result + "\"\"\"";
}

// Prints a block string when it reads back as the same value, else a
// quoted string.
std::string PrintStringValue(std::string_view value, bool prefer_block) {
  if (prefer_block) {
    std::string candidate = BlockStringCandidate(value);
    bool error = false;
    Lexer lexer(candidate, [&](std::string_view, std::string, uint32_t) {
      error = true;
    });
    Token t = lexer.Next();
    Token eof = lexer.Next();
    if (!error && t.kind == TokenKind::kBlockString &&
        eof.kind == TokenKind::kEof && t.value == value) {
      return candidate;
    }
  }
  return QuoteString(value);
}

void PrintValueTo(const ast::Value& v, std::string* out) {
  switch (v.kind) {
    case ast::ValueKind::kVariable:
      absl::StrAppend(out, "$", v.text);
      break;
    case ast::ValueKind::kInt:
      if (v.text.empty()) {
        absl::StrAppend(out, v.int_value);
      } else {
        out->append(v.text);
      }
      break;
    case ast::ValueKind::kFloat:
      if (v.text.empty()) {
        std::string s = absl::StrFormat("%.17g", v.float_value);
        if (s.find_first_of(".eE") == std::string::npos) s += ".0";
        out->append(s);
      } else {
        out->append(v.text);
      }
      break;
    case ast::ValueKind::kString:
      out->append(PrintStringValue(v.text, v.block_string));
      break;
    case ast::ValueKind::kBoolean:
      out->append(v.bool_value ? "true" : "false");
      break;
    case ast::ValueKind::kNull:
      out->append("null");
      break;
    case ast::ValueKind::kEnum:
      out->append(v.text);
      break;
    case ast::ValueKind::kList: {
      out->push_back('[');
      bool first = true;
      for (const ast::Value& e : v.list) {
        if (!first) out->append(", ");
        first = false;
        PrintValueTo(e, out);
      }
      out->push_back(']');
      break;
    }
    case ast::ValueKind::kObject: {
      out->push_back('{');
      bool first = true;
      for (const ast::ObjectField& f : v.fields) {
        if (!first) out->append(", ");
        first = false;
        absl::StrAppend(out, f.name, ": ");
        if (f.value) {
          PrintValueTo(*f.value, out);
        } else {
          out->append("null");
        }
      }
      out->push_back('}');
      break;
    }
  }
}

void PrintArguments(const std::vector<ast::Argument>& args, std::string* out) {
  if (args.empty()) return;
  out->push_back('(');
  bool first = true;
  for (const ast::Argument& a : args) {
    if (!first) out->append(", ");
    first = false;
    absl::StrAppend(out, a.name, ": ");
    PrintValueTo(a.value, out);
  }
  out->push_back(')');
}

void PrintDirectives(const std::vector<ast::Directive>& ds, std::string* out) {
  for (const ast::Directive& d : ds) {
    absl::StrAppend(out, " @", d.name);
    PrintArguments(d.arguments, out);
  }
}

void PrintTypeTo(const ast::TypeRef& t, std::string* out) {
  switch (t.kind) {
    case ast::TypeRef::Kind::kNamed:
      out->append(t.name);
      break;
    case ast::TypeRef::Kind::kList:
      out->push_back('[');
      if (t.inner) PrintTypeTo(*t.inner, out);
      out->push_back(']');
      break;
    case ast::TypeRef::Kind::kNonNull:
      if (t.inner) PrintTypeTo(*t.inner, out);
      out->push_back('!');
      break;
  }
}

void PrintSelectionSetTo(const ast::SelectionSet& ss, int level,
                         std::string* out);

void PrintSelectionTo(const ast::Selection& s, int level, std::string* out) {
  switch (s.kind) {
    case ast::Selection::Kind::kField:
      if (!s.alias.empty()) absl::StrAppend(out, s.alias, ": ");
      out->append(s.name);
      PrintArguments(s.arguments, out);
      PrintDirectives(s.directives, out);
      if (s.has_selection_set) {
        out->push_back(' ');
        PrintSelectionSetTo(s.selection_set, level, out);
      }
      break;
    case ast::Selection::Kind::kFragmentSpread:
      absl::StrAppend(out, "...", s.name);
      PrintDirectives(s.directives, out);
      break;
    case ast::Selection::Kind::kInlineFragment:
      out->append("...");
      if (!s.type_condition.empty()) {
        absl::StrAppend(out, " on ", s.type_condition);
      }
      PrintDirectives(s.directives, out);
      out->push_back(' ');
      PrintSelectionSetTo(s.selection_set, level, out);
      break;
  }
}

void PrintSelectionSetTo(const ast::SelectionSet& ss, int level,
                         std::string* out) {
  out->append("{\n");
  for (const ast::Selection& s : ss.selections) {
    Indent(out, level + 1);
    PrintSelectionTo(s, level + 1, out);
    out->push_back('\n');
  }
  Indent(out, level);
  out->push_back('}');
}

void PrintFragmentTo(const ast::FragmentDefinition& f, std::string* out) {
  absl::StrAppend(out, "fragment ", f.name, " on ", f.type_condition);
  PrintDirectives(f.directives, out);
  out->push_back(' ');
  PrintSelectionSetTo(f.selection_set, 0, out);
}

void PrintOperationTo(const ast::OperationDefinition& op, std::string* out) {
  switch (op.kind) {
    case ast::OperationDefinition::Kind::kQuery:
      out->append("query");
      break;
    case ast::OperationDefinition::Kind::kMutation:
      out->append("mutation");
      break;
    case ast::OperationDefinition::Kind::kSubscription:
      out->append("subscription");
      break;
  }
  if (!op.name.empty()) absl::StrAppend(out, " ", op.name);
  if (!op.variables.empty()) {
    out->push_back('(');
    bool first = true;
    for (const ast::VariableDefinition& v : op.variables) {
      if (!first) out->append(", ");
      first = false;
      absl::StrAppend(out, "$", v.name, ": ");
      PrintTypeTo(v.type, out);
      if (v.default_value) {
        out->append(" = ");
        PrintValueTo(*v.default_value, out);
      }
      PrintDirectives(v.directives, out);
    }
    out->push_back(')');
  }
  PrintDirectives(op.directives, out);
  out->push_back(' ');
  PrintSelectionSetTo(op.selection_set, 0, out);
}

void PrintDescription(const std::string& d, int level, std::string* out) {
  if (d.empty()) return;
  Indent(out, level);
  out->append(PrintStringValue(d, /*prefer_block=*/d.find('\n') !=
                                       std::string::npos));
  out->push_back('\n');
}

void PrintInputValue(const ast::InputValueDefinition& v, std::string* out) {
  absl::StrAppend(out, v.name, ": ");
  PrintTypeTo(v.type, out);
  if (v.default_value) {
    out->append(" = ");
    PrintValueTo(*v.default_value, out);
  }
  PrintDirectives(v.directives, out);
}

void PrintArgumentDefs(const std::vector<ast::InputValueDefinition>& args,
                       int level, std::string* out) {
  if (args.empty()) return;
  bool any_description = false;
  for (const auto& a : args) any_description |= !a.description.empty();
  out->push_back('(');
  if (any_description) {
    out->push_back('\n');
    for (const auto& a : args) {
      PrintDescription(a.description, level + 1, out);
      Indent(out, level + 1);
      PrintInputValue(a, out);
      out->push_back('\n');
    }
    Indent(out, level);
  } else {
    bool first = true;
    for (const auto& a : args) {
      if (!first) out->append(", ");
      first = false;
      PrintInputValue(a, out);
    }
  }
  out->push_back(')');
}

void PrintTypeDefinition(const ast::TypeDefinition& t, std::string* out) {
  using K = ast::TypeDefinition::Kind;
  PrintDescription(t.description, 0, out);
  if (t.is_extension) out->append("extend ");
  switch (t.kind) {
    case K::kObject:
      out->append("type ");
      break;
    case K::kInterface:
      out->append("interface ");
      break;
    case K::kEnum:
      out->append("enum ");
      break;
    case K::kScalar:
      out->append("scalar ");
      break;
    case K::kInputObject:
      out->append("input ");
      break;
    case K::kUnion:
      out->append("union ");
      break;
  }
  out->append(t.name);
  if (!t.interfaces.empty()) {
    out->append(" implements ");
    bool first = true;
    for (const ast::NamedRef& r : t.interfaces) {
      if (!first) out->append(" & ");
      first = false;
      out->append(r.name);
    }
  }
  PrintDirectives(t.directives, out);
  switch (t.kind) {
    case K::kObject:
    case K::kInterface:
      if (!t.fields.empty()) {
        out->append(" {\n");
        for (const ast::FieldDefinition& f : t.fields) {
          PrintDescription(f.description, 1, out);
          Indent(out, 1);
          out->append(f.name);
          PrintArgumentDefs(f.arguments, 1, out);
          out->append(": ");
          PrintTypeTo(f.type, out);
          PrintDirectives(f.directives, out);
          out->push_back('\n');
        }
        out->push_back('}');
      }
      break;
    case K::kInputObject:
      if (!t.input_fields.empty()) {
        out->append(" {\n");
        for (const auto& f : t.input_fields) {
          PrintDescription(f.description, 1, out);
          Indent(out, 1);
          PrintInputValue(f, out);
          out->push_back('\n');
        }
        out->push_back('}');
      }
      break;
    case K::kEnum:
      if (!t.enum_values.empty()) {
        out->append(" {\n");
        for (const auto& v : t.enum_values) {
          PrintDescription(v.description, 1, out);
          Indent(out, 1);
          out->append(v.name);
          PrintDirectives(v.directives, out);
          out->push_back('\n');
        }
        out->push_back('}');
      }
      break;
    case K::kUnion:
      if (!t.union_members.empty()) {
        out->append(" = ");
        bool first = true;
        for (const ast::NamedRef& r : t.union_members) {
          if (!first) out->append(" | ");
          first = false;
          out->append(r.name);
        }
      }
      break;
    case K::kScalar:
      break;
  }
}

}  // namespace

std::string QuoteString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += absl::StrFormat("\\u%04X", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

std::string Print(const ast::Value& value) {
  std::string out;
  PrintValueTo(value, &out);
  return out;
}

std::string Print(const ast::TypeRef& type) {
  std::string out;
  PrintTypeTo(type, &out);
  return out;
}

std::string Print(const ast::SelectionSet& selection_set) {
  std::string out;
  PrintSelectionSetTo(selection_set, 0, &out);
  return out;
}

std::string Print(const ast::FragmentDefinition& fragment) {
  std::string out;
  PrintFragmentTo(fragment, &out);
  return out;
}

std::string Print(const ast::ExecutableDocument& document) {
  std::string out;
  bool first = true;
  auto separate = [&]() {
    if (!first) out.append("\n\n");
    first = false;
  };
  if (document.stored_form && document.operations.size() == 1 &&
      document.operations[0].selection_set.selections.size() == 1 &&
      document.operations[0].selection_set.selections[0].kind ==
          ast::Selection::Kind::kField) {
    separate();
    PrintSelectionTo(document.operations[0].selection_set.selections[0], 0,
                     &out);
  } else {
    for (const ast::OperationDefinition& op : document.operations) {
      separate();
      PrintOperationTo(op, &out);
    }
  }
  for (const ast::FragmentDefinition& f : document.fragments) {
    separate();
    PrintFragmentTo(f, &out);
  }
  if (!out.empty()) out.push_back('\n');
  return out;
}

std::string Print(const ast::SchemaDocument& document) {
  std::string out;
  bool first = true;
  auto separate = [&]() {
    if (!first) out.append("\n\n");
    first = false;
  };
  for (const ast::SchemaDefinition& sd : document.schema_definitions) {
    separate();
    out.append("schema");
    PrintDirectives(sd.directives, &out);
    if (!sd.operation_types.empty()) {
      out.append(" {\n");
      for (const auto& [op, ref] : sd.operation_types) {
        absl::StrAppend(&out, "  ", op, ": ", ref.name, "\n");
      }
      out.push_back('}');
    }
  }
  for (const ast::DirectiveDefinition& d : document.directive_definitions) {
    separate();
    PrintDescription(d.description, 0, &out);
    absl::StrAppend(&out, "directive @", d.name);
    PrintArgumentDefs(d.arguments, 0, &out);
    if (d.repeatable) out.append(" repeatable");
    out.append(" on ");
    bool first_loc = true;
    for (const ast::NamedRef& r : d.locations) {
      if (!first_loc) out.append(" | ");
      first_loc = false;
      out.append(r.name);
    }
  }
  for (const ast::TypeDefinition& t : document.types) {
    separate();
    PrintTypeDefinition(t, &out);
  }
  if (!out.empty()) out.push_back('\n');
  return out;
}

}  // namespace vigil::syntax

// Recursive-descent parser for GraphQL executable documents and SDL.
//
// Nesting is bounded: every { [ ( the parser descends into goes through
// Open(), which refuses to go deeper than ParseOptions::max_depth, so the
// recursion depth of the parser (and of every later walk over the tree) is
// bounded. After an error the parser skips to the start of the next
// definition at bracket depth 0 and goes on, so one parse can report
// several problems.
#include "src/syntax/parser.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/syntax/lexer.h"

namespace vigil::syntax {
namespace {

using ast::Span;

bool IsDirectiveLocation(std::string_view n) {
  static constexpr std::string_view kLocations[] = {
      "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION",
      "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA",
      "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION",
      "INTERFACE", "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT",
      "INPUT_FIELD_DEFINITION"};
  for (std::string_view l : kLocations) {
    if (l == n) return true;
  }
  return false;
}

enum class Grammar { kStored, kDocument, kFragments, kSchema, kValue };

class Parser {
 public:
  Parser(std::string_view text, std::string_view file,
         const ParseOptions& options)
      : text_(text),
        file_(file),
        options_(options),
        lexer_(text, [this](std::string_view code, std::string msg,
                            uint32_t at) { AddError(code, std::move(msg), at); }) {
    Advance();
  }

  bool failed() const { return error_count_ > 0; }
  Diagnostics& diags() { return diags_; }

  // ---- entry points ----

  void ParseExecutableDocument(ast::ExecutableDocument* doc) {
    if (tok_.kind == TokenKind::kEof) {
      Unexpected("a query");
      return;
    }
    if (tok_.kind == TokenKind::kName && tok_.value != "query" &&
        tok_.value != "mutation" && tok_.value != "subscription" &&
        tok_.value != "fragment") {
      doc->stored_form = true;
      grammar_ = Grammar::kStored;
      ast::OperationDefinition op;
      op.kind = ast::OperationDefinition::Kind::kQuery;
      ast::Selection root;
      if (ParseField(&root)) {
        op.span = root.span;
        op.selection_set.span = root.span;
        op.selection_set.selections.push_back(std::move(root));
        doc->operations.push_back(std::move(op));
      } else {
        Recover();
      }
      ParseDefinitions(&doc->fragments, nullptr,
                       "a fragment definition (a stored query has one root field)");
      return;
    }
    grammar_ = Grammar::kDocument;
    ParseDefinitions(&doc->fragments, &doc->operations,
                     "an operation or fragment definition");
  }

  void ParseFragmentLibrary(std::vector<ast::FragmentDefinition>* out) {
    grammar_ = Grammar::kFragments;
    ParseDefinitions(out, nullptr, "a fragment definition");
  }

  // Reads definitions up to the end of input: fragment definitions into `fragments`
  // and, when `operations` is given, operations into it. Anything else is reported as
  // not being `expected`; after any error it recovers at the next definition.
  void ParseDefinitions(std::vector<ast::FragmentDefinition>* fragments,
                        std::vector<ast::OperationDefinition>* operations,
                        std::string_view expected) {
    while (!stop_ && tok_.kind != TokenKind::kEof) {
      if (IsName("fragment")) {
        ast::FragmentDefinition f;
        if (ParseFragmentDefinition(&f)) {
          fragments->push_back(std::move(f));
          continue;
        }
      } else if (operations != nullptr &&
                 (tok_.kind == TokenKind::kBraceL || IsName("query") ||
                  IsName("mutation") || IsName("subscription"))) {
        ast::OperationDefinition op;
        if (ParseOperation(&op)) {
          operations->push_back(std::move(op));
          continue;
        }
      } else {
        Unexpected(expected);
      }
      Recover();
    }
  }

  void ParseSchemaDocument(ast::SchemaDocument* doc) {
    grammar_ = Grammar::kSchema;
    while (!stop_ && tok_.kind != TokenKind::kEof) {
      if (!ParseTypeSystemDefinition(doc)) Recover();
    }
  }

  void ParseSingleValue(bool allow_variables, ast::Value* out) {
    grammar_ = Grammar::kValue;
    if (!ParseValue(!allow_variables, out)) return;
    if (tok_.kind != TokenKind::kEof) Unexpected("end of input");
  }

 private:
  // ---- tokens and errors ----

  void Advance() {
    prev_end_ = tok_.end;
    tok_ = lexer_.Next();
  }

  bool IsName(std::string_view n) const {
    return tok_.kind == TokenKind::kName && tok_.value == n;
  }

  void AddError(std::string_view code, std::string msg, uint32_t at) {
    if (stop_) return;
    if (diags_.size() >= options_.max_errors) {
      stop_ = true;
      return;
    }
    ++error_count_;
    diags_.push_back(MakeDiagnostic(code, std::move(msg), file_, text_, at));
  }

  std::string Describe(const Token& t) const {
    switch (t.kind) {
      case TokenKind::kName:
        return absl::StrCat("Name \"", t.value, "\"");
      case TokenKind::kInt:
      case TokenKind::kFloat:
        return absl::StrCat(TokenKindName(t.kind), " \"", t.value, "\"");
      case TokenKind::kString:
      case TokenKind::kBlockString: {
        std::string v = t.value.size() > 20 ? t.value.substr(0, 20) + "..."
                                            : t.value;
        return absl::StrCat(TokenKindName(t.kind), " \"", v, "\"");
      }
      default:
        return TokenKindName(t.kind);
    }
  }

  // Reports "expected X, found <current token>" unless the current token is
  // a lexical error that was already reported. Always returns false.
  bool Unexpected(std::string_view expected) {
    if (tok_.kind == TokenKind::kError) return false;
    AddError(tok_.kind == TokenKind::kEof ? "syntax.unexpected-eof"
                                          : "syntax.unexpected-token",
             absl::StrCat("expected ", std::string(expected), ", found ", Describe(tok_)),
             tok_.begin);
    return false;
  }

  bool Expect(TokenKind kind) {
    if (tok_.kind != kind) return Unexpected(TokenKindName(kind));
    Advance();
    return true;
  }

  bool ExpectKeyword(std::string_view kw) {
    if (!IsName(kw)) return Unexpected(absl::StrCat("\"", std::string(kw), "\""));
    Advance();
    return true;
  }

  bool ParseName(std::string* out, Span* span = nullptr) {
    if (tok_.kind != TokenKind::kName) return Unexpected("Name");
    if (span) *span = SpanOfToken();
    *out = tok_.value;
    Advance();
    return true;
  }

  // Consumes an opening bracket, refusing to nest too deep.
  bool Open(TokenKind kind) {
    if (tok_.kind != kind) return Unexpected(TokenKindName(kind));
    if (depth_ >= options_.max_depth) {
      AddError("syntax.too-deep",
               absl::StrCat("nesting too deep (more than ", options_.max_depth,
                            " levels of brackets)"),
               tok_.begin);
      return false;
    }
    Advance();
    ++depth_;
    return true;
  }

  bool Close(TokenKind kind) {
    if (!Expect(kind)) return false;
    --depth_;
    return true;
  }

  // A bracketed list of one or more items, each read by parse_item (which
  // returns false after reporting an error).
  template <typename ParseItem>
  bool ParseBracketed(TokenKind open, TokenKind close, ParseItem parse_item) {
    if (!Open(open)) return false;
    do {
      if (!parse_item()) return false;
    } while (tok_.kind != close);
    return Close(close);
  }

  // Names separated by `sep`, with an optional leading `sep`: the
  // interfaces after `implements` (A & B), a union's members (= A | B).
  bool ParseNameList(TokenKind sep, std::vector<ast::NamedRef>* out) {
    if (tok_.kind == sep) Advance();
    do {
      ast::NamedRef r;
      if (!ParseName(&r.name, &r.span)) return false;
      out->push_back(std::move(r));
    } while (tok_.kind == sep && (Advance(), true));
    return true;
  }

  // `{ item+ }` (or `( item+ )`) where each item is read by `parse` into a new
  // element of `out`.
  template <typename T, typename Parse>
  bool ParseList(TokenKind open, TokenKind close, std::vector<T>* out, Parse parse) {
    return ParseBracketed(open, close, [&] {
      T item;
      if (!parse(&item)) return false;
      out->push_back(std::move(item));
      return true;
    });
  }

  Span SpanOfToken() const {
    return Span{tok_.begin, tok_.end, tok_.line, tok_.column};
  }
  Span Start() const { return Span{tok_.begin, tok_.begin, tok_.line, tok_.column}; }
  void Finish(Span* s) const { s->end = prev_end_ > s->begin ? prev_end_ : s->begin; }

  bool AtDefinitionStart() const {
    switch (grammar_) {
      case Grammar::kStored:
      case Grammar::kFragments:
        return IsName("fragment");
      case Grammar::kDocument:
        return tok_.kind == TokenKind::kBraceL || IsName("query") ||
               IsName("mutation") || IsName("subscription") ||
               IsName("fragment");
      case Grammar::kSchema:
        return tok_.kind == TokenKind::kString ||
               tok_.kind == TokenKind::kBlockString || IsName("type") ||
               IsName("interface") || IsName("enum") || IsName("scalar") ||
               IsName("input") || IsName("union") || IsName("schema") ||
               IsName("directive") || IsName("extend");
      case Grammar::kValue:
        return false;
    }
    return false;
  }

  // Skips tokens until the start of a definition outside any brackets.
  void Recover() {
    int open = depth_;
    depth_ = 0;
    bool first = true;
    while (!stop_ && tok_.kind != TokenKind::kEof) {
      if (!first && open <= 0 && AtDefinitionStart()) return;
      first = false;
      switch (tok_.kind) {
        case TokenKind::kBraceL:
        case TokenKind::kBracketL:
        case TokenKind::kParenL:
          ++open;
          break;
        case TokenKind::kBraceR:
        case TokenKind::kBracketR:
        case TokenKind::kParenR:
          if (open > 0) --open;
          break;
        default:
          break;
      }
      Advance();
    }
  }

  // ---- values ----

  bool ParseValue(bool is_const, ast::Value* out) {
    out->span = Start();
    switch (tok_.kind) {
      case TokenKind::kBracketL: {
        out->kind = ast::ValueKind::kList;
        if (!Open(TokenKind::kBracketL)) return false;
        while (tok_.kind != TokenKind::kBracketR) {
          ast::Value v;
          if (!ParseValue(is_const, &v)) return false;
          out->list.push_back(std::move(v));
        }
        if (!Close(TokenKind::kBracketR)) return false;
        break;
      }
      case TokenKind::kBraceL: {
        out->kind = ast::ValueKind::kObject;
        if (!Open(TokenKind::kBraceL)) return false;
        while (tok_.kind != TokenKind::kBraceR) {
          ast::ObjectField f;
          if (!ParseName(&f.name, &f.name_span)) return false;
          if (!Expect(TokenKind::kColon)) return false;
          f.value = std::make_unique<ast::Value>();
          if (!ParseValue(is_const, f.value.get())) return false;
          out->fields.push_back(std::move(f));
        }
        if (!Close(TokenKind::kBraceR)) return false;
        break;
      }
      case TokenKind::kInt: {
        out->kind = ast::ValueKind::kInt;
        out->text = tok_.value;
        const char* b = tok_.value.data();
        const char* e = b + tok_.value.size();
        auto [ptr, ec] = std::from_chars(b, e, out->int_value);
        if (ec != std::errc() || ptr != e) {
          AddError("syntax.int-out-of-range",
                   absl::StrCat("Int literal ", tok_.value,
                                " does not fit in 64 bits"),
                   tok_.begin);
        }
        Advance();
        break;
      }
      case TokenKind::kFloat: {
        out->kind = ast::ValueKind::kFloat;
        out->text = tok_.value;
        errno = 0;
        double d = std::strtod(tok_.value.c_str(), nullptr);
        if (std::isinf(d)) {
          AddError("syntax.float-out-of-range",
                   absl::StrCat("Float literal ", tok_.value,
                                " is out of range"),
                   tok_.begin);
        }
        out->float_value = d;
        Advance();
        break;
      }
      case TokenKind::kString:
      case TokenKind::kBlockString:
        out->kind = ast::ValueKind::kString;
        out->block_string = tok_.kind == TokenKind::kBlockString;
        out->text = tok_.value;
        Advance();
        break;
      case TokenKind::kName:
        if (tok_.value == "true" || tok_.value == "false") {
          out->kind = ast::ValueKind::kBoolean;
          out->bool_value = tok_.value == "true";
        } else if (tok_.value == "null") {
          out->kind = ast::ValueKind::kNull;
        } else {
          out->kind = ast::ValueKind::kEnum;
          out->text = tok_.value;
        }
        Advance();
        break;
      case TokenKind::kDollar: {
        if (is_const) {
          AddError("syntax.unexpected-variable",
                   "variables are not allowed in a constant value",
                   tok_.begin);
          return false;
        }
        out->kind = ast::ValueKind::kVariable;
        Advance();
        if (!ParseName(&out->text)) return false;
        break;
      }
      default:
        return Unexpected("a value");
    }
    Finish(&out->span);
    return true;
  }

  bool ParseArguments(bool is_const, std::vector<ast::Argument>* out) {
    if (!Open(TokenKind::kParenL)) return false;
    do {
      ast::Argument a;
      a.span = Start();
      if (!ParseName(&a.name, &a.name_span)) return false;
      if (!Expect(TokenKind::kColon)) return false;
      if (!ParseValue(is_const, &a.value)) return false;
      Finish(&a.span);
      out->push_back(std::move(a));
    } while (tok_.kind != TokenKind::kParenR);
    return Close(TokenKind::kParenR);
  }

  bool ParseDirectives(bool is_const, std::vector<ast::Directive>* out) {
    while (tok_.kind == TokenKind::kAt) {
      ast::Directive d;
      d.span = Start();
      Advance();
      if (!ParseName(&d.name)) return false;
      if (tok_.kind == TokenKind::kParenL &&
          !ParseArguments(is_const, &d.arguments)) {
        return false;
      }
      Finish(&d.span);
      out->push_back(std::move(d));
    }
    return true;
  }

  bool ParseTypeRef(ast::TypeRef* out) {
    out->span = Start();
    if (tok_.kind == TokenKind::kBracketL) {
      if (!Open(TokenKind::kBracketL)) return false;
      out->kind = ast::TypeRef::Kind::kList;
      out->inner = std::make_unique<ast::TypeRef>();
      if (!ParseTypeRef(out->inner.get())) return false;
      if (!Close(TokenKind::kBracketR)) return false;
    } else {
      out->kind = ast::TypeRef::Kind::kNamed;
      if (!ParseName(&out->name)) return false;
    }
    Finish(&out->span);
    if (tok_.kind == TokenKind::kBang) {
      Advance();
      ast::TypeRef nn;
      nn.kind = ast::TypeRef::Kind::kNonNull;
      nn.span = out->span;
      nn.inner = std::make_unique<ast::TypeRef>(std::move(*out));
      Finish(&nn.span);
      *out = std::move(nn);
    }
    return true;
  }

  // ---- executable definitions ----

  bool ParseSelectionSet(ast::SelectionSet* out) {
    out->span = Start();
    if (!ParseList(TokenKind::kBraceL, TokenKind::kBraceR, &out->selections,
                   [&](ast::Selection* s) { return ParseSelection(s); })) {
      return false;
    }
    Finish(&out->span);
    return true;
  }

  bool ParseField(ast::Selection* out) {
    out->kind = ast::Selection::Kind::kField;
    out->span = Start();
    std::string first;
    Span first_span;
    if (!ParseName(&first, &first_span)) return false;
    if (tok_.kind == TokenKind::kColon) {
      Advance();
      out->alias = std::move(first);
      out->alias_span = first_span;
      if (!ParseName(&out->name, &out->name_span)) return false;
    } else {
      out->name = std::move(first);
      out->name_span = first_span;
    }
    if (tok_.kind == TokenKind::kParenL &&
        !ParseArguments(/*is_const=*/false, &out->arguments)) {
      return false;
    }
    if (!ParseDirectives(false, &out->directives)) return false;
    if (tok_.kind == TokenKind::kBraceL) {
      out->has_selection_set = true;
      if (!ParseSelectionSet(&out->selection_set)) return false;
    }
    Finish(&out->span);
    return true;
  }

  bool ParseSelection(ast::Selection* out) {
    if (tok_.kind != TokenKind::kSpread) {
      if (tok_.kind != TokenKind::kName) {
        return Unexpected("a field, \"...\" or \"}\"");
      }
      return ParseField(out);
    }
    out->span = Start();
    Advance();
    if (tok_.kind == TokenKind::kName && tok_.value != "on") {
      out->kind = ast::Selection::Kind::kFragmentSpread;
      out->name_span = SpanOfToken();
      out->name = tok_.value;
      Advance();
      if (!ParseDirectives(false, &out->directives)) return false;
      Finish(&out->span);
      return true;
    }
    out->kind = ast::Selection::Kind::kInlineFragment;
    if (IsName("on")) {
      Advance();
      if (!ParseName(&out->type_condition, &out->type_condition_span)) {
        return false;
      }
    }
    if (!ParseDirectives(false, &out->directives)) return false;
    out->has_selection_set = true;
    if (!ParseSelectionSet(&out->selection_set)) return false;
    Finish(&out->span);
    return true;
  }

  bool ParseOperation(ast::OperationDefinition* out) {
    out->span = Start();
    if (tok_.kind == TokenKind::kBraceL) {
      out->kind = ast::OperationDefinition::Kind::kQuery;
      if (!ParseSelectionSet(&out->selection_set)) return false;
      Finish(&out->span);
      return true;
    }
    if (IsName("query")) {
      out->kind = ast::OperationDefinition::Kind::kQuery;
    } else if (IsName("mutation")) {
      out->kind = ast::OperationDefinition::Kind::kMutation;
    } else if (IsName("subscription")) {
      out->kind = ast::OperationDefinition::Kind::kSubscription;
    } else {
      return Unexpected("\"query\"");
    }
    Advance();
    if (tok_.kind == TokenKind::kName) {
      out->name = tok_.value;
      Advance();
    }
    if (tok_.kind == TokenKind::kParenL) {
      if (!Open(TokenKind::kParenL)) return false;
      do {
        ast::VariableDefinition v;
        v.span = Start();
        if (tok_.kind != TokenKind::kDollar) return Unexpected("\"$\"");
        Advance();
        if (!ParseName(&v.name)) return false;
        if (!Expect(TokenKind::kColon)) return false;
        if (!ParseTypeRef(&v.type)) return false;
        if (tok_.kind == TokenKind::kEquals) {
          Advance();
          v.default_value.emplace();
          if (!ParseValue(/*is_const=*/true, &*v.default_value)) return false;
        }
        if (!ParseDirectives(true, &v.directives)) return false;
        Finish(&v.span);
        out->variables.push_back(std::move(v));
      } while (tok_.kind != TokenKind::kParenR);
      if (!Close(TokenKind::kParenR)) return false;
    }
    if (!ParseDirectives(false, &out->directives)) return false;
    if (!ParseSelectionSet(&out->selection_set)) return false;
    Finish(&out->span);
    return true;
  }

  bool ParseFragmentDefinition(ast::FragmentDefinition* out) {
    out->span = Start();
    if (!ExpectKeyword("fragment")) return false;
    if (IsName("on")) return Unexpected("a fragment name (not \"on\")");
    if (!ParseName(&out->name, &out->name_span)) return false;
    if (!ExpectKeyword("on")) return false;
    if (!ParseName(&out->type_condition, &out->type_condition_span)) {
      return false;
    }
    if (!ParseDirectives(false, &out->directives)) return false;
    if (!ParseSelectionSet(&out->selection_set)) return false;
    Finish(&out->span);
    return true;
  }

  // ---- type-system definitions ----

  bool ParseDescription(std::string* out) {
    if (tok_.kind == TokenKind::kString ||
        tok_.kind == TokenKind::kBlockString) {
      *out = tok_.value;
      Advance();
    }
    return true;
  }

  bool ParseInputValueDefinition(ast::InputValueDefinition* out) {
    out->span = Start();
    ParseDescription(&out->description);
    if (!ParseName(&out->name)) return false;
    if (!Expect(TokenKind::kColon)) return false;
    if (!ParseTypeRef(&out->type)) return false;
    if (tok_.kind == TokenKind::kEquals) {
      Advance();
      out->default_value.emplace();
      if (!ParseValue(/*is_const=*/true, &*out->default_value)) return false;
    }
    if (!ParseDirectives(true, &out->directives)) return false;
    Finish(&out->span);
    return true;
  }

  bool ParseArgumentDefinitions(std::vector<ast::InputValueDefinition>* out) {
    return ParseList(TokenKind::kParenL, TokenKind::kParenR, out,
                     [&](ast::InputValueDefinition* v) { return ParseInputValueDefinition(v); });
  }

  bool ParseFieldDefinition(ast::FieldDefinition* out) {
    out->span = Start();
    ParseDescription(&out->description);
    if (!ParseName(&out->name, &out->name_span)) return false;
    if (tok_.kind == TokenKind::kParenL &&
        !ParseArgumentDefinitions(&out->arguments)) {
      return false;
    }
    if (!Expect(TokenKind::kColon)) return false;
    if (!ParseTypeRef(&out->type)) return false;
    if (!ParseDirectives(true, &out->directives)) return false;
    Finish(&out->span);
    return true;
  }

  bool ParseTypeDefinition(ast::TypeDefinition* td) {
    using K = ast::TypeDefinition::Kind;
    std::string kw = tok_.value;
    if (kw == "type") {
      td->kind = K::kObject;
    } else if (kw == "interface") {
      td->kind = K::kInterface;
    } else if (kw == "enum") {
      td->kind = K::kEnum;
    } else if (kw == "scalar") {
      td->kind = K::kScalar;
    } else if (kw == "input") {
      td->kind = K::kInputObject;
    } else {
      td->kind = K::kUnion;
    }
    Advance();
    if (!ParseName(&td->name, &td->name_span)) return false;
    if ((td->kind == K::kObject || td->kind == K::kInterface) &&
        IsName("implements")) {
      Advance();
      if (!ParseNameList(TokenKind::kAmp, &td->interfaces)) return false;
    }
    if (!ParseDirectives(true, &td->directives)) return false;
    switch (td->kind) {
      case K::kObject:
      case K::kInterface:
        if (tok_.kind == TokenKind::kBraceL &&
            !ParseList(TokenKind::kBraceL, TokenKind::kBraceR, &td->fields,
                       [&](ast::FieldDefinition* f) { return ParseFieldDefinition(f); })) {
          return false;
        }
        break;
      case K::kInputObject:
        if (tok_.kind == TokenKind::kBraceL &&
            !ParseList(TokenKind::kBraceL, TokenKind::kBraceR, &td->input_fields,
                       [&](ast::InputValueDefinition* f) {
                         return ParseInputValueDefinition(f);
                       })) {
          return false;
        }
        break;
      case K::kEnum:
        if (tok_.kind == TokenKind::kBraceL) {
          if (!Open(TokenKind::kBraceL)) return false;
          do {
            ast::EnumValueDefinition v;
            v.span = Start();
            ParseDescription(&v.description);
            if (IsName("true") || IsName("false") || IsName("null")) {
              AddError("syntax.reserved-enum-value",
                       absl::StrCat("\"", tok_.value,
                                    "\" is reserved and cannot be used for "
                                    "an enum value"),
                       tok_.begin);
              return false;
            }
            if (!ParseName(&v.name)) return false;
            if (!ParseDirectives(true, &v.directives)) return false;
            Finish(&v.span);
            td->enum_values.push_back(std::move(v));
          } while (tok_.kind != TokenKind::kBraceR);
          if (!Close(TokenKind::kBraceR)) return false;
        }
        break;
      case K::kUnion:
        if (tok_.kind == TokenKind::kEquals) {
          Advance();
          if (!ParseNameList(TokenKind::kPipe, &td->union_members)) return false;
        }
        break;
      case K::kScalar:
        break;
    }
    return true;
  }

  bool ParseSchemaDefinition(ast::SchemaDefinition* sd, bool is_extension) {
    Advance();  // schema
    if (!ParseDirectives(true, &sd->directives)) return false;
    if (tok_.kind != TokenKind::kBraceL) {
      if (is_extension) return true;
      return Unexpected(TokenKindName(TokenKind::kBraceL));
    }
    if (!Open(TokenKind::kBraceL)) return false;
    do {
      if (!(IsName("query") || IsName("mutation") || IsName("subscription"))) {
        return Unexpected("\"query\", \"mutation\" or \"subscription\"");
      }
      std::string op = tok_.value;
      Advance();
      if (!Expect(TokenKind::kColon)) return false;
      ast::NamedRef r;
      if (!ParseName(&r.name, &r.span)) return false;
      sd->operation_types.emplace_back(std::move(op), std::move(r));
    } while (tok_.kind != TokenKind::kBraceR);
    return Close(TokenKind::kBraceR);
  }

  bool ParseDirectiveDefinition(ast::DirectiveDefinition* dd) {
    Advance();  // directive
    if (!Expect(TokenKind::kAt)) return false;
    if (!ParseName(&dd->name)) return false;
    if (tok_.kind == TokenKind::kParenL &&
        !ParseArgumentDefinitions(&dd->arguments)) {
      return false;
    }
    if (IsName("repeatable")) {
      dd->repeatable = true;
      Advance();
    }
    if (!ExpectKeyword("on")) return false;
    if (tok_.kind == TokenKind::kPipe) Advance();
    do {
      ast::NamedRef r;
      if (tok_.kind == TokenKind::kName && !IsDirectiveLocation(tok_.value)) {
        return Unexpected("a directive location");
      }
      if (!ParseName(&r.name, &r.span)) return false;
      dd->locations.push_back(std::move(r));
    } while (tok_.kind == TokenKind::kPipe && (Advance(), true));
    return true;
  }

  bool ParseTypeSystemDefinition(ast::SchemaDocument* doc) {
    Span span = Start();
    std::string description;
    bool has_description = tok_.kind == TokenKind::kString ||
                           tok_.kind == TokenKind::kBlockString;
    ParseDescription(&description);
    bool is_extension = false;
    if (IsName("extend")) {
      if (has_description) {
        AddError("syntax.unexpected-description",
                 "a type extension cannot have a description", span.begin);
        return false;
      }
      is_extension = true;
      Advance();
    }
    if (tok_.kind != TokenKind::kName) {
      return Unexpected("a type-system definition");
    }
    if (IsName("type") || IsName("interface") || IsName("enum") ||
        IsName("scalar") || IsName("input") || IsName("union")) {
      ast::TypeDefinition td;
      td.span = span;
      td.description = std::move(description);
      td.is_extension = is_extension;
      if (!ParseTypeDefinition(&td)) return false;
      Finish(&td.span);
      doc->types.push_back(std::move(td));
      return true;
    }
    if (IsName("schema")) {
      ast::SchemaDefinition sd;
      sd.span = span;
      if (!ParseSchemaDefinition(&sd, is_extension)) return false;
      Finish(&sd.span);
      doc->schema_definitions.push_back(std::move(sd));
      return true;
    }
    if (IsName("directive") && !is_extension) {
      ast::DirectiveDefinition dd;
      dd.span = span;
      dd.description = std::move(description);
      if (!ParseDirectiveDefinition(&dd)) return false;
      Finish(&dd.span);
      doc->directive_definitions.push_back(std::move(dd));
      return true;
    }
    if (IsName("query") || IsName("mutation") || IsName("subscription") ||
        IsName("fragment")) {
      AddError("syntax.executable-in-schema",
               absl::StrCat("executable definition \"", tok_.value,
                            "\" is not allowed in a schema"),
               tok_.begin);
      return false;
    }
    return Unexpected("a type-system definition");
  }

  std::string_view text_;
  std::string file_;
  ParseOptions options_;
  Diagnostics diags_;
  size_t error_count_ = 0;
  bool stop_ = false;
  int depth_ = 0;
  Grammar grammar_ = Grammar::kDocument;
  uint32_t prev_end_ = 0;
  Token tok_;
  Lexer lexer_;
};

// Texts larger than this are refused (offsets are 32-bit).
constexpr size_t kMaxText = 0x7fffffff;

absl::Status TooLarge(std::string_view file, Diagnostics* diags) {
  Diagnostic d;
  d.code = "syntax.too-large";
  d.message = "text is larger than 2 GiB";
  d.file = std::string(file);
  if (diags) diags->push_back(d);
  return absl::InvalidArgumentError(d.ToString());
}

template <typename T>
absl::StatusOr<T> Finish(Parser& p, T value, Diagnostics* diags) {
  if (diags) {
    diags->insert(diags->end(), p.diags().begin(), p.diags().end());
  }
  if (p.failed()) return DiagnosticsToStatus(p.diags());
  return value;
}

}  // namespace

absl::StatusOr<ast::ExecutableDocument> ParseExecutable(
    std::string_view text, std::string_view file_name,
    const ParseOptions& options, Diagnostics* diags) {
  if (text.size() > kMaxText) return TooLarge(file_name, diags);
  Parser p(text, file_name, options);
  ast::ExecutableDocument doc;
  p.ParseExecutableDocument(&doc);
  return Finish(p, std::move(doc), diags);
}

absl::StatusOr<std::vector<ast::FragmentDefinition>> ParseFragments(
    std::string_view text, std::string_view file_name,
    const ParseOptions& options, Diagnostics* diags) {
  if (text.size() > kMaxText) return TooLarge(file_name, diags);
  Parser p(text, file_name, options);
  std::vector<ast::FragmentDefinition> out;
  p.ParseFragmentLibrary(&out);
  return Finish(p, std::move(out), diags);
}

absl::StatusOr<ast::SchemaDocument> ParseSchema(std::string_view text,
                                                std::string_view file_name,
                                                const ParseOptions& options,
                                                Diagnostics* diags) {
  if (text.size() > kMaxText) return TooLarge(file_name, diags);
  Parser p(text, file_name, options);
  ast::SchemaDocument doc;
  p.ParseSchemaDocument(&doc);
  return Finish(p, std::move(doc), diags);
}

absl::StatusOr<ast::Value> ParseValue(std::string_view text,
                                      std::string_view file_name,
                                      bool allow_variables,
                                      const ParseOptions& options,
                                      Diagnostics* diags) {
  if (text.size() > kMaxText) return TooLarge(file_name, diags);
  Parser p(text, file_name, options);
  ast::Value v;
  p.ParseSingleValue(allow_variables, &v);
  return Finish(p, std::move(v), diags);
}

}  // namespace vigil::syntax

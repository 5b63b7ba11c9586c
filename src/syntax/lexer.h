// GraphQL lexer (graphql-js 16 rules), shared by the executable and SDL
// parsers. Internal to the syntax layer.
#ifndef VIGIL_SRC_SYNTAX_LEXER_H_
#define VIGIL_SRC_SYNTAX_LEXER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::syntax {

enum class TokenKind : uint8_t {
  kEof,
  kBang,       // !
  kDollar,     // $
  kAmp,        // &
  kParenL,     // (
  kParenR,     // )
  kSpread,     // ...
  kColon,      // :
  kEquals,     // =
  kAt,         // @
  kBracketL,   // [
  kBracketR,   // ]
  kBraceL,     // {
  kPipe,       // |
  kBraceR,     // }
  kName,
  kInt,
  kFloat,
  kString,
  kBlockString,
  kError,  // a lexical error, already reported
};

const char* TokenKindName(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kEof;
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t line = 1;
  uint32_t column = 1;
  // Names and numbers: the text; strings: the decoded value.
  std::string value;
};

class Lexer {
 public:
  // Called for each lexical error: (code, message, byte offset).
  using ErrorFn =
      std::function<void(std::string_view, std::string, uint32_t)>;

  Lexer(std::string_view text, ErrorFn on_error);

  // Returns the next significant token. Errors are reported through
  // on_error and returned as kError tokens (the lexer moves past them).
  Token Next();

  // 1-based line and column (in code points) of a byte offset the lexer has
  // already passed.
  void Locate(uint32_t offset, uint32_t* line, uint32_t* column) const;

 private:
  void SkipIgnored();
  Token Make(TokenKind kind, uint32_t begin, uint32_t end);
  Token Error(std::string_view code, std::string message, uint32_t at,
              uint32_t resume);
  Token ReadNumber(uint32_t start);
  Token ReadName(uint32_t start);
  Token ReadString(uint32_t start);
  Token ReadBlockString(uint32_t start);
  // Decodes one UTF-8 code point at pos; returns its length (0 = invalid).
  int DecodeUtf8(uint32_t pos, uint32_t* cp) const;
  std::string DescribeCharAt(uint32_t pos) const;
  int Peek(uint32_t pos) const {
    return pos < text_.size() ? static_cast<unsigned char>(text_[pos]) : -1;
  }
  void NewLine(uint32_t next_line_start);

  std::string_view text_;
  ErrorFn on_error_;
  uint32_t pos_ = 0;
  // Offsets at which lines start (line_starts_[0] == 0), filled as the
  // lexer passes line terminators.
  std::vector<uint32_t> line_starts_;
  // The last place Locate() found, so that locating tokens in order counts
  // each character once.
  mutable uint32_t located_offset_ = 0, located_column_ = 1;
};

// graphql-js dedentBlockStringLines applied to raw block-string lines.
std::string DedentBlockString(const std::vector<std::string>& lines);

}  // namespace vigil::syntax

#endif  // VIGIL_SRC_SYNTAX_LEXER_H_

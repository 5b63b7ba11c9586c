// UTF-8 helpers for messages and locations: columns in code points, text
// that is safe to print (no raw control or invalid bytes), prefixes cut at
// a character boundary.
#ifndef VIGIL_SRC_BASE_UTF8_H_
#define VIGIL_SRC_BASE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace vigil {

// Length of the well-formed UTF-8 sequence at s[i] (1 to 4), or 0 when the
// bytes there are not one (a stray continuation byte, an overlong form, a
// surrogate, a truncated sequence, a value above U+10FFFF).
size_t Utf8SequenceLength(std::string_view s, size_t i);

// Offset of the first byte of `s` that does not start a well-formed UTF-8
// sequence, or npos when all of `s` is well-formed.
size_t FindInvalidUtf8(std::string_view s);

// The number of characters in `s` as vigil counts columns: every byte that
// is not a UTF-8 continuation byte (10xxxxxx) counts one, so a well-formed
// character counts one whatever its length. (Tabs count one too.)
size_t CountCodePoints(std::string_view s);

// `s` made safe to print inside a message: well-formed UTF-8 text is kept;
// `\n`, `\r`, `\t` become those two-character escapes, other control
// characters (and DEL) `\u00XX`, and each byte of malformed UTF-8 `\xNN`.
std::string Printable(std::string_view s);

// `"s"` with Printable's escapes and `"` / `\` escaped: a key or value as
// it would be written in JSON, for messages.
std::string Quoted(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` bytes that does not cut
// a UTF-8 sequence in two.
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_UTF8_H_

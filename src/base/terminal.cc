#include "src/base/terminal.h"

#include <cstdio>

#include "src/base/utf8.h"

namespace vigil {

std::string TerminalSafe(std::string_view s, bool keep_sgr) {
  std::string out;
  out.reserve(s.size());
  char buf[8];
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == 0x1B && keep_sgr && i + 1 < s.size() && s[i + 1] == '[') {
        size_t j = i + 2;
        while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';')) ++j;
        if (j < s.size() && s[j] == 'm') {
          out.append(s.substr(i, j + 1 - i));
          i = j + 1;
          continue;
        }
      }
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
      ++i;
    } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(s[i + 1]));
      out += buf;
      i += 2;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace vigil

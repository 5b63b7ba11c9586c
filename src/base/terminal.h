// Text from inputs shown on a terminal: nothing in an input may drive it.
#ifndef VIGIL_SRC_BASE_TERMINAL_H_
#define VIGIL_SRC_BASE_TERMINAL_H_

#include <string>
#include <string_view>

namespace vigil {

// `s` with control characters escaped (C0 but newline and tab as \xNN, DEL
// as \x7f, C1 as \u00NN) and malformed UTF-8 bytes as \xNN, so that no ESC,
// OSC, BEL or backspace from an input (a control's text, a case name, a
// file name) reaches the terminal. With `keep_sgr`, colour sequences
// (ESC [ digits and ';' m, which only set colours) are kept: for text that
// vigil coloured itself.
std::string TerminalSafe(std::string_view s, bool keep_sgr = false);

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_TERMINAL_H_

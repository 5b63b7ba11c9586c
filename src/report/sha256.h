// SHA-256 (FIPS 180-4), for the Content-Security-Policy hashes of the HTML
// report's inline style and script. Not part of the public API.
#ifndef VIGIL_SRC_REPORT_SHA256_H_
#define VIGIL_SRC_REPORT_SHA256_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace vigil::report_internal {

// The 32-byte digest of `data`.
std::array<uint8_t, 32> Sha256(std::string_view data);

}  // namespace vigil::report_internal

#endif  // VIGIL_SRC_REPORT_SHA256_H_

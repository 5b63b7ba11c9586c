// libFuzzer target: the text parsers of vigil/parameters.h — ISO-8601
// durations (DateTime offsets such as "-P90D"), RFC 3339 instants,
// `--param` flags, `--params` files and parameter types — on arbitrary
// bytes. Invariants: an instant formats to text that parses back to it; a
// duration applied to a valid instant gives an instant that does too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "vigil/parameters.h"
#include "vigil/schema.h"
#include "vigil/value.h"

#ifndef VIGIL_SOURCE_DIR
#error "VIGIL_SOURCE_DIR must be defined (fuzz/CMakeLists.txt)"
#endif

namespace {

const vigil::Schema& GetSchema() {
  static const auto* schema = [] {
    std::string path = std::string(VIGIL_SOURCE_DIR) + "/schemas/aws.graphql";
    FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) std::abort();
    std::string sdl;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) sdl.append(buf, n);
    std::fclose(f);
    auto s = vigil::Schema::FromSdl(sdl, path);
    if (!s.ok()) std::abort();
    return new std::shared_ptr<const vigil::Schema>(*s);
  }();
  return **schema;
}

void CheckInstant(vigil::Instant t) {
  if (t < vigil::Instant::Min() || t > vigil::Instant::Max()) std::abort();
  if (t.nanos < 0 || t.nanos > 999999999) std::abort();
  std::string text = vigil::FormatInstant(t);
  auto back = vigil::ParseInstant(text);
  if (!back || *back != t) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // Instants and durations, from now and from the edges of the range.
  constexpr vigil::Instant kNow{1767225600, 0};  // 2026-01-01
  constexpr vigil::Instant kEdges[] = {kNow, vigil::Instant{}, vigil::Instant::Min(),
                                       vigil::Instant::Max(), vigil::Instant{-1, 999999999}};
  auto t = vigil::ParseInstant(text);
  if (t) CheckInstant(*t);
  for (vigil::Instant now : kEdges) {
    auto d = vigil::ApplyIsoDuration(now, text);
    if (d) CheckInstant(*d);
    if (t) {
      (void)vigil::ApplyIsoDuration(*t, "-P1Y2M3DT4H5M6.5S");
    }
  }
  // --param flags and --params files.
  vigil::ParameterOverrides overrides;
  auto st = vigil::ParseParamFlag(text, &overrides);
  if (st.ok() != (overrides.size() == 1)) std::abort();
  vigil::Diagnostics diags;
  vigil::ParameterOverrides from_file;
  auto fs = vigil::ParseParamsFile(text, "params.json", &from_file, &diags);
  if (!fs.ok() && diags.empty()) std::abort();
  // Types: the input as a parameter type, against a few values and uses.
  const vigil::Schema& schema = GetSchema();
  std::string why;
  bool valid = vigil::IsValidParameterType(text, schema, &why);
  if (!valid && why.empty()) std::abort();
  for (std::string_view use : {"String", "[String!]", "Int!", "DateTime", "VpcWhere"}) {
    (void)vigil::TypeFits(text, use);
    (void)vigil::TypeFits(use, text);
  }
  if (valid) {
    for (std::string_view json : {"null", "1", "\"-P90D\"", "[\"2025-01-01\", null]", "{}"}) {
      auto v = vigil::Value::ParseJson(json);
      why.clear();
      if (!vigil::ValueFitsType(*v, text, schema, &why) && why.empty()) std::abort();
    }
  }
  // Overridden values against the schema's types, as ValidateOverrides does.
  for (const auto& [control, params] : from_file) {
    for (const auto& [name, value] : params) {
      why.clear();
      (void)vigil::ValueFitsType(value, "[DateTime]", schema, &why);
      (void)vigil::ValueFitsType(value, "Severity", schema, &why);
    }
  }
  return 0;
}

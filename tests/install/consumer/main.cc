// vigil_consumer SCHEMA.graphql — parses a schema with an installed vigil and
// prints its root fields, one "name: Type" per line. Exit status 1 (and the
// diagnostics on stderr) when the schema is refused, 2 on a usage error.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "vigil/diagnostic.h"
#include "vigil/schema.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: vigil_consumer SCHEMA.graphql\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "vigil_consumer: cannot read " << argv[1] << "\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  const std::string sdl = text.str();

  vigil::Diagnostics diags;
  absl::StatusOr<std::shared_ptr<const vigil::Schema>> schema =
      vigil::Schema::FromSdl(sdl, argv[1], &diags);
  if (!schema.ok()) {
    for (const vigil::Diagnostic& d : diags) std::cerr << d.ToString() << "\n";
    if (diags.empty()) std::cerr << schema.status() << "\n";
    return 1;
  }
  for (const vigil::RootField& field : (*schema)->root_fields()) {
    std::cout << field.name << ": " << (*schema)->type(field.type).name << "\n";
  }
  std::cout << (*schema)->root_fields().size() << " root fields\n";
  return 0;
}

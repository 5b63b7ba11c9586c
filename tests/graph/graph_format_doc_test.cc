// The examples of docs/graph-format.md, so that the page cannot drift from
// the loader. Every fenced ```json block of the page must be announced by a
// comment on the line before its fence:
//
//   <!-- doc-test: loads with SCHEMA -->
//   <!-- doc-test: fails with SCHEMA: CODE: TEXT -->
//
// where SCHEMA is the name of a ```graphql block of the page announced by
// `<!-- doc-test: schema NAME -->`, or the path of a schema file relative to
// the source tree. A block that "loads" must load with LoadGraphJson; one
// that "fails" must be refused with a diagnostic of code CODE whose message
// contains TEXT. A ```json block without such a comment fails the test.
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "vigil/diagnostic.h"
#include "vigil/json_loader.h"
#include "vigil/schema.h"

namespace vigil {
namespace {

constexpr char kPage[] = "docs/graph-format.md";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Block {
  int line = 0;            // of the opening fence (1-based)
  std::string language;    // after the ```
  std::string directive;   // the doc-test comment's text, or empty
  std::string text;
};

// The fenced blocks of a Markdown page, each with the doc-test comment on
// the line before its fence (if any).
std::vector<Block> FencedBlocks(const std::string& page) {
  std::vector<Block> blocks;
  std::istringstream in(page);
  std::string line, previous;
  int n = 0;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    ++n;
    if (open != nullptr) {
      if (line.rfind("```", 0) == 0) {
        open = nullptr;
      } else {
        open->text += line;
        open->text += '\n';
      }
      continue;
    }
    if (line.rfind("```", 0) == 0) {
      Block b;
      b.line = n;
      b.language = line.substr(3);
      const std::string prefix = "<!-- doc-test: ";
      const std::string suffix = " -->";
      if (previous.rfind(prefix, 0) == 0 && previous.size() >= prefix.size() + suffix.size() &&
          previous.compare(previous.size() - suffix.size(), suffix.size(), suffix) == 0) {
        b.directive = previous.substr(prefix.size(),
                                      previous.size() - prefix.size() - suffix.size());
      }
      blocks.push_back(std::move(b));
      open = &blocks.back();
    }
    previous = line;
  }
  EXPECT_EQ(open, nullptr) << kPage << ": a fenced block is not closed";
  return blocks;
}

bool Consume(std::string& s, const std::string& prefix) {
  if (s.rfind(prefix, 0) != 0) return false;
  s.erase(0, prefix.size());
  return true;
}

TEST(GraphFormatDocTest, EveryJsonExampleLoadsOrFailsAsThePageSays) {
  const std::string root = VIGIL_SOURCE_DIR;
  const std::string page = ReadFile(root + "/" + kPage);
  ASSERT_FALSE(page.empty()) << "cannot read " << kPage;

  std::map<std::string, std::shared_ptr<const Schema>> schemas;
  auto schema_named = [&](const std::string& name) -> std::shared_ptr<const Schema> {
    auto it = schemas.find(name);
    if (it != schemas.end()) return it->second;
    if (name.find('/') == std::string::npos) return nullptr;  // not a path
    const std::string sdl = ReadFile(root + "/" + name);
    if (sdl.empty()) return nullptr;
    auto s = Schema::FromSdl(sdl, name);
    EXPECT_TRUE(s.ok()) << name << ": " << s.status();
    if (!s.ok()) return nullptr;
    schemas[name] = *s;
    return *s;
  };

  int loads = 0, fails = 0;
  for (const Block& b : FencedBlocks(page)) {
    const std::string where = std::string(kPage) + ":" + std::to_string(b.line);
    std::string d = b.directive;
    if (b.language == "graphql") {
      if (!Consume(d, "schema ")) continue;  // a snippet, not a schema
      auto s = Schema::FromSdl(b.text, where);
      ASSERT_TRUE(s.ok()) << where << ": " << s.status();
      schemas[d] = *s;
      continue;
    }
    if (b.language != "json") continue;
    SCOPED_TRACE(where);
    const bool expect_ok = Consume(d, "loads with ");
    if (!expect_ok && !Consume(d, "fails with ")) {
      ADD_FAILURE() << where
                    << ": a JSON example needs a `<!-- doc-test: loads with SCHEMA -->` or "
                       "`<!-- doc-test: fails with SCHEMA: CODE: TEXT -->` line before it";
      continue;
    }
    std::string schema_name = d, code, text;
    if (!expect_ok) {
      const size_t c1 = d.find(": ");
      const size_t c2 = c1 == std::string::npos ? c1 : d.find(": ", c1 + 2);
      ASSERT_NE(c2, std::string::npos) << where << ": expected `fails with SCHEMA: CODE: TEXT`";
      schema_name = d.substr(0, c1);
      code = d.substr(c1 + 2, c2 - c1 - 2);
      text = d.substr(c2 + 2);
    }
    std::shared_ptr<const Schema> schema = schema_named(schema_name);
    ASSERT_NE(schema, nullptr) << where << ": no schema named \"" << schema_name << "\"";

    Diagnostics diags;
    LoadOptions options;
    options.file_name = where;
    options.diagnostics = &diags;
    auto graph = LoadGraphJson(b.text, schema, options);
    if (expect_ok) {
      ++loads;
      EXPECT_TRUE(graph.ok()) << graph.status() << "\n" << b.text;
      continue;
    }
    ++fails;
    EXPECT_FALSE(graph.ok()) << "loaded, but the page says it fails:\n" << b.text;
    if (graph.ok()) continue;
    ASSERT_FALSE(diags.empty()) << graph.status();
    EXPECT_EQ(diags.front().code, code) << diags.front().ToString();
    EXPECT_NE(diags.front().message.find(text), std::string::npos)
        << "message: " << diags.front().message << "\nexpected to contain: " << text;
  }
  // The page has a schema, examples that load and examples that fail.
  EXPECT_EQ(schemas.count("inventory"), 1u);
  EXPECT_GE(loads, 4);
  EXPECT_GE(fails, 8);
}

}  // namespace
}  // namespace vigil

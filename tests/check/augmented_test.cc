// What `vigil schema print --augmented` prints is exactly what queries accept:
// every input key it lists (with a value of its type) binds and evaluates,
// and no other key made of the schema's names and the dialect's suffixes
// does. (tests/check/augmented_parity.py compares the printed schema with
// @neo4j/graphql's own.)
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/check/input_types.h"
#include "src/check/output_types.h"
#include "src/check/schema_printer.h"
#include "vigil/json_loader.h"
#include "vigil/query.h"

namespace vigil::check {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A value of `type` that its key accepts whatever else is written: a
// scalar of its type, or an object with one key that has such a value
// (an empty filter of an aggregate is refused, check.empty-aggregate).
Value Sample(const Schema& schema, const TypeRef& type, int depth = 0) {
  if (type.is_list()) return Value(Value::Array{Sample(schema, type.element(), depth)});
  auto named = FindInputType(schema, type.name());
  if (!named) return Value();
  switch (named->kind) {
    case InputType::Kind::kScalar:
      switch (named->scalar) {
        case ScalarKind::kInt: return Value(int64_t{1});
        case ScalarKind::kFloat: return Value(1.5);
        case ScalarKind::kBoolean: return Value(true);
        case ScalarKind::kDateTime: return Value("2024-01-01T00:00:00Z");
        default: return Value("x");
      }
    case InputType::Kind::kEnum: return Value(schema.enums()[named->enum_index].values[0]);
    case InputType::Kind::kSortDirection: return Value("ASC");
    case InputType::Kind::kImplementation:
      return Value(schema.type(schema.type(named->type).concrete_types[0]).name);
    case InputType::Kind::kAggregateInput:
      return Value(Value::Object{{"count", Value(int64_t{1})}});
    default:
      if (depth < 4) {
        for (const InputFieldDef& f : InputFields(schema, *named)) {
          if (f.name == "AND" || f.name == "OR" || f.name == "NOT") continue;
          Value v = Sample(schema, f.type, depth + 1);
          if (!v.is_null()) return Value(Value::Object{{f.name, std::move(v)}});
        }
      }
      return Value(Value::Object{});
  }
}

class AugmentedTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto s = Schema::FromSdl(ReadAll(std::string(VIGIL_SOURCE_DIR) + "/" + GetParam()), GetParam());
    ASSERT_TRUE(s.ok()) << s.status();
    schema_ = *s;
    auto g = LoadGraphJson(R"({"assets": []})", schema_);
    ASSERT_TRUE(g.ok()) << g.status();
    graph_ = *g;
  }

  // Every input object type reachable from the root fields' where
  // arguments, with the way there: the keys from the root's where value.
  std::map<std::string, std::pair<const RootField*, std::vector<std::string>>> Paths() {
    std::map<std::string, std::pair<const RootField*, std::vector<std::string>>> paths;
    std::vector<std::string> queue;
    for (const RootField& rf : schema_->root_fields()) {
      std::string where = schema_->type(rf.type).name + "Where";
      if (paths.emplace(where, std::make_pair(&rf, std::vector<std::string>{})).second)
        queue.push_back(where);
    }
    for (size_t i = 0; i < queue.size(); ++i) {
      auto here = paths[queue[i]];
      auto t = FindInputType(*schema_, queue[i]);
      for (const InputFieldDef& f : InputFields(*schema_, *t)) {
        if (f.type.is_list()) continue;  // AND/OR: the same type
        auto named = FindInputType(*schema_, f.type.name());
        if (!named || !named->is_object() || paths.count(f.type.name())) continue;
        auto there = here;
        there.second.push_back(f.name);
        paths.emplace(f.type.name(), there);
        queue.push_back(f.type.name());
      }
    }
    return paths;
  }

  // Evaluates the root field with `where` (a variable of its where type).
  absl::Status Try(const RootField& root, const Value& where) {
    std::string q = "query($w: " + schema_->type(root.type).name + "Where) { " + root.name +
                    "(where: $w) { __typename } }";
    auto c = Query::Compile(schema_, q);
    if (!c.ok()) return c.status();
    auto r = (*c)->Evaluate(*graph_, Value(Value::Object{{"w", where}}));
    return r.ok() ? absl::OkStatus() : r.status();
  }

  static Value Nest(const std::vector<std::string>& path, size_t i, Value leaf) {
    if (i == path.size()) return leaf;
    return Value(Value::Object{{path[i], Nest(path, i + 1, std::move(leaf))}});
  }

  std::shared_ptr<const Schema> schema_;
  std::shared_ptr<const Graph> graph_;
};

TEST_P(AugmentedTest, EveryPrintedKeyIsAcceptedWithItsType) {
  int keys = 0;
  for (const auto& [name, where] : Paths()) {
    const auto& [root, path] = where;
    auto t = FindInputType(*schema_, name);
    ASSERT_TRUE(t.has_value()) << name;
    if (t->kind == InputType::Kind::kOptions || t->kind == InputType::Kind::kSort ||
        t->kind == InputType::Kind::kConnectionSort) {
      continue;  // not reached through where
    }
    for (const InputFieldDef& f : InputFields(*schema_, *t)) {
      Value obj(Value::Object{{f.name, Sample(*schema_, f.type)}});
      absl::Status s = Try(*root, Nest(path, 0, obj));
      EXPECT_TRUE(s.ok()) << name << "." << f.name << ": " << f.type.ToString() << ": " << s;
      ++keys;
    }
  }
  EXPECT_GT(keys, 100);
}

TEST_P(AugmentedTest, NoOtherKeyIsAccepted) {
  static const char* const kSuffixes[] = {
      "", "_NOT", "_IN", "_NOT_IN", "_CONTAINS", "_NOT_CONTAINS", "_STARTS_WITH",
      "_NOT_STARTS_WITH", "_ENDS_WITH", "_NOT_ENDS_WITH", "_MATCHES", "_LT", "_LTE", "_GT",
      "_GTE", "_INCLUDES", "_NOT_INCLUDES", "_SOME", "_NONE", "_ALL", "_SINGLE", "Aggregate",
      "Connection", "Connection_NOT", "Connection_SOME", "Connection_NONE", "Connection_ALL",
      "Connection_SINGLE", "_EQUAL", "_MIN_EQUAL", "_MAX_LT", "_SUM_GT", "_AVERAGE_LTE",
      "_SHORTEST_LT", "_LONGEST_GT", "_AVERAGE_GT", "_SHORTEST_LENGTH_LT",
      "_LONGEST_LENGTH_EQUAL", "_AVERAGE_LENGTH_GTE", "_IN_IN", "_NOT_NOT"};
  int refused = 0;
  int types = 0;
  for (const auto& [name, where] : Paths()) {
    const auto& [root, path] = where;
    auto t = FindInputType(*schema_, name);
    if (t->kind != InputType::Kind::kWhere && t->kind != InputType::Kind::kAggregationWhere)
      continue;
    // The first 15 types (by name): schemas/aws.graphql has hundreds of the
    // same shapes, and each refused key costs a did-you-mean search.
    if (++types > 15) break;
    std::set<std::string> printed;
    for (const InputFieldDef& f : InputFields(*schema_, *t)) printed.insert(f.name);
    const TypeDef& owner =
        schema_->type(t->kind == InputType::Kind::kWhere ? t->type : t->aggregated_type());
    std::vector<std::string> stems = {"typename", "count", "node", "edge"};
    for (const PropertyDef& p : owner.properties) stems.push_back(p.name);
    for (const RelationshipDef& r : owner.relationships) stems.push_back(r.field_name);
    for (const std::string& stem : stems) {
      for (const char* sfx : kSuffixes) {
        std::string key = stem + sfx;
        if (printed.count(key)) continue;
        std::string why;
        EXPECT_FALSE(FindInputField(*schema_, *t, key, &why).has_value()) << name << "." << key;
        // Through the planner too (a value of any type: the key itself is
        // refused); every 16th key only, since compiling a query per key
        // over schemas/aws.graphql takes minutes.
        if (refused++ % 16 == 0) {
          absl::Status s = Try(*root, Nest(path, 0, Value(Value::Object{{key, Value("x")}})));
          EXPECT_FALSE(s.ok()) << name << "." << key;
        }
      }
    }
  }
  EXPECT_GT(refused, 100);
}

TEST_P(AugmentedTest, PrintedSchemaListsEveryInputType) {
  std::string sdl = PrintAugmentedSdl(*schema_);
  for (const auto& [name, where] : Paths()) {
    EXPECT_THAT(sdl, ::testing::HasSubstr("input " + name + " {")) << name;
  }
  for (const OutputType& t : AllOutputTypes(*schema_)) {
    if (OutputFields(*schema_, t).empty()) continue;
    EXPECT_THAT(sdl, ::testing::AnyOf(::testing::HasSubstr("type " + t.name + " "),
                                      ::testing::HasSubstr("interface " + t.name + " ")))
        << t.name;
  }
}

TEST_P(AugmentedTest, InputKeysOfAType) {
  const TypeDef& t = schema_->type(schema_->root_fields()[0].type);
  auto keys = PrintInputKeys(*schema_, t.name);
  ASSERT_TRUE(keys.has_value());
  EXPECT_THAT(*keys, ::testing::HasSubstr("# " + t.name + "Where\n"));
  EXPECT_THAT(*keys, ::testing::HasSubstr("\nAND: [" + t.name + "Where!]\n"));
  EXPECT_FALSE(PrintInputKeys(*schema_, "NoSuchType").has_value());
}

INSTANTIATE_TEST_SUITE_P(Schemas, AugmentedTest,
                         ::testing::Values("tests/data/conformance/schema.graphql",
                                           "tests/data/parity/inventory.graphql",
                                           "schemas/aws.graphql"),
                         [](const auto& info) {
                           return std::string(info.param.find("aws") != std::string::npos ? "aws"
                                              : info.param.find("inventory") != std::string::npos
                                                  ? "inventory"
                                                  : "conformance");
                         });

}  // namespace
}  // namespace vigil::check

// Root-field naming: ports of camelcase 6.3.0 and pluralize 8.0.0.
#include "src/schema/naming.h"

#include "gtest/gtest.h"
#include "vigil/schema.h"

namespace vigil {
namespace {

using schema_internal::CamelCase;
using schema_internal::Pluralize;

TEST(PluralName, ReferenceTable) {
  // The table from the reference (checked against Neo4j GraphQL 5.x).
  const std::pair<const char*, const char*> kCases[] = {
      {"Vpc", "vpcs"},         {"VPC", "vpcs"},
      {"FlowLog", "flowLogs"}, {"Policy", "policies"},
      {"IAMRole", "iamRoles"}, {"Person", "people"},
      {"Address", "addresses"}, {"Status", "statuses"},
      {"Index", "indices"},    {"Analysis", "analyses"},
      {"Data", "data"},        {"Metadata", "metadata"},
      {"Child", "children"},   {"KMSKey", "kmsKeys"},
      {"ACL", "acls"},         {"K8sPod", "k8SPods"},
      {"_Foo", "_foos"},       {"Foo_Bar", "fooBars"},
      {"Asset", "assets"},     {"Account", "accounts"},
  };
  for (const auto& [in, out] : kCases) {
    EXPECT_EQ(Schema::PluralName(in), out) << in;
  }
}

TEST(PluralName, MoreRules) {
  const std::pair<const char*, const char*> kCases[] = {
      {"Bus", "buses"},            {"Box", "boxes"},
      {"Church", "churches"},      {"Wish", "wishes"},
      {"Buzz", "buzzes"},          {"Key", "keys"},
      {"Day", "days"},             {"Query", "queries"},
      {"Knife", "knives"},         {"Leaf", "leaves"},
      {"Wolf", "wolves"},          {"Roof", "roofs"},
      {"Hero", "heroes"},          {"Potato", "potatoes"},
      {"Photo", "photos"},         {"Man", "men"},
      {"Woman", "women"},          {"Mouse", "mice"},
      {"ComputerMouse", "computerMouses"},
      {"Matrix", "matrices"},      {"Vertex", "vertices"},
      {"Appendix", "appendices"},  {"Criterion", "criteria"},
      {"Datum", "data"},           {"Alumnus", "alumni"},
      {"Cactus", "cacti"},         {"Axis", "axes"},
      {"Testis", "testes"},        {"Alias", "aliases"},
      {"Gas", "gases"},            {"Bias", "bias"},
      {"Menu", "menus"},           {"Chinese", "chinese"},
      {"Sheep", "sheep"},          {"Fish", "fish"},
      {"Deer", "deer"},            {"Series", "series"},
      {"Software", "software"},    {"Information", "information"},
      {"Equipment", "equipment"},  {"News", "news"},
      {"Ox", "oxen"},              {"Foot", "feet"},
      {"Tooth", "teeth"},          {"Goose", "geese"},
      {"Quiz", "quizzes"},         {"Schema", "schemata"},
      {"Echo", "echoes"},          {"Die", "dice"},
      {"Thief", "thieves"},        {"Human", "humans"},
      {"Chateau", "chateaus"},     {"Bureaux", "bureaux"},
      {"Cherub", "cherubim"},      {"Virus", "viri"},
      {"Genus", "genera"},         {"Stoma", "stomata"},
      {"Carnivorous", "carnivorous"},
      {"Smallpox", "smallpox"},    {"Pokemon", "pokemon"},
      {"Monkey", "monkeys"},       {"Valley", "valleys"},
      {"Trolley", "trolleys"},     {"Chimney", "chimneys"},
      {"Abbey", "abbeys"},         {"Volcano", "volcanoes"},
      {"S3Bucket", "s3Buckets"},   {"Ec2Instance", "ec2Instances"},
      {"Ec2", "ec2s"},             {"X", "xes"},
      {"A", "as"},                 {"ApiGatewayV2", "apiGatewayV2s"},
      {"DBInstance", "dbInstances"}, {"GCPProject", "gcpProjects"},
      {"FooX", "fooXES"},          {"Thou", "you"},
      {"Foo__Bar", "fooBars"},     {"__Foo", "__foos"},
      {"IPAddress", "ipAddresses"}, {"SQLDatabase", "sqlDatabases"},
  };
  for (const auto& [in, out] : kCases) {
    EXPECT_EQ(Schema::PluralName(in), out) << in;
  }
}

TEST(CamelCase, MatchesNpmCamelcase) {
  EXPECT_EQ(CamelCase("myThingies"), "myThingies");
  EXPECT_EQ(CamelCase("VPCs"), "vpCs");
  EXPECT_EQ(CamelCase("Foo_Bar"), "fooBar");
  EXPECT_EQ(CamelCase("foo-bar baz.qux"), "fooBarBazQux");
  EXPECT_EQ(CamelCase("  Foo  "), "foo");
  EXPECT_EQ(CamelCase("__foo__bar__"), "fooBar");
  EXPECT_EQ(CamelCase("A"), "a");
  EXPECT_EQ(CamelCase(""), "");
  EXPECT_EQ(CamelCase("K8sPod"), "k8SPod");
  EXPECT_EQ(CamelCase("foo2bar"), "foo2Bar");
  EXPECT_EQ(CamelCase("XMLHttpRequest"), "xmlHttpRequest");
}

TEST(Pluralize, KeepsCase) {
  EXPECT_EQ(Pluralize("WHISKY"), "WHISKIES");
  EXPECT_EQ(Pluralize("Person"), "People");
  EXPECT_EQ(Pluralize("people"), "people");  // already plural (irregular)
  EXPECT_EQ(Pluralize(""), "");
}

}  // namespace
}  // namespace vigil

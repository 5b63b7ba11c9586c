// The bundled CIS AWS pack through the `vigil` command: lint is clean,
// `explain` works for every control, `test` reaches full clause coverage,
// and `run` on the demo organisation reports every control.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/command.h"
#include "vigil/policy.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;

testing::CommandResult Vigil(const std::string& args) { return testing::RunShell(VIGIL_BINARY, args); }
std::string PackDir() { return testing::ShellQuote(std::string(VIGIL_SOURCE_DIR) + "/packs/cis-aws"); }

TEST(CisAwsPackCliTest, LintIsClean) {
  testing::CommandResult r = Vigil("lint --werror --pack " + PackDir());
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("57 controls, 62 checks; 0 errors, 0 warnings"));
}

TEST(CisAwsPackCliTest, ExplainWorksForEveryControl) {
  auto pack = LoadPack(std::string(VIGIL_SOURCE_DIR) + "/packs/cis-aws");
  ASSERT_TRUE(pack.ok()) << pack.status();
  ASSERT_EQ((*pack)->controls.size(), 57u);
  for (const ControlDef& c : (*pack)->controls) {
    testing::CommandResult r = Vigil("explain " + c.id + " --pack " + PackDir());
    EXPECT_EQ(r.status, 0) << c.id << ": " << r.err;
    EXPECT_THAT(r.out, HasSubstr(c.id + ": " + c.title)) << c.id;
    EXPECT_THAT(r.out, HasSubstr("CIS Amazon Web Services Foundations Benchmark v3.0.0: ")) << c.id;
    EXPECT_THAT(r.out, ::testing::ContainsRegex("v3\\.0\\.0: [0-9.]+ \\((Automated|Manual), Level [12]\\)"))
        << c.id;
    EXPECT_THAT(r.out, HasSubstr("Covered asset types")) << c.id;
  }
}

TEST(CisAwsPackCliTest, RunOnTheDemoReportsEveryControl) {
  testing::CommandResult r = Vigil("run --now 2026-01-15T00:00:00Z --no-color --pack " + PackDir() + " --graph " +
                                   testing::ShellQuote(std::string(VIGIL_SOURCE_DIR) + "/examples/demo-aws.json"));
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("57 controls: 0 passed, 57 failed, 0 waived, 0 errors; 62 checks"));
}

}  // namespace
}  // namespace vigil

// Binary snapshots (vigil/snapshot.h): the same graph back, loaded through
// every graph loader by content, and every kind of bad file refused with its
// own message.
#include "vigil/snapshot.h"

#include <unistd.h>

#include <cstring>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "src/base/file.h"
#include "src/gen/aws_org.h"
#include "src/graph/snapshot_internal.h"
#include "vigil/graph_writer.h"
#include "vigil/json_loader.h"

namespace vigil {
namespace {

std::string Source(const std::string& rel) { return std::string(VIGIL_SOURCE_DIR) + "/" + rel; }

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sdl = ReadTextFile(Source("schemas/aws.graphql"));
    ASSERT_TRUE(sdl.ok());
    auto s = Schema::FromSdl(*sdl, "aws.graphql");
    ASSERT_TRUE(s.ok()) << s.status();
    schema_ = *s;
    gen::OrgOptions o;
    o.accounts = 3;
    o.assets = 2500;
    o.seed = 5;
    o.violations = 0.1;
    auto org = gen::GenerateAwsOrg(schema_, o);
    ASSERT_TRUE(org.ok()) << org.status();
    graph_ = org->graph;
    bytes_ = GraphToSnapshot(*graph_);
  }
  std::string Error(std::string_view bytes, std::shared_ptr<const Schema> schema = nullptr) {
    auto g = LoadGraphSnapshot(bytes, schema ? schema : schema_, "t.vgs");
    if (g.ok()) return "loaded";
    return std::string(g.status().message());
  }
  std::shared_ptr<const Schema> schema_;
  std::shared_ptr<const Graph> graph_;
  std::string bytes_;
};

TEST_F(SnapshotTest, RoundTripGivesTheSameGraph) {
  ASSERT_TRUE(IsGraphSnapshot(bytes_));
  auto g = LoadGraphSnapshot(bytes_, schema_);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->num_assets(), graph_->num_assets());
  EXPECT_EQ((*g)->num_edges(), graph_->num_edges());
  EXPECT_EQ(GraphToJson(**g), GraphToJson(*graph_));
  // Lookups by id work on the loaded dictionaries.
  const std::string id(graph_->asset_id(7));
  ASSERT_TRUE((*g)->FindAsset(id).has_value());
  EXPECT_EQ(*(*g)->FindAsset(id), 7u);
  // Written again, the same bytes.
  EXPECT_EQ(GraphToSnapshot(**g), bytes_);
}

TEST_F(SnapshotTest, EveryLoaderTakesASnapshotByContent) {
  // A snapshot named .json is still a snapshot.
  const std::string path = ::testing::TempDir() + "/snapshot-by-content.json";
  ASSERT_TRUE(WriteGraphSnapshotFile(*graph_, path).ok());
  LoadStats stats;
  LoadOptions lo;
  lo.stats = &stats;
  auto a = LoadGraphJsonFile(path, schema_, lo);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(GraphToJson(**a), GraphToJson(*graph_));
  EXPECT_EQ(stats.assets, graph_->num_assets());
  auto b = LoadGraphJson(bytes_, schema_);
  ASSERT_TRUE(b.ok()) << b.status();
  auto c = LoadGraphSnapshotFile(path, schema_);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ((*c)->num_assets(), graph_->num_assets());
  std::remove(path.c_str());
}

TEST_F(SnapshotTest, TruncatedFilesAreRefused) {
  for (size_t n : {size_t{0}, size_t{10}, size_t{63}, size_t{64}, bytes_.size() / 2,
                   bytes_.size() - 1}) {
    const std::string e = Error(std::string_view(bytes_).substr(0, n));
    EXPECT_TRUE(e.find("graph.snapshot-truncated") != std::string::npos ||
                (n < 8 && e.find("graph.snapshot-") != std::string::npos))
        << n << ": " << e;
  }
  EXPECT_NE(Error(std::string_view(bytes_).substr(0, 100)).find("t.vgs: "), std::string::npos);
}

TEST_F(SnapshotTest, CorruptBytesAreRefused) {
  // A byte flipped in the data, in the directory, in the header.
  for (size_t at : {size_t{200}, bytes_.size() / 2, bytes_.size() - 5, size_t{20}}) {
    std::string b = bytes_;
    b[at] ^= 0x10;
    const std::string e = Error(b);
    EXPECT_NE(e.find("graph.snapshot-checksum"), std::string::npos) << at << ": " << e;
  }
}

TEST_F(SnapshotTest, ForeignSchemaIsRefused) {
  auto other = Schema::FromSdl("type Vpc { id: ID! name: String }");
  ASSERT_TRUE(other.ok());
  const std::string e = Error(bytes_, *other);
  EXPECT_NE(e.find("graph.snapshot-schema"), std::string::npos) << e;
  EXPECT_NE(e.find("another schema"), std::string::npos) << e;
  // The same schema text parsed again is the same schema.
  auto sdl = ReadTextFile(Source("schemas/aws.graphql"));
  auto again = Schema::FromSdl(*sdl, "elsewhere.graphql");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(SchemaFingerprint(**again), SchemaFingerprint(*schema_));
  EXPECT_EQ(Error(bytes_, *again), "loaded");
}

TEST_F(SnapshotTest, FutureVersionIsRefused) {
  // A file from a newer vigil: version 2 with a valid header checksum.
  std::string b = bytes_;
  const uint32_t v = kSnapshotVersion + 1;
  std::memcpy(&b[8], &v, 4);
  // Without resealing the header this is a checksum error ...
  EXPECT_NE(Error(b).find("graph.snapshot-checksum"), std::string::npos);
  // ... resealed, a version error that names both versions.
  snapshot_internal::ResealHeader(&b);
  const std::string e = Error(b);
  EXPECT_NE(e.find("graph.snapshot-version"), std::string::npos) << e;
  EXPECT_NE(e.find("version 2"), std::string::npos) << e;
}

TEST_F(SnapshotTest, ResealedMutationsAreCaughtByTheStructureChecks) {
  // Bytes changed behind valid checksums (as the fuzzer does): the loader
  // refuses what is inconsistent and never reads out of bounds.
  int refused = 0;
  for (size_t at = 64; at < bytes_.size(); at += bytes_.size() / 397) {
    std::string b = bytes_;
    b[at] = static_cast<char>(b[at] ^ 0xff);
    snapshot_internal::ResealAll(&b);
    auto g = LoadGraphSnapshot(b, schema_, "m.vgs");
    if (!g.ok()) {
      ++refused;
      EXPECT_NE(g.status().message().find("graph.snapshot-"), std::string::npos)
          << g.status();
    }
  }
  EXPECT_GT(refused, 0);
}

TEST_F(SnapshotTest, NotASnapshot) {
  EXPECT_FALSE(IsGraphSnapshot("{\"assets\": []}"));
  EXPECT_NE(Error("{\"assets\": [], \"relationships\": [], \"padding\": \"" +
                  std::string(100, 'x') + "\"}")
                .find("no magic"),
            std::string::npos);
}

}  // namespace
}  // namespace vigil

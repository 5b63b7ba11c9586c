// Binary snapshots (vigil/snapshot.h): the same graph back, loaded through
// every graph loader by content, and every kind of bad file refused with its
// own message.
#include "vigil/snapshot.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

#include <cstring>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/base/file.h"
#include "src/gen/aws_org.h"
#include "src/graph/snapshot_internal.h"
#include "vigil/graph_writer.h"
#include "vigil/json_loader.h"
#include "vigil/query.h"

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
  // A file from a newer vigil: the next version, with a valid header checksum.
  std::string b = bytes_;
  const uint32_t v = kSnapshotVersion + 1;
  std::memcpy(&b[8], &v, 4);
  // Without resealing the header this is a checksum error ...
  EXPECT_NE(Error(b).find("graph.snapshot-checksum"), std::string::npos);
  // ... resealed, a version error that names both versions.
  snapshot_internal::ResealHeader(&b);
  const std::string e = Error(b);
  EXPECT_NE(e.find("graph.snapshot-version"), std::string::npos) << e;
  EXPECT_NE(e.find(absl::StrCat("version ", kSnapshotVersion + 1)), std::string::npos) << e;
  EXPECT_NE(e.find(absl::StrCat("versions up to ", kSnapshotVersion)), std::string::npos) << e;
}

TEST_F(SnapshotTest, OlderVersionIsRefusedWithHowToRewriteIt) {
  // Version 1 laid DateTimes and dictionaries out otherwise; such a file is
  // written again from the graph's JSON.
  std::string b = bytes_;
  const uint32_t v = 1;
  std::memcpy(&b[8], &v, 4);
  snapshot_internal::ResealHeader(&b);
  const std::string e = Error(b);
  EXPECT_NE(e.find("graph.snapshot-version"), std::string::npos) << e;
  EXPECT_NE(e.find("version 1 by an older vigil"), std::string::npos) << e;
  EXPECT_NE(e.find("vigil snapshot"), std::string::npos) << e;
}

TEST_F(SnapshotTest, ColumnsViewTheFileWhereItLies) {
  const std::string path = ::testing::TempDir() + "/snapshot-in-place.vgs";
  ASSERT_TRUE(WriteGraphSnapshotFile(*graph_, path).ok());
  auto g = LoadGraphSnapshotFile(path, schema_);
  ASSERT_TRUE(g.ok()) << g.status();
  ASSERT_TRUE((*g)->CheckIntact().ok());
  const TypeId vpc = schema_->FindType("Vpc");
  const Table& t = (*g)->table(vpc);
  ASSERT_GT(t.num_rows(), 0u);
  EXPECT_TRUE(t.nodes.is_view());
  const int name = schema_->type(vpc).FindProperty("name");
  ASSERT_GE(name, 0);
  EXPECT_TRUE(t.columns[name].codes.is_view());
  EXPECT_TRUE(t.columns[name].valid.words().is_view());
  // The graph's size is about the file's: nothing was copied.
  const size_t file_size = bytes_.size();
  EXPECT_LE((*g)->MemoryBytes(), file_size + file_size / 4);
  // A graph from bytes in memory views its own copy: the caller's bytes
  // may go.
  std::string bytes = bytes_;
  auto m = LoadGraphSnapshot(bytes, schema_);
  ASSERT_TRUE(m.ok()) << m.status();
  bytes.assign(bytes.size(), '\0');
  bytes.clear();
  bytes.shrink_to_fit();
  EXPECT_TRUE((*m)->table(vpc).nodes.is_view());
  EXPECT_EQ(GraphToJson(**m), GraphToJson(*graph_));
  std::remove(path.c_str());
}

TEST_F(SnapshotTest, AFileTruncatedUnderTheGraphFailsEvaluationsNotPasses) {
  // The graph views the mapped file; another program truncates the file:
  // the pages read as zeros, and every evaluation says so instead of
  // judging them.
  const std::string path = ::testing::TempDir() + "/snapshot-truncated-later.vgs";
  ASSERT_TRUE(WriteGraphSnapshotFile(*graph_, path).ok());
  auto g = LoadGraphSnapshotFile(path, schema_);
  ASSERT_TRUE(g.ok()) << g.status();
  auto q = Query::Compile(schema_, "vpcs(where: {name_CONTAINS: \"x\"}) { id name }");
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_TRUE((*q)->Evaluate(**g).ok());
  ASSERT_EQ(::truncate(path.c_str(), 64), 0);
  auto r = (*q)->Evaluate(**g);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss) << r.status();
  EXPECT_NE(r.status().message().find(path), std::string::npos) << r.status();
  EXPECT_FALSE((*g)->CheckIntact().ok());
  std::remove(path.c_str());
}

TEST_F(SnapshotTest, AFileRewrittenInPlaceIsDetectedAReplacedOneIsNot) {
  const std::string path = ::testing::TempDir() + "/snapshot-rewritten.vgs";
  ASSERT_TRUE(WriteGraphSnapshotFile(*graph_, path).ok());
  auto g = LoadGraphSnapshotFile(path, schema_);
  ASSERT_TRUE(g.ok()) << g.status();
  auto q = Query::Compile(schema_, "vpcs { id name }");
  ASSERT_TRUE(q.ok()) << q.status();
  // Replaced whole (write and rename), as vigil does: the graph keeps the
  // old file's pages and stays intact.
  ASSERT_TRUE(WriteGraphSnapshotFile(*graph_, path).ok());
  EXPECT_TRUE((*g)->CheckIntact().ok());
  ASSERT_TRUE((*q)->Evaluate(**g).ok());
  // Loaded again, then written in place (same size, same bytes, a later
  // modification time): refused before the graph is read.
  auto h = LoadGraphSnapshotFile(path, schema_);
  ASSERT_TRUE(h.ok()) << h.status();
  struct timespec times[2] = {{0, UTIME_OMIT}, {0, 0}};
  ASSERT_EQ(::clock_gettime(CLOCK_REALTIME, &times[1]), 0);
  times[1].tv_sec += 10;  // whatever the file system's time granularity
  {
    std::ofstream out(path, std::ios::binary | std::ios::in | std::ios::out);
    out.write(bytes_.data(), 100);
  }
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  auto r = (*q)->Evaluate(**h);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss) << r.status();
  EXPECT_NE(r.status().message().find("written while in use"), std::string::npos) << r.status();
  // Nor is such a graph saved again as a fresh snapshot.
  const std::string copy = ::testing::TempDir() + "/snapshot-rewritten-copy.vgs";
  EXPECT_EQ(WriteGraphSnapshotFile(**h, copy).code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(::access(copy.c_str(), F_OK), 0);
  std::remove(path.c_str());
}

// A graph with one String column whose two values are given, written as a
// snapshot.
std::string TwoNameSnapshot(const std::shared_ptr<const Schema>& schema, const char* a,
                            const char* b) {
  const std::string json = absl::StrCat(
      R"({"assets": [{"id": "vpc-1", "type": "Vpc", "properties": {"name": ")", a,
      R"("}}, {"id": "vpc-2", "type": "Vpc", "properties": {"name": ")", b, R"("}}]})");
  auto g = LoadGraphJson(json, schema);
  EXPECT_TRUE(g.ok()) << g.status();
  return g.ok() ? GraphToSnapshot(**g) : std::string();
}

TEST(SnapshotDictionaryTest, ColumnDictionariesAreSortedAndCheckedWithoutAHashTable) {
  auto schema = Schema::FromSdl("type Vpc { id: ID! name: String }").value();
  // Written in byte order whatever the order the values came in.
  std::string b = TwoNameSnapshot(schema, "zzz9", "aaa1");
  const size_t at = b.find("aaa1zzz9");
  ASSERT_NE(at, std::string::npos);
  auto g = LoadGraphSnapshot(b, schema);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(GraphToJson(**g), GraphToJson(*LoadGraphJson(R"({"assets": [
    {"id": "vpc-1", "type": "Vpc", "properties": {"name": "zzz9"}},
    {"id": "vpc-2", "type": "Vpc", "properties": {"name": "aaa1"}}]})", schema).value()));
  const Column& name = (*g)->table(schema->FindType("Vpc")).columns[1];
  ASSERT_EQ(name.dict->size(), 2u);
  EXPECT_EQ(name.dict->Find("zzz9"), 1u);
  EXPECT_EQ(name.dict->Find("aaa1"), 0u);
  // Out of order, behind valid checksums: refused.
  std::string swapped = b;
  swapped.replace(at, 8, "zzz9aaa1");
  snapshot_internal::ResealAll(&swapped);
  auto s = LoadGraphSnapshot(swapped, schema, "s.vgs");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("out of order"), std::string::npos) << s.status();
  // A string twice: refused.
  std::string twice = b;
  twice.replace(at, 8, "aaa1aaa1");
  snapshot_internal::ResealAll(&twice);
  auto d = LoadGraphSnapshot(twice, schema, "d.vgs");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("holds a string twice"), std::string::npos) << d.status();
  // Unsealed, the same change is corruption.
  std::string corrupt = b;
  corrupt.replace(at, 8, "aaa1aaa1");
  auto c = LoadGraphSnapshot(corrupt, schema, "c.vgs");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("graph.snapshot-checksum"), std::string::npos)
      << c.status();
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

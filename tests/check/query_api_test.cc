// The embedding contract of vigil::Query (vigil/query.h): who owns the
// graph a result reads.
#include <memory>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "vigil/json_loader.h"
#include "vigil/query.h"

namespace vigil {
namespace {

constexpr char kSdl[] = R"(
type Vpc { id: ID! name: String }
)";

constexpr char kGraph[] = R"({"assets": [
  {"id": "vpc-1", "type": "Vpc", "properties": {"name": "a"}},
  {"id": "vpc-2", "type": "Vpc", "properties": {"name": "b"}}]})";

// The result of the shared_ptr overload keeps the graph alive: the caller's
// pointer is released before the result is read. Under ASan, a result that
// only borrowed the graph reads freed memory here.
TEST(QueryApiTest, SharedGraphOutlivesTheCallersPointer) {
  auto schema = Schema::FromSdl(kSdl).value();
  auto q = Query::Compile(schema, "vpcs { id name }").value();
  std::shared_ptr<const Graph> graph = LoadGraphJson(kGraph, schema).value();
  std::weak_ptr<const Graph> weak = graph;
  absl::StatusOr<QueryResult> r = q->Evaluate(std::move(graph));
  ASSERT_TRUE(r.ok()) << r.status();
  graph.reset();
  EXPECT_FALSE(weak.expired());  // the result holds it
  EXPECT_EQ(r->ToJson(), R"([{"id":"vpc-1","name":"a"},{"id":"vpc-2","name":"b"}])");
  ASSERT_EQ(r->RootIds().size(), 2u);
  EXPECT_EQ(r->RootIds()[1], "vpc-2");
  // Moving the result moves the ownership with it.
  QueryResult moved = *std::move(r);
  r = absl::UnknownError("gone");
  EXPECT_FALSE(weak.expired());
  EXPECT_EQ(moved.ToValue().ToJson(), R"([{"id":"vpc-1","name":"a"},{"id":"vpc-2","name":"b"}])");
  { QueryResult dropped = std::move(moved); }
  EXPECT_TRUE(weak.expired());  // released with the last result
}

TEST(QueryApiTest, NullSharedGraphIsInvalidArgument) {
  auto schema = Schema::FromSdl(kSdl).value();
  auto q = Query::Compile(schema, "vpcs { id }").value();
  absl::StatusOr<QueryResult> r = q->Evaluate(std::shared_ptr<const Graph>());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

// The reference overload borrows: no ownership is taken.
TEST(QueryApiTest, ReferenceOverloadBorrows) {
  auto schema = Schema::FromSdl(kSdl).value();
  auto q = Query::Compile(schema, "vpcs { id }").value();
  std::shared_ptr<const Graph> graph = LoadGraphJson(kGraph, schema).value();
  absl::StatusOr<QueryResult> r = q->Evaluate(*graph);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(graph.use_count(), 1);
  EXPECT_EQ(r->ToJson(), R"([{"id":"vpc-1"},{"id":"vpc-2"}])");
}

}  // namespace
}  // namespace vigil

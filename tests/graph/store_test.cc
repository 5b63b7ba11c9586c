// Bitmap, StringDictionary and the DateTime text the graph reads.
#include <string>

#include "gtest/gtest.h"
#include "src/base/datetime.h"
#include "src/graph/graph_internal.h"
#include "vigil/graph.h"
#include "vigil/graph_builder.h"

namespace vigil {
namespace {

using graph_internal::Access;

TEST(BitmapTest, ResizeSetClearCount) {
  Bitmap b(70);
  EXPECT_EQ(b.size(), 70u);
  EXPECT_EQ(b.CountSet(), 0u);
  b.Set(0);
  b.Set(64);
  b.Set(69);
  EXPECT_TRUE(b.Get(64));
  EXPECT_FALSE(b.Get(63));
  EXPECT_EQ(b.CountSet(), 3u);
  b.Clear(64);
  EXPECT_EQ(b.CountSet(), 2u);
  b.Resize(130, true);
  EXPECT_EQ(b.CountSet(), 2u + 60u);
  EXPECT_TRUE(b.Get(70));
  EXPECT_TRUE(b.Get(129));
  b.Resize(65);
  EXPECT_EQ(b.CountSet(), 1u);  // only bit 0 is left (64 was cleared)
  EXPECT_FALSE(b.Get(64));
  Bitmap all(5, true);
  EXPECT_EQ(all.CountSet(), 5u);
  EXPECT_EQ(all.words()[0], 0x1Fu);  // no stray bits past the end
}

TEST(BitmapTest, PushBack) {
  Bitmap b;
  for (int i = 0; i < 200; ++i) Access::PushBack(b, i % 3 == 0);
  EXPECT_EQ(b.size(), 200u);
  EXPECT_EQ(b.CountSet(), 67u);
  EXPECT_TRUE(b.Get(198));
  EXPECT_FALSE(b.Get(199));
}

TEST(StringDictionaryTest, InternFindGet) {
  StringDictionary d;
  EXPECT_EQ(d.size(), 0u);
  EXPECT_EQ(Access::Intern(d, "a"), 0u);
  EXPECT_EQ(Access::Intern(d, "bb"), 1u);
  EXPECT_EQ(Access::Intern(d, ""), 2u);
  EXPECT_EQ(Access::Intern(d, "a"), 0u);
  EXPECT_EQ(d.size(), 3u);
  EXPECT_EQ(d.Get(1), "bb");
  EXPECT_EQ(d.Get(2), "");
  EXPECT_EQ(d.Find("bb"), 1u);
  EXPECT_EQ(d.Find(""), 2u);
  EXPECT_FALSE(d.Find("c").has_value());
}

TEST(StringDictionaryTest, ManyStringsSurviveGrowthMoveAndCopy) {
  StringDictionary d;
  for (int i = 0; i < 20000; ++i) {
    EXPECT_EQ(Access::Intern(d, "s" + std::to_string(i)), static_cast<uint32_t>(i));
  }
  Access::Freeze(d);
  StringDictionary moved(std::move(d));
  StringDictionary copied(moved);
  StringDictionary assigned;
  assigned = copied;
  for (const StringDictionary* x : {&moved, &copied, &assigned}) {
    ASSERT_EQ(x->size(), 20000u);
    EXPECT_EQ(x->Find("s12345"), 12345u);
    EXPECT_EQ(x->Get(777), "s777");
    EXPECT_FALSE(x->Find("s20000").has_value());
  }
  EXPECT_GT(moved.MemoryBytes(), 20000u * 4);
}

// The graph reads DateTime values with ParseInstant: RFC 3339 date-times and
// dates, years 0001 to 9999, to the nanosecond.
TEST(GraphDateTimeTest, Forms) {
  auto T = [](const char* s) { return ParseInstant(s); };
  EXPECT_EQ(T("1970-01-01"), (Instant{0, 0}));
  EXPECT_EQ(T("1970-01-01T00:00:00Z"), (Instant{0, 0}));
  EXPECT_EQ(T("1970-01-02"), (Instant{86400, 0}));
  EXPECT_EQ(T("2024-01-01T00:00:00Z"), T("2024-01-01T01:00:00+01:00"));
  EXPECT_EQ(T("2023-12-31T23:30:00-00:30"), T("2024-01-01"));
  EXPECT_EQ(T("2024-01-01T00:00Z"), T("2024-01-01"));
  EXPECT_EQ(T("2024-01-01T00:00:00"), T("2024-01-01"));
  EXPECT_EQ(T("1970-01-01T00:00:00.5Z"), (Instant{0, 500000000}));
  EXPECT_EQ(T("1970-01-01T00:00:00.123456789Z"), (Instant{0, 123456789}));
  EXPECT_EQ(T("1969-12-31T23:59:59Z"), (Instant{-1, 0}));
  EXPECT_EQ(T("2000-02-29T12:00:00Z"), (Instant{951825600, 0}));
  EXPECT_TRUE(T("2024-02-29").has_value());
  EXPECT_EQ(T("0001-01-01"), Instant::Min());
  EXPECT_EQ(T("9999-12-31T23:59:59.999999999Z"), Instant::Max());
  EXPECT_TRUE(T("3000-01-01T00:00:00Z").has_value());
}

TEST(GraphDateTimeTest, Invalid) {
  for (const char* s :
       {"", "2024", "2024-13-01", "2024-00-10", "2023-02-29", "2024-04-31",
        "2024-01-01T24:00:00Z", "2024-01-01T10:60:00Z",
        "2024-01-01T10:00:61Z", "2024-01-01T10:00:00.Z",
        "2024-01-01T10:00:00.1234567890Z", "2024-01-01T10:00:00+25:00",
        "2024-01-01T10:00:00Q", "2024-01-01x", "not a date",
        "2024-1-01", "2024-01-01T1:00", "0000-12-31T23:59:59Z", "10000-01-01",
        "0001-01-01T00:00:00+00:01", "2024-01-01T10:00:00Z junk"}) {
    EXPECT_FALSE(ParseInstant(s).has_value()) << s;
  }
}

}  // namespace
}  // namespace vigil

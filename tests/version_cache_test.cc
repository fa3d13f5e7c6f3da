// The store writer's version cache: bounded in streams, evicted by generations (never emptied
// whole when the bound is reached), the streams in use surviving a rotation, and a bytes figure
// that follows what it holds.
#include "core/store/version_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace bitacora {
namespace {

std::string Stream(int i) { return "case-" + std::to_string(i); }

TEST(VersionCache, FindsWhatWasPutAndTheLatestVersion) {
  VersionCache cache(8);
  EXPECT_FALSE(cache.Find("case-1").has_value());
  cache.Put("case-1", 3);
  cache.Put("case-1", 4);
  ASSERT_TRUE(cache.Find("case-1").has_value());
  EXPECT_EQ(*cache.Find("case-1"), 4u);
  EXPECT_EQ(cache.streams(), 1u);
}

TEST(VersionCache, StaysWithinItsBoundAndIsNeverEmptiedWholeOnceFull) {
  VersionCache cache(8);
  for (int i = 0; i < 100; ++i) {
    cache.Put(Stream(i), static_cast<uint64_t>(i));
    EXPECT_LE(cache.streams(), 8u) << i;
    if (i >= 4) {
      EXPECT_GE(cache.streams(), 4u) << i;  // half the bound at least, once it has filled
    }
  }
  // The newest streams are still there, the oldest were forgotten.
  EXPECT_EQ(*cache.Find(Stream(99)), 99u);
  EXPECT_FALSE(cache.Find(Stream(0)).has_value());
}

TEST(VersionCache, AStreamInUseSurvivesRotations) {
  VersionCache cache(8);  // generations of 4
  for (int i = 0; i < 4; ++i) cache.Put(Stream(i), 1);
  cache.Put(Stream(4), 1);  // the first generation becomes the old one
  ASSERT_TRUE(cache.Find(Stream(0)).has_value());  // used again: back into the young one
  for (int i = 5; i < 8; ++i) cache.Put(Stream(i), 1);  // the young one is full again
  cache.Put(Stream(8), 1);  // a second rotation drops the old generation
  EXPECT_TRUE(cache.Find(Stream(0)).has_value());
  EXPECT_FALSE(cache.Find(Stream(1)).has_value());
  EXPECT_FALSE(cache.Find(Stream(3)).has_value());
}

TEST(VersionCache, BytesFollowWhatItHolds) {
  VersionCache cache(1000);
  const size_t empty = cache.bytes();
  cache.Put("case-1", 1);
  const size_t one = cache.bytes();
  EXPECT_GE(one - empty, VersionCache::EntryBytes("case-1"));
  for (int i = 0; i < 400; ++i) cache.Put(Stream(i), 1);
  // A node of 64 bytes and a bucket of 8 at least per version; short ids live inside the string.
  EXPECT_GE(cache.bytes(), 400u * 72);
  EXPECT_LT(cache.bytes(), 400u * 200);
  // A stream id too long for the string's own buffer costs its allocation too.
  EXPECT_GT(VersionCache::EntryBytes("order-ORT-2026-000001"), VersionCache::EntryBytes("case-1"));
  cache.Clear();
  EXPECT_EQ(cache.streams(), 0u);
  EXPECT_LE(cache.bytes(), empty + 8 * sizeof(void*));
}

TEST(VersionCache, ABoundUnderTwoKeepsNothing) {
  for (size_t bound : {0u, 1u}) {
    VersionCache cache(bound);
    cache.Put("case-1", 1);
    EXPECT_EQ(cache.streams(), 0u) << bound;
    EXPECT_FALSE(cache.Find("case-1").has_value()) << bound;
  }
}

}  // namespace
}  // namespace bitacora

// The server's cache of answers from the views: only the exact position is served, and it stays
// within its bounds in answers and in bytes, evicting the older generation (never everything at
// once) and keeping the answers in use.
#include "rest/answer_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace bitacora::shim {
namespace {

std::string Target(int i) { return "/v1/clients/" + std::to_string(i) + "/folder"; }

TEST(AnswerCache, ServesAnAnswerOnlyAtItsPosition) {
  AnswerCache cache;
  cache.Put("/v1/orders/ORT-1", 7, "{\"a\":1}");
  ASSERT_NE(cache.Find("/v1/orders/ORT-1", 7), nullptr);
  EXPECT_EQ(*cache.Find("/v1/orders/ORT-1", 7), "{\"a\":1}");
  EXPECT_EQ(cache.Find("/v1/orders/ORT-1", 8), nullptr);
  EXPECT_EQ(cache.Find("/v1/orders/ORT-2", 7), nullptr);
  cache.Put("/v1/orders/ORT-1", 8, "{\"a\":2}");  // replaces, is counted once
  EXPECT_EQ(*cache.Find("/v1/orders/ORT-1", 8), "{\"a\":2}");
  EXPECT_EQ(cache.Find("/v1/orders/ORT-1", 7), nullptr);
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.bytes(), AnswerCache::Bytes("/v1/orders/ORT-1", "{\"a\":2}"));
}

TEST(AnswerCache, StaysWithinItsBytesAndIsNeverEmptiedWholeOnceFull) {
  const std::string body(1000, 'x');
  const size_t one = AnswerCache::Bytes(Target(10), body);
  AnswerCache cache(8192, 10 * one);  // ten answers' worth of bytes, far fewer than 8192 answers
  for (int i = 10; i < 200; ++i) {
    cache.Put(Target(i), 1, body);
    EXPECT_LE(cache.bytes(), 10 * one) << i;
    EXPECT_LE(cache.entries(), 10u) << i;
    if (i >= 15) {
      EXPECT_GE(cache.entries(), 5u) << i;  // a generation at least, once it has filled
    }
  }
  EXPECT_NE(cache.Find(Target(199), 1), nullptr);
  EXPECT_EQ(cache.Find(Target(10), 1), nullptr);
}

TEST(AnswerCache, StaysWithinItsAnswers) {
  AnswerCache cache(8, size_t{1} << 30);
  for (int i = 0; i < 100; ++i) {
    cache.Put(Target(i), 1, "{}");
    EXPECT_LE(cache.entries(), 8u) << i;
  }
}

TEST(AnswerCache, AnAnswerInUseSurvivesRotations) {
  AnswerCache cache(8, size_t{1} << 30);  // generations of 4 answers
  for (int i = 0; i < 5; ++i) cache.Put(Target(i), 1, "{}");  // the first four are now the old generation
  ASSERT_NE(cache.Find(Target(0), 1), nullptr);                 // used: back into the young one
  for (int i = 5; i < 8; ++i) cache.Put(Target(i), 1, "{}");
  cache.Put(Target(8), 1, "{}");  // a second rotation drops the old generation
  EXPECT_NE(cache.Find(Target(0), 1), nullptr);
  EXPECT_EQ(cache.Find(Target(1), 1), nullptr);
}

TEST(AnswerCache, ABoundTooSmallKeepsNothing) {
  AnswerCache none(8192, 0);
  none.Put(Target(1), 1, "{}");
  EXPECT_EQ(none.entries(), 0u);
  EXPECT_EQ(none.Find(Target(1), 1), nullptr);
  AnswerCache small(8192, 1000);  // an answer over half the bound is not kept
  small.Put(Target(1), 1, std::string(600, 'x'));
  EXPECT_EQ(small.entries(), 0u);
  EXPECT_EQ(small.bytes(), 0u);
}

}  // namespace
}  // namespace bitacora::shim

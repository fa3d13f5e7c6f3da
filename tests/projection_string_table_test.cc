// StringTable, the projector's record and folder table: what is inserted is found, through
// growth, with values that stay where they are; absent keys are not found.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "projections/string_table.h"

namespace bitacora::testing {
namespace {

using projections::StringTable;

std::string Key(int i) { return "order-ORT-2026-" + std::to_string(1000000 + i); }  // longer than SSO

TEST(StringTable, FindsEveryKeyThroughGrowthAndValuesStayPut) {
  StringTable<int> table;
  EXPECT_EQ(table.Find("anything"), nullptr);
  std::vector<int*> where;
  constexpr int kKeys = 50000;  // many doublings past the first 1024 slots
  for (int i = 0; i < kKeys; ++i) {
    ASSERT_EQ(table.Find(Key(i)), nullptr) << i;
    where.push_back(&table.Insert(Key(i), i));
  }
  EXPECT_EQ(table.size(), static_cast<size_t>(kKeys));
  for (int i = 0; i < kKeys; ++i) {
    int* found = table.Find(Key(i));
    ASSERT_NE(found, nullptr) << i;
    EXPECT_EQ(found, where[static_cast<size_t>(i)]);
    EXPECT_EQ(*found, i);
  }
  EXPECT_EQ(table.Find(Key(kKeys)), nullptr);
  EXPECT_EQ(table.Find(""), nullptr);
  EXPECT_EQ(table.Find("order-ORT-2026-100000"), nullptr);  // a prefix of Key(0)
  // Iteration is in insertion order.
  int expected = 0;
  for (const auto& [key, value] : table) {
    EXPECT_EQ(key, Key(expected));
    EXPECT_EQ(value, expected);
    ++expected;
  }
  EXPECT_EQ(expected, kKeys);
}

TEST(StringTable, EntriesCarryTheirKeyAndStayPutThroughGrowth) {
  StringTable<int> table;
  EXPECT_EQ(table.FindEntry("x"), nullptr);
  auto* first = &table.InsertEntry(Key(0), 7);
  for (int i = 1; i < 5000; ++i) table.Insert(Key(i), i);
  auto* found = table.FindEntry(Key(0));
  EXPECT_EQ(found, first);
  EXPECT_EQ(found->first, Key(0));
  EXPECT_EQ(found->second, 7);
  EXPECT_EQ(&found->second, table.Find(Key(0)));
}

TEST(StringTable, ClearForgetsEverythingAndTheTableIsUsableAgain) {
  StringTable<std::string> table;
  table.Insert("client-1234567", "a");
  table.Insert("", "empty key");
  EXPECT_EQ(*table.Find(""), "empty key");
  table.clear();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.Find("client-1234567"), nullptr);
  EXPECT_EQ(table.Find(""), nullptr);
  table.Insert("client-1234567", "b");
  EXPECT_EQ(*table.Find("client-1234567"), "b");
  EXPECT_EQ(table.begin()->first, "client-1234567");
}

}  // namespace
}  // namespace bitacora::testing

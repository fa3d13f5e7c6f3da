// Tampering helpers: edit a store's RocksDB directly, behind the event store's back.
#ifndef BITACORA_TESTS_RAW_STORE_H_
#define BITACORA_TESTS_RAW_STORE_H_

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <functional>
#include <string>
#include <vector>

namespace bitacora::testing {

// Opens the (closed) store at `path` with plain RocksDB and calls `edit(db, cf, meta)` with the
// handle of column family `cf` and of "default" (which holds the head record).
inline void EditRaw(const std::string& path, const std::string& cf,
                    const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*,
                                             rocksdb::ColumnFamilyHandle*)>& edit) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::Options(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), path, cfs, &handles, &db).ok());
  rocksdb::ColumnFamilyHandle* target = nullptr;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == cf) target = handles[i];
  }
  EXPECT_NE(target, nullptr) << "no column family " << cf;
  if (target != nullptr) edit(db, target, handles[0]);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_RAW_STORE_H_

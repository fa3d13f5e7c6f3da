// The stream versions the store's writer keeps in memory between group commits, so that an append
// to a stream it has seen recently need not read the stream's head from RocksDB.
//
// Bounded in streams, and evicted by generations rather than all at once: new and recently used
// versions go into the young generation; when it holds half the bound, the old generation is
// dropped and the young one becomes old. A version found in the old generation moves back into
// the young one. So the cache holds between half the bound and the bound once it has filled, the
// streams in use survive a rotation, and a bound reached does not turn every next lookup into a
// read. Everything it holds must be committed: forgetting a version only costs a read later.
#ifndef BITACORA_CORE_STORE_VERSION_CACHE_H_
#define BITACORA_CORE_STORE_VERSION_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace bitacora {

class VersionCache {
 public:
  // At most `max_streams` versions (fewer than 2 keeps none: a generation holds half).
  explicit VersionCache(size_t max_streams);

  // The cached version of `stream`, if any (and it is kept as recently used). Not thread-safe.
  std::optional<uint64_t> Find(const std::string& stream);
  // Records `version` as the committed version of `stream`, rotating the generations when the
  // young one is full. Not thread-safe.
  void Put(const std::string& stream, uint64_t version);
  // Forgets everything (e.g. after a failed commit). Not thread-safe.
  void Clear();

  // Versions held now.
  size_t streams() const { return young_.size() + old_.size(); }
  // An estimate of the heap the cache holds: per version, its hash node and bucket slot and the
  // stream id's own allocation when it does not fit in the string (glibc chunk sizes).
  size_t bytes() const;

  // The estimate for one cached `stream` (what bytes() adds per version). Exposed for tests.
  static size_t EntryBytes(const std::string& stream);

 private:
  using Map = std::unordered_map<std::string, uint64_t>;
  // Adds a version that neither generation holds, rotating first when the young one is full.
  void Insert(const std::string& stream, uint64_t version);

  size_t young_max_;  // versions in the young generation before a rotation
  Map young_, old_;
  size_t young_bytes_ = 0, old_bytes_ = 0;  // EntryBytes of each generation's versions
};

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_VERSION_CACHE_H_

// Internal: RocksDB column families and key encodings of the event store (docs/storage.md).
#ifndef BITACORA_CORE_STORE_KEYS_H_
#define BITACORA_CORE_STORE_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace bitacora::store_keys {

// Column family names, in the order the store opens them (after "default").
inline constexpr const char* kEvents = "events";            // BE64 position -> canonical event
inline constexpr const char* kStreams = "streams";          // stream \0 BE64 version -> BE64 pos
inline constexpr const char* kStreamHeads = "stream_heads"; // stream -> BE64 version
inline constexpr const char* kCommands = "commands";        // record key -> BE64 first, BE64 last, binding
inline constexpr const char* kCounters = "counters";        // name -> BE64 value
inline constexpr const char* kMerkle = "merkle";            // u8 level, BE64 index -> 32 bytes
inline constexpr const char* kCheckpoints = "checkpoints";  // BE64 tree size -> signed note
// In "default": "head" -> BE64 position || 32-byte hash.
inline constexpr std::string_view kHeadKey = "head";

inline void PutBE64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

inline uint64_t GetBE64(std::string_view in) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = v << 8 | static_cast<uint8_t>(in[i]);
  return v;
}

inline std::string PositionKey(uint64_t position) {
  std::string k;
  PutBE64(&k, position);
  return k;
}

inline std::string StreamKey(std::string_view stream, uint64_t version) {
  std::string k(stream);
  k.push_back('\0');
  PutBE64(&k, version);
  return k;
}

// The lowest Merkle level stored in the "merkle" column family. A node below it hashes at most
// 2^(kLowestStoredLevel - 1) = 8 leaves and is hashed again from their events when needed
// (low_levels.h); leaves are their events' LeafHash. Stores written by older versions also hold
// records of levels 0 to 3: they are never read.
inline constexpr uint32_t kLowestStoredLevel = 4;

// Key of the Merkle node hashing the complete aligned subtree (level, index).
inline std::string MerkleKey(uint32_t level, uint64_t index) {
  std::string k(1, static_cast<char>(level));
  PutBE64(&k, index);
  return k;
}

}  // namespace bitacora::store_keys

#endif  // BITACORA_CORE_STORE_KEYS_H_

// A NodeSource that answers every read with zeros and records which nodes were asked for.
//
// The tree functions in merkle.h read the same nodes whatever hashes those nodes hold: which
// nodes a root or a proof needs depends only on the sizes and the leaf index. A dry run over a
// RecordingNodeSource therefore lists exactly the nodes a real run will read, so a store can
// fetch them in one batch (and from a cache) before running the function for real.
#ifndef BITACORA_CORE_MERKLE_RECORDING_NODE_SOURCE_H_
#define BITACORA_CORE_MERKLE_RECORDING_NODE_SOURCE_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "core/merkle/merkle.h"

namespace bitacora {

class RecordingNodeSource final : public NodeSource {
 public:
  // Records (level, index) and returns 32 zero bytes. Not thread-safe.
  [[nodiscard]] Result<Hash32> Get(uint32_t level, uint64_t index) const override {
    wanted_.emplace_back(level, index);
    return Hash32{};
  }

  // The nodes asked for so far, in the order asked, duplicates included.
  const std::vector<std::pair<uint32_t, uint64_t>>& wanted() const { return wanted_; }

 private:
  mutable std::vector<std::pair<uint32_t, uint64_t>> wanted_;
};

}  // namespace bitacora

#endif  // BITACORA_CORE_MERKLE_RECORDING_NODE_SOURCE_H_

// Test helpers for the Merkle tree: a naive tree computing MTH, PATH and PROOF straight from the
// definitions of RFC 9162 section 2.1, and a NodeSource wrapper that bounds and counts reads.
#ifndef BITACORA_TESTS_MERKLE_REFERENCE_H_
#define BITACORA_TESTS_MERKLE_REFERENCE_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/crypto/sha256.h"
#include "core/merkle/merkle.h"

namespace bitacora {

// Naive MTH / PATH / PROOF from RFC 9162 section 2.1, over leaf data D[begin:end]. MTH is
// memoized by range (it does not depend on the tree it is part of), which keeps the exhaustive
// comparison fast without changing the definition.
class ReferenceTree {
 public:
  explicit ReferenceTree(std::vector<std::string> leaves) : d_(std::move(leaves)) {}

  Hash32 Mth(uint64_t begin, uint64_t end) {
    auto [it, inserted] = memo_.try_emplace({begin, end});
    if (!inserted) return it->second;
    Hash32 h{};
    const uint64_t n = end - begin;
    if (n == 0) {
      h = Sha256({});
    } else if (n == 1) {
      h = Sha256({std::string_view("\x00", 1), d_[begin]});
    } else {
      const uint64_t k = K(n);
      const Hash32 l = Mth(begin, begin + k), r = Mth(begin + k, end);
      h = Sha256({std::string_view("\x01", 1), AsView(l), AsView(r)});
    }
    memo_[{begin, end}] = h;
    return h;
  }

  // PATH(m, D[begin:end]), m relative to begin.
  std::vector<Hash32> Path(uint64_t m, uint64_t begin, uint64_t end) {
    const uint64_t n = end - begin;
    if (n <= 1) return {};
    const uint64_t k = K(n);
    std::vector<Hash32> out;
    if (m < k) {
      out = Path(m, begin, begin + k);
      out.push_back(Mth(begin + k, end));
    } else {
      out = Path(m - k, begin + k, end);
      out.push_back(Mth(begin, begin + k));
    }
    return out;
  }

  // SUBPROOF(m, D[begin:end], b), m relative to begin.
  std::vector<Hash32> Subproof(uint64_t m, uint64_t begin, uint64_t end, bool b) {
    const uint64_t n = end - begin;
    if (m == n) return b ? std::vector<Hash32>{} : std::vector<Hash32>{Mth(begin, end)};
    const uint64_t k = K(n);
    std::vector<Hash32> out;
    if (m <= k) {
      out = Subproof(m, begin, begin + k, b);
      out.push_back(Mth(begin + k, end));
    } else {
      out = Subproof(m - k, begin + k, end, false);
      out.push_back(Mth(begin, begin + k));
    }
    return out;
  }

  // PROOF(m, D[n]); defined for 0 < m < n, empty otherwise.
  std::vector<Hash32> Proof(uint64_t m, uint64_t n) {
    if (m == 0 || m >= n) return {};
    return Subproof(m, 0, n, true);
  }

 private:
  // Largest power of two smaller than n, by counting up as the RFC phrases it.
  static uint64_t K(uint64_t n) {
    uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  }

  std::vector<std::string> d_;
  std::map<std::pair<uint64_t, uint64_t>, Hash32> memo_;
};

// A NodeSource that serves only nodes inside the first `limit` leaves of `inner` and counts reads:
// proofs for a tree of `limit` leaves must not look past it, and must stay O(log n).
class LimitedSource final : public NodeSource {
 public:
  LimitedSource(const NodeSource& inner, uint64_t limit) : inner_(inner), limit_(limit) {}
  Result<Hash32> Get(uint32_t level, uint64_t index) const override {
    ++reads_;
    if (level == 0) leaves_.insert(index);
    if (((index + 1) << level) > limit_) return Fail(MissingNodeError(level, index));
    return inner_.Get(level, index);
  }
  uint64_t reads() const { return reads_; }
  // The distinct leaves (level-0 nodes) read: the store hashes each from its event.
  uint64_t leaves_read() const { return leaves_.size(); }

 private:
  const NodeSource& inner_;
  uint64_t limit_;
  mutable uint64_t reads_ = 0;
  mutable std::set<uint64_t> leaves_;
};

}  // namespace bitacora

#endif  // BITACORA_TESTS_MERKLE_REFERENCE_H_

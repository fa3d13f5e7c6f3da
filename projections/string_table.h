// A hash table from a string key (a stream id, a client's CI) to a value, for the projector's
// hot path. Open addressing over small (hash, index) slots, so that a lookup reads one slot
// and then its entry, instead of walking list nodes as std::unordered_map does: with 100 000+
// records folded in no particular order, each node visited is a cache miss. Entries live in a
// deque, so a pointer to a value stays valid until clear().
#ifndef BITACORA_PROJECTIONS_STRING_TABLE_H_
#define BITACORA_PROJECTIONS_STRING_TABLE_H_

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bitacora::projections {

template <class V>
class StringTable {
 public:
  using Entry = std::pair<std::string, V>;

  // The entry (key and value) at `key`, or nullptr. Its address is stable until clear().
  Entry* FindEntry(std::string_view key) {
    if (slots_.empty()) return nullptr;
    const uint64_t hash = Hash(key);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.index == kEmpty) return nullptr;
      if (slot.hash == hash && entries_[slot.index].first == key) return &entries_[slot.index];
    }
  }
  // The value at `key`, or nullptr. (The same probe as FindEntry, written out: returning
  // &FindEntry(key)->second behind a null check trips g++ 12's -Wnull-dereference.)
  V* Find(std::string_view key) {
    if (slots_.empty()) return nullptr;
    const uint64_t hash = Hash(key);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.index == kEmpty) return nullptr;
      if (slot.hash == hash && entries_[slot.index].first == key) return &entries_[slot.index].second;
    }
  }

  // Adds `key` with `value` and returns its entry. Precondition: Find(key) == nullptr.
  Entry& InsertEntry(std::string_view key, V value) {
    if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
    const auto index = static_cast<uint32_t>(entries_.size());
    entries_.emplace_back(std::string(key), std::move(value));
    Place(Hash(key), index);
    return entries_.back();
  }
  V& Insert(std::string_view key, V value) { return InsertEntry(key, std::move(value)).second; }

  size_t size() const { return entries_.size(); }
  void clear() {
    entries_.clear();
    slots_.clear();
    mask_ = 0;
  }
  // Entries in the order they were inserted.
  auto begin() { return entries_.begin(); }
  auto end() { return entries_.end(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t hash = 0;
    uint32_t index = kEmpty;
  };
  static uint64_t Hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  void Place(uint64_t hash, uint32_t index) {
    size_t i = hash & mask_;
    while (slots_[i].index != kEmpty) i = (i + 1) & mask_;
    slots_[i] = Slot{hash, index};
  }
  // Doubles the slots (at least 1024) and places every entry again; at most half are used.
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(1024, 2 * old.size()), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.index != kEmpty) Place(s.hash, s.index);
    }
  }

  std::deque<Entry> entries_;
  std::vector<Slot> slots_;  // size a power of two, or empty
  size_t mask_ = 0;
};

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_STRING_TABLE_H_

#include "core/store/stored_event.h"

#include <capnp/message.h>
#include <kj/exception.h>

#include <cstring>

namespace bitacora {

struct StoredEvent::Holder {
  kj::Array<capnp::word> words;
  kj::ArrayPtr<const capnp::word> segments[1];
  kj::Maybe<capnp::SegmentArrayMessageReader> reader;
  schema::Envelope::Reader root;
};

StoredEvent::StoredEvent(std::unique_ptr<Holder> holder) : holder_(std::move(holder)) {}
StoredEvent::StoredEvent(StoredEvent&&) noexcept = default;
StoredEvent& StoredEvent::operator=(StoredEvent&&) noexcept = default;
StoredEvent::~StoredEvent() = default;

Result<StoredEvent> StoredEvent::Decode(std::string_view bytes) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) {
    return Fail(ErrorKind::kCorruption, "bad_event_size",
                "stored event is " + std::to_string(bytes.size()) +
                    " bytes, not a whole number of 8-byte words");
  }
  auto holder = std::make_unique<Holder>();
  // RocksDB gives no alignment guarantee; copy into word-aligned memory.
  holder->words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(holder->words.begin(), bytes.data(), bytes.size());
  holder->segments[0] = holder->words.asPtr();
  try {
    auto& reader = holder->reader.emplace(kj::arrayPtr(holder->segments, 1));
    holder->root = reader.getRoot<schema::Envelope>();
    // Walks the whole message: any out-of-bounds pointer throws here, not later in a caller.
    (void)holder->root.totalSize();
  } catch (const kj::Exception& e) {
    return Fail(ErrorKind::kCorruption, "undecodable_event",
                std::string("stored event does not decode: ") + e.getDescription().cStr());
  }
  return StoredEvent(std::move(holder));
}

schema::Envelope::Reader StoredEvent::envelope() const { return holder_->root; }

std::string_view StoredEvent::bytes() const {
  auto b = holder_->words.asBytes();
  return std::string_view(reinterpret_cast<const char*>(b.begin()), b.size());
}

}  // namespace bitacora

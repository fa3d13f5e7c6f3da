#include "core/store/stored_event.h"

#include <capnp/dynamic.h>
#include <capnp/message.h>
#include <kj/exception.h>

#include <cstring>

namespace bitacora {
namespace {

void ReadAll(capnp::DynamicValue::Reader value);

// Reads every field of `value` as its schema says (every member of a union that is set), so
// that a pointer of the wrong kind (a list where text is expected, say) throws now. Fields of a
// newer schema are not known and not read.
void ReadAll(capnp::DynamicStruct::Reader value) {
  for (auto field : value.getSchema().getNonUnionFields()) ReadAll(value.get(field));
  KJ_IF_MAYBE(field, value.which()) { ReadAll(value.get(*field)); }
}

void ReadAll(capnp::DynamicValue::Reader value) {
  switch (value.getType()) {
    case capnp::DynamicValue::STRUCT: ReadAll(value.as<capnp::DynamicStruct>()); break;
    case capnp::DynamicValue::LIST:
      for (auto element : value.as<capnp::DynamicList>()) ReadAll(element);
      break;
    default: break;  // scalars, text and data were checked by get()
  }
}

}  // namespace

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
    return Fail(Code::kBadEventSize, "stored event is " + std::to_string(bytes.size()) +
                    " bytes, not a whole number of 8-byte words");
  }
  auto holder = std::make_unique<Holder>();
  // RocksDB gives no alignment guarantee; copy into word-aligned memory.
  holder->words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(holder->words.begin(), bytes.data(), bytes.size());
  holder->segments[0] = holder->words.asPtr();
  try {
    // A first pass walks the whole message (any out-of-bounds pointer throws here, not later
    // in a caller), then reads it by its schema (a pointer of the wrong kind throws too), under
    // a traversal limit of a few times its size: a list of zero-sized elements claiming
    // millions of them in a few bytes (found by fuzz_stored_event: seconds to render) fails.
    capnp::ReaderOptions checking;
    checking.traversalLimitInWords = 8 * holder->words.size() + 1024;
    capnp::SegmentArrayMessageReader check(kj::arrayPtr(holder->segments, 1), checking);
    auto root = check.getRoot<schema::Envelope>();
    (void)root.totalSize();
    ReadAll(capnp::toDynamic(root));
    auto& reader = holder->reader.emplace(kj::arrayPtr(holder->segments, 1));
    holder->root = reader.getRoot<schema::Envelope>();
  } catch (const kj::Exception& e) {
    return Fail(Code::kUndecodableEvent, std::string("stored event does not decode: ") + e.getDescription().cStr());
  }
  return StoredEvent(std::move(holder));
}

schema::Envelope::Reader StoredEvent::envelope() const { return holder_->root; }

std::string_view StoredEvent::bytes() const {
  auto b = holder_->words.asBytes();
  return std::string_view(reinterpret_cast<const char*>(b.begin()), b.size());
}

}  // namespace bitacora

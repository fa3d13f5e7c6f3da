#include "core/handler/command_handler.h"

#include <capnp/message.h>
#include <capnp/serialize.h>

#include <chrono>
#include <map>
#include <string_view>

#include "core/crypto/sha256.h"
#include "core/domain/decide.h"
#include "core/domain/text_list.h"
#include "core/domain/world.h"

namespace bitacora {
namespace {

constexpr size_t kPage = 1000;

int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What binds an idempotency key to the command first sent with it: the command's union tag
// (BE16, to name it in a refusal) and the SHA-256 of its canonical form without its id (every
// field and the business time).
std::string CommandBinding(schema::Command::Reader command) {
  capnp::MallocMessageBuilder copy;
  copy.setRoot(command);
  copy.getRoot<schema::Command>().setCommandId("");
  kj::Array<capnp::word> words = capnp::canonicalize(copy.getRoot<schema::Command>().asReader());
  auto bytes = words.asBytes();
  const auto which = static_cast<uint16_t>(command.which());
  std::string binding{static_cast<char>(which >> 8), static_cast<char>(which & 0xFF)};
  binding.append(AsView(Sha256({std::string_view(reinterpret_cast<const char*>(bytes.begin()),
                                                 bytes.size())})));
  return binding;
}

// Ok when the command record `seen` was made by this command (or before records kept a binding);
// else the refusal naming the first command.
Status CheckBinding(const AppendResult& seen, const std::string& binding, const std::string& id) {
  if (seen.binding.empty() || seen.binding == binding) return Ok();
  std::string first = "otro comando";
  if (seen.binding.size() >= 2) {
    const auto which = static_cast<uint16_t>((static_cast<uint8_t>(seen.binding[0]) << 8) |
                                             static_cast<uint8_t>(seen.binding[1]));
    first = std::string(domain::CommandName(static_cast<schema::Command::Which>(which)));
  }
  return Fail(Code::kIdempotencyKeyReused,
              "La clave de idempotencia \"" + id + "\" ya se usó para el comando " + first +
                  " (posición " + std::to_string(seen.first_position) +
                  ") con otros datos; el comando no se registró. Use una clave nueva para cada comando.");
}

}  // namespace

domain::WorldSources StoreSources(const EventStore& store) {
  domain::WorldSources src;
  src.read_stream = [&store](const std::string& stream,
                             const domain::WorldSources::EventFn& fn) -> Result<uint64_t> {
    // The whole stream is read before the first call, so the corrections among its events apply
    // to the events they correct (streams are short: an order has about ten events).
    uint64_t version = 0;
    std::vector<std::vector<StoredEvent>> pages;
    std::vector<domain::StreamEvent> events;
    std::vector<domain::EventMeta> metas;
    for (;;) {
      auto page = store.ReadStream(stream, version + 1, Direction::kForward, kPage);
      if (!page) return Fail(page.error());
      pages.push_back(std::move(*page));
      for (const StoredEvent& stored : pages.back()) {
        auto env = stored.envelope();
        metas.push_back({env.getPosition(), env.getRecordedAtNs(), env.getOccurredAtNs()});
        events.push_back({env.getPosition(), env.getPayload()});
        version = env.getVersion();
      }
      if (pages.back().size() < kPage) break;
    }
    domain::ForEachCorrected(events, [&](size_t i, schema::Event::Reader e) { fn(metas[i], e); });
    return version;
  };
  src.read_counter = [&store](const std::string& name) { return store.CounterValue(name); };
  src.stream_at = [&store](uint64_t position) -> Result<std::string> {
    auto events = store.ReadLog(position, 1);
    if (!events) return Fail(events.error());
    if (events->empty() || events->front().position() != position) {
      return Fail(Code::kEventNotFound, "no event at that position");
    }
    return std::string(events->front().envelope().getStreamId().cStr());
  };
  return src;
}

CommandHandler::CommandHandler(EventStore& store, HandlerOptions options)
    : store_(store), options_(std::move(options)) {
  if (!options_.clock) options_.clock = SystemNow;
  if (options_.max_attempts < 1) options_.max_attempts = 1;
}

Result<CommandOutcome> CommandHandler::Replay(const AppendResult& appended) {
  CommandOutcome out;
  out.first_position = appended.first_position;
  out.last_position = appended.last_position;
  out.duplicate = true;
  auto events =
      store_.ReadLog(appended.first_position, appended.last_position - appended.first_position + 1);
  if (!events) return Fail(events.error());
  for (const StoredEvent& stored : *events) {
    auto env = stored.envelope();
    out.streams.emplace_back(env.getStreamId().cStr());
    if (out.case_id.empty()) out.case_id = env.getCaseId().cStr();
    auto payload = env.getPayload();
    switch (payload.which()) {
      case schema::Event::ORDER_ISSUED:
        out.issued_orders.emplace_back(payload.getOrderIssued().getOrderNumber().cStr());
        break;
      case schema::Event::SUBSCRIBER_CREATED:
        out.subscriber_number = payload.getSubscriberCreated().getSubscriberNumber().cStr();
        break;
      case schema::Event::DOCUMENTS_FOUND_INCOMPLETE: {
        auto p = payload.getDocumentsFoundIncomplete();
        out.notice_code = std::string(Describe(Code::kDocumentsIncomplete).code);
        out.notice_message =
            domain::DocumentsIncompleteMessage(domain::ToStrings(p.getMissing()), p.getReferral());
        break;
      }
      // The rest carry nothing a replayed outcome reports (streams and case id: the envelope).
      case schema::Event::COMMENT_RECORDED:
      case schema::Event::CORRECTION_RECORDED:
      case schema::Event::REQUIREMENT_CHECKLIST_SET:
      case schema::Event::MATERIAL_PRICES_SET:
      case schema::Event::TARIFF_SET:
      case schema::Event::TECHNICIAN_ON_DUTY_SET:
      case schema::Event::HOLIDAYS_SET:
      case schema::Event::CLIENT_REGISTERED:
      case schema::Event::CLIENT_DATA_UPDATED:
      case schema::Event::CLIENT_FOLDER_RECORDED:
      case schema::Event::CASE_OPENED:
      case schema::Event::DOCUMENTS_ACCEPTED:
      case schema::Event::CASE_CLIENT_RECORDED:
      case schema::Event::CASE_ORDER_LINKED:
      case schema::Event::INSTALLATION_REPORTED:
      case schema::Event::CASE_SUBSCRIBER_ASSIGNED:
      case schema::Event::VIABILITY_DECIDED:
      case schema::Event::CASE_METER_ASSIGNED:
      case schema::Event::CONTRACT_SIGNED:
      case schema::Event::DOCUMENTS_HANDED_OVER:
      case schema::Event::FOLDER_ASSEMBLED:
      case schema::Event::CUT_CONDITIONS_EXPLAINED:
      case schema::Event::CLIENT_CONFIRMED_REQUEST:
      case schema::Event::CASE_CLOSED:
      case schema::Event::CASE_RECEIVED_BY_ODECO:
      case schema::Event::ORDER_HANDED_TO_TECHNICIAN:
      case schema::Event::ORDER_RETURNED:
      case schema::Event::RECONNECTION_INSPECTION_PROCESSED:
      case schema::Event::ORDER_VERIFIED:
      case schema::Event::ORDER_SENT_BACK:
      case schema::Event::ORDER_REGISTERED_IN_DAILY_CONTROL:
      case schema::Event::REQUIREMENTS_ORDER_PROCESSED:
      case schema::Event::ORDER_ARCHIVED:
      case schema::Event::ORDER_SENT_TO_ODECO:
      case schema::Event::ORDER_PROCESSED_BY_ODECO:
      case schema::Event::ORDER_SENT_TO_CPD:
      case schema::Event::ORDER_RECEIVED_BY_CPD:
      case schema::Event::ORDER_ANNULLED:
      case schema::Event::SUBSCRIBER_STATUS_CHANGED:
      case schema::Event::SUBSCRIBER_METER_INSTALLED:
      case schema::Event::SUBSCRIBER_METER_REMOVED:
      case schema::Event::SUBSCRIBER_ADDRESS_CHANGED:
      case schema::Event::SERVICE_CASE_OPENED:
      case schema::Event::SERVICE_CASE_CLOSED:
      case schema::Event::METER_REGISTERED:
      case schema::Event::METER_DELIVERED:
      case schema::Event::METER_INSTALLED:
      case schema::Event::METER_REMOVED:
      case schema::Event::TOKEN_ISSUED:
      case schema::Event::TOKEN_REVOKED:
      case schema::Event::NOTE_RECORDED:
      case schema::Event::CASE_WITHDRAWN:
      case schema::Event::REQUIREMENTS_ORDER_UNFINISHED:
      case schema::Event::PAYMENT_REFUNDED:
      case schema::Event::METER_REGISTRATION_GUIDE_ISSUED:
      case schema::Event::USER_CREATED:
      case schema::Event::USER_ROLE_CHANGED:
      case schema::Event::USER_PASSWORD_RESET:
      case schema::Event::USER_DISABLED:
      case schema::Event::SIGNED_IN:
      case schema::Event::SIGN_IN_FAILED:
        break;
    }
  }
  return out;
}

Result<AppendResult> CommandHandler::LookupLegacy(const ActorRef& actor,
                                                  const std::string& command_id) {
  auto seen = store_.LookupCommand(command_id);
  if (!seen) return seen;
  auto first = store_.ReadLog(seen->first_position, 1);
  if (!first) return Fail(first.error());
  // Records keyed by actor always carry a binding: an empty one is a bare command id's.
  if (!seen->binding.empty() || first->empty() ||
      std::string_view(first->front().envelope().getActor().getId().cStr()) != actor.id) {
    return Fail(Code::kUnknownCommand, "no command " + command_id + " of " + actor.id);
  }
  return seen;
}

Result<CommandOutcome> CommandHandler::Handle(const ActorRef& actor,
                                              schema::Command::Reader command) {
  if (Status s = domain::CheckRole(actor.role, command.which()); !s) return Fail(s.error());
  const std::string command_id = command.getCommandId().cStr();
  if (command_id.empty()) {
    return Fail(Code::kFieldRequired, "Falta el identificador del comando (commandId).");
  }
  // The key belongs to the actor; a repeat must be the same command with the same fields.
  const std::string record_key = ScopedCommandKey(actor.id, command_id);
  const std::string binding = CommandBinding(command);
  if (auto seen = store_.LookupCommand(record_key)) {
    if (Status s = CheckBinding(*seen, binding, command_id); !s) return Fail(s.error());
    return Replay(*seen);
  } else if (seen.error().kind != ErrorKind::kNotFound) {
    return Fail(seen.error());
  }
  if (auto legacy = LookupLegacy(actor, command_id)) {
    return Replay(*legacy);
  } else if (legacy.error().kind != ErrorKind::kNotFound) {
    return Fail(legacy.error());
  }
  const domain::WorldSources sources = StoreSources(store_);
  std::unique_lock<std::mutex> retrying(retry_mu_, std::defer_lock);
  for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
    if (attempt == 1) retrying.lock();
    domain::Context context;
    context.now_ns = options_.clock();
    context.occurred_at_ns = command.getOccurredAtNs();
    context.reconnection_window_ns = options_.reconnection_window_ns;
    auto world = domain::LoadWorld(sources, command, context.now_ns);
    if (!world) return Fail(world.error());
    auto decision = domain::Decide(*world, actor.role, command, context);
    if (!decision) return Fail(decision.error());

    AppendRequest request;
    request.command_id = command_id;
    request.record_key = record_key;
    request.binding = binding;
    request.case_id = decision->case_id;
    request.causation_id = command_id;
    request.actor = actor;
    request.backdating_reason = decision->backdating_reason;
    CommandOutcome out;
    out.case_id = decision->case_id;
    out.issued_orders = decision->issued_orders;
    out.subscriber_number = decision->subscriber_number;
    out.notice_code = decision->notice_code;
    out.notice_message = decision->notice_message;
    out.streams = decision->streams();
    std::map<std::string, uint64_t> expected = world->versions;
    for (const std::string& stream : out.streams) expected.try_emplace(stream, 0);
    for (const auto& [stream, version] : expected) {
      request.expectations.push_back(StreamExpectation{
          stream, version == 0 ? ExpectedVersion::NoStream() : ExpectedVersion::Exactly(version)});
    }
    request.counters = decision->counters();
    request.events = decision->TakeEvents();

    auto appended = store_.Append(std::move(request));
    if (!appended) {
      if (appended.error().kind == ErrorKind::kConflict) continue;
      return Fail(appended.error());
    }
    if (appended->duplicate) {
      if (Status s = CheckBinding(*appended, binding, command_id); !s) return Fail(s.error());
      return Replay(*appended);
    }
    out.first_position = appended->first_position;
    out.last_position = appended->last_position;
    return out;
  }
  return Fail(Code::kConflictRetriesExhausted, "El trámite cambió mientras se registraba el comando; vuelva a intentarlo.");
}

}  // namespace bitacora

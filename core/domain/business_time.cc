#include "core/domain/business_time.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "core/domain/ids.h"

namespace bitacora::domain {
namespace {

using C = schema::Command;

std::string Trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

Result<std::string> CheckBusinessTime(const World& world, schema::Role role, C::Reader command,
                                      const Context& context, const Decision& decision) {
  const int64_t occurred = context.occurred_at_ns;
  if (occurred == 0) return std::string();
  const int64_t now = context.now_ns;
  if (occurred > now + kFutureSkewNs) {
    return Fail(Code::kOccurredAtInFuture,
                "La hora del hecho (" + FormatLaPazTime(occurred) +
                    ") es posterior a la hora del sistema (" + FormatLaPazTime(now) +
                    "): no se registran hechos futuros (tolerancia: 5 minutos).");
  }
  const std::vector<std::string> written = decision.streams();
  const bool sets_reference =
      std::find(written.begin(), written.end(), kReferenceStream) != written.end();
  for (const auto& [stream, last] : world.last_occurred_at_ns) {
    if (stream == kReferenceStream && !sets_reference) continue;
    if (occurred < last) {
      return Fail(Code::kOccurredAtBeforeLastEvent,
                  "La hora del hecho (" + FormatLaPazTime(occurred) +
                      ") es anterior al último hecho registrado de " + stream + " (" +
                      FormatLaPazTime(last) + "): los hechos se registran en su orden.");
    }
  }
  const std::string reason = Trimmed(command.getBackdatingReason().cStr());
  if (occurred < now - kBackdatingLimitNs) {
    if (role != schema::Role::SUPERVISOR) {
      return Fail(Code::kBackdatingNeedsSupervisor,
                  "La hora del hecho (" + FormatLaPazTime(occurred) +
                      ") es de hace más de un día: solo el supervisor puede registrarlo, con el "
                      "motivo.");
    }
    if (reason.empty()) {
      return Fail(Code::kBackdatingNeedsReason, "Registrar un hecho de hace más de un día (" +
                                                    FormatLaPazTime(occurred) +
                                                    ") requiere el motivo (backdatingReason).");
    }
  }
  return occurred < now ? reason : std::string();
}

}  // namespace bitacora::domain

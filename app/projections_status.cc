#include "app/projections_status.h"

#include "app/answer_codec.h"

namespace bitacora::app {

std::string ProjectionsStatusJson(uint64_t head, uint64_t position, const Status& last) {
  OwnedAnswer answer(capnp::Schema::from<schema::ProjectionsStatus>());
  auto status = answer.root().as<schema::ProjectionsStatus>();
  status.setHead(head);
  status.setPosition(position);
  status.setLag(head > position ? head - position : uint64_t{0});
  if (!last) status.setLastError(last.error().ToString());
  return answer.Json();
}

}  // namespace bitacora::app

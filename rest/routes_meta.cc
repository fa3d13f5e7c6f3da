// /healthz (no token), /metrics, /v1/openapi.json.
#include "rest/answer_cache.h"
#include "app/json.h"
#include "rest/routes.h"

namespace bitacora::shim {

void AddMetaRoutes(httplib::Server& server, const ServerDeps& deps) {
  AddRoute(
      server, deps, Method::kGet, "/healthz", "GET /healthz",
      [deps](const httplib::Request&, httplib::Response& res, const ActorRef&) {
        app::JsonWriter w;  // kept: /healthz, a liveness probe, not an API answer
        w.BeginObject().Field("status", "ok").Field("head", deps.store->GetHead().position)
            .Field("views", deps.views->position()).EndObject();
        SendJson(res, 200, w.str());
      },
      /*open=*/true);
  AddRoute(server, deps, Method::kGet, "/metrics", "GET /metrics",
           [deps](const httplib::Request&, httplib::Response& res, const ActorRef&) {
             res.status = 200;
             MemoryGauges memory = ProcessMemory();
             const StoreMemory store = deps.store->Memory();
             const projections::ViewsMemory views = deps.views->Memory();
             memory.store = store.rocks;
             memory.cached_versions = store.cached_versions;
             memory.cached_version_bytes = store.cached_version_bytes;
             memory.merkle_nodes = store.merkle_nodes_bytes;
             memory.views = views.rocks;
             memory.cached_records = views.cached_records;
             if (deps.answers) {
               memory.cached_answers = deps.answers->entries();
               memory.cached_answer_bytes = deps.answers->bytes();
             }
             res.set_content(deps.metrics->Render(deps.store->GetHead().position, deps.views->position(), memory),
                             "text/plain; version=0.0.4");
           });
  const std::string openapi = OpenApiJson();
  AddRoute(server, deps, Method::kGet, "/v1/openapi.json", "GET /v1/openapi.json",
           [openapi](const httplib::Request&, httplib::Response& res, const ActorRef&) {
             SendJson(res, 200, openapi);
           });
}

}  // namespace bitacora::shim

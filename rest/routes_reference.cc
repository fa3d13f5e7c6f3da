// GET /v1/reference[?as_of=YYYY-MM-DD]: the reference data a clerk reads (any role).
#include "app/reference.h"
#include "rest/routes.h"

namespace bitacora::shim {

void AddReferenceRoutes(httplib::Server& server, const ServerDeps& deps) {
  AddRoute(server, deps, Method::kGet, R"(/v1/reference)", "GET /v1/reference",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
             auto view = app::ReadReference(
                 *deps.store, req.has_param("as_of") ? req.get_param_value("as_of") : "");
             if (!view) return SendError(res, view.error());
             SendJson(res, 200, app::ReferenceJson(*view));
           });
}

}  // namespace bitacora::shim

// GET /v1/reads?client=CI&actor=ID&limit=N: the access log of reads of personal data
// (app/read_log.h), for the auditor: who read which client's data, with which credential, when.
#include "app/read_log.h"
#include "core/domain/ci.h"
#include "rest/routes.h"

namespace bitacora::shim {

void AddReadRoutes(httplib::Server& server, const ServerDeps& deps) {
  AddRoute(server, deps, Method::kGet, R"(/v1/reads)", "GET /v1/reads",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             if (!Require(res, actor, schema::Role::AUDITOR)) return;
             if (!deps.reads) {
               return SendError(res, MakeError(Code::kReadsNotKept,
                                               "Este servidor no lleva el registro de lecturas."));
             }
             app::ReadFilter filter;
             if (req.has_param("client")) {
               auto ci = domain::ParseCi(req.get_param_value("client"));
               if (!ci) return SendError(res, ci.error());
               filter.subject = ci->Identity();
             }
             filter.actor = req.get_param_value("actor");
             if (req.has_param("limit")) {
               auto limit = ParsePosition(req.get_param_value("limit"), "limit");
               if (!limit) return SendError(res, limit.error());
               filter.limit = static_cast<size_t>(std::min<uint64_t>(*limit, 1000));
             }
             auto answer = deps.reads->Query(filter);
             if (!answer) return SendError(res, answer.error());
             SendJson(res, 200, answer->Json());
           });
}

}  // namespace bitacora::shim

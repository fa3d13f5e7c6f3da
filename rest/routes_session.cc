// Signing in and out with a user and password (issue #17): POST /v1/session opens a session and
// answers its cookie and CSRF token, DELETE /v1/session ends it. The sessions themselves, the
// rate limit and the records of every sign-in are app/sessions.h's; AddRoute authenticates the
// requests that carry the cookie and checks their CSRF token.
#include <capnp/message.h>

#include "app/answer_codec.h"
#include "app/command_codec.h"
#include "app/request_codec.h"
#include "app/sessions.h"
#include "rest/routes.h"

namespace bitacora::shim {

void AddSessionRoutes(httplib::Server& server, const ServerDeps& deps) {
  AddRoute(
      server, deps, Method::kPost, R"(/v1/session)", "POST /v1/session",
      [deps](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
        capnp::MallocMessageBuilder message;
        auto request = message.initRoot<schema::SessionRequest>();
        if (Status decoded = app::DecodeRequest(req.body, request); !decoded) {
          return SendError(res, decoded.error());
        }
        auto session = deps.sessions->SignIn(request.asReader().getUsername().cStr(),
                                             request.asReader().getPassword().cStr(),
                                             req.remote_addr);
        if (!session) {
          if (session.error().Is(Code::kSignInRateLimited)) res.set_header("Retry-After", "900");
          return SendError(res, session.error());
        }
        app::OwnedAnswer answer(capnp::Schema::from<schema::SessionAnswer>());
        auto a = answer.root().as<schema::SessionAnswer>();
        a.setUsername(session->actor.id);
        a.setRole(session->actor.role);
        a.setCsrfToken(session->csrf);
        res.set_header("Set-Cookie", app::SessionCookie(session->id, deps.session_cookie_secure));
        res.set_header("Cache-Control", "no-store");
        SendJson(res, 200, answer.Json());
      },
      /*open=*/true);
  AddRoute(server, deps, Method::kDelete, R"(/v1/session)", "DELETE /v1/session",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
             const std::string id =
                 app::CookieValue(req.get_header_value("Cookie"), app::kSessionCookie);
             if (id.empty()) {
               return SendError(res, MakeError(Code::kSessionInvalid,
                                               "No hay sesión que cerrar: sin la cookie de sesión."));
             }
             deps.sessions->SignOut(id);
             res.set_header("Set-Cookie", app::SessionCookie("", deps.session_cookie_secure));
             app::OwnedAnswer answer(capnp::Schema::from<schema::SignedOutAnswer>());
             answer.root().as<schema::SignedOutAnswer>().setSignedOut(true);
             SendJson(res, 200, answer.Json());
           });
}

}  // namespace bitacora::shim

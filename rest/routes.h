// Internal to the server: how routes are registered (authentication, metrics, error bodies) and
// the groups of routes, one file each.
#ifndef BITACORA_REST_ROUTES_H_
#define BITACORA_REST_ROUTES_H_

#include <httplib.h>

#include <functional>
#include <string>

#include "rest/server.h"
#include "core/append/append.h"

namespace bitacora::shim {

using AuthedHandler =
    std::function<void(const httplib::Request&, httplib::Response&, const ActorRef& actor)>;

enum class Method { kGet, kPost, kDelete };

// Registers `pattern` (a regex over the path) for `method`. The handler runs only with a valid
// bearer token or session cookie (401 otherwise; a session's POST or DELETE also needs its
// X-CSRF-Token, 403 otherwise) unless `open` is true; `label` names the route in the metrics.
void AddRoute(httplib::Server& server, const ServerDeps& deps, Method method,
              const std::string& pattern, const std::string& label, AuthedHandler handler,
              bool open = false);

void SendJson(httplib::Response& res, int status, const std::string& body);
void SendError(httplib::Response& res, const Error& error);

// `text` as a log position (decimal digits only, at most 2^64-1): kInvalidArgument "bad_parameter"
// naming `name` otherwise (signs, blanks, exponents, overflow).
[[nodiscard]] Result<uint64_t> ParsePosition(std::string_view text, std::string_view name);

// Refuses with 403 unless `actor` has `role`; returns whether it may go on.
bool Require(httplib::Response& res, const ActorRef& actor, schema::Role role);

// Refuses with 403 unless `actor` has one of `roles`; returns whether it may go on.
bool RequireOneOf(httplib::Response& res, const ActorRef& actor,
                  std::initializer_list<schema::Role> roles);

// Records in deps.reads (when kept) that `actor` read `subject` (a CI, log positions) through
// the route `label`. A failure to record is logged, never hidden from the operator, and does not
// fail the read. Thread-safe.
void NoteRead(const ServerDeps& deps, const ActorRef& actor, std::string_view label,
              std::string_view subject);

// The route groups.
void AddCommandRoutes(httplib::Server& server, const ServerDeps& deps);
void AddSessionRoutes(httplib::Server& server, const ServerDeps& deps);
void AddViewRoutes(httplib::Server& server, const ServerDeps& deps);
void AddLogRoutes(httplib::Server& server, const ServerDeps& deps);
void AddMetaRoutes(httplib::Server& server, const ServerDeps& deps);
void AddReportRoutes(httplib::Server& server, const ServerDeps& deps);
void AddBackupRoutes(httplib::Server& server, const ServerDeps& deps);
void AddReferenceRoutes(httplib::Server& server, const ServerDeps& deps);
void AddReadRoutes(httplib::Server& server, const ServerDeps& deps);

// The OpenAPI 3 document, generated from the command schemas and the route table.
std::string OpenApiJson();

}  // namespace bitacora::shim

#endif  // BITACORA_REST_ROUTES_H_

#include "app/token_auth.h"

#include <mutex>

#include "app/tokens.h"

namespace bitacora::app {

Result<ActorRef> TokenAuthenticator::Authenticate(std::string_view token) const {
  if (!HasTokenForm(token)) return app::Authenticate(store_, token);  // refused there
  const std::string stream = TokenStream(TokenHashHex(token));
  // The version is read BEFORE the token's last event: an answer stored under it is at least as
  // new as that version, so a revocation appended in between is never hidden by it.
  auto version = store_.StreamVersion(stream);
  if (!version) return Fail(version.error());
  {
    std::shared_lock lock(mu_);
    if (auto it = entries_.find(stream); it != entries_.end() && it->second.version == *version) {
      return it->second.actor;
    }
  }
  auto who = app::Authenticate(store_, token);
  if (!who) return who;
  std::unique_lock lock(mu_);
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_.insert_or_assign(stream, Entry{*version, *who});
  return who;
}

size_t TokenAuthenticator::remembered() const {
  std::shared_lock lock(mu_);
  return entries_.size();
}

}  // namespace bitacora::app

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/agent.h"
#include "core/result.h"

namespace shopdesk::store {

// Accounts, sessions and the login throttle (no shop_id: see core/account.h).
class AccountRepo {
 public:
  virtual ~AccountRepo() = default;
  // Inserts; fills id. Conflict when the e-mail has an account.
  virtual Result<Account> Create(const Account& account) = 0;
  virtual Result<Account> Find(AccountId id) = 0;
  // NotFound when no account has this (lower-case) e-mail.
  virtual Result<Account> FindByEmail(const std::string& email) = 0;
  virtual Status SetPassword(AccountId id, const std::string& hash, Timestamp changed_at) = 0;
  virtual Status SetLoginState(AccountId id, int failed_logins, Timestamp locked_until) = 0;
  // The agents rows with this e-mail, in every shop (the person's memberships),
  // ordered by shop id.
  virtual Result<std::vector<Agent>> Memberships(const std::string& email) = 0;

  // Stores a session under the SHA-256 of its token; fills id.
  virtual Result<Session> CreateSession(const std::string& token_sha256,
                                        const Session& session) = 0;
  // NotFound for an unknown token (expired ones are found: callers check).
  virtual Result<Session> FindSession(const std::string& token_sha256) = 0;
  virtual Status TouchSession(SessionId id, Timestamp last_seen_at, Timestamp expires_at) = 0;
  virtual Status DeleteSession(SessionId id) = 0;
  // Ends every session of the account except `keep` (0: all); how many.
  virtual Result<std::int64_t> DeleteSessionsOf(AccountId account, SessionId keep) = 0;

  // Failed logins from `remote_address` since the window started; a window older than
  // `window_ms` restarts at `now`. RecordLoginFailure returns the count after it.
  virtual Result<int> LoginFailures(const std::string& remote_address, Timestamp now,
                                    Timestamp window_ms) = 0;
  virtual Result<int> RecordLoginFailure(const std::string& remote_address, Timestamp now,
                                         Timestamp window_ms) = 0;
};

}  // namespace shopdesk::store

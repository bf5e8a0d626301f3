#pragma once

// Logging in with e-mail and password: accounts, database-backed sessions (shared by
// every node), lockout and per-address throttling. Not thread-safe (one Database);
// create one per request.

#include <string>
#include <vector>

#include "core/account.h"
#include "core/agent.h"
#include "core/clock.h"
#include "core/password.h"
#include "core/result.h"
#include "store/database.h"

namespace shopdesk::services {

struct LoginPolicy {
  // Consecutive wrong passwords after which an account is locked, and for how long.
  int max_failures_per_account = 5;
  Timestamp lockout_ms = 15 * 60 * kMillisPerSecond;
  // Wrong logins from one address (any accounts) within the window before it is
  // refused for the rest of the window: guessing across many accounts.
  int max_failures_per_address = 30;
  Timestamp address_window_ms = 15 * 60 * kMillisPerSecond;
  // A session ends after this long without a request, and at the latest after
  // session_max_ms.
  Timestamp session_idle_ms = 12 * kMillisPerHour;
  Timestamp session_max_ms = 7 * kMillisPerDay;
  PasswordCost cost = PasswordCost::kInteractive;
};

// A logged-in person: their account, their session and the shops they work in.
struct SessionContext {
  Account account;
  Session session;
  std::vector<Agent> memberships;  // one per shop, ordered by shop id
};

struct LoginResult {
  SessionContext context;
  std::string token;  // for the cookie; only its SHA-256 is stored
};

class AccountService {
 public:
  AccountService(store::Database& db, const Clock& clock, LoginPolicy policy = {});

  // Sets (or resets) the password of the person with this e-mail, creating their
  // account when they have none. NotFound unless the e-mail is an agent of some shop;
  // InvalidArgument for a password the policy refuses. Ends their sessions.
  Result<Account> SetPassword(const std::string& email, const std::string& password);

  // Unauthenticated "e-mail or password is wrong" for an unknown e-mail, a wrong
  // password or an account without a password (the same answer, in about the same
  // time); RateLimited for a locked account or an address over its limit, saying
  // until when.
  Result<LoginResult> Login(const std::string& email, const std::string& password,
                            const std::string& remote_address);

  // The session of a cookie token, its expiry moved forward. Unauthenticated when it
  // is unknown or expired, or the person no longer works in any shop.
  Result<SessionContext> Resume(const std::string& token);

  // Ends the session of `token` (nothing when it is unknown).
  Status Logout(const std::string& token);

  // Unauthenticated when `current` is wrong; ends the account's other sessions.
  Status ChangePassword(const SessionContext& who, const std::string& current,
                        const std::string& replacement);

 private:
  Status CheckAddress(const std::string& remote_address, Timestamp now);
  Status Fail(const std::string& remote_address, Timestamp now);

  store::Database& db_;
  const Clock& clock_;
  LoginPolicy policy_;
};

}  // namespace shopdesk::services

#pragma once

// A person who logs in with e-mail and password, and their browser sessions. What an
// account may do in a shop is the Agent with the same e-mail there (core/agent.h).

#include <string>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

struct Account {
  AccountId id = 0;
  std::string email;  // lower-case, unique
  std::string name;
  std::string password_hash;  // argon2id (core/password.h); empty: no password set
  int failed_logins = 0;      // consecutive
  Timestamp locked_until = 0;
  Timestamp password_changed_at = 0;
  Timestamp created_at = 0;
};

struct Session {
  SessionId id = 0;
  AccountId account_id = 0;
  std::string csrf_token;  // sent back in X-CSRF-Token with every change
  Timestamp created_at = 0;
  Timestamp last_seen_at = 0;
  Timestamp expires_at = 0;
  std::string remote_address;
};

}  // namespace shopdesk

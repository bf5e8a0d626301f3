#include "services/account_service.h"

#include <algorithm>
#include <cctype>

#include "core/digest.h"
#include "core/text_normalize.h"
#include "services/audit_log.h"

namespace shopdesk::services {
namespace {

constexpr const char* kWrongLogin = "the e-mail address or the password is wrong";

// "HH:MM UTC" of `t`, for messages.
std::string ClockTime(Timestamp t) { return FormatIso8601(t).substr(11, 5) + " UTC"; }

}  // namespace

AccountService::AccountService(store::Database& db, const Clock& clock, LoginPolicy policy)
    : db_(db), clock_(clock), policy_(policy) {}

Result<Account> AccountService::SetPassword(const std::string& raw_email,
                                            const std::string& password) {
  const std::string email = AsciiLower(raw_email);
  SHOPDESK_TRY(CheckPasswordPolicy(password, email));
  auto hash = HashPassword(password, policy_.cost);
  if (!hash) return hash.error();
  const Timestamp now = clock_.Now();
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto memberships = db_.accounts().Memberships(email);
  if (!memberships) return memberships.error();
  if (memberships->empty()) {
    return Error::NotFound("agent with the e-mail address", email +
                                                                " (add them to a shop first with "
                                                                "`shopdesk user add`)");
  }
  auto account = db_.accounts().FindByEmail(email);
  if (!account && account.error().code != ErrorCode::kNotFound) return account.error();
  if (!account) {
    Account fresh;
    fresh.email = email;
    fresh.name = memberships->front().name;
    fresh.password_hash = *hash;
    fresh.password_changed_at = now;
    fresh.created_at = now;
    account = db_.accounts().Create(fresh);
    if (!account) return account.error();
  } else {
    SHOPDESK_TRY(db_.accounts().SetPassword(account->id, *hash, now));
    auto ended = db_.accounts().DeleteSessionsOf(account->id, 0);
    if (!ended) return ended.error();
    account->password_hash = *hash;
    account->password_changed_at = now;
    account->failed_logins = 0;
    account->locked_until = 0;
  }
  SHOPDESK_TRY((*tx)->Commit());
  return account;
}

Status AccountService::CheckAddress(const std::string& remote_address, Timestamp now) {
  auto failures = db_.accounts().LoginFailures(remote_address, now, policy_.address_window_ms);
  if (!failures) return failures.error();
  if (*failures >= policy_.max_failures_per_address) {
    const std::string minutes = std::to_string(policy_.address_window_ms / 60000);
    return Error::RateLimited("too many failed logins from this address; try again in " + minutes +
                              " minutes")
        .WithReason("login.address_throttled", {{"minutes", minutes}});
  }
  return Ok();
}

Status AccountService::Fail(const std::string& remote_address, Timestamp now) {
  auto counted = db_.accounts().RecordLoginFailure(remote_address, now, policy_.address_window_ms);
  if (!counted) return counted.error();
  return Error::Unauthenticated(kWrongLogin).WithReason("login.wrong_credentials");
}

Result<LoginResult> AccountService::Login(const std::string& raw_email, const std::string& password,
                                          const std::string& remote_address) {
  const std::string email = AsciiLower(raw_email);
  const Timestamp now = clock_.Now();
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  SHOPDESK_TRY(CheckAddress(remote_address, now));
  auto account = db_.accounts().FindByEmail(email);
  if (!account && account.error().code != ErrorCode::kNotFound) return account.error();
  if (!account || account->password_hash.empty()) {
    // Spend the time a real check takes, so timing does not tell which e-mails exist.
    static const std::string kDummy = *HashPassword("not-a-password", policy_.cost);
    (void)VerifyPassword(password, kDummy);
    Status failed = Fail(remote_address, now);
    SHOPDESK_TRY((*tx)->Commit());
    return failed.error();
  }
  if (account->locked_until > now) {
    auto memberships = db_.accounts().Memberships(email);
    if (!memberships) return memberships.error();
    SHOPDESK_TRY(RecordAuditInEach(db_, *memberships, remote_address, "login_failed",
                                   {{"reason", "locked"}}, now));
    SHOPDESK_TRY((*tx)->Commit());
    return Error::RateLimited("this account is locked after " +
                              std::to_string(policy_.max_failures_per_account) +
                              " wrong passwords; try again after " +
                              ClockTime(account->locked_until) + " or ask an admin to reset it")
        .WithReason("login.locked",
                    {{"until", FormatIso8601(account->locked_until)},
                     {"failures", std::to_string(policy_.max_failures_per_account)}});
  }
  if (!VerifyPassword(password, account->password_hash)) {
    const int failures = account->failed_logins + 1;
    const bool lock = failures >= policy_.max_failures_per_account;
    SHOPDESK_TRY(db_.accounts().SetLoginState(account->id, lock ? 0 : failures,
                                              lock ? now + policy_.lockout_ms : 0));
    auto memberships = db_.accounts().Memberships(email);
    if (!memberships) return memberships.error();
    SHOPDESK_TRY(
        RecordAuditInEach(db_, *memberships, remote_address, lock ? "login_locked" : "login_failed",
                          {{"reason", "wrong_password"}, {"consecutive_failures", failures}}, now));
    Status failed = Fail(remote_address, now);
    SHOPDESK_TRY((*tx)->Commit());
    return failed.error();
  }
  auto memberships = db_.accounts().Memberships(email);
  if (!memberships) return memberships.error();
  if (memberships->empty()) {
    return Error::PermissionDenied("this account no longer belongs to any shop")
        .WithReason("login.no_shop");
  }
  if (account->failed_logins != 0) SHOPDESK_TRY(db_.accounts().SetLoginState(account->id, 0, 0));
  LoginResult result;
  result.token = RandomHex(32);
  Session session;
  session.account_id = account->id;
  session.csrf_token = RandomHex(24);
  session.created_at = now;
  session.last_seen_at = now;
  session.expires_at = std::min(now + policy_.session_idle_ms, now + policy_.session_max_ms);
  session.remote_address = remote_address;
  auto stored = db_.accounts().CreateSession(Sha256Hex(result.token), session);
  if (!stored) return stored.error();
  SHOPDESK_TRY(RecordAuditInEach(db_, *memberships, remote_address, "login",
                                 {{"session_id", stored->id}}, now));
  SHOPDESK_TRY((*tx)->Commit());
  account->failed_logins = 0;
  result.context = SessionContext{*account, *stored, std::move(*memberships)};
  return result;
}

Result<SessionContext> AccountService::Resume(const std::string& token) {
  if (token.empty()) return Error::Unauthenticated("log in first").WithReason("session.required");
  const Timestamp now = clock_.Now();
  auto session = db_.accounts().FindSession(Sha256Hex(token));
  if (!session && session.error().code == ErrorCode::kNotFound) {
    return Error::Unauthenticated("the session has ended; log in again")
        .WithReason("session.ended");
  }
  if (!session) return session.error();
  if (session->expires_at <= now) {
    (void)db_.accounts().DeleteSession(session->id);
    return Error::Unauthenticated("the session has expired; log in again")
        .WithReason("session.ended");
  }
  auto account = db_.accounts().Find(session->account_id);
  if (!account) return account.error();
  auto memberships = db_.accounts().Memberships(account->email);
  if (!memberships) return memberships.error();
  if (memberships->empty()) {
    return Error::Unauthenticated("this account no longer belongs to any shop");
  }
  // Slide the expiry, writing at most once a minute per session.
  const Timestamp expires =
      std::min(now + policy_.session_idle_ms, session->created_at + policy_.session_max_ms);
  if (now - session->last_seen_at >= 60 * kMillisPerSecond) {
    SHOPDESK_TRY(db_.accounts().TouchSession(session->id, now, expires));
    session->last_seen_at = now;
    session->expires_at = expires;
  }
  return SessionContext{std::move(*account), std::move(*session), std::move(*memberships)};
}

Status AccountService::Logout(const std::string& token) {
  auto session = db_.accounts().FindSession(Sha256Hex(token));
  if (!session)
    return session.error().code == ErrorCode::kNotFound ? Ok() : Status(session.error());
  return db_.accounts().DeleteSession(session->id);
}

Status AccountService::ChangePassword(const SessionContext& who, const std::string& current,
                                      const std::string& replacement) {
  auto account = db_.accounts().Find(who.account.id);
  if (!account) return account.error();
  if (!VerifyPassword(current, account->password_hash)) {
    return Error::Unauthenticated("the current password is wrong")
        .WithReason("password.current_wrong");
  }
  SHOPDESK_TRY(CheckPasswordPolicy(replacement, account->email));
  auto hash = HashPassword(replacement, policy_.cost);
  if (!hash) return hash.error();
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  SHOPDESK_TRY(db_.accounts().SetPassword(account->id, *hash, clock_.Now()));
  auto ended = db_.accounts().DeleteSessionsOf(account->id, who.session.id);
  if (!ended) return ended.error();
  SHOPDESK_TRY(RecordAuditInEach(db_, who.memberships, who.session.remote_address,
                                 "password.changed", {{"other_sessions_ended", *ended}},
                                 clock_.Now()));
  return (*tx)->Commit();
}

}  // namespace shopdesk::services

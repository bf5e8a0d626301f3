#pragma once

#include <functional>
#include <string>
#include <vector>

#include "channels/email/curl_handle.h"
#include "channels/email/email_settings.h"
#include "core/result.h"

namespace shopdesk::channels::email {

// Delivers `message_bytes` (an RFC 5322 message with CRLF line ends, sent verbatim:
// libcurl only dot-stuffs) to `recipients` through the SMTP server of `settings`:
//  - smtp://host:port (plain; STARTTLS required when settings.smtp_starttls) or
//    smtps://host:port (TLS from the first byte);
//  - AUTH with settings.smtp_user / smtp_password when a user is set (when the
//    server offers no AUTH the mail is sent without);
//  - MAIL FROM:<envelope_from> (empty: the null sender <>), RCPT TO per recipient.
// All or nothing: when the server refuses any recipient, nothing is sent.
//
// Errors (the outbox retries kUnavailable only):
//  - kInvalidArgument, permanent: no or a non-SMTP URL, no recipients, an address
//    with control characters or angle brackets, an empty message, an SMTP 5xx reply
//    (recipient, sender or message refused), login refused, STARTTLS not offered.
//  - kUnavailable, transient: connection refused, timeout, TLS failure, SMTP 4xx.
// Messages name the server's host:port, the refused command and the server's reply,
// never the password. Thread-safe: each call uses its own connection.
Status SendMail(const EmailSettings& settings, const std::string& envelope_from,
                const std::vector<std::string>& recipients, const std::string& message_bytes);

// The same with explicit timeouts (`timeouts.total` bounds the whole call) and a hook
// that runs once the server accepted the message (its reply to DATA) and before the
// connection is closed: the QUIT exchange that follows cannot undo the acceptance
// (RFC 5321: the server took responsibility with its reply), so a caller can record
// the delivery without waiting for it. `accepted` may be empty.
Status SendMail(const EmailSettings& settings, const std::string& envelope_from,
                const std::vector<std::string>& recipients, const std::string& message_bytes,
                const CurlTimeouts& timeouts, const std::function<void()>& accepted = {});

// Connects to the SMTP server of `settings` and logs in as SendMail does (TLS, STARTTLS
// when required, AUTH when a user is set), then says QUIT without sending anything: a
// test of the settings. Errors as SendMail's.
Status CheckSmtpLogin(const EmailSettings& settings, const CurlTimeouts& timeouts);

}  // namespace shopdesk::channels::email

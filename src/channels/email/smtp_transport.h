#pragma once

#include <string>
#include <vector>

#include "core/channel.h"
#include "core/result.h"

namespace shopdesk::channels::email {

// Delivers `message_bytes` (RFC 5322) to `recipients` through the SMTP server in
// `settings` (smtp:// or smtps://; STARTTLS when settings.smtp_starttls; AUTH when a
// user is set). Errors: InvalidArgument when the server refuses for good (5xx, bad
// login, bad URL): do not retry; Unavailable otherwise (connection refused, timeout,
// 4xx): retry later. Thread-safe (a handle per call).
Status SendMail(const EmailSettings& settings, const std::string& envelope_from,
                const std::vector<std::string>& recipients, const std::string& message_bytes);

}  // namespace shopdesk::channels::email

#pragma once

#include <curl/curl.h>

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace shopdesk::channels::email {

// How long a mail transfer may take. A zero duration means "no limit".
struct CurlTimeouts {
  std::chrono::milliseconds connect{10'000};  // TCP (and TLS) connection set-up
  // SMTP: the whole SendMail call. IMAP: connecting and logging in, then each command.
  std::chrono::milliseconds total{300'000};
};

// The protocol family of a transfer: it decides which URL schemes are allowed and how
// a failure is classified.
enum class MailProtocol { kSmtp, kImap };

// "host:port" of a libcurl URL, with the scheme's default port filled in (smtp 25,
// smtps 465, imap 143, imaps 993) and without any user or password; "" when the URL
// does not parse. Safe to show to a seller.
std::string HostPortOf(const std::string& url);

// Ok when `url` parses and is smtp:// or smtps:// (kSmtp), imap:// or imaps:// (kImap);
// otherwise InvalidArgument saying what is expected. Never echoes a password.
Status CheckMailUrl(MailProtocol protocol, const std::string& url);

// `text` with every occurrence of `secret` replaced by "***" (secrets shorter than 3
// bytes are left alone: they would redact ordinary words). For messages built from
// server replies, which should never contain a password but might echo one.
std::string Redact(std::string text, std::string_view secret);

// Turns a failed libcurl transfer into an Error a seller can act on:
//   "<what> via <host:port>[ at <stage>] failed: <explanation>[ (<detail>)]
//    [; the server answered "<reply>"]".
// Classification (the outbox retries kUnavailable and gives up on anything else):
//  - kInvalidArgument, permanent, retrying with the same settings cannot help:
//    a malformed or unsupported URL; login refused (wrong user name or password: the
//    channel settings must change first, then the agent retries); STARTTLS required
//    but not offered; an SMTP 5xx reply (recipient or sender refused, message
//    rejected).
//  - kUnavailable, transient: connection refused, host not found, timeouts, TLS
//    handshake failures, a connection dropped mid-way, an SMTP 4xx reply, anything else.
// `response_code` is CURLINFO_RESPONSE_CODE (only SMTP's is a reply code; pass 0 for
// IMAP); `detail` is libcurl's error buffer; `server_reply` the server's refusal or
// last line, if any; `stage` the command refused (e.g. "RCPT TO:<a@example.jp>").
Error TransferError(MailProtocol protocol, CURLcode code, long response_code, std::string_view what,
                    const std::string& url, std::string_view detail, std::string_view server_reply,
                    std::string_view stage = {});

// Owns one libcurl easy handle (RAII) preconfigured for mail: an error buffer, the
// timeouts, no signals, only the protocol's two URL schemes (a file:// URL in the
// settings can never read or write local files), and a debug hook that keeps the
// server's replies. Of what the client sends only SMTP envelope commands are looked
// at: credentials never leave libcurl.
//
// curl_global_init runs once per process, thread-safely, on first construction; the
// library is never torn down. A CurlHandle is not thread-safe: use one per thread,
// per call (SMTP) or per mailbox (IMAP).
class CurlHandle {
 public:
  CurlHandle(MailProtocol protocol, CurlTimeouts timeouts);
  ~CurlHandle();
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;

  // The raw handle, for setting request-specific options. Null only when libcurl
  // could not allocate one; Perform() then reports Unavailable.
  CURL* get() const { return curl_; }

  // Sets CURLOPT_URL and runs curl_easy_perform. Ok, or TransferError(...) naming
  // `what` (e.g. "sending mail"), the URL's host:port, the server's refusal and, for
  // an SMTP reply code, the envelope command it answered. `secret` (the password) is
  // redacted from the message.
  Status Perform(std::string_view what, const std::string& url, std::string_view secret = {});

  // CURLINFO_RESPONSE_CODE of the last transfer (SMTP reply code; 0 when none).
  long ResponseCode() const;
  // The server's last refusal in the last transfer (an SMTP 4xx/5xx line, an IMAP
  // NO/BAD line), else its last line; without CRLF. E.g. "550 5.1.1 no such user".
  const std::string& last_server_reply() const {
    return last_refusal_.empty() ? last_reply_ : last_refusal_;
  }
  // The last SMTP envelope command sent (MAIL FROM / RCPT TO / DATA).
  const std::string& last_envelope_command() const { return last_command_; }

 private:
  static int OnDebug(CURL* curl, curl_infotype type, char* data, size_t size, void* self);

  MailProtocol protocol_;
  CURL* curl_ = nullptr;
  char error_[CURL_ERROR_SIZE] = {0};
  std::string last_reply_;
  std::string last_refusal_;  // kept past the QUIT / LOGOUT exchange that follows it
  std::string last_command_;
};

}  // namespace shopdesk::channels::email

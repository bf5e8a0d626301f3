#include "channels/email/curl_handle.h"

#include <cctype>
#include <memory>
#include <mutex>

#include "core/url_text.h"

namespace shopdesk::channels::email {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using UrlPtr = std::unique_ptr<CURLU, UrlDeleter>;

// The parsed URL, or null when libcurl's URL parser refuses it.
UrlPtr ParseUrl(const std::string& url) {
  UrlPtr parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return nullptr;
  }
  return parsed;
}

std::string UrlPart(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK || value == nullptr) return "";
  std::string out = value;
  curl_free(value);
  return out;
}

const char* AllowedSchemes(MailProtocol protocol) {
  return protocol == MailProtocol::kSmtp ? "smtp,smtps" : "imap,imaps";
}

// What went wrong, in words, for a libcurl code (without libcurl's own detail).
std::string Explain(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      return "could not connect (is the server running, and are host and port right?)";
    case CURLE_COULDNT_RESOLVE_HOST:
      return "the host name could not be resolved";
    case CURLE_OPERATION_TIMEDOUT:
      return "the server did not answer in time";
    case CURLE_LOGIN_DENIED:
      return "the server refused the user name or password; check them in the channel settings";
    case CURLE_USE_SSL_FAILED:
      return "the server does not offer STARTTLS; use an smtps:// URL or turn STARTTLS off";
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "the server URL is not valid";
    case CURLE_PEER_FAILED_VERIFICATION:
      return "the server's TLS certificate is not trusted";
    case CURLE_SSL_CONNECT_ERROR:
      return "the TLS handshake failed";
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_QUOTE_ERROR:
      return "the server refused the request or closed the connection";
    case CURLE_OUT_OF_MEMORY:
      return "out of memory";
    default:
      return curl_easy_strerror(code);
  }
}

// A server line that refuses something: SMTP "4xx ..." or "5xx-...", IMAP
// "<tag> NO ..." or "<tag> BAD ...".
bool IsRefusal(MailProtocol protocol, std::string_view line) {
  if (protocol == MailProtocol::kSmtp) {
    return line.size() >= 3 && (line[0] == '4' || line[0] == '5') &&
           std::isdigit(static_cast<unsigned char>(line[1])) &&
           std::isdigit(static_cast<unsigned char>(line[2]));
  }
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return false;
  const std::string_view rest = line.substr(space + 1);
  return rest.starts_with("NO") || rest.starts_with("BAD");
}

}  // namespace

std::string HostPortOf(const std::string& url) {
  UrlPtr parsed = ParseUrl(url);
  if (!parsed) return "";
  const std::string host = UrlPart(parsed.get(), CURLUPART_HOST);
  const std::string port = UrlPart(parsed.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (host.empty()) return "";
  return port.empty() ? host : host + ":" + port;
}

Status CheckMailUrl(MailProtocol protocol, const std::string& url) {
  const bool smtp = protocol == MailProtocol::kSmtp;
  const std::string name = smtp ? "SMTP" : "IMAP";
  const std::string expected = smtp ? "smtp://host:port or smtps://host:port"
                                    : "imap://host:port/INBOX or imaps://host:port/INBOX";
  if (url.empty()) {
    return Error::InvalidArgument("no " + name + " server is configured (expected " + expected +
                                  ")")
        .WithReason("mail.not_configured", {{"protocol", name}});
  }
  UrlPtr parsed = ParseUrl(url);
  if (!parsed || UrlPart(parsed.get(), CURLUPART_HOST).empty()) {
    return Error::InvalidArgument("the " + name + " URL '" + WithoutUserinfo(url) +
                                  "' is not a valid URL (expected " + expected + ")")
        .WithReason("mail.bad_url", {{"protocol", name}});
  }
  const std::string scheme = UrlPart(parsed.get(), CURLUPART_SCHEME);
  const bool ok =
      smtp ? (scheme == "smtp" || scheme == "smtps") : (scheme == "imap" || scheme == "imaps");
  if (!ok) {
    return Error::InvalidArgument("the " + name + " URL must start with " +
                                  (smtp ? "smtp:// or smtps://" : "imap:// or imaps://") +
                                  " (it starts with '" + scheme + "://')")
        .WithReason("mail.bad_url", {{"protocol", name}});
  }
  return Ok();
}

std::string Redact(std::string text, std::string_view secret) {
  if (secret.size() < 3) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

namespace {

// The stable reason of a failed transfer (core/error.h), for a seller's UI: what to
// check, in words that do not need libcurl.
std::string TransferReason(MailProtocol protocol, CURLcode code, long response_code) {
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "mail.bad_url";
    case CURLE_COULDNT_RESOLVE_HOST:
      return "mail.host_unknown";
    case CURLE_COULDNT_CONNECT:
      return "mail.connect_refused";
    case CURLE_OPERATION_TIMEDOUT:
      return "mail.timeout";
    case CURLE_USE_SSL_FAILED:
      return "mail.starttls_missing";
    case CURLE_LOGIN_DENIED:
      return "mail.login_refused";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return "mail.tls_failed";
    default:
      break;
  }
  if (protocol == MailProtocol::kSmtp && response_code >= 500 && response_code < 600)
    return "mail.refused";
  if (protocol == MailProtocol::kSmtp && response_code >= 400 && response_code < 500)
    return "mail.try_later";
  return "mail.failed";
}

}  // namespace

Error TransferError(MailProtocol protocol, CURLcode code, long response_code, std::string_view what,
                    const std::string& url, std::string_view detail, std::string_view server_reply,
                    std::string_view stage) {
  const std::string host = HostPortOf(url);
  std::string message = std::string(what) + " via " + (host.empty() ? "(invalid URL)" : host);
  if (!stage.empty()) message += " at " + std::string(stage);
  message += " failed: ";

  bool permanent = false;
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_USE_SSL_FAILED:
      permanent = true;
      message += Explain(code);
      break;
    case CURLE_LOGIN_DENIED:
      permanent = true;
      message += Explain(code);
      if (!server_reply.empty()) detail = {};  // "Access denied. N" says less than the reply
      break;
    default:
      if (protocol == MailProtocol::kSmtp && response_code >= 400 && response_code < 600) {
        // The reply code says it all; libcurl's detail ("RCPT failed: 550") adds nothing.
        permanent = response_code >= 500;
        message += permanent ? "the server refused it for good (SMTP " +
                                   std::to_string(response_code) + "; retrying will not help)"
                             : "the server asked to try again later (SMTP " +
                                   std::to_string(response_code) + ")";
        detail = {};
      } else {
        message += Explain(code);
      }
  }
  if (!detail.empty()) message += " (" + std::string(detail) + ")";
  if (!server_reply.empty())
    message += "; the server answered \"" + std::string(server_reply) + "\"";
  Error error = permanent ? Error::InvalidArgument(std::move(message))
                          : Error::Unavailable(std::move(message));
  return std::move(error).WithReason(
      TransferReason(protocol, code, response_code),
      {{"protocol", protocol == MailProtocol::kSmtp ? "SMTP" : "IMAP"},
       {"host", host},
       {"reply", std::string(server_reply)}});
}

CurlHandle::CurlHandle(MailProtocol protocol, CurlTimeouts timeouts) : protocol_(protocol) {
  GlobalInitOnce();
  curl_ = curl_easy_init();
  if (curl_ == nullptr) return;
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_);
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, AllowedSchemes(protocol));
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts.connect.count()));
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts.total.count()));
  curl_easy_setopt(curl_, CURLOPT_DEBUGFUNCTION, &CurlHandle::OnDebug);
  curl_easy_setopt(curl_, CURLOPT_DEBUGDATA, this);
  curl_easy_setopt(curl_, CURLOPT_VERBOSE, 1L);  // feeds OnDebug; nothing is printed
}

CurlHandle::~CurlHandle() {
  if (curl_ != nullptr) curl_easy_cleanup(curl_);
}

int CurlHandle::OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* self_ptr) {
  auto* self = static_cast<CurlHandle*>(self_ptr);
  if (type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT) return 0;
  std::string_view text(data, size);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (const auto nl = text.rfind('\n'); nl != std::string_view::npos) text.remove_prefix(nl + 1);
  if (text.empty()) return 0;
  if (type == CURLINFO_HEADER_IN) {
    self->last_reply_.assign(text.substr(0, 300));
    if (IsRefusal(self->protocol_, text)) {
      // IMAP: without the tag ("A002 NO ..." -> "NO ..."), which means nothing to a seller.
      if (self->protocol_ == MailProtocol::kImap) text.remove_prefix(text.find(' ') + 1);
      self->last_refusal_.assign(text.substr(0, 300));
    }
  } else if (self->protocol_ == MailProtocol::kSmtp &&
             (text.starts_with("MAIL FROM:") || text.starts_with("RCPT TO:") || text == "DATA")) {
    // Only envelope commands: AUTH lines carry credentials and are never kept.
    self->last_command_.assign(text.substr(0, 300));
  }
  return 0;
}

long CurlHandle::ResponseCode() const {
  long code = 0;
  if (curl_ != nullptr) curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
  return code;
}

Status CurlHandle::Perform(std::string_view what, const std::string& url, std::string_view secret) {
  if (curl_ == nullptr) {
    return Error::Unavailable(std::string(what) +
                              " failed: libcurl could not start (out of memory)");
  }
  error_[0] = '\0';
  last_reply_.clear();
  last_refusal_.clear();
  last_command_.clear();
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  const CURLcode code = curl_easy_perform(curl_);
  if (code == CURLE_OK) return Ok();
  const long response = protocol_ == MailProtocol::kSmtp ? ResponseCode() : 0;
  // Name the envelope command a reply refused ("RCPT TO:<x>"), not the connection set-up.
  const std::string_view stage = response >= 400 ? std::string_view(last_command_) : "";
  // The server's words when it refused something, or when its last line is the problem.
  const bool reply_matters = code == CURLE_WEIRD_SERVER_REPLY || code == CURLE_LOGIN_DENIED;
  std::string_view reply;
  if (!last_refusal_.empty()) {
    reply = last_refusal_;
  } else if (reply_matters) {
    reply = last_reply_;
  }
  Error error = TransferError(protocol_, code, response, what, url, error_, reply, stage);
  error.message = Redact(std::move(error.message), secret);
  return error;
}

}  // namespace shopdesk::channels::email

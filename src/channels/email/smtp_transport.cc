#include "channels/email/smtp_transport.h"

#include <algorithm>
#include <cstring>
#include <memory>

namespace shopdesk::channels::email {
namespace {

struct Upload {
  const std::string& bytes;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t n, void* state) {
  auto* upload = static_cast<Upload*>(state);
  const size_t take = std::min(size * n, upload->bytes.size() - upload->offset);
  std::memcpy(buffer, upload->bytes.data() + upload->offset, take);
  upload->offset += take;
  return take;
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

// An address libcurl can put between <> in MAIL FROM / RCPT TO without letting the
// text escape the command (a CR or LF would start a command of its own).
bool IsSafeAddress(const std::string& address) {
  return std::none_of(address.begin(), address.end(), [](unsigned char c) {
    return c < 0x20 || c == 0x7f || c == '<' || c == '>';
  });
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

Status SendMail(const EmailSettings& settings, const std::string& envelope_from,
                const std::vector<std::string>& recipients, const std::string& message_bytes) {
  return SendMail(settings, envelope_from, recipients, message_bytes, CurlTimeouts{});
}

Status SendMail(const EmailSettings& settings, const std::string& envelope_from,
                const std::vector<std::string>& recipients, const std::string& message_bytes,
                const CurlTimeouts& timeouts, const std::function<void()>& accepted) {
  SHOPDESK_TRY(CheckMailUrl(MailProtocol::kSmtp, settings.smtp_url));
  if (recipients.empty()) return Error::InvalidArgument("a mail needs at least one recipient");
  if (message_bytes.empty()) return Error::InvalidArgument("refusing to send an empty message");
  if (!IsSafeAddress(envelope_from)) {
    return Error::InvalidArgument("the sender address '" + envelope_from +
                                  "' contains characters an SMTP envelope cannot carry");
  }
  std::unique_ptr<curl_slist, SlistDeleter> rcpt;
  for (const auto& recipient : recipients) {
    if (recipient.empty() || !IsSafeAddress(recipient)) {
      return Error::InvalidArgument("the recipient address '" + recipient +
                                    "' is empty or contains characters an SMTP envelope cannot "
                                    "carry");
    }
    curl_slist* appended = curl_slist_append(rcpt.get(), ("<" + recipient + ">").c_str());
    if (appended == nullptr) return Error::Unavailable("sending mail failed: out of memory");
    (void)rcpt.release();  // curl_slist_append returned the same list, now longer
    rcpt.reset(appended);
  }

  CurlHandle handle(MailProtocol::kSmtp, timeouts);
  const std::string from = "<" + envelope_from + ">";
  Upload upload{message_bytes};
  if (CURL* curl = handle.get()) {
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &ReadUpload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message_bytes.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Discard);
    if (settings.smtp_starttls) {
      curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    if (!settings.smtp_user.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, settings.smtp_user.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.smtp_password.c_str());
    }
  }
  Status sent = handle.Perform("sending mail", settings.smtp_url, settings.smtp_password);
  if (sent && accepted) accepted();
  return sent;  // `handle` goes now: libcurl sends QUIT and waits for its reply
}

Status CheckSmtpLogin(const EmailSettings& settings, const CurlTimeouts& timeouts) {
  SHOPDESK_TRY(CheckMailUrl(MailProtocol::kSmtp, settings.smtp_url));
  CurlHandle handle(MailProtocol::kSmtp, timeouts);
  if (CURL* curl = handle.get()) {
    // libcurl's SMTP connect phase is the greeting, EHLO, STARTTLS and AUTH: stopping
    // after it logs in without a transfer.
    curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);
    if (settings.smtp_starttls) {
      curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    if (!settings.smtp_user.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, settings.smtp_user.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.smtp_password.c_str());
    }
  }
  return handle.Perform("logging in", settings.smtp_url, settings.smtp_password);
}

}  // namespace shopdesk::channels::email

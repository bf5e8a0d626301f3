#include "channels/email/smtp_transport.h"

#include <cstring>

#include "channels/email/curl_session.h"

namespace shopdesk::channels::email {
namespace {

struct Upload {
  const std::string& bytes;
  size_t offset = 0;
};

size_t Read(char* buffer, size_t size, size_t n, void* state) {
  auto* upload = static_cast<Upload*>(state);
  const size_t take = std::min(size * n, upload->bytes.size() - upload->offset);
  std::memcpy(buffer, upload->bytes.data() + upload->offset, take);
  upload->offset += take;
  return take;
}

}  // namespace

Status SendMail(const EmailSettings& settings, const std::string& envelope_from,
                const std::vector<std::string>& recipients, const std::string& message_bytes) {
  if (settings.smtp_url.empty()) return Error::InvalidArgument("no SMTP server is configured");
  if (recipients.empty()) return Error::InvalidArgument("a mail needs at least one recipient");
  CurlSession session;
  std::string sink;
  session.Prepare(&sink);
  CURL* curl = session.handle();
  curl_slist* rcpt = nullptr;
  for (const auto& r : recipients) rcpt = curl_slist_append(rcpt, ("<" + r + ">").c_str());
  const std::string from = "<" + envelope_from + ">";
  Upload upload{message_bytes};
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, Read);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message_bytes.size()));
  if (settings.smtp_starttls)
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings.smtp_user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings.smtp_user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.smtp_password.c_str());
  }
  Status status = session.Perform("sending mail", settings.smtp_url);
  curl_slist_free_all(rcpt);
  return status;
}

}  // namespace shopdesk::channels::email

#include "channels/email/curl_session.h"

#include <mutex>

namespace shopdesk::channels::email {
namespace {

size_t Collect(char* data, size_t size, size_t n, void* sink) {
  static_cast<std::string*>(sink)->append(data, size * n);
  return size * n;
}

}  // namespace

std::string HostOfUrl(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  const auto at = url.find('@', start);
  const auto slash = url.find('/', start);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) start = at + 1;
  return url.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
}

CurlSession::CurlSession() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
}

CurlSession::~CurlSession() { curl_easy_cleanup(curl_); }

void CurlSession::Prepare(std::string* sink) {
  curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, nullptr);
  curl_easy_setopt(curl_, CURLOPT_UPLOAD, 0L);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_);
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, sink);
  error_[0] = '\0';
}

long CurlSession::ResponseCode() const {
  long code = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
  return code;
}

Status CurlSession::Perform(const std::string& what, const std::string& url) {
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  const CURLcode rc = curl_easy_perform(curl_);
  if (rc == CURLE_OK) return Ok();
  const long code = ResponseCode();
  std::string message =
      what + " via " + HostOfUrl(url) + " failed: " + (error_[0] ? error_ : curl_easy_strerror(rc));
  if (code) message += " (server replied " + std::to_string(code) + ")";
  if (rc == CURLE_LOGIN_DENIED) {
    return Error::InvalidArgument(message + "; check the user name and password");
  }
  if (code >= 500 && code < 600) return Error::InvalidArgument(message);
  if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) {
    return Error::InvalidArgument(message);
  }
  return Error::Unavailable(message);
}

}  // namespace shopdesk::channels::email

#pragma once

#include <curl/curl.h>

#include <string>

#include "core/result.h"

namespace shopdesk::channels::email {

// One libcurl easy handle (reused across requests so IMAP keeps its connection).
// Not thread-safe: one per thread or per mailbox.
class CurlSession {
 public:
  CurlSession();
  ~CurlSession();
  CurlSession(const CurlSession&) = delete;
  CurlSession& operator=(const CurlSession&) = delete;

  CURL* handle() const { return curl_; }
  // Resets per-request options and installs a write callback collecting into `sink`.
  void Prepare(std::string* sink);
  // Runs the request. On failure returns Unavailable naming `what`, the URL's host and
  // libcurl's explanation, or InvalidArgument when the server refused for good (SMTP
  // 5xx, IMAP login refused). Passwords never appear in messages.
  Status Perform(const std::string& what, const std::string& url);
  long ResponseCode() const;

 private:
  CURL* curl_;
  char error_[CURL_ERROR_SIZE] = {0};
};

// "host:port" of a URL, for messages.
std::string HostOfUrl(const std::string& url);

}  // namespace shopdesk::channels::email

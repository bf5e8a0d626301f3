#include "channels/web/reply_post.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/base64.h"
#include "core/digest.h"
#include "core/time.h"

namespace shopdesk::channels::web {
namespace {

using nlohmann::json;

size_t KeepAnswer(char* data, size_t size, size_t count, void* out) {
  auto* answer = static_cast<std::string*>(out);
  const size_t n = size * count;
  if (answer->size() < 300) answer->append(data, std::min(n, 300 - answer->size()));
  return n;
}

// "host:port" of an http(s) URL, for messages; "" when it does not parse.
std::string HostOf(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), curl_url_cleanup);
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return "";
  char* host = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) return "";
  std::string out = host;
  curl_free(host);
  return out;
}

// A handle for `url` with its timeouts and only http(s) allowed, and the URL's host.
struct Prepared {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl;
  std::string host;
  char error[CURL_ERROR_SIZE] = {0};
};

Result<std::unique_ptr<Prepared>> Prepare(const std::string& url, PostTimeouts timeouts) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  const std::string host = HostOf(url);
  if (host.empty() || (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)) {
    return Error::InvalidArgument("the reply URL must be an http:// or https:// URL")
        .WithReason("channel.bad_reply_url");
  }
  auto prepared =
      std::unique_ptr<Prepared>(new Prepared{{curl_easy_init(), curl_easy_cleanup}, host, {0}});
  CURL* c = prepared->curl.get();
  if (!c) return Error::Unavailable("reaching " + host + ": libcurl could not start");
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts.connect.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts.total.count()));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, prepared->error);
  return prepared;
}

// Runs the transfer: Unavailable naming the host when no answer came.
Status Perform(Prepared& prepared) {
  const CURLcode code = curl_easy_perform(prepared.curl.get());
  if (code == CURLE_OK) return Ok();
  return Error::Unavailable("reaching the site " + prepared.host + " failed: " +
                            (prepared.error[0] ? prepared.error : curl_easy_strerror(code)))
      .WithReason("delivery.site_unreachable", {{"host", prepared.host}});
}

}  // namespace

std::string ReplyBody(const OutboundMessage& message) {
  json attachments = json::array();
  for (const auto& file : message.attachments) {
    attachments.push_back({{"filename", file.filename},
                           {"content_type", file.content_type},
                           {"data_base64", EncodeBase64(file.data)}});
  }
  json body = {{"id", message.message_id},
               {"in_reply_to", message.in_reply_to},
               {"to", {{"name", message.to_name}, {"email", message.to_address}}},
               {"from", {{"name", message.from_name}, {"email", message.from_address}}},
               {"subject", message.subject},
               {"text", message.text},
               {"sent_at", FormatIso8601(message.date)},
               {"attachments", std::move(attachments)}};
  return body.dump();
}

Status PostSigned(const std::string& url, const std::string& key, const std::string& body,
                  const ChannelAdapter::AcceptedHook& accepted, PostTimeouts timeouts) {
  auto prepared = Prepare(url, timeouts);
  if (!prepared) return prepared.error();
  const std::string& host = (*prepared)->host;
  const std::string signature =
      kSignatureHeader + std::string(": ") + HexOf(HmacSha256Raw(key, body));
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  headers = curl_slist_append(headers, signature.c_str());
  headers = curl_slist_append(headers, "Expect:");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                          curl_slist_free_all);
  std::string answer;
  CURL* c = (*prepared)->curl.get();
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, KeepAnswer);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  SHOPDESK_TRY(Perform(**prepared));
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) {
    if (accepted) accepted();
    return Ok();
  }
  const std::string said = "the site " + host + " answered " + std::to_string(status) +
                           (answer.empty() ? "" : " \"" + answer + "\"");
  if (status >= 500 || status == 408 || status == 429) {
    return Error::Unavailable(said + "; it will be tried again")
        .WithReason("delivery.site_busy", {{"host", host}, {"status", std::to_string(status)}});
  }
  return Error::InvalidArgument(said + "; the reply was refused")
      .WithReason("delivery.site_refused", {{"host", host}, {"status", std::to_string(status)}});
}

Status CheckReachable(const std::string& url, PostTimeouts timeouts) {
  auto prepared = Prepare(url, timeouts);
  if (!prepared) return prepared.error();
  curl_easy_setopt((*prepared)->curl.get(), CURLOPT_CONNECT_ONLY, 1L);
  return Perform(**prepared);
}

}  // namespace shopdesk::channels::web

#pragma once

// Replies of a `web` channel leave as a signed HTTP POST to the shop's own site, which
// shows them to its customer (its account page, its own mail):
//
//   POST <reply_url>
//   Content-Type: application/json
//   X-Shopdesk-Signature: <hex HMAC-SHA256 of the body under the channel's push key>
//
//   {"id": "sd.1a2b@shop.example", "in_reply_to": "contact-1042",
//    "to": {"name": "山田 太郎", "email": "taro@example.jp"},
//    "from": {"name": "さくら雑貨店", "email": "support@shop.example"},
//    "subject": "Re: サイズ交換について", "text": "...", "sent_at": "2026-12-04T01:20:00.000Z",
//    "attachments": [{"filename": "...", "content_type": "...", "data_base64": "..."}]}
//
// The site answers 2xx once it has the reply; the same id may come twice (a retry
// after a lost answer) and must be shown once.

#include <chrono>
#include <string>

#include "channels/channel_adapter.h"
#include "core/result.h"

namespace shopdesk::channels::web {

inline constexpr const char* kSignatureHeader = "X-Shopdesk-Signature";

// The JSON body above for `message`.
std::string ReplyBody(const OutboundMessage& message);

struct PostTimeouts {
  std::chrono::milliseconds connect{10'000};
  std::chrono::milliseconds total{30'000};
};

// POSTs `body` to `url` (http:// or https:// only) signed under `key`. Ok on a 2xx
// answer, after `accepted` ran (it may be empty). Unavailable for what may pass: no
// connection, a timeout, a 5xx, 408 or 429; InvalidArgument for what will not: a
// bad URL or any other answer (the site refuses it). Messages name the host, never
// the key.
Status PostSigned(const std::string& url, const std::string& key, const std::string& body,
                  const ChannelAdapter::AcceptedHook& accepted, PostTimeouts timeouts = {});

// Ok when a connection to `url`'s server (and TLS for https) can be made; sends no
// request. The errors of PostSigned.
Status CheckReachable(const std::string& url, PostTimeouts timeouts = {});

}  // namespace shopdesk::channels::web

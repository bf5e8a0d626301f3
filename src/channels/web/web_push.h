#pragma once

// What the shop's own site pushes to its `web` channel: one JSON object per customer
// message, e.g. from its contact form or its order page.
//
//   {"id": "contact-1042",                     the site's id: the same id is stored once
//    "from": {"name": "山田 太郎", "email": "taro@example.jp",
//             "id": "user-77"},                 optional: the site's customer id, which
//                                               keeps one customer across new addresses
//    "subject": "サイズ交換について", "text": "...",
//    "in_reply_to": "contact-1001",            optional: the message it continues
//    "sent_at": "2026-12-04T10:15:00+09:00"}   optional
//
// Limits: the text at most 1 MB; `id`, `from.id` and `in_reply_to` at most 200 bytes.

#include <string>

#include "channels/inbound_message.h"
#include "core/result.h"

namespace shopdesk::channels::web {

// Never loses a push: one that is not such an object (not JSON, a field of the wrong
// type, no text) yields a message with flags.decode_failed and a decode_note saying
// what is wrong, the raw bytes kept. InvalidArgument only for an empty body.
Result<InboundMessage> ParseWebPush(std::string raw);

}  // namespace shopdesk::channels::web

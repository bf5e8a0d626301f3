#pragma once

// Signed webhooks: requests from outside that nobody logs in for (a marketplace, the
// shop's own site pushing its messages and orders). Such a request is believed only
// when a header carries the HMAC-SHA256 of its exact body under the secret its sender
// shares with the channel; a route under /hooks/ checks this before it reads anything
// else of the request, and stores nothing for a request that fails it.

#include <string>
#include <string_view>

#include "core/result.h"
#include "http/server/request.h"

namespace shopdesk::http::hooks {

enum class SignatureEncoding { kHex, kBase64 };

// Where a sender puts its signature, e.g. {"X-Shopify-Hmac-Sha256", kBase64}.
struct WebhookSignature {
  std::string header;
  SignatureEncoding encoding = SignatureEncoding::kHex;
};

// Ok when `request` carries, in `signature.header`, the HMAC-SHA256 of its body under
// `secret` (hex in either case, or strict base64), compared in constant time.
// Unauthenticated with reason webhook.bad_signature otherwise: the header missing or
// malformed, the signature wrong, or no secret to check it with (an empty `secret`
// never verifies anything).
Status VerifyWebhook(const Request& request, const WebhookSignature& signature,
                     std::string_view secret);

}  // namespace shopdesk::http::hooks

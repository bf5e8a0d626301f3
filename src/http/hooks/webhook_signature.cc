#include "http/hooks/webhook_signature.h"

#include <optional>

#include "core/base64.h"
#include "core/digest.h"

namespace shopdesk::http::hooks {
namespace {

Error Refused(const std::string& why) {
  return Error::Unauthenticated("the webhook's signature " + why)
      .WithReason("webhook.bad_signature");
}

}  // namespace

Status VerifyWebhook(const Request& request, const WebhookSignature& signature,
                     std::string_view secret) {
  if (secret.empty()) return Refused("cannot be checked: the channel has no webhook secret");
  const std::string* claimed = request.headers.Find(signature.header);
  if (!claimed || claimed->empty()) return Refused("is missing (header " + signature.header + ")");
  const auto given = signature.encoding == SignatureEncoding::kHex ? DecodeHex(*claimed)
                                                                   : DecodeBase64Strict(*claimed);
  if (!given) return Refused("is not readable (header " + signature.header + ")");
  if (!ConstantTimeEqual(*given, HmacSha256Raw(secret, request.body))) {
    return Refused("does not match the body");
  }
  return Ok();
}

}  // namespace shopdesk::http::hooks

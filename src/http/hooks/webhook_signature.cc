#include "http/hooks/webhook_signature.h"

#include <optional>

#include "core/base64.h"
#include "core/digest.h"

namespace shopdesk::http::hooks {
namespace {

std::optional<std::string> DecodeHex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = nibble(text[i]), low = nibble(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

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

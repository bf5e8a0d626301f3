#include "http/hooks/webhook_signature.h"

#include <gtest/gtest.h>

#include "core/digest.h"

namespace shopdesk::http::hooks {
namespace {

constexpr std::string_view kSecret = "whsec_さくら_2026";

Request Signed(const std::string& body, const std::string& header, const std::string& value) {
  Request r;
  r.method = "POST";
  r.body = body;
  if (!header.empty()) r.headers.Add(header, value);
  return r;
}

const std::string kBody = R"({"order":"#1001","message":"届いた商品が破損していました"})";

TEST(WebhookSignatureTest, AHexSignatureOfTheExactBodyIsBelieved) {
  const WebhookSignature hex{"X-Shopdesk-Signature", SignatureEncoding::kHex};
  const std::string mac = HmacSha256Raw(kSecret, kBody);
  EXPECT_TRUE(VerifyWebhook(Signed(kBody, "x-shopdesk-signature", HexOf(mac)), hex, kSecret))
      << "header names are matched in any case";
  std::string upper = HexOf(mac);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(VerifyWebhook(Signed(kBody, "X-Shopdesk-Signature", upper), hex, kSecret));
}

TEST(WebhookSignatureTest, ABase64SignatureAsShopifySendsItIsBelieved) {
  const WebhookSignature shopify{"X-Shopify-Hmac-Sha256", SignatureEncoding::kBase64};
  // The RFC 4231 test case 2 digest, base64-encoded by hand.
  EXPECT_TRUE(VerifyWebhook(Signed("what do ya want for nothing?", "X-Shopify-Hmac-Sha256",
                                   "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="),
                            shopify, "Jefe"));
}

TEST(WebhookSignatureTest, AnythingElseIsRefusedWithAReason) {
  const WebhookSignature hex{"X-Shopdesk-Signature", SignatureEncoding::kHex};
  const std::string good = HexOf(HmacSha256Raw(kSecret, kBody));
  const struct {
    Request request;
    std::string_view secret;
    const char* why;
  } cases[] = {
      {Signed(kBody + " ", "X-Shopdesk-Signature", good), kSecret, "does not match"},
      {Signed(kBody, "X-Shopdesk-Signature", good), "another secret", "does not match"},
      {Signed(kBody, "X-Shopdesk-Signature", good.substr(0, 63)), kSecret, "not readable"},
      {Signed(kBody, "X-Shopdesk-Signature", "zz" + good.substr(2)), kSecret, "not readable"},
      {Signed(kBody, "X-Shopdesk-Signature", good.substr(0, 62)), kSecret, "does not match"},
      {Signed(kBody, "X-Shopdesk-Signature", ""), kSecret, "missing"},
      {Signed(kBody, "", ""), kSecret, "missing"},
      {Signed(kBody, "X-Shopdesk-Signature", HexOf(HmacSha256Raw("", kBody))), "", "no webhook"},
  };
  for (const auto& c : cases) {
    const Status verified = VerifyWebhook(c.request, hex, c.secret);
    ASSERT_FALSE(verified) << c.why;
    EXPECT_EQ(verified.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(verified.error().reason, "webhook.bad_signature");
    EXPECT_NE(verified.error().message.find(c.why), std::string::npos) << verified.error().message;
  }
}

}  // namespace
}  // namespace shopdesk::http::hooks

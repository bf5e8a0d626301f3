#include "core/base64.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

TEST(DecodeBase64Strict, DecodesPaddedText) {
  EXPECT_EQ(DecodeBase64Strict(""), "");
  EXPECT_EQ(DecodeBase64Strict("Zg=="), "f");
  EXPECT_EQ(DecodeBase64Strict("Zm8="), "fo");
  EXPECT_EQ(DecodeBase64Strict("Zm9v"), "foo");
  EXPECT_EQ(DecodeBase64Strict("5pel5pys6Kqe"), "日本語");
  EXPECT_EQ(DecodeBase64Strict("AP8A/w=="), std::string("\0\xff\0\xff", 4));
}

TEST(DecodeBase64Strict, RefusesWhatIsNotExactlyBase64) {
  EXPECT_EQ(DecodeBase64Strict("Zg"), std::nullopt);        // unpadded
  EXPECT_EQ(DecodeBase64Strict("Zm9v\r\n"), std::nullopt);  // a line break
  EXPECT_EQ(DecodeBase64Strict("Zm-_"), std::nullopt);      // the URL alphabet
  EXPECT_EQ(DecodeBase64Strict("Zg==Zm9v"), std::nullopt);  // padding inside
  EXPECT_EQ(DecodeBase64Strict("Z==="), std::nullopt);      // three pads
  EXPECT_EQ(DecodeBase64Strict("=Zm9"), std::nullopt);
  EXPECT_EQ(DecodeBase64Strict("Zh=="), std::nullopt);  // non-zero bits after the data
}

}  // namespace
}  // namespace shopdesk

namespace shopdesk {
namespace {

// RFC 4648 section 10, and every byte value back through the strict decoder.
TEST(EncodeBase64, MatchesTheRfcVectorsAndRoundTrips) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) EXPECT_EQ(EncodeBase64(plain), encoded);
  std::string every;
  for (int i = 0; i < 256; ++i) every += static_cast<char>(i);
  EXPECT_EQ(DecodeBase64Strict(EncodeBase64(every)), every);
}

}  // namespace
}  // namespace shopdesk

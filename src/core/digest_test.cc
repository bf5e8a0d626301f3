#include "core/digest.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

TEST(DigestTest, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestTest, StreamEqualsOneShot) {
  Sha256Stream stream;
  stream.Update("a");
  stream.Update("");
  stream.Update("bc");
  EXPECT_EQ(stream.FinishHex(), Sha256Hex("abc"));
}

// RFC 4231, test cases 2 (a short key) and 6 (a key longer than the block size).
TEST(DigestTest, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(HexOf(HmacSha256Raw("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HexOf(HmacSha256Raw(std::string(131, '\xaa'),
                                "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(DigestTest, HexGoesBothWays) {
  EXPECT_EQ(HexOf(std::string("\x00\xab\xff", 3)), "00abff");
  EXPECT_EQ(DecodeHex("00ABff"), std::string("\x00\xab\xff", 3));
  EXPECT_EQ(DecodeHex(""), std::string());
  EXPECT_FALSE(DecodeHex("0"));
  EXPECT_FALSE(DecodeHex("zz"));
  EXPECT_FALSE(DecodeHex("00 1"));
}

TEST(DigestTest, ConstantTimeEqualComparesBytesAndLengths) {
  EXPECT_TRUE(ConstantTimeEqual("", ""));
  EXPECT_TRUE(ConstantTimeEqual(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEqual(std::string("a\0b", 3), std::string("a\0c", 3)));
  EXPECT_FALSE(ConstantTimeEqual("abc", "abcd"));
}

TEST(DigestTest, RandomHexHasLengthAndDiffers) {
  const std::string a = RandomHex(16), b = RandomHex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace shopdesk

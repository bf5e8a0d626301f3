#include "core/password.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

TEST(PasswordTest, AHashVerifiesOnlyItsOwnPassword) {
  auto hash = HashPassword("さくら雑貨店のパスワード", PasswordCost::kFast);
  ASSERT_TRUE(hash) << hash.error().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword("さくら雑貨店のパスワード", *hash));
  EXPECT_FALSE(VerifyPassword("さくら雑貨店のパスワーF", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
  EXPECT_FALSE(VerifyPassword("anything", ""));
  EXPECT_FALSE(VerifyPassword("anything", "$argon2id$garbage"));
}

TEST(PasswordTest, TheSamePasswordHashesDifferentlyEachTime) {
  auto a = HashPassword("correct horse battery", PasswordCost::kFast);
  auto b = HashPassword("correct horse battery", PasswordCost::kFast);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b) << "a random salt per hash";
}

TEST(PasswordTest, ThePolicyExplainsWhatIsWrong) {
  EXPECT_TRUE(CheckPasswordPolicy("十文字以上のパスワード", "a@example.jp"));
  EXPECT_TRUE(CheckPasswordPolicy("0123456789", "a@example.jp"));
  auto short_one = CheckPasswordPolicy("short", "a@example.jp");
  ASSERT_FALSE(short_one);
  EXPECT_NE(short_one.error().message.find("at least 10"), std::string::npos);
  EXPECT_FALSE(CheckPasswordPolicy(std::string(1025, 'x'), "a@example.jp"));
  EXPECT_FALSE(CheckPasswordPolicy("line\nbreak-password", "a@example.jp"));
  EXPECT_FALSE(CheckPasswordPolicy(std::string("bad\xff\xfe utf-8 bytes"), "a@example.jp"));
  EXPECT_FALSE(CheckPasswordPolicy("hanako@sakura.example", "hanako@sakura.example"));
}

TEST(PasswordTest, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace shopdesk

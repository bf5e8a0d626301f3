#include "core/order_id.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace shopdesk {
namespace {

using ::testing::ElementsAre;

TEST(OrderIdTest, FindsAmazonOrderIdsInSubjectsAndBodies) {
  EXPECT_EQ(FindAmazonOrderId("注文番号 250-1234567-7654321 について", ""), "250-1234567-7654321");
  EXPECT_EQ(FindAmazonOrderId("お問い合わせ", "ご注文(503-0000001-0000002)の件"),
            "503-0000001-0000002");
  EXPECT_EQ(FindAmazonOrderId("no id", "none here"), "");
}

TEST(OrderIdTest, PrefersSubjectOverBody) {
  EXPECT_EQ(FindAmazonOrderId("re 111-1111111-1111111", "222-2222222-2222222"),
            "111-1111111-1111111");
}

TEST(OrderIdTest, RecognizesFullWidthDigitsAndDashes) {
  EXPECT_EQ(FindAmazonOrderId("２５０－１２３４５６７－７６５４３２１", ""), "250-1234567-7654321");
}

TEST(OrderIdTest, RejectsLongerDigitRunsAndWrongGrouping) {
  EXPECT_TRUE(FindAmazonOrderIds("1250-1234567-7654321").empty());
  EXPECT_TRUE(FindAmazonOrderIds("250-1234567-76543210").empty());
  EXPECT_TRUE(FindAmazonOrderIds("250-123456-7654321").empty());
  EXPECT_TRUE(FindAmazonOrderIds("tel 03-1234-5678").empty());
  EXPECT_TRUE(FindAmazonOrderIds("x-250-1234567-7654321").empty());
}

TEST(OrderIdTest, ListsDistinctIdsInOrder) {
  EXPECT_THAT(FindAmazonOrderIds("a 111-1111111-1111111 b 222-2222222-2222222 c "
                                 "111-1111111-1111111"),
              ElementsAre("111-1111111-1111111", "222-2222222-2222222"));
}

}  // namespace
}  // namespace shopdesk

#include "core/error.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

TEST(ErrorTest, AReasonWithParamsSurvivesBeingStored) {
  const Error stored =
      Error::InvalidArgument("550 refused")
          .WithReason("mail.refused", {{"host", "mx.example.jp:25"},
                                       {"reply", "550 5.1.1 <a=b@example.jp>\nline two \\ end"}});
  const std::string packed = PackReason(stored);
  EXPECT_EQ(packed.find('\n', packed.find("reply=")), std::string::npos)
      << "a line break in a value is escaped";
  Error read;
  UnpackReason(packed, read);
  EXPECT_EQ(read.reason, stored.reason);
  EXPECT_EQ(read.params, stored.params);
}

TEST(ErrorTest, AnErrorWithoutAReasonStoresNothing) {
  EXPECT_EQ(PackReason(Error::Conflict("busy")), "");
  Error unchanged = Error::Conflict("busy");
  UnpackReason("", unchanged);
  EXPECT_EQ(unchanged.reason, "");
  Error::Params none;
  EXPECT_EQ(unchanged.params, none);
  Error bare;
  UnpackReason("delivery.erased", bare);
  EXPECT_EQ(bare.reason, "delivery.erased");
  EXPECT_TRUE(bare.params.empty());
}

TEST(ErrorTest, NotFoundNamesWhatAndWhich) {
  const Error e = Error::NotFound("conversation", 99999);
  EXPECT_EQ(e.message, "conversation 99999 not found");
  EXPECT_EQ(e.reason, "not_found");
  EXPECT_EQ(e.params, (Error::Params{{"what", "conversation"}, {"key", "99999"}}));
}

}  // namespace
}  // namespace shopdesk

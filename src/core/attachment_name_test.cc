#include "core/attachment_name.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

TEST(SafeFilename, KeepsOnlyTheNameWithoutControlsOrLeadingDots) {
  EXPECT_EQ(SafeFilename("C:\\Users\\seller\\納品書.pdf"), "納品書.pdf");
  EXPECT_EQ(SafeFilename("../../etc/passwd"), "passwd");
  EXPECT_EQ(SafeFilename("..hidden"), "hidden");
  EXPECT_EQ(SafeFilename("写真\r\n1.jpg "), "写真1.jpg");
  EXPECT_EQ(SafeFilename(" . "), "");
}

TEST(SafeFilename, ShortensLongNamesKeepingTheExtensionAndWholeCharacters) {
  std::string long_name;
  for (int i = 0; i < 100; ++i) long_name += "返";  // 300 bytes
  const std::string safe = SafeFilename(long_name + ".png");
  EXPECT_LE(safe.size(), 200u);
  EXPECT_TRUE(safe.ends_with("返.png"));
  EXPECT_EQ((safe.size() - 4) % 3, 0u);  // whole three-byte characters only
}

TEST(SafeContentType, LowerCasesATypeAndRefusesAnythingElse) {
  EXPECT_EQ(SafeContentType("Image/PNG"), "image/png");
  EXPECT_EQ(
      SafeContentType("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(SafeContentType(""), "application/octet-stream");
  EXPECT_EQ(SafeContentType("text/plain; charset=utf-8"), "application/octet-stream");
  EXPECT_EQ(SafeContentType("text/"), "application/octet-stream");
  EXPECT_EQ(SafeContentType("image/png\r\nBcc: x@example.com"), "application/octet-stream");
}

}  // namespace
}  // namespace shopdesk

#include "channels/email/mbox_reader.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace shopdesk::channels::email {
namespace {

std::vector<std::string> ReadAll(const std::string& text) {
  std::istringstream in(text);
  MboxReader reader(in);
  std::vector<std::string> out;
  std::string m;
  while (reader.Next(&m)) out.push_back(m);
  return out;
}

TEST(MboxReaderTest, SplitsAtFromLinesAfterBlankLines) {
  const auto messages = ReadAll(
      "From a@x Mon Nov 24 09:00:00 2025\n"
      "Subject: 1\n\nbody one\nFrom the start of a line, not after a blank\n\n"
      "From b@x Mon Nov 24 09:01:00 2025\n"
      "Subject: 2\n\n>From quoted\n>>From twice\n");
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0], "Subject: 1\n\nbody one\nFrom the start of a line, not after a blank\n");
  EXPECT_EQ(messages[1], "Subject: 2\n\nFrom quoted\n>From twice\n");
}

TEST(MboxReaderTest, CrlfAndASingleMailWithoutSeparator) {
  const auto crlf =
      ReadAll("From a@x\r\nSubject: 1\r\n\r\nx\r\n\r\nFrom b@x\r\nSubject: 2\r\n\r\ny");
  ASSERT_EQ(crlf.size(), 2u);
  EXPECT_EQ(crlf[0], "Subject: 1\r\n\r\nx\r\n");
  EXPECT_EQ(crlf[1], "Subject: 2\r\n\r\ny");
  const auto single = ReadAll("Subject: only\n\nbody\n");
  ASSERT_EQ(single.size(), 1u);
  EXPECT_EQ(single[0], "Subject: only\n\nbody\n");
  EXPECT_TRUE(ReadAll("").empty());
}

}  // namespace
}  // namespace shopdesk::channels::email

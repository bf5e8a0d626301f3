#pragma once

#include <istream>
#include <string>

namespace shopdesk::channels::email {

// Reads the messages of an mbox stream one at a time, so a large mailbox never has to
// fit in memory. A message starts at a "From " line at the start of the stream or
// after an empty line; that separator line is not part of the message. Lines quoted
// as ">From " (any number of '>', the mboxrd convention) lose one '>'. Line ends are
// kept as they are (LF or CRLF). Text before the first "From " line is a message of
// its own (a single mail piped without a separator). Not thread-safe.
class MboxReader {
 public:
  explicit MboxReader(std::istream& in) : in_(in) {}

  // The next message; false at the end of the stream.
  bool Next(std::string* message);

 private:
  std::istream& in_;
  bool started_ = false;
  bool pending_separator_ = false;  // a "From " line was read and belongs to the next one
};

}  // namespace shopdesk::channels::email

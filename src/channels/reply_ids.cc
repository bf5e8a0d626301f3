#include "channels/reply_ids.h"

#include "core/digest.h"

namespace shopdesk::channels {

std::string ReplySubject(const std::string& subject) {
  return subject.rfind("Re:", 0) == 0 || subject.rfind("RE:", 0) == 0 ? subject : "Re: " + subject;
}

std::string NewReplyId(const std::string& from_address) {
  const auto at = from_address.rfind('@');
  return "sd." + RandomHex(12) + "@" +
         (at == std::string::npos ? "shopdesk.invalid" : from_address.substr(at + 1));
}

}  // namespace shopdesk::channels

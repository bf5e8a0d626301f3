#pragma once

// What every adapter's replies share, whatever carries them: a subject that reads as a
// reply, and a reply id unique at the shop's domain.

#include <string>

namespace shopdesk::channels {

// "Re: " before `subject` unless it reads as a reply already ("Re:" or "RE:").
std::string ReplySubject(const std::string& subject);

// A new id "sd.<24 hex>@<domain of from_address>" (shopdesk.invalid without a domain):
// 96 random bits, so two replies never share one. Mail uses it as the Message-ID.
std::string NewReplyId(const std::string& from_address);

}  // namespace shopdesk::channels

#include "channels/web/web_push.h"

#include <nlohmann/json.hpp>

#include "core/email_address.h"
#include "core/text_normalize.h"
#include "core/time.h"

namespace shopdesk::channels::web {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTextBytes = 1024 * 1024;
constexpr std::size_t kMaxIdBytes = 200;

void Note(std::string& problems, const std::string& problem) {
  problems += (problems.empty() ? "" : "; ") + problem;
}

// The string at `key` of `object`, "" when absent; a problem noted for a wrong type.
std::string StringAt(const json& object, const char* key, std::string& problems) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  Note(problems, std::string("'") + key + "' is not a string");
  return {};
}

// `text` cut to at most `max` bytes, not in the middle of a UTF-8 character.
void CutUtf8(std::string& text, std::size_t max) {
  if (text.size() <= max) return;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
}

InboundMessage Undecodable(InboundMessage message, const std::string& why) {
  message.flags.decode_failed = true;
  message.decode_note = "the site's push could not be read: " + why;
  return message;
}

}  // namespace

Result<InboundMessage> ParseWebPush(std::string raw) {
  if (raw.empty()) return Error::InvalidArgument("the push is empty");
  InboundMessage message;
  message.raw = std::move(raw);
  const json push = json::parse(message.raw, nullptr, /*allow_exceptions=*/false);
  if (push.is_discarded()) {
    return Undecodable(std::move(message), "it is not JSON in UTF-8");
  }
  if (!push.is_object()) return Undecodable(std::move(message), "it is not a JSON object");

  std::string problems;
  message.external_id = StringAt(push, "id", problems);
  message.in_reply_to = StringAt(push, "in_reply_to", problems);
  message.subject = StringAt(push, "subject", problems);
  message.text = StringAt(push, "text", problems);
  if (auto from = push.find("from"); from != push.end() && !from->is_null()) {
    if (from->is_object()) {
      message.from_name = StringAt(*from, "name", problems);
      message.from_address = AsciiLower(StringAt(*from, "email", problems));
      if (std::string id = StringAt(*from, "id", problems); !id.empty()) {
        if (id.size() <= kMaxIdBytes) {
          message.sender_identity = CustomerIdentity{"web", std::move(id)};
        } else {
          Note(problems, "'from.id' is over 200 bytes");
        }
      }
    } else {
      Note(problems, "'from' is not an object");
    }
  }
  if (const std::string sent_at = StringAt(push, "sent_at", problems); !sent_at.empty()) {
    message.date = ParseIso8601(sent_at);
    if (!message.date) Note(problems, "'sent_at' is not an ISO 8601 time");
  }
  if (message.external_id.size() > kMaxIdBytes || message.in_reply_to.size() > kMaxIdBytes) {
    Note(problems, "an id is over 200 bytes");
    message.external_id.clear();  // stored once by its bytes instead
    message.in_reply_to.clear();
  }
  if (!message.from_address.empty() && !LooksLikeEmailAddress(message.from_address)) {
    Note(problems, "'from.email' is not an address ('" + message.from_address + "')");
    message.from_address.clear();
  }
  if (message.text.size() > kMaxTextBytes) {
    Note(problems, "'text' is over 1 MB (the rest is in the raw push)");
    CutUtf8(message.text, kMaxTextBytes);
  }
  if (message.text.empty() && problems.empty()) problems = "it has no 'text'";
  if (!problems.empty()) return Undecodable(std::move(message), problems);
  if (!message.in_reply_to.empty()) message.references = {message.in_reply_to};
  return message;
}

}  // namespace shopdesk::channels::web

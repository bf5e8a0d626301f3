// Header values from a mail: RFC 2047 decoding (any charset, raw 8-bit and ISO-2022-JP
// bytes), address lists and message-id lists, the input of threading and customer
// identification.

#include <algorithm>
#include <string>

#include "channels/email/header_decoder.h"
#include "fuzz_check.h"
#include "invariants.h"
#include "targets.h"

namespace shopdesk::fuzz {
namespace {

std::string RemoveControls(std::string s) {
  std::erase_if(s, [](unsigned char c) { return c < 0x20 || c == 0x7f; });
  return s;
}

std::string TrimBlanks(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  return std::string(s.substr(b, s.find_last_not_of(" \t") - b + 1));
}

bool IsMessageId(const std::string& id) {
  return !id.empty() && id.size() <= 998 && id.find_first_of(" \r\n") == std::string::npos;
}

}  // namespace

void FuzzHeaderDecoder(std::string_view data) {
  using namespace channels::email;
  const std::string unfolded = UnfoldHeader(data);
  FUZZ_CHECK(unfolded.find_first_of("\r\n\t") == std::string::npos);
  FUZZ_CHECK(unfolded.size() <= data.size());

  bool ok = false;
  const std::string decoded = DecodeHeader(data, &ok);
  FUZZ_CHECK(IsWellFormedUtf8(decoded));
  FUZZ_CHECK(!HasControlChar(decoded));
  FUZZ_CHECK(!HasOuterBlank(decoded));
  FUZZ_CHECK(DecodeHeader(data) == decoded);
  // Plain ASCII text without encoded words is only unfolded, cleaned and trimmed. (An
  // encoded word can be formed by unfolding: "=\r\n?UTF-8?Q?...?=" is one after it.)
  const bool plain =
      unfolded.find("=?") == std::string::npos && std::all_of(data.begin(), data.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x80 && c != '\x1b';
      });
  if (plain) FUZZ_CHECK(ok && decoded == TrimBlanks(RemoveControls(unfolded)));

  const auto boxes = ParseMailboxList(data);
  for (const Mailbox& box : boxes) {
    FUZZ_CHECK(IsPlausibleAddress(box.address));
    FUZZ_CHECK(IsWellFormedUtf8(box.name) && !HasControlChar(box.name));
    FUZZ_CHECK(box.name != box.address);
  }
  const Mailbox first = ParseMailbox(data);
  FUZZ_CHECK(boxes.empty() ? first.address.empty()
                           : first.address == boxes[0].address && first.name == boxes[0].name);

  for (const std::string& id : ParseMessageIds(data)) FUZZ_CHECK(IsMessageId(id));
}

}  // namespace shopdesk::fuzz

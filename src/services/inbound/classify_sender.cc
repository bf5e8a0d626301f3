#include "services/inbound/classify_sender.h"

#include <algorithm>

#include "core/text_normalize.h"

namespace shopdesk::services {
namespace {

bool IsOwnAddress(const InboundShopRules& rules, const Channel& channel,
                  const std::string& address) {
  if (address.empty()) return false;
  if (AsciiLower(channel.address) == address) return true;
  return std::any_of(rules.own_addresses.begin(), rules.own_addresses.end(),
                     [&](const std::string& own) { return AsciiLower(own) == address; });
}

bool IsDaemon(const std::string& address) {
  const std::string local = address.substr(0, address.find('@'));
  return local == "mailer-daemon" || local == "postmaster";
}

}  // namespace

Status ClassifySender(InboundItem& item, InboundContext& context) {
  const channels::InboundMessage& m = item.message;
  const std::string from = AsciiLower(m.from_address);
  const std::string reply_to = AsciiLower(m.reply_to_address);

  if (m.flags.bounce || IsDaemon(from)) {
    item.sender_kind = SenderKind::kBounce;
  } else if (IsSystemAddress(from, context.rules.system_senders)) {
    item.sender_kind = SenderKind::kMarketplaceNotice;
  } else if (m.flags.auto_submitted) {
    item.sender_kind = SenderKind::kAutoReply;
  } else if (m.flags.bulk) {
    item.sender_kind = SenderKind::kBulk;
  } else {
    item.sender_kind = SenderKind::kCustomer;
  }

  const bool system =
      item.sender_kind == SenderKind::kBounce || item.sender_kind == SenderKind::kMarketplaceNotice;
  if (system) {
    item.party = {m.from_name, from.empty() ? "mailer-daemon" : from};
    item.thread_by_subject = false;
    return Ok();
  }

  const bool from_is_own = IsOwnAddress(context.rules, context.channel, from);
  const bool form = IsFormSender(from) || from_is_own;
  const bool from_usable = IsAnswerableAddress(from) && !from_is_own;
  const bool reply_to_usable = IsAnswerableAddress(reply_to) &&
                               !IsOwnAddress(context.rules, context.channel, reply_to) &&
                               !IsSystemAddress(reply_to, context.rules.system_senders);
  if (reply_to_usable && (form || !from_usable || reply_to != from)) {
    // A form's sender only carries the message; the customer asked for answers there.
    item.party = {!m.reply_to_name.empty() || form ? m.reply_to_name : m.from_name, reply_to};
  } else if (form) {
    item.party = {"", FindFormEmail(m.text)};
  } else if (from_usable) {
    item.party = {m.from_name, from};
  } else {
    item.party = {m.from_name, ""};
  }
  item.thread_by_subject = !form && !item.party.address.empty() && !IsTemplateSubject(m.subject);
  return Ok();
}

}  // namespace shopdesk::services

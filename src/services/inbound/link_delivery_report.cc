#include "services/inbound/link_delivery_report.h"

#include "core/order_id.h"

namespace shopdesk::services {
namespace {

std::string Trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n\u3000");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// At most `limit` bytes, never cutting a UTF-8 character.
std::string Clip(std::string s, size_t limit) {
  if (s.size() <= limit) return s;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

}  // namespace

std::string DescribeDeliveryFailure(const channels::DeliveryReport& report) {
  std::string detail = report.status;
  if (!report.diagnostic.empty()) {
    if (!detail.empty()) detail += " ";
    detail += report.diagnostic;
  }
  if (detail.empty()) detail = report.action.empty() ? "failed" : report.action;
  const std::string who = report.failed_recipient.empty() ? "" : report.failed_recipient + ": ";
  return Clip("bounced: " + who + detail, 500);
}

std::string NoticeReason(std::string_view text) {
  std::string first;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string line = Trimmed(text.substr(pos, eol - pos));
    pos = eol + 1;
    if (line.empty()) continue;
    if (first.empty()) first = line;
    if (line.find("理由") != std::string::npos || line.find("原因") != std::string::npos ||
        line.find("Reason") != std::string::npos || line.find("reason") != std::string::npos) {
      return Clip(line, 300);
    }
  }
  return Clip(first, 300);
}

Status LinkDeliveryReport(InboundItem& item, InboundContext& context) {
  const ShopId shop = context.channel.shop_id;
  const channels::InboundMessage& m = item.message;
  if (item.sender_kind == SenderKind::kBounce) {
    if (!m.delivery_report || m.delivery_report->returned_message_ids.empty()) return Ok();
    auto reply = context.db->messages().FindOutboundByExternalIds(
        shop, m.delivery_report->returned_message_ids);
    if (!reply) return reply.error();
    if (!*reply) return Ok();
    item.returned_reply = std::move(**reply);
    item.undelivered_reason = DescribeDeliveryFailure(*m.delivery_report);
    return Ok();
  }
  if (item.sender_kind != SenderKind::kMarketplaceNotice || !IsUndeliveredNotice(m.subject)) {
    return Ok();
  }
  const std::string order_id = FindAmazonOrderId(m.subject, m.text);
  if (order_id.empty()) return Ok();
  auto conversation = context.db->conversations().FindOpenByOrderId(shop, order_id);
  if (!conversation) return conversation.error();
  if (!*conversation) return Ok();
  auto reply = context.db->messages().LatestOutbound(shop, (*conversation)->id);
  if (!reply) return reply.error();
  if (!*reply) return Ok();
  item.returned_reply = std::move(**reply);
  item.undelivered_reason = "not delivered by the marketplace: " + NoticeReason(m.text);
  return Ok();
}

}  // namespace shopdesk::services

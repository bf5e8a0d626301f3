#pragma once

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// link_delivery_report (store): finds the reply of the shop's that a bounce or a
// marketplace's undelivered-notice is about, so the notice joins that reply's
// conversation and the reply is marked as not delivered (mark_undelivered).
// - A bounce: the first Message-ID of its delivery report's returned headers that
//   names an outbound message of the shop.
// - A marketplace notice whose subject says a message was not delivered (Amazon's
//   「メッセージが配信されませんでした」): the newest reply in the open conversation
//   about the order id the notice names.
// item.returned_reply and item.undelivered_reason are set then; otherwise nothing
// changes and the notice becomes a conversation of its own.
Status LinkDeliveryReport(InboundItem& item, InboundContext& context);

// What a delivery report says went wrong, for an agent: "<recipient>: <status>
// <diagnostic>", each part only when the report gives it.
std::string DescribeDeliveryFailure(const channels::DeliveryReport& report);

// The reason a marketplace's undelivered-notice gives: the first line that names one
// (理由, 原因, Reason), else its first line of text, at most 300 bytes.
std::string NoticeReason(std::string_view text);

}  // namespace shopdesk::services

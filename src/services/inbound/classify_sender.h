#pragma once

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// classify_sender (prepare): who the mail is from (core/sender_rules.h) and whom an
// answer goes to.
// - item.sender_kind: kBounce for a delivery report (the parser's bounce flag, or a
//   mailer-daemon / postmaster sender), kMarketplaceNotice for a system address (the
//   built-in ones and the shop's rules), then kAutoReply, kBulk, else kCustomer.
// - item.party: for bounces and notices the system sender itself (never a Reply-To).
//   Otherwise the best address for an answer: Reply-To when it names someone other
//   than the shop and the mail is a form notification (Shopify's mailer, the shop's
//   own address as sender), has no usable From, or asks for answers there (RFC 5322);
//   for a form notification without Reply-To the e-mail written in its body; else
//   From. Empty address when the mail names nobody who could be answered.
// - item.thread_by_subject: false for bounces, notices, form notifications, template
//   subjects and mail without a party, so such mail never joins another by subject.
Status ClassifySender(InboundItem& item, InboundContext& context);

}  // namespace shopdesk::services

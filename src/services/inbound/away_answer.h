#pragma once

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// away_answer (store): while the shop is away, a customer's mail is answered once per
// period (services/auto_reply.h); item.away_answer holds the queued answer. Never for
// bounces, notices, auto-replies or list mail, nor for a sender nobody can answer.
Status AnswerAway(InboundItem& item, InboundContext& context);

}  // namespace shopdesk::services

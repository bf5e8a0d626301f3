#pragma once

#include <string>

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// parse (prepare): the channel's adapter reads `raw` into item.message (the raw bytes
// kept verbatim in it), item.raw_sha256 is the raw bytes' SHA-256 (computed here and
// nowhere else), item.external_id the Message-ID or "sha256:<hash>" without one.
// Errors: InvalidArgument for empty input; NotFound for a channel kind without an
// adapter.
Status ParseInbound(InboundItem& item, const InboundContext& context, std::string raw);

}  // namespace shopdesk::services

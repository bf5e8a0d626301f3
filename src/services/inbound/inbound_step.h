#pragma once

#include "core/result.h"
#include "services/inbound/inbound_item.h"

namespace shopdesk::services {

// One step of the inbound pipeline. Prepare steps run before the write transaction
// and touch no database; store steps run inside it, in the transaction that stores
// the item, so either all of them take effect or none does. A step returns an error
// only for what makes the item unstorable now (a database failure); what it cannot
// read in the mail it notes and lets pass.
using InboundStepFn = Status (*)(InboundItem& item, InboundContext& context);

struct InboundStep {
  const char* name;
  InboundStepFn run;
};

}  // namespace shopdesk::services

#pragma once

// Routes under /hooks/: requests from outside that nobody logs in for, believed only
// when signed (webhook_signature.h), and limited per remote address before anything
// is looked up.
//
//   POST /hooks/{shop}/channels/{id}   a new item for the channel (a site's push, as
//                                      its adapter reads it), signed as the adapter
//                                      says (ChannelAdapter::PushSignatureOf)

#include "http/api/api.h"
#include "http/server/router.h"

namespace shopdesk::http::hooks {

void RegisterHookRoutes(Router& router, ApiContext& context);

}  // namespace shopdesk::http::hooks

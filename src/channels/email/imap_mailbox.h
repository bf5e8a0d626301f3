#pragma once

#include <memory>

#include "channels/channel_adapter.h"
#include "core/channel.h"

namespace shopdesk::channels::email {

// The mailbox of `settings.imap_url` (imap:// or imaps://, folder in the path,
// default INBOX) as an InboundSource: ListPending is UID SEARCH UNSEEN, Fetch reads
// BODY.PEEK[] so nothing is marked read, Acknowledge stores \Seen. Item ids are UIDs.
// NotFound when no IMAP URL is configured, InvalidArgument for a URL of another scheme.
Result<std::unique_ptr<InboundSource>> OpenImapMailbox(const EmailSettings& settings);

}  // namespace shopdesk::channels::email

#pragma once

// The mail that carries an invitation link (AgentManagement::Invite) and the public side
// of the link: who it is for, and setting the password with it. A link works once and
// until it expires; an unknown, used or expired one is NotFound with reason
// "invitation.invalid" (which of the three is not told: the link is a secret).
// Not thread-safe (one Database); create one per request.

#include <string>
#include <utility>

#include "channels/channel_registry.h"
#include "core/agent.h"
#include "core/clock.h"
#include "core/result.h"
#include "services/account_service.h"
#include "store/database.h"

namespace shopdesk::services {

struct InvitationInfo {
  std::string shop_name;
  std::string email;
  std::string name;
  Timestamp expires_at = 0;
};

class Invitations {
 public:
  // `channels` send the invitation mail.
  Invitations(store::Database& db, const Clock& clock, LoginPolicy policy = {},
              const channels::ChannelRegistry& channels = channels::BuiltInChannels());

  Result<InvitationInfo> LookUp(const std::string& token);
  // Sets the person's password (the policy of AccountService::SetPassword, which also
  // ends their sessions) and uses the link up; records invitation.accepted.
  Status Accept(const std::string& token, const std::string& password,
                const std::string& remote_address);
  // Mails `link` to `agent` in Japanese, with the expiry in the shop's time zone, from the
  // shop's first channel that sends mail. InvalidArgument (reason invitation.no_sender)
  // when none does; the channel's send errors (reasons mail.*) otherwise.
  Status Mail(const Agent& agent, const std::string& link, Timestamp expires_at);

 private:
  // The agent of a usable invitation (known, unused, not expired) and its expiry.
  Result<std::pair<Agent, Timestamp>> FindUsable(const std::string& token);

  store::Database& db_;
  const Clock& clock_;
  LoginPolicy policy_;
  const channels::ChannelRegistry& channels_;
};

}  // namespace shopdesk::services

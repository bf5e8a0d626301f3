#include "services/invitations.h"

#include "channels/channel_adapter.h"
#include "core/business_calendar.h"
#include "core/digest.h"
#include "core/password.h"
#include "services/audit_log.h"

namespace shopdesk::services {
namespace {

Error Invalid() {
  return Error::NotFound("invitation", "(hidden)").WithReason("invitation.invalid");
}

}  // namespace

Invitations::Invitations(store::Database& db, const Clock& clock, LoginPolicy policy,
                         const channels::ChannelRegistry& channels)
    : db_(db), clock_(clock), policy_(policy), channels_(channels) {}

Result<std::pair<Agent, Timestamp>> Invitations::FindUsable(const std::string& token) {
  auto found = db_.agents().FindInvitation(Sha256Hex(token));
  if (!found && found.error().code == ErrorCode::kNotFound) return Invalid();
  if (!found) return found.error();
  if (found->second <= clock_.Now()) return Invalid();
  return found;
}

Result<InvitationInfo> Invitations::LookUp(const std::string& token) {
  auto found = FindUsable(token);
  if (!found) return found.error();
  const auto& [agent, expires_at] = *found;
  auto shop = db_.shops().Find(agent.shop_id);
  if (!shop) return shop.error();
  return InvitationInfo{shop->name, agent.email, agent.name, expires_at};
}

Status Invitations::Accept(const std::string& token, const std::string& password,
                           const std::string& remote_address) {
  auto found = FindUsable(token);
  if (!found) return found.error();
  const Agent agent = found->first;
  SHOPDESK_TRY(CheckPasswordPolicy(password, agent.email));
  // The link is used up first, in its own transaction: a second use of the same link
  // finds nothing, even racing this one.
  {
    auto tx = db_.BeginWrite();
    if (!tx) return tx.error();
    if (auto used = db_.agents().UseInvitation(Sha256Hex(token), clock_.Now()); !used) {
      return used.error().code == ErrorCode::kNotFound ? Invalid() : used.error();
    }
    SHOPDESK_TRY(RecordAudit(db_, agent.shop_id, Actor{agent.id, agent.email, remote_address},
                             "invitation.accepted", "agent:" + std::to_string(agent.id),
                             {{"email", agent.email}}, clock_.Now()));
    SHOPDESK_TRY((*tx)->Commit());
  }
  auto account = AccountService(db_, clock_, policy_).SetPassword(agent.email, password);
  if (!account) return account.error();
  return Ok();
}

Status Invitations::Mail(const Agent& agent, const std::string& link, Timestamp expires_at) {
  auto shop = db_.shops().Find(agent.shop_id);
  if (!shop) return shop.error();
  auto listed = db_.channels().List(agent.shop_id);
  if (!listed) return listed.error();
  const Channel* sender = nullptr;
  for (const auto& channel : *listed) {
    if (channels_.ConfiguredFor(channel).sends_replies) {
      sender = &channel;
      break;
    }
  }
  if (sender == nullptr) {
    return Error::InvalidArgument(
               "no channel of the shop can send mail; give one an SMTP server, or pass the "
               "link on yourself")
        .WithReason("invitation.no_sender");
  }
  auto adapter = channels_.For(sender->kind);
  if (!adapter) return adapter.error();
  channels::OutboundMessage mail;  // the adapter gives it its own id
  mail.from_name = sender->display_name.empty() ? shop->name : sender->display_name;
  mail.from_address = sender->address;
  mail.to_name = agent.name;
  mail.to_address = agent.email;
  mail.subject = "【" + shop->name + "】shopdesk への招待";
  mail.text = (agent.name.empty() ? "" : agent.name + " 様\n\n") + shop->name +
              " のお問い合わせ窓口（shopdesk）に担当者として招待されました。\n"
              "次のリンクを開いて、ご自身のパスワードを設定してください。\n\n" +
              link + "\n\nこのリンクは " + FormatJapaneseDeadline(expires_at, shop->time_zone) +
              "（" + shop->time_zone +
              "）まで、1回だけ使えます。\n"
              "お心当たりのない場合は、このメールを破棄してください。\n";
  mail.date = clock_.Now();
  return (*adapter)->Send(*sender, mail, {});
}

}  // namespace shopdesk::services

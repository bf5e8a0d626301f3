#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "channels/channel_settings.h"
#include "channels/inbound_message.h"
#include "core/channel.h"
#include "core/message.h"
#include "core/result.h"

namespace shopdesk::channels {

struct ParseOptions {
  // Attachments larger than this are replaced by a note (the raw source keeps them).
  std::int64_t max_attachment_bytes = 25LL * 1024 * 1024;
};

// A pull source of raw inbound items, e.g. an IMAP mailbox. Items are acknowledged
// only after the caller committed them, so a crash re-delivers instead of losing.
// Not thread-safe.
class InboundSource {
 public:
  virtual ~InboundSource() = default;
  // Ids of the items not yet acknowledged, oldest first.
  virtual Result<std::vector<std::string>> ListPending() = 0;
  // The verbatim bytes of one item.
  virtual Result<std::string> Fetch(const std::string& id) = 0;
  // Marks the item done (IMAP: \Seen) so ListPending no longer returns it.
  virtual Status Acknowledge(const std::string& id) = 0;
  // Marks several items done; sources with a cheaper way (one IMAP command for many
  // UIDs) override it. On an error some of them may be marked: each is idempotent.
  virtual Status AcknowledgeMany(const std::vector<std::string>& ids) {
    for (const auto& id : ids) SHOPDESK_TRY(Acknowledge(id));
    return Ok();
  }
};

// What a kind of channel can do, as its adapter declares it; services ask this instead
// of naming kinds.
struct ChannelCapabilities {
  // Send delivers replies. Without it replies are written by hand on the channel's own
  // site (no API, and mail to its notifications reaches no one): they are never queued
  // for the outbox, no automatic answer is made, and the agent marks them sent.
  bool sends_replies = false;
  // OpenSource can give a source to poll (when the channel's settings name one).
  bool polls = false;
  // Takes signed pushes of new items at /hooks/{shop}/channels/{id} (PushKey).
  bool receives_pushes = false;
  // A reply may carry copies (Cc, Bcc) to other addresses.
  bool takes_copies = false;
  // The channel's address is one customers may write to themselves (the shop's own
  // mailbox, not a marketplace's relay): the shop's public pages list it.
  bool public_address = false;
};

// A signed push carries, in `header`, the HMAC-SHA256 of its exact body under `key`,
// in hex (or base64).
struct PushSignature {
  std::string header;
  bool base64 = false;
  std::string key;  // empty: pushes are not taken
};

// What a reply answers: the conversation and the customer's newest message on it.
struct ReplyContext {
  std::string conversation_subject;
  const Message* last_inbound = nullptr;  // none: the customer never wrote on it
  std::string customer_address;           // the customer's own (e.g. e-mail) address
};

// How a reply is addressed and threaded on a channel, as its adapter says.
struct ReplyAddressing {
  std::string to_address;  // may be unusable (empty, "@invalid"): the caller checks
  std::string subject;
  std::string external_id;  // the reply's own id (mail: its Message-ID, without <>)
  std::string in_reply_to;
  std::vector<std::string> references;
};

// Translates between one kind of channel and core types. Implementations are
// stateless and thread-safe; the product's are listed in all_channels.cc, and services
// reach them through a ChannelRegistry (channel_registry.h).
class ChannelAdapter {
 public:
  virtual ~ChannelAdapter() = default;

  virtual ChannelCapabilities Capabilities() const = 0;
  // What `channel` can do under its settings now: a subset of Capabilities(), e.g. no
  // sending while no server is set.
  virtual ChannelCapabilities Configured(const Channel& channel) const = 0;

  // The settings a channel of this kind takes (channel_settings.h).
  virtual const std::vector<SettingField>& SettingFields() const = 0;
  // Normalises and checks the channel's address and settings before they are stored;
  // InvalidArgument says what is wrong in words the seller can act on.
  virtual Status CheckSettings(Channel& channel) const = 0;
  // What the API shows of the settings: never a secret.
  virtual std::vector<ShownSetting> ShowSettings(const Channel& channel) const = 0;
  // How a push to this channel proves its sender (http/hooks checks it before it reads
  // anything else): no key while the channel takes none.
  virtual PushSignature PushSignatureOf(const Channel&) const { return {}; }

  // The recipient, subject and thread ids of a reply on `channel`.
  virtual ReplyAddressing AddressReply(const Channel& channel,
                                       const ReplyContext& context) const = 0;

  // Parses one raw item. Never loses it: undecodable content yields a message with
  // flags.decode_failed and a decode_note. InvalidArgument only for empty input.
  virtual Result<InboundMessage> Parse(std::string raw, const ParseOptions& options) const = 0;

  // Runs when the peer has taken responsibility for a message being sent.
  using AcceptedHook = std::function<void()>;

  // Delivers `message` through the channel's outbound settings. Unavailable for a
  // failure that may pass (retry later); InvalidArgument for one that will not
  // (bad address, no settings). `accepted` (may be empty) runs at most once, as soon
  // as the peer has accepted the message and before the connection is closed (SMTP:
  // after the reply to DATA, before QUIT and its reply), so the caller can record the
  // delivery without waiting for the goodbye; Send then returns Ok.
  virtual Status Send(const Channel& channel, const OutboundMessage& message,
                      const AcceptedHook& accepted) const = 0;

  // A source to poll for this channel, or NotFound when it has none configured.
  virtual Result<std::unique_ptr<InboundSource>> OpenSource(const Channel& channel) const = 0;

  // One part of a connection test: "inbound" (the source polled) or "outbound" (the
  // server replies go through), Ok or the error a send or poll would meet, and for an
  // inbound source how many items wait in it.
  struct ConnectionCheck {
    std::string part;
    Status status;
    std::int64_t pending = 0;
  };
  // Tries the channel's settings as polling and sending would, without fetching,
  // marking or sending anything; one check per part the channel configures. Blocks for
  // up to the connection timeouts.
  virtual std::vector<ConnectionCheck> CheckConnection(const Channel& channel) const = 0;
};

}  // namespace shopdesk::channels

#include "http/live/presence_board.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

namespace shopdesk::http {
namespace {

struct ClientPresence {
  ConversationId conversation = 0;
  std::string state;  // viewing, typing or left
};

// The client's message, or nullopt for anything else (see the header).
std::optional<ClientPresence> ParseClientMessage(std::string_view text) {
  if (text.size() > PresenceBoard::kMaxMessageBytes) return std::nullopt;
  // nlohmann's parser stops at a NUL byte and would accept "{...}\0junk".
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  const auto type = j.find("type");
  if (type == j.end() || !type->is_string() || type->get_ref<const std::string&>() != "presence") {
    return std::nullopt;
  }
  ClientPresence out;
  const auto id = j.find("conversation_id");
  if (id == j.end()) return std::nullopt;
  if (id->is_number_unsigned()) {
    const auto value = id->get<std::uint64_t>();
    if (value == 0 ||
        value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    out.conversation = static_cast<ConversationId>(value);
  } else {
    return std::nullopt;  // negative, fractional, a string, ...
  }
  const auto state = j.find("state");
  if (state == j.end() || !state->is_string()) return std::nullopt;
  out.state = state->get<std::string>();
  if (out.state != "viewing" && out.state != "typing" && out.state != "left") return std::nullopt;
  return out;
}

std::string PresenceJson(ConversationId conversation, AgentId agent, const std::string& name,
                         std::string_view state, Timestamp at) {
  nlohmann::ordered_json j = {{"type", "presence"}, {"conversation_id", conversation},
                              {"agent_id", agent},  {"agent_name", name},
                              {"state", state},     {"at", FormatIso8601(at)}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

// Messages to send once the board is unlocked: SendText only queues, but dropping the
// last reference to a connection destroys its handler, which leaves the board (and
// would deadlock under mu_). Declare before taking the lock.
class PresenceBoard::Outbox {
 public:
  void Add(std::shared_ptr<WebSocketConnection> to, std::string text) {
    sends_.emplace_back(std::move(to), std::move(text));
  }
  // Sends everything; REQUIRES: mu_ not held.
  void Flush() {
    for (auto& [to, text] : sends_) to->SendText(std::move(text));
    sends_.clear();
  }

 private:
  std::vector<std::pair<std::shared_ptr<WebSocketConnection>, std::string>> sends_;
};

PresenceBoard::Member::Member(PresenceBoard& board, ShopId shop, std::uint64_t id, Timestamp now)
    : board_(board), shop_(shop), id_(id), tokens_(kMessagesPerSecond), refilled_at_(now) {}

PresenceBoard::Member::~Member() {
  if (!left_) board_.Leave(shop_, id_, 0, /*tell_others=*/false);
}

void PresenceBoard::Member::Receive(std::string_view text, Timestamp now) {
  if (left_) return;
  // Token bucket: kMessagesPerSecond at once, then kMessagesPerSecond per second.
  if (now > refilled_at_) {
    tokens_ =
        std::min<double>(kMessagesPerSecond, tokens_ + static_cast<double>(now - refilled_at_) *
                                                           kMessagesPerSecond / kMillisPerSecond);
    refilled_at_ = now;
  }
  if (tokens_ < 1) return;
  tokens_ -= 1;
  auto message = ParseClientMessage(text);
  if (!message) return;
  board_.Receive(shop_, id_, message->conversation, message->state, now);
}

void PresenceBoard::Member::Leave(Timestamp now) {
  if (left_) return;
  left_ = true;
  board_.Leave(shop_, id_, now, /*tell_others=*/true);
}

std::unique_ptr<PresenceBoard::Member> PresenceBoard::Join(
    const Agent& agent, std::weak_ptr<WebSocketConnection> connection, Timestamp now) {
  Outbox out;
  std::unique_ptr<Member> member;
  {
    std::lock_guard lock(mu_);
    Entries& entries = shops_[agent.shop_id];
    ExpireLocked(entries, now, out);
    if (auto self = connection.lock()) {
      for (const auto& [id, entry] : entries) {
        for (const auto& [conversation, presence] : entry.conversations) {
          out.Add(self, PresenceJson(conversation, entry.agent_id, entry.agent_name, presence.state,
                                     presence.at));
        }
      }
    }
    const std::uint64_t id = next_id_++;
    Entry& entry = entries[id];
    entry.agent_id = agent.id;
    entry.agent_name = agent.name.empty() ? agent.email : agent.name;
    entry.connection = std::move(connection);
    member.reset(new Member(*this, agent.shop_id, id, now));
  }
  out.Flush();
  return member;
}

std::size_t PresenceBoard::ConnectionCount(ShopId shop) const {
  std::lock_guard lock(mu_);
  const auto found = shops_.find(shop);
  return found == shops_.end() ? 0 : found->second.size();
}

void PresenceBoard::RelayLocked(const Entries& entries, std::uint64_t except,
                                const std::string& text, Outbox& out) {
  for (const auto& [id, entry] : entries) {
    if (id == except) continue;
    if (auto to = entry.connection.lock()) out.Add(std::move(to), text);
  }
}

void PresenceBoard::ExpireLocked(Entries& entries, Timestamp now, Outbox& out) {
  for (auto& [id, entry] : entries) {
    for (auto it = entry.conversations.begin(); it != entry.conversations.end();) {
      if (now - it->second.at < kExpiry) {
        ++it;
        continue;
      }
      RelayLocked(entries, id,
                  PresenceJson(it->first, entry.agent_id, entry.agent_name, "left", now), out);
      it = entry.conversations.erase(it);
    }
  }
}

void PresenceBoard::Receive(ShopId shop, std::uint64_t id, ConversationId conversation,
                            const std::string& state, Timestamp now) {
  Outbox out;
  {
    std::lock_guard lock(mu_);
    const auto found = shops_.find(shop);
    if (found == shops_.end()) return;
    Entries& entries = found->second;
    ExpireLocked(entries, now, out);
    const auto self = entries.find(id);
    if (self == entries.end()) return;
    Entry& entry = self->second;
    if (state == "left") {
      entry.conversations.erase(conversation);
    } else {
      if (!entry.conversations.contains(conversation) &&
          entry.conversations.size() >= kMaxConversationsPerConnection) {
        auto oldest = std::min_element(
            entry.conversations.begin(), entry.conversations.end(),
            [](const auto& a, const auto& b) { return a.second.at < b.second.at; });
        RelayLocked(entries, id,
                    PresenceJson(oldest->first, entry.agent_id, entry.agent_name, "left", now),
                    out);
        entry.conversations.erase(oldest);
      }
      entry.conversations[conversation] = {state, now};
    }
    // "left" is relayed even when nothing was known (e.g. already expired here): the
    // others may still show it.
    RelayLocked(entries, id,
                PresenceJson(conversation, entry.agent_id, entry.agent_name, state, now), out);
  }
  out.Flush();
}

void PresenceBoard::Leave(ShopId shop, std::uint64_t id, Timestamp now, bool tell_others) {
  Outbox out;
  {
    std::lock_guard lock(mu_);
    const auto found = shops_.find(shop);
    if (found == shops_.end()) return;
    Entries& entries = found->second;
    const auto self = entries.find(id);
    if (self == entries.end()) return;
    if (tell_others) {
      for (const auto& [conversation, presence] : self->second.conversations) {
        RelayLocked(
            entries, id,
            PresenceJson(conversation, self->second.agent_id, self->second.agent_name, "left", now),
            out);
      }
    }
    entries.erase(self);
    if (entries.empty()) shops_.erase(found);
  }
  if (tell_others) out.Flush();
}

}  // namespace shopdesk::http

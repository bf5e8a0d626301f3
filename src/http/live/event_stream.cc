#include "http/live/event_stream.h"

#include <spdlog/spdlog.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "http/live/presence_board.h"

namespace shopdesk::http {
namespace {

class EventStreamHandler final : public WebSocketHandler {
 public:
  EventStreamHandler(ApiContext& context, Agent agent, std::optional<LiveEventId> after)
      : context_(context), agent_(std::move(agent)), after_(after) {}
  ~EventStreamHandler() override {
    subscription_.reset();
    presence_.reset();  // without telling the others: see PresenceBoard::Member
  }

  void OnOpen(const std::shared_ptr<WebSocketConnection>& connection) override {
    connection_ = connection;
    connection->SendText(
        nlohmann::json{{"type", "hello"}, {"shop_id", agent_.shop_id}, {"agent_id", agent_.id}}
            .dump());
    if (context_.presence) {
      presence_ = context_.presence->Join(agent_, connection, context_.clock.Now());
    }
    {
      std::lock_guard lock(mu_);
      replaying_ = after_.has_value();
    }
    // Subscribe before replaying, so nothing committed in between is missed; what
    // arrives live meanwhile waits in pending_.
    subscription_ = context_.events->Subscribe(agent_.shop_id,
                                               [this](const LiveEvent& event) { OnEvent(event); });
    if (after_) Replay(*after_);
  }

  // Presence from the client (the only messages a client sends); see presence_board.h.
  void OnMessage(std::string_view text) override {
    if (presence_) presence_->Receive(text, context_.clock.Now());
  }

  void OnClose() override {
    subscription_.reset();
    if (presence_) presence_->Leave(context_.clock.Now());
  }

 private:
  void Replay(LiveEventId after) {
    std::vector<LiveEvent> stored;
    bool resync = false;
    if (auto lease = context_.pool.Acquire()) {
      auto events = (*lease)->events().ListForShop(agent_.shop_id, after, kMaxReplay + 1);
      if (events) {
        stored = std::move(*events);
        resync = stored.size() > static_cast<std::size_t>(kMaxReplay);
      } else {
        resync = true;
        spdlog::warn("live events: replay after {} failed: {}", after, events.error().message);
      }
    } else {
      resync = true;
    }
    auto connection = connection_.lock();
    if (!connection) return;
    std::lock_guard lock(mu_);
    if (resync) {
      connection->SendText(R"({"type":"resync"})");
    } else {
      for (const auto& event : stored) {
        replayed_.insert(event.id);
        connection->SendText(LiveEventJson(event));
      }
    }
    for (const auto& event : pending_) {
      if (!replayed_.contains(event.id)) connection->SendText(LiveEventJson(event));
    }
    pending_.clear();
    replaying_ = false;
  }

  // On the hub's thread.
  void OnEvent(const LiveEvent& event) {
    std::lock_guard lock(mu_);
    if (replaying_) {
      pending_.push_back(event);
      return;
    }
    if (replayed_.contains(event.id)) return;
    if (auto connection = connection_.lock()) connection->SendText(LiveEventJson(event));
  }

  ApiContext& context_;
  const Agent agent_;
  const std::optional<LiveEventId> after_;
  std::weak_ptr<WebSocketConnection> connection_;
  std::mutex mu_;
  bool replaying_ = false;
  std::vector<LiveEvent> pending_;
  std::set<LiveEventId> replayed_;
  std::unique_ptr<services::EventHub::Subscription> subscription_;
  std::unique_ptr<PresenceBoard::Member> presence_;  // on the connection's strand only
};

WebSocketUpgrade Refuse(Response response) {
  WebSocketUpgrade upgrade;
  upgrade.refusal = std::move(response);
  return upgrade;
}

}  // namespace

std::string LiveEventJson(const LiveEvent& event) {
  nlohmann::json j = {
      {"id", event.id},
      {"type", LiveEventKindName(event.kind)},
      {"shop_id", event.shop_id},
      {"conversation_id", event.conversation_id},
      {"message_id", event.message_id ? nlohmann::json(*event.message_id) : nlohmann::json()},
      {"at", FormatIso8601(event.created_at)},
      {"data", nlohmann::json::parse(event.data, nullptr, /*allow_exceptions=*/false)},
  };
  if (j["data"].is_discarded()) j["data"] = nlohmann::json::object();
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

WebSocketUpgrade AcceptEventStream(ApiContext& context, Request& request) {
  auto after = QueryInt(request, "after", 0);
  if (!after) return Refuse(Response::FromError(after.error()));
  if (!context.events) {
    return Refuse(
        Response::FromError(Error::Unavailable("live events are not running on this node")));
  }
  auto lease = context.pool.Acquire();
  if (!lease) return Refuse(Response::FromError(lease.error()));
  auto who = api::AuthenticateWith(context, **lease, request, api::Access::kRead);
  if (auto* refusal = std::get_if<Response>(&who)) return Refuse(std::move(*refusal));
  WebSocketUpgrade upgrade;
  upgrade.handler =
      std::make_shared<EventStreamHandler>(context, std::get<Agent>(std::move(who)), *after);
  return upgrade;
}

}  // namespace shopdesk::http

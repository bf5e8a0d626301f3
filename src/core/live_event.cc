#include "core/live_event.h"

#include <array>
#include <utility>

namespace shopdesk {
namespace {

constexpr std::array<std::pair<LiveEventKind, std::string_view>, 5> kNames{{
    {LiveEventKind::kConversationCreated, "conversation.created"},
    {LiveEventKind::kConversationUpdated, "conversation.updated"},
    {LiveEventKind::kMessageCreated, "message.created"},
    {LiveEventKind::kMessageUpdated, "message.updated"},
    {LiveEventKind::kSlaAlert, "sla.alert"},
}};

}  // namespace

std::string_view LiveEventKindName(LiveEventKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<LiveEventKind> ParseLiveEventKind(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

}  // namespace shopdesk

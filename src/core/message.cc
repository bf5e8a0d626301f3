#include "core/message.h"

namespace shopdesk {

std::string_view DirectionName(Direction direction) {
  switch (direction) {
    case Direction::kInbound:
      return "inbound";
    case Direction::kOutbound:
      return "outbound";
    case Direction::kNote:
      return "note";
  }
  return "inbound";
}

std::optional<Direction> ParseDirection(std::string_view name) {
  if (name == "inbound") return Direction::kInbound;
  if (name == "outbound") return Direction::kOutbound;
  if (name == "note") return Direction::kNote;
  return std::nullopt;
}

std::string_view DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kNone:
      return "none";
    case DeliveryState::kQueued:
      return "queued";
    case DeliveryState::kSent:
      return "sent";
    case DeliveryState::kFailed:
      return "failed";
    case DeliveryState::kManual:
      return "manual";
  }
  return "none";
}

std::optional<DeliveryState> ParseDeliveryState(std::string_view name) {
  if (name == "none") return DeliveryState::kNone;
  if (name == "queued") return DeliveryState::kQueued;
  if (name == "sent") return DeliveryState::kSent;
  if (name == "failed") return DeliveryState::kFailed;
  if (name == "manual") return DeliveryState::kManual;
  return std::nullopt;
}

std::vector<std::string> MessageFlags::Names() const {
  std::vector<std::string> names;
  if (auto_submitted) names.emplace_back("auto_submitted");
  if (bulk) names.emplace_back("bulk");
  if (bounce) names.emplace_back("bounce");
  if (decode_failed) names.emplace_back("decode_failed");
  if (attachment_dropped) names.emplace_back("attachment_dropped");
  return names;
}

}  // namespace shopdesk

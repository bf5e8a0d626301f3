#include "core/channel.h"

#include <array>
#include <utility>

namespace shopdesk {
namespace {

constexpr std::array<std::pair<ChannelKind, std::string_view>, 9> kKindNames{{
    {ChannelKind::kEmail, "email"},
    {ChannelKind::kChat, "chat"},
    {ChannelKind::kForm, "form"},
    {ChannelKind::kAmazon, "amazon"},
    {ChannelKind::kEbay, "ebay"},
    {ChannelKind::kEtsy, "etsy"},
    {ChannelKind::kShopify, "shopify"},
    {ChannelKind::kPhone, "phone"},
    {ChannelKind::kSocial, "social"},
}};

}  // namespace

std::string_view ChannelKindName(ChannelKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "email";
}

std::optional<ChannelKind> ParseChannelKind(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

}  // namespace shopdesk

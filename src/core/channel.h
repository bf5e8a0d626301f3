#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

enum class ChannelKind { kEmail, kChat, kForm, kAmazon, kEbay, kEtsy, kShopify, kPhone, kSocial };

std::string_view ChannelKindName(ChannelKind kind);
std::optional<ChannelKind> ParseChannelKind(std::string_view name);

// Mail server settings of an e-mail channel. URLs are libcurl URLs:
// imap://host:port/INBOX, imaps://..., smtp://host:port, smtps://...
struct EmailSettings {
  std::string imap_url;  // empty: not polled (mail arrives by `shopdesk ingest`)
  std::string imap_user;
  std::string imap_password;
  std::string smtp_url;  // empty: replies cannot be sent (queued, then failed)
  std::string smtp_user;
  std::string smtp_password;
  bool smtp_starttls = false;  // require STARTTLS on smtp:// URLs
};

// A way customers reach the shop. Marketplace relays (Amazon, eBay, Etsy) arrive
// as e-mail too and use the same settings.
struct Channel {
  ShopId shop_id = 0;
  ChannelId id = 0;
  ChannelKind kind = ChannelKind::kEmail;
  std::string name;          // unique per shop, e.g. "support"
  std::string address;       // the From address of replies, e.g. support@sakura.example
  std::string display_name;  // the From name of replies
  EmailSettings email;
  // Health as the workers last saw it, shown to admins.
  bool healthy = true;
  std::string last_error;
  std::string last_error_reason;  // PackReason of that error (core/error.h)
  Timestamp last_checked_at = 0;
  Timestamp created_at = 0;
};

}  // namespace shopdesk

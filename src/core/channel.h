#pragma once

#include <map>
#include <string>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

// What a channel's adapter keeps about it, by field name: the adapter declares,
// checks and reads its own fields (channels/channel_settings.h); core knows none.
// `secrets` holds those the API never shows (passwords, signing keys), stored apart.
struct ChannelSettings {
  std::map<std::string, std::string> values;
  std::map<std::string, std::string> secrets;
  bool operator==(const ChannelSettings&) const = default;
};

// A way customers reach the shop: what every kind of channel has.
struct Channel {
  ShopId shop_id = 0;
  ChannelId id = 0;
  // The adapter's name in the channel registry, e.g. "email", "amazon", "web".
  std::string kind = "email";
  std::string name;          // unique per shop, e.g. "support"
  std::string address;       // the From address of replies, e.g. support@sakura.example
  std::string display_name;  // the From name of replies
  ChannelSettings settings;
  // The adapter has a source to poll under these settings (the poller claims only
  // these); set from the adapter whenever the settings change.
  bool polled = false;
  // Health as the workers last saw it, shown to admins.
  bool healthy = true;
  std::string last_error;
  std::string last_error_reason;  // PackReason of that error (core/error.h)
  Timestamp last_checked_at = 0;
  Timestamp created_at = 0;
};

}  // namespace shopdesk

#pragma once

// GET /s/{shop}/: the shop's front page. For now it says how to reach the shop: the
// addresses of its channels that customers may write to themselves
// (ChannelCapabilities::public_address; never a marketplace relay or a site's push
// channel). The help centre, policies and contact form of later issues link from here.

#include "channels/channel_registry.h"
#include "core/result.h"
#include "core/shop.h"
#include "http/public/public_document.h"
#include "store/database.h"

namespace shopdesk::http::public_site {

Result<PublicPage> ShopFrontPage(store::Database& db, const channels::ChannelRegistry& registry,
                                 const Shop& shop, PageLanguage language);

}  // namespace shopdesk::http::public_site

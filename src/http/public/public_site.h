#pragma once

// Public pages: what a shop's customers and search engines read without logging in,
// under /s/{shop}/ (the shop's slug). Every page goes through one middleware:
//   - a request limit per remote address, before any database work;
//   - the shop named by {shop}; an unknown one is a 404 page like any missing page;
//   - no session: cookies and Authorization are never read, so a page is the same for
//     everyone and may be cached for a minute;
//   - an HTML document (public_document.h) in Japanese, or English with ?lang=en;
//     errors are pages too, never JSON;
//   - a Content-Security-Policy that runs no script and loads nothing from elsewhere.
// A page handler returns only its content; it may read the shop through services.

#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "core/shop.h"
#include "http/api/api.h"
#include "http/public/public_document.h"
#include "http/server/ip_rate_limit.h"
#include "http/server/router.h"
#include "store/database.h"

namespace shopdesk::http::public_site {

using PageHandler =
    std::function<Result<PublicPage>(store::Database&, const Shop&, PageLanguage, Request&)>;

class PublicSite {
 public:
  PublicSite(Router& router, ApiContext& context);

  // Serves GET `pattern` (which starts "/s/{shop}/") through the middleware.
  void Page(const std::string& pattern, PageHandler handler);

 private:
  Router& router_;
  ApiContext& context_;
  std::shared_ptr<IpRateLimit> limit_;
};

// Every public page: GET /s/{shop}/ (the shop's front page), and /s/{shop} sent there.
void RegisterPublicRoutes(Router& router, ApiContext& context);

}  // namespace shopdesk::http::public_site

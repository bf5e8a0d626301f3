#include "http/public/public_site.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "http/public/shop_front_page.h"
#include "http/server/error_mapping.h"
#include "services/shop_directory.h"

namespace shopdesk::http::public_site {
namespace {

// Page views per remote address and minute: a reader clicking through a help centre
// stays far below it, a crawler that ignores robots.txt does not.
constexpr int kPagesPerMinute = 300;

// Scripts never run; styles are the document's own inline sheet; images and forms
// stay on this host; nothing may frame the page.
constexpr const char* kPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";

PageLanguage LanguageOf(const Request& request) {
  const std::string* lang = request.QueryParam("lang");
  return lang && *lang == "en" ? PageLanguage::kEnglish : PageLanguage::kJapanese;
}

Response Html(int status, std::string html, PageLanguage language) {
  Response r = Response::Text(status, std::move(html), "text/html; charset=utf-8");
  r.SetHeader("Content-Security-Policy", kPolicy);
  r.SetHeader("Content-Language", language == PageLanguage::kEnglish ? "en" : "ja");
  return r;
}

Response ErrorPage(const Error& error, PageLanguage language) {
  const int status = HttpStatusFor(error.code);
  if (status >= 500) spdlog::error("public page: {}", error.ToString());
  Response r = Html(status, RenderErrorDocument(error.code, language), language);
  if (error.code == ErrorCode::kRateLimited) r.SetHeader("Retry-After", "60");
  return r;
}

Error NoSuchShop(const std::string& slug) { return Error::NotFound("shop", slug.substr(0, 64)); }

}  // namespace

PublicSite::PublicSite(Router& router, ApiContext& context)
    : router_(router),
      context_(context),
      limit_(
          std::make_shared<IpRateLimit>(context.clock, kPagesPerMinute, std::chrono::minutes(1))) {}

void PublicSite::Page(const std::string& pattern, PageHandler handler) {
  router_.Add("GET", pattern, [&context = context_, limit = limit_, handler](Request& request) {
    const PageLanguage language = LanguageOf(request);
    if (auto admitted = limit->Admit(request.remote_address); !admitted) {
      return ErrorPage(admitted.error(), language);
    }
    const std::string& slug = request.path_params["shop"];
    if (!IsValidSlug(slug)) return ErrorPage(NoSuchShop(slug), language);
    auto lease = context.pool.Acquire();
    if (!lease) return ErrorPage(lease.error(), language);
    store::Database& db = **lease;
    auto shop = services::ShopDirectory(db).FindShopBySlug(slug);
    if (!shop) return ErrorPage(shop.error(), language);
    auto page = handler(db, *shop, language, request);
    if (!page) return ErrorPage(page.error(), language);
    std::string canonical = request.path;
    if (language == PageLanguage::kEnglish) canonical += "?lang=en";
    Response r = Html(200, RenderDocument(*shop, *page, language, canonical), language);
    r.SetHeader("Cache-Control", "public, max-age=60");
    return r;
  });
}

void RegisterPublicRoutes(Router& router, ApiContext& context) {
  PublicSite site(router, context);
  site.Page("/s/{shop}/",
            [&context](store::Database& db, const Shop& shop, PageLanguage language, Request&) {
              return ShopFrontPage(db, *context.registry, shop, language);
            });
  // The front page's address without its slash, as people type it.
  router.Add("GET", "/s/{shop}", [](Request& request) {
    const std::string& slug = request.path_params["shop"];
    const PageLanguage language = LanguageOf(request);
    if (!IsValidSlug(slug)) return ErrorPage(NoSuchShop(slug), language);
    Response r;
    r.status = 301;
    r.content_type.clear();
    r.SetHeader("Location",
                "/s/" + slug + "/" + (language == PageLanguage::kEnglish ? "?lang=en" : ""));
    return r;
  });
}

}  // namespace shopdesk::http::public_site

#include "http/hooks/hook_routes.h"

#include <chrono>
#include <memory>

#include "http/hooks/webhook_signature.h"
#include "http/server/ip_rate_limit.h"
#include "services/shop_directory.h"

namespace shopdesk::http::hooks {
namespace {

// Pushes per remote address and minute: a busy shop's site posting every message of a
// sale stays well below it.
constexpr int kPushesPerMinute = 600;

}  // namespace

void RegisterHookRoutes(Router& router, ApiContext& ctx) {
  auto limit = std::make_shared<IpRateLimit>(ctx.clock, kPushesPerMinute, std::chrono::minutes(1));
  router.Add("POST", "/hooks/{shop}/channels/{id}", [&ctx, limit](Request& req) {
    if (auto admitted = limit->Admit(req.remote_address); !admitted) {
      return Response::FromError(admitted.error());
    }
    auto id = PathInt(req, "id");
    if (!id) return Response::FromError(id.error());
    auto lease = ctx.pool.Acquire();
    if (!lease) return Response::FromError(lease.error());
    store::Database& db = **lease;
    services::ShopDirectory directory(db);
    auto shop = directory.FindShopBySlug(req.path_params["shop"]);
    if (!shop) return Response::FromError(shop.error());
    auto channel = directory.FindChannel(shop->id, *id);
    if (!channel) return Response::FromError(channel.error());
    auto adapter = ctx.registry->For(channel->kind);
    if (!adapter) return Response::FromError(adapter.error());
    // A channel that takes no pushes has no key, and an empty key verifies nothing.
    const channels::PushSignature expected = (*adapter)->PushSignatureOf(*channel);
    const WebhookSignature signature{
        expected.header, expected.base64 ? SignatureEncoding::kBase64 : SignatureEncoding::kHex};
    if (auto verified = VerifyWebhook(req, signature, expected.key); !verified) {
      return Response::FromError(verified.error());
    }
    return api::StoreUpload(ctx, db, *channel, std::move(req.body));
  });
}

}  // namespace shopdesk::http::hooks

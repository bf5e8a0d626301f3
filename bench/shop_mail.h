#pragma once

// Mail shaped like what a Japanese online shop receives, written as .eml files for the
// product benchmark (bench/product_ingest_bench.py): customers writing in UTF-8,
// ISO-2022-JP (with NEC row-13 characters, as Outlook sends them), Shift_JIS (CP932)
// and EUC-JP; multipart/alternative with an HTML part; small PNG photos and PDF
// receipts; Amazon relay mail with order ids; DSN bounces of the shop's replies; and
// replies that thread by In-Reply-To/References, some threads ~90 messages long.
// Deterministic for a seed.

#include <cstdint>
#include <string>

namespace shopdesk::bench {

struct ShopMailOptions {
  int count = 20000;
  unsigned seed = 2026;
};

// What was written, by kind (a mail may count in several).
struct ShopMailStats {
  int files = 0;
  std::int64_t bytes = 0;
  int utf8 = 0, iso2022jp = 0, cp932 = 0, euc_jp = 0;
  int html_alternative = 0, png = 0, pdf = 0, bounces = 0, amazon_relay = 0;
  int replies = 0, threads = 0, longest_thread = 0;
};

// Writes options.count files DIR/000001.eml ... (CRLF line ends). False when a file
// cannot be written.
bool WriteShopMail(const std::string& dir, const ShopMailOptions& options, ShopMailStats& stats);

}  // namespace shopdesk::bench

// Fills a database in-process through IngestService::IngestBatch (the inbox-list benchmark
// uses it to build a large shop fast); the ingest figures of `make bench` come from
// bench/product_ingest_bench.py, which times the commands users run.
// Usage: ingest_bench --corpus FILE --db sqlite:PATH [--batch N] [--write N --reply-share F]
// Prints one JSON object.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/clock.h"
#include "corpus.h"
#include "services/admin_service.h"
#include "services/ingest_service.h"
#include "services/shop_settings.h"
#include "store/database.h"

using namespace shopdesk;

int main(int argc, char** argv) {
  std::string corpus_path, db_url;
  size_t batch = 500;
  long limit = -1;  // ingest only the first N messages of the corpus
  bench::CorpusOptions write;
  bool do_write = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--corpus")
      corpus_path = value;
    else if (flag == "--db")
      db_url = value;
    else if (flag == "--batch")
      batch = std::stoul(value);
    else if (flag == "--write")
      do_write = true, write.count = std::stoi(value);
    else if (flag == "--limit")
      limit = std::stol(value);
    else if (flag == "--reply-share")
      write.reply_share = std::stod(value);
  }
  if (corpus_path.empty()) {
    std::fprintf(stderr, "usage: ingest_bench --corpus FILE [--write N] [--db sqlite:PATH]\n");
    return 2;
  }
  if (do_write) {
    if (!bench::WriteCorpus(corpus_path, write)) {
      std::fprintf(stderr, "cannot write %s\n", corpus_path.c_str());
      return 1;
    }
    if (db_url.empty()) return 0;
  }
  auto db = store::OpenDatabase(db_url);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().ToString().c_str());
    return 1;
  }
  services::AdminService admin(**db, SystemClock::Instance());
  auto shop = admin.CreateShop("bench", "ベンチ店");
  if (!shop) shop = admin.FindShop("bench");
  Channel c;
  c.shop_id = shop->id;
  c.name = "support";
  c.address = "support@sakura.example";
  auto channel =
      services::ShopSettings::CommandLine(**db, SystemClock::Instance(), shop->id).AddChannel(c);
  if (!channel) channel = admin.FindChannel(shop->id, "support");
  if (!channel) {
    std::fprintf(stderr, "%s\n", channel.error().ToString().c_str());
    return 1;
  }

  bench::CorpusReader reader(corpus_path);
  if (!reader.ok()) {
    std::fprintf(stderr, "cannot read %s\n", corpus_path.c_str());
    return 1;
  }
  services::IngestService ingest(**db, SystemClock::Instance());
  long stored = 0, duplicates = 0, errors = 0;
  double read_seconds = 0;
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const auto read_start = std::chrono::steady_clock::now();
    const long left = limit < 0 ? static_cast<long>(batch) : limit - (stored + duplicates + errors);
    auto raws = reader.Next(static_cast<size_t>(std::min<long>(left, static_cast<long>(batch))));
    read_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - read_start).count();
    if (raws.empty()) break;
    for (auto& r : ingest.IngestBatch(*channel, std::move(raws))) {
      if (!r)
        ++errors;
      else if (r->duplicate)
        ++duplicates;
      else
        ++stored;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto conversations = (*db)->conversations().List(shop->id, {});
  std::printf(
      "{\"messages\":%ld,\"duplicates\":%ld,\"errors\":%ld,\"seconds\":%.3f,"
      "\"read_seconds\":%.3f,\"messages_per_second\":%.0f,\"peak_rss_mb\":%.1f,\"batch\":%zu}\n",
      stored, duplicates, errors, seconds, read_seconds, (stored + duplicates) / seconds,
      usage.ru_maxrss / 1024.0, batch);
  return errors == 0 ? 0 : 1;
}

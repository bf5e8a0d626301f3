// Writes the product benchmark's mail (bench/shop_mail.h) as .eml files and prints what
// it wrote as one JSON object. Usage: mail_corpus --out DIR [--count N] [--seed S]

#include <cstdio>
#include <string>

#include "shop_mail.h"

int main(int argc, char** argv) {
  std::string dir;
  shopdesk::bench::ShopMailOptions options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--out")
      dir = value;
    else if (flag == "--count")
      options.count = std::stoi(value);
    else if (flag == "--seed")
      options.seed = static_cast<unsigned>(std::stoul(value));
  }
  if (dir.empty() || options.count <= 0) {
    std::fprintf(stderr, "usage: mail_corpus --out DIR [--count N] [--seed S]\n");
    return 2;
  }
  shopdesk::bench::ShopMailStats s;
  if (!shopdesk::bench::WriteShopMail(dir, options, s)) {
    std::fprintf(stderr, "cannot write mail under %s\n", dir.c_str());
    return 1;
  }
  std::printf(
      "{\"files\":%d,\"bytes\":%lld,\"utf8\":%d,\"iso2022jp\":%d,\"cp932\":%d,\"euc_jp\":%d,"
      "\"html_alternative\":%d,\"png\":%d,\"pdf\":%d,\"bounces\":%d,\"amazon_relay\":%d,"
      "\"replies\":%d,\"threads\":%d,\"longest_thread\":%d}\n",
      s.files, static_cast<long long>(s.bytes), s.utf8, s.iso2022jp, s.cp932, s.euc_jp,
      s.html_alternative, s.png, s.pdf, s.bounces, s.amazon_relay, s.replies, s.threads,
      s.longest_thread);
  return 0;
}

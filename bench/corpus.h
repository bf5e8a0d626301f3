#pragma once

// A deterministic corpus of realistic Japanese shop mail for benchmarks: UTF-8
// (base64 and quoted-printable), ISO-2022-JP, Shift_JIS, HTML alternatives, Amazon
// relay mail with order ids, and replies that thread by In-Reply-To.

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace shopdesk::bench {

struct CorpusOptions {
  int count = 100000;
  double reply_share = 0.1;  // share of messages that answer an earlier one
  unsigned seed = 42;
};

// Writes `options.count` messages as length-prefixed records ("<bytes>\n<raw>") so
// the benchmark and the Python anchor read exactly the same messages, and neither
// holds the whole corpus in memory. Returns false when the file cannot be written.
bool WriteCorpus(const std::string& path, const CorpusOptions& options);

// Reads records written by WriteCorpus, a batch at a time.
class CorpusReader {
 public:
  explicit CorpusReader(const std::string& path);
  bool ok() const { return ok_; }
  // Up to `n` next messages; empty at the end.
  std::vector<std::string> Next(size_t n);

 private:
  std::FILE* file_ = nullptr;
  bool ok_ = false;
};

}  // namespace shopdesk::bench

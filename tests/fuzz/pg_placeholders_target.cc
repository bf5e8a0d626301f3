// TranslatePlaceholders: SQLite-style "?N" / "?" placeholders to PostgreSQL's "$k".
// Its input is our own SQL, but it is a parser all the same and must stay bounded.

#include <algorithm>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "store/postgres/pg_connection.h"
#include "targets.h"

namespace shopdesk::fuzz {
namespace {

using store::postgres::kMaxPlaceholder;

struct Scan {
  std::string rest;          // the text without its placeholders
  std::vector<int> numbers;  // the placeholder numbers in order (a bare '?' numbered)
};

// Reads placeholders the way TranslatePlaceholders documents them: outside '...'
// strings, "?" followed by digits is ?N; a bare "?" is one more than the highest N
// so far (as SQLite numbers it).
Scan ScanSqlite(std::string_view sql) {
  Scan scan;
  bool in_string = false;
  int highest = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '\'') in_string = !in_string;
    if (sql[i] != '?' || in_string) {
      scan.rest.push_back(sql[i]);
      continue;
    }
    size_t j = i + 1;
    long long n = 0;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') {
      n = std::min<long long>(n * 10 + (sql[j] - '0'), kMaxPlaceholder + 1LL);
      ++j;
    }
    if (j == i + 1) n = highest + 1;
    if (n > kMaxPlaceholder) {  // not a placeholder: kept as text
      scan.rest.append(sql.substr(i, j - i));
      i = j - 1;
      continue;
    }
    highest = std::max(highest, static_cast<int>(n));
    scan.numbers.push_back(static_cast<int>(n));
    i = j - 1;
  }
  return scan;
}

// The "$k" references of translated text that had no '$' of its own.
Scan ScanPostgres(std::string_view sql) {
  Scan scan;
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != '$') {
      scan.rest.push_back(sql[i]);
      continue;
    }
    size_t j = i + 1;
    long long k = 0;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9' && k <= kMaxPlaceholder) {
      k = k * 10 + (sql[j++] - '0');
    }
    scan.numbers.push_back(static_cast<int>(k));
    i = j - 1;
  }
  return scan;
}

}  // namespace

void FuzzPgPlaceholders(std::string_view data) {
  using store::postgres::TranslatePlaceholders;
  const auto translated = TranslatePlaceholders(data);
  // Memory stays proportional to what a statement can use.
  FUZZ_CHECK(translated.positions.size() <= kMaxPlaceholder + 1);
  const auto again = TranslatePlaceholders(data);
  FUZZ_CHECK(again.text == translated.text && again.positions == translated.positions);
  if (data.find('$') != std::string_view::npos) return;  // "$k" would be ambiguous below

  const Scan in = ScanSqlite(data);
  const Scan out = ScanPostgres(translated.text);
  FUZZ_CHECK(out.rest == in.rest);  // only placeholders change
  FUZZ_CHECK(out.numbers.size() == in.numbers.size());
  if (out.numbers.size() != in.numbers.size()) return;
  int next_slot = 1;
  for (size_t i = 0; i < in.numbers.size(); ++i) {
    const int n = in.numbers[i];
    const int k = out.numbers[i];
    FUZZ_CHECK(n < static_cast<int>(translated.positions.size()));
    if (n >= static_cast<int>(translated.positions.size())) return;
    FUZZ_CHECK(translated.positions[n] == k);  // ?n became $k
    // Slots are numbered compactly in order of first use.
    FUZZ_CHECK(k >= 1 && k <= next_slot);
    if (k == next_slot) ++next_slot;
  }
  // Every number that was used has its slot; every other number has none.
  int used = 0;
  for (int slot : translated.positions) used += slot != 0;
  FUZZ_CHECK(used == next_slot - 1);
}

}  // namespace shopdesk::fuzz

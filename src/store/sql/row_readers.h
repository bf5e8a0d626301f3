#pragma once

// What several SQL repositories share: the agents row, rows expected to exist, and the
// stored form of small lists and numbers.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/agent.h"
#include "core/result.h"
#include "store/sql/sql_connection.h"

namespace shopdesk::store::sql {

// An agents row read by "SELECT <kAgentColumns> FROM agents a ...", for the
// repositories that list agents.
extern const char* const kAgentColumns;
Agent ReadAgent(const Statement& s);

// Runs `s` expecting one row; NotFound(what, key) when none.
template <typename Key>
Status ExpectRow(Statement& s, std::string_view what, const Key& key) {
  auto row = s.Step();
  if (!row) return row.error();
  if (!*row) return Error::NotFound(what, key);
  return Ok();
}

// The non-empty parts of `text` between `separator`s: the stored form of small lists
// (tags "a,b", durations "14400000,3600000", closed days "2026-12-29 2026-12-30").
std::vector<std::string> SplitNonEmpty(const std::string& text, char separator);
// "?,?,...,?" for an IN list of `n` values, padded to the next power of two so that a
// few prepared statements serve every length (bind the last value into the padding).
// Returns the placeholder text; `*slots` is the padded count.
std::string PaddedInList(size_t n, size_t* slots);

// The parts joined by `separator`, the inverse of SplitNonEmpty for non-empty parts.
std::string JoinParts(const std::vector<std::string>& parts, char separator);

// The decimal number `text` starts with; 0 when it starts with none.
std::int64_t ToInt(std::string_view text);

}  // namespace shopdesk::store::sql

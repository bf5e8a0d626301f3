// Amazon order ids found in a subject or body (threading rule 2).

#include <string>

#include "core/order_id.h"
#include "fuzz_check.h"
#include "targets.h"

namespace shopdesk::fuzz {
namespace {

// "ddd-ddddddd-ddddddd" in ASCII.
bool IsOrderId(std::string_view id) {
  if (id.size() != 19 || id[3] != '-' || id[11] != '-') return false;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i != 3 && i != 11 && (id[i] < '0' || id[i] > '9')) return false;
  }
  return true;
}

}  // namespace

void FuzzOrderId(std::string_view data) {
  const std::vector<std::string> ids = FindAmazonOrderIds(data);
  std::string joined;
  for (size_t i = 0; i < ids.size(); ++i) {
    FUZZ_CHECK(IsOrderId(ids[i]));
    for (size_t k = 0; k < i; ++k) FUZZ_CHECK(ids[k] != ids[i]);  // no duplicates
    joined += ids[i] + " ";
  }
  // The ids, written out plainly, are found again in the same order.
  FUZZ_CHECK(FindAmazonOrderIds(joined) == ids);
  const std::string first = ids.empty() ? "" : ids.front();
  FUZZ_CHECK(FindAmazonOrderId(data, "") == first);
  FUZZ_CHECK(FindAmazonOrderId("", data) == first);
  if (!ids.empty()) FUZZ_CHECK(FindAmazonOrderId("re: " + ids.back(), data) == ids.back());
}

}  // namespace shopdesk::fuzz

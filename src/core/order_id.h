#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shopdesk {

// Amazon order ids: three groups of 3, 7 and 7 digits joined by hyphens
// (e.g. 250-1234567-1234567), not part of a longer run of digits. Full-width digits
// and hyphens (２５０－…) are recognized too and returned in ASCII.
// Returns the ids in order of appearance, without duplicates.
std::vector<std::string> FindAmazonOrderIds(std::string_view text);

// The first Amazon order id in `subject`, else in `body`; "" when neither has one.
std::string FindAmazonOrderId(std::string_view subject, std::string_view body);

}  // namespace shopdesk

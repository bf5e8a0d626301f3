#pragma once

#include <optional>

#include "core/business_calendar.h"
#include "core/ids.h"
#include "core/result.h"

namespace shopdesk::store {

// Business hours (issue 5).
class BusinessCalendarRepo {
 public:
  virtual ~BusinessCalendarRepo() = default;
  // The saved opening hours (time_zone left empty: it is the shop's); nullopt when none.
  virtual Result<std::optional<BusinessCalendar>> FindCalendar(ShopId shop) = 0;
  virtual Status SaveCalendar(ShopId shop, const BusinessCalendar& calendar, Timestamp now) = 0;
};

}  // namespace shopdesk::store

#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/shop.h"

namespace shopdesk::store {

class ShopRepo {
 public:
  virtual ~ShopRepo() = default;
  // Inserts; fills id and created_at. Conflict when the slug is taken.
  virtual Result<Shop> Create(const Shop& shop) = 0;
  virtual Result<Shop> Find(ShopId id) = 0;
  virtual Result<Shop> FindBySlug(const std::string& slug) = 0;
  virtual Result<std::vector<Shop>> List() = 0;
  // Name and time zone. NotFound for an unknown id.
  virtual Status Update(const Shop& shop) = 0;
};

}  // namespace shopdesk::store

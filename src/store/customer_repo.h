#pragma once

#include <string>
#include <vector>

#include "core/customer.h"
#include "core/result.h"

namespace shopdesk::store {

class CustomerRepo {
 public:
  virtual ~CustomerRepo() = default;
  // The customer with this (lower-cased) e-mail in the shop, created if new. A
  // non-empty `name` replaces an empty stored name.
  virtual Result<Customer> FindOrCreateByEmail(ShopId shop, const std::string& email,
                                               const std::string& name, Timestamp now) = 0;
  // The customer known by `identity` in the shop. Not known yet: the customer with
  // `email` (FindOrCreateByEmail), and from now on also known by `identity`. For an
  // "email" identity the same as FindOrCreateByEmail(identity.value).
  virtual Result<Customer> FindOrCreateByIdentity(ShopId shop, const CustomerIdentity& identity,
                                                  const std::string& email, const std::string& name,
                                                  Timestamp now) = 0;
  // Every identity of the customer, its e-mail address first; NotFound for none.
  virtual Result<std::vector<CustomerIdentity>> Identities(ShopId shop, CustomerId id) = 0;
  virtual Result<Customer> Find(ShopId shop, CustomerId id) = 0;
  // Customers ordered by id, after `after_id`, whose name or e-mail contains `query`
  // (empty: all), at most `limit`.
  virtual Result<std::vector<Customer>> List(ShopId shop, const std::string& query,
                                             CustomerId after_id, int limit) = 0;
  virtual Status Update(const Customer& customer) = 0;
};

}  // namespace shopdesk::store

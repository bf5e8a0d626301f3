#include "services/customer_names.h"

#include <algorithm>

namespace shopdesk::services {

Result<Customer> ChangeCustomerNames(store::Database& db, ShopId shop, CustomerId id,
                                     const CustomerNameChange& change) {
  for (const auto* field : {&change.name, &change.family_name, &change.given_name}) {
    if (!*field) continue;
    const std::string& text = **field;
    const bool control = std::any_of(text.begin(), text.end(),
                                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    if (text.size() > 200 || control) {
      return Error::InvalidArgument(
          "a customer's name holds at most 200 bytes and no control "
          "characters");
    }
  }
  auto tx = db.BeginWrite();
  if (!tx) return tx.error();
  auto customer = db.customers().Find(shop, id);
  if (!customer) return customer.error();
  if (customer->erased_at != 0) {
    return Error::Conflict("customer " + std::to_string(id) +
                           " was erased on request; their name cannot be set again");
  }
  if (change.name) customer->name = *change.name;
  if (change.family_name) customer->family_name = *change.family_name;
  if (change.given_name) customer->given_name = *change.given_name;
  SHOPDESK_TRY(db.customers().Update(*customer));
  SHOPDESK_TRY((*tx)->Commit());
  return customer;
}

std::string Salutation(const Customer& c, bool english) {
  const bool full = !c.family_name.empty() && !c.given_name.empty();
  if (english) {
    if (full) return c.given_name + " " + c.family_name;
    if (!c.family_name.empty()) return c.family_name;
    return c.name.empty() ? "customer" : c.name;
  }
  if (full) return c.family_name + " " + c.given_name + "様";
  if (!c.family_name.empty()) return c.family_name + "様";
  return c.name.empty() ? "お客様" : c.name + "様";
}

}  // namespace shopdesk::services

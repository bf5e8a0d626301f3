// Erasure of one customer's data (APPI / GDPR requests), for every SQL backend.
#include <set>

#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

// Every statement below is limited to the customer's conversations by this condition
// on a table aliased with its own shop_id (?1 the shop, ?2 the customer).
constexpr const char* kOfCustomer =
    "conversation_id IN (SELECT id FROM conversations WHERE shop_id = ?1 AND customer_id = ?2)";

class SqlPrivacyRepo final : public PrivacyRepo {
 public:
  explicit SqlPrivacyRepo(Connection& c) : c_(c) {}

  Result<ErasureCounts> EraseCustomer(ShopId shop, CustomerId customer, Timestamp now) override {
    ErasureCounts counts;
    {
      SHOPDESK_PREPARE(s, c_, "SELECT id FROM customers WHERE shop_id = ?1 AND id = ?2");
      s.Bind(1, shop).Bind(2, customer);
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return Error::NotFound("customer", customer);
    }
    // The bytes to delete, collected before the rows stop naming them.
    std::set<std::string> raw_sources, attachment_blobs;
    {
      SHOPDESK_PREPARE(s, c_,
                       std::string("SELECT raw_sha256 FROM messages WHERE shop_id = ?1 AND ") +
                           kOfCustomer + " AND raw_sha256 <> ''");
      s.Bind(1, shop).Bind(2, customer);
      SHOPDESK_TRY(Collect(s, raw_sources));
    }
    {
      SHOPDESK_PREPARE(s, c_,
                       std::string("SELECT sha256 FROM attachments WHERE shop_id = ?1 AND "
                                   "message_id IN (SELECT id FROM messages WHERE shop_id = ?1 "
                                   "AND ") +
                           kOfCustomer + ") AND sha256 <> ''");
      s.Bind(1, shop).Bind(2, customer);
      SHOPDESK_TRY(Collect(s, attachment_blobs));
    }
    // Replies not sent yet would go to an address that is being forgotten.
    auto cancelled = Changed(
        std::string("DELETE FROM outbox_jobs WHERE shop_id = ?1 AND message_id IN (SELECT id "
                    "FROM messages WHERE shop_id = ?1 AND ") +
            kOfCustomer + ")",
        shop, customer);
    if (!cancelled) return cancelled.error();
    counts.outbox_jobs_cancelled = *cancelled;
    SHOPDESK_TRY(Changed(std::string("UPDATE messages SET delivery = 'failed', last_error = "
                                     "'cancelled: the customer''s data was erased', "
                                     "last_error_reason = 'delivery.erased' WHERE "
                                     "shop_id = ?1 AND delivery = 'queued' AND ") +
                             kOfCustomer,
                         shop, customer));
    // External ids stay: a copy of an erased mail fetched again (IMAP) is then known
    // as a duplicate and not stored anew.
    auto messages = Changed(
        std::string("UPDATE messages SET from_name = '', from_address = '', "
                    "to_address = '', subject = '', text = '', html = '', "
                    "in_reply_to = '', refs = '', raw_sha256 = '', decode_note = '', cc = '', "
                    "bcc = '' "
                    "WHERE shop_id = ?1 AND ") +
            kOfCustomer,
        shop, customer);
    if (!messages) return messages.error();
    counts.messages = *messages;
    auto attachments = Changed(
        std::string("UPDATE attachments SET filename = '', content_id = '', sha256 = '' WHERE "
                    "shop_id = ?1 AND message_id IN (SELECT id FROM messages WHERE shop_id = "
                    "?1 AND ") +
            kOfCustomer + ")",
        shop, customer);
    if (!attachments) return attachments.error();
    counts.attachments = *attachments;
    auto conversations = Changed(
        "UPDATE conversations SET subject = '', normalized_subject = '', order_id = '' "
        "WHERE shop_id = ?1 AND customer_id = ?2",
        shop, customer);
    if (!conversations) return conversations.error();
    counts.conversations = *conversations;
    SHOPDESK_TRY(
        Changed(std::string("DELETE FROM live_events WHERE shop_id = ?1 AND ") + kOfCustomer, shop,
                customer));
    // What other channels knew the customer by (a site's customer id) is theirs too.
    SHOPDESK_TRY(Changed("DELETE FROM customer_identities WHERE shop_id = ?1 AND customer_id = ?2",
                         shop, customer));
    {
      SHOPDESK_PREPARE(
          s, c_,
          "UPDATE customers SET name = '', family_name = '', given_name = '', email = ?3, "
          "erased_at = ?4 "
          "WHERE shop_id = ?1 AND id = ?2");
      // A unique placeholder address: `email` is unique per shop, and the customer's
      // next mail (if any) starts a new customer.
      SHOPDESK_TRY(s.Bind(1, shop)
                       .Bind(2, customer)
                       .Bind(3, "erased-" + std::to_string(customer) + "@erased.invalid")
                       .Bind(4, now)
                       .Run());
    }
    // A raw source is the customer's own mail (or a reply to them, with its own
    // Message-ID): any other message with the same bytes has the same sender and was
    // redacted above. Attachment bytes may be shared (the same PDF sent by two
    // customers), so those go only when no attachment names them any more.
    for (const auto& sha : raw_sources) {
      SHOPDESK_PREPARE(s, c_, "DELETE FROM blobs WHERE shop_id = ?1 AND sha256 = ?2");
      SHOPDESK_TRY(s.Bind(1, shop).Bind(2, sha).Run());
      counts.blobs_deleted += c_.Changes();
    }
    for (const auto& sha : attachment_blobs) {
      SHOPDESK_PREPARE(s, c_,
                       "DELETE FROM blobs WHERE shop_id = ?1 AND sha256 = ?2 AND NOT EXISTS "
                       "(SELECT 1 FROM attachments WHERE shop_id = ?1 AND sha256 = ?2)");
      SHOPDESK_TRY(s.Bind(1, shop).Bind(2, sha).Run());
      counts.blobs_deleted += c_.Changes();
    }
    return counts;
  }

 private:
  static Status Collect(Statement& s, std::set<std::string>& into) {
    for (;;) {
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return Ok();
      into.insert(s.Text(0));
    }
  }

  // Runs `sql` with ?1 = shop, ?2 = customer; the rows changed.
  Result<std::int64_t> Changed(const std::string& sql, ShopId shop, CustomerId customer) {
    SHOPDESK_PREPARE(s, c_, sql);
    SHOPDESK_TRY(s.Bind(1, shop).Bind(2, customer).Run());
    return c_.Changes();
  }

  Connection& c_;
};

}  // namespace

std::unique_ptr<PrivacyRepo> MakePrivacyRepo(Connection& c) {
  return std::make_unique<SqlPrivacyRepo>(c);
}

}  // namespace shopdesk::store::sql

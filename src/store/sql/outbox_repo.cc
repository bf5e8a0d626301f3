// Outbox jobs, for every SQL backend.
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

class SqlOutboxRepo final : public OutboxRepo {
 public:
  explicit SqlOutboxRepo(Connection& c) : c_(c) {}
  Result<OutboxJob> Enqueue(ShopId shop, MessageId message, Timestamp run_at) override {
    SHOPDESK_PREPARE(
        s, c_,
        "INSERT INTO outbox_jobs (shop_id, message_id, run_at) VALUES (?, ?, ?) RETURNING id");
    SHOPDESK_TRY(s.Bind(1, shop).Bind(2, message).Bind(3, run_at).Run());
    OutboxJob job;
    job.shop_id = shop;
    job.id = s.ReturnedId();
    job.message_id = message;
    job.run_at = run_at;
    return job;
  }
  Result<std::vector<OutboxJob>> ClaimDue(Timestamp now, Timestamp lease_until,
                                          int limit) override {
    std::vector<OutboxJob> jobs;
    {
      SHOPDESK_PREPARE(
          s, c_,
          "SELECT shop_id, id, message_id, attempts, run_at, locked_until, last_error "
          "FROM outbox_jobs WHERE run_at <= ? AND locked_until <= ? ORDER BY run_at, id "
          "LIMIT ?" +
              std::string(c_.ClaimRowsClause()));
      s.Bind(1, now).Bind(2, now).Bind(3, limit);
      for (;;) {
        auto row = s.Step();
        if (!row) return row.error();
        if (!*row) break;
        jobs.push_back({s.Int(0), s.Int(1), s.Int(2), static_cast<int>(s.Int(3)), s.Int(4),
                        lease_until, s.Text(6)});
      }
    }
    for (const auto& job : jobs) {
      SHOPDESK_PREPARE(s, c_,
                       "UPDATE outbox_jobs SET locked_until = ? WHERE shop_id = ? AND id = ?");
      SHOPDESK_TRY(s.Bind(1, lease_until).Bind(2, job.shop_id).Bind(3, job.id).Run());
    }
    return jobs;
  }
  Status StartAttempt(ShopId shop, OutboxJobId id, Timestamp held_until, Timestamp lease_until,
                      const std::string& note) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE outbox_jobs SET attempts = attempts + 1, locked_until = ?, "
                     "last_error = ? WHERE shop_id = ? AND id = ? AND locked_until = ?");
    SHOPDESK_TRY(
        s.Bind(1, lease_until).Bind(2, note).Bind(3, shop).Bind(4, id).Bind(5, held_until).Run());
    if (c_.Changes() == 0) return Error::NotFound("outbox job claim", id);
    return Ok();
  }
  Status Complete(ShopId shop, OutboxJobId id) override { return Delete(shop, id); }
  Status Reschedule(ShopId shop, OutboxJobId id, int attempts, Timestamp run_at,
                    const std::string& last_error) override {
    SHOPDESK_PREPARE(
        s, c_,
        "UPDATE outbox_jobs SET attempts = ?, run_at = ?, locked_until = 0, last_error = ? "
        "WHERE shop_id = ? AND id = ?");
    SHOPDESK_TRY(
        s.Bind(1, attempts).Bind(2, run_at).Bind(3, last_error).Bind(4, shop).Bind(5, id).Run());
    if (c_.Changes() == 0) return Error::NotFound("outbox job", id);
    return Ok();
  }
  Status Abandon(ShopId shop, OutboxJobId id) override { return Delete(shop, id); }
  Result<std::int64_t> CountPending() override {
    SHOPDESK_PREPARE(s, c_, "SELECT COUNT(*) FROM outbox_jobs");
    auto row = s.Step();
    if (!row) return row.error();
    return s.Int(0);
  }

 private:
  Status Delete(ShopId shop, OutboxJobId id) {
    SHOPDESK_PREPARE(s, c_, "DELETE FROM outbox_jobs WHERE shop_id = ? AND id = ?");
    SHOPDESK_TRY(s.Bind(1, shop).Bind(2, id).Run());
    if (c_.Changes() == 0) return Error::NotFound("outbox job", id);
    return Ok();
  }
  Connection& c_;
};

}  // namespace

std::unique_ptr<OutboxRepo> MakeOutboxRepo(Connection& c) {
  return std::make_unique<SqlOutboxRepo>(c);
}

}  // namespace shopdesk::store::sql

// The 24-hour promise at scale: a shop with N conversations (3 messages each, two
// response clocks each; the newest share still open and owed an answer) on SQLite or
// PostgreSQL, then
//   1. recomputing every running business-time deadline after the business hours change
//      (anchor: one UPDATE touching the same clock rows without computing anything);
//   2. the "most urgent 50" inbox query, open conversations by due time (anchor: the
//      50 most recently active, the ordinary inbox page);
//   3. each report over the last 30 days (anchor: COUNT(*) of the shop's conversations).
// Usage: sla_bench --db URL [--conversations N] [--open-share 0.1] [--iterations 2000]
// Prints one JSON object. The database must be empty (a fresh file or database).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "core/business_calendar.h"
#include "core/clock.h"
#include "core/sla_clock.h"
#include "services/admin_service.h"
#include "services/agent_management.h"
#include "services/conversation_service.h"
#include "services/reports.h"
#include "services/response_clock.h"
#include "services/shop_settings.h"
#include "store/database.h"
#include "store/sql/sql_database.h"
#include "views/report_json.h"

using namespace shopdesk;
using Steady = std::chrono::steady_clock;

namespace {

using Value = std::variant<std::int64_t, std::string, std::nullptr_t>;

double MillisSince(Steady::time_point start) {
  return std::chrono::duration<double, std::milli>(Steady::now() - start).count();
}

[[noreturn]] void Die(const Error& e) {
  std::fprintf(stderr, "sla_bench: %.400s\n", e.ToString().c_str());
  std::exit(1);
}
template <typename T>
T Must(Result<T> r) {
  if (!r) Die(r.error());
  return std::move(*r);
}
void Must(Status s) {
  if (!s) Die(s.error());
}

// Multi-row INSERTs: one round trip per batch of rows, not per row.
class BulkInsert {
 public:
  BulkInsert(store::sql::Connection& c, std::string table, std::vector<std::string> columns)
      : c_(c), table_(std::move(table)), columns_(std::move(columns)) {}
  ~BulkInsert() { Flush(); }
  // Rows wait for Flush(), which the caller calls in foreign-key order.
  void Add(std::vector<Value> row) { rows_.push_back(std::move(row)); }
  void Flush() {
    if (rows_.empty()) return;
    std::string sql = "INSERT INTO " + table_ + " (";
    for (std::size_t i = 0; i < columns_.size(); ++i) sql += (i ? ", " : "") + columns_[i];
    sql += ") VALUES ";
    int p = 1;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      sql += r ? ", (" : "(";
      for (std::size_t i = 0; i < columns_.size(); ++i) {
        sql += (i ? ", ?" : "?") + std::to_string(p++);
      }
      sql += ")";
    }
    auto prepared = c_.Prepare(sql);
    if (!prepared) Die(prepared.error());
    store::sql::Statement& s = **prepared;
    p = 1;
    for (const auto& row : rows_) {
      for (const auto& v : row) {
        if (auto* i = std::get_if<std::int64_t>(&v)) {
          s.Bind(p, *i);
        } else if (auto* t = std::get_if<std::string>(&v)) {
          s.Bind(p, *t);
        } else {
          s.BindNull(p);
        }
        ++p;
      }
    }
    Must(s.Run());
    rows_.clear();
  }

 private:
  store::sql::Connection& c_;
  std::string table_;
  std::vector<std::string> columns_;
  std::vector<std::vector<Value>> rows_;
};

Value Opt(std::optional<Timestamp> t) { return t ? Value(*t) : Value(nullptr); }

struct Shape {
  std::int64_t conversations = 1'000'000;
  double open_share = 0.1;
};

// Writes the shop's conversations, customers, messages, clocks and tags. Returns how
// many clocks are running on business time.
std::int64_t Seed(store::Database& db, const Shop& shop, const std::vector<Channel>& channels,
                  const std::vector<Agent>& agents, const BusinessCalendar& calendar,
                  const Shape& shape, Timestamp now) {
  auto& c = store::sql::ConnectionOf(db);
  std::mt19937_64 random(20261128);
  const std::int64_t n = shape.conversations;
  const std::int64_t customers = std::max<std::int64_t>(1, n / 5);
  // Every other conversation of the newest 2 x open_share is still open (a backlog
  // among recent resolved ones, as in a real inbox).
  const std::int64_t open_from = n - 2 * static_cast<std::int64_t>(n * shape.open_share);
  const Timestamp year_ago = now - 365 * kMillisPerDay;
  std::int64_t running_business = 0;
  const std::vector<std::string> tags = {"返品", "配送", "在庫", "請求"};
  constexpr std::int64_t kChunk = 20000;  // conversations per transaction
  for (std::int64_t begin = 0; begin < n; begin += kChunk) {
    auto tx = Must(db.BeginWrite());
    BulkInsert customer_rows(c, "customers", {"id", "shop_id", "name", "email", "created_at"});
    BulkInsert conversation_rows(c, "conversations",
                                 {"id", "shop_id", "channel_id", "customer_id", "subject",
                                  "normalized_subject", "status", "assignee_id", "created_at",
                                  "last_activity_at", "due_at", "message_count", "resolved_at"});
    BulkInsert message_rows(
        c, "messages",
        {"id", "shop_id", "conversation_id", "channel_id", "direction", "author_agent_id",
         "from_address", "subject", "text", "external_id", "delivery", "created_at", "sent_at"});
    BulkInsert clock_rows(
        c, "sla_clocks",
        {"id", "shop_id", "conversation_id", "message_id", "channel_id", "target", "counting",
         "state", "started_at", "budget_ms", "running_since", "due_at", "breached_at", "ended_at",
         "fulfilled_by", "warnings_fired", "alert_at"});
    BulkInsert tag_rows(c, "conversation_tags", {"shop_id", "conversation_id", "tag"});
    for (std::int64_t i = begin; i < std::min(n, begin + kChunk); ++i) {
      const std::int64_t id = i + 1;
      if (i < customers) {
        customer_rows.Add({id, shop.id, "お客様 " + std::to_string(id),
                           "c" + std::to_string(id) + "@example.jp", year_ago});
      }
      const bool open = i >= open_from && (i - open_from) % 2 == 0;
      const Channel& channel = channels[i % channels.size()];
      const bool business = i % channels.size() < 2;
      // Spread over the year, oldest first.
      const Timestamp created =
          year_ago + static_cast<Timestamp>((365 * kMillisPerDay - 3 * kMillisPerDay) *
                                            (static_cast<double>(i) / n));
      const Timestamp answer_after =
          kMillisPerHour + static_cast<Timestamp>(random() % (40 * kMillisPerHour));
      const Timestamp replied = created + answer_after;
      const Timestamp again = replied + 2 * kMillisPerHour;
      const Timestamp resolved = again + kMillisPerHour;
      const AgentId agent = agents[i % agents.size()].id;
      const std::int64_t m0 = 3 * i + 1, m1 = m0 + 1, m2 = m0 + 2;
      const std::string subject = "注文について " + std::to_string(id);
      SlaPolicy policy = DefaultSlaPolicy(shop.id, channel.id);
      policy.counting = business ? SlaCounting::kBusiness : SlaCounting::kCalendar;
      std::vector<SlaEvent> ignored;
      SlaClock first = Must(StartClock(policy, calendar, id, m0, SlaTarget::kFirstResponse, created,
                                       created, ignored));
      std::vector<SlaClock> fulfilled = {first};
      FulfillClocks(fulfilled, replied, agent, ignored);
      SlaClock next = Must(
          StartClock(policy, calendar, id, m2, SlaTarget::kNextResponse, again, again, ignored));
      std::vector<SlaClock> later = {next};
      if (!open) {
        Conversation done;
        done.status = ConversationStatus::kResolved;
        Must(FollowConversation(policy, calendar, later, done, resolved, ignored));
      } else {
        FireAlerts(policy, later, now, ignored);
        running_business += business;
      }
      conversation_rows.Add({id, shop.id, channel.id, (i % customers) + 1, subject, subject,
                             open ? "open" : "resolved", agent, created, open ? again : resolved,
                             open ? Value(later[0].due_at) : Value(nullptr), std::int64_t{3},
                             open ? Value(nullptr) : Value(resolved)});
      const std::string customer_address =
          "c" + std::to_string((i % customers) + 1) + "@example.jp";
      message_rows.Add({m0, shop.id, id, channel.id, "inbound", nullptr, customer_address, subject,
                        "注文した商品がまだ届きません。",
                        "in." + std::to_string(m0) + "@example.jp", "none", created, created});
      message_rows.Add({m1, shop.id, id, channel.id, "outbound", agent, channel.address,
                        "Re: " + subject, "お問い合わせありがとうございます。",
                        "sd." + std::to_string(m1) + "@sakura.example", "sent", replied, replied});
      message_rows.Add({m2, shop.id, id, channel.id, "inbound", nullptr, customer_address,
                        "Re: " + subject, "ありがとうございます。",
                        "in." + std::to_string(m2) + "@example.jp", "none", again, again});
      for (const SlaClock* k : {&fulfilled[0], &later[0]}) {
        clock_rows.Add({k == &fulfilled[0] ? 2 * i + 1 : 2 * i + 2, shop.id, id, k->message_id,
                        channel.id, std::string(SlaTargetName(k->target)),
                        std::string(SlaCountingName(k->counting)),
                        std::string(SlaClockStateName(k->state)), k->started_at, k->budget,
                        k->running_since, k->due_at, Opt(k->breached_at), Opt(k->ended_at),
                        k->fulfilled_by ? Value(*k->fulfilled_by) : Value(nullptr),
                        std::int64_t{k->warnings_fired}, Opt(k->alert_at)});
      }
      if (i % 3 == 0) tag_rows.Add({shop.id, id, tags[i % tags.size()]});
      if (i % 150 == 149) {  // at most 500 rows per statement, parents first
        for (BulkInsert* rows :
             {&customer_rows, &conversation_rows, &message_rows, &clock_rows, &tag_rows}) {
          rows->Flush();
        }
      }
    }
    customer_rows.Flush();
    conversation_rows.Flush();
    message_rows.Flush();
    clock_rows.Flush();
    tag_rows.Flush();
    Must(tx->Commit());
    std::fprintf(stderr, "\rseeded %lld of %lld conversations",
                 static_cast<long long>(std::min(n, begin + kChunk)), static_cast<long long>(n));
  }
  std::fprintf(stderr, "\n");
  return running_business;
}

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0;
};
Percentiles Measure(int iterations, const std::function<void()>& run) {
  std::vector<double> millis;
  for (int i = 0; i < iterations; ++i) {
    const auto start = Steady::now();
    run();
    millis.push_back(MillisSince(start));
  }
  std::sort(millis.begin(), millis.end());
  auto at = [&](double q) { return millis[static_cast<std::size_t>(q * (millis.size() - 1))]; };
  return {at(0.5), at(0.99), millis.back()};
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  Shape shape;
  int iterations = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--db") url = value;
    if (flag == "--conversations") shape.conversations = std::stoll(value);
    if (flag == "--open-share") shape.open_share = std::stod(value);
    if (flag == "--iterations") iterations = std::stoi(value);
  }
  auto db = Must(store::OpenDatabase(url));
  const Timestamp now = SystemClock::Instance().Now();
  services::AdminService admin(*db, SystemClock::Instance());
  const Shop shop = Must(admin.CreateShop("slabench", "さくら雑貨店"));
  std::vector<Channel> channels;
  for (auto [name, kind] : {std::pair{"mail", "email"}, std::pair{"ebay", "ebay"},
                            std::pair{"amazon", "amazon"}, std::pair{"etsy", "etsy"}}) {
    Channel ch;
    ch.shop_id = shop.id;
    ch.kind = kind;
    ch.name = name;
    ch.address = std::string(name) + "@sakura.example";
    channels.push_back(Must(
        services::ShopSettings::CommandLine(*db, SystemClock::Instance(), shop.id).AddChannel(ch)));
  }
  std::vector<Agent> agents;
  for (int a = 0; a < 5; ++a) {
    agents.push_back(
        Must(services::AgentManagement::CommandLine(*db, SystemClock::Instance(), shop.id)
                 .Add("agent" + std::to_string(a) + "@sakura.example", "担当 " + std::to_string(a),
                      Role::kAgent))
            .agent);
  }
  for (int k = 0; k < 2; ++k) {  // mail and Shopify count business time
    SlaPolicy policy = DefaultSlaPolicy(shop.id, channels[k].id);
    policy.counting = SlaCounting::kBusiness;
    Must(db->sla_policies().SavePolicy(policy, now));
  }
  const BusinessCalendar calendar = services::DefaultBusinessCalendar(shop.time_zone);

  const auto seed_start = Steady::now();
  const std::int64_t running_business = Seed(*db, shop, channels, agents, calendar, shape, now);
  const double seed_ms = MillisSince(seed_start);
  auto& c = store::sql::ConnectionOf(*db);
  // Statistics (and on PostgreSQL the visibility map, as autovacuum keeps it on a
  // long-lived database) before measuring.
  Must(c.Exec(db->backend() == "sqlite" ? "ANALYZE" : "VACUUM ANALYZE"));

  // 1. The business hours change: 10:00-19:00 on weekdays and Saturday mornings.
  BusinessCalendar changed = calendar;
  for (int day = 1; day <= 5; ++day) changed.weekly[day] = {{10 * 60, 19 * 60}};
  changed.weekly[6] = {{10 * 60, 13 * 60}};
  auto start = Steady::now();
  std::int64_t recomputed = 0;
  {
    auto tx = Must(db->BeginWrite());
    Must(db->calendars().SaveCalendar(shop.id, changed, now));
    recomputed = Must(services::RecomputeBusinessDeadlines(*db, shop.id));
    Must(tx->Commit());
  }
  const double recompute_ms = MillisSince(start);
  start = Steady::now();
  {
    auto tx = Must(db->BeginWrite());
    auto touch = Must(c.Prepare(
        "UPDATE sla_clocks SET alert_at = alert_at WHERE shop_id = ?1 AND state = 'running' AND "
        "counting = 'business'"));
    Must((*touch).Bind(1, shop.id).Run());
    Must(tx->Commit());
  }
  const double touch_ms = MillisSince(start);

  // 2. The most urgent 50 open conversations, and the ordinary newest-50 page.
  services::ConversationService conversations(*db, SystemClock::Instance());
  store::ConversationFilter urgent;
  urgent.status = ConversationStatus::kOpen;
  urgent.sort = store::ConversationFilter::Sort::kDueAt;
  urgent.limit = 50;
  std::size_t urgent_rows = 0;
  const Percentiles urgent_ms = Measure(
      iterations, [&] { urgent_rows = Must(conversations.List(shop.id, urgent)).items.size(); });
  store::ConversationFilter newest;
  newest.status = ConversationStatus::kOpen;
  newest.limit = 50;
  const Percentiles newest_ms =
      Measure(iterations, [&] { Must(conversations.List(shop.id, newest)); });

  // 3. Each report over the last 30 days, against counting the shop's conversations.
  const Percentiles count_ms = Measure(5, [&] {
    auto s = Must(c.Prepare("SELECT COUNT(*) FROM conversations WHERE shop_id = ?1"));
    (*s).Bind(1, shop.id);
    Must((*s).Step());
  });
  std::string reports = "{";
  double worst_report = 0;
  for (auto kind : {ReportKind::kVolume, ReportKind::kFirstResponse, ReportKind::kResolution,
                    ReportKind::kBacklog, ReportKind::kLateResponses, ReportKind::kHealth}) {
    std::size_t bytes = 0;
    const Percentiles p = Measure(5, [&] {
      bytes = views::ReportJson(
                  Must(services::BuildReport(*db, shop.id, {kind, std::nullopt, std::nullopt},
                                             SystemClock::Instance().Now())))
                  .dump()
                  .size();
    });
    worst_report = std::max(worst_report, p.max);
    char line[256];
    std::snprintf(line, sizeof line, "%s\"%s\":{\"median_ms\":%.1f,\"max_ms\":%.1f,\"bytes\":%zu}",
                  reports.size() > 1 ? "," : "", std::string(ReportKindName(kind)).c_str(), p.p50,
                  p.max, bytes);
    reports += line;
  }
  reports += "}";

  std::printf(
      "{\"backend\":\"%s\",\"conversations\":%lld,\"messages\":%lld,\"clocks\":%lld,"
      "\"seed_seconds\":%.1f,\"running_business_clocks\":%lld,\"recomputed\":%lld,"
      "\"recompute_ms\":%.0f,\"recompute_anchor_touch_ms\":%.0f,"
      "\"urgent50\":{\"rows\":%zu,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f},"
      "\"newest50_anchor\":{\"p50_ms\":%.3f,\"p99_ms\":%.3f},"
      "\"count_anchor_ms\":%.1f,\"reports\":%s,\"worst_report_ms\":%.1f}\n",
      std::string(db->backend()).c_str(), static_cast<long long>(shape.conversations),
      static_cast<long long>(3 * shape.conversations),
      static_cast<long long>(2 * shape.conversations), seed_ms / 1000,
      static_cast<long long>(running_business), static_cast<long long>(recomputed), recompute_ms,
      touch_ms, urgent_rows, urgent_ms.p50, urgent_ms.p99, urgent_ms.max, newest_ms.p50,
      newest_ms.p99, count_ms.p50, reports.c_str(), worst_report);
  return 0;
}

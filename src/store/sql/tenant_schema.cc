// The tenant copy's plan from the databases' catalogues (store/sql/tenant_schema.h).
#include "store/sql/tenant_schema.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "core/text_normalize.h"
#include "store/sql/sql_database.h"

namespace shopdesk::store::sql {
namespace {

// The hand-kept rules. A tenant table with an id of its own, in copy order (every
// table a reference names comes earlier), and its id references: column -> table.
struct IdTableRule {
  const char* table;
  std::vector<std::pair<const char*, const char*>> references;
  bool mirror_deletes = false;
};

const std::vector<IdTableRule>& IdTableRules() {
  static const std::vector<IdTableRule> rules = {
      {"channels", {}},
      {"agents", {}},
      {"api_tokens", {{"agent_id", "agents"}}},
      {"customers", {}},
      // Erasure deletes a customer's identities.
      {"customer_identities", {{"customer_id", "customers"}}, /*mirror_deletes=*/true},
      {"teams", {}},
      {"team_members", {{"team_id", "teams"}, {"agent_id", "agents"}}, /*mirror_deletes=*/true},
      {"conversations",
       {{"channel_id", "channels"},
        {"customer_id", "customers"},
        {"assignee_id", "agents"},
        {"team_id", "teams"}}},
      {"conversation_activity", {{"conversation_id", "conversations"}, {"agent_id", "agents"}}},
      {"inbox_views", {{"owner_id", "agents"}}, /*mirror_deletes=*/true},
      {"conversation_reads",
       {{"agent_id", "agents"}, {"conversation_id", "conversations"}},
       /*mirror_deletes=*/true},
      {"messages",
       {{"conversation_id", "conversations"},
        {"channel_id", "channels"},
        {"author_agent_id", "agents"}}},
      {"attachments", {{"message_id", "messages"}}},
      {"outbox_jobs", {{"message_id", "messages"}}, /*mirror_deletes=*/true},
      {"saved_replies", {{"created_by", "agents"}}},
      {"sla_policies", {{"channel_id", "channels"}}},
      {"business_calendars", {}},
      {"sla_clocks",
       {{"conversation_id", "conversations"},
        {"message_id", "messages"},
        {"channel_id", "channels"},
        {"fulfilled_by", "agents"},
        {"answer_message_id", "messages"}}},
      {"sla_events", {{"conversation_id", "conversations"}, {"message_id", "messages"}}},
      {"away_settings", {}},
      {"auto_replies", {{"customer_id", "customers"}, {"message_id", "messages"}}},
      {"audit_log", {{"actor_agent_id", "agents"}}},
  };
  return rules;
}

// Tables copied by their own code in tenant_copy.cc, which names every column: a
// column added to one of them needs that code changed, so any change stops the copy.
const std::map<std::string, std::set<std::string>>& OwnCodeTables() {
  static const std::map<std::string, std::set<std::string>> tables = {
      {"conversation_tags", {"shop_id", "conversation_id", "tag"}},
      {"accounts",
       {"id", "email", "name", "password_hash", "failed_logins", "locked_until",
        "password_changed_at", "created_at"}},
      {"blobs", {"shop_id", "sha256", "size", "data"}},
  };
  return tables;
}

// Not tenant data to copy. (Sessions end with the move: people log in again on the
// new installation; live events are a short-lived log.)
const std::set<std::string> kNotCopied = {"schema_migrations", "live_events",     "shop_copies",
                                          "copy_id_map",       "sqlite_sequence", "sessions",
                                          "login_throttle",    "invitations"};

struct CatalogColumn {
  std::string name;
  std::string type;        // as declared, lower-cased
  std::string references;  // a foreign key's table, or empty
};

using Catalog = std::map<std::string, std::vector<CatalogColumn>>;

Result<Catalog> ReadCatalog(Database& db) {
  Connection& c = ConnectionOf(db);
  const bool sqlite = db.backend() == "sqlite";
  SHOPDESK_PREPARE(tables, c,
                   sqlite ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                          : "SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = current_schema()");
  auto names = CollectRows(tables, [](Statement& s) { return s.Text(0); });
  if (!names) return names.error();
  SHOPDESK_PREPARE(columns, c,
                   sqlite ? "SELECT name, type FROM pragma_table_info(?1) ORDER BY cid"
                          : "SELECT column_name, data_type FROM information_schema.columns "
                            "WHERE table_schema = current_schema() AND table_name = ?1 "
                            "ORDER BY ordinal_position");
  SHOPDESK_PREPARE(keys, c,
                   sqlite ? "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)"
                          : "SELECT a.attname, f.relname FROM pg_constraint k "
                            "JOIN pg_class t ON t.oid = k.conrelid "
                            "JOIN pg_namespace n ON n.oid = t.relnamespace "
                            "JOIN pg_class f ON f.oid = k.confrelid "
                            "JOIN pg_attribute a ON a.attrelid = k.conrelid "
                            "AND a.attnum = ANY (k.conkey) "
                            "WHERE k.contype = 'f' AND n.nspname = current_schema() "
                            "AND t.relname = ?1");
  Catalog catalog;
  for (const auto& table : *names) {
    columns.Reset();
    columns.Bind(1, table);
    auto read = CollectRows(columns, [](Statement& s) {
      return CatalogColumn{s.Text(0), AsciiLower(s.Text(1)), ""};
    });
    if (!read) return read.error();
    keys.Reset();
    keys.Bind(1, table);
    auto foreign = CollectRows(keys, [](Statement& s) {
      return std::pair<std::string, std::string>{s.Text(0), s.Text(1)};
    });
    if (!foreign) return foreign.error();
    for (auto& column : *read) {
      for (const auto& [from, to] : *foreign) {
        if (from == column.name) column.references = to;
      }
    }
    catalog[table] = std::move(*read);
  }
  return catalog;
}

std::optional<ColumnKind> KindOf(const std::string& type) {
  if (type.find("int") != std::string::npos) return ColumnKind::kInt;
  if (type.find("text") != std::string::npos || type.find("char") != std::string::npos) {
    return ColumnKind::kText;
  }
  if (type.find("blob") != std::string::npos || type.find("bytea") != std::string::npos) {
    return ColumnKind::kBlob;
  }
  return std::nullopt;
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A foreign key, or an integer that by its name holds a row's id.
bool LooksLikeReference(const CatalogColumn& c, ColumnKind kind) {
  return !c.references.empty() ||
         (kind == ColumnKind::kInt && (EndsWith(c.name, "_id") || EndsWith(c.name, "_by")));
}

std::string Describe(const std::vector<CatalogColumn>& columns) {
  std::vector<std::string> parts;
  for (const auto& c : columns) parts.push_back(c.name + " " + c.type);
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

class Planner {
 public:
  Planner(const Catalog& source, const Catalog& target) : source_(source), target_(target) {}

  Result<CopyPlan> Run() {
    SHOPDESK_TRY(CheckTables(source_, "source"));
    SHOPDESK_TRY(CheckTables(target_, "target"));
    for (const auto& [table, columns] : source_) {
      if (kNotCopied.contains(table)) continue;
      SHOPDESK_TRY(CheckSameColumns(table, columns));
    }
    for (const auto& [table, known] : OwnCodeTables()) {
      std::set<std::string> names;
      for (const auto& c : source_.at(table)) names.insert(c.name);
      if (names != known) {
        return Error::Conflict("the databases' table '" + table + "' has columns (" +
                               Describe(source_.at(table)) +
                               ") that this shopdesk does not copy; use the shopdesk version "
                               "that wrote it");
      }
    }
    CopyPlan plan;
    for (const auto& c : source_.at("shops")) {
      if (c.name == "id") continue;
      auto column = PlainColumn("shops", c);
      if (!column) return column.error();
      plan.shop_columns.push_back(*column);
    }
    for (const auto& rule : IdTableRules()) {
      auto table = PlanIdTable(rule, plan);
      if (!table) return table.error();
      plan.id_tables.push_back(std::move(*table));
    }
    return plan;
  }

 private:
  // Every table is one the rules name, and every table they name is there.
  static Status CheckTables(const Catalog& catalog, const char* side) {
    for (const auto& [table, columns] : catalog) {
      if (!Known(table)) {
        return Error::Conflict(std::string("the ") + side + " database has a table '" + table +
                               "' this shopdesk cannot copy; use the shopdesk version that "
                               "wrote it");
      }
    }
    std::vector<std::string> expected = {"shops"};
    for (const auto& rule : IdTableRules()) expected.push_back(rule.table);
    for (const auto& [table, known] : OwnCodeTables()) expected.push_back(table);
    for (const auto& table : expected) {
      if (!catalog.contains(table)) {
        return Error::Conflict(std::string("the ") + side + " database has no table '" + table +
                               "'; migrate it to this shopdesk's version first");
      }
    }
    return Ok();
  }

  static bool Known(const std::string& table) {
    if (table == "shops" || kNotCopied.contains(table) || OwnCodeTables().contains(table)) {
      return true;
    }
    const auto& rules = IdTableRules();
    return std::any_of(rules.begin(), rules.end(),
                       [&](const IdTableRule& r) { return table == r.table; });
  }

  Status CheckSameColumns(const std::string& table, const std::vector<CatalogColumn>& columns) {
    auto kinds = [](const std::vector<CatalogColumn>& list) {
      std::map<std::string, std::optional<ColumnKind>> out;
      for (const auto& c : list) out[c.name] = KindOf(c.type);
      return out;
    };
    const auto& other = target_.at(table);
    if (kinds(columns) != kinds(other)) {
      return Error::Conflict("the source database's table '" + table + "' has columns (" +
                             Describe(columns) + ") where the target's has (" + Describe(other) +
                             "); migrate both to the same version first");
    }
    return Ok();
  }

  // A column copied as it is: refused when it has a type the copier cannot carry or
  // looks like a reference no rule names.
  static Result<CopyColumn> PlainColumn(const std::string& table, const CatalogColumn& c) {
    auto kind = KindOf(c.type);
    if (!kind) {
      return Error::Conflict("the column '" + table + "." + c.name + "' has the type " + c.type +
                             ", which this shopdesk cannot copy");
    }
    if (LooksLikeReference(c, *kind)) {
      return Error::Conflict(
          "the column '" + table + "." + c.name + "' looks like the id of another row (" +
          (c.references.empty() ? std::string("by its name") : "it references " + c.references) +
          "), and this shopdesk does not know which shop's rows it points at; use the shopdesk "
          "version that wrote it");
    }
    return CopyColumn{c.name, *kind, ""};
  }

  Result<CopyTable> PlanIdTable(const IdTableRule& rule, const CopyPlan& so_far) {
    CopyTable table;
    table.name = rule.table;
    table.mirror_deletes = rule.mirror_deletes;
    const auto& columns = source_.at(rule.table);
    std::set<std::string> seen;
    for (const auto& c : columns) {
      seen.insert(c.name);
      if (c.name == "id" || c.name == "shop_id") continue;
      auto ref = std::find_if(rule.references.begin(), rule.references.end(),
                              [&](const auto& r) { return c.name == r.first; });
      if (ref == rule.references.end()) {
        auto column = PlainColumn(table.name, c);
        if (!column) return column.error();
        table.columns.push_back(*column);
        continue;
      }
      const std::string to = ref->second;
      const bool earlier = std::any_of(so_far.id_tables.begin(), so_far.id_tables.end(),
                                       [&](const CopyTable& t) { return t.name == to; });
      if (KindOf(c.type) != ColumnKind::kInt || !earlier ||
          (!c.references.empty() && c.references != to)) {
        return Error::Internal("the tenant copy's rule for '" + table.name + "." + c.name +
                               "' (an id of " + to + ") does not fit the schema (" + c.type +
                               (c.references.empty() ? "" : ", references " + c.references) + ")");
      }
      table.columns.push_back(CopyColumn{c.name, ColumnKind::kInt, to});
    }
    for (const char* required : {"id", "shop_id"}) {
      if (!seen.contains(required)) {
        return Error::Conflict("the table '" + table.name + "' has no column '" + required +
                               "'; use the shopdesk version that wrote it");
      }
    }
    for (const auto& [column, to] : rule.references) {
      if (!seen.contains(column)) {
        return Error::Conflict("the table '" + table.name + "' has no column '" + column +
                               "'; migrate both databases to this shopdesk's version first");
      }
    }
    return table;
  }

  const Catalog& source_;
  const Catalog& target_;
};

}  // namespace

Result<CopyPlan> PlanTenantCopy(Database& from, Database& to) {
  auto source = ReadCatalog(from);
  if (!source) return source.error();
  auto target = ReadCatalog(to);
  if (!target) return target.error();
  return Planner(*source, *target).Run();
}

}  // namespace shopdesk::store::sql

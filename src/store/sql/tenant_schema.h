#pragma once

// What `shopdesk migrate --from/--to` copies, read from the databases' own catalogues
// (SQLite's pragmas, PostgreSQL's information_schema and pg_constraint), so that a
// column a migration adds is copied without an edit here.
//
// Only what a catalogue cannot tell is kept by hand (tenant_schema.cc): the tenant
// tables with an id the target gives anew, in copy order; which of their columns hold
// the id of another such table; which tables mirror deletions (outbox jobs); the
// tables copied by their own code (tags, accounts, blobs) with their exact columns;
// and the tables that are not tenant data. A column that looks like a reference (a
// foreign key, or an integer named `..._id` or `..._by`) but is not listed as one,
// and a table the rules do not name, stop the copy before any write: copied as plain
// numbers, such ids would point at another shop's rows in the target.

#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace shopdesk::store::sql {

enum class ColumnKind { kInt, kText, kBlob };

struct CopyColumn {
  std::string name;
  ColumnKind kind = ColumnKind::kInt;
  std::string ref;  // the table whose id this column holds; empty for plain data
};

// A tenant table whose rows get new ids in the target.
struct CopyTable {
  std::string name;
  std::vector<CopyColumn> columns;  // besides id and shop_id, in the source's order
  // Rows the source deletes when done with them (outbox jobs): a re-run deletes
  // their copies too, or a finished job would run again on the target.
  bool mirror_deletes = false;
};

struct CopyPlan {
  std::vector<CopyColumn> shop_columns;  // of `shops`, besides id
  std::vector<CopyTable> id_tables;      // in copy order: referenced tables first
};

// Reads both catalogues and checks them against the rules. Conflict, with the table
// and column named, when either database has a table or column the rules do not
// cover, lacks one they expect, or the two databases differ (migrate both to the
// same version first); Unavailable when a catalogue cannot be read.
Result<CopyPlan> PlanTenantCopy(Database& from, Database& to);

}  // namespace shopdesk::store::sql

// The peers vigil's checks are measured against, in the same binary and on
// the same data (docs/benchmarks.md):
//
//  * hand-written loops over the graph's own columns: dictionary codes
//    compared as integers (the code of "ACTIVE" looked up once), CSR
//    adjacency walked directly, one thread, the offending ids collected. This
//    is the limit: no plan, no bitmaps, no generality.
//  * SQLite (in memory): one table per asset type with the columns the
//    checks read, indexes on the join and filter columns, the equivalent SQL,
//    every result row stepped and its id read.
//
// The four checks (of packs/cis-aws, over schemas/aws.graphql):
//   seed       cis-aws-3.7  VPCs without an ACTIVE flow log (relationship NONE)
//   scalar     cis-aws-5.6  running instances without IMDSv2 (scalar filters)
//   absence    cis-aws-4.16 enabled regions without a Security Hub (per region)
//   aggregate  cis-aws-5.4  default security groups with rules (count > 0)
#ifndef VIGIL_BENCH_PEERS_H_
#define VIGIL_BENCH_PEERS_H_

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/graph.h"
#include "vigil/schema.h"

namespace vigil::bench {

enum class PeerCheck { kSeed, kScalar, kAbsence, kAggregate };
inline constexpr PeerCheck kPeerChecks[] = {PeerCheck::kSeed, PeerCheck::kScalar,
                                            PeerCheck::kAbsence, PeerCheck::kAggregate};
inline const char* PeerName(PeerCheck c) {
  switch (c) {
    case PeerCheck::kSeed: return "seed";
    case PeerCheck::kScalar: return "scalar";
    case PeerCheck::kAbsence: return "absence";
    case PeerCheck::kAggregate: return "aggregate";
  }
  return "";
}
inline const char* PeerControl(PeerCheck c) {
  switch (c) {
    case PeerCheck::kSeed: return "cis-aws-3.7";
    case PeerCheck::kScalar: return "cis-aws-5.6";
    case PeerCheck::kAbsence: return "cis-aws-4.16";
    case PeerCheck::kAggregate: return "cis-aws-5.4";
  }
  return "";
}

inline void Die(const std::string& what) {
  std::fprintf(stderr, "peers: %s\n", what.c_str());
  std::abort();
}

// ---- hand-written loops -------------------------------------------------

class HandLoops {
 public:
  explicit HandLoops(const Graph& g) : g_(g), s_(g.schema()) {}

  std::vector<std::string_view> Run(PeerCheck c) const {
    switch (c) {
      case PeerCheck::kSeed: return Seed();
      case PeerCheck::kScalar: return Scalar();
      case PeerCheck::kAbsence: return Absence();
      case PeerCheck::kAggregate: return Aggregate();
    }
    return {};
  }

  std::vector<std::string_view> Seed() const {
    const TypeId vpc = Type("Vpc"), fl = Type("FlowLog");
    const Adjacency& adj = g_.adjacency(vpc, Rel(vpc, "hasFlowLog"));
    const Column& status = Prop(fl, "flowLogStatus");
    const int64_t active = Code(status, "ACTIVE");
    const uint32_t* codes = status.codes.data();
    const Bitmap& valid = status.valid;
    const Table& t = g_.table(vpc);
    std::vector<std::string_view> out;
    for (size_t r = 0; r < t.num_rows(); ++r) {
      bool any = false;
      for (uint32_t e = adj.offsets[r]; e < adj.offsets[r + 1]; ++e) {
        const RowId x = adj.target_rows[e];
        if (codes[x] == active && valid.Get(x)) {
          any = true;
          break;
        }
      }
      if (!any) out.push_back(g_.asset_id(t.nodes[r]));
    }
    return out;
  }

  std::vector<std::string_view> Scalar() const {
    const TypeId in = Type("Ec2Instance");
    const Column& state = Prop(in, "stateName");
    const Column& tokens = Prop(in, "httpTokens");
    const Column& endpoint = Prop(in, "httpEndpoint");
    // Per dictionary code: does the value pass its part of the filter?
    std::vector<uint8_t> state_ok(state.dict->size() + 1, 0);
    for (const char* v : {"pending", "running", "stopping", "stopped"}) {
      if (auto k = state.dict->Find(v)) state_ok[*k] = 1;
    }
    const int64_t required = Code(tokens, "required"), disabled = Code(endpoint, "disabled");
    const Table& t = g_.table(in);
    std::vector<std::string_view> out;
    for (size_t r = 0; r < t.num_rows(); ++r) {
      if (state.valid.Get(r) && !state_ok[state.codes[r]]) continue;
      if (tokens.valid.Get(r) && tokens.codes[r] == required) continue;
      if (endpoint.valid.Get(r) && endpoint.codes[r] == disabled) continue;
      out.push_back(g_.asset_id(t.nodes[r]));
    }
    return out;
  }

  std::vector<std::string_view> Absence() const {
    const TypeId reg = Type("Region");
    const Column& opt = Prop(reg, "optInStatus");
    std::vector<uint8_t> opt_ok(opt.dict->size() + 1, 0);
    for (const char* v : {"opt-in-not-required", "opted-in"}) {
      if (auto k = opt.dict->Find(v)) opt_ok[*k] = 1;
    }
    const Adjacency& hub = g_.adjacency(reg, Rel(reg, "securityHub"));
    const Table& t = g_.table(reg);
    std::vector<std::string_view> out;
    for (size_t r = 0; r < t.num_rows(); ++r) {
      if (opt.valid.Get(r) && !opt_ok[opt.codes[r]]) continue;
      if (hub.offsets[r + 1] != hub.offsets[r]) continue;
      out.push_back(g_.asset_id(t.nodes[r]));
    }
    return out;
  }

  std::vector<std::string_view> Aggregate() const {
    const TypeId sg = Type("SecurityGroup");
    const Column& name = Prop(sg, "groupName");
    const int64_t def = Code(name, "default");
    const Adjacency& rules = g_.adjacency(sg, Rel(sg, "rules"));
    const Table& t = g_.table(sg);
    std::vector<std::string_view> out;
    for (size_t r = 0; r < t.num_rows(); ++r) {
      if (!name.valid.Get(r) || name.codes[r] != def) continue;
      if (rules.offsets[r + 1] - rules.offsets[r] > 0) out.push_back(g_.asset_id(t.nodes[r]));
    }
    return out;
  }

 private:
  TypeId Type(const char* n) const {
    const TypeId t = s_.FindType(n);
    if (t == kNoType) Die(std::string("no type ") + n);
    return t;
  }
  int Rel(TypeId t, const char* f) const {
    const int r = s_.type(t).FindRelationship(f);
    if (r < 0) Die(std::string("no relationship ") + f);
    return r;
  }
  const Column& Prop(TypeId t, const char* p) const {
    const int i = s_.type(t).FindProperty(p);
    if (i < 0) Die(std::string("no property ") + p);
    return g_.table(t).columns[i];
  }
  // The code of `v` in the column's dictionary; -1 (never equal to a
  // code) when the graph has no such value.
  static int64_t Code(const Column& c, const char* v) {
    auto k = c.dict->Find(v);
    return k ? static_cast<int64_t>(*k) : -1;
  }
  const Graph& g_;
  const Schema& s_;
};

// ---- SQLite ---------------------------------------------------------------

class SqlitePeer {
 public:
  explicit SqlitePeer(const Graph& g) {
    if (sqlite3_open(":memory:", &db_) != SQLITE_OK) Die("sqlite3_open");
    Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
    Exec(
        "CREATE TABLE vpc(row INTEGER PRIMARY KEY, id TEXT);"
        "CREATE TABLE flow_log(row INTEGER PRIMARY KEY, vpc_row INTEGER, status TEXT);"
        "CREATE TABLE instance(row INTEGER PRIMARY KEY, id TEXT, state TEXT, tokens TEXT,"
        "                      endpoint TEXT);"
        "CREATE TABLE region(row INTEGER PRIMARY KEY, id TEXT, opt_in TEXT);"
        "CREATE TABLE hub(row INTEGER PRIMARY KEY, region_row INTEGER);"
        "CREATE TABLE sg(row INTEGER PRIMARY KEY, id TEXT, name TEXT);"
        "CREATE TABLE sg_rule(row INTEGER PRIMARY KEY, sg_row INTEGER);");
    Exec("BEGIN");
    const Schema& s = g.schema();
    auto text = [&](const Column& c, size_t r) -> std::optional<std::string_view> {
      if (!c.valid.Get(r)) return std::nullopt;
      return c.StringAt(c.codes[r]);
    };
    auto col = [&](TypeId t, const char* p) -> const Column& {
      return g.table(t).columns[s.type(t).FindProperty(p)];
    };
    const TypeId vpc = s.FindType("Vpc"), fl = s.FindType("FlowLog"),
                 in = s.FindType("Ec2Instance"), reg = s.FindType("Region"),
                 hub = s.FindType("SecurityHub"), sg = s.FindType("SecurityGroup"),
                 rule = s.FindType("SecurityGroupRule");
    Insert("INSERT INTO vpc VALUES(?,?)", g.table(vpc).num_rows(), [&](sqlite3_stmt* st, size_t r) {
      Int(st, 1, r);
      Text(st, 2, g.asset_id(g.table(vpc).nodes[r]));
    });
    {
      // The flow log's VPC, from the VPC side's CSR.
      const Adjacency& a = g.adjacency(vpc, s.type(vpc).FindRelationship("hasFlowLog"));
      std::vector<int64_t> owner(g.table(fl).num_rows(), -1);
      for (size_t r = 0; r + 1 < a.offsets.size(); ++r) {
        for (uint32_t e = a.offsets[r]; e < a.offsets[r + 1]; ++e) owner[a.target_rows[e]] = r;
      }
      const Column& st_col = col(fl, "flowLogStatus");
      Insert("INSERT INTO flow_log VALUES(?,?,?)", owner.size(), [&](sqlite3_stmt* st, size_t r) {
        Int(st, 1, r);
        if (owner[r] >= 0) Int(st, 2, owner[r]); else sqlite3_bind_null(st, 2);
        Text(st, 3, text(st_col, r));
      });
    }
    {
      const Column &a = col(in, "stateName"), &b = col(in, "httpTokens"),
                   &c = col(in, "httpEndpoint");
      Insert("INSERT INTO instance VALUES(?,?,?,?,?)", g.table(in).num_rows(),
             [&](sqlite3_stmt* st, size_t r) {
               Int(st, 1, r);
               Text(st, 2, g.asset_id(g.table(in).nodes[r]));
               Text(st, 3, text(a, r));
               Text(st, 4, text(b, r));
               Text(st, 5, text(c, r));
             });
    }
    {
      const Column& o = col(reg, "optInStatus");
      Insert("INSERT INTO region VALUES(?,?,?)", g.table(reg).num_rows(),
             [&](sqlite3_stmt* st, size_t r) {
               Int(st, 1, r);
               Text(st, 2, g.asset_id(g.table(reg).nodes[r]));
               Text(st, 3, text(o, r));
             });
      const Adjacency& a = g.adjacency(hub, s.type(hub).FindRelationship("inRegion"));
      Insert("INSERT INTO hub VALUES(?,?)", g.table(hub).num_rows(),
             [&](sqlite3_stmt* st, size_t r) {
               Int(st, 1, r);
               if (a.offsets[r + 1] > a.offsets[r]) Int(st, 2, a.target_rows[a.offsets[r]]);
               else sqlite3_bind_null(st, 2);
             });
    }
    {
      const Column& n = col(sg, "groupName");
      Insert("INSERT INTO sg VALUES(?,?,?)", g.table(sg).num_rows(), [&](sqlite3_stmt* st, size_t r) {
        Int(st, 1, r);
        Text(st, 2, g.asset_id(g.table(sg).nodes[r]));
        Text(st, 3, text(n, r));
      });
      const Adjacency& a = g.adjacency(rule, s.type(rule).FindRelationship("securityGroup"));
      Insert("INSERT INTO sg_rule VALUES(?,?)", g.table(rule).num_rows(),
             [&](sqlite3_stmt* st, size_t r) {
               Int(st, 1, r);
               if (a.offsets[r + 1] > a.offsets[r]) Int(st, 2, a.target_rows[a.offsets[r]]);
               else sqlite3_bind_null(st, 2);
             });
    }
    Exec("COMMIT");
    Exec(
        "CREATE INDEX flow_log_vpc ON flow_log(vpc_row, status);"
        "CREATE INDEX instance_state ON instance(state);"
        "CREATE INDEX region_opt_in ON region(opt_in);"
        "CREATE INDEX hub_region ON hub(region_row);"
        "CREATE INDEX sg_name ON sg(name);"
        "CREATE INDEX sg_rule_sg ON sg_rule(sg_row);"
        "ANALYZE;");
    for (PeerCheck c : kPeerChecks) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db_, Sql(c), -1, &st, nullptr) != SQLITE_OK) {
        Die(sqlite3_errmsg(db_));
      }
      stmts_.push_back(st);
    }
  }
  ~SqlitePeer() {
    for (sqlite3_stmt* st : stmts_) sqlite3_finalize(st);
    sqlite3_close(db_);
  }
  SqlitePeer(const SqlitePeer&) = delete;
  SqlitePeer& operator=(const SqlitePeer&) = delete;

  static const char* Sql(PeerCheck c) {
    switch (c) {
      case PeerCheck::kSeed:
        return "SELECT v.id FROM vpc v WHERE NOT EXISTS "
               "(SELECT 1 FROM flow_log f WHERE f.vpc_row = v.row AND f.status = 'ACTIVE')";
      case PeerCheck::kScalar:
        return "SELECT id FROM instance WHERE "
               "(state IS NULL OR state IN ('pending', 'running', 'stopping', 'stopped')) "
               "AND (tokens IS NULL OR tokens <> 'required') "
               "AND (endpoint IS NULL OR endpoint <> 'disabled')";
      case PeerCheck::kAbsence:
        return "SELECT r.id FROM region r WHERE "
               "(r.opt_in IS NULL OR r.opt_in IN ('opt-in-not-required', 'opted-in')) "
               "AND NOT EXISTS (SELECT 1 FROM hub h WHERE h.region_row = r.row)";
      case PeerCheck::kAggregate:
        return "SELECT s.id FROM sg s WHERE s.name = 'default' "
               "AND (SELECT COUNT(*) FROM sg_rule x WHERE x.sg_row = s.row) > 0";
    }
    return "";
  }

  // Runs the check's statement; returns the rows, every id read.
  size_t Run(PeerCheck c, size_t* id_bytes) {
    sqlite3_stmt* st = stmts_[static_cast<int>(c)];
    sqlite3_reset(st);
    size_t rows = 0, bytes = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* id = sqlite3_column_text(st, 0);
      bytes += static_cast<size_t>(sqlite3_column_bytes(st, 0)) + (id != nullptr);
      ++rows;
    }
    *id_bytes = bytes;
    return rows;
  }

 private:
  void Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      Die(err ? err : "sqlite3_exec");
    }
  }
  static void Int(sqlite3_stmt* st, int i, size_t v) {
    sqlite3_bind_int64(st, i, static_cast<sqlite3_int64>(v));
  }
  static void Int(sqlite3_stmt* st, int i, int64_t v) { sqlite3_bind_int64(st, i, v); }
  static void Int(sqlite3_stmt* st, int i, uint32_t v) { sqlite3_bind_int64(st, i, v); }
  static void Text(sqlite3_stmt* st, int i, std::optional<std::string_view> v) {
    if (!v) {
      sqlite3_bind_null(st, i);
    } else {
      sqlite3_bind_text(st, i, v->data(), static_cast<int>(v->size()), SQLITE_TRANSIENT);
    }
  }
  template <typename F>
  void Insert(const char* sql, size_t n, F&& bind) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) Die(sqlite3_errmsg(db_));
    for (size_t r = 0; r < n; ++r) {
      bind(st, r);
      if (sqlite3_step(st) != SQLITE_DONE) Die(sqlite3_errmsg(db_));
      sqlite3_reset(st);
    }
    sqlite3_finalize(st);
  }
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> stmts_;
};

}  // namespace vigil::bench

#endif  // VIGIL_BENCH_PEERS_H_

//! A large, realistic, reproducible dataset for benchmarks (`gongzhi generate`).
//!
//! The demo district grown to 16 streets × 12 communities × 3 compounds, a district admin,
//! one street committee per street, one community worker per community, residents, and
//! demands in the states of a lived-in system, with their co-signs and events, spread over
//! the two years before today; the projects answering them (`pipeline`), and the five
//! parties' organisations, coordination cases and volunteer service (`parties`). Written
//! in bulk, not through the use cases: one transaction, multi-row INSERTs on SQLite and
//! binary COPY on PostgreSQL. Every row is what the use cases would have written (same
//! columns, same events, `cosign_count` equal to the rows), so the API cannot tell the
//! difference. The same seed gives the same data on the same day (times count back from
//! today's midnight, UTC).

use std::collections::{BTreeSet, HashSet};
use std::time::Instant;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use domain::access::Role;
use domain::demand::{DemandDeadlines, DemandEvent, DemandSource, DemandState};
use domain::history::History;
use domain::org_unit::{CommunityType, UnitKind};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::connection::write;
use crate::schema::{demand_cosigns, demand_terms, demands, events, grants, org_units, organizations, users};
use crate::{DbConnection, Error, Result};

/// Typical residents' demands: `category<TAB>title<TAB>description`, with a header line.
pub const DEMAND_TEXTS: &str = include_str!("../../data/demands-zh.tsv");

pub const STREETS: usize = 16;
pub const COMMUNITIES_PER_STREET: usize = 12;
pub const COMPOUNDS_PER_COMMUNITY: usize = 3;
pub const MAX_RESIDENTS: usize = 200_000;

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;
/// Demands are generated, and written, this many at a time.
const CHUNK: usize = 2_000;
/// Rows per INSERT on SQLite: 22 columns × 500 stays under its 32,766 variables.
const SQLITE_BATCH: usize = 500;
/// The search index's rows have 2 columns.
const SQLITE_TERM_BATCH: usize = 16_000;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub demands: usize,
    pub seed: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub units: usize,
    pub users: usize,
    pub demands: usize,
    pub cosigns: usize,
    pub events: usize,
    pub projects: usize,
    pub resources: usize,
    pub claims: usize,
    /// Organisations (the co-builders' and the five parties'), the residents serving in
    /// volunteer teams, coordination cases, and the teams' activities with their sign-ups
    /// and hours.
    pub organizations: usize,
    pub volunteers: usize,
    pub cases: usize,
    pub activities: usize,
    pub signups: usize,
    pub service_records: usize,
    /// Rows of the search index (`demand_terms`).
    pub terms: usize,
    /// Seconds spent writing rows, and then analysing the tables.
    pub load_secs: f64,
    pub analyze_secs: f64,
}

/// The demo district's streets, their communities and compounds, reused first; the rest
/// of the 16 × 12 × 3 is made up in the same style.
const STREET_NAMES: [&str; STREETS] = [
    "淮河路街道",
    "京广路街道",
    "五里堡街道",
    "建中街街道",
    "侯寨乡",
    "解放路街道",
    "铭功路街道",
    "一马路街道",
    "蜜蜂张街道",
    "大学路街道",
    "德化街街道",
    "福华街街道",
    "长江路街道",
    "人和路街道",
    "嵩山路街道",
    "马寨镇",
];

type DemoCommunity = (&'static str, CommunityType, &'static [&'static str]);

const DEMO_COMMUNITIES: [&[DemoCommunity]; 5] = [
    &[
        ("兴华南街社区", CommunityType::Old, &["金祥花园", "亚新小区"]),
        ("淮河东路社区", CommunityType::Old, &["淮河东路3号院"]),
        ("齐礼阎社区", CommunityType::Resettlement, &["齐礼阎安置小区"]),
    ],
    &[("京广南路社区", CommunityType::New, &["绿都城"]), ("祥云社区", CommunityType::Old, &["祥云小区"])],
    &[("五里堡社区", CommunityType::Old, &["五里堡家属院"]), ("航海路社区", CommunityType::New, &["航海城"])],
    &[("建中街社区", CommunityType::Old, &["建中街1号院"])],
    &[("侯寨村", CommunityType::Village, &["侯寨新村"])],
];

const COMMUNITY_WORDS: [&str; COMMUNITIES_PER_STREET] =
    ["幸福", "和平", "建设", "光明", "兴隆", "祥和", "锦绣", "长青", "民主", "友谊", "团结", "新华"];
const COMPOUND_SUFFIXES: [&str; COMPOUNDS_PER_COMMUNITY] = ["花园", "小区", "家属院"];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
];
const GIVEN_NAMES: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "华", "建国", "建华", "玉兰", "淑珍", "志强", "海燕", "红梅", "国庆", "丽娟", "晓东", "春梅",
    "文博", "子涵", "欣怡", "浩然", "雨桐", "宇轩",
];

const REJECT_REASONS: &[&str] = &[
    "已纳入区级电梯加装计划，请关注区住建局公告",
    "不属于社区受理范围，建议与物业协商解决",
    "经核实，问题已由物业处理完毕",
    "属业主之间的私人事务，已建议调解",
    "同类问题已有在办需求，请在原需求下附议",
];
const REFERRALS: &[(&str, &str)] = &[
    ("12345市民热线", "属市政设施管理范围"),
    ("区城管局", "属城市管理执法职责"),
    ("辖区派出所", "属公安部门职责"),
    ("区住建局", "涉及房屋安全鉴定"),
    ("区市场监管局", "涉及商户经营行为"),
];

#[derive(Insertable)]
#[diesel(table_name = org_units, treat_none_as_default_value = false)]
struct UnitRow {
    id: String,
    name: String,
    kind: &'static str,
    parent_id: Option<String>,
    path: String,
    community_type: Option<&'static str>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
    verify_days: Option<i32>,
    answer_days: Option<i32>,
}

#[derive(Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
struct UserRow<'a> {
    id: String,
    username: String,
    password_hash: &'a str,
    display_name: String,
    phone: Option<String>,
    party_member: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
    disabled: bool,
    auth_version: i64,
}

#[derive(Insertable)]
#[diesel(table_name = grants, treat_none_as_default_value = false)]
struct GrantRow<'a> {
    id: String,
    user_id: &'a str,
    role: &'static str,
    unit_id: &'a str,
    organization_id: Option<String>,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = organizations, treat_none_as_default_value = false)]
struct OrganizationRow {
    id: String,
    name: String,
    kind: &'static str,
    unit_id: String,
    red_property: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

#[derive(Insertable)]
#[diesel(table_name = demands, treat_none_as_default_value = false)]
struct DemandRow<'a> {
    id: String,
    title: String,
    description: &'a str,
    category: &'a str,
    unit_id: &'a str,
    community_id: &'a str,
    street_id: &'a str,
    state: &'static str,
    listed: bool,
    source: &'static str,
    author_id: Option<&'a str>,
    author_name: &'a str,
    filed_by_id: Option<&'a str>,
    cosign_count: i64,
    project_id: Option<String>,
    merged_into_id: Option<String>,
    reason: Option<&'static str>,
    referred_to: Option<&'static str>,
    due_at: Option<NaiveDateTime>,
    published_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

#[derive(Insertable)]
#[diesel(table_name = demand_cosigns, treat_none_as_default_value = false)]
struct CosignRow<'a> {
    demand_id: String,
    user_id: &'a str,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = demand_terms, treat_none_as_default_value = false)]
struct TermRow<'a> {
    term: &'a str,
    demand_id: &'a str,
}

#[derive(Insertable)]
#[diesel(table_name = events, treat_none_as_default_value = false)]
struct EventRow<'a> {
    id: String,
    entity: &'static str,
    entity_id: String,
    action: &'static str,
    actor_id: Option<&'a str>,
    from_state: Option<&'static str>,
    to_state: Option<&'static str>,
    payload: String,
    unit_id: Option<&'a str>,
    street_id: Option<&'a str>,
    at: NaiveDateTime,
}

/// A demand's event as `events::append` writes it.
#[allow(clippy::too_many_arguments)]
fn demand_event<'a>(
    id: String,
    demand_id: &str,
    actor_id: Option<&'a str>,
    states: (Option<DemandState>, DemandState),
    event: &DemandEvent,
    unit_id: &'a str,
    street_id: &'a str,
    t: NaiveDateTime,
) -> Result<EventRow<'a>> {
    let states = (states.0.map(DemandState::as_str), states.1.as_str());
    event_row(id, demand_id, actor_id, states, event, (unit_id, street_id), t)
}

/// A record's event as `events::append` writes it: `states` are the record's before and
/// after, `place` its unit and street.
fn event_row<'a, E: History>(
    id: String,
    entity_id: &str,
    actor_id: Option<&'a str>,
    states: (Option<&'static str>, &'static str),
    event: &E,
    place: (&'a str, &'a str),
    t: NaiveDateTime,
) -> Result<EventRow<'a>> {
    Ok(EventRow {
        id,
        entity: E::ENTITY.as_str(),
        entity_id: entity_id.to_owned(),
        action: event.action(),
        actor_id,
        from_state: states.0,
        to_state: Some(states.1),
        payload: serde_json::to_string(event).map_err(|_| Error::Corrupt("event payload"))?,
        unit_id: Some(place.0),
        street_id: Some(place.1),
        at: t,
    })
}

/// Inserts rows in bulk on the connection's own engine: multi-row INSERTs on SQLite, one
/// binary COPY on PostgreSQL. (Batch inserts do not compile on the multi-connection.)
macro_rules! bulk_insert {
    ($conn:expr, $table:expr, $rows:expr) => {
        bulk_insert!($conn, $table, $rows, SQLITE_BATCH)
    };
    ($conn:expr, $table:expr, $rows:expr, $batch:expr) => {{
        let rows = $rows;
        match $conn {
            DbConnection::Sqlite(c) => {
                for batch in rows.chunks($batch) {
                    diesel::insert_into($table).values(batch).execute(c)?;
                }
            }
            DbConnection::Postgresql(c) => {
                if !rows.is_empty() {
                    diesel::copy_from($table).from_insertable(rows).execute(c)?;
                }
            }
        }
    }};
}

mod parties;
mod pipeline;

fn at(ms: i64) -> NaiveDateTime {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default().naive_utc()
}

/// A UUIDv7 for the instant `ms`, its random part drawn from the seeded generator: ids
/// sort by time (keyset pages follow `created_at`) and the same seed gives the same ids.
fn v7(ms: i64, rng: &mut StdRng) -> String {
    let bytes: [u8; 10] = rng.gen();
    uuid::Builder::from_unix_timestamp_millis(u64::try_from(ms).unwrap_or_default(), &bytes).into_uuid().to_string()
}

fn path_of(ids: &[&str]) -> String {
    let mut s = String::from("/");
    for id in ids {
        s.push_str(id);
        s.push('/');
    }
    s
}

struct Text {
    category: &'static str,
    title: &'static str,
    description: &'static str,
}

fn texts() -> Result<Vec<Text>> {
    let texts: Vec<Text> = DEMAND_TEXTS
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some(Text { category: f.next()?, title: f.next()?, description: f.next()? })
        })
        .collect();
    if texts.is_empty() {
        return Err(Error::Corrupt("demand texts"));
    }
    Ok(texts)
}

/// The unit tree: ids, names and where each community and compound sits.
struct Tree {
    units: Vec<UnitRow>,
    district: String,
    /// Unit ids by street; by community (street = community / 12); by compound
    /// (community = compound / 3).
    streets: Vec<String>,
    communities: Vec<String>,
    compounds: Vec<String>,
    compound_names: Vec<String>,
    community_names: Vec<String>,
}

fn tree(t0: i64, rng: &mut StdRng) -> Tree {
    let mut units = Vec::new();
    let mut ms = t0;
    let mut next_ms = || {
        ms += 1;
        ms
    };
    let district = v7(next_ms(), rng);
    let district_path = path_of(&[&district]);
    let unit =
        |id: &str, name: &str, kind: UnitKind, parent: Option<&str>, path: String, ct: Option<CommunityType>| UnitRow {
            id: id.to_owned(),
            name: name.to_owned(),
            kind: kind.as_str(),
            parent_id: parent.map(str::to_owned),
            path,
            community_type: ct.map(CommunityType::as_str),
            created_at: at(t0),
            updated_at: at(t0),
            version: 1,
            verify_days: None,
            answer_days: None,
        };
    units.push(unit(&district, "二七区", UnitKind::District, None, district_path, None));
    let (mut streets, mut communities, mut compounds) = (Vec::new(), Vec::new(), Vec::new());
    let (mut compound_names, mut community_names) = (Vec::new(), Vec::new());
    for (s, street_name) in STREET_NAMES.iter().enumerate() {
        let street = v7(next_ms(), rng);
        units.push(unit(&street, street_name, UnitKind::Street, Some(&district), path_of(&[&district, &street]), None));
        let demo: &[DemoCommunity] = DEMO_COMMUNITIES.get(s).copied().unwrap_or(&[]);
        let rural = street_name.ends_with('乡') || street_name.ends_with('镇');
        for c in 0..COMMUNITIES_PER_STREET {
            let (name, community_type, demo_compounds): (String, CommunityType, &[&str]) = match demo.get(c) {
                Some((name, ct, compounds)) => ((*name).to_owned(), *ct, *compounds),
                None if rural => (format!("{}村", COMMUNITY_WORDS[c]), CommunityType::Village, &[]),
                None => {
                    let ct = [CommunityType::Old, CommunityType::Old, CommunityType::New, CommunityType::Resettlement]
                        [c % 4];
                    (format!("{}社区", COMMUNITY_WORDS[c]), ct, &[])
                }
            };
            let community = v7(next_ms(), rng);
            let path = path_of(&[&district, &street, &community]);
            units.push(unit(&community, &name, UnitKind::Community, Some(&street), path, Some(community_type)));
            let stem = name.trim_end_matches("社区").trim_end_matches('村').to_owned();
            for (k, suffix) in COMPOUND_SUFFIXES.iter().enumerate() {
                let compound_name = match demo_compounds.get(k) {
                    Some(n) => (*n).to_owned(),
                    // A community's compounds have names of their own: 祥云社区's demo 祥云小区
                    // is not made again as its second compound.
                    None if demo_compounds.contains(&format!("{stem}{suffix}").as_str()) => format!("{stem}{suffix}二期"),
                    None => format!("{stem}{suffix}"),
                };
                let compound = v7(next_ms(), rng);
                let path = path_of(&[&district, &street, &community, &compound]);
                units.push(unit(&compound, &compound_name, UnitKind::Compound, Some(&community), path, None));
                compounds.push(compound);
                compound_names.push(compound_name);
            }
            communities.push(community);
            community_names.push(name);
        }
        streets.push(street);
    }
    Tree { units, district, streets, communities, compounds, compound_names, community_names }
}

/// Residents: resident `r` lives in community `r % communities`, so every community has
/// some and a street's residents are easy to draw.
struct Residents {
    ids: Vec<String>,
    names: Vec<String>,
    communities: usize,
}

impl Residents {
    fn community_of(&self, r: usize) -> usize {
        r % self.communities
    }

    /// A resident of the street, drawn uniformly enough.
    fn in_street(&self, street: usize, rng: &mut StdRng) -> usize {
        let c = street * COMMUNITIES_PER_STREET + rng.gen_range(0..COMMUNITIES_PER_STREET);
        let living_there = (self.ids.len() - c).div_ceil(self.communities);
        c + rng.gen_range(0..living_there) * self.communities
    }
}

/// Co-signs on a published demand: most have none to a few, one in a hundred draws a crowd.
/// About 1.85 on average, so ≈ 1.3 per demand over all states.
fn cosigns_wanted(rng: &mut StdRng) -> usize {
    if rng.gen_bool(0.01) {
        rng.gen_range(10..=60)
    } else {
        let exp = -(1.0_f64 - rng.gen::<f64>()).ln() * 2.0;
        exp.floor() as usize
    }
}

/// Fills an empty, migrated database. `password_hash` (a PHC string) is every user's.
pub fn generate(conn: &mut DbConnection, options: Options, password_hash: &str) -> Result<Summary> {
    let started = Instant::now();
    let existing: i64 = users::table.count().get_result(conn)?;
    let existing_units: i64 = org_units::table.count().get_result(conn)?;
    if existing + existing_units > 0 {
        return Err(Error::Config(format!(
            "the database is not empty ({existing} users, {existing_units} org units): generate needs an empty one"
        )));
    }
    let sqlite = matches!(conn, DbConnection::Sqlite(_));
    if sqlite {
        // Outside the transaction (these cannot change inside one). Nothing is lost if the
        // machine dies during a load: the file is thrown away and generated again.
        conn.batch_execute("PRAGMA synchronous = OFF")?;
        conn.batch_execute("PRAGMA cache_size = -262144")?;
    }
    let loaded = load_all(conn, options, password_hash, started, sqlite);
    if sqlite {
        conn.batch_execute("PRAGMA synchronous = NORMAL")?;
        conn.batch_execute("PRAGMA cache_size = -2000")?;
    }
    let mut summary = loaded?;
    // The bulk history happened before anyone could be told of it: inboxes start after it.
    let end = crate::events::end(conn)?;
    crate::events::skip_to(conn, crate::notifications::CONSUMER, end)?;
    crate::statistics::rebuild(conn)?;
    summary.load_secs = started.elapsed().as_secs_f64();
    tracing::info!(secs = summary.load_secs, "rows written; analysing");
    let analysing = Instant::now();
    if sqlite {
        conn.batch_execute("ANALYZE")?;
        conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?;
    } else {
        conn.batch_execute("VACUUM ANALYZE")?;
    }
    summary.analyze_secs = analysing.elapsed().as_secs_f64();
    Ok(summary)
}

/// The load in a few transactions: rows, then the search index in parts, then the indexes.
/// On SQLite the write-ahead log is emptied between them: one transaction of gigabytes
/// made every page read search a log as large (`walFindFrame`, a third of the time).
fn load_all(
    conn: &mut DbConnection,
    options: Options,
    password_hash: &str,
    started: Instant,
    sqlite: bool,
) -> Result<Summary> {
    let checkpoint = |conn: &mut DbConnection| -> Result<()> {
        if sqlite {
            conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?;
        }
        Ok(())
    };
    // Indexes are built once over the loaded rows rather than kept up row by row; on
    // PostgreSQL the foreign keys of the bulk tables are checked once over them too (row by
    // row, the search index's 31 million checks were 88% of its COPY).
    let indexes = secondary_indexes(conn)?;
    let foreign_keys = bulk_foreign_keys(conn)?;
    let (mut summary, terms) = write(conn, |conn| {
        for key in &foreign_keys {
            conn.batch_execute(&format!("ALTER TABLE {} DROP CONSTRAINT {}", key.table, key.name))?;
        }
        for index in &indexes {
            conn.batch_execute(&format!("DROP INDEX {}", index.name))?;
        }
        load(conn, options, password_hash, started)
    })?;
    checkpoint(conn)?;
    summary.terms = write_terms(conn, terms, &checkpoint)?;
    tracing::info!(terms = summary.terms, secs = started.elapsed().as_secs(), "search index written; indexing");
    write(conn, |conn| {
        for index in &indexes {
            conn.batch_execute(&index.sql)?;
        }
        for key in &foreign_keys {
            conn.batch_execute(&format!("ALTER TABLE {} ADD CONSTRAINT {} {}", key.table, key.name, key.definition))?;
        }
        Ok::<_, Error>(())
    })?;
    checkpoint(conn)?;
    Ok(summary)
}

/// The tables a load fills with most rows.
const BULK_TABLES: &str = "'demands', 'demand_cosigns', 'events', 'demand_terms'";

#[derive(QueryableByName)]
struct ForeignKey {
    #[diesel(sql_type = diesel::sql_types::Text)]
    table: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    definition: String,
}

/// PostgreSQL: the foreign keys of the bulk tables, with their definitions. (SQLite's
/// cannot be dropped, and its checks are one index probe each.)
fn bulk_foreign_keys(conn: &mut DbConnection) -> Result<Vec<ForeignKey>> {
    if matches!(conn, DbConnection::Sqlite(_)) {
        return Ok(Vec::new());
    }
    let query = format!(
        "SELECT c.conrelid::regclass::text AS table, c.conname::text AS name, \
         pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c \
         WHERE c.contype = 'f' AND c.conrelid::regclass::text IN ({BULK_TABLES})"
    );
    Ok(diesel::sql_query(query).load(conn)?)
}

#[derive(QueryableByName)]
struct Index {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    sql: String,
}

/// The indexes of the bulk tables that no key or constraint needs, with the SQL that
/// creates each, as the migrations left them.
fn secondary_indexes(conn: &mut DbConnection) -> Result<Vec<Index>> {
    let query = match conn {
        // Key and UNIQUE indexes are the automatic ones, which have no SQL.
        DbConnection::Sqlite(_) => format!(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({BULK_TABLES})"
        ),
        DbConnection::Postgresql(_) => format!(
            "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() \
             AND tablename IN ({BULK_TABLES}) AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        ),
    };
    Ok(diesel::sql_query(query).load(conn)?)
}

fn load(
    conn: &mut DbConnection,
    options: Options,
    password_hash: &str,
    started: Instant,
) -> Result<(Summary, TermIndex)> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let texts = texts()?;
    let end = Utc::now().timestamp_millis().div_euclid(DAY_MS) * DAY_MS;
    let start = end - 730 * DAY_MS;
    let t0 = start - DAY_MS;
    let deadlines = DemandDeadlines::default();
    let verify_ms = i64::from(deadlines.verify_days) * DAY_MS;
    let answer_ms = i64::from(deadlines.answer_days) * DAY_MS;

    // The unit tree.
    let tree = tree(t0, &mut rng);
    bulk_insert!(conn, org_units::table, &tree.units);
    let mut summary = Summary { units: tree.units.len(), ..Summary::default() };

    // Officials: the admin, a street committee per street, a worker per community.
    let mut user_ms = t0 + 10_000;
    let mut user = |username: String, display_name: String, party_member: bool, rng: &mut StdRng| {
        user_ms += 1;
        UserRow {
            id: v7(user_ms, rng),
            username,
            password_hash,
            display_name,
            phone: None,
            party_member,
            created_at: at(t0),
            updated_at: at(t0),
            version: 1,
            disabled: false,
            auth_version: 1,
        }
    };
    let mut officials = vec![user("admin".into(), "区委管理员".into(), true, &mut rng)];
    let mut official_grants: Vec<(Role, usize)> = vec![(Role::DistrictAdmin, 0)];
    for (s, name) in STREET_NAMES.iter().enumerate() {
        officials.push(user(format!("street{}", s + 1), format!("{name}党工委"), true, &mut rng));
        official_grants.push((Role::StreetCommittee, s));
    }
    for (c, name) in tree.community_names.iter().enumerate() {
        officials.push(user(format!("worker{}", c + 1), format!("{name}工作者"), true, &mut rng));
        official_grants.push((Role::CommunityWorker, c));
    }
    let n_residents = (options.demands / 5).clamp(tree.communities.len(), MAX_RESIDENTS);
    let mut resident_rows = Vec::with_capacity(n_residents);
    for r in 0..n_residents {
        let surname = SURNAMES[rng.gen_range(0..SURNAMES.len())];
        let given = GIVEN_NAMES[rng.gen_range(0..GIVEN_NAMES.len())];
        let party = rng.gen_bool(0.1);
        resident_rows.push(user(format!("r{:06}", r + 1), format!("{surname}{given}"), party, &mut rng));
    }
    bulk_insert!(conn, users::table, &officials);
    bulk_insert!(conn, users::table, &resident_rows);
    let mut grant_rows = Vec::with_capacity(officials.len() + resident_rows.len());
    let mut grant_ms = t0 + 20_000_000;
    for (u, (role, index)) in officials.iter().zip(&official_grants) {
        let unit_id = match role {
            Role::DistrictAdmin => &tree.district,
            Role::StreetCommittee => &tree.streets[*index],
            _ => &tree.communities[*index],
        };
        grant_ms += 1;
        let id = v7(grant_ms, &mut rng);
        grant_rows.push(GrantRow {
            id,
            user_id: &u.id,
            role: role.as_str(),
            unit_id,
            organization_id: None,
            created_at: at(t0),
        });
    }
    for (r, u) in resident_rows.iter().enumerate() {
        grant_ms += 1;
        let id = v7(grant_ms, &mut rng);
        grant_rows.push(GrantRow {
            id,
            user_id: &u.id,
            role: Role::Resident.as_str(),
            unit_id: &tree.communities[r % tree.communities.len()],
            organization_id: None,
            created_at: at(t0),
        });
    }
    bulk_insert!(conn, grants::table, &grant_rows);
    summary.users = officials.len() + resident_rows.len();
    let workers: Vec<&str> = officials[1 + STREETS..].iter().map(|u| u.id.as_str()).collect();
    let committees: Vec<&str> = officials[1..=STREETS].iter().map(|u| u.id.as_str()).collect();
    let mut pipeline = pipeline::Pipeline::default();
    let residents = Residents {
        ids: resident_rows.iter().map(|u| u.id.clone()).collect(),
        names: resident_rows.iter().map(|u| u.display_name.clone()).collect(),
        communities: tree.communities.len(),
    };
    drop(grant_rows);
    drop(resident_rows);
    tracing::info!(units = summary.units, users = summary.users, "org units and users written");

    // When each demand was filed, oldest first, so ids (made from these) sort by time.
    let mut filed: Vec<i64> = (0..options.demands).map(|_| start + rng.gen_range(0..730 * DAY_MS)).collect();
    filed.sort_unstable();
    // A backlog of unverified demands at the newest end, as in real life.
    let backlog_from = options.demands - options.demands / 250;

    // The search index is written last, term by term: each term's rows then go in as one
    // run in id order, appended to the index, instead of 31 scattered inserts per demand.
    // A posting is (term number << 32 | demand number), so sorting them orders both.
    let mut index = TermIndex::default();
    let description_terms: Vec<Vec<u32>> = texts
        .iter()
        .map(|t| domain::text::search_terms(t.description).into_iter().map(|term| index.number(term)).collect())
        .collect();

    let mut next_report = 100_000;
    for (chunk_no, chunk) in filed.chunks(CHUNK).enumerate() {
        let first = chunk_no * CHUNK;
        let mut drafts: Vec<Draft> = Vec::with_capacity(chunk.len());
        for (i, &created) in chunk.iter().enumerate() {
            let author = rng.gen_range(0..residents.ids.len());
            let community = residents.community_of(author);
            let street = community / COMMUNITIES_PER_STREET;
            let compound = community * COMPOUNDS_PER_COMMUNITY + rng.gen_range(0..COMPOUNDS_PER_COMMUNITY);
            let in_compound = rng.gen_bool(0.7);
            let text = rng.gen_range(0..texts.len());
            let place = if in_compound { &tree.compound_names[compound] } else { &tree.community_names[community] };
            let title = if rng.gen_bool(0.4) {
                format!("{}（{place}{}号楼）", texts[text].title, rng.gen_range(1..=30))
            } else {
                format!("{place}{}", texts[text].title)
            };
            // Handled within the verify deadline mostly; one in ten late.
            let delay = if rng.gen_bool(0.9) {
                rng.gen_range(HOUR_MS..verify_ms)
            } else {
                rng.gen_range(verify_ms..10 * DAY_MS)
            };
            let handled = created + delay;
            let roll = rng.gen_range(0..1000);
            let state = if first + i >= backlog_from || handled >= end {
                DemandState::Submitted
            } else {
                match roll {
                    0..700 => DemandState::Published,
                    700..800 => DemandState::Submitted,
                    800..900 => DemandState::Rejected,
                    900..934 => DemandState::Merged,
                    934..967 => DemandState::Referred,
                    _ => DemandState::Withdrawn,
                }
            };
            let id = v7(created, &mut rng);
            drafts.push(Draft {
                id,
                created,
                handled,
                state,
                street,
                community,
                unit: if in_compound { Unit::Compound(compound) } else { Unit::Community(community) },
                author,
                text,
                title,
                cosigners: Vec::new(),
                merged_into: None,
                merge_added: false,
                reason: None,
                referred_to: None,
                project: None,
            });
        }
        // Co-signs by residents of the same street; merges into an earlier published demand
        // of the same street, taking the merged demand's author along as a co-signer.
        for i in 0..drafts.len() {
            match drafts[i].state {
                DemandState::Published => {
                    let street = drafts[i].street;
                    let want = cosigns_wanted(&mut rng).min(residents.ids.len() / STREETS / 2);
                    let mut chosen: HashSet<usize> = HashSet::with_capacity(want);
                    let mut tries = 0;
                    while chosen.len() < want && tries < want * 10 {
                        tries += 1;
                        let r = residents.in_street(street, &mut rng);
                        if r != drafts[i].author && chosen.insert(r) {
                            let after = drafts[i].handled + rng.gen_range(0..30 * DAY_MS);
                            drafts[i].cosigners.push((r, after.min(end - 1), false));
                        }
                    }
                }
                DemandState::Merged => {
                    let street = drafts[i].street;
                    let handled = drafts[i].handled;
                    let target = (0..i).rev().take(400).find(|&j| {
                        drafts[j].street == street
                            && drafts[j].state == DemandState::Published
                            && drafts[j].handled < handled
                    });
                    match target {
                        Some(j) => {
                            drafts[i].merged_into = Some(j);
                            let author = drafts[i].author;
                            if drafts[j].author != author && drafts[j].cosigners.iter().all(|(r, _, _)| *r != author) {
                                drafts[j].cosigners.push((author, handled, true));
                                drafts[i].merge_added = true;
                            }
                        }
                        None => drafts[i].state = DemandState::Rejected,
                    }
                }
                _ => {}
            }
            match drafts[i].state {
                DemandState::Rejected => {
                    drafts[i].reason = Some(REJECT_REASONS[rng.gen_range(0..REJECT_REASONS.len())]);
                }
                DemandState::Referred => {
                    let (to, why) = REFERRALS[rng.gen_range(0..REFERRALS.len())];
                    drafts[i].reason = Some(why);
                    drafts[i].referred_to = Some(to);
                }
                _ => {}
            }
        }

        pipeline.answer(&mut drafts, &mut rng, end);

        let mut demand_rows = Vec::with_capacity(drafts.len());
        let mut cosign_rows = Vec::new();
        let mut event_rows = Vec::with_capacity(drafts.len() * 3);
        for d in &drafts {
            let author_id = residents.ids[d.author].as_str();
            let unit_id = match d.unit {
                Unit::Compound(x) => tree.compounds[x].as_str(),
                Unit::Community(x) => tree.communities[x].as_str(),
            };
            let transitioned = d.state != DemandState::Submitted;
            let published = matches!(d.state, DemandState::Published | DemandState::Accepted | DemandState::Resolved)
                .then_some(d.handled);
            // Accepted when its project was created; resolved when that closed.
            let taken = d.project.as_ref().map(|(_, created)| *created);
            let closed = taken.map(|t| t + 20 * DAY_MS).filter(|_| d.state == DemandState::Resolved);
            let due = match d.state {
                DemandState::Submitted => Some(d.created + verify_ms),
                DemandState::Published => Some(d.handled + answer_ms),
                _ => None,
            };
            let text = &texts[d.text];
            demand_rows.push(DemandRow {
                id: d.id.clone(),
                title: d.title.clone(),
                description: text.description,
                category: text.category,
                unit_id,
                community_id: &tree.communities[d.community],
                street_id: &tree.streets[d.street],
                state: d.state.as_str(),
                listed: d.state.is_public(),
                source: DemandSource::App.as_str(),
                author_id: Some(author_id),
                author_name: &residents.names[d.author],
                filed_by_id: Some(author_id),
                cosign_count: i64::try_from(d.cosigners.len()).unwrap_or(i64::MAX),
                project_id: d.project.as_ref().map(|(id, _)| id.clone()),
                merged_into_id: d.merged_into.map(|j| drafts[j].id.clone()),
                reason: d.reason,
                referred_to: d.referred_to,
                due_at: due.map(at),
                published_at: published.map(at),
                created_at: at(d.created),
                updated_at: at(closed.or(taken).unwrap_or(if transitioned { d.handled } else { d.created })),
                version: 1 + i64::from(transitioned) + i64::from(taken.is_some()) + i64::from(closed.is_some()),
            });
            let street_id = tree.streets[d.street].as_str();
            let uuid_of = |raw: &str| uuid::Uuid::parse_str(raw).map_err(|_| Error::Corrupt("demand id"));
            let project_id = d.project.as_ref().map(|(id, _)| uuid_of(id)).transpose()?;
            let push = |rows: &mut Vec<_>, id, demand: &str, actor, states, event: DemandEvent, t| {
                rows.push(demand_event(id, demand, actor, states, &event, unit_id, street_id, at(t))?);
                Ok::<(), Error>(())
            };
            push(
                &mut event_rows,
                v7(d.created, &mut rng),
                &d.id,
                Some(author_id),
                (None, DemandState::Submitted),
                DemandEvent::Create { source: DemandSource::App, via: None },
                d.created,
            )?;
            if transitioned {
                let due_at = Some(at(d.created + verify_ms).and_utc());
                let (actor, event) = match d.state {
                    DemandState::Published | DemandState::Accepted | DemandState::Resolved => {
                        (Some(workers[d.community]), DemandEvent::Verify { due_at })
                    }
                    DemandState::Rejected => (
                        Some(workers[d.community]),
                        DemandEvent::Reject { reason: d.reason.unwrap_or_default().to_owned(), due_at },
                    ),
                    DemandState::Referred => (
                        Some(workers[d.community]),
                        DemandEvent::Refer {
                            referred_to: d.referred_to.unwrap_or_default().to_owned(),
                            reason: d.reason.unwrap_or_default().to_owned(),
                            due_at,
                        },
                    ),
                    DemandState::Merged => {
                        let target = d.merged_into.map(|j| uuid_of(&drafts[j].id)).transpose()?;
                        let merged_into_id = target.ok_or(Error::Corrupt("merge target"))?;
                        (Some(workers[d.community]), DemandEvent::Merge { merged_into_id, due_at })
                    }
                    _ => (Some(author_id), DemandEvent::Withdraw),
                };
                let to = if taken.is_some() { DemandState::Published } else { d.state };
                push(
                    &mut event_rows,
                    v7(d.handled, &mut rng),
                    &d.id,
                    actor,
                    (Some(DemandState::Submitted), to),
                    event,
                    d.handled,
                )?;
            }
            if let Some(t) = taken {
                let states = (Some(DemandState::Published), DemandState::Accepted);
                let event = DemandEvent::Accept { project_id };
                push(&mut event_rows, v7(t, &mut rng), &d.id, Some(committees[d.street]), states, event, t)?;
            }
            if let Some(t) = closed {
                let states = (Some(DemandState::Accepted), DemandState::Resolved);
                let event = DemandEvent::Resolve { project_id, case_id: None };
                push(&mut event_rows, v7(t, &mut rng), &d.id, None, states, event, t)?;
            }
            if let Some(j) = d.merged_into {
                let event =
                    DemandEvent::MergeIn { merged_from_id: uuid_of(&d.id)?, cosigns_moved: i64::from(d.merge_added) };
                let states = (Some(DemandState::Published), DemandState::Published);
                let target_unit = match drafts[j].unit {
                    Unit::Compound(x) => tree.compounds[x].as_str(),
                    Unit::Community(x) => tree.communities[x].as_str(),
                };
                let id = v7(d.handled, &mut rng);
                let row = demand_event(id, &drafts[j].id, None, states, &event, target_unit, street_id, at(d.handled))?;
                event_rows.push(row);
            }
            for &(r, when, by_merge) in &d.cosigners {
                let user_id = residents.ids[r].as_str();
                cosign_rows.push(CosignRow { demand_id: d.id.clone(), user_id, created_at: at(when) });
                // A merge's co-sign has the merge_in event instead.
                if !by_merge {
                    let states = (Some(DemandState::Published), DemandState::Published);
                    push(&mut event_rows, v7(when, &mut rng), &d.id, Some(user_id), states, DemandEvent::Cosign, when)?;
                }
            }
        }
        for d in &drafts {
            let demand = u32::try_from(index.demand_ids.len()).map_err(|_| Error::Corrupt("demand count"))?;
            let mut terms: BTreeSet<u32> = description_terms[d.text].iter().copied().collect();
            terms.extend(domain::text::search_terms(&d.title).into_iter().map(|term| index.number(term)));
            index.postings.extend(terms.into_iter().map(|term| (u64::from(term) << 32) | u64::from(demand)));
            index.demand_ids.push(d.id.clone());
        }
        bulk_insert!(conn, demands::table, &demand_rows);
        bulk_insert!(conn, demand_cosigns::table, &cosign_rows);
        bulk_insert!(conn, events::table, &event_rows);
        summary.demands += demand_rows.len();
        summary.cosigns += cosign_rows.len();
        summary.events += event_rows.len();
        if summary.demands >= next_report || summary.demands == options.demands {
            next_report += 100_000;
            tracing::info!(
                demands = summary.demands,
                cosigns = summary.cosigns,
                events = summary.events,
                secs = started.elapsed().as_secs(),
                "generating"
            );
        }
    }
    let (written, builders) = pipeline.write(conn, &tree, &committees, password_hash, &mut rng, t0)?;
    summary.users += builders;
    summary.projects = written.projects;
    summary.resources = written.resources;
    summary.claims = written.claims;
    summary.events += written.events;
    tracing::info!(
        projects = written.projects,
        resources = written.resources,
        claims = written.claims,
        "pipeline written"
    );
    let district = parties::District {
        tree: &tree,
        workers: &workers,
        committees: &committees,
        residents: &residents,
        t0,
        start,
        end,
    };
    let partners = parties::write(conn, &district, password_hash, &mut rng)?;
    summary.users += partners.accounts;
    summary.events += partners.events;
    // Each co-builder account speaks for an organisation of its own.
    summary.organizations = builders + partners.organizations;
    summary.volunteers = partners.volunteers;
    summary.cases = partners.cases;
    summary.activities = partners.activities;
    summary.signups = partners.signups;
    summary.service_records = partners.service_records;
    tracing::info!(
        organizations = partners.organizations,
        cases = partners.cases,
        activities = partners.activities,
        service_records = partners.service_records,
        "five parties written"
    );
    Ok((summary, index))
}

/// Writes the search index, term by term, two million rows per transaction.
fn write_terms(
    conn: &mut DbConnection,
    mut index: TermIndex,
    after_each: &dyn Fn(&mut DbConnection) -> Result<()>,
) -> Result<usize> {
    // Numbered in the index's own order (bytewise, as SQLite and PostgreSQL's "C" compare),
    // so that the sorted postings are appended to the index from its first row to its last.
    let mut order: Vec<u32> = (0..u32::try_from(index.terms.len()).unwrap_or(u32::MAX)).collect();
    order.sort_unstable_by(|a, b| index.terms[*a as usize].cmp(&index.terms[*b as usize]));
    let mut rank = vec![0_u64; order.len()];
    for (r, term) in order.iter().enumerate() {
        rank[*term as usize] = r as u64;
    }
    for p in &mut index.postings {
        *p = (rank[(*p >> 32) as usize] << 32) | (*p & 0xFFFF_FFFF);
    }
    index.postings.sort_unstable();
    for part in index.postings.chunks(2_000_000) {
        write(conn, |conn| {
            for run in part.chunks(100_000) {
                let rows: Vec<TermRow<'_>> = run
                    .iter()
                    .map(|p| TermRow {
                        term: &index.terms[order[usize::try_from(p >> 32).unwrap_or_default()] as usize],
                        demand_id: &index.demand_ids[usize::try_from(p & 0xFFFF_FFFF).unwrap_or_default()],
                    })
                    .collect();
                bulk_insert!(conn, demand_terms::table, &rows, SQLITE_TERM_BATCH);
            }
            Ok::<_, Error>(())
        })?;
        after_each(conn)?;
    }
    Ok(index.postings.len())
}

/// The search index while demands are generated: terms and demands by number.
#[derive(Default)]
struct TermIndex {
    numbers: std::collections::HashMap<String, u32>,
    terms: Vec<String>,
    demand_ids: Vec<String>,
    postings: Vec<u64>,
}

impl TermIndex {
    fn number(&mut self, term: String) -> u32 {
        let next = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        *self.numbers.entry(term).or_insert_with_key(|term| {
            self.terms.push(term.clone());
            next
        })
    }
}

enum Unit {
    Compound(usize),
    Community(usize),
}

struct Draft {
    id: String,
    created: i64,
    /// When it was verified, rejected, merged, referred or withdrawn (unless submitted).
    handled: i64,
    state: DemandState,
    street: usize,
    community: usize,
    unit: Unit,
    author: usize,
    text: usize,
    title: String,
    /// Resident, when they co-signed, and whether a merge brought them.
    cosigners: Vec<(usize, i64, bool)>,
    /// Index (in this chunk) of the demand it was merged into.
    merged_into: Option<usize>,
    /// Whether the merge brought its author to the target as a co-signer.
    merge_added: bool,
    reason: Option<&'static str>,
    referred_to: Option<&'static str>,
    /// The project that took it (accepted, or resolved once it closed), and when.
    project: Option<(String, i64)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::{connect, Backend};

    type Seen = Vec<(String, String, String, i64, NaiveDateTime)>;

    /// Generates into a fresh SQLite file and reads the demands back in id order.
    fn generated(seed: u64) -> Seen {
        let path = std::env::temp_dir().join(format!("gongzhi-generate-{}.db", uuid::Uuid::now_v7().simple()));
        let backend = Backend::Sqlite(path.to_string_lossy().into_owned());
        let seen = {
            let pool = connect(&backend, 1).expect("migrates");
            let mut conn = pool.get().expect("connection");
            generate(&mut conn, Options { demands: 300, seed }, "$argon2id$not-a-real-hash").expect("generates");
            demands::table
                .order(demands::id.asc())
                .select((demands::id, demands::title, demands::state, demands::cosign_count, demands::created_at))
                .load(&mut *conn)
                .expect("demands")
        };
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
        seen
    }

    #[test]
    fn the_same_seed_gives_the_same_demands_and_ids_follow_time() {
        let a = generated(3);
        assert_eq!(a.len(), 300);
        assert_eq!(a, generated(3));
        assert_ne!(a, generated(4));
        assert!(a.windows(2).all(|w| w[0].4 <= w[1].4), "ids sort by created_at");
    }
}

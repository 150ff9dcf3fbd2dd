//! The demand list (群众下单): filing, the lifecycle of SPEC §4.1, co-signs, lists.

pub mod open311;

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::access::{Actor, Capability, Role};
use domain::demand::{
    self, ActionFields, ApiKeyFiler, By, DemandAction, DemandAllowedAction, DemandCategory, DemandDescription,
    DemandEvent, DemandFacts, DemandMine, DemandReach, DemandSource, DemandState, DemandTitle, Effect, MergeTarget,
    Support,
};
use domain::org_unit::{UnitKind, UnitPath};
use domain::values::Phone;
use uuid::Uuid;

use crate::connection::write;
use crate::events::{self, NewEvent};
use crate::schema::{demand_cosigns, demand_terms, demands, org_units, users};
use crate::util::{
    like_pattern, like_prefix, new_id, now, opt_uuid, parsed, path_string, unit_path, utc, uuid, Keyset, Page, Paged,
};
use crate::{org_units as units, DbConnection, Error, Result};

#[derive(Debug, Clone)]
pub struct Demand {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub category: DemandCategory,
    pub unit_id: Uuid,
    pub unit_path: UnitPath,
    pub community_id: Uuid,
    pub street_id: Uuid,
    pub state: DemandState,
    pub source: DemandSource,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    /// The number given when it was filed for someone (a visit, a call, Open311); a
    /// resident's own filing has none here (its account's is read instead).
    pub author_phone: Option<String>,
    pub cosign_count: i64,
    pub project_id: Option<Uuid>,
    /// The coordination case that took it up (a property matter).
    pub case_id: Option<Uuid>,
    pub merged_into_id: Option<Uuid>,
    pub reason: Option<String>,
    pub referred_to: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Demand {
    pub fn facts(&self) -> DemandFacts<'_> {
        DemandFacts {
            id: self.id,
            state: self.state,
            author_id: self.author_id,
            unit_path: &self.unit_path,
            street_id: self.street_id,
        }
    }

    /// Past its deadline in its current state (吹哨).
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        self.due_at.is_some_and(|due| now > due)
    }

    /// What `actor` may do to it now: the same rules that authorise the transition and the
    /// co-sign.
    pub fn allowed_actions(&self, actor: &Actor, reader: &ReaderSupport) -> Vec<DemandAllowedAction> {
        demand::reader_actions(actor, &self.facts(), reader.of(self.id))
    }
}

/// A reader's own part in the demands it is shown: the unit paths of its resident grants
/// (where it lives, for co-signing) and which of the demands it has co-signed, as long as it
/// is a resident somewhere. Loaded once per response, not per demand.
pub struct ReaderSupport {
    grant_paths: Vec<UnitPath>,
    cosigned: HashSet<Uuid>,
}

impl ReaderSupport {
    pub fn load(conn: &mut DbConnection, actor: &Actor, ids: &[Uuid]) -> Result<Self> {
        let homes = demand::resident_homes(actor);
        let grant_paths = if homes.is_empty() { Vec::new() } else { units::paths_of(conn, &homes)? };
        // Only residents co-sign: an official's lists (most of the reads) skip the query.
        let cosigned = if ids.is_empty() || homes.is_empty() {
            HashSet::new()
        } else {
            let rows: Vec<String> = demand_cosigns::table
                .filter(demand_cosigns::user_id.eq(actor.user_id.to_string()))
                .filter(demand_cosigns::demand_id.eq_any(ids.iter().map(Uuid::to_string)))
                .select(demand_cosigns::demand_id)
                .load(conn)?;
            rows.iter().map(|id| uuid(id, "co-signed demand")).collect::<Result<_>>()?
        };
        Ok(ReaderSupport { grant_paths, cosigned })
    }

    pub fn of(&self, id: Uuid) -> Support<'_> {
        Support { grant_paths: &self.grant_paths, cosigned: self.cosigned.contains(&id) }
    }

    pub fn cosigned(&self, id: Uuid) -> bool {
        self.cosigned.contains(&id)
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = demands)]
struct Row {
    id: String,
    title: String,
    description: String,
    category: String,
    unit_id: String,
    community_id: String,
    street_id: String,
    state: String,
    source: String,
    author_id: Option<String>,
    author_name: String,
    author_phone: Option<String>,
    cosign_count: i64,
    project_id: Option<String>,
    case_id: Option<String>,
    merged_into_id: Option<String>,
    reason: Option<String>,
    referred_to: Option<String>,
    due_at: Option<NaiveDateTime>,
    published_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

/// A demand row joined with its unit's path.
impl TryFrom<(Row, String)> for Demand {
    type Error = Error;
    fn try_from((r, path): (Row, String)) -> Result<Self> {
        Ok(Demand {
            id: uuid(&r.id, "demand id")?,
            title: r.title,
            description: r.description,
            category: parsed(&r.category, DemandCategory::parse, "demand category")?,
            unit_id: uuid(&r.unit_id, "demand unit")?,
            unit_path: unit_path(&path)?,
            community_id: uuid(&r.community_id, "demand community")?,
            street_id: uuid(&r.street_id, "demand street")?,
            state: parsed(&r.state, DemandState::parse, "demand state")?,
            source: parsed(&r.source, DemandSource::parse, "demand source")?,
            author_id: opt_uuid(r.author_id.as_deref(), "demand author")?,
            author_name: r.author_name,
            author_phone: r.author_phone,
            cosign_count: r.cosign_count,
            project_id: opt_uuid(r.project_id.as_deref(), "demand project")?,
            case_id: opt_uuid(r.case_id.as_deref(), "demand case")?,
            merged_into_id: opt_uuid(r.merged_into_id.as_deref(), "merged demand")?,
            reason: r.reason,
            referred_to: r.referred_to,
            due_at: r.due_at.map(utc),
            published_at: r.published_at.map(utc),
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        })
    }
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Demand> {
    let row: Option<(Row, String)> = demands::table
        .inner_join(org_units::table)
        .filter(demands::id.eq(id.to_string()))
        .select((Row::as_select(), org_units::path))
        .first(conn)
        .optional()?;
    row.ok_or(Error::NotFound("demand"))?.try_into()
}

/// How far `actor` sees (see [`demand::DemandReach`]): its read scopes, its own demands, and
/// the streets it lives in, whose paths are loaded here.
fn reach(conn: &mut DbConnection, actor: &Actor) -> Result<DemandReach> {
    let homes = demand::resident_homes(actor);
    let paths = if homes.is_empty() { Vec::new() } else { units::paths_of(conn, &homes)? };
    Ok(DemandReach::of(actor, &paths))
}

/// Which of `ids` `actor` may open as a record (`GET /demands/{id}`, [`demand::sees`]); the
/// rest it reads on the public board, when they are public.
pub fn readable(conn: &mut DbConnection, actor: &Actor, ids: &[Uuid]) -> Result<HashSet<Uuid>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let reach = reach(conn, actor)?;
    let rows: Vec<(Row, String)> = demands::table
        .inner_join(org_units::table)
        .filter(demands::id.eq_any(ids.iter().map(Uuid::to_string)))
        .select((Row::as_select(), org_units::path))
        .load(conn)?;
    let found = rows.into_iter().map(Demand::try_from).collect::<Result<Vec<_>>>()?;
    Ok(found.iter().filter(|d| demand::sees(&reach, &d.facts())).map(|d| d.id).collect())
}

/// A demand `actor` sees ([`demand::sees`]); everyone else is told it does not exist.
pub fn find_visible(conn: &mut DbConnection, actor: &Actor, id: Uuid) -> Result<Demand> {
    let d = find(conn, id)?;
    if demand::sees(&reach(conn, actor)?, &d.facts()) {
        Ok(d)
    } else {
        Err(Error::NotFound("demand"))
    }
}

/// A public demand (SPEC §4.7); anything else does not exist for the public.
pub fn find_public(conn: &mut DbConnection, id: Uuid) -> Result<Demand> {
    let d = find(conn, id)?;
    if d.state.is_public() {
        Ok(d)
    } else {
        Err(Error::NotFound("demand"))
    }
}

#[derive(Debug, Clone)]
pub struct NewDemand {
    pub title: DemandTitle,
    pub description: DemandDescription,
    pub category: DemandCategory,
    pub unit_id: Uuid,
    pub source: DemandSource,
    /// For staff filing on someone's behalf: the resident's name as they gave it.
    pub on_behalf_of: Option<String>,
    /// And the number to call them back on.
    pub author_phone: Option<Phone>,
}

/// The numbers to call the authors of `found` back on, by demand, for the demands `actor`
/// may see them on: the one given at filing, else the author's account's.
pub fn author_phones(conn: &mut DbConnection, actor: &Actor, found: &[Demand]) -> Result<HashMap<Uuid, String>> {
    let shown: Vec<&Demand> = found.iter().filter(|d| demand::shows_author_phone(actor, &d.facts())).collect();
    let accounts: Vec<String> = shown
        .iter()
        .filter(|d| d.author_phone.is_none())
        .filter_map(|d| d.author_id.map(|a| a.to_string()))
        .collect();
    let account_phones: HashMap<String, String> = if accounts.is_empty() {
        HashMap::new()
    } else {
        users::table
            .filter(users::id.eq_any(accounts))
            .filter(users::phone.is_not_null())
            .select((users::id, users::phone.assume_not_null()))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect()
    };
    Ok(shown
        .into_iter()
        .filter_map(|d| {
            let phone = d.author_phone.clone().or_else(|| {
                d.author_id.and_then(|a| account_phones.get(&a.to_string()).cloned())
            })?;
            Some((d.id, phone))
        })
        .collect())
}

/// Files a demand and returns it with up to five similar live demands of its community.
pub fn create(conn: &mut DbConnection, actor: &Actor, new: NewDemand) -> Result<(Demand, Vec<Demand>)> {
    let created = write(conn, |conn| {
        let unit = units::placement_for_field(conn, new.unit_id, "unit_id")?;
        demand::authorize_create(actor, unit.kind, &unit.path, new.source)?;
        let (author_id, author_name, author_phone) = match new.source {
            DemandSource::App => {
                let name: String =
                    users::table.find(actor.user_id.to_string()).select(users::display_name).first(conn)?;
                (Some(actor.user_id), name, None)
            }
            _ => (None, resident_name(new.on_behalf_of.as_deref()), new.author_phone.clone()),
        };
        let filing = Filing { author_id, author_name, author_phone, filed_by_id: Some(actor.user_id), via: None };
        let id = insert(conn, &unit.path, &new, filing)?;
        find(conn, id)
    })?;
    // After the commit: ranking the suggestions must not hold the write lock. A neighbour's
    // demand is suggested only once it is public: an unverified one is not the resident's
    // to read (or co-sign) yet.
    let similar = similar_to(conn, &created)?
        .into_iter()
        .filter(|s| s.state == DemandState::Published || demand::shows_author(actor, &s.facts()))
        .collect();
    Ok((created, similar))
}

/// The name a demand is filed under when no resident's account is its author: the one
/// given, or 居民 (a resident).
pub(crate) fn resident_name(given: Option<&str>) -> String {
    given.filter(|n| !n.trim().is_empty()).map_or_else(|| "居民".to_owned(), str::to_owned)
}

/// Who a new demand is from: its author's account (a resident's own filing) or the name
/// given, and who put it in (a user, or an integration's key).
pub(crate) struct Filing {
    pub author_id: Option<Uuid>,
    pub author_name: String,
    /// Given for a resident filed for; a resident's own filing reads its account's.
    pub author_phone: Option<Phone>,
    pub filed_by_id: Option<Uuid>,
    pub via: Option<ApiKeyFiler>,
}

/// Writes a new demand, its search terms and its `create` event; the caller has decided
/// it may be filed at `unit`.
pub(crate) fn insert(conn: &mut DbConnection, unit: &UnitPath, new: &NewDemand, filing: Filing) -> Result<Uuid> {
    let (district, street, community) = match unit.ids() {
        [d, s, c, ..] => (*d, *s, *c),
        _ => return Err(Error::Corrupt("demand unit path")),
    };
    let deadlines = units::deadlines(conn, district)?;
    let id = new_id();
    let t = now();
    let due = demand::due_at(DemandState::Submitted, utc(t), None, deadlines).map(|d| d.naive_utc());
    diesel::insert_into(demands::table)
        .values((
            demands::id.eq(id.to_string()),
            demands::title.eq(new.title.as_str()),
            demands::description.eq(new.description.as_str()),
            demands::category.eq(new.category.as_str()),
            demands::unit_id.eq(new.unit_id.to_string()),
            demands::community_id.eq(community.to_string()),
            demands::street_id.eq(street.to_string()),
            demands::state.eq(DemandState::Submitted.as_str()),
            demands::listed.eq(DemandState::Submitted.is_public()),
            demands::source.eq(new.source.as_str()),
            demands::author_id.eq(filing.author_id.map(|a| a.to_string())),
            demands::author_name.eq(&filing.author_name),
            demands::author_phone.eq(filing.author_phone.as_ref().map(Phone::as_str)),
            demands::filed_by_id.eq(filing.filed_by_id.map(|a| a.to_string())),
            demands::cosign_count.eq(0_i64),
            demands::due_at.eq(due),
            demands::created_at.eq(t),
            demands::updated_at.eq(t),
            demands::version.eq(1_i64),
        ))
        .execute(conn)?;
    crate::demand_terms::index(conn, id, new.title.as_str(), new.description.as_str())?;
    events::append(
        conn,
        NewEvent {
            entity_id: id,
            unit: Some(unit),
            actor_id: filing.filed_by_id,
            from_state: None,
            to_state: Some(DemandState::Submitted.as_str()),
            event: DemandEvent::Create { source: new.source, via: filing.via },
        },
    )?;
    Ok(id)
}

/// How many of a community's newest live demands of a category a new one is compared with.
const SIMILAR_CANDIDATES: i64 = 200;

/// At most this many of a search's terms narrow it through the index; the rest are checked
/// by the substring match that follows, on the few rows the first ones leave.
const SEARCH_TERMS: usize = 4;

/// Live demands of the same community and category whose words overlap (bigrams), best first.
pub fn similar_to(conn: &mut DbConnection, d: &Demand) -> Result<Vec<Demand>> {
    let text = format!("{} {}", d.title, d.description);
    similar(conn, d.community_id, Some(d.category), &text, Some(d.id))
}

/// The live demands a resident should see before filing `text` at `unit_id` (a community or
/// compound): what filing it would suggest, in any category when none is chosen yet.
pub fn similar_for_draft(
    conn: &mut DbConnection,
    actor: &Actor,
    unit_id: Uuid,
    category: Option<DemandCategory>,
    text: &str,
) -> Result<Vec<Demand>> {
    let unit = units::placement_for_field(conn, unit_id, "unit_id")?;
    demand::authorize_similar_lookup(actor, unit.kind, &unit.path)?;
    let community = *unit.path.ids().get(2).ok_or(Error::Corrupt("demand unit path"))?;
    Ok(similar(conn, community, category, text, None)?
        .into_iter()
        .filter(|s| s.state == DemandState::Published || demand::shows_author(actor, &s.facts()))
        .collect())
}

fn similar(
    conn: &mut DbConnection,
    community: Uuid,
    category: Option<DemandCategory>,
    text: &str,
    except: Option<Uuid>,
) -> Result<Vec<Demand>> {
    // The newest few hundred of the community's category are plenty (an old live demand is
    // overdue and escalated), and reading no more keeps filing flat in the community's size:
    // `demands_community_category` walks them newest first (`demands_community_state`
    // when no category is chosen yet).
    let mut query = demands::table
        .filter(demands::community_id.eq(community.to_string()))
        .filter(demands::state.eq_any(live_states()))
        .order(demands::id.desc())
        .limit(SIMILAR_CANDIDATES)
        .select((demands::id, demands::title, demands::description))
        .into_boxed();
    if let Some(category) = category {
        query = query.filter(demands::category.eq(category.as_str()));
    }
    if let Some(except) = except {
        query = query.filter(demands::id.ne(except.to_string()));
    }
    let candidates: Vec<(String, String, String)> = query.load(conn)?;
    let ranked: Vec<String> =
        domain::text::most_similar(text, candidates.into_iter().map(|(id, t, desc)| (id, format!("{t} {desc}"))))
            .into_iter()
            .take(domain::text::MAX_SIMILAR)
            .map(|(id, _)| id)
            .collect();
    // One query for the chosen few, then back into the ranking's order.
    let rows: Vec<(Row, String)> = demands::table
        .inner_join(org_units::table)
        .filter(demands::id.eq_any(&ranked))
        .select((Row::as_select(), org_units::path))
        .load(conn)?;
    let mut found = rows.into_iter().map(Demand::try_from).collect::<Result<Vec<_>>>()?;
    found.sort_by_key(|s| ranked.iter().position(|id| *id == s.id.to_string()));
    Ok(found)
}

/// How a list is ordered; the cursor carries the sort key of the last item seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Newest first.
    #[default]
    Newest,
    /// Most co-signed first: the street's queue.
    Cosigns,
    /// Earliest deadline first, so overdue demands lead; only demands whose clock runs.
    Due,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<DemandState>,
    pub category: Option<DemandCategory>,
    /// At this unit or below it.
    pub unit_id: Option<Uuid>,
    pub q: Option<String>,
    pub overdue: Option<bool>,
    /// Only the reader's own: ignored on the public board, which has no reader.
    pub mine: Option<DemandMine>,
    pub sort: Sort,
}

/// Which demands a list may show at all.
pub enum Audience<'a> {
    /// Officials see their scopes; residents their own and the public ones of their street.
    User(&'a Actor),
    /// The public board: public states only.
    Public,
}

/// A condition on a demand joined with its unit.
type Scope = Box<
    dyn BoxableExpression<
        diesel::dsl::InnerJoinQuerySource<demands::table, org_units::table>,
        crate::connection::MultiBackend,
        SqlType = diesel::sql_types::Bool,
    >,
>;

/// The demands at `unit` or below it, as one condition on the demand's own columns where
/// the unit's kind allows (an index then serves it), else on its unit's path.
fn under(conn: &mut DbConnection, unit: Uuid, field: &'static str) -> Result<Scope> {
    let placement = units::placement_for_field(conn, unit, field)?;
    let id = unit.to_string();
    Ok(match placement.kind {
        UnitKind::Street => Box::new(demands::street_id.eq(id)),
        UnitKind::Community => Box::new(demands::community_id.eq(id)),
        UnitKind::Compound => Box::new(demands::unit_id.eq(id)),
        // A district holds every demand of its tree. As a range on the unit's path, SQLite
        // (without STAT4's samples) guessed the range narrow, read the units first and
        // sorted their demands: 24 req/s for the district's queue. A LIKE with ESCAPE is
        // never driven by an index on SQLite, so the demands' own order leads and each
        // row's unit is checked; PostgreSQL plans it from its statistics either way.
        UnitKind::District => Box::new(org_units::path.like(like_prefix(&path_string(&placement.path))).escape('\\')),
    })
}

/// Every condition of a list but its keyset position: who may see what, and the filters.
/// Built again for each query a list makes (boxed conditions cannot be cloned); the unit
/// lookups it needs are cached.
fn conditions(conn: &mut DbConnection, audience: &Audience<'_>, filter: &Filter) -> Result<Vec<Scope>> {
    let mut all: Vec<Scope> = Vec::new();
    all.push(match audience {
        Audience::Public => Box::new(demands::listed.eq(true)),
        Audience::User(actor) => {
            // [`demand::sees`], clause by clause, OR-ed. A lone clause is one equality an
            // index serves; every extra clause makes the engines gather and sort, so the
            // reach holds a clause only where the reader needs it: only residents have
            // demands of their own and a street to read.
            let reach = reach(conn, actor)?;
            let mut clauses: Vec<Scope> = Vec::new();
            for unit in &reach.units {
                clauses.push(under(conn, *unit, "unit_id")?);
            }
            if let Some(me) = reach.own {
                clauses.push(Box::new(demands::author_id.eq(me.to_string()).assume_not_null()));
            }
            if !reach.public_in_streets.is_empty() {
                let streets: Vec<String> = reach.public_in_streets.iter().map(Uuid::to_string).collect();
                // `listed` is the stored `state.is_public()`.
                clauses.push(Box::new(demands::street_id.eq_any(streets).and(demands::listed.eq(true))));
            }
            clauses
                .into_iter()
                .reduce(|a, b| Box::new(a.or(b)))
                .unwrap_or_else(|| Box::new(false.into_sql::<diesel::sql_types::Bool>()))
        }
    });
    if let Some(state) = filter.state {
        all.push(Box::new(demands::state.eq(state.as_str())));
    }
    if let Some(category) = filter.category {
        all.push(Box::new(demands::category.eq(category.as_str())));
    }
    if let Some(unit) = filter.unit_id {
        all.push(under(conn, unit, "unit_id")?);
    }
    if let Some(q) = &filter.q {
        // Exact in every case; the index (below) only decides which rows are read.
        let pattern = like_pattern(q);
        all.push(Box::new(
            demands::title.like(pattern.clone()).escape('\\').or(demands::description.like(pattern).escape('\\')),
        ));
    }
    if let (Some(mine), Audience::User(actor)) = (filter.mine, audience) {
        let me = actor.user_id.to_string();
        all.push(match mine {
            DemandMine::Filed => Box::new(demands::author_id.eq(me).assume_not_null()),
            DemandMine::Cosigned => Box::new(demands::id.eq_any(
                demand_cosigns::table.filter(demand_cosigns::user_id.eq(me)).select(demand_cosigns::demand_id),
            )),
        });
    }
    let t = now();
    match filter.overdue {
        Some(true) => all.push(Box::new(demands::due_at.lt(t).assume_not_null())),
        Some(false) => all.push(Box::new(demands::due_at.is_null().or(demands::due_at.ge(t)).assume_not_null())),
        None => {}
    }
    if filter.sort == Sort::Due {
        all.push(Box::new(demands::due_at.is_not_null()));
    }
    Ok(all)
}

/// The keyset condition: items after `after` in the list's order. Newest first goes by id
/// alone; the other orders by their key (co-signs, or the deadline in microseconds), then id.
fn after_condition(sort: Sort, after: Keyset) -> Result<Scope> {
    Ok(match sort {
        Sort::Newest => Box::new(demands::id.lt(after.id.to_string())),
        Sort::Cosigns => {
            let key = after.require_key()?;
            Box::new(
                demands::cosign_count
                    .lt(key)
                    .or(demands::cosign_count.eq(key).and(demands::id.lt(after.id.to_string()))),
            )
        }
        Sort::Due => {
            let key = DateTime::from_timestamp_micros(after.require_key()?).map(|d| d.naive_utc()).unwrap_or_default();
            Box::new(
                demands::due_at
                    .gt(key)
                    .or(demands::due_at.eq(key).and(demands::id.gt(after.id.to_string())))
                    .assume_not_null(),
            )
        }
    })
}

/// One query of a list: its conditions, `extra` ones, in its order, at most `limit` rows.
fn query_page(
    conn: &mut DbConnection,
    audience: &Audience<'_>,
    filter: &Filter,
    extra: Vec<Scope>,
    limit: i64,
) -> Result<Vec<Demand>> {
    let mut query =
        demands::table.inner_join(org_units::table).select((Row::as_select(), org_units::path)).into_boxed();
    for condition in conditions(conn, audience, filter)?.into_iter().chain(extra) {
        query = query.filter(condition);
    }
    query = match (filter.sort, audience) {
        // The same order, spelled as the board's own index `(listed, id)`: PostgreSQL, told
        // most demands are listed, walked the primary key backwards instead and skipped the
        // unverified backlog at the newest end (4,003 rows, 7 ms at 1M; now 0.13 ms).
        (Sort::Newest, Audience::Public) => query.order((demands::listed.desc(), demands::id.desc())),
        (Sort::Newest, Audience::User(_)) => query.order(demands::id.desc()),
        (Sort::Cosigns, _) => query.order((demands::cosign_count.desc(), demands::id.desc())),
        (Sort::Due, _) => query.order((demands::due_at.asc(), demands::id.asc())),
    };
    let rows: Vec<(Row, String)> = query.limit(limit).load(conn)?;
    rows.into_iter().map(Demand::try_from).collect()
}

/// How many of the index's rows a search reads per round: a word in every tenth demand
/// fills a page in the first round; a rare one is read out in a round or two. Each round's
/// ids are bound one by one on SQLite, whose limit is 32,766 per statement.
const SEARCH_WINDOWS: [i64; 4] = [256, 1_024, 4_096, 16_384];

pub fn list(conn: &mut DbConnection, audience: Audience<'_>, filter: &Filter, page: Page) -> Result<Paged<Demand>> {
    let (limit, after) = (page.limit, page.after);
    let want = usize::try_from(limit).unwrap_or(0);
    let terms = filter.q.as_deref().map(domain::text::search_terms).unwrap_or_default();
    let narrow = narrow_scope(conn, &audience, filter)?;
    let (items, more) =
        match rarest_term(conn, terms)? {
            Some(term) if filter.sort == Sort::Newest && !narrow => {
                search_newest(conn, &audience, filter, &term, limit, after.map(|a| a.id))?
            }
            rarest => {
                // Another order, or a community's few thousand demands: rows are read in the
                // order's index; a wider list's rows are each checked against the demands
                // holding the search's rarest word.
                let mut extra: Vec<Scope> =
                    after.map(|a| after_condition(filter.sort, a)).transpose()?.into_iter().collect();
                if let Some(term) = rarest.filter(|_| !narrow) {
                    extra.push(Box::new(demands::id.eq_any(
                        demand_terms::table.filter(demand_terms::term.eq(term)).select(demand_terms::demand_id),
                    )));
                }
                let mut items = query_page(conn, &audience, filter, extra, page.fetch())?;
                let more = items.len() > want;
                items.truncate(want);
                let last = items.last().map(|d| d.id).filter(|_| more);
                (items, last)
            }
        };
    let next = more.map(|last| {
        let item = items.iter().find(|d| d.id == last);
        match (filter.sort, item) {
            (Sort::Newest, _) => Keyset::id(last),
            (Sort::Cosigns, d) => Keyset::keyed(d.map(|d| d.cosign_count).unwrap_or_default(), last),
            (Sort::Due, d) => {
                Keyset::keyed(d.and_then(|d| d.due_at).map(|t| t.timestamp_micros()).unwrap_or_default(), last)
            }
        }
    });
    Ok(Paged { items, next })
}

/// Whether a list holds one community's demands at most (a worker's queue, or a list
/// filtered to a community or compound): its own index then reads a few thousand rows at
/// worst, fewer than the search index would.
fn narrow_scope(conn: &mut DbConnection, audience: &Audience<'_>, filter: &Filter) -> Result<bool> {
    let small = |kind: UnitKind| matches!(kind, UnitKind::Community | UnitKind::Compound);
    if let Some(unit) = filter.unit_id {
        if units::placement_for_field(conn, unit, "unit_id").is_ok_and(|p| small(p.kind)) {
            return Ok(true);
        }
    }
    let Audience::User(actor) = audience else { return Ok(false) };
    if actor.grants.iter().any(|g| g.role == Role::Resident) {
        return Ok(false);
    }
    let scopes = actor.scope_units(Capability::ReadDemands);
    Ok(!scopes.is_empty() && units::placements(conn, &scopes)?.iter().all(|p| small(p.kind)))
}

/// Of a search's words, the one the fewest demands hold (counted up to a bound: past it,
/// all are common), so that the index is walked where it is shortest.
fn rarest_term(conn: &mut DbConnection, terms: BTreeSet<String>) -> Result<Option<String>> {
    const COUNTED: i64 = 2_000;
    if terms.len() <= 1 {
        return Ok(terms.into_iter().next());
    }
    let mut best: Option<(i64, String)> = None;
    for term in terms.into_iter().take(SEARCH_TERMS) {
        let n = demand_terms::table
            .filter(demand_terms::term.eq(&term))
            .select(demand_terms::demand_id)
            .limit(COUNTED)
            .load::<String>(conn)?
            .len();
        let n = i64::try_from(n).unwrap_or(COUNTED);
        if best.as_ref().is_none_or(|(fewest, _)| n < *fewest) {
            best = Some((n, term));
        }
    }
    Ok(best.map(|(_, term)| term))
}

/// Newest first through the search index: the demands holding `term` are read from the
/// index newest first, a window at a time, and each window's rows are checked against the
/// list's conditions, until the page is full or the index runs out. A search reads at
/// most the sum of [`SEARCH_WINDOWS`] index rows per page: a word common in the district
/// but rare in the caller's scope then gives a short page whose cursor goes on from there.
/// Returns the items and, when more may follow, the id to continue after.
fn search_newest(
    conn: &mut DbConnection,
    audience: &Audience<'_>,
    filter: &Filter,
    term: &str,
    limit: i64,
    mut after: Option<Uuid>,
) -> Result<(Vec<Demand>, Option<Uuid>)> {
    let want = usize::try_from(limit).unwrap_or(0);
    let mut items: Vec<Demand> = Vec::with_capacity(want + 1);
    for window in SEARCH_WINDOWS {
        let mut postings = demand_terms::table
            .filter(demand_terms::term.eq(term))
            .select(demand_terms::demand_id)
            .order(demand_terms::demand_id.desc())
            .limit(window)
            .into_boxed();
        if let Some(a) = after {
            postings = postings.filter(demand_terms::demand_id.lt(a.to_string()));
        }
        let ids: Vec<String> = postings.load(conn)?;
        let exhausted = ids.len() < usize::try_from(window).unwrap_or(0);
        let Some(last) = ids.last().map(|id| uuid(id, "demand id")).transpose()? else {
            return Ok((items, None));
        };
        let room = limit + 1 - i64::try_from(items.len()).unwrap_or(0);
        items.extend(query_page(conn, audience, filter, vec![Box::new(demands::id.eq_any(ids))], room)?);
        if items.len() > want {
            items.truncate(want);
            let last = items.last().map(|d| d.id);
            return Ok((items, last));
        }
        if exhausted {
            return Ok((items, None));
        }
        after = Some(last);
    }
    Ok((items, after))
}

/// The raw fields of a transition request; `domain` decides which matter.
#[derive(Debug, Clone, Default)]
pub struct TransitionRequest {
    pub version: i64,
    pub reason: Option<String>,
    pub referred_to: Option<String>,
    pub target_id: Option<Uuid>,
}

fn cosigners(conn: &mut DbConnection, id: Uuid) -> Result<BTreeSet<Uuid>> {
    let ids: Vec<String> = demand_cosigns::table
        .filter(demand_cosigns::demand_id.eq(id.to_string()))
        .select(demand_cosigns::user_id)
        .load(conn)?;
    ids.iter().map(|i| uuid(i, "co-signer")).collect()
}

pub fn transition(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    action: DemandAction,
    req: TransitionRequest,
) -> Result<Demand> {
    write(conn, |conn| {
        let d = find_visible(conn, actor, id)?;
        let merge_target = match (action, req.target_id) {
            (DemandAction::Merge, Some(target_id)) => match find(conn, target_id) {
                Ok(t) => Some(t),
                Err(Error::NotFound(_)) => {
                    demand::authorize(action, By::User(actor), &d.facts())?;
                    return Err(
                        domain::Error::invalid("target_id", "unknown_demand", "target_id names no demand").into()
                    );
                }
                Err(e) => return Err(e),
            },
            _ => None,
        };
        let target = merge_target.as_ref().map(|t| MergeTarget { id: t.id, state: t.state, street_id: t.street_id });
        let fields = ActionFields {
            reason: req.reason.as_deref(),
            referred_to: req.referred_to.as_deref(),
            target,
            project_id: None,
            case_id: None,
        };
        let outcome = demand::decide(action, By::User(actor), &d.facts(), &fields)?;
        let t = now();
        let deadlines = units::deadlines(conn, d.unit_path.ids()[0])?;
        let published_at = if outcome.to == DemandState::Published { Some(utc(t)) } else { d.published_at };
        let due = demand::due_at(outcome.to, d.created_at, published_at, deadlines).map(|x| x.naive_utc());
        let (reason, referred_to, merged_into) = match &outcome.effect {
            Effect::Reject { reason } => (Some(reason.as_str().to_owned()), None, None),
            Effect::Refer { reason, referred_to } => {
                (Some(reason.as_str().to_owned()), Some(referred_to.as_str().to_owned()), None)
            }
            Effect::MergeInto { target_id } => (None, None, Some(target_id.to_string())),
            _ => (None, None, None),
        };
        // Guarded by the version read: of two officials acting on the same version, the
        // second finds 0 rows (on PostgreSQL it waits for the first's row lock, then
        // re-reads the row) and gets 409, whatever the isolation level.
        let updated = diesel::update(demands::table)
            .filter(demands::id.eq(id.to_string()))
            .filter(demands::version.eq(req.version))
            .set((
                demands::state.eq(outcome.to.as_str()),
                demands::listed.eq(outcome.to.is_public()),
                demands::reason.eq(&reason),
                demands::referred_to.eq(&referred_to),
                demands::merged_into_id.eq(&merged_into),
                demands::due_at.eq(due),
                demands::published_at.eq(published_at.map(|p| p.naive_utc())),
                demands::updated_at.eq(t),
                demands::version.eq(req.version + 1),
            ))
            .execute(conn)?;
        if updated == 0 {
            return Err(Error::StaleVersion { entity: "demand", expected: req.version });
        }
        if let (Effect::MergeInto { .. }, Some(target)) = (&outcome.effect, &merge_target) {
            move_cosigners(conn, &d, target)?;
        }
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&d.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(outcome.from.as_str()),
                to_state: Some(outcome.to.as_str()),
                event: DemandEvent::of(action, &outcome, d.due_at, d.project_id),
            },
        )?;
        find(conn, id)
    })
}

fn live_states() -> [&'static str; 2] {
    [DemandState::Submitted.as_str(), DemandState::Published.as_str()]
}

/// Co-signs move to the merge target, the merged demand's author with them (SPEC §4.1).
///
/// `target` is the target as the transaction first read it. Its row is claimed first with
/// an UPDATE guarded by that version and a live state: a target rejected or withdrawn
/// meanwhile is a 409, and on PostgreSQL the row lock makes concurrent merges into (and
/// co-signs of) the same target wait their turn, so the co-signers read next are current.
/// The count then grows by the rows inserted, never set to a number computed earlier.
fn move_cosigners(conn: &mut DbConnection, source: &Demand, target: &Demand) -> Result<()> {
    let target_id = target.id;
    let claimed = diesel::update(demands::table)
        .filter(demands::id.eq(target_id.to_string()))
        .filter(demands::version.eq(target.version))
        .filter(demands::state.eq_any(live_states()))
        .set(demands::cosign_count.eq(demands::cosign_count))
        .execute(conn)?;
    if claimed == 0 {
        return Err(domain::Error::conflict(
            "merge_target_changed",
            "the demand to merge into was changed or closed meanwhile; reload and try again",
        )
        .into());
    }
    let mut supporters = cosigners(conn, source.id)?;
    supporters.extend(source.author_id);
    let before = cosigners(conn, target_id)?;
    let after = demand::merge_cosigners(&supporters, &before, target.author_id);
    let added: Vec<Uuid> = after.difference(&before).copied().collect();
    let t = now();
    for user in &added {
        diesel::insert_into(demand_cosigns::table)
            .values((
                demand_cosigns::demand_id.eq(target_id.to_string()),
                demand_cosigns::user_id.eq(user.to_string()),
                demand_cosigns::created_at.eq(t),
            ))
            .execute(conn)
            .map_err(crate::util::duplicate("demand", "the demand to merge into changed meanwhile; try again"))?;
    }
    let n = i64::try_from(added.len()).unwrap_or(i64::MAX);
    diesel::update(demands::table.find(target_id.to_string()))
        .set(demands::cosign_count.eq(demands::cosign_count + n))
        .execute(conn)?;
    events::append(
        conn,
        NewEvent {
            entity_id: target_id,
            unit: Some(&target.unit_path),
            actor_id: None,
            from_state: Some(target.state.as_str()),
            to_state: Some(target.state.as_str()),
            event: DemandEvent::MergeIn { merged_from_id: source.id, cosigns_moved: n },
        },
    )
}

/// 附议: one co-sign per resident of the street, on a published demand.
pub fn cosign(conn: &mut DbConnection, actor: &Actor, id: Uuid) -> Result<Demand> {
    write(conn, |conn| {
        let d = find_visible(conn, actor, id)?;
        let reader = ReaderSupport::load(conn, actor, &[id])?;
        let support = reader.of(id);
        demand::authorize_cosign(actor, &d.facts(), support.grant_paths, support.cosigned)?;
        // Counted only while still published: a demand rejected or merged since it was
        // read above (PostgreSQL: the UPDATE waits for that writer, then re-reads the row)
        // takes no co-sign, and the row below is written in the same transaction.
        let counted = diesel::update(demands::table.find(id.to_string()))
            .filter(demands::state.eq(DemandState::Published.as_str()))
            .set(demands::cosign_count.eq(demands::cosign_count + 1))
            .execute(conn)?;
        if counted == 0 {
            return Err(domain::Error::conflict(
                "wrong_state",
                "the demand is no longer published; it takes no more co-signs",
            )
            .into());
        }
        diesel::insert_into(demand_cosigns::table)
            .values((
                demand_cosigns::demand_id.eq(id.to_string()),
                demand_cosigns::user_id.eq(actor.user_id.to_string()),
                demand_cosigns::created_at.eq(now()),
            ))
            .execute(conn)
            .map_err(crate::util::duplicate("demand", "you have already co-signed this demand"))?;
        events::append(
            conn,
            NewEvent {
                entity_id: id,
                unit: Some(&d.unit_path),
                actor_id: Some(actor.user_id),
                from_state: Some(d.state.as_str()),
                to_state: Some(d.state.as_str()),
                event: DemandEvent::Cosign,
            },
        )?;
        find(conn, id)
    })
}

/// A demand follows its project (SPEC §4.1's project rows): accepted when a project takes it,
/// resolved when the project closes, back on the list when it is cancelled. Guarded by the
/// version read, like every transition: a demand changed meanwhile is a 409 and the whole
/// project step rolls back.
pub fn follow_project(
    conn: &mut DbConnection,
    d: &Demand,
    action: DemandAction,
    outcome: &demand::Outcome,
    actor_id: Option<Uuid>,
) -> Result<()> {
    let t = now();
    let project_id = match &outcome.effect {
        Effect::LinkProject { project_id } => Some(*project_id),
        Effect::UnlinkProject => None,
        _ => d.project_id,
    };
    let published_at = if outcome.to == DemandState::Published { Some(utc(t)) } else { d.published_at };
    let deadlines = units::deadlines(conn, d.unit_path.ids()[0])?;
    let due = demand::due_at(outcome.to, d.created_at, published_at, deadlines).map(|x| x.naive_utc());
    let updated = diesel::update(demands::table)
        .filter(demands::id.eq(d.id.to_string()))
        .filter(demands::version.eq(d.version))
        .set((
            demands::state.eq(outcome.to.as_str()),
            demands::listed.eq(outcome.to.is_public()),
            demands::project_id.eq(project_id.map(|p| p.to_string())),
            demands::due_at.eq(due),
            demands::published_at.eq(published_at.map(|p| p.naive_utc())),
            demands::updated_at.eq(t),
            demands::version.eq(d.version + 1),
        ))
        .execute(conn)?;
    if updated == 0 {
        return Err(Error::StaleVersion { entity: "demand", expected: d.version });
    }
    events::append(
        conn,
        NewEvent {
            entity_id: d.id,
            unit: Some(&d.unit_path),
            actor_id,
            from_state: Some(outcome.from.as_str()),
            to_state: Some(outcome.to.as_str()),
            event: DemandEvent::of(action, outcome, d.due_at, project_id.or(d.project_id)),
        },
    )
}

/// A demand follows the coordination case that took it up: accepted when the case opens for
/// it, resolved when the case settles. Guarded by the version read, like every transition.
pub fn follow_case(
    conn: &mut DbConnection,
    d: &Demand,
    action: DemandAction,
    outcome: &demand::Outcome,
    case_id: Uuid,
    actor_id: Option<Uuid>,
) -> Result<()> {
    let updated = diesel::update(demands::table)
        .filter(demands::id.eq(d.id.to_string()))
        .filter(demands::version.eq(d.version))
        .set((
            demands::state.eq(outcome.to.as_str()),
            demands::listed.eq(outcome.to.is_public()),
            demands::case_id.eq(Some(case_id.to_string())),
            demands::due_at.eq(None::<NaiveDateTime>),
            demands::updated_at.eq(now()),
            demands::version.eq(d.version + 1),
        ))
        .execute(conn)?;
    if updated == 0 {
        return Err(Error::StaleVersion { entity: "demand", expected: d.version });
    }
    let event = match action {
        DemandAction::Resolve => DemandEvent::Resolve { project_id: None, case_id: Some(case_id) },
        _ => DemandEvent::of(action, outcome, d.due_at, None),
    };
    events::append(
        conn,
        NewEvent {
            entity_id: d.id,
            unit: Some(&d.unit_path),
            actor_id,
            from_state: Some(outcome.from.as_str()),
            to_state: Some(outcome.to.as_str()),
            event,
        },
    )
}

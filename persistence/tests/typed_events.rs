//! The typed-events migration reads every packed note the old writers wrote into its
//! payload, on both backends: a database at the migration before it, with one event of each
//! packed kind, is migrated and read back through the typed timelines. A resource withdrawn
//! then gets back, from its event, the part it took back (migration 23).

mod common;

use diesel::{Connection, RunQueryDsl};
use diesel_migrations::MigrationHarness;
use domain::access::{Role, UserEvent};
use domain::demand::{DemandEvent, DemandSource};
use domain::org_unit::OrgUnitEvent;
use domain::project::{ProjectEvent, Verdict, Votes};
use domain::resource::ResourceEvent;
use persistence::events::{self, Entry};
use persistence::DbConnection;
use uuid::Uuid;

/// Migrations before typed events.
const BEFORE: usize = 7;

const DISTRICT: &str = "00000000-0000-7000-8000-000000000001";
const STREET: &str = "00000000-0000-7000-8000-000000000002";
const COMMUNITY: &str = "00000000-0000-7000-8000-000000000003";
const DEMAND: &str = "00000000-0000-7000-8000-00000000000d";
const OTHER: &str = "00000000-0000-7000-8000-00000000000e";
const PROJECT: &str = "00000000-0000-7000-8000-00000000000f";
const USER: &str = "00000000-0000-7000-8000-0000000000a1";
const ORG: &str = "00000000-0000-7000-8000-0000000000b1";

fn old_rows() -> Vec<(&'static str, &'static str, &'static str, Option<String>)> {
    vec![
        ("org_unit", COMMUNITY, "create", Some("建新社区".into())),
        ("demand", DEMAND, "create", Some("visit".into())),
        ("demand", DEMAND, "refer", Some("12345 热线\n属市政道路: 非小区范围".into())),
        ("demand", OTHER, "refer", Some("区城管局: 属市政道路".into())),
        ("demand", OTHER, "merge", Some(DEMAND.into())),
        ("demand", DEMAND, "merge_in", Some(format!("3 co-signs from {OTHER}"))),
        ("demand", DEMAND, "accept", Some(PROJECT.into())),
        ("demand", DEMAND, "reject", Some("楼顶属公共部位".into())),
        ("project", PROJECT, "progress", Some("60% 道闸已到货: 开始安装".into())),
        ("project", PROJECT, "inspect", Some("fail: 排水槽漏水: 需返工".into())),
        ("project", PROJECT, "inspect", Some("pass".into())),
        ("project", PROJECT, "rework", Some("1 pass 12 fail of 13".into())),
        ("project", PROJECT, "close", None),
        ("project", PROJECT, "rate", Some("4".into())),
        ("project", PROJECT, "hand_over", Some(OTHER.into())),
        ("project", PROJECT, "cancel", Some("与物业计划重复".into())),
        ("resource", OTHER, "withdraw", Some("474000 unallocated withdrawn".into())),
        ("user", USER, "grant", Some(format!("grant supervisor @ {COMMUNITY}"))),
        ("user", USER, "revoke", Some(format!("revoke co_builder @ {OTHER}"))),
        ("user", USER, "create", Some("sun-guilan".into())),
    ]
}

fn seed<C: Connection<Backend = B> + MigrationHarness<B>, B: diesel::backend::Backend>(conn: &mut C, folder: &str)
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::methods::ExecuteDsl<C>,
{
    common::migrate_first(conn, folder, BEFORE);
    let at = "'2026-12-01 08:00:00'";
    for (i, (path, id, kind, parent)) in [
        (format!("/{DISTRICT}/"), DISTRICT, "district", None),
        (format!("/{DISTRICT}/{STREET}/"), STREET, "street", Some(DISTRICT)),
        (format!("/{DISTRICT}/{STREET}/{COMMUNITY}/"), COMMUNITY, "community", Some(STREET)),
    ]
    .into_iter()
    .enumerate()
    {
        let parent = parent.map_or("NULL".to_owned(), |p| format!("'{p}'"));
        diesel::sql_query(format!(
            "INSERT INTO org_units (id, name, kind, parent_id, path, created_at, updated_at, version) \
             VALUES ('{id}', 'u{i}', '{kind}', {parent}, '{path}', {at}, {at}, 1)"
        ))
        .execute(conn)
        .expect("unit");
    }
    // A co-builder's resource withdrawn whole: its event alone says how much went back.
    for statement in [
        format!(
            "INSERT INTO organizations (id, name, kind, unit_id, red_property, created_at, updated_at, version) \
             VALUES ('{ORG}', '二七区住建局', 'government_dept', '{DISTRICT}', FALSE, {at}, {at}, 1)"
        ),
        format!(
            "INSERT INTO users (id, username, password_hash, display_name, phone, party_member, created_at, \
             updated_at, version) VALUES ('{USER}', 'sun-guilan', 'x', '孙桂兰', NULL, FALSE, {at}, {at}, 1)"
        ),
        format!(
            "INSERT INTO resources (id, organization_id, kind, title, description, quantity, measure, allocated, \
             withdrawn, available_until, unit_id, created_by_id, created_at, updated_at, version) \
             VALUES ('{OTHER}', '{ORG}', 'funds', '微改造基金', '', 0, 'fen', 0, TRUE, NULL, '{DISTRICT}', '{USER}', \
             {at}, {at}, 2)"
        ),
    ] {
        diesel::sql_query(statement).execute(conn).expect("an old row");
    }
    for (i, (entity, entity_id, action, note)) in old_rows().into_iter().enumerate() {
        let note = note.map_or("NULL".to_owned(), |n| format!("'{}'", n.replace('\'', "''")));
        // Old event ids were v7 UUIDs, in time order.
        let id = format!("00000000-0000-7000-8000-{:012x}", 0x100 + i);
        diesel::sql_query(format!(
            "INSERT INTO events (id, entity, entity_id, action, actor_id, from_state, to_state, note, at) \
             VALUES ('{id}', '{entity}', '{entity_id}', '{action}', NULL, NULL, NULL, {note}, {at})"
        ))
        .execute(conn)
        .expect("old event");
    }
}

fn check(conn: &mut DbConnection) {
    let id = |s: &str| Uuid::parse_str(s).expect("uuid");
    let demand: Vec<Entry<DemandEvent>> = events::timeline(conn, id(DEMAND)).expect("demand timeline");
    let demand: Vec<DemandEvent> = demand.into_iter().map(|e| e.event).collect();
    assert_eq!(
        demand,
        vec![
            DemandEvent::Create { source: DemandSource::Visit, via: None },
            DemandEvent::Refer {
                referred_to: "12345 热线".into(),
                reason: "属市政道路: 非小区范围".into(),
                due_at: None
            },
            DemandEvent::MergeIn { merged_from_id: id(OTHER), cosigns_moved: 3 },
            DemandEvent::Accept { project_id: Some(id(PROJECT)) },
            DemandEvent::Reject { reason: "楼顶属公共部位".into(), due_at: None },
        ]
    );
    let other: Vec<DemandEvent> =
        events::timeline(conn, id(OTHER)).expect("other").into_iter().map(|e: Entry<DemandEvent>| e.event).collect();
    assert_eq!(
        other,
        vec![
            DemandEvent::Refer { referred_to: "区城管局".into(), reason: "属市政道路".into(), due_at: None },
            DemandEvent::Merge { merged_into_id: id(DEMAND), due_at: None },
        ]
    );
    let project: Vec<ProjectEvent> = events::timeline(conn, id(PROJECT))
        .expect("project")
        .into_iter()
        .map(|e: Entry<ProjectEvent>| e.event)
        .collect();
    assert_eq!(
        project,
        vec![
            ProjectEvent::Progress { percent: 60, note: "道闸已到货: 开始安装".into() },
            ProjectEvent::Inspect { verdict: Verdict::Fail, comment: Some("排水槽漏水: 需返工".into()) },
            ProjectEvent::Inspect { verdict: Verdict::Pass, comment: None },
            ProjectEvent::Rework { tally: Some(Votes { passes: 1, fails: 12, eligible: 13 }) },
            ProjectEvent::Close { tally: None },
            ProjectEvent::Rate { score: 4 },
            ProjectEvent::HandOver { maintainer_org_id: id(OTHER) },
            ProjectEvent::Cancel { reason: "与物业计划重复".into() },
        ]
    );
    let resource: Vec<ResourceEvent> = events::timeline(conn, id(OTHER))
        .expect("resource")
        .into_iter()
        .map(|e: Entry<ResourceEvent>| e.event)
        .collect();
    assert_eq!(resource, vec![ResourceEvent::Withdraw { withdrawn: Some(474_000) }]);
    let withdrawn = persistence::resources::find(conn, id(OTHER)).expect("the old resource");
    assert_eq!((withdrawn.quantity, withdrawn.withdrawn_quantity), (0, 474_000));
    let user: Vec<UserEvent> =
        events::timeline(conn, id(USER)).expect("user").into_iter().map(|e: Entry<UserEvent>| e.event).collect();
    assert_eq!(
        user,
        vec![
            UserEvent::Grant { role: Role::Supervisor, scope_id: id(COMMUNITY) },
            UserEvent::Revoke { role: Role::CoBuilder, scope_id: id(OTHER) },
            UserEvent::Create { username: "sun-guilan".into() },
        ]
    );
    let unit: Vec<OrgUnitEvent> = events::timeline(conn, id(COMMUNITY))
        .expect("unit")
        .into_iter()
        .map(|e: Entry<OrgUnitEvent>| e.event)
        .collect();
    assert_eq!(unit, vec![OrgUnitEvent::Create { name: "建新社区".into() }]);
    // The unit's street is on the row: what statistics and notifications filter by.
    let placed = events::since(conn, events::Cursor::START, 100).expect("log");
    let community = placed.iter().find(|e| e.entity_id == id(COMMUNITY)).expect("unit event");
    assert_eq!((community.unit_id, community.street_id), (Some(id(COMMUNITY)), Some(id(STREET))));
    assert_eq!(placed.len(), old_rows().len(), "every old event is in the log, in order");
    assert!(placed.windows(2).all(|w| w[0].seq < w[1].seq));
}

#[test]
fn old_notes_become_typed_payloads_on_sqlite() {
    common::migrated_on_sqlite("gongzhi-typed", |conn| seed(conn, "migrations/sqlite"), check);
}

#[test]
fn old_notes_become_typed_payloads_on_postgres() {
    common::migrated_on_postgres("gongzhi_typed", |conn| seed(conn, "migrations/postgresql"), check);
}

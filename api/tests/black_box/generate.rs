//! `gongzhi generate`: a generated district is one the API serves like any other.

use std::collections::{BTreeSet, HashMap};

use crate::common::{on_both_databases, TestApp};
use diesel::dsl::count_star;
use diesel::prelude::*;
use persistence::demand_terms::{backfill, terms_of};
use persistence::generate::{generate, Options, Summary};
use persistence::schema::{
    claims, coordination_cases, demand_cosigns, demand_terms, demands, events, org_units, organizations,
    project_demands, projects, resources, service_records, users, volunteer_activities,
};
use serde_json::json;

const PASSWORD: &str = "gongzhi-bench";
const DEMANDS: usize = 2_000;

on_both_databases!(a_generated_district_is_served_like_any_other);

async fn a_generated_district_is_served_like_any_other(app: TestApp) {
    let hash = api::auth::password::hash(PASSWORD).expect("hashes");
    let mut conn = app.connection();
    let summary = generate(&mut conn, Options { demands: DEMANDS, seed: 7 }, &hash).expect("generates");
    assert_eq!(summary.demands, DEMANDS);
    assert_eq!(summary.units, 1 + 16 + 16 * 12 + 16 * 12 * 3);
    let kinds: HashMap<String, usize> = organizations::table
        .group_by(organizations::kind)
        .select((organizations::kind, count_star()))
        .load::<(String, i64)>(&mut conn)
        .expect("kinds")
        .into_iter()
        .map(|(kind, n)| (kind, n as usize))
        .collect();
    let kind = |k: &str| kinds.get(k).copied().unwrap_or(0);
    let spoken_for = kind("resident_autonomy") + kind("property_service") + kind("volunteer_org");
    assert_eq!(
        summary.users,
        1 + 16 + 16 * 12 + DEMANDS / 5 + 17 + spoken_for,
        "officials, N/5 residents, 17 co-builders, an account per residents' organisation, property company and team"
    );
    assert!(generate(&mut conn, Options { demands: 10, seed: 7 }, &hash).is_err(), "a database with data is refused");

    // States roughly as specified: 70% published or taken into a project since (one in
    // forty), 10% each submitted and rejected, the rest merged, referred or withdrawn.
    let states: HashMap<String, i64> = demands::table
        .group_by(demands::state)
        .select((demands::state, count_star()))
        .load::<(String, i64)>(&mut conn)
        .expect("states")
        .into_iter()
        .collect();
    let share = |s: &str| states.get(s).copied().unwrap_or(0) as f64 / DEMANDS as f64;
    let answered = share("published") + share("accepted") + share("resolved");
    assert!((0.62..0.76).contains(&answered), "{states:?}");
    assert!((0.005..0.04).contains(&(share("accepted") + share("resolved"))), "{states:?}");
    for s in ["submitted", "rejected"] {
        assert!((0.06..0.15).contains(&share(s)), "{s}: {states:?}");
    }
    for s in ["merged", "referred", "withdrawn"] {
        assert!((0.01..0.06).contains(&share(s)), "{s}: {states:?}");
    }

    // cosign_count is the number of co-sign rows, demand by demand, ≈ 1.3 per demand.
    let counts: Vec<(String, i64)> =
        demands::table.select((demands::id, demands::cosign_count)).load(&mut conn).expect("counts");
    let rows: HashMap<String, i64> = demand_cosigns::table
        .group_by(demand_cosigns::demand_id)
        .select((demand_cosigns::demand_id, count_star()))
        .load::<(String, i64)>(&mut conn)
        .expect("co-signs")
        .into_iter()
        .collect();
    for (id, n) in &counts {
        assert_eq!(*n, rows.get(id).copied().unwrap_or(0), "cosign_count of {id}");
    }
    let total: i64 = rows.values().sum();
    assert!((1.0..1.7).contains(&(total as f64 / DEMANDS as f64)), "{total} co-signs");
    let creates: i64 = events::table
        .filter(events::entity.eq("demand"))
        .filter(events::action.eq("create"))
        .count()
        .get_result(&mut conn)
        .expect("events");
    assert_eq!(creates, DEMANDS as i64, "one create event per demand");
    let streets: i64 = org_units::table.filter(org_units::kind.eq("street")).count().get_result(&mut conn).expect("n");
    assert_eq!(streets, 16);

    // The search index holds each demand's terms, exactly as filing writes them, and the
    // backfill run after its migration rebuilds the same rows.
    let texts: Vec<(String, String, String)> =
        demands::table.select((demands::id, demands::title, demands::description)).load(&mut conn).expect("texts");
    let expected: BTreeSet<(String, String)> = texts
        .iter()
        .flat_map(|(id, title, description)| terms_of(title, description).into_iter().map(|t| (t, id.clone())))
        .collect();
    let indexed = || -> BTreeSet<(String, String)> {
        demand_terms::table
            .select((demand_terms::term, demand_terms::demand_id))
            .load::<(String, String)>(&mut app.connection())
            .expect("terms")
            .into_iter()
            .collect()
    };
    assert_eq!(summary.terms, expected.len());
    assert!(indexed() == expected, "the generator indexes as filing does");
    diesel::delete(demand_terms::table).execute(&mut conn).expect("emptied");
    assert_eq!(backfill(&mut conn).expect("backfills"), DEMANDS);
    assert!(indexed() == expected, "the backfill indexes as filing does");

    // A search through the index finds what a substring scan finds, newest first: a
    // two-character word, a stop word (not left out of the index), a longer phrase, one
    // character (no bigram: read from the scope), a word in no demand.
    let admin = app.token_with("admin", PASSWORD).await;
    for q in ["楼道", "小区", "垃圾清运", "灯", "楼道灯号楼", "电梯漏水了", "wifi"] {
        let mut truth: Vec<&String> =
            texts.iter().filter(|(_, t, d)| t.contains(q) || d.contains(q)).map(|(id, _, _)| id).collect();
        truth.sort_unstable_by(|a, b| b.cmp(a));
        truth.truncate(100);
        let page = app.get(&format!("/api/v1/demands?limit=100&q={}", urlencode(q)), Some(&admin)).await.ok(200);
        let found: Vec<String> =
            page["items"].as_array().expect("items").iter().map(|d| d["id"].as_str().expect("id").to_owned()).collect();
        assert_eq!(found.iter().collect::<Vec<_>>(), truth, "q={q}");
    }

    // A street official and a community worker page through a search five at a time:
    // every match of their scope once, newest first, and nothing else (the street through
    // the search index, the community through its own).
    for (official, column) in [("street1", "street_id"), ("worker1", "community_id")] {
        let token = app.token_with(official, PASSWORD).await;
        let me = app.get("/api/v1/me", Some(&token)).await.ok(200);
        let unit = me["grants"][0]["unit_id"].as_str().expect("unit").to_owned();
        let ids = demands::table.select(demands::id).into_boxed();
        let ids = match column {
            "street_id" => ids.filter(demands::street_id.eq(&unit)),
            _ => ids.filter(demands::community_id.eq(&unit)),
        };
        let mine: BTreeSet<String> = ids.load::<String>(&mut conn).expect("scope").into_iter().collect();
        let mut truth: Vec<&String> = texts
            .iter()
            .filter(|(id, t, d)| mine.contains(id) && (t.contains("小区") || d.contains("小区")))
            .map(|(id, _, _)| id)
            .collect();
        truth.sort_unstable_by(|a, b| b.cmp(a));
        assert!(truth.len() > 5, "{official}: enough to page through: {}", truth.len());
        let mut paged: Vec<String> = Vec::new();
        let mut cursor = String::new();
        loop {
            let page = app
                .get(&format!("/api/v1/demands?limit=5&q={}&cursor={cursor}", urlencode("小区")), Some(&token))
                .await
                .ok(200);
            paged.extend(
                page["items"].as_array().expect("items").iter().map(|d| d["id"].as_str().expect("id").to_owned()),
            );
            match page["next_cursor"].as_str() {
                Some(next) => cursor = next.to_owned(),
                None => break,
            }
        }
        assert_eq!(paged.iter().collect::<Vec<_>>(), truth, "{official}");
    }

    // The public board pages newest first, by id and by time alike.
    let first = app.get("/api/v1/public/demands?limit=100", None).await.ok(200);
    let cursor = first["next_cursor"].as_str().expect("more than a page");
    let second = app.get(&format!("/api/v1/public/demands?limit=100&cursor={cursor}"), None).await.ok(200);
    let times: Vec<&str> = [&first, &second]
        .iter()
        .flat_map(|p| p["items"].as_array().expect("items").iter())
        .map(|d| d["created_at"].as_str().expect("created_at"))
        .collect();
    assert_eq!(times.len(), 200);
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first: {times:?}");

    // The district admin's most co-signed published demands.
    let top = app.get("/api/v1/demands?state=published&sort=cosigns&limit=50", Some(&admin)).await.ok(200);
    let top: Vec<i64> =
        top["items"].as_array().expect("items").iter().map(|d| d["cosign_count"].as_i64().expect("n")).collect();
    assert_eq!(top.len(), 50);
    assert!(top.windows(2).all(|w| w[0] >= w[1]) && top[0] >= 10, "{top:?}");

    // The pipeline's books balance: a project's funding is the sum of its confirmed funds
    // claims, a resource's allocation the sum of the claims holding it, and each taken
    // demand points at a project that lists it.
    let held = ["confirmed", "fulfilled"];
    let funded: Vec<(String, i64)> =
        projects::table.select((projects::id, projects::funded_fen)).load(&mut conn).expect("projects");
    assert_eq!(funded.len(), summary.projects);
    assert!(summary.projects > 10 && summary.claims > 5 && summary.resources > 16, "{summary:?}");
    for (project, fen) in &funded {
        let claimed: Vec<i64> = claims::table
            .inner_join(resources::table)
            .filter(claims::project_id.eq(project))
            .filter(claims::state.eq_any(held))
            .filter(resources::kind.eq("funds"))
            .select(claims::quantity)
            .load(&mut conn)
            .expect("claims");
        assert_eq!(*fen, claimed.iter().sum::<i64>(), "funded_fen of {project}");
    }
    let allocations: Vec<(String, i64, i64)> =
        resources::table.select((resources::id, resources::allocated, resources::quantity)).load(&mut conn).expect("r");
    for (resource, allocated, quantity) in &allocations {
        let claimed: Vec<i64> = claims::table
            .filter(claims::resource_id.eq(resource))
            .filter(claims::state.eq_any(held))
            .select(claims::quantity)
            .load(&mut conn)
            .expect("claims");
        assert_eq!(*allocated, claimed.iter().sum::<i64>(), "allocated of {resource}");
        assert!(allocated <= quantity);
    }
    let taken: Vec<(String, Option<String>)> = demands::table
        .filter(demands::state.eq_any(["accepted", "resolved"]))
        .select((demands::id, demands::project_id))
        .load(&mut conn)
        .expect("taken");
    for (demand, project) in &taken {
        let project = project.as_deref().expect("a taken demand has its project");
        let linked: i64 = project_demands::table
            .filter(project_demands::project_id.eq(project))
            .filter(project_demands::demand_id.eq(demand))
            .count()
            .get_result(&mut conn)
            .expect("link");
        assert_eq!(linked, 1, "{demand} in {project}");
    }
    let street = app.token_with("street1", PASSWORD).await;
    let page = app.get("/api/v1/projects?limit=100", Some(&street)).await.ok(200);
    assert!(page["items"].as_array().is_some_and(|p| !p.is_empty()), "{page}");
    let builder = app.token_with("builder0", PASSWORD).await;
    app.get("/api/v1/claims?awaiting_me=true", Some(&builder)).await.ok(200);
    app.get("/api/v1/resources", Some(&builder)).await.ok(200);

    // A street committee and a community worker see their queues; a resident files a demand
    // in its own community.
    for official in ["street1", "worker1"] {
        let token = app.token_with(official, PASSWORD).await;
        let queue = app.get("/api/v1/demands", Some(&token)).await.ok(200);
        let n = queue["items"].as_array().map_or(0, Vec::len);
        assert!(n > 0, "{official}: {queue}");
    }
    let session = app.login("r000001", PASSWORD).await.ok(200);
    let community = session["user"]["grants"][0]["unit_id"].as_str().expect("community").to_owned();
    let token = session["access_token"].as_str().expect("token").to_owned();
    let body = json!({"title": "楼道灯不亮", "description": "晚上很黑", "category": "repair", "unit_id": community});
    app.post("/api/v1/demands", Some(&token), body).await.ok(201);

    five_parties(&app, &summary, &kinds).await;
}

/// The five parties: organisations of every compound with some gaps in coverage,
/// coordination cases whose flags and versions are what their events leave, volunteer
/// activities with sign-ups and hours, all served through the API to their parties.
async fn five_parties(app: &TestApp, summary: &Summary, kinds: &HashMap<String, usize>) {
    let mut conn = app.connection();
    let compounds = 16 * 12 * 3;
    let kind = |k: &str| kinds.get(k).copied().unwrap_or(0);
    assert_eq!(summary.organizations, kinds.values().sum::<usize>());
    assert_eq!(kind("property_service"), compounds, "a property company per compound");
    let committees: i64 = organizations::table
        .inner_join(org_units::table)
        .filter(organizations::kind.eq("party_org"))
        .filter(org_units::kind.eq("community"))
        .count()
        .get_result(&mut conn)
        .expect("committees");
    assert_eq!(committees, 16 * 12, "a party committee per community");
    for k in ["party_org", "resident_autonomy", "volunteer_org"] {
        let at_compounds = if k == "party_org" { kind(k) - 16 * 12 } else { kind(k) };
        assert!((compounds * 80 / 100..compounds).contains(&at_compounds), "{k}: {kinds:?}");
    }
    let red: i64 =
        organizations::table.filter(organizations::red_property.eq(true)).count().get_result(&mut conn).expect("red");
    assert!((0.4..0.6).contains(&(red as f64 / compounds as f64)), "about half are red properties: {red}");
    assert!((8..=40).contains(&summary.volunteers), "about one resident in twenty volunteers: {summary:?}");

    let violations = persistence::check::invariants(&mut conn).expect("check runs");
    assert!(violations.is_empty(), "the books do not balance:\n{}", violations.join("\n"));

    // Each case's flags, state, version and resolution are what its events leave.
    type CaseFlags = (String, String, bool, bool, bool, Option<String>, i64);
    let cases: Vec<CaseFlags> = coordination_cases::table
        .select((
            coordination_cases::id,
            coordination_cases::state,
            coordination_cases::community_confirmed,
            coordination_cases::autonomy_confirmed,
            coordination_cases::property_confirmed,
            coordination_cases::resolution,
            coordination_cases::version,
        ))
        .load(&mut conn)
        .expect("cases");
    assert_eq!(cases.len(), summary.cases);
    let eligible = (kind("resident_autonomy") as f64).max(1.0);
    assert!((2.0..4.0).contains(&(cases.len() as f64 / eligible)), "cases per compound with both: {}", cases.len());
    // (action, from_state, to_state, payload) of each case's events, in order.
    type Logged = (String, Option<String>, Option<String>, String);
    let logged: Vec<(String, Logged)> = events::table
        .filter(events::entity.eq("coordination_case"))
        .order((events::at.asc(), events::seq.asc()))
        .select((events::entity_id, (events::action, events::from_state, events::to_state, events::payload)))
        .load(&mut conn)
        .expect("case events");
    let mut history: HashMap<&str, Vec<_>> = HashMap::new();
    for (case, (action, from, to, payload)) in &logged {
        let payload: serde_json::Value = serde_json::from_str(payload).expect("payload");
        let step = (action.as_str(), from.as_deref(), to.as_deref().expect("to_state"), payload);
        history.entry(case.as_str()).or_default().push(step);
    }
    let mut by_state: HashMap<&str, usize> = HashMap::new();
    for (id, state, community, autonomy, property, resolution, version) in &cases {
        let steps = &history[id.as_str()];
        assert_eq!(steps[0].0, "open", "{id} opens first");
        assert_eq!(steps.last().expect("events").2, state, "{id}: the last event leaves it {state}");
        let confirmed = |party: &str| steps.iter().any(|(a, _, _, p)| *a == "confirm" && p["party"] == party);
        assert_eq!(
            (confirmed("community"), confirmed("resident_autonomy"), confirmed("property_service")),
            (*community, *autonomy, *property),
            "{id}: confirmations"
        );
        // Opening is version 1; a message, or the record that three confirmed, is no step.
        let stepped = steps
            .iter()
            .filter(|(a, from, _, _)| {
                *a == "confirm" || *a == "escalate" || (*a == "resolve" && *from == Some("escalated"))
            })
            .count();
        assert_eq!(*version, 1 + i64::try_from(stepped).expect("n"), "{id}: one version per step");
        let note = steps.iter().find_map(|(a, _, _, p)| (*a == "resolve").then(|| p["note"].as_str()).flatten());
        assert_eq!(resolution.as_deref(), note, "{id}: the street's note");
        *by_state.entry(state.as_str()).or_default() += 1;
    }
    let resolved = by_state.get("resolved").copied().unwrap_or(0) as f64 / cases.len() as f64;
    assert!((0.75..0.92).contains(&resolved), "most cases resolved: {by_state:?}");

    // The street committee lists its street's cases in each state.
    let street = app.token_with("street1", PASSWORD).await;
    let me = app.get("/api/v1/me", Some(&street)).await.ok(200);
    let street_id = me["grants"][0]["unit_id"].as_str().expect("street").to_owned();
    let in_street: BTreeSet<String> = coordination_cases::table
        .filter(coordination_cases::street_id.eq(&street_id))
        .select(coordination_cases::id)
        .load::<String>(&mut conn)
        .expect("street cases")
        .into_iter()
        .collect();
    for state in ["open", "escalated", "resolved"] {
        let page = app.get(&format!("/api/v1/coordination-cases?state={state}&limit=100"), Some(&street)).await.ok(200);
        let items = page["items"].as_array().expect("items");
        assert!(!items.is_empty(), "street1 has {state} cases");
        for case in items {
            assert_eq!(case["state"], state);
            assert!(in_street.contains(case["id"].as_str().expect("id")), "{case}");
        }
    }

    // Coverage in the street: most compounds have all three, some lack one or two.
    let coverage = app.get(&format!("/api/v1/stats/coverage?unit_id={street_id}"), Some(&street)).await.ok(200);
    let (total, covered) = (coverage["total"].as_i64().expect("total"), coverage["covered"].as_i64().expect("covered"));
    assert_eq!(total, 12 * 3);
    assert!(covered > total / 2 && covered < total, "{coverage}");
    let lacking = coverage["items"].as_array().expect("items").iter().filter(|i| i["missing"] != json!([])).count();
    assert_eq!(lacking as i64, total - covered);

    // Volunteer service: about one activity a month per team and a few ahead, hours
    // recorded, a team's leader sees its activities, a volunteer its own hours.
    let activities: i64 = volunteer_activities::table.count().get_result(&mut conn).expect("activities");
    assert_eq!(activities as usize, summary.activities);
    let per_team = summary.activities as f64 / kind("volunteer_org") as f64;
    assert!((21.0..=29.0).contains(&per_team), "{per_team} activities per team");
    assert!(summary.service_records > 0 && summary.service_records <= summary.signups, "{summary:?}");
    let logged: HashMap<String, usize> = events::table
        .filter(events::entity.eq("volunteer_activity"))
        .group_by(events::action)
        .select((events::action, count_star()))
        .load::<(String, i64)>(&mut conn)
        .expect("activity events")
        .into_iter()
        .map(|(action, n)| (action, n as usize))
        .collect();
    let logged = |action: &str| logged.get(action).copied().unwrap_or(0);
    assert_eq!(
        (logged("create"), logged("sign_up"), logged("record")),
        (summary.activities, summary.signups, summary.service_records),
        "an event for each activity, sign-up and record"
    );
    let cancelled: i64 = volunteer_activities::table
        .filter(volunteer_activities::state.eq("cancelled"))
        .filter(volunteer_activities::cancel_reason.is_not_null())
        .count()
        .get_result(&mut conn)
        .expect("cancelled");
    assert_eq!(logged("cancel"), cancelled as usize);
    assert!(cancelled > 0 && (cancelled as usize) < summary.activities / 10, "a few cancelled: {cancelled}");
    let admin = app.token_with("admin", PASSWORD).await;
    let me = app.get("/api/v1/me", Some(&admin)).await.ok(200);
    let district = me["grants"][0]["unit_id"].as_str().expect("district").to_owned();
    let stats = app.get(&format!("/api/v1/stats/volunteers?unit_id={district}"), Some(&admin)).await.ok(200);
    assert_eq!(stats["teams"], kind("volunteer_org"));
    assert_eq!(stats["volunteers"], summary.volunteers);
    assert!(stats["hours"].as_f64().is_some_and(|h| h > 0.0), "{stats}");

    let leader = app.token_with("leader1", PASSWORD).await;
    let me = app.get("/api/v1/me", Some(&leader)).await.ok(200);
    assert_eq!(me["grants"][0]["role"], "volunteer_leader");
    let team = me["grants"][0]["organization_id"].as_str().expect("team").to_owned();
    let page =
        app.get(&format!("/api/v1/volunteer-activities?organization_id={team}&limit=100"), Some(&leader)).await.ok(200);
    let items = page["items"].as_array().expect("items");
    assert!(items.len() >= 21, "{} activities of leader1's team", items.len());
    assert!(items.iter().all(|a| a["organization_id"] == team.as_str()));
    let ahead = app
        .get(&format!("/api/v1/volunteer-activities?organization_id={team}&upcoming=true"), Some(&leader))
        .await
        .ok(200);
    assert!(ahead["items"].as_array().is_some_and(|a| (1..=3).contains(&a.len())), "{ahead}");

    let volunteer: String = service_records::table
        .inner_join(users::table)
        .select(users::username)
        .first(&mut conn)
        .expect("a volunteer with hours");
    let served: Vec<i64> = service_records::table
        .inner_join(users::table)
        .filter(users::username.eq(&volunteer))
        .select(service_records::minutes)
        .load(&mut conn)
        .expect("hours");
    let token = app.token_with(&volunteer, PASSWORD).await;
    let mine = app.get("/api/v1/me/volunteering", Some(&token)).await.ok(200);
    let total = mine["total_hours"].as_f64().expect("total");
    assert!(total > 0.0, "{mine}");
    assert!((total - served.iter().sum::<i64>() as f64 / 60.0).abs() < 0.05, "{mine}");
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

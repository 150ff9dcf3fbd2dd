//! 三率 and the other figures (SPEC §4.8), each checked against a count made here from the
//! raw rows (the demands and their events, the projects, claims and ratings), not from the
//! counts the worker keeps.

use std::collections::{HashMap, HashSet};

use crate::common::{on_both_databases, settled, TestApp};
use api::demo;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use persistence::generate::{generate, Options};
use persistence::schema::{
    claims, demands, event_consumers, events, grants, org_units, projects, ratings, resources, service_records,
    stat_cells, users, volunteer_activities,
};
use serde_json::{json, Value};

on_both_databases!(
    a_generated_districts_figures_match_a_count_of_its_rows,
    money_ratings_and_the_other_lists_match_a_count_of_their_rows,
    who_reads_which_figures,
    a_projects_outcome_is_public_and_names_no_one
);

/// The Beijing month of an instant, as the API writes it.
fn month(at: DateTime<Utc>) -> String {
    (at + Duration::hours(8)).format("%Y-%m").to_string()
}

/// The instant a YYYY-MM month begins, Beijing time.
fn month_start(m: &str) -> NaiveDateTime {
    let day = chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").expect("month");
    day.and_hms_opt(0, 0, 0).expect("midnight") - Duration::hours(8)
}

fn next_month(m: &str) -> String {
    let start = month_start(m) + Duration::hours(8);
    month((start + Duration::days(32)).and_utc())
}

/// The communities at or below `unit` (a district, street or community).
fn communities_under(conn: &mut persistence::DbConnection, unit: &str) -> HashSet<String> {
    let rows: Vec<(String, String, Option<String>)> =
        org_units::table.select((org_units::id, org_units::kind, org_units::parent_id)).load(conn).expect("units");
    let parent: HashMap<String, Option<String>> = rows.iter().map(|(id, _, p)| (id.clone(), p.clone())).collect();
    let under = |start: &String| {
        let mut id = Some(start.clone());
        while let Some(at) = id {
            if at == unit {
                return true;
            }
            id = parent.get(&at).cloned().flatten();
        }
        false
    };
    rows.iter().filter(|(id, kind, _)| kind == "community" && under(id)).map(|(id, ..)| id.clone()).collect()
}

/// SPEC §4.8's definitions applied to the rows: days exact to 60, then in 30-day steps.
fn bucket(days: i64) -> i64 {
    if days <= 60 {
        days
    } else {
        60 + (days - 60) / 30 * 30
    }
}

fn median(mut v: Vec<i64>) -> Value {
    if v.is_empty() {
        return Value::Null;
    }
    v.sort_unstable();
    let n = v.len();
    let m = if n % 2 == 1 { v[n / 2] as f64 } else { (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0 };
    json!(m)
}

/// The demand figures of the demands filed in `from..=to` in `communities`, counted from
/// the demands and their events.
fn demand_truth(
    conn: &mut persistence::DbConnection,
    communities: &HashSet<String>,
    (from, to): (&str, &str),
    now: DateTime<Utc>,
) -> Value {
    let (since, until) = (month_start(from), month_start(&next_month(to)));
    type DemandRow = (String, String, NaiveDateTime, String, Option<NaiveDateTime>);
    let rows: Vec<DemandRow> = demands::table
        .filter(demands::created_at.ge(since))
        .filter(demands::created_at.lt(until))
        .select((demands::id, demands::community_id, demands::created_at, demands::state, demands::due_at))
        .load(conn)
        .expect("demands");
    let rows: Vec<DemandRow> = rows.into_iter().filter(|r| communities.contains(&r.1)).collect();
    let filed: HashMap<&str, NaiveDateTime> = rows.iter().map(|r| (r.0.as_str(), r.2)).collect();
    let history: Vec<(String, String, Option<String>, NaiveDateTime, String)> = events::table
        .filter(events::entity.eq("demand"))
        .order(events::seq.asc())
        .select((events::entity_id, events::action, events::from_state, events::at, events::payload))
        .load(conn)
        .expect("events");
    let (mut decided, mut on_time, mut verified, mut resolved) = (0, 0, 0, 0);
    let (mut to_verify, mut to_accept, mut to_resolve) = (Vec::new(), Vec::new(), Vec::new());
    let mut accepted = HashSet::new();
    for (demand, action, from_state, at, payload) in &history {
        let Some(created) = filed.get(demand.as_str()) else { continue };
        let days = bucket((*at - *created).num_days().max(0));
        let first = from_state.as_deref() == Some("submitted");
        match action.as_str() {
            "verify" => {
                verified += 1;
                to_verify.push(days);
            }
            "accept" if accepted.insert(demand.clone()) => to_accept.push(days),
            "resolve" => {
                resolved += 1;
                to_resolve.push(days);
            }
            _ => {}
        }
        if first && ["verify", "reject", "refer", "merge"].contains(&action.as_str()) {
            decided += 1;
            let payload: Value = serde_json::from_str(payload).expect("payload");
            let due = payload["due_at"].as_str().map(|d| d.parse::<DateTime<Utc>>().expect("due_at").naive_utc());
            if due.is_none_or(|due| *at <= due) {
                on_time += 1;
            }
        }
    }
    let overdue = rows.iter().filter(|r| r.3 == "submitted" && r.4.is_some_and(|d| d < now.naive_utc())).count() as i64;
    let mut by_state: HashMap<&str, i64> = HashMap::new();
    for r in &rows {
        *by_state.entry(r.3.as_str()).or_default() += 1;
    }
    json!({
        "demands_filed": rows.len(),
        "by_state": by_state,
        "demands_overdue": overdue,
        "response": [on_time, decided + overdue],
        "resolution": [resolved, verified],
        "median_days": {"to_verification": median(to_verify), "to_acceptance": median(to_accept), "to_resolution": median(to_resolve)},
    })
}

fn truth_under(conn: &mut persistence::DbConnection, unit: &str, period: (&str, &str), now: DateTime<Utc>) -> Value {
    let communities = communities_under(conn, unit);
    demand_truth(conn, &communities, period, now)
}

/// The project figures of the projects created in `from..=to` in the communities at or
/// below `unit` (where the generator puts them), counted from the projects and their claims.
fn project_truth(conn: &mut persistence::DbConnection, unit: &str, (from, to): (&str, &str)) -> Value {
    let communities = communities_under(conn, unit);
    let (since, until) = (month_start(from), month_start(&next_month(to)));
    let rows: Vec<(String, String, String, i64, i64)> = projects::table
        .filter(projects::created_at.ge(since))
        .filter(projects::created_at.lt(until))
        .select((projects::id, projects::unit_id, projects::state, projects::gov_funds_fen, projects::beneficiaries))
        .load(conn)
        .expect("projects");
    let rows: Vec<_> = rows.into_iter().filter(|p| communities.contains(&p.1)).collect();
    let mut by_state: HashMap<String, i64> = HashMap::new();
    for p in &rows {
        *by_state.entry(p.2.clone()).or_default() += 1;
    }
    let counted: HashSet<&str> =
        rows.iter().filter(|p| p.2 != "draft" && p.2 != "cancelled").map(|p| p.0.as_str()).collect();
    let gov: i64 = rows.iter().filter(|p| counted.contains(p.0.as_str())).map(|p| p.3).sum();
    let funds: Vec<(String, i64)> = claims::table
        .inner_join(resources::table.on(resources::id.eq(claims::resource_id)))
        .filter(resources::kind.eq("funds"))
        .filter(claims::state.eq_any(["confirmed", "fulfilled"]))
        .select((claims::project_id, claims::quantity))
        .load(conn)
        .expect("claims");
    let social: i64 = funds.iter().filter(|(p, _)| counted.contains(p.as_str())).map(|(_, q)| q).sum();
    json!({
        "by_state": by_state,
        "gov": gov,
        "social": social,
        "beneficiaries": rows.iter().filter(|p| p.2 == "closed").map(|p| p.4).sum::<i64>(),
    })
}

/// A list of `{state, count}` as the API gave it, the states with none left out.
fn counted_states(list: &Value) -> HashMap<String, i64> {
    list.as_array()
        .expect("states")
        .iter()
        .filter(|s| s["count"].as_i64() != Some(0))
        .map(|s| (s["state"].as_str().expect("state").to_owned(), s["count"].as_i64().expect("count")))
        .collect()
}

/// The same project figures as the API gave them.
fn project_figures(figures: &Value) -> Value {
    let by_state = counted_states(&figures["projects_by_state"]);
    json!({
        "by_state": by_state,
        "gov": figures["money"]["gov_funds_fen"],
        "social": figures["money"]["social_funds_fen"],
        "beneficiaries": figures["beneficiaries"],
    })
}

/// The same figures as the API gave them.
fn demand_figures(figures: &Value) -> Value {
    let by_state = counted_states(&figures["demands_by_state"]);
    let rate = |r: &Value| json!([r["numerator"], r["denominator"]]);
    json!({
        "demands_filed": figures["demands_filed"],
        "by_state": by_state,
        "demands_overdue": figures["demands_overdue"],
        "response": rate(&figures["response_rate"]),
        "resolution": rate(&figures["resolution_rate"]),
        "median_days": figures["median_days"],
    })
}

fn district(conn: &mut persistence::DbConnection) -> String {
    org_units::table.filter(org_units::kind.eq("district")).select(org_units::id).first(conn).expect("district")
}

async fn overview(app: &TestApp, token: &str, unit: &str, from: &str, to: &str) -> Value {
    app.get(&format!("/api/v1/stats/overview?unit_id={unit}&from={from}&to={to}"), Some(token)).await.ok(200)
}

async fn a_generated_districts_figures_match_a_count_of_its_rows(app: TestApp) {
    let hash = api::auth::password::hash("gongzhi-bench").expect("hashes");
    generate(&mut app.connection(), Options { demands: 1_200, seed: 11 }, &hash).expect("generates");
    settled(&app).await;
    let admin = app.token_with("admin", "gongzhi-bench").await;
    let mut conn = app.connection();
    let district = district(&mut conn);
    let now = Utc::now();
    let this_month = month(now);
    let two_years = month(now - Duration::days(800));
    let a_quarter = (month(now - Duration::days(400)), month(now - Duration::days(340)));
    let periods = [(two_years.as_str(), this_month.as_str()), (a_quarter.0.as_str(), a_quarter.1.as_str())];

    for (from, to) in periods {
        let got = overview(&app, &admin, &district, from, to).await;
        let as_of: DateTime<Utc> = got["as_of"].as_str().expect("as_of").parse().expect("instant");
        let whole = truth_under(&mut conn, &district, (from, to), as_of);
        assert!(whole["demands_filed"].as_i64().expect("n") > 0, "{from}..{to} has demands");
        assert_eq!(demand_figures(&got["figures"]), whole, "the district, {from}..{to}");
        // Each street, and the communities of the first, as the district's and the
        // street's children.
        let projects = project_truth(&mut conn, &district, (from, to));
        assert!(projects["gov"].as_i64().expect("n") > 0, "{from}..{to} has projects with money");
        assert_eq!(project_figures(&got["figures"]), projects, "the district's projects, {from}..{to}");
        let children = got["children"].as_array().expect("children");
        assert_eq!(children.len(), 16);
        for child in children {
            let unit = child["unit_id"].as_str().expect("id");
            let truth = truth_under(&mut conn, unit, (from, to), as_of);
            assert_eq!(demand_figures(&child["figures"]), truth, "{} {from}..{to}", child["name"]);
            let projects = project_truth(&mut conn, unit, (from, to));
            assert_eq!(project_figures(&child["figures"]), projects, "{}'s projects {from}..{to}", child["name"]);
        }
        let street = children[0]["unit_id"].as_str().expect("street");
        let got = overview(&app, &admin, street, from, to).await;
        for child in got["children"].as_array().expect("communities") {
            let unit = child["unit_id"].as_str().expect("id");
            let truth = truth_under(&mut conn, unit, (from, to), as_of);
            assert_eq!(demand_figures(&child["figures"]), truth, "{} {from}..{to}", child["name"]);
        }
        // The months add up to the period.
        let months = got["months"].as_array().expect("months");
        let filed: i64 = months.iter().map(|m| m["demands_filed"].as_i64().expect("n")).sum();
        assert_eq!(filed, got["figures"]["demands_filed"].as_i64().expect("n"));
        assert_eq!(months.first().map(|m| m["month"].clone()), Some(json!(from)));
        assert_eq!(months.last().map(|m| m["month"].clone()), Some(json!(to)));
        // The community types split the whole.
        let by_type: i64 = got["community_types"]
            .as_array()
            .expect("types")
            .iter()
            .map(|t| t["figures"]["demands_filed"].as_i64().expect("n"))
            .sum();
        assert_eq!(by_type, got["figures"]["demands_filed"].as_i64().expect("n"));
    }

    // The counts made in one pass by the generator are those the worker makes event by
    // event.
    let cells = |conn: &mut persistence::DbConnection| -> Vec<(String, String, String, String)> {
        stat_cells::table
            .order((stat_cells::unit_id, stat_cells::month, stat_cells::community_type))
            .select((stat_cells::unit_id, stat_cells::month, stat_cells::community_type, stat_cells::counts))
            .load(conn)
            .expect("cells")
    };
    // A cell whose counts all came back to zero reads as none.
    let in_one_pass: Vec<_> = cells(&mut conn).into_iter().filter(|c| !c.3.is_empty()).collect();
    conn.transaction(|conn| {
        diesel::delete(stat_cells::table).execute(conn)?;
        diesel::update(event_consumers::table.find(persistence::statistics::CONSUMER))
            .set((event_consumers::last_tx.eq(0_i64), event_consumers::last_seq.eq(0_i64)))
            .execute(conn)
    })
    .expect("starts over");
    settled(&app).await;
    let event_by_event: Vec<_> = cells(&mut conn).into_iter().filter(|c| !c.3.is_empty()).collect();
    assert_eq!(event_by_event.len(), in_one_pass.len());
    assert!(event_by_event == in_one_pass, "the worker's counts differ from the generator's");

    // The deadline that counts is the one in force when the demand was answered: a
    // district that shortens its deadlines today does not make yesterday's answers late.
    let before = overview(&app, &admin, &district, periods[0].0, periods[0].1).await;
    let unit = app.get(&format!("/api/v1/org-units/{district}"), Some(&admin)).await.ok(200);
    app.patch(
        &format!("/api/v1/org-units/{district}"),
        Some(&admin),
        json!({"verify_days": 1, "answer_days": 1, "version": unit["version"]}),
    )
    .await
    .ok(200);
    settled(&app).await;
    let after = overview(&app, &admin, &district, periods[0].0, periods[0].1).await;
    assert_eq!(after["figures"]["response_rate"]["numerator"], before["figures"]["response_rate"]["numerator"]);
}

/// The demo district's projects, claims, ratings and volunteers against their rows.
async fn money_ratings_and_the_other_lists_match_a_count_of_their_rows(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    settled(&app).await;
    let mut conn = app.connection();
    let district = district(&mut conn);
    let now = Utc::now();
    let (from, to) = (month(now - Duration::days(300)), month(now));
    let got = app.get(&format!("/api/v1/public/stats?from={from}&to={to}"), None).await.ok(200);
    assert_eq!(got["unit_id"], json!(district));
    let f = &got["figures"];

    let live: Vec<(String, String, i64, i64)> = projects::table
        .select((projects::id, projects::state, projects::gov_funds_fen, projects::beneficiaries))
        .load(&mut conn)
        .expect("projects");
    let counted = |p: &&(String, String, i64, i64)| p.1 != "draft" && p.1 != "cancelled";
    let gov: i64 = live.iter().filter(counted).map(|p| p.2).sum();
    let beneficiaries: i64 = live.iter().filter(|p| p.1 == "closed").map(|p| p.3).sum();
    let counted_ids: HashSet<&str> = live.iter().filter(counted).map(|p| p.0.as_str()).collect();
    let funds: Vec<(String, i64, String)> = claims::table
        .inner_join(resources::table.on(resources::id.eq(claims::resource_id)))
        .filter(resources::kind.eq("funds"))
        .select((claims::project_id, claims::quantity, claims::state))
        .load(&mut conn)
        .expect("claims");
    let social: i64 = funds
        .iter()
        .filter(|(p, _, s)| counted_ids.contains(p.as_str()) && (s == "confirmed" || s == "fulfilled"))
        .map(|(_, q, _)| q)
        .sum();
    assert!(gov > 0 && social > 0, "the demo has money on both sides");
    assert_eq!(f["money"]["gov_funds_fen"], json!(gov));
    assert_eq!(f["money"]["social_funds_fen"], json!(social));
    assert_eq!(f["money"]["leverage"], json!(social as f64 / gov as f64));
    assert_eq!(f["beneficiaries"], json!(beneficiaries));
    let closed = live.iter().filter(|p| p.1 == "closed").count();
    assert_eq!(
        f["completion_rate"],
        json!({"numerator": closed, "denominator": counted_ids.len(), "value": closed as f64 / counted_ids.len() as f64})
    );

    let scores: Vec<i64> = ratings::table.select(ratings::score).load(&mut conn).expect("ratings");
    assert!(!scores.is_empty(), "the demo has ratings");
    let happy = scores.iter().filter(|s| **s >= 4).count();
    assert_eq!(f["satisfaction_rate"]["numerator"], json!(happy));
    assert_eq!(f["satisfaction_rate"]["denominator"], json!(scores.len()));
    assert_eq!(f["ratings"], json!(scores.len()));

    let states: Vec<String> = claims::table.select(claims::state).load(&mut conn).expect("claims");
    for s in got["claims_by_state"].as_array().expect("claims") {
        let n = states.iter().filter(|x| **x == s["state"]).count();
        assert_eq!(s["count"], json!(n), "{s}");
    }
    let served: Vec<(i64, bool)> = service_records::table
        .inner_join(users::table.on(users::id.eq(service_records::user_id)))
        .inner_join(volunteer_activities::table.on(volunteer_activities::id.eq(service_records::activity_id)))
        .select((service_records::minutes, users::party_member))
        .load(&mut conn)
        .expect("records");
    let minutes: i64 = served.iter().map(|s| s.0).sum();
    let party_minutes: i64 = served.iter().filter(|s| s.1).map(|s| s.0).sum();
    assert!(minutes > 0, "the demo has service hours");
    let hours = |m: i64| json!((m as f64 / 60.0 * 10.0).round() / 10.0);
    assert_eq!(got["volunteers"]["hours"], hours(minutes));
    assert_eq!(got["volunteers"]["party_member_hours"], hours(party_minutes));
    let registered: Vec<(String, bool)> = grants::table
        .inner_join(users::table.on(users::id.eq(grants::user_id)))
        .filter(grants::role.eq_any(["volunteer", "volunteer_leader"]))
        .select((grants::user_id, users::party_member))
        .load(&mut conn)
        .expect("grants");
    let people: HashSet<&str> = registered.iter().map(|r| r.0.as_str()).collect();
    let party: HashSet<&str> = registered.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
    assert!(!people.is_empty(), "the demo has volunteers");
    assert_eq!(got["volunteers"]["volunteers"], json!(people.len()));
    assert_eq!(got["volunteers"]["party_member_volunteers"], json!(party.len()));
    let coverage = app
        .get(
            &format!("/api/v1/stats/coverage?unit_id={district}"),
            Some(&app.token_with("admin", demo::PASSWORD).await),
        )
        .await
        .ok(200);
    assert_eq!(got["coverage"]["compounds"], coverage["total"]);
    assert_eq!(got["coverage"]["covered"], coverage["covered"]);

    // The demand figures, here made through the API, not generated.
    let as_of: DateTime<Utc> = got["as_of"].as_str().expect("as_of").parse().expect("instant");
    let truth = truth_under(&mut conn, &district, (&from, &to), as_of);
    assert_eq!(demand_figures(f), truth);

    // Nothing of a person on the public figures: no user's name or phone.
    let body = got.to_string();
    let people: Vec<(String, Option<String>)> =
        users::table.select((users::display_name, users::phone)).load(&mut conn).expect("users");
    for (name, phone) in people {
        assert!(!body.contains(&name), "{name} on the public figures");
        if let Some(phone) = phone {
            assert!(!body.contains(&phone), "{phone} on the public figures");
        }
    }
}

async fn who_reads_which_figures(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let mut conn = app.connection();
    let unit = |conn: &mut persistence::DbConnection, name: &str| -> String {
        org_units::table.filter(org_units::name.eq(name)).select(org_units::id).first(conn).expect(name)
    };
    let (district, huaihe, jingguang) =
        (unit(&mut conn, "二七区"), unit(&mut conn, "淮河路街道"), unit(&mut conn, "京广路街道"));
    let compound: String = org_units::table
        .filter(org_units::kind.eq("compound"))
        .select(org_units::id)
        .first(&mut conn)
        .expect("compound");
    let path = |u: &str| format!("/api/v1/stats/overview?unit_id={u}");
    assert_eq!(app.get(&path(&district), None).await.problem(401), "unauthorized");
    let street = app.token_with("street", demo::PASSWORD).await;
    app.get(&path(&huaihe), Some(&street)).await.ok(200);
    assert_eq!(app.get(&path(&jingguang), Some(&street)).await.problem(403), "forbidden_statistics");
    assert_eq!(app.get(&path(&district), Some(&street)).await.problem(403), "forbidden_statistics");
    for who in ["admin", "auditor"] {
        app.get(&path(&district), Some(&app.token_with(who, demo::PASSWORD).await)).await.ok(200);
    }
    for who in ["resident", "builder", "supervisor", "volunteer"] {
        let token = app.token_with(who, demo::PASSWORD).await;
        assert_eq!(app.get(&path(&huaihe), Some(&token)).await.problem(403), "forbidden_statistics", "{who}");
    }
    let admin = app.token_with("admin", demo::PASSWORD).await;
    assert_eq!(app.get(&path(&compound), Some(&admin)).await.problem(422), "stats_unit_kind");
    assert_eq!(app.get("/api/v1/stats/overview", Some(&admin)).await.problem(422), "unit_id_required");
    for (query, code) in [
        ("from=2026-13", "month_format"),
        ("to=2026/01", "month_format"),
        ("from=2026-05&to=2026-04", "month_order"),
        ("from=2000-01&to=2026-04", "months_span"),
    ] {
        assert_eq!(app.get(&format!("{}&{query}", path(&district)), Some(&admin)).await.problem(422), code, "{query}");
        assert_eq!(app.get(&format!("/api/v1/public/stats?{query}"), None).await.problem(422), code, "{query}");
    }
    assert_eq!(
        app.get(&format!("/api/v1/public/stats?unit_id={compound}"), None).await.problem(422),
        "stats_unit_kind"
    );
    let street_figures = app.get(&format!("/api/v1/public/stats?unit_id={huaihe}"), None).await.ok(200);
    assert_eq!(street_figures["kind"], "street");
}

/// Each demo project's inspection votes, ratings and contributions, against their rows.
async fn a_projects_outcome_is_public_and_names_no_one(app: TestApp) {
    assert!(demo::load_if_empty(&mut app.connection()).expect("demo loads"));
    let mut conn = app.connection();
    let all: Vec<(String, String)> =
        projects::table.select((projects::id, projects::state)).load(&mut conn).expect("projects");
    let people: Vec<(String, String)> =
        users::table.select((users::display_name, users::username)).load(&mut conn).expect("users");
    let mut rated = 0;
    for (id, state) in &all {
        let reply = app.get(&format!("/api/v1/public/projects/{id}/outcome"), None).await;
        if state == "draft" {
            assert_eq!(reply.problem(404), "not_found", "a draft has no public outcome");
            continue;
        }
        let got = reply.ok(200);
        let scores: Vec<i64> =
            ratings::table.filter(ratings::project_id.eq(id)).select(ratings::score).load(&mut conn).expect("ratings");
        rated += scores.len();
        assert_eq!(got["ratings"]["count"], json!(scores.len()), "{id}");
        let by_score: Vec<usize> = (1..=5).map(|k| scores.iter().filter(|s| **s == k).count()).collect();
        assert_eq!(got["ratings"]["by_score"], json!(by_score));
        let votes: i64 = persistence::schema::inspections::table
            .filter(persistence::schema::inspections::project_id.eq(id))
            .count()
            .get_result(&mut conn)
            .expect("votes");
        assert_eq!(got["votes"].as_array().expect("votes").len() as i64, votes);
        let held: Vec<i64> = claims::table
            .filter(claims::project_id.eq(id))
            .filter(claims::state.eq_any(["confirmed", "fulfilled"]))
            .select(claims::quantity)
            .load(&mut conn)
            .expect("claims");
        let given: i64 = got["contributions"]
            .as_array()
            .expect("contributions")
            .iter()
            .map(|c| c["quantity"].as_i64().expect("n"))
            .sum();
        assert_eq!(given, held.iter().sum::<i64>(), "{id}");
        // Organisations are named (who funded it); accounts named after theirs are no people.
        let body = got["votes"].to_string() + &got["ratings"].to_string();
        for (name, username) in &people {
            assert!(!body.contains(name.as_str()) && !body.contains(&format!("\"{username}\"")), "{name} in {body}");
        }
    }
    assert!(rated > 0, "the demo has a rated project");
    let unknown = uuid::Uuid::now_v7();
    assert_eq!(app.get(&format!("/api/v1/public/projects/{unknown}/outcome"), None).await.problem(404), "not_found");
}

//! Volunteer service (SPEC §4.5), black-box on both databases: a team's leader creates an
//! activity, its volunteers sign up within capacity and once each (also all at once),
//! withdraw before it starts, the leader records hours only for those signed up and never
//! more than the activity lasted; a volunteer's own total and the team's figures add up.

use chrono::{Duration, Utc};
use crate::common::pipeline::{id, pipeline};
use crate::common::{all_at_once, assert_books_balance, on_both_databases, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

on_both_databases!(volunteers_sign_up_serve_and_their_hours_add_up);

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().expect("array").iter().map(|a| a.as_str().expect("string")).collect()
}

async fn volunteers_sign_up_serve_and_their_hours_add_up(app: TestApp) {
    let p = pipeline(&app).await;
    let team = app.organization(&p.admin, &p.jinxiang, "金祥花园志愿服务队", "volunteer_org").await;
    let other_team = app.organization(&p.admin, &p.jingguang, "京广志愿服务队", "volunteer_org").await;
    app.user_with(&p.admin, "leader", json!({"role": "volunteer_leader", "organization_id": team})).await;
    let leader = app.token("leader").await;
    let mut volunteers = Vec::new();
    for n in 0..5 {
        let name = format!("vol{n}");
        let uid = app.user_with(&p.admin, &name, json!({"role": "volunteer", "organization_id": team})).await;
        if n < 2 {
            let user = app.get(&format!("/api/v1/users/{uid}"), Some(&p.admin)).await.ok(200);
            let body = json!({"version": user["version"], "party_member": true});
            app.patch(&format!("/api/v1/users/{uid}"), Some(&p.admin), body).await.ok(200);
        }
        volunteers.push((uid, app.token(&name).await));
    }
    app.user_with(&p.admin, "outsider", json!({"role": "volunteer", "organization_id": other_team})).await;
    let outsider = app.token("outsider").await;

    let starts = Utc::now() + Duration::hours(2);
    let body = |team: &str, capacity: i64| {
        json!({"organization_id": team, "title": "楼道清洁日", "description": "清理楼道杂物", "starts_at": starts,
            "ends_at": starts + Duration::hours(3), "capacity": capacity, "project_id": null})
    };
    assert_eq!(
        app.post("/api/v1/volunteer-activities", Some(&leader), body(&other_team, 3)).await.problem(403),
        "forbidden_volunteers"
    );
    assert_eq!(
        app.post("/api/v1/volunteer-activities", Some(&volunteers[0].1), body(&team, 3)).await.problem(403),
        "forbidden_volunteers"
    );
    let mut late = body(&team, 3);
    late["ends_at"] = json!(starts - Duration::hours(1));
    assert_eq!(app.post("/api/v1/volunteer-activities", Some(&leader), late).await.problem(422), "ends_before_start");
    let activity = app.post("/api/v1/volunteer-activities", Some(&leader), body(&team, 3)).await.ok(201);
    assert_eq!(strings(&activity["allowed_actions"]), ["cancel"]);
    let path = format!("/api/v1/volunteer-activities/{}", id(&activity));
    let seen = app.get(&path, Some(&volunteers[0].1)).await.ok(200);
    assert_eq!(strings(&seen["allowed_actions"]), ["sign_up"]);

    // Five volunteers for three places, all at once: three get in, two are told it is full.
    let calls =
        volunteers.iter().map(|(_, token)| (Method::POST, format!("{path}/signups"), token.clone(), None)).collect();
    let replies = all_at_once(&app, calls).await;
    let statuses: Vec<u16> = replies.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 3, "{replies:?}");
    assert!(replies.iter().filter(|(s, _)| *s != 201).all(|(s, b)| *s == 409 && b["code"] == "full"), "{replies:?}");
    let filled = app.get(&path, Some(&leader)).await.ok(200);
    assert_eq!(filled["signed_up"], 3);
    assert_books_balance(&app).await;
    let roster = app.get(&format!("{path}/signups"), Some(&leader)).await.ok(200);
    assert_eq!(roster.as_array().map(Vec::len), Some(3));
    app.get(&format!("{path}/signups"), Some(&volunteers[0].1)).await.problem(403);

    let inside: Vec<&(String, String)> =
        volunteers.iter().zip(&statuses).filter(|(_, s)| **s == 201).map(|(v, _)| v).collect();
    let waiting: Vec<&(String, String)> =
        volunteers.iter().zip(&statuses).filter(|(_, s)| **s != 201).map(|(v, _)| v).collect();
    assert_eq!(
        app.post(&format!("{path}/signups"), Some(&inside[0].1), json!({})).await.problem(409),
        "already_signed_up"
    );
    assert_eq!(app.post(&format!("{path}/signups"), Some(&outsider), json!({})).await.problem(403), "not_a_member");
    // One withdraws; the place goes to someone waiting.
    let left = app.request(Method::DELETE, &format!("{path}/signups/mine"), Some(&inside[2].1), None).await.ok(200);
    assert_eq!((left["signed_up"].as_i64(), left["signed_by_me"].as_bool()), (Some(2), Some(false)));
    app.post(&format!("{path}/signups"), Some(&waiting[0].1), json!({})).await.ok(201);

    // Hours wait for the activity to start; then only for those signed up, within its length.
    let record = |user: &str, hours: f64| json!({"user_id": user, "hours": hours});
    let records = format!("{path}/service-records");
    assert_eq!(app.post(&records, Some(&leader), record(&inside[0].0, 2.0)).await.problem(409), "not_started");
    app.state.clock.advance(Duration::hours(6));
    assert_eq!(
        app.post(&format!("{path}/signups"), Some(&waiting[1].1), json!({})).await.problem(409),
        "already_started"
    );
    assert_eq!(app.post(&records, Some(&leader), record(&inside[2].0, 2.0)).await.problem(422), "not_signed_up");
    assert_eq!(app.post(&records, Some(&leader), record(&inside[0].0, 3.5)).await.problem(422), "hours_range");
    assert_eq!(
        app.post(&records, Some(&inside[0].1), record(&inside[0].0, 2.0)).await.problem(403),
        "forbidden_volunteers"
    );
    let served = [(inside[0], 3.0), (inside[1], 2.5), (waiting[0], 1.0)];
    for ((user, _), hours) in served {
        let r = app.post(&records, Some(&leader), record(user, hours)).await.ok(201);
        assert_eq!(r["hours"].as_f64(), Some(hours));
    }
    assert_eq!(app.post(&records, Some(&leader), record(&inside[0].0, 1.0)).await.problem(409), "already_recorded");

    // A volunteer's own total; the team's figures, party members' share included.
    let mine = app.get("/api/v1/me/volunteering", Some(&inside[1].1)).await.ok(200);
    assert_eq!(mine["total_hours"].as_f64(), Some(2.5));
    assert_eq!(mine["activities"][0]["hours"].as_f64(), Some(2.5));
    let stats = app.get(&format!("/api/v1/stats/volunteers?unit_id={}", p.street), Some(&p.committee)).await.ok(200);
    let party_hours: f64 =
        served.iter().filter(|((user, _), _)| volunteers[..2].iter().any(|(v, _)| v == user)).map(|(_, h)| h).sum();
    assert_eq!(
        (stats["teams"].as_i64(), stats["volunteers"].as_i64(), stats["party_member_volunteers"].as_i64()),
        (Some(1), Some(5), Some(2))
    );
    assert_eq!((stats["hours"].as_f64(), stats["party_member_hours"].as_f64()), (Some(6.5), Some(party_hours)));
    let team_stats = app
        .get(&format!("/api/v1/stats/volunteers?unit_id={}&organization_id={team}", p.jinxiang), Some(&leader))
        .await;
    assert_eq!(team_stats.ok(200)["hours"].as_f64(), Some(6.5));
    app.get(&format!("/api/v1/stats/volunteers?unit_id={}", p.street), Some(&volunteers[0].1)).await.problem(403);

    // Those signed up hear of their hours.
    let mut told = false;
    for _ in 0..250 {
        let inbox = app.get("/api/v1/me/notifications", Some(&inside[0].1)).await.ok(200);
        if inbox["items"].as_array().expect("items").iter().any(|n| n["kind"] == "hours_recorded") {
            told = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(told);
    assert_books_balance(&app).await;
}

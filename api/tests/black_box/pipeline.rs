//! The order pipeline end to end (SPEC §4.2–§4.4): a street committee answers residents'
//! demands with a project, co-builders fund it (claiming it, or asked for their resources),
//! supervisors close it or send it back, residents rate it; every refusal names its rule,
//! and no race allocates a resource twice.

use crate::common::pipeline::*;
use crate::common::{all_at_once, assert_books_balance, on_both_databases, Call, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

on_both_databases!(
    a_demand_becomes_a_closed_rated_handed_over_project,
    refusals_name_their_rule,
    two_fails_send_the_work_back_for_a_new_round,
    cancelling_a_project_gives_everything_back,
    resources_are_requested_declined_confirmed_and_withdrawn,
    matches_put_the_street_first_and_say_why,
    drafts_stay_off_the_public_board,
    the_list_counts_its_projects_by_state,
    a_project_says_which_of_its_demands_each_reader_may_open,
    concurrent_confirmations_never_over_allocate,
    a_resource_is_edited_by_its_owner_never_below_what_projects_hold,
    an_edit_racing_confirmations_never_leaves_a_resource_over_allocated,
    a_draft_is_edited_by_its_committee_until_it_is_published,
    the_inbox_lists_exactly_the_claims_the_reader_answers,
);

async fn a_demand_becomes_a_closed_rated_handed_over_project(app: TestApp) {
    let p = pipeline(&app).await;
    let first = published_demand(&app, &p.zhang, &p.worker, &p.jinxiang, "楼梯没有扶手老人上下困难").await;
    let second = published_demand(&app, &p.zhang, &p.worker, &p.xinghua, "三号楼楼梯扶手损坏").await;
    app.post(&format!("/api/v1/demands/{}/cosign", id(&second)), Some(&p.li), json!({})).await.ok(200);

    // The committee is offered to take a published demand of its street into a project; the
    // worker who verified it is not.
    let offered = |d: &Value| d["allowed_actions"].as_array().expect("actions").contains(&json!("accept"));
    assert!(offered(&fresh(&app, &p.committee, "demands", &first).await));
    assert!(!offered(&fresh(&app, &p.worker, "demands", &first).await));
    let draft = app
        .post(
            "/api/v1/projects",
            Some(&p.committee),
            project_body(&p.xinghua, &[&first, &second], 5_000_000, 3_000_000),
        )
        .await;
    assert_eq!(
        draft.headers.get("location").and_then(|l| l.to_str().ok()).map(|l| l.starts_with("/api/v1/projects/")),
        Some(true)
    );
    let draft = draft.ok(201);
    assert_eq!(draft["state"], "draft");
    assert_eq!(draft["gap_fen"], 2_000_000);
    assert_eq!(actions(&draft), vec!["publish", "cancel", "edit"]);
    assert_eq!(draft["withheld_actions"], json!([]), "a draft is not yet refused a start: it is not its step");
    assert!(!offered(&fresh(&app, &p.committee, "demands", &first).await), "taken already");
    for d in [&first, &second] {
        let d = fresh(&app, &p.zhang, "demands", d).await;
        assert_eq!((d["state"].as_str(), d["project_id"].as_str()), (Some("accepted"), Some(id(&draft))));
        assert_eq!(
            (d["project"]["title"].as_str(), d["project"]["state"].as_str()),
            (Some("金祥花园加装电梯扶手"), Some("draft"))
        );
    }

    let published = act(&app, &p.committee, &draft, json!({"action": "publish"})).await.ok(200);
    assert_eq!(actions(&published), vec!["cancel", "request_resource"], "no start while money is missing");
    assert_eq!(published["withheld_actions"][0]["action"], "start");
    assert_eq!(published["withheld_actions"][0]["code"], "funding_gap");
    assert!(published["withheld_actions"][0]["detail"].as_str().is_some_and(|d| d.contains("¥20,000")));
    let gap = act(&app, &p.committee, &published, json!({"action": "start"})).await;
    assert_eq!(gap.problem(409), "funding_gap");
    assert!(gap.body["detail"].as_str().is_some_and(|d| d.contains("¥20,000")), "{}", gap.body);

    // The merchant sees the project and offers ¥15,000 of its ¥30,000; the committee confirms.
    let as_merchant = fresh(&app, &p.merchant, "projects", &published).await;
    assert_eq!(actions(&as_merchant), vec!["claim"]);
    let money = resource(&app, &p.merchant, &p.merchant_org, &p.street, "funds", 3_000_000).await;
    let offered = claim(&app, &p.merchant, &published, &money, 1_500_000, "provider").await.ok(201);
    assert_eq!((offered["state"].as_str(), offered["project_gap_fen"].as_i64()), (Some("pending"), Some(2_000_000)));
    assert_eq!(actions(&offered), vec!["cancel"], "the side that started it may only take it back");
    assert_eq!(
        (money["organization_name"].as_str(), offered["organization_name"].as_str()),
        (Some("好邻居超市"), Some("好邻居超市"))
    );
    let public = app.get(&format!("/api/v1/public/resources/{}", id(&money)), None).await.ok(200);
    assert_eq!(public["organization_name"], "好邻居超市");
    let inbox = app.get("/api/v1/claims?awaiting_me=true", Some(&p.committee)).await.ok(200);
    assert_eq!(inbox["items"][0]["id"], offered["id"]);
    assert_eq!(actions(&inbox["items"][0]), vec!["confirm", "decline"]);
    let confirmed = answer(&app, &p.committee, &offered, "confirm").await.ok(200);
    assert_eq!(confirmed["state"], "confirmed");
    assert_eq!(confirmed["resource_remaining"], 1_500_000);
    let still_short = fresh(&app, &p.committee, "projects", &published).await;
    assert_eq!((still_short["funded_fen"].as_i64(), still_short["gap_fen"].as_i64()), (Some(1_500_000), Some(500_000)));
    let gap = act(&app, &p.committee, &still_short, json!({"action": "start"})).await;
    assert!(gap.body["detail"].as_str().is_some_and(|d| d.contains("¥5,000")), "{}", gap.body);

    // The district department's money closes the gap, asked for by the committee.
    let grant = resource(&app, &p.dept, &p.dept_org, &p.district, "funds", 10_000_000).await;
    let asked = claim(&app, &p.committee, &still_short, &grant, 500_000, "project").await.ok(201);
    answer(&app, &p.dept, &asked, "confirm").await.ok(200);
    let funded = fresh(&app, &p.committee, "projects", &published).await;
    assert_eq!(funded["gap_fen"], 0);
    assert_eq!(actions(&funded), vec!["start", "cancel", "request_resource"]);
    assert_eq!(funded["withheld_actions"], json!([]));
    let started = act(&app, &p.committee, &funded, json!({"action": "start"})).await.ok(200);
    assert_eq!(started["state"], "in_progress");

    // The merchant, holding a confirmed claim, reports progress and completion.
    let working = fresh(&app, &p.merchant, "projects", &started).await;
    assert_eq!(actions(&working), vec!["complete", "post_progress", "claim"]);
    let path = format!("/api/v1/projects/{}/progress", id(&started));
    app.post(&path, Some(&p.merchant), json!({"note": "扶手材料进场", "percent": 40})).await.ok(200);
    let progressed = app.post(&path, Some(&p.committee), json!({"note": "安装过半", "percent": 60})).await.ok(200);
    assert_eq!(progressed["progress_percent"], 60);
    let followed = fresh(&app, &p.zhang, "demands", &first).await;
    assert_eq!(
        (followed["project"]["state"].as_str(), followed["project"]["progress_percent"].as_i64()),
        (Some("in_progress"), Some(60))
    );
    let updates = app.get(&path, Some(&p.zhang)).await.ok(200);
    assert_eq!(updates.as_array().map(Vec::len), Some(2));
    let public = app.get(&format!("/api/v1/public/projects/{}/progress", id(&started)), None).await.ok(200);
    assert_eq!(public, updates, "residents follow the work without signing in");
    assert!(public[0].get("author_id").is_none());
    let completed =
        act(&app, &p.merchant, &progressed, json!({"action": "complete", "note": "6栋楼梯扶手全部安装完毕"}))
            .await
            .ok(200);
    assert_eq!(
        (completed["state"].as_str(), completed["completion_note"].as_str()),
        (Some("completed"), Some("6栋楼梯扶手全部安装完毕"))
    );

    // The owners' committee inspects: pass, fail, pass — two passes beat one fail.
    let before = fresh(&app, &p.supervisors[0], "projects", &completed).await;
    assert_eq!(actions(&before), vec!["inspect"]);
    inspect(&app, &p.supervisors[0], &completed, "pass", "").await.ok(200);
    let after_fail = inspect(&app, &p.supervisors[1], &completed, "fail", "二单元扶手松动").await.ok(200);
    assert_eq!(after_fail["state"], "completed");
    let closed = inspect(&app, &p.supervisors[2], &completed, "pass", "验收合格").await.ok(200);
    assert_eq!(closed["state"], "closed");
    for d in [&first, &second] {
        assert_eq!(fresh(&app, &p.zhang, "demands", d).await["state"], "resolved");
    }
    let followed = app.get(&format!("/api/v1/demands/{}/events", id(&first)), Some(&p.zhang)).await.ok(200);
    let steps: Vec<(&str, Option<&str>)> = followed
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| ["accept", "resolve"].contains(&e["action"].as_str().unwrap_or("")))
        .map(|e| (e["action"].as_str().expect("action"), e["project_id"].as_str()))
        .collect();
    assert_eq!(steps, [("accept", Some(id(&closed))), ("resolve", Some(id(&closed)))]);
    let votes =
        app.get(&format!("/api/v1/projects/{}/inspections", id(&closed)), Some(&p.supervisors[1])).await.ok(200);
    assert_eq!(votes.as_array().map(|v| v.iter().filter(|x| x["mine"] == true).count()), Some(1));

    // Those who asked rate it, once; a neighbour who did not, never.
    let rate = |token: &str, score: i64| {
        let path = format!("/api/v1/projects/{}/ratings", id(&closed));
        let token = token.to_owned();
        let app = &app;
        async move { app.post(&path, Some(&token), json!({"score": score, "comment": "很满意"})).await }
    };
    let as_author = fresh(&app, &p.zhang, "projects", &closed).await;
    assert_eq!(actions(&as_author), vec!["rate"]);
    let rated = rate(&p.zhang, 5).await.ok(200);
    assert_eq!((rated["rated_by_me"].as_bool(), actions(&rated).len()), (Some(true), 0));
    rate(&p.li, 4).await.ok(200);
    assert_eq!(rate(&p.li, 3).await.problem(409), "already_rated");
    assert_eq!(rate(&p.wang, 1).await.problem(403), "not_a_supporter");
    assert_eq!(rate(&p.zhang, 6).await.problem(422), "score_range");

    // The committee hands it to the compound's property company.
    let closed = fresh(&app, &p.committee, "projects", &closed).await;
    let handed = act(&app, &p.committee, &closed, json!({"action": "hand_over", "maintainer_org_id": p.property_org}))
        .await
        .ok(200);
    assert_eq!(handed["maintainer_org_id"].as_str(), Some(p.property_org.as_str()));
    assert!(handed["handed_over_at"].is_string());

    let timeline = app.get(&format!("/api/v1/projects/{}/events", id(&handed)), Some(&p.committee)).await.ok(200);
    let steps: Vec<&str> =
        timeline.as_array().expect("events").iter().map(|e| e["action"].as_str().expect("action")).collect();
    assert_eq!(
        steps,
        vec![
            "create",
            "publish",
            "start",
            "progress",
            "progress",
            "complete",
            "inspect",
            "inspect",
            "inspect",
            "close",
            "rate",
            "rate",
            "hand_over"
        ]
    );
    assert!(timeline[0]["actor_name"].is_string());
    let roles: Vec<&str> =
        timeline.as_array().expect("events").iter().map(|e| e["actor_role"].as_str().unwrap_or("system")).collect();
    assert_eq!(
        roles,
        vec![
            "street_committee",
            "street_committee",
            "street_committee",
            "co_builder",
            "street_committee",
            "co_builder",
            "supervisor",
            "supervisor",
            "supervisor",
            "system",
            "resident",
            "resident",
            "street_committee"
        ]
    );
    // What each event holds beyond its states is typed, never a code for the screen to parse.
    assert_eq!((timeline[3]["percent"].as_i64(), timeline[3]["note"].as_str()), (Some(40), Some("扶手材料进场")));
    assert_eq!((timeline[7]["verdict"].as_str(), timeline[7]["note"].as_str()), (Some("fail"), Some("二单元扶手松动")));
    assert_eq!((timeline[6]["verdict"].as_str(), timeline[6]["note"].as_str()), (Some("pass"), None));
    assert_eq!((timeline[10]["score"].as_i64(), timeline[10]["note"].as_str()), (Some(5), None));
    assert_eq!(timeline[12]["maintainer_org_id"].as_str(), Some(p.property_org.as_str()));
    assert_eq!(timeline[5]["note"], "6栋楼梯扶手全部安装完毕");
    let as_resident = app.get(&format!("/api/v1/projects/{}/events", id(&handed)), Some(&p.zhang)).await.ok(200);
    assert!(as_resident.as_array().expect("events").iter().all(|e| e["actor_name"].is_null()));
    let public = app.get(&format!("/api/v1/public/projects/{}", id(&handed)), None).await.ok(200);
    assert_eq!(public["state"], "closed");
    assert!(public.get("allowed_actions").is_none() && public.get("version").is_none());
}

async fn refusals_name_their_rule(app: TestApp) {
    let p = pipeline(&app).await;
    let d = published_demand(&app, &p.zhang, &p.worker, &p.jinxiang, "小区路灯不亮").await;
    let create = |token: &str, body: Value| {
        let token = token.to_owned();
        let app = &app;
        async move { app.post("/api/v1/projects", Some(&token), body).await }
    };
    let body = project_body(&p.xinghua, &[&d], 1_000_000, 0);
    assert_eq!(create(&p.worker, body.clone()).await.problem(403), "forbidden_projects");
    assert_eq!(create(&p.other_committee, body.clone()).await.problem(403), "out_of_scope");
    assert_eq!(create(&p.zhang, body.clone()).await.problem(403), "forbidden_projects");
    let mut over = body.clone();
    over["gov_funds_fen"] = json!(2_000_000);
    assert_eq!(create(&p.committee, over).await.problem(422), "gov_funds_over_budget");
    let mut none = body.clone();
    none["demand_ids"] = json!([]);
    assert_eq!(create(&p.committee, none).await.problem(422), "demands_required");
    let mut unknown = body.clone();
    unknown["demand_ids"] = json!(["0190d8e0-0000-7000-8000-000000000000"]);
    assert_eq!(create(&p.committee, unknown).await.problem(422), "unknown_demand");
    let submitted = app
        .post(
            "/api/v1/demands",
            Some(&p.li),
            json!({"title": "新提交的需求", "category": "repair", "unit_id": p.xinghua}),
        )
        .await
        .ok(201);
    let mut unverified = body.clone();
    unverified["demand_ids"] = json!([id(&submitted)]);
    assert_eq!(create(&p.committee, unverified).await.problem(422), "demand_not_published");
    let mut bad = body.clone();
    bad["budget_fen"] = json!(-1);
    bad["title"] = json!("修");
    bad["category"] = json!("renovation");
    bad["plan"] = json!("");
    let refused = create(&p.committee, bad).await;
    assert_eq!(refused.problem(422), "title_length");
    for field in ["budget_fen", "title", "category", "plan"] {
        assert!(refused.body["errors"][field].is_array(), "{field}: {}", refused.body);
    }
    // Nothing of the refusals was written: the demand is still published and free.
    let untouched = fresh(&app, &p.zhang, "demands", &d).await;
    assert_eq!((untouched["state"].as_str(), untouched["project_id"].as_str()), (Some("published"), None));

    let project = create(&p.committee, body).await.ok(201);
    // A draft does not exist for a co-builder: no id of it leaks through a refusal.
    act(&app, &p.merchant, &project, json!({"action": "publish"})).await.problem(404);
    assert_eq!(act(&app, &p.committee, &project, json!({"action": "close"})).await.problem(422), "action_not_user");
    assert_eq!(
        act(&app, &p.committee, &project, json!({"action": "complete", "note": "x"})).await.problem(409),
        "wrong_state"
    );
    // A draft does not exist for those who may not read it.
    app.get(&format!("/api/v1/projects/{}", id(&project)), Some(&p.zhang)).await.problem(404);
    app.get(&format!("/api/v1/projects/{}", id(&project)), Some(&p.merchant)).await.problem(404);
    let published = act(&app, &p.committee, &project, json!({"action": "publish"})).await.ok(200);
    let as_merchant = act(&app, &p.merchant, &published, json!({"action": "cancel", "reason": "x"})).await;
    assert_eq!(as_merchant.problem(403), "forbidden_projects");
    let stale = act(&app, &p.committee, &project, json!({"action": "cancel", "reason": "重复"})).await;
    assert_eq!(stale.problem(409), "stale_version");
    assert_eq!(inspect(&app, &p.supervisors[0], &published, "pass", "").await.problem(409), "wrong_state");
    assert_eq!(inspect(&app, &p.worker, &published, "pass", "").await.problem(403), "forbidden_inspections");
    // A co-builder without a confirmed claim does not do the work.
    let funded = act(&app, &p.committee, &published, json!({"action": "cancel"})).await;
    assert_eq!(funded.problem(422), "reason_required");

    // A supervisor of another compound's organisation does not reach the project.
    let started = published_project(&app, &p, &p.jinxiang, "金祥花园绿化补种", 100, 100).await;
    let started = act(&app, &p.committee, &started, json!({"action": "start"})).await.ok(200);
    assert_eq!(
        act(&app, &p.merchant, &started, json!({"action": "complete", "note": "完工"})).await.problem(403),
        "not_a_doer"
    );
    let done = act(&app, &p.committee, &started, json!({"action": "complete", "note": "完工"})).await.ok(200);
    assert_eq!(inspect(&app, &p.supervisors[0], &done, "fail", " ").await.problem(422), "comment_required");
    let xinghua_wide = published_project(&app, &p, &p.xinghua, "兴华社区停车线", 100, 100).await;
    let xinghua_wide = act(&app, &p.committee, &xinghua_wide, json!({"action": "start"})).await.ok(200);
    let xinghua_done =
        act(&app, &p.committee, &xinghua_wide, json!({"action": "complete", "note": "完工"})).await.ok(200);
    assert_eq!(inspect(&app, &p.supervisors[0], &xinghua_done, "pass", "").await.ok(200)["state"], "completed");
    inspect(&app, &p.supervisors[0], &done, "pass", "").await.ok(200);
    assert_eq!(inspect(&app, &p.supervisors[0], &done, "pass", "").await.problem(409), "already_inspected");
    inspect(&app, &p.supervisors[1], &done, "pass", "").await.ok(200);
    let closed = fresh(&app, &p.committee, "projects", &done).await;
    assert_eq!(closed["state"], "closed");
    let hand = |org: &str| json!({"action": "hand_over", "maintainer_org_id": org});
    assert_eq!(act(&app, &p.committee, &closed, hand(&p.merchant_org)).await.problem(422), "maintainer_kind");
    assert_eq!(act(&app, &p.committee, &closed, hand(&p.other_property_org)).await.problem(422), "maintainer_street");
    assert_eq!(
        act(&app, &p.committee, &closed, json!({"action": "hand_over"})).await.problem(422),
        "maintainer_required"
    );
    let _ = &p.jingguang;
}

async fn two_fails_send_the_work_back_for_a_new_round(app: TestApp) {
    let p = pipeline(&app).await;
    let project = published_project(&app, &p, &p.jinxiang, "金祥花园垃圾亭改造", 200, 200).await;
    let started = act(&app, &p.committee, &project, json!({"action": "start"})).await.ok(200);
    let done = act(&app, &p.committee, &started, json!({"action": "complete", "note": "垃圾亭已翻新"})).await.ok(200);
    inspect(&app, &p.supervisors[0], &done, "fail", "顶棚漏雨").await.ok(200);
    let back = inspect(&app, &p.supervisors[1], &done, "fail", "地面未硬化").await.ok(200);
    assert_eq!((back["state"].as_str(), back["rework_round"].as_i64()), (Some("in_progress"), Some(1)));
    // A new round: everyone votes again, the earlier votes no longer count.
    let redone =
        act(&app, &p.committee, &back, json!({"action": "complete", "note": "顶棚和地面已整改"})).await.ok(200);
    assert_eq!(actions(&fresh(&app, &p.supervisors[0], "projects", &redone).await), vec!["inspect"]);
    inspect(&app, &p.supervisors[0], &redone, "pass", "").await.ok(200);
    let closed = inspect(&app, &p.supervisors[1], &redone, "pass", "整改到位").await.ok(200);
    assert_eq!((closed["state"].as_str(), closed["rework_round"].as_i64()), (Some("closed"), Some(1)));
    let votes = app.get(&format!("/api/v1/projects/{}/inspections", id(&closed)), Some(&p.committee)).await.ok(200);
    let rounds: Vec<i64> =
        votes.as_array().expect("votes").iter().map(|v| v["round"].as_i64().expect("round")).collect();
    assert_eq!(rounds, vec![0, 0, 1, 1]);
}

async fn cancelling_a_project_gives_everything_back(app: TestApp) {
    let p = pipeline(&app).await;
    let project = published_project(&app, &p, &p.xinghua, "兴华社区健身器材更新", 1_000_000, 200_000).await;
    let materials = resource(&app, &p.merchant, &p.merchant_org, &p.street, "materials", 10).await;
    let money = resource(&app, &p.merchant, &p.merchant_org, &p.street, "funds", 900_000).await;
    let held = claim(&app, &p.merchant, &project, &materials, 4, "provider").await.ok(201);
    answer(&app, &p.committee, &held, "confirm").await.ok(200);
    let paid = claim(&app, &p.committee, &project, &money, 800_000, "project").await.ok(201);
    answer(&app, &p.merchant, &paid, "confirm").await.ok(200);
    let waiting = claim(&app, &p.committee, &project, &materials, 2, "project").await.ok(201);
    let started =
        act(&app, &p.committee, &fresh(&app, &p.committee, "projects", &project).await, json!({"action": "start"}))
            .await
            .ok(200);

    let cancelled =
        act(&app, &p.committee, &started, json!({"action": "cancel", "reason": "场地被征收，项目终止"})).await.ok(200);
    assert_eq!((cancelled["state"].as_str(), cancelled["funded_fen"].as_i64()), (Some("cancelled"), Some(0)));
    assert_eq!(cancelled["cancel_reason"], "场地被征收，项目终止");
    let demand = app
        .get(&format!("/api/v1/demands/{}", cancelled["demand_ids"][0].as_str().expect("id")), Some(&p.zhang))
        .await
        .ok(200);
    assert_eq!((demand["state"].as_str(), demand["project_id"].as_str()), (Some("published"), None));
    for (c, state) in [(&held, "released"), (&paid, "released"), (&waiting, "cancelled")] {
        assert_eq!(fresh(&app, &p.merchant, "claims", c).await["state"], state);
    }
    for r in [&materials, &money] {
        let r = fresh(&app, &p.merchant, "resources", r).await;
        assert_eq!(
            (r["allocated"].as_i64(), &r["remaining"], r["state"].as_str()),
            (Some(0), &r["quantity"], Some("available"))
        );
    }
    // The demand can be taken up by another project.
    let again = app.post("/api/v1/projects", Some(&p.committee), project_body(&p.xinghua, &[&demand], 100, 100)).await;
    assert_eq!(again.ok(201)["demand_ids"][0], demand["id"]);
}

async fn resources_are_requested_declined_confirmed_and_withdrawn(app: TestApp) {
    let p = pipeline(&app).await;
    let project = published_project(&app, &p, &p.jinxiang, "金祥花园儿童乐园", 0, 0).await;
    let venue = resource(&app, &p.merchant, &p.merchant_org, &p.xinghua, "venue", 3).await;
    assert_eq!((venue["state"].as_str(), venue["remaining"].as_i64()), (Some("available"), Some(3)));
    assert_eq!(actions(&venue), vec!["edit", "withdraw"]);
    assert_eq!(actions(&fresh(&app, &p.committee, "resources", &venue).await), vec!["request"]);
    assert!(actions(&fresh(&app, &p.dept, "resources", &venue).await).is_empty());

    // Publishing: only for one's own organisation, at its unit or below, counted right.
    let offer = |token: &str, body: Value| {
        let token = token.to_owned();
        let app = &app;
        async move { app.post("/api/v1/resources", Some(&token), body).await }
    };
    let base = json!({"organization_id": p.merchant_org, "kind": "materials", "title": "水泥", "quantity": 5, "measure": "袋", "unit_id": p.street});
    let mut not_mine = base.clone();
    not_mine["organization_id"] = json!(p.dept_org);
    assert_eq!(offer(&p.merchant, not_mine).await.problem(403), "not_your_organization");
    assert_eq!(offer(&p.committee, base.clone()).await.problem(403), "forbidden_resources");
    let mut above = base.clone();
    above["unit_id"] = json!(p.district);
    assert_eq!(offer(&p.merchant, above).await.problem(422), "resource_unit");
    let mut yuan = base.clone();
    yuan["kind"] = json!("funds");
    yuan["measure"] = json!("元");
    assert_eq!(offer(&p.merchant, yuan).await.problem(422), "measure_funds");
    let mut past = base.clone();
    past["available_until"] = json!("2020-01-01T00:00:00Z");
    assert_eq!(offer(&p.merchant, past).await.problem(422), "available_until_past");

    // The committee asks; the merchant declines, is asked again and confirms two of three.
    assert_eq!(
        claim(&app, &p.committee, &project, &venue, 4, "project").await.problem(422),
        "quantity_exceeds_remaining"
    );
    let asked = claim(&app, &p.committee, &project, &venue, 2, "project").await.ok(201);
    assert_eq!(claim(&app, &p.committee, &project, &venue, 1, "project").await.problem(409), "claim_pending");
    assert_eq!(answer(&app, &p.committee, &asked, "confirm").await.problem(403), "not_your_side");
    let inbox = app.get("/api/v1/claims?awaiting_me=true", Some(&p.merchant)).await.ok(200);
    assert_eq!(inbox["items"].as_array().map(Vec::len), Some(1));
    assert!(app.get("/api/v1/claims?awaiting_me=true", Some(&p.committee)).await.ok(200)["items"]
        .as_array()
        .is_some_and(Vec::is_empty));
    app.get(&format!("/api/v1/claims/{}", id(&asked)), Some(&p.dept)).await.problem(404);
    // By place: the claims on projects at a unit or below it, none of another's.
    let at = |unit: &str| {
        let app = &app;
        let path = format!("/api/v1/claims?unit_id={unit}");
        let token = p.committee.clone();
        async move { app.get(&path, Some(&token)).await.ok(200)["items"].as_array().map_or(0, Vec::len) }
    };
    assert_eq!((at(&p.jinxiang).await, at(&p.street).await, at(&p.jingguang).await), (1, 1, 0));
    answer(&app, &p.merchant, &asked, "decline").await.ok(200);
    let again = claim(&app, &p.committee, &project, &venue, 2, "project").await.ok(201);
    let cancelled = answer(&app, &p.committee, &again, "cancel").await.ok(200);
    assert_eq!(cancelled["state"], "cancelled");
    let third = claim(&app, &p.committee, &project, &venue, 2, "project").await.ok(201);
    let confirmed = answer(&app, &p.merchant, &third, "confirm").await.ok(200);
    assert_eq!(confirmed["resource_remaining"], 1);
    assert_eq!(answer(&app, &p.merchant, &confirmed, "release").await.problem(403), "not_your_side");
    let fulfilled = answer(&app, &p.merchant, &confirmed, "fulfil").await.ok(200);
    assert_eq!(fulfilled["state"], "fulfilled");

    // Withdrawing keeps what is allocated and takes back the rest.
    let venue = fresh(&app, &p.merchant, "resources", &venue).await;
    let body = json!({"action": "withdraw", "version": venue["version"]});
    let path = format!("/api/v1/resources/{}/transitions", id(&venue));
    assert_eq!(app.post(&path, Some(&p.dept), body.clone()).await.problem(403), "not_your_organization");
    let withdrawn = app.post(&path, Some(&p.merchant), body.clone()).await.ok(200);
    assert_eq!(
        (
            withdrawn["state"].as_str(),
            withdrawn["quantity"].as_i64(),
            withdrawn["allocated"].as_i64(),
            withdrawn["remaining"].as_i64()
        ),
        (Some("withdrawn"), Some(2), Some(2), Some(0))
    );
    // It remembers what it offered and what went back (the walk found 总量 0 and no trace).
    assert_eq!((withdrawn["offered"].as_i64(), withdrawn["withdrawn_quantity"].as_i64()), (Some(3), Some(1)));
    assert_eq!(
        app.post(&path, Some(&p.merchant), json!({"action": "withdraw", "version": withdrawn["version"]}))
            .await
            .problem(409),
        "wrong_state"
    );
    assert_eq!(claim(&app, &p.committee, &project, &venue, 1, "project").await.problem(422), "unknown_record");
    let public = app.get("/api/v1/public/resources", None).await.ok(200);
    assert!(public["items"].as_array().expect("items").iter().all(|r| r["id"] != venue["id"]));
    app.get(&format!("/api/v1/public/resources/{}", id(&venue)), None).await.problem(404);
}

async fn matches_put_the_street_first_and_say_why(app: TestApp) {
    let p = pipeline(&app).await;
    let project = published_project(&app, &p, &p.jinxiang, "金祥花园外墙修缮", 5_000_000, 3_000_000).await;
    let district_money = resource(&app, &p.dept, &p.dept_org, &p.district, "funds", 9_000_000).await;
    let street_money = resource(&app, &p.merchant, &p.merchant_org, &p.street, "funds", 500_000).await;
    let street_tools = resource(&app, &p.merchant, &p.merchant_org, &p.xinghua, "materials", 8).await;
    let matches = app.get(&format!("/api/v1/projects/{}/matches", id(&project)), Some(&p.committee)).await.ok(200);
    let order: Vec<&str> =
        matches.as_array().expect("matches").iter().map(|m| m["resource"]["id"].as_str().expect("id")).collect();
    // The money it cannot start without first, then the materials it lacks.
    assert_eq!(order, vec![id(&street_money), id(&street_tools), id(&district_money)]);
    let money = &matches[0];
    let details: Vec<&str> =
        money["reasons"].as_array().expect("reasons").iter().map(|r| r["detail"].as_str().expect("detail")).collect();
    assert_eq!(
        details[..3],
        ["本街道的资源，就近对接", "项目仍有资金缺口 ¥20,000，补齐才能开工", "剩余 ¥5,000，可补缺口的 25%"]
    );
    let summaries: Vec<&str> =
        matches.as_array().expect("matches").iter().map(|m| m["summary"].as_str().expect("summary")).collect();
    assert_eq!(summaries, ["推荐：同街道、补足资金缺口", "推荐：同街道、补上所缺的物资", "推荐：全区可用、补齐资金缺口"]);
    assert_eq!(
        money["score"].as_u64(),
        Some(money["reasons"].as_array().expect("reasons").iter().map(|r| r["points"].as_u64().expect("points")).sum())
    );
    assert_eq!(matches[2]["reasons"][0]["detail"], "全区可用的资源");
}

async fn drafts_stay_off_the_public_board(app: TestApp) {
    let p = pipeline(&app).await;
    let d = published_demand(&app, &p.zhang, &p.worker, &p.jinxiang, "楼顶漏水").await;
    let draft =
        app.post("/api/v1/projects", Some(&p.committee), project_body(&p.jinxiang, &[&d], 100, 0)).await.ok(201);
    let listed = |v: &Value| v["items"].as_array().expect("items").iter().any(|x| x["id"] == draft["id"]);
    assert!(!listed(&app.get("/api/v1/public/projects", None).await.ok(200)));
    assert!(!listed(&app.get("/api/v1/projects", Some(&p.zhang)).await.ok(200)));
    assert!(!listed(&app.get("/api/v1/projects", Some(&p.other_committee)).await.ok(200)));
    assert!(listed(&app.get("/api/v1/projects", Some(&p.worker)).await.ok(200)));
    assert!(listed(&app.get("/api/v1/projects?state=draft", Some(&p.committee)).await.ok(200)));
    app.get(&format!("/api/v1/public/projects/{}", id(&draft)), None).await.problem(404);
    app.get(&format!("/api/v1/public/projects/{}/progress", id(&draft)), None).await.problem(404);
    act(&app, &p.committee, &draft, json!({"action": "publish"})).await.ok(200);
    assert!(listed(&app.get("/api/v1/public/projects", None).await.ok(200)));
    assert!(listed(&app.get("/api/v1/projects", Some(&p.zhang)).await.ok(200)));
}

/// SPEC §4.4: confirmations racing for one resource allocate at most its quantity. Twelve
/// projects each ask for 3 of 10; all twelve confirmations are sent at once: exactly three
/// succeed, the rest are 409 `over_allocation`, and the database agrees.
async fn concurrent_confirmations_never_over_allocate(app: TestApp) {
    const PROJECTS: usize = 12;
    let p = pipeline(&app).await;
    let tools = resource(&app, &p.merchant, &p.merchant_org, &p.street, "materials", 10).await;
    let mut calls: Vec<Call> = Vec::new();
    for i in 0..PROJECTS {
        let project = published_project(&app, &p, &p.xinghua, &format!("兴华社区第{i}号微改造"), 0, 0).await;
        let asked = claim(&app, &p.committee, &project, &tools, 3, "project").await.ok(201);
        let body = json!({"action": "confirm", "version": asked["version"]});
        calls.push((
            Method::POST,
            format!("/api/v1/claims/{}/transitions", id(&asked)),
            p.merchant.clone(),
            Some(body),
        ));
    }
    let replies = all_at_once(&app, calls).await;
    let confirmed = replies.iter().filter(|(status, _)| *status == 200).count();
    let refused: Vec<&Value> = replies.iter().filter(|(status, _)| *status == 409).map(|(_, b)| b).collect();
    assert_eq!(confirmed, 3, "{replies:?}");
    assert_eq!(refused.len(), PROJECTS - 3, "{replies:?}");
    assert!(refused.iter().all(|b| b["code"] == "over_allocation"), "{refused:?}");
    let after = fresh(&app, &p.merchant, "resources", &tools).await;
    assert_eq!((after["allocated"].as_i64(), after["remaining"].as_i64()), (Some(9), Some(1)));
    let held =
        app.get(&format!("/api/v1/claims?resource_id={}&state=confirmed", id(&tools)), Some(&p.merchant)).await.ok(200);
    assert_eq!(held["items"].as_array().map(Vec::len), Some(3));
    let pending =
        app.get(&format!("/api/v1/claims?resource_id={}&state=pending", id(&tools)), Some(&p.merchant)).await.ok(200);
    assert_eq!(pending["items"].as_array().map(Vec::len), Some(PROJECTS - 3), "a refused confirmation changes nothing");
}

async fn a_resource_is_edited_by_its_owner_never_below_what_projects_hold(app: TestApp) {
    let p = pipeline(&app).await;
    let project = published_project(&app, &p, &p.jinxiang, "金祥花园健身角", 0, 0).await;
    let tools = resource(&app, &p.merchant, &p.merchant_org, &p.street, "materials", 10).await;
    let asked = claim(&app, &p.committee, &project, &tools, 4, "project").await.ok(201);
    answer(&app, &p.merchant, &asked, "confirm").await.ok(200);
    let tools = fresh(&app, &p.merchant, "resources", &tools).await;
    let path = format!("/api/v1/resources/{}", id(&tools));
    let edit = |token: &str, body: Value| {
        let (app, path, token) = (&app, path.clone(), token.to_owned());
        async move { app.patch(&path, Some(&token), body).await }
    };

    // Only what is sent changes; the version moves on; the timeline says what it became.
    let until = "2099-06-30T00:00:00Z";
    let edited = edit(
        &p.merchant,
        json!({"version": tools["version"], "title": "工具套装", "quantity": 6, "available_until": until}),
    )
    .await
    .ok(200);
    assert_eq!(
        (edited["title"].as_str(), edited["quantity"].as_i64(), edited["remaining"].as_i64(), edited["measure"].as_str()),
        (Some("工具套装"), Some(6), Some(2), Some("套"))
    );
    assert_eq!(edited["available_until"].as_str().map(|d| &d[..10]), Some("2099-06-30"));
    assert_eq!(edited["description"], tools["description"]);
    assert_eq!(edited["version"].as_i64(), tools["version"].as_i64().map(|v| v + 1));
    let timeline = app.get(&format!("{path}/events"), Some(&p.merchant)).await.ok(200);
    let last = timeline.as_array().and_then(|t| t.last().cloned()).expect("an entry");
    assert_eq!((last["action"].as_str(), last["quantity"].as_i64()), (Some("edit"), Some(6)));

    // Never below what projects hold; never by anyone else; never on an old version.
    let v = edited["version"].clone();
    let below = edit(&p.merchant, json!({"version": v, "quantity": 3})).await;
    assert_eq!(below.problem(409), "quantity_below_allocated");
    assert!(below.body["detail"].as_str().is_some_and(|d| d.contains("4 套")), "{}", below.body);
    assert_eq!(edit(&p.dept, json!({"version": v, "quantity": 8})).await.problem(403), "not_your_organization");
    assert_eq!(edit(&p.committee, json!({"version": v, "quantity": 8})).await.problem(403), "not_your_organization");
    assert_eq!(edit(&p.merchant, json!({"version": tools["version"], "quantity": 8})).await.problem(409), "stale_version");
    assert_eq!(edit(&p.merchant, json!({"version": v, "quantity": 0})).await.problem(422), "quantity_range");
    assert_eq!(edit(&p.merchant, json!({"version": v, "title": "x"})).await.problem(422), "title_length");
    let past = edit(&p.merchant, json!({"version": v, "available_until": "2020-01-01T00:00:00Z"})).await;
    assert_eq!(past.problem(422), "available_until_past");
    let unchanged = fresh(&app, &p.merchant, "resources", &edited).await;
    assert_eq!((unchanged["quantity"].as_i64(), unchanged["version"].clone()), (Some(6), v.clone()));

    // `null` makes it open-ended; down to exactly what is held exhausts it.
    let open = edit(&p.merchant, json!({"version": v, "available_until": null, "quantity": 4})).await.ok(200);
    assert_eq!((open["available_until"].clone(), open["state"].as_str()), (Value::Null, Some("exhausted")));
    assert_eq!(open["allowed_actions"], json!(["edit"]));

    // A withdrawn resource is not edited.
    let more = edit(&p.merchant, json!({"version": open["version"], "quantity": 9})).await.ok(200);
    let withdrawn = app
        .post(
            &format!("{path}/transitions"),
            Some(&p.merchant),
            json!({"action": "withdraw", "version": more["version"]}),
        )
        .await
        .ok(200);
    assert_eq!(withdrawn["allowed_actions"], json!([]));
    assert_eq!(
        edit(&p.merchant, json!({"version": withdrawn["version"], "quantity": 9})).await.problem(409),
        "wrong_state"
    );
}

/// The owner lowers the quantity while projects' requests are confirmed: whichever lands
/// first, the resource never holds more than it has, and the books balance.
async fn an_edit_racing_confirmations_never_leaves_a_resource_over_allocated(app: TestApp) {
    const PROJECTS: usize = 5;
    let p = pipeline(&app).await;
    let mut projects = Vec::new();
    for i in 0..PROJECTS {
        projects.push(published_project(&app, &p, &p.xinghua, &format!("兴华社区第{i}号花坛"), 0, 0).await);
    }
    for round in 0..4 {
        let tools = resource(&app, &p.merchant, &p.merchant_org, &p.street, "materials", 10).await;
        let mut calls: Vec<Call> = Vec::new();
        for project in &projects {
            let asked = claim(&app, &p.committee, project, &tools, 2, "project").await.ok(201);
            let body = json!({"action": "confirm", "version": asked["version"]});
            calls.push((Method::POST, format!("/api/v1/claims/{}/transitions", id(&asked)), p.merchant.clone(), Some(body)));
        }
        // Later rounds read the version after some confirmations, so the edit is current
        // when it starts and meets the confirmations in the database, not at the version.
        let tools = if round >= 2 {
            let early = calls.remove(0);
            all_at_once(&app, vec![early]).await;
            fresh(&app, &p.merchant, "resources", &tools).await
        } else {
            tools
        };
        let edit = json!({"version": tools["version"], "quantity": 3});
        calls.insert(round % calls.len(), (Method::PATCH, format!("/api/v1/resources/{}", id(&tools)), p.merchant.clone(), Some(edit)));
        let replies = all_at_once(&app, calls).await;
        for (status, body) in &replies {
            assert!(
                *status == 200 || (*status == 409 && ["over_allocation", "stale_version", "quantity_below_allocated"].contains(&body["code"].as_str().unwrap_or(""))),
                "round {round}: {status} {body}"
            );
        }
        let after = fresh(&app, &p.merchant, "resources", &tools).await;
        let (quantity, allocated) = (after["quantity"].as_i64().unwrap_or(0), after["allocated"].as_i64().unwrap_or(-1));
        assert!(allocated <= quantity && (quantity == 3 || quantity == 10), "round {round}: {after}");
        assert_books_balance(&app).await;
    }
}

async fn a_draft_is_edited_by_its_committee_until_it_is_published(app: TestApp) {
    let p = pipeline(&app).await;
    let d = published_demand(&app, &p.zhang, &p.worker, &p.jinxiang, "二号楼外墙脱落").await;
    let draft = app
        .post("/api/v1/projects", Some(&p.committee), project_body(&p.jinxiang, &[&d], 2_000_000, 500_000))
        .await
        .ok(201);
    let path = format!("/api/v1/projects/{}", id(&draft));

    // Only what is sent changes; the version moves on.
    let edited = app
        .patch(
            &path,
            Some(&p.committee),
            json!({"version": draft["version"], "title": "二号楼外墙修缮", "budget_fen": 3_000_000}),
        )
        .await
        .ok(200);
    assert_eq!((edited["title"].as_str(), edited["budget_fen"].as_i64()), (Some("二号楼外墙修缮"), Some(3_000_000)));
    assert_eq!((edited["plan"].clone(), edited["gov_funds_fen"].as_i64()), (draft["plan"].clone(), Some(500_000)));
    assert_eq!(edited["gap_fen"], 2_500_000);
    assert_eq!(edited["version"].as_i64(), draft["version"].as_i64().map(|v| v + 1));

    // Refusals change nothing: the old version, government money over the (new or old)
    // budget, a control character, someone else's hands.
    let stale = app.patch(&path, Some(&p.committee), json!({"version": draft["version"], "title": "旧版本"})).await;
    assert_eq!(stale.problem(409), "stale_version");
    let over =
        app.patch(&path, Some(&p.committee), json!({"version": edited["version"], "gov_funds_fen": 3_000_001})).await;
    assert_eq!(over.problem(422), "gov_funds_over_budget");
    let both = json!({"version": edited["version"], "budget_fen": 100, "gov_funds_fen": 200});
    assert_eq!(app.patch(&path, Some(&p.committee), both).await.problem(422), "gov_funds_over_budget");
    let control =
        app.patch(&path, Some(&p.committee), json!({"version": edited["version"], "title": "外墙\u{7}修缮"})).await;
    assert_eq!(control.status, 422, "{}", control.body);
    for outsider in [&p.other_committee, &p.merchant, &p.zhang] {
        let reply = app.patch(&path, Some(outsider), json!({"version": edited["version"], "title": "改一下"})).await;
        assert_eq!(reply.status, 404, "a draft is not theirs to see: {}", reply.body);
    }
    let unchanged = fresh(&app, &p.committee, "projects", &draft).await;
    assert_eq!(
        (unchanged["title"].clone(), unchanged["version"].clone()),
        (edited["title"].clone(), edited["version"].clone())
    );

    // Published, it is a public commitment: no more edits, and none offered.
    let published = act(&app, &p.committee, &unchanged, json!({"action": "publish"})).await.ok(200);
    assert!(!actions(&published).contains(&"edit"));
    let late = app.patch(&path, Some(&p.committee), json!({"version": published["version"], "plan": "改方案"})).await;
    assert_eq!(late.problem(409), "not_editable");
    let elsewhere = json!({"version": published["version"], "plan": "改方案"});
    assert_eq!(app.patch(&path, Some(&p.other_committee), elsewhere).await.problem(403), "out_of_scope");
    let timeline = app.get(&format!("{path}/events"), Some(&p.committee)).await.ok(200);
    let steps: Vec<&str> = timeline.as_array().expect("events").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(steps, vec!["create", "edit", "publish"]);
}

/// `awaiting_me` is SQL; who answers a claim is `domain::claim`'s rule. Pinned together: for
/// every reader, the inbox holds exactly the claims on which it is offered `decline` (the
/// answering side's own step, which no duty withholds).
async fn the_inbox_lists_exactly_the_claims_the_reader_answers(app: TestApp) {
    let p = pipeline(&app).await;
    let project = published_project(&app, &p, &p.jinxiang, "信箱核对", 1_000_000, 0).await;
    let funds = resource(&app, &p.merchant, &p.merchant_org, &p.street, "funds", 500_000).await;
    let things = resource(&app, &p.dept, &p.dept_org, &p.district, "materials", 10).await;
    let venue = resource(&app, &p.merchant, &p.merchant_org, &p.street, "venue", 2).await;
    claim(&app, &p.merchant, &project, &funds, 1_000, "provider").await.ok(201);
    claim(&app, &p.committee, &project, &things, 2, "project").await.ok(201);
    let answered = claim(&app, &p.committee, &project, &venue, 1, "project").await.ok(201);
    answer(&app, &p.merchant, &answered, "decline").await.ok(200);
    for reader in [&p.committee, &p.merchant, &p.dept, &p.other_committee, &p.worker, &p.supervisors[0]] {
        let all = app.get(&format!("/api/v1/claims?project_id={}&limit=100", id(&project)), Some(reader)).await;
        let offered: Vec<String> = all.body["items"]
            .as_array()
            .map(|items| items.iter().filter(|c| actions(c).contains(&"decline")).map(|c| id(c).to_owned()).collect())
            .unwrap_or_default();
        let inbox = app.get("/api/v1/claims?awaiting_me=true&limit=100", Some(reader)).await.ok(200);
        let listed: Vec<String> = inbox["items"].as_array().expect("items").iter().map(|c| id(c).to_owned()).collect();
        assert_eq!(listed, offered, "inbox of a reader: {inbox}");
    }
}

async fn the_list_counts_its_projects_by_state(app: TestApp) {
    let p = pipeline(&app).await;
    published_project(&app, &p, &p.jinxiang, "加装扶手", 500_000, 500_000).await;
    published_project(&app, &p, &p.jinxiang, "楼道照明改造", 300_000, 300_000).await;
    let d = published_demand(&app, &p.zhang, &p.worker, &p.jinxiang, "楼顶漏水").await;
    app.post("/api/v1/projects", Some(&p.committee), project_body(&p.jinxiang, &[&d], 100, 0)).await.ok(201);

    let count = |counts: &serde_json::Value, state: &str| {
        counts["by_state"].as_array().expect("by_state").iter().find(|c| c["state"] == state).expect("every state")["count"].clone()
    };
    let committee = app.get("/api/v1/projects/counts", Some(&p.committee)).await.ok(200);
    assert_eq!(committee["by_state"].as_array().expect("states").len(), 6, "every state, zeros too");
    assert_eq!((count(&committee, "draft"), count(&committee, "published"), count(&committee, "closed")), (json!(1), json!(2), json!(0)));
    assert_eq!(committee["total"], 3);
    // The same reader's view as the list: no drafts for a co-builder.
    let merchant = app.get("/api/v1/projects/counts", Some(&p.merchant)).await.ok(200);
    assert_eq!((count(&merchant, "draft"), merchant["total"].clone()), (json!(0), json!(2)));
    let listed = app.get("/api/v1/projects?limit=100", Some(&p.merchant)).await.ok(200);
    assert_eq!(listed["items"].as_array().expect("items").len(), 2);
    // The list's filters narrow the counts too; its state does not (the tabs are the states).
    let searched = app.get("/api/v1/projects/counts?q=扶手&state=draft", Some(&p.committee)).await.ok(200);
    assert_eq!(searched["total"], 3, "every project here is 金祥花园加装电梯扶手");
    let none = app.get("/api/v1/projects/counts?q=充电桩", Some(&p.committee)).await.ok(200);
    assert_eq!(none["total"], 0);
    let category = app.get("/api/v1/projects/counts?category=micro_governance", Some(&p.committee)).await.ok(200);
    assert_eq!(category["total"], 0);
    let elsewhere = app.get(&format!("/api/v1/projects/counts?unit_id={}", p.jingguang), Some(&p.committee)).await.ok(200);
    assert_eq!(elsewhere["total"], 0);
    assert_eq!(app.get("/api/v1/projects/counts?category=nonsense", Some(&p.committee)).await.problem(422), "unknown_category");
    app.get("/api/v1/projects/counts", None).await.problem(401);
}

async fn a_project_says_which_of_its_demands_each_reader_may_open(app: TestApp) {
    let p = pipeline(&app).await;
    let project = published_project(&app, &p, &p.jinxiang, "楼道照明改造", 100_000, 100_000).await;
    let demand = project["demand_ids"][0].clone();
    let path = format!("/api/v1/projects/{}", id(&project));
    // Whoever is told it may open the record can (200); whoever is not, cannot (404).
    for (token, who, opens) in [
        (&p.committee, "the street", true),
        (&p.worker, "the community's worker", true),
        (&p.zhang, "its author", true),
        (&p.li, "a neighbour in the street", true),
        (&p.merchant, "a co-builder", false),
        (&p.supervisors[0], "a supervisor", false),
        (&p.other_committee, "another street", false),
    ] {
        let read = app.get(&path, Some(token)).await.ok(200);
        let told = read["readable_demand_ids"].as_array().expect("readable_demand_ids").contains(&demand);
        assert_eq!(told, opens, "{who}");
        let record = app.get(&format!("/api/v1/demands/{}", demand.as_str().expect("id")), Some(token)).await;
        assert_eq!(record.status.as_u16() == 200, opens, "{who}: the API's word matches what it serves");
    }
}

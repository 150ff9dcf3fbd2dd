//! The demand list end to end (SPEC §4.1): filing, similar demands, co-signs, the
//! lifecycle and each refusal, scoped lists, and the public board.

use crate::common;
use crate::common::{on_both_databases, TestApp};
use serde_json::{json, Value};

on_both_databases!(
    a_demand_goes_through_its_lifecycle,
    careless_filings_are_refused,
    queues_show_only_their_scope,
    overdue_demands_are_found_and_lead_the_due_queue,
    paging_has_no_gaps_or_repeats_while_demands_arrive,
    the_public_board_masks_people,
    the_public_board_shows_each_change_at_once,
    each_reader_is_offered_what_it_may_do,
    my_demands_are_those_i_filed_or_cosigned,
    twins_are_found_while_typing,
    the_timeline_shows_people_to_officials_and_roles_to_residents,
);

/// 二七区 ⊃ 淮河路 ⊃ {兴华 ⊃ 金祥花园, 淮河东路}, 京广路 ⊃ 京广南路, with a community
/// worker of 兴华, the street committee of 淮河路 and residents around them.
struct District {
    admin: String,
    street: String,
    xinghua: String,
    jinxiang: String,
    huaihe: String,
    jingguang: String,
}

async fn district(app: &TestApp) -> District {
    let root = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &root, "淮河路街道", "street").await;
    let other_street = app.unit(&admin, &root, "京广路街道", "street").await;
    let xinghua = app.unit(&admin, &street, "兴华南街社区", "community").await;
    let jinxiang = app.unit(&admin, &xinghua, "金祥花园", "compound").await;
    let huaihe = app.unit(&admin, &street, "淮河东路社区", "community").await;
    let jingguang = app.unit(&admin, &other_street, "京广南路社区", "community").await;
    let people = [
        ("worker", "community_worker", &xinghua),
        ("street", "street_committee", &street),
        ("zhangwei", "resident", &xinghua),
        ("lina", "resident", &xinghua),
        ("wangfang", "resident", &huaihe),
        ("liuyang", "resident", &jingguang),
        ("jg-worker", "community_worker", &jingguang),
    ];
    for (username, role, unit) in people {
        let id = app.user(&admin, username).await;
        app.grant(&admin, &id, json!({"role": role, "unit_id": unit})).await.ok(201);
    }
    // Display names for masking.
    let zhang = app.get("/api/v1/users?q=zhangwei", Some(&admin)).await.ok(200)["items"][0].clone();
    app.patch(
        &format!("/api/v1/users/{}", zhang["id"].as_str().expect("id")),
        Some(&admin),
        json!({"version": zhang["version"], "display_name": "张伟"}),
    )
    .await
    .ok(200);
    District { admin, street, xinghua, jinxiang, huaihe, jingguang }
}

async fn file(app: &TestApp, token: &str, unit: &str, title: &str, description: &str) -> Value {
    let body = json!({"title": title, "description": description, "category": "sanitation", "unit_id": unit});
    app.post("/api/v1/demands", Some(token), body).await.ok(201)
}

async fn post_demand(app: &TestApp, token: &str, body: Value) -> common::Reply {
    app.post("/api/v1/demands", Some(token), body).await
}

async fn cosign(app: &TestApp, token: &str, demand: &Value) -> common::Reply {
    app.post(&format!("/api/v1/demands/{}/cosign", demand["id"].as_str().expect("id")), Some(token), json!({})).await
}

async fn act(app: &TestApp, token: &str, demand: &Value, body: Value) -> common::Reply {
    let mut body = body;
    body["version"] = demand["version"].clone();
    app.post(&format!("/api/v1/demands/{}/transitions", demand["id"].as_str().expect("id")), Some(token), body).await
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().expect("items").iter().map(|d| d["id"].as_str().expect("id").to_owned()).collect()
}

async fn a_demand_goes_through_its_lifecycle(app: TestApp) {
    let d = district(&app).await;
    let (zhang, li, wang, liu) =
        (app.token("zhangwei").await, app.token("lina").await, app.token("wangfang").await, app.token("liuyang").await);
    let worker = app.token("worker").await;

    let first =
        file(&app, &zhang, &d.jinxiang, "楼道堆放杂物无人清理", "3号楼2单元楼道长期堆放纸箱和旧家具,有消防隐患").await;
    assert_eq!(first["state"], "submitted");
    assert_eq!(first["source"], "app");
    assert_eq!(first["author_name"], "张伟");
    assert_eq!(first["allowed_actions"], json!(["withdraw"]));
    assert_eq!(first["similar"], json!([]));

    // The worker sees what it may do, and verifies.
    let seen = app.get(&format!("/api/v1/demands/{}", first["id"].as_str().expect("id")), Some(&worker)).await.ok(200);
    assert_eq!(seen["allowed_actions"], json!(["verify", "reject", "merge", "refer"]));
    let published = act(&app, &worker, &first, json!({"action": "verify"})).await.ok(200);
    assert_eq!(published["state"], "published");
    assert_eq!(published["version"], 2);

    // A neighbour files the same need and is shown the first one, now public.
    let dup = file(&app, &li, &d.xinghua, "楼道里堆满杂物", "楼道杂物堆放,希望清理").await;
    assert_eq!(dup["similar"][0]["id"], first["id"], "{}", dup["similar"]);
    assert_eq!(dup["similar"][0]["author_name"], "张**");
    let unrelated = file(&app, &li, &d.xinghua, "垃圾分类投放点气味大", "东门垃圾投放点清运不及时").await;
    assert!(unrelated["similar"].as_array().expect("similar").iter().all(|s| s["id"] != first["id"]));
    // An unverified demand is no neighbour's to read: it is not suggested.
    let unseen = file(&app, &zhang, &d.xinghua, "楼道杂物堆满了", "").await;
    assert!(
        unseen["similar"].as_array().expect("similar").iter().all(|s| s["id"] != dup["id"]),
        "{}",
        unseen["similar"]
    );
    let again = act(&app, &worker, &published, json!({"action": "verify"})).await;
    assert_eq!(again.problem(409), "wrong_state");
    let stale = act(&app, &worker, &first, json!({"action": "reject", "reason": "x"})).await;
    assert_eq!(stale.problem(409), "stale_version");
    act(&app, &zhang, &published, json!({"action": "verify"})).await.problem(403);

    // Neighbours in the street co-sign once; outsiders and the author cannot.
    assert_eq!(cosign(&app, &li, &first).await.ok(200)["cosign_count"], 1);
    assert_eq!(cosign(&app, &wang, &first).await.ok(200)["cosign_count"], 2, "same street, other community");
    assert_eq!(cosign(&app, &li, &first).await.problem(409), "already_cosigned");
    cosign(&app, &zhang, &first).await.problem(403);
    // Residents of another street read it on the public board, not in their own queue.
    cosign(&app, &liu, &first).await.problem(404);
    // A neighbour's demand is not theirs to see until it is verified.
    cosign(&app, &wang, &dup).await.problem(404);

    // Merge the duplicate: its author's support moves to the target, counted once.
    let bad_target = act(&app, &worker, &dup, json!({"action": "merge", "target_id": dup["id"]})).await;
    assert_eq!(bad_target.problem(422), "merge_into_itself");
    let no_target = act(&app, &worker, &dup, json!({"action": "merge"})).await;
    assert_eq!(no_target.problem(422), "target_required");
    let merged = act(&app, &worker, &dup, json!({"action": "merge", "target_id": first["id"]})).await.ok(200);
    assert_eq!(merged["state"], "merged");
    assert_eq!(merged["merged_into_id"], first["id"]);
    let target =
        app.get(&format!("/api/v1/demands/{}", first["id"].as_str().expect("id")), Some(&worker)).await.ok(200);
    assert_eq!(target["cosign_count"], 2, "lina co-signed and authored the duplicate: counted once");

    // Reject needs a reason; refer needs where to.
    let no_reason = act(&app, &worker, &unrelated, json!({"action": "reject"})).await;
    assert_eq!(no_reason.problem(422), "reason_required");
    let refer = act(&app, &worker, &unrelated, json!({"action": "refer", "reason": "属城管职责"})).await;
    assert_eq!(refer.problem(422), "referred_to_required");
    let referred =
        act(&app, &worker, &unrelated, json!({"action": "refer", "reason": "属城管职责", "referred_to": "12345热线"}))
            .await
            .ok(200);
    assert_eq!((referred["state"].as_str(), referred["referred_to"].as_str()), (Some("referred"), Some("12345热线")));
    assert_eq!(
        cosign(&app, &wang, &referred).await.problem(409),
        "wrong_state",
        "only published demands take co-signs"
    );
    let third = file(&app, &zhang, &d.xinghua, "小区里想建一个篮球场", "").await;
    let rejected = act(&app, &worker, &third, json!({"action": "reject", "reason": "用地不足"})).await.ok(200);
    assert_eq!(rejected["reason"], "用地不足");
    assert_eq!(rejected["allowed_actions"], json!([]));

    // Only the author withdraws.
    let fourth = file(&app, &zhang, &d.xinghua, "路灯不亮", "").await;
    act(&app, &worker, &fourth, json!({"action": "withdraw"})).await.problem(403);
    act(&app, &li, &fourth, json!({"action": "withdraw"})).await.problem(404);
    assert_eq!(act(&app, &zhang, &fourth, json!({"action": "withdraw"})).await.ok(200)["state"], "withdrawn");
    // Project-driven steps are not requests.
    assert_eq!(act(&app, &worker, &target, json!({"action": "accept"})).await.problem(422), "action_not_user");

    // The timeline tells the story.
    let events =
        app.get(&format!("/api/v1/demands/{}/events", first["id"].as_str().expect("id")), Some(&zhang)).await.ok(200);
    let actions: Vec<&str> = events.as_array().expect("events").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["create", "verify", "cosign", "cosign", "merge_in"]);
    assert_eq!(events[1]["from_state"], "submitted");
    assert_eq!(events[1]["to_state"], "published");
    // What each step holds beyond its states is typed, never a code for the screen to parse.
    assert_eq!((events[0]["source"].as_str(), events[0]["note"].as_str()), (Some("app"), None));
    assert_eq!(
        (events[4]["merged_from_id"].as_str(), events[4]["cosigns_moved"].as_i64()),
        (dup["id"].as_str(), Some(0)),
        "lina had co-signed already: nobody new came along"
    );
    let timeline = |d: &Value| {
        let path = format!("/api/v1/demands/{}/events", d["id"].as_str().expect("id"));
        let (app, worker) = (&app, worker.clone());
        async move { app.get(&path, Some(&worker)).await }
    };
    let of_merged = timeline(&dup).await.ok(200);
    assert_eq!(
        of_merged.as_array().and_then(|e| e.last()).map(|e| e["merged_into_id"].clone()),
        Some(first["id"].clone())
    );
    let of_referred = timeline(&referred).await.ok(200);
    let refer = of_referred.as_array().and_then(|e| e.last()).expect("refer");
    assert_eq!((refer["referred_to"].as_str(), refer["note"].as_str()), (Some("12345热线"), Some("属城管职责")));
    let of_rejected = timeline(&rejected).await.ok(200);
    assert_eq!(of_rejected.as_array().and_then(|e| e.last()).map(|e| e["note"].clone()), Some(json!("用地不足")));
}

async fn careless_filings_are_refused(app: TestApp) {
    let d = district(&app).await;
    let zhang = app.token("zhangwei").await;
    let worker = app.token("worker").await;
    let base = json!({"title": "楼道灯坏了", "description": "", "category": "repair", "unit_id": d.xinghua});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    assert_eq!(post_demand(&app, &zhang, with("title", json!("灯"))).await.problem(422), "title_length");
    assert_eq!(post_demand(&app, &zhang, with("title", json!("灯".repeat(101)))).await.problem(422), "title_length");
    assert_eq!(
        post_demand(&app, &zhang, with("description", json!("长".repeat(2001)))).await.problem(422),
        "description_length"
    );
    assert_eq!(post_demand(&app, &zhang, with("category", json!("noise"))).await.problem(422), "unknown_category");
    assert_eq!(post_demand(&app, &zhang, with("unit_id", json!(d.street))).await.problem(422), "demand_unit_kind");
    post_demand(&app, &zhang, with("unit_id", json!(d.huaihe))).await.problem(403);
    assert_eq!(post_demand(&app, &zhang, with("source", json!("phone"))).await.problem(422), "source_staff_only");
    assert_eq!(post_demand(&app, &worker, base.clone()).await.problem(422), "source_app_residents");
    post_demand(&app, &worker, with("unit_id", json!(d.jingguang))).await.problem(403);
    // Nothing was filed by the refusals.
    let mine = app.get("/api/v1/demands", Some(&zhang)).await.ok(200);
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(0));

    // Staff record a phone call on a resident's behalf.
    let mut on_behalf = with("source", json!("phone"));
    on_behalf["author_name"] = json!("赵大爷");
    let filed = post_demand(&app, &worker, on_behalf).await.ok(201);
    assert_eq!((filed["source"].as_str(), filed["author_name"].as_str()), (Some("phone"), Some("赵大爷")));
}

async fn queues_show_only_their_scope(app: TestApp) {
    let d = district(&app).await;
    let (zhang, wang, liu) = (app.token("zhangwei").await, app.token("wangfang").await, app.token("liuyang").await);
    let (worker, street, jg) = (app.token("worker").await, app.token("street").await, app.token("jg-worker").await);
    let a = file(&app, &zhang, &d.jinxiang, "金祥花园停车难", "晚上车位不够").await;
    let b = file(&app, &wang, &d.huaihe, "淮河东路垃圾清运不及时", "").await;
    let c = file(&app, &liu, &d.jingguang, "京广南路绿化带杂草多", "").await;
    let (a, b, c) = (a["id"].as_str().expect("id"), b["id"].as_str().expect("id"), c["id"].as_str().expect("id"));

    let sees = |page: Value| ids(&page);
    assert_eq!(sees(app.get("/api/v1/demands", Some(&worker)).await.ok(200)), [a]);
    assert_eq!(sees(app.get("/api/v1/demands", Some(&street)).await.ok(200)), [b, a]);
    assert_eq!(sees(app.get("/api/v1/demands", Some(&jg)).await.ok(200)), [c]);
    assert_eq!(sees(app.get("/api/v1/demands", Some(&d.admin)).await.ok(200)), [c, b, a]);
    app.get(&format!("/api/v1/demands/{c}"), Some(&worker)).await.problem(404);

    // Residents: their own, and the published ones of their street.
    assert_eq!(sees(app.get("/api/v1/demands", Some(&wang)).await.ok(200)), [b]);
    let verified = app.get(&format!("/api/v1/demands/{a}"), Some(&worker)).await.ok(200);
    act(&app, &worker, &verified, json!({"action": "verify"})).await.ok(200);
    let neighbours = app.get("/api/v1/demands", Some(&wang)).await.ok(200);
    assert_eq!(sees(neighbours.clone()), [b, a]);
    assert_eq!(neighbours["items"][1]["author_name"], "张**", "neighbours see that someone asked, not who");
    assert_eq!(app.get(&format!("/api/v1/demands/{a}"), Some(&worker)).await.ok(200)["author_name"], "张伟");
    assert_eq!(sees(app.get("/api/v1/demands", Some(&liu)).await.ok(200)), [c]);

    // Filters: subtree, state, category, Chinese substring.
    let path = |q: &str| format!("/api/v1/demands?{q}");
    assert_eq!(sees(app.get(&path(&format!("unit_id={}", d.xinghua)), Some(&street)).await.ok(200)), [a]);
    assert_eq!(sees(app.get(&path("state=submitted"), Some(&street)).await.ok(200)), [b]);
    assert_eq!(sees(app.get(&path("category=sanitation&q=%E5%9E%83%E5%9C%BE"), Some(&street)).await.ok(200)), [b]);
    assert_eq!(
        sees(app.get(&path("q=%E8%BD%A6%E4%BD%8D"), Some(&street)).await.ok(200)),
        [a],
        "matches the description"
    );
    assert_eq!(app.get(&path("state=lost"), Some(&street)).await.problem(422), "unknown_state");
    assert_eq!(app.get(&path("sort=random"), Some(&street)).await.problem(422), "unknown_sort");

    // The street's queue by co-signs.
    app.post(&format!("/api/v1/demands/{a}/cosign"), Some(&wang), json!({})).await.ok(200);
    let queue = app.get(&path("sort=cosigns"), Some(&street)).await.ok(200);
    assert_eq!(sees(queue), [a, b]);
}

async fn overdue_demands_are_found_and_lead_the_due_queue(app: TestApp) {
    let d = district(&app).await;
    let zhang = app.token("zhangwei").await;
    let worker = app.token("worker").await;
    let old = file(&app, &zhang, &d.xinghua, "井盖松动", "").await;
    let new = file(&app, &zhang, &d.xinghua, "健身器材损坏", "").await;
    assert_eq!(old["overdue"], false);
    assert!(old["due_at"].is_string(), "a submitted demand has a verify deadline");
    // Four days pass for the first one: past the 3-day verify limit.
    {
        use diesel::prelude::*;
        use persistence::schema::demands;
        let mut conn = app.connection();
        let past = chrono::Utc::now().naive_utc() - chrono::Duration::days(1);
        diesel::update(demands::table.find(old["id"].as_str().expect("id")))
            .set(demands::due_at.eq(past))
            .execute(&mut conn)
            .expect("backdated");
    }
    let overdue = app.get("/api/v1/demands?overdue=true", Some(&worker)).await.ok(200);
    assert_eq!(ids(&overdue), [old["id"].as_str().expect("id")]);
    assert_eq!(overdue["items"][0]["overdue"], true);
    let on_time = app.get("/api/v1/demands?overdue=false", Some(&worker)).await.ok(200);
    assert_eq!(ids(&on_time), [new["id"].as_str().expect("id")]);
    let due = app.get("/api/v1/demands?sort=due", Some(&worker)).await.ok(200);
    assert_eq!(ids(&due), [old["id"].as_str().expect("id"), new["id"].as_str().expect("id")], "overdue first");
    // Verifying starts the answer clock (15 days) afresh.
    let verified = act(&app, &worker, &old, json!({"action": "verify"})).await.ok(200);
    assert_eq!(verified["overdue"], false);

    // The limits are the district's settings.
    let root = app.get("/api/v1/org-units?kind=district", None).await.ok(200)["items"][0].clone();
    let path = format!("/api/v1/org-units/{}", root["id"].as_str().expect("id"));
    let street_path = format!("/api/v1/org-units/{}", d.street);
    let on_street = app.patch(&street_path, Some(&d.admin), json!({"version": 1, "verify_days": 1})).await;
    assert_eq!(on_street.problem(422), "deadlines_district_only");
    let too_long = app.patch(&path, Some(&d.admin), json!({"version": root["version"], "answer_days": 400})).await;
    assert_eq!(too_long.problem(422), "deadline_days");
    assert!(root["verify_days"].is_null(), "unset: the defaults apply");
    let set = app.patch(&path, Some(&d.admin), json!({"version": root["version"], "verify_days": 1})).await.ok(200);
    assert_eq!((set["verify_days"].as_i64(), set["answer_days"].as_i64()), (Some(1), None));
    let quick = file(&app, &zhang, &d.xinghua, "单元门禁损坏", "").await;
    let created = chrono::DateTime::parse_from_rfc3339(quick["created_at"].as_str().expect("created")).expect("time");
    let due = chrono::DateTime::parse_from_rfc3339(quick["due_at"].as_str().expect("due")).expect("time");
    assert_eq!((due - created).num_hours(), 24, "verify within one day");
}

async fn paging_has_no_gaps_or_repeats_while_demands_arrive(app: TestApp) {
    let d = district(&app).await;
    let zhang = app.token("zhangwei").await;
    let worker = app.token("worker").await;
    let mut filed = Vec::new();
    for i in 0..23 {
        filed.push(
            file(&app, &zhang, &d.xinghua, &format!("第{i}号需求"), "").await["id"].as_str().expect("id").to_owned(),
        );
    }
    for sort in ["newest", "cosigns", "due"] {
        let mut seen: Vec<String> = Vec::new();
        let mut cursor = String::new();
        let mut pages = 0;
        loop {
            let page =
                app.get(&format!("/api/v1/demands?sort={sort}&limit=10&cursor={cursor}"), Some(&worker)).await.ok(200);
            pages += 1;
            seen.extend(ids(&page));
            // New demands keep arriving while the official pages.
            file(&app, &zhang, &d.xinghua, &format!("翻页时新增{sort}{pages}"), "").await;
            match page["next_cursor"].as_str() {
                Some(c) => cursor = c.to_owned(),
                None => break,
            }
            assert!(pages < 10, "paging must end");
        }
        let unique: std::collections::HashSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "{sort}: no repeats");
        assert!(filed.iter().all(|id| seen.contains(id)), "{sort}: no gaps");
    }
    let bad = app.get("/api/v1/demands?cursor=AAAA", Some(&worker)).await;
    assert_eq!(bad.problem(422), "bad_cursor");
}

async fn the_public_board_masks_people(app: TestApp) {
    let d = district(&app).await;
    let zhang = app.token("zhangwei").await;
    let worker = app.token("worker").await;
    let shown = file(&app, &zhang, &d.jinxiang, "楼道灯不亮", "晚上上下楼不安全").await;
    let hidden = file(&app, &zhang, &d.jinxiang, "电梯异响", "").await;
    act(&app, &worker, &shown, json!({"action": "verify"})).await.ok(200);

    let board = app.get("/api/v1/public/demands", None).await.ok(200);
    assert_eq!(ids(&board), [shown["id"].as_str().expect("id")]);
    let item = &board["items"][0];
    assert_eq!(item["author_name"], "张**");
    for private in ["author_id", "filed_by_id", "allowed_actions", "version"] {
        assert!(item.get(private).is_none(), "{private} must not be public");
    }
    assert!(!board.to_string().contains("张伟"));
    let one = app.get(&format!("/api/v1/public/demands/{}", shown["id"].as_str().expect("id")), None).await.ok(200);
    assert_eq!(one["author_name"], "张**");
    app.get(&format!("/api/v1/public/demands/{}", hidden["id"].as_str().expect("id")), None).await.problem(404);
    let filtered = app.get(&format!("/api/v1/public/demands?unit_id={}&q=%E7%81%AF", d.street), None).await.ok(200);
    assert_eq!(ids(&filtered), [shown["id"].as_str().expect("id")]);
    let elsewhere = app.get(&format!("/api/v1/public/demands?unit_id={}", d.jingguang), None).await.ok(200);
    assert_eq!(ids(&elsewhere), Vec::<String>::new());
}

/// The board's pages are kept in memory between writes: a page read just before a change
/// is never what the next reader gets.
async fn the_public_board_shows_each_change_at_once(app: TestApp) {
    let d = district(&app).await;
    let (zhang, li, worker) = (app.token("zhangwei").await, app.token("lina").await, app.token("worker").await);
    let first = file(&app, &zhang, &d.jinxiang, "楼道灯不亮", "").await;
    let second = file(&app, &zhang, &d.jinxiang, "电梯异响", "").await;
    let first = act(&app, &worker, &first, json!({"action": "verify"})).await.ok(200);
    let before = board(&app).await;
    assert_eq!(board(&app).await, before, "the same page twice");
    assert_eq!(before["items"][0]["cosign_count"], 0);

    cosign(&app, &li, &first).await.ok(200);
    assert_eq!(board(&app).await["items"][0]["cosign_count"], 1, "a co-sign shows at once");
    act(&app, &worker, &second, json!({"action": "verify"})).await.ok(200);
    assert_eq!(ids(&board(&app).await), [second["id"].as_str().expect("id"), first["id"].as_str().expect("id")]);
    let first = app.get(&format!("/api/v1/demands/{}", first["id"].as_str().expect("id")), Some(&worker)).await.ok(200);
    act(&app, &worker, &first, json!({"action": "reject", "reason": "已由物业处理"})).await.ok(200);
    assert_eq!(board(&app).await["items"][1]["state"], "rejected", "a transition shows at once");
}

async fn each_reader_is_offered_what_it_may_do(app: TestApp) {
    let d = district(&app).await;
    let (zhang, li, wang) = (app.token("zhangwei").await, app.token("lina").await, app.token("wangfang").await);
    let worker = app.token("worker").await;
    let filed = file(&app, &zhang, &d.jinxiang, "楼道灯不亮", "").await;
    assert_eq!(
        (filed["allowed_actions"].clone(), filed["cosigned_by_me"].clone()),
        (json!(["withdraw"]), json!(false))
    );
    let published = act(&app, &worker, &filed, json!({"action": "verify"})).await.ok(200);
    assert_eq!(published["allowed_actions"], json!(["reject", "merge", "refer"]), "staff never co-sign");
    let path = format!("/api/v1/demands/{}", filed["id"].as_str().expect("id"));
    let author = app.get(&path, Some(&zhang)).await.ok(200);
    assert_eq!(author["allowed_actions"], json!(["withdraw"]), "its author's support is counted already");

    // Neighbours of the street, in the same community or the next one, are offered cosign
    // until they have.
    for (token, name) in [(&li, "same community"), (&wang, "next community")] {
        let seen = app.get(&path, Some(token)).await.ok(200);
        assert_eq!(
            (seen["allowed_actions"].clone(), seen["cosigned_by_me"].clone()),
            (json!(["cosign"]), json!(false)),
            "{name}"
        );
        let listed = app.get("/api/v1/demands", Some(token)).await.ok(200);
        assert_eq!(listed["items"][0]["allowed_actions"], json!(["cosign"]), "{name}, in a list");
        let done = cosign(&app, token, &seen).await.ok(200);
        assert_eq!(
            (done["allowed_actions"].clone(), done["cosigned_by_me"].clone()),
            (json!([]), json!(true)),
            "{name}"
        );
        let again = app.get(&path, Some(token)).await.ok(200);
        assert_eq!((again["allowed_actions"].clone(), again["cosigned_by_me"].clone()), (json!([]), json!(true)));
        let listed = app.get("/api/v1/demands", Some(token)).await.ok(200);
        assert_eq!(listed["items"][0]["cosigned_by_me"], true, "{name}, in a list");
    }
    let seen = app.get(&path, Some(&worker)).await.ok(200);
    assert_eq!(seen["cosigned_by_me"], false, "another's co-sign is not mine");
    assert_eq!(seen["cosign_count"], 2);
}

async fn my_demands_are_those_i_filed_or_cosigned(app: TestApp) {
    let d = district(&app).await;
    let (zhang, li) = (app.token("zhangwei").await, app.token("lina").await);
    let worker = app.token("worker").await;
    let his = file(&app, &zhang, &d.jinxiang, "楼道灯不亮", "").await;
    let his_other = file(&app, &zhang, &d.xinghua, "电梯异响", "").await;
    let hers = file(&app, &li, &d.xinghua, "垃圾清运不及时", "").await;
    let his = act(&app, &worker, &his, json!({"action": "verify"})).await.ok(200);
    act(&app, &worker, &his_other, json!({"action": "verify"})).await.ok(200);
    cosign(&app, &li, &his).await.ok(200);

    let id = |d: &Value| d["id"].as_str().expect("id").to_owned();
    // Her street's list shows her neighbour's published demands too; hers does not.
    assert_eq!(ids(&app.get("/api/v1/demands", Some(&li)).await.ok(200)).len(), 3);
    assert_eq!(ids(&app.get("/api/v1/demands?mine=filed", Some(&li)).await.ok(200)), [id(&hers)]);
    assert_eq!(ids(&app.get("/api/v1/demands?mine=cosigned", Some(&li)).await.ok(200)), [id(&his)]);
    assert_eq!(ids(&app.get("/api/v1/demands?mine=filed", Some(&zhang)).await.ok(200)), [id(&his_other), id(&his)]);
    assert_eq!(ids(&app.get("/api/v1/demands?mine=cosigned", Some(&zhang)).await.ok(200)), Vec::<String>::new());
    let narrowed = app.get("/api/v1/demands?mine=filed&q=%E7%94%B5%E6%A2%AF", Some(&zhang)).await.ok(200);
    assert_eq!(ids(&narrowed), [id(&his_other)], "with the other filters");
    assert_eq!(app.get("/api/v1/demands?mine=all", Some(&li)).await.problem(422), "unknown_mine");
    assert_eq!(app.get("/api/v1/public/demands?mine=filed", None).await.problem(422), "mine_needs_sign_in");
}

async fn twins_are_found_while_typing(app: TestApp) {
    let d = district(&app).await;
    let (zhang, li, liu) = (app.token("zhangwei").await, app.token("lina").await, app.token("liuyang").await);
    let worker = app.token("worker").await;
    let shown = file(&app, &zhang, &d.jinxiang, "楼道堆放杂物无人清理", "3号楼楼道堆满纸箱").await;
    act(&app, &worker, &shown, json!({"action": "verify"})).await.ok(200);
    let unverified = file(&app, &zhang, &d.xinghua, "楼道杂物堆积", "").await;

    let lookup =
        |unit: &str, title: &str| format!("/api/v1/demands/similar?unit_id={unit}&title={}", utf8_percent(title));
    let found = app.get(&lookup(&d.xinghua, "楼道杂物"), Some(&li)).await.ok(200);
    assert_eq!(
        ids(&json!({"items": found})),
        [shown["id"].as_str().expect("id")],
        "a neighbour's unverified one is not hers to see"
    );
    assert_eq!(found[0]["allowed_actions"], json!(["cosign"]), "one tap to co-sign");
    assert_eq!(found[0]["author_name"], "张**");
    let own = app.get(&lookup(&d.jinxiang, "楼道杂物"), Some(&zhang)).await.ok(200);
    let own_ids = ids(&json!({"items": own}));
    assert!(own_ids.contains(&unverified["id"].as_str().expect("id").to_owned()), "its author sees its own: {own}");
    assert!(
        app.get(&lookup(&d.xinghua, "楼道杂物"), Some(&worker)).await.ok(200).as_array().expect("list").len() >= 2,
        "staff see all"
    );
    let other_category = format!("{}&category=safety", lookup(&d.xinghua, "楼道杂物"));
    assert_eq!(app.get(&other_category, Some(&li)).await.ok(200), json!([]));
    assert_eq!(app.get(&lookup(&d.xinghua, ""), Some(&li)).await.ok(200), json!([]), "nothing typed yet");

    assert_eq!(app.get(&lookup(&d.xinghua, "楼道杂物"), Some(&liu)).await.problem(403), "out_of_scope");
    assert_eq!(app.get(&lookup(&d.street, "楼道杂物"), Some(&li)).await.problem(422), "demand_unit_kind");
    assert_eq!(app.get(&lookup(&d.xinghua, &"楼".repeat(101)), Some(&li)).await.problem(422), "title_length");
    assert_eq!(app.get(&lookup(&d.xinghua, "楼道\u{7}"), Some(&li)).await.problem(422), "control_characters");
    let long = format!("{}&description={}", lookup(&d.xinghua, "楼道"), utf8_percent(&"杂".repeat(301)));
    assert_eq!(app.get(&long, Some(&li)).await.problem(422), "description_length", "the start of a draft is enough");
    let start = format!("{}&description={}", lookup(&d.xinghua, "楼道"), utf8_percent(&"杂".repeat(300)));
    app.get(&start, Some(&li)).await.ok(200);
    let unknown = lookup(&uuid::Uuid::now_v7().to_string(), "楼道");
    app.get(&unknown, Some(&li)).await.problem(422);
}

fn utf8_percent(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

async fn board(app: &TestApp) -> Value {
    app.get("/api/v1/public/demands?limit=10", None).await.ok(200)
}

async fn the_timeline_shows_people_to_officials_and_roles_to_residents(app: TestApp) {
    let d = district(&app).await;
    let (zhang, li, worker, street) =
        (app.token("zhangwei").await, app.token("lina").await, app.token("worker").await, app.token("street").await);
    let user_id = |name: &'static str| {
        let admin = d.admin.clone();
        let app = &app;
        async move {
            let page = app.get(&format!("/api/v1/users?q={name}"), Some(&admin)).await.ok(200);
            page["items"][0]["id"].as_str().expect("id").to_owned()
        }
    };
    let (zhang_id, li_id, worker_id) = (user_id("zhangwei").await, user_id("lina").await, user_id("worker").await);

    let demand = file(&app, &zhang, &d.xinghua, "小区东门路灯不亮", "晚上出入不安全").await;
    let demand = act(&app, &worker, &demand, json!({"action": "verify"})).await.ok(200);
    cosign(&app, &li, &demand).await.ok(200);
    let path = format!("/api/v1/demands/{}/events", demand["id"].as_str().expect("id"));

    // The author and a neighbour learn what happened and in which role, never who.
    for (who, token) in [("author", &zhang), ("neighbour", &li)] {
        let events = app.get(&path, Some(token)).await.ok(200);
        let text = events.to_string();
        for id in [&zhang_id, &li_id, &worker_id] {
            assert!(!text.contains(id.as_str()), "{who} sees a user id: {text}");
        }
        assert!(!text.contains("张伟") && !text.contains("\"worker\""), "{who} sees a name: {text}");
        let seen: Vec<(&str, &str)> = events
            .as_array()
            .expect("events")
            .iter()
            .map(|e| {
                assert!(e["actor_id"].is_null() && e["actor_name"].is_null(), "{who}: {e}");
                (e["action"].as_str().expect("action"), e["actor_role"].as_str().expect("role"))
            })
            .collect();
        assert_eq!(seen, [("create", "resident"), ("verify", "community_worker"), ("cosign", "resident")], "{who}");
    }

    // Officials over the demand see who acted.
    for token in [&worker, &street] {
        let events = app.get(&path, Some(token)).await.ok(200);
        let seen: Vec<(&str, &str, &str, &str)> = events
            .as_array()
            .expect("events")
            .iter()
            .map(|e| {
                let s = |k: &str| e[k].as_str().unwrap_or_else(|| panic!("{k} in {e}"));
                (s("action"), s("actor_id"), s("actor_name"), s("actor_role"))
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("create", zhang_id.as_str(), "张伟", "resident"),
                ("verify", worker_id.as_str(), "worker", "community_worker"),
                ("cosign", li_id.as_str(), "lina", "resident"),
            ]
        );
    }
    // An official of another street does not see the demand at all.
    app.get(&path, Some(&app.token("jg-worker").await)).await.problem(404);
}

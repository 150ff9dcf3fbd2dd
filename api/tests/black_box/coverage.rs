//! 三类组织 coverage (SPEC §1, §4.6): per compound, which of a party organisation, a
//! residents' organisation and a volunteer team it has; for the officials over it.

use crate::common::pipeline::pipeline;
use crate::common::{on_both_databases, TestApp};

on_both_databases!(coverage_names_what_each_compound_lacks);

async fn coverage_names_what_each_compound_lacks(app: TestApp) {
    let p = pipeline(&app).await;
    let bare = app.unit(&p.admin, &p.xinghua, "兴华小区", "compound").await;
    app.organization(&p.admin, &p.jinxiang, "金祥花园党支部", "party_org").await;
    let path = format!("/api/v1/stats/coverage?unit_id={}", p.street);
    let before = app.get(&path, Some(&p.committee)).await.ok(200);
    assert_eq!((before["total"].as_i64(), before["covered"].as_i64()), (Some(2), Some(0)));
    let jinxiang =
        before["items"].as_array().expect("items").iter().find(|i| i["name"] == "金祥花园").expect("jinxiang");
    assert_eq!(jinxiang["missing"], serde_json::json!(["volunteer_org"]));
    assert_eq!(jinxiang["community_name"], "兴华南街社区");
    let empty =
        before["items"].as_array().expect("items").iter().find(|i| i["unit_id"] == bare.as_str()).expect("bare");
    assert_eq!(empty["missing"], serde_json::json!(["party_org", "resident_autonomy", "volunteer_org"]));

    app.organization(&p.admin, &p.jinxiang, "金祥花园志愿服务队", "volunteer_org").await;
    let after = app.get(&path, Some(&p.admin)).await.ok(200);
    assert_eq!((after["total"].as_i64(), after["covered"].as_i64()), (Some(2), Some(1)));
    assert_eq!(app.get(&path, Some(&p.zhang)).await.problem(403), "forbidden_cases");
    assert_eq!(app.get(&path, Some(&p.other_committee)).await.problem(403), "forbidden_cases");
    app.get("/api/v1/stats/coverage", Some(&p.committee)).await.problem(400);
}

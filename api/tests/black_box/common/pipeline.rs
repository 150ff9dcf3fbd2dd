//! The order pipeline's cast, shared by the pipeline, integrity and stress tests.

use serde_json::{json, Value};

use super::{Reply, TestApp};

/// 二七区 ⊃ 淮河路 ⊃ 兴华 ⊃ 金祥花园, and 京广路 ⊃ 京广南路; a merchant of 淮河路 and a
/// district department as co-builders; 金祥花园's owners' committee with three supervisors;
/// two property companies; a street committee on each street; residents of 兴华.
pub struct Pipeline {
    pub admin: String,
    pub autonomy_org: String,
    pub street: String,
    pub xinghua: String,
    pub jinxiang: String,
    pub jingguang: String,
    pub district: String,
    pub merchant_org: String,
    pub dept_org: String,
    pub property_org: String,
    pub other_property_org: String,
    pub committee: String,
    pub other_committee: String,
    pub worker: String,
    pub merchant: String,
    pub dept: String,
    pub supervisors: Vec<String>,
    pub zhang: String,
    pub li: String,
    pub wang: String,
}

pub async fn pipeline(app: &TestApp) -> Pipeline {
    let district = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &district, "淮河路街道", "street").await;
    let other_street = app.unit(&admin, &district, "京广路街道", "street").await;
    let xinghua = app.unit(&admin, &street, "兴华南街社区", "community").await;
    let jinxiang = app.unit(&admin, &xinghua, "金祥花园", "compound").await;
    let jingguang = app.unit(&admin, &other_street, "京广南路社区", "community").await;
    let merchant_org = app.organization(&admin, &street, "好邻居超市", "merchant").await;
    let dept_org = app.organization(&admin, &district, "区住建局", "government_dept").await;
    let autonomy_org = app.organization(&admin, &jinxiang, "金祥花园业委会", "resident_autonomy").await;
    let property_org = app.organization(&admin, &jinxiang, "亚新物业", "property_service").await;
    let other_property_org = app.organization(&admin, &jingguang, "京广物业", "property_service").await;
    let people = [
        ("street", json!({"role": "street_committee", "unit_id": street})),
        ("jg-street", json!({"role": "street_committee", "unit_id": other_street})),
        ("worker", json!({"role": "community_worker", "unit_id": xinghua})),
        ("merchant", json!({"role": "co_builder", "organization_id": merchant_org})),
        ("dept", json!({"role": "co_builder", "organization_id": dept_org})),
        ("sup1", json!({"role": "supervisor", "organization_id": autonomy_org})),
        ("sup2", json!({"role": "supervisor", "organization_id": autonomy_org})),
        ("sup3", json!({"role": "supervisor", "organization_id": autonomy_org})),
        ("zhangwei", json!({"role": "resident", "unit_id": xinghua})),
        ("lina", json!({"role": "resident", "unit_id": xinghua})),
        ("wangfang", json!({"role": "resident", "unit_id": xinghua})),
    ];
    for (username, grant) in people {
        app.user_with(&admin, username, grant).await;
    }
    let mut supervisors = Vec::new();
    for s in ["sup1", "sup2", "sup3"] {
        supervisors.push(app.token(s).await);
    }
    Pipeline {
        admin: admin.clone(),
        autonomy_org: autonomy_org.clone(),
        street,
        xinghua,
        jinxiang,
        jingguang,
        district,
        merchant_org,
        dept_org,
        property_org,
        other_property_org,
        committee: app.token("street").await,
        other_committee: app.token("jg-street").await,
        worker: app.token("worker").await,
        merchant: app.token("merchant").await,
        dept: app.token("dept").await,
        supervisors,
        zhang: app.token("zhangwei").await,
        li: app.token("lina").await,
        wang: app.token("wangfang").await,
    }
}

pub fn id(v: &Value) -> &str {
    v["id"].as_str().unwrap_or_else(|| panic!("no id in {v}"))
}

/// A demand filed by `resident` at `unit` and verified by `worker`: on the public list.
pub async fn published_demand(app: &TestApp, resident: &str, worker: &str, unit: &str, title: &str) -> Value {
    let body = json!({"title": title, "description": "", "category": "repair", "unit_id": unit});
    let d = app.post("/api/v1/demands", Some(resident), body).await.ok(201);
    app.post(
        &format!("/api/v1/demands/{}/transitions", id(&d)),
        Some(worker),
        json!({"action": "verify", "version": 1}),
    )
    .await
    .ok(200)
}

pub fn project_body(unit: &str, demands: &[&Value], budget: i64, gov: i64) -> Value {
    json!({
        "title": "金祥花园加装电梯扶手",
        "description": "为老旧楼栋楼梯加装扶手",
        "category": "micro_renovation",
        "unit_id": unit,
        "plan": "十月完成测量，十一月安装",
        "budget_fen": budget,
        "gov_funds_fen": gov,
        "beneficiaries": 320,
        "demand_ids": demands.iter().map(|d| id(d)).collect::<Vec<_>>(),
    })
}

pub async fn act(app: &TestApp, token: &str, project: &Value, body: Value) -> Reply {
    let mut body = body;
    body["version"] = project["version"].clone();
    app.post(&format!("/api/v1/projects/{}/transitions", id(project)), Some(token), body).await
}

pub async fn fresh(app: &TestApp, token: &str, what: &str, record: &Value) -> Value {
    app.get(&format!("/api/v1/{what}/{}", id(record)), Some(token)).await.ok(200)
}

pub async fn resource(app: &TestApp, token: &str, org: &str, unit: &str, kind: &str, quantity: i64) -> Value {
    let measure = if kind == "funds" { "fen" } else { "套" };
    let body = json!({"organization_id": org, "kind": kind, "title": format!("{kind} 支持"), "quantity": quantity,
        "measure": measure, "unit_id": unit});
    app.post("/api/v1/resources", Some(token), body).await.ok(201)
}

pub async fn claim(app: &TestApp, token: &str, project: &Value, resource: &Value, quantity: i64, side: &str) -> Reply {
    let body =
        json!({"project_id": id(project), "resource_id": id(resource), "quantity": quantity, "initiated_by": side});
    app.post("/api/v1/claims", Some(token), body).await
}

pub async fn answer(app: &TestApp, token: &str, claim: &Value, action: &str) -> Reply {
    let body = json!({"action": action, "version": claim["version"]});
    app.post(&format!("/api/v1/claims/{}/transitions", id(claim)), Some(token), body).await
}

pub async fn inspect(app: &TestApp, token: &str, project: &Value, verdict: &str, comment: &str) -> Reply {
    let body = json!({"verdict": verdict, "comment": comment});
    app.post(&format!("/api/v1/projects/{}/inspections", id(project)), Some(token), body).await
}

/// A published project of `unit` answering one new demand, with its budget.
pub async fn published_project(app: &TestApp, p: &Pipeline, unit: &str, title: &str, budget: i64, gov: i64) -> Value {
    let d = published_demand(app, &p.zhang, &p.worker, &p.jinxiang, title).await;
    let draft = app.post("/api/v1/projects", Some(&p.committee), project_body(unit, &[&d], budget, gov)).await.ok(201);
    act(app, &p.committee, &draft, json!({"action": "publish"})).await.ok(200)
}

pub fn actions(v: &Value) -> Vec<&str> {
    v["allowed_actions"].as_array().expect("allowed_actions").iter().map(|a| a.as_str().expect("action")).collect()
}

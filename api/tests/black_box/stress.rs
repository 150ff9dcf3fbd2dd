//! Issue 17's stress test: 16 clients do random pipeline operations at once — offer,
//! request, confirm, decline, cancel, release, fulfil, withdraw, resize a resource, cancel a project — for
//! `GONGZHI_STRESS_SECONDS` (default 30) on each database. Nothing answers 500, and
//! afterwards the books balance ([`common::assert_books_balance`]).

use std::time::{Duration, Instant};

use crate::common::pipeline::*;
use crate::common::{assert_books_balance, on_both_databases, TestApp};
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::{json, Value};

on_both_databases!(random_pipeline_operations_keep_the_books);

const CLIENTS: usize = 16;

fn seconds() -> u64 {
    std::env::var("GONGZHI_STRESS_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(30)
}

/// Ids the clients pick from, and who may act on which side.
struct World {
    projects: Vec<String>,
    resources: Vec<String>,
    providers: Vec<String>,
    project_side: Vec<String>,
}

async fn random_pipeline_operations_keep_the_books(app: TestApp) {
    let p = pipeline(&app).await;
    let mut projects = Vec::new();
    for i in 0..6 {
        // Half need co-builders' money, half only things.
        let (budget, gov) = if i % 2 == 0 { (3_000_000, 1_000_000) } else { (100, 100) };
        let project = published_project(&app, &p, &p.jinxiang, &format!("压力测试项目{i}"), budget, gov).await;
        projects.push(id(&project).to_owned());
    }
    let mut resources = Vec::new();
    for (token, org, unit) in [(&p.merchant, &p.merchant_org, &p.street), (&p.dept, &p.dept_org, &p.district)] {
        for (kind, quantity) in [("funds", 2_500_000), ("materials", 40), ("service", 25)] {
            resources.push(id(&resource(&app, token, org, unit, kind, quantity).await).to_owned());
        }
    }
    let world = std::sync::Arc::new(World {
        projects,
        resources,
        providers: vec![p.merchant.clone(), p.dept.clone()],
        project_side: vec![p.committee.clone(), p.admin.clone()],
    });
    let app = std::sync::Arc::new(app);
    let until = Instant::now() + Duration::from_secs(seconds());
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..CLIENTS {
        let (app, world) = (app.clone(), world.clone());
        clients.spawn(async move {
            let mut done = 0_usize;
            while Instant::now() < until {
                let (status, what, body) = step(&app, &world).await;
                assert!(status < 500 || (status == 503 && body["code"] == "busy_retry"), "{what}: {status} {body}");
                done += 1;
            }
            done
        });
    }
    let mut total = 0;
    while let Some(done) = clients.join_next().await {
        total += done.expect("client");
    }
    eprintln!("{total} operations by {CLIENTS} clients on {:?}", app.engine);
    assert!(total > CLIENTS, "the clients did something");
    assert_books_balance(&app).await;
}

/// One random operation, with what it was for the failure message.
async fn step(app: &TestApp, w: &World) -> (u16, String, Value) {
    let (op, project, resource, quantity, provider, official) = {
        let mut rng = rand::thread_rng();
        (
            rng.gen_range(0..61_usize),
            w.projects.choose(&mut rng).cloned().unwrap_or_default(),
            w.resources.choose(&mut rng).cloned().unwrap_or_default(),
            *[1_i64, 5, 10, 300_000, 1_000_000].choose(&mut rng).unwrap_or(&1),
            w.providers.choose(&mut rng).cloned().unwrap_or_default(),
            w.project_side.choose(&mut rng).cloned().unwrap_or_default(),
        )
    };
    let claim_body = |side: &str| json!({"project_id": project, "resource_id": resource, "quantity": quantity, "initiated_by": side});
    // Mostly claims and their answers; withdrawing a resource and cancelling a project are
    // rarer, or the world would be used up in the first seconds.
    let reply = match op {
        0..=9 => app.post("/api/v1/claims", Some(&provider), claim_body("provider")).await,
        10..=19 => app.post("/api/v1/claims", Some(&official), claim_body("project")).await,
        20..=57 => {
            let action = ["confirm", "decline", "cancel", "release", "fulfil"][op % 5];
            // Either side tries each: the wrong one is refused (403), never a 500.
            let token = if op % 2 == 0 { &provider } else { &official };
            let list = app.get(&format!("/api/v1/claims?project_id={project}&limit=20"), Some(&official)).await;
            let Some(claim) = list.body["items"].as_array().and_then(|items| items.first().cloned()) else {
                return (list.status.as_u16(), "list claims".into(), list.body);
            };
            let body = json!({"action": action, "version": claim["version"]});
            app.post(
                &format!("/api/v1/claims/{}/transitions", claim["id"].as_str().unwrap_or_default()),
                Some(token),
                body,
            )
            .await
        }
        58 => {
            let r = app.get(&format!("/api/v1/resources/{resource}"), Some(&provider)).await;
            let body = json!({"action": "withdraw", "version": r.body["version"]});
            app.post(&format!("/api/v1/resources/{resource}/transitions"), Some(&provider), body).await
        }
        59 => {
            // The owner (or not) resizes the offer, often below what is held: refused.
            let r = app.get(&format!("/api/v1/resources/{resource}"), Some(&provider)).await;
            let body = json!({"quantity": quantity.max(r.body["allocated"].as_i64().unwrap_or(0) / 2).max(1), "version": r.body["version"]});
            app.patch(&format!("/api/v1/resources/{resource}"), Some(&provider), body).await
        }
        _ => {
            let p = app.get(&format!("/api/v1/projects/{project}"), Some(&official)).await;
            let body = json!({"action": "cancel", "reason": "压力测试", "version": p.body["version"]});
            app.post(&format!("/api/v1/projects/{project}/transitions"), Some(&official), body).await
        }
    };
    (reply.status.as_u16(), format!("operation {op}"), reply.body)
}

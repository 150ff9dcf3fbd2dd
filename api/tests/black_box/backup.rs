//! `gongzhi backup` while residents file, and `gongzhi restore` into an empty database
//! (issue 21 §2): every demand acknowledged before the backup began is in the restored
//! copy, its books balance, and neither command overwrites anything.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::common::{on_both_databases, TestApp, TestDb};
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use persistence::schema::demands;
use serde_json::json;

on_both_databases!(a_backup_taken_while_residents_file_keeps_every_acknowledged_demand);

const WRITERS: usize = 4;

async fn a_backup_taken_while_residents_file_keeps_every_acknowledged_demand(app: TestApp) {
    let root = app.create_admin("admin").await;
    let admin = app.token("admin").await;
    let street = app.unit(&admin, &root, "淮河路街道", "street").await;
    let community = app.unit(&admin, &street, "兴华南街社区", "community").await;
    let worker = app.user(&admin, "worker").await;
    app.grant(&admin, &worker, json!({"role": "community_worker", "unit_id": community})).await.ok(201);
    let worker = app.token("worker").await;

    // Residents' demands, filed at the desk by phone, without pause, from several clients.
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let app = Arc::new(app);
    let mut writers = tokio::task::JoinSet::new();
    for w in 0..WRITERS {
        let (app, worker, community) = (app.clone(), worker.clone(), community.clone());
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        writers.spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let body = json!({"title": format!("第{w}路第{n}件:楼道灯不亮"), "description": "", "category": "sanitation",
                    "unit_id": community, "source": "phone"});
                let reply = app.post("/api/v1/demands", Some(&worker), body).await;
                if reply.status == 201 {
                    let id = reply.body["id"].as_str().unwrap_or_default().to_owned();
                    acknowledged.lock().expect("ids").push(id);
                }
                n += 1;
            }
        });
    }
    while acknowledged.lock().expect("ids").len() < 40 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    // What was acknowledged before the backup began must be in it; the writers go on.
    let before: Vec<String> = acknowledged.lock().expect("ids").clone();
    let folder = tempfile_dir();
    let copy = folder.join("gongzhi.backup");
    let backend = app.backend.clone();
    let path = copy.clone();
    tokio::task::spawn_blocking(move || persistence::backup::backup(&backend, &path))
        .await
        .expect("backup task")
        .expect("the backup is taken while residents file");
    let during = acknowledged.lock().expect("ids").len();
    stop.store(true, Ordering::Relaxed);
    while writers.join_next().await.is_some() {}
    assert!(during > before.len(), "the residents went on filing during the backup");

    // Never over an existing file; never into a database with tables.
    let (backend, path) = (app.backend.clone(), copy.clone());
    let again = tokio::task::spawn_blocking(move || persistence::backup::backup(&backend, &path)).await.expect("task");
    assert!(matches!(&again, Err(persistence::Error::Config(m)) if m.contains("never overwrites")), "{again:?}");
    let (backend, path) = (app.backend.clone(), copy.clone());
    let into_live = tokio::task::spawn_blocking(move || persistence::backup::restore(&backend, &path)).await.expect("task");
    assert!(matches!(&into_live, Err(persistence::Error::Config(m)) if m.contains("empty one")), "{into_live:?}");

    // Into an empty database of the same engine: migrated, balanced, every demand there.
    let (empty, target) = TestDb::create(app.engine);
    let (restore_into, path) = (target.clone(), copy.clone());
    let restored = tokio::task::spawn_blocking(move || persistence::backup::restore(&restore_into, &path))
        .await
        .expect("restore task")
        .expect("the backup restores");
    assert!(restored.violations.is_empty(), "{:?}", restored.violations);
    let demand_count = restored.counts.iter().find(|(t, _)| *t == "demands").map(|(_, n)| *n).unwrap_or(0);
    assert!(demand_count >= before.len() as i64, "{:?}", restored.counts);
    let pool = persistence::connection::connect(&target, 1).expect("the restored database opens");
    let mut conn = pool.get().expect("connection");
    let found: Vec<String> =
        demands::table.filter(demands::id.eq_any(&before)).select(demands::id).load(&mut conn).expect("demands");
    let missing: Vec<&String> = before.iter().filter(|id| !found.contains(id)).collect();
    assert!(missing.is_empty(), "acknowledged before the backup, missing after the restore: {missing:?}");
    drop(conn);
    drop(pool);
    drop(empty);
    let _ = std::fs::remove_dir_all(folder);
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongzhi-backup-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir
}

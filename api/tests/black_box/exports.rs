//! Exports (SPEC §4.8), black-box on both databases: each list as CSV and XLSX holds the
//! rows its list shows the same caller under the same filters, in Chinese for Excel, with
//! no cell a spreadsheet would run as a formula; what cannot be exported is a problem.

use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, NaiveDateTime, Utc};
use crate::common::pipeline::{answer, claim, id, pipeline, project_body, published_demand, published_project, resource};
use crate::common::{on_both_databases, TestApp};
use serde_json::{json, Value};

on_both_databases!(demands_export_as_their_list_reads, every_list_exports_what_its_list_shows);

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct Download {
    status: u16,
    content_type: String,
    disposition: String,
    body: Vec<u8>,
}

async fn download(app: &TestApp, path: &str, token: &str) -> Download {
    let resp = app.client.get(format!("{}{path}", app.address)).bearer_auth(token).send().await.expect("request sent");
    let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let (status, content_type, disposition) =
        (resp.status().as_u16(), header("content-type"), header("content-disposition"));
    let body = resp.bytes().await.expect("body read").to_vec();
    Download { status, content_type, disposition, body }
}

/// The CSV's header and rows, after checking it is one Excel opens as UTF-8.
async fn csv(app: &TestApp, path: &str, token: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let file = download(app, path, token).await;
    assert_eq!(file.status, 200, "{path}: {}", String::from_utf8_lossy(&file.body));
    assert_eq!(file.content_type, "text/csv; charset=utf-8");
    assert!(file.disposition.starts_with("attachment; filename=\""), "{}", file.disposition);
    assert!(file.disposition.contains("filename*=UTF-8''"), "{}", file.disposition);
    let text = file.body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or_else(|| panic!("{path}: no byte order mark"));
    let mut reader = csv::Reader::from_reader(text);
    let header = reader.headers().expect("header").iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.expect("row").iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

/// The XLSX's first sheet, and the formulas in it.
async fn xlsx(app: &TestApp, path: &str, token: &str) -> (Vec<Vec<Data>>, usize) {
    let file = download(app, path, token).await;
    assert_eq!(file.status, 200, "{path}: {}", String::from_utf8_lossy(&file.body));
    assert_eq!(file.content_type, XLSX);
    assert!(file.disposition.contains(".xlsx"), "{}", file.disposition);
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(file.body)).expect("an XLSX");
    let sheet = book.sheet_names().first().cloned().expect("a sheet");
    let rows = book.worksheet_range(&sheet).expect("sheet").rows().map(<[Data]>::to_vec).collect();
    let formulas = book.worksheet_formula(&sheet).expect("formulas").used_cells().count();
    (rows, formulas)
}

/// Both files of one export, checked to say the same, cell by cell: the XLSX's numbers and
/// dates are what the CSV writes as text.
async fn both(app: &TestApp, list_and_query: &str, token: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let (path, query) = list_and_query.split_once('?').unwrap_or((list_and_query, ""));
    let (header, rows) = csv(app, &format!("/api/v1/exports/{path}.csv?{query}"), token).await;
    let (sheet, formulas) = xlsx(app, &format!("/api/v1/exports/{path}.xlsx?{query}"), token).await;
    assert_eq!(formulas, 0, "{path}: a formula in the sheet");
    assert_eq!(sheet.len(), rows.len() + 1, "{path}: rows");
    let sheet_header: Vec<String> = sheet[0].iter().map(ToString::to_string).collect();
    assert_eq!(sheet_header, header);
    for (cells, row) in sheet[1..].iter().zip(&rows) {
        for (cell, text) in cells.iter().zip(row) {
            match cell {
                Data::String(s) => assert!(text == s || *text == format!("'{s}"), "{path}: {s:?} vs {text:?}"),
                Data::Empty => assert_eq!(text, "", "{path}"),
                Data::Float(f) => {
                    let parsed: f64 = text.parse().unwrap_or_else(|_| panic!("{path}: {text:?} is no number"));
                    assert!((parsed - f).abs() < 0.005, "{path}: {f} vs {text}");
                }
                Data::DateTime(at) => {
                    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").expect("a time");
                    let epoch = NaiveDateTime::parse_from_str("1899-12-30 00:00:00", "%Y-%m-%d %H:%M:%S").expect("t");
                    let serial = (local - epoch).num_seconds() as f64 / 86_400.0;
                    assert!((at.as_f64() - serial).abs() < 1e-6, "{path}: {at} vs {text}");
                }
                other => panic!("{path}: unexpected cell {other:?}"),
            }
        }
    }
    (header, rows)
}

/// The ids a list shows, every page of it.
async fn listed(app: &TestApp, list_and_query: &str, token: &str) -> Vec<String> {
    let (path, query) = list_and_query.split_once('?').unwrap_or((list_and_query, ""));
    let mut ids = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = app.get(&format!("/api/v1/{path}?limit=2&cursor={cursor}&{query}"), Some(token)).await.ok(200);
        ids.extend(page["items"].as_array().expect("items").iter().map(|i| id(i).to_owned()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => return ids,
        }
    }
}

fn ids(rows: &[Vec<String>]) -> Vec<String> {
    rows.iter().map(|r| r[0].clone()).collect()
}

/// The export's rows are the list's, in the list's order.
async fn same_as_list(app: &TestApp, list_and_query: &str, token: &str) -> Vec<Vec<String>> {
    let (_, rows) = both(app, list_and_query, token).await;
    assert_eq!(ids(&rows), listed(app, list_and_query, token).await, "{list_and_query}");
    rows
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

async fn demands_export_as_their_list_reads(app: TestApp) {
    let p = pipeline(&app).await;
    let lamp = published_demand(&app, &p.zhang, &p.worker, &p.jinxiang, "=1+2 楼道灯不亮").await;
    published_demand(&app, &p.li, &p.worker, &p.xinghua, "小区路面坑洼").await;
    let body = json!({"title": "单元门禁损坏", "description": "", "category": "safety", "unit_id": p.jinxiang});
    app.post("/api/v1/demands", Some(&p.wang), body).await.ok(201);
    app.user_with(&p.admin, "jgres", json!({"role": "resident", "unit_id": p.jingguang})).await;
    let jg_resident = app.token("jgres").await;
    let body = json!({"title": "垃圾清运不及时", "description": "", "category": "sanitation", "unit_id": p.jingguang});
    let elsewhere = app.post("/api/v1/demands", Some(&jg_resident), body).await.ok(201);

    let (header, rows) = both(&app, "demands", &p.committee).await;
    assert_eq!(header[..6], ["编号", "标题", "描述", "类别", "状态", "所属单位"]);
    assert_eq!(ids(&rows), listed(&app, "demands", &p.committee).await);
    assert_eq!(rows.len(), 3, "the street's three, not the other street's");
    let row = rows.iter().find(|r| r[0] == id(&lamp)).expect("the lamp demand");
    assert_eq!(row[column(&header, "标题")], "'=1+2 楼道灯不亮", "kept as text, not run as a formula");
    assert_eq!(row[column(&header, "类别")], "设施维修");
    assert_eq!(row[column(&header, "状态")], "已公示");
    assert_eq!(row[column(&header, "所属单位")], "淮河路街道 / 兴华南街社区 / 金祥花园");
    assert_eq!(row[column(&header, "来源")], "居民自报");
    assert_eq!(row[column(&header, "提出人")], "zhangwei", "officials read the author's name");
    let filed = NaiveDateTime::parse_from_str(&row[column(&header, "提交时间")], "%Y-%m-%d %H:%M:%S").expect("time");
    let created: chrono::DateTime<Utc> = serde_json::from_value(lamp["created_at"].clone()).expect("created_at");
    assert!((filed - (created.naive_utc() + Duration::hours(8))).num_seconds().abs() <= 1, "in Beijing time");

    // Filters as the list's.
    for query in ["demands?state=published", &format!("demands?unit_id={}", p.jinxiang), "demands?q=坑洼"] {
        let rows = same_as_list(&app, query, &p.committee).await;
        assert!(!rows.is_empty() && rows.len() < 3, "{query}");
    }
    // Scope as the list's: the other street sees its own demand only; a resident sees what
    // its list shows it, neighbours' names masked.
    let (_, theirs) = both(&app, "demands", &p.other_committee).await;
    assert_eq!(ids(&theirs), [id(&elsewhere)]);
    let (header, mine) = csv(&app, "/api/v1/exports/demands.csv", &p.li).await;
    assert_eq!(ids(&mine), listed(&app, "demands", &p.li).await);
    let row = mine.iter().find(|r| r[0] == id(&lamp)).expect("a published neighbour's demand");
    assert_eq!(row[column(&header, "提出人")], "z**");

    // Refusals before the first byte are problems.
    let problem = |file: Download, status: u16| {
        assert_eq!((file.status, file.content_type.as_str()), (status, "application/problem+json"));
        serde_json::from_slice::<Value>(&file.body).expect("problem")["code"].as_str().map(str::to_owned)
    };
    let anonymous = app.get("/api/v1/exports/demands.csv", None).await;
    assert_eq!(anonymous.problem(401), "unauthorized");
    let code = problem(download(&app, "/api/v1/exports/demands.pdf", &p.committee).await, 404);
    assert_eq!(code.as_deref(), Some("not_found"));
    let code = problem(download(&app, "/api/v1/exports/residents.csv", &p.committee).await, 404);
    assert_eq!(code.as_deref(), Some("not_found"));
    let code = problem(download(&app, "/api/v1/exports/demands.xlsx?state=lost", &p.committee).await, 422);
    assert_eq!(code.as_deref(), Some("unknown_state"));
    let code = problem(download(&app, "/api/v1/exports/demands.csv?sort=oldest", &p.committee).await, 422);
    assert_eq!(code.as_deref(), Some("unknown_sort"));
}

async fn every_list_exports_what_its_list_shows(app: TestApp) {
    let p = pipeline(&app).await;
    let project = published_project(&app, &p, &p.jinxiang, "加装扶手", 500_000, 200_000).await;
    let funds = resource(&app, &p.merchant, &p.merchant_org, &p.street, "funds", 123_456).await;
    let venue = resource(&app, &p.dept, &p.dept_org, &p.district, "venue", 3).await;
    let pending = claim(&app, &p.merchant, &project, &funds, 100_050, "provider").await.ok(201);
    answer(&app, &p.committee, &pending, "confirm").await.ok(200);
    let asked = published_demand(&app, &p.li, &p.worker, &p.jinxiang, "路灯维修").await;
    app.post("/api/v1/projects", Some(&p.committee), project_body(&p.jinxiang, &[&asked], 1000, 0)).await.ok(201);

    let projects = same_as_list(&app, "projects", &p.committee).await;
    assert_eq!(projects.len(), 2, "the committee reads its draft too");
    let (header, _) = both(&app, "projects", &p.committee).await;
    let row = projects.iter().find(|r| r[0] == id(&project)).expect("the project");
    let money: Vec<&str> = ["预算（元）", "政府资金（元）", "共建资金（元）", "资金缺口（元）"]
        .iter()
        .map(|c| row[column(&header, c)].as_str())
        .collect();
    assert_eq!(money, ["5000.00", "2000.00", "1000.50", "1999.50"]);
    // As the screens draw it (domain `ProjectState::shown_progress`): none before it starts.
    assert_eq!(row[column(&header, "进度（%）")], "", "not a 0 that reads as work stalled");
    assert_eq!(same_as_list(&app, "projects?state=published", &p.committee).await.len(), 1);
    assert_eq!(same_as_list(&app, "projects", &p.merchant).await.len(), 1, "a co-builder reads no draft");

    let resources = same_as_list(&app, "resources", &p.committee).await;
    assert_eq!(ids(&resources).len(), 2);
    assert_eq!(ids(&same_as_list(&app, "resources?kind=venue", &p.committee).await), [id(&venue)]);
    let (header, rows) = both(&app, "resources?kind=funds", &p.committee).await;
    let left =
        [column(&header, "数量"), column(&header, "已分配"), column(&header, "剩余"), column(&header, "计量单位")];
    assert_eq!(left.map(|c| rows[0][c].as_str()), ["1234.56", "1000.50", "234.06", "元"]);

    let claims = same_as_list(&app, "claims", &p.committee).await;
    assert_eq!(ids(&claims), [id(&pending)]);
    let (header, rows) = both(&app, "claims", &p.merchant).await;
    assert_eq!(
        [column(&header, "发起方"), column(&header, "状态")].map(|c| rows[0][c].as_str()),
        ["共建单位认领", "已确认"]
    );
    assert!(same_as_list(&app, "claims?state=pending", &p.committee).await.is_empty());

    let body = json!({"unit_id": p.jinxiang, "title": "+电梯维修费用分摊", "description": "三方协商"});
    let case = app.post("/api/v1/coordination-cases", Some(&p.worker), body).await.ok(201);
    let (header, cases) = both(&app, "coordination-cases", &p.committee).await;
    assert_eq!(ids(&cases), listed(&app, "coordination-cases", &p.committee).await);
    assert_eq!(ids(&cases), [id(&case)]);
    assert_eq!(cases[0][column(&header, "标题")], "'+电梯维修费用分摊");
    assert_eq!(cases[0][column(&header, "状态")], "办理中");
    assert!(same_as_list(&app, "coordination-cases?state=resolved", &p.committee).await.is_empty());
    assert!(same_as_list(&app, "coordination-cases", &p.other_committee).await.is_empty());

    // Volunteer hours: the team's leader and the officials over it; nobody else.
    let team = app.organization(&p.admin, &p.jinxiang, "金祥花园志愿服务队", "volunteer_org").await;
    app.user_with(&p.admin, "leader", json!({"role": "volunteer_leader", "organization_id": team})).await;
    let leader = app.token("leader").await;
    let volunteer = app.user_with(&p.admin, "vol", json!({"role": "volunteer", "organization_id": team})).await;
    let starts = Utc::now() + Duration::hours(1);
    let body = json!({"organization_id": team, "title": "楼道清洁日", "description": "", "starts_at": starts,
        "ends_at": starts + Duration::hours(3), "capacity": 5});
    let activity = app.post("/api/v1/volunteer-activities", Some(&leader), body).await.ok(201);
    let path = format!("/api/v1/volunteer-activities/{}", id(&activity));
    app.post(&format!("{path}/signups"), Some(&app.token("vol").await), json!({})).await.ok(201);
    app.state.clock.advance(Duration::hours(2));
    let body = json!({"user_id": volunteer, "hours": 2.5});
    app.post(&format!("{path}/service-records"), Some(&leader), body).await.ok(201);
    for token in [&leader, &p.committee, &p.admin] {
        let (header, rows) = both(&app, "volunteer-hours", token).await;
        assert_eq!(rows.len(), 1);
        let cells = ["志愿者", "服务时长（小时）", "活动", "所属单位"].map(|c| rows[0][column(&header, c)].as_str());
        assert_eq!(cells, ["vol", "2.50", "楼道清洁日", "淮河路街道 / 兴华南街社区 / 金祥花园"]);
    }
    let (_, rows) = both(&app, &format!("volunteer-hours?unit_id={}", p.jingguang), &p.admin).await;
    assert!(rows.is_empty());
    let (_, rows) = both(&app, "volunteer-hours", &p.other_committee).await;
    assert!(rows.is_empty(), "another street's committee sees none of these hours");
    for token in [&p.zhang, &p.merchant] {
        let refused = app.get("/api/v1/exports/volunteer-hours.csv", Some(token)).await;
        assert_eq!(refused.problem(403), "forbidden_volunteers");
    }
}

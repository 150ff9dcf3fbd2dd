//! The demo district (SPEC §7): 二七区 with its streets, communities, compounds,
//! organisations of every kind and one user per role, all with the password
//! `gongzhi-demo`. Loaded only into an empty database, only by `serve --demo`.

use chrono::{TimeDelta, Utc};
use domain::access::{Actor, Role};
use domain::claim::{ClaimAction, ClaimNote, ClaimSide};
use domain::coordination::{CaseAction, CaseDescription, CaseTitle, MessageBody};
use domain::demand::{DemandAction, DemandCategory, DemandDescription, DemandSource, DemandTitle};
use domain::disclosure;
use domain::money::Fen;
use domain::org_unit::{CommunityType, UnitKind};
use domain::organization::OrganizationKind;
use domain::project::{
    Beneficiaries, Percent, Plan, ProgressNote, ProjectAction, ProjectCategory, ProjectDescription, ProjectTitle,
    RatingComment, RequiredApprovals, Score, Verdict,
};
use domain::resource::{Measure, Quantity, ResourceDescription, ResourceKind, ResourceTitle};
use domain::upkeep::{FaultAction, FaultDescription, FaultReply, FaultTitle, HandoverAnswer, HandoverNote};
use domain::values::{DisplayName, Name, Phone, Username};
use domain::volunteering::{ActivityDescription, ActivityTitle};
use persistence::claims::{self, NewClaim};
use persistence::coordination_cases::{self as cases, NewCase, TransitionRequest as CaseStep};
use persistence::demands::{self, NewDemand, TransitionRequest};
use persistence::org_units::{self, NewOrgUnit};
use persistence::organizations::{self, NewOrganization};
use persistence::projects::{self, NewProject, TransitionRequest as ProjectStep};
use persistence::resources::{self, NewResource};
use persistence::upkeep::NewFault;
use persistence::users::{self, NewGrant, NewUser};
use persistence::volunteering::NewActivity;
use persistence::DbConnection;
use uuid::Uuid;

use crate::auth::password;
use crate::ApiError;

pub const PASSWORD: &str = "gongzhi-demo";

/// A community, its type and its compounds.
type Community = (&'static str, CommunityType, &'static [&'static str]);

const STREETS: &[(&str, &[Community])] = &[
    (
        "淮河路街道",
        &[
            ("兴华南街社区", CommunityType::Old, &["金祥花园", "亚新小区"]),
            ("淮河东路社区", CommunityType::Old, &["淮河东路3号院"]),
            ("齐礼阎社区", CommunityType::Resettlement, &["齐礼阎安置小区"]),
        ],
    ),
    (
        "京广路街道",
        &[("京广南路社区", CommunityType::New, &["绿都城"]), ("祥云社区", CommunityType::Old, &["祥云小区"])],
    ),
    (
        "五里堡街道",
        &[("五里堡社区", CommunityType::Old, &["五里堡家属院"]), ("航海路社区", CommunityType::New, &["航海城"])],
    ),
    ("建中街街道", &[("建中街社区", CommunityType::Old, &["建中街1号院"])]),
    ("侯寨乡", &[("侯寨村", CommunityType::Village, &["侯寨新村"])]),
];

/// (name, kind, at which unit, red property)
const ORGANIZATIONS: &[(&str, OrganizationKind, &str, bool)] = &[
    ("金祥花园党支部", OrganizationKind::PartyOrg, "金祥花园", false),
    ("金祥花园业主委员会", OrganizationKind::ResidentAutonomy, "金祥花园", false),
    ("金祥花园志愿服务队", OrganizationKind::VolunteerOrg, "金祥花园", false),
    ("亚新红色物业服务中心", OrganizationKind::PropertyService, "亚新小区", true),
    ("亚新小区居民自治小组", OrganizationKind::ResidentAutonomy, "亚新小区", false),
    ("兴华南街社区党支部", OrganizationKind::PartyOrg, "兴华南街社区", false),
    ("二七区住建局", OrganizationKind::GovernmentDept, "二七区", false),
    ("郑州铁路局驻区单位", OrganizationKind::StationedUnit, "淮河路街道", false),
    ("幸福里社工服务中心", OrganizationKind::SocialOrg, "淮河路街道", false),
    ("二七万达商户联盟", OrganizationKind::Merchant, "京广路街道", false),
    ("绿都城物业", OrganizationKind::PropertyService, "绿都城", false),
    ("绿都城志愿者协会", OrganizationKind::VolunteerOrg, "绿都城", false),
];

/// (username, display name, role, scope — a unit or organisation name, party member)
pub const USERS: &[(&str, &str, Role, &str, bool)] = &[
    ("admin", "区委管理员", Role::DistrictAdmin, "二七区", true),
    ("street", "淮河路街道党工委", Role::StreetCommittee, "淮河路街道", true),
    ("worker", "兴华南街社区工作者", Role::CommunityWorker, "兴华南街社区", true),
    ("resident", "张伟", Role::Resident, "兴华南街社区", false),
    ("neighbour", "李娜", Role::Resident, "兴华南街社区", true),
    ("builder", "住建局对接人", Role::CoBuilder, "二七区住建局", true),
    ("supervisor", "王芳", Role::Supervisor, "金祥花园业主委员会", false),
    ("supervisor2", "赵敏", Role::Supervisor, "金祥花园业主委员会", true),
    ("yaxin-supervisor", "孙丽", Role::Supervisor, "亚新小区居民自治小组", false),
    ("yaxin-supervisor2", "周强", Role::Supervisor, "亚新小区居民自治小组", true),
    ("social", "幸福里社工", Role::CoBuilder, "幸福里社工服务中心", false),
    ("property", "亚新物业经理", Role::PropertyManager, "亚新红色物业服务中心", true),
    ("leader", "刘洋", Role::VolunteerLeader, "金祥花园志愿服务队", true),
    ("volunteer", "陈静", Role::Volunteer, "金祥花园志愿服务队", false),
    ("auditor", "区纪委监督员", Role::Auditor, "二七区", true),
];

/// (category, title, description), from `data/demands-zh.tsv`.
const DEMANDS: &[(&str, &str, &str)] = &[
    (
        "sanitation",
        "楼道堆放杂物无人清理",
        "3号楼2单元楼道长期堆放纸箱和旧家具，影响通行，也有消防隐患，希望组织清理。",
    ),
    ("sanitation", "垃圾分类投放点气味大", "小区东门垃圾投放点夏天气味很大，清运不及时，希望增加清运次数并定期消毒。"),
    ("repair", "楼道灯不亮", "2号楼1单元三楼到六楼的楼道灯都坏了，晚上老人上下楼很危险。"),
    ("repair", "单元门禁损坏", "4号楼单元门门禁坏了一个多月，外来人员随意进出，存在安全隐患。"),
    ("parking_traffic", "停车位严重不足", "小区车位少，车辆乱停在消防通道上，希望重新规划停车位。"),
    ("parking_traffic", "电动车充电难", "电动车没有集中充电的地方，很多人从楼上拉线充电，火灾风险很大，建议建充电桩。"),
    ("elderly_disabled", "老人吃饭难", "小区独居老人多，做饭不方便，希望开设老年助餐点。"),
    ("elderly_disabled", "老旧楼没有电梯", "我们是六层老楼，老人上下楼困难，希望推动加装电梯。"),
    ("safety", "小区没有监控", "小区出入口和主要道路没有监控，电动车被盗了好几次。"),
    ("safety", "井盖缺失", "小区东侧路上有一个井盖丢失，只用树枝挡着，晚上很危险。"),
    ("greening", "草坪长期无人养护", "小区草坪杂草丛生，夏天蚊虫很多，希望定期修剪养护。"),
    ("parking_traffic", "僵尸车长期占用车位", "小区里有几辆多年没动过的废旧车辆占着车位，希望清理。"),
    ("greening", "小区缺少休闲空间", "小区里没有可以坐下来休息的地方，建议把闲置空地改造成小游园。"),
];

fn invalid(e: domain::Error) -> ApiError {
    ApiError::Internal(format!("demo data: {e}"))
}

/// Loads the demo district unless the database already has users.
pub fn load_if_empty(conn: &mut DbConnection) -> Result<bool, ApiError> {
    if users::count(conn)? > 0 {
        return Ok(false);
    }
    let hash = password::hash(PASSWORD)?;
    let name = |s: &str| Name::parse(s).map_err(invalid);
    let district = org_units::ensure_root_district(conn, &name("二七区")?)?;
    let admin_new = new_user(USERS[0].0, USERS[0].1, USERS[0].4, &hash, None)?;
    let admin = users::create_with_grant(conn, admin_new, Role::DistrictAdmin, district.id)?;
    let actor = Actor { user_id: admin.id, grants: admin.domain_grants() };

    let mut units: Vec<(&str, Uuid)> = vec![("二七区", district.id)];
    for (street, communities) in STREETS {
        let s = org_units::create(
            conn,
            &actor,
            NewOrgUnit { parent_id: district.id, name: name(street)?, kind: UnitKind::Street, community_type: None },
        )?;
        units.push((street, s.id));
        for (community, community_type, compounds) in communities.iter() {
            let c = org_units::create(
                conn,
                &actor,
                NewOrgUnit {
                    parent_id: s.id,
                    name: name(community)?,
                    kind: UnitKind::Community,
                    community_type: Some(*community_type),
                },
            )?;
            units.push((community, c.id));
            for compound in compounds.iter() {
                let x = org_units::create(
                    conn,
                    &actor,
                    NewOrgUnit {
                        parent_id: c.id,
                        name: name(compound)?,
                        kind: UnitKind::Compound,
                        community_type: None,
                    },
                )?;
                units.push((compound, x.id));
            }
        }
    }
    let unit = |n: &str| {
        units
            .iter()
            .find(|(u, _)| *u == n)
            .map(|(_, id)| *id)
            .ok_or_else(|| ApiError::Internal(format!("demo unit {n}")))
    };

    let mut orgs: Vec<(&str, Uuid)> = Vec::new();
    for (org_name, kind, at, red) in ORGANIZATIONS {
        let o = organizations::create(
            conn,
            &actor,
            NewOrganization { name: name(org_name)?, kind: *kind, unit_id: unit(at)?, red_property: *red },
        )?;
        orgs.push((org_name, o.id));
    }

    for (i, (username, display, role, scope, party)) in USERS.iter().enumerate().skip(1) {
        let phone = format!("1380371{:04}", 1000 + i);
        let grant = match orgs.iter().find(|(o, _)| o == scope) {
            Some((_, org)) => NewGrant { role: *role, unit_id: None, organization_id: Some(*org) },
            None => NewGrant { role: *role, unit_id: Some(unit(scope)?), organization_id: None },
        };
        users::create(conn, &actor, new_user(username, display, *party, &hash, Some(&phone))?, Some(grant), false)?;
    }
    let published = load_demands(conn, &unit)?;
    let maintained = load_projects(conn, &unit, &orgs, &published)?;
    load_upkeep(conn, &unit, maintained)?;
    load_cases(conn, &unit)?;
    load_volunteering(conn, &orgs)?;
    load_disclosures(conn, &unit)?;
    tracing::info!(users = USERS.len(), units = units.len(), organizations = orgs.len(), "demo district loaded");
    Ok(true)
}

fn new_user(
    username: &str,
    display: &str,
    party_member: bool,
    hash: &str,
    phone: Option<&str>,
) -> Result<NewUser, ApiError> {
    Ok(NewUser {
        username: Username::parse(username).map_err(invalid)?,
        password_hash: hash.to_owned(),
        display_name: DisplayName::parse(display).map_err(invalid)?,
        phone: phone.map(Phone::parse).transpose().map_err(invalid)?,
        party_member,
    })
}

fn signed_in(conn: &mut DbConnection, username: &str) -> Result<Actor, ApiError> {
    let login = users::find_login(conn, &Username::parse(username).map_err(invalid)?)?
        .ok_or_else(|| ApiError::Internal(format!("demo user {username}")))?;
    let user = users::find(conn, login.id)?;
    Ok(Actor { user_id: user.id, grants: user.domain_grants() })
}

/// Demands in every state a person can bring about (accepted and resolved come with
/// projects, [`load_projects`]): filed by residents, worked by the community worker.
/// Returns six of those published, for the projects to answer.
fn load_demands(
    conn: &mut DbConnection,
    unit: &dyn Fn(&str) -> Result<Uuid, ApiError>,
) -> Result<Vec<demands::Demand>, ApiError> {
    let resident = signed_in(conn, "resident")?;
    let neighbour = signed_in(conn, "neighbour")?;
    let worker = signed_in(conn, "worker")?;
    let places = ["金祥花园", "亚新小区", "兴华南街社区"];
    let mut filed = Vec::new();
    for (i, (category, title, description)) in DEMANDS.iter().enumerate() {
        let by = if i % 2 == 0 { &resident } else { &neighbour };
        let new = NewDemand {
            title: DemandTitle::parse(title).map_err(invalid)?,
            description: DemandDescription::parse(description).map_err(invalid)?,
            category: DemandCategory::parse(category).map_err(invalid)?,
            unit_id: unit(places[i % places.len()])?,
            source: DemandSource::App,
            on_behalf_of: None,
            author_phone: None,
        };
        filed.push(demands::create(conn, by, new)?.0);
    }
    let step =
        |conn: &mut DbConnection, by: &Actor, d: &demands::Demand, action: DemandAction, req: TransitionRequest| {
            demands::transition(conn, by, d.id, action, TransitionRequest { version: d.version, ..req })
        };
    let plain = TransitionRequest::default();
    // 0–5 and 12 published (one of them the merge target, several co-signed), 6 merged into 0,
    // 7 rejected, 8 referred, 9 withdrawn, 10–11 left submitted.
    let mut published = Vec::new();
    for d in filed[..7].iter().chain(&filed[12..]) {
        published.push(step(conn, &worker, d, DemandAction::Verify, plain.clone())?);
    }
    for d in &published[..3] {
        let other = if d.author_id == Some(resident.user_id) { &neighbour } else { &resident };
        demands::cosign(conn, other, d.id)?;
    }
    let target = Some(published[0].id);
    step(conn, &worker, &published[6], DemandAction::Merge, TransitionRequest { target_id: target, ..plain.clone() })?;
    let reason = |r: &str| Some(r.to_owned());
    step(
        conn,
        &worker,
        &filed[7],
        DemandAction::Reject,
        TransitionRequest {
            reason: reason("已纳入区级电梯加装计划，请关注区住建局公告"), ..plain.clone()
        },
    )?;
    step(
        conn,
        &worker,
        &filed[8],
        DemandAction::Refer,
        TransitionRequest {
            reason: reason("属公安部门职责"),
            referred_to: Some("12345市民热线".into()),
            ..plain.clone()
        },
    )?;
    let withdrawer = if filed[9].author_id == Some(resident.user_id) { &resident } else { &neighbour };
    step(conn, withdrawer, &filed[9], DemandAction::Withdraw, plain)?;
    // Projects answer 0–2, 4, 5 and 12; 3 (单元门禁损坏) stays on the list to be co-signed.
    Ok(vec![
        published[0].clone(),
        published[1].clone(),
        published[2].clone(),
        published[7].clone(),
        published[4].clone(),
        published[5].clone(),
    ])
}

/// (title, unit, category, budget, government funds, plan, beneficiaries)
type ProjectSeed = (&'static str, &'static str, ProjectCategory, i64, i64, &'static str, i64);

/// The projects, one per state, answering the demands [`load_demands`] returns, in order
/// (each project's description is its demand's, so the two must be about the same): 0 cancelled,
/// 1 draft, 2 closed, 3 completed (one vote in), 4 published (short of money, a request
/// waiting), 5 in progress.
const PROJECTS: [ProjectSeed; 6] = [
    (
        "金祥花园楼道清理",
        "金祥花园",
        ProjectCategory::MicroGovernance,
        500_000,
        500_000,
        "组织党员志愿者和物业清理楼道杂物，建立定期巡查制度。",
        120,
    ),
    (
        "亚新小区垃圾分类投放点改造",
        "亚新小区",
        ProjectCategory::MicroImprovement,
        3_000_000,
        2_000_000,
        "新建带洗手池的垃圾分类亭两处，增加清运频次。",
        860,
    ),
    (
        "兴华南街楼道照明改造",
        "兴华南街社区",
        ProjectCategory::MicroRenovation,
        2_400_000,
        1_800_000,
        "更换声控LED楼道灯，六个单元全覆盖。",
        96,
    ),
    (
        "金祥花园闲置空地改小游园",
        "金祥花园",
        ProjectCategory::MicroRenovation,
        1_200_000,
        1_200_000,
        "把3号楼东侧闲置空地改造成小游园，设置座椅、遮阳廊架和健身器材。",
        420,
    ),
    (
        "亚新小区停车位重新规划",
        "亚新小区",
        ProjectCategory::MicroGovernance,
        8_000_000,
        5_000_000,
        "重新施划车位，清理消防通道，设置临时停车区。",
        650,
    ),
    (
        "兴华南街电动车集中充电棚",
        "兴华南街社区",
        ProjectCategory::MicroImprovement,
        6_000_000,
        4_000_000,
        "在小区东侧空地建设带智能充电桩的充电棚。",
        380,
    ),
];

/// Projects in every state, with the resources and claims that funded them, so that each
/// screen of the pipeline has something real to show.
fn load_projects(
    conn: &mut DbConnection,
    unit: &dyn Fn(&str) -> Result<Uuid, ApiError>,
    orgs: &[(&str, Uuid)],
    published: &[demands::Demand],
) -> Result<Uuid, ApiError> {
    let org = |n: &str| {
        orgs.iter().find(|(o, _)| *o == n).map(|(_, id)| *id).ok_or_else(|| ApiError::Internal(format!("demo org {n}")))
    };
    let street = signed_in(conn, "street")?;
    let builder = signed_in(conn, "builder")?;
    let social = signed_in(conn, "social")?;
    let fen = |n: i64, field: &'static str| Fen::parse(field, n).map_err(invalid);

    let offer = |conn: &mut DbConnection, by: &Actor, owner: &str, at: &str, kind, title: &str, quantity, measure| {
        let new = NewResource {
            organization_id: org(owner)?,
            kind,
            title: ResourceTitle::parse(title).map_err(invalid)?,
            description: ResourceDescription::default(),
            quantity: Quantity::parse("quantity", quantity).map_err(invalid)?,
            measure: Measure::parse(kind, Some(measure)).map_err(invalid)?,
            available_until: Some(Utc::now() + TimeDelta::days(180)),
            unit_id: unit(at)?,
        };
        Ok::<_, ApiError>(resources::create(conn, by, new)?)
    };
    let money = offer(
        conn,
        &builder,
        "二七区住建局",
        "二七区",
        ResourceKind::Funds,
        "老旧小区微改造专项资金",
        50_000_000,
        "fen",
    )?;
    let lamps = offer(conn, &builder, "二七区住建局", "二七区", ResourceKind::Materials, "LED声控楼道灯", 200, "盏")?;
    let yard = offer(conn, &builder, "二七区住建局", "二七区", ResourceKind::Venue, "临时材料堆放场地", 1, "处")?;
    resources::withdraw(conn, &builder, yard.id, yard.version)?;
    let service = offer(
        conn,
        &social,
        "幸福里社工服务中心",
        "淮河路街道",
        ResourceKind::Service,
        "社工入户走访与居民议事",
        100,
        "人次",
    )?;

    let mut made = Vec::new();
    for ((title, at, category, budget, gov, plan, beneficiaries), demand) in PROJECTS.iter().zip(published) {
        let new = NewProject {
            title: ProjectTitle::parse(title).map_err(invalid)?,
            description: ProjectDescription::parse(&demand.description).map_err(invalid)?,
            category: *category,
            unit_id: unit(at)?,
            plan: Plan::parse(plan).map_err(invalid)?,
            budget: fen(*budget, "budget_fen")?,
            gov_funds: fen(*gov, "gov_funds_fen")?,
            required_approvals: RequiredApprovals::DEFAULT,
            beneficiaries: Beneficiaries::parse(*beneficiaries).map_err(invalid)?,
            demand_ids: vec![demand.id],
        };
        made.push(projects::create(conn, &street, new)?);
    }
    let go = |conn: &mut DbConnection, by: &Actor, p: &projects::Project, action, req: ProjectStep| {
        Ok::<_, ApiError>(projects::transition(conn, by, p.id, action, ProjectStep { version: p.version, ..req })?)
    };
    let plain = ProjectStep::default();
    let note = |n: &str| ProjectStep { note: Some(n.to_owned()), ..ProjectStep::default() };
    let ask = |conn: &mut DbConnection, by: &Actor, p: &projects::Project, r: &resources::Resource, q, side| {
        let new = NewClaim {
            project_id: p.id,
            resource_id: r.id,
            quantity: q,
            initiated_by: side,
            note: ClaimNote::default(),
        };
        Ok::<_, ApiError>(claims::create(conn, by, new)?.claim)
    };
    let answer = |conn: &mut DbConnection, by: &Actor, c: &claims::Claim, action| {
        Ok::<_, ApiError>(claims::transition(conn, by, c.id, action, c.version)?.claim)
    };
    let progress = |conn: &mut DbConnection, p: &projects::Project, text: &str, percent| {
        let note = ProgressNote::parse(text).map_err(invalid)?;
        Ok::<_, ApiError>(projects::post_progress(
            conn,
            &street,
            p.id,
            note,
            Percent::parse(percent).map_err(invalid)?,
        )?)
    };

    // 0: cancelled: the social workers' confirmed hours went back (released); a request the
    // committee took back itself (cancelled).
    let p = go(conn, &street, &made[0], ProjectAction::Publish, plain.clone())?;
    let c = ask(conn, &street, &p, &service, 10, ClaimSide::Project)?;
    answer(conn, &social, &c, ClaimAction::Confirm)?;
    let c = ask(conn, &street, &p, &lamps, 5, ClaimSide::Project)?;
    answer(conn, &street, &c, ClaimAction::Cancel)?;
    let p = projects::find(conn, p.id)?;
    let reason = ProjectStep {
        reason: Some("已由物业纳入日常保洁，无需单独立项".to_owned()),
        ..ProjectStep::default()
    };
    go(conn, &street, &p, ProjectAction::Cancel, reason)?;

    // 2: closed, rated by its author, handed over; the lamps delivered.
    let p = go(conn, &street, &made[2], ProjectAction::Publish, plain.clone())?;
    let c = ask(conn, &builder, &p, &lamps, 60, ClaimSide::Provider)?;
    let c = answer(conn, &street, &c, ClaimAction::Confirm)?;
    answer(conn, &builder, &c, ClaimAction::Fulfil)?;
    let c = ask(conn, &street, &p, &money, 600_000, ClaimSide::Project)?;
    answer(conn, &builder, &c, ClaimAction::Confirm)?;
    let p = projects::find(conn, p.id)?;
    let p = go(conn, &street, &p, ProjectAction::Start, plain.clone())?;
    let p = progress(conn, &p, "灯具进场，开始安装", 50)?;
    let p = go(conn, &street, &p, ProjectAction::Complete, note("六个单元共更换LED声控灯60盏，全部点亮"))?;
    for who in ["supervisor", "supervisor2"] {
        let s = signed_in(conn, who)?;
        projects::inspect(conn, &s, p.id, Verdict::Pass, "逐层查看，灯具全部正常")?;
    }
    // Demand 2 is `resident`'s (even ones are); `neighbour` co-signed it and may still rate.
    let rater = signed_in(conn, "resident")?;
    projects::rate(
        conn,
        &rater,
        p.id,
        Score::parse(5).map_err(invalid)?,
        RatingComment::parse("晚上回家终于不摸黑了").map_err(invalid)?,
    )?;
    let p = projects::find(conn, p.id)?;
    let hand =
        ProjectStep { maintainer_org_id: Some(org("亚新红色物业服务中心")?), ..ProjectStep::default() };
    let maintained = go(conn, &street, &p, ProjectAction::HandOver, hand)?;

    // 3: completed, one of two passes in; the social workers took part.
    let p = go(conn, &street, &made[3], ProjectAction::Publish, plain.clone())?;
    let c = ask(conn, &social, &p, &service, 20, ClaimSide::Provider)?;
    answer(conn, &street, &c, ClaimAction::Confirm)?;
    let p = projects::find(conn, p.id)?;
    let p = go(conn, &street, &p, ProjectAction::Start, plain.clone())?;
    let p = go(conn, &street, &p, ProjectAction::Complete, note("小游园铺装、座椅和健身器材已完工"))?;
    let second = signed_in(conn, "supervisor2")?;
    projects::inspect(conn, &second, p.id, Verdict::Pass, "座椅牢固，场地平整")?;

    // 4: published, ¥30,000 short; a request waits in the co-builder's inbox, one was declined.
    let p = go(conn, &street, &made[4], ProjectAction::Publish, plain.clone())?;
    let c = ask(conn, &street, &p, &lamps, 40, ClaimSide::Project)?;
    answer(conn, &builder, &c, ClaimAction::Decline)?;
    ask(conn, &street, &p, &money, 2_000_000, ClaimSide::Project)?;

    // 5: in progress, funded by the district's money.
    let p = go(conn, &street, &made[5], ProjectAction::Publish, plain.clone())?;
    let c = ask(conn, &builder, &p, &money, 2_000_000, ClaimSide::Provider)?;
    answer(conn, &street, &c, ClaimAction::Confirm)?;
    let p = projects::find(conn, p.id)?;
    let p = go(conn, &street, &p, ProjectAction::Start, plain)?;
    progress(conn, &p, "充电棚基础施工完成", 40)?;
    // 1 stays a draft.
    Ok(maintained.id)
}

/// The red property takes the lighting over; residents report faults on it: one waiting,
/// one answered, one closed.
fn load_upkeep(
    conn: &mut DbConnection,
    unit: &dyn Fn(&str) -> Result<Uuid, ApiError>,
    project: Uuid,
) -> Result<(), ApiError> {
    let property = signed_in(conn, "property")?;
    let p = projects::find(conn, project)?;
    let none = HandoverNote::default();
    persistence::upkeep::answer_handover(conn, &property, p.id, p.version, HandoverAnswer::Accept, &none)?;
    let resident = signed_in(conn, "resident")?;
    let neighbour = signed_in(conn, "neighbour")?;
    let report = |conn: &mut DbConnection, by: &Actor, at: &str, title: &str, text: &str| {
        let new = NewFault {
            project_id: project,
            unit_id: Some(unit(at)?),
            title: FaultTitle::parse(title).map_err(invalid)?,
            description: FaultDescription::parse(text).map_err(invalid)?,
        };
        Ok::<_, ApiError>(persistence::upkeep::report(conn, by, new)?)
    };
    let reply = |text: &str| FaultReply::parse(text).map_err(invalid);
    report(conn, &resident, "亚新小区", "3号楼二层声控灯不亮", "晚上跺脚也不亮，已经三天了。")?;
    let f = report(conn, &neighbour, "金祥花园", "5号楼灯具闪烁", "一单元四楼的灯一直闪。")?;
    persistence::upkeep::transition(
        conn,
        &property,
        f.id,
        FaultAction::Answer,
        f.version,
        &reply("已登记，周四上午上门更换")?,
    )?;
    let f = report(conn, &resident, "亚新小区", "1号楼灯罩脱落", "灯罩掉在楼梯上，差点砸到人。")?;
    persistence::upkeep::transition(conn, &property, f.id, FaultAction::Close, f.version, &reply("已重新固定灯罩")?)?;
    Ok(())
}

/// Coordination cases in every state: settled by the three parties at 亚新小区, open there
/// with its thread under way, and at 金祥花园 (no property company) escalated to the street.
fn load_cases(conn: &mut DbConnection, unit: &dyn Fn(&str) -> Result<Uuid, ApiError>) -> Result<(), ApiError> {
    let worker = signed_in(conn, "worker")?;
    let property = signed_in(conn, "property")?;
    let residents = signed_in(conn, "yaxin-supervisor")?;
    let new = |at: &str, title: &str, text: &str, due: Option<i64>| {
        Ok::<_, ApiError>(NewCase {
            unit_id: unit(at)?,
            title: CaseTitle::parse(title).map_err(invalid)?,
            description: CaseDescription::parse(text).map_err(invalid)?,
            due_at: due.map(|d| Utc::now() + TimeDelta::days(d)),
            demand_id: None,
        })
    };
    let step = |conn: &mut DbConnection, by: &Actor, c: &cases::Case, action| {
        let req = CaseStep { version: c.version, ..CaseStep::default() };
        Ok::<_, ApiError>(cases::transition(conn, by, c.id, action, req)?)
    };
    let say = |conn: &mut DbConnection, by: &Actor, c: &cases::Case, text: &str| {
        cases::post(conn, by, c.id, &MessageBody::parse(text).map_err(invalid)?)?;
        Ok::<_, ApiError>(())
    };

    let settled = new("亚新小区", "地下车库渗水", "雨后B1层积水，影响车辆进出。", Some(14))?;
    let c = cases::open(conn, &worker, settled)?;
    say(conn, &property, &c, "已排查为排水沟堵塞，本周疏通。")?;
    say(conn, &residents, &c, "自治小组同意使用公共维修资金。")?;
    let c = step(conn, &property, &c, CaseAction::Confirm)?;
    let c = step(conn, &residents, &c, CaseAction::Confirm)?;
    step(conn, &worker, &c, CaseAction::Confirm)?;

    let open = new("亚新小区", "电动车楼道充电", "多户在楼道内给电动车充电，存在消防隐患。", Some(10))?;
    let c = cases::open(conn, &property, open)?;
    say(conn, &property, &c, "已张贴告示，建议社区协调在东侧空地建充电棚。")?;
    step(conn, &worker, &c, CaseAction::Confirm)?;

    let stuck = new("金祥花园", "小区无物业，垃圾无人清运", "原物业撤场后垃圾堆积，居民反映强烈。", Some(7))?;
    let c = cases::open(conn, &worker, stuck)?;
    say(conn, &worker, &c, "小区暂无物业企业，需街道协调临时保洁。")?;
    let req =
        CaseStep {
            version: c.version, reason: Some("无物业企业，三方无法办结".to_owned()), ..CaseStep::default()
        };
    cases::transition(conn, &worker, c.id, CaseAction::Escalate, req)?;
    Ok(())
}

/// 定期公示: last month's for each street but 淮河路街道 (whose committee publishes in the
/// walk through the demo), as the worker publishes for a street that has not. The
/// district's records begin today, so their lists are empty; their chain verifies.
fn load_disclosures(conn: &mut DbConnection, unit: &dyn Fn(&str) -> Result<Uuid, ApiError>) -> Result<(), ApiError> {
    let now = Utc::now();
    let Some(last_month) = disclosure::due_month(disclosure::beijing_today(now), 1) else { return Ok(()) };
    for (street, _) in STREETS.iter().filter(|(street, _)| *street != "淮河路街道") {
        persistence::disclosures::publish_unattended(conn, unit(street)?, last_month, now)?;
    }
    Ok(())
}

/// 金祥花园's volunteer team: an activity done, with hours recorded, and one ahead that the
/// volunteer signed up for.
fn load_volunteering(conn: &mut DbConnection, orgs: &[(&str, Uuid)]) -> Result<(), ApiError> {
    let team = orgs
        .iter()
        .find(|(o, _)| *o == "金祥花园志愿服务队")
        .map(|(_, id)| *id)
        .ok_or_else(|| ApiError::Internal("demo volunteer team".into()))?;
    let leader = signed_in(conn, "leader")?;
    let volunteer = signed_in(conn, "volunteer")?;
    let now = Utc::now();
    let activity = |title: &str, text: &str, starts: chrono::DateTime<Utc>, hours: i64, capacity: i64| {
        Ok::<_, ApiError>(NewActivity {
            organization_id: team,
            title: ActivityTitle::parse(title).map_err(invalid)?,
            description: ActivityDescription::parse(text).map_err(invalid)?,
            project_id: None,
            case_id: None,
            starts_at: starts,
            ends_at: starts + TimeDelta::hours(hours),
            capacity,
        })
    };
    // Signed up for before it began (as the sign-up then was), served, recorded after.
    let done = activity("楼道杂物清理", "党员志愿者带头清理楼道堆放物。", now - TimeDelta::days(5), 3, 20)?;
    let a = persistence::volunteering::create(conn, &leader, done)?;
    persistence::volunteering::sign_up(conn, &volunteer, a.id, now - TimeDelta::days(6))?;
    persistence::volunteering::record_hours(conn, &leader, a.id, volunteer.user_id, 150, now)?;
    let ahead = activity("敬老院探访", "陪老人聊天、理发、打扫房间。", now + TimeDelta::days(3), 4, 10)?;
    let a = persistence::volunteering::create(conn, &leader, ahead)?;
    persistence::volunteering::sign_up(conn, &volunteer, a.id, now)?;
    let more = activity("垃圾分类宣传", "在小区东门设摊讲解垃圾分类。", now + TimeDelta::days(7), 2, 8)?;
    persistence::volunteering::create(conn, &leader, more)?;
    Ok(())
}

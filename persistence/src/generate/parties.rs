//! The five parties in the benchmark dataset (五联共治): each community's party committee;
//! each compound's party branch, residents' organisation, volunteer team and property
//! company (about half of them 红色物业), some compounds lacking one or two of the three
//! that coverage counts; an account speaking for each residents' organisation, property
//! company and team, and one resident in twenty serving in a team of its community. The
//! compounds' property matters go to coordination cases (三方联动) over the two years, and
//! the teams run about one activity a month, with sign-ups and the hours recorded.
//! Rows are what the use cases would write: an activity's `signed_up` is its sign-ups, a
//! case's confirmations, state and version are those its events leave.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::access::Role;
use domain::coordination::{CaseEvent, CaseState, Confirmations, Party};
use domain::history::History;
use domain::organization::OrganizationKind;
use domain::volunteering::{ActivityEvent, ActivityState};
use rand::rngs::StdRng;
use rand::seq::index::sample;
use rand::seq::SliceRandom;
use rand::Rng;
use uuid::Uuid;

use super::{
    at, v7, EventRow, GrantRow, OrganizationRow, Residents, Tree, UserRow, COMMUNITIES_PER_STREET,
    COMPOUNDS_PER_COMMUNITY, DAY_MS, GIVEN_NAMES, HOUR_MS, SQLITE_BATCH, SURNAMES,
};
use crate::schema::{
    case_messages, coordination_cases, events, grants, organizations, service_records, users, volunteer_activities,
    volunteer_signups,
};
use crate::{DbConnection, Error, Result};

/// Compounds lacking one or two of the three kinds coverage counts.
const GAPS: f64 = 0.12;
/// Residents serving in a volunteer team.
const VOLUNTEERS: f64 = 0.05;
const MINUTE_MS: i64 = 60_000;

const CASE_MATTERS: &[(&str, &str)] = &[
    ("地下车库渗水", "雨后地下车库积水，影响车辆进出，需确定维修责任与费用分摊。"),
    ("电梯频繁故障", "电梯一个月内停运多次，老人上下楼困难，需协商维修还是更换。"),
    ("物业费收支公示", "业主要求物业公开上年度物业费收支明细，物业认为已在公告栏公示。"),
    ("楼道电动车充电", "多户在楼道内给电动车充电，存在消防隐患，需协调建设集中充电棚。"),
    ("二次供水水箱清洗", "居民反映自来水有异味，要求物业清洗水箱并公布水质检测结果。"),
    ("公共收益使用", "小区广告位和停车收益的使用方案，业委会与物业意见不一致。"),
    ("外墙保温层脱落", "外墙保温层大面积脱落，需申请使用专项维修资金。"),
    ("绿地改建停车位", "部分业主提议将东侧绿地改为停车位，需征求意见并协调施工。"),
    ("门禁系统更换", "门禁卡频繁失效，需确定更换方案和费用承担。"),
    ("垃圾清运不及时", "垃圾桶满溢无人清运，夏季异味严重，需明确保洁责任。"),
    ("屋面防水维修", "顶层住户家中漏水，需协调屋面防水维修和维修资金使用。"),
    ("物业服务合同续签", "物业服务合同即将到期，需组织业主表决是否续聘。"),
];
const ESCALATION_REASONS: &[&str] = &[
    "三方意见分歧较大，需街道协调",
    "涉及专项维修资金审批，需街道统筹",
    "物业拒绝承担维修费用，协商未果",
    "业主意见难以统一，需街道牵头召开听证会",
];
/// Why the worker escalates a case past its deadline (`coordination_cases::escalate_overdue`).
const OVERDUE: &str = "逾期未办结";
const SETTLEMENTS: &[&str] = &[
    "街道组织三方召开协调会，明确费用由公共维修资金列支，物业负责施工",
    "街道协调区住建局现场鉴定，按鉴定结论分担费用",
    "经街道调解，物业同意先行垫付维修费用，业委会负责后续核算",
    "街道牵头召开业主听证会，按多数意见执行",
];
const SAYINGS: [(Party, &[&str]); 3] = [
    (
        Party::Community,
        &[
            "社区已到现场查看，请物业三日内拿出处理方案。",
            "社区将组织业主代表开会征求意见。",
            "请各方在期限内确认处理结果。",
        ],
    ),
    (
        Party::ResidentAutonomy,
        &[
            "业委会已征求楼栋长意见，多数业主同意该方案。",
            "自治小组同意使用公共维修资金，请物业公示预算。",
            "部分业主仍有异议，建议再开一次协调会。",
        ],
    ),
    (
        Party::PropertyService,
        &[
            "物业已安排维修人员排查，预计本周内完成。",
            "维修方案和报价已提交业委会审核。",
            "已张贴告示，施工期间请居民注意安全。",
        ],
    ),
];

const ACTIVITIES: &[(&str, &str)] = &[
    ("楼道杂物清理", "党员志愿者带头清理楼道堆放物，消除消防隐患。"),
    ("敬老院探访", "陪老人聊天、理发、打扫房间。"),
    ("垃圾分类宣传", "在小区门口设摊讲解垃圾分类知识。"),
    ("独居老人上门探访", "为独居老人测血压、送餐，了解生活需要。"),
    ("文明交通劝导", "在小区出入口劝导电动车规范停放。"),
    ("义务理发", "为小区老人和残疾人免费理发。"),
    ("小区绿地补种", "和居民一起补种绿地、清除杂草。"),
    ("防诈骗宣传", "入户发放防诈骗宣传单，讲解常见骗局。"),
    ("四点半课堂", "为双职工家庭的孩子辅导作业。"),
    ("消防安全检查", "协助物业排查楼道消防设施和私拉电线。"),
    ("便民维修服务", "为居民免费修理小家电、磨刀、配钥匙。"),
    ("健康义诊", "联系社区卫生服务中心为居民义诊。"),
];
const CANCEL_REASONS: &[&str] = &["天气原因，活动取消", "场地临时占用，另行通知", "报名人数不足，活动取消"];

/// The district the parties work in, and the two years before `end` (today's midnight).
pub(super) struct District<'a> {
    pub tree: &'a Tree,
    /// A community worker per community, a street committee per street.
    pub workers: &'a [&'a str],
    pub committees: &'a [&'a str],
    pub residents: &'a Residents,
    pub t0: i64,
    pub start: i64,
    pub end: i64,
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Written {
    pub organizations: usize,
    /// Accounts speaking for residents' organisations, property companies and teams.
    pub accounts: usize,
    /// Residents serving in a team.
    pub volunteers: usize,
    pub cases: usize,
    pub activities: usize,
    pub signups: usize,
    pub service_records: usize,
    pub events: usize,
}

#[derive(Insertable)]
#[diesel(table_name = coordination_cases, treat_none_as_default_value = false)]
struct CaseRow<'a> {
    id: String,
    unit_id: &'a str,
    street_id: &'a str,
    title: &'static str,
    description: &'static str,
    state: &'static str,
    autonomy_org_id: Option<&'a str>,
    property_org_id: Option<&'a str>,
    community_confirmed: bool,
    autonomy_confirmed: bool,
    property_confirmed: bool,
    due_at: Option<NaiveDateTime>,
    resolution: Option<&'static str>,
    demand_id: Option<&'a str>,
    opened_by_id: Option<&'a str>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

#[derive(Insertable)]
#[diesel(table_name = case_messages, treat_none_as_default_value = false)]
struct MessageRow<'a> {
    id: String,
    case_id: String,
    author_id: &'a str,
    party: Option<&'static str>,
    body: &'static str,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = volunteer_activities, treat_none_as_default_value = false)]
struct ActivityRow<'a> {
    id: String,
    organization_id: &'a str,
    unit_id: &'a str,
    street_id: Option<&'a str>,
    title: &'static str,
    description: &'static str,
    project_id: Option<&'a str>,
    case_id: Option<&'a str>,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    capacity: i64,
    signed_up: i64,
    state: &'static str,
    cancel_reason: Option<&'static str>,
    created_by_id: Option<&'a str>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

#[derive(Insertable)]
#[diesel(table_name = volunteer_signups, treat_none_as_default_value = false)]
struct SignupRow<'a> {
    activity_id: String,
    user_id: &'a str,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = service_records, treat_none_as_default_value = false)]
struct RecordRow<'a> {
    id: String,
    activity_id: String,
    user_id: &'a str,
    minutes: i64,
    recorded_by_id: Option<&'a str>,
    created_at: NaiveDateTime,
}

/// The organisations and the accounts speaking for them, as they are made.
struct Roll<'a> {
    t0: i64,
    password_hash: &'a str,
    organizations: Vec<OrganizationRow>,
    accounts: Vec<UserRow<'a>>,
    /// (role, organisation, account) of each account's grant.
    holders: Vec<(Role, usize, usize)>,
}

impl<'a> Roll<'a> {
    fn organization(&mut self, name: String, kind: OrganizationKind, unit_id: &str, rng: &mut StdRng) -> usize {
        let ms = self.t0 + 32_000_000 + i64::try_from(self.organizations.len()).unwrap_or(0);
        self.organizations.push(OrganizationRow {
            id: v7(ms, rng),
            name,
            kind: kind.as_str(),
            unit_id: unit_id.to_owned(),
            red_property: false,
            created_at: at(self.t0),
            updated_at: at(self.t0),
            version: 1,
        });
        self.organizations.len() - 1
    }

    /// The account speaking for organisation `org` in `role`, named by its role and number
    /// (`supervisor1`, `property1`, `leader1`).
    fn holder(&mut self, role: Role, org: usize, party_member: bool, rng: &mut StdRng) -> usize {
        let prefix = match role {
            Role::Supervisor => "supervisor",
            Role::PropertyManager => "property",
            Role::VolunteerLeader => "leader",
            other => other.as_str(),
        };
        let n = self.holders.iter().filter(|(r, ..)| *r == role).count() + 1;
        let ms = self.t0 + 33_000_000 + i64::try_from(self.accounts.len()).unwrap_or(0);
        let surname = SURNAMES[rng.gen_range(0..SURNAMES.len())];
        let given = GIVEN_NAMES[rng.gen_range(0..GIVEN_NAMES.len())];
        self.accounts.push(UserRow {
            id: v7(ms, rng),
            username: format!("{prefix}{n}"),
            password_hash: self.password_hash,
            display_name: format!("{surname}{given}"),
            phone: None,
            party_member,
            created_at: at(self.t0),
            updated_at: at(self.t0),
            version: 1,
            disabled: false,
            auth_version: 1,
        });
        self.holders.push((role, org, self.accounts.len() - 1));
        self.accounts.len() - 1
    }
}

/// A compound's organisations with the account speaking for each: (organisation, account).
struct Compound {
    autonomy: Option<(usize, usize)>,
    property: (usize, usize),
    team: Option<(usize, usize)>,
}

fn uuid_of(id: &str) -> Result<Uuid> {
    Uuid::parse_str(id).map_err(|_| Error::Corrupt("generated id"))
}

/// An event of a case or an activity as `events::append` writes it, at the record's
/// compound and street.
fn event<'a, E: History>(
    rng: &mut StdRng,
    t: i64,
    entity_id: &str,
    actor_id: Option<&'a str>,
    (from, to): (Option<&'static str>, &'static str),
    event: &E,
    (unit_id, street_id): (&'a str, &'a str),
) -> Result<EventRow<'a>> {
    Ok(EventRow {
        id: v7(t, rng),
        entity: E::ENTITY.as_str(),
        entity_id: entity_id.to_owned(),
        action: event.action(),
        actor_id,
        from_state: from,
        to_state: Some(to),
        payload: serde_json::to_string(event).map_err(|_| Error::Corrupt("event payload"))?,
        unit_id: Some(unit_id),
        street_id: Some(street_id),
        at: at(t),
    })
}

/// A step of a case, in the order they happened.
enum Step {
    Confirm(Party),
    /// By a party, or (none) by the worker past the deadline.
    Escalate(Option<Party>),
    /// The street committee settles it.
    Settle,
}

/// `n` instants in `from..to`, in order.
fn instants(rng: &mut StdRng, n: usize, from: i64, to: i64) -> Vec<i64> {
    let mut times: Vec<i64> = (0..n).map(|_| rng.gen_range(from..to)).collect();
    times.sort_unstable();
    times
}

/// Writes the organisations, their accounts and volunteers' grants, the coordination cases
/// with their threads, and the teams' activities with sign-ups and hours, and their events.
pub(super) fn write(
    conn: &mut DbConnection,
    district: &District<'_>,
    password_hash: &str,
    rng: &mut StdRng,
) -> Result<Written> {
    let tree = district.tree;
    let mut roll =
        Roll { t0: district.t0, password_hash, organizations: Vec::new(), accounts: Vec::new(), holders: Vec::new() };
    let mut compounds = Vec::with_capacity(tree.compounds.len());
    for (c, community) in tree.communities.iter().enumerate() {
        roll.organization(format!("{}党委", tree.community_names[c]), OrganizationKind::PartyOrg, community, rng);
        for k in c * COMPOUNDS_PER_COMMUNITY..(c + 1) * COMPOUNDS_PER_COMMUNITY {
            let (unit, name) = (tree.compounds[k].as_str(), tree.compound_names[k].as_str());
            // Party branch, residents' organisation, volunteer team: the three coverage counts.
            let mut has = [true; 3];
            if rng.gen_bool(GAPS) {
                let lacking = if rng.gen_bool(0.7) { 1 } else { 2 };
                for kind in sample(rng, 3, lacking) {
                    has[kind] = false;
                }
            }
            if has[0] {
                roll.organization(format!("{name}党支部"), OrganizationKind::PartyOrg, unit, rng);
            }
            let autonomy = if has[1] {
                let body = if rng.gen_bool(0.5) { "业主委员会" } else { "居民自治小组" };
                let org = roll.organization(format!("{name}{body}"), OrganizationKind::ResidentAutonomy, unit, rng);
                let party_member = rng.gen_bool(0.3);
                Some((org, roll.holder(Role::Supervisor, org, party_member, rng)))
            } else {
                None
            };
            let team = if has[2] {
                let org = roll.organization(format!("{name}志愿服务队"), OrganizationKind::VolunteerOrg, unit, rng);
                let party_member = rng.gen_bool(0.6);
                Some((org, roll.holder(Role::VolunteerLeader, org, party_member, rng)))
            } else {
                None
            };
            let red = rng.gen_bool(0.5);
            let company = if red { "红色物业服务中心" } else { "物业服务中心" };
            let org = roll.organization(format!("{name}{company}"), OrganizationKind::PropertyService, unit, rng);
            roll.organizations[org].red_property = red;
            // A red property company is party-led: its manager a party member.
            let property = (org, roll.holder(Role::PropertyManager, org, red, rng));
            compounds.push(Compound { autonomy, property, team });
        }
    }
    let Roll { organizations: orgs, accounts, holders, .. } = roll;

    // Volunteers: residents serving in a team of one of their community's compounds.
    let residents = district.residents;
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); compounds.len()];
    for r in 0..residents.ids.len() {
        if !rng.gen_bool(VOLUNTEERS) {
            continue;
        }
        let first = residents.community_of(r) * COMPOUNDS_PER_COMMUNITY;
        let teams: Vec<usize> =
            (first..first + COMPOUNDS_PER_COMMUNITY).filter(|&k| compounds[k].team.is_some()).collect();
        if let Some(&k) = teams.choose(rng) {
            members[k].push(r);
        }
    }
    let mut grant_rows = Vec::with_capacity(holders.len() + residents.ids.len() / 20);
    let grant_ms = district.t0 + 34_000_000;
    for &(role, org, person) in &holders {
        let ms = grant_ms + i64::try_from(grant_rows.len()).unwrap_or(0);
        grant_rows.push(GrantRow {
            id: v7(ms, rng),
            user_id: &accounts[person].id,
            role: role.as_str(),
            unit_id: &orgs[org].unit_id,
            organization_id: Some(orgs[org].id.clone()),
            created_at: at(district.t0),
        });
    }
    for (k, serving) in members.iter().enumerate() {
        let Some((team, _)) = compounds[k].team else { continue };
        for &r in serving {
            let ms = grant_ms + i64::try_from(grant_rows.len()).unwrap_or(0);
            grant_rows.push(GrantRow {
                id: v7(ms, rng),
                user_id: &residents.ids[r],
                role: Role::Volunteer.as_str(),
                unit_id: &orgs[team].unit_id,
                organization_id: Some(orgs[team].id.clone()),
                created_at: at(district.t0),
            });
        }
    }
    bulk_insert!(conn, organizations::table, &orgs, SQLITE_BATCH);
    bulk_insert!(conn, users::table, &accounts, SQLITE_BATCH);
    bulk_insert!(conn, grants::table, &grant_rows, SQLITE_BATCH);

    let mut event_rows = Vec::new();
    let (case_rows, message_rows) = cases(district, &compounds, &orgs, &accounts, rng, &mut event_rows)?;
    let (activity_rows, signup_rows, record_rows) =
        activities(district, &compounds, &members, &orgs, &accounts, rng, &mut event_rows)?;
    bulk_insert!(conn, coordination_cases::table, &case_rows, SQLITE_BATCH);
    bulk_insert!(conn, case_messages::table, &message_rows, SQLITE_BATCH);
    bulk_insert!(conn, volunteer_activities::table, &activity_rows, SQLITE_BATCH);
    bulk_insert!(conn, volunteer_signups::table, &signup_rows, SQLITE_BATCH);
    bulk_insert!(conn, service_records::table, &record_rows, SQLITE_BATCH);
    bulk_insert!(conn, events::table, &event_rows, SQLITE_BATCH);
    Ok(Written {
        organizations: orgs.len(),
        accounts: accounts.len(),
        volunteers: members.iter().map(Vec::len).sum(),
        cases: case_rows.len(),
        activities: activity_rows.len(),
        signups: signup_rows.len(),
        service_records: record_rows.len(),
        events: event_rows.len(),
    })
}

/// One to five cases per compound with both a residents' organisation and a property
/// company (no one could confirm for a missing one). Most were settled by the three
/// parties before their deadline; some were escalated, by a party or by the deadline, and
/// most of those settled by the street; the newest are still open, due in the future.
fn cases<'a>(
    district: &District<'a>,
    compounds: &[Compound],
    orgs: &'a [OrganizationRow],
    accounts: &'a [UserRow<'_>],
    rng: &mut StdRng,
    event_rows: &mut Vec<EventRow<'a>>,
) -> Result<(Vec<CaseRow<'a>>, Vec<MessageRow<'a>>)> {
    let (tree, start, end) = (district.tree, district.start, district.end);
    let mut case_rows = Vec::new();
    let mut message_rows = Vec::new();
    for (k, compound) in compounds.iter().enumerate() {
        let Some((autonomy, supervisor)) = compound.autonomy else { continue };
        let (property, manager) = compound.property;
        let community = k / COMPOUNDS_PER_COMMUNITY;
        let street = community / COMMUNITIES_PER_STREET;
        let place = (tree.compounds[k].as_str(), tree.streets[street].as_str());
        let speaker = |party: Party| match party {
            Party::Community => district.workers[community],
            Party::ResidentAutonomy => accounts[supervisor].id.as_str(),
            Party::PropertyService => accounts[manager].id.as_str(),
        };
        for _ in 0..rng.gen_range(1..=5) {
            let due_days = rng.gen_range(7..=14);
            let due_ms = due_days * DAY_MS;
            let (title, description) = CASE_MATTERS[rng.gen_range(0..CASE_MATTERS.len())];
            let mut parties = [Party::Community, Party::ResidentAutonomy, Party::PropertyService];
            parties.shuffle(rng);
            let mut steps: Vec<(i64, Step)> = Vec::new();
            let roll = rng.gen_range(0..100);
            let opened = match roll {
                // Open: opened lately, due after today.
                0..8 => {
                    let opened = end - rng.gen_range(HOUR_MS..(due_days - 1) * DAY_MS);
                    let confirmed = rng.gen_range(0..=2);
                    for (t, party) in instants(rng, confirmed, opened + 1, end).into_iter().zip(parties) {
                        steps.push((t, Step::Confirm(party)));
                    }
                    opened
                }
                // Escalated, and settled by the street or still waiting for it.
                8..30 => {
                    let waiting = roll < 15;
                    let opened = if waiting {
                        end - rng.gen_range(due_ms + DAY_MS..90 * DAY_MS)
                    } else {
                        rng.gen_range(start..end - 30 * DAY_MS)
                    };
                    let due = opened + due_ms;
                    let escalated = if rng.gen_bool(0.6) {
                        let t = rng.gen_range(opened + HOUR_MS..due);
                        steps.push((t, Step::Escalate(Some(parties[2]))));
                        t
                    } else {
                        let t = due + rng.gen_range(MINUTE_MS..HOUR_MS);
                        steps.push((t, Step::Escalate(None)));
                        t
                    };
                    let confirmed = rng.gen_range(0..=2);
                    for (t, party) in instants(rng, confirmed, opened + 1, escalated).into_iter().zip(parties) {
                        steps.push((t, Step::Confirm(party)));
                    }
                    if !waiting {
                        steps.push((escalated + rng.gen_range(DAY_MS..10 * DAY_MS), Step::Settle));
                    }
                    opened
                }
                // Settled by the three parties' confirmations before the deadline.
                _ => {
                    let opened = rng.gen_range(start..end - 30 * DAY_MS);
                    for (t, party) in instants(rng, 3, opened + 1, opened + due_ms).into_iter().zip(parties) {
                        steps.push((t, Step::Confirm(party)));
                    }
                    opened
                }
            };
            steps.sort_by_key(|(t, _)| *t);

            let opener = match rng.gen_range(0..10) {
                0..6 => Party::Community,
                6..8 => Party::ResidentAutonomy,
                _ => Party::PropertyService,
            };
            let id = v7(opened, rng);
            let open = CaseEvent::Open { title: title.to_owned(), demand_id: None, fault_id: None };
            let states = (None, CaseState::Open.as_str());
            event_rows.push(event(rng, opened, &id, Some(speaker(opener)), states, &open, place)?);
            let (mut state, mut confirmed, mut version) = (CaseState::Open, Confirmations::default(), 1);
            let (mut updated, mut resolution, mut escalated_at) = (opened, None, None);
            for (t, step) in &steps {
                let (to, actor, happened) = match *step {
                    Step::Confirm(party) => {
                        confirmed = confirmed.with(party);
                        let to = if confirmed.all() { CaseState::Resolved } else { CaseState::Open };
                        (to, Some(speaker(party)), CaseEvent::Confirm { party })
                    }
                    Step::Escalate(party) => {
                        escalated_at = Some(*t);
                        let reason = match party {
                            Some(_) => ESCALATION_REASONS[rng.gen_range(0..ESCALATION_REASONS.len())],
                            None => OVERDUE,
                        };
                        let happened = CaseEvent::Escalate { party, reason: reason.to_owned() };
                        (CaseState::Escalated, party.map(speaker), happened)
                    }
                    Step::Settle => {
                        let note = SETTLEMENTS[rng.gen_range(0..SETTLEMENTS.len())];
                        resolution = Some(note);
                        let happened = CaseEvent::Resolve { note: Some(note.to_owned()) };
                        (CaseState::Resolved, Some(district.committees[street]), happened)
                    }
                };
                let states = (Some(state.as_str()), to.as_str());
                event_rows.push(event(rng, *t, &id, actor, states, &happened, place)?);
                // Settled by all three parties: recorded as such, by no one.
                if to == CaseState::Resolved && matches!(step, Step::Confirm(_)) {
                    let states = (Some(to.as_str()), to.as_str());
                    let settled = CaseEvent::Resolve { note: None };
                    event_rows.push(event(rng, *t, &id, None, states, &settled, place)?);
                }
                (state, version, updated) = (to, version + 1, *t);
            }

            // The thread, closed once the case is resolved.
            let closed = if state == CaseState::Resolved { updated } else { end };
            let said = rng.gen_range(1..=3);
            for t in instants(rng, said, opened, closed) {
                let (party, sayings) = SAYINGS[rng.gen_range(0..SAYINGS.len())];
                let then = if escalated_at.is_some_and(|e| e <= t) { CaseState::Escalated } else { CaseState::Open };
                message_rows.push(MessageRow {
                    id: v7(t, rng),
                    case_id: id.clone(),
                    author_id: speaker(party),
                    party: Some(party.as_str()),
                    body: sayings[rng.gen_range(0..sayings.len())],
                    created_at: at(t),
                });
                let states = (Some(then.as_str()), then.as_str());
                let said = CaseEvent::Message { party: Some(party) };
                event_rows.push(event(rng, t, &id, Some(speaker(party)), states, &said, place)?);
            }

            case_rows.push(CaseRow {
                id,
                unit_id: place.0,
                street_id: place.1,
                title,
                description,
                state: state.as_str(),
                autonomy_org_id: Some(&orgs[autonomy].id),
                property_org_id: Some(&orgs[property].id),
                community_confirmed: confirmed.community,
                autonomy_confirmed: confirmed.resident_autonomy,
                property_confirmed: confirmed.property_service,
                due_at: Some(at(opened + due_ms)),
                resolution,
                demand_id: None,
                opened_by_id: Some(speaker(opener)),
                created_at: at(opened),
                updated_at: at(updated),
                version,
            });
        }
    }
    Ok((case_rows, message_rows))
}

/// About one activity a month per team over the two years and a few ahead, of one to
/// four hours for 5 to 30 volunteers. The team's volunteers sign up before it starts, as
/// many as there is room for; the leader records the hours of most who served once it has
/// ended. One in twenty-five was cancelled before it started, its sign-ups left standing.
fn activities<'a>(
    district: &District<'a>,
    compounds: &[Compound],
    members: &[Vec<usize>],
    orgs: &'a [OrganizationRow],
    accounts: &'a [UserRow<'_>],
    rng: &mut StdRng,
    event_rows: &mut Vec<EventRow<'a>>,
) -> Result<(Vec<ActivityRow<'a>>, Vec<SignupRow<'a>>, Vec<RecordRow<'a>>)> {
    let (tree, start, end) = (district.tree, district.start, district.end);
    let (mut activity_rows, mut signup_rows, mut record_rows) = (Vec::new(), Vec::new(), Vec::new());
    for (k, compound) in compounds.iter().enumerate() {
        let Some((team, leader)) = compound.team else { continue };
        let street = k / COMPOUNDS_PER_COMMUNITY / COMMUNITIES_PER_STREET;
        let place = (tree.compounds[k].as_str(), tree.streets[street].as_str());
        let leader = accounts[leader].id.as_str();
        let team_id = uuid_of(&orgs[team].id)?;
        // Past days from the team's third week on, then up to a month ahead; 09:00 to 18:00 Beijing time.
        let past = rng.gen_range(20..=26);
        let ahead = rng.gen_range(1..=3);
        let mut days: Vec<i64> = (0..past).map(|_| start + rng.gen_range(14..730) * DAY_MS).collect();
        days.extend((0..ahead).map(|_| end + rng.gen_range(1..=30) * DAY_MS));
        for day in days {
            let starts = day + rng.gen_range(1..=9) * HOUR_MS;
            let length = rng.gen_range(2..=8) * 30 * MINUTE_MS;
            let ends = starts + length;
            let created = (starts - rng.gen_range(3 * DAY_MS..14 * DAY_MS)).min(end - rng.gen_range(HOUR_MS..DAY_MS));
            let capacity = rng.gen_range(5..=30);
            let (title, description) = ACTIVITIES[rng.gen_range(0..ACTIVITIES.len())];
            let cancelled = rng.gen_bool(0.04).then(|| rng.gen_range(created + MINUTE_MS..starts.min(end)));
            let id = v7(created, rng);
            let create = ActivityEvent::Create { title: title.to_owned(), organization_id: team_id };
            let states = (None, ActivityState::Open.as_str());
            event_rows.push(event(rng, created, &id, Some(leader), states, &create, place)?);

            let serving = &members[k];
            let turnout = rng.gen_range(0.3..0.9);
            let wanted = ((serving.len() as f64 * turnout).round() as usize).min(capacity);
            let closes = cancelled.unwrap_or(starts).min(end);
            let signed: Vec<(usize, i64)> = sample(rng, serving.len(), wanted)
                .into_iter()
                .map(|i| (serving[i], rng.gen_range(created + 1..closes)))
                .collect();
            let open = (Some(ActivityState::Open.as_str()), ActivityState::Open.as_str());
            for &(r, t) in &signed {
                let user_id = district.residents.ids[r].as_str();
                signup_rows.push(SignupRow { activity_id: id.clone(), user_id, created_at: at(t) });
                let signed_up = ActivityEvent::SignUp { user_id: uuid_of(user_id)? };
                event_rows.push(event(rng, t, &id, Some(user_id), open, &signed_up, place)?);
            }
            let reason = match cancelled {
                Some(t) => {
                    let reason = CANCEL_REASONS[rng.gen_range(0..CANCEL_REASONS.len())];
                    let cancel = ActivityEvent::Cancel { reason: reason.to_owned() };
                    let states = (Some(ActivityState::Open.as_str()), ActivityState::Cancelled.as_str());
                    event_rows.push(event(rng, t, &id, Some(leader), states, &cancel, place)?);
                    Some(reason)
                }
                None if ends <= end => {
                    let most = length / MINUTE_MS / 30;
                    for &(r, _) in &signed {
                        if !rng.gen_bool(0.85) {
                            continue;
                        }
                        let minutes = if rng.gen_bool(0.7) { most * 30 } else { rng.gen_range(1..=most) * 30 };
                        let t = (ends + rng.gen_range(0..2 * DAY_MS)).min(end - 1);
                        let user_id = district.residents.ids[r].as_str();
                        record_rows.push(RecordRow {
                            id: v7(t, rng),
                            activity_id: id.clone(),
                            user_id,
                            minutes,
                            recorded_by_id: Some(leader),
                            created_at: at(t),
                        });
                        let recorded = ActivityEvent::Record { user_id: uuid_of(user_id)?, minutes };
                        event_rows.push(event(rng, t, &id, Some(leader), open, &recorded, place)?);
                    }
                    None
                }
                None => None,
            };
            let signed_up = i64::try_from(signed.len()).unwrap_or(i64::MAX);
            activity_rows.push(ActivityRow {
                id,
                organization_id: &orgs[team].id,
                unit_id: place.0,
                street_id: Some(place.1),
                title,
                description,
                project_id: None,
                case_id: None,
                starts_at: at(starts),
                ends_at: at(ends),
                capacity: i64::try_from(capacity).unwrap_or(i64::MAX),
                signed_up,
                state: if cancelled.is_some() { ActivityState::Cancelled } else { ActivityState::Open }.as_str(),
                cancel_reason: reason,
                created_by_id: Some(leader),
                created_at: at(created),
                updated_at: at(cancelled.unwrap_or(created)),
                version: 1 + signed_up + i64::from(cancelled.is_some()),
            });
        }
    }
    Ok((activity_rows, signup_rows, record_rows))
}

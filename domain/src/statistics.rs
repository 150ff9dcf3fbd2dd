//! The figures of SPEC §4.8 (三率 and the rest), defined once: what each counts, and how a
//! demand's history adds to the counts.
//!
//! The period selects demands by the month they were filed (受理月份, Beijing time), as
//! 12345's monthly reports count the work orders received in the month: every figure about
//! demands is about the demands filed in the chosen months, however long they took. So a
//! month's figures are final once its demands are settled, and a figure is the sum of its
//! months, which lets the counts be kept per community and month as the events arrive
//! ([`tally`]) instead of recounted from a million demands on every request.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::access::{Actor, Capability};
use crate::claim::ClaimState;
use crate::demand::{DemandEvent, DemandState};
use crate::org_unit::{UnitKind, UnitPath};
use crate::project::ProjectState;
use crate::Error;

/// Beijing is UTC+8 all year.
const BEIJING_HOURS: i64 = 8;

/// Months a request may span: ten years is any report anyone asks for.
pub const MAX_MONTHS: u32 = 120;

/// A calendar month in Beijing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// `YYYY-MM`, as the API and the stored counts write it.
    pub fn parse(field: &'static str, raw: &str) -> Result<Month, Error> {
        let bad = || Error::invalid(field, "month_format", format!("{field} is a month written YYYY-MM, not {raw:?}"));
        let (y, m) = raw.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || year < 1970 {
            return Err(bad());
        }
        Ok(Month { year, month })
    }

    /// The Beijing month `at` falls in.
    pub fn of(at: DateTime<Utc>) -> Month {
        let day = (at + Duration::hours(BEIJING_HOURS)).date_naive();
        Month { year: day.year(), month: day.month() }
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }

    /// Months from `self` to `other`, counting both.
    fn span(self, other: Month) -> i64 {
        i64::from(other.year - self.year) * 12 + i64::from(other.month) - i64::from(self.month) + 1
    }

    /// The instant the month begins (midnight in Beijing).
    pub fn start(self) -> DateTime<Utc> {
        let day = NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default();
        day.and_time(chrono::NaiveTime::MIN).and_utc() - Duration::hours(BEIJING_HOURS)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The months a figure covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Months {
    pub from: Month,
    pub to: Month,
}

impl Months {
    /// `from`..=`to`; without `from`, the twelve months ending with `to`; without `to`, the
    /// month `now` is in.
    pub fn parse(from: Option<&str>, to: Option<&str>, now: DateTime<Utc>) -> Result<Months, Error> {
        let to = match to {
            Some(raw) => Month::parse("to", raw)?,
            None => Month::of(now),
        };
        let from = match from {
            Some(raw) => Month::parse("from", raw)?,
            None => {
                let mut m = Month { year: to.year - 1, month: to.month };
                m = m.next();
                m
            }
        };
        if from > to {
            return Err(Error::invalid("from", "month_order", "from is a month no later than to"));
        }
        if from.span(to) > i64::from(MAX_MONTHS) {
            return Err(Error::invalid("from", "months_span", format!("at most {MAX_MONTHS} months at once")));
        }
        Ok(Months { from, to })
    }

    /// Each month, in order.
    pub fn each(self) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(self.from), move |m| (*m < self.to).then(|| m.next()))
    }
}

/// A rate with what it divides, so a reader sees "12 of 15", not only 80%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ratio {
    pub numerator: i64,
    pub denominator: i64,
}

impl Ratio {
    /// None when nothing was counted: no answer is not a 0% answer.
    pub fn value(self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 / self.denominator as f64)
    }
}

/// Which span of a demand's life a median measures, from its filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Span {
    /// To its verification (核实).
    Verify,
    /// To its first acceptance into a project (立项).
    Accept,
    /// To its resolution (办结).
    Resolve,
}

impl Span {
    pub const ALL: [Span; 3] = [Span::Verify, Span::Accept, Span::Resolve];

    const fn as_str(self) -> &'static str {
        match self {
            Span::Verify => "verify",
            Span::Accept => "accept",
            Span::Resolve => "resolve",
        }
    }
}

/// Whole days up to this are counted day by day; longer spans in steps of [`STEP_DAYS`]
/// (a median of months is not read to the day), so a month's counts stay few.
pub const EXACT_DAYS: i64 = 60;
pub const STEP_DAYS: i64 = 30;

/// The bucket a span of whole `days` is counted in: the day itself up to [`EXACT_DAYS`],
/// then the first day of its 30-day step.
pub fn day_bucket(days: i64) -> i64 {
    let days = days.max(0);
    if days <= EXACT_DAYS {
        days
    } else {
        EXACT_DAYS + (days - EXACT_DAYS) / STEP_DAYS * STEP_DAYS
    }
}

/// Whole days from `from` to `to` (a verification three hours after filing is day 0).
pub fn whole_days(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_days().max(0)
}

/// What one stored count measures, per community and month of filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    /// Demands filed.
    Filed,
    /// Demands filed that are in this state now.
    InState(DemandState),
    /// Demands given their first decision (verify, reject, refer, merge while submitted).
    Decided,
    /// … of which before the deadline then in force.
    DecidedOnTime,
    /// Demands verified (核实).
    Verified,
    /// Demands resolved (办结).
    Resolved,
    /// Demands whose `Span` took this bucket's days ([`day_bucket`]).
    Days(Span, i64),
    /// Minutes volunteers served, by the month they were recorded.
    ServiceMinutes,
    /// … of which by party members (as they were when recorded).
    PartyMemberServiceMinutes,
    /// Projects created in the month that are in this state now (per unit and month of
    /// creation, as the demands per month of filing).
    ProjectInState(ProjectState),
    /// The claims on those projects in this state now.
    ClaimInState(ClaimState),
    /// Government money of those projects that count money ([`counts_money`]).
    GovFen,
    /// Social money: what their funds claims hold (confirmed or fulfilled).
    SocialFen,
    /// People served by those of them closed (结单).
    Beneficiaries,
}

impl Metric {
    /// The name a count is stored under.
    pub fn key(self) -> String {
        match self {
            Metric::Filed => "filed".into(),
            Metric::InState(s) => format!("state:{s}"),
            Metric::Decided => "decided".into(),
            Metric::DecidedOnTime => "decided_on_time".into(),
            Metric::Verified => "verified".into(),
            Metric::Resolved => "resolved".into(),
            Metric::Days(span, bucket) => format!("days:{}:{bucket}", span.as_str()),
            Metric::ServiceMinutes => "service_minutes".into(),
            Metric::PartyMemberServiceMinutes => "party_member_service_minutes".into(),
            Metric::ProjectInState(s) => format!("project:{s}"),
            Metric::ClaimInState(s) => format!("claim:{s}"),
            Metric::GovFen => "gov_fen".into(),
            Metric::SocialFen => "social_fen".into(),
            Metric::Beneficiaries => "beneficiaries".into(),
        }
    }

    /// The metric a stored name stands for; None for a name this version does not know
    /// (a newer version's), which is left out rather than failing the figures.
    pub fn from_key(key: &str) -> Option<Metric> {
        Some(match key {
            "filed" => Metric::Filed,
            "decided" => Metric::Decided,
            "decided_on_time" => Metric::DecidedOnTime,
            "verified" => Metric::Verified,
            "resolved" => Metric::Resolved,
            "service_minutes" => Metric::ServiceMinutes,
            "party_member_service_minutes" => Metric::PartyMemberServiceMinutes,
            "gov_fen" => Metric::GovFen,
            "social_fen" => Metric::SocialFen,
            "beneficiaries" => Metric::Beneficiaries,
            _ => {
                if let Some(state) = key.strip_prefix("state:") {
                    Metric::InState(DemandState::parse(state).ok()?)
                } else if let Some(state) = key.strip_prefix("project:") {
                    Metric::ProjectInState(ProjectState::parse(state).ok()?)
                } else if let Some(state) = key.strip_prefix("claim:") {
                    Metric::ClaimInState(ClaimState::parse(state).ok()?)
                } else {
                    let rest = key.strip_prefix("days:")?;
                    let (span, bucket) = rest.split_once(':')?;
                    let span = Span::ALL.into_iter().find(|s| s.as_str() == span)?;
                    Metric::Days(span, bucket.parse().ok()?)
                }
            }
        })
    }
}

/// One step in a demand's history, with the facts [`tally`] needs beyond the event.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub event: &'a DemandEvent,
    pub from: Option<DemandState>,
    pub to: Option<DemandState>,
    /// When the step was taken.
    pub at: DateTime<Utc>,
    /// When the demand was filed.
    pub filed_at: DateTime<Utc>,
    /// An accept step: whether the demand was ever accepted before (a cancelled project's
    /// demand accepted again is not accepted for the first time).
    pub accepted_before: bool,
}

/// How one step changes the counts of its demand's community and filing month.
pub fn tally(step: &Step<'_>) -> Vec<(Metric, i64)> {
    let mut out = moved(step.from, step.to, Metric::InState);
    let days = |span| Metric::Days(span, day_bucket(whole_days(step.filed_at, step.at)));
    let first_decision = step.from == Some(DemandState::Submitted);
    let due_at = match step.event {
        DemandEvent::Create { .. } => {
            out.push((Metric::Filed, 1));
            None
        }
        DemandEvent::Verify { due_at } => {
            out.push((Metric::Verified, 1));
            out.push((days(Span::Verify), 1));
            Some(due_at)
        }
        DemandEvent::Reject { due_at, .. } | DemandEvent::Refer { due_at, .. } | DemandEvent::Merge { due_at, .. } => {
            Some(due_at)
        }
        DemandEvent::Accept { .. } => {
            if !step.accepted_before {
                out.push((days(Span::Accept), 1));
            }
            None
        }
        DemandEvent::Resolve { .. } => {
            out.push((Metric::Resolved, 1));
            out.push((days(Span::Resolve), 1));
            None
        }
        DemandEvent::Cosign
        | DemandEvent::MergeIn { .. }
        | DemandEvent::Withdraw
        | DemandEvent::Coordinate { .. }
        | DemandEvent::Reopen { .. } => None,
    };
    if let (true, Some(due_at)) = (first_decision, due_at) {
        out.push((Metric::Decided, 1));
        // Due at exactly the limit is not yet overdue (`deadlines::is_overdue`); a demand
        // filed before deadlines were kept had none to miss.
        if due_at.is_none_or(|due| step.at <= due) {
            out.push((Metric::DecidedOnTime, 1));
        }
    }
    out
}

/// A record gone from one state to another: one fewer in the first, one more in the second;
/// nothing for a step that stays (an edit, a co-sign).
fn moved<S: PartialEq>(from: Option<S>, to: Option<S>, metric: fn(S) -> Metric) -> Vec<(Metric, i64)> {
    if from == to {
        return Vec::new();
    }
    from.map(|s| (metric(s), -1)).into_iter().chain(to.map(|s| (metric(s), 1))).collect()
}

/// What volunteers' recorded hours add to the counts of the month they were recorded in.
pub fn served(minutes: i64, party_member: bool) -> Vec<(Metric, i64)> {
    let mut out = vec![(Metric::ServiceMinutes, minutes)];
    if party_member {
        out.push((Metric::PartyMemberServiceMinutes, minutes));
    }
    out
}

/// A project's money and people are counted while it is neither a draft (money only
/// planned) nor cancelled (money never spent).
pub const fn counts_money(state: ProjectState) -> bool {
    !matches!(state, ProjectState::Draft | ProjectState::Cancelled)
}

/// A project's figures beside its state, as read from its row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProjectBooks {
    /// Fixed once it leaves draft: only a draft is edited.
    pub gov_fen: i64,
    /// What its funds claims hold; fixed once it is cancelled.
    pub funded_fen: i64,
    /// Fixed once it leaves draft.
    pub beneficiaries: i64,
}

/// What a project standing in `state` with `books` adds to the counts of its unit and month
/// of creation: for counting the projects from their rows.
pub fn project_standing(state: ProjectState, books: ProjectBooks) -> Vec<(Metric, i64)> {
    let mut out = vec![(Metric::ProjectInState(state), 1)];
    if counts_money(state) {
        out.push((Metric::GovFen, books.gov_fen));
        out.push((Metric::SocialFen, books.funded_fen));
    }
    if state == ProjectState::Closed {
        out.push((Metric::Beneficiaries, books.beneficiaries));
    }
    out
}

/// How one step of a project changes the counts, `books` read when the step is counted
/// (possibly later than it was taken). The government money and the beneficiaries are
/// fixed by then, being counted only out of draft. The social money comes with its claims'
/// steps ([`claim_step`]), save on cancellation: the funds its claims still hold then
/// (fulfilled ones; the confirmed are released by steps of their own) stop counting, and
/// are fixed as nothing claims a cancelled project. A project takes claims only once
/// published, so it holds none when it starts counting.
pub fn project_step(from: Option<ProjectState>, to: Option<ProjectState>, books: ProjectBooks) -> Vec<(Metric, i64)> {
    let mut out = moved(from, to, Metric::ProjectInState);
    let counted = |s: Option<ProjectState>| s.is_some_and(counts_money);
    match (counted(from), counted(to)) {
        (false, true) => out.push((Metric::GovFen, books.gov_fen)),
        (true, false) => {
            out.push((Metric::GovFen, -books.gov_fen));
            out.push((Metric::SocialFen, -books.funded_fen));
        }
        _ => {}
    }
    let closed = |s: Option<ProjectState>| s == Some(ProjectState::Closed);
    match (closed(from), closed(to)) {
        (false, true) => out.push((Metric::Beneficiaries, books.beneficiaries)),
        (true, false) => out.push((Metric::Beneficiaries, -books.beneficiaries)),
        _ => {}
    }
    out
}

/// How one step of a claim changes the counts of its project's unit and month of
/// creation; `funds` is its quantity when it is a claim of money.
pub fn claim_step(from: Option<ClaimState>, to: Option<ClaimState>, funds: Option<i64>) -> Vec<(Metric, i64)> {
    let mut out = moved(from, to, Metric::ClaimInState);
    let holds = |s: Option<ClaimState>| s.is_some_and(ClaimState::holds_allocation);
    if let Some(fen) = funds {
        match (holds(from), holds(to)) {
            (false, true) => out.push((Metric::SocialFen, fen)),
            (true, false) => out.push((Metric::SocialFen, -fen)),
            _ => {}
        }
    }
    out
}

/// Counts of whole days: how many demands took each bucket's days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Histogram(BTreeMap<i64, i64>);

impl Histogram {
    pub fn add(&mut self, bucket: i64, count: i64) {
        *self.0.entry(bucket).or_default() += count;
    }

    pub fn count(&self) -> i64 {
        self.0.values().sum()
    }

    /// The median in days (the mean of the two middle ones for an even count), read to the
    /// bucket: exact up to [`EXACT_DAYS`].
    pub fn median(&self) -> Option<f64> {
        let n = self.count();
        if n <= 0 {
            return None;
        }
        let nth = |k: i64| {
            let mut seen = 0;
            for (&bucket, &count) in &self.0 {
                seen += count;
                if seen > k {
                    return bucket as f64;
                }
            }
            0.0
        };
        Some(if n % 2 == 1 { nth(n / 2) } else { (nth(n / 2 - 1) + nth(n / 2)) / 2.0 })
    }
}

/// The counts of some communities over some months, summed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemandCounts {
    pub filed: i64,
    pub by_state: BTreeMap<DemandState, i64>,
    pub decided: i64,
    pub decided_on_time: i64,
    pub verified: i64,
    pub resolved: i64,
    pub days: BTreeMap<Span, Histogram>,
}

impl DemandCounts {
    pub fn add(&mut self, metric: Metric, value: i64) {
        match metric {
            Metric::Filed => self.filed += value,
            Metric::InState(s) => *self.by_state.entry(s).or_default() += value,
            Metric::Decided => self.decided += value,
            Metric::DecidedOnTime => self.decided_on_time += value,
            Metric::Verified => self.verified += value,
            Metric::Resolved => self.resolved += value,
            Metric::Days(span, bucket) => self.days.entry(span).or_default().add(bucket, value),
            Metric::ServiceMinutes
            | Metric::PartyMemberServiceMinutes
            | Metric::ProjectInState(_)
            | Metric::ClaimInState(_)
            | Metric::GovFen
            | Metric::SocialFen
            | Metric::Beneficiaries => {}
        }
    }

    pub fn merge(&mut self, other: &DemandCounts) {
        self.filed += other.filed;
        for (s, n) in &other.by_state {
            *self.by_state.entry(*s).or_default() += n;
        }
        self.decided += other.decided;
        self.decided_on_time += other.decided_on_time;
        self.verified += other.verified;
        self.resolved += other.resolved;
        for (span, h) in &other.days {
            let mine = self.days.entry(*span).or_default();
            for (b, n) in &h.0 {
                mine.add(*b, *n);
            }
        }
    }

    /// 响应率: first decisions before the deadline then in force ÷ demands decided, or still
    /// waiting for a first decision past their deadline (`overdue`, counted from the demands).
    pub fn response_rate(&self, overdue: i64) -> Ratio {
        Ratio { numerator: self.decided_on_time, denominator: self.decided + overdue }
    }

    /// 已回应: demands given a first decision, on time or late ÷ the same denominator as the
    /// response rate (decided, or still waiting past their deadline).
    pub fn answered_rate(&self, overdue: i64) -> Ratio {
        Ratio { numerator: self.decided, denominator: self.decided + overdue }
    }

    /// 解决率: resolved ÷ verified.
    pub fn resolution_rate(&self) -> Ratio {
        Ratio { numerator: self.resolved, denominator: self.verified }
    }

    pub fn median_days(&self, span: Span) -> Option<f64> {
        self.days.get(&span).and_then(Histogram::median)
    }
}

/// Minutes volunteers served.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Service {
    pub minutes: i64,
    pub party_member_minutes: i64,
}

/// The projects created in some months, with their claims.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectCounts {
    pub by_state: BTreeMap<ProjectState, i64>,
    pub claims: BTreeMap<ClaimState, i64>,
    pub money: Money,
    pub beneficiaries: i64,
}

impl ProjectCounts {
    pub fn merge(&mut self, other: &ProjectCounts) {
        for (s, n) in &other.by_state {
            *self.by_state.entry(*s).or_default() += n;
        }
        for (s, n) in &other.claims {
            *self.claims.entry(*s).or_default() += n;
        }
        self.money.gov_fen += other.money.gov_fen;
        self.money.social_fen += other.money.social_fen;
        self.beneficiaries += other.beneficiaries;
    }
}

/// What is kept for one unit, community type and month: the demands filed in it, the
/// projects created in it and the volunteers' minutes recorded in it. The worker keeps one for each unit a record is under
/// (its community, street and district), so the figures of any unit over any months are a
/// few hundred of these summed, whatever the number of demands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub demands: DemandCounts,
    pub projects: ProjectCounts,
    pub service: Service,
    /// Parts of the stored form this version does not know (a newer version's, during a
    /// rolling upgrade), kept as they were: the cell is read, added to and written back, and
    /// an older process must not erase what a newer one counted.
    pub unknown: Vec<(String, String)>,
}

impl Counts {
    pub fn add(&mut self, metric: Metric, value: i64) {
        match metric {
            Metric::ServiceMinutes => self.service.minutes += value,
            Metric::PartyMemberServiceMinutes => self.service.party_member_minutes += value,
            Metric::ProjectInState(s) => *self.projects.by_state.entry(s).or_default() += value,
            Metric::ClaimInState(s) => *self.projects.claims.entry(s).or_default() += value,
            Metric::GovFen => self.projects.money.gov_fen += value,
            Metric::SocialFen => self.projects.money.social_fen += value,
            Metric::Beneficiaries => self.projects.beneficiaries += value,
            _ => self.demands.add(metric, value),
        }
    }

    pub fn merge(&mut self, other: &Counts) {
        self.demands.merge(&other.demands);
        self.projects.merge(&other.projects);
        self.service.minutes += other.service.minutes;
        self.service.party_member_minutes += other.service.party_member_minutes;
    }

    /// The stored form: `name=value` per count, `;` between them, a histogram as
    /// `days:span=bucket*count,…`. Counts of zero are left out.
    pub fn encode(&self) -> String {
        let d = &self.demands;
        let mut parts: Vec<String> = Vec::new();
        let mut scalar = |metric: Metric, value: i64| {
            if value != 0 {
                parts.push(format!("{}={value}", metric.key()));
            }
        };
        scalar(Metric::Filed, d.filed);
        scalar(Metric::Decided, d.decided);
        scalar(Metric::DecidedOnTime, d.decided_on_time);
        scalar(Metric::Verified, d.verified);
        scalar(Metric::Resolved, d.resolved);
        for (state, n) in &d.by_state {
            scalar(Metric::InState(*state), *n);
        }
        scalar(Metric::ServiceMinutes, self.service.minutes);
        scalar(Metric::PartyMemberServiceMinutes, self.service.party_member_minutes);
        let p = &self.projects;
        for (state, n) in &p.by_state {
            scalar(Metric::ProjectInState(*state), *n);
        }
        for (state, n) in &p.claims {
            scalar(Metric::ClaimInState(*state), *n);
        }
        scalar(Metric::GovFen, p.money.gov_fen);
        scalar(Metric::SocialFen, p.money.social_fen);
        scalar(Metric::Beneficiaries, p.beneficiaries);
        for (span, h) in &d.days {
            let buckets: Vec<String> = h.0.iter().filter(|(_, n)| **n != 0).map(|(b, n)| format!("{b}*{n}")).collect();
            if !buckets.is_empty() {
                parts.push(format!("days:{}={}", span.as_str(), buckets.join(",")));
            }
        }
        parts.extend(self.unknown.iter().map(|(name, value)| format!("{name}={value}")));
        parts.join(";")
    }

    /// Reads the stored form back; a part this version does not know (a newer version's)
    /// is kept aside for [`Counts::encode`], not counted and not an error.
    pub fn decode(raw: &str) -> Counts {
        let mut out = Counts::default();
        for part in raw.split(';') {
            let Some((name, value)) = part.split_once('=') else { continue };
            let mut keep = || out.unknown.push((name.to_owned(), value.to_owned()));
            if let Some(span) = name.strip_prefix("days:") {
                let Some(span) = Span::ALL.into_iter().find(|s| s.as_str() == span) else {
                    keep();
                    continue;
                };
                let h = out.demands.days.entry(span).or_default();
                for pair in value.split(',') {
                    if let Some((Ok(bucket), Ok(n))) = pair.split_once('*').map(|(b, n)| (b.parse(), n.parse())) {
                        h.add(bucket, n);
                    }
                }
            } else if let Some(metric) = Metric::from_key(name) {
                if let Ok(n) = value.parse::<i64>() {
                    out.add(metric, n);
                }
            } else {
                keep();
            }
        }
        out
    }
}

/// Ratings of 1 to 5 by score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratings(pub [i64; 5]);

impl Ratings {
    pub fn add(&mut self, score: i64, count: i64) {
        if let Some(slot) = usize::try_from(score - 1).ok().and_then(|i| self.0.get_mut(i)) {
            *slot += count;
        }
    }

    pub fn merge(&mut self, other: &Ratings) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }

    pub fn count(&self) -> i64 {
        self.0.iter().sum()
    }

    /// 满意率: ratings of 4–5 ÷ all ratings.
    pub fn satisfaction_rate(&self) -> Ratio {
        Ratio { numerator: self.0[3] + self.0[4], denominator: self.count() }
    }

    pub fn average(&self) -> Option<f64> {
        let n = self.count();
        let sum: i64 = self.0.iter().zip(1..).map(|(count, score)| count * score).sum();
        (n > 0).then(|| sum as f64 / n as f64)
    }
}

/// Money the government put in, and social money drawn in by it (confirmed `funds` claims):
/// the leverage is social ÷ government (the seed's ¥90M drawing ¥120M is 1.33).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Money {
    pub gov_fen: i64,
    pub social_fen: i64,
}

impl Money {
    pub fn leverage(self) -> Option<f64> {
        (self.gov_fen > 0).then(|| self.social_fen as f64 / self.gov_fen as f64)
    }
}

/// Demands are counted per community, so a compound's figures would leave its demands out.
pub fn check_unit_kind(kind: UnitKind) -> Result<(), Error> {
    if kind == UnitKind::Compound {
        return Err(Error::invalid(
            "unit_id",
            "stats_unit_kind",
            "figures are kept for a district, a street or a community, not a compound",
        ));
    }
    Ok(())
}

/// Who reads the figures of a unit signed in: the officials and auditors over it. Everyone
/// reads the public ones.
pub fn authorize_overview(actor: &Actor, unit: &UnitPath) -> Result<(), Error> {
    actor.require(Capability::ReadStatistics, unit)
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use DemandState as S;

    fn at(raw: &str) -> DateTime<Utc> {
        raw.parse().expect("instant")
    }

    fn step<'a>(event: &'a DemandEvent, from: Option<S>, to: Option<S>, filed: &str, when: &str) -> Step<'a> {
        Step { event, from, to, at: at(when), filed_at: at(filed), accepted_before: false }
    }

    #[test]
    fn months_are_beijing_months_and_spans_are_bounded() {
        assert_eq!(Month::of(at("2026-11-30T16:00:00Z")).to_string(), "2026-12");
        assert_eq!(Month::of(at("2026-11-30T15:59:59Z")).to_string(), "2026-11");
        assert_eq!(Month::parse("to", "2026-12").expect("month").start(), at("2026-11-30T16:00:00Z"));
        let now = at("2026-12-06T00:00:00Z");
        let year = Months::parse(None, None, now).expect("default");
        assert_eq!((year.from.to_string(), year.to.to_string()), ("2026-01".into(), "2026-12".into()));
        assert_eq!(year.each().count(), 12);
        for bad in ["2026-13", "2026-1", "26-01", "2026/01", "", "2026-00", "abcd-ef"] {
            assert_eq!(Month::parse("from", bad).map_err(|e| e.code()), Err("month_format"), "{bad}");
        }
        assert_eq!(Months::parse(Some("2026-12"), Some("2026-11"), now).map_err(|e| e.code()), Err("month_order"));
        assert_eq!(Months::parse(Some("2016-11"), Some("2026-11"), now).map_err(|e| e.code()), Err("months_span"));
        assert!(Months::parse(Some("2016-12"), Some("2026-11"), now).is_ok());
    }

    #[test]
    fn every_stored_name_reads_back_as_its_metric() {
        let mut all = vec![Metric::Filed, Metric::Decided, Metric::DecidedOnTime, Metric::Verified, Metric::Resolved];
        all.extend(S::ALL.iter().map(|s| Metric::InState(*s)));
        all.extend(Span::ALL.iter().flat_map(|s| [Metric::Days(*s, 0), Metric::Days(*s, 90)]));
        all.extend([Metric::ServiceMinutes, Metric::PartyMemberServiceMinutes]);
        all.extend(ProjectState::ALL.iter().map(|s| Metric::ProjectInState(*s)));
        all.extend(ClaimState::ALL.iter().map(|s| Metric::ClaimInState(*s)));
        all.extend([Metric::GovFen, Metric::SocialFen, Metric::Beneficiaries]);
        for m in all {
            assert_eq!(Metric::from_key(&m.key()), Some(m), "{}", m.key());
        }
        assert_eq!(Metric::from_key("state:lost"), None);
        assert_eq!(Metric::from_key("days:verify:x"), None);
        assert_eq!(Metric::from_key("project:lost"), None);
    }

    /// Sums steps' counts as the worker does, each with the books as they are when counted,
    /// and stores them (which leaves the counts gone back to zero out).
    fn summed(steps: &[Vec<(Metric, i64)>]) -> Counts {
        let mut c = Counts::default();
        for (m, n) in steps.iter().flatten() {
            c.add(*m, *n);
        }
        Counts::decode(&c.encode())
    }

    fn standing(project: (ProjectState, ProjectBooks), claims: &[ClaimState]) -> Counts {
        let mut steps = vec![project_standing(project.0, project.1)];
        steps.extend(claims.iter().map(|s| vec![(Metric::ClaimInState(*s), 1)]));
        summed(&steps)
    }

    #[test]
    fn a_projects_steps_add_up_to_what_its_row_and_claims_say() {
        use ClaimState as C;
        use ProjectState as P;
        let books = |funded_fen| ProjectBooks { gov_fen: 600_000, funded_fen, beneficiaries: 120 };
        // Funded by two claims of money and one of materials, worked and closed.
        let funds = Some(200_000);
        let closed = summed(&[
            project_step(None, Some(P::Draft), books(0)),
            project_step(Some(P::Draft), Some(P::Draft), books(0)),
            project_step(Some(P::Draft), Some(P::Published), books(400_000)),
            claim_step(None, Some(C::Pending), funds),
            claim_step(Some(C::Pending), Some(C::Confirmed), funds),
            claim_step(None, Some(C::Pending), funds),
            claim_step(Some(C::Pending), Some(C::Confirmed), funds),
            claim_step(None, Some(C::Pending), None),
            claim_step(Some(C::Pending), Some(C::Declined), None),
            project_step(Some(P::Published), Some(P::InProgress), books(400_000)),
            claim_step(Some(C::Confirmed), Some(C::Fulfilled), funds),
            project_step(Some(P::InProgress), Some(P::Completed), books(400_000)),
            project_step(Some(P::Completed), Some(P::Closed), books(400_000)),
        ]);
        assert_eq!(closed, standing((P::Closed, books(400_000)), &[C::Fulfilled, C::Confirmed, C::Declined]));
        assert_eq!(closed.projects.money, Money { gov_fen: 600_000, social_fen: 400_000 });
        assert_eq!(closed.projects.beneficiaries, 120);
        // Cancelled while working: the confirmed claim is released by its own step, the
        // fulfilled one's money (still funded when counted) stops counting with the project.
        let cancelled = summed(&[
            project_step(None, Some(P::Draft), books(200_000)),
            project_step(Some(P::Draft), Some(P::Published), books(200_000)),
            claim_step(None, Some(C::Pending), funds),
            claim_step(Some(C::Pending), Some(C::Confirmed), funds),
            claim_step(Some(C::Confirmed), Some(C::Fulfilled), funds),
            claim_step(None, Some(C::Pending), funds),
            claim_step(Some(C::Pending), Some(C::Confirmed), funds),
            project_step(Some(P::Published), Some(P::Cancelled), books(200_000)),
            claim_step(Some(C::Confirmed), Some(C::Released), funds),
            claim_step(None, Some(C::Pending), None),
        ]);
        assert_eq!(cancelled, standing((P::Cancelled, books(200_000)), &[C::Fulfilled, C::Released, C::Pending]));
        assert_eq!(cancelled.projects.money, Money::default());
        // A draft cancelled never counted money.
        let draft = summed(&[
            project_step(None, Some(P::Draft), books(0)),
            project_step(Some(P::Draft), Some(P::Cancelled), books(0)),
        ]);
        assert_eq!(draft, standing((P::Cancelled, books(0)), &[]));
        let raw = closed.encode();
        assert!(raw.contains("project:closed=1") && raw.contains("social_fen=400000"), "{raw}");
        assert_eq!(Counts::decode(&raw), closed);
    }

    #[test]
    fn counts_read_back_as_they_were_written() {
        let mut c = Counts::default();
        assert_eq!(c.encode(), "");
        assert_eq!(Counts::decode(""), c);
        let step_counts = [
            (Metric::Filed, 3),
            (Metric::InState(S::Submitted), 2),
            (Metric::InState(S::Resolved), 1),
            (Metric::InState(S::Published), 0),
            (Metric::Decided, 1),
            (Metric::DecidedOnTime, 1),
            (Metric::Verified, 1),
            (Metric::Resolved, 1),
            (Metric::Days(Span::Verify, 0), 1),
            (Metric::Days(Span::Resolve, 90), 1),
            (Metric::Days(Span::Resolve, 3), 2),
        ];
        for (m, n) in step_counts {
            c.add(m, n);
        }
        for (m, n) in served(90, true).into_iter().chain(served(30, false)) {
            c.add(m, n);
        }
        assert_eq!(c.service, Service { minutes: 120, party_member_minutes: 90 });
        let raw = c.encode();
        assert!(!raw.contains("published"), "a zero is left out: {raw}");
        let back = Counts::decode(&raw);
        assert_eq!(back.encode(), raw);
        assert_eq!(back.demands.median_days(Span::Resolve), Some(3.0));
        assert_eq!(back.demands.by_state.get(&S::Submitted), Some(&2));
        let mut twice = back.clone();
        twice.merge(&back);
        assert_eq!(twice.demands.filed, 6);
        assert_eq!(twice.service.minutes, 240);
        // What a newer version stores is not counted, not an error, and written back as it
        // was when this version adds to the cell.
        let mut newer = Counts::decode(&format!("{raw};reopened=4;days:escalate=1*2;filed"));
        assert_eq!((newer.demands.filed, newer.unknown.len()), (3, 2));
        newer.add(Metric::Filed, 1);
        assert_eq!(newer.encode(), format!("{};reopened=4;days:escalate=1*2", raw.replacen("filed=3", "filed=4", 1)));
    }

    #[test]
    fn days_are_exact_to_sixty_then_in_thirty_day_steps() {
        assert_eq!([0, 1, 60, 61, 89, 90, 91, 400].map(day_bucket), [0, 1, 60, 60, 60, 90, 90, 390]);
        assert_eq!(day_bucket(-3), 0);
        assert_eq!(whole_days(at("2026-01-01T00:00:00Z"), at("2026-01-01T23:59:59Z")), 0);
        assert_eq!(whole_days(at("2026-01-01T00:00:00Z"), at("2026-01-03T00:00:00Z")), 2);
    }

    #[test]
    fn the_first_decision_is_on_time_up_to_its_deadline_then_in_force() {
        let filed = "2026-03-01T00:00:00Z";
        let due = Some(at("2026-03-04T00:00:00Z"));
        let verify = DemandEvent::Verify { due_at: due };
        let on_time = tally(&step(&verify, Some(S::Submitted), Some(S::Published), filed, "2026-03-04T00:00:00Z"));
        assert!(on_time.contains(&(Metric::DecidedOnTime, 1)));
        assert!(on_time.contains(&(Metric::Decided, 1)));
        assert!(on_time.contains(&(Metric::Verified, 1)));
        assert!(on_time.contains(&(Metric::Days(Span::Verify, 3), 1)));
        assert!(on_time.contains(&(Metric::InState(S::Submitted), -1)));
        assert!(on_time.contains(&(Metric::InState(S::Published), 1)));

        let late = tally(&step(&verify, Some(S::Submitted), Some(S::Published), filed, "2026-03-04T00:00:01Z"));
        assert!(late.contains(&(Metric::Decided, 1)));
        assert!(!late.iter().any(|(m, _)| *m == Metric::DecidedOnTime));

        // A rejection of a published demand is its second decision, not its first.
        let reject = DemandEvent::Reject { reason: "x".into(), due_at: due };
        let second = tally(&step(&reject, Some(S::Published), Some(S::Rejected), filed, "2026-03-02T00:00:00Z"));
        assert!(!second.iter().any(|(m, _)| matches!(m, Metric::Decided | Metric::DecidedOnTime)));
        for event in [
            reject.clone(),
            DemandEvent::Refer { referred_to: "x".into(), reason: "y".into(), due_at: due },
            DemandEvent::Merge { merged_into_id: Uuid::nil(), due_at: due },
        ] {
            let first = tally(&step(&event, Some(S::Submitted), Some(S::Rejected), filed, "2026-03-02T00:00:00Z"));
            assert!(first.contains(&(Metric::DecidedOnTime, 1)), "{event:?}");
        }
    }

    #[test]
    fn only_the_first_acceptance_is_timed() {
        let accept = DemandEvent::Accept { project_id: None };
        let mut s =
            step(&accept, Some(S::Published), Some(S::Accepted), "2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z");
        assert!(tally(&s).contains(&(Metric::Days(Span::Accept, 10), 1)));
        s.accepted_before = true;
        assert!(!tally(&s).iter().any(|(m, _)| matches!(m, Metric::Days(..))));
        let create = DemandEvent::Create { source: crate::demand::DemandSource::App, via: None };
        assert_eq!(
            tally(&step(&create, None, Some(S::Submitted), "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z")),
            vec![(Metric::InState(S::Submitted), 1), (Metric::Filed, 1)]
        );
    }

    #[test]
    fn medians_rates_and_leverage() {
        let mut h = Histogram::default();
        assert_eq!(h.median(), None);
        h.add(1, 2);
        h.add(5, 1);
        assert_eq!(h.median(), Some(1.0));
        h.add(7, 1);
        assert_eq!(h.median(), Some(3.0));

        let mut r = Ratings::default();
        assert_eq!(r.satisfaction_rate().value(), None);
        for (score, n) in [(5, 3), (4, 1), (2, 1), (9, 4), (0, 4)] {
            r.add(score, n);
        }
        assert_eq!(r.satisfaction_rate(), Ratio { numerator: 4, denominator: 5 });
        assert_eq!(r.average(), Some(21.0 / 5.0));

        let counts = DemandCounts { decided: 8, decided_on_time: 6, verified: 4, resolved: 1, ..Default::default() };
        assert_eq!(counts.response_rate(2), Ratio { numerator: 6, denominator: 10 });
        assert_eq!(counts.answered_rate(2), Ratio { numerator: 8, denominator: 10 });
        assert_eq!(DemandCounts::default().answered_rate(0).value(), None);
        assert_eq!(counts.resolution_rate().value(), Some(0.25));
        assert_eq!(Money { gov_fen: 90, social_fen: 120 }.leverage(), Some(120.0 / 90.0));
        assert_eq!(Money { gov_fen: 0, social_fen: 120 }.leverage(), None);
    }
}

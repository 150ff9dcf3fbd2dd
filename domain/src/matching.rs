//! 精准对接: which resources suit a project, best first, each score explained (SPEC §4.4).
//!
//! The order is SPEC's: resources of the project's own street before district-wide ones;
//! kinds the project still lacks; how much of the need the remaining quantity covers; the
//! soonest expiry, since a resource about to lapse is worth using first. Of what a project
//! lacks, money it cannot start without comes first: a funding gap withholds its start,
//! a missing service or material does not. The score's parts are weighted so that it sorts
//! the same way (each part outweighs all later ones), and each part comes with a sentence a
//! street official reads; the whole with one line of words (推荐：同街道、补足资金缺口), since a
//! number like 542 tells an official nothing.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::claim::in_reach;
use crate::money::Fen;
use crate::project::ProjectFacts;
use crate::resource::{ResourceFacts, ResourceKind};

string_enum! {
    pub enum MatchFactor ("factor") {
        Place = "place",
        Need = "need",
        Amount = "amount",
        Expiry = "expiry",
    }
}

/// One part of a score, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub factor: MatchFactor,
    pub points: u32,
    /// In Chinese, for the street official: 同一街道的资源, 项目仍有资金缺口 ¥12,000, ….
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub resource_id: Uuid,
    pub score: u32,
    pub reasons: Vec<Reason>,
    /// The score in words, for the official: 推荐：同街道、补足资金缺口.
    pub summary: String,
}

/// A candidate resource and the word its quantity counts in.
#[derive(Debug, Clone, Copy)]
pub struct Offer<'a> {
    pub resource: ResourceFacts<'a>,
    pub measure: &'a str,
}

/// The project's resources so far: kinds other than funds it already holds through a
/// confirmed claim (its funding is in [`ProjectFacts::funding`]).
#[derive(Debug, Clone, Copy)]
pub struct Holdings<'a> {
    pub kinds: &'a [ResourceKind],
}

// Each part outweighs the most all later parts can add: place by 500 over need + amount +
// expiry (at most 200 + 50 + 9); need by 100 over amount + expiry.
const SAME_STREET: u32 = 1_000;
const DISTRICT_WIDE: u32 = 500;
/// Funds while the project's money falls short: what it cannot start without.
const FILLS_GAP: u32 = 200;
const LACKING: u32 = 100;
/// The amount part is in steps of 10 up to this, so the expiry part (under 10) only ever
/// breaks ties.
const AMOUNT_MAX: u32 = 50;

/// The available resources that reach `project`, best first. Resources that are withdrawn,
/// exhausted, expired or offered elsewhere are left out.
pub fn rank(
    project: &ProjectFacts<'_>,
    holdings: Holdings<'_>,
    offers: &[Offer<'_>],
    now: DateTime<Utc>,
) -> Vec<Match> {
    let mut matches: Vec<(Match, Option<DateTime<Utc>>)> = offers
        .iter()
        .filter(|o| o.resource.check_available(now).is_ok() && in_reach(&o.resource, project))
        .map(|o| {
            let reasons = vec![
                place(project, &o.resource),
                need(project, holdings, &o.resource),
                amount(project, o),
                expiry(&o.resource, now),
            ];
            let score = reasons.iter().map(|r| r.points).sum();
            let summary = summary(project, &o.resource, &reasons);
            (Match { resource_id: o.resource.id, score, reasons, summary }, o.resource.available_until)
        })
        .collect();
    matches.sort_by(|(a, a_until), (b, b_until)| {
        b.score
            .cmp(&a.score)
            .then_with(|| a_until.unwrap_or(DateTime::<Utc>::MAX_UTC).cmp(&b_until.unwrap_or(DateTime::<Utc>::MAX_UTC)))
            .then_with(|| a.resource_id.cmp(&b.resource_id))
    });
    matches.into_iter().map(|(m, _)| m).collect()
}

/// The reasons that speak for a resource, in a few words: 推荐 when it fills something the
/// project lacks, 可选 when the project has it already.
fn summary(project: &ProjectFacts<'_>, resource: &ResourceFacts<'_>, reasons: &[Reason]) -> String {
    let points = |factor| reasons.iter().find(|r| r.factor == factor).map_or(0, |r| r.points);
    let mut words = vec![if points(MatchFactor::Place) == SAME_STREET { "同街道" } else { "全区可用" }.to_owned()];
    let needed = points(MatchFactor::Need) > 0;
    if needed && resource.kind == ResourceKind::Funds {
        let covers = resource.remaining() >= project.funding.gap().get();
        words.push(if covers { "补齐资金缺口" } else { "补足资金缺口" }.to_owned());
    } else if needed {
        words.push(format!("补上所缺的{}", resource.kind.label_zh()));
    }
    if points(MatchFactor::Expiry) >= 9 {
        words.push("即将到期".to_owned());
    }
    format!("{}：{}", if needed { "推荐" } else { "可选" }, words.join("、"))
}

fn place(project: &ProjectFacts<'_>, resource: &ResourceFacts<'_>) -> Reason {
    let same_street = project.street_id().is_some_and(|street| resource.unit_path.contains(street));
    let (points, detail) = if same_street {
        (SAME_STREET, "本街道的资源，就近对接".to_owned())
    } else {
        (DISTRICT_WIDE, "全区可用的资源".to_owned())
    };
    Reason { factor: MatchFactor::Place, points, detail }
}

fn need(project: &ProjectFacts<'_>, holdings: Holdings<'_>, resource: &ResourceFacts<'_>) -> Reason {
    let kind = resource.kind.label_zh();
    let (points, detail) = if resource.kind == ResourceKind::Funds {
        let gap = project.funding.gap();
        if gap > Fen::ZERO {
            (FILLS_GAP, format!("项目仍有资金缺口 {gap}，补齐才能开工"))
        } else {
            (0, "项目资金已落实".to_owned())
        }
    } else if holdings.kinds.contains(&resource.kind) {
        (0, format!("项目已有{kind}类资源"))
    } else {
        (LACKING, format!("项目尚无{kind}类资源"))
    };
    Reason { factor: MatchFactor::Need, points, detail }
}

/// Points in steps of 10 for `part` of `whole`.
fn steps(part: i64, whole: i64) -> u32 {
    if whole <= 0 {
        return 0;
    }
    let fifths = (part.clamp(0, whole) * 5) / whole;
    u32::try_from(fifths).unwrap_or(0) * (AMOUNT_MAX / 5)
}

fn amount(project: &ProjectFacts<'_>, offer: &Offer<'_>) -> Reason {
    let r = &offer.resource;
    let remaining = r.remaining();
    let (points, detail) = if r.kind == ResourceKind::Funds {
        let gap = project.funding.gap().get();
        let left = Fen::from_stored(remaining);
        if gap == 0 {
            (0, format!("剩余 {left}"))
        } else if remaining >= gap {
            (AMOUNT_MAX, format!("剩余 {left}，足以补齐缺口"))
        } else {
            let percent = remaining * 100 / gap;
            (steps(remaining, gap), format!("剩余 {left}，可补缺口的 {percent}%"))
        }
    } else {
        let percent = if r.quantity > 0 { remaining * 100 / r.quantity } else { 0 };
        (steps(remaining, r.quantity), format!("尚余 {remaining} / {} {}（{percent}%）", r.quantity, offer.measure))
    };
    Reason { factor: MatchFactor::Amount, points, detail }
}

fn expiry(resource: &ResourceFacts<'_>, now: DateTime<Utc>) -> Reason {
    let (points, detail) = match resource.available_until {
        None => (0, "长期有效".to_owned()),
        Some(until) => {
            let days = (until - now).num_days();
            let date = until.format("%Y-%m-%d");
            if days < 7 {
                (9, format!("{date} 到期，宜尽快使用"))
            } else if days < 30 {
                (5, format!("{date} 到期"))
            } else {
                (2, format!("{date} 前有效"))
            }
        }
    };
    Reason { factor: MatchFactor::Expiry, points, detail }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org_unit::UnitPath;
    use crate::project::{Funding, ProjectState};
    use chrono::TimeDelta;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    struct Fixture {
        district: UnitPath,
        street: UnitPath,
        other_street: UnitPath,
        community: UnitPath,
    }

    fn fixture() -> Fixture {
        let district = UnitPath::new(vec![id(1)]).expect("path");
        let street = district.child(id(2));
        let other_street = district.child(id(3));
        let community = street.child(id(4));
        Fixture { district, street, other_street, community }
    }

    fn resource(n: u128, kind: ResourceKind, quantity: i64, at: &UnitPath) -> ResourceFacts<'_> {
        ResourceFacts {
            id: id(n),
            organization_id: id(99),
            kind,
            quantity,
            measure: if kind == ResourceKind::Funds { "fen" } else { "件" },
            allocated: 0,
            withdrawn: false,
            available_until: None,
            unit_path: at,
        }
    }

    fn project<'a>(at: &'a UnitPath, funding: Funding) -> ProjectFacts<'a> {
        ProjectFacts {
            id: id(50),
            state: ProjectState::Published,
            unit_path: at,
            funding,
            providers: &[],
            claimants: &[],
        }
    }

    #[test]
    fn the_street_comes_first_then_what_is_lacking_then_how_much() {
        let f = fixture();
        let funding = Funding {
            budget: Fen::parse("b", 5_000_000).expect("fen"),
            gov_funds: Fen::parse("g", 3_000_000).expect("fen"),
            confirmed_funds: Fen::ZERO,
        };
        let p = project(&f.community, funding);
        let now = Utc::now();
        let offers = [
            Offer { resource: resource(10, ResourceKind::Funds, 2_000_000, &f.district), measure: "fen" },
            Offer { resource: resource(11, ResourceKind::Funds, 500_000, &f.street), measure: "fen" },
            Offer { resource: resource(12, ResourceKind::Venue, 1, &f.street), measure: "处" },
            Offer { resource: resource(13, ResourceKind::Materials, 10, &f.street), measure: "套" },
            Offer { resource: resource(14, ResourceKind::Funds, 9_000_000, &f.other_street), measure: "fen" },
        ];
        let holdings = Holdings { kinds: &[ResourceKind::Venue] };
        let ranked = rank(&p, holdings, &offers, now);
        let order: Vec<Uuid> = ranked.iter().map(|m| m.resource_id).collect();
        // Street funds (the gap: covers a quarter) before street materials (lacking, all
        // left), before the street's venue (already held), before district-wide money;
        // another street's money does not reach the project at all.
        assert_eq!(order, vec![id(11), id(13), id(12), id(10)]);
        let money = &ranked[0];
        assert_eq!(money.reasons[1].detail, "项目仍有资金缺口 ¥20,000，补齐才能开工");
        assert_eq!(money.reasons[2].detail, "剩余 ¥5,000，可补缺口的 25%");
        assert_eq!(money.score, money.reasons.iter().map(|r| r.points).sum::<u32>());
        assert_eq!(ranked[3].reasons[0].detail, "全区可用的资源");
        let summaries: Vec<&str> = ranked.iter().map(|m| m.summary.as_str()).collect();
        assert_eq!(summaries, vec!["推荐：同街道、补足资金缺口", "推荐：同街道、补上所缺的物资", "可选：同街道", "推荐：全区可用、补齐资金缺口"]);
    }

    #[test]
    fn money_the_project_cannot_start_without_comes_before_a_service_it_lacks() {
        // The walk's finding: a service it lacked (all of it left) ranked above the money
        // that would let it start.
        let f = fixture();
        let funding = Funding {
            budget: Fen::parse("b", 1_000_000).expect("fen"),
            gov_funds: Fen::parse("g", 400_000).expect("fen"),
            confirmed_funds: Fen::ZERO,
        };
        let p = project(&f.community, funding);
        let offers = [
            Offer { resource: resource(30, ResourceKind::Service, 20, &f.street), measure: "次" },
            Offer { resource: resource(31, ResourceKind::Funds, 600_000, &f.street), measure: "fen" },
        ];
        let ranked = rank(&p, Holdings { kinds: &[] }, &offers, Utc::now());
        assert_eq!(ranked.iter().map(|m| m.resource_id).collect::<Vec<_>>(), vec![id(31), id(30)]);
        assert_eq!(ranked[0].summary, "推荐：同街道、补齐资金缺口");
    }

    #[test]
    fn unavailable_resources_are_left_out_and_expiry_breaks_ties() {
        let f = fixture();
        let p = project(&f.street, Funding::default());
        let now = Utc::now();
        let mut soon = resource(20, ResourceKind::Service, 5, &f.community);
        soon.available_until = Some(now + TimeDelta::days(3));
        let mut later = resource(21, ResourceKind::Service, 5, &f.community);
        later.available_until = Some(now + TimeDelta::days(3) + TimeDelta::hours(1));
        let mut gone = resource(22, ResourceKind::Service, 5, &f.community);
        gone.withdrawn = true;
        let mut lapsed = resource(23, ResourceKind::Service, 5, &f.community);
        lapsed.available_until = Some(now - TimeDelta::days(1));
        let offers = [later, gone, lapsed, soon].map(|resource| Offer { resource, measure: "次" });
        let ranked = rank(&p, Holdings { kinds: &[] }, &offers, now);
        assert_eq!(ranked.iter().map(|m| m.resource_id).collect::<Vec<_>>(), vec![id(20), id(21)]);
        assert!(ranked[0].reasons[3].detail.ends_with("到期，宜尽快使用"));
    }
}

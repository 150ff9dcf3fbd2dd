//! The order pipeline as a model: a project, its demands, two resources and their claims,
//! pushed around by random actions from every side through `domain`'s rules only. Whatever
//! the order, the books balance:
//! - a resource's `remaining` is never negative and its `allocated` is the sum of the
//!   claims holding it;
//! - the project's confirmed funds are the sum of its confirmed funds claims;
//! - a closed project's demands are all resolved; a cancelled project holds no confirmed
//!   or pending claim and its demands are back on the list.

use chrono::Utc;
use domain::access::{Actor, Grant, Role};
use domain::claim::{self, ClaimAction, ClaimFacts, ClaimSide, ClaimState};
use domain::demand::{self, DemandAction, DemandFacts, DemandState};
use domain::money::Fen;
use domain::org_unit::UnitPath;
use domain::project::{
    self, ActionFields, By, Effect, Funding, Inspector, ProjectAction, ProjectFacts, ProjectState, RequiredApprovals,
    Tally, Verdict, Votes,
};
use domain::resource::{ResourceFacts, ResourceKind};
use proptest::prelude::*;
use uuid::Uuid;

struct Resource {
    id: Uuid,
    kind: ResourceKind,
    quantity: i64,
    allocated: i64,
}

struct Claim {
    resource: usize,
    quantity: i64,
    side: ClaimSide,
    started_by: Uuid,
    state: ClaimState,
}

struct Model {
    street: UnitPath,
    community: UnitPath,
    provider_org: Uuid,
    committee: Actor,
    provider: Actor,
    supervisors: Vec<Actor>,
    state: ProjectState,
    budget: Fen,
    gov_funds: Fen,
    demands: Vec<DemandState>,
    resources: Vec<Resource>,
    claims: Vec<Claim>,
    round_votes: Vec<(usize, Verdict)>,
    providers: Vec<Uuid>,
    claimants: Vec<Uuid>,
}

#[derive(Debug, Clone)]
enum Step {
    Project(usize, bool),
    Inspect(usize, bool),
    NewClaim(bool, usize, i64),
    Answer(usize, usize, bool),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..ProjectAction::ALL.len(), any::<bool>()).prop_map(|(a, by)| Step::Project(a, by)),
        (0..3usize, any::<bool>()).prop_map(|(s, pass)| Step::Inspect(s, pass)),
        (any::<bool>(), 0..2usize, 1..700i64).prop_map(|(side, r, q)| Step::NewClaim(side, r, q)),
        (0..12usize, 0..ClaimAction::ALL.len(), any::<bool>()).prop_map(|(c, a, by)| Step::Answer(c, a, by)),
    ]
}

impl Model {
    fn new() -> Self {
        let district = UnitPath::new(vec![Uuid::now_v7()]).expect("path");
        let street = district.child(Uuid::now_v7());
        let community = street.child(Uuid::now_v7());
        let provider_org = Uuid::now_v7();
        let grant = |role, unit: &UnitPath, org| Actor {
            user_id: Uuid::now_v7(),
            grants: vec![Grant { role, unit_id: unit.unit_id(), organization_id: org }],
        };
        let committee = grant(Role::StreetCommittee, &street, None);
        let provider = grant(Role::CoBuilder, &street, Some(provider_org));
        let supervisors = (0..3).map(|_| grant(Role::Supervisor, &community, Some(Uuid::now_v7()))).collect();
        Model {
            street,
            community,
            provider_org,
            committee,
            provider,
            supervisors,
            state: ProjectState::Draft,
            budget: Fen::parse("budget_fen", 1_000).expect("fen"),
            gov_funds: Fen::parse("gov_funds_fen", 400).expect("fen"),
            demands: vec![DemandState::Accepted; 3],
            resources: vec![
                Resource { id: Uuid::now_v7(), kind: ResourceKind::Funds, quantity: 900, allocated: 0 },
                Resource { id: Uuid::now_v7(), kind: ResourceKind::Materials, quantity: 10, allocated: 0 },
            ],
            claims: Vec::new(),
            round_votes: Vec::new(),
            providers: Vec::new(),
            claimants: Vec::new(),
        }
    }

    fn confirmed_funds(&self) -> Fen {
        let sum = self
            .claims
            .iter()
            .filter(|c| c.state.holds_allocation() && self.resources[c.resource].kind == ResourceKind::Funds)
            .map(|c| c.quantity)
            .sum();
        Fen::from_stored(sum)
    }

    fn project(&self) -> ProjectFacts<'_> {
        ProjectFacts {
            id: Uuid::nil(),
            state: self.state,
            unit_path: &self.community,
            funding: Funding {
                budget: self.budget,
                gov_funds: self.gov_funds,
                confirmed_funds: self.confirmed_funds(),
            },
            providers: &self.providers,
            claimants: &self.claimants,
        }
    }

    fn resource(&self, i: usize) -> ResourceFacts<'_> {
        let r = &self.resources[i];
        ResourceFacts {
            id: r.id,
            organization_id: self.provider_org,
            kind: r.kind,
            quantity: r.quantity,
            measure: "件",
            allocated: r.allocated,
            withdrawn: false,
            available_until: None,
            unit_path: &self.street,
        }
    }

    fn refresh_providers(&mut self) {
        self.providers =
            if self.claims.iter().any(|c| c.state.holds_allocation()) { vec![self.provider_org] } else { Vec::new() };
        let live = self.claims.iter().any(|c| c.state.holds_allocation() || c.state == ClaimState::Pending);
        self.claimants = if live { vec![self.provider_org] } else { Vec::new() };
    }

    fn demand_facts<'a>(&'a self, state: DemandState, street: Uuid) -> DemandFacts<'a> {
        DemandFacts { id: Uuid::nil(), state, author_id: None, unit_path: &self.community, street_id: street }
    }

    /// The demands follow the project, through the demand lifecycle's own system steps.
    fn demands_follow(&mut self, action: DemandAction) {
        let street = self.street.unit_id();
        let next: Vec<DemandState> = self
            .demands
            .iter()
            .map(|d| {
                demand::decide(action, demand::By::System, &self.demand_facts(*d, street), &Default::default())
                    .map(|o| o.to)
                    .expect("the demands of a live project are accepted")
            })
            .collect();
        self.demands = next;
    }

    fn apply(&mut self, step: Step) {
        let now = Utc::now();
        match step {
            Step::Project(a, by_provider) => {
                let action = ProjectAction::ALL[a];
                let actor = if by_provider { &self.provider } else { &self.committee };
                let fields = ActionFields { note: Some("完工"), reason: Some("撤销"), maintainer: None };
                let Ok(outcome) = project::decide(action, By::User(actor), &self.project(), &fields) else { return };
                self.state = outcome.to;
                if let Effect::Cancel { .. } = outcome.effect {
                    self.demands_follow(DemandAction::Reopen);
                    for i in 0..self.claims.len() {
                        if let Some(to) = claim::after_project_cancelled(self.claims[i].state) {
                            if self.claims[i].state.holds_allocation() {
                                let (r, q) = (self.claims[i].resource, self.claims[i].quantity);
                                self.resources[r].allocated -= q;
                            }
                            self.claims[i].state = to;
                        }
                    }
                    self.refresh_providers();
                }
                if outcome.to == ProjectState::InProgress {
                    self.round_votes.clear();
                }
            }
            Step::Inspect(s, pass) => {
                let voted = self.round_votes.iter().any(|(who, _)| *who == s);
                let passes = self.round_votes.iter().filter(|(_, v)| *v == Verdict::Pass).count() as u32;
                let fails = self.round_votes.len() as u32 - passes;
                let paths = [self.community.clone()];
                let verdict = if pass { Verdict::Pass } else { Verdict::Fail };
                let Ok(outcome) = project::decide_inspection(
                    &self.supervisors[s],
                    &self.project(),
                    Inspector { grant_paths: &paths, running_paths: &[], voted },
                    verdict,
                    "看过",
                    Votes { passes, fails, eligible: self.supervisors.len() as u32 },
                    RequiredApprovals::DEFAULT,
                ) else {
                    return;
                };
                self.round_votes.push((s, verdict));
                match outcome.tally {
                    Tally::Open => {}
                    Tally::Close => {
                        self.state = ProjectState::Closed;
                        self.demands_follow(DemandAction::Resolve);
                    }
                    Tally::Rework => {
                        self.state = ProjectState::InProgress;
                        self.round_votes.clear();
                    }
                }
            }
            Step::NewClaim(by_provider, r, quantity) => {
                let (actor, side) = if by_provider {
                    (&self.provider, ClaimSide::Provider)
                } else {
                    (&self.committee, ClaimSide::Project)
                };
                let pending = self.claims.iter().any(|c| c.resource == r && c.state == ClaimState::Pending);
                let resource = self.resource(r);
                if let Ok(q) = claim::authorize_claim(actor, side, &resource, &self.project(), quantity, pending, now) {
                    let started_by = actor.user_id;
                    self.claims.push(Claim {
                        resource: r,
                        quantity: q.get(),
                        side,
                        started_by,
                        state: ClaimState::Pending,
                    });
                    self.refresh_providers();
                }
            }
            Step::Answer(c, a, by_provider) => {
                let Some(existing) = self.claims.get(c) else { return };
                let actor = if by_provider { &self.provider } else { &self.committee };
                let facts = ClaimFacts {
                    id: Uuid::nil(),
                    state: existing.state,
                    initiated_by: existing.side,
                    started_by: existing.started_by,
                    quantity: existing.quantity,
                    resource: self.resource(existing.resource),
                    project: self.project(),
                };
                let Ok(outcome) = claim::decide(ClaimAction::ALL[a], actor, &facts, now) else { return };
                let r = existing.resource;
                match outcome.effect {
                    claim::Effect::Allocate { quantity, .. } => {
                        // The database's conditional update: only if it still fits.
                        let res = &mut self.resources[r];
                        if res.quantity - res.allocated < quantity {
                            return;
                        }
                        res.allocated += quantity;
                    }
                    claim::Effect::Deallocate { quantity, .. } => self.resources[r].allocated -= quantity,
                    claim::Effect::None => {}
                }
                self.claims[c].state = outcome.to;
                self.refresh_providers();
            }
        }
    }

    fn check(&self) -> Result<(), TestCaseError> {
        for (i, r) in self.resources.iter().enumerate() {
            let held: i64 =
                self.claims.iter().filter(|c| c.resource == i && c.state.holds_allocation()).map(|c| c.quantity).sum();
            prop_assert_eq!(r.allocated, held, "allocated is the sum of the claims holding it");
            prop_assert!(self.resource(i).remaining() >= 0 && r.allocated <= r.quantity, "never over-allocated");
        }
        prop_assert!(self.confirmed_funds() <= Fen::from_stored(self.resources[0].quantity));
        prop_assert!(
            self.gov_funds.plus(self.confirmed_funds()) <= self.budget,
            "funding never passes the budget: {} + {} > {}",
            self.gov_funds,
            self.confirmed_funds(),
            self.budget
        );
        match self.state {
            ProjectState::Closed => {
                prop_assert!(self.demands.iter().all(|d| *d == DemandState::Resolved), "closed ⇒ demands resolved")
            }
            ProjectState::Cancelled => {
                prop_assert!(
                    self.claims.iter().all(|c| !matches!(c.state, ClaimState::Confirmed | ClaimState::Pending)),
                    "cancelled ⇒ no confirmed or pending claim"
                );
                prop_assert!(self.demands.iter().all(|d| *d == DemandState::Published), "cancelled ⇒ demands reopened");
            }
            _ => prop_assert!(self.demands.iter().all(|d| *d == DemandState::Accepted)),
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn the_books_balance_whatever_the_order(steps in prop::collection::vec(step(), 0..60)) {
        let mut m = Model::new();
        for s in steps {
            m.apply(s);
            m.check()?;
        }
    }
}

/// The model is not vacuous: a sensible order closes the project with its money confirmed.
#[test]
fn a_sensible_order_closes_the_project() {
    let mut m = Model::new();
    let steps = [
        Step::Project(0, false),      // publish
        Step::NewClaim(true, 0, 600), // the co-builder offers ¥6
        Step::Answer(0, 0, false),    // the committee confirms
        Step::Project(1, false),      // start
        Step::Project(2, true),       // the co-builder completes
        Step::Inspect(0, true),
        Step::Inspect(1, true),
    ];
    for s in steps {
        m.apply(s);
        m.check().expect("balanced");
    }
    assert_eq!(m.state, ProjectState::Closed);
    assert_eq!(m.resources[0].allocated, 600);
    assert!(m.demands.iter().all(|d| *d == DemandState::Resolved));
}

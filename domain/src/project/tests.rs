//! SPEC §4.2 checked against the code's table: every transition × every role × every state.

use uuid::Uuid;

use super::*;
use crate::access::{Actor, Grant, Role};
use crate::demand::{DemandFacts, DemandState};
use crate::money::Fen;
use crate::org_unit::{UnitKind, UnitPath};
use crate::organization::OrganizationKind;
use crate::Error;

struct World {
    district: UnitPath,
    street: UnitPath,
    community: UnitPath,
    compound: UnitPath,
    other_street: UnitPath,
    provider_org: Uuid,
}

fn world() -> World {
    let district = UnitPath::new(vec![Uuid::now_v7()]).expect("path");
    let street = district.child(Uuid::now_v7());
    let community = street.child(Uuid::now_v7());
    let compound = community.child(Uuid::now_v7());
    let other_street = district.child(Uuid::now_v7());
    World { district, street, community, compound, other_street, provider_org: Uuid::now_v7() }
}

fn grant(role: Role, at: &UnitPath, org: Option<Uuid>) -> Actor {
    Actor { user_id: Uuid::now_v7(), grants: vec![Grant { role, unit_id: at.unit_id(), organization_id: org }] }
}

fn funded() -> Funding {
    Funding { budget: fen(1_000_000), gov_funds: fen(600_000), confirmed_funds: fen(400_000) }
}

fn fen(n: i64) -> Fen {
    Fen::parse("amount", n).expect("fen")
}

fn facts<'a>(w: &'a World, state: ProjectState, providers: &'a [Uuid]) -> ProjectFacts<'a> {
    ProjectFacts {
        id: Uuid::now_v7(),
        state,
        unit_path: &w.community,
        funding: funded(),
        providers,
        claimants: providers,
    }
}

fn outcome(r: Result<(), Error>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(Error::Forbidden { .. }) => "403",
        Err(Error::Conflict { .. }) => "409",
        Err(Error::Invalid { .. }) => "422",
    }
}

/// SPEC §4.2's "who" column, written out by hand rather than read from the code's table.
fn spec_may(action: ProjectAction, who: &str) -> bool {
    match action {
        ProjectAction::Publish | ProjectAction::Start | ProjectAction::HandOver | ProjectAction::Cancel => {
            matches!(who, "street_committee" | "district_admin")
        }
        ProjectAction::Complete => matches!(who, "street_committee" | "district_admin" | "provider"),
        ProjectAction::Close | ProjectAction::Rework => false,
    }
}

/// SPEC §4.2's "from" column.
fn spec_from(action: ProjectAction) -> &'static [ProjectState] {
    use ProjectState::*;
    match action {
        ProjectAction::Publish => &[Draft],
        ProjectAction::Start => &[Published],
        ProjectAction::Complete => &[InProgress],
        ProjectAction::Close | ProjectAction::Rework => &[Completed],
        ProjectAction::HandOver => &[Closed],
        ProjectAction::Cancel => &[Draft, Published, InProgress],
    }
}

#[test]
fn every_transition_by_every_role_in_every_state() {
    let w = world();
    let providers = [w.provider_org];
    let actors: Vec<(&str, Actor)> = vec![
        ("street_committee", grant(Role::StreetCommittee, &w.street, None)),
        ("district_admin", grant(Role::DistrictAdmin, &w.district, None)),
        ("provider", grant(Role::CoBuilder, &w.street, Some(w.provider_org))),
        ("other co_builder", grant(Role::CoBuilder, &w.street, Some(Uuid::now_v7()))),
        ("other street_committee", grant(Role::StreetCommittee, &w.other_street, None)),
        ("community_worker", grant(Role::CommunityWorker, &w.community, None)),
        ("resident", grant(Role::Resident, &w.community, None)),
        ("supervisor", grant(Role::Supervisor, &w.compound, Some(Uuid::now_v7()))),
        ("auditor", grant(Role::Auditor, &w.district, None)),
        ("property_manager", grant(Role::PropertyManager, &w.community, Some(Uuid::now_v7()))),
    ];
    let mut checked = 0;
    for action in ProjectAction::ALL {
        for state in ProjectState::ALL {
            for (who, actor) in &actors {
                let got = outcome(authorize(*action, By::User(actor), &facts(&w, *state, &providers)));
                let want = if !spec_may(*action, who) {
                    "403"
                } else if !spec_from(*action).contains(state) {
                    "409"
                } else {
                    "ok"
                };
                assert_eq!(got, want, "{who} {action} when {state}");
                checked += 1;
            }
            let by_system = outcome(authorize(*action, By::System, &facts(&w, *state, &providers)));
            let system_may = matches!(action, ProjectAction::Close | ProjectAction::Rework);
            let want = if !system_may {
                "403"
            } else if spec_from(*action).contains(state) {
                "ok"
            } else {
                "409"
            };
            assert_eq!(by_system, want, "system {action} when {state}");
        }
    }
    assert_eq!(checked, ProjectAction::ALL.len() * ProjectState::ALL.len() * actors.len());
}

#[test]
fn a_project_starts_only_when_its_money_is_there_and_the_refusal_names_the_gap() {
    let w = world();
    let committee = grant(Role::StreetCommittee, &w.street, None);
    let mut f = facts(&w, ProjectState::Published, &[]);
    f.funding = Funding { budget: fen(5_000_000), gov_funds: fen(3_000_000), confirmed_funds: fen(800_000) };
    match authorize(ProjectAction::Start, By::User(&committee), &f) {
        Err(Error::Conflict { code: "funding_gap", message }) => {
            assert!(message.contains("¥12,000"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!allowed_actions(By::User(&committee), &f).contains(&ProjectAction::Start));
    f.funding.confirmed_funds = fen(2_000_000);
    assert_eq!(authorize(ProjectAction::Start, By::User(&committee), &f), Ok(()));
    assert!(allowed_actions(By::User(&committee), &f).contains(&ProjectAction::Start));
}

#[test]
fn actions_carry_their_fields() {
    let w = world();
    let committee = grant(Role::StreetCommittee, &w.street, None);
    let code = |r: Result<Outcome, Error>| match r {
        Err(Error::Invalid { code, .. }) => code,
        other => panic!("{other:?}"),
    };
    let in_progress = facts(&w, ProjectState::InProgress, &[]);
    let none = ActionFields::default();
    assert_eq!(code(decide(ProjectAction::Complete, By::User(&committee), &in_progress, &none)), "note_required");
    assert_eq!(code(decide(ProjectAction::Cancel, By::User(&committee), &in_progress, &none)), "reason_required");
    let closed = facts(&w, ProjectState::Closed, &[]);
    assert_eq!(code(decide(ProjectAction::HandOver, By::User(&committee), &closed, &none)), "maintainer_required");
    let social = Maintainer { id: Uuid::now_v7(), kind: OrganizationKind::SocialOrg, unit_path: &w.community };
    let with = |m| ActionFields { maintainer: Some(m), ..Default::default() };
    assert_eq!(code(decide(ProjectAction::HandOver, By::User(&committee), &closed, &with(social))), "maintainer_kind");
    let elsewhere =
        Maintainer { id: Uuid::now_v7(), kind: OrganizationKind::PropertyService, unit_path: &w.other_street };
    assert_eq!(
        code(decide(ProjectAction::HandOver, By::User(&committee), &closed, &with(elsewhere))),
        "maintainer_street"
    );
    let property = Maintainer { id: Uuid::now_v7(), kind: OrganizationKind::PropertyService, unit_path: &w.compound };
    let handed = decide(ProjectAction::HandOver, By::User(&committee), &closed, &with(property)).expect("hand over");
    assert_eq!(handed.effect, Effect::HandOver { maintainer_org_id: property.id });
    assert_eq!(handed.to, ProjectState::Closed);
}

#[test]
fn passes_close_and_fails_send_back() {
    let two = RequiredApprovals::DEFAULT;
    let three = RequiredApprovals::parse(3).expect("3");
    // (passes, fails, eligible, required) → tally
    let cases = [
        (1, 0, 5, two, Tally::Open),
        (2, 0, 5, two, Tally::Close),
        (2, 1, 5, two, Tally::Close),
        (1, 1, 5, two, Tally::Open),
        (0, 2, 5, two, Tally::Rework),
        (1, 2, 5, two, Tally::Rework),
        (2, 2, 5, two, Tally::Rework),
        (3, 2, 5, three, Tally::Close),
        (3, 3, 9, three, Tally::Rework),
        (2, 2, 5, three, Tally::Open),
        // Everyone eligible voted and neither side won (金祥花园门禁系统更新): rework.
        (1, 1, 2, two, Tally::Rework),
        (2, 2, 4, three, Tally::Rework),
        (1, 0, 1, RequiredApprovals::parse(1).expect("1"), Tally::Close),
        (0, 1, 1, RequiredApprovals::parse(1).expect("1"), Tally::Rework),
    ];
    for (passes, fails, eligible, required, want) in cases {
        let votes = Votes { passes, fails, eligible };
        assert_eq!(tally(votes, required), want, "{votes:?} of {}", required.get());
    }
}

#[test]
fn supervisors_of_the_projects_unit_or_below_vote_once_per_round() {
    let w = world();
    let f = facts(&w, ProjectState::Completed, &[]);
    let inside = grant(Role::Supervisor, &w.compound, Some(Uuid::now_v7()));
    let at_unit = grant(Role::Supervisor, &w.community, Some(Uuid::now_v7()));
    let above = grant(Role::Supervisor, &w.street, Some(Uuid::now_v7()));
    let worker = grant(Role::CommunityWorker, &w.community, None);
    let vote = |actor: &Actor, path: &UnitPath, voted: bool, verdict: Verdict, comment: &str| {
        let paths = [path.clone()];
        decide_inspection(
            actor,
            &f,
            Inspector { grant_paths: &paths, running_paths: &[], voted },
            verdict,
            comment,
            Votes { passes: 1, fails: 0, eligible: 4 },
            RequiredApprovals::DEFAULT,
        )
    };
    let passed = vote(&inside, &w.compound, false, Verdict::Pass, "").expect("a compound's supervisor votes");
    assert_eq!(
        (passed.tally, passed.to, passed.settles),
        (Tally::Close, ProjectState::Closed, Some(ProjectAction::Close))
    );
    assert!(vote(&at_unit, &w.community, false, Verdict::Pass, "").is_ok());
    assert!(matches!(
        vote(&above, &w.street, false, Verdict::Pass, ""),
        Err(Error::Forbidden { code: "out_of_scope", .. })
    ));
    assert!(matches!(
        vote(&worker, &w.community, false, Verdict::Pass, ""),
        Err(Error::Forbidden { code: "forbidden_inspections", .. })
    ));
    assert!(matches!(
        vote(&inside, &w.compound, true, Verdict::Pass, ""),
        Err(Error::Conflict { code: "already_inspected", .. })
    ));
    assert!(matches!(
        vote(&inside, &w.compound, false, Verdict::Fail, " "),
        Err(Error::Invalid { code: "comment_required", .. })
    ));
    let failed = vote(&inside, &w.compound, false, Verdict::Fail, "扶手松动").expect("fail");
    assert_eq!(failed.tally, Tally::Open);
    let in_progress = facts(&w, ProjectState::InProgress, &[]);
    let paths = [w.compound.clone()];
    assert!(matches!(
        authorize_inspection(
            &inside,
            &in_progress,
            Inspector { grant_paths: &paths, running_paths: &[], voted: false }
        ),
        Err(Error::Conflict { code: "wrong_state", .. })
    ));
}

#[test]
fn the_residents_who_asked_rate_a_closed_project_once() {
    let w = world();
    let closed = facts(&w, ProjectState::Closed, &[]);
    let resident = grant(Role::Resident, &w.community, None);
    let reader = |supporter, rated| Reader { supporter, rated, ..Reader::default() };
    assert_eq!(authorize_rating(&resident, &closed, reader(true, false)), Ok(()));
    assert!(matches!(
        authorize_rating(&resident, &closed, reader(false, false)),
        Err(Error::Forbidden { code: "not_a_supporter", .. })
    ));
    assert!(matches!(
        authorize_rating(&resident, &closed, reader(true, true)),
        Err(Error::Conflict { code: "already_rated", .. })
    ));
    let completed = facts(&w, ProjectState::Completed, &[]);
    assert!(matches!(
        authorize_rating(&resident, &completed, reader(true, false)),
        Err(Error::Conflict { code: "wrong_state", .. })
    ));
    // A worker of the project's community who also filed one of its demands ran it.
    let running = [w.community.clone()];
    let worker = Reader { supporter: true, running_paths: &running, ..Reader::default() };
    assert!(matches!(
        authorize_rating(&resident, &closed, worker),
        Err(Error::Forbidden { code: "rate_own_project", .. })
    ));
    assert!(Score::parse(0).is_err() && Score::parse(6).is_err());
    assert!(Score::parse(4).is_ok_and(Score::is_satisfied));
}

#[test]
fn a_project_answers_published_demands_of_its_own_street() {
    let w = world();
    let committee = grant(Role::StreetCommittee, &w.street, None);
    let street = w.street.unit_id();
    let demand = |state, street_id| DemandFacts {
        id: Uuid::now_v7(),
        state,
        author_id: None,
        unit_path: &w.community,
        street_id,
    };
    let project = Uuid::now_v7();
    let ok = authorize_create(
        &committee,
        project,
        UnitKind::Community,
        &w.community,
        &[demand(DemandState::Published, street), demand(DemandState::Published, street)],
    )
    .expect("two published demands");
    assert!(ok.iter().all(|o| o.to == DemandState::Accepted));
    let code = |r: Result<Vec<crate::demand::Outcome>, Error>| match r {
        Err(Error::Invalid { code, .. }) => code,
        Err(Error::Forbidden { code, .. }) => code,
        other => panic!("{other:?}"),
    };
    let create = |actor: &Actor, kind, at: &UnitPath, demands: &[DemandFacts<'_>]| {
        code(authorize_create(actor, project, kind, at, demands))
    };
    assert_eq!(create(&committee, UnitKind::Community, &w.community, &[]), "demands_required");
    assert_eq!(
        create(&committee, UnitKind::Community, &w.community, &[demand(DemandState::Submitted, street)]),
        "demand_not_published"
    );
    assert_eq!(
        create(
            &committee,
            UnitKind::Community,
            &w.community,
            &[demand(DemandState::Published, w.other_street.unit_id())]
        ),
        "demand_street"
    );
    assert_eq!(create(&committee, UnitKind::District, &w.district, &[]), "project_unit_kind");
    let elsewhere = grant(Role::StreetCommittee, &w.other_street, None);
    assert_eq!(
        create(&elsewhere, UnitKind::Community, &w.community, &[demand(DemandState::Published, street)]),
        "out_of_scope"
    );
    let worker = grant(Role::CommunityWorker, &w.community, None);
    assert_eq!(
        create(&worker, UnitKind::Community, &w.community, &[demand(DemandState::Published, street)]),
        "forbidden_projects"
    );
}

#[test]
fn drafts_are_the_committees_own_and_the_rest_is_public() {
    let w = world();
    let draft = facts(&w, ProjectState::Draft, &[]);
    let published = facts(&w, ProjectState::Published, &[]);
    let resident = grant(Role::Resident, &w.community, None);
    let worker = grant(Role::CommunityWorker, &w.community, None);
    let other_worker = grant(Role::CommunityWorker, &w.other_street, None);
    assert!(sees(None, &published) && sees(Some(&resident), &published));
    assert!(!sees(None, &draft) && !sees(Some(&resident), &draft) && !sees(Some(&other_worker), &draft));
    assert!(sees(Some(&worker), &draft));
}

#[test]
fn a_step_refused_only_for_money_is_withheld_with_its_reason_and_nothing_else_is() {
    let w = world();
    let street = grant(Role::StreetCommittee, &w.street, None);
    let short = Funding { budget: fen(1_000_000), gov_funds: fen(400_000), confirmed_funds: fen(0) };
    let published = ProjectFacts { funding: short, ..facts(&w, ProjectState::Published, &[]) };
    let withheld = withheld_actions(&street, &published);
    assert_eq!(withheld.len(), 1, "{withheld:?}");
    assert_eq!(withheld[0].0, ProjectAction::Start);
    assert_eq!(withheld[0].1.code(), "funding_gap");
    assert!(withheld[0].1.to_string().contains("¥6,000"), "{}", withheld[0].1);
    // Funded, nothing is withheld; nor is anything from one who could not take the step anyway.
    assert!(withheld_actions(&street, &facts(&w, ProjectState::Published, &[])).is_empty());
    for other in [
        grant(Role::StreetCommittee, &w.other_street, None),
        grant(Role::CoBuilder, &w.street, Some(w.provider_org)),
        grant(Role::Resident, &w.community, None),
    ] {
        assert!(withheld_actions(&other, &published).is_empty(), "{other:?}");
    }
    // Steps of other states are not "withheld": a draft's start is simply not yet.
    let draft = ProjectFacts { funding: short, ..facts(&w, ProjectState::Draft, &[]) };
    assert!(withheld_actions(&street, &draft).is_empty());
}

#[test]
fn its_street_committee_is_offered_to_request_resources_while_the_project_takes_claims() {
    let w = world();
    let street = grant(Role::StreetCommittee, &w.street, None);
    let builder = grant(Role::CoBuilder, &w.street, Some(w.provider_org));
    let outsider = grant(Role::StreetCommittee, &w.other_street, None);
    for state in ProjectState::ALL {
        let offered = |who: &Actor| {
            reader_actions(who, &facts(&w, *state, &[]), Reader::default())
                .contains(&ProjectAllowedAction::RequestResource)
        };
        let open = matches!(state, ProjectState::Published | ProjectState::InProgress);
        assert_eq!(offered(&street), open, "street, {state}");
        assert!(!offered(&builder), "builder, {state}");
        assert!(!offered(&outsider), "other street, {state}");
    }
}

#[test]
fn the_timeline_names_the_role_each_part_was_taken_in() {
    let w = world();
    let both = Actor {
        user_id: Uuid::now_v7(),
        grants: vec![
            Grant { role: Role::Resident, unit_id: w.compound.unit_id(), organization_id: None },
            Grant { role: Role::Supervisor, unit_id: w.compound.unit_id(), organization_id: Some(Uuid::now_v7()) },
        ],
    };
    let project = facts(&w, ProjectState::Completed, &[]);
    assert_eq!(acting_role(&both, &project, Part::Vote), Some(Role::Supervisor));
    assert_eq!(acting_role(&both, &project, Part::Rating), Some(Role::Resident));
    let street = grant(Role::StreetCommittee, &w.street, None);
    assert_eq!(acting_role(&street, &project, Part::Work), Some(Role::StreetCommittee));
    let builder = grant(Role::CoBuilder, &w.district, Some(w.provider_org));
    assert_eq!(acting_role(&builder, &project, Part::Work), Some(Role::CoBuilder));
    assert_eq!(acting_role(&both, &project, Part::of_event("inspect")), Some(Role::Supervisor));
    assert_eq!(acting_role(&both, &project, Part::of_event("rate")), Some(Role::Resident));
    assert_eq!(Part::of_event("publish"), Part::Work);
    let gone = Actor { user_id: Uuid::now_v7(), grants: vec![] };
    assert_eq!(acting_role(&gone, &project, Part::Work), None);
}

#[test]
fn only_its_street_committee_edits_a_project_and_only_as_a_draft() {
    let w = world();
    let street = grant(Role::StreetCommittee, &w.street, None);
    for state in ProjectState::ALL {
        let f = facts(&w, *state, &[]);
        let expected = if *state == ProjectState::Draft { "ok" } else { "409" };
        assert_eq!(outcome(authorize_edit(&street, &f)), expected, "{state}");
        let offered = reader_actions(&street, &f, Reader::default()).contains(&ProjectAllowedAction::Edit);
        assert_eq!(offered, *state == ProjectState::Draft, "{state}");
    }
    let draft = facts(&w, ProjectState::Draft, &[]);
    for other in [
        grant(Role::StreetCommittee, &w.other_street, None),
        grant(Role::CommunityWorker, &w.community, None),
        grant(Role::CoBuilder, &w.street, Some(w.provider_org)),
        grant(Role::Auditor, &w.district, None),
    ] {
        assert_eq!(outcome(authorize_edit(&other, &draft)), "403", "{other:?}");
    }
    assert_eq!(outcome(authorize_edit(&grant(Role::DistrictAdmin, &w.district, None), &draft)), "ok");
}

#[test]
fn the_names_behind_the_votes_are_for_the_auditors_over_the_project() {
    let w = world();
    let readers = [
        (grant(Role::Auditor, &w.district, None), true),
        (grant(Role::Auditor, &w.street, None), true),
        (grant(Role::DistrictAdmin, &w.district, None), true),
        (grant(Role::Auditor, &w.other_street, None), false),
        (grant(Role::StreetCommittee, &w.street, None), false),
        (grant(Role::CommunityWorker, &w.community, None), false),
        (grant(Role::Supervisor, &w.compound, Some(Uuid::now_v7())), false),
        (grant(Role::Resident, &w.community, None), false),
    ];
    for (reader, named) in readers {
        assert_eq!(super::may_read_voters(&reader, &w.community), named, "{:?}", reader.grants[0].role);
    }
}

#[test]
fn progress_and_money_are_shown_as_the_state_means_them() {
    use ProjectState::*;
    // (state, posted, shown progress, money): the walk found a closed project at 50%, a
    // 待验收 one at 0% and a cancelled one with its money "secured".
    let table = [
        (Draft, 0, None, MoneyStanding::Raising),
        (Published, 30, None, MoneyStanding::Raising),
        (InProgress, 40, Some(40), MoneyStanding::Secured),
        (InProgress, 140, Some(100), MoneyStanding::Secured),
        (Completed, 0, Some(100), MoneyStanding::Secured),
        (Closed, 50, Some(100), MoneyStanding::Secured),
        (Cancelled, 60, None, MoneyStanding::Released),
    ];
    for (state, posted, progress, money) in table {
        assert_eq!(state.shown_progress(posted), progress, "{state}");
        assert_eq!(state.money_standing(), money, "{state}");
    }
}

//! Filing a demand (who may, where, with which source) and co-signing one (附议), including
//! what becomes of the co-signs when a duplicate is merged.

use std::collections::BTreeSet;

use uuid::Uuid;

use super::{DemandFacts, DemandSource, DemandState};
use crate::access::{Actor, Capability, Role};
use crate::org_unit::{UnitKind, UnitPath};
use crate::Error;

/// A demand is about a place residents live: a community or one of its compounds. Open311
/// filings, which have no actor, check only this.
pub fn check_demand_unit(unit_kind: UnitKind) -> Result<(), Error> {
    match unit_kind {
        UnitKind::Community | UnitKind::Compound => Ok(()),
        _ => Err(Error::invalid(
            "unit_id",
            "demand_unit_kind",
            format!("a demand belongs to a community or a compound, not a {unit_kind}"),
        )),
    }
}

/// In which capacity an actor may file at a unit: as one of its residents, as staff over it,
/// or both.
struct Capacity {
    as_resident: bool,
    as_staff: bool,
}

fn filing_capacity(actor: &Actor, unit_kind: UnitKind, unit_path: &UnitPath) -> Result<Capacity, Error> {
    check_demand_unit(unit_kind)?;
    let as_resident = actor.grants.iter().any(|g| g.role == Role::Resident && unit_path.contains(g.unit_id));
    let as_staff = actor.may(Capability::HandleDemands, unit_path);
    if !as_resident && !as_staff {
        return Err(if actor.has_role(Role::Resident) || actor.may_somewhere(Capability::HandleDemands) {
            Error::forbidden(
                "out_of_scope",
                "you may file demands only in your own community, or for units in your scope",
            )
        } else {
            Error::forbidden("forbidden_demands", "only residents and community staff may file demands")
        });
    }
    Ok(Capacity { as_resident, as_staff })
}

/// May `actor` look for demands like the one it is writing at this unit, before filing it?
/// Whoever may file there, in any capacity: the lookup shows what filing would.
pub fn authorize_similar_lookup(actor: &Actor, unit_kind: UnitKind, unit_path: &UnitPath) -> Result<(), Error> {
    filing_capacity(actor, unit_kind, unit_path).map(|_| ())
}

/// May `actor` file a demand at this unit with this source?
///
/// A resident files its own demands (`app`) in its own community; staff holding
/// `HandleDemands` over the unit record what a resident told them (`visit`, `phone`). Who
/// may file here at all is the 403; a source that does not match the capacity the actor files
/// in is a 422 on `source`, since the same actor could file with the right one.
pub fn authorize_create(
    actor: &Actor,
    unit_kind: UnitKind,
    unit_path: &UnitPath,
    source: DemandSource,
) -> Result<(), Error> {
    let Capacity { as_resident, as_staff } = filing_capacity(actor, unit_kind, unit_path)?;
    match source {
        DemandSource::App if as_resident => Ok(()),
        DemandSource::Visit | DemandSource::Phone if as_staff => Ok(()),
        DemandSource::Open311 => Err(Error::invalid(
            "source",
            "source_open311",
            "open311 demands are filed through /open311/v2 with an api_key",
        )),
        DemandSource::App => Err(Error::invalid(
            "source",
            "source_app_residents",
            "app is for residents filing their own demands; record a resident's demand with source visit or phone",
        )),
        DemandSource::Visit | DemandSource::Phone => Err(Error::invalid(
            "source",
            "source_staff_only",
            "visit and phone are for community staff recording a resident's demand; file your own with source app",
        )),
    }
}

/// May `actor` co-sign (附议) this demand?
///
/// A co-signer must live in the demand's street: a resident grant whose community lies in it.
/// Grants carry only their unit, so the caller passes `grant_paths`, the unit paths of the
/// actor's grants; paths of units where the actor is not a resident are ignored.
///
/// 403 when this actor could never co-sign it (not a resident of the street, or its own
/// author, whose support the demand already counts); 409 when the demand is not published or
/// the actor has already co-signed (`already_cosigned`).
pub fn authorize_cosign(
    actor: &Actor,
    facts: &DemandFacts<'_>,
    grant_paths: &[UnitPath],
    already_cosigned: bool,
) -> Result<(), Error> {
    let lives_in_street = grant_paths.iter().any(|path| {
        path.contains(facts.street_id)
            && actor.grants.iter().any(|g| g.role == Role::Resident && g.unit_id == path.unit_id())
    });
    if !lives_in_street {
        return Err(Error::forbidden("not_street_resident", "only residents of the demand's street may co-sign it"));
    }
    if facts.author_id == Some(actor.user_id) {
        return Err(Error::forbidden("own_demand", "you filed this demand; it already counts your support"));
    }
    if facts.state != DemandState::Published {
        return Err(Error::conflict(
            "wrong_state",
            format!("cannot co-sign a demand that is {}; only published demands take co-signs", facts.state),
        ));
    }
    if already_cosigned {
        return Err(Error::conflict("already_cosigned", "you have already co-signed this demand"));
    }
    Ok(())
}

/// The co-signers of `target` after `source` is merged into it (SPEC §4.1: co-signs move).
///
/// Pass as `source` everyone the merged demand counted: its co-signers *and its author*, who
/// asked for the same thing and stays credited (and may rate the project that answers it).
/// Someone who supported both is counted once, and the target's author never becomes its own
/// co-signer.
pub fn merge_cosigners(
    source: &BTreeSet<Uuid>,
    target: &BTreeSet<Uuid>,
    target_author: Option<Uuid>,
) -> BTreeSet<Uuid> {
    source.union(target).copied().filter(|id| Some(*id) != target_author).collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::access::Grant;
    use crate::demand::fixture::{actor, code, world};
    use crate::demand::{decide, ActionFields, By, DemandAction as A, Effect, MergeTarget};
    use DemandState as S;

    #[test]
    fn who_files_where_and_how() {
        let w = world();
        let resident = actor(Role::Resident, &w.community);
        let neighbour = actor(Role::Resident, &w.neighbour_community);
        let worker = actor(Role::CommunityWorker, &w.community);
        let committee = actor(Role::StreetCommittee, &w.street);
        let auditor = actor(Role::Auditor, &w.district);
        let mut both = actor(Role::Resident, &w.community);
        both.grants.push(Grant { role: Role::CommunityWorker, unit_id: w.community.unit_id(), organization_id: None });
        use DemandSource::*;
        use UnitKind::*;
        let ok = |a: &Actor, kind, path: &UnitPath, source| authorize_create(a, kind, path, source).is_ok();

        assert!(ok(&resident, Community, &w.community, App));
        assert!(ok(&resident, Compound, &w.compound, App));
        assert!(ok(&worker, Compound, &w.compound, Visit));
        assert!(ok(&committee, Community, &w.community, Phone));
        assert!(ok(&both, Compound, &w.compound, App));
        assert!(ok(&both, Compound, &w.compound, Phone));

        let create = |a: &Actor, kind, path: &UnitPath, source| code(authorize_create(a, kind, path, source));
        assert_eq!(create(&neighbour, Compound, &w.compound, App), ('F', "out_of_scope"));
        assert_eq!(create(&auditor, Compound, &w.compound, App), ('F', "forbidden_demands"));
        assert_eq!(create(&resident, Compound, &w.compound, Phone), ('I', "source_staff_only"));
        assert_eq!(create(&worker, Compound, &w.compound, App), ('I', "source_app_residents"));
        assert_eq!(create(&worker, Compound, &w.compound, Open311), ('I', "source_open311"));
        assert_eq!(create(&resident, Street, &w.street, App), ('I', "demand_unit_kind"));
        assert_eq!(create(&worker, Compound, &w.other_community.child(Uuid::now_v7()), Visit), ('F', "out_of_scope"));

        // Looking for twins before filing: whoever may file there, in either capacity.
        let lookup = |a: &Actor, kind, path: &UnitPath| code(authorize_similar_lookup(a, kind, path));
        assert!(authorize_similar_lookup(&resident, Compound, &w.compound).is_ok());
        assert!(authorize_similar_lookup(&worker, Community, &w.community).is_ok());
        assert_eq!(lookup(&neighbour, Compound, &w.compound), ('F', "out_of_scope"));
        assert_eq!(lookup(&auditor, Community, &w.community), ('F', "forbidden_demands"));
        assert_eq!(lookup(&resident, Street, &w.street), ('I', "demand_unit_kind"));
    }

    #[test]
    fn residents_of_the_street_cosign_a_published_demand_once() {
        let w = world();
        let neighbour = actor(Role::Resident, &w.neighbour_community);
        let paths = [w.neighbour_community.clone(), w.other_community.clone()];
        let published = w.facts(S::Published);
        assert!(
            authorize_cosign(&neighbour, &published, &paths, false).is_ok(),
            "a neighbouring community, same street"
        );
        assert_eq!(code(authorize_cosign(&neighbour, &published, &paths, true)), ('C', "already_cosigned"));
        assert_eq!(code(authorize_cosign(&neighbour, &w.facts(S::Submitted), &paths, false)), ('C', "wrong_state"));

        let far = actor(Role::Resident, &w.other_community);
        assert_eq!(
            code(authorize_cosign(&far, &published, std::slice::from_ref(&w.other_community), false)),
            ('F', "not_street_resident")
        );
        // Staff of the street are not its residents, and a path without a resident grant
        // behind it proves nothing.
        let worker = actor(Role::CommunityWorker, &w.community);
        assert_eq!(
            code(authorize_cosign(&worker, &published, std::slice::from_ref(&w.community), false)),
            ('F', "not_street_resident")
        );
        assert_eq!(
            code(authorize_cosign(&far, &published, std::slice::from_ref(&w.community), false)),
            ('F', "not_street_resident")
        );

        let mut author = actor(Role::Resident, &w.community);
        author.user_id = w.author;
        assert_eq!(
            code(authorize_cosign(&author, &published, std::slice::from_ref(&w.community), false)),
            ('F', "own_demand")
        );
    }

    #[test]
    fn merging_cosigners_counts_each_person_once() {
        let [a, b, c, author] = [Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7()];
        let source = BTreeSet::from([a, b, author]);
        let target = BTreeSet::from([b, c]);
        assert_eq!(merge_cosigners(&source, &target, Some(author)), BTreeSet::from([a, b, c]));
        assert_eq!(merge_cosigners(&source, &target, None), BTreeSet::from([a, b, c, author]));
    }

    proptest! {
        /// Merging duplicates never loses a supporter: everyone who backed a live demand
        /// (its author or a co-signer) still backs one afterwards, counted once.
        #[test]
        fn merges_never_lose_a_supporter(
            demands in prop::collection::vec(
                (prop::option::of(0..8usize), prop::collection::btree_set(0..8usize, 0..6), any::<bool>()),
                2..7,
            ),
            merges in prop::collection::vec((0..7usize, 0..7usize), 0..12),
        ) {
            let w = world();
            let worker = actor(Role::CommunityWorker, &w.community);
            let people: Vec<Uuid> = (0..8).map(|_| Uuid::now_v7()).collect();
            let street = w.street.unit_id();

            struct Modeled { id: Uuid, author: Option<Uuid>, state: DemandState, cosigners: BTreeSet<Uuid> }
            let mut model: Vec<Modeled> = demands
                .into_iter()
                .map(|(author, cosigners, published)| {
                    let author = author.map(|i| people[i]);
                    Modeled {
                        id: Uuid::now_v7(),
                        author,
                        state: if published { S::Published } else { S::Submitted },
                        cosigners: cosigners.into_iter().map(|i| people[i]).filter(|p| Some(*p) != author).collect(),
                    }
                })
                .collect();
            let supporters = |d: &Modeled| -> BTreeSet<Uuid> { d.cosigners.iter().copied().chain(d.author).collect() };
            let backing = |model: &[Modeled]| -> BTreeSet<Uuid> {
                model.iter().filter(|d| d.state.is_live()).flat_map(supporters).collect()
            };

            for (s, t) in merges {
                let (s, t) = (s % model.len(), t % model.len());
                let before = backing(&model);
                let facts = DemandFacts {
                    id: model[s].id,
                    state: model[s].state,
                    author_id: model[s].author,
                    unit_path: &w.compound,
                    street_id: street,
                };
                let target = MergeTarget { id: model[t].id, state: model[t].state, street_id: street };
                let fields = ActionFields { target: Some(target), ..Default::default() };
                let Ok(outcome) = decide(A::Merge, By::User(&worker), &facts, &fields) else {
                    prop_assert!(s == t || !model[s].state.is_live() || !model[t].state.is_live());
                    continue;
                };
                prop_assert_eq!(outcome.effect, Effect::MergeInto { target_id: model[t].id });
                let expected: BTreeSet<Uuid> = supporters(&model[s]).union(&supporters(&model[t])).copied().collect();
                let moved = merge_cosigners(&supporters(&model[s]), &model[t].cosigners, model[t].author);
                prop_assert!(model[t].author.is_none_or(|a| !moved.contains(&a)), "no one co-signs their own demand");
                prop_assert!(moved.len() <= model[s].cosigners.len() + 1 + model[t].cosigners.len());
                model[t].cosigners = moved;
                model[s].state = outcome.to;
                model[s].cosigners.clear();
                prop_assert_eq!(supporters(&model[t]), expected);
                prop_assert!(backing(&model).is_superset(&before), "a merge lost a supporter");
            }
        }
    }
}

//! The resource list (资源清单) of SPEC §4.3: what co-builders offer — money, places,
//! people, materials, services — for projects to claim.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::access::{Actor, Capability};
use crate::money::Fen;
use crate::org_unit::UnitPath;
use crate::organization::OrganizationKind;
use crate::Error;

string_enum! {
    pub enum ResourceKind ("kind") {
        Funds = "funds",
        Venue = "venue",
        Personnel = "personnel",
        Materials = "materials",
        Service = "service",
    }
}

impl ResourceKind {
    pub const fn label_zh(self) -> &'static str {
        match self {
            ResourceKind::Funds => "资金",
            ResourceKind::Venue => "场地",
            ResourceKind::Personnel => "人力",
            ResourceKind::Materials => "物资",
            ResourceKind::Service => "服务",
        }
    }
}

string_enum! {
    /// `exhausted` and `expired` are read off the numbers and the date, never stored: a
    /// stored copy could disagree with them.
    pub enum ResourceState ("state") {
        Available = "available",
        Exhausted = "exhausted",
        Withdrawn = "withdrawn",
        Expired = "expired",
    }
}

impl ResourceState {
    pub const fn label_zh(self) -> &'static str {
        match self {
            ResourceState::Available => "可认领",
            ResourceState::Exhausted => "已分配完",
            ResourceState::Withdrawn => "已撤回",
            ResourceState::Expired => "已过期",
        }
    }
}

string_enum! {
    /// A change its owner makes to a resource (`POST /resources/{id}/transitions`).
    pub enum ResourceAction ("action") {
        Withdraw = "withdraw",
    }
}

string_enum! {
    /// What a reader may do with a resource now: its owner edits it (`PATCH
    /// /resources/{id}`) and withdraws what is not allocated; a street committee requests it for a project (`POST /claims`).
    pub enum ResourceAllowedAction ("allowed action") {
        Edit = "edit",
        Withdraw = "withdraw",
        Request = "request",
    }
}

history! {
    /// What happened to a resource.
    pub enum ResourceEvent (Resource) {
        /// Offered: how much, in its measure (unknown for resources offered before history
        /// was typed).
        Create = "create" { quantity: Option<i64> },
        /// Withdrawn: the part that was not allocated and left with it.
        Withdraw = "withdraw" { withdrawn: Option<i64> },
        /// Edited by its owner: the new quantity when that changed.
        Edit = "edit" { quantity: Option<i64> },
    }
}

text_value! {
    pub struct ResourceTitle("title", One, 2..=100);
}

text_value! {
    pub struct ResourceDescription("description", Many, 0..=2000);
}

/// The unit a quantity counts in: `fen` for funds (SPEC §5.1), else what the owner says
/// (`hours`, `m²`, `人次`), 1–20 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure(String);

impl Measure {
    pub const FEN: &'static str = "fen";

    /// Funds take `fen` (or nothing, meaning `fen`); other kinds need their own word.
    pub fn parse(kind: ResourceKind, raw: Option<&str>) -> Result<Self, Error> {
        let raw = raw.unwrap_or("");
        if kind == ResourceKind::Funds {
            return match raw.trim() {
                "" | Self::FEN => Ok(Measure(Self::FEN.to_owned())),
                _ => Err(Error::invalid("measure", "measure_funds", "funds are counted in fen; send measure \"fen\"")),
            };
        }
        crate::values::bounded_text(
            "measure",
            raw,
            crate::values::Lines::One,
            (1, 20),
            ("measure_required", "measure_length"),
        )
        .map(Measure)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// How much is offered or claimed: at least 1, at most [`Fen::MAX`] (funds are in fen, the
/// largest counts there are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity(i64);

impl Quantity {
    pub fn parse(field: &'static str, raw: i64) -> Result<Self, Error> {
        if !(1..=Fen::MAX.get()).contains(&raw) {
            return Err(Error::invalid(field, "quantity_range", format!("{field} must be 1 to {}", Fen::MAX.get())));
        }
        Ok(Quantity(raw))
    }
    pub const fn get(self) -> i64 {
        self.0
    }
}

/// A resource's state is worked out from its numbers, not kept: withdrawn by its owner,
/// else exhausted when nothing remains, else expired past its date, else available.
pub fn state_of(
    withdrawn: bool,
    remaining: i64,
    available_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ResourceState {
    if withdrawn {
        ResourceState::Withdrawn
    } else if remaining <= 0 {
        ResourceState::Exhausted
    } else if available_until.is_some_and(|until| until < now) {
        ResourceState::Expired
    } else {
        ResourceState::Available
    }
}

/// What the caller loads about a resource before asking.
#[derive(Debug, Clone, Copy)]
pub struct ResourceFacts<'a> {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub kind: ResourceKind,
    pub quantity: i64,
    /// What a quantity counts (`fen` for funds).
    pub measure: &'a str,
    /// The sum of its confirmed and fulfilled claims.
    pub allocated: i64,
    pub withdrawn: bool,
    pub available_until: Option<DateTime<Utc>>,
    /// The unit it is offered to, and its ancestors.
    pub unit_path: &'a UnitPath,
}

impl ResourceFacts<'_> {
    /// Never negative, whatever the stored numbers say.
    pub fn remaining(&self) -> i64 {
        (self.quantity - self.allocated).max(0)
    }

    pub fn state(&self, now: DateTime<Utc>) -> ResourceState {
        state_of(self.withdrawn, self.remaining(), self.available_until, now)
    }

    /// Can more of it be claimed or confirmed now? 409 naming why not.
    pub fn check_available(&self, now: DateTime<Utc>) -> Result<(), Error> {
        match self.state(now) {
            ResourceState::Available => Ok(()),
            ResourceState::Withdrawn => {
                Err(Error::conflict("resource_withdrawn", "the resource has been withdrawn by its owner"))
            }
            ResourceState::Exhausted => {
                Err(Error::conflict("resource_exhausted", "all of the resource is already allocated"))
            }
            ResourceState::Expired => {
                Err(Error::conflict("resource_expired", "the resource is past its available_until"))
            }
        }
    }

    /// The quantity as a person reads it: yuan for funds, else number and measure.
    pub fn describe(&self, quantity: i64) -> String {
        if self.kind == ResourceKind::Funds {
            Fen::from_stored(quantity).yuan()
        } else {
            format!("{quantity} {}", self.measure)
        }
    }
}

/// The organisation a resource would belong to, as the caller loaded it.
#[derive(Debug, Clone, Copy)]
pub struct Owner<'a> {
    pub id: Uuid,
    pub kind: OrganizationKind,
    pub unit_path: &'a UnitPath,
}

/// May `actor` publish a resource of `owner` offered at `scope` until `available_until`?
/// A co-builder acts for its own organisation (403); the resource is offered at the
/// organisation's unit or below it (422 on `unit_id`), and not already expired.
pub fn authorize_publish(
    actor: &Actor,
    owner: Owner<'_>,
    scope: &UnitPath,
    available_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if !actor.may_somewhere(Capability::OfferResources) {
        return Err(Error::forbidden("forbidden_resources", "only co-builders (共建单位) publish resources"));
    }
    if !actor.acts_for(Capability::OfferResources, owner.id) {
        return Err(Error::forbidden("not_your_organization", "you publish resources only for your own organisation"));
    }
    if !OrganizationKind::CO_BUILDERS.contains(&owner.kind) {
        return Err(Error::invalid(
            "organization_id",
            "resource_owner_kind",
            format!("a {} organisation does not offer resources", owner.kind),
        ));
    }
    if !scope.contains(owner.unit_path.unit_id()) {
        return Err(Error::invalid(
            "unit_id",
            "resource_unit",
            "a resource is offered at its organisation's unit or below it",
        ));
    }
    if available_until.is_some_and(|until| until <= now) {
        return Err(Error::invalid("available_until", "available_until_past", "available_until must be in the future"));
    }
    Ok(())
}

/// May `actor` withdraw the unallocated part? Its owner (403), once (409), while some of it
/// is unallocated (409). Returns the quantity the resource keeps: what is allocated.
pub fn authorize_withdraw(actor: &Actor, facts: &ResourceFacts<'_>) -> Result<i64, Error> {
    if !actor.acts_for(Capability::OfferResources, facts.organization_id) {
        return Err(Error::forbidden(
            "not_your_organization",
            "only a co-builder of the organisation that offers it withdraws a resource",
        ));
    }
    if facts.withdrawn {
        return Err(Error::conflict("wrong_state", "the resource is already withdrawn"));
    }
    if facts.remaining() == 0 {
        return Err(Error::conflict(
            "nothing_to_withdraw",
            "all of it is allocated to projects; release a claim first",
        ));
    }
    Ok(facts.allocated)
}

/// What an owner changes about its offer; `None` leaves a field as it is. The kind, the
/// measure and where it is offered stay: claims were made against them.
#[derive(Debug, Clone, Default)]
pub struct ResourceChanges {
    pub title: Option<ResourceTitle>,
    pub description: Option<ResourceDescription>,
    pub quantity: Option<Quantity>,
    /// `Some(None)` makes it open-ended.
    pub available_until: Option<Option<DateTime<Utc>>>,
}

/// May `actor` make `changes` to the resource? Its owner (403), until it is withdrawn
/// (409 `wrong_state`); the quantity never drops below what projects hold (409
/// `quantity_below_allocated`, naming it); a new end date lies ahead (422). An expired
/// offer may be given a later date: that is how an owner renews it.
pub fn authorize_edit(
    actor: &Actor,
    facts: &ResourceFacts<'_>,
    changes: &ResourceChanges,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if !actor.acts_for(Capability::OfferResources, facts.organization_id) {
        return Err(Error::forbidden(
            "not_your_organization",
            "only a co-builder of the organisation that offers it edits a resource",
        ));
    }
    if facts.withdrawn {
        return Err(Error::conflict("wrong_state", "a withdrawn resource is not edited"));
    }
    if let Some(quantity) = changes.quantity {
        if quantity.get() < facts.allocated {
            return Err(Error::conflict(
                "quantity_below_allocated",
                format!("projects hold {} of it; the quantity cannot go below that", facts.describe(facts.allocated)),
            ));
        }
    }
    if let Some(Some(until)) = changes.available_until {
        if until <= now {
            return Err(Error::invalid(
                "available_until",
                "available_until_past",
                "available_until must be in the future",
            ));
        }
    }
    Ok(())
}

/// The resource's `allowed_actions` for a signed-in reader.
pub fn reader_actions(actor: &Actor, facts: &ResourceFacts<'_>, now: DateTime<Utc>) -> Vec<ResourceAllowedAction> {
    let mut actions = Vec::new();
    if authorize_edit(actor, facts, &ResourceChanges::default(), now).is_ok() {
        actions.push(ResourceAllowedAction::Edit);
    }
    if authorize_withdraw(actor, facts).is_ok() {
        actions.push(ResourceAllowedAction::Withdraw);
    }
    if actor.may_somewhere(Capability::RunProjects) && facts.check_available(now).is_ok() {
        actions.push(ResourceAllowedAction::Request);
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Grant, Role};

    fn at(path: &UnitPath) -> ResourceFacts<'_> {
        ResourceFacts {
            id: Uuid::now_v7(),
            organization_id: Uuid::from_u128(7),
            kind: ResourceKind::Materials,
            quantity: 10,
            measure: "件",
            allocated: 0,
            withdrawn: false,
            available_until: None,
            unit_path: path,
        }
    }

    fn co_builder(org: Uuid, unit: Uuid) -> Actor {
        Actor {
            user_id: Uuid::now_v7(),
            grants: vec![Grant { role: Role::CoBuilder, unit_id: unit, organization_id: Some(org) }],
        }
    }

    #[test]
    fn state_is_read_off_the_numbers_and_the_date() {
        let path = UnitPath::new(vec![Uuid::from_u128(1)]).expect("path");
        let now = Utc::now();
        let mut r = at(&path);
        assert_eq!(r.state(now), ResourceState::Available);
        r.available_until = Some(now - chrono::TimeDelta::hours(1));
        assert_eq!(r.state(now), ResourceState::Expired);
        r.allocated = 10;
        assert_eq!(r.state(now), ResourceState::Exhausted);
        r.withdrawn = true;
        assert_eq!(r.state(now), ResourceState::Withdrawn);
        r.allocated = 12;
        assert_eq!(r.remaining(), 0, "remaining is never negative");
    }

    #[test]
    fn funds_count_in_fen_and_other_kinds_name_their_measure() {
        assert_eq!(Measure::parse(ResourceKind::Funds, None).map(Measure::into_inner).as_deref(), Ok("fen"));
        assert!(matches!(
            Measure::parse(ResourceKind::Funds, Some("元")),
            Err(Error::Invalid { code: "measure_funds", .. })
        ));
        assert!(matches!(
            Measure::parse(ResourceKind::Venue, Some(" ")),
            Err(Error::Invalid { code: "measure_required", .. })
        ));
        assert_eq!(Measure::parse(ResourceKind::Venue, Some("m²")).map(Measure::into_inner).as_deref(), Ok("m²"));
        assert!(Quantity::parse("quantity", 0).is_err());
        assert!(Quantity::parse("quantity", Fen::MAX.get() + 1).is_err());
    }

    #[test]
    fn the_owner_withdraws_only_what_is_unallocated() {
        let path = UnitPath::new(vec![Uuid::from_u128(1)]).expect("path");
        let mut r = at(&path);
        r.allocated = 4;
        let owner = co_builder(r.organization_id, Uuid::from_u128(1));
        let stranger = co_builder(Uuid::from_u128(8), Uuid::from_u128(1));
        assert_eq!(authorize_withdraw(&owner, &r), Ok(4));
        assert!(matches!(authorize_withdraw(&stranger, &r), Err(Error::Forbidden { .. })));
        r.allocated = 10;
        assert!(matches!(authorize_withdraw(&owner, &r), Err(Error::Conflict { code: "nothing_to_withdraw", .. })));
        assert_eq!(reader_actions(&owner, &r, Utc::now()), vec![ResourceAllowedAction::Edit]);
    }

    #[test]
    fn the_owner_edits_but_never_below_what_projects_hold() {
        let path = UnitPath::new(vec![Uuid::from_u128(1)]).expect("path");
        let now = Utc::now();
        let mut r = at(&path);
        r.allocated = 4;
        let owner = co_builder(r.organization_id, Uuid::from_u128(1));
        let stranger = co_builder(Uuid::from_u128(8), Uuid::from_u128(1));
        let to = |n: i64| ResourceChanges { quantity: Some(Quantity::parse("quantity", n).expect("quantity")), ..Default::default() };
        assert_eq!(authorize_edit(&owner, &r, &to(4), now), Ok(()));
        assert_eq!(authorize_edit(&owner, &r, &to(40), now), Ok(()));
        let below = authorize_edit(&owner, &r, &to(3), now);
        assert!(
            matches!(&below, Err(Error::Conflict { code: "quantity_below_allocated", message }) if message.contains("4 件")),
            "{below:?}"
        );
        assert!(matches!(authorize_edit(&stranger, &r, &to(5), now), Err(Error::Forbidden { .. })));
        assert!(!reader_actions(&stranger, &r, now).contains(&ResourceAllowedAction::Edit));

        // An expired offer is renewed with a later date, never an earlier one.
        r.available_until = Some(now - chrono::Duration::days(1));
        let until = |d: i64| ResourceChanges { available_until: Some(Some(now + chrono::Duration::days(d))), ..Default::default() };
        assert_eq!(authorize_edit(&owner, &r, &until(30), now), Ok(()));
        assert!(matches!(
            authorize_edit(&owner, &r, &until(-2), now),
            Err(Error::Invalid { code: "available_until_past", .. })
        ));
        let open = ResourceChanges { available_until: Some(None), ..Default::default() };
        assert_eq!(authorize_edit(&owner, &r, &open, now), Ok(()));

        r.withdrawn = true;
        assert!(matches!(authorize_edit(&owner, &r, &to(5), now), Err(Error::Conflict { code: "wrong_state", .. })));
        assert!(reader_actions(&owner, &r, now).is_empty());
    }

    #[test]
    fn a_resource_is_offered_at_its_organisations_unit_or_below() {
        let district = Uuid::from_u128(1);
        let street = Uuid::from_u128(2);
        let org_path = UnitPath::new(vec![district, street]).expect("path");
        let org = Uuid::from_u128(7);
        let owner = Owner { id: org, kind: OrganizationKind::Merchant, unit_path: &org_path };
        let actor = co_builder(org, street);
        let now = Utc::now();
        let below = org_path.child(Uuid::from_u128(3));
        let above = UnitPath::new(vec![district]).expect("path");
        assert_eq!(authorize_publish(&actor, owner, &below, None, now), Ok(()));
        assert!(matches!(
            authorize_publish(&actor, owner, &above, None, now),
            Err(Error::Invalid { code: "resource_unit", .. })
        ));
        assert!(matches!(
            authorize_publish(&actor, owner, &org_path, Some(now), now),
            Err(Error::Invalid { code: "available_until_past", .. })
        ));
        let other = co_builder(Uuid::from_u128(9), street);
        assert!(matches!(
            authorize_publish(&other, owner, &org_path, None, now),
            Err(Error::Forbidden { code: "not_your_organization", .. })
        ));
    }
}

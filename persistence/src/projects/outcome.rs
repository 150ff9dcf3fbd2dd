//! What a project came to, for the public board: how its residents inspected it, how they
//! rated it, and who put what into it. Nothing names a person: a vote and a rating are
//! shown by what they said, a contribution by its organisation.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::claim::ClaimState;
use domain::organization::OrganizationKind;
use domain::project::Verdict;
use domain::resource::ResourceKind;
use domain::statistics::Ratings;
use uuid::Uuid;

use crate::schema::{claims, inspections, organizations, ratings, resources};
use crate::util::{parsed, utc};
use crate::{DbConnection, Result};

/// Ratings' comments shown at most, newest first.
pub const COMMENTS_SHOWN: i64 = 50;

#[derive(Debug, Clone)]
pub struct Vote {
    pub round: i64,
    pub verdict: Verdict,
    pub comment: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub score: i64,
    pub comment: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Contribution {
    pub organization_name: String,
    pub organization_kind: OrganizationKind,
    pub kind: ResourceKind,
    pub quantity: i64,
    pub measure: String,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub gov_funds_fen: i64,
    pub votes: Vec<Vote>,
    pub ratings: Ratings,
    pub comments: Vec<Comment>,
    /// Confirmed and fulfilled claims, by organisation and resource.
    pub contributions: Vec<Contribution>,
}

/// The outcome of a project the public may see (not a draft).
pub fn outcome(conn: &mut DbConnection, id: Uuid) -> Result<Outcome> {
    let project = super::find_visible(conn, None, id)?;
    let key = id.to_string();
    let votes: Vec<(i64, String, String, NaiveDateTime)> = inspections::table
        .filter(inspections::project_id.eq(&key))
        .order((inspections::round.asc(), inspections::created_at.asc()))
        .select((inspections::round, inspections::verdict, inspections::comment, inspections::created_at))
        .load(conn)?;
    let scores: Vec<(i64, i64)> = ratings::table
        .filter(ratings::project_id.eq(&key))
        .group_by(ratings::score)
        .select((ratings::score, diesel::dsl::sql::<diesel::sql_types::BigInt>("CAST(COUNT(*) AS BIGINT)")))
        .load(conn)?;
    let mut rated = Ratings::default();
    for (score, n) in scores {
        rated.add(score, n);
    }
    let comments: Vec<(i64, String, NaiveDateTime)> = ratings::table
        .filter(ratings::project_id.eq(&key))
        .filter(ratings::comment.ne(""))
        .order(ratings::created_at.desc())
        .limit(COMMENTS_SHOWN)
        .select((ratings::score, ratings::comment, ratings::created_at))
        .load(conn)?;
    let holding: Vec<&str> = ClaimState::ALL.iter().filter(|s| s.holds_allocation()).map(|s| s.as_str()).collect();
    let given: Vec<(String, String, String, String, i64)> = claims::table
        .inner_join(resources::table.on(resources::id.eq(claims::resource_id)))
        .inner_join(organizations::table.on(organizations::id.eq(resources::organization_id)))
        .filter(claims::project_id.eq(&key))
        .filter(claims::state.eq_any(&holding))
        .order((organizations::name.asc(), resources::kind.asc()))
        .select((organizations::name, organizations::kind, resources::kind, resources::measure, claims::quantity))
        .load(conn)?;
    let mut contributions: Vec<Contribution> = Vec::new();
    for (organization_name, org_kind, kind, measure, quantity) in given {
        let kind = parsed(&kind, ResourceKind::parse, "resource kind")?;
        // Two claims on one organisation's funds are one contribution to a reader.
        match contributions
            .iter_mut()
            .find(|c| c.organization_name == organization_name && c.kind == kind && c.measure == measure)
        {
            Some(c) => c.quantity += quantity,
            None => contributions.push(Contribution {
                organization_kind: parsed(&org_kind, OrganizationKind::parse, "organisation kind")?,
                organization_name,
                kind,
                quantity,
                measure,
            }),
        }
    }
    Ok(Outcome {
        gov_funds_fen: project.gov_funds.get(),
        votes: votes
            .into_iter()
            .map(|(round, verdict, comment, at)| {
                Ok(Vote { round, verdict: parsed(&verdict, Verdict::parse, "verdict")?, comment, at: utc(at) })
            })
            .collect::<Result<_>>()?,
        ratings: rated,
        comments: comments.into_iter().map(|(score, comment, at)| Comment { score, comment, at: utc(at) }).collect(),
        contributions,
    })
}

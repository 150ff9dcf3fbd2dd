//! 满意度: the residents who asked for a project rate it once it is closed.

use super::lifecycle::{ProjectFacts, Reader};
use super::ProjectState;
use crate::access::Actor;
use crate::duties::{self, Duty};
use crate::Error;

/// 1 (very dissatisfied) to 5 (very satisfied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(u8);

impl Score {
    pub fn parse(raw: i64) -> Result<Self, Error> {
        u8::try_from(raw)
            .ok()
            .filter(|s| (1..=5).contains(s))
            .map(Score)
            .ok_or_else(|| Error::invalid("score", "score_range", "score must be 1 to 5"))
    }
    pub const fn get(self) -> u8 {
        self.0
    }
    /// 满意: 4 or 5, as the 12345 reports count satisfaction (SPEC §4.8).
    pub const fn is_satisfied(self) -> bool {
        self.0 >= 4
    }
}

text_value! {
    pub struct RatingComment("comment", Many, 0..=500);
}

/// May the reader rate it? Only its supporters — the authors and co-signers of its demands
/// (403) — who took no part in the work ([`crate::duties`], 403), once it is closed (409),
/// once (409).
pub fn authorize_rating(actor: &Actor, facts: &ProjectFacts<'_>, reader: Reader<'_>) -> Result<(), Error> {
    if !reader.supporter {
        return Err(Error::forbidden(
            "not_a_supporter",
            "only the residents who asked for it (authors and co-signers of its demands) rate a project",
        ));
    }
    duties::check(Duty::Rate, actor, &facts.ties(reader.running_paths))?;
    if facts.state != ProjectState::Closed {
        return Err(Error::conflict(
            "wrong_state",
            format!("a project is rated once it is closed; this one is {}", facts.state),
        ));
    }
    if reader.rated {
        return Err(Error::conflict("already_rated", "you have already rated this project"));
    }
    Ok(())
}

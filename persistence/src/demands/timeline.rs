//! A demand's timeline. Events of every kind of record share one text `note` column, so
//! what a demand event holds beyond its states (the source it was filed through, where it
//! was referred, the demand it merged into or took co-signs from, the project that took it)
//! is written into that column here and read back here, nowhere else: readers get it typed.

use std::fmt::Display;

use domain::demand::DemandSource;
use uuid::Uuid;

use crate::events;
use crate::{DbConnection, Result};

/// What one event records, typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detail {
    /// What the actor wrote: the reason of a rejection or referral.
    pub note: Option<String>,
    /// create: how it came in.
    pub source: Option<DemandSource>,
    /// refer: where it was sent.
    pub referred_to: Option<String>,
    /// merge: the demand it was merged into.
    pub merged_into_id: Option<Uuid>,
    /// merge_in: the demand merged into this one, and how many of its supporters came along.
    pub merged_from_id: Option<Uuid>,
    pub cosigns_moved: Option<i64>,
    /// accept, resolve, reopen: the project that took it.
    pub project_id: Option<Uuid>,
}

pub type Entry = events::Entry<Detail>;

/// The demand's events, oldest first, each with its detail.
pub fn timeline(conn: &mut DbConnection, id: Uuid) -> Result<Vec<Entry>> {
    events::typed_timeline(conn, "demand", id, decode)
}

/// Where it went and why. `referred_to` is one line, so the first line break ends it.
pub(crate) fn refer_note(referred_to: &str, reason: &str) -> String {
    format!("{referred_to}\n{reason}")
}

pub(crate) fn merge_in_note(cosigns_moved: impl Display, from: impl Display) -> String {
    format!("{cosigns_moved} co-signs from {from}")
}

/// Reads a note as this module's writers (and the demand's other steps: the source on
/// `create`, the target's id on `merge`, the project's id on `accept`, `resolve`, `reopen`)
/// wrote it; any other note is the actor's own text.
fn decode(action: &str, note: Option<&str>) -> Detail {
    let Some(raw) = note else { return Detail::default() };
    let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
    let id = |t: &str| Uuid::parse_str(t).ok();
    let typed = match action {
        "create" => DemandSource::parse(raw).ok().map(|s| Detail { source: Some(s), ..Detail::default() }),
        // Before line breaks separated them, a referral was written "where: why".
        "refer" => raw.split_once('\n').or_else(|| raw.split_once(": ")).map(|(to, why)| Detail {
            referred_to: text(to),
            note: text(why),
            ..Detail::default()
        }),
        "merge" => id(raw).map(|target| Detail { merged_into_id: Some(target), ..Detail::default() }),
        "merge_in" => raw.split_once(" co-signs from ").and_then(|(n, from)| {
            Some(Detail { cosigns_moved: Some(n.parse().ok()?), merged_from_id: Some(id(from)?), ..Detail::default() })
        }),
        "accept" | "resolve" | "reopen" => {
            id(raw).map(|project| Detail { project_id: Some(project), ..Detail::default() })
        }
        _ => None,
    };
    typed.unwrap_or_else(|| Detail { note: text(raw), ..Detail::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_reads_back_as_written() {
        let refer = decode("refer", Some(&refer_note("12345 热线", "属市政道路: 非小区范围\n已电话告知")));
        assert_eq!(refer.referred_to.as_deref(), Some("12345 热线"));
        assert_eq!(refer.note.as_deref(), Some("属市政道路: 非小区范围\n已电话告知"));
        let from = Uuid::now_v7();
        let merged = decode("merge_in", Some(&merge_in_note(3, from)));
        assert_eq!((merged.cosigns_moved, merged.merged_from_id), (Some(3), Some(from)));
        assert_eq!(decode("merge", Some(&from.to_string())).merged_into_id, Some(from));
        assert_eq!(decode("accept", Some(&from.to_string())).project_id, Some(from));
        assert_eq!(decode("create", Some("visit")).source, Some(DemandSource::Visit));
    }

    #[test]
    fn older_referrals_and_plain_reasons_read_as_text() {
        let old = decode("refer", Some("区城管局: 属市政道路"));
        assert_eq!((old.referred_to.as_deref(), old.note.as_deref()), (Some("区城管局"), Some("属市政道路")));
        let reject = decode("reject", Some("楼顶属公共部位: 需全体业主同意"));
        assert_eq!(reject.note.as_deref(), Some("楼顶属公共部位: 需全体业主同意"));
        assert_eq!(decode("cosign", None), Detail::default());
        assert_eq!(decode("merge", Some("not an id")).note.as_deref(), Some("not an id"));
    }
}

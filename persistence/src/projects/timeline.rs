//! A project's timeline. Events of every kind of record share one text `note` column, so
//! what a project event holds beyond its states (a percent, a verdict, a score, the
//! maintainer) is written into that column here and read back here, nowhere else: readers
//! get it typed.

use domain::project::{Percent, ProgressNote, Score, Verdict, Votes};
use uuid::Uuid;

use crate::events;
use crate::{DbConnection, Result};

/// What one event records, typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detail {
    /// What the actor wrote: the completion note, the cancel reason, the progress text, the
    /// inspection comment.
    pub note: Option<String>,
    /// progress: how far the work is.
    pub percent: Option<i64>,
    /// inspect: the vote.
    pub verdict: Option<Verdict>,
    /// rate: 1–5.
    pub score: Option<i64>,
    /// hand_over: the organisation that took over upkeep.
    pub maintainer_org_id: Option<Uuid>,
    /// close, rework: the round's votes when it settled.
    pub tally: Option<Votes>,
}

pub type Entry = events::Entry<Detail>;

/// The project's events, oldest first, each with its detail.
pub fn timeline(conn: &mut DbConnection, id: Uuid) -> Result<Vec<Entry>> {
    events::typed_timeline(conn, "project", id, decode)
}

pub(super) fn progress_note(percent: Percent, note: &ProgressNote) -> String {
    format!("{}% {}", percent.get(), note.as_str())
}

pub(super) fn vote_note(verdict: Verdict, comment: &str) -> String {
    if comment.is_empty() {
        verdict.as_str().to_owned()
    } else {
        format!("{verdict}: {comment}")
    }
}

pub(super) fn rating_note(score: Score) -> String {
    score.get().to_string()
}

pub(super) fn hand_over_note(maintainer: Uuid) -> String {
    maintainer.to_string()
}

pub(super) fn tally_note(votes: Votes) -> String {
    format!("{} pass {} fail of {}", votes.passes, votes.fails, votes.eligible)
}

fn read_tally(raw: &str) -> Option<Votes> {
    let mut words = raw.split(' ');
    let passes = words.next()?.parse().ok()?;
    let fails = (words.next()? == "pass").then(|| words.next()).flatten()?.parse().ok()?;
    let eligible = (words.next()? == "fail" && words.next()? == "of").then(|| words.next()).flatten()?.parse().ok()?;
    Some(Votes { passes, fails, eligible })
}

/// Reads a note as [`progress_note`], [`vote_note`], [`rating_note`] and [`hand_over_note`]
/// wrote it; any other note (or one not in its action's form) is the actor's own text.
fn decode(action: &str, note: Option<&str>) -> Detail {
    let Some(raw) = note else { return Detail::default() };
    let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
    let typed = match action {
        "progress" => raw.split_once("% ").and_then(|(percent, rest)| {
            Some(Detail { percent: Some(percent.parse().ok()?), note: text(rest), ..Detail::default() })
        }),
        "inspect" => {
            let (verdict, comment) = raw.split_once(": ").unwrap_or((raw, ""));
            Verdict::parse(verdict).ok().map(|v| Detail { verdict: Some(v), note: text(comment), ..Detail::default() })
        }
        "rate" => raw.parse().ok().map(|score| Detail { score: Some(score), ..Detail::default() }),
        "hand_over" => Uuid::parse_str(raw).ok().map(|id| Detail { maintainer_org_id: Some(id), ..Detail::default() }),
        "close" | "rework" => read_tally(raw).map(|v| Detail { tally: Some(v), ..Detail::default() }),
        _ => None,
    };
    typed.unwrap_or_else(|| Detail { note: text(raw), ..Detail::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_reads_back_as_written() {
        let percent = Percent::parse(60).expect("percent");
        let text = ProgressNote::parse("道闸已到货: 开始安装 50% 完成").expect("note");
        let progress = decode("progress", Some(&progress_note(percent, &text)));
        assert_eq!(progress.percent, Some(60));
        assert_eq!(progress.note.as_deref(), Some("道闸已到货: 开始安装 50% 完成"));

        let fail = decode("inspect", Some(&vote_note(Verdict::Fail, "排水槽漏水: 需返工")));
        assert_eq!((fail.verdict, fail.note.as_deref()), (Some(Verdict::Fail), Some("排水槽漏水: 需返工")));
        let pass = decode("inspect", Some(&vote_note(Verdict::Pass, "")));
        assert_eq!((pass.verdict, pass.note), (Some(Verdict::Pass), None));

        let score = Score::parse(4).expect("score");
        assert_eq!(decode("rate", Some(&rating_note(score))).score, Some(4));

        let org = Uuid::now_v7();
        assert_eq!(decode("hand_over", Some(&hand_over_note(org))).maintainer_org_id, Some(org));

        let votes = Votes { passes: 1, fails: 1, eligible: 2 };
        assert_eq!(decode("rework", Some(&tally_note(votes))).tally, Some(votes));
        assert_eq!(decode("close", None).tally, None);
    }

    #[test]
    fn other_notes_are_the_actors_own_text() {
        assert_eq!(decode("complete", Some("3% 的墙面: 已修补")).note.as_deref(), Some("3% 的墙面: 已修补"));
        assert_eq!(decode("cancel", Some("与物业计划重复")).note.as_deref(), Some("与物业计划重复"));
        assert_eq!(decode("publish", None), Detail::default());
        // A note not in its action's form is not guessed at.
        assert_eq!(decode("rate", Some("很好")).note.as_deref(), Some("很好"));
    }
}

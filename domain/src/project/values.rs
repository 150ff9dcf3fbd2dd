//! A project's fields, valid by construction.

use crate::Error;

text_value! {
    /// 2–100 characters, one line.
    pub struct ProjectTitle("title", One, 2..=100);
}

text_value! {
    /// What the project is, for the public board: at most 2000 characters.
    pub struct ProjectDescription("description", Many, 0..=2000);
}

text_value! {
    /// How it will be done (实施方案): the work, the schedule, who does what.
    pub struct Plan("plan", Many, 1..=5000);
}

text_value! {
    /// What was done, for the supervisors who inspect it (the completion report).
    pub struct CompletionNote("note", Many, 1..=2000);
}

text_value! {
    /// Why the project is abandoned; its demands go back on the list with this.
    pub struct CancelReason("reason", Many, 1..=500);
}

text_value! {
    /// A progress update while the work goes on.
    pub struct ProgressNote("note", Many, 1..=1000);
}

/// How far the work is, 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(u8);

impl Percent {
    pub fn parse(raw: i64) -> Result<Self, Error> {
        u8::try_from(raw)
            .ok()
            .filter(|p| *p <= 100)
            .map(Percent)
            .ok_or_else(|| Error::invalid("percent", "percent_range", "percent must be 0 to 100"))
    }
    pub const fn get(self) -> u8 {
        self.0
    }
}

/// How many supervisors must pass the work (and how many fails send it back), 1–9;
/// SPEC §4.2's default is 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequiredApprovals(u32);

impl RequiredApprovals {
    pub const DEFAULT: RequiredApprovals = RequiredApprovals(2);

    pub fn parse(raw: i64) -> Result<Self, Error> {
        u32::try_from(raw).ok().filter(|n| (1..=9).contains(n)).map(RequiredApprovals).ok_or_else(|| {
            Error::invalid("required_approvals", "required_approvals_range", "required_approvals must be 1 to 9")
        })
    }

    /// From the database, which only ever holds parsed values.
    pub const fn from_stored(n: i64) -> Self {
        RequiredApprovals(if n < 1 {
            1
        } else if n > 9 {
            9
        } else {
            n as u32
        })
    }

    pub const fn get(self) -> u32 {
        self.0
    }
}

impl Default for RequiredApprovals {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How many residents the project serves (受益人数), for the district's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Beneficiaries(i64);

impl Beneficiaries {
    pub fn parse(raw: i64) -> Result<Self, Error> {
        if !(0..=10_000_000).contains(&raw) {
            return Err(Error::invalid(
                "beneficiaries",
                "beneficiaries_range",
                "beneficiaries must be 0 to 10,000,000",
            ));
        }
        Ok(Beneficiaries(raw))
    }
    pub const fn get(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
        match r {
            Err(Error::Invalid { code, .. }) => code,
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn texts_are_bounded_and_visible() {
        assert_eq!(code(ProjectTitle::parse("修")), "title_length");
        assert_eq!(code(ProjectTitle::parse("a\nb")), "control_characters");
        assert_eq!(code(ProjectTitle::parse("\u{200B}\u{200B}\u{200B}")), "invisible_only");
        assert_eq!(ProjectTitle::parse("  加装电梯  ").map(ProjectTitle::into_inner).as_deref(), Ok("加装电梯"));
        assert_eq!(code(Plan::parse("   ")), "plan_required");
        assert_eq!(code(CancelReason::parse("")), "reason_required");
        assert_eq!(code(CancelReason::parse(&"长".repeat(501))), "reason_length");
        assert!(ProjectDescription::parse("").is_ok());
        assert_eq!(Plan::parse("一\r\n二").map(Plan::into_inner).as_deref(), Ok("一\n二"));
    }

    #[test]
    fn numbers_are_in_range() {
        assert_eq!(code(Percent::parse(101)), "percent_range");
        assert_eq!(code(Percent::parse(-1)), "percent_range");
        assert_eq!(Percent::parse(100).map(Percent::get), Ok(100));
        assert_eq!(code(RequiredApprovals::parse(0)), "required_approvals_range");
        assert_eq!(code(RequiredApprovals::parse(10)), "required_approvals_range");
        assert_eq!(RequiredApprovals::default().get(), 2);
        assert_eq!(code(Beneficiaries::parse(-5)), "beneficiaries_range");
    }
}

//! The texts a demand carries, each parsed once: a value that exists is valid.

use crate::values::{self, char_len, Lines};
use crate::Error;

/// A demand's title: 2–100 characters after trimming (characters, not bytes: a Chinese
/// character is three bytes of UTF-8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandTitle(String);

impl DemandTitle {
    pub const MIN_CHARS: usize = 2;
    pub const MAX_CHARS: usize = 100;

    /// One line that shows something (see [`values::visible_line`]).
    pub fn parse(raw: &str) -> Result<Self, Error> {
        values::visible_line(
            "title",
            raw,
            (Self::MIN_CHARS, Self::MAX_CHARS),
            "title_length",
            "title must be 2 to 100 characters",
        )
        .map(DemandTitle)
    }

    /// A title still being typed, for the similar-demand lookup: the same characters and
    /// bound as a title, but it may be short or blank.
    pub fn parse_draft(raw: &str) -> Result<String, Error> {
        let s = values::clean_text("title", raw, Lines::One)?;
        if char_len(&s) > Self::MAX_CHARS {
            return Err(Error::invalid("title", "title_length", "title must be at most 100 characters"));
        }
        Ok(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A demand's description: at most 2000 characters after trimming; a clear title may be
/// all a resident has to say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DemandDescription(String);

impl DemandDescription {
    pub const MAX_CHARS: usize = 2000;

    /// Many lines: `\r\n` becomes `\n`; other control characters are refused.
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let s = values::clean_text("description", raw, Lines::Many)?;
        if char_len(&s) > Self::MAX_CHARS {
            return Err(Error::invalid(
                "description",
                "description_length",
                "description must be at most 2000 characters",
            ));
        }
        Ok(DemandDescription(s))
    }

    /// How much of a draft's description the similar-demand lookup takes: enough to tell two
    /// needs apart, and short enough for a URL (300 characters percent-encoded stay under
    /// 4 KB; a full description would not fit in the 8 KiB the server accepts).
    pub const DRAFT_CHARS: usize = 300;

    /// A description still being written, for the similar-demand lookup: the first
    /// [`Self::DRAFT_CHARS`] characters of it.
    pub fn parse_draft(raw: &str) -> Result<String, Error> {
        let s = values::clean_text("description", raw, Lines::Many)?;
        if char_len(&s) > Self::DRAFT_CHARS {
            return Err(Error::invalid(
                "description",
                "description_length",
                "send at most the first 300 characters of a draft's description",
            ));
        }
        Ok(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Why a demand was rejected or referred: 1–500 characters, shown on the public list, so a
/// resident is never turned away without an explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub const MAX_CHARS: usize = 500;

    /// A blank reason is as good as none, so both are `reason_required`.
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let s = values::clean_text("reason", raw, Lines::Many)?;
        if s.is_empty() {
            return Err(Error::invalid("reason", "reason_required", "a reason is required; it is shown publicly"));
        }
        if char_len(&s) > Self::MAX_CHARS {
            return Err(Error::invalid("reason", "reason_length", "reason must be at most 500 characters"));
        }
        values::require_visible("reason", &s)?;
        Ok(Reason(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Where a referred demand went (the 12345 hotline, a department): 1–100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferredTo(String);

impl ReferredTo {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, Error> {
        let s = values::clean_text("referred_to", raw, Lines::One)?;
        if s.is_empty() {
            return Err(Error::invalid(
                "referred_to",
                "referred_to_required",
                "referred_to is required: where the demand was sent (e.g. the 12345 hotline)",
            ));
        }
        if char_len(&s) > Self::MAX_CHARS {
            return Err(Error::invalid(
                "referred_to",
                "referred_to_length",
                "referred_to must be at most 100 characters",
            ));
        }
        values::require_visible("referred_to", &s)?;
        Ok(ReferredTo(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demand::fixture::code;

    #[test]
    fn values_count_characters_and_trim() {
        assert_eq!(DemandTitle::parse("  楼道灯不亮 ").expect("valid").as_str(), "楼道灯不亮");
        assert!(DemandTitle::parse("灯").is_err());
        assert!(DemandTitle::parse(&"灯".repeat(100)).is_ok(), "100 characters is 300 bytes and still fine");
        assert_eq!(code(DemandTitle::parse(&"灯".repeat(101))), ('I', "title_length"));
        assert!(DemandDescription::parse("").is_ok());
        assert!(DemandDescription::parse(&"水".repeat(2000)).is_ok());
        assert_eq!(code(DemandDescription::parse(&"水".repeat(2001))), ('I', "description_length"));
        assert_eq!(code(ReferredTo::parse(&"局".repeat(101))), ('I', "referred_to_length"));
        assert!(Reason::parse(&"因".repeat(500)).is_ok());
    }

    #[test]
    fn demand_texts_refuse_control_characters_and_invisible_titles() {
        for bad in ["灯\u{0}不亮", "灯\u{7}不亮", "灯\n不亮"] {
            assert_eq!(code(DemandTitle::parse(bad)), ('I', "control_characters"), "{bad:?}");
            assert_eq!(code(ReferredTo::parse(bad)), ('I', "control_characters"), "{bad:?}");
        }
        assert_eq!(code(DemandDescription::parse("a\u{0}b")), ('I', "control_characters"));
        assert_eq!(code(Reason::parse("a\u{1b}b")), ('I', "control_characters"));
        assert_eq!(DemandDescription::parse("一楼\r\n二楼\t灯").expect("valid").as_str(), "一楼\n二楼\t灯");
        assert!(Reason::parse("第一\n第二").is_ok());
        for blank in ["\u{200B}\u{200B}", "\u{202E}\u{202D}", "\u{2066}\u{2069}", "\u{FEFF}\u{2060}\u{200C}"] {
            assert_eq!(code(DemandTitle::parse(blank)), ('I', "invisible_only"), "{blank:?}");
            assert_eq!(code(Reason::parse(blank)), ('I', "invisible_only"), "{blank:?}");
        }
    }
}

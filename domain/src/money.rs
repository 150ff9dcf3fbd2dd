//! Money (SPEC §3): integer fen, never floating point, never negative.

use crate::Error;

/// An amount of money in fen (分, ¥0.01): 0 up to [`Fen::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);
    /// ¥10 billion, a hundred times the seed's whole district budget: a larger figure is a
    /// typing error, and sums of thousands of amounts stay far from `i64::MAX`.
    pub const MAX: Fen = Fen(1_000_000_000_000);

    /// `raw` fen for `field`, refused as a 422 when negative or above [`Fen::MAX`].
    pub fn parse(field: &'static str, raw: i64) -> Result<Self, Error> {
        if raw < 0 {
            return Err(Error::invalid(field, "negative_amount", format!("{field} must not be negative")));
        }
        if raw > Self::MAX.0 {
            return Err(Error::invalid(
                field,
                "amount_too_large",
                format!("{field} must be at most {} fen ({})", Self::MAX.0, Self::MAX.yuan()),
            ));
        }
        Ok(Fen(raw))
    }

    /// For amounts the database already holds (sums the server computed).
    pub const fn from_stored(fen: i64) -> Self {
        Fen(if fen < 0 { 0 } else { fen })
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    /// `self − other`, or zero when `other` is larger: a shortfall is never negative.
    pub const fn shortfall_after(self, other: Fen) -> Fen {
        Fen(if self.0 > other.0 { self.0 - other.0 } else { 0 })
    }

    pub const fn plus(self, other: Fen) -> Fen {
        Fen(self.0.saturating_add(other.0))
    }

    /// As a Chinese official writes it: `¥12,000` for whole yuan, `¥12,000.50` otherwise.
    pub fn yuan(self) -> String {
        let yuan = self.0 / 100;
        let fen = self.0 % 100;
        let digits = yuan.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if fen == 0 {
            format!("¥{grouped}")
        } else {
            format!("¥{grouped}.{fen:02}")
        }
    }
}

impl std::fmt::Display for Fen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.yuan())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_officials_write_them() {
        let cases = [(0, "¥0"), (5, "¥0.05"), (100, "¥1"), (1_200_000, "¥12,000"), (123_456_789, "¥1,234,567.89")];
        for (fen, text) in cases {
            assert_eq!(Fen::parse("budget_fen", fen).map(Fen::yuan).as_deref(), Ok(text), "{fen}");
        }
    }

    #[test]
    fn negative_and_absurd_amounts_are_refused() {
        let code = |raw| match Fen::parse("budget_fen", raw) {
            Err(Error::Invalid { code, field, .. }) => (field, code),
            other => panic!("{raw}: {other:?}"),
        };
        assert_eq!(code(-1), ("budget_fen", "negative_amount"));
        assert_eq!(code(Fen::MAX.get() + 1), ("budget_fen", "amount_too_large"));
        assert!(Fen::parse("budget_fen", Fen::MAX.get()).is_ok());
    }

    #[test]
    fn a_shortfall_is_never_negative() {
        assert_eq!(Fen(500).shortfall_after(Fen(200)), Fen(300));
        assert_eq!(Fen(200).shortfall_after(Fen(500)), Fen::ZERO);
    }
}

//! The rules of Gongzhi: who may do what, to which record, in which state.
//!
//! Nothing here does I/O. Callers load the facts a rule needs (a unit's ancestry, a
//! record's state) and ask; the answer is the same for the API, the screens and the tests.

/// A closed set of names that travel as snake_case strings (SQL, JSON, TypeScript).
/// `parse` refuses an unknown name as a 422 on `$field`, so a value in memory is known.
macro_rules! string_enum {
    ($(#[$m:meta])* $vis:vis enum $name:ident ($field:literal) { $($variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $s),+ }
            }

            pub fn parse(raw: &str) -> Result<Self, crate::Error> {
                match raw {
                    $($s => Ok(Self::$variant),)+
                    _ => Err(crate::Error::invalid(
                        $field,
                        concat!("unknown_", $field),
                        format!("unknown {} {:?}; expected one of: {}", $field, raw, [$($s),+].join(", ")),
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // As its name, so that a typed event stores `"verify"`, not a variant index.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A free-text value valid by construction: `$field` is its JSON field, one line or many,
/// `$min..=$max` characters after [`values::clean_text`]. A minimum above 0 makes a blank
/// text `{field}_required`; longer than `$max` is `{field}_length`; a non-blank text must
/// show something.
macro_rules! text_value {
    ($(#[$m:meta])* $vis:vis struct $name:ident ($field:literal, $lines:ident, $min:literal..=$max:literal);) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        $vis struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(raw: &str) -> Result<Self, crate::Error> {
                crate::values::bounded_text(
                    $field,
                    raw,
                    crate::values::Lines::$lines,
                    ($min, $max),
                    (concat!($field, "_required"), concat!($field, "_length")),
                )
                .map($name)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn into_inner(self) -> String {
                self.0
            }
        }
    };
}

/// A record's history (SPEC §3): each variant is one action, its fields what the action
/// recorded beyond the record's states. Stored as JSON tagged with the action's name
/// (`{"action":"refer","referred_to":"…","reason":"…"}`), the name also on the event's row.
/// Text fields are what was written then, kept as written: history is not re-validated by
/// today's rules.
macro_rules! history {
    ($(#[$m:meta])* $vis:vis enum $name:ident ($entity:ident) {
        $($(#[$vm:meta])* $variant:ident = $s:literal $({ $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? })?),+ $(,)?
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "action")]
        $vis enum $name {
            $($(#[$vm])* #[serde(rename = $s)] $variant $({ $($(#[$fm])* $field: $ty),* })?),+
        }

        impl crate::history::History for $name {
            const ENTITY: crate::history::Entity = crate::history::Entity::$entity;
            const ACTIONS: &'static [&'static str] = &[$($s),+];
            fn action(&self) -> &'static str {
                match self { $(Self::$variant { .. } => $s),+ }
            }
        }
    };
}

pub mod access;
pub mod api_key;
pub mod claim;
pub mod coordination;
pub mod demand;
pub mod disclosure;
pub mod duties;
pub mod error;
pub mod history;
pub mod login;
pub mod matching;
pub mod money;
pub mod notification;
pub mod org_unit;
pub mod organization;
pub mod project;
pub mod resource;
pub mod statistics;
pub mod text;
pub mod upkeep;
pub mod values;
pub mod volunteering;
pub mod workbench;

pub use error::Error;

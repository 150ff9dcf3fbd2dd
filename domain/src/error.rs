/// Why the domain refused. Each variant maps to exactly one HTTP status in `api`.
///
/// `code` is stable and machine-readable so screens can say it in the reader's language;
/// the message is the English fallback.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A field's value breaks a rule (422).
    #[error("{message}")]
    Invalid { field: &'static str, code: &'static str, message: String },
    /// The actor's roles or scopes do not allow this (403).
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    /// The record's current state does not allow this (409).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
}

impl Error {
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid { field, code, message: message.into() }
    }
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Error::Forbidden { code, message: message.into() }
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Error::Conflict { code, message: message.into() }
    }

    /// The stable code a screen words in the reader's language.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { code, .. } | Error::Forbidden { code, .. } | Error::Conflict { code, .. } => code,
        }
    }
}

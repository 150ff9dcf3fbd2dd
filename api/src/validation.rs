//! Collects every field error of a request into one 422, so a form shows them all at once.

use crate::error::{FieldError, FieldErrors};
use crate::ApiError;

#[derive(Default)]
pub struct Fields {
    errors: FieldErrors,
    first_code: Option<&'static str>,
}

impl Fields {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value, or records why it was refused.
    pub fn check<T>(&mut self, result: Result<T, domain::Error>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(domain::Error::Invalid { field, code, message }) => {
                self.push(field, code, message);
                None
            }
            // Only field rules are checked while parsing a body.
            Err(other) => {
                self.push("body", "invalid", other.to_string());
                None
            }
        }
    }

    /// Adds the derive-based checks of `validator`.
    pub fn validate(&mut self, body: &impl validator::Validate) {
        if let Err(errors) = body.validate() {
            for (field, errs) in errors.field_errors() {
                for e in errs {
                    let message = e
                        .message
                        .as_ref()
                        .map_or_else(|| format!("{field} is invalid ({})", e.code), |m| m.to_string());
                    self.push(&field, "invalid_field", message);
                }
            }
        }
    }

    pub fn push(&mut self, field: &str, code: &'static str, message: String) {
        self.first_code.get_or_insert(code);
        self.errors.entry(field.to_owned()).or_default().push(FieldError { code, message });
    }

    /// `Ok` only when nothing was refused; the parsed values are then all `Some`.
    pub fn finish(self) -> Result<(), ApiError> {
        match self.first_code {
            None => Ok(()),
            Some(code) => Err(ApiError::Unprocessable { code, errors: self.errors }),
        }
    }
}

/// After [`Fields::finish`] succeeded every checked value is present.
pub fn present<T>(value: Option<T>) -> Result<T, ApiError> {
    value.ok_or_else(|| ApiError::Internal("a checked field was missing after validation".into()))
}

/// Distinguishes a field left out (keep it) from one sent as `null` (clear it): with
/// `#[serde(default, deserialize_with = "present_or_null")]` on an `Option<Option<T>>`.
pub fn present_or_null<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

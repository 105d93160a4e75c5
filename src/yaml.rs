//! All YAML handling in one place.
//!
//! serde_yaml is unmaintained upstream; nothing else in the crate names it, so swapping it
//! for another implementation touches this file only. Errors come back as [`YamlError`]
//! with a 1-based line (relative to the YAML text given) so callers can point at the file.
//!
//! Reading goes through a fast path first ([`fast`]): the small, regular subset of YAML that
//! front matter normally uses is read directly into a `serde_json::Value` and `T` is
//! deserialized from that ([`strict`], as strict as serde_yaml). Anything outside the subset, any doubt, and any failure
//! (including `T` not deserializing from the value) falls back to serde_yaml, so results
//! and errors are serde_yaml's. `tests/yaml_fast.rs` checks the two paths agree.

mod fast;
mod strict;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A YAML syntax or type error, with where it happened in the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line in the YAML text, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The field the error is about, when the parser names one.
    pub field: Option<String>,
    /// What the parser said, without its own location suffix.
    pub message: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parse YAML text into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    match fast_from_str(text) {
        Some(value) => Ok(value),
        None => slow_from_str(text),
    }
}

/// Parse YAML text into a generic JSON-like value (for unknown fields and config extras).
pub fn to_json_value(text: &str) -> Result<serde_json::Value, YamlError> {
    match fast_to_json_value(text) {
        Some(value) => Ok(value),
        None => slow_from_str(text),
    }
}

/// The fast path alone: `None` when it does not handle `text` (outside the subset, or `T`
/// does not deserialize from what it read). For the differential tests; use [`from_str`].
#[doc(hidden)]
pub fn fast_from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    T::deserialize(strict::Strict(fast::parse(text)?)).ok()
}

/// The fast path alone, as a generic value. For the differential tests; use [`to_json_value`].
#[doc(hidden)]
pub fn fast_to_json_value(text: &str) -> Option<serde_json::Value> {
    fast::parse(text)
}

/// serde_yaml alone. For the differential tests; use [`from_str`].
#[doc(hidden)]
pub fn slow_from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| convert_error(&e))
}

/// Serialize `value` as YAML (block style, fields in declaration order).
pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(|e| convert_error(&e))
}

fn convert_error(e: &serde_yaml::Error) -> YamlError {
    let loc = e.location();
    let mut message = e.to_string();
    // serde_yaml appends " at line L column C", and may say where a construct began
    // (", while scanning a quoted scalar at line 2 column 8"); we report the location
    // ourselves, so keep the words and drop every position.
    while let Some(pos) = message.find(" at line ") {
        let rest = &message[pos + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let mut end = digits(rest);
        if let Some(col) = rest[end..].strip_prefix(" column ") {
            end += " column ".len() + digits(col);
        }
        message.replace_range(pos..pos + " at line ".len() + end, "");
    }
    // Field errors read "field: what is wrong".
    let field = message
        .split_once(": ")
        .map(|(f, _)| f)
        .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_alphanumeric() || "_.[]".contains(c)))
        .map(str::to_string);
    YamlError {
        line: loc.as_ref().map(|l| l.line()),
        column: loc.as_ref().map(|l| l.column()),
        field,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct T {
        title: String,
        weight: u32,
    }

    #[test]
    fn reports_field_and_line_of_a_type_error() {
        let err = from_str::<T>("title: x\nweight: many\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert_eq!(err.field.as_deref(), Some("weight"));
        assert!(err.message.contains("invalid"), "{}", err.message);
    }

    #[test]
    fn reports_line_of_a_syntax_error() {
        let err = from_str::<T>("title: x\nweight: [1,\n").unwrap_err();
        assert!(err.line.is_some());
    }
}

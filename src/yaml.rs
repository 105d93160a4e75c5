//! All YAML handling in one place.
//!
//! serde_yaml is unmaintained upstream; nothing else in the crate names it, so swapping it
//! for another implementation touches this file only. Errors come back as [`YamlError`]
//! with a 1-based line (relative to the YAML text given) so callers can point at the file.
//!
//! Reading goes through a fast path first (`yaml::fast`): the small, regular subset of YAML that
//! front matter normally uses is read directly into a `serde_json::Value` and `T` is
//! deserialized from that (`yaml::strict`, as strict as serde_yaml). Anything outside the subset, any doubt, and any failure
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

/// Largest YAML text read (front matter, `site.yaml`, `tags.yaml`).
pub const MAX_BYTES: usize = 256 * 1024;
/// Deepest nesting of flow collections (`[`, `{`) or of indentation levels.
pub const MAX_DEPTH: usize = 64;
/// Most aliases (`*name`) in one text: front matter needs none, and each one can multiply
/// the size of what is read.
pub const MAX_ALIASES: usize = 8;

/// Refuse, before any parser sees it, YAML that would cost more than its size suggests:
/// too large, too deeply nested, or with too many aliases. One linear pass that knows
/// quoted scalars (which may span lines), plain scalars, block scalars (`|`, `>`) and
/// comments, so text inside a value never counts as nesting or aliases.
pub fn check_limits(text: &str) -> Result<(), YamlError> {
    if text.len() > MAX_BYTES {
        return Err(limit_error(
            1,
            format!(
                "the YAML is {} bytes; the limit is {MAX_BYTES} (move long text into the body)",
                text.len()
            ),
        ));
    }
    let mut scan = LimitScan::default();
    for (i, line) in text.lines().enumerate() {
        scan.line(line).map_err(|m| limit_error(i + 1, m))?;
    }
    Ok(())
}

fn limit_error(line: usize, message: String) -> YamlError {
    YamlError {
        line: Some(line),
        column: None,
        field: None,
        message,
    }
}

#[derive(Default)]
struct LimitScan {
    /// Open flow collections.
    depth: usize,
    aliases: usize,
    /// Inside a quoted scalar that did not close on its line: its quote.
    quote: Option<char>,
    /// Inside a block scalar: the indentation of the line that opened it.
    block: Option<usize>,
}

impl LimitScan {
    fn line(&mut self, line: &str) -> Result<(), String> {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(parent) = self.block {
            if line.trim().is_empty() || indent > parent {
                return Ok(());
            }
            self.block = None;
        }
        let mut rest = line;
        if let Some(q) = self.quote {
            match close_quote(rest, q) {
                Some(after) => {
                    self.quote = None;
                    rest = after;
                }
                None => return Ok(()),
            }
            if self.depth == 0 {
                return Ok(());
            }
            return self.flow(rest);
        }
        if self.depth > 0 {
            return self.flow(rest);
        }
        if indent > MAX_DEPTH * 4 {
            return Err(format!(
                "indented {indent} columns; nesting is limited to {MAX_DEPTH} levels"
            ));
        }
        // Block context: `- ` items, then an optional `key:`, then the value.
        rest = rest.trim_start();
        while let Some(r) = rest
            .strip_prefix("- ")
            .or(if rest == "-" { Some("") } else { None })
        {
            rest = r.trim_start();
        }
        if rest.starts_with('#') {
            return Ok(());
        }
        if !matches!(rest.chars().next(), Some('"' | '\'' | '[' | '{')) {
            if let Some(i) = rest.find(": ") {
                rest = rest[i + 2..].trim_start();
            } else if let Some(r) = rest.strip_suffix(':') {
                rest = &r[r.len()..];
            }
        }
        self.value(indent, rest)
    }

    /// A value in block context.
    fn value(&mut self, indent: usize, mut v: &str) -> Result<(), String> {
        loop {
            match v.chars().next() {
                None | Some('#') => return Ok(()),
                Some('*') => {
                    self.alias()?;
                    return Ok(());
                }
                Some('&' | '!') => {
                    // An anchor or tag, then the value proper.
                    let end = v.find([' ', '\t']).unwrap_or(v.len());
                    v = v[end..].trim_start();
                }
                Some(q @ ('"' | '\'')) => {
                    match close_quote(&v[1..], q) {
                        Some(_) => {}
                        None => self.quote = Some(q),
                    }
                    return Ok(());
                }
                Some('|' | '>') => {
                    self.block = Some(indent);
                    return Ok(());
                }
                Some('[' | '{') => return self.flow(v),
                // A plain scalar: to the end of the line.
                Some(_) => return Ok(()),
            }
        }
    }

    /// Text inside flow collections (or opening one).
    fn flow(&mut self, text: &str) -> Result<(), String> {
        let mut prev = ' ';
        for (i, c) in text.char_indices() {
            let token_start = matches!(prev, ' ' | '\t' | '[' | '{' | ',' | ':');
            match c {
                '[' | '{' => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(format!("brackets nested deeper than {MAX_DEPTH} levels"));
                    }
                }
                ']' | '}' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return Ok(());
                    }
                }
                '"' | '\'' if token_start => match close_quote(&text[i + 1..], c) {
                    Some(after) => {
                        return self.flow(after);
                    }
                    None => {
                        self.quote = Some(c);
                        return Ok(());
                    }
                },
                '*' if token_start => self.alias()?,
                '#' if matches!(prev, ' ' | '\t') => return Ok(()),
                _ => {}
            }
            prev = c;
        }
        Ok(())
    }

    fn alias(&mut self) -> Result<(), String> {
        self.aliases += 1;
        if self.aliases > MAX_ALIASES {
            return Err(format!(
                "more than {MAX_ALIASES} aliases (`*name`); write the values out"
            ));
        }
        Ok(())
    }
}

/// The text after the quote `q` that closes a scalar opened before `s`, if it closes on
/// this line.
fn close_quote(s: &str, q: char) -> Option<&str> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match (q, b[i]) {
            ('"', b'\\') => i += 2,
            ('"', b'"') => return Some(&s[i + 1..]),
            ('\'', b'\'') if b.get(i + 1) == Some(&b'\'') => i += 2,
            ('\'', b'\'') => return Some(&s[i + 1..]),
            _ => i += 1,
        }
    }
    None
}

/// Parse YAML text into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    check_limits(text)?;
    match fast_from_str(text) {
        Some(value) => Ok(value),
        None => slow_from_str(text),
    }
}

/// Parse YAML text into a generic JSON-like value (for unknown fields and config extras).
pub fn to_json_value(text: &str) -> Result<serde_json::Value, YamlError> {
    check_limits(text)?;
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
    fn limits_refuse_bombs_quickly_with_a_line() {
        // An alias bomb.
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..20 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let start = std::time::Instant::now();
        let e = to_json_value(&bomb).unwrap_err();
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
        assert!(e.message.contains("aliases"), "{}", e.message);
        assert_eq!(e.line, Some(4), "the line with the ninth alias");
        // Deep flow nesting.
        let deep = format!("t: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let e = to_json_value(&deep).unwrap_err();
        assert!(e.message.contains("nested"), "{}", e.message);
        // Size.
        let big = format!("title: \"{}\"\n", "a".repeat(MAX_BYTES));
        assert!(from_str::<T>(&big).unwrap_err().message.contains("limit"));
        // Ordinary front matter with `*` in text is fine.
        let ok = "title: 'a * b'\nweight: 3\nsummary: \"**Đậm** và *nghiêng*\"\n";
        let t: T = from_str(ok).unwrap();
        assert_eq!(t.weight, 3);
        // Brackets and stars inside values are text, however many.
        let many = format!(
            "title: o [o [o {}\nsummary: \"{}\"\nx: '{}'\ny: |-\n  {}\nz: [\"{}\", '*a']\n",
            "[".repeat(200),
            "*a [".repeat(100),
            "{*a ".repeat(100),
            "[[*a ".repeat(100),
            "]]*b".repeat(100)
        );
        to_json_value(&many).unwrap();
        let few = "a: &x 1\nb: *x\nc: [*x, *x]\n";
        assert_eq!(to_json_value(few).unwrap()["c"][1], serde_json::json!(1));
    }

    #[test]
    fn reports_line_of_a_syntax_error() {
        let err = from_str::<T>("title: x\nweight: [1,\n").unwrap_err();
        assert!(err.line.is_some());
    }
}

//! A fast reader for the small, regular subset of YAML that front matter normally uses.
//!
//! It returns `None` ("not handled") whenever the text is outside the subset or there is
//! any doubt about how serde_yaml 0.9 would read it; the caller then falls back to
//! serde_yaml, which also produces every error. When it returns `Some`, the value is the
//! `serde_json::Value` that serde_yaml would give for the same text.
//!
//! The subset:
//! - a block mapping at the top level (column 0) with plain keys (`[A-Za-z_][A-Za-z0-9_-]*`,
//!   not a null, boolean or yes/no word), each key once;
//! - values on the key's line: plain one-line scalars, single- or double-quoted one-line
//!   strings (all double-quoted escapes), null (`null`, `Null`, `NULL`, `~`, empty), and flow
//!   sequences `[a, "b", 'c']` of such scalars;
//! - or, under an empty value: a block sequence of one-line scalars (`- item` lines, all at
//!   one indentation, which may be the key's own), or one nested block mapping level whose
//!   values are again scalars or flow sequences;
//! - comment lines, comments after quoted scalars, flow sequences and empty values, and
//!   blank lines.
//!
//! Plain scalars are typed as serde_yaml types them, restricted to null words, `true` and
//! `false`, decimal integers without leading zeros (`12`, `-3`, at most 18 digits), and
//! strings that serde_yaml can not read as anything else. Everything else declines:
//! tabs, carriage returns, control and other non-printable characters, anchors, aliases,
//! tags, block scalars, multi-line scalars, ` #` or `: ` in a plain scalar, leading
//! indicator characters, other number and boolean forms, flow mappings, document markers.

use serde_json::{Map, Number, Value};

/// Parse `text` if it is inside the subset; `None` means "not handled".
pub(super) fn parse(text: &str) -> Option<Value> {
    if !text.chars().all(allowed_char) {
        return None;
    }
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .filter_map(|line| {
            let rest = line.trim_start_matches(' ');
            if rest.is_empty() || rest.starts_with('#') {
                None
            } else {
                Some((line.len() - rest.len(), rest))
            }
        })
        .collect();
    if lines.is_empty() {
        return None;
    }
    let mut root = Map::new();
    let mut i = 0;
    while i < lines.len() {
        let (indent, rest) = lines[i];
        if indent != 0 {
            return None;
        }
        let (key, after) = split_key(rest)?;
        if root.contains_key(key) {
            return None;
        }
        i += 1;
        let value = match value_text(after)? {
            Some(v) => inline_value(v, true)?,
            None => match lines.get(i) {
                Some(&(d, r)) if is_item(r) => {
                    let mut items = Vec::new();
                    while let Some(&(d2, r2)) = lines.get(i) {
                        if d2 != d || !is_item(r2) {
                            break;
                        }
                        let v = value_text(&r2[1..])??;
                        items.push(inline_value(v, false)?);
                        i += 1;
                    }
                    Value::Array(items)
                }
                Some(&(d, _)) if d > 0 => {
                    let mut map = Map::new();
                    while let Some(&(d2, r2)) = lines.get(i) {
                        if d2 != d {
                            break;
                        }
                        let (k, a) = split_key(r2)?;
                        if map.contains_key(k) {
                            return None;
                        }
                        let v = match value_text(a)? {
                            Some(v) => inline_value(v, true)?,
                            None => Value::Null,
                        };
                        map.insert(k.to_string(), v);
                        i += 1;
                    }
                    Value::Object(map)
                }
                _ => Value::Null,
            },
        };
        root.insert(key.to_string(), value);
    }
    Some(Value::Object(root))
}

/// Characters that may appear raw: newline, printable ASCII, and printable non-ASCII other
/// than YAML's extra line breaks, the BOM and non-characters.
fn allowed_char(c: char) -> bool {
    matches!(c, '\n' | ' '..='~')
        || matches!(c as u32, 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10_FFFF)
            && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A block sequence entry: `- ` then the item.
fn is_item(rest: &str) -> bool {
    rest.starts_with("- ")
}

/// `key` and what follows its `:` on a `key: value` or `key:` line.
fn split_key(rest: &str) -> Option<(&str, &str)> {
    let bytes = rest.as_bytes();
    if !(bytes[0].is_ascii_alphabetic() || bytes[0] == b'_') {
        return None;
    }
    let end = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    // libyaml limits simple keys to 1024 characters; stay well below.
    if end > 128 || bytes[end] != b':' || !matches!(bytes.get(end + 1), None | Some(b' ')) {
        return None;
    }
    let key = &rest[..end];
    if !matches!(plain_scalar(key)?, Value::String(_)) {
        return None;
    }
    Some((key, &rest[end + 1..]))
}

/// The value text after `:` or `-` (which was followed by a space or the end of the line):
/// `Some(None)` when it is empty or only a comment, `None` when it can not be handled.
fn value_text(after: &str) -> Option<Option<&str>> {
    let v = after.trim_start_matches(' ');
    if v.is_empty() || v.starts_with('#') {
        return Some(None);
    }
    Some(Some(v))
}

/// A value on the line: quoted, flow sequence (when `flow` is allowed), or plain.
fn inline_value(v: &str, flow: bool) -> Option<Value> {
    let (value, tail) = match v.as_bytes()[0] {
        b'"' => {
            let (s, tail) = double_quoted(&v[1..])?;
            (Value::String(s), tail)
        }
        b'\'' => {
            let (s, tail) = single_quoted(&v[1..])?;
            (Value::String(s), tail)
        }
        b'[' if flow => flow_sequence(&v[1..])?,
        _ => {
            if v.contains(" #") {
                return None;
            }
            let s = v.trim_end_matches(' ');
            if s.contains(": ") || s.ends_with(':') {
                return None;
            }
            return plain_scalar(s);
        }
    };
    end_of_line(tail)?;
    Some(value)
}

/// After a closed scalar or sequence: nothing, or spaces and a comment.
fn end_of_line(tail: &str) -> Option<()> {
    let t = tail.trim_start_matches(' ');
    if t.is_empty() || (t.len() < tail.len() && t.starts_with('#')) {
        Some(())
    } else {
        None
    }
}

/// Type a plain scalar the way serde_yaml does, or decline when in doubt.
fn plain_scalar(s: &str) -> Option<Value> {
    let first = s.chars().next()?;
    if let "null" | "Null" | "NULL" | "~" = s {
        return Some(Value::Null);
    }
    match s {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    // Other boolean spellings (YAML 1.1 and capitalised forms) are read differently by
    // different YAML tools; leave them to serde_yaml.
    if s.len() <= 5
        && matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "y" | "n" | "yes" | "no" | "on" | "off" | "null"
        )
    {
        return None;
    }
    if let Some(n) = decimal_integer(s) {
        return Some(Value::Number(n));
    }
    if "-?:,[]{}#&*!|>'\"%@`.+~".contains(first) {
        return None;
    }
    // Anything serde_yaml could read as a number (any radix, floats, inf/nan) declines.
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = unsigned.get(..2).map(str::to_ascii_lowercase);
    if matches!(lower.as_deref(), Some("0x" | "0o" | "0b"))
        || s.parse::<f64>().is_ok()
        || unsigned.parse::<f64>().is_ok()
    {
        return None;
    }
    Some(Value::String(s.to_string()))
}

/// `0`, `12`, `-3`: decimal integers without a `+` sign or leading zeros, at most 18 digits.
fn decimal_integer(s: &str) -> Option<Number> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    if digits.is_empty()
        || digits.len() > 18
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.starts_with('0') && (digits.len() > 1 || negative))
    {
        return None;
    }
    if negative {
        s.parse::<i64>().ok().map(Number::from)
    } else {
        s.parse::<u64>().ok().map(Number::from)
    }
}

/// A single-quoted scalar closed on this line (`''` is a quote): the string and the rest.
fn single_quoted(s: &str) -> Option<(String, &str)> {
    // Sized to the text before the first quote (all of it, unless `''` follows): sized to
    // the rest of the line, every item of `tags: ['a', 'b']` would hold the whole line.
    let mut out = String::with_capacity(s.find('\'').unwrap_or(s.len()));
    let mut rest = s;
    loop {
        let q = rest.find('\'')?;
        out.push_str(&rest[..q]);
        rest = &rest[q + 1..];
        if let Some(r) = rest.strip_prefix('\'') {
            out.push('\'');
            rest = r;
        } else {
            return Some((out, rest));
        }
    }
}

/// A double-quoted scalar closed on this line: the string and the rest.
fn double_quoted(s: &str) -> Option<(String, &str)> {
    // Sized to the text before the first quote (see `single_quoted`).
    let mut out = String::with_capacity(s.find('"').unwrap_or(s.len()));
    let mut rest = s;
    loop {
        // Copy the run up to the next quote or backslash (both ASCII) in one go.
        let p = rest.bytes().position(|b| b == b'"' || b == b'\\')?;
        out.push_str(&rest[..p]);
        if rest.as_bytes()[p] == b'"' {
            return Some((out, &rest[p + 1..]));
        }
        let mut chars = rest[p + 1..].chars();
        let hex = |chars: &mut std::str::Chars<'_>, n: usize| -> Option<char> {
            let mut code = 0u32;
            for _ in 0..n {
                code = code * 16 + chars.next()?.to_digit(16)?;
            }
            char::from_u32(code)
        };
        out.push(match chars.next()? {
            '0' => '\0',
            'a' => '\x07',
            'b' => '\x08',
            't' => '\t',
            'n' => '\n',
            'v' => '\x0b',
            'f' => '\x0c',
            'r' => '\r',
            'e' => '\x1b',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u{85}',
            '_' => '\u{a0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            'x' => hex(&mut chars, 2)?,
            'u' => hex(&mut chars, 4)?,
            'U' => hex(&mut chars, 8)?,
            _ => return None,
        });
        rest = chars.as_str();
    }
}

/// A flow sequence of scalars after its `[`, closed on this line: the array and the rest.
fn flow_sequence(s: &str) -> Option<(Value, &str)> {
    let mut items = Vec::new();
    let mut rest = s.trim_start_matches(' ');
    if let Some(r) = rest.strip_prefix(']') {
        return Some((Value::Array(items), r));
    }
    loop {
        let (item, r) = match rest.as_bytes().first()? {
            b'"' => {
                let (s, r) = double_quoted(&rest[1..])?;
                (Value::String(s), r)
            }
            b'\'' => {
                let (s, r) = single_quoted(&rest[1..])?;
                (Value::String(s), r)
            }
            _ => {
                let end = rest.find([',', ']'])?;
                let text = rest[..end].trim_end_matches(' ');
                if text.contains(['[', '{', '}', '#', ':']) {
                    return None;
                }
                (plain_scalar(text)?, &rest[end..])
            }
        };
        items.push(item);
        rest = r.trim_start_matches(' ');
        if let Some(r) = rest.strip_prefix(']') {
            return Some((Value::Array(items), r));
        }
        rest = rest.strip_prefix(',')?.trim_start_matches(' ');
        if rest.starts_with([']', ',']) {
            return None;
        }
    }
}

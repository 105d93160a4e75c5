//! Front-matter errors in an editor's words, at the line that is wrong.
//!
//! A YAML parser reports where it noticed a problem, which is not always where the
//! problem is: an unclosed quote is noticed at the end of the front matter, a duplicate
//! key at the first of the two. And it speaks of types (`expected u32`). This module moves
//! the line to the one an editor must fix and says, for every field bantin reads, what
//! the field is and what it must hold.

/// What each known field must hold, in words an editor knows.
fn field_rule(field: &str) -> Option<&'static str> {
    Some(match field {
        "title" => "must be text: the title readers see",
        "date" => "must be a date such as 2022-09-15 or 2022-09-15T16:27:00+07:00",
        "section" => "must be text: the rubric the article belongs to",
        "authors" => "must be a list of names, such as `authors: [Hương Anh, Minh Đức]`",
        "byline" => "must be text: the byline as printed",
        "tags" => "must be a list, such as `tags: [Quảng Ninh, Khoa học]`",
        "summary" => "must be text: one or two sentences for lists and feeds",
        "captions" => "must be a list of texts, one per photo",
        "weight" => "must be a whole number: the article's place in the issue (1, 2, 3…)",
        "source" => "must say where the text came from (`file:` and `lines:`)",
        "series" => "must be text: the bulletin's name without its number",
        "issue" => "must be a whole number: the issue's number (or `null`)",
        "year" => "must be a year such as 2022",
        "publisher" => "must be text: who published the bulletin",
        "title_inferred" | "date_estimated" => "must be `true` or `false`",
        _ => return None,
    })
}

/// A front-matter error as an editor should read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Explained {
    /// 1-based line within the YAML text.
    pub line: Option<usize>,
    /// The field involved.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

/// Explain a YAML error about `yaml` (the front matter between the `---` lines).
pub(crate) fn explain(
    yaml: &str,
    line: Option<usize>,
    field: Option<&str>,
    message: &str,
) -> Explained {
    let mut out = Explained {
        line,
        field: field.map(str::to_string),
        message: message.to_string(),
        hint: None,
    };
    if let Some(dup) = duplicate_key(message) {
        out.field = Some(dup.to_string());
        out.line = nth_key_line(yaml, dup, 2).or(line);
        out.message = "given twice".to_string();
        out.hint = Some("keep one of the two lines".into());
        return out;
    }
    if message.contains("quoted scalar") {
        if let Some(l) = unclosed_quote_line(yaml) {
            out.line = Some(l);
            out.message = "a quote opened on this line is never closed".into();
            out.hint = Some("close the quote at the end of the value, or remove it".into());
            return out;
        }
    }
    if let Some(rule) = field.and_then(field_rule) {
        let found = found_value(message);
        out.message = match found {
            Some(v) => format!("{rule}, not {v}"),
            None => rule.to_string(),
        };
        out.hint = Some(match field {
            Some("title" | "section" | "summary" | "byline" | "series" | "publisher") => {
                "put the value in double quotes if it holds `:` or starts with a special character"
                    .into()
            }
            _ => "correct the value on this line".into(),
        });
    }
    out
}

/// `duplicate field `title`` → `title`.
fn duplicate_key(message: &str) -> Option<&str> {
    let rest = message.split("duplicate field `").nth(1)?;
    rest.split('`').next()
}

/// The line of the `n`th top-level `key:` in `yaml`.
fn nth_key_line(yaml: &str, key: &str, n: usize) -> Option<usize> {
    yaml.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .nth(n - 1)
        .map(|(i, _)| i + 1)
}

/// The first line whose value opens a quote it does not close.
fn unclosed_quote_line(yaml: &str) -> Option<usize> {
    for (i, line) in yaml.lines().enumerate() {
        let value = match line.trim_start().strip_prefix("- ") {
            Some(item) => item.trim_start(),
            None => match line.split_once(": ") {
                Some((_, v)) => v.trim_start(),
                None => continue,
            },
        };
        let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if !closes(&value[1..], q) {
            return Some(i + 1);
        }
    }
    None
}

/// Whether a quoted value (after its opening quote `q`) is closed on the same line.
fn closes(rest: &str, q: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if q == '"' => {
                chars.next();
            }
            // In single quotes, `''` is an escaped quote.
            '\'' if q == '\'' && chars.peek() == Some(&'\'') => {
                chars.next();
            }
            c if c == q => return true,
            _ => {}
        }
    }
    false
}

/// The value a type error quotes (`invalid type: string "tám", expected u32` → `"tám"`).
fn found_value(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let found = rest.split(", expected").next()?.trim();
    let found = found
        .strip_prefix("string ")
        .map(str::to_string)
        .unwrap_or_else(|| match found {
            "sequence" => "a list".into(),
            "map" => "a group of fields".into(),
            "unit value" | "null" => "empty".into(),
            other => other.into(),
        });
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_is_reported_at_its_second_line() {
        let yaml = "title: Một\ndate: 2022-01-01\ntitle: Hai\n";
        let e = explain(yaml, Some(1), None, "duplicate field `title`");
        assert_eq!(e.line, Some(3));
        assert_eq!(e.field.as_deref(), Some("title"));
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let yaml = "title: x\nsummary: \"Mở mà không đóng\ntags: [a]\nweight: 1\n";
        let e = explain(
            yaml,
            Some(5),
            None,
            "found unexpected end of stream while scanning a quoted scalar",
        );
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("never closed"));
        // Escaped and doubled quotes do not count as closing or opening.
        assert_eq!(unclosed_quote_line("a: \"x \\\" y\"\nb: 'it''s'\n"), None);
        assert_eq!(unclosed_quote_line("a: ok\n- 'open\n"), Some(2));
    }

    #[test]
    fn a_type_error_says_what_the_field_is_for() {
        let e = explain(
            "weight: tám\n",
            Some(1),
            Some("weight"),
            "invalid type: string \"tám\", expected u32",
        );
        assert!(e.message.contains("whole number"), "{}", e.message);
        assert!(e.message.contains("place in the issue"), "{}", e.message);
        assert!(e.message.ends_with("not \"tám\""), "{}", e.message);
        assert!(!e.message.contains("u32"));
        let e = explain(
            "tags: Quảng Ninh\n",
            Some(1),
            Some("tags"),
            "invalid type: string \"Quảng Ninh\", expected a sequence",
        );
        assert!(e.message.contains("must be a list"), "{}", e.message);
    }

    #[test]
    fn other_errors_pass_through() {
        let e = explain(
            "x: [\n",
            Some(1),
            None,
            "did not find expected node content",
        );
        assert_eq!(e.message, "did not find expected node content");
        assert_eq!(e.line, Some(1));
    }
}

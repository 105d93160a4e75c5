//! A strict well-formedness check for the XML bantin writes (feeds, sitemap).
//!
//! Stricter than a feed reader, which forgives much: the text must be UTF-8, every
//! character (written or referenced) must be one XML 1.0 allows, tags must nest and close,
//! there must be exactly one root element, entity references must be the five XML
//! predefines, and attributes must be well formed and not repeated.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Why a document is not well-formed XML, and at which byte.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not well-formed XML at byte {offset}: {message}")]
pub struct XmlProblem {
    /// Byte offset in the document.
    pub offset: u64,
    /// What is wrong.
    pub message: String,
}

/// Whether `c` is a `Char` of XML 1.0.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Check `bytes` as one well-formed XML document.
pub fn check_well_formed(bytes: &[u8]) -> Result<(), XmlProblem> {
    let problem = |offset: u64, message: String| XmlProblem { offset, message };
    let text = std::str::from_utf8(bytes)
        .map_err(|e| problem(e.valid_up_to() as u64, "not UTF-8".into()))?;
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| !is_xml_char(c)) {
        return Err(problem(
            i as u64,
            format!("character U+{:04X} is not allowed in XML", c as u32),
        ));
    }
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    loop {
        let at = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| problem(reader.error_position(), e.to_string()))?;
        match ev {
            Event::Start(ref s) | Event::Empty(ref s) => {
                if stack.is_empty() {
                    roots += 1;
                    if roots > 1 {
                        return Err(problem(at, "a second root element".into()));
                    }
                }
                for attr in s.attributes().with_checks(true) {
                    let attr = attr.map_err(|e| problem(at, e.to_string()))?;
                    check_refs(&attr.value)
                        .map_err(|m| problem(at, format!("attribute value: {m}")))?;
                }
                if matches!(ev, Event::Start(_)) {
                    stack.push(s.name().as_ref().to_string());
                }
            }
            Event::End(e) => {
                let open = stack.pop();
                if open.as_deref() != Some(e.name().as_ref() as &str) {
                    return Err(problem(
                        at,
                        format!(
                            "closing tag `{}` does not match the open element",
                            e.name().as_ref()
                        ),
                    ));
                }
            }
            Event::Text(t) => {
                if stack.is_empty() && !t.trim_ascii().is_empty() {
                    return Err(problem(at, "text outside the root element".into()));
                }
            }
            Event::GeneralRef(r) => {
                if stack.is_empty() {
                    return Err(problem(at, "a reference outside the root element".into()));
                }
                check_ref(&r).map_err(|m| problem(at, m))?;
            }
            Event::CData(_) | Event::Comment(_) | Event::PI(_) | Event::Decl(_) => {}
            Event::DocType(_) => {
                return Err(problem(at, "a DOCTYPE (feeds must not declare one)".into()))
            }
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(problem(
            text.len() as u64,
            format!("element `{open}` is never closed"),
        ));
    }
    if roots == 0 {
        return Err(problem(0, "no root element".into()));
    }
    Ok(())
}

/// Check one reference's name (between `&` and `;`).
fn check_ref(name: &str) -> Result<(), String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix('x') {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()
            }
            None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => num.parse().ok(),
            _ => None,
        };
        return match code.and_then(char::from_u32) {
            Some(c) if is_xml_char(c) => Ok(()),
            _ => Err(format!(
                "`&{name};` refers to a character XML does not allow"
            )),
        };
    }
    match name {
        "lt" | "gt" | "amp" | "apos" | "quot" => Ok(()),
        _ => Err(format!("undefined entity `&{name};`")),
    }
}

/// Check every reference in a raw attribute value.
fn check_refs(raw: &str) -> Result<(), String> {
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        rest = &rest[i + 1..];
        let end = rest
            .find(';')
            .ok_or_else(|| "an `&` that starts no reference".to_string())?;
        check_ref(&rest[..end])?;
        rest = &rest[end + 1..];
    }
    if raw.contains('<') {
        return Err("a `<` in an attribute value".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_feed() {
        let x =
            "<?xml version=\"1.0\"?>\n<rss a=\"1 &amp; 2\"><t>x &lt; y &#x1EC3;</t><e/></rss>\n";
        assert_eq!(check_well_formed(x.as_bytes()), Ok(()));
    }

    #[test]
    fn refuses_what_xml_forbids() {
        for bad in [
            "<a>\u{FFFF}</a>",
            "<a>\u{FFFE}</a>",
            "<a>\u{1}</a>",
            "<a>&#xFFFF;</a>",
            "<a>&#1;</a>",
            "<a>&nbsp;</a>",
            "<a><b></a>",
            "<a>",
            "<a></a><b></b>",
            "x<a></a>",
            "<a x=\"1\" x=\"2\"></a>",
            "<a x=\"&bogus;\"></a>",
            "",
        ] {
            assert!(check_well_formed(bad.as_bytes()).is_err(), "{bad:?}");
        }
        assert!(check_well_formed(b"<a>\xff</a>").is_err());
    }
}

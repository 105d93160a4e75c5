//! Which link targets a page may carry.
//!
//! Only `http:`, `https:`, `mailto:`, relative links and `#fragments` are published. Any
//! other scheme (`javascript:`, `vbscript:`, `data:`, `file:` …) is neutralised to `#`,
//! whatever its case, and however it is disguised: HTML entities (`&#106;avascript:`),
//! percent-encoding (`%6Aavascript:`), and tabs, newlines or control characters inside the
//! scheme (which browsers drop) are all undone before the scheme is read. Links written as
//! inline links, reference links, autolinks or images are treated the same.

use pulldown_cmark::{CowStr, Event, Parser, Tag};

/// Schemes a published link may use.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// What an unsafe link is replaced with.
pub const NEUTRAL_URL: &str = "#";

/// Whether `url` may be published as a link or image target.
pub fn is_safe_url(url: &str) -> bool {
    match scheme(url) {
        None => true,
        Some(s) => ALLOWED_SCHEMES.contains(&s.as_str()),
    }
}

/// The scheme `url` would have in a browser, lowercased, after undoing disguises; `None`
/// for a relative link or fragment. A `:` before any `/ ? # \` makes a scheme, even an
/// invalid one (so such links are refused rather than guessed about).
fn scheme(url: &str) -> Option<String> {
    let mut s = strip_invisible(url);
    // Decoding can reveal more encoding (`&amp;#58;`); a few rounds settle every real case,
    // and a text that still changes after them is refused.
    for _ in 0..4 {
        let next = strip_invisible(&percent_decode(&entity_decode(&s)));
        if next == s {
            return scheme_of_plain(&s);
        }
        s = next;
    }
    Some(String::from("(undecodable)"))
}

fn scheme_of_plain(s: &str) -> Option<String> {
    let end = s.find([':', '/', '?', '#', '\\'])?;
    if s.as_bytes()[end] != b':' {
        return None;
    }
    Some(s[..end].to_ascii_lowercase())
}

/// Remove whitespace and control characters (browsers drop tabs and newlines anywhere and
/// trim the rest; removing all of them can only make the check stricter).
fn strip_invisible(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !(c.is_whitespace()
                || c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'))
        })
        .collect()
}

fn entity_decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let (decoded, used) = decode_one_entity(rest);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// Decode the entity after an `&`: the character and how many bytes it used. Numeric
/// references without the closing `;` count, as browsers accept them.
fn decode_one_entity(s: &str) -> (Option<char>, usize) {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let (hex, start) = match b.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let digits = b[start..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return (None, 0);
        }
        let text = &s[start..start + digits];
        let value = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
        let mut used = start + digits;
        if b.get(used) == Some(&b';') {
            used += 1;
        }
        return (Some(char::from_u32(value).unwrap_or('\u{FFFD}')), used);
    }
    const NAMED: &[(&str, char)] = &[
        ("colon;", ':'),
        ("Tab;", '\t'),
        ("NewLine;", '\n'),
        ("amp;", '&'),
        ("amp", '&'),
        ("sol;", '/'),
        ("num;", '#'),
        ("quest;", '?'),
        ("lpar;", '('),
        ("rpar;", ')'),
    ];
    for (name, c) in NAMED {
        if s.starts_with(name) {
            return (Some(*c), name.len());
        }
    }
    (None, 0)
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hi = (b[i + 1] as char).to_digit(16);
            let lo = (b[i + 2] as char).to_digit(16);
            if let (Some(h), Some(l)) = (hi, lo) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The event with an unsafe link or image target replaced by [`NEUTRAL_URL`].
pub fn sanitize_event(ev: Event<'_>) -> Event<'_> {
    match ev {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !is_safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed(NEUTRAL_URL),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !is_safe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed(NEUTRAL_URL),
            title,
            id,
        }),
        e => e,
    }
}

/// Every unsafe link or image target in `markdown`: its 1-based line and the target as
/// written (control characters escaped, long targets shortened), for warnings.
pub fn unsafe_links(markdown: &str) -> Vec<(usize, String)> {
    // Every link form needs one of these: `](` inline, `]:` a reference definition, `<` an
    // autolink. Most articles have none, and skip the parse.
    if !(markdown.contains("](") || markdown.contains("]:") || markdown.contains('<')) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut line = 1;
    let mut counted = 0;
    for (ev, range) in Parser::new_ext(markdown, super::markdown::options()).into_offset_iter() {
        let dest = match &ev {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if is_safe_url(dest) {
            continue;
        }
        // Offsets only grow for link starts, so counting lines is linear overall.
        let upto = range.start.max(counted);
        line += markdown.as_bytes()[counted..upto]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = upto;
        out.push((line, shown(dest)));
    }
    out
}

fn shown(url: &str) -> String {
    let escaped: String = url.chars().flat_map(char::escape_debug).collect();
    if escaped.chars().count() > 60 {
        let cut: String = escaped.chars().take(57).collect();
        format!("{cut}…")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_targets_pass() {
        for u in [
            "https://example.org/a?b=1&c=2",
            "HTTP://example.org/",
            "mailto:toa-soan@example.vn",
            "/so/1/",
            "../bai/",
            "bai-viet/",
            "#muc-1",
            "?trang=2",
            "//cdn.example.org/x.png",
            "a/b:c",
            "",
        ] {
            assert!(is_safe_url(u), "{u}");
        }
    }

    #[test]
    fn dangerous_schemes_are_refused_however_disguised() {
        for u in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "DATA:text/html,<script>x</script>",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\u{0}script:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#106avascript:alert(1)",
            "javascript&colon;alert(1)",
            "javascript&#58;alert(1)",
            "&amp;#106;avascript:alert(1)",
            "%6Aavascript:alert(1)",
            "javascript%3Aalert(1)",
            "file:///etc/passwd",
            ":no-scheme",
        ] {
            assert!(!is_safe_url(u), "{u:?}");
        }
    }

    fn html(md: &str) -> String {
        super::super::markdown::render(md, &super::super::markdown::Highlighter::new()).html
    }

    #[test]
    fn rendered_links_are_neutralised_in_every_form() {
        let md = "[a](javascript:alert(1)) [b](JAVASCRIPT:x) [c][r] <vbscript:x> \
                  ![i](data:text/html,x) [d](&#106;avascript:x) [ok](https://a.vn/)\n\n\
                  [r]: javascript:alert(2)\n";
        let out = html(md);
        let lower = out.to_ascii_lowercase();
        assert!(!lower.contains("href=\"javascript"), "{out}");
        assert!(!lower.contains("href=\"vbscript"), "{out}");
        assert!(!lower.contains("src=\"data"), "{out}");
        assert!(!lower.contains("href=\"&#106;"), "{out}");
        assert!(out.contains("href=\"https://a.vn/\""), "{out}");
        assert_eq!(out.matches("href=\"#\"").count(), 5, "{out}");
        // A neutralised image source leaves no image at all, only its alt text.
        assert!(!out.contains("<img"), "{out}");
    }

    #[test]
    fn unsafe_links_are_listed_with_their_line() {
        let md = "Một\n\n[a](javascript:x)\n\nhai [b](https://ok.vn)\n\n![c](data:text/html,y)\n";
        let found = unsafe_links(md);
        assert_eq!(
            found,
            vec![
                (3, "javascript:x".to_string()),
                (7, "data:text/html,y".to_string())
            ]
        );
        assert!(unsafe_links("không có liên kết: chỉ chữ").is_empty());
    }
}

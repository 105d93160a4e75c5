//! Markdown → HTML, with code blocks highlighted by syntect through CSS classes.
//!
//! The syntax set is large and slow to load, so [`Highlighter`] loads it on first use:
//! a build whose pages have no code never pays for it.

use std::sync::OnceLock;

use pulldown_cmark::{html, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::slug::slugify;

/// Class prefix of highlighted tokens (`hl-keyword`…), matching the theme's stylesheet.
pub const CLASS_PREFIX: &str = "hl-";

/// Code highlighting, with the syntax definitions loaded lazily and shared across threads.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    /// A highlighter that has not loaded anything yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the syntax set has been loaded (used by tests of the lazy path).
    pub fn is_loaded(&self) -> bool {
        self.syntaxes.get().is_some()
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// `<pre><code>` for `code` in language `lang`, with token classes when the language is
    /// known and plain escaped text otherwise.
    pub fn highlight(&self, code: &str, lang: &str) -> String {
        let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
        let mut out = String::with_capacity(code.len() * 2);
        if lang.is_empty() {
            out.push_str("<pre><code>");
            escape_into(&mut out, code);
            out.push_str("</code></pre>\n");
            return out;
        }
        let ss = self.syntaxes();
        let syntax = ss.find_syntax_by_token(lang);
        let class_lang = escape_attr(lang);
        match syntax {
            Some(syntax) => {
                let mut gen = ClassedHTMLGenerator::new_with_class_style(
                    syntax,
                    ss,
                    ClassStyle::SpacedPrefixed {
                        prefix: CLASS_PREFIX,
                    },
                );
                for line in LinesWithEndings::from(code) {
                    if gen
                        .parse_html_for_line_which_includes_newline(line)
                        .is_err()
                    {
                        out.push_str("<pre><code>");
                        escape_into(&mut out, code);
                        out.push_str("</code></pre>\n");
                        return out;
                    }
                }
                out.push_str(&format!("<pre class=\"code\" data-lang=\"{class_lang}\"><code class=\"language-{class_lang}\">"));
                out.push_str(&gen.finalize());
                out.push_str("</code></pre>\n");
            }
            None => {
                out.push_str(&format!("<pre class=\"code\" data-lang=\"{class_lang}\"><code class=\"language-{class_lang}\">"));
                escape_into(&mut out, code);
                out.push_str("</code></pre>\n");
            }
        }
        out
    }
}

/// HTML of a Markdown text, and the plain text of its first paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Whether the text had a fenced or indented code block.
    pub has_code: bool,
}

/// The Markdown extensions bantin enables.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Render Markdown to HTML. Raw HTML in the source is escaped, not passed through: content
/// comes from copied web pages and must never inject markup.
///
/// Link and image targets other than http(s), mailto, relative and fragments are
/// neutralised (see [`super::safe_url`]).
pub fn render(markdown: &str, hl: &Highlighter) -> Rendered {
    let opts = options();
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut heading: Option<(HeadingLevel, Vec<Event>)> = None;
    let mut has_code = false;
    let mut ids = crate::slug::SlugRegistry::new();
    for ev in Parser::new_ext(markdown, opts).map(super::safe_url::sanitize_event) {
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                has_code = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = code.take() {
                    events.push(Event::Html(hl.highlight(&text, &lang).into()));
                }
            }
            Event::Text(t) if code.is_some() => code.as_mut().expect("in code").1.push_str(&t),
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, Vec::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, inner)) = heading.take() {
                    let text: String = inner
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let base = slugify(&text);
                    let id = ids.assign_with_base(
                        &format!("{}", events.len()),
                        if base.is_empty() { "muc" } else { &base },
                    );
                    let mut inner_html = String::new();
                    html::push_html(&mut inner_html, inner.into_iter());
                    events.push(Event::Html(
                        format!("<{level} id=\"{id}\">{inner_html}</{level}>\n").into(),
                    ));
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let e = Event::Text(h);
                match heading.as_mut() {
                    Some((_, v)) => v.push(e),
                    None => events.push(e),
                }
            }
            e => match heading.as_mut() {
                Some((_, v)) => v.push(e),
                None => events.push(e),
            },
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Rendered {
        html: out,
        has_code,
    }
}

/// Escape text for HTML element content and attribute values: `& < > " '`.
///
/// Runs of ordinary bytes are copied at once; this is on the hot path of every page.
pub fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // Special bytes are ASCII, so these are char boundaries.
        out.push_str(&text[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

fn escape_attr(text: &str) -> String {
    let mut s = String::new();
    escape_into(&mut s, text);
    s
}

/// The stylesheet rules for highlighted code, for the theme's CSS (`hl-` classes).
pub fn highlight_css(theme: &syntect::highlighting::Theme) -> String {
    syntect::html::css_for_theme_with_class_style(
        theme,
        ClassStyle::SpacedPrefixed {
            prefix: CLASS_PREFIX,
        },
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_headings_and_emphasis() {
        let hl = Highlighter::new();
        let r = render(
            "## Lan toả chuyển đổi số\n\nĐoạn **đậm**.\n\n*Ảnh: X*\n",
            &hl,
        );
        assert!(
            r.html
                .contains("<h2 id=\"lan-toa-chuyen-doi-so\">Lan toả chuyển đổi số</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<strong>đậm</strong>"));
        assert!(r.html.contains("<em>Ảnh: X</em>"));
        assert!(!r.has_code);
        assert!(!hl.is_loaded(), "no code, no syntax set");
    }

    #[test]
    fn raw_html_is_escaped() {
        let r = render(
            "a <script>alert(1)</script> b\n\n<div>x</div>\n",
            &Highlighter::new(),
        );
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let hl = Highlighter::new();
        let r = render("```rust\nfn main() {}\n```\n", &hl);
        assert!(r.has_code);
        assert!(hl.is_loaded());
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert!(r.html.contains("language-rust"));
    }

    #[test]
    fn unknown_language_is_escaped_text() {
        let r = render("```nosuchlang\n<b>x</b>\n```\n", &Highlighter::new());
        assert!(r.html.contains("&lt;b&gt;x&lt;/b&gt;"), "{}", r.html);
    }

    #[test]
    fn duplicate_headings_get_distinct_ids() {
        let r = render("## A\n\n## A\n", &Highlighter::new());
        assert!(r.html.contains("id=\"a\""));
        assert!(r.html.contains("id=\"a-2\""));
    }
}

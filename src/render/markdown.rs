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

/// Where the images and files next to a Markdown file are published, relative to the
/// page that shows it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Files<'a> {
    /// Prefix that leads from the page to the Markdown file's folder (`../` for an
    /// article, whose page is one level below its issue's; empty for an issue intro).
    pub prefix: &'a str,
    /// The files in that folder, with image sizes.
    pub files: Option<&'a std::collections::BTreeMap<String, crate::render::assets::Size>>,
}

/// Render Markdown to HTML. Raw HTML in the source is escaped, not passed through: content
/// comes from copied web pages and must never inject markup.
///
/// Link and image targets other than http(s), mailto, relative and fragments are
/// neutralised (see [`super::safe_url`]).
pub fn render(markdown: &str, hl: &Highlighter) -> Rendered {
    render_in(markdown, hl, Files::default())
}

/// A relative reference (`photo.jpg`, `images/a.png`), not a URL, an absolute path or a
/// fragment.
fn is_relative(url: &str) -> bool {
    let first = url.split(['/', '?', '#']).next().unwrap_or("");
    !url.is_empty() && !url.starts_with(['/', '#', '?']) && !first.contains(':')
}

/// An image's `src`: a relative one is taken from the Markdown file's folder; only
/// http(s) URLs and paths are kept, anything else is dropped.
fn image_src(url: &str, files: Files) -> Option<(String, crate::render::assets::Size)> {
    if is_relative(url) {
        let key = url.split(['?', '#']).next().unwrap_or(url);
        let size = files.files.and_then(|f| f.get(key).copied()).flatten();
        return Some((format!("{}{url}", files.prefix), size));
    }
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || url.starts_with('/'))
        .then(|| (url.to_string(), None))
}

/// `<img>` for an image, lazily loaded, with its size when known.
fn img_tag(url: &str, alt: &str, title: &str, files: Files) -> String {
    let Some((src, size)) = image_src(url, files) else {
        return escape_attr(alt);
    };
    let mut out = format!(
        "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\"",
        escape_attr(&src),
        escape_attr(alt)
    );
    if let Some((w, h)) = size {
        out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    if !title.is_empty() {
        out.push_str(&format!(" title=\"{}\"", escape_attr(title)));
    }
    out.push('>');
    out
}

/// [`render`], with relative images and links to files resolved in `files`: an image
/// alone in its paragraph becomes a `<figure>` with its text as the caption.
pub fn render_in(markdown: &str, hl: &Highlighter, files: Files) -> Rendered {
    let opts = options();
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut heading: Option<(HeadingLevel, Vec<Event>)> = None;
    let mut has_code = false;
    let mut ids = crate::slug::SlugRegistry::new();
    // An image being read: (url, title, alt text).
    let mut image: Option<(String, String, String)> = None;
    let mut images: Vec<(usize, String)> = Vec::new();
    for ev in Parser::new_ext(markdown, opts).map(super::safe_url::sanitize_event) {
        if let Some(img) = image.as_mut() {
            match ev {
                Event::End(TagEnd::Image) => {
                    let (url, title, alt) = image.take().expect("in an image");
                    let tag = img_tag(&url, &alt, &title, files);
                    match heading.as_mut() {
                        Some((_, v)) => v.push(Event::Html(tag.into())),
                        None => {
                            let figure = format!(
                                "<figure>{tag}<figcaption>{}</figcaption></figure>\n",
                                escape_attr(&alt)
                            );
                            images.push((events.len(), figure));
                            events.push(Event::Html(tag.into()));
                        }
                    }
                }
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    img.2.push_str(&t)
                }
                Event::SoftBreak | Event::HardBreak => img.2.push(' '),
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if code.is_none() => {
                image = Some((dest_url.to_string(), title.to_string(), String::new()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if files.files.is_some_and(|f| {
                f.contains_key(dest_url.split(['?', '#']).next().unwrap_or(""))
            }) =>
            {
                // A link to a file next to the Markdown (a PDF, a document).
                let e = Event::Start(Tag::Link {
                    link_type,
                    dest_url: format!("{}{dest_url}", files.prefix).into(),
                    title,
                    id,
                });
                match heading.as_mut() {
                    Some((_, v)) => v.push(e),
                    None => events.push(e),
                }
            }
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
    // An image alone in its paragraph is a figure, its text the caption.
    for (i, figure) in images {
        let alone = i > 0
            && matches!(events.get(i - 1), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.get(i + 1), Some(Event::End(TagEnd::Paragraph)));
        if alone {
            events[i - 1] = Event::Html("".into());
            events[i] = Event::Html(figure.into());
            events[i + 1] = Event::Html("".into());
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
    let _ = escaped_pieces(text, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
}

/// `text` handed to `put` in pieces, each of `& < > " '` as its entity: the one escaping
/// of the site, for Markdown and templates alike.
pub(crate) fn escaped_pieces<E>(
    text: &str,
    put: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let entity = |bytes: &[u8], at: usize| {
        let with = match bytes[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        Some((with, 1))
    };
    replaced_pieces(text, &HTML_SPECIAL, entity, put)
}

/// The bytes [`escaped_pieces`] replaces.
const HTML_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// `text` handed to `put` in pieces, with the bytes `special` marks looked at by
/// `replace`: `Some((with, n))` puts `with` in place of the `n` bytes starting there,
/// `None` keeps the byte. A table lookup finds the next special byte, so each run of
/// ordinary bytes goes out at once: HTML and XML escaping of every page and feed go
/// through here (a `match` on every byte was 1–3 % of a build).
///
/// Special bytes must be ASCII or lead bytes, and `n` must end on a character boundary.
pub(crate) fn replaced_pieces<E>(
    text: &str,
    special: &[bool; 256],
    replace: impl Fn(&[u8], usize) -> Option<(&'static str, usize)>,
    mut put: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while let Some(k) = bytes[i..].iter().position(|&b| special[b as usize]) {
        let at = i + k;
        match replace(bytes, at) {
            Some((with, n)) => {
                put(&text[start..at])?;
                put(with)?;
                start = at + n;
                i = start;
            }
            None => i = at + 1,
        }
    }
    put(&text[start..])
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

    fn escaped_char_by_char(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                c => c.to_string(),
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn escaping_agrees_with_its_character_by_character_meaning(
            text in "(\\PC|[<>&\"'\t\n]|Ệ){0,60}"
        ) {
            let mut out = String::new();
            escape_into(&mut out, &text);
            proptest::prop_assert_eq!(out, escaped_char_by_char(&text));
        }
    }

    #[test]
    fn images_become_figures_and_unsafe_sources_are_dropped() {
        let hl = Highlighter::new();
        let mut files = std::collections::BTreeMap::new();
        files.insert("anh.jpg".to_string(), Some((800, 600)));
        files.insert("so-1.pdf".to_string(), None);
        let f = Files {
            prefix: "../",
            files: Some(&files),
        };
        let html = render_in("![Hoa *đào*](anh.jpg)\n", &hl, f).html;
        assert_eq!(
            html,
            "<figure><img src=\"../anh.jpg\" alt=\"Hoa đào\" loading=\"lazy\" decoding=\"async\" \
             width=\"800\" height=\"600\"><figcaption>Hoa đào</figcaption></figure>\n"
        );
        let html = render_in("Xem ![x](anh.jpg) và [bản in](so-1.pdf).\n", &hl, f).html;
        assert!(html.starts_with("<p>Xem <img src=\"../anh.jpg\""), "{html}");
        assert!(
            html.contains("<a href=\"../so-1.pdf\">bản in</a>"),
            "{html}"
        );
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:x",
            "data:image/png;base64,AA",
        ] {
            let html = render_in(&format!("![bí mật]({bad})\n"), &hl, f).html;
            assert!(!html.to_ascii_lowercase().contains("src="), "{bad}: {html}");
        }
        let html = render("![a](https://example.org/a.png)\n", &hl).html;
        assert!(html.contains("src=\"https://example.org/a.png\""), "{html}");
    }

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

//! Showing build errors in the browser: a banner over the last good page, or a whole
//! page when there is no good page to show.

use std::path::Path;

use serde::Serialize;

use crate::error::Error;

/// One error as the browser shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorItem {
    /// The file involved (relative to the archive when inside it), when known.
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What went wrong.
    pub message: String,
}

/// The overlay's sentences, in the site's language (`overlay_*` words of the theme's
/// i18n, or the site's `translations`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayWords {
    /// `lang` of the error page.
    pub lang: String,
    /// The banner over the last good page.
    pub banner: String,
    /// The title of the error page shown when nothing built yet.
    pub title: String,
    /// What to do, under the list of errors.
    pub fix: String,
}

impl OverlayWords {
    /// The words for a site with this config.
    pub fn for_config(config: &crate::config::Config) -> OverlayWords {
        let words = crate::render::built_in_words(&config.language, &config.translations);
        let word =
            |k: &str, fallback: &str| words.get(k).cloned().unwrap_or_else(|| fallback.into());
        OverlayWords {
            lang: config.language.clone(),
            banner: word(
                "overlay_banner",
                "bantin: the last change did not build; this is the last good version of the page.",
            ),
            title: word("overlay_title", "The site did not build"),
            fix: word(
                "overlay_fix",
                "Fix the file and save: this page reloads by itself.",
            ),
        }
    }
}

impl Default for OverlayWords {
    fn default() -> Self {
        OverlayWords::for_config(
            &crate::config::Config::parse("title: x\nbase_url: /\n", Path::new("site.yaml"))
                .expect("a minimal config parses"),
        )
    }
}

/// Every individual failure of `e`, with file and line where the error knows them.
pub fn items(e: &Error, root: &Path) -> Vec<ErrorItem> {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    e.flatten()
        .into_iter()
        .map(|e| match e {
            Error::Content(c) => ErrorItem {
                file: Some(rel(&c.path)),
                line: c.line,
                message: format!(
                    "{}{}{}",
                    c.field
                        .as_ref()
                        .map(|f| format!("field `{f}`: "))
                        .unwrap_or_default(),
                    c.message,
                    c.hint
                        .as_ref()
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default()
                ),
            },
            Error::Config(c) => ErrorItem {
                file: Some(rel(&c.path)),
                line: c.line,
                message: c.message.clone(),
            },
            Error::Io { path, source } => ErrorItem {
                file: Some(rel(path)),
                line: None,
                message: source.to_string(),
            },
            other => ErrorItem {
                file: None,
                line: None,
                message: other
                    .to_string()
                    .replace(&format!("{}/", root.display()), ""),
            },
        })
        .collect()
}

/// Escape text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::render::markdown::escape_into(&mut out, text);
    out
}

fn list(errors: &[ErrorItem]) -> String {
    let mut s = String::from("<ol style=\"margin:.4em 0 0;padding-left:1.4em\">");
    for e in errors {
        s.push_str("<li><code>");
        if let Some(f) = &e.file {
            s.push_str(&escape(f));
            if let Some(l) = e.line {
                s.push_str(&format!(":{l}"));
            }
            s.push_str("</code>: ");
        } else {
            s.push_str("</code>");
        }
        s.push_str(&escape(&e.message));
        s.push_str("</li>");
    }
    s.push_str("</ol>");
    s
}

/// A banner listing `errors`, fixed over the top of the page.
pub fn banner(errors: &[ErrorItem], words: &OverlayWords) -> String {
    format!(
        "<div id=\"bantin-error\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;z-index:2147483647;\
         max-height:50vh;overflow:auto;background:#7f1d1d;color:#fff;font:15px/1.45 system-ui,sans-serif;\
         padding:.8em 1.2em;box-shadow:0 2px 8px rgba(0,0,0,.4)\"><strong>{}</strong>{}</div>",
        escape(&words.banner),
        list(errors)
    )
}

/// A whole page listing `errors`, for when no good build exists yet.
pub fn page(errors: &[ErrorItem], words: &OverlayWords) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>bantin: {}</title></head>\
         <body style=\"font:16px/1.5 system-ui,sans-serif;margin:2em\"><h1>{}</h1>{}\
         <p>{}</p></body></html>\n",
        escape(&words.lang),
        escape(&words.title),
        escape(&words.title),
        list(errors),
        escape(&words.fix)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_messages() {
        let b = banner(
            &[ErrorItem {
                file: Some("content/<x>.md".into()),
                line: Some(3),
                message: "bad <script>".into(),
            }],
            &OverlayWords::default(),
        );
        assert!(b.contains("content/&lt;x&gt;.md:3"));
        assert!(!b.contains("<script>"));
    }

    #[test]
    fn speaks_the_site_language() {
        let parse = |t: &str| crate::config::Config::parse(t, Path::new("site.yaml")).unwrap();
        let vi = OverlayWords::for_config(&parse("title: x\nbase_url: /\n"));
        assert!(vi.banner.contains("chưa dựng được"), "{}", vi.banner);
        let en = OverlayWords::for_config(&parse("title: x\nbase_url: /\nlanguage: en\n"));
        assert!(en.title.contains("did not build"), "{}", en.title);
        let p = page(&[], &vi);
        assert!(p.contains("lang=\"vi\"") && p.contains(&vi.fix));
    }
}

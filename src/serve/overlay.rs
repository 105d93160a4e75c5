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
pub fn banner(errors: &[ErrorItem]) -> String {
    format!(
        "<div id=\"bantin-error\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;z-index:2147483647;\
         max-height:50vh;overflow:auto;background:#7f1d1d;color:#fff;font:15px/1.45 system-ui,sans-serif;\
         padding:.8em 1.2em;box-shadow:0 2px 8px rgba(0,0,0,.4)\"><strong>bantin: the last change did not build; \
         this is the last good version of the page.</strong>{}</div>",
        list(errors)
    )
}

/// A whole page listing `errors`, for when no good build exists yet.
pub fn page(errors: &[ErrorItem]) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>bantin: build error</title></head>\
         <body style=\"font:16px/1.5 system-ui,sans-serif;margin:2em\"><h1>The site did not build</h1>{}\
         <p>Fix the file and save: this page reloads by itself.</p></body></html>\n",
        list(errors)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_messages() {
        let b = banner(&[ErrorItem {
            file: Some("content/<x>.md".into()),
            line: Some(3),
            message: "bad <script>".into(),
        }]);
        assert!(b.contains("content/&lt;x&gt;.md:3"));
        assert!(!b.contains("<script>"));
    }
}

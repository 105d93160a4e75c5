//! Mapping a request target to a file of the output folder, and nothing outside it.
//!
//! The target is decoded exactly once. Backslashes (plain or encoded), NUL bytes, `.` and
//! `..` segments, drive letters and anything still percent-encoded after one decoding
//! (double encoding) are refused; hidden files are not found; and the final path is
//! resolved with symlinks followed and must still lie inside the output folder.

use std::path::{Path, PathBuf};

/// What a request target maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the output folder (canonical path).
    File(PathBuf),
    /// A folder requested without its trailing slash: redirect here.
    Redirect(String),
    /// Nothing there.
    NotFound,
    /// A target that tries to leave the output folder.
    Forbidden,
    /// A target that is not a valid path.
    BadRequest,
}

/// The path part of a request target (no scheme, authority, query or fragment).
pub fn path_part(target: &str) -> &str {
    let rest = match target.split_once("://") {
        Some((scheme, rest))
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            rest.find('/').map(|i| &rest[i..]).unwrap_or("/")
        }
        _ => target,
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Decode `%XX` escapes once; `None` on a malformed escape or non-UTF-8 result.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hi = hex(*b.get(i + 1)?)?;
            let lo = hex(*b.get(i + 2)?)?;
            out.push(hi * 16 + lo);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The site-relative segments of a request path, or why it is refused.
///
/// `base_path` is the path of the site's `base_url` (`/` or `/sub/`): requests must be
/// under it.
pub fn segments(target: &str, base_path: &str) -> Result<Vec<String>, Resolved> {
    let raw = path_part(target);
    if !raw.starts_with('/') {
        return Err(Resolved::BadRequest);
    }
    let lower = raw.to_ascii_lowercase();
    if raw.contains('\\') || lower.contains("%5c") || lower.contains("%00") {
        return Err(Resolved::Forbidden);
    }
    let decoded = percent_decode(raw).ok_or(Resolved::BadRequest)?;
    if decoded.contains(['\\', '\0', '%']) {
        // `%` left after one decoding is double encoding (`%252e%252e`).
        return Err(Resolved::Forbidden);
    }
    let inner = if base_path == "/" {
        decoded.as_str()
    } else if let Some(rest) = decoded.strip_prefix(base_path.trim_end_matches('/')) {
        if rest.is_empty() {
            return Err(Resolved::Redirect(base_path.to_string()));
        }
        if !rest.starts_with('/') {
            return Err(Resolved::NotFound);
        }
        rest
    } else if decoded == "/" {
        return Err(Resolved::Redirect(base_path.to_string()));
    } else {
        return Err(Resolved::NotFound);
    };
    let mut out = Vec::new();
    for seg in inner.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || seg.contains(':') {
            return Err(Resolved::Forbidden);
        }
        if seg.starts_with('.') {
            return Err(Resolved::NotFound);
        }
        out.push(seg.to_string());
    }
    if inner.ends_with('/') || out.is_empty() {
        out.push(String::new());
    }
    Ok(out)
}

/// The site-relative files `target` may name, before they exist: `a/b/index.html` for
/// `/a/b/`, and `a/b` then `a/b/index.html` for `/a/b` (a file, or a folder to redirect
/// to); nothing for a target [`segments`] refuses.
pub fn named_files(target: &str, base_path: &str) -> Vec<String> {
    let Ok(segs) = segments(target, base_path) else {
        return Vec::new();
    };
    let rel: Vec<&str> = segs
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    let index = rel
        .iter()
        .chain(&["index.html"])
        .copied()
        .collect::<Vec<_>>();
    let mut files = Vec::with_capacity(2);
    if !segs.last().is_some_and(String::is_empty) {
        files.push(rel.join("/"));
    }
    files.push(index.join("/"));
    files
}

/// Resolve `target` against the output folder `root` (canonical).
pub fn resolve(root: &Path, base_path: &str, target: &str) -> Resolved {
    let segs = match segments(target, base_path) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let wants_dir = segs.last().is_some_and(String::is_empty);
    let rel: PathBuf = segs.iter().filter(|s| !s.is_empty()).collect();
    let mut full = root.join(&rel);
    if full.is_dir() {
        if !wants_dir {
            let mut loc = base_path.trim_end_matches('/').to_string();
            for s in &segs {
                loc.push('/');
                loc.push_str(s);
            }
            loc.push('/');
            return Resolved::Redirect(loc);
        }
        full.push("index.html");
    } else if wants_dir {
        return Resolved::NotFound;
    }
    match full.canonicalize() {
        Ok(c) if !c.starts_with(root) => Resolved::Forbidden,
        Ok(c) if c.is_file() => Resolved::File(c),
        _ => Resolved::NotFound,
    }
}

/// The `Content-Type` of a file by its extension; text types carry `charset=utf-8`.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(t: &str) -> Result<Vec<String>, Resolved> {
        segments(t, "/")
    }

    #[test]
    fn refuses_traversal() {
        for t in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/%252e%252e/etc/passwd",
            "/..%5c..%5cetc",
            "/..\\..\\etc",
            "/a/%2e/b",
            "/C:/Windows",
            "/a%00.html",
        ] {
            assert!(
                matches!(segs(t), Err(Resolved::Forbidden)),
                "{t}: {:?}",
                segs(t)
            );
        }
        assert_eq!(segs("etc/passwd"), Err(Resolved::BadRequest));
        assert_eq!(segs("/%zz"), Err(Resolved::BadRequest));
        assert_eq!(segs("/.git/config"), Err(Resolved::NotFound));
    }

    #[test]
    fn names_the_files_a_target_may_be() {
        assert_eq!(named_files("/", "/"), ["index.html"]);
        assert_eq!(named_files("/a/b/?x=1", "/"), ["a/b/index.html"]);
        assert_eq!(named_files("/sub/a/b", "/sub/"), ["a/b", "a/b/index.html"]);
        assert_eq!(
            named_files("/a/rss.xml", "/"),
            ["a/rss.xml", "a/rss.xml/index.html"]
        );
        assert!(named_files("/../x", "/").is_empty());
        assert!(named_files("/other/a", "/sub/").is_empty());
    }

    #[test]
    fn splits_paths() {
        assert_eq!(segs("/").unwrap(), vec![""]);
        assert_eq!(segs("/a/b/?x=1").unwrap(), vec!["a", "b", ""]);
        assert_eq!(segs("/a/b.css").unwrap(), vec!["a", "b.css"]);
        assert_eq!(segs("//etc/passwd").unwrap(), vec!["etc", "passwd"]);
        assert_eq!(segs("http://h/x").unwrap(), vec!["x"]);
        assert_eq!(segs("/ti%E1%BA%BFng").unwrap(), vec!["tiếng"]);
    }

    #[test]
    fn base_path_is_required() {
        assert_eq!(segments("/sub/a/", "/sub/").unwrap(), vec!["a", ""]);
        assert_eq!(
            segments("/sub", "/sub/"),
            Err(Resolved::Redirect("/sub/".into()))
        );
        assert_eq!(
            segments("/", "/sub/"),
            Err(Resolved::Redirect("/sub/".into()))
        );
        assert_eq!(segments("/other/", "/sub/"), Err(Resolved::NotFound));
        assert_eq!(segments("/subx/", "/sub/"), Err(Resolved::NotFound));
    }

    #[test]
    fn symlinks_out_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        let root = root.canonicalize().unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("s.txt")).unwrap();
        assert!(matches!(resolve(&root, "/", "/a/"), Resolved::File(_)));
        assert_eq!(resolve(&root, "/", "/a"), Resolved::Redirect("/a/".into()));
        assert_eq!(resolve(&root, "/", "/nope/"), Resolved::NotFound);
        #[cfg(unix)]
        assert_eq!(resolve(&root, "/", "/s.txt"), Resolved::Forbidden);
    }
}

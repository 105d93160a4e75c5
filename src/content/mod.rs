//! Reading `content/` into plain data.
//!
//! Layout: one folder per bulletin with an `_index.md`, one Markdown file per article.
//! Every file is parsed (in parallel) even after a bad one, so a single run reports every
//! bad file with its line and field. Front matter errors point at the line in the file,
//! not in the YAML fragment.

mod date;
mod explain;
mod model;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

pub use date::{vietnam_offset, Date};
pub use model::{Article, ArticleMeta, BodyInFile, Bulletin, BulletinMeta, SourceRef};

use crate::diag::Diagnostic;
use crate::slug::slugify;
use crate::yaml;

/// The file that describes a bulletin as a whole.
pub const INDEX_FILE: &str = "_index.md";

/// A content file that cannot be used, with where and why.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}{}: {}{message}{}",
    path.display(),
    line.map(|l| format!(":{l}")).unwrap_or_default(),
    field.as_ref().map(|f| format!("field `{f}`: ")).unwrap_or_default(),
    hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default())]
pub struct ContentError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// The front matter field involved, when known.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl ContentError {
    fn new(path: &Path, message: impl Into<String>) -> Self {
        ContentError {
            path: path.to_path_buf(),
            line: None,
            field: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A file or folder that could not be read: the path and what the system said.
    pub fn io(path: &Path, source: &std::io::Error) -> Self {
        ContentError::new(path, source.to_string())
    }
}

/// Every bad file of one load (never empty): one bad file does not hide the others.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", list(.0))]
pub struct ContentErrors(pub Vec<ContentError>);

fn list(errors: &[ContentError]) -> String {
    match errors {
        [one] => one.to_string(),
        all => {
            let mut s = crate::diag::count(all.len(), "problem", "problems") + ":";
            for e in all {
                s.push_str(&format!("\n  - {e}"));
            }
            s
        }
    }
}

impl From<ContentError> for ContentErrors {
    fn from(e: ContentError) -> Self {
        ContentErrors(vec![e])
    }
}

/// Everything read from `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Bulletins sorted by folder name.
    pub bulletins: Vec<Bulletin>,
    /// Problems that did not stop the load.
    pub warnings: Vec<Diagnostic>,
}

/// Front matter and body of a Markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// Everything after the closing `---` line.
    pub body: &'a str,
    /// 1-based line of the file where the YAML starts.
    pub yaml_first_line: usize,
}

/// Separate front matter from the body. The file must start with a `---` line.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or("the file does not start with a `---` line opening the front matter")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                yaml,
                body,
                yaml_first_line: 2,
            });
        }
        offset += line.len();
    }
    Err("the front matter is not closed: add a `---` line after it".into())
}

fn parse_front<'t, T: DeserializeOwned + model::WithExtra>(
    path: &Path,
    text: &'t str,
) -> Result<(T, &'t str), ContentError> {
    let split = split_front_matter(text).map_err(|m| ContentError {
        line: Some(1),
        hint: Some("front matter is YAML between two `---` lines at the top of the file".into()),
        ..ContentError::new(path, m)
    })?;
    let to_error = |e: yaml::YamlError| {
        let message = strip_field_prefix(&e.message, e.field.as_deref());
        let x = explain::explain(split.yaml, e.line, e.field.as_deref(), &message);
        ContentError {
            path: path.to_path_buf(),
            // serde_yaml places some field errors at the start of the mapping; the field's
            // own line is never after the error.
            line: x
                .line
                .map(|l| l + split.yaml_first_line - 1)
                .max(x.field.as_deref().and_then(|f| find_key_line(text, f))),
            field: x.field,
            message: x.message,
            hint: x.hint,
        }
    };
    // Known fields are typed (errors name the field and line); the rest is kept as-is.
    let mut meta = yaml::from_str::<T>(split.yaml).map_err(to_error)?;
    // Re-read generically only when a top-level key is not one the struct holds.
    let has_unknown = split
        .yaml
        .lines()
        .filter_map(top_level_key)
        .any(|k| !T::KNOWN.contains(&k));
    if !has_unknown {
        return Ok((meta, split.body));
    }
    if let serde_json::Value::Object(map) = yaml::to_json_value(split.yaml).map_err(to_error)? {
        for (k, v) in map {
            if !T::KNOWN.contains(&k.as_str()) {
                meta.extra_mut().insert(k, v);
            }
        }
    }
    Ok((meta, split.body))
}

/// `key` of a top-level `key: value` line (not indented, not a comment or list item).
fn top_level_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-') {
        return None;
    }
    if matches!(first, '"' | '\'' | '?' | '&' | '*' | '{') {
        // Quoted or complex keys: report as unknown so the generic parse handles them.
        return Some(line);
    }
    line.split_once(':').map(|(k, _)| k.trim_end())
}

fn strip_field_prefix(message: &str, field: Option<&str>) -> String {
    match field {
        Some(f) => message
            .strip_prefix(f)
            .and_then(|m| m.strip_prefix(": "))
            .unwrap_or(message)
            .to_string(),
        None => message.to_string(),
    }
}

/// Parse one article file's text.
pub fn parse_article(path: &Path, text: &str) -> Result<Article, ContentError> {
    parse_article_with(path, text, Bodies::Keep)
}

/// Parse one article file's text, its body kept or left in the file.
fn parse_article_with(path: &Path, text: &str, bodies: Bodies) -> Result<Article, ContentError> {
    let (meta, body): (ArticleMeta, &str) = parse_front(path, text)?;
    if meta.title.trim().is_empty() {
        return Err(ContentError {
            field: Some("title".into()),
            line: find_key_line(text, "title"),
            hint: Some("give the article a title".into()),
            ..ContentError::new(path, "the title is empty")
        });
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    Ok(Article {
        path: path.to_path_buf(),
        file_slug: strip_order_prefix(stem).to_string(),
        meta,
        body: match bodies {
            Bodies::Keep => body.to_string(),
            Bodies::InFiles => String::new(),
        },
        body_in_file: (bodies == Bodies::InFiles).then(|| BodyInFile::of(text, body)),
    })
}

/// Parse one `_index.md` text.
pub fn parse_bulletin_index(
    path: &Path,
    text: &str,
) -> Result<(BulletinMeta, String), ContentError> {
    let (meta, body): (BulletinMeta, &str) = parse_front(path, text)?;
    if meta.title.trim().is_empty() {
        return Err(ContentError {
            field: Some("title".into()),
            line: find_key_line(text, "title"),
            hint: Some("give the bulletin a title".into()),
            ..ContentError::new(path, "the title is empty")
        });
    }
    Ok((meta, body.to_string()))
}

fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
        .map(|i| i + 1)
}

/// `03-some-title` → `some-title`.
pub fn strip_order_prefix(stem: &str) -> &str {
    match stem.split_once('-') {
        Some((n, rest))
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty() =>
        {
            rest
        }
        _ => stem,
    }
}

/// What [`load_with`] does with article bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// Keep every body in memory (`serve` renders them again and again).
    Keep,
    /// Leave them in their files and keep only where they are ([`BodyInFile`]): a build
    /// renders each body once, and memory then grows with titles and lists, not bodies.
    InFiles,
}

/// Read every bulletin under `dir`, bodies kept in memory. All bad files are reported
/// together in one error.
pub fn load(dir: &Path) -> Result<Content, ContentErrors> {
    load_with(dir, Bodies::Keep)
}

/// Read every bulletin under `dir`, bodies kept or left in their files. All bad files are
/// reported together in one error.
pub fn load_with(dir: &Path, bodies: Bodies) -> Result<Content, ContentErrors> {
    if !dir.is_dir() {
        return Ok(Content::default());
    }
    let mut warnings = Vec::new();
    let mut folders: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for entry in WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let p = e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| dir.to_path_buf());
            ContentError::io(&p, &e.into())
        })?;
        let path = entry.path();
        let is_md = path.extension().is_some_and(|e| e == "md");
        match entry.depth() {
            1 if entry.file_type().is_dir() => folders.push((path.to_path_buf(), Vec::new())),
            1 if is_md => warnings.push(
                Diagnostic::new(
                    path,
                    "this Markdown file is not inside a bulletin folder and is not published",
                )
                .with_hint("move it into content/<bulletin>/"),
            ),
            2 if is_md && entry.file_type().is_file() => {
                if let Some(last) = folders.last_mut() {
                    last.1.push(path.to_path_buf());
                }
            }
            d if d > 2 && is_md => warnings.push(
                Diagnostic::new(
                    path,
                    "Markdown nested below a bulletin folder is not published",
                )
                .with_hint("keep articles directly in content/<bulletin>/"),
            ),
            _ => {}
        }
    }

    folders.retain(|(d, files)| {
        if files.is_empty() {
            warnings.push(Diagnostic::new(
                d,
                "this bulletin folder holds no Markdown files and is skipped",
            ));
        }
        !files.is_empty()
    });
    let results: Vec<Loaded> = folders
        .par_iter()
        .map(|(d, files)| load_bulletin(d, files, bodies))
        .collect();
    let mut bulletins: Vec<Bulletin> = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((b, w)) => {
                bulletins.push(b);
                warnings.extend(w);
            }
            Err(e) => errors.extend(e),
        }
    }
    // Two folders whose names fold to one slug would publish to one URL.
    let mut by_slug: std::collections::BTreeMap<&str, &Path> = std::collections::BTreeMap::new();
    for b in &bulletins {
        if let Some(first) = by_slug.insert(&b.slug, &b.path) {
            errors.push(ContentError {
                hint: Some("rename one of the two bulletin folders".into()),
                ..ContentError::new(
                    &b.path,
                    format!(
                        "this bulletin's URL `/{}/` is also the URL of {}",
                        b.slug,
                        first.display()
                    ),
                )
            });
        }
    }
    if !errors.is_empty() {
        return Err(ContentErrors(errors));
    }
    Ok(Content {
        bulletins,
        warnings,
    })
}

/// Top-level folders of the site that a bulletin must not take.
pub const RESERVED_SLUGS: &[&str] = &[
    crate::site::RUBRICS_PATH,
    crate::site::TAGS_PATH,
    crate::site::ISSUES_PATH,
    crate::site::ARCHIVE_PATH,
    crate::site::PAGE_PATH,
    crate::search::PAGE_SLUG,
    crate::search::DIR,
];

/// The URL slug of a bulletin folder: its name as a slug. A name that is not UTF-8, gives
/// no slug, or takes one of the site's own folders is an error.
pub fn folder_slug(dir: &Path) -> Result<String, ContentError> {
    let index_path = dir.join(INDEX_FILE);
    let name = dir.file_name().unwrap_or_default();
    let Some(name) = name.to_str() else {
        return Err(ContentError {
            hint: Some("rename the folder using UTF-8 letters, digits and dashes".into()),
            ..ContentError::new(
                &index_path,
                format!(
                    "the bulletin folder name {} is not valid UTF-8",
                    name.to_string_lossy()
                ),
            )
        });
    };
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(ContentError {
            hint: Some("rename the folder with letters or digits, e.g. `ban-tin-so-1`".into()),
            ..ContentError::new(
                &index_path,
                format!("the bulletin folder name `{name}` gives an empty URL"),
            )
        });
    }
    if RESERVED_SLUGS.contains(&slug.as_str()) {
        return Err(ContentError {
            hint: Some("rename the bulletin folder".into()),
            ..ContentError::new(
                &index_path,
                format!("the bulletin folder `{name}` would take the site's own `/{slug}/` pages"),
            )
        });
    }
    Ok(slug)
}

/// Warnings for links and images of one file that are published neutralised (`#`), with
/// their line in the file.
fn link_warnings(path: &Path, text: &str, body: &str) -> Vec<Diagnostic> {
    let found = crate::render::safe_url::unsafe_links(body);
    if found.is_empty() {
        return Vec::new();
    }
    let first_line = body_first_line(text, body);
    found
        .into_iter()
        .map(|(line, url)| {
            Diagnostic::new(
                path,
                format!("link target `{url}` is not allowed and is published as `#`"),
            )
            .at_line(line + first_line - 1)
            .with_hint("links may be http(s), mailto, relative or #fragments")
        })
        .collect()
}

/// 1-based line of `text` where `body` (a suffix of it) starts.
fn body_first_line(text: &str, body: &str) -> usize {
    let head = text.len().saturating_sub(body.len());
    text.as_bytes()[..head]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// One bulletin folder read: the bulletin and its warnings, or every error in it.
type Loaded = Result<(Bulletin, Vec<Diagnostic>), Vec<ContentError>>;

fn load_bulletin(dir: &Path, files: &[PathBuf], bodies: Bodies) -> Loaded {
    let index_path = dir.join(INDEX_FILE);
    let mut errors: Vec<ContentError> = Vec::new();
    let slug = folder_slug(dir).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
    let index = if files.iter().any(|f| f == &index_path) {
        match read(&index_path).and_then(|t| {
            parse_bulletin_index(&index_path, &t).map(|(m, b)| {
                let w = link_warnings(&index_path, &t, &b);
                (m, b, w)
            })
        }) {
            Ok(x) => Some(x),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    } else {
        errors.push(ContentError {
            hint: Some("add an _index.md with at least `title:` in its front matter".into()),
            ..ContentError::new(
                &index_path,
                "this bulletin folder has articles but no _index.md",
            )
        });
        None
    };
    let parsed: Vec<Result<(Article, Vec<Diagnostic>), ContentError>> = files
        .par_iter()
        .filter(|f| **f != index_path)
        .map(|f| {
            read(f).and_then(|t| {
                parse_article_with(f, &t, bodies).map(|a| {
                    let body = match &a.body_in_file {
                        Some(at) => &t[at.start..],
                        None => a.body.as_str(),
                    };
                    let w = link_warnings(f, &t, body);
                    (a, w)
                })
            })
        })
        .collect();
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    for p in parsed {
        match p {
            Ok((a, w)) => {
                articles.push(a);
                warnings.extend(w);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (meta, body, index_warnings) = index.expect("index parsed when there are no errors");
    warnings.extend(index_warnings);
    articles.sort_by(|a, b| (a.meta.weight, &a.path).cmp(&(b.meta.weight, &b.path)));
    Ok((
        Bulletin {
            slug,
            path: index_path,
            meta,
            body,
            articles,
        },
        warnings,
    ))
}

fn read(path: &Path) -> Result<String, ContentError> {
    let bytes = std::fs::read(path).map_err(|e| ContentError::io(path, &e))?;
    file_text(path, bytes)
}

/// The bytes of the file at `path` as text, or an error saying where they are not UTF-8.
pub(crate) fn file_text(path: &Path, bytes: Vec<u8>) -> Result<String, ContentError> {
    // Invalid: std's validator says where.
    utf8_string(bytes)
        .or_else(String::from_utf8)
        .map_err(|e| ContentError {
            hint: Some("save the file as UTF-8".into()),
            ..ContentError::new(
                path,
                format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            )
        })
}

/// `bytes` as text, validated once, by the SIMD validator; the bytes back when they are
/// not UTF-8. Vietnamese text is dense in multi-byte characters, where std's validator
/// leaves its ASCII fast path: it was half the cost of loading `content/`.
pub(crate) fn utf8_string(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return Err(bytes);
    }
    // SAFETY: `bytes` was just validated as UTF-8 (by simdutf8).
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// The text of a content file: front matter from `meta`, then the Markdown body.
///
/// The inverse of [`parse_article`] / [`parse_bulletin_index`]; `ingest` writes files with it.
pub fn to_file_text<T: serde::Serialize>(
    meta: &T,
    body: &str,
) -> Result<String, crate::yaml::YamlError> {
    let yaml = yaml::to_string(meta)?;
    let mut out = String::with_capacity(yaml.len() + body.len() + 16);
    out.push_str("---\n");
    out.push_str(&yaml);
    out.push_str("---\n");
    let body = body.trim_matches('\n');
    if !body.is_empty() {
        out.push('\n');
        out.push_str(body);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let s = split_front_matter("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split_front_matter("---\ntitle: A\nBody\n").is_err());
        assert!(split_front_matter("title: A\n").is_err());
    }

    #[test]
    fn article_error_names_field_and_file_line() {
        let text = "---\ntitle: A\nweight: lots\n---\nx\n";
        let e = parse_article(Path::new("c/b/01-a.md"), text).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.field.as_deref(), Some("weight"));
        let shown = e.to_string();
        assert!(
            shown.starts_with("c/b/01-a.md:3: field `weight`:"),
            "{shown}"
        );
    }

    #[test]
    fn bad_date_names_the_date_field() {
        let text = "---\ntitle: A\ndate: 15/09/2022\n---\n";
        let e = parse_article(Path::new("a.md"), text).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("date"), "{e}");
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn a_null_title_is_an_error_not_the_word_null() {
        for v in ["null", "~", "", "Null"] {
            let text = format!("---\nweight: 1\ntitle: {v}\n---\nx\n");
            let e = parse_article(Path::new("a.md"), &text).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("title"), "{v}: {e}");
            assert_eq!(e.line, Some(3), "{v}: {e}");
            let e = parse_bulletin_index(Path::new("_index.md"), &text).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("title"), "{v}: {e}");
        }
        let a = parse_article(Path::new("a.md"), "---\ntitle: 'null'\n---\n").unwrap();
        assert_eq!(a.meta.title, "null");
    }

    #[test]
    fn unknown_fields_are_kept() {
        let text = "---\ntitle: A\nmood: calm\n---\n";
        let a = parse_article(Path::new("01-a.md"), text).unwrap();
        assert_eq!(a.meta.extra["mood"], serde_json::json!("calm"));
        assert_eq!(a.file_slug, "a");
    }

    #[test]
    fn a_load_reports_every_bad_file_as_content_errors() {
        let dir = tempfile::tempdir().unwrap();
        let put = |rel: &str, text: &[u8]| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        put("a/_index.md", b"---\ntitle: A\n---\n");
        put("a/01-x.md", b"---\ntitle: X\nweight: lots\n---\n");
        put("a/02-ok.md", b"---\ntitle: Ok\n---\n");
        put("b/_index.md", b"---\ntitle: B\n---\n");
        put("b/01-y.md", b"---\ntitle: \"\"\n---\n");
        put("c/01-z.md", b"---\ntitle: Z\n---\n\xff\n");
        let ContentErrors(errors) = load(dir.path()).unwrap_err();
        let mut files: Vec<String> = errors
            .iter()
            .map(|e| {
                e.path
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        files.sort();
        assert_eq!(
            files,
            ["a/01-x.md", "b/01-y.md", "c/01-z.md", "c/_index.md"],
            "{errors:?}"
        );
        let weight = errors.iter().find(|e| e.path.ends_with("01-x.md")).unwrap();
        assert_eq!(
            (weight.line, weight.field.as_deref()),
            (Some(3), Some("weight"))
        );
        let shown = ContentErrors(errors).to_string();
        assert!(shown.starts_with("4 problems:\n  - "), "{shown}");
    }

    #[test]
    fn an_unreadable_file_is_a_content_error_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(&dir.path().join("gone.md")).unwrap_err();
        assert!(e.path.ends_with("gone.md"));
        assert!(e
            .to_string()
            .starts_with(&format!("{}: ", e.path.display())));
    }

    #[test]
    fn order_prefix() {
        assert_eq!(strip_order_prefix("03-abc-def"), "abc-def");
        assert_eq!(strip_order_prefix("abc"), "abc");
        assert_eq!(strip_order_prefix("2022-x"), "x");
        assert_eq!(strip_order_prefix("03-"), "03-");
    }

    #[test]
    fn a_body_left_in_its_file_is_read_back_and_a_changed_file_refused() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("so-1");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join(INDEX_FILE), "---\ntitle: Số 1\n---\n").unwrap();
        let file = folder.join("01-a.md");
        let text = "\u{feff}---\ntitle: A\n---\nThân bài *đậm*.\n";
        std::fs::write(&file, text).unwrap();

        let kept = load(dir.path()).unwrap();
        let left = load_with(dir.path(), Bodies::InFiles).unwrap();
        let (k, l) = (
            &kept.bulletins[0].articles[0],
            &left.bulletins[0].articles[0],
        );
        assert_eq!(k.body, "Thân bài *đậm*.\n");
        assert!(k.body_in_file.is_none());
        assert!(l.body.is_empty(), "not kept in memory");
        let at = l.body_in_file.expect("where it is");
        assert_eq!(at.read(&file).unwrap(), k.body);

        // Same length, other bytes; longer; shorter; gone: each refused, naming the file.
        for edit in [
            Some(text.replace("đậm", "nhạt")),
            Some(format!("{text}x")),
            Some(text[..text.len() - 2].to_string()),
            None,
        ] {
            match &edit {
                Some(t) => std::fs::write(&file, t).unwrap(),
                None => std::fs::remove_file(&file).unwrap(),
            }
            let e = at.read(&file).unwrap_err();
            assert_eq!(e.path, file);
            if edit.is_some() {
                assert!(e
                    .to_string()
                    .contains("changed while the site was being built"));
                assert!(e.to_string().contains("build again"), "{e}");
            }
        }
    }
}

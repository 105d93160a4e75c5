//! `bantin check`: is a built site whole? Every internal link and anchor resolves, every
//! feed parses, and every feed item points at a page that exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use scraper::{Html, Selector};

use crate::config::{Config, ConfigError};
use crate::output::OutputError;

/// Why `bantin check` failed.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The site or one of its files could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The build's manifest could not be read.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The base URL to check against is not valid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The check ran and found this many problems (listed before).
    #[error("the built site has {} (listed above)", crate::diag::count(*.0, "problem", "problems"))]
    Problems(usize),
}

/// One broken thing in a built site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file that has the problem (relative to the output folder).
    pub file: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// What [`check_site`] looked at and found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// HTML pages checked.
    pub pages: usize,
    /// Internal links checked.
    pub links: usize,
    /// Feeds parsed.
    pub feeds: usize,
    /// Every problem, sorted.
    pub problems: Vec<Problem>,
    /// The base URL links were checked against.
    pub base_url: String,
}

struct Page {
    ids: BTreeSet<String>,
    /// `(element name, URL)` of every link, image and embedded file.
    links: Vec<(String, String)>,
}

fn parse_page(text: &str) -> Page {
    let doc = Html::parse_document(text);
    let id_sel = Selector::parse("[id]").expect("valid selector");
    let link_sel =
        Selector::parse("a[href], link[href], img[src], script[src], source[src], video[src], audio[src], iframe[src], object[data]")
            .expect("valid selector");
    let ids = doc
        .select(&id_sel)
        .filter_map(|e| e.value().attr("id").map(str::to_string))
        .collect();
    let links = doc
        .select(&link_sel)
        .filter_map(|e| {
            let v = e.value();
            v.attr("href")
                .or_else(|| v.attr("src"))
                .or_else(|| v.attr("data"))
                .map(|u| (v.name().to_string(), u.to_string()))
        })
        .collect();
    Page { ids, links }
}

/// Map a link to the output file it names, if it is internal: `(file, fragment)`.
fn resolve(
    link: &str,
    from: &str,
    base_url: &str,
    base_path: &str,
) -> Option<(String, Option<String>)> {
    let (path, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let rel: String = if let Some(rest) = path.strip_prefix(base_url) {
        rest.to_string()
    } else if path.contains("://")
        || path.starts_with("mailto:")
        || path.starts_with("//")
        || path.starts_with("data:")
    {
        return None;
    } else if let Some(rest) = path.strip_prefix(base_path) {
        rest.to_string()
    } else if path.starts_with('/') {
        // Root-relative but outside the base path: cannot be inside this site.
        return Some((format!("(outside base path){path}"), fragment));
    } else if path.is_empty() {
        from.to_string()
    } else {
        let dir = Path::new(from).parent().unwrap_or(Path::new(""));
        let mut joined = normalize(&dir.join(path));
        if path.ends_with('/') && !joined.is_empty() {
            joined.push('/');
        }
        joined
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel
    };
    Some((file, fragment))
}

fn normalize(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// Check the built site in `out`. Links are resolved against `base_url` when given, else
/// the base URL the build recorded in its manifest, else `base_url` of `config`.
pub fn check_site(
    out: &Path,
    config: &Config,
    base_url: Option<&str>,
) -> Result<CheckReport, CheckError> {
    if !out.is_dir() {
        return Err(CheckError::Io {
            path: out.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no built site here; run `bantin build` first",
            ),
        });
    }
    let mut config = config.clone();
    let recorded = crate::output::Manifest::read(out)?.map(|m| m.base_url);
    if let Some(url) = base_url.or(recorded.as_deref()).filter(|u| !u.is_empty()) {
        config.set_base_url(url).map_err(|message| ConfigError {
            path: out.join(crate::output::MANIFEST),
            line: None,
            message,
        })?;
    }
    let files: BTreeSet<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let html: Vec<&String> = files.iter().filter(|f| f.ends_with(".html")).collect();
    let pages: BTreeMap<String, Page> = html
        .par_iter()
        .filter_map(|f| {
            std::fs::read_to_string(out.join(f))
                .ok()
                .map(|t| ((*f).clone(), parse_page(&t)))
        })
        .collect();
    let mut report = CheckReport {
        pages: pages.len(),
        base_url: config.base_url.clone(),
        ..Default::default()
    };
    let base_url = config.base_url.as_str();
    let base_path = config.base_path();
    let mut problems = BTreeSet::new();
    for (file, page) in &pages {
        for (element, link) in &page.links {
            if !crate::render::safe_url::is_safe_url(link) {
                problems.insert(Problem {
                    file: file.clone(),
                    message: format!("link `{link}` uses a scheme pages must not carry"),
                });
                continue;
            }
            let Some((target, fragment)) = resolve(link, file, base_url, base_path) else {
                continue;
            };
            report.links += 1;
            if !files.contains(&target) {
                let message = match element.as_str() {
                    "img" => format!("image `{link}` is missing (no {target})"),
                    "a" | "link" => format!("link `{link}` leads nowhere (no {target})"),
                    other => format!("<{other}> file `{link}` is missing (no {target})"),
                };
                problems.insert(Problem {
                    file: file.clone(),
                    message,
                });
            } else if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
                if pages.get(&target).is_some_and(|p| !p.ids.contains(&frag)) {
                    problems.insert(Problem {
                        file: file.clone(),
                        message: format!("link `{link}`: {target} has no element with id `{frag}`"),
                    });
                }
            }
        }
    }
    let feeds: Vec<&String> = files
        .iter()
        .filter(|f| f.ends_with("rss.xml") || f.as_str() == "atom.xml" || f.as_str() == "feed.json")
        .collect();
    // Every XML file (feeds, sitemap) must be well-formed for a strict parser, not only
    // for the forgiving feed reader below.
    for xml in files.iter().filter(|f| f.ends_with(".xml")) {
        let bytes = std::fs::read(out.join(xml)).map_err(|source| CheckError::Io {
            path: out.join(xml),
            source,
        })?;
        if let Err(e) = crate::xmlcheck::check_well_formed(&bytes) {
            problems.insert(Problem {
                file: xml.clone(),
                message: e.to_string(),
            });
        }
    }
    for feed in feeds {
        report.feeds += 1;
        let bytes = std::fs::read(out.join(feed)).map_err(|source| CheckError::Io {
            path: out.join(feed),
            source,
        })?;
        match feed_rs::parser::parse(bytes.as_slice()) {
            Err(e) => {
                problems.insert(Problem {
                    file: feed.clone(),
                    message: format!("does not parse as a feed: {e}"),
                });
            }
            Ok(parsed) => {
                for entry in parsed.entries {
                    let Some(link) = entry.links.first().map(|l| l.href.clone()) else {
                        problems.insert(Problem {
                            file: feed.clone(),
                            message: format!("item `{}` has no link", entry.id),
                        });
                        continue;
                    };
                    match resolve(&link, feed, base_url, base_path) {
                        Some((target, _)) if files.contains(&target) => {}
                        _ => {
                            problems.insert(Problem {
                                file: feed.clone(),
                                message: format!("item link `{link}` has no page"),
                            });
                        }
                    }
                }
            }
        }
    }
    report.problems = problems.into_iter().collect();
    Ok(report)
}

/// The output folder `check` reads by default.
pub fn default_output(root: &Path, config: &Config) -> PathBuf {
    root.join(&config.output_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_internal_links() {
        let r = |l: &str| resolve(l, "a/b/index.html", "https://x.org/sub/", "/sub/");
        assert_eq!(r("/sub/c/"), Some(("c/index.html".into(), None)));
        assert_eq!(
            r("https://x.org/sub/c/#top"),
            Some(("c/index.html".into(), Some("top".into())))
        );
        assert_eq!(r("../d/"), Some(("a/d/index.html".into(), None)));
        assert_eq!(r("#x"), Some(("a/b/index.html".into(), Some("x".into()))));
        assert_eq!(r("https://elsewhere.org/"), None);
        assert_eq!(r("/sub/style.css"), Some(("style.css".into(), None)));
    }
}

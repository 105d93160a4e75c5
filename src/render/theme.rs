//! Loading a theme: tera templates, interface words and static files.
//!
//! Layers, later ones winning file by file:
//! 1. the default theme built into the binary (so an archive with only `site.yaml` and
//!    `content/` builds),
//! 2. `themes/<theme>/` of the project (a theme may hold only the files it changes),
//! 3. `templates/` at the project root (a site overrides single templates of its theme).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use super::RenderError;
use crate::project::Project;
use crate::yaml;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../themes/default/", $path)))),*]
    };
}

/// The default theme's files, built in: `(path inside the theme, text)`.
pub const DEFAULT_THEME: &[(&str, &str)] = embed!(
    "templates/base.html",
    "templates/article_list.html",
    "templates/card.html",
    "templates/pager.html",
    "templates/index.html",
    "templates/issues.html",
    "templates/issue.html",
    "templates/article.html",
    "templates/terms.html",
    "templates/term.html",
    "templates/archive.html",
    "templates/period.html",
    "templates/404.html",
    "templates/search.html",
    "static/style.css",
    "static/search.js",
    "static/favicon.svg",
    "i18n/vi.yaml",
    "i18n/en.yaml",
);

/// A loaded theme.
pub struct Theme {
    /// Compiled templates.
    pub tera: Tera,
    /// Interface words for the site's language.
    pub words: BTreeMap<String, String>,
    /// Static files to copy to the output: `(output path, bytes)`.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// Every file the theme was read from (for watching).
    pub sources: Vec<PathBuf>,
}

/// Collect the layered theme files: `(path inside the theme, bytes, where from)`.
fn layered_files(project: &Project) -> Result<BTreeMap<String, (Vec<u8>, String)>, RenderError> {
    let mut files: BTreeMap<String, (Vec<u8>, String)> = DEFAULT_THEME
        .iter()
        .map(|(p, t)| {
            (
                p.to_string(),
                (t.as_bytes().to_vec(), format!("<built-in>/{p}")),
            )
        })
        .collect();
    let theme_dir = project.theme_dir();
    if !theme_dir.is_dir() && project.config.theme != "default" {
        return Err(RenderError::new(format!(
            "theme `{}` not found: create {} or set `theme: default` in site.yaml",
            project.config.theme,
            theme_dir.display()
        )));
    }
    overlay(&mut files, &theme_dir, "")?;
    overlay(&mut files, &project.root.join("templates"), "templates/")?;
    Ok(files)
}

fn overlay(
    files: &mut BTreeMap<String, (Vec<u8>, String)>,
    dir: &Path,
    prefix: &str,
) -> Result<(), RenderError> {
    for (rel, path) in super::assets::walk(dir)? {
        if rel.split('/').any(|c| c.starts_with('.')) {
            continue;
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| RenderError::new(format!("{}: {e}", path.display())))?;
        files.insert(
            format!("{prefix}{rel}"),
            (bytes, path.display().to_string()),
        );
    }
    Ok(())
}

impl Theme {
    /// Load the theme of `project`, with the site's own translations on top.
    pub fn load(project: &Project) -> Result<Theme, RenderError> {
        let files = layered_files(project)?;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // tera's default also escapes `/`, which makes every URL unreadable in the source.
        tera.set_escape_fn(escape_html);
        let mut templates = Vec::new();
        let mut static_files = Vec::new();
        let mut sources = Vec::new();
        let lang = project.config.language.as_str();
        let mut words = BTreeMap::new();
        let mut lang_words = None;
        for (rel, (bytes, origin)) in &files {
            if !origin.starts_with("<built-in>") {
                sources.push(PathBuf::from(origin));
            }
            if let Some(name) = rel.strip_prefix("templates/") {
                let text = String::from_utf8(bytes.clone())
                    .map_err(|_| RenderError::new(format!("{origin}: template is not UTF-8")))?;
                templates.push((name.to_string(), text, origin.clone()));
            } else if let Some(name) = rel.strip_prefix("static/") {
                static_files.push((name.to_string(), bytes.clone()));
            } else if let Some(name) = rel.strip_prefix("i18n/") {
                let text = String::from_utf8_lossy(bytes);
                let map: BTreeMap<String, String> = yaml::from_str(&text).map_err(|e| {
                    RenderError::new(format!("{origin}:{}: {}", e.line.unwrap_or(0), e.message))
                })?;
                if name == "vi.yaml" {
                    words.extend(map.clone());
                }
                if name.strip_suffix(".yaml") == Some(lang) {
                    lang_words = Some(map);
                }
            }
        }
        // Vietnamese is the fallback for words a translation lacks.
        words.extend(lang_words.unwrap_or_default());
        words.extend(project.config.translations.clone());
        let list: Vec<(&str, &str)> = templates
            .iter()
            .map(|(n, t, _)| (n.as_str(), t.as_str()))
            .collect();
        tera.add_raw_templates(list).map_err(|e| {
            let msg = super::tera_message(&e);
            // Point at the file the failing template came from.
            let origin = templates
                .iter()
                .find(|(n, _, _)| msg.contains(&format!("'{n}'")))
                .map(|(_, _, o)| o.clone());
            RenderError::new(match origin {
                Some(o) => format!("{o}: {msg}"),
                None => msg,
            })
        })?;
        Ok(Theme {
            tera,
            words,
            static_files,
            sources,
        })
    }
}

/// The built-in theme's interface words for `language` (Vietnamese for any word a
/// translation lacks), with the site's own `translations` on top. For messages that must
/// speak the site's language even when its theme does not load (the preview's error
/// overlay).
pub fn built_in_words(
    language: &str,
    translations: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let read = |name: &str| -> BTreeMap<String, String> {
        DEFAULT_THEME
            .iter()
            .find(|(p, _)| *p == name)
            .and_then(|(_, text)| yaml::from_str(text).ok())
            .unwrap_or_default()
    };
    let mut words = read("i18n/vi.yaml");
    words.extend(read(&format!("i18n/{language}.yaml")));
    words.extend(translations.clone());
    words
}

/// Escape for HTML text and attribute values: `& < > " '`.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    super::markdown::escape_into(&mut out, text);
    out
}

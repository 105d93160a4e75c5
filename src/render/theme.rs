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

/// Everything loading a theme reads besides the theme's files: the one place that says
/// which parts of a project the compiled theme depends on, so a new `site.yaml` that
/// keeps them (a new title, say) reuses the compiled templates instead of compiling them
/// again. Changes to the theme's files themselves are watched on their own
/// (`ChangeSet::theme`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ThemeInputs {
    /// The project root (`templates/` overrides live there).
    root: PathBuf,
    /// `themes/<theme>/`.
    theme_dir: PathBuf,
    /// The configured theme name (only `default` may lack a folder).
    theme: String,
    /// The site's language: which `i18n/*.yaml` is read.
    language: String,
    /// The site's own interface words, laid over the theme's.
    translations: BTreeMap<String, String>,
}

impl ThemeInputs {
    /// What loading `project`'s theme reads from `project`.
    pub(crate) fn of(project: &Project) -> ThemeInputs {
        ThemeInputs {
            root: project.root.clone(),
            theme_dir: project.theme_dir(),
            theme: project.config.theme.clone(),
            language: project.config.language.clone(),
            translations: project.config.translations.clone(),
        }
    }
}

/// A loaded theme.
pub struct Theme {
    /// What it was loaded from (see [`ThemeInputs`]).
    inputs: ThemeInputs,
    /// Compiled templates.
    pub tera: Tera,
    /// Interface words for the site's language.
    pub words: BTreeMap<String, String>,
    /// Static files to copy to the output: `(output path, bytes)`.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// Every file the theme was read from (for watching).
    pub sources: Vec<PathBuf>,
    /// Per template: a fingerprint of its text and of every template it names
    /// (extends, includes, imports), transitively; `(static)` for the static files.
    fingerprints: BTreeMap<String, u128>,
    /// Per template: the texts of it and every template it names, joined.
    closures: BTreeMap<String, String>,
    /// Per template: the file it was read from, for error messages.
    origins: BTreeMap<String, String>,
}

/// Collect the layered theme files: `(path inside the theme, bytes, where from)`.
fn layered_files(inputs: &ThemeInputs) -> Result<BTreeMap<String, (Vec<u8>, String)>, RenderError> {
    let mut files: BTreeMap<String, (Vec<u8>, String)> = DEFAULT_THEME
        .iter()
        .map(|(p, t)| {
            (
                p.to_string(),
                (t.as_bytes().to_vec(), format!("<built-in>/{p}")),
            )
        })
        .collect();
    let theme_dir = &inputs.theme_dir;
    if !theme_dir.is_dir() && inputs.theme != "default" {
        return Err(RenderError::new(format!(
            "theme `{}` not found: create {} or set `theme: default` in site.yaml",
            inputs.theme,
            theme_dir.display()
        )));
    }
    overlay(&mut files, theme_dir, "")?;
    overlay(&mut files, &inputs.root.join("templates"), "templates/")?;
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
        Theme::load_from(ThemeInputs::of(project))
    }

    /// Load a theme from what it reads of a project, and nothing else of it.
    fn load_from(inputs: ThemeInputs) -> Result<Theme, RenderError> {
        let files = layered_files(&inputs)?;
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        // One escaping for the whole site: templates and Markdown escape the same five
        // characters, so a page's bytes do not depend on which of them wrote a value.
        tera.set_escape_fn(escape_html);
        let mut templates = Vec::new();
        let mut static_files = Vec::new();
        let mut sources = Vec::new();
        let lang = inputs.language.as_str();
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
        words.extend(inputs.translations.clone());
        let list: Vec<(&str, &str)> = templates
            .iter()
            .map(|(n, t, _)| (n.as_str(), t.as_str()))
            .collect();
        let origins: BTreeMap<String, String> = templates
            .iter()
            .map(|(n, _, o)| (n.clone(), o.clone()))
            .collect();
        // A load error points at the file the failing template came from, as a render
        // error does (`explain`).
        tera.add_raw_templates(list).map_err(|e| {
            RenderError::new(super::tera_message(&e, |name| origins.get(name).cloned()))
        })?;
        let (fingerprints, closures) = template_fingerprints(&templates, &static_files);
        Ok(Theme {
            inputs,
            tera,
            words,
            static_files,
            sources,
            fingerprints,
            closures,
            origins,
        })
    }

    /// A tera error on one line, naming the file each template in it was read from.
    pub(crate) fn explain(&self, e: &tera::Error) -> String {
        super::tera_message(e, |name| self.origins.get(name).cloned())
    }

    /// Whether this theme, loaded for another project configuration, is the one `project`
    /// would load (its theme files unchanged).
    pub fn serves(&self, project: &Project) -> bool {
        self.inputs == ThemeInputs::of(project)
    }

    /// Whether template `name`, or a template it uses, mentions `word` as a whole
    /// identifier (`rubrics` in `{% for r in rubrics %}`). A value of the shared context
    /// that a template never mentions is not one of its pages' inputs. Unknown templates
    /// (feeds, which are not templates) mention everything.
    pub fn mentions(&self, name: &str, word: &str) -> bool {
        match self.closures.get(name) {
            Some(text) => mentions_variable(text, word),
            None => true,
        }
    }

    /// What the output of template (or generator) `name` depends on in the theme: its
    /// text and the texts of the templates it uses. 0 for generators that use none.
    pub fn template_fingerprint(&self, name: &str) -> u128 {
        self.fingerprints.get(name).copied().unwrap_or(0)
    }
}

/// Whether `text` names the top-level variable `word`: as a whole identifier, and not
/// as a field (`nav.rubrics` is a field of `nav`, not the variable `rubrics`).
fn mentions_variable(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident)
    })
}

/// [`Theme::template_fingerprint`] for every template. A template uses another when it
/// names it in quotes (`{% extends "base.html" %}`, `{% include 'card.html' %}`); naming
/// one without using it only costs a re-render.
type Closures = (BTreeMap<String, u128>, BTreeMap<String, String>);

fn template_fingerprints(
    templates: &[(String, String, String)],
    static_files: &[(String, Vec<u8>)],
) -> Closures {
    use super::deps::Fp;
    let names = |text: &str| -> Vec<usize> {
        (0..templates.len())
            .filter(|&k| {
                let n = &templates[k].0;
                text.contains(&format!("\"{n}\"")) || text.contains(&format!("'{n}'"))
            })
            .collect()
    };
    let uses: Vec<Vec<usize>> = templates.iter().map(|(_, t, _)| names(t)).collect();
    let mut out = BTreeMap::new();
    let mut closures = BTreeMap::new();
    for (k, (name, _, _)) in templates.iter().enumerate() {
        let mut seen = std::collections::BTreeSet::from([k]);
        let mut todo = vec![k];
        while let Some(j) = todo.pop() {
            for &u in &uses[j] {
                if seen.insert(u) {
                    todo.push(u);
                }
            }
        }
        let mut f = Fp::new();
        let mut text = String::new();
        for j in seen {
            f.str(&templates[j].0).str(&templates[j].1);
            text.push_str(&templates[j].1);
            text.push('\n');
        }
        out.insert(name.clone(), f.finish());
        closures.insert(name.clone(), text);
    }
    let mut f = Fp::new();
    for (name, bytes) in static_files {
        f.str(name).num(bytes.len() as u128);
        std::io::Write::write_all(&mut f, bytes).ok();
    }
    out.insert(super::Job::Static.template().to_string(), f.finish());
    (out, closures)
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
fn escape_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::markdown::escaped_pieces(text, |piece| out.write_all(piece.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variable_is_a_whole_top_level_name() {
        let t = "{% for r in rubrics %}{{ r.name }}{% endfor %}";
        assert!(mentions_variable(t, "rubrics"));
        assert!(!mentions_variable(
            "<a href=\"{{ nav.rubrics }}\">",
            "rubrics"
        ));
        assert!(!mentions_variable(
            "{{ all_rubrics }} {{ rubrics_x }}",
            "rubrics"
        ));
        assert!(mentions_variable("{{ t.home }}", "t"));
        assert!(!mentions_variable("{{ a.date_short }}", "t"));
    }

    #[test]
    fn a_template_fingerprint_covers_the_templates_it_names() {
        let t = |n: &str, text: &str| (n.to_string(), text.to_string(), String::new());
        let base = t("base.html", "<main>{% block c %}{% endblock %}</main>");
        let page = t(
            "page.html",
            "{% extends \"base.html\" %}{% include 'card.html' %}",
        );
        let card = t("card.html", "<p>{{ a.title }}</p>");
        let other = t("other.html", "<p>alone</p>");
        let (before, closures) =
            template_fingerprints(&[base.clone(), page.clone(), card, other.clone()], &[]);
        assert!(
            closures["page.html"].contains("<main>") && closures["page.html"].contains("a.title")
        );
        let card2 = t("card.html", "<p>{{ a.title }}!</p>");
        let (after, _) = template_fingerprints(&[base, page, card2, other], &[]);
        assert_ne!(before["page.html"], after["page.html"]);
        assert_ne!(before["card.html"], after["card.html"]);
        assert_eq!(before["base.html"], after["base.html"]);
        assert_eq!(before["other.html"], after["other.html"]);
    }
}

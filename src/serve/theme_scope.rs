//! Which pages a theme change touches.
//!
//! A change to a template that no other template extends, includes or imports (such as
//! `article.html`) touches only the pages rendered with it; a change to a static file
//! touches only the static files. Anything else (`base.html`, macros, translations, a
//! static file added or removed) re-renders every page, and only files whose bytes
//! changed are rewritten.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::project::Project;
use crate::render::DEFAULT_THEME;

/// The part of the site a theme change touches, when it is not the whole site.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ThemeScope {
    /// Templates (names as jobs use them, `article.html`) whose pages must be re-rendered.
    pub templates: BTreeSet<String>,
    /// The theme's static files must be copied again.
    pub statics: bool,
}

/// The scope of changes to `files` (paths under the project), or `None` for everything.
pub fn scope(project: &Project, files: &BTreeSet<PathBuf>) -> Option<ThemeScope> {
    let mut s = ThemeScope::default();
    let theme = project.config.theme.as_str();
    for f in files {
        let rel = f.strip_prefix(&project.root).ok()?;
        let parts: Vec<&str> = rel.iter().map(|c| c.to_str()).collect::<Option<_>>()?;
        match parts.as_slice() {
            ["templates", rest @ ..] if !rest.is_empty() => {
                s.templates.insert(rest.join("/"));
            }
            ["themes", t, ..] if *t != theme => {}
            ["themes", _, "templates", rest @ ..] if !rest.is_empty() => {
                s.templates.insert(rest.join("/"));
            }
            ["themes", _, "static", rest @ ..] if !rest.is_empty() => s.statics = true,
            _ => return None,
        }
    }
    let texts = template_texts(project);
    for name in &s.templates {
        let quoted = [format!("\"{name}\""), format!("'{name}'")];
        let used_by_others = texts
            .iter()
            .any(|(n, t)| n != name && quoted.iter().any(|q| t.contains(q.as_str())));
        if used_by_others {
            return None;
        }
    }
    Some(s)
}

/// Every template of every layer: `(name, text)`.
fn template_texts(project: &Project) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = DEFAULT_THEME
        .iter()
        .filter_map(|(p, t)| Some((p.strip_prefix("templates/")?.to_string(), t.to_string())))
        .collect();
    for dir in [
        project.theme_dir().join("templates"),
        project.root.join("templates"),
    ] {
        out.extend(read_templates(&dir));
    }
    out
}

fn read_templates(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let name = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((name, std::fs::read_to_string(e.path()).ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaf_templates_and_statics_are_scoped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("site.yaml"),
            "title: T\nbase_url: \"https://example.org/\"\n",
        )
        .unwrap();
        let project = Project::open(root).unwrap();
        let set = |ps: &[&str]| ps.iter().map(|p| root.join(p)).collect::<BTreeSet<_>>();
        let s = scope(&project, &set(&["templates/article.html"])).unwrap();
        assert_eq!(s.templates.iter().collect::<Vec<_>>(), ["article.html"]);
        assert!(scope(&project, &set(&["themes/default/templates/base.html"])).is_none());
        assert!(scope(&project, &set(&["themes/default/i18n/vi.yaml"])).is_none());
        let s = scope(&project, &set(&["themes/default/static/style.css"])).unwrap();
        assert!(s.statics && s.templates.is_empty());
        assert_eq!(
            scope(&project, &set(&["themes/other/templates/base.html"])),
            Some(ThemeScope::default())
        );
    }
}

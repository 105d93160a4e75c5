//! Sorting changed paths into what they mean for the site.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::project::CONFIG_FILE;

/// Everything that changed since the last good rebuild.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    /// `site.yaml` changed.
    pub config: bool,
    /// A theme file or a `templates/` override changed.
    pub theme: bool,
    /// The changed theme and `templates/` paths.
    pub theme_files: BTreeSet<PathBuf>,
    /// A raw text in `seeds/` changed.
    pub seeds: bool,
    /// The changed (created, edited, removed) paths under `seeds/`.
    pub seed_files: BTreeSet<PathBuf>,
    /// Changed (created, edited, removed) paths under `content/`.
    pub content: BTreeSet<PathBuf>,
    /// A file published as it is changed: `static/`, or an image or file next to the
    /// articles in `content/` (the site is opened again to find them all).
    pub assets: bool,
}

impl ChangeSet {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        !self.config
            && !self.theme
            && !self.seeds
            && self.content.is_empty()
            && self.theme_files.is_empty()
            && !self.assets
    }

    /// Forget every change.
    pub fn clear(&mut self) {
        *self = ChangeSet::default();
    }

    /// Add the changes of `other`.
    pub fn merge(&mut self, other: ChangeSet) {
        self.config |= other.config;
        self.theme |= other.theme;
        self.theme_files.extend(other.theme_files);
        self.seeds |= other.seeds;
        self.seed_files.extend(other.seed_files);
        self.content.extend(other.content);
        self.assets |= other.assets;
    }

    /// Record a changed path of the archive at `root`, ignoring what the site does not
    /// read (hidden and temporary files, the output folder, anything else). Returns
    /// whether the path mattered.
    pub fn add(&mut self, root: &Path, out_dir: &Path, path: &Path) -> bool {
        if path.starts_with(out_dir) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            return false;
        };
        let parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
        if parts.len() != rel.iter().count() || parts.iter().any(|p| is_ignored_name(p)) {
            return false;
        }
        match parts.as_slice() {
            [name] if *name == CONFIG_FILE => self.config = true,
            ["seeds", ..] => {
                self.seeds = true;
                self.seed_files.insert(path.to_path_buf());
            }
            ["content", _, .., file] if Path::new(file).extension().is_some_and(|e| e != "md") => {
                self.assets = true;
            }
            ["content", ..] => {
                self.content.insert(path.to_path_buf());
            }
            ["static", ..] => self.assets = true,
            ["themes", ..] | ["templates", ..] => {
                self.theme = true;
                self.theme_files.insert(path.to_path_buf());
            }
            _ => return false,
        }
        true
    }
}

/// Hidden files, editor backups and temporary files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913" // vim's write test
        || [".swp", ".swx", ".tmp", ".bak", ".part", ".crdownload"]
            .iter()
            .any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        let root = Path::new("/a");
        let out = Path::new("/a/public");
        let mut c = ChangeSet::default();
        assert!(c.add(root, out, Path::new("/a/content/x/01-y.md")));
        assert!(c.add(root, out, Path::new("/a/site.yaml")));
        assert!(c.add(
            root,
            out,
            Path::new("/a/themes/default/templates/base.html")
        ));
        assert!(c.add(root, out, Path::new("/a/seeds/s.txt")));
        assert!(!c.assets);
        assert!(c.add(root, out, Path::new("/a/content/x/anh.jpg")));
        assert!(c.assets && !c.content.contains(Path::new("/a/content/x/anh.jpg")));
        assert!(c.add(root, out, Path::new("/a/static/favicon.ico")));
        assert!(!c.add(root, out, Path::new("/a/public/index.html")));
        assert!(!c.add(root, out, Path::new("/a/content/x/.01-y.md.swp")));
        assert!(!c.add(root, out, Path::new("/a/content/x/01-y.md~")));
        assert!(!c.add(root, out, Path::new("/a/content/x/4913")));
        assert!(!c.add(root, out, Path::new("/a/.git/index")));
        assert!(!c.add(root, out, Path::new("/a/target/x")));
        assert!(c.config && c.theme && c.seeds);
        assert_eq!(c.content.len(), 1);
    }
}

//! Writing the rendered site to disk without losing anything.
//!
//! - [`check_output_dir`] resolves the output folder (symlinks followed, a missing folder
//!   through its nearest existing ancestor) and refuses the project itself, a parent of it
//!   (`/`, `~`), the home folder and every source folder (`content/`, `seeds/`, `themes/`,
//!   `templates/`, `static/`, `.git/`, `src/`) or anything inside one.
//! - [`publish`] writes a build: the new site is assembled in a staging folder beside the
//!   output and swapped in at once, so the output is always a whole site, and only files
//!   listed in the previous build's manifest are ever dropped (see its docs).
//! - [`PreviewWriter`] writes the preview of `bantin serve` in place, into a folder that
//!   belongs to the preview alone (never the published output).
//!
//! Both are a [`Sink`], what the engine renders into.

pub mod preview;
pub mod publish;

use std::io::Write;
use std::path::{Component, Path, PathBuf};

pub use preview::PreviewWriter;
pub use publish::{Manifest, PublishOptions, SiteWriter, MANIFEST};

/// Where rendered files go: the staged folder of a build ([`SiteWriter`]) or the preview
/// folder of `bantin serve` ([`PreviewWriter`]). The engine renders into either; which one
/// is chosen where a command starts.
pub trait Sink: Sync {
    /// Write `bytes` at the site-relative path `rel`. `origin` names the source of a file
    /// copied as it is (`static/CNAME`), so a clash with a generated page can say which
    /// file to move; it is empty for generated files. Returns whether the bytes on disk
    /// changed.
    fn put(&self, rel: &str, bytes: &[u8], origin: &str) -> Result<bool, OutputError>;

    /// Remove the file at `rel`, written earlier, that no page writes any more. Returns
    /// whether there was one.
    fn remove(&self, rel: &str) -> Result<bool, OutputError>;
}

/// The marker file of a folder that holds `bantin serve`'s preview.
pub const SERVE_MARKER: &str = ".bantin-serve";

/// An output file or folder that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output folder would overwrite sources.
    #[error("refusing to use {} as the output folder: {reason}", path.display())]
    Refused {
        /// The requested output folder.
        path: PathBuf,
        /// Why it is refused and what to do.
        reason: String,
    },
    /// The output folder holds files that bantin did not write.
    #[error(
        "refusing to build into {}: it is not empty and was not made by `bantin build` \
         (it has no {MANIFEST}), so its files might be lost. Choose an empty or new folder, \
         or pass --force to build there anyway (files bantin did not write are never deleted; \
         a folder built by a bantin older than the manifest needs --force once)",
        path.display()
    )]
    Foreign {
        /// The output folder.
        path: PathBuf,
    },
    /// A file bantin did not write is where the new build wants to put a page.
    #[error(
        "{} was not written by bantin, and the build would replace it with a generated \
         file; move it away (or into static/ if it belongs to the site), or pass --force",
        path.display()
    )]
    Collision {
        /// The file in the output folder.
        path: PathBuf,
    },
    /// Two inputs produce the same output file.
    #[error("two files of the site would be written to `{0}`{1}")]
    Duplicate(String, String),
    /// A file of the new build could not be written: the previous site is untouched.
    #[error(
        "cannot write {}: {source}; the build stopped and the previous site in {} is unchanged",
        path.display(),
        out.display()
    )]
    Write {
        /// The file that could not be written.
        path: PathBuf,
        /// The output folder, left as it was.
        out: PathBuf,
        /// What the operating system said (e.g. no space left on device).
        source: std::io::Error,
    },
    /// An I/O failure.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A page path that would escape the output folder.
    #[error("page path `{0}` would be written outside the output folder")]
    BadPath(String),
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Write `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.flush()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(OutputError::Io {
            path: path.to_path_buf(),
            source: e,
        });
    }
    Ok(())
}

/// `path` made absolute with every symlink resolved. A path that does not exist yet is
/// resolved through its nearest existing ancestor (the rest cannot hold symlinks).
pub fn resolve_path(path: &Path) -> Result<PathBuf, OutputError> {
    let abs = std::path::absolute(path).map_err(io(path))?;
    let mut existing = abs.as_path();
    let mut rest: Vec<Component> = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for comp in rest.iter().rev() {
                match comp {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(n) => out.push(n),
                    _ => {}
                }
            }
            return Ok(out);
        }
        let mut comps = existing.components();
        match comps.next_back() {
            Some(last @ (Component::Normal(_) | Component::ParentDir | Component::CurDir)) => {
                rest.push(last);
                existing = comps.as_path();
            }
            _ => return Ok(normalize(&abs)),
        }
    }
}

/// The folders of an archive that hold its sources: never an output folder.
pub const SOURCE_DIRS: [&str; 7] = [
    "content",
    "seeds",
    "themes",
    "templates",
    "static",
    ".git",
    "src",
];

/// Check that `output` is a folder bantin may own: after resolving symlinks, not the
/// project root, not a parent of it, not the home folder, not one of its source folders
/// and not inside one. Returns the resolved folder.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, OutputError> {
    let out = resolve_path(output)?;
    let root_c = resolve_path(root)?;
    let refuse = |reason: String| {
        let shown = if out.as_path() == output {
            String::new()
        } else {
            format!(" (it resolves to {})", out.display())
        };
        Err(OutputError::Refused {
            path: output.to_path_buf(),
            reason: format!("{reason}{shown}; choose a separate folder such as `public/`"),
        })
    };
    if out == root_c {
        return refuse("it is the project folder".into());
    }
    if root_c.starts_with(&out) {
        return refuse("it contains the project".into());
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        if resolve_path(Path::new(&home)).is_ok_and(|h| h == out) {
            return refuse("it is your home folder".into());
        }
    }
    for src in SOURCE_DIRS {
        let lexical = root_c.join(src);
        let resolved = resolve_path(&lexical)?;
        for s in [&lexical, &resolved] {
            if out == **s {
                return refuse(format!("it is `{src}/`, a folder of the archive's sources"));
            }
            if out.starts_with(s) {
                return refuse(format!(
                    "it is inside `{src}/`, a folder of the archive's sources"
                ));
            }
            if s.starts_with(&out) {
                return refuse(format!(
                    "it contains `{src}/`, a folder of the archive's sources"
                ));
            }
        }
    }
    Ok(out)
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written (new or changed).
    pub written: usize,
    /// Files left as they were (same bytes).
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: usize,
    /// Bytes of every file of the site.
    pub bytes: u64,
}

/// A site-relative output path such as `a/b/index.html`, checked to stay inside the folder.
pub(crate) fn checked_join(out: &Path, rel: &str) -> Result<PathBuf, OutputError> {
    let p = Path::new(rel);
    if rel.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(OutputError::BadPath(rel.to_string()));
    }
    Ok(out.join(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_sources_as_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("proj");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let ok = |p: &Path| check_output_dir(&root, p).is_ok();
        assert!(!ok(&root));
        assert!(!ok(&root.join("content")));
        assert!(!ok(&root.join("seeds/x")));
        assert!(!ok(&root.join("themes/default")));
        assert!(!ok(&root.join("templates")));
        assert!(!ok(&root.join("static")));
        assert!(!ok(&root.join(".git")));
        assert!(!ok(dir.path()));
        assert!(!ok(Path::new("/")));
        assert!(!ok(&root.join("public/../content")));
        assert!(ok(&root.join("public")));
        assert!(ok(&dir.path().join("elsewhere")));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_sources_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("proj");
        std::fs::create_dir_all(root.join("content/so-1")).unwrap();
        let link = dir.path().join("to-content");
        std::os::unix::fs::symlink(root.join("content"), &link).unwrap();
        assert!(check_output_dir(&root, &link).is_err());
        assert!(check_output_dir(&root, &link.join("so-1")).is_err());
        assert!(check_output_dir(&root, &link.join("new/deeper")).is_err());
        let up = root.join("up");
        std::os::unix::fs::symlink(dir.path(), &up).unwrap();
        assert!(check_output_dir(&root, &up).is_err());
        assert!(check_output_dir(&root, &up.join("proj")).is_err());
        // content/ itself a symlink to a folder elsewhere: that folder is a source too.
        let root2 = dir.path().join("proj2");
        std::fs::create_dir_all(&root2).unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("articles")).unwrap();
        std::os::unix::fs::symlink(data.join("articles"), root2.join("content")).unwrap();
        assert!(check_output_dir(&root2, &data.join("articles")).is_err());
        assert!(check_output_dir(&root2, &data).is_err());
        assert!(check_output_dir(&root2, &root2.join("public")).is_ok());
    }

    #[test]
    fn rejects_escaping_paths() {
        let out = Path::new("/tmp/o");
        assert!(checked_join(out, "../x").is_err());
        assert!(checked_join(out, "/etc/passwd").is_err());
        assert!(checked_join(out, "a/index.html").is_ok());
    }
}

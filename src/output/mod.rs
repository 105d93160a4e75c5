//! Writing the rendered site to disk, atomically and without touching anything else.
//!
//! Every file is written to a temporary name in its own folder and renamed into place, so a
//! reader (or an upload) never sees half a file. Files whose bytes did not change are not
//! rewritten at all, so their modification times stay put and `rsync` sends only what
//! changed. Files in the output folder that the new build did not produce are removed.
//! Nothing outside the output folder is ever written or deleted, and the output folder
//! may not be the project itself, `content/`, `seeds/` or a theme.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

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

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
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

/// Check that `output` is a folder bantin may own: not the project root, not one of its
/// source folders, not inside one, and not a parent of the project.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), OutputError> {
    let abs = |p: &Path| normalize(&std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
    let out = abs(output);
    let root = abs(root);
    let refuse = |reason: &str| {
        Err(OutputError::Refused {
            path: output.to_path_buf(),
            reason: format!("{reason}; choose a separate folder such as `public/`"),
        })
    };
    if out == root {
        return refuse("it is the project folder");
    }
    if root.starts_with(&out) {
        return refuse("it contains the project");
    }
    for src in ["content", "seeds", "themes", ".git", "src"] {
        if out.starts_with(root.join(src)) {
            return refuse(&format!("it is inside `{src}/`"));
        }
    }
    Ok(())
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

/// What [`write_site`] did.
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
fn checked_join(out: &Path, rel: &str) -> Result<PathBuf, OutputError> {
    let p = Path::new(rel);
    if rel.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(OutputError::BadPath(rel.to_string()));
    }
    Ok(out.join(p))
}

/// Writes a site file by file, from many threads, remembering what it wrote so stale files
/// can be pruned at the end. Files are written as they are rendered, so a build never holds
/// the whole site in memory.
pub struct SiteWriter {
    out: PathBuf,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    bytes: AtomicU64,
    paths: Mutex<Vec<String>>,
}

impl SiteWriter {
    /// A writer into `out` (created if missing).
    pub fn new(out: &Path) -> Result<SiteWriter, OutputError> {
        std::fs::create_dir_all(out).map_err(io(out))?;
        Ok(SiteWriter {
            out: out.to_path_buf(),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            paths: Mutex::new(Vec::new()),
        })
    }

    /// Write one file (site-relative path) unless it already has exactly these bytes.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = checked_join(&self.out, rel)?;
        let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64)
            && std::fs::read(&path).is_ok_and(|cur| cur == bytes);
        if same {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        } else {
            write_atomic(&path, bytes)?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        Ok(())
    }

    /// Finish: when `prune`, remove every file this writer did not write.
    pub fn finish(self, prune: bool) -> Result<WriteStats, OutputError> {
        let paths = self.paths.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut stats = WriteStats {
            written: self.written.into_inner(),
            unchanged: self.unchanged.into_inner(),
            removed: 0,
            bytes: self.bytes.into_inner(),
        };
        if prune {
            let keep: BTreeSet<PathBuf> = paths.iter().map(|rel| self.out.join(rel)).collect();
            stats.removed = prune_stale(&self.out, &keep)?;
        }
        Ok(stats)
    }
}

/// Write a whole site: every `(relative path, bytes)` in `files`, then remove what is stale.
///
/// When `prune` is false, files not in `files` are kept (used by incremental rebuilds).
pub fn write_site(
    out: &Path,
    files: &[(String, Vec<u8>)],
    prune: bool,
) -> Result<WriteStats, OutputError> {
    let writer = SiteWriter::new(out)?;
    files
        .par_iter()
        .try_for_each(|(rel, bytes)| writer.write(rel, bytes))?;
    writer.finish(prune)
}

/// Remove files under `out` not in `keep`, then folders left empty. Returns files removed.
fn prune_stale(out: &Path, keep: &BTreeSet<PathBuf>) -> Result<usize, OutputError> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1).contents_first(true) {
        let entry = entry.map_err(|e| OutputError::Io {
            path: out.to_path_buf(),
            source: e.into(),
        })?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            dirs.push(path.to_path_buf());
        } else if !keep.contains(path) {
            std::fs::remove_file(path).map_err(io(path))?;
            removed += 1;
        }
    }
    for d in dirs {
        // Only succeeds when empty, which is exactly what we want.
        let _ = std::fs::remove_dir(&d);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_sources_as_output() {
        let root = Path::new("/tmp/proj");
        assert!(check_output_dir(root, Path::new("/tmp/proj")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/proj/content")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/proj/seeds/x")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/proj/themes/default")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/proj/public/../content")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/proj/public")).is_ok());
        assert!(check_output_dir(root, Path::new("/tmp/elsewhere")).is_ok());
    }

    #[test]
    fn rejects_escaping_paths() {
        let out = Path::new("/tmp/o");
        assert!(checked_join(out, "../x").is_err());
        assert!(checked_join(out, "/etc/passwd").is_err());
        assert!(checked_join(out, "a/index.html").is_ok());
    }

    #[test]
    fn writes_prunes_and_skips_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = vec![
            ("a/index.html".to_string(), b"A".to_vec()),
            ("b.xml".to_string(), b"B".to_vec()),
        ];
        let s = write_site(&out, &files, true).unwrap();
        assert_eq!(s.written, 2);
        std::fs::write(out.join("stale.html"), "x").unwrap();
        let s = write_site(&out, &files[..1], true).unwrap();
        assert_eq!((s.written, s.unchanged, s.removed), (0, 1, 2));
        assert!(!out.join("b.xml").exists());
        assert!(out.join("a/index.html").exists());
    }
}

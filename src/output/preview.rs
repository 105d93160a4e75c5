//! The writer of `bantin serve`'s preview folder: files are written in place (each one
//! atomically), only when their bytes changed, and removed when no page writes them any
//! more. The folder belongs to the preview alone (it holds [`SERVE_MARKER`]), which is why
//! removing files there is safe; a published output is only ever written by
//! [`super::SiteWriter`].

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{checked_join, io, write_atomic, OutputError, Sink, SERVE_MARKER};

/// Writes the preview folder, remembering a hash of every file it holds.
pub struct PreviewWriter {
    dir: PathBuf,
    /// Site-relative path → hash of the bytes on disk. A path not here yet is compared
    /// with the file on disk (a preview folder left by an earlier `serve` is reused).
    hashes: Mutex<HashMap<String, u64>>,
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

impl PreviewWriter {
    /// A writer for the preview folder `dir` (created if missing).
    pub fn new(dir: &Path) -> Result<PreviewWriter, OutputError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        Ok(PreviewWriter {
            dir: dir.to_path_buf(),
            hashes: Mutex::new(HashMap::new()),
        })
    }

    /// The preview folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Remove every file of the folder this writer did not write (the marker excepted),
    /// then the folders left empty: after the first full render, what an earlier preview
    /// left behind. Returns the files removed.
    pub fn remove_unwritten(&self) -> Result<usize, OutputError> {
        let keep: BTreeSet<PathBuf> = self.lock().keys().map(|rel| self.dir.join(rel)).collect();
        let mut removed = 0;
        let mut dirs = Vec::new();
        let marker = self.dir.join(SERVE_MARKER);
        for entry in walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .contents_first(true)
        {
            let entry = entry.map_err(|e| OutputError::Io {
                path: self.dir.clone(),
                source: e.into(),
            })?;
            let path = entry.path();
            if entry.file_type().is_dir() {
                dirs.push(path.to_path_buf());
            } else if !keep.contains(path) && path != marker {
                std::fs::remove_file(path).map_err(io(path))?;
                removed += 1;
            }
        }
        for d in dirs {
            // Only succeeds when empty, which is exactly what is wanted.
            let _ = std::fs::remove_dir(&d);
        }
        Ok(removed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, u64>> {
        self.hashes.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for PreviewWriter {
    fn put(&self, rel: &str, bytes: &[u8], _origin: &str) -> Result<bool, OutputError> {
        let path = checked_join(&self.dir, rel)?;
        let h = hash_bytes(bytes);
        let known = self.lock().get(rel).copied();
        let same = match known {
            Some(k) => k == h,
            None => {
                std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64)
                    && std::fs::read(&path).is_ok_and(|cur| cur == bytes)
            }
        };
        if !same {
            write_atomic(&path, bytes)?;
        }
        self.lock().insert(rel.to_string(), h);
        Ok(!same)
    }

    fn remove(&self, rel: &str) -> Result<bool, OutputError> {
        self.lock().remove(rel);
        let path = checked_join(&self.dir, rel)?;
        match std::fs::remove_file(&path) {
            Ok(()) => {
                let mut dir = path.parent();
                while let Some(d) = dir {
                    if d == self.dir || !d.starts_with(&self.dir) || std::fs::remove_dir(d).is_err()
                    {
                        break;
                    }
                    dir = d.parent();
                }
                Ok(true)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(source) => Err(OutputError::Io { path, source }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_changed_bytes_only_and_removes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("preview");
        let w = PreviewWriter::new(&out).unwrap();
        assert!(w.put("a/index.html", b"A", "").unwrap());
        assert!(!w.put("a/index.html", b"A", "").unwrap());
        assert!(w.put("a/index.html", b"B", "").unwrap());
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"B");
        assert!(w.remove("a/index.html").unwrap());
        assert!(!out.join("a").exists(), "the emptied folder goes too");
        assert!(!w.remove("a/index.html").unwrap());
        assert!(w.put("../x", b"", "").is_err());
    }

    #[test]
    fn reuses_and_prunes_an_earlier_preview() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("preview");
        std::fs::create_dir_all(out.join("old")).unwrap();
        std::fs::write(out.join("same.html"), "S").unwrap();
        std::fs::write(out.join("old/stale.html"), "x").unwrap();
        std::fs::write(out.join(SERVE_MARKER), "").unwrap();
        let w = PreviewWriter::new(&out).unwrap();
        assert!(!w.put("same.html", b"S", "").unwrap(), "same bytes on disk");
        assert_eq!(w.remove_unwritten().unwrap(), 1);
        assert!(!out.join("old").exists());
        assert!(out.join(SERVE_MARKER).exists());
        assert!(out.join("same.html").exists());
    }
}

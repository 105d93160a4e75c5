//! Publishing a build: the output folder is always a whole site, and bantin removes only
//! what it wrote itself.
//!
//! **Ownership.** Every build writes a manifest, [`MANIFEST`], at the top of the output
//! folder: each file it wrote (sorted) with its size and a 128-bit hash (XXH3) of its bytes,
//! and the base URL of the build (which `bantin check` reads). A later build drops a file
//! only when it is in that manifest and the new build no longer produces it. Every other
//! file or folder in the output (`CNAME`, `.nojekyll`, `.well-known/`, an editor's notes)
//! is carried over untouched. A non-empty folder without a manifest is not bantin's:
//! [`SiteWriter::new`] refuses it unless `force` is set, and even then never removes what
//! is in it.
//!
//! **Crash safety.** The new site is assembled in a staging folder next to the output
//! (`.<name>.bantin-new`, on the same file system):
//!
//! 1. a file whose bytes are those the manifest lists for the same path is hard-linked
//!    from the current output (same inode: same bytes and modification time, and it is not
//!    read again); a new or changed file is written;
//! 2. files bantin did not write are hard-linked (copied where links are impossible);
//! 3. the manifest is written last;
//! 4. the staging folder and the output are exchanged in one atomic step
//!    (`renameat2(RENAME_EXCHANGE)` on Linux), then the previous tree, now in the staging
//!    folder, is removed.
//!
//! Killed before step 4, the output is the previous site, untouched (nothing in it is ever
//! written in place); killed after, it is the new one. A staging folder left by a killed
//! build is removed by the next one. A write error (a full disk) stops the build before
//! step 4 and leaves the previous site. Where the exchange is not available (other systems,
//! some network file systems) the output is first renamed to `.<name>.bantin-old` and the
//! staging folder renamed into place; a build killed between those two renames leaves the
//! previous site in `.<name>.bantin-old`, and the next build puts it back before starting.
//! Durability across a power cut is not promised (nothing is fsynced). Two builds into
//! the same place do not interleave: a build holds an advisory lock on the output's parent
//! folder while it stages and swaps, and a second one waits for it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::{check_output_dir, checked_join, io, OutputError, WriteStats};

/// The manifest's file name at the top of the output folder.
pub const MANIFEST: &str = ".bantin-manifest.json";
const STAGING: &str = "bantin-new";
const OLD: &str = "bantin-old";

/// One file a build wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Its size in bytes.
    pub size: u64,
    /// XXH3-128 of its bytes; in hex in the manifest. Held as a
    /// number: a build holds one entry per file it writes (a million at a million
    /// articles), and the hex text took 56 bytes more per file.
    #[serde(with = "hex128")]
    pub hash: u128,
}

impl FileEntry {
    fn of(bytes: &[u8]) -> FileEntry {
        FileEntry {
            size: bytes.len() as u64,
            // XXH3, not SipHash: every file of every build is hashed, and SipHash was
            // ~2 % of a 10k build's CPU. Nothing here is keyed against an attacker.
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }
}

/// A 128-bit number as 32 hex digits, as the manifest writes hashes.
mod hex128 {
    use serde::{Deserialize, Deserializer, Serializer};

    /// The hash as the manifest spells it.
    pub(super) fn text(h: u128) -> String {
        format!("{h:032x}")
    }

    pub(super) fn serialize<S: Serializer>(h: &u128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&text(*h))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        u128::from_str_radix(&text, 16)
            .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a hash")))
    }
}

/// What a build wrote into its output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `bantin`.
    pub generator: String,
    /// The base URL the site was built for.
    pub base_url: String,
    /// Every file bantin wrote, by site-relative path.
    pub files: BTreeMap<String, FileEntry>,
}

impl Manifest {
    /// The manifest of the build in `out`: `Ok(None)` when there is none.
    pub fn read(out: &Path) -> Result<Option<Manifest>, OutputError> {
        let path = out.join(MANIFEST);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(OutputError::Io { path, source }),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| OutputError::Io {
                path,
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("not a bantin manifest ({e}); remove it or build with --force"),
                ),
            })
    }

    /// One line per file, so the manifest diffs well and stays deterministic.
    fn to_bytes(&self) -> Vec<u8> {
        let s = |v: &str| serde_json::to_string(v).expect("a string serializes");
        let mut out = format!(
            "{{\n\"generator\": {},\n\"base_url\": {},\n\"files\": {{",
            s(&self.generator),
            s(&self.base_url)
        );
        for (i, (path, e)) in self.files.iter().enumerate() {
            let sep = if i == 0 { "\n" } else { ",\n" };
            out.push_str(&format!(
                "{sep}{}: {{\"size\": {}, \"hash\": \"{}\"}}",
                s(path),
                e.size,
                hex128::text(e.hash)
            ));
        }
        out.push_str("\n}\n}\n");
        out.into_bytes()
    }
}

/// How to publish.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions {
    /// Build into a non-empty folder bantin did not make, and replace files it did not
    /// write where the build puts a page (nothing else of theirs is removed).
    pub force: bool,
    /// The base URL of the build, recorded in the manifest.
    pub base_url: String,
}

fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.{what}"))
}

/// Remove a leftover staging folder (it is bantin's by its name).
fn remove_leftover(path: &Path) -> Result<(), OutputError> {
    match std::fs::symlink_metadata(path) {
        Err(_) => Ok(()),
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path).map_err(io(path)),
        Ok(_) => Err(OutputError::Refused {
            path: path.to_path_buf(),
            reason: "bantin uses this name for its staging folder; move the file away".into(),
        }),
    }
}

/// Assembles a new build in a staging folder, from many threads, and swaps it in.
pub struct SiteWriter {
    out: PathBuf,
    stage: PathBuf,
    old: Manifest,
    force: bool,
    base_url: String,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    bytes: AtomicU64,
    files: Mutex<BTreeMap<String, FileEntry>>,
    finished: bool,
    /// Held for the writer's life: one build at a time per output's parent folder.
    _lock: Option<std::fs::File>,
}

/// Wait until no other build is staging next to `out`, and hold that until dropped.
/// (An advisory `flock` on the parent folder; the system releases it when a build dies.)
#[cfg(unix)]
fn lock_parent(out: &Path) -> Option<std::fs::File> {
    use std::os::unix::io::AsRawFd;
    let parent = out.parent()?;
    let f = std::fs::File::open(parent).ok()?;
    // SAFETY: flock on a descriptor we own; no memory is involved.
    let r = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) };
    (r == 0).then_some(f)
}

#[cfg(not(unix))]
fn lock_parent(_out: &Path) -> Option<std::fs::File> {
    None
}

impl SiteWriter {
    /// Start a build into `out` for the archive at `root`: checks the folder (see
    /// [`check_output_dir`]), reads the previous manifest, refuses a foreign non-empty
    /// folder unless forced, and prepares a fresh staging folder.
    pub fn new(root: &Path, out: &Path, opts: &PublishOptions) -> Result<SiteWriter, OutputError> {
        let out = check_output_dir(root, out)?;
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let lock = lock_parent(&out);
        let old_tree = sibling(&out, OLD);
        if !out.exists() && old_tree.is_dir() {
            // A build was killed between the two renames of the fallback swap.
            std::fs::rename(&old_tree, &out).map_err(io(&out))?;
        }
        let old = match std::fs::symlink_metadata(&out) {
            Err(_) => Manifest::default(),
            Ok(m) if !m.is_dir() => {
                return Err(OutputError::Refused {
                    path: out.clone(),
                    reason: "it is a file, not a folder".into(),
                })
            }
            Ok(_) => match Manifest::read(&out) {
                Ok(Some(m)) => m,
                Ok(None) | Err(_) if opts.force => Manifest::default(),
                Ok(None) => {
                    let empty = std::fs::read_dir(&out).map_err(io(&out))?.next().is_none();
                    if !empty {
                        return Err(OutputError::Foreign { path: out });
                    }
                    Manifest::default()
                }
                Err(e) => return Err(e),
            },
        };
        let stage = sibling(&out, STAGING);
        remove_leftover(&stage)?;
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::create_dir(&stage).map_err(|source| OutputError::Write {
            path: stage.clone(),
            out: out.clone(),
            source,
        })?;
        Ok(SiteWriter {
            out,
            stage,
            old,
            force: opts.force,
            base_url: opts.base_url.clone(),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            files: Mutex::new(BTreeMap::new()),
            finished: false,
            _lock: lock,
        })
    }

    /// The output folder (resolved).
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Whether the build would write `rel` (already written by this writer).
    pub fn has(&self, rel: &str) -> bool {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(rel)
    }

    fn write_err(&self, path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
        let path = path.to_path_buf();
        move |source| OutputError::Write {
            path,
            out: self.out.clone(),
            source,
        }
    }

    /// Add one file (site-relative path) to the new build.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.write_from(rel, bytes, "")
    }

    /// [`SiteWriter::write`], naming the file's origin (`static/CNAME`) for a clash.
    pub fn write_from(&self, rel: &str, bytes: &[u8], origin: &str) -> Result<(), OutputError> {
        super::Sink::put(self, rel, bytes, origin).map(|_| ())
    }

    /// Carry over what bantin did not write, write the manifest and swap the new site in.
    pub fn finish(mut self) -> Result<WriteStats, OutputError> {
        let files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        let stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed: self
                .old
                .files
                .keys()
                .filter(|k| !files.contains_key(*k))
                .count(),
            bytes: self.bytes.load(Ordering::Relaxed),
        };
        if self.out.is_dir() {
            self.carry_over(&files)?;
        }
        let manifest = Manifest {
            generator: "bantin".into(),
            base_url: self.base_url.clone(),
            files,
        };
        let mpath = self.stage.join(MANIFEST);
        let bytes = manifest.to_bytes();
        let current = self.out.join(MANIFEST);
        // An unchanged manifest keeps its time too, so a no-op build changes nothing.
        let same = std::fs::read(&current).is_ok_and(|b| b == bytes)
            && std::fs::hard_link(&current, &mpath).is_ok();
        if !same {
            std::fs::write(&mpath, bytes).map_err(self.write_err(&mpath))?;
        }
        if self.out.exists() {
            swap(&self.stage, &self.out)?;
            // The previous tree is now in the staging folder.
            remove_tree(&self.stage);
        } else {
            std::fs::rename(&self.stage, &self.out).map_err(io(&self.out))?;
        }
        self.finished = true;
        Ok(stats)
    }

    /// Link every file of the output that bantin did not write into the staging folder.
    fn carry_over(&self, files: &BTreeMap<String, FileEntry>) -> Result<(), OutputError> {
        let ours = |rel: &str| self.old.files.contains_key(rel);
        let had_ours_under = |rel: &str| {
            let prefix = format!("{rel}/");
            self.old
                .files
                .range(prefix.clone()..)
                .next()
                .is_some_and(|(k, _)| k.starts_with(&prefix))
        };
        let walk = walkdir::WalkDir::new(&self.out).min_depth(1);
        for entry in walk {
            let entry = entry.map_err(|e| OutputError::Io {
                path: self.out.clone(),
                source: e.into(),
            })?;
            let Ok(rel) = entry.path().strip_prefix(&self.out) else {
                continue;
            };
            let rel_s = rel.to_string_lossy().replace('\\', "/");
            if rel_s == MANIFEST || ours(&rel_s) {
                continue;
            }
            let dest = self.stage.join(rel);
            let ft = entry.file_type();
            if ft.is_dir() {
                // Folders come along with their files; an empty one only if it is not a
                // folder of pages this build no longer makes.
                if had_ours_under(&rel_s) || files.contains_key(&rel_s) {
                    continue;
                }
                let empty = std::fs::read_dir(entry.path())
                    .map(|mut d| d.next().is_none())
                    .unwrap_or(false);
                if empty {
                    std::fs::create_dir_all(&dest).map_err(self.write_err(&dest))?;
                }
                continue;
            }
            if files.contains_key(&rel_s) {
                if self.force {
                    continue;
                }
                return Err(OutputError::Collision {
                    path: entry.path().to_path_buf(),
                });
            }
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir).map_err(self.write_err(dir))?;
            }
            if ft.is_symlink() {
                let target = std::fs::read_link(entry.path()).map_err(io(entry.path()))?;
                symlink(&target, &dest).map_err(self.write_err(&dest))?;
            } else if std::fs::hard_link(entry.path(), &dest).is_err() {
                std::fs::copy(entry.path(), &dest).map_err(self.write_err(&dest))?;
            }
        }
        Ok(())
    }
}

impl super::Sink for SiteWriter {
    fn put(&self, rel: &str, bytes: &[u8], origin: &str) -> Result<bool, OutputError> {
        let dest = checked_join(&self.stage, rel)?;
        let entry = FileEntry::of(bytes);
        {
            let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
            if files.contains_key(rel) {
                let from = if origin.is_empty() {
                    String::new()
                } else {
                    format!(
                        ": {origin} and a page or file bantin generates; rename or move {origin}"
                    )
                };
                return Err(OutputError::Duplicate(rel.to_string(), from));
            }
            files.insert(rel.to_string(), entry.clone());
        }
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(self.write_err(dir))?;
        }
        let current = self.out.join(rel);
        let reuse = self.old.files.get(rel) == Some(&entry)
            && std::fs::symlink_metadata(&current)
                .is_ok_and(|m| m.is_file() && m.len() == entry.size)
            && std::fs::hard_link(&current, &dest).is_ok();
        if reuse {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        } else {
            std::fs::write(&dest, bytes).map_err(self.write_err(&dest))?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(!reuse)
    }

    /// A build starts from an empty staging folder: a file no page writes is simply not
    /// in the new site (and dropped from the output when it is swapped in).
    fn remove(&self, _rel: &str) -> Result<bool, OutputError> {
        Ok(false)
    }
}

impl Drop for SiteWriter {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.stage);
        }
    }
}

/// Remove a whole tree, its top-level entries in parallel (a previous site has thousands
/// of files; unlinking them one after another is a visible part of a build).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.par_iter().for_each(|e| {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                let _ = std::fs::remove_dir_all(&p);
            } else {
                let _ = std::fs::remove_file(&p);
            }
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::fs::copy(target, link).map(|_| ())
}

/// Exchange two folders atomically where the system can; otherwise two renames.
fn swap(stage: &Path, out: &Path) -> Result<(), OutputError> {
    #[cfg(target_os = "linux")]
    {
        if exchange(stage, out).is_ok() {
            return Ok(());
        }
    }
    let old = sibling(out, OLD);
    remove_leftover(&old)?;
    std::fs::rename(out, &old).map_err(io(out))?;
    std::fs::rename(stage, out).map_err(io(out))?;
    std::fs::rename(&old, stage).map_err(io(stage))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let cstr = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (cstr(a)?, cstr(b)?);
    // SAFETY: both are valid NUL-terminated paths that live across the call; renameat2
    // only reads them.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> PublishOptions {
        PublishOptions {
            force: false,
            base_url: "https://example.org/".into(),
        }
    }

    fn publish(root: &Path, out: &Path, files: &[(&str, &str)]) -> Result<WriteStats, OutputError> {
        let w = SiteWriter::new(root, out, &opts())?;
        for (rel, text) in files {
            w.write(rel, text.as_bytes())?;
        }
        w.finish()
    }

    #[test]
    fn keeps_foreign_files_and_prunes_only_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("proj");
        std::fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let s = publish(&root, &out, &[("a/index.html", "A"), ("b.xml", "B")]).unwrap();
        assert_eq!(s.written, 2);
        std::fs::write(out.join("CNAME"), "example.org").unwrap();
        std::fs::create_dir_all(out.join(".well-known")).unwrap();
        std::fs::write(out.join(".well-known/x"), "x").unwrap();
        std::fs::create_dir_all(out.join("empty")).unwrap();
        let s = publish(&root, &out, &[("a/index.html", "A")]).unwrap();
        assert_eq!((s.written, s.unchanged, s.removed), (0, 1, 1));
        assert!(!out.join("b.xml").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("CNAME")).unwrap(),
            "example.org"
        );
        assert!(out.join(".well-known/x").exists());
        assert!(out.join("empty").is_dir());
        let m = Manifest::read(&out).unwrap().unwrap();
        assert_eq!(m.files.keys().collect::<Vec<_>>(), ["a/index.html"]);
        assert_eq!(m.base_url, "https://example.org/");
        assert!(!sibling(&out, STAGING).exists());
    }

    #[test]
    fn refuses_a_foreign_folder_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("proj");
        let out = dir.path().join("site");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let e = publish(&root, &out, &[("index.html", "A")]).unwrap_err();
        assert!(matches!(e, OutputError::Foreign { .. }), "{e}");
        assert!(e.to_string().contains("--force"));
        let w = SiteWriter::new(
            &root,
            &out,
            &PublishOptions {
                force: true,
                ..opts()
            },
        )
        .unwrap();
        w.write("index.html", b"A").unwrap();
        w.finish().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine"
        );
        // Now it is bantin's: no --force needed, and notes.txt is still never touched.
        publish(&root, &out, &[("other.html", "B")]).unwrap();
        assert!(out.join("notes.txt").exists() && !out.join("index.html").exists());
    }

    #[test]
    fn a_failed_build_leaves_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("proj");
        let out = dir.path().join("site");
        publish(&root, &out, &[("index.html", "A")]).unwrap();
        let w = SiteWriter::new(&root, &out, &opts()).unwrap();
        w.write("index.html", b"B").unwrap();
        assert!(w.write("index.html", b"C").is_err(), "duplicate path");
        drop(w);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "A"
        );
        assert!(!sibling(&out, STAGING).exists());
    }

    #[test]
    fn unchanged_files_keep_their_inode() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("proj");
        let out = dir.path().join("site");
        publish(&root, &out, &[("a.html", "A"), ("b.html", "B")]).unwrap();
        let before = std::fs::metadata(out.join("a.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = publish(&root, &out, &[("a.html", "A"), ("b.html", "B2")]).unwrap();
        assert_eq!((s.written, s.unchanged), (1, 1));
        let after = std::fs::metadata(out.join("a.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "B2");
    }

    #[test]
    fn a_file_in_the_way_of_a_page_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("proj");
        let out = dir.path().join("site");
        publish(&root, &out, &[("a.html", "A")]).unwrap();
        std::fs::write(out.join("b.html"), "hand-made").unwrap();
        let e = publish(&root, &out, &[("a.html", "A"), ("b.html", "B")]).unwrap_err();
        assert!(matches!(e, OutputError::Collision { .. }), "{e}");
        assert_eq!(
            std::fs::read_to_string(out.join("b.html")).unwrap(),
            "hand-made"
        );
    }
}

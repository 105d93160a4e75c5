//! The search index of `bantin serve`, refreshed in the background.
//!
//! A rebuild of the preview never waits for the index: the serve loop reloads the
//! browser first and then hands a copy of the site's text to an [`Indexer`], whose thread
//! rebuilds the index (only when the records changed, and only for the newest records when
//! several edits arrive while it works), writes the files that differ into the preview's
//! `search-index/` folder, removes the ones the new index no longer has, and then calls back
//! (serve tells an open search page to reload).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use super::{index_files, Record, SearchError, DIR};

/// Records and language: what one index is made of.
type Job = (Vec<Record>, String);
/// Index files, `(output path, bytes)`.
type Files = Vec<(String, Vec<u8>)>;

/// What the indexer thread is asked to do.
enum Msg {
    Refresh { records: Vec<Record>, lang: String },
    Clear,
}

/// A background thread that keeps the preview's search index up to date.
pub struct Indexer {
    tx: mpsc::Sender<Msg>,
}

/// How one refresh went, for the callback.
#[derive(Debug)]
pub struct Refreshed {
    /// Files written or removed (0: the index on disk was already current).
    pub changed: usize,
    /// The error, if the index could not be built or written.
    pub error: Option<String>,
}

impl Indexer {
    /// Start the thread; it writes under `out_dir`/[`DIR`] and calls `done` after each
    /// refresh.
    pub fn start(out_dir: PathBuf, done: impl Fn(Refreshed) + Send + 'static) -> Indexer {
        let (tx, rx) = mpsc::channel::<Msg>();
        let _ = std::thread::Builder::new()
            .name("bantin-search".into())
            .spawn(move || {
                lower_priority();
                // The last records indexed and their files: the same records are not
                // indexed again, but their files are checked on disk (a full rebuild of
                // the preview removes them).
                let mut last: Option<(Job, Files)> = None;
                while let Ok(mut msg) = rx.recv() {
                    // Only the newest request matters.
                    while let Ok(m) = rx.try_recv() {
                        msg = m;
                    }
                    let files = match msg {
                        Msg::Clear => {
                            last = None;
                            Ok(Vec::new())
                        }
                        Msg::Refresh { records, lang } => {
                            let job = (records, lang);
                            match &last {
                                Some((j, files)) if *j == job => Ok(files.clone()),
                                _ => index_files(&job.0, &job.1).inspect(|files| {
                                    last = Some((job, files.clone()));
                                }),
                            }
                        }
                    };
                    let outcome = match files.map_err(|e: SearchError| e.to_string()) {
                        Ok(files) => match sync(&out_dir, &files) {
                            Ok(changed) => Refreshed {
                                changed,
                                error: None,
                            },
                            Err(e) => Refreshed {
                                changed: 0,
                                error: Some(e),
                            },
                        },
                        Err(e) => Refreshed {
                            changed: 0,
                            error: Some(e),
                        },
                    };
                    done(outcome);
                }
            });
        Indexer { tx }
    }

    /// Index `site` in the background, or remove the index when its search is off. Only
    /// copies the site's text here; Markdown is read and indexed on the indexer's thread.
    pub fn refresh_site(&self, site: &crate::site::Site) {
        if site.config.search && !site.articles.is_empty() {
            let _ = self.tx.send(Msg::Refresh {
                records: super::raw_records(site),
                lang: site.config.language.clone(),
            });
        } else {
            self.clear();
        }
    }

    /// Remove the index (search turned off).
    pub fn clear(&self) {
        let _ = self.tx.send(Msg::Clear);
    }
}

/// Make `out`/[`DIR`] hold exactly `files`: write those whose bytes differ, remove the
/// rest. Returns the number of files written or removed.
fn sync(out: &Path, files: &[(String, Vec<u8>)]) -> Result<usize, String> {
    let mut changed = 0;
    let mut keep = BTreeSet::new();
    for (rel, bytes) in files {
        let path = crate::output::checked_join(out, rel).map_err(|e| e.to_string())?;
        let same = std::fs::read(&path).is_ok_and(|cur| &cur == bytes);
        if !same {
            crate::output::write_atomic(&path, bytes).map_err(|e| e.to_string())?;
            changed += 1;
        }
        keep.insert(path);
    }
    let dir = out.join(DIR);
    let mut stale = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() && !keep.contains(entry.path()) {
            stale.push(entry.into_path());
        }
    }
    for p in stale {
        if std::fs::remove_file(&p).is_ok() {
            changed += 1;
        }
    }
    Ok(changed)
}

/// Run this thread at the lowest CPU priority: indexing a large archive takes a moment,
/// and the rebuilds of the next edits must not wait for it.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread, with no pointers involved.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 19);
    }
}

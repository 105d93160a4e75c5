//! The search index of `bantin serve`, refreshed in the background.
//!
//! A rebuild of the preview never waits for the index, and the index keeps out of the
//! way of the next rebuild: the serve loop only says that the site changed
//! ([`Indexer::refresh`]); the indexer's thread waits until edits have stopped for
//! [`QUIET`], copies the site's text a few articles at a time under the site's lock
//! (so a save waits for one run of [`CHUNK`] articles at most, not for the whole copy),
//! starts again when the site changes meanwhile, and indexes on a pool of one thread of
//! its own at the lowest CPU priority (rayon's shared pool would index at the priority of
//! the rebuilds, on every core). It rebuilds the index only when the records changed,
//! writes the files that differ into the preview's `search-index/` folder, removes the
//! ones the new index no longer has, and then calls back (serve tells an open search
//! page to reload).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use super::{index_files, Record, SearchError, DIR};
use crate::site::Site;

/// Records and language: what one index is made of.
type Job = (Vec<Record>, String);
/// Index files, `(output path, bytes)`.
type Files = Vec<(String, Vec<u8>)>;

/// How long the site must stay unchanged before it is indexed: an editor saving again and
/// again is not slowed by an index that the next save makes stale.
pub const QUIET: Duration = Duration::from_millis(300);

/// Articles copied per hold of the site's lock.
pub const CHUNK: usize = 256;

/// Runs `f` on the site as it is now, under whatever lock guards it, and returns how
/// many changes were applied to it so far (`None`: there is no site to index).
pub type Reader = dyn Fn(&mut dyn FnMut(&Site)) -> Option<u64> + Send;

/// A background thread that keeps the preview's search index up to date; it ends when
/// this is dropped. Each message says that the site changed.
pub struct Indexer {
    tx: mpsc::Sender<()>,
}

/// How one refresh went, for the callback.
#[derive(Debug)]
pub struct Refreshed {
    /// Files written or removed (0: the index on disk was already current).
    pub changed: usize,
    /// The error, if the index could not be built or written.
    pub error: Option<String>,
}

/// What the thread reads from the site for one index.
enum Snapshot {
    /// The site's search is off (or it has no article): no index.
    Off,
    /// Records with their Markdown, and the language.
    Records(Job),
}

impl Indexer {
    /// Start the thread; it reads the site through `read`, writes under `out_dir`/[`DIR`]
    /// and calls `done` after each refresh.
    pub fn start(
        out_dir: PathBuf,
        read: Box<Reader>,
        done: impl Fn(Refreshed) + Send + 'static,
    ) -> Indexer {
        let (tx, rx) = mpsc::channel::<()>();
        let _ = std::thread::Builder::new()
            .name("bantin-search".into())
            .spawn(move || {
                lower_priority();
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .thread_name(|_| "bantin-search-pool".into())
                    .start_handler(|_| lower_priority())
                    .build()
                    .ok();
                run(&rx, &*read, &out_dir, pool.as_ref(), &done);
            });
        Indexer { tx }
    }

    /// The site changed (or its pages are all rendered): index it in the background once
    /// no change has come for [`QUIET`].
    pub fn refresh(&self) {
        let _ = self.tx.send(());
    }
}

/// The indexer thread: waits for a change, lets the site settle, copies and indexes it.
fn run(
    rx: &Receiver<()>,
    read: &Reader,
    out_dir: &Path,
    pool: Option<&rayon::ThreadPool>,
    done: &dyn Fn(Refreshed),
) {
    // The last records indexed and their files: the same records are not indexed again,
    // but their files are checked on disk (a full rebuild of the preview removes them).
    let mut last: Option<(Job, Files)> = None;
    'wait: while rx.recv().is_ok() {
        let snapshot = loop {
            if !settle(rx) {
                return;
            }
            match copy_site(rx, read) {
                Copied::Whole(s) => break s,
                Copied::Changed => {}
                Copied::NoSite => continue 'wait,
            }
        };
        let files = match snapshot {
            Snapshot::Off => {
                last = None;
                Ok(Vec::new())
            }
            Snapshot::Records((records, lang)) => {
                let index = || {
                    let job: Job = (records, lang);
                    match &last {
                        Some((j, files)) if *j == job => Ok(files.clone()),
                        _ => index_files(&job.0, &job.1).inspect(|files| {
                            last = Some((job, files.clone()));
                        }),
                    }
                };
                match pool {
                    Some(p) => p.install(index),
                    None => index(),
                }
            }
        };
        done(outcome(files, out_dir));
    }
}

/// Wait until no change has been announced for [`QUIET`]; false when the thread must
/// stop (the [`Indexer`] was dropped).
fn settle(rx: &Receiver<()>) -> bool {
    loop {
        match rx.recv_timeout(QUIET) {
            Ok(()) => {}
            Err(RecvTimeoutError::Disconnected) => return false,
            Err(RecvTimeoutError::Timeout) => return true,
        }
    }
}

/// What [`copy_site`] got.
enum Copied {
    /// The whole site, as it was at one time.
    Whole(Snapshot),
    /// The site changed between two holds of its lock, or a change was announced: what
    /// was copied may not match what follows.
    Changed,
    /// There is no site (its first build failed).
    NoSite,
}

/// The site's records, [`CHUNK`] articles per hold of its lock.
fn copy_site(rx: &Receiver<()>, read: &Reader) -> Copied {
    let mut records: Vec<Record> = Vec::new();
    let (mut off, mut lang, mut total) = (false, String::new(), 0);
    let mut seen: Option<u64> = None;
    loop {
        let from = records.len();
        let generation = read(&mut |site: &Site| {
            if from == 0 {
                off = !site.config.search || site.articles.is_empty();
                lang = site.config.language.clone();
                total = site.articles.len();
            }
            if off {
                return;
            }
            let to = (from + CHUNK).min(site.articles.len());
            records.extend((from..to).map(|id| super::record(site, id)));
        });
        let Some(generation) = generation else {
            return Copied::NoSite;
        };
        if *seen.get_or_insert(generation) != generation || rx.try_recv().is_ok() {
            return Copied::Changed;
        }
        if off {
            return Copied::Whole(Snapshot::Off);
        }
        if records.len() >= total {
            return Copied::Whole(Snapshot::Records((records, lang)));
        }
    }
}

fn outcome(files: Result<Files, SearchError>, out_dir: &Path) -> Refreshed {
    let result = files
        .map_err(|e| e.to_string())
        .and_then(|files| sync(out_dir, &files));
    match result {
        Ok(changed) => Refreshed {
            changed,
            error: None,
        },
        Err(e) => Refreshed {
            changed: 0,
            error: Some(e),
        },
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

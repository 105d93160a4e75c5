//! Watching the archive's sources with `notify`, debounced into one change set per save.
//!
//! An editor's atomic save (write a temporary file, rename it over the original) and a
//! burst of changes (a branch switch, an ingest) each arrive as one [`ChangeSet`]: after
//! the first event that matters, events are gathered until the folders have been quiet
//! for a short while. A batch of a few files waits [`QUIET`]; a save of one file waits
//! only [`QUIET_DONE`] once its last event says that the file is whole (closed after
//! writing, renamed into place, removed); a burst of many files waits [`QUIET_BURST`] so
//! that a slow checkout does not split into several rebuilds.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::ServeError;
use crate::engine::ChangeSet;

/// Quiet time that ends a batch of a few events (one save).
pub const QUIET: Duration = Duration::from_millis(20);
/// Quiet time that ends a batch of a few events when the last one finished a file: its
/// bytes are all there, and the events of one save (an editor's backup file removed,
/// say) follow each other within microseconds, so waiting longer only delays the reload.
pub const QUIET_DONE: Duration = Duration::from_millis(3);
/// Quiet time that ends a batch of many events (a branch switch).
pub const QUIET_BURST: Duration = Duration::from_millis(150);
/// Paths in a batch above which it counts as a burst.
const BURST_PATHS: usize = 4;
/// A batch never waits longer than this.
const MAX_BATCH: Duration = Duration::from_secs(2);
/// Folders of the archive that are watched recursively.
pub const WATCHED_DIRS: [&str; 5] = ["content", "seeds", "themes", "templates", "static"];

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    _inner: Arc<Mutex<RecommendedWatcher>>,
}

/// Start watching `root` (canonical). Each debounced batch is passed to `on_batch`
/// on a background thread.
pub fn start(
    root: &Path,
    out_dir: &Path,
    on_batch: impl Fn(ChangeSet) + Send + 'static,
) -> Result<Watcher, ServeError> {
    let (tx, rx) = mpsc::channel::<notify::Event>();
    let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            let _ = tx.send(ev);
        }
    })
    .map_err(|source| ServeError::Watch {
        path: root.to_path_buf(),
        source,
    })?;
    let watcher = Arc::new(Mutex::new(watcher));
    {
        let mut w = watcher.lock().unwrap_or_else(|e| e.into_inner());
        watch(&mut w, root, RecursiveMode::NonRecursive)?;
        for d in WATCHED_DIRS {
            let dir = root.join(d);
            if dir.is_dir() {
                watch(&mut w, &dir, RecursiveMode::Recursive)?;
            }
        }
    }
    let shared = Arc::clone(&watcher);
    let root = root.to_path_buf();
    let out_dir = out_dir.to_path_buf();
    std::thread::Builder::new()
        .name("bantin-watch".into())
        .spawn(move || debounce(rx, &root, &out_dir, &shared, on_batch))
        .map_err(|e| ServeError::Thread(e.to_string()))?;
    Ok(Watcher { _inner: watcher })
}

fn watch(w: &mut RecommendedWatcher, path: &Path, mode: RecursiveMode) -> Result<(), ServeError> {
    w.watch(path, mode).map_err(|source| ServeError::Watch {
        path: path.to_path_buf(),
        source,
    })
}

/// Whether an event can change a file's content or existence.
fn matters(kind: &EventKind) -> bool {
    !matches!(kind, EventKind::Access(_)) || finishes(kind)
}

/// Whether an event leaves its file whole: closed after writing, renamed into place
/// (an atomic save), or removed.
fn finishes(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
            | EventKind::Remove(_)
    )
}

/// How long to wait for the next event of a batch of `paths` paths whose last event
/// was `whole` ([`finishes`]). Only a batch of one file ends that soon: the files of a
/// burst (a checkout, an ingest) can come several milliseconds apart, and the burst
/// would then be rebuilt in pieces.
fn quiet_for(paths: usize, whole: bool) -> Duration {
    if paths > BURST_PATHS {
        QUIET_BURST
    } else if whole && paths == 1 {
        QUIET_DONE
    } else {
        QUIET
    }
}

fn debounce(
    rx: Receiver<notify::Event>,
    root: &Path,
    out_dir: &Path,
    watcher: &Mutex<RecommendedWatcher>,
    on_batch: impl Fn(ChangeSet),
) {
    let mut watched: Vec<PathBuf> = WATCHED_DIRS
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
        .collect();
    loop {
        let mut batch = ChangeSet::default();
        // Distinct paths: one file written in several pieces is still one save.
        let mut paths = std::collections::HashSet::new();
        let Ok(first) = rx.recv() else { return };
        let started = Instant::now();
        let mut next = Some(first);
        let mut whole = false;
        loop {
            if let Some(ev) = next.take() {
                if matters(&ev.kind) {
                    let mut counted = false;
                    for p in &ev.paths {
                        follow_new_dir(root, p, &mut watched, watcher);
                        if batch.add(root, out_dir, p) {
                            paths.insert(p.clone());
                            counted = true;
                        }
                    }
                    // Only an event of a watched file says whether the batch is whole
                    // (an editor's temporary file being written does not).
                    if counted {
                        whole = finishes(&ev.kind);
                    }
                }
            }
            if batch.is_empty() {
                break;
            }
            let quiet = quiet_for(paths.len(), whole);
            let left = MAX_BATCH.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            match rx.recv_timeout(quiet.min(left)) {
                Ok(ev) => next = Some(ev),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    on_batch(batch);
                    return;
                }
            }
        }
        if !batch.is_empty() {
            on_batch(batch);
        }
    }
}

/// Start watching a source folder created after `serve` started.
fn follow_new_dir(
    root: &Path,
    p: &Path,
    watched: &mut Vec<PathBuf>,
    watcher: &Mutex<RecommendedWatcher>,
) {
    let is_source_dir = p.parent() == Some(root)
        && p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| WATCHED_DIRS.contains(&n));
    if is_source_dir && p.is_dir() && !watched.iter().any(|w| w == p) {
        let mut w = watcher.lock().unwrap_or_else(|e| e.into_inner());
        if w.watch(p, RecursiveMode::Recursive).is_ok() {
            watched.push(p.to_path_buf());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RenameMode};

    #[test]
    fn a_batch_ends_sooner_once_its_file_is_whole() {
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let created = EventKind::Create(CreateKind::File);
        assert!(finishes(&renamed) && finishes(&closed));
        assert!(!finishes(&written) && !finishes(&created));
        // A close after writing counts; a read does not.
        assert!(matters(&closed));
        assert!(!matters(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert_eq!(quiet_for(1, true), QUIET_DONE);
        assert_eq!(quiet_for(1, false), QUIET);
        assert_eq!(quiet_for(2, true), QUIET);
        assert_eq!(quiet_for(BURST_PATHS + 1, true), QUIET_BURST);
    }
}

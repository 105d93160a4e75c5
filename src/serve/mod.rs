//! `bantin serve`: a local preview that follows edits as they are saved.
//!
//! - [`http`] serves the output folder (and nothing outside it, see [`resolve`]) on
//!   127.0.0.1 by default, injecting the live-reload script into HTML responses only.
//! - [`watch`] turns file-system events into one debounced [`ChangeSet`] per save.
//! - [`state`] keeps the last good build in memory: the [`crate::engine`] (which applies a
//!   change set and says which pages are stale) writing into the preview folder; it
//!   renders a few stale pages before the reload, the rest in the background, and any
//!   page a browser asks for first.
//! - [`reload`] tells open pages to reload (server-sent events), or shows the errors of a
//!   change that does not build ([`overlay`]) while the last good site stays served.
//!
//! The preview renders into its own folder ([`PREVIEW_DIR`], under `target/`), never into
//! the published output (`public/`), so a preview cannot overwrite a build made for the
//! host. That folder holds exactly what `bantin build` would write for the same sources:
//! the live-reload script is added when a page is served, not when it is written.

pub mod http;
pub mod overlay;
pub mod reload;
pub mod resolve;
pub mod state;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use crate::engine::ChangeSet;
pub use state::{Outcome, RebuildKind, SiteState, EAGER, START_EAGER};

use crate::build::ingest_project;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::project::Project;

/// Why `serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {message}")]
    Bind {
        /// The address tried.
        addr: String,
        /// What went wrong and what to do.
        message: String,
    },
    /// A folder could not be watched.
    #[error("cannot watch {}: {source} (on Linux, a full watch table is raised with \
             `sysctl fs.inotify.max_user_watches=524288`)", path.display())]
    Watch {
        /// The folder.
        path: PathBuf,
        /// What notify said.
        source: notify::Error,
    },
    /// A thread or signal handler could not be set up.
    #[error("cannot start serving: {0}")]
    Thread(String),
    /// The archive cannot be opened at all (no `site.yaml`, bad output folder).
    #[error(transparent)]
    Project(#[from] Error),
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port (0: any free port); a busy port moves on to the next free one.
    pub port: u16,
    /// Bring `content/` up to date with `seeds/` at start and when a seed changes.
    pub ingest: bool,
    /// The preview's folder (default: [`PREVIEW_DIR`]); never the published output.
    pub output: Option<PathBuf>,
    /// Override of `base_url`.
    pub base_url: Option<String>,
    /// Print only errors.
    pub quiet: bool,
    /// Print every rebuild's details.
    pub verbose: bool,
    /// Pages rendered before the server listens; the rest render in the background
    /// (default [`START_EAGER`]).
    pub start_eager: usize,
}

enum Msg {
    Changes(ChangeSet),
    Quit,
}

/// Open the archive at `root` with `base_url` overridden.
fn open_project(root: &Path, base_url: Option<&str>) -> Result<Project, Error> {
    let mut project = Project::open(root)?;
    // Editors preview here: show them what ingest was unsure of.
    project.config.editorial_flags = true;
    if let Some(url) = base_url {
        project
            .config
            .set_base_url(url)
            .map_err(|m| crate::config::ConfigError {
                path: project.config_path(),
                line: None,
                message: m,
            })?;
    }
    Ok(project)
}

/// The preview's own folder under `target/` of the archive.
pub const PREVIEW_DIR: &str = "target/bantin-serve";

/// The folder the preview renders into: `output` or [`PREVIEW_DIR`], never the published
/// output folder nor any folder `bantin build` wrote, nor a folder of someone else's
/// files. Created (with its marker) when missing; returned canonical.
pub fn preview_dir(project: &Project, output: Option<&Path>) -> Result<PathBuf, Error> {
    use crate::output::{check_output_dir, resolve_path, OutputError, MANIFEST, SERVE_MARKER};
    let wanted = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| project.root.join(PREVIEW_DIR));
    let dir = check_output_dir(&project.root, &wanted)?;
    let refuse = |reason: &str| {
        Error::from(OutputError::Refused {
            path: wanted.clone(),
            reason: format!(
                "{reason}; `bantin serve` renders into its own folder and never touches a \
                 published site (leave out --output to use {PREVIEW_DIR}/)"
            ),
        })
    };
    if resolve_path(&project.output_dir()).is_ok_and(|p| p == dir) {
        return Err(refuse("it is the output folder of `bantin build`"));
    }
    if dir.join(MANIFEST).exists() {
        return Err(refuse("it holds a site written by `bantin build`"));
    }
    let marker = dir.join(SERVE_MARKER);
    if !marker.exists() {
        let foreign = std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some());
        if foreign {
            return Err(refuse("it is not empty and is not a preview folder"));
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        std::fs::write(
            &marker,
            "This folder holds the preview of `bantin serve`; it may be deleted.\n",
        )
        .map_err(|e| Error::io(&marker, e))?;
    }
    dir.canonicalize().map_err(|e| Error::io(&dir, e))
}

/// Build, serve and watch the archive at `root` until Ctrl-C.
pub fn serve(root: &Path, opts: &ServeOptions) -> Result<(), ServeError> {
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let project = open_project(&root, opts.base_url.as_deref())?;
    let out_dir = preview_dir(&project, opts.output.as_deref())?;
    let ui = Ui {
        quiet: opts.quiet,
        verbose: opts.verbose,
        root: root.clone(),
    };
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: listening on {} makes this preview reachable from other machines; \
             use --bind 127.0.0.1 to keep it local",
            opts.bind
        );
    }

    let hub = Arc::new(reload::Hub::new());
    hub.set_words(overlay::OverlayWords::for_config(&project.config));
    // Watch before the first build, so no change made while it runs is missed.
    let (tx, rx) = mpsc::channel::<Msg>();
    let tx_watch = tx.clone();
    let _watcher = watch::start(&root, &out_dir, move |cs| {
        let _ = tx_watch.send(Msg::Changes(cs));
    })?;
    let mut problems = Vec::new();
    if opts.ingest {
        let report = ingest_project(&project, false, false)?;
        ui.warnings(report.warnings());
        problems.extend(report.errors.into_iter().map(Error::from));
    }
    // Pages left for the background at start (a large archive) and, once they are
    // rendered, the search index.
    let pages_pending = Arc::new(AtomicBool::new(false));
    // The search index is made once the pages are rendered.
    let mut index_due = true;
    let state = match SiteState::open_with(project.clone(), out_dir.clone(), opts.start_eager) {
        Ok((s, o)) => {
            let articles = crate::diag::count(s.site().articles.len(), "article", "articles");
            if o.pending == 0 {
                ui.info(&format!("Built {articles} into {}", out_dir.display()));
            } else {
                ui.info(&format!(
                    "Loaded {articles}; {} render into {} in the background (a page asked \
                     for is rendered first)",
                    crate::diag::count(o.pending, "page", "pages"),
                    out_dir.display()
                ));
                pages_pending.store(true, Ordering::Release);
            }
            ui.warnings(&s.site().warnings);
            Some(s)
        }
        Err(e) => {
            problems.push(e);
            None
        }
    };
    // Shared with the HTTP workers: a page asked for while it is stale is rendered first.
    let state = Arc::new(Mutex::new(state));
    // Changes applied to the site, so that the indexer, which copies the site a few
    // articles at a time, knows when it changed between two of them.
    let generation = Arc::new(AtomicU64::new(0));
    let indexer = start_indexer(&out_dir, &state, &generation, &hub);
    if !problems.is_empty() {
        let e = Error::collect(problems).expect_err("not empty");
        ui.error(&e);
        hub.set_errors(overlay::items(&e, &root));
    }

    let (server, addr) = http::bind(opts.bind, opts.port)?;
    if opts.port != 0 && addr.port() != opts.port {
        eprintln!("port {} is busy; using {} instead", opts.port, addr.port());
    }
    let server = Arc::new(server);
    let shared = Arc::new(http::Shared {
        root: out_dir.clone(),
        base_path: std::sync::RwLock::new(project.config.base_path().to_string()),
        hub: Arc::clone(&hub),
        fresh: Some(Box::new({
            let state = Arc::clone(&state);
            let pending = Arc::clone(&pages_pending);
            move |rel: &str| {
                // Without pages left for later, every file is fresh: no lock to wait for.
                if !pending.load(Ordering::Acquire) {
                    return;
                }
                if let Some(s) = lock(&state).as_mut() {
                    // A failure is reported by the serve loop, which renders it too.
                    let _ = s.ensure_fresh(rel);
                }
            }
        })),
    });
    http::spawn_workers(&server, &shared, http::WORKERS);
    // Print the address even with --quiet: it is what the user (or a script) needs.
    println!(
        "Serving {} at {} (Ctrl-C to stop)",
        project.config.title,
        url_of(addr, project.config.base_path())
    );

    let tx_quit = tx.clone();
    ctrlc::set_handler(move || {
        let _ = tx_quit.send(Msg::Quit);
    })
    .map_err(|e| ServeError::Thread(e.to_string()))?;
    let ping_hub = Arc::clone(&hub);
    let _ = std::thread::Builder::new()
        .name("bantin-ping".into())
        .spawn(move || loop {
            std::thread::sleep(Duration::from_secs(15));
            ping_hub.ping();
        });

    let mut pending = ChangeSet::default();
    let mut last_warnings: Vec<Diagnostic> = lock(&state)
        .as_ref()
        .map(|s| s.site().warnings.clone())
        .unwrap_or_default();
    // Pages left stale after the last reload (`pages_pending`) are rendered between
    // changes. The search index is refreshed when no page is left to render.
    // Background rendering starts `RELOAD_GRACE` after a reload.
    let mut quiet_until = Instant::now();
    loop {
        let background = pages_pending.load(Ordering::Acquire);
        if !background && index_due {
            indexer.refresh();
            index_due = false;
        }
        let msg = if background {
            let grace = quiet_until.saturating_duration_since(Instant::now());
            match rx.recv_timeout(grace) {
                Ok(m) => Some(m),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => break,
            }
        };
        let cs = match msg {
            None => {
                let mut guard = lock(&state);
                let left = match guard.as_mut().map(|s| s.render_some(BACKGROUND_CHUNK)) {
                    Some(Ok(left)) => left,
                    Some(Err(e)) => {
                        ui.error(&e);
                        hub.set_errors(overlay::items(&e, &root));
                        0
                    }
                    None => 0,
                };
                pages_pending.store(left > 0, Ordering::Release);
                continue;
            }
            Some(Msg::Quit) => break,
            Some(Msg::Changes(cs)) => cs,
        };
        pending.merge(cs);
        // Take every batch already waiting, so a backlog is one rebuild.
        let mut quit = false;
        while let Ok(m) = rx.try_recv() {
            match m {
                Msg::Changes(cs) => pending.merge(cs),
                Msg::Quit => quit = true,
            }
        }
        if quit {
            break;
        }
        let mut guard = lock(&state);
        generation.fetch_add(1, Ordering::Release);
        let result = match guard.as_mut() {
            Some(s) if !pending.config && !pending.assets => s.apply_with(&mut pending, EAGER),
            Some(s) => open_project(&root, opts.base_url.as_deref()).and_then(|project| {
                // A new site.yaml may move the site under another path or change its
                // language.
                let words = overlay::OverlayWords::for_config(&project.config);
                let base = project.config.base_path().to_string();
                let o = s.reconfigure(project, &mut pending, EAGER)?;
                hub.set_words(words);
                if let Ok(mut b) = shared.base_path.write() {
                    *b = base;
                }
                Ok(o)
            }),
            None => reopen(&root, opts, &out_dir, &mut pending).map(|(s, o)| {
                // A new site.yaml may move the site under another path or change its
                // language.
                hub.set_words(overlay::OverlayWords::for_config(&s.project().config));
                let base = s.project().config.base_path().to_string();
                if let Ok(mut b) = shared.base_path.write() {
                    *b = base;
                }
                *guard = Some(s);
                o
            }),
        };
        match result {
            Ok(outcome) => {
                pages_pending.store(outcome.pending > 0, Ordering::Release);
                let was_broken = !hub.errors().is_empty();
                // What happened to seeds is always said, even when no page changed.
                ui.notes(&outcome.notes);
                let changed = outcome.written + outcome.removed + outcome.pending > 0;
                if ui.verbose && !changed && !was_broken {
                    // Saves that change no output are shown with --verbose only.
                    ui.rebuilt(&outcome);
                }
                if changed || was_broken {
                    ui.rebuilt(&outcome);
                    if outcome.warnings != last_warnings {
                        ui.warnings(&outcome.warnings);
                        last_warnings = outcome.warnings.clone();
                    }
                    let data = serde_json::json!({
                        "written": outcome.written, "rendered": outcome.rendered,
                        "pending": outcome.pending,
                        "ms": outcome.took.as_secs_f64() * 1000.0,
                    });
                    hub.reload(&data.to_string());
                    quiet_until = Instant::now() + RELOAD_GRACE;
                    // Once the pages are rendered, so that pages never wait for it.
                    index_due = true;
                }
                if !outcome.problems.is_empty() {
                    let e = Error::collect(outcome.problems).expect_err("not empty");
                    ui.error(&e);
                    hub.set_errors(overlay::items(&e, &root));
                }
            }
            Err(e) => {
                ui.error(&e);
                hub.set_errors(overlay::items(&e, &root));
            }
        }
    }
    server.unblock();
    ui.info("Stopped.");
    Ok(())
}

/// The search index follows each rebuild in the background, reading the site under the
/// lock `state`; an open search page reloads when it changed.
fn start_indexer(
    out_dir: &Path,
    state: &Arc<Mutex<Option<SiteState>>>,
    generation: &Arc<AtomicU64>,
    hub: &Arc<reload::Hub>,
) -> crate::search::preview::Indexer {
    let (state, generation, hub) = (Arc::clone(state), Arc::clone(generation), Arc::clone(hub));
    let read = move |f: &mut dyn FnMut(&crate::site::Site)| {
        let guard = lock(&state);
        f(guard.as_ref()?.site());
        Some(generation.load(Ordering::Acquire))
    };
    crate::search::preview::Indexer::start(out_dir.to_path_buf(), Box::new(read), move |r| {
        if let Some(e) = r.error {
            eprintln!("error: {e}");
        } else if r.changed > 0 {
            hub.send(reload::SEARCH_EVENT, "{}");
        }
    })
}

/// Stale pages rendered at a time between changes (a request for a page waits at most
/// one chunk).
const BACKGROUND_CHUNK: usize = 8;

/// How long after a reload the pages left stale wait before they are rendered in the
/// background: the reloaded page and its files are asked for first, and each request
/// waited for the chunk being rendered (at 10k articles the sitemap alone is one of
/// 20–30 ms).
const RELOAD_GRACE: Duration = Duration::from_millis(250);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Build from scratch: at a config change, or after the first build failed. The old
/// state (and the output folder) stay as they were when this fails.
fn reopen(
    root: &Path,
    opts: &ServeOptions,
    out_dir: &Path,
    pending: &mut ChangeSet,
) -> Result<(SiteState, Outcome), Error> {
    let project = open_project(root, opts.base_url.as_deref())?;
    let mut problems = Vec::new();
    if pending.seeds && opts.ingest {
        let mut report = ingest_project(&project, false, false)?;
        problems.extend(report.errors.drain(..).map(Error::from));
    }
    let (s, mut outcome) = SiteState::open(project, out_dir.to_path_buf())?;
    pending.clear();
    outcome.problems = problems;
    Ok((s, outcome))
}

fn url_of(addr: SocketAddr, base_path: &str) -> String {
    format!("http://{addr}{base_path}")
}

/// Terminal output of the serve loop.
struct Ui {
    quiet: bool,
    verbose: bool,
    root: PathBuf,
}

impl Ui {
    fn info(&self, msg: &str) {
        if !self.quiet {
            println!("{msg}");
        }
    }

    fn warnings<'a>(&self, ws: impl IntoIterator<Item = &'a Diagnostic>) {
        if self.quiet {
            return;
        }
        for w in ws {
            eprintln!("warning: {}", self.rel(&w.to_string()));
        }
    }

    fn error(&self, e: &Error) {
        for err in e.flatten() {
            eprintln!("error: {}", self.rel(&err.to_string()));
        }
        eprintln!("Still serving the last good site; fix the file and save.");
    }

    fn notes(&self, notes: &[String]) {
        if !self.quiet {
            for note in notes {
                println!("{note}");
            }
        }
    }

    fn rebuilt(&self, o: &Outcome) {
        if self.quiet {
            return;
        }

        let kind = match o.kind {
            RebuildKind::Unchanged => "nothing changed",
            RebuildKind::Pages => "pages",
            RebuildKind::Relinked => "re-linked",
            RebuildKind::Full => "full",
        };
        let later = if o.pending > 0 {
            format!(
                "; {} more in the background",
                crate::diag::count(o.pending, "page", "pages")
            )
        } else {
            String::new()
        };
        println!(
            "Rebuilt ({kind}) in {} ms: {} rendered, {} written, {} removed{later}",
            o.took.as_millis(),
            crate::diag::count(o.rendered, "file", "files"),
            o.written,
            o.removed
        );
        if self.verbose && !o.stages.is_empty() {
            let parts: Vec<String> = o
                .stages
                .iter()
                .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0))
                .collect();
            println!("  {}", parts.join(", "));
        }
    }

    fn rel(&self, s: &str) -> String {
        s.replace(&format!("{}/", self.root.display()), "")
    }
}

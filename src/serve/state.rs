//! The preview's side of the engine: an [`Engine`] in [`Mode::Live`] writing into the
//! preview folder, and the order in which stale pages are rendered after a save.
//!
//! After a change, the HTML pages whose files do not exist yet and up to [`EAGER`] others
//! are rendered before the browser is told to reload; the rest, and every feed and the
//! sitemap (which only readers and robots fetch), are rendered in chunks by
//! [`SiteState::render_some`] between changes, and any page a browser asks for before its
//! turn is rendered first ([`SiteState::ensure_fresh`]). Once nothing is stale the folder
//! holds exactly what `bantin build` writes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;
use crate::engine::{ChangeSet, Engine, Mode};
use crate::error::Error;
use crate::output::{self, OutputError, PreviewWriter};
use crate::project::Project;
use crate::site::Site;

/// Stale HTML pages rendered before the reload when more are stale than this: a save
/// reloads the browser at once, and the pages the browser shows are rendered when asked
/// for.
pub const EAGER: usize = 16;

/// Pages `serve` renders before it starts listening ([`SiteState::open_with`]): a small
/// archive is complete from the first request; a large one is served at once and renders
/// the rest in the background (its pages asked for first).
pub const START_EAGER: usize = 2_000;

/// How much of the site a rebuild had to redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RebuildKind {
    /// Nothing that the site shows changed.
    Unchanged,
    /// Only the pages showing the changed files were re-rendered.
    Pages,
    /// The site was re-linked (a file added, removed, or a date, rubric, tag or order
    /// changed); the pages whose inputs changed are re-rendered.
    Relinked,
    /// Every page was rendered (a first build, a theme change that reaches every page).
    Full,
}

/// What one rebuild did.
#[derive(Debug)]
pub struct Outcome {
    /// How much was redone.
    pub kind: RebuildKind,
    /// Output files rendered before this returned.
    pub rendered: usize,
    /// Output files whose bytes changed and were written.
    pub written: usize,
    /// Stale output files removed.
    pub removed: usize,
    /// Pages still to render in the background ([`SiteState::render_some`]).
    pub pending: usize,
    /// Wall time of the rebuild.
    pub took: Duration,
    /// Warnings of the new site (ingest and linking).
    pub warnings: Vec<Diagnostic>,
    /// Errors that did not stop the rebuild (a seed that does not convert).
    pub problems: Vec<Error>,
    /// What happened to seeds: ingested, or deleted and what that means.
    pub notes: Vec<String>,
    /// Where the time went, stage by stage.
    pub stages: Vec<(&'static str, Duration)>,
}

/// The last good build of the preview, kept in memory between rebuilds.
pub struct SiteState {
    engine: Engine,
    writer: PreviewWriter,
    /// The first render is not finished: once nothing is stale, the files an earlier
    /// preview left and no page writes are removed.
    prune_due: bool,
}

impl SiteState {
    /// Load the theme and `content/`, render every page and write the preview folder
    /// `out_dir` (files an earlier preview left and no page writes are removed), as
    /// `bantin build --no-ingest` does.
    pub fn open(project: Project, out_dir: PathBuf) -> Result<(SiteState, Outcome), Error> {
        Self::open_with(project, out_dir, usize::MAX)
    }

    /// [`SiteState::open`], rendering only the first `eager` pages (in job order: the home
    /// page and the feeds come first) and the theme's static files when the site has
    /// more; the rest are left
    /// for [`SiteState::render_some`] and [`SiteState::ensure_fresh`] (`Outcome::pending`
    /// says how many), and the folder is pruned when the last one is rendered.
    pub fn open_with(
        project: Project,
        out_dir: PathBuf,
        eager: usize,
    ) -> Result<(SiteState, Outcome), Error> {
        let start = Instant::now();
        output::check_output_dir(&project.root, &out_dir)?;
        if out_dir.join(output::MANIFEST).exists() {
            // The preview prunes its folder freely: never a site `bantin build` made.
            return Err(OutputError::Refused {
                path: out_dir,
                reason: "it holds a site written by `bantin build`; the preview needs a \
                         folder of its own"
                    .into(),
            }
            .into());
        }
        let engine = Engine::open(project, Mode::Live)?;
        let writer = PreviewWriter::new(&out_dir)?;
        let mut state = SiteState {
            engine,
            writer,
            prune_due: true,
        };
        let stale = state.engine.stale();
        let (now, later) = stale.split_at(eager.min(stale.len()));
        // Static files are found by name only once they are copied, so they cannot wait
        // for a browser to ask for them.
        let unnamed = state.engine.unnamed_jobs();
        let mut now = now.to_vec();
        now.extend(later.iter().filter(|i| unnamed.contains(i)));
        now.sort_unstable();
        let c = state.engine.render(&now, &state.writer, None)?;
        let left = stale.len() - now.len();
        let removed = state.prune_when_done(left)?;
        let mut o = state.outcome(RebuildKind::Full, start);
        (o.rendered, o.written, o.removed) = (c.rendered, c.written, c.removed + removed);
        o.pending = left;
        Ok((state, o))
    }

    /// With `left` pages still stale: when none is and the first render was not finished,
    /// remove what an earlier preview left (returns how many files).
    fn prune_when_done(&mut self, left: usize) -> Result<usize, Error> {
        if left > 0 || !self.prune_due {
            return Ok(0);
        }
        self.prune_due = false;
        Ok(self.writer.remove_unwritten()?)
    }

    /// The linked site of the last good build.
    pub fn site(&self) -> &Site {
        self.engine.site()
    }

    /// The project being served.
    pub fn project(&self) -> &Project {
        self.engine.project()
    }

    /// The output folder.
    pub fn out_dir(&self) -> &Path {
        self.writer.dir()
    }

    /// Apply a change set (`site.yaml` and asset changes excepted: they need
    /// [`SiteState::open`]) and render every page it makes stale. Parts that succeed are
    /// removed from `pending`; on error the rest stays there (to be retried with the next
    /// change) and the output folder still holds the last good site.
    pub fn apply(&mut self, pending: &mut ChangeSet) -> Result<Outcome, Error> {
        self.apply_with(pending, usize::MAX)
    }

    /// [`SiteState::apply`], rendering at most `eager` stale HTML pages (besides those
    /// whose files do not exist yet) before returning, and no feed or sitemap unless
    /// `eager` is `usize::MAX`; the others are left for [`SiteState::render_some`] and
    /// [`SiteState::ensure_fresh`].
    pub fn apply_with(&mut self, pending: &mut ChangeSet, eager: usize) -> Result<Outcome, Error> {
        let start = Instant::now();
        let applied = self.engine.apply(pending)?;
        let stale = self.engine.stale();
        let every_job = stale.len() == self.engine.job_count() && !stale.is_empty();
        let (now, later): (Vec<usize>, Vec<usize>) = if eager == usize::MAX {
            (stale, Vec::new())
        } else {
            // First the pages with no file yet (nothing to serve until they are
            // rendered), then the pages of the saved articles, then the other HTML
            // pages in job order, up to `eager` in all. Feeds, the sitemap and other
            // files that only readers and robots fetch wait for the background (the
            // sitemap alone took longer than the rest of a re-link at 10k articles);
            // one asked for before its turn is rendered then ([`SiteState::ensure_fresh`]).
            let first: std::collections::HashSet<usize> = self
                .engine
                .article_jobs(&applied.articles)
                .into_iter()
                .collect();
            let unnamed = self.engine.unnamed_jobs();
            let engine = &self.engine;
            let (mut now, mut rest): (Vec<usize>, Vec<usize>) = stale.into_iter().partition(|&i| {
                let page = engine.writes_page(i);
                // Static files are found by name only once they are copied.
                (page && (!engine.was_rendered(i) || first.contains(&i))) || unnamed.contains(&i)
            });
            rest.sort_by_key(|&i| (!engine.writes_page(i), i));
            let pages = rest.iter().take_while(|&&i| engine.writes_page(i)).count();
            let room = eager.saturating_sub(now.len()).min(pages);
            now.extend(rest.drain(..room));
            now.sort_unstable();
            (now, rest)
        };
        let c = self.engine.render(&now, &self.writer, None)?;
        let kind = if applied.relinked {
            RebuildKind::Relinked
        } else if every_job {
            RebuildKind::Full
        } else if c.jobs == 0 && !applied.patched && !applied.theme {
            RebuildKind::Unchanged
        } else {
            RebuildKind::Pages
        };
        let removed = self.prune_when_done(later.len())?;
        let mut o = self.outcome(kind, start);
        (o.rendered, o.written, o.removed) = (c.rendered, c.written, c.removed + removed);
        o.pending = later.len();
        o.problems = applied.problems;
        o.notes = applied.notes;
        Ok(o)
    }

    /// Take a new `site.yaml` (`project`, read again with the command line's overrides)
    /// and any other pending change; renders like [`SiteState::apply_with`]. On error the
    /// output folder still holds the last good site.
    pub fn reconfigure(
        &mut self,
        project: Project,
        pending: &mut ChangeSet,
        eager: usize,
    ) -> Result<Outcome, Error> {
        let start = Instant::now();
        self.engine.reconfigure(project, pending.assets)?;
        pending.config = false;
        pending.assets = false;
        let stages = self.engine.take_stage_timings();
        let mut o = self.apply_with(pending, eager)?;
        o.kind = RebuildKind::Relinked;
        o.took = start.elapsed();
        o.stages.splice(0..0, stages);
        Ok(o)
    }

    /// Render up to `max` stale pages; returns how many are still stale.
    pub fn render_some(&mut self, max: usize) -> Result<usize, Error> {
        let stale = self.engine.stale();
        let take = stale.len().min(max);
        self.engine.render(&stale[..take], &self.writer, None)?;
        // Timings are reported per change, not per chunk.
        self.engine.take_stage_timings();
        let left = stale.len() - take;
        self.prune_when_done(left)?;
        Ok(left)
    }

    /// Render the page that writes the site-relative file `rel` if it is stale, so that
    /// a browser never gets a page older than the sources. Returns whether it rendered.
    pub fn ensure_fresh(&mut self, rel: &str) -> Result<bool, Error> {
        match self.engine.stale_job_of(rel) {
            Some(i) => {
                self.engine.render(&[i], &self.writer, None)?;
                self.engine.take_stage_timings();
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn outcome(&mut self, kind: RebuildKind, start: Instant) -> Outcome {
        Outcome {
            kind,
            rendered: 0,
            written: 0,
            removed: 0,
            pending: 0,
            took: start.elapsed(),
            warnings: self.engine.site().warnings.clone(),
            problems: Vec::new(),
            notes: Vec::new(),
            stages: self.engine.take_stage_timings(),
        }
    }
}

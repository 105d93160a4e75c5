//! The build engine: one project opened, loaded, linked, rendered and written, and kept
//! up to date as its files change. `bantin build` is [`Engine::open`] then
//! [`Engine::render_all_beside`] into the staged [`crate::output::SiteWriter`]; `bantin serve`
//! opens the same engine in [`Mode::Live`], renders into its
//! [`crate::output::PreviewWriter`], and after each save calls [`Engine::apply`] and
//! renders the [`Engine::stale`] jobs. Tests drive it the same way.
//!
//! Which jobs an edit touches is never written out here: every job's inputs are declared
//! in [`crate::render::deps`], and a job is stale when the fingerprint of its inputs
//! differs from the one it was last rendered from.
//!
//! - [`changes`]: what changed on disk, sorted by what it means (content, theme, config).
//! - `incremental`: re-parses the changed files and patches the model in place when
//!   the site's structure is unchanged; `relink`: re-links it otherwise, reusing the
//!   HTML and cards of unchanged articles.

pub mod changes;
pub(crate) mod incremental;
pub(crate) mod relink;
mod table;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use changes::ChangeSet;
use incremental::Plan;
use table::JobTable;

use crate::build::ingest_project;
use crate::content;
use crate::error::Error;
use crate::ingest::FileAction;
use crate::output::{OutputError, Sink};
use crate::project::Project;
use crate::render::deps::{self, Fingerprint};
use crate::render::{OutputFile, Prepared, RenderTimings, Renderer};
use crate::site::{ArticleId, Site};

/// A map keyed by source paths. Paths are hashed with FxHash: a re-link looks up every
/// article's path, and SipHash made that a good part of its time at 10k articles.
pub(crate) type PathMap<V> = rustc_hash::FxHashMap<PathBuf, V>;
/// A set of source paths (see [`PathMap`]).
pub(crate) type PathSet = rustc_hash::FxHashSet<PathBuf>;

/// What the engine keeps between renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Render once (`bantin build`): article HTML is computed when a page needs it and not
    /// kept, and no job table is kept, so memory holds the model and little else.
    Once,
    /// Follow edits (`bantin serve`, tests): every article's HTML and card is kept, and
    /// every job with the fingerprint it was rendered from.
    Live,
}

/// What ingest did with the seeds that changed, in sentences for the terminal: each seed
/// converted, and what a deleted seed means for its articles (they stay).
fn seed_notes(
    root: &Path,
    report: &crate::ingest::IngestReport,
    changed: &std::collections::BTreeSet<PathBuf>,
) -> Vec<String> {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let mut notes = Vec::new();
    for s in report.seeds.iter().filter(|s| !s.up_to_date) {
        let written = s
            .files
            .iter()
            .filter(|f| matches!(f.action, FileAction::Created | FileAction::Updated))
            .count();
        notes.push(format!(
            "Ingested {} into {}/: {}, {} written",
            rel(&s.seed),
            rel(&s.folder),
            crate::diag::count(s.articles, "article", "articles"),
            crate::diag::count(written, "file", "files"),
        ));
    }
    for gone in changed.iter().filter(|p| !p.exists()) {
        notes.push(format!(
            "{} was deleted: the articles ingested from it stay in content/ (ingest never deletes              what an editor may have corrected); delete their folder to take them off the site",
            rel(gone)
        ));
    }
    notes
}

/// One project's model, rendered output bookkeeping and theme, kept between changes.
pub struct Engine {
    project: Project,
    mode: Mode,
    renderer: Renderer,
    site: Site,
    prepared: Prepared,
    /// Article source path → id in `site` (`Live`; made by [`Engine::apply`] otherwise).
    ids: PathMap<ArticleId>,
    /// By article id, the fingerprint of its parsed file (`Live` only; carried over
    /// re-links by [`Engine::relink_with`]).
    source_ids: Vec<Fingerprint>,
    /// Every job of `site` and what it was last rendered from.
    table: JobTable,
    /// The site was re-linked since `table` was made: its jobs must be listed again.
    relisted: bool,
    /// The fingerprint of every job of `table` for the model as it is now; `None` after
    /// the model changed.
    current: Option<Vec<Fingerprint>>,
    /// What each article's card shows besides its file, as the last re-link computed it
    /// (empty before the first): the next re-link compares with it.
    card_links: Vec<Fingerprint>,
    /// Files of jobs that are gone, still to be removed from the output.
    gone: Vec<String>,
    /// Where the time of opening went.
    setup: OpenTimings,
    /// Where the time of the last change went, stage by stage (for `serve --verbose`).
    stages: Vec<(&'static str, Duration)>,
}

/// Wall time of each step of [`Engine::open`].
#[derive(Debug, Default, Clone)]
pub struct OpenTimings {
    /// Loading and compiling the theme (and listing the assets).
    pub theme: Duration,
    /// Reading and parsing `content/`.
    pub load: Duration,
    /// Linking the site model.
    pub link: Duration,
    /// Article HTML (kept when live), cards and list entries.
    pub prepare: Duration,
}

/// What [`Engine::render`] did.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    /// Jobs rendered.
    pub jobs: usize,
    /// Files rendered.
    pub rendered: usize,
    /// Files whose bytes changed on disk.
    pub written: usize,
    /// Files removed.
    pub removed: usize,
    /// Where the time went.
    pub timings: RenderTimings,
}

/// What [`Engine::apply`] changed in the model.
#[derive(Debug, Default)]
pub struct Applied {
    /// The site was re-linked (a file added or removed, a date, rubric, tag or order
    /// changed).
    pub relinked: bool,
    /// A content file's parsed text changed.
    pub patched: bool,
    /// The theme or the project's templates changed.
    pub theme: bool,
    /// Errors that did not stop the change (a seed that does not convert).
    pub problems: Vec<Error>,
    /// What happened to seeds, in sentences for the terminal.
    pub notes: Vec<String>,
    /// The articles whose files changed (ids in the new model).
    pub articles: Vec<ArticleId>,
}

fn source_fingerprints(site: &Site) -> Vec<Fingerprint> {
    site.articles
        .par_iter()
        .map(|a| deps::source_fingerprint(&a.meta, &a.body))
        .collect()
}

/// What a mode keeps of article bodies: a live engine re-renders them after edits, a
/// one-time render reads each when its page is rendered.
fn bodies(mode: Mode) -> content::Bodies {
    match mode {
        Mode::Once => content::Bodies::InFiles,
        Mode::Live => content::Bodies::Keep,
    }
}

/// Bring `ids` up to date with `site` after a re-link, where `old_of[n]` is the id
/// article `n` had before (`None`: new): known paths keep their entry with the id moved
/// (no path is hashed or copied again), new ones are added, gone ones removed.
fn reindex_ids(ids: &mut PathMap<ArticleId>, site: &Site, old_of: &[Option<ArticleId>]) {
    const GONE: ArticleId = ArticleId::MAX;
    let mut new_of = vec![GONE; ids.len()];
    for (n, o) in old_of.iter().enumerate() {
        if let Some(slot) = o.and_then(|o| new_of.get_mut(o)) {
            *slot = n;
        }
    }
    let mut gone = false;
    for v in ids.values_mut() {
        *v = new_of.get(*v).copied().unwrap_or(GONE);
        gone |= *v == GONE;
    }
    if gone {
        ids.retain(|_, v| *v != GONE);
    }
    for (n, a) in site.articles.iter().enumerate() {
        if old_of[n].is_none() {
            ids.insert(a.source_path.clone(), n);
        }
    }
}

/// The source fingerprints of `site` by id, taken from `old` (by the ids of before,
/// `old_of`) for the files that are the same, computed for the others.
fn carry_sources(
    old: &[Fingerprint],
    site: &Site,
    old_of: &[Option<ArticleId>],
    file_same: &[bool],
) -> Vec<Fingerprint> {
    (0..site.articles.len())
        .into_par_iter()
        .map(|n| match (old_of[n], file_same[n]) {
            (Some(o), true) if o < old.len() => old[o],
            _ => {
                let a = &site.articles[n];
                deps::source_fingerprint(&a.meta, &a.body)
            }
        })
        .collect()
}

fn index_ids(site: &Site) -> PathMap<ArticleId> {
    site.articles
        .iter()
        .enumerate()
        .map(|(id, a)| (a.source_path.clone(), id))
        .collect()
}

impl Engine {
    /// Load the theme and `content/` of `project` and link the site (every error of both
    /// reported together). Nothing is rendered yet: every job is stale.
    pub fn open(project: Project, mode: Mode) -> Result<Engine, Error> {
        let t = Instant::now();
        let renderer = Renderer::new(&project);
        let theme = t.elapsed();
        let t = Instant::now();
        let content = content::load_with(&project.content_dir(), bodies(mode));
        let load = t.elapsed();
        let (renderer, content) = match (renderer, content) {
            (Ok(r), Ok(c)) => (r, c),
            (r, c) => {
                let mut errors: Vec<Error> = r.err().map(Error::from).into_iter().collect();
                errors.extend(c.err().map(Error::from));
                return Err(Error::collect(errors).expect_err("at least one error"));
            }
        };
        let mut engine = Engine::from_parts(project, mode, renderer, content)?;
        (engine.setup.theme, engine.setup.load) = (theme, load);
        Ok(engine)
    }

    /// [`Engine::open`] from a theme and content already loaded.
    fn from_parts(
        project: Project,
        mode: Mode,
        renderer: Renderer,
        content: content::Content,
    ) -> Result<Engine, Error> {
        let t = Instant::now();
        let site = Site::new(project.config.clone(), content);
        let link = t.elapsed();
        let t = Instant::now();
        let prepared = match mode {
            Mode::Once => renderer.prepare_lean(&site)?,
            Mode::Live => renderer.prepare(&site)?,
        };
        let setup = OpenTimings {
            link,
            prepare: t.elapsed(),
            ..OpenTimings::default()
        };
        let live = mode == Mode::Live;
        Ok(Engine {
            // A one-time render never looks an article up by path (at a million articles
            // the map held a copy of every path: about 190 MB); made if ever needed.
            ids: if live {
                index_ids(&site)
            } else {
                PathMap::default()
            },
            source_ids: if live {
                source_fingerprints(&site)
            } else {
                Vec::new()
            },
            table: JobTable::new(&site, &prepared, live),
            relisted: live,
            current: None,
            card_links: Vec::new(),
            gone: Vec::new(),
            setup,
            stages: Vec::new(),
            project,
            mode,
            renderer,
            site,
            prepared,
        })
    }

    /// The linked site.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The project.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The renderer (compiled theme, assets).
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// Take the site out of an engine that is done (`bantin build` indexes it for search
    /// after the pages are written).
    pub fn into_site(self) -> Site {
        self.site
    }

    /// Bring the model up to date with `pending` (`site.yaml` and asset changes excepted:
    /// they need [`Engine::open`]). Nothing is rendered: the jobs this makes stale are
    /// [`Engine::stale`]. Parts that succeed are removed from `pending`; on error the rest
    /// stays there (to be retried with the next change) and the model is unchanged.
    pub fn apply(&mut self, pending: &mut ChangeSet) -> Result<Applied, Error> {
        if self.ids.len() != self.site.articles.len() {
            self.ids = index_ids(&self.site);
        }
        let mut applied = Applied::default();
        if pending.seeds {
            // A seed that does not convert is reported, but does not stop the rebuild.
            let mut report = ingest_project(&self.project, false, false)?;
            applied
                .problems
                .extend(report.errors.drain(..).map(Error::from));
            applied.notes = seed_notes(&self.project.root, &report, &pending.seed_files);
            for f in report.seeds.iter().flat_map(|s| &s.files) {
                if matches!(
                    f.action,
                    FileAction::Created | FileAction::Updated | FileAction::Removed
                ) {
                    pending.content.insert(f.path.clone());
                }
            }
            pending.seeds = false;
        }
        if pending.theme {
            self.reload_theme(pending.assets)?;
            pending.theme = false;
            pending.theme_files.clear();
            applied.theme = true;
        }
        let t = Instant::now();
        let plan = incremental::plan(
            &self.site,
            &self.ids,
            &self.project.content_dir(),
            &pending.content,
        )?;
        pending.content.clear();
        self.stage("read changed files", t);
        applied.patched = !plan.patches.is_empty() || plan.reload;
        applied.relinked = plan.reload || plan.is_structural(&self.site, &self.ids);
        let changed = if applied.relinked {
            self.relink(plan)?
        } else {
            incremental::apply_in_place(
                &self.renderer,
                &mut self.site,
                &mut self.prepared,
                &self.ids,
                plan,
            )?
        };
        let t = Instant::now();
        for path in changed {
            if let Some(&id) = self.ids.get(&path) {
                applied.articles.push(id);
            }
            self.refresh_source(path);
        }
        self.stage("fingerprint changed files", t);
        if applied.patched || applied.theme {
            self.current = None;
        }
        Ok(applied)
    }

    fn stage(&mut self, name: &'static str, since: Instant) {
        self.stages.push((name, since.elapsed()));
    }

    /// Where the time went since this was last called (changes applied, jobs listed,
    /// fingerprinted and rendered), stage by stage.
    pub fn take_stage_timings(&mut self) -> Vec<(&'static str, Duration)> {
        std::mem::take(&mut self.stages)
    }

    /// Compile the theme again; list entries are re-rendered when `card.html` changed.
    /// `assets_changed`: files under `static/` or beside articles changed in the batch.
    fn reload_theme(&mut self, assets_changed: bool) -> Result<(), Error> {
        let renderer = self.renderer.rethemed(&self.project, assets_changed)?;
        if renderer.theme().template_fingerprint("card.html")
            != self.renderer.theme().template_fingerprint("card.html")
        {
            // List entries are cards rendered through the theme's `card.html`.
            let cards: Vec<crate::render::Card> = (0..self.site.articles.len())
                .into_par_iter()
                .map(|id| self.prepared.card(&self.site, id))
                .collect();
            self.prepared.list_items = cards
                .par_iter()
                .map(|c| renderer.list_item(c))
                .collect::<Result<_, _>>()?;
            if self.mode == Mode::Live {
                self.prepared.card_fps = cards
                    .par_iter()
                    .zip(&self.prepared.list_items)
                    .map(|(c, i)| deps::card_fingerprint(c, i))
                    .collect();
            }
        }
        self.prepared.common = renderer.common(&self.site);
        self.renderer = renderer;
        Ok(())
    }

    /// Keep the fingerprint of article file `path` up to date.
    fn refresh_source(&mut self, path: PathBuf) {
        if self.mode != Mode::Live {
            return;
        }
        if let Some(&id) = self.ids.get(&path) {
            let a = &self.site.articles[id];
            if let Some(slot) = self.source_ids.get_mut(id) {
                *slot = deps::source_fingerprint(&a.meta, &a.body);
            }
        }
    }

    /// Take a new configuration (`site.yaml` changed; `project` read again by the
    /// caller, with its command-line overrides): the theme is compiled again unless what
    /// it reads of the project is unchanged ([`Renderer::reconfigured`]) and the site
    /// re-linked with it, reusing the HTML of every article. Nothing is rendered: the
    /// jobs whose inputs changed (with a new title, all of them) are [`Engine::stale`].
    /// `assets_changed`: files under `static/` or beside articles changed too.
    pub fn reconfigure(&mut self, project: Project, assets_changed: bool) -> Result<(), Error> {
        let t = Instant::now();
        // Theme files changed in the same batch are compiled by `reload_theme` after this.
        let renderer = self.renderer.reconfigured(&project, assets_changed)?;
        self.stage("theme", t);
        if renderer.assets_fingerprint() != self.renderer.assets_fingerprint() {
            // Other published files, other image sizes in the HTML: start again, keeping
            // the record of what was rendered (unchanged files are not written again).
            let content = content::load_with(&project.content_dir(), bodies(self.mode))?;
            let mut fresh = Engine::from_parts(project, self.mode, renderer, content)?;
            fresh.table = std::mem::take(&mut self.table);
            *self = fresh;
            return Ok(());
        }
        // List entries are made with `card.html` alone: the old ones stay good unless it
        // changed (another theme, say).
        let item_template_same = renderer.theme().template_fingerprint("card.html")
            == self.renderer.theme().template_fingerprint("card.html");
        self.renderer = renderer;
        self.project = project;
        self.relink_with(Plan::default(), item_template_same)?;
        self.current = None;
        Ok(())
    }

    fn relink(&mut self, plan: Plan) -> Result<Vec<PathBuf>, Error> {
        self.relink_with(plan, true)
    }

    /// Re-link after `plan`; `item_template_same` when `card.html` is the one the list
    /// entries were made with (see [`relink::prepare`]).
    fn relink_with(&mut self, plan: Plan, item_template_same: bool) -> Result<Vec<PathBuf>, Error> {
        let t = Instant::now();
        let before = relink::Before::of(&self.site, std::mem::take(&mut self.card_links));
        self.stage("what cards showed", t);
        let t = Instant::now();
        let config = self.project.config.clone();
        // With each article's id before (`None`: new).
        let (site, changed, old_of) = if plan.reload {
            let content = content::load_with(&self.project.content_dir(), bodies(self.mode))?;
            let changed = relink::changed_files(&self.site, &self.ids, &content);
            let site = Site::new(config, content);
            let old_of: Vec<Option<ArticleId>> = site
                .articles
                .iter()
                .map(|a| self.ids.get(&a.source_path).copied())
                .collect();
            (site, changed, old_of)
        } else {
            let old = std::mem::replace(
                &mut self.site,
                Site::new(config.clone(), Default::default()),
            );
            relink::relink_site(old, config, plan.patches, &self.ids)
        };
        self.stage("link", t);
        let t = Instant::now();
        // Whether each article's file is as it was, from the changed files by their old
        // ids: one lookup per changed file, not one more per article.
        let mut changed_old = vec![false; self.ids.len()];
        for &o in changed.iter().filter_map(|p| self.ids.get(p)) {
            if let Some(c) = changed_old.get_mut(o) {
                *c = true;
            }
        }
        let file_same: Vec<bool> = old_of
            .iter()
            .map(|o| o.is_some_and(|o| !changed_old.get(o).copied().unwrap_or(true)))
            .collect();
        let (prepared, links) = relink::prepare(
            &self.renderer,
            &before,
            &mut self.prepared,
            (&old_of, &file_same),
            &site,
            &changed,
            item_template_same,
        )?;
        self.card_links = links;
        self.stage("prepare changed cards", t);
        let t = Instant::now();
        if self.mode == Mode::Live {
            self.source_ids = carry_sources(&self.source_ids, &site, &old_of, &file_same);
        }
        reindex_ids(&mut self.ids, &site, &old_of);
        self.relisted = true;
        let old = (
            std::mem::replace(&mut self.site, site),
            std::mem::replace(&mut self.prepared, prepared),
        );
        // Freeing the old model (every article's text and HTML) takes a while; not here.
        let _ = std::thread::Builder::new()
            .name("bantin-free".into())
            .spawn(move || drop(old));
        self.stage("index ids", t);
        Ok(changed.into_iter().collect())
    }

    /// The jobs whose inputs changed since they were last rendered (every job before the
    /// first render), by index, in [`crate::render::all_jobs`] order.
    pub fn stale(&mut self) -> Vec<usize> {
        if self.mode == Mode::Once {
            return (0..self.table.jobs.len())
                .filter(|&i| self.table.rendered[i].is_none())
                .collect();
        }
        self.ensure_current();
        let current = self.current.as_deref().unwrap_or_default();
        (0..current.len())
            .filter(|&i| self.table.rendered[i] != Some(current[i]))
            .collect()
    }

    /// Whether job `i` has written its files before (they exist, perhaps stale).
    pub fn was_rendered(&self, i: usize) -> bool {
        !self.table.outputs[i].is_empty()
    }

    /// Where the time went when the engine was opened.
    pub fn open_timings(&self) -> &OpenTimings {
        &self.setup
    }

    /// The jobs of the pages of `articles` (the page an editor who saved them most likely
    /// looks at), by index.
    pub fn article_jobs(&self, articles: &[ArticleId]) -> Vec<usize> {
        let wanted: std::collections::HashSet<ArticleId> = articles.iter().copied().collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        self.table
            .jobs
            .iter()
            .enumerate()
            .filter(|(_, (job, _))| matches!(job, crate::render::Job::Article(id) if wanted.contains(id)))
            .map(|(i, _)| i)
            .collect()
    }

    /// The jobs whose files cannot be asked for by name before they are rendered (the
    /// theme's static files: which files they are is known once they are copied).
    pub fn unnamed_jobs(&self) -> Vec<usize> {
        self.table
            .jobs
            .iter()
            .enumerate()
            .filter(|(_, (job, _))| matches!(job, crate::render::Job::Static))
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether job `i` writes an HTML page (which a browser shows), rather than a feed,
    /// the sitemap or other files (which only readers and robots fetch).
    pub fn writes_page(&self, i: usize) -> bool {
        // Generators that are not templates are named in parentheses.
        !self.table.jobs[i].0.template().starts_with('(')
    }

    /// How many jobs the site has.
    pub fn job_count(&self) -> usize {
        self.table.jobs.len()
    }

    /// The job that writes the site-relative file `rel`, when it is stale: the file on
    /// disk is older than the model and should be rendered before it is served.
    pub fn stale_job_of(&mut self, rel: &str) -> Option<usize> {
        // The table lists the jobs of the site as it is now.
        self.ensure_current();
        let i = self.table.job_of(&self.site, rel)?;
        let fp = self.current.as_deref().unwrap_or_default()[i];
        (self.table.rendered[i] != Some(fp)).then_some(i)
    }

    /// Compute every job's fingerprint for the model as it is (`Live`), once per change.
    fn ensure_current(&mut self) {
        let t = Instant::now();
        if self.relisted {
            self.gone
                .extend(self.table.relist(&self.site, &self.prepared));
            self.relisted = false;
            self.current = None;
            self.stage("list jobs", t);
        }
        let t = Instant::now();
        if self.current.is_none() {
            self.current = Some(deps::fingerprints(
                &self.site,
                &self.prepared,
                &self.renderer,
                &self.source_ids,
                &self.table.jobs,
            ));
            self.stage("fingerprint jobs", t);
        }
    }

    /// Render every stale job into `sink` (a build renders all of them), running `beside`
    /// on the site on another thread meanwhile (`bantin build` builds the search index
    /// while pages render). One job of each template is rendered first, in memory, so
    /// that a broken template stops the render before anything is written.
    pub fn render_all_beside<R: Send>(
        &mut self,
        sink: &dyn Sink,
        progress: Option<&AtomicUsize>,
        beside: impl FnOnce(&Site) -> R + Send,
    ) -> (Result<Counts, Error>, R) {
        let which = self.stale();
        let fps = self.fingerprints_of(&which);
        let Engine {
            site,
            prepared,
            renderer,
            table,
            gone,
            mode,
            ..
        } = self;
        // `beside` takes one of rayon's threads while the pages take the other ones, and
        // that thread joins the pages when it is done. A thread of its own beside the
        // pool made one more thread than cores, time-sliced against the pages (measured
        // at 10k: the index's CPU time ~15 % higher than alone).
        let keep = *mode == Mode::Live;
        let (other, result) = rayon::join(
            || beside(site),
            || {
                let jobs = Jobs {
                    site,
                    prepared,
                    renderer,
                    keep,
                };
                jobs.render(table, gone, &which, fps, sink, progress)
            },
        );
        if result.is_err() {
            table.forget();
        }
        (result, other)
    }

    /// Render the jobs `which` (indices from [`Engine::stale`]) into `sink`, and remove
    /// the files of jobs that are gone. Files are written as they are rendered; a template
    /// that fails for one job of `which` is found before anything is written (one job of
    /// each template is rendered first), a failure that depends on a page's data after.
    /// On failure every job is rendered again next time.
    pub fn render(
        &mut self,
        which: &[usize],
        sink: &dyn Sink,
        progress: Option<&AtomicUsize>,
    ) -> Result<Counts, Error> {
        let fps = self.fingerprints_of(which);
        let t = Instant::now();
        let jobs = Jobs {
            site: &self.site,
            prepared: &self.prepared,
            renderer: &self.renderer,
            keep: self.mode == Mode::Live,
        };
        let result = jobs.render(&mut self.table, &mut self.gone, which, fps, sink, progress);
        if result.is_err() {
            self.table.forget();
        }
        self.stage("render and write", t);
        result
    }

    /// The current fingerprints of `which` (`Live`), to record once they are rendered.
    fn fingerprints_of(&mut self, which: &[usize]) -> Vec<Option<Fingerprint>> {
        if self.mode != Mode::Live {
            return vec![None; which.len()];
        }
        self.ensure_current();
        let current = self.current.as_deref().unwrap_or_default();
        which.iter().map(|&i| Some(current[i])).collect()
    }
}

/// What rendering jobs reads: the model, its preparation and the theme.
struct Jobs<'a> {
    site: &'a Site,
    prepared: &'a Prepared,
    renderer: &'a Renderer,
    /// Record each job's files in the table (`Live`).
    keep: bool,
}

impl Jobs<'_> {
    fn render(
        &self,
        table: &mut JobTable,
        gone: &mut Vec<String>,
        which: &[usize],
        fps: Vec<Option<Fingerprint>>,
        sink: &dyn Sink,
        progress: Option<&AtomicUsize>,
    ) -> Result<Counts, Error> {
        let mut counts = Counts::default();
        for rel in std::mem::take(gone) {
            counts.removed += sink.remove(&rel)? as usize;
        }
        // One job per template first, kept in memory: a broken template writes nothing.
        let mut probes: Vec<usize> = Vec::new();
        for (k, &i) in which.iter().enumerate() {
            let t = table.jobs[i].0.template();
            if !probes
                .iter()
                .any(|&p| table.jobs[which[p]].0.template() == t)
            {
                probes.push(k);
            }
        }
        let probe_jobs: Vec<_> = probes.iter().map(|&k| table.jobs[which[k]].0).collect();
        let probed = std::sync::Mutex::new(Vec::new());
        self.renderer.render_each(
            self.site,
            self.prepared,
            &probe_jobs,
            &|n, files| {
                lock(&probed).push((probes[n], files));
                Ok(())
            },
            None,
        )?;
        let origins = self.renderer.assets().origins();
        let keep = self.keep;
        let written = AtomicUsize::new(0);
        let rendered = AtomicUsize::new(0);
        let names = std::sync::Mutex::new(Vec::<(usize, Vec<String>)>::new());
        let record = |k: usize, files: &[OutputFile]| -> Result<(), OutputError> {
            let mut w = 0;
            for (rel, bytes) in files {
                let origin = origins.get(rel).map(String::as_str).unwrap_or("");
                w += sink.put(rel, bytes, origin)? as usize;
            }
            written.fetch_add(w, std::sync::atomic::Ordering::Relaxed);
            rendered.fetch_add(files.len(), std::sync::atomic::Ordering::Relaxed);
            if keep {
                lock(&names).push((k, files.iter().map(|f| f.0.clone()).collect()));
            }
            Ok(())
        };
        for (k, files) in probed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            record(k, &files)?;
            if let Some(p) = progress {
                p.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
        let rest: Vec<usize> = {
            let mut is_probe = vec![false; which.len()];
            probes.iter().for_each(|&k| is_probe[k] = true);
            (0..which.len()).filter(|&k| !is_probe[k]).collect()
        };
        let rest_jobs: Vec<_> = rest.iter().map(|&k| table.jobs[which[k]].0).collect();
        counts.timings = self.renderer.render_each(
            self.site,
            self.prepared,
            &rest_jobs,
            &|n, files| record(rest[n], &files),
            progress,
        )?;
        counts.jobs = which.len();
        counts.written = written.into_inner();
        counts.rendered = rendered.into_inner();
        if !keep {
            // Nothing is kept of a render that happens once but that it happened.
            which.iter().for_each(|&i| table.rendered[i] = Some(0));
            return Ok(counts);
        }
        for (k, list) in names.into_inner().unwrap_or_else(|e| e.into_inner()) {
            let i = which[k];
            // A job that writes other files than before (the static files) leaves some.
            for rel in table.record(i, fps[k], list) {
                if !table.written_by_other(&rel, i) {
                    counts.removed += sink.remove(&rel)? as usize;
                }
            }
        }
        Ok(counts)
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

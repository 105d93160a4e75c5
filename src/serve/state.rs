//! The serve loop's memory of the last good build, and how a change set is applied to it.
//!
//! [`SiteState`] keeps the linked [`Site`], the [`Prepared`] article HTML and cards, the
//! compiled theme, and a hash of every output file, so an edit re-parses one file,
//! re-renders only the pages that show it and rewrites only files whose bytes changed.
//! Every path through here produces exactly the files a full `bantin build` would.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::changes::ChangeSet;
use super::incremental::{self, Plan};
use super::relink;
use crate::build::ingest_project;
use crate::content;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::ingest::FileAction;
use crate::output::{self, OutputError};
use crate::project::Project;
use crate::render::deps::{self, Fingerprint};
use crate::render::{Job, OutputFile, Prepared, Renderer};
use crate::site::{ArticleId, Site};

/// How much of the site a rebuild had to redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RebuildKind {
    /// Nothing that the site shows changed.
    Unchanged,
    /// Only the pages showing the changed files were re-rendered.
    Pages,
    /// The site was re-linked (a file added, removed, or a date, rubric, tag or order
    /// changed) and every page re-rendered; Markdown was re-rendered only where it changed.
    Relinked,
    /// Theme or config changed: every page re-rendered.
    Full,
}

/// What one rebuild did.
#[derive(Debug)]
pub struct Outcome {
    /// How much was redone.
    pub kind: RebuildKind,
    /// Output files rendered.
    pub rendered: usize,
    /// Output files whose bytes changed and were written.
    pub written: usize,
    /// Stale output files removed.
    pub removed: usize,
    /// Wall time of the rebuild.
    pub took: Duration,
    /// Warnings of the new site (ingest and linking).
    pub warnings: Vec<Diagnostic>,
    /// Errors that did not stop the rebuild (a seed that does not convert).
    pub problems: Vec<Error>,
    /// What happened to seeds: ingested, or deleted and what that means.
    pub notes: Vec<String>,
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

/// The last good build, kept in memory between rebuilds.
pub struct SiteState {
    project: Project,
    out_dir: PathBuf,
    renderer: Renderer,
    site: Site,
    prepared: Prepared,
    /// Article source path → id in `site`.
    ids: HashMap<PathBuf, ArticleId>,
    /// Output path → hash of the bytes on disk.
    files: HashMap<String, u64>,
    /// Article source path → fingerprint of its parsed file.
    sources: HashMap<PathBuf, Fingerprint>,
    /// The same fingerprints by article id.
    source_ids: Vec<Fingerprint>,
    /// Every job of `site` and what it was last rendered from.
    table: JobTable,
    /// The site was re-linked since `table` was made: its jobs must be listed again.
    relisted: bool,
    /// The in-memory model is ahead of the output folder (a render failed after a
    /// change was applied): the next rebuild re-renders everything.
    dirty_all: bool,
}

/// Every job of the site with its key, the fingerprint of the inputs it was last
/// rendered from (`None`: not rendered yet) and the files it wrote, in [`crate::render::all_jobs`] order.
#[derive(Default)]
struct JobTable {
    jobs: Vec<(Job, String)>,
    rendered: Vec<Option<Fingerprint>>,
    outputs: Vec<Vec<String>>,
}

impl JobTable {
    /// The jobs of `site`, carrying over what `old` knows of each job with the same key.
    /// Returns the table and whether a job of `old` is gone (its files must go too).
    fn relist(site: &Site, mut old: JobTable) -> (JobTable, bool) {
        let jobs = deps::keyed_jobs(site);
        let mut index: HashMap<&str, usize> = old
            .jobs
            .iter()
            .enumerate()
            .map(|(i, (_, k))| (k.as_str(), i))
            .collect();
        let mut rendered = Vec::with_capacity(jobs.len());
        let mut outputs = Vec::with_capacity(jobs.len());
        for (_, key) in &jobs {
            match index.remove(key.as_str()) {
                Some(i) => {
                    rendered.push(old.rendered[i]);
                    outputs.push(std::mem::take(&mut old.outputs[i]));
                }
                None => {
                    rendered.push(None);
                    outputs.push(Vec::new());
                }
            }
        }
        let gone = !index.is_empty();
        let table = JobTable {
            jobs,
            rendered,
            outputs,
        };
        (table, gone)
    }
}

/// What [`SiteState::render_changed`] did.
struct Counts {
    /// Files rendered.
    rendered: usize,
    /// Files whose bytes changed.
    written: usize,
    /// Files removed.
    removed: usize,
    /// Every job was rendered.
    every_job: bool,
}

fn source_fingerprints(site: &Site) -> HashMap<PathBuf, Fingerprint> {
    site.articles
        .par_iter()
        .map(|a| {
            (
                a.source_path.clone(),
                deps::source_fingerprint(&a.meta, &a.body),
            )
        })
        .collect()
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn index_ids(site: &Site) -> HashMap<PathBuf, ArticleId> {
    site.articles
        .iter()
        .enumerate()
        .map(|(id, a)| (a.source_path.clone(), id))
        .collect()
}

impl SiteState {
    /// Load the theme and `content/`, render every page and write the output folder
    /// (stale files removed), as `bantin build --no-ingest` does.
    pub fn open(project: Project, out_dir: PathBuf) -> Result<(SiteState, Outcome), Error> {
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
        let renderer = Renderer::new(&project);
        let content = content::load(&project.content_dir());
        let (renderer, content) = match (renderer, content) {
            (Ok(r), Ok(c)) => (r, c),
            (r, c) => {
                let mut errors: Vec<Error> = r.err().map(Error::from).into_iter().collect();
                errors.extend(c.err().map(Error::from));
                return Err(Error::collect(errors).expect_err("at least one error"));
            }
        };
        let site = Site::new(project.config.clone(), content);
        let prepared = renderer.prepare(&site)?;
        let mut state = SiteState {
            ids: index_ids(&site),
            sources: source_fingerprints(&site),
            source_ids: Vec::new(),
            table: JobTable::default(),
            relisted: true,
            project,
            out_dir,
            renderer,
            site,
            prepared,
            files: HashMap::new(),
            dirty_all: true,
        };
        let c = state.render_changed()?;
        let outcome = state.outcome(RebuildKind::Full, start, c.rendered, c.written, c.removed);
        Ok((state, outcome))
    }

    /// The linked site of the last good build.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The project being served.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The output folder.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Apply a change set (`site.yaml` changes excepted: a new config needs
    /// [`SiteState::open`]). Parts that succeed are removed from `pending`; on error the
    /// rest stays there (to be retried with the next change) and the output folder still
    /// holds the last good site.
    pub fn apply(&mut self, pending: &mut ChangeSet) -> Result<Outcome, Error> {
        let start = Instant::now();
        let mut problems = Vec::new();
        let mut notes = Vec::new();
        if pending.seeds {
            // A seed that does not convert is reported, but does not stop the rebuild.
            let mut report = ingest_project(&self.project, false, false)?;
            problems.extend(report.errors.drain(..).map(Error::from));
            notes = seed_notes(&self.project.root, &report, &pending.seed_files);
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
        let mut theme_changed = false;
        if pending.theme {
            let renderer = Renderer::new(&self.project)?;
            if renderer.theme().template_fingerprint("card.html")
                != self.renderer.theme().template_fingerprint("card.html")
            {
                // List entries are cards rendered through the theme's `card.html`.
                self.prepared.list_items = self
                    .prepared
                    .cards
                    .par_iter()
                    .map(|c| renderer.list_item(c))
                    .collect::<Result<_, _>>()?;
                self.prepared.card_fps = self
                    .prepared
                    .cards
                    .par_iter()
                    .zip(&self.prepared.list_items)
                    .map(|(c, i)| deps::card_fingerprint(c, i))
                    .collect();
            }
            self.prepared.common = renderer.common(&self.site);
            self.renderer = renderer;
            pending.theme = false;
            pending.theme_files.clear();
            // What the change touches comes out of the jobs' fingerprints, which include
            // their templates'.
            theme_changed = true;
        }
        let plan = incremental::plan(
            &self.site,
            &self.ids,
            &self.project.content_dir(),
            &pending.content,
        )?;
        pending.content.clear();
        let patched = !plan.patches.is_empty() || plan.reload;
        let relinked = plan.reload || plan.is_structural(&self.site, &self.ids);
        let result = if relinked {
            self.relink(plan)
        } else {
            self.apply_in_place(plan)
        }
        .and_then(|changed| {
            for path in changed {
                self.refresh_source(path);
            }
            self.render_changed()
        });
        match result {
            Ok(Counts {
                rendered,
                written,
                removed,
                every_job,
            }) => {
                let kind = if relinked {
                    RebuildKind::Relinked
                } else if every_job {
                    RebuildKind::Full
                } else if rendered == 0 && !patched && !theme_changed {
                    RebuildKind::Unchanged
                } else {
                    RebuildKind::Pages
                };
                let mut o = self.outcome(kind, start, rendered, written, removed);
                o.problems = problems;
                o.notes = notes;
                Ok(o)
            }
            Err(e) => {
                // The model may be ahead of the output folder: render everything next time.
                self.dirty_all = true;
                Err(e)
            }
        }
    }

    /// Keep the fingerprint of article file `path` up to date (removed when it is gone).
    fn refresh_source(&mut self, path: PathBuf) {
        match self.ids.get(&path) {
            Some(&id) => {
                let a = &self.site.articles[id];
                let f = deps::source_fingerprint(&a.meta, &a.body);
                if let Some(slot) = self.source_ids.get_mut(id) {
                    *slot = f;
                }
                self.sources.insert(path, f);
            }
            None => {
                self.sources.remove(&path);
            }
        }
    }

    /// Render every job whose fingerprint differs from the one it was last rendered
    /// from (every job when `dirty_all`), write the files whose bytes changed, and remove
    /// the files no job writes any more. Returns (rendered, written, removed).
    fn render_changed(&mut self) -> Result<Counts, Error> {
        let mut prune = false;
        if self.relisted {
            let (table, gone) = JobTable::relist(&self.site, std::mem::take(&mut self.table));
            self.table = table;
            prune = gone;
            self.source_ids = self
                .site
                .articles
                .iter()
                .map(|a| match self.sources.get(&a.source_path) {
                    Some(&f) => f,
                    None => deps::source_fingerprint(&a.meta, &a.body),
                })
                .collect();
            self.relisted = false;
        }
        let fps = deps::fingerprints(
            &self.site,
            &self.prepared,
            &self.renderer,
            &self.source_ids,
            &self.table.jobs,
        );
        let todo: Vec<usize> = (0..fps.len())
            .filter(|&i| self.dirty_all || self.table.rendered[i] != Some(fps[i]))
            .collect();
        let jobs: Vec<Job> = todo.iter().map(|&i| self.table.jobs[i].0).collect();
        let every_job = todo.len() == fps.len();
        let groups = self
            .renderer
            .render_grouped(&self.site, &self.prepared, &jobs)?;
        let mut files = Vec::new();
        for (&i, group) in todo.iter().zip(groups) {
            let names: Vec<String> = group.iter().map(|f| f.0.clone()).collect();
            // A job that writes other files than before (the static files) leaves some.
            prune |= names != self.table.outputs[i];
            self.table.outputs[i] = names;
            self.table.rendered[i] = Some(fps[i]);
            files.extend(group);
        }
        let counts = if self.files.is_empty() {
            // The first build of this state: compare with what is on disk.
            let stats = output::write_site(&self.out_dir, &files, true)?;
            self.files = files
                .iter()
                .map(|(p, b)| (p.clone(), hash_bytes(b)))
                .collect();
            (files.len(), stats.written, stats.removed)
        } else {
            self.write(files, prune)?
        };
        self.dirty_all = false;
        Ok(Counts {
            rendered: counts.0,
            written: counts.1,
            removed: counts.2,
            every_job,
        })
    }

    fn outcome(
        &self,
        kind: RebuildKind,
        start: Instant,
        rendered: usize,
        written: usize,
        removed: usize,
    ) -> Outcome {
        Outcome {
            kind,
            rendered,
            written,
            removed,
            took: start.elapsed(),
            warnings: self.site.warnings.clone(),
            problems: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Patch the site in place (no structural change); returns the source files changed.
    fn apply_in_place(&mut self, plan: Plan) -> Result<Vec<PathBuf>, Error> {
        incremental::apply_in_place(
            &self.renderer,
            &mut self.site,
            &mut self.prepared,
            &self.ids,
            plan,
        )
        .map_err(Error::from)
    }

    /// Re-link the site from patched (or reloaded) content, reusing the Markdown HTML
    /// and cards of unchanged articles; returns the source files changed.
    ///
    /// The new model replaces the old one; if rendering it fails, the caller marks the
    /// state for a full render.
    fn relink(&mut self, plan: Plan) -> Result<Vec<PathBuf>, Error> {
        let (content, changed) = if plan.reload {
            let content = content::load(&self.project.content_dir())?;
            let changed = relink::changed_files(&self.site, &self.ids, &content);
            (content, changed)
        } else {
            relink::take_content(&mut self.site, plan.patches)
        };
        let site = Site::new(self.project.config.clone(), content);
        let prepared = relink::prepare(
            &self.renderer,
            &self.site,
            &mut self.prepared,
            &self.ids,
            &site,
            &changed,
        )?;
        self.ids = index_ids(&site);
        self.relisted = true;
        let old = (
            std::mem::replace(&mut self.site, site),
            std::mem::replace(&mut self.prepared, prepared),
        );
        // Freeing the old model (every article's text and HTML) takes a while; not here.
        let _ = std::thread::Builder::new()
            .name("bantin-free".into())
            .spawn(move || drop(old));
        Ok(changed.into_iter().collect())
    }

    /// Write the files whose bytes differ from the output folder's. With `prune =
    /// Some(kept)`, `files` and `kept` (output paths left as they are) make the whole
    /// site, and every other file this state wrote is removed.
    /// Returns (rendered, written, removed).
    fn write(
        &mut self,
        files: Vec<OutputFile>,
        prune: bool,
    ) -> Result<(usize, usize, usize), OutputError> {
        let hashed: Vec<(OutputFile, u64)> = files
            .into_par_iter()
            .map(|f| {
                let h = hash_bytes(&f.1);
                (f, h)
            })
            .collect();
        let rendered = hashed.len();
        let changed: Vec<&(OutputFile, u64)> = hashed
            .iter()
            .filter(|((p, _), h)| self.files.get(p) != Some(h))
            .collect();
        let results: Vec<Result<(), OutputError>> = changed
            .par_iter()
            .map(|((p, bytes), _)| {
                let path = output::checked_join(&self.out_dir, p)?;
                output::write_atomic(&path, bytes)
            })
            .collect();
        results.into_iter().collect::<Result<Vec<()>, _>>()?;
        let written = changed.len();
        let mut removed = 0;
        if prune {
            // Every file a job of the table writes stays.
            let keep: std::collections::HashSet<&str> = self
                .table
                .outputs
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            let stale: Vec<String> = self
                .files
                .keys()
                .filter(|p| !keep.contains(p.as_str()))
                .cloned()
                .collect();
            drop(keep);
            for p in stale {
                self.files.remove(&p);
                let path = output::checked_join(&self.out_dir, &p)?;
                match std::fs::remove_file(&path) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(source) => return Err(OutputError::Io { path, source }),
                }
                remove_empty_parents(&self.out_dir, &path);
            }
        }
        for ((p, _), h) in hashed {
            self.files.insert(p, h);
        }
        Ok((rendered, written, removed))
    }
}

fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// The slug part of an article file name, as [`content::parse_article`] computes it.
pub(crate) fn file_slug(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    content::strip_order_prefix(stem).to_string()
}

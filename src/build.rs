//! The whole pipeline: ingest new or changed seeds, load content, link, render, write.
//!
//! A build either writes a complete site or writes nothing: every error of every stage is
//! collected first (all bad files, not just the first), and only a clean run reaches the
//! output folder.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::content;
use crate::diag::Diagnostic;
use crate::engine::{Engine, Mode};
use crate::error::Error;
use crate::ingest::{self, IngestOptions, IngestReport};
use crate::output::{self, WriteStats};
use crate::project::Project;
use crate::render::RenderTimings;
use crate::site::Site;

/// How to run a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Bring `content/` up to date with `seeds/` first.
    pub ingest: bool,
    /// Write here instead of the configured output folder.
    pub output: Option<PathBuf>,
    /// Counts files as they are written, so a caller can show progress.
    pub progress: Option<Progress>,
    /// Build into a non-empty folder that bantin did not make (nothing in it is deleted).
    pub force: bool,
}

/// Progress of a running build: render jobs (pages, feeds, file groups) done so far and
/// how many there are.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Render jobs finished so far (never more than `total`).
    pub done: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// Render jobs in the build (known once the site is linked; 0 before).
    pub total: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            ingest: true,
            output: None,
            progress: None,
            force: false,
        }
    }
}

/// Wall time of each stage.
#[derive(Debug, Default, Clone)]
pub struct StageTimings {
    /// Ingesting seeds.
    pub ingest: Duration,
    /// Reading and parsing `content/`.
    pub load: Duration,
    /// Linking the site model.
    pub link: Duration,
    /// Loading the theme.
    pub theme: Duration,
    /// Rendering (Markdown and pages).
    pub render: RenderTimings,
    /// Building and writing the search index (alongside rendering, on one of rayon's threads).
    pub search: Duration,
    /// Writing the output.
    pub write: Duration,
    /// The whole build.
    pub total: Duration,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// The ingest step's report, when it ran.
    pub ingest: Option<IngestReport>,
    /// Warnings from every stage, sorted.
    pub warnings: Vec<Diagnostic>,
    /// Files written, unchanged, removed.
    pub stats: WriteStats,
    /// Articles in the site.
    pub articles: usize,
    /// Files in the output.
    pub files: usize,
    /// Where the time went.
    pub timings: StageTimings,
    /// The output folder.
    pub output: PathBuf,
}

/// Ingest every seed of the project into its `content/` (edited files left alone).
pub fn ingest_project(
    project: &Project,
    dry_run: bool,
    force: bool,
) -> Result<IngestReport, Error> {
    let seeds_dir = project.seeds_dir();
    if !seeds_dir.is_dir() {
        return Ok(IngestReport::default());
    }
    let seeds = ingest::collect_seeds(&[seeds_dir])?;
    let opts = IngestOptions {
        content_dir: project.content_dir(),
        root: project.root.clone(),
        dry_run,
        force,
    };
    Ok(ingest::ingest(&seeds, &opts))
}

/// Load `content/` and link it into a site model.
pub fn load_site(project: &Project, timings: &mut StageTimings) -> Result<Site, Error> {
    let t = Instant::now();
    let content = content::load(&project.content_dir())?;
    timings.load = t.elapsed();
    let t = Instant::now();
    let site = Site::new(project.config.clone(), content);
    timings.link = t.elapsed();
    Ok(site)
}

/// Run the whole pipeline on `project`.
pub fn build(project: &Project, opts: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let out_dir = opts.output.clone().unwrap_or_else(|| project.output_dir());
    // Checks the folder (symlinks resolved, never a source folder, a foreign folder only
    // with --force) before anything else runs; the new site is staged beside it.
    let writer = output::SiteWriter::new(
        &project.root,
        &out_dir,
        &output::PublishOptions {
            force: opts.force,
            base_url: project.config.base_url.clone(),
        },
    )?;
    let out_dir = writer.out().to_path_buf();
    let mut report = BuildReport {
        output: out_dir.clone(),
        ..Default::default()
    };
    let mut errors = Vec::new();

    if opts.ingest {
        let t = Instant::now();
        let mut ing = ingest_project(project, false, false)?;
        errors.extend(ing.errors.drain(..).map(Error::from));
        report.timings.ingest = t.elapsed();
        report.ingest = Some(ing);
    }

    // Theme and content errors are reported with the seeds' that did not convert.
    let mut engine = match Engine::open(project.clone(), Mode::Once) {
        Ok(engine) if errors.is_empty() => engine,
        result => {
            errors.extend(result.err());
            return Err(Error::collect(errors).expect_err("at least one error"));
        }
    };
    let opened = engine.open_timings().clone();
    report.timings.theme = opened.theme;
    report.timings.load = opened.load;
    report.timings.link = opened.link;
    if let Some(p) = &opts.progress {
        p.total.store(engine.job_count(), Ordering::Relaxed);
    }
    // The search index is built, and written, on one of rayon's threads while pages render: its
    // files are then not written one after another once the pages are done.
    let (counts, (index, took)) =
        engine.render_all_beside(&writer, opts.progress.as_ref().map(|p| &*p.done), |site| {
            let t = Instant::now();
            let written = crate::search::write_site_index(site, &mut |rel, bytes| {
                writer.write(&rel, &bytes).map(drop).map_err(Error::from)
            });
            release_freed_memory();
            (written, t.elapsed())
        });
    let counts = counts?;
    report.timings.render = counts.timings;
    report.timings.render.prepare = opened.prepare;
    report.files = counts.rendered + index?;
    report.timings.search = took;
    let site = engine.into_site();
    let t = Instant::now();
    report.stats = writer.finish()?;
    report.timings.write = t.elapsed();
    report.articles = site.articles.len();
    let mut warnings: Vec<Diagnostic> = site.warnings;
    if let Some(ing) = &report.ingest {
        warnings.extend(ing.warnings().cloned());
    }
    warnings.sort();
    warnings.dedup();
    report.warnings = warnings;
    report.timings.total = start.elapsed();
    Ok(report)
}

/// Hand the memory the search index freed (its postings: about 0.5 GB at a million
/// articles) back to the system. glibc keeps freed memory in the arena of the thread
/// that freed it, and the pages rendered on the other threads afterwards allocate from
/// their own arenas, so the build's peak counted that memory on top of theirs.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_freed_memory() {
    // SAFETY: malloc_trim only returns free memory of the allocator's arenas to the
    // system; it touches no memory in use and is safe to call from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Elsewhere the allocator keeps what it keeps.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_freed_memory() {}

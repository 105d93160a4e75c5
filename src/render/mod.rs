//! Site model → bytes: HTML pages through tera templates, feeds, sitemap.
//!
//! [`Renderer::new`] loads and compiles the theme once. [`Renderer::render`] turns a
//! [`Site`] into a list of `(output path, bytes)`: it renders every article's Markdown once
//! (in parallel), prepares each article's summary card once, then renders each page job in
//! parallel. Nothing here touches the output folder; [`crate::output`] writes the result.

pub mod dates;
mod feeds;
mod jobs;
pub mod markdown;
mod pages;
mod theme;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::Value;

pub use jobs::{all_jobs, output_path, Job};
pub use theme::{Theme, DEFAULT_THEME};

use crate::project::Project;
use crate::site::Site;
use markdown::Highlighter;

/// A template or page that failed to render.
#[derive(Debug, thiserror::Error)]
#[error("{}{}{message}",
    template.as_ref().map(|t| format!("template `{t}`: ")).unwrap_or_default(),
    page.as_ref().map(|p| format!("page {p}: ")).unwrap_or_default())]
pub struct RenderError {
    /// The template involved.
    pub template: Option<String>,
    /// The page being rendered.
    pub page: Option<String>,
    /// What went wrong, with tera's own explanation.
    pub message: String,
}

impl RenderError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        RenderError {
            template: None,
            page: None,
            message: message.into(),
        }
    }

    /// Name the template.
    pub fn in_template(mut self, t: &str) -> Self {
        self.template = Some(t.to_string());
        self
    }
}

/// tera's error and every cause below it, on one line.
pub(crate) fn tera_message(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        parts.push(c.to_string());
        cur = c.source();
    }
    parts.join(": ")
}

/// Per-build preparation shared by every page: article HTML and cards.
pub struct Prepared {
    /// Each article's body as HTML, by article id.
    pub html: Vec<String>,
    /// Each issue's introduction as HTML, by issue id.
    pub intros: Vec<String>,
    /// Each article's summary card (title, url, date, rubric, tags…), by article id.
    pub cards: Vec<Value>,
    /// Values every page gets (config, words, rubric list).
    pub common: serde_json::Map<String, Value>,
}

/// Time spent per stage and per template, for `--verbose`.
#[derive(Debug, Default, Clone)]
pub struct RenderTimings {
    /// Markdown → HTML and card preparation.
    pub prepare: Duration,
    /// Rendering every job (wall time).
    pub pages: Duration,
    /// Summed CPU time per template (or feed kind) and how many pages used it.
    pub per_template: BTreeMap<String, (Duration, usize)>,
}

/// The rendered site: sorted `(output path, bytes)` and timings.
pub struct RenderedSite {
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    /// Where the time went.
    pub timings: RenderTimings,
}

/// One output file: site-relative path and bytes.
pub type OutputFile = (String, Vec<u8>);

/// Everything needed to render a site: the compiled theme and a code highlighter.
pub struct Renderer {
    theme: Theme,
    highlighter: Highlighter,
    live_reload: Option<String>,
}

impl Renderer {
    /// Load and compile the theme of `project`.
    pub fn new(project: &Project) -> Result<Renderer, RenderError> {
        Ok(Renderer {
            theme: Theme::load(project)?,
            highlighter: Highlighter::new(),
            live_reload: None,
        })
    }

    /// Insert `snippet` before `</body>` of every HTML page (used by `serve` only).
    pub fn with_live_reload(mut self, snippet: impl Into<String>) -> Self {
        self.live_reload = Some(snippet.into());
        self
    }

    /// The loaded theme.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Render article bodies and cards once for the whole build.
    pub fn prepare(&self, site: &Site) -> Prepared {
        let html: Vec<String> = site
            .articles
            .par_iter()
            .map(|a| markdown::render(&a.body, &self.highlighter).html)
            .collect();
        let intros = site
            .issues
            .par_iter()
            .map(|i| markdown::render(&i.body, &self.highlighter).html)
            .collect();
        let cards = (0..site.articles.len())
            .into_par_iter()
            .map(|id| pages::card(site, id))
            .collect();
        Prepared {
            html,
            intros,
            cards,
            common: pages::common(site, &self.theme.words),
        }
    }

    /// Render every page of `site`.
    pub fn render(&self, site: &Site) -> Result<RenderedSite, crate::Error> {
        let t0 = Instant::now();
        let prepared = self.prepare(site);
        let prepare = t0.elapsed();
        let all = jobs::all_jobs(site);
        let (files, mut timings) = self.render_jobs(site, &prepared, &all)?;
        timings.prepare = prepare;
        Ok(RenderedSite { files, timings })
    }

    /// Render the given jobs (all errors reported together).
    pub fn render_jobs(
        &self,
        site: &Site,
        prepared: &Prepared,
        jobs: &[Job],
    ) -> Result<(Vec<OutputFile>, RenderTimings), crate::Error> {
        let t0 = Instant::now();
        type JobResult = Result<(Vec<OutputFile>, &'static str, Duration), RenderError>;
        let results: Vec<JobResult> = jobs
            .par_iter()
            .map(|job| {
                let start = Instant::now();
                let out = self.render_job(site, prepared, job)?;
                Ok((out, job.template(), start.elapsed()))
            })
            .collect();
        let mut files = Vec::new();
        let mut errors = Vec::new();
        let mut timings = RenderTimings::default();
        for r in results {
            match r {
                Ok((out, template, took)) => {
                    let e = timings
                        .per_template
                        .entry(template.to_string())
                        .or_default();
                    e.0 += took;
                    e.1 += 1;
                    files.extend(out);
                }
                Err(e) => errors.push(crate::Error::Render(e)),
            }
        }
        crate::Error::collect(errors)?;
        files.sort_by(|a, b| a.0.cmp(&b.0));
        timings.pages = t0.elapsed();
        Ok((files, timings))
    }

    // Pieces for incremental rebuilds (`serve`): recompute one part of [`Prepared`]
    // without preparing the whole site again.

    /// One Markdown text as HTML, exactly as [`Renderer::prepare`] renders bodies and intros.
    pub fn markdown_html(&self, markdown: &str) -> String {
        markdown::render(markdown, &self.highlighter).html
    }

    /// One article's summary card, exactly as [`Renderer::prepare`] builds it.
    pub fn card(&self, site: &Site, id: crate::site::ArticleId) -> Value {
        pages::card(site, id)
    }

    /// The values every page gets, exactly as [`Renderer::prepare`] builds them.
    pub fn common(&self, site: &Site) -> serde_json::Map<String, Value> {
        pages::common(site, &self.theme.words)
    }

    fn render_job(
        &self,
        site: &Site,
        p: &Prepared,
        job: &Job,
    ) -> Result<Vec<OutputFile>, RenderError> {
        match job {
            Job::Static => Ok(self.theme.static_files.clone()),
            Job::SiteFeeds => Ok(feeds::site_feeds(site, p)),
            Job::RubricFeed(t) => Ok(vec![feeds::term_feed(site, p, &site.rubrics[*t], "rubric")]),
            Job::TagFeed(t) => Ok(vec![feeds::term_feed(site, p, &site.tags[*t], "tag")]),
            Job::Sitemap => Ok(vec![feeds::sitemap(site)]),
            Job::Robots => Ok(vec![feeds::robots(site)]),
            _ => {
                let (site_path, ctx) = pages::context(site, p, job);
                let template = job.template();
                let ctx = tera::Context::from_value(Value::Object(ctx))
                    .map_err(|e| RenderError::new(e.to_string()))?;
                let mut html = self
                    .theme
                    .tera
                    .render(template, &ctx)
                    .map_err(|e| RenderError {
                        template: Some(template.to_string()),
                        page: Some(site_path.clone()),
                        message: tera_message(&e),
                    })?;
                if let Some(snippet) = &self.live_reload {
                    match html.rfind("</body>") {
                        Some(i) => html.insert_str(i, snippet),
                        None => html.push_str(snippet),
                    }
                }
                let out = if matches!(job, Job::NotFound) {
                    "404.html".to_string()
                } else {
                    output_path(&site_path)
                };
                Ok(vec![(out, html.into_bytes())])
            }
        }
    }
}

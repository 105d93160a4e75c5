//! What each command of the `bantin` binary does, returned as data.
//!
//! The binary (`src/main.rs`) parses the command line, calls one function here and prints
//! what it gets back; every decision (which seeds, which project, which warnings belong to
//! which report, when a check fails) is made here, so it is tested without the binary.

use std::path::{Path, PathBuf};

use crate::build::{ingest_project, BuildReport};
use crate::check::{CheckError, CheckReport};
use crate::config::ConfigError;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::ingest::{self, IngestError, IngestOptions, IngestReport, LineRole, Vocabulary};
use crate::project::Project;

/// The seeds a command works on: the given files or folders, or `seeds/` of the archive.
fn inputs(root: &Path, paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![root.join("seeds")]
    } else {
        paths
    }
}

/// `bantin ingest`: what to convert and where.
#[derive(Debug, Clone, Default)]
pub struct IngestRequest {
    /// The archive's root.
    pub root: PathBuf,
    /// Raw texts or folders of them (empty: `seeds/` of the archive).
    pub paths: Vec<PathBuf>,
    /// Where bulletin folders go (default: `content/` of the archive).
    pub content: Option<PathBuf>,
    /// Convert and report, but write nothing.
    pub dry_run: bool,
    /// Re-convert seeds even when they did not change since the last ingest.
    pub force: bool,
    /// The caller shows what ingest would change in files it leaves alone (needs a fresh
    /// conversion even of seeds that are up to date, so it implies `force`).
    pub diff: bool,
}

/// Run `bantin ingest`. With neither paths nor a content folder, the archive at `root` is
/// opened (its `site.yaml` must be valid) and all its seeds ingested; otherwise the given
/// seeds go into the given (or the archive's) `content/`. Seeds that fail are in the
/// report's `errors` (see [`ingest_failures`]); the others are still ingested.
pub fn ingest(req: IngestRequest) -> Result<IngestReport, Error> {
    // Re-converting never overwrites an edited file.
    let force = req.force || req.diff;
    if req.paths.is_empty() && req.content.is_none() {
        let project = Project::open(&req.root)?;
        return ingest_project(&project, req.dry_run, force);
    }
    let seeds = ingest::collect_seeds(&inputs(&req.root, req.paths))?;
    let opts = IngestOptions {
        content_dir: req.content.unwrap_or_else(|| req.root.join("content")),
        root: req.root,
        dry_run: req.dry_run,
        force,
    };
    Ok(ingest::ingest(&seeds, &opts))
}

/// The failures of an ingest run, joined (`Ok` when every seed was converted).
pub fn ingest_failures(report: IngestReport) -> Result<(), Error> {
    Error::collect(report.errors.into_iter().map(Error::from).collect())
}

/// One raw text as `bantin ingest --explain` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// The raw text.
    pub seed: PathBuf,
    /// The converter's decision for each of its non-blank lines.
    pub roles: Vec<LineRole>,
}

impl Explained {
    /// The `--json` form: `{"file": …, "lines": [{"line", "role", "article", "why", "text"}]}`
    /// (`article` 0-based, or null).
    pub fn to_json(&self) -> serde_json::Value {
        let lines: Vec<serde_json::Value> = self
            .roles
            .iter()
            .map(|r| {
                serde_json::json!({
                    "line": r.line, "role": r.role, "article": r.article,
                    "why": r.why, "text": r.text,
                })
            })
            .collect();
        serde_json::json!({"file": self.seed.display().to_string(), "lines": lines})
    }

    /// The text form: a `# file` line, then per line its number, role, article (1-based,
    /// `-` for none), why, and the first 60 characters of its text.
    pub fn to_text(&self) -> String {
        let mut text = format!("# {}\n", self.seed.display());
        for r in &self.roles {
            let art = r.article.map_or("-".to_string(), |a| (a + 1).to_string());
            let t: String = r.text.chars().take(60).collect();
            text.push_str(&format!(
                "{:>5}  {:<10} {:>3}  {:<44} {t}\n",
                r.line, r.role, art, r.why
            ));
        }
        text
    }
}

/// `bantin ingest --explain`: the seeds among `paths` (default: `seeds/` of the archive at
/// `root`), each explained when the iterator reaches it, with the vocabulary of the
/// archive (its `tags.yaml`). A missing input fails before anything is explained.
pub fn explain(
    root: &Path,
    paths: Vec<PathBuf>,
) -> Result<impl Iterator<Item = Result<Explained, Error>>, Error> {
    let (vocab, _) = Vocabulary::for_project(root);
    let seeds = ingest::collect_seeds(&inputs(root, paths))?;
    Ok(seeds.into_iter().map(move |seed| {
        let bytes = std::fs::read(&seed).map_err(|e| IngestError::io(&seed, e))?;
        let roles = ingest::explain(&seed, &bytes, &vocab)?;
        Ok(Explained { seed, roles })
    }))
}

/// Open the archive at `root` for `bantin build`, with `base_url` overriding the one of
/// `site.yaml` when given.
pub fn open_for_build(root: &Path, base_url: Option<&str>) -> Result<Project, Error> {
    let mut project = Project::open(root)?;
    if let Some(url) = base_url {
        project.config.set_base_url(url).map_err(|m| ConfigError {
            path: project.config_path(),
            line: None,
            message: m,
        })?;
    }
    Ok(project)
}

/// What `bantin build` shows besides its summary line.
#[derive(Debug)]
pub struct BuildShown<'a> {
    /// The ingest report to show in full (seeds, files left alone, its warnings), when a
    /// seed changed.
    pub ingest: Option<&'a IngestReport>,
    /// The other warnings, in order: the ingest notes when no seed changed (a broken
    /// `tags.yaml`), then the build's warnings that the ingest report does not hold.
    pub warnings: Vec<&'a Diagnostic>,
}

/// Split a build's report into what is shown: an ingest that changed nothing is not
/// listed, and no warning is shown twice.
pub fn build_shown(report: &BuildReport) -> BuildShown<'_> {
    let mut shown = BuildShown {
        ingest: None,
        warnings: Vec::new(),
    };
    if let Some(ing) = &report.ingest {
        if ing.seeds.iter().any(|s| !s.up_to_date) {
            shown.ingest = Some(ing);
        } else {
            shown.warnings.extend(&ing.notes);
        }
    }
    let from_ingest = |w: &Diagnostic| {
        report
            .ingest
            .as_ref()
            .is_some_and(|i| i.warnings().any(|x| x == w))
    };
    shown
        .warnings
        .extend(report.warnings.iter().filter(|w| !from_ingest(w)));
    shown
}

/// Run `bantin check` on the built site of the archive at `root`: `output` (default: the
/// output folder of `site.yaml`), for `base_url` (default: the one the build recorded,
/// then the one of `site.yaml`). Returns the folder checked and the report; whether its
/// problems fail the command is [`check_failed`].
pub fn check(
    root: &Path,
    output: Option<PathBuf>,
    base_url: Option<&str>,
) -> Result<(PathBuf, CheckReport), Error> {
    let project = Project::open(root)?;
    let out =
        output.unwrap_or_else(|| crate::check::default_output(&project.root, &project.config));
    let report = crate::check::check_site(&out, &project.config, base_url)?;
    Ok((out, report))
}

/// `Err` when the check found problems (the command exits non-zero).
pub fn check_failed(report: &CheckReport) -> Result<(), Error> {
    match report.problems.len() {
        0 => Ok(()),
        n => Err(CheckError::Problems(n).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::SeedReport;

    fn seed(up_to_date: bool, warning: &str) -> SeedReport {
        SeedReport {
            seed: "seeds/a.txt".into(),
            folder: "content/a".into(),
            articles: 1,
            up_to_date,
            files: Vec::new(),
            warnings: vec![Diagnostic::new(Path::new("content/a/01-x.md"), warning)],
        }
    }

    #[test]
    fn a_changed_ingest_is_shown_whole_and_its_warnings_not_twice() {
        let ing = IngestReport {
            seeds: vec![seed(false, "from ingest")],
            errors: Vec::new(),
            notes: vec![Diagnostic::new(Path::new("tags.yaml"), "note")],
        };
        let report = BuildReport {
            warnings: vec![
                Diagnostic::new(Path::new("content/a/01-x.md"), "from ingest"),
                Diagnostic::new(Path::new("content/a/02-y.md"), "from the build"),
            ],
            ingest: Some(ing),
            ..Default::default()
        };
        let shown = build_shown(&report);
        assert!(shown.ingest.is_some());
        let w: Vec<String> = shown.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(w, ["content/a/02-y.md: from the build"]);
    }

    #[test]
    fn an_unchanged_ingest_shows_only_its_notes() {
        let report = BuildReport {
            ingest: Some(IngestReport {
                seeds: vec![seed(true, "old")],
                errors: Vec::new(),
                notes: vec![Diagnostic::new(Path::new("tags.yaml"), "note")],
            }),
            ..Default::default()
        };
        let shown = build_shown(&report);
        assert!(shown.ingest.is_none());
        let w: Vec<String> = shown.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(w, ["tags.yaml: note"]);
    }

    #[test]
    fn problems_fail_the_check() {
        let mut report = CheckReport::default();
        assert!(check_failed(&report).is_ok());
        report.problems.push(crate::check::Problem {
            file: "index.html".into(),
            message: "x".into(),
        });
        let e = check_failed(&report).unwrap_err();
        assert_eq!(e.to_string(), "the built site has 1 problem (listed above)");
    }

    #[test]
    fn explain_fails_before_anything_when_an_input_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let e = explain(dir.path(), vec![dir.path().join("nope.txt")])
            .err()
            .expect("a missing seed is an error");
        assert!(matches!(e, Error::Io { .. }), "{e:?}");
    }
}

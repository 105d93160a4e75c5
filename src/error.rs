//! The crate-level error: the join of every stage's error, for the commands.
//!
//! Every stage returns its own typed error (`ConfigError`, [`ContentErrors`], `IngestError`,
//! [`RenderErrors`], `OutputError`, `InitError`, `CheckError`, …) and imports nothing from
//! here; [`Error`] joins them so a command (`build`, `serve`, the binary) can return any of
//! them, and [`Error::Many`] carries every bad file of one run so users fix them all at once
//! instead of one per build. Only the command layer (`build.rs`, `serve/`, `main.rs`) uses it.

use std::path::PathBuf;

use crate::check::CheckError;
use crate::config::ConfigError;
use crate::content::{ContentError, ContentErrors};
use crate::ingest::IngestError;
use crate::init::InitError;
use crate::output::OutputError;
use crate::render::{RenderError, RenderErrors};

/// Anything that stops a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `site.yaml` is missing or wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A content file could not be read.
    #[error(transparent)]
    Content(#[from] ContentError),
    /// A raw text could not be converted.
    #[error(transparent)]
    Ingest(IngestError),
    /// A template or page failed to render.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The search index could not be built.
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
    /// The output folder could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// An I/O failure on a named file.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// `bantin init` refused or failed.
    #[error(transparent)]
    Init(InitError),
    /// `bantin check` could not run or found problems.
    #[error(transparent)]
    Check(CheckError),
    /// Several independent failures, all reported together.
    #[error("{}:\n{}", crate::diag::count(.0.len(), "problem", "problems"), list(.0))]
    Many(Vec<Error>),
}

fn list(errors: &[Error]) -> String {
    errors
        .iter()
        .map(|e| format!("  - {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Fold several errors into one: none is `Ok`, one stays itself, more become `Many`
    /// (a `Many` among them is spread out, so the list stays flat).
    pub fn collect(errors: Vec<Error>) -> Result<(), Error> {
        let mut flat: Vec<Error> = Vec::with_capacity(errors.len());
        for e in errors {
            match e {
                Error::Many(v) => flat.extend(v),
                e => flat.push(e),
            }
        }
        match flat.len() {
            0 => Ok(()),
            1 => Err(flat.remove(0)),
            _ => Err(Error::Many(flat)),
        }
    }

    /// The individual failures (one, or each of `Many`).
    pub fn flatten(&self) -> Vec<&Error> {
        match self {
            Error::Many(v) => v.iter().flat_map(|e| e.flatten()).collect(),
            e => vec![e],
        }
    }

    fn one_or_many(errors: Vec<Error>) -> Error {
        Error::collect(errors).expect_err("a stage error holds at least one failure")
    }
}

/// A stage's I/O and write failures become the join's own [`Error::Io`] and
/// [`Error::Output`], so every command shows them the same way (the serve overlay names
/// the file of an [`Error::Io`]).
impl From<IngestError> for Error {
    fn from(e: IngestError) -> Self {
        match e {
            IngestError::Io { path, source } => Error::Io { path, source },
            IngestError::Write(o) => Error::Output(o),
            e => Error::Ingest(e),
        }
    }
}

impl From<ContentErrors> for Error {
    fn from(e: ContentErrors) -> Self {
        Error::one_or_many(e.0.into_iter().map(Error::Content).collect())
    }
}

impl From<RenderErrors> for Error {
    fn from(e: RenderErrors) -> Self {
        let pages = e.pages.into_iter().map(Error::Render);
        let writes = e.writes.into_iter().map(Error::Output);
        Error::one_or_many(pages.chain(writes).collect())
    }
}

impl From<InitError> for Error {
    fn from(e: InitError) -> Self {
        match e {
            InitError::Io { path, source } => Error::Io { path, source },
            InitError::Write(o) => Error::Output(o),
            e => Error::Init(e),
        }
    }
}

impl From<CheckError> for Error {
    fn from(e: CheckError) -> Self {
        match e {
            CheckError::Io { path, source } => Error::Io { path, source },
            CheckError::Output(o) => Error::Output(o),
            CheckError::Config(c) => Error::Config(c),
            e => Error::Check(e),
        }
    }
}

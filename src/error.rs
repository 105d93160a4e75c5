//! The crate-level error: one variant per pipeline stage, each carrying where it happened.
//!
//! Every stage has its own typed error (`ConfigError`, `ContentError`, …); [`Error`] joins
//! them so a command can return any of them, and [`Error::Many`] carries every bad file of
//! one run so users fix them all at once instead of one per build.

use std::path::PathBuf;

use crate::config::ConfigError;
use crate::content::ContentError;
use crate::ingest::IngestError;
use crate::output::OutputError;
use crate::render::RenderError;

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
    Ingest(#[from] IngestError),
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
    /// `bantin init` was pointed at a folder that is not empty.
    #[error(transparent)]
    Init(#[from] crate::init::NotEmpty),
    /// `bantin check` found this many problems (listed before).
    #[error("the built site has {} (listed above)", crate::diag::count(*.0, "problem", "problems"))]
    Check(usize),
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

    /// Fold several errors into one: none is `Ok`, one stays itself, more become `Many`.
    pub fn collect(mut errors: Vec<Error>) -> Result<(), Error> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }

    /// The individual failures (one, or each of `Many`).
    pub fn flatten(&self) -> Vec<&Error> {
        match self {
            Error::Many(v) => v.iter().flat_map(|e| e.flatten()).collect(),
            e => vec![e],
        }
    }
}

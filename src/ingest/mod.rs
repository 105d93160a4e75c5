//! Raw bulletin texts → the content model.
//!
//! Two halves with a plain-data seam between them:
//!
//! - [`convert`](fn@convert) is pure: bytes of one raw text in, a [`Converted`] bulletin (front matter,
//!   article bodies, warnings) out. It never touches the disk, so it is easy to test and
//!   fuzz.
//! - [`store`] decides which files to write under `content/`, and never overwrites a file an
//!   editor changed: it keeps a record of what ingest last wrote in each bulletin folder and
//!   compares before writing.

pub mod convert;
pub mod store;

use std::path::{Path, PathBuf};

pub use convert::{
    convert, explain, parse_vietnamese_date, Converted, ConvertedArticle, Fix, LineRole,
    Vocabulary, TAGS_FILE,
};
pub use store::{
    ingest_seed, ingest_seed_indexed, ingest_seed_with, FileAction, FileOutcome, RecordIndex,
    SeedReport,
};

use crate::diag::Diagnostic;

/// A raw text that cannot be converted, read or written.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The bytes are not text in any encoding we know.
    #[error("{}: byte {offset} is not text in UTF-8 or Windows-1258 ({message})", path.display())]
    Decode {
        /// The raw text.
        path: PathBuf,
        /// Offset of the first byte that could not be decoded.
        offset: usize,
        /// What to do.
        message: String,
    },
    /// A file ingest would write does not read back as written.
    #[error("{}: ingest would write {file}, which does not read back as written: {message}", path.display())]
    Unreadable {
        /// The raw text.
        path: PathBuf,
        /// The content file, within the bulletin folder.
        file: String,
        /// What went wrong reading it back.
        message: String,
    },
    /// The file is empty or holds only page chrome.
    #[error("{}: {message}", path.display())]
    NoContent {
        /// The raw text.
        path: PathBuf,
        /// What was found and what to do.
        message: String,
    },
    /// A seed or folder could not be read, or a content file removed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A content file or ingest record could not be written.
    #[error(transparent)]
    Write(#[from] crate::output::OutputError),
}

impl IngestError {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        IngestError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// How to run an ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Where bulletin folders go (`content/`).
    pub content_dir: PathBuf,
    /// Seed paths are recorded relative to this folder (the project root).
    pub root: PathBuf,
    /// Convert and compare, but write nothing.
    pub dry_run: bool,
    /// Re-convert even when the seed and converter are unchanged since the last ingest.
    pub force: bool,
}

/// What an ingest did, seed by seed.
#[derive(Debug, Default)]
pub struct IngestReport {
    /// One entry per seed, in the order given.
    pub seeds: Vec<SeedReport>,
    /// Seeds that could not be converted.
    pub errors: Vec<IngestError>,
    /// Warnings about the run as a whole (a broken `tags.yaml`).
    pub notes: Vec<Diagnostic>,
}

impl IngestReport {
    /// Every warning of every seed.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.notes
            .iter()
            .chain(self.seeds.iter().flat_map(|s| s.warnings.iter()))
    }
}

/// The raw texts among `inputs` (files, or folders whose `*.txt` files are taken), sorted.
pub fn collect_seeds(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut out = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| IngestError::io(input, e))?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .min_depth(1)
                .max_depth(1)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .map(|e| e.into_path())
                .filter(|p| is_seed_file(p))
                .collect();
            out.append(&mut found);
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

/// Raw texts are `.txt` files that are not hidden.
pub fn is_seed_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !name.starts_with('.')
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        && path.is_file()
}

/// Ingest every seed in `seeds`; one bad seed does not stop the others.
pub fn ingest(seeds: &[PathBuf], opts: &IngestOptions) -> IngestReport {
    let mut report = IngestReport::default();
    let mut claimed = std::collections::BTreeSet::new();
    let (vocab, note) = Vocabulary::for_project(&opts.root);
    report.notes.extend(note);
    let mut index = RecordIndex::load(&opts.content_dir);
    for seed in seeds {
        match ingest_seed_indexed(seed, opts, &mut claimed, &vocab, &mut index) {
            Ok(r) => report.seeds.push(r),
            Err(e) => report.errors.push(e),
        }
    }
    report
}

/// A unified diff from `current` (the file as it is) to `proposed` (what ingest would write).
pub fn unified_diff(path: &Path, current: &str, proposed: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(current, proposed)
        .unified_diff()
        .context_radius(2)
        .header(&format!("{name} (yours)"), &format!("{name} (ingest)"))
        .to_string()
}

//! Writing converted bulletins into `content/` without ever losing an editor's change.
//!
//! Each bulletin folder holds a record (`.ingest-record.json`) of the seed it came from and
//! a hash of every file ingest wrote there. Before writing a file again, ingest compares:
//!
//! - the file is missing and was never written → create it;
//! - the file still has the bytes ingest wrote last time → safe to update;
//! - anything else (edited, or deleted, by someone) → leave it alone and say so.
//!
//! When neither the seed nor the converter changed since the last run, the seed is skipped
//! without converting it at all, which keeps `build` fast on a large archive.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{convert, Converted, IngestOptions, Vocabulary};
use crate::content::{self, INDEX_FILE};
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::output::write_atomic;
use crate::slug::{slugify, SlugRegistry};

/// Name of the record file in each bulletin folder.
pub const RECORD_FILE: &str = ".ingest-record.json";

/// Changes whenever the converter's output for the same input may change, so that
/// unedited files are refreshed by the next ingest.
/// The record also holds fingerprints of the converter's source and of the tag vocabulary,
/// so a new converter or an edited `tags.yaml` refreshes unedited articles.
pub const CONVERTER_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "/", "2");

#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    seed: String,
    seed_hash: String,
    converter: String,
    files: BTreeMap<String, String>,
}

/// What happened to one content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAction {
    /// Written for the first time.
    Created,
    /// Rewritten: ingest wrote it before and nobody changed it since.
    Updated,
    /// Already had exactly the bytes ingest would write.
    Unchanged,
    /// Left alone: someone edited it since ingest wrote it.
    KeptEdited,
    /// Not re-created: someone deleted it after ingest wrote it.
    KeptDeleted,
    /// Left alone: the file exists but ingest never wrote it.
    KeptForeign,
    /// Removed: ingest wrote it, nobody changed it, and the seed no longer yields it.
    Removed,
}

impl FileAction {
    /// Whether the editor's version was kept instead of ingest's.
    pub fn is_kept(self) -> bool {
        matches!(
            self,
            FileAction::KeptEdited | FileAction::KeptDeleted | FileAction::KeptForeign
        )
    }
}

/// One content file and what ingest did (or, in a dry run, would do) with it.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    /// The content file.
    pub path: PathBuf,
    /// What was done.
    pub action: FileAction,
    /// For kept files: what ingest would have written (for `--diff`).
    pub proposed: Option<String>,
    /// For kept files: what is there now.
    pub current: Option<String>,
}

/// What ingest did with one seed.
#[derive(Debug, Clone)]
pub struct SeedReport {
    /// The raw text.
    pub seed: PathBuf,
    /// Its bulletin folder under `content/`.
    pub folder: PathBuf,
    /// Articles found (0 when the seed was skipped as unchanged).
    pub articles: usize,
    /// True when seed and converter were unchanged, so nothing was converted.
    pub up_to_date: bool,
    /// Every file considered.
    pub files: Vec<FileOutcome>,
    /// Warnings from conversion (file and line of the seed).
    pub warnings: Vec<Diagnostic>,
}

/// A stable 64-bit FNV-1a hash, hex encoded (used only to notice changes).
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn seed_label(seed: &Path, root: &Path) -> String {
    let rel = seed.strip_prefix(root).unwrap_or(seed);
    rel.to_string_lossy().replace('\\', "/")
}

fn read_record(folder: &Path) -> Option<Record> {
    let text = std::fs::read_to_string(folder.join(RECORD_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

/// The bulletin folder that already holds `label`'s output, if any.
fn find_folder(content_dir: &Path, label: &str) -> Option<(PathBuf, Record)> {
    let entries = std::fs::read_dir(content_dir).ok()?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter().find_map(|d| {
        let r = read_record(&d)?;
        (r.seed == label).then_some((d, r))
    })
}

fn new_folder(
    content_dir: &Path,
    title: &str,
    label: &str,
    claimed: &BTreeSet<PathBuf>,
) -> PathBuf {
    let mut base = slugify(title);
    if base.is_empty() {
        base = slugify(
            Path::new(label)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("ban-tin"),
        );
    }
    let mut candidate = content_dir.join(&base);
    let mut n = 2;
    while candidate.exists() || claimed.contains(&candidate) {
        candidate = content_dir.join(format!("{base}-{n}"));
        n += 1;
    }
    candidate
}

/// The files a converted bulletin becomes: `_index.md` then `NN-<slug>.md` in order.
pub fn planned_files(converted: &Converted) -> Result<Vec<(String, String)>, Error> {
    let yaml_err =
        |e: crate::yaml::YamlError| Error::io("<front matter>", std::io::Error::other(e.message));
    let mut files = vec![(
        INDEX_FILE.to_string(),
        content::to_file_text(&converted.bulletin, &converted.intro).map_err(yaml_err)?,
    )];
    let width = if converted.articles.len() >= 100 {
        3
    } else {
        2
    };
    let mut slugs = SlugRegistry::new();
    for (i, a) in converted.articles.iter().enumerate() {
        let base = slugify(&a.meta.title);
        let base = if base.is_empty() {
            "bai".to_string()
        } else {
            base
        };
        // Distinct articles may share a title; the registry keys on position, not title.
        let slug = slugs.assign_with_base(&format!("{i}"), &base);
        let name = format!("{:0width$}-{slug}.md", i + 1);
        files.push((
            name,
            content::to_file_text(&a.meta, &a.body).map_err(yaml_err)?,
        ));
    }
    Ok(files)
}

/// Convert one seed and bring its bulletin folder up to date, with the project's tag
/// vocabulary (built-in terms plus `tags.yaml` at `opts.root`).
///
/// `claimed` holds the folders already chosen in this run, so two new seeds with the same
/// title get distinct folders.
pub fn ingest_seed(
    seed: &Path,
    opts: &IngestOptions,
    claimed: &mut BTreeSet<PathBuf>,
) -> Result<SeedReport, Error> {
    let (vocab, _) = Vocabulary::for_project(&opts.root);
    ingest_seed_with(seed, opts, claimed, &vocab)
}

/// [`ingest_seed`] with a vocabulary loaded once for many seeds.
pub fn ingest_seed_with(
    seed: &Path,
    opts: &IngestOptions,
    claimed: &mut BTreeSet<PathBuf>,
    vocab: &Vocabulary,
) -> Result<SeedReport, Error> {
    let converter = format!(
        "{CONVERTER_VERSION}+{:016x}+{}",
        super::convert::source_fingerprint(),
        vocab.fingerprint()
    );
    let bytes = std::fs::read(seed).map_err(|e| Error::io(seed, e))?;
    let label = seed_label(seed, &opts.root);
    let seed_hash = content_hash(&bytes);
    let existing = find_folder(&opts.content_dir, &label);

    if let Some((folder, record)) = &existing {
        if !opts.force && record.seed_hash == seed_hash && record.converter == converter {
            claimed.insert(folder.clone());
            return Ok(SeedReport {
                seed: seed.to_path_buf(),
                folder: folder.clone(),
                articles: record.files.len().saturating_sub(1),
                up_to_date: true,
                files: Vec::new(),
                warnings: Vec::new(),
            });
        }
    }

    let converted = convert(&label, seed, &bytes, vocab)?;
    let (folder, old) = match existing {
        Some((f, r)) => (f, r),
        None => (
            new_folder(
                &opts.content_dir,
                &converted.bulletin.title,
                &label,
                claimed,
            ),
            Record::default(),
        ),
    };
    claimed.insert(folder.clone());

    let planned = planned_files(&converted)?;
    let mut record = Record {
        seed: label,
        seed_hash,
        converter,
        files: BTreeMap::new(),
    };
    let mut outcomes = Vec::new();
    for (name, text) in &planned {
        let path = folder.join(name);
        let (action, current) = decide(&path, old.files.get(name), text);
        let writes = matches!(action, FileAction::Created | FileAction::Updated);
        if writes && !opts.dry_run {
            write_atomic(&path, text.as_bytes()).map_err(Error::from)?;
        }
        let recorded = if action.is_kept() && action != FileAction::KeptForeign {
            old.files.get(name).cloned()
        } else if action == FileAction::KeptForeign {
            None
        } else {
            Some(content_hash(text.as_bytes()))
        };
        if let Some(h) = recorded {
            record.files.insert(name.clone(), h);
        }
        let kept = action.is_kept();
        outcomes.push(FileOutcome {
            path,
            action,
            proposed: kept.then(|| text.clone()),
            current: if kept { current } else { None },
        });
    }
    // Files ingest wrote before that this conversion no longer produces.
    for (name, hash) in &old.files {
        if planned.iter().any(|(n, _)| n == name) {
            continue;
        }
        let path = folder.join(name);
        match std::fs::read(&path) {
            Ok(cur) if &content_hash(&cur) == hash => {
                if !opts.dry_run {
                    std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
                }
                outcomes.push(FileOutcome {
                    path,
                    action: FileAction::Removed,
                    proposed: None,
                    current: None,
                });
            }
            Ok(cur) => {
                record.files.insert(name.clone(), hash.clone());
                outcomes.push(FileOutcome {
                    path,
                    action: FileAction::KeptEdited,
                    proposed: None,
                    current: Some(String::from_utf8_lossy(&cur).into_owned()),
                });
            }
            Err(_) => {}
        }
    }
    if !opts.dry_run {
        let json = serde_json::to_string_pretty(&record).expect("record serializes") + "\n";
        write_atomic(&folder.join(RECORD_FILE), json.as_bytes()).map_err(Error::from)?;
    }
    Ok(SeedReport {
        seed: seed.to_path_buf(),
        folder,
        articles: converted.articles.len(),
        up_to_date: false,
        files: outcomes,
        warnings: converted.warnings,
    })
}

fn decide(path: &Path, recorded: Option<&String>, desired: &str) -> (FileAction, Option<String>) {
    match std::fs::read(path) {
        Err(_) if recorded.is_some() => (FileAction::KeptDeleted, None),
        Err(_) => (FileAction::Created, None),
        Ok(cur) if cur == desired.as_bytes() => (FileAction::Unchanged, None),
        Ok(cur) => {
            let text = String::from_utf8_lossy(&cur).into_owned();
            match recorded {
                Some(h) if *h == content_hash(&cur) => (FileAction::Updated, None),
                Some(_) => (FileAction::KeptEdited, Some(text)),
                None => (FileAction::KeptForeign, Some(text)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable() {
        assert_eq!(content_hash(b""), "cbf29ce484222325");
        assert_eq!(content_hash(b"a"), "af63dc4c8601ec8c");
    }
}

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

use super::IngestError;
use super::{convert, Converted, Fix, IngestOptions, Vocabulary};
use crate::content::{self, INDEX_FILE};
use crate::diag::Diagnostic;
use crate::output::write_atomic;
use crate::slug::{slugify, SlugRegistry};

/// Name of the record file in each bulletin folder.
pub const RECORD_FILE: &str = ".ingest-record.json";

/// Changes whenever the converter's output for the same input may change, so that
/// unedited files are refreshed by the next ingest.
/// The record also holds fingerprints of the converter's source and of the tag vocabulary,
/// so a new converter or an edited `tags.yaml` refreshes unedited articles.
pub const CONVERTER_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "/", "2");

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
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
    // Compare resolved paths, so `seeds/a.txt`, `./seeds/a.txt` and `/abs/…/seeds/a.txt`
    // are one seed.
    let seed_abs = std::fs::canonicalize(seed).unwrap_or_else(|_| seed.to_path_buf());
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let rel = seed_abs
        .strip_prefix(&root_abs)
        .or_else(|_| seed.strip_prefix(root))
        .unwrap_or(seed);
    rel.to_string_lossy().replace('\\', "/")
}

/// Written before a seed's files, removed once its record is: what ingest is about to
/// write. A run that stops in between (killed, a failed write) leaves it behind.
pub const PENDING_FILE: &str = ".ingest-pending.json";

fn parse_record(path: &Path) -> Option<Record> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// A folder's record, completed with an interrupted run's pending one: a file whose bytes
/// are what that run meant to write is ingest's, not an editor's. The converter field is
/// cleared so the next run finishes the job instead of skipping the seed.
fn read_record(folder: &Path) -> Option<Record> {
    let main = parse_record(&folder.join(RECORD_FILE));
    let Some(pending) = parse_record(&folder.join(PENDING_FILE)) else {
        return main;
    };
    let mut r = main.unwrap_or_else(|| Record {
        seed: pending.seed.clone(),
        seed_hash: pending.seed_hash.clone(),
        ..Record::default()
    });
    for (name, hash) in pending.files {
        if std::fs::read(folder.join(&name)).is_ok_and(|b| content_hash(&b) == hash) {
            r.files.insert(name, hash);
        }
    }
    r.converter.clear();
    Some(r)
}

/// The seed a folder without a record came from, as its files say: `source:` of its
/// `_index.md`, or else `source.file` of its first article.
fn folder_source(dir: &Path) -> Option<String> {
    let index = dir.join(INDEX_FILE);
    if let Ok(text) = std::fs::read_to_string(&index) {
        if let Some(src) = content::parse_bulletin_index(&index, &text)
            .ok()
            .and_then(|(m, _)| m.source)
        {
            return Some(src);
        }
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with(INDEX_FILE))
        .collect();
    files.sort();
    files.iter().find_map(|f| {
        let text = std::fs::read_to_string(f).ok()?;
        content::parse_article(f, &text)
            .ok()?
            .meta
            .source
            .map(|s| s.file)
    })
}

/// Every bulletin folder's record, read once per run (so ingest of N seeds reads N
/// records, not N²), and the folders that have none, for finding a seed by identity.
#[derive(Debug, Default)]
pub struct RecordIndex {
    by_seed: BTreeMap<String, PathBuf>,
    by_hash: BTreeMap<String, Vec<PathBuf>>,
    records: BTreeMap<PathBuf, Record>,
    /// Folders without a (readable) record: `source:` of their `_index.md`, read lazily.
    unrecorded: Vec<PathBuf>,
    unrecorded_sources: Option<BTreeMap<String, PathBuf>>,
}

impl RecordIndex {
    /// Read the records of every folder in `content_dir`.
    pub fn load(content_dir: &Path) -> RecordIndex {
        let mut index = RecordIndex::default();
        let Ok(entries) = std::fs::read_dir(content_dir) else {
            return index;
        };
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for d in dirs {
            match read_record(&d) {
                Some(r) => index.insert(d, r),
                None => index.unrecorded.push(d),
            }
        }
        index
    }

    fn insert(&mut self, folder: PathBuf, r: Record) {
        self.by_seed.entry(r.seed.clone()).or_insert(folder.clone());
        self.by_hash
            .entry(r.seed_hash.clone())
            .or_default()
            .push(folder.clone());
        self.records.insert(folder, r);
    }

    /// The folder that holds the output of the seed `label` with content hash `hash`:
    /// by its name first; else a folder made from the same bytes whose seed is gone
    /// (renamed or moved); else a folder without a record whose `_index.md` names the
    /// seed (record lost, or ingest killed before writing it).
    fn find(&mut self, label: &str, hash: &str, root: &Path) -> Option<(PathBuf, Record)> {
        if let Some(f) = self.by_seed.get(label) {
            let r = self.records.get(f)?;
            return Some((f.clone(), r.clone()));
        }
        if let Some(folders) = self.by_hash.get(hash) {
            for f in folders {
                let r = &self.records[f];
                if !root.join(&r.seed).exists() {
                    return Some((f.clone(), r.clone()));
                }
            }
        }
        let sources = self.unrecorded_sources.get_or_insert_with(|| {
            self.unrecorded
                .iter()
                .filter_map(|d| Some((folder_source(d)?, d.clone())))
                .collect()
        });
        sources.get(label).map(|d| (d.clone(), Record::default()))
    }

    /// Note what was written for a seed, so later seeds of the run see it.
    fn update(&mut self, folder: &Path, r: &Record) {
        if let Some(old) = self.records.get(folder) {
            let old_seed = old.seed.clone();
            if self.by_seed.get(&old_seed).map(PathBuf::as_path) == Some(folder) {
                self.by_seed.remove(&old_seed);
            }
        }
        if let Some(src) = self.unrecorded_sources.as_mut() {
            src.retain(|_, d| d != folder);
        }
        self.insert(folder.to_path_buf(), r.clone());
    }
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
///
/// Every file is read back as `build` reads it before anything is written, and must give
/// the same values; a file that would not is an error naming the seed. An empty title
/// (a seed with no text to take one from) is replaced by a placeholder marked
/// `title_inferred`, since `build` refuses empty titles.
pub fn planned_files(converted: &Converted) -> Result<Vec<(String, String)>, IngestError> {
    let seed = PathBuf::from(converted.bulletin.source.clone().unwrap_or_default());
    let fail = |file: &str, message: String| IngestError::Unreadable {
        path: seed.clone(),
        file: file.to_string(),
        message,
    };
    let yaml_err = |file: &str, e: crate::yaml::YamlError| fail(file, e.message);
    let mut bulletin = converted.bulletin.clone();
    if bulletin.title.trim().is_empty() {
        let stem = seed
            .file_stem()
            .and_then(|s| s.to_str())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or("không tên");
        bulletin.title = format!("Bản tin {stem}");
        bulletin.title_inferred = true;
    }
    let index_text =
        content::to_file_text(&bulletin, &converted.intro).map_err(|e| yaml_err(INDEX_FILE, e))?;
    match content::parse_bulletin_index(Path::new(INDEX_FILE), &index_text) {
        Ok((meta, body)) if meta == bulletin && same_body(&body, &converted.intro) => {}
        Ok(_) => return Err(fail(INDEX_FILE, "it reads back with other values".into())),
        Err(e) => return Err(fail(INDEX_FILE, e.to_string())),
    }
    let mut files = vec![(INDEX_FILE.to_string(), index_text)];
    let width = if converted.articles.len() >= 100 {
        3
    } else {
        2
    };
    let mut slugs = SlugRegistry::new();
    for (i, a) in converted.articles.iter().enumerate() {
        let mut meta = a.meta.clone();
        if meta.title.trim().is_empty() {
            meta.title = format!("Bài {}", i + 1);
            meta.title_inferred = true;
        }
        let base = slugify(&meta.title);
        let base = if base.is_empty() {
            "bai".to_string()
        } else {
            base
        };
        // Distinct articles may share a title; the registry keys on position, not title.
        let slug = slugs.assign_with_base(&format!("{i}"), &base);
        let name = format!("{:0width$}-{slug}.md", i + 1);
        let text = content::to_file_text(&meta, &a.body).map_err(|e| yaml_err(&name, e))?;
        match content::parse_article(Path::new(&name), &text) {
            Ok(back) if back.meta == meta && same_body(&back.body, &a.body) => {}
            Ok(_) => return Err(fail(&name, "it reads back with other values".into())),
            Err(e) => return Err(fail(&name, e.to_string())),
        }
        files.push((name, text));
    }
    Ok(files)
}

/// Whether a body read back is the one written ([`content::to_file_text`] trims blank
/// lines around it).
fn same_body(read: &str, written: &str) -> bool {
    read.trim_matches('\n') == written.trim_matches('\n')
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
) -> Result<SeedReport, IngestError> {
    let (vocab, _) = Vocabulary::for_project(&opts.root);
    ingest_seed_with(seed, opts, claimed, &vocab)
}

/// [`ingest_seed`] with a vocabulary loaded once for many seeds.
pub fn ingest_seed_with(
    seed: &Path,
    opts: &IngestOptions,
    claimed: &mut BTreeSet<PathBuf>,
    vocab: &Vocabulary,
) -> Result<SeedReport, IngestError> {
    let mut index = RecordIndex::load(&opts.content_dir);
    ingest_seed_indexed(seed, opts, claimed, vocab, &mut index)
}

/// [`ingest_seed_with`] with the records read once for many seeds.
pub fn ingest_seed_indexed(
    seed: &Path,
    opts: &IngestOptions,
    claimed: &mut BTreeSet<PathBuf>,
    vocab: &Vocabulary,
    index: &mut RecordIndex,
) -> Result<SeedReport, IngestError> {
    let converter = format!(
        "{CONVERTER_VERSION}+{:016x}+{}",
        super::convert::source_fingerprint(),
        vocab.fingerprint()
    );
    let bytes = std::fs::read(seed).map_err(|e| IngestError::io(seed, e))?;
    let label = seed_label(seed, &opts.root);
    let seed_hash = content_hash(&bytes);
    let existing = index.find(&label, &seed_hash, &opts.root);

    if let Some((folder, record)) = &existing {
        if !opts.force
            && record.seed == label
            && record.seed_hash == seed_hash
            && record.converter == converter
        {
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

    let planned = keep_names(planned_files(&converted)?, &old.files);
    let mut record = Record {
        seed: label,
        seed_hash,
        converter,
        files: BTreeMap::new(),
    };
    if !opts.dry_run {
        // What this run is about to write, so an interrupted run is recognised.
        let pending = Record {
            files: planned
                .iter()
                .map(|(n, t)| (n.clone(), content_hash(t.as_bytes())))
                .collect(),
            ..record.clone()
        };
        let json = serde_json::to_string_pretty(&pending).expect("record serializes") + "\n";
        write_atomic(&folder.join(PENDING_FILE), json.as_bytes()).map_err(IngestError::from)?;
    }
    let mut outcomes = Vec::new();
    for (name, text) in &planned {
        let path = folder.join(name);
        let (action, current) = decide(&path, old.files.get(name), text);
        let writes = matches!(action, FileAction::Created | FileAction::Updated);
        if writes && !opts.dry_run {
            write_atomic(&path, text.as_bytes()).map_err(IngestError::from)?;
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
                    std::fs::remove_file(&path).map_err(|e| IngestError::io(&path, e))?;
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
        write_atomic(&folder.join(RECORD_FILE), json.as_bytes()).map_err(IngestError::from)?;
        let _ = std::fs::remove_file(folder.join(PENDING_FILE));
        index.update(&folder, &record);
    }
    let warnings = name_files(converted.warnings, &converted.fixes, &folder, &planned);
    Ok(SeedReport {
        seed: seed.to_path_buf(),
        folder,
        articles: converted.articles.len(),
        up_to_date: false,
        files: outcomes,
        warnings,
    })
}

/// The advice of warnings about one content file names that file (`planned` is
/// `_index.md`, then the articles in order).
fn name_files(
    mut warnings: Vec<Diagnostic>,
    fixes: &[Fix],
    folder: &Path,
    planned: &[(String, String)],
) -> Vec<Diagnostic> {
    for f in fixes {
        let file = match f.article {
            Some(k) => planned.get(k + 1),
            None => planned.first(),
        };
        if let (Some(w), Some((name, _))) = (warnings.get_mut(f.warning), file) {
            w.hint = Some(f.hint(&folder.join(name).display().to_string()));
        }
    }
    warnings
}

/// `NN-` of `NN-slug.md`, and the slug.
fn split_name(name: &str) -> Option<(&str, &str)> {
    let stem = name.strip_suffix(".md")?;
    let (n, slug) = stem.split_once('-')?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some((n, slug))
}

/// Keep the file name ingest used before for an article whose title (so slug) changed in
/// the seed: the file at the same position, whose slug no article has now, is that
/// article. Its URL stays, an unedited file is updated in place, and an edited one is
/// kept with nothing written beside it.
fn keep_names(
    planned: Vec<(String, String)>,
    old: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let planned_slugs: BTreeSet<String> = planned
        .iter()
        .filter_map(|(n, _)| split_name(n).map(|(_, s)| s.to_string()))
        .collect();
    let old_by_number: BTreeMap<&str, &str> = old
        .keys()
        .filter_map(|n| split_name(n).map(|(num, _)| (num, n.as_str())))
        .collect();
    planned
        .into_iter()
        .map(|(name, text)| {
            if old.contains_key(&name) {
                return (name, text);
            }
            let reuse = split_name(&name)
                .and_then(|(num, _)| old_by_number.get(num))
                .filter(|o| split_name(o).is_some_and(|(_, s)| !planned_slugs.contains(s)));
            match reuse {
                Some(o) => (o.to_string(), text),
                None => (name, text),
            }
        })
        .collect()
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

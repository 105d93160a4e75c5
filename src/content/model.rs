//! The content model: what `ingest` writes and `build` reads.
//!
//! Field names are fixed by the spec (other tools read them). Serialization order is the
//! declaration order, so files written by `ingest` are stable byte for byte.

use std::collections::BTreeMap;
use std::io::{Read, Seek};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::date::Date;

/// Front matter of `content/<bulletin>/_index.md`: the source as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulletinMeta {
    /// The bulletin's title (`Bản tin Khoa học và Phát triển số 03 năm 2022`).
    #[serde(deserialize_with = "non_null_title")]
    pub title: String,
    /// The series it belongs to, without the number (`Bản tin Khoa học và Phát triển`).
    #[serde(default)]
    pub series: Option<String>,
    /// The issue number within the series.
    #[serde(default)]
    pub issue: Option<u32>,
    /// The issue's year.
    #[serde(default)]
    pub year: Option<i32>,
    /// Publication date.
    #[serde(default)]
    pub date: Option<Date>,
    /// Who published it, when the page says.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Path of the seed it came from (relative to the project root).
    #[serde(default)]
    pub source: Option<String>,
    /// Set when `title` was inferred because the source had none.
    #[serde(default, skip_serializing_if = "is_false")]
    pub title_inferred: bool,
    /// Set when `date` was estimated because the source had none.
    #[serde(default, skip_serializing_if = "is_false")]
    pub date_estimated: bool,
    /// Fields bantin does not know; kept and passed to templates (read from front matter,
    /// not written back: ingest never produces them).
    #[serde(skip)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Where in the seed an article came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The seed's path.
    pub file: String,
    /// `"first-last"` line range (1-based, inclusive).
    #[serde(default)]
    pub lines: Option<String>,
}

/// Front matter of one article file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleMeta {
    /// The article's title.
    #[serde(deserialize_with = "non_null_title")]
    pub title: String,
    /// Publication date; when absent, the bulletin's date is used.
    #[serde(default)]
    pub date: Option<Date>,
    /// The rubric, in sentence case (`Những vấn đề chung`).
    #[serde(default)]
    pub section: Option<String>,
    /// Names taken from the byline.
    #[serde(default)]
    pub authors: Vec<String>,
    /// The byline as printed.
    #[serde(default)]
    pub byline: Option<String>,
    /// Places and topics, in canonical spelling.
    #[serde(default)]
    pub tags: Vec<String>,
    /// One or two sentences for lists and feeds.
    #[serde(default)]
    pub summary: Option<String>,
    /// Photo captions, in order.
    #[serde(default)]
    pub captions: Vec<String>,
    /// Order within the issue.
    #[serde(default)]
    pub weight: u32,
    /// Where in the seed it came from.
    #[serde(default)]
    pub source: Option<SourceRef>,
    /// Set when `title` was inferred because the source had none.
    #[serde(default, skip_serializing_if = "is_false")]
    pub title_inferred: bool,
    /// Set when `date` was estimated because the source had none.
    #[serde(default, skip_serializing_if = "is_false")]
    pub date_estimated: bool,
    /// Fields bantin does not know; kept and passed to templates (read from front matter,
    /// not written back: ingest never produces them).
    #[serde(skip)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A title that must be given: `title: null`, `title: ~` or `title:` is an error rather
/// than the text "null" or an empty title.
fn non_null_title<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Option::<String>::deserialize(d)?.ok_or_else(|| {
        serde::de::Error::custom(
            "title: is null or empty; write the text (quote it to publish `null`)",
        )
    })
}

/// Front matter whose unknown fields are kept in an `extra` map.
pub(crate) trait WithExtra {
    /// Field names the struct itself holds.
    const KNOWN: &'static [&'static str];
    /// Where unknown fields go.
    fn extra_mut(&mut self) -> &mut BTreeMap<String, serde_json::Value>;
}

impl WithExtra for BulletinMeta {
    const KNOWN: &'static [&'static str] = &[
        "title",
        "series",
        "issue",
        "year",
        "date",
        "publisher",
        "source",
        "title_inferred",
        "date_estimated",
    ];
    fn extra_mut(&mut self) -> &mut BTreeMap<String, serde_json::Value> {
        &mut self.extra
    }
}

impl WithExtra for ArticleMeta {
    const KNOWN: &'static [&'static str] = &[
        "title",
        "date",
        "section",
        "authors",
        "byline",
        "tags",
        "summary",
        "captions",
        "weight",
        "source",
        "title_inferred",
        "date_estimated",
    ];
    fn extra_mut(&mut self) -> &mut BTreeMap<String, serde_json::Value> {
        &mut self.extra
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A bulletin as read from `content/`: its front matter, intro text and articles.
#[derive(Debug, Clone, PartialEq)]
pub struct Bulletin {
    /// The folder name under `content/` (also its URL slug).
    pub slug: String,
    /// Path of its `_index.md`.
    pub path: PathBuf,
    /// Front matter of `_index.md`.
    pub meta: BulletinMeta,
    /// Markdown body of `_index.md` (an introduction; often empty).
    pub body: String,
    /// Its articles, sorted by weight then file name.
    pub articles: Vec<Article>,
}

/// An article as read from `content/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Path of the Markdown file.
    pub path: PathBuf,
    /// The file stem without its `NN-` order prefix (the base of its URL slug).
    pub file_slug: String,
    /// Front matter.
    pub meta: ArticleMeta,
    /// Markdown body (empty when it was left in its file: see `body_in_file`).
    pub body: String,
    /// Where the body is in its file, when it was not kept in memory
    /// ([`super::Bodies::InFiles`]).
    pub body_in_file: Option<BodyInFile>,
}

/// Where an article's body is in its file: everything from byte `start` on, `len` bytes,
/// with a hash of them. Building a large archive keeps only this in memory and reads the
/// body again when its page is rendered; the hash makes sure the body read then is the one
/// that was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyInFile {
    /// Byte offset of the body in the file.
    pub start: usize,
    /// Length of the body in bytes (the rest of the file).
    pub len: usize,
    /// Hash of the body's bytes.
    pub hash: u64,
}

impl BodyInFile {
    /// Where `body`, the end of `text`, is in it.
    pub fn of(text: &str, body: &str) -> BodyInFile {
        BodyInFile {
            start: text.len() - body.len(),
            len: body.len(),
            hash: body_hash(body.as_bytes()),
        }
    }

    /// Read the body from `path` again. A file changed since it was loaded is an error:
    /// the page would no longer agree with the lists and feeds made from the first read.
    pub fn read(&self, path: &std::path::Path) -> Result<String, super::ContentError> {
        let changed = || super::ContentError {
            hint: Some("it was edited during the build; build again".into()),
            ..super::ContentError::new(path, "the file changed while the site was being built")
        };
        let io = |e: std::io::Error| super::ContentError::io(path, &e);
        // Only the body is read, into a buffer of its size: one allocation per re-read,
        // not one for the file and one for the body copied out of it.
        let mut file = std::fs::File::open(path).map_err(io)?;
        if file.metadata().map_err(io)?.len() != (self.start + self.len) as u64 {
            return Err(changed());
        }
        file.seek(std::io::SeekFrom::Start(self.start as u64))
            .map_err(io)?;
        let mut body = Vec::with_capacity(self.len);
        // One byte more than expected is asked for, so a file grown since the size check
        // is caught here rather than read short.
        (&mut file)
            .take(self.len as u64 + 1)
            .read_to_end(&mut body)
            .map_err(io)?;
        if body.len() != self.len || body_hash(&body) != self.hash {
            return Err(changed());
        }
        super::utf8_string(body).map_err(|_| changed())
    }
}

/// XXH3: the body is hashed at load and again at each re-read (twice per article in a
/// build, for its page and its search record); SipHash there was ~1.4 % of a build's CPU.
/// A check against edits during a build needs no keyed hash.
fn body_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

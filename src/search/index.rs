//! The index files of a list of [`Record`]s (layout: the [module docs](super)).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::code;
use super::{fold, Record, SearchError, DIR};

/// A word is in an article's title.
pub const TITLE: u8 = 1;
/// A word is in the issue, rubric, tags or authors of an article.
pub const ABOUT: u8 = 2;
/// A word is in an article's body or captions.
pub const BODY: u8 = 4;

/// Articles per file of `docs/`.
pub const CHUNK: usize = 8;
/// Characters of an article's text kept for excerpts and phrase checks.
pub const TEXT_CHARS: usize = 320;
/// A shard larger than this (bytes) is split by one more character of its words.
pub const SHARD_BYTES: usize = 48 * 1024;
/// Toned forms of one word told apart (the most frequent; the rest rank as inexact).
const MAX_FORMS: usize = 30;
/// Articles tokenized by one task.
const BATCH: usize = 256;

/// A quick hash for the words of the index (no untrusted-input concern: the site's own
/// text, and iteration order never reaches the output).
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            h = (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        self.0 = h;
    }
}

type Words<V> = HashMap<String, V, std::hash::BuildHasherDefault<WordHasher>>;

/// Toned forms and their postings: `article << 3 | fields`, by article.
#[derive(Default)]
struct Vocab {
    forms: Vec<String>,
    postings: Vec<Vec<u32>>,
}

/// The toned forms of a run of articles (`first` is the id of the first).
fn tokenize(first: u32, records: &[Record]) -> Vocab {
    let mut ids: Words<u32> = Words::default();
    let mut v = Vocab::default();
    let mut buf = String::new();
    for (i, r) in records.iter().enumerate() {
        let doc = first + i as u32;
        let mut add = |text: &str, field: u8| {
            fold::each_word(text, &mut buf, |w| {
                let id = match ids.get(w) {
                    Some(&id) => id,
                    None => {
                        let id = v.forms.len() as u32;
                        ids.insert(w.to_string(), id);
                        v.forms.push(w.to_string());
                        v.postings.push(Vec::new());
                        id
                    }
                };
                let list = &mut v.postings[id as usize];
                match list.last_mut() {
                    Some(last) if *last >> 3 == doc => *last |= u32::from(field),
                    _ => list.push(doc << 3 | u32::from(field)),
                }
            });
        };
        add(&r.title, TITLE);
        add(&r.issue, ABOUT);
        for s in r.rubric.iter().chain(&r.tags).chain(&r.authors) {
            add(s, ABOUT);
        }
        add(&r.body, BODY);
        for c in &r.captions {
            add(c, BODY);
        }
    }
    v
}

/// Every toned form of `records` with its postings (in article order).
fn vocabulary(records: &[Record]) -> Vocab {
    let parts: Vec<Vocab> = records
        .par_chunks(BATCH)
        .enumerate()
        .map(|(k, rs)| tokenize((k * BATCH) as u32, rs))
        .collect();
    let mut ids: Words<u32> = Words::default();
    let mut all = Vocab::default();
    for part in parts {
        for (form, list) in part.forms.into_iter().zip(part.postings) {
            match ids.get(&form) {
                Some(&id) => all.postings[id as usize].extend(list),
                None => {
                    ids.insert(form.clone(), all.forms.len() as u32);
                    all.forms.push(form);
                    all.postings.push(list);
                }
            }
        }
    }
    all
}

/// One folded word of the index: `[articles, toned forms, ids, title, about, lacks,
/// held]`, where every list of articles is an id list (see [`code`]):
///
/// - `ids`: the articles holding the word;
/// - `title`, `about`: those where it is in the title, and in the issue, rubric, tags or
///   authors (elsewhere it is in the body);
/// - `lacks`: those not holding the first (most frequent) toned form;
/// - `held`: for each other toned form, the articles holding it.
///
/// Every list costs at most one bit per article of the site (a bitmap), so a word in
/// every article of 100,000 costs at most a few times 17 KB.
#[derive(Serialize)]
struct Word(
    usize,
    Vec<String>,
    String,
    String,
    String,
    String,
    Vec<String>,
);

/// The entry of the folded word whose toned forms are `forms` (indexes into `vocab`).
fn word(vocab: &Vocab, mut forms: Vec<u32>) -> Word {
    let df = |f: &u32| vocab.postings[*f as usize].len();
    forms.sort_by(|a, b| {
        df(b)
            .cmp(&df(a))
            .then_with(|| vocab.forms[*a as usize].cmp(&vocab.forms[*b as usize]))
    });
    // (article, fields, forms held)
    let mut all: Vec<(u32, u8, u32)> = Vec::new();
    for (i, f) in forms.iter().enumerate() {
        let bit = if i < MAX_FORMS { 1u32 << i } else { 0 };
        all.extend(
            vocab.postings[*f as usize]
                .iter()
                .map(|&p| (p >> 3, (p & 7) as u8, bit)),
        );
    }
    all.sort_unstable_by_key(|p| p.0);
    let mut merged: Vec<(u32, u8, u32)> = Vec::with_capacity(all.len());
    for p in all {
        match merged.last_mut() {
            Some(m) if m.0 == p.0 => {
                m.1 |= p.1;
                m.2 |= p.2;
            }
            _ => merged.push(p),
        }
    }
    let select = |keep: &dyn Fn(&(u32, u8, u32)) -> bool| -> String {
        let ids: Vec<u32> = merged.iter().filter(|p| keep(p)).map(|p| p.0).collect();
        code::ids(&ids)
    };
    forms.truncate(MAX_FORMS);
    Word(
        merged.len(),
        forms
            .iter()
            .map(|f| vocab.forms[*f as usize].clone())
            .collect(),
        select(&|_| true),
        select(&|p| p.1 & TITLE != 0),
        select(&|p| p.1 & ABOUT != 0),
        select(&|p| p.2 & 1 == 0),
        (1..forms.len())
            .map(|i| select(&|p| p.2 & (1 << i) != 0))
            .collect(),
    )
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// The file name of a shard key: letters a–z and digits as they are, any other
/// character as `_` + its code point in hex + `_` (search.js does the same).
pub fn shard_name(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    out
}

/// Group `words` (sorted) into shards: by their first `len` characters, and a group
/// larger than [`SHARD_BYTES`] by one more character (its words of `len` characters or
/// fewer stay under the shorter key).
fn shards<'a>(
    words: &'a [(String, Word)],
    len: usize,
    out: &mut Vec<(String, &'a [(String, Word)])>,
) {
    let size = |w: &[(String, Word)]| -> usize {
        w.iter()
            .map(|(k, e)| {
                let held: usize = e.6.iter().map(|h| h.len() + 3).sum();
                k.len() + e.2.len() + e.3.len() + e.4.len() + e.5.len() + held + 32
            })
            .sum()
    };
    let mut start = 0;
    while start < words.len() {
        let key = prefix(&words[start].0, len);
        let mut end = start + 1;
        while end < words.len() && prefix(&words[end].0, len) == key {
            end += 1;
        }
        let group = &words[start..end];
        let short = group
            .iter()
            .take_while(|(w, _)| w.chars().count() <= len)
            .count();
        if size(group) > SHARD_BYTES && short < group.len() {
            if short > 0 {
                out.push((key.to_string(), &group[..short]));
            }
            shards(&group[short..], len + 1, out);
        } else {
            out.push((key.to_string(), group));
        }
        start = end;
    }
}

/// What the search page shows of an article (`docs/N.json`), composed (NFC).
#[derive(Serialize)]
struct Doc<'a> {
    /// Title.
    t: Cow<'a, str>,
    /// URL.
    u: &'a str,
    /// Issue.
    i: Cow<'a, str>,
    /// Date as pages show it.
    d: Cow<'a, str>,
    /// The start of the body.
    x: String,
}

/// The start of `r`'s body (about [`TEXT_CHARS`] characters, cut between words), one line.
fn text_of(r: &Record) -> String {
    // The start of the body, composed; a decomposed body needs more characters.
    let start = prefix(&r.body, TEXT_CHARS);
    let body = match fold::nfc(start) {
        Cow::Borrowed(_) => Cow::Borrowed(start),
        Cow::Owned(_) => fold::nfc(prefix(&r.body, TEXT_CHARS * 4)),
    };
    let mut cut = prefix(&body, TEXT_CHARS);
    if cut.len() < body.len() || start.len() < r.body.len() {
        if let Some(sp) = cut.rfind(char::is_whitespace) {
            cut = &cut[..sp];
        }
    }
    cut.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(value, articles, ids)` for each value of a filter, sorted by value.
type Filter = Vec<(String, usize, String)>;

fn filter<'a>(records: &'a [Record], values: impl Fn(&'a Record) -> Vec<String>) -> Filter {
    let mut by: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (id, r) in records.iter().enumerate() {
        let mut vs = values(r);
        vs.sort();
        vs.dedup();
        for v in vs {
            by.entry(v).or_default().push(id as u32);
        }
    }
    by.into_iter()
        .map(|(v, ids)| (v, ids.len(), code::ids(&ids)))
        .collect()
}

/// The index: `(output path, bytes)`, sorted by path.
pub fn files(records: &[Record]) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let vocab = vocabulary(records);
    let folded: Vec<String> = vocab.forms.par_iter().map(|f| fold::fold_word(f)).collect();
    let mut by_word: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (id, w) in folded.iter().enumerate() {
        by_word.entry(w.as_str()).or_default().push(id as u32);
    }
    let by_word: Vec<(&str, Vec<u32>)> = by_word.into_iter().collect();
    let words: Vec<(String, Word)> = by_word
        .into_par_iter()
        .map(|(w, forms)| (w.to_string(), word(&vocab, forms)))
        .collect();
    drop(vocab);
    let mut groups = Vec::new();
    shards(&words, 2, &mut groups);
    let mut out: Vec<(String, Vec<u8>)> = groups
        .par_iter()
        .map(|(key, ws)| {
            let map: BTreeMap<&str, &Word> = ws.iter().map(|(k, w)| (k.as_str(), w)).collect();
            Ok((format!("{DIR}/index/{}.json", shard_name(key)), json(&map)?))
        })
        .collect::<Result<_, SearchError>>()?;
    let docs: Vec<(String, Vec<u8>)> = records
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, rs)| {
            let docs: Vec<Doc> = rs
                .iter()
                .map(|r| Doc {
                    t: fold::nfc(&r.title),
                    u: &r.url,
                    i: fold::nfc(&r.issue),
                    d: fold::nfc(&r.date),
                    x: text_of(r),
                })
                .collect();
            Ok((format!("{DIR}/docs/{n}.json"), json(&docs)?))
        })
        .collect::<Result<_, SearchError>>()?;
    out.extend(docs);
    let composed = |s: &str| fold::nfc(s.trim()).into_owned();
    let filters: BTreeMap<&str, Filter> = BTreeMap::from([
        (
            "rubric",
            filter(records, |r| r.rubric.iter().map(|s| composed(s)).collect()),
        ),
        (
            "year",
            filter(records, |r| r.year.iter().map(|y| y.to_string()).collect()),
        ),
        (
            "tag",
            filter(records, |r| r.tags.iter().map(|s| composed(s)).collect()),
        ),
    ]);
    out.push((format!("{DIR}/filters.json"), json(&filters)?));
    let meta = serde_json::json!({
        "version": 1,
        "docs": records.len(),
        "chunk": CHUNK,
        "shards": groups.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
    });
    out.push((format!("{DIR}/meta.json"), json(&meta)?));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// JSON bytes of index data.
fn json<T: Serialize + ?Sized>(v: &T) -> Result<Vec<u8>, SearchError> {
    serde_json::to_vec(v).map_err(SearchError::Json)
}

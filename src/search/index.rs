//! The index files of a list of [`Record`]s (layout: the [module docs](super)).

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::code;
use super::postings::Postings;
use super::tokenize::{head_text, text_of, Map, Tokenizer, Vocab};
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

/// One vocabulary of runs of articles read in order (`parts[k]` before `parts[k + 1]`).
fn merge(mut parts: Vec<Vocab>) -> Vocab {
    if parts.len() <= 1 {
        return parts.pop().unwrap_or_default();
    }
    let mut all = Vocab::default();
    let mut form_ids: Map<String, u32> = Map::default();
    let mut folded_ids: Map<String, u32> = Map::default();
    for part in parts {
        let to_all: Vec<u32> = part
            .folded
            .into_iter()
            .map(|f| {
                let next = all.folded.len() as u32;
                *folded_ids.entry(f).or_insert_with_key(|f| {
                    all.folded.push(f.clone());
                    next
                })
            })
            .collect();
        for ((form, list), f) in part.forms.into_iter().zip(part.postings).zip(part.fold_of) {
            match form_ids.entry(form) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    all.postings[*e.get() as usize].append(list);
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    all.forms.push(e.key().clone());
                    e.insert(all.postings.len() as u32);
                    all.postings.push(list);
                    all.fold_of.push(to_all[f as usize]);
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

/// Postings `a` and `b` (`article << 3 | fields`, by article) as one list, the fields
/// of an article in both joined.
fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i] >> 3, b[j] >> 3);
        if x == y {
            out.push(a[i] | b[j]);
            i += 1;
            j += 1;
        } else if x < y {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The articles of `all` (postings) not in `some` (postings, a subset of `all`).
fn lacking<'a>(all: &'a [u32], some: &'a [u32]) -> impl Iterator<Item = u32> + Clone + 'a {
    let mut k = 0;
    all.iter().map(|p| p >> 3).filter(move |&d| {
        while k < some.len() && some[k] >> 3 < d {
            k += 1;
        }
        !(k < some.len() && some[k] >> 3 == d)
    })
}

/// The entry of the folded word whose toned forms are `forms` (indexes into `vocab`).
/// Each form's postings are in article order, so the word's are their union, merged
/// (no sort), and every list is coded straight from postings.
fn word(vocab: &Vocab, forms: &[u32]) -> Word {
    let mut forms = forms.to_vec();
    let len = |f: u32| vocab.postings[f as usize].len();
    forms.sort_by(|&a, &b| {
        len(b)
            .cmp(&len(a))
            .then_with(|| vocab.forms[a as usize].cmp(&vocab.forms[b as usize]))
    });
    let lists: Vec<Vec<u32>> = forms
        .iter()
        .map(|&f| vocab.postings[f as usize].to_vec())
        .collect();
    // One toned form (most words): its postings are the word's.
    let merged: Cow<[u32]> = match lists.as_slice() {
        [one] => Cow::Borrowed(one),
        _ => Cow::Owned(
            lists[1..]
                .iter()
                .fold(lists[0].clone(), |acc, list| union(&acc, list)),
        ),
    };
    let with = |field: u32| {
        code::ids_of(
            merged
                .iter()
                .filter(move |&&p| p & field != 0)
                .map(|p| p >> 3),
        )
    };
    forms.truncate(MAX_FORMS);
    Word(
        merged.len(),
        forms
            .iter()
            .map(|&f| vocab.forms[f as usize].clone())
            .collect(),
        code::ids_of(merged.iter().map(|p| p >> 3)),
        with(u32::from(TITLE)),
        with(u32::from(ABOUT)),
        code::ids_of(lacking(&merged, &lists[0])),
        lists[1..forms.len()]
            .iter()
            .map(|list| code::ids_of(list.iter().map(|p| p >> 3)))
            .collect(),
    )
}

/// The first `n` characters of `s`.
pub(super) fn prefix(s: &str, n: usize) -> &str {
    // Counting the bytes that start a character, not decoding them.
    if s.len() <= n {
        return s;
    }
    let mut count = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b & 0xc0 != 0x80 {
            if count == n {
                return &s[..i];
            }
            count += 1;
        }
    }
    s
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

/// Group `items` (sorted by key) into shards: by the first `len` characters of their
/// keys, and a group larger than [`SHARD_BYTES`] (by `size`) by one more character (its
/// keys of `len` characters or fewer stay under the shorter key).
fn shards<'a, T>(
    items: &'a [(String, T)],
    len: usize,
    size: &dyn Fn(&(String, T)) -> usize,
    out: &mut Vec<(String, &'a [(String, T)])>,
) {
    let mut start = 0;
    while start < items.len() {
        let key = prefix(&items[start].0, len);
        let mut end = start + 1;
        while end < items.len() && prefix(&items[end].0, len) == key {
            end += 1;
        }
        let group = &items[start..end];
        let short = group
            .iter()
            .take_while(|(w, _)| w.chars().count() <= len)
            .count();
        if group.iter().map(size).sum::<usize>() > SHARD_BYTES && short < group.len() {
            if short > 0 {
                out.push((key.to_string(), &group[..short]));
            }
            shards(&group[short..], len + 1, size, out);
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

/// The kinds of filters, in the order of the index's filter values.
pub const FILTERS: [&str; 3] = ["rubric", "year", "tag"];
/// Values a filter menu lists (`filters/KIND.json`): the most used ones. Every value,
/// listed or not, has its articles in a part file.
pub const MENU: usize = 500;
/// About how many bytes of id lists a filter part file (`filters/KIND-P.json`) holds.
pub const PART_BYTES: usize = 32 * 1024;

/// FNV-1a (32 bits) of the UTF-8 bytes of `s`: a filter value `v` of a filter with `P`
/// part files is in part `fnv(v) % P` (search.js: `fnv`).
pub fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// What one run of articles gives besides its doc files.
#[derive(Default)]
struct Part {
    vocab: Vocab,
    /// For each kind of [`FILTERS`], `(value, article)`.
    values: [Vec<(String, u32)>; 3],
}

/// A source of records: article `i` is `record(i)`.
type Source<'a, 'r> = &'a (dyn Fn(usize) -> Cow<'r, Record> + Sync);

/// Where index files go as they are made: `(output path, bytes)`.
pub(crate) type Emit<'e, E> = &'e mut dyn FnMut(String, Vec<u8>) -> Result<(), E>;

/// Read articles `from..to` (`from` a multiple of [`CHUNK`]); their doc files go to
/// `emit` as soon as each is complete, so at most one is held.
fn part<E: From<SearchError>>(
    from: usize,
    to: usize,
    record: Source,
    emit: Emit<E>,
) -> Result<Part, E> {
    let mut tok = Tokenizer::default();
    let mut p = Part::default();
    let mut chunk: Vec<u8> = Vec::new();
    let composed = |s: &str| fold::nfc(s.trim()).into_owned();
    for id in from..to {
        let r = record(id);
        let plain = tok.article(id as u32, &r);
        let (start, more) = match plain {
            Some(text) => (text, false),
            None => head_text(&r.body),
        };
        let doc = Doc {
            t: fold::nfc(&r.title),
            u: &r.url,
            i: fold::nfc(&r.issue),
            d: fold::nfc(&r.date),
            x: text_of(&start, more),
        };
        chunk.push(if id % CHUNK == 0 { b'[' } else { b',' });
        serde_json::to_writer(&mut chunk, &doc).map_err(SearchError::Json)?;
        if id % CHUNK == CHUNK - 1 || id + 1 == to {
            chunk.push(b']');
            let path = format!("{DIR}/docs/{}.json", id / CHUNK);
            emit(path, std::mem::take(&mut chunk))?;
        }
        let mut add = |k: usize, mut vs: Vec<String>| {
            vs.sort();
            vs.dedup();
            p.values[k].extend(vs.into_iter().map(|v| (v, id as u32)));
        };
        add(0, r.rubric.iter().map(|s| composed(s)).collect());
        add(1, r.year.iter().map(|y| y.to_string()).collect());
        add(2, r.tags.iter().map(|s| composed(s)).collect());
    }
    p.vocab = tok.v;
    Ok(p)
}

/// Index files, `(output path, bytes)`.
type Files = Vec<(String, Vec<u8>)>;

/// `f` over `items`, on rayon's threads when `parallel`.
fn each<T: Sync, R: Send>(
    parallel: bool,
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    if parallel {
        items.par_iter().map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}

/// The files of filter `kind` whose values are `by` (value → articles):
/// `filters/KIND.json`, the menu (`{"values": [[value, articles]], "total": values,
/// "parts": P}`, the [`MENU`] most used values by value), and `filters/KIND-P.json`,
/// `{value: id list}` for the values `v` with `fnv(v) % P == p`.
fn filter_files<E: From<SearchError>>(
    kind: &str,
    by: BTreeMap<String, Vec<u32>>,
    emit: Emit<E>,
) -> Result<(), E> {
    let coded: Vec<(String, usize, String)> = by
        .into_iter()
        .map(|(v, ids)| (v, ids.len(), code::ids(&ids)))
        .collect();
    let bytes: usize = coded.iter().map(|(v, _, c)| v.len() + c.len() + 8).sum();
    let parts = bytes.div_ceil(PART_BYTES);
    let mut split: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); parts];
    for (v, _, c) in &coded {
        split[fnv(v) as usize % parts].insert(v, c);
    }
    for (p, m) in split.iter().enumerate() {
        emit(format!("{DIR}/filters/{kind}-{p}.json"), json(m)?)?;
    }
    let mut menu: Vec<(&str, usize)> = coded.iter().map(|(v, n, _)| (v.as_str(), *n)).collect();
    menu.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    menu.truncate(MENU);
    menu.sort();
    let file = serde_json::json!({ "values": menu, "total": coded.len(), "parts": parts });
    emit(format!("{DIR}/filters/{kind}.json"), json(&file)?)?;
    Ok(())
}

/// The index: `(output path, bytes)`, sorted by path.
pub fn files(records: &[Record]) -> Result<Files, SearchError> {
    collect_sorted(|emit| build(records.len(), &|i| Cow::Borrowed(&records[i]), true, emit))
}

/// The files a writer of the index (`build`, [`super::write_site_index`]) hands to its
/// `emit`, held and sorted by path (for tests and `serve`'s indexer, which compare them).
pub(crate) fn collect_sorted(
    write: impl FnOnce(Emit<SearchError>) -> Result<usize, SearchError>,
) -> Result<Files, SearchError> {
    let mut out = Files::new();
    write(&mut |path, bytes| {
        out.push((path, bytes));
        Ok(())
    })?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The index of `n` articles, article `i` being `record(i)`, each file handed to `emit`
/// as soon as it is made (returns how many). Read in runs of [`BATCH`] articles on
/// rayon's threads when `parallel`; else on the calling thread alone (the build indexes
/// on one of rayon's threads beside page rendering). No more than one doc file and one
/// group of shard files is held at a time: memory holds the postings (see
/// [`Postings`]), then fewer and fewer of them while the words are coded.
pub(crate) fn build<E: From<SearchError>>(
    n: usize,
    record: Source,
    parallel: bool,
    emit: Emit<E>,
) -> Result<usize, E> {
    let mut count = 0;
    let mut emit = |p: String, b: Vec<u8>| {
        count += 1;
        emit(p, b)
    };
    let (mut vocab, values) = read_all(n, record, parallel, &mut emit)?;

    // Words: each folded word with its toned forms.
    let mut forms_of: Vec<Vec<u32>> = vec![Vec::new(); vocab.folded.len()];
    for (id, &f) in vocab.fold_of.iter().enumerate() {
        // A form met only in a body that was then read again as plain text has none.
        if !vocab.postings[id].is_empty() {
            forms_of[f as usize].push(id as u32);
        }
    }
    let mut order: Vec<usize> = (0..vocab.folded.len())
        .filter(|&f| !forms_of[f].is_empty())
        .collect();
    order.sort_unstable_by(|&a, &b| vocab.folded[a].cmp(&vocab.folded[b]));
    // One group of words sharing their first two characters at a time: its words are
    // coded, their postings dropped, its shards written, so memory holds the postings
    // not coded yet and one group's coded words (all the words were held at once before,
    // at a million articles as much again as the postings).
    let word_size = |(k, e): &(String, Word)| -> usize {
        let held: usize = e.6.iter().map(|h| h.len() + 3).sum();
        k.len() + e.2.len() + e.3.len() + e.4.len() + e.5.len() + held + 32
    };
    let shard_file = |(key, ws): &(String, &[(String, Word)])| {
        let map: BTreeMap<&str, &Word> = ws.iter().map(|(k, w)| (k.as_str(), w)).collect();
        let path = format!("{DIR}/index/{}.json", shard_name(key));
        json(&map).map(|bytes| (path, bytes))
    };
    let mut keys = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let key = prefix(&vocab.folded[order[start]], 2);
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&f| prefix(&vocab.folded[f], 2) == key)
                .count();
        let group = &order[start..end];
        let words: Vec<(String, Word)> = each(parallel, group, |&f| {
            (vocab.folded[f].clone(), word(&vocab, &forms_of[f]))
        });
        for &f in group {
            for &form in &forms_of[f] {
                vocab.postings[form as usize] = Postings::default();
            }
        }
        let mut shards_of_group = Vec::new();
        shards(&words, 2, &word_size, &mut shards_of_group);
        for file in each(parallel, &shards_of_group, shard_file) {
            let (path, bytes) = file?;
            emit(path, bytes)?;
        }
        keys.extend(shards_of_group.into_iter().map(|(k, _)| k));
        start = end;
    }
    drop((vocab, forms_of, order));

    for (kind, by) in FILTERS.iter().zip(values) {
        filter_files(kind, by, &mut emit)?;
    }
    let meta = serde_json::json!({
        "version": 2,
        "docs": n,
        "chunk": CHUNK,
        "shards": keys,
    });
    emit(format!("{DIR}/meta.json"), json(&meta)?)?;
    Ok(count)
}

/// Filter values by kind of [`FILTERS`]: value → articles.
type Values = [BTreeMap<String, Vec<u32>>; 3];

/// Read every article: one vocabulary and the filter values; the doc files go to `emit`.
fn read_all<E: From<SearchError>>(
    n: usize,
    record: Source,
    parallel: bool,
    emit: Emit<E>,
) -> Result<(Vocab, Values), E> {
    let mut values: Values = Default::default();
    let mut add_values = |p: &mut Part| {
        for (k, vs) in std::mem::take(&mut p.values).into_iter().enumerate() {
            for (v, id) in vs {
                values[k].entry(v).or_default().push(id);
            }
        }
    };
    if !parallel {
        let mut p = part(0, n, record, emit)?;
        add_values(&mut p);
        return Ok((p.vocab, values));
    }
    let runs: Vec<(usize, usize)> = (0..n)
        .step_by(BATCH)
        .map(|s| (s, (s + BATCH).min(n)))
        .collect();
    let parts = each(true, &runs, |&(a, b)| {
        let mut docs = Files::new();
        let p = part(a, b, record, &mut |path, bytes| {
            docs.push((path, bytes));
            Ok::<(), SearchError>(())
        });
        p.map(|p| (p, docs))
    });
    let mut vocabs = Vec::with_capacity(parts.len());
    for result in parts {
        let (mut p, docs) = result?;
        for (path, bytes) in docs {
            emit(path, bytes)?;
        }
        add_values(&mut p);
        vocabs.push(p.vocab);
    }
    Ok((merge(vocabs), values))
}

/// JSON bytes of index data.
fn json<T: Serialize + ?Sized>(v: &T) -> Result<Vec<u8>, SearchError> {
    serde_json::to_vec(v).map_err(SearchError::Json)
}

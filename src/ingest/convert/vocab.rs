//! The tag vocabulary: places from a gazetteer of Vietnam's provinces, cities and districts
//! (`src/ingest/data/gazetteer.txt`), topics with aliases (`src/ingest/data/topics.txt`),
//! and an editor's extensions from `tags.yaml` at the project root.
//!
//! Every term has one canonical spelling; aliases (`KH&CN`, `KHCN`, `khoa học và công
//! nghệ`) all map to it. Matching works on folded tokens (lowercase, tone placement
//! unified), so `Hoà Bình` and `Hòa Bình` are the same place.
//!
//! `tags.yaml`:
//!
//! ```yaml
//! topics:                      # canonical spelling: [aliases]
//!   Chuyển đổi số: [CĐS, chuyển đổi số]
//! places:
//!   Móng Cái: [TP Móng Cái]
//! ignore: [Việt Nam]           # never used as tags
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::tokens::{token_hash, token_state, Tokens};

/// A small, fast, deterministic hasher for the term index (FxHash's mixing).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = [0u8; 8];
            v[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(v))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
use crate::diag::Diagnostic;

const GAZETTEER: &str = include_str!("../data/gazetteer.txt");
const TOPICS: &str = include_str!("../data/topics.txt");

/// Name of the editor's vocabulary file at the project root.
pub const TAGS_FILE: &str = "tags.yaml";

/// What a term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// A province, city or district.
    Place,
    /// A subject.
    Topic,
    /// A proper name kept capitalized but never used as a tag (`Việt Nam`).
    Name,
}

#[derive(Debug, Clone)]
struct Term {
    name: String,
    kind: TermKind,
    parent: Option<String>,
}

#[derive(Debug, Clone)]
struct Pattern {
    tokens: Vec<String>,
    /// Per token: 0 any case, 1 capitalized, 2 all caps.
    case: Vec<u8>,
    term: usize,
}

/// A match of a vocabulary term in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    /// Index of the term (see [`Vocabulary::term_name`]).
    pub term: usize,
    /// First token matched.
    pub first: usize,
    /// Tokens matched.
    pub len: usize,
}

/// Places, topics and names with their aliases.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    terms: Vec<Term>,
    /// Patterns by the [`token_state`] of their first token (patterns whose first tokens
    /// share a state share a list; matching compares the tokens themselves).
    index: HashMap<u32, Vec<Pattern>, FxBuild>,
    by_name: HashMap<String, usize, FxBuild>,
    /// One bit per 16-bit hash of a pattern's first token: most tokens of a text start no
    /// term, and this tells so without a map lookup.
    first_bits: Vec<u64>,
    /// One bit per hash of any token of any pattern (see [`Tokens::for_vocab`]).
    all_bits: Vec<u64>,
    /// One bit per first token of a one-token pattern, and per first two tokens of a
    /// longer one ([`pair_hash`]): a common syllable that starts many place names
    /// (`Bắc`, `Yên`) is looked up only when the next token can follow it.
    single_bits: Vec<u64>,
    pair_bits: Vec<u64>,
    ignore: BTreeSet<String>,
    fingerprint: String,
}

impl<'a> Tokens<'a> {
    /// Tokens of `text` that can take part in a term of `vocab`; any run of other tokens
    /// is kept as one empty token, so terms never match across it. Much less to store
    /// and scan for a long article.
    pub fn for_vocab(text: &'a str, vocab: &Vocabulary) -> Tokens<'a> {
        Tokens::build(text, Some(&vocab.all_bits))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TagsFile {
    #[serde(default)]
    topics: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    places: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
}

/// Surnames and middle names: a place name right after one is part of a person's name.
const NAME_PARTS: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "văn", "thị", "đào", "đinh", "mai", "trịnh", "lương", "lâm", "tô",
    "cao", "chu", "đoàn", "tạ", "triệu", "kiều", "quách", "thái", "vi", "hữu", "đức", "ông", "bà",
    "anh", "chị", "em",
];

impl Vocabulary {
    /// The built-in vocabulary (gazetteer and topics shipped with bantin).
    pub fn builtin() -> Vocabulary {
        let mut v = Vocabulary {
            terms: Vec::new(),
            index: HashMap::default(),
            by_name: HashMap::default(),
            first_bits: vec![0; 1024],
            all_bits: vec![0; 1024],
            single_bits: vec![0; 1024],
            pair_bits: vec![0; 1024],
            ignore: BTreeSet::new(),
            fingerprint: String::new(),
        };
        for line in GAZETTEER.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split('|');
            let name = parts.next().unwrap_or("").trim();
            let parent = parts.next().map(str::trim).filter(|p| !p.is_empty());
            let aliases: Vec<&str> = parts
                .next()
                .map(|a| a.split(',').map(str::trim).collect())
                .unwrap_or_default();
            let kind = if parent == Some("-") {
                TermKind::Name
            } else {
                TermKind::Place
            };
            let parent = parent.filter(|p| *p != "-");
            v.add(name, kind, parent, &aliases);
        }
        for line in TOPICS.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split('|').map(str::trim);
            let name = parts.next().unwrap_or("");
            let aliases: Vec<&str> = parts.collect();
            v.add(name, TermKind::Topic, None, &aliases);
        }
        // Name parts are looked at before a place (`bà Nguyễn Hải Hà`): keep them too.
        for part in NAME_PARTS {
            let h = token_hash(part) as usize;
            v.all_bits[h >> 6] |= 1 << (h & 63);
        }
        v.fingerprint = format!(
            "{:016x}",
            fnv(GAZETTEER.as_bytes()) ^ fnv(TOPICS.as_bytes()).rotate_left(1)
        );
        v
    }

    /// The built-in vocabulary extended with `tags.yaml` from the project root, when there
    /// is one. A broken file is reported and the built-in vocabulary used.
    pub fn for_project(root: &Path) -> (Vocabulary, Option<Diagnostic>) {
        let mut v = Vocabulary::builtin();
        let path = root.join(TAGS_FILE);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return (v, None);
        };
        match v.extend_yaml(&text) {
            Ok(()) => (v, None),
            Err(e) => {
                let mut d = Diagnostic::new(&path, format!("cannot read the tag vocabulary: {}", e.message))
                    .with_hint("expected `topics:` and `places:` maps of canonical name to a list of aliases, and an `ignore:` list; the built-in vocabulary was used");
                if let Some(l) = e.line {
                    d = d.at_line(l);
                }
                (Vocabulary::builtin(), Some(d))
            }
        }
    }

    /// Add the terms of a `tags.yaml` text (see the module docs).
    pub fn extend_yaml(&mut self, text: &str) -> Result<(), crate::yaml::YamlError> {
        let file: TagsFile = if text.trim().is_empty() {
            TagsFile::default()
        } else {
            crate::yaml::from_str(text)?
        };
        for (name, aliases) in &file.topics {
            let a: Vec<&str> = aliases.iter().map(String::as_str).collect();
            self.add(name, TermKind::Topic, None, &a);
        }
        for (name, aliases) in &file.places {
            let a: Vec<&str> = aliases.iter().map(String::as_str).collect();
            self.add(name, TermKind::Place, None, &a);
        }
        for name in &file.ignore {
            self.ignore.insert(fold_phrase(name));
        }
        self.fingerprint = format!(
            "{:016x}",
            fnv(self.fingerprint.as_bytes()) ^ fnv(text.as_bytes())
        );
        Ok(())
    }

    /// Changes whenever the vocabulary does (recorded so unedited content is refreshed).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    fn add(&mut self, name: &str, kind: TermKind, parent: Option<&str>, aliases: &[&str]) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        // Same canonical name (any case): the later spelling and aliases win.
        let key = fold_phrase(name);
        let term = match self.by_name.get(&key).copied() {
            Some(i) => {
                self.terms[i].name = name.to_string();
                self.terms[i].kind = kind;
                if parent.is_some() {
                    self.terms[i].parent = parent.map(str::to_string);
                }
                i
            }
            None => {
                self.terms.push(Term {
                    name: name.to_string(),
                    kind,
                    parent: parent.map(str::to_string),
                });
                self.by_name.insert(key, self.terms.len() - 1);
                self.terms.len() - 1
            }
        };
        for alias in std::iter::once(name).chain(aliases.iter().copied()) {
            let toks = Tokens::new(alias);
            if toks.is_empty() {
                continue;
            }
            let tokens: Vec<String> = (0..toks.len()).map(|i| toks.get(i).to_string()).collect();
            let case: Vec<u8> = (0..toks.len())
                .map(|i| match (kind, toks.case(i)) {
                    (_, 2) => 2,
                    (TermKind::Topic, _) => 0,
                    (_, c) => c,
                })
                .collect();
            let h0 = token_hash(&tokens[0]);
            let h = h0 as usize;
            self.first_bits[h >> 6] |= 1 << (h & 63);
            let h = match tokens.get(1) {
                None => {
                    self.single_bits[h >> 6] |= 1 << (h & 63);
                    None
                }
                Some(t1) => Some(pair_hash(h0, token_hash(t1)) as usize),
            };
            if let Some(h) = h {
                self.pair_bits[h >> 6] |= 1 << (h & 63);
            }
            for tok in &tokens {
                let h = token_hash(tok) as usize;
                self.all_bits[h >> 6] |= 1 << (h & 63);
            }
            let list = self.index.entry(token_state(&tokens[0])).or_default();
            // An alias already known now points at this term (the editor's file wins).
            list.retain(|p| p.tokens != tokens);
            list.push(Pattern { tokens, case, term });
            list.sort_by_key(|p| std::cmp::Reverse(p.tokens.len()));
        }
    }

    /// Every term occurrence in `toks`, longest match first, left to right.
    pub fn find(&self, toks: &Tokens) -> Vec<TermMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let mut step = 1;
            let h0 = toks.hash(i);
            let h = h0 as usize;
            if self.first_bits[h >> 6] & (1 << (h & 63)) == 0 {
                i += 1;
                continue;
            }
            let single = self.single_bits[h >> 6] & (1 << (h & 63)) != 0;
            let pair = i + 1 < toks.len() && {
                let p = pair_hash(h0, toks.hash(i + 1)) as usize;
                self.pair_bits[p >> 6] & (1 << (p & 63)) != 0
            };
            if !single && !pair {
                i += 1;
                continue;
            }
            if let Some(pats) = self.index.get(&toks.state(i)) {
                for p in pats {
                    if self.matches(toks, i, p) {
                        out.push(TermMatch {
                            term: p.term,
                            first: i,
                            len: p.tokens.len(),
                        });
                        step = p.tokens.len();
                        break;
                    }
                }
            }
            i += step;
        }
        out
    }

    fn matches(&self, toks: &Tokens, i: usize, p: &Pattern) -> bool {
        if i + p.tokens.len() > toks.len() {
            return false;
        }
        for (k, t) in p.tokens.iter().enumerate() {
            if toks.get(i + k) != t || (p.case[k] > 0 && toks.case(i + k) < p.case[k]) {
                return false;
            }
        }
        if self.terms[p.term].kind == TermKind::Place
            && i > 0
            && NAME_PARTS.contains(&toks.get(i - 1))
        {
            return false;
        }
        true
    }

    /// The canonical spelling of a term.
    pub fn term_name(&self, term: usize) -> &str {
        &self.terms[term].name
    }

    /// What a term is.
    pub fn term_kind(&self, term: usize) -> TermKind {
        self.terms[term].kind
    }

    /// The province a district or city belongs to, by name.
    pub fn term_parent(&self, term: usize) -> Option<&str> {
        self.terms[term].parent.as_deref()
    }

    /// Whether `name` is a place of the gazetteer (or of `tags.yaml`).
    pub fn is_place(&self, name: &str) -> bool {
        self.by_name
            .get(&fold_phrase(name))
            .is_some_and(|&t| self.terms[t].kind == TermKind::Place)
    }

    /// Whether `name` is a place or a proper name of the vocabulary (`Châu Á`): a line
    /// that is one is not a person's name, though it looks like one.
    pub fn is_proper_name(&self, name: &str) -> bool {
        self.by_name
            .get(&fold_phrase(name))
            .is_some_and(|&t| self.terms[t].kind != TermKind::Topic)
    }

    /// Whether the editor asked never to use this tag.
    pub fn is_ignored(&self, name: &str) -> bool {
        // Usually nothing is ignored: skip folding the name.
        !self.ignore.is_empty() && self.ignore.contains(&fold_phrase(name))
    }

    /// The proper-name term whose folded tokens start at `toks[i]` (for restoring capitals
    /// in sentence-cased headings): returns the term and its token count.
    pub fn proper_name_at(&self, toks: &Tokens, i: usize) -> Option<(usize, usize)> {
        let pats = self.index.get(&toks.state(i))?;
        pats.iter()
            .filter(|p| self.terms[p.term].kind != TermKind::Topic)
            .find(|p| {
                i + p.tokens.len() <= toks.len()
                    && p.tokens
                        .iter()
                        .enumerate()
                        .all(|(k, t)| toks.get(i + k) == t)
            })
            .map(|p| (p.term, p.tokens.len()))
    }
}

/// A 16-bit hash of two consecutive tokens' hashes.
fn pair_hash(a: u16, b: u16) -> u16 {
    a.rotate_left(5) ^ b
}

/// Lowercase words joined by single spaces, tones folded.
pub(super) fn fold_phrase(s: &str) -> String {
    let t = Tokens::new(s);
    (0..t.len()).map(|i| t.get(i)).collect::<Vec<_>>().join(" ")
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &Vocabulary, text: &str) -> Vec<String> {
        let all: Vec<String> = v
            .find(&Tokens::new(text))
            .iter()
            .map(|m| v.term_name(m.term).to_string())
            .collect();
        let filtered: Vec<String> = v
            .find(&Tokens::for_vocab(text, v))
            .iter()
            .map(|m| v.term_name(m.term).to_string())
            .collect();
        assert_eq!(all, filtered, "filtered tokens must find the same terms");
        all
    }

    #[test]
    fn aliases_merge_into_one_spelling() {
        let v = Vocabulary::builtin();
        let found = names(&v, "Sở KH&CN, nhiệm vụ KHCN và khoa học và công nghệ");
        assert!(found.len() >= 3, "{found:?}");
        assert!(found.iter().all(|n| n == &found[0]), "{found:?}");
    }

    #[test]
    fn places_need_capitals_and_are_not_person_names() {
        let v = Vocabulary::builtin();
        assert_eq!(
            names(&v, "tỉnh Quảng Ninh và Hoà Bình"),
            vec!["Quảng Ninh", "Hòa Bình"]
        );
        assert!(names(&v, "hòa bình và ổn định").is_empty());
        assert!(names(&v, "bà Nguyễn Hải Hà cho biết")
            .iter()
            .all(|n| n != "Hải Hà"));
    }

    #[test]
    fn editors_extend_and_override() {
        let mut v = Vocabulary::builtin();
        v.extend_yaml("topics:\n  KH&CN: [khoa học công nghệ]\n  Vi nhựa: [hạt vi nhựa]\nignore: [Việt Nam]\n").unwrap();
        assert_eq!(names(&v, "hạt vi nhựa"), vec!["Vi nhựa"]);
        assert_eq!(names(&v, "khoa học công nghệ"), vec!["KH&CN"]);
        assert!(v.is_ignored("việt nam"));
        assert!(v.extend_yaml("topics: [1, 2]").is_err());
    }
}

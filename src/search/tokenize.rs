//! How the index reads an article: the words of its fields, its body's words read
//! from its Markdown when they are those of its plain text, and the start of that text
//! for excerpts.

use std::borrow::Cow;

use super::index::{prefix, TEXT_CHARS};
use super::index::{ABOUT, BODY, TITLE};
use super::postings::Postings;
use super::{fold, Record};

/// The index's maps of words: FxHash, the project's quick hash for its own keys (no
/// untrusted party picks them, and no map's order reaches the output).
pub(super) type Map<K, V> = rustc_hash::FxHashMap<K, V>;

/// A word of at most 16 bytes as one number: its bytes, zero-padded (a word holds no
/// NUL). Nearly every word is this short (a Vietnamese syllable takes at most 10 bytes),
/// and a number is quicker to hash and compare than a string.
#[inline]
pub(super) fn small_key(w: &str) -> Option<u128> {
    let b = w.as_bytes();
    let n = b.len();
    // Loads that overlap where the word is shorter than them (the same bytes land on the
    // same places), instead of a copy through memory.
    let load8 = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let load4 = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes")));
    let (lo, hi) = match n {
        0 => (0, 0),
        1..=3 => (
            u64::from(b[0])
                | u64::from(b[n / 2]) << (8 * (n / 2))
                | u64::from(b[n - 1]) << (8 * (n - 1)),
            0,
        ),
        4..=7 => (load4(0) | load4(n - 4) << (8 * (n - 4)), 0),
        8 => (load8(0), 0),
        9..=16 => (load8(0), load8(n - 8) >> (8 * (16 - n))),
        _ => return None,
    };
    Some(u128::from(lo) | u128::from(hi) << 64)
}

#[cfg(test)]
#[test]
fn small_keys_are_the_zero_padded_bytes() {
    for w in [
        "",
        "a",
        "ab",
        "abc",
        "abcd",
        "đường",
        "abcdefg",
        "abcdefgh",
        "nghiêng",
        "ngoẵngx",
        "abcdefghijklmnop",
    ] {
        let mut k = [0u8; 16];
        k[..w.len()].copy_from_slice(w.as_bytes());
        assert_eq!(small_key(w), Some(u128::from_le_bytes(k)), "{w}");
    }
    assert_eq!(small_key("abcdefghijklmnopq"), None);
}

/// The words of a run of articles: their toned forms with postings, and the folded words
/// those forms fold to.
#[derive(Default)]
pub(super) struct Vocab {
    /// Toned forms (lowercase, composed).
    pub(super) forms: Vec<String>,
    /// Per form: `article << 3 | fields`, by article.
    pub(super) postings: Vec<Postings>,
    /// Per form: its folded word (an index into `folded`).
    pub(super) fold_of: Vec<u32>,
    /// Folded words.
    pub(super) folded: Vec<String>,
}

/// An entry of a [`Table`]: a small key (0: empty) and its value.
#[derive(Clone, Copy, Default)]
struct Entry {
    lo: u64,
    hi: u64,
    val: u32,
}

/// Values by small key: open addressing with linear probing and one multiply per lookup
/// (a general map hashed the key in several rounds).
struct Table {
    slots: Vec<Entry>,
    /// `64 - log2(slots.len())`.
    shift: u32,
    len: usize,
}

impl Default for Table {
    fn default() -> Self {
        Table {
            slots: vec![Entry::default(); 1 << 12],
            shift: 64 - 12,
            len: 0,
        }
    }
}

impl Table {
    #[inline]
    fn home(&self, lo: u64, hi: u64) -> usize {
        let h = (lo ^ hi.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> self.shift) as usize
    }

    /// The slot of key `(lo, hi)`, or the empty slot where it goes.
    #[inline]
    fn find(&self, lo: u64, hi: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = self.home(lo, hi);
        loop {
            let s = &self.slots[i];
            if (s.lo == lo && s.hi == hi) || (s.lo | s.hi) == 0 {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of `key`, if any.
    #[inline]
    fn get(&self, key: u128) -> Option<u32> {
        let (lo, hi) = (key as u64, (key >> 64) as u64);
        let s = &self.slots[self.find(lo, hi)];
        ((s.lo | s.hi) != 0).then_some(s.val)
    }

    /// Give `key` (not in the table, not 0) the value `val`.
    fn insert(&mut self, key: u128, val: u32) {
        let (lo, hi) = (key as u64, (key >> 64) as u64);
        let i = self.find(lo, hi);
        self.slots[i] = Entry { lo, hi, val };
        self.len += 1;
        if self.len * 2 <= self.slots.len() {
            return;
        }
        let grown = vec![Entry::default(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, grown);
        self.shift -= 1;
        for e in old.into_iter().filter(|e| (e.lo | e.hi) != 0) {
            let j = self.find(e.lo, e.hi);
            self.slots[j] = e;
        }
    }
}

/// A value of [`Tokenizer::runs`] with this bit set is an index into
/// [`Tokenizer::many`]; without it, the one form of its run.
const MANY: u32 = 1 << 31;

/// Reads articles into a [`Vocab`]. Text is cut into *runs* at the ASCII characters that
/// are not letters or digits (no word holds one); a run, as written, is looked up by its
/// bytes, and only a run not seen before is split into words, lowercased and composed
/// ([`fold::each_word`]). Most runs are one word met again and again (`Quảng`,
/// `đường`), so most words cost one pass over their bytes and one lookup (decoding,
/// classifying and lowercasing every character of every word took about half the
/// index's time).
#[derive(Default)]
pub(super) struct Tokenizer {
    pub(super) v: Vocab,
    /// Form ids by the small key of the form.
    forms: Table,
    /// Forms longer than 16 bytes (rare): their ids, kept apart.
    long: Map<String, u32>,
    /// Runs by the small key of their bytes: their form, or ([`MANY`]) their forms.
    runs: Table,
    /// The forms of runs of other than one word (none, or several: `“Ông–Bà`).
    many: Vec<Box<[u32]>>,
    folded_ids: Map<String, u32>,
    /// Per form: 1 + the last article that held it, and its place in `touched` then.
    seen: Vec<(u32, u32)>,
    /// Forms of the current article and their fields there.
    touched: Vec<(u32, u8)>,
    buf: String,
}

/// ASCII bytes that are not letters or digits: they end runs (bytes of other
/// characters, and letters and digits, are `false`).
static SEPARATOR: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = !(c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

impl Tokenizer {
    /// A new toned form `w`: its id.
    fn add(&mut self, w: &str) -> u32 {
        let id = self.v.forms.len() as u32;
        let folded = fold::fold_word(w);
        let next = self.v.folded.len() as u32;
        let fid = *self.folded_ids.entry(folded).or_insert_with_key(|f| {
            self.v.folded.push(f.clone());
            next
        });
        self.v.forms.push(w.to_string());
        self.v.postings.push(Postings::default());
        self.v.fold_of.push(fid);
        self.seen.push((0, 0));
        id
    }

    /// The id of toned form `w`, added when new.
    fn form(&mut self, w: &str) -> u32 {
        match small_key(w) {
            Some(k) => self.forms.get(k).unwrap_or_else(|| {
                let id = self.add(w);
                self.forms.insert(k, id);
                id
            }),
            None => match self.long.get(w) {
                Some(&id) => id,
                None => {
                    let id = self.add(w);
                    self.long.insert(w.to_string(), id);
                    id
                }
            },
        }
    }

    /// The forms of the words of `run`, as a value of [`Tokenizer::runs`].
    fn split(&mut self, run: &str) -> u32 {
        let mut buf = std::mem::take(&mut self.buf);
        let mut ids = Vec::new();
        fold::each_word(run, &mut buf, |w| ids.push(self.form(w)));
        self.buf = buf;
        if let [one] = ids[..] {
            return one;
        }
        self.many.push(ids.into_boxed_slice());
        MANY | (self.many.len() - 1) as u32
    }

    /// Read `text`, a field of article `doc`.
    fn text(&mut self, doc: u32, text: &str, field: u8) {
        self.scan::<false>(doc, text, field);
    }

    /// Read `text`, a field of article `doc`. With `MARKDOWN`, `text` is a body's
    /// Markdown, read as it is (its markup characters end runs like any punctuation), and
    /// reading stops, returning `false`, at the first construct after which its words
    /// might not be those of its plain text ([`markdown_reads_as_text`]: links, code,
    /// entities…; here: a run of `*` or `_` inside a word, as `đ**ường**` is one word on
    /// the page, or digits that may be an ordered list's number, which is not shown).
    fn scan<const MARKDOWN: bool>(&mut self, doc: u32, text: &str, field: u8) -> bool {
        let mark = doc + 1;
        let b = text.as_bytes();
        if MARKDOWN && !markdown_reads_as_text(b) {
            return false;
        }
        let mut i = 0;
        while let Some((start, end)) = next_run(b, i) {
            i = end;
            if MARKDOWN && (emphasis_inside_word(b, end) || may_be_list_marker(b, start, end)) {
                return false;
            }
            // Both ends are at ASCII bytes or at the text's ends: character boundaries.
            let run = &text[start..end];
            let val = match small_key(run) {
                Some(k) => self.runs.get(k).unwrap_or_else(|| {
                    let v = self.split(run);
                    self.runs.insert(k, v);
                    v
                }),
                None => self.split(run),
            };
            let (seen, touched) = (&mut self.seen, &mut self.touched);
            if val & MANY == 0 {
                note(seen, touched, val, mark, field);
            } else {
                for &id in self.many[(val & !MANY) as usize].iter() {
                    note(seen, touched, id, mark, field);
                }
            }
        }
        true
    }

    /// Read article `doc` (after the article before it). Its body is read as Markdown
    /// when that gives the words of its plain text, which is then not made (the index's
    /// costliest step after reading words was parsing every body a second time); the
    /// plain text when it had to be made.
    pub(super) fn article(&mut self, doc: u32, r: &Record) -> Option<String> {
        // The body first: a stop leaves only its own words to forget.
        let plain = if self.scan::<true>(doc, &r.body, BODY) {
            None
        } else {
            for (id, _) in self.touched.drain(..) {
                self.seen[id as usize] = (0, 0);
            }
            let plain = super::plain_text(&r.body);
            self.text(doc, &plain, BODY);
            Some(plain)
        };
        self.text(doc, &r.title, TITLE);
        self.text(doc, &r.issue, ABOUT);
        for s in r.rubric.iter().chain(&r.tags).chain(&r.authors) {
            self.text(doc, s, ABOUT);
        }
        for c in &r.captions {
            self.text(doc, c, BODY);
        }
        for (id, fields) in self.touched.drain(..) {
            self.v.postings[id as usize].push(doc << 3 | u32::from(fields));
        }
        plain
    }
}

/// Whether Markdown `b` holds none of the constructs whose text on the page differs
/// from their source by more than markup characters: `<` (HTML, autolinks), `\\`
/// (escapes), `` ` `` (code, fences), `[` (links, images, footnotes), `~`
/// (strikethrough, fences) and entities (`&amp;`; a lone `&`, as in `KH&CN`, is text).
fn markdown_reads_as_text(b: &[u8]) -> bool {
    memchr::memchr3(b'<', b'\\', b'`', b).is_none()
        && memchr::memchr2(b'[', b'~', b).is_none()
        && memchr::memchr_iter(b'&', b).all(|at| !may_be_entity(b, at))
}

/// Whether the run ending at `b[end]` is followed by `*` or `_` and then, without a
/// space or other punctuation between, by another run: emphasis inside a word.
#[inline]
fn emphasis_inside_word(b: &[u8], end: usize) -> bool {
    if !matches!(b.get(end), Some(b'*' | b'_')) {
        return false;
    }
    let after = b[end..]
        .iter()
        .position(|&c| c != b'*' && c != b'_')
        .map(|k| end + k);
    after.is_some_and(|k| !SEPARATOR[b[k] as usize])
}

/// Bytes of `b` from `i`, eight at a time (little-endian: byte `i` lowest).
#[inline(always)]
fn eight(b: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"))
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` below 0x80 set where that byte is at least `c`
/// (`c` < 0x80; bytes from 0x80 get an arbitrary bit).
#[inline(always)]
fn at_least(x: u64, c: u8) -> u64 {
    ((x | HIGH) - LOW * u64::from(c)) & HIGH
}

/// The high bit of each byte of `x` set where that byte is not a [`SEPARATOR`]: an
/// ASCII letter or digit, or a byte of another character. Eight bytes at once, so a run
/// of text ends without a branch per byte (a branch mispredicted at most ends of words).
#[inline(always)]
fn not_separators(x: u64) -> u64 {
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    let folded = x | (LOW * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    (x & HIGH) | digit | letter
}

/// The next run of `b` from byte `i`: `(start, end)`, or none.
#[inline(always)]
fn next_run(b: &[u8], mut i: usize) -> Option<(usize, usize)> {
    // Separators up to the run…
    loop {
        if i + 8 > b.len() {
            i += b[i..]
                .iter()
                .take_while(|&&c| SEPARATOR[c as usize])
                .count();
            if i == b.len() {
                return None;
            }
            break;
        }
        let m = not_separators(eight(b, i));
        if m != 0 {
            i += (m.trailing_zeros() / 8) as usize;
            break;
        }
        i += 8;
    }
    // …and the run.
    let start = i;
    loop {
        if i + 8 > b.len() {
            i += b[i..]
                .iter()
                .take_while(|&&c| !SEPARATOR[c as usize])
                .count();
            break;
        }
        let m = !not_separators(eight(b, i)) & HIGH;
        if m != 0 {
            i += (m.trailing_zeros() / 8) as usize;
            break;
        }
        i += 8;
    }
    Some((start, i))
}

#[cfg(test)]
#[test]
fn eight_bytes_at_once_tell_separators_like_the_table() {
    for c in 0..=255u8 {
        for at in 0..8 {
            let mut bytes = [b'a'; 8];
            bytes[at] = c;
            let m = not_separators(u64::from_le_bytes(bytes));
            assert_eq!(
                m >> (8 * at + 7) & 1 == 0,
                SEPARATOR[c as usize],
                "{c:#x} at {at}"
            );
        }
    }
}

/// Whether the `&` at `b[at]` may start an entity: `&#` or `&` letters and digits `;`.
fn may_be_entity(b: &[u8], at: usize) -> bool {
    let rest = &b[at + 1..];
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    rest.first() == Some(&b'#') || (name > 0 && rest.get(name) == Some(&b';'))
}

/// Whether the run `b[start..end]` may be an ordered list item's number (`1.`, `2)`),
/// which Markdown does not show as text: digits followed by `.` or `)`, with only
/// punctuation and spaces before them on their line (`> 1.`, `- 2)`).
fn may_be_list_marker(b: &[u8], start: usize, end: usize) -> bool {
    if !b[start].is_ascii_digit() || !matches!(b.get(end), Some(b'.' | b')')) {
        return false;
    }
    b[start..end].iter().all(u8::is_ascii_digit)
        && b[..start]
            .iter()
            .rev()
            .take_while(|&&c| c != b'\n')
            .all(|&c| SEPARATOR[c as usize])
}

/// Note form `id` in `field` of the article marked `mark` (1 + its id).
#[inline]
fn note(seen: &mut [(u32, u32)], touched: &mut Vec<(u32, u8)>, id: u32, mark: u32, field: u8) {
    let s = &mut seen[id as usize];
    if s.0 == mark {
        touched[s.1 as usize].1 |= field;
    } else {
        *s = (mark, touched.len() as u32);
        touched.push((id, field));
    }
}

/// Characters of a body's plain text that [`text_of`] may need: [`TEXT_CHARS`] of it,
/// four times as many when it is decomposed, and one more to tell that it goes on.
const START_CHARS: usize = 4 * TEXT_CHARS + 1;

/// The start of a body's plain text, about [`TEXT_CHARS`] characters cut between words,
/// on one line. `start` is the plain text's first [`START_CHARS`] characters or more, or
/// all of it, and `more` whether the text goes on after it.
pub(super) fn text_of(start: &str, more: bool) -> String {
    // The start of the body, composed; a decomposed body needs more characters.
    let first = prefix(start, TEXT_CHARS);
    let body = match fold::nfc(first) {
        Cow::Borrowed(_) => Cow::Borrowed(first),
        Cow::Owned(_) => fold::nfc(prefix(start, TEXT_CHARS * 4)),
    };
    let mut cut = prefix(&body, TEXT_CHARS);
    if cut.len() < body.len() || first.len() < start.len() || more {
        if let Some(sp) = cut.rfind(char::is_whitespace) {
            cut = &cut[..sp];
        }
    }
    let mut out = String::with_capacity(cut.len());
    for w in cut.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Bytes of Markdown first parsed for [`head_text`] (about three times [`START_CHARS`]
/// of Vietnamese text with its markup).
const HEAD_BYTES: usize = 2048;

/// The plain text of the start of `markdown`, a body whose words were read from its
/// Markdown ([`Tokenizer::article`]): at least [`START_CHARS`] characters or all of it,
/// and whether the text goes on after it. Only a head of the Markdown is parsed, cut where no
/// later line can change how it reads ([`safe_cut`]).
pub(super) fn head_text(markdown: &str) -> (String, bool) {
    let mut want = HEAD_BYTES;
    loop {
        let (head, whole) = match safe_cut(markdown, want) {
            Some(at) => (&markdown[..at], false),
            None => (markdown, true),
        };
        let text = super::plain_text(head);
        // Counting characters by their first bytes (a loop the compiler vectorizes).
        if whole || text.bytes().filter(|&b| b & 0xc0 != 0x80).count() > START_CHARS {
            return (text, !whole);
        }
        want = head.len() * 2;
    }
}

/// A place at or after byte `from` of `markdown` where it may be cut without changing
/// how the part before reads: after a blank line, before a line that starts a paragraph
/// or heading at the margin (a letter or `#`), so every block before has ended (no list
/// item, quote or indented code goes on, no list turns loose). Only for Markdown
/// without links (a reference defined later), code fences or HTML, which
/// [`Tokenizer::scan`] sends to the plain way.
fn safe_cut(markdown: &str, from: usize) -> Option<usize> {
    let b = markdown.as_bytes();
    let mut i = from;
    while i + 2 < b.len() {
        if b[i] == b'\n' && b[i + 1] == b'\n' {
            let mut j = i + 2;
            while j < b.len() && b[j] == b'\n' {
                j += 1;
            }
            if j < b.len() && (b[j].is_ascii_alphabetic() || b[j] >= 0x80 || b[j] == b'#') {
                return Some(j);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn record(body: &str) -> Record {
        Record {
            url: "/a/".into(),
            title: String::new(),
            issue: String::new(),
            date: String::new(),
            date_iso: String::new(),
            year: None,
            rubric: None,
            tags: vec![],
            authors: vec![],
            captions: vec![],
            body: body.into(),
        }
    }

    /// The forms the tokenizer noted for a body, and whether it read the Markdown.
    fn forms_of_body(markdown: &str) -> (BTreeSet<String>, bool) {
        let mut t = Tokenizer::default();
        let plain = t.article(0, &record(markdown));
        let forms = (t.v.forms.iter().zip(&t.v.postings))
            .filter(|(_, p)| !p.is_empty())
            .map(|(f, _)| f.clone())
            .collect();
        (forms, plain.is_none())
    }

    /// The words of a body's plain text: what the index must hold.
    fn plain_words(markdown: &str) -> BTreeSet<String> {
        fold::words(&super::super::plain_text(markdown))
            .into_iter()
            .collect()
    }

    /// Markdown made of `n` pieces of `PIECES`, picked by a fixed pseudo-random sequence.
    fn random_markdown(seed: &mut u64, n: usize) -> String {
        const PIECES: &[&str] = &[
            "đ",
            "ường",
            "Quảng",
            "NINH",
            "a",
            "1",
            "2022",
            " ",
            " ",
            "\n",
            "\n\n",
            "*",
            "**",
            "_",
            "# ",
            "## ",
            "- ",
            "* ",
            "> ",
            "1. ",
            "2) ",
            "   3. ",
            "|",
            " | ",
            "---",
            "&amp;",
            "KH&CN",
            "&#39;",
            "& ",
            "[a](http://b.c/d)",
            "![ảnh](x.jpg)",
            "[^1]",
            "`mã`",
            "```\nkhối\n```",
            "\\*",
            "<b>",
            "~~gạch~~",
            "'",
            "\"",
            "--",
            "...",
            "“",
            "–",
            "\u{a0}",
            "e\u{301}",
            "    thụt",
            "=== ",
            "ﬁ",
            "ǅ",
        ];
        let mut out = String::new();
        for _ in 0..n {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            out.push_str(PIECES[(*seed >> 33) as usize % PIECES.len()]);
        }
        out
    }

    #[test]
    fn markdown_gives_the_words_of_its_plain_text() {
        for (md, read_as_markdown) in [
            (
                "Tỉnh **Quảng Ninh** đón *khách*.\n\n## Đường ven biển\n\n- một\n- hai",
                true,
            ),
            (
                "Sở KH&CN tỉnh\n\n> trích\n\n| a | b |\n|---|---|\n| c | d |",
                true,
            ),
            ("đ**ường** ven biển", false),
            ("snake_case", false),
            ("1. Mục tiêu\n2. Giải pháp", false),
            ("- 1) Mục tiêu", false),
            ("Năm\n2022. Tổng kết", false),
            ("Tôm &amp; cá &#39;x&#39;", false),
            (
                "[liên kết](http://vi.wikipedia.org/wiki/Hà_Nội) và ![ảnh](a.jpg)",
                false,
            ),
            ("`mã nguồn` \\*không nghiêng\\* <b>đậm</b>", false),
            ("```rust\nfn main() {}\n```", false),
        ] {
            let (forms, markdown) = forms_of_body(md);
            assert_eq!(forms, plain_words(md), "{md:?}");
            assert_eq!(markdown, read_as_markdown, "{md:?}");
        }
    }

    #[test]
    fn random_markdown_gives_the_words_of_its_plain_text() {
        let mut seed = 7;
        let mut read_as_markdown = 0;
        for i in 0..8000 {
            let md = random_markdown(&mut seed, 4 + i % 12);
            let (forms, markdown) = forms_of_body(&md);
            assert_eq!(forms, plain_words(&md), "{md:?}");
            read_as_markdown += usize::from(markdown);
        }
        // Both ways are exercised.
        assert!(
            (500..7500).contains(&read_as_markdown),
            "{read_as_markdown}"
        );
    }

    #[test]
    fn the_start_of_a_long_body_is_read_from_its_head() {
        let mut seed = 11;
        let mut cut = 0;
        for i in 0..300 {
            // Paragraphs, headings, lists and quotes of varied length, some decomposed.
            let mut md = String::new();
            for k in 0..(5 + i % 40) {
                let block = random_markdown(&mut seed, 3 + (k * 7 + i) % 60);
                let block = block.replace('\n', " ");
                let lead = ["", "## ", "- ", "> ", "Đoạn ", "    "][(k + i) % 6];
                md.push_str(lead);
                md.push_str(&block);
                md.push_str(if k % 3 == 0 { "\n" } else { "\n\n" });
            }
            let plain = super::super::plain_text(&md);
            let (head, more) = head_text(&md);
            assert_eq!(text_of(&head, more), text_of(&plain, false), "{md:?}");
            assert!(plain.starts_with(&head), "{md:?}");
            cut += usize::from(head.len() < plain.len());
        }
        assert!(cut > 100, "{cut}");
        // A list tight up to its last item, which a blank line makes loose: its start
        // reads otherwise (every item a paragraph), so it must not be cut before that.
        let mut md: String = (0..250).map(|k| format!("- mục {k}\n")).collect();
        md.push_str("\n- cuối\n\nĐoạn sau.\n");
        let (head, more) = head_text(&md);
        let plain = super::super::plain_text(&md);
        assert_eq!(text_of(&head, more), text_of(&plain, false));
    }
}

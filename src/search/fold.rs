//! Vietnamese text as the search index reads it.
//!
//! A *word* is a run of letters, digits and combining marks of the composed (NFC) text,
//! lowercased: its *toned form* (`đường`). Its *folded form* (`duong`) is the toned form
//! decomposed (NFD) with every combining mark dropped and `đ` written `d` (`đ` has no
//! decomposition). The index finds words by their folded form and ranks the articles
//! holding the exact toned form first when a query has tones.
//!
//! `static/search.js` of the default theme does the same in the browser (`fold`, `words`):
//! the two must agree, which `tests/search.rs` checks through the query script.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Longest word indexed, in characters (longer runs are not words a reader types).
pub const MAX_WORD: usize = 40;

/// `text` composed (NFC), without copying text that already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    if plainly_nfc(text) {
        return Cow::Borrowed(text);
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Whether `text` is composed by a look at its bytes alone: every character below
/// U+0300 or in U+1E00–U+1EFF (Vietnamese's precomposed letters), none of which is a
/// combining mark or changes under NFC (a test checks it). Most text of a Vietnamese
/// site is, and the general check looks each character up in several tables.
fn plainly_nfc(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // ASCII, continuation bytes, and the leads of U+0080–U+02FF.
        if c < 0xcc {
            i += 1;
        } else if c == 0xe1 && matches!(b[i + 1], 0xb8..=0xbb) {
            i += 3;
        } else {
            return false;
        }
    }
    true
}

/// Whether `c` belongs to a word, and whether it may be part of text that is not
/// composed (NFC) — letters of the Latin blocks Vietnamese uses are not.
#[inline]
fn classify(c: char) -> (bool, bool) {
    match c as u32 {
        0..=0x7f => (c.is_ascii_alphanumeric(), false),
        0xd7 | 0xf7 => (false, false),
        0xc0..=0x24f | 0x1e00..=0x1eff => (true, false),
        _ => (c.is_alphanumeric() || is_combining_mark(c), true),
    }
}

/// `c` lowercased, when that is quick to tell (ASCII and the letters of Vietnamese).
#[inline]
fn quick_lower(c: char) -> Option<char> {
    let n = c as u32;
    match n {
        0..=0x7f => Some(c.to_ascii_lowercase()),
        0xc0..=0xde if n != 0xd7 => char::from_u32(n + 0x20),
        0xdf..=0xff => Some(c),
        0x1ea0..=0x1ef9 if n.is_multiple_of(2) => char::from_u32(n + 1),
        0x1ea0..=0x1ef9 => Some(c),
        // Ă Đ Ĩ Ũ Ơ Ư, and their small letters.
        0x102 | 0x110 | 0x128 | 0x168 | 0x1a0 | 0x1af => char::from_u32(n + 1),
        0x103 | 0x111 | 0x129 | 0x169 | 0x1a1 | 0x1b0 => Some(c),
        _ => None,
    }
}

/// Append `c` lowercased.
#[inline]
fn push_lower(buf: &mut String, c: char) {
    match quick_lower(c) {
        Some(l) => buf.push(l),
        None => buf.extend(c.to_lowercase()),
    }
}

/// The character starting at byte `i` of `b` (valid UTF-8, `i` at a boundary), and its
/// length in bytes.
#[inline(always)]
fn decode(b: &[u8], i: usize) -> (char, usize) {
    let c0 = u32::from(b[i]);
    let cont = |k: usize| u32::from(b[i + k] & 0x3f);
    let (n, w) = if c0 < 0xe0 {
        ((c0 & 0x1f) << 6 | cont(1), 2)
    } else if c0 < 0xf0 {
        ((c0 & 0x0f) << 12 | cont(1) << 6 | cont(2), 3)
    } else {
        (
            (c0 & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3),
            4,
        )
    };
    (char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER), w)
}

/// Per-character flags: the character belongs to a word.
const F_WORD: u8 = 1;
/// … it is not its own lowercase, or not quick to lowercase ([`quick_lower`]).
const F_UPPER: u8 = 2;
/// … it may be part of text that is not composed (NFC): the word needs the check.
const F_ODD: u8 = 4;

/// Code points below this have their flags in [`FLAGS`]: ASCII, the Latin blocks of
/// Vietnamese (to U+1EFF) and the general punctuation Vietnamese text uses (`“ ” – …`).
const TABLE_LEN: usize = 0x2100;

/// The flags of `c`, computed.
fn flags_of(c: char) -> u8 {
    let (word, odd) = classify(c);
    (u8::from(word) * F_WORD)
        | (u8::from(quick_lower(c) != Some(c)) * F_UPPER)
        | (u8::from(odd) * F_ODD)
}

/// Flags of the code points below [`TABLE_LEN`], made once: one load per character
/// instead of the range tests of [`classify`] and [`quick_lower`] (measured: the
/// scanner ~10 % quicker on the generated archive).
static FLAGS: std::sync::LazyLock<Box<[u8; TABLE_LEN]>> = std::sync::LazyLock::new(|| {
    let mut t = Box::new([0u8; TABLE_LEN]);
    for (n, f) in t.iter_mut().enumerate() {
        // No surrogate is below the table's end: every number is a char.
        *f = char::from_u32(n as u32).map_or(0, flags_of);
    }
    t
});

/// The flags of the character at byte `i` of `b` (valid UTF-8, `i < b.len()` at a
/// boundary), and its width in bytes.
#[inline(always)]
fn char_at(b: &[u8], i: usize, table: &[u8; TABLE_LEN]) -> (u8, usize) {
    let c = b[i];
    if c < 0x80 {
        return (table[c as usize], 1);
    }
    let (ch, w) = decode(b, i);
    let f = match table.get(ch as usize) {
        Some(&f) => f,
        None => flags_of(ch),
    };
    (f, w)
}

/// Call `f` with the toned form of every word of `text` (composed, lowercased), in
/// order. `buf` is scratch space (reused between calls to spare allocations): a word
/// already in small letters is handed over as a slice of `text`, and only words with
/// characters outside the Latin blocks are checked for composition.
pub fn each_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    let table: &[u8; TABLE_LEN] = &FLAGS;
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        // Up to the next word.
        let (fl, w) = char_at(b, i, table);
        if fl & F_WORD == 0 {
            i += w;
            continue;
        }
        // The word: its characters, and the flags of all of them (capitals, whether it
        // needs the composition check).
        let start = i;
        let (mut len, mut all) = (1usize, fl);
        i += w;
        while i < n {
            let (fl, w) = char_at(b, i, table);
            if fl & F_WORD == 0 {
                break;
            }
            all |= fl;
            len += 1;
            i += w;
        }
        let w = &text[start..i];
        let w = if all & F_UPPER != 0 {
            buf.clear();
            w.chars().for_each(|c| push_lower(buf, c));
            buf.as_str()
        } else {
            w
        };
        if all & F_ODD != 0 && is_nfc_quick(w.chars()) != IsNormalized::Yes {
            let composed: String = w.nfc().collect();
            if composed.chars().count() <= MAX_WORD {
                f(&composed);
            }
        } else if len <= MAX_WORD {
            f(w);
        }
    }
}

/// The toned forms of the words of `text`.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, &mut String::new(), |w| out.push(w.to_string()));
    out
}

/// The folded form of a toned form (lowercase, composed): tones and other marks
/// dropped, `đ` as `d`.
pub fn fold_word(toned: &str) -> String {
    toned
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// `text` folded word by word, words joined by one space (`Quảng  Ninh!` → `quang ninh`).
pub fn fold(text: &str) -> String {
    words(text)
        .iter()
        .map(|w| fold_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_and_d_with_stroke_fold_away() {
        assert_eq!(fold("Đường đi Quảng Ninh"), "duong di quang ninh");
        assert_eq!(fold("ĐƯỜNG"), "duong");
        assert_eq!(words("Ông Dương, 2022!"), ["ông", "dương", "2022"]);
    }

    #[test]
    fn nfd_is_composed() {
        let nfd: String = "Quảng Ninh".nfd().collect();
        assert_ne!(nfd, "Quảng Ninh");
        assert_eq!(words(&nfd), ["quảng", "ninh"]);
        assert_eq!(fold(&nfd), "quang ninh");
    }

    #[test]
    fn the_quick_paths_agree_with_unicode() {
        for c in (0..0x250u32)
            .chain(0x1e00..0x1f00)
            .filter_map(char::from_u32)
        {
            let (word, _) = classify(c);
            assert_eq!(word, c.is_alphanumeric() || is_combining_mark(c), "{c:?}");
            let mut quick = String::new();
            push_lower(&mut quick, c);
            assert_eq!(quick, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    /// The words of `text` the plain way: runs of letters, digits and marks, lowercased,
    /// composed, at most `MAX_WORD` characters.
    fn plain_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        for c in text.chars().chain([' ']) {
            if c.is_alphanumeric() || is_combining_mark(c) {
                cur.push(c);
            } else if !cur.is_empty() {
                let w: String = cur.to_lowercase().nfc().collect();
                if w.chars().count() <= MAX_WORD {
                    out.push(w);
                }
                cur.clear();
            }
        }
        out
    }

    #[test]
    fn the_quick_scanner_finds_the_plain_words() {
        let nfd: String = "Quảng Ninh, ĐƯỜNG Ưu Ái".nfd().collect();
        for text in [
            "Tỉnh Quảng Ninh đón khách; Ông Dương-2022 (ĐẶC BIỆT)!",
            &nfd,
            "× ÷ a×b 10÷2 naïve Ǆemal ǅ ΑΘΗΝΑ Москва 東京 😀x😀 ﬁne ẞ İstanbul",
            "",
            "   ...   ",
            "a",
            "cuối",
        ] {
            assert_eq!(words(text), plain_words(text), "{text:?}");
        }
    }

    #[test]
    fn plainly_composed_text_is_composed() {
        for c in (0..0x300u32)
            .chain(0x1e00..0x1f00)
            .filter_map(char::from_u32)
        {
            let s = c.to_string();
            assert!(plainly_nfc(&s), "{c:?}");
            assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "{c:?}");
            let ccc = unicode_normalization::char::canonical_combining_class(c);
            assert_eq!(ccc, 0, "{c:?}");
        }
        for s in ["a\u{301}", "\u{300}", "東", "e\u{1f00}"] {
            assert!(!plainly_nfc(s), "{s:?}");
        }
    }

    #[test]
    fn overlong_runs_are_not_words() {
        let long = "a".repeat(MAX_WORD + 1);
        assert_eq!(words(&format!("x {long} y")), ["x", "y"]);
    }
}

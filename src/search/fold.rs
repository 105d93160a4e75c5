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
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Whether `c` belongs to a word.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Call `f` with the toned form of every word of `text`, in order. `buf` is scratch space
/// (reused between calls to spare allocations).
pub fn each_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    let text = nfc(text);
    buf.clear();
    let mut len = 0;
    for c in text.chars() {
        if word_char(c) {
            buf.extend(c.to_lowercase());
            len += 1;
        } else if !buf.is_empty() {
            if len <= MAX_WORD {
                f(buf);
            }
            buf.clear();
            len = 0;
        }
    }
    if !buf.is_empty() && len <= MAX_WORD {
        f(buf);
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
    fn overlong_runs_are_not_words() {
        let long = "a".repeat(MAX_WORD + 1);
        assert_eq!(words(&format!("x {long} y")), ["x", "y"]);
    }
}

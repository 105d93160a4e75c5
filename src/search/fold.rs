//! Vietnamese text as the search index reads it.
//!
//! Pagefind strips diacritics by Unicode decomposition (NFD, combining marks removed), and
//! keeps each word's toned form so that a query with tones ranks exact matches first. Two
//! things it does not do on its own, fixed here:
//!
//! - **NFC.** Pagefind drops combining marks before it records a word's toned form, so
//!   decomposed (NFD) text would lose its tones for ranking. Every text is composed (NFC)
//!   first, so NFC and NFD sources index the same.
//! - **Đ/đ.** `đ` (U+0111) has no decomposition, so `duong` would not find `đường`.
//!   [`fold`] writes `đ` as `d` followed by U+0335 COMBINING SHORT STROKE OVERLAY: the
//!   index strips the mark (the word is found as `duong`) and records the toned form
//!   `dường`. The search page writes the mark back as `đ` in titles and excerpts
//!   ([`unfold`] is the same rule in Rust), and turns `đ` in a query into `d`, so `đường`
//!   ranks `đường` before `Dương`.

use unicode_normalization::UnicodeNormalization;

/// The mark that follows `d`/`D` where the source has `đ`/`Đ`.
pub const STROKE: char = '\u{0335}';

/// `text` composed (NFC), with `đ`/`Đ` written as `d`/`D` + [`STROKE`].
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.nfc() {
        match c {
            'đ' => {
                out.push('d');
                out.push(STROKE);
            }
            'Đ' => {
                out.push('D');
                out.push(STROKE);
            }
            c => out.push(c),
        }
    }
    out
}

/// The inverse of [`fold`] (what the search page shows).
pub fn unfold(text: &str) -> String {
    text.replace("d\u{0335}", "đ").replace("D\u{0335}", "Đ")
}

/// A query as the index expects it: composed, and `đ` searched as `d` (the index keeps
/// `dường` as the toned form of `đường`).
pub fn query(text: &str) -> String {
    text.nfc()
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d_with_stroke_round_trips() {
        let s = "Đường đi Quảng Ninh";
        let f = fold(s);
        assert_eq!(f, "D\u{335}ường d\u{335}i Quảng Ninh");
        assert_eq!(unfold(&f), s);
    }

    #[test]
    fn nfd_is_composed() {
        let nfd: String = "Quảng Ninh".nfd().collect();
        assert_ne!(nfd, "Quảng Ninh");
        assert_eq!(fold(&nfd), "Quảng Ninh");
        assert_eq!(query(&nfd), "Quảng Ninh");
    }

    #[test]
    fn query_drops_the_stroke() {
        assert_eq!(query("đường"), "dường");
    }
}

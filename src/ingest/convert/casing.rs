//! Sentence case for ALL-CAPS headings: `NHỮNG VẤN ĐỀ CHUNG` → `Những vấn đề chung`.
//!
//! Lowercasing an all-caps line loses proper nouns and acronyms, so they are restored:
//! a word that is not a possible Vietnamese syllable (`UBND`, `KHCN`, `ISO`, `TP`) or that
//! holds digits or `&`/`-` (`KH&CN`, `KT-XH`, `4.0`) stays as printed, and place names
//! from the vocabulary get their capitals back (`QUẢNG NINH` → `Quảng Ninh`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::text::upper_first;
use super::tokens::Tokens;
use super::vocab::Vocabulary;

const INITIALS: &[&str] = &[
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h",
    "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Whether a word (any case) can be one Vietnamese syllable.
pub(super) fn is_syllable(word: &str) -> bool {
    let base: String = word
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if base.is_empty() || !base.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    INITIALS.iter().any(|ini| {
        let Some(rest) = base.strip_prefix(ini) else {
            return false;
        };
        let vowels = rest.chars().take_while(|c| "aeiouy".contains(*c)).count();
        (1..=3).contains(&vowels) && FINALS.contains(&&rest[vowels..])
    })
}

/// A word of an all-caps heading that stays as printed.
fn keeps_caps(word: &str) -> bool {
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() {
        return false;
    }
    if core.chars().any(|c| c.is_ascii_digit() || c == '&') {
        return true;
    }
    core.split(['-', '.', '/'])
        .any(|part| !part.is_empty() && !is_syllable(part))
}

/// `text` in sentence case, keeping acronyms and restoring place names' capitals. Only
/// words in all caps are touched; the first letter, and the first after a `:`, is capital.
pub(super) fn sentence_case(text: &str, vocab: &Vocabulary) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut cap_next = true;
    for w in text.split(' ').filter(|w| !w.is_empty()) {
        let all_caps = w.chars().any(char::is_uppercase) && !w.chars().any(char::is_lowercase);
        let mut word = if all_caps && !keeps_caps(w) {
            w.to_lowercase()
        } else {
            w.to_string()
        };
        if cap_next {
            word = upper_first_letter(&word);
        }
        cap_next = w.ends_with(':') || w.ends_with('?') || w.ends_with('!');
        out.push(word);
    }
    restore_names(&mut out, vocab);
    out.join(" ")
}

fn upper_first_letter(w: &str) -> String {
    match w.find(char::is_alphanumeric) {
        Some(i) => format!("{}{}", &w[..i], upper_first(&w[i..])),
        None => w.to_string(),
    }
}

/// Capitalize each word of the vocabulary's proper names found in `words`.
fn restore_names(words: &mut [String], vocab: &Vocabulary) {
    let joined = words.join(" ");
    let toks = Tokens::new(&joined);
    // Map tokens back to words: each word holds one or more tokens, in order.
    let mut owner = Vec::with_capacity(toks.len());
    for (wi, w) in words.iter().enumerate() {
        let n = Tokens::new(w).len();
        owner.extend(std::iter::repeat_n(wi, n));
    }
    if owner.len() != toks.len() {
        return;
    }
    let mut i = 0;
    while i < toks.len() {
        match vocab.proper_name_at(&toks, i) {
            Some((_, len)) => {
                for &wi in &owner[i..i + len] {
                    if !words[wi].chars().any(char::is_uppercase)
                        || words[wi].chars().any(char::is_lowercase)
                    {
                        words[wi] = upper_first_letter(&words[wi]);
                    }
                }
                i += len;
            }
            None => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_and_acronyms() {
        for w in [
            "NHỮNG", "VẤN", "ĐỀ", "CHUNG", "KHOA", "HỌC", "NGHỆ", "QUẢNG", "GÌ", "TRIỂN", "KHUYẾN",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in ["UBND", "KHCN", "ISO", "TP", "HĐND", "FPT", "COVID", "OCOP"] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn rubrics_in_sentence_case() {
        let v = Vocabulary::builtin();
        assert_eq!(
            sentence_case("NHỮNG VẤN ĐỀ CHUNG", &v),
            "Những vấn đề chung"
        );
        assert_eq!(
            sentence_case("TIN HOẠT ĐỘNG KH&CN TỈNH QUẢNG NINH", &v),
            "Tin hoạt động KH&CN tỉnh Quảng Ninh"
        );
        assert_eq!(
            sentence_case("UBND TP HẠ LONG: ĐẨY MẠNH CHUYỂN ĐỔI SỐ", &v),
            "UBND TP Hạ Long: Đẩy mạnh chuyển đổi số"
        );
        assert_eq!(
            sentence_case("XÁC ĐỊNH 6 NHIỆM VỤ TRỌNG TÂM", &v),
            "Xác định 6 nhiệm vụ trọng tâm"
        );
        assert_eq!(
            sentence_case("KINH TẾ - XÃ HỘI VIỆT NAM", &v),
            "Kinh tế - xã hội Việt Nam"
        );
    }
}

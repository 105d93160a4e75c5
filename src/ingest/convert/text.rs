//! Small text helpers shared by the classifiers: word counts, letter case, punctuation,
//! and the folded keys used to compare titles and vocabulary terms.

/// Number of whitespace-separated words.
///
/// Lines are already cleaned (spaces are ASCII), so this counts on bytes.
pub(super) fn words(s: &str) -> usize {
    // A word is a run of non-spaces holding a letter or digit (a lone `-` is not one).
    let mut n = 0;
    let mut counted = false;
    for &b in s.as_bytes() {
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            counted = false;
        } else if !counted && (b.is_ascii_alphanumeric() || b >= 0x80) {
            n += 1;
            counted = true;
        }
    }
    n
}

/// Whether `c` is a letter or digit, with a fast path for ASCII and Vietnamese letters.
#[inline]
pub(super) fn is_alnum(c: char) -> bool {
    match c as u32 {
        0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A => true,
        0..=0x7F => false,
        0xC0..=0xFF => c != '\u{D7}' && c != '\u{F7}',
        0x100..=0x24F | 0x1EA0..=0x1EFF => true,
        _ => c.is_alphanumeric(),
    }
}

/// Append the lowercase form of `c` to `out`, with a fast path for ASCII and Vietnamese.
#[inline(always)]
pub(super) fn push_lower(out: &mut String, c: char) {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A => Some(u + 0x20),
        0..=0x7F => Some(u),
        0xC0..=0xDE if u != 0xD7 => Some(u + 0x20),
        0xDF..=0xFF => Some(u),
        // Latin Extended-A pairs used in Vietnamese: Ă ă, Đ đ, Ĩ ĩ, Ũ ũ.
        0x102 | 0x110 | 0x128 | 0x168 => Some(u + 1),
        0x103 | 0x111 | 0x129 | 0x169 => Some(u),
        // Ơ ơ, Ư ư.
        0x1A0 | 0x1AF => Some(u + 1),
        0x1A1 | 0x1B0 => Some(u),
        // Latin Extended Additional (Vietnamese tones): even upper, odd lower.
        0x1EA0..=0x1EF9 => Some(u | 1),
        _ => None,
    };
    match lower.and_then(char::from_u32) {
        Some(l) => out.push(l),
        None => out.extend(c.to_lowercase()),
    }
}

/// True when the text has at least `min` uppercase letters and no lowercase letter.
pub(super) fn is_all_caps(s: &str, min: usize) -> bool {
    let mut upper = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            upper += 1;
        }
    }
    upper >= min
}

/// Whether the first letter or digit of `s` is uppercase or a digit (quotes skipped).
pub(super) fn starts_upper(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The text without closing quotes and brackets at its end.
pub(super) fn strip_closers(s: &str) -> &str {
    s.trim_end_matches(['”', '"', '\'', '’', ')', ']', '»', '*', ' '])
}

/// Ends like a sentence or a clause: `.`, `;`, `:` or `,` (an ellipsis does not count).
pub(super) fn ends_with_clause_mark(s: &str) -> bool {
    let t = strip_closers(s);
    if t.ends_with("...") || t.ends_with('…') {
        return false;
    }
    t.ends_with(['.', ';', ':', ','])
}

/// Ends with a full stop (not an ellipsis), `!` or `?`.
pub(super) fn ends_with_stop(s: &str) -> bool {
    let t = strip_closers(s);
    if t.ends_with("...") || t.ends_with('…') {
        return false;
    }
    t.ends_with(['.', '!', '?'])
}

/// How many sentences the text seems to hold: `. `, `! ` or `? ` followed by an uppercase
/// letter ends one, except after a list number (`1. Thực trạng`) or an abbreviation
/// (`TS. Nguyễn`, `TP. Hạ Long`, `P.V`).
pub(super) fn sentence_count(s: &str) -> usize {
    let mut n = 1;
    let b = s.as_bytes();
    for (i, &x) in b.iter().enumerate() {
        if !matches!(x, b'.' | b'!' | b'?') || b.get(i + 1) != Some(&b' ') {
            continue;
        }
        let next_upper = s[i + 2..].chars().next().is_some_and(char::is_uppercase);
        if !next_upper {
            continue;
        }
        if x == b'.' {
            let word = s[..i].rsplit(' ').next().unwrap_or("");
            let numbering = !word.is_empty()
                && word.len() <= 4
                && i == word.len()
                && word
                    .chars()
                    .all(|c| c.is_ascii_digit() || "IVXivx".contains(c));
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            let abbreviation = (1..=5).contains(&letters)
                && word.starts_with(char::is_uppercase)
                && (word.contains('.') || !super::casing::is_syllable(word));
            if numbering || abbreviation {
                continue;
            }
        }
        n += 1;
    }
    n
}

/// Old-style tone placement (`hoà`, `thuỷ`) folded to the new style (`hòa`, `thủy`) at the
/// end of a lowercase syllable, so both spellings compare equal.
pub(super) fn fold_tone(word: &mut String) {
    let _ = fold_tone_from(word, 0);
}

/// [`fold_tone`] on the word that starts at byte `start` of `buf` and runs to its end;
/// says whether the word changed.
pub(super) fn fold_tone_from(buf: &mut String, start: usize) -> bool {
    if buf.len() < start + 3 || buf.as_bytes().last().is_none_or(u8::is_ascii) {
        return false;
    }
    let Some(last) = buf[start..].chars().next_back() else {
        return false;
    };
    let (vowel, moved) = match last {
        'à' => ('o', "òa"),
        'á' => ('o', "óa"),
        'ả' => ('o', "ỏa"),
        'ã' => ('o', "õa"),
        'ạ' => ('o', "ọa"),
        'è' => ('o', "òe"),
        'é' => ('o', "óe"),
        'ẻ' => ('o', "ỏe"),
        'ẽ' => ('o', "õe"),
        'ẹ' => ('o', "ọe"),
        'ỳ' => ('u', "ùy"),
        'ý' => ('u', "úy"),
        'ỷ' => ('u', "ủy"),
        'ỹ' => ('u', "ũy"),
        'ỵ' => ('u', "ụy"),
        _ => return false,
    };
    let cut = buf.len() - last.len_utf8();
    if cut > start && buf.as_bytes()[cut - 1] == vowel as u8 {
        buf.truncate(cut - 1);
        buf.push_str(moved);
        return true;
    }
    false
}

/// A comparison key: lowercase letters and digits only, tones folded to one placement, so
/// `KT- XH` and `KT-XH`, or `Lan toả` and `Lan tỏa`, give the same key.
pub(super) fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    for c in s.chars() {
        if is_alnum(c) {
            push_lower(&mut word, c);
        } else if !word.is_empty() {
            fold_tone(&mut word);
            out.push_str(&word);
            word.clear();
        }
    }
    if !word.is_empty() {
        fold_tone(&mut word);
        out.push_str(&word);
    }
    out
}

/// Similarity of two keys in `[0, 1]`: the Dice coefficient of their character bigrams.
pub(super) fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() < 2 || b.len() < 2 {
        return if a == b { 1.0 } else { 0.0 };
    }
    let mut grams: Vec<(char, char)> = a.windows(2).map(|w| (w[0], w[1])).collect();
    grams.sort_unstable();
    let mut other: Vec<(char, char)> = b.windows(2).map(|w| (w[0], w[1])).collect();
    other.sort_unstable();
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < grams.len() && j < other.len() {
        match grams[i].cmp(&other[j]) {
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    (2 * common) as f64 / (grams.len() + other.len()) as f64
}

/// Cut `s` to at most `max` characters at a word boundary, adding `…` when cut.
pub(super) fn cut_at_word(s: &str, max: usize) -> String {
    let Some((end, _)) = s.char_indices().nth(max) else {
        return s.to_string();
    };
    let head = &s[..end];
    let head = match head.rfind(' ') {
        Some(sp) if sp > end / 2 => &head[..sp],
        _ => head,
    };
    let head = head.trim_end_matches([',', ';', ':', ' ', '-']);
    format!("{head}…")
}

/// Uppercase the first letter of `s`.
pub(super) fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lowercase the first letter of `s` unless the second letter is uppercase too (an acronym).
pub(super) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), s.chars().nth(1)) {
        (Some(c), Some(d)) if !d.is_uppercase() => c.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_spacing_dashes_and_tone_placement() {
        assert_eq!(fold_key("KT- XH tỉnh"), fold_key("KT-XH  tỉnh"));
        assert_eq!(fold_key("Lan toả"), fold_key("lan tỏa"));
        assert_eq!(fold_key("Xuân Thuỷ"), fold_key("Xuân Thủy"));
        assert_ne!(fold_key("Hoàng"), fold_key("Hoà ng"));
    }

    #[test]
    fn punctuation_checks() {
        assert!(ends_with_clause_mark("Một câu."));
        assert!(ends_with_clause_mark("“Một câu.”"));
        assert!(!ends_with_clause_mark("Đặt mục tiêu…"));
        assert!(!ends_with_clause_mark("Đặt mục tiêu..."));
        assert_eq!(sentence_count("Một. Hai câu. ba"), 2);
        assert_eq!(sentence_count("TS. Nguyễn Văn A"), 1);
        assert_eq!(sentence_count("1. Thực trạng"), 1);
        assert_eq!(sentence_count("Ông đến TP. Hạ Long. Rồi về."), 2);
        assert!(is_all_caps("NHỮNG VẤN ĐỀ CHUNG", 4));
        assert!(!is_all_caps("Những vấn đề", 4));
    }

    #[test]
    fn similarity_and_cuts() {
        assert!(similarity("abcdef", "abcdef") > 0.99);
        assert!(similarity("abcdef", "abcdeg") > 0.7);
        assert!(similarity("abc", "xyz") < 0.01);
        assert_eq!(cut_at_word("một hai ba bốn", 9), "một hai…");
        assert_eq!(lower_first("Ông Ba"), "ông Ba");
        assert_eq!(lower_first("UBND"), "UBND");
    }
}

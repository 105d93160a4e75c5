//! Bytes → clean NFC lines that keep their original line numbers.
//!
//! Handles a UTF-8 BOM, CRLF and lone CR line ends, decomposed Unicode (normalized to
//! NFC), non-breaking and zero-width spaces, tabs, runs of spaces and trailing blanks.
//! Bytes that are not UTF-8 are decoded as Windows-1258 (the Vietnamese Windows code
//! page) with a warning; text that decodes to control characters is refused with the byte
//! offset, since it is most likely a binary file or another encoding (UTF-16, …).

use std::path::Path;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::diag::Diagnostic;
use crate::ingest::IngestError;

/// One line of the raw text, cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the seed.
    pub no: usize,
    /// The cleaned text (trimmed, NFC, single spaces); may be empty.
    pub text: String,
}

/// The decoded text, line by line.
#[derive(Debug, Clone, Default)]
pub struct Decoded {
    /// Every line of the file, cleaned, in order (empty lines included).
    pub lines: Vec<Line>,
    /// Warnings (legacy encoding).
    pub warnings: Vec<Diagnostic>,
    /// Word count of each line (as `text::words` counts), taken in the
    /// same pass that finds the line, so later steps need not scan every line again.
    pub words: Vec<usize>,
}

/// Decode `bytes` (the file at `path`) into clean lines.
pub fn decode(bytes: &[u8], path: &Path) -> Result<Decoded, IngestError> {
    let mut warnings = Vec::new();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bom = bytes.len() - body.len();
    if let Some(pos) = body.iter().position(|&b| b == 0) {
        return Err(decode_error(
            path,
            bom + pos,
            "a NUL byte: this looks like a binary file or UTF-16 text; save it as UTF-8",
        ));
    }
    let text: std::borrow::Cow<'_, str> = match std::str::from_utf8(body) {
        Ok(t) => t.into(),
        Err(e) => {
            let bad = e.valid_up_to();
            let (decoded, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(body);
            // Windows-1258 maps one byte to one char, so char index == byte offset.
            if let Some((i, _)) = decoded
                .chars()
                .enumerate()
                .find(|(_, c)| is_bad_control(*c))
            {
                return Err(decode_error(
                    path,
                    bom + i,
                    "not UTF-8, and not sensible Windows-1258 text either; save the file as UTF-8",
                ));
            }
            warnings.push(
                Diagnostic::new(
                    path,
                    format!("not valid UTF-8 (byte {}); read as Windows-1258 (Vietnamese Windows code page)", bom + bad),
                )
                .with_hint("check the accents in the output, and save the seed as UTF-8 to silence this warning"),
            );
            decoded.into_owned().into()
        }
    };
    let mut lines = Vec::with_capacity(text.len() / 64 + 1);
    let mut counts = Vec::with_capacity(text.len() / 64 + 1);
    let b = text.as_bytes();
    let mut start = 0;
    let mut no = 0;
    loop {
        no += 1;
        let (end, simple, mut n) = scan_line(b, start);
        let line = &text[start..end];
        let cleaned = if simple {
            line.trim_matches(' ').to_string()
        } else if only_space_trouble(line) {
            // Non-breaking and repeated spaces only: no NFC or invisible characters.
            let mut out = String::with_capacity(line.len());
            for w in line.split([' ', '\u{a0}']).filter(|w| !w.is_empty()) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
            }
            out
        } else {
            if let Some(pos) = first_bad_control(line) {
                return Err(decode_error(
                    path,
                    bom + start + pos,
                    "a control character that plain text does not contain; save the file as UTF-8 text",
                ));
            }
            clean_line(line)
        };
        if !simple {
            // Cleaning may have joined or split words (invisible characters, NFC).
            n = super::text::words(&cleaned);
        }
        lines.push(Line { no, text: cleaned });
        counts.push(n);
        if end >= b.len() {
            break;
        }
        start = end
            + if b[end] == b'\r' && b.get(end + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
    }
    // A final line end does not start another line.
    if lines.last().is_some_and(|l| l.text.is_empty())
        && (text.ends_with('\n') || text.ends_with('\r'))
    {
        lines.pop();
        counts.pop();
    }
    Ok(Decoded {
        lines,
        warnings,
        words: counts,
    })
}

fn decode_error(path: &Path, offset: usize, message: &str) -> IngestError {
    IngestError::Decode {
        path: path.to_path_buf(),
        offset,
        message: message.to_string(),
    }
}

/// Byte offset of the first control character (or U+FFFD) in `text`, scanning bytes.
fn first_bad_control(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let bad = match x {
            b'\t' | b'\n' | b'\r' | 0x0C => false,
            0..=0x1F | 0x7F => true,
            0xC2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
            0xEF => b.get(i + 1) == Some(&0xBF) && b.get(i + 2) == Some(&0xBD),
            _ => false,
        };
        if bad {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn is_bad_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')) || c == '\u{FFFD}'
}

/// Find the end of the line starting at `start` (the next `\n` or `\r`, or the end),
/// whether it is [simple](is_simple), and its word count (as [`words`](super::text::words)
/// counts them), in one pass over its bytes. `b` is valid UTF-8, so a multi-byte
/// character is looked at once, by its lead byte, and its continuation bytes skipped.
#[inline]
fn scan_line(b: &[u8], start: usize) -> (usize, bool, usize) {
    let mut i = start;
    let mut simple = true;
    let mut prev_space = false;
    let mut words = 0;
    // Inside a run of non-separators that has been counted as a word.
    let mut counted = false;
    while i < b.len() {
        let x = b[i];
        let f = BYTE_CLASS[x as usize];
        if f & (LINE_END | HIGH) == 0 {
            // ASCII inside the line: flags combined without branches, since spaces and
            // letters alternate too irregularly for branches to be predicted.
            let space = f & SPACE != 0;
            simple &= !(space & prev_space) & (f & CONTROL == 0);
            prev_space = space;
            let word = f & WORD != 0;
            words += usize::from(word & !counted);
            counted = (counted | word) & (f & SEPARATOR == 0);
            i += 1;
            continue;
        }
        if f & LINE_END != 0 {
            return (i, simple, words);
        }
        prev_space = false;
        if !counted {
            words += 1;
            counted = true;
        }
        if simple {
            simple = simple_multibyte(b, i);
        }
        i += match x {
            0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
    }
    (i, simple, words)
}

// Classes of bytes for `scan_line`.
const WORD: u8 = 1;
const SPACE: u8 = 2;
const SEPARATOR: u8 = 4;
const CONTROL: u8 = 8;
const LINE_END: u8 = 16;
const HIGH: u8 = 32;

/// The class of each byte: letters and digits (a word), the space, separators between
/// words (space and tab), other control characters, line ends, and non-ASCII bytes.
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let x = i as u8;
        t[i] = if x == b'\n' || x == b'\r' {
            LINE_END
        } else if x >= 0x80 {
            HIGH
        } else if x == b' ' {
            SPACE | SEPARATOR
        } else if x == b'\t' {
            CONTROL | SEPARATOR
        } else if x < 0x20 || x == 0x7F {
            CONTROL
        } else if x.is_ascii_alphanumeric() {
            WORD
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Whether the multi-byte character at `i` is one [`is_simple`] allows (continuation
/// bytes are allowed as they come).
#[inline(always)]
fn simple_multibyte(b: &[u8], i: usize) -> bool {
    match b[i] {
        0x80..=0xBF => true,
        0xC2 => b.get(i + 1).is_some_and(|&n| n >= 0xA1 && n != 0xAD),
        0xC3..=0xC5 => true,
        0xC6 => b.get(i + 1).is_some_and(|&n| n <= 0xB0),
        0xE1 => matches!(b.get(i + 1), Some(0xBA) | Some(0xBB)),
        0xE2 => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(&n)) => (0x90..=0xA7).contains(&n) || n >= 0xB0,
            (Some(0x81), Some(&n)) => n <= 0x9E,
            _ => false,
        },
        _ => false,
    }
}

/// Whether the line would be [simple](is_simple) with its non-breaking spaces as spaces
/// and its runs of spaces collapsed.
fn only_space_trouble(line: &str) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            if x < 0x20 || x == 0x7F {
                return false;
            }
            i += 1;
            continue;
        }
        let nbsp = x == 0xC2 && b.get(i + 1) == Some(&0xA0);
        if !nbsp && !simple_multibyte(b, i) {
            return false;
        }
        i += 1;
    }
    true
}

/// A line that needs no cleaning beyond trimming spaces: single ASCII spaces, and only
/// characters that are already NFC and neither spaces nor invisible (ASCII, Latin letters
/// U+00A1–U+01BF except the soft hyphen, Vietnamese letters, general punctuation). Checked
/// on bytes: this runs on every line.
fn is_simple(line: &str) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    let mut prev_space = false;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            if x == b' ' {
                if prev_space {
                    return false;
                }
                prev_space = true;
            } else if x < 0x20 || x == 0x7F {
                return false;
            } else {
                prev_space = false;
            }
            i += 1;
            continue;
        }
        prev_space = false;
        let ok = match x {
            0xC2 => b.get(i + 1).is_some_and(|&n| n >= 0xA1 && n != 0xAD),
            0xC3..=0xC5 => true,
            0xC6 => b.get(i + 1).is_some_and(|&n| n <= 0xB0),
            0xE1 => matches!(b.get(i + 1), Some(0xBA) | Some(0xBB)),
            0xE2 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(&n)) => (0x90..=0xA7).contains(&n) || n >= 0xB0,
                (Some(0x81), Some(&n)) => n <= 0x9E,
                _ => false,
            },
            _ => false,
        };
        if !ok {
            return false;
        }
        i += if x >= 0xE0 { 3 } else { 2 };
    }
    true
}

/// Characters that are spaces for our purposes.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{3000}')
}

/// Characters that are dropped: zero-width spaces and joiners, BOMs inside text, soft
/// hyphens, direction marks.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{200E}'
            | '\u{200F}'
    )
}

/// One line: NFC, invisible characters removed, any run of spaces as one space, trimmed.
pub fn clean_line(line: &str) -> String {
    if is_simple(line) {
        return line.trim_matches(' ').to_string();
    }
    let nfc: std::borrow::Cow<'_, str> = if is_nfc_quick(line.chars()) == IsNormalized::Yes {
        line.into()
    } else {
        line.nfc().collect::<String>().into()
    };
    let mut out = String::with_capacity(nfc.len());
    let mut space = false;
    for c in nfc.chars() {
        if is_invisible(c) {
            continue;
        }
        if is_space(c) || c == '\u{0C}' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Encode `text` as Windows-1258 (base letters with their circumflex, breve or horn
/// precomposed, tone marks as combining characters), or `None` when some character has no
/// Windows-1258 form. For tests and tools that need legacy-encoded input.
pub fn encode_windows_1258(text: &str) -> Option<Vec<u8>> {
    let mut prepared = String::with_capacity(text.len() + 16);
    let mut base: Option<char> = None;
    let mut tones = String::new();
    let flush = |prepared: &mut String, base: &mut Option<char>, tones: &mut String| {
        if let Some(b) = base.take() {
            prepared.push(b);
        }
        prepared.push_str(tones);
        tones.clear();
    };
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            let keeps = matches!(c, '\u{0302}' | '\u{0306}' | '\u{031B}');
            match base.and_then(|b| {
                keeps
                    .then(|| unicode_normalization::char::compose(b, c))
                    .flatten()
            }) {
                Some(composed) => base = Some(composed),
                None => tones.push(c),
            }
        } else {
            flush(&mut prepared, &mut base, &mut tones);
            base = Some(c);
        }
    }
    flush(&mut prepared, &mut base, &mut tones);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&prepared);
    (!unmappable).then(|| bytes.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(bytes: &[u8]) -> Vec<String> {
        decode(bytes, Path::new("x.txt"))
            .unwrap()
            .lines
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn line_ends_bom_and_spaces() {
        assert_eq!(texts(b"\xEF\xBB\xBFa\r\nb\rc\n"), vec!["a", "b", "c"]);
        assert_eq!(
            texts("a\u{a0}\u{a0}b \t \n\u{a0}\n".as_bytes()),
            vec!["a b", ""]
        );
        assert_eq!(texts("x\u{200b}y".as_bytes()), vec!["xy"]);
    }

    #[test]
    fn nfd_becomes_nfc() {
        let nfd: String = "Quảng Ninh".nfd().collect();
        assert_eq!(texts(nfd.as_bytes()), vec!["Quảng Ninh"]);
    }

    #[test]
    fn windows_1258_is_decoded_with_a_warning() {
        let bytes = encode_windows_1258("Quảng Ninh đổi mới").unwrap();
        let d = decode(&bytes, Path::new("x.txt")).unwrap();
        assert_eq!(d.lines[0].text, "Quảng Ninh đổi mới");
        assert_eq!(d.warnings.len(), 1);
    }

    #[test]
    fn binary_is_refused_with_an_offset() {
        match decode(b"abc\x00def", Path::new("x.txt")) {
            Err(IngestError::Decode { offset, .. }) => assert_eq!(offset, 3),
            other => panic!("{other:?}"),
        }
        assert!(decode(b"ab\x01", Path::new("x.txt")).is_err());
    }
}

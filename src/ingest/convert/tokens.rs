//! Text split into folded tokens (lowercase, tone placement unified) for matching the
//! vocabulary, with each token's case in the text read on demand.

use super::text::{fold_tone_from, is_alnum, push_lower};

/// Uppercase test with a fast path for ASCII and Vietnamese letters.
#[inline]
fn is_upper(c: char) -> bool {
    match c as u32 {
        0x41..=0x5A => true,
        0..=0x7F => false,
        0xC0..=0xDE => c != '\u{D7}',
        0x1EA0..=0x1EF9 => c as u32 & 1 == 0,
        _ => c.is_uppercase(),
    }
}

/// Text split into folded tokens; each token's case in the text is read on demand.
#[derive(Debug, Default)]
pub struct Tokens<'a> {
    text: &'a str,
    buf: String,
    /// (folded start, folded end, original start, original end) in bytes.
    spans: Vec<(u32, u32, u32, u32)>,
    /// Per token, its FNV-1a state (see [`token_state`]).
    states: Vec<u32>,
}

/// The character starting at byte `i` of `b` (valid UTF-8: it comes from a `&str`) and
/// its width, decoded by hand: this runs on every character of every article, and
/// slicing the `str` at each character to decode it costs a boundary check each time.
#[inline]
fn char_at(b: &[u8], i: usize) -> (char, usize) {
    let x = b[i];
    let cont = |k: usize| u32::from(b[i + k] & 0x3F);
    let (u, width) = match x {
        0..=0x7F => return (x as char, 1),
        0x80..=0xDF => ((u32::from(x & 0x1F) << 6) | cont(1), 2),
        0xE0..=0xEF => ((u32::from(x & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => (
            (u32::from(x & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
    };
    (char::from_u32(u).unwrap_or(' '), width)
}

/// FNV-1a's starting state, which is also the state of the empty token that stands for
/// left-out tokens.
const FNV_OFFSET: u32 = 0x811c_9dc5;

#[inline]
fn fnv_step(h: u32, b: u8) -> u32 {
    (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
}

#[inline]
fn fnv_finish(h: u32) -> u16 {
    (h ^ (h >> 16)) as u16
}

/// The FNV-1a state of a folded token: the vocabulary's index key for it.
#[inline]
pub(super) fn token_state(s: &str) -> u32 {
    s.bytes().fold(FNV_OFFSET, fnv_step)
}

/// A 16-bit hash of a folded token (FNV-1a folded), for the token filters.
#[inline]
pub(super) fn token_hash(s: &str) -> u16 {
    fnv_finish(token_state(s))
}

impl<'a> Tokens<'a> {
    /// Split `text` into tokens: runs of letters, digits and `&`.
    pub fn new(text: &'a str) -> Tokens<'a> {
        Tokens::build(text, None)
    }

    /// Tokens of `text` whose 16-bit hash has its bit set in `keep`; see
    /// `Tokens::for_vocab`.
    pub(super) fn build(text: &'a str, keep: Option<&[u64]>) -> Tokens<'a> {
        let mut t = Tokens {
            text,
            buf: String::with_capacity(if keep.is_some() { 64 } else { text.len() }),
            spans: Vec::with_capacity(if keep.is_some() { 16 } else { text.len() / 5 }),
            states: Vec::with_capacity(if keep.is_some() { 16 } else { text.len() / 5 }),
        };
        let mut start = 0usize;
        let mut orig = 0usize;
        let mut open = false;
        // FNV-1a state of the open token's folded bytes, hashed as they are written so
        // closing a token needs no second pass over it.
        let mut h = FNV_OFFSET;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i <= bytes.len() {
            // Past the end, a space closes the last token.
            let x = bytes.get(i).copied().unwrap_or(b' ');
            if x < 0x80 {
                // ASCII: no decoding, lowercase by bit.
                if x.is_ascii_alphanumeric() || (x == b'&' && open) {
                    if !open {
                        open = true;
                        start = t.buf.len();
                        orig = i;
                        h = FNV_OFFSET;
                    }
                    let l = x.to_ascii_lowercase();
                    t.buf.push(char::from(l));
                    h = fnv_step(h, l);
                } else if open {
                    open = false;
                    t.close(start, orig, i, h, keep);
                }
                i += 1;
                continue;
            }
            // Vietnamese letters with a tone mark (U+1EA0–U+1EF9: E1 BA A0 … E1 BB B9), the
            // commonest non-ASCII characters: the lowercase is the odd code point, so its
            // last byte is the printed one with the low bit set.
            if x == 0xE1 {
                if let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2)) {
                    if (b1 == 0xBA && b2 >= 0xA0) || (b1 == 0xBB && b2 <= 0xB9) {
                        if !open {
                            open = true;
                            start = t.buf.len();
                            orig = i;
                            h = FNV_OFFSET;
                        }
                        let lower = b2 | 1;
                        let u = 0x1000 | (u32::from(b1 & 0x3F) << 6) | u32::from(lower & 0x3F);
                        t.buf.push(char::from_u32(u).unwrap_or(' '));
                        h = fnv_step(fnv_step(fnv_step(h, 0xE1), b1), lower);
                        i += 3;
                        continue;
                    }
                }
            }
            let (c, width) = char_at(bytes, i);
            if is_alnum(c) {
                if !open {
                    open = true;
                    start = t.buf.len();
                    orig = i;
                    h = FNV_OFFSET;
                }
                let before = t.buf.len();
                push_lower(&mut t.buf, c);
                for &b in &t.buf.as_bytes()[before..] {
                    h = fnv_step(h, b);
                }
            } else if open {
                open = false;
                t.close(start, orig, i, h, keep);
            }
            i += width;
        }
        t
    }

    /// Close the token written to `buf[start..]` (from `text[orig..end]`) whose folded
    /// bytes hash to the FNV state `h`: fold its tone placement, then keep it, or drop it
    /// when `keep` says no term has it.
    #[inline]
    fn close(&mut self, start: usize, orig: usize, end: usize, h: u32, keep: Option<&[u64]>) {
        // Only a word ending in a non-ASCII letter can have its tone moved.
        let state = if !self.buf.as_bytes().last().is_some_and(u8::is_ascii)
            && fold_tone_from(&mut self.buf, start)
        {
            token_state(&self.buf[start..])
        } else {
            h
        };
        let h = fnv_finish(state);
        let kept = keep.is_none_or(|bits| bits[h as usize >> 6] & (1 << (h & 63)) != 0);
        if kept {
            self.spans
                .push((start as u32, self.buf.len() as u32, orig as u32, end as u32));
            self.states.push(state);
        } else {
            self.buf.truncate(start);
            // One empty token stands for the run of tokens left out.
            if self.spans.last().is_none_or(|s| s.0 != s.1) {
                self.spans
                    .push((start as u32, start as u32, orig as u32, orig as u32));
                self.states.push(FNV_OFFSET);
            }
        }
    }

    /// How many tokens.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The folded token `i`.
    pub fn get(&self, i: usize) -> &str {
        let (s, e, _, _) = self.spans[i];
        &self.buf[s as usize..e as usize]
    }

    /// 0 lowercase, 1 capitalized (or a number), 2 all caps (two letters or more).
    pub fn case(&self, i: usize) -> u8 {
        let (_, _, s, e) = self.spans[i];
        let word = &self.text[s as usize..e as usize];
        let mut letters = 0;
        let mut upper = 0;
        for c in word.chars().filter(|c| !c.is_ascii_digit() && *c != '&') {
            letters += 1;
            if is_upper(c) {
                upper += 1;
            }
        }
        if letters > 1 && upper == letters {
            2
        } else {
            u8::from(word.starts_with(|c: char| c.is_ascii_digit() || is_upper(c)))
        }
    }

    /// The 16-bit hash of token `i` (see [`token_hash`]).
    pub(super) fn hash(&self, i: usize) -> u16 {
        fnv_finish(self.states[i])
    }

    /// The FNV-1a state of token `i` (see [`token_state`]).
    pub(super) fn state(&self, i: usize) -> u32 {
        self.states[i]
    }
}

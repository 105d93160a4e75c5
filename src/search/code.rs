//! The compact text codes of the index: small numbers and article-id sets written with
//! the 64 characters `A–Z a–z 0–9 - _`, which JSON strings carry without escapes.
//!
//! - A **number** is written 5 bits per character, lowest bits first; a character with
//!   the value 32 added means more characters follow (0–31 take one character,
//!   32–1023 two).
//! - An **id list** (sorted, distinct) is `d` followed by the gaps between ids as numbers
//!   (the gap before the first id is the id itself, then `next - previous - 1`), or `b`
//!   followed by a bitmap, 6 ids per character (bit `i` of character `k` is id `6k + i`),
//!   whichever is shorter: a word in most articles costs one bit per article.
//!
//! `static/search.js` reads them (`num`, `ids`).

/// The 64 characters, by value.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Append `n` to `out`.
pub fn push_num(out: &mut String, mut n: u64) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(ALPHABET[low] as char);
            return;
        }
        out.push(ALPHABET[low | 32] as char);
    }
}

/// Append the gap from `prev` (the id before, or none) to `id`.
pub fn push_gap(out: &mut String, prev: Option<u32>, id: u32) {
    let gap = match prev {
        None => id,
        Some(p) => id - p - 1,
    };
    push_num(out, u64::from(gap));
}

/// `ids` (sorted, distinct) as an id list, the shorter of its two codes.
pub fn ids(ids: &[u32]) -> String {
    ids_of(ids.iter().copied())
}

/// [`ids`] of the ids `ids` yields (sorted, distinct), read once or twice: no list of
/// them is made (the index codes lists picked out of postings).
pub fn ids_of(ids: impl Iterator<Item = u32> + Clone) -> String {
    let mut gaps = String::from("d");
    let mut prev = None;
    for id in ids.clone() {
        push_gap(&mut gaps, prev, id);
        prev = Some(id);
    }
    let Some(last) = prev else {
        return gaps;
    };
    let chars = last as usize / 6 + 1;
    if chars + 1 >= gaps.len() {
        return gaps;
    }
    let mut bits = vec![0u8; chars];
    for id in ids {
        bits[id as usize / 6] |= 1 << (id % 6);
    }
    let mut out = String::with_capacity(chars + 1);
    out.push('b');
    out.extend(bits.iter().map(|&b| ALPHABET[b as usize] as char));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading side, as search.js does it.
    fn read_nums(s: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let (mut n, mut shift) = (0u64, 0);
        for c in s.bytes() {
            let v = ALPHABET.iter().position(|&a| a == c).unwrap() as u64;
            n |= (v & 31) << shift;
            if v & 32 == 0 {
                out.push(n);
                n = 0;
                shift = 0;
            } else {
                shift += 5;
            }
        }
        out
    }

    fn read_ids(s: &str) -> Vec<u32> {
        match &s[..1] {
            "d" => {
                let mut prev: Option<u32> = None;
                read_nums(&s[1..])
                    .into_iter()
                    .map(|g| {
                        let id = prev.map_or(g as u32, |p| p + 1 + g as u32);
                        prev = Some(id);
                        id
                    })
                    .collect()
            }
            _ => {
                let mut out = Vec::new();
                for (k, c) in s[1..].bytes().enumerate() {
                    let v = ALPHABET.iter().position(|&a| a == c).unwrap();
                    for i in 0..6 {
                        if v & (1 << i) != 0 {
                            out.push((k * 6 + i) as u32);
                        }
                    }
                }
                out
            }
        }
    }

    #[test]
    fn numbers_round_trip() {
        let mut s = String::new();
        for n in [0, 1, 31, 32, 1023, 1024, 1 << 40] {
            push_num(&mut s, n);
        }
        assert_eq!(read_nums(&s), [0, 1, 31, 32, 1023, 1024, 1 << 40]);
        let mut one = String::new();
        push_num(&mut one, 31);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn sparse_lists_are_gaps_and_dense_ones_bitmaps() {
        let sparse = [3, 90, 4000];
        assert!(ids(&sparse).starts_with('d'));
        assert_eq!(read_ids(&ids(&sparse)), sparse);
        let dense: Vec<u32> = (0..1000).filter(|i| i % 3 != 0).collect();
        let code = ids(&dense);
        assert!(code.starts_with('b'));
        assert_eq!(code.len(), 1 + 1000 / 6 + 1);
        assert_eq!(read_ids(&code), dense);
        assert_eq!(ids(&[]), "d");
    }
}

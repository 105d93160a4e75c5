//! The articles holding one toned form, as the index keeps them while it reads: gaps
//! between articles, each with the fields the form is in, as variable-length numbers
//! (one or two bytes for most, against four for a plain number: at a million articles
//! the postings were the largest thing the build held).

/// `article << 3 | fields` for each article holding a form, by article.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Postings {
    /// Each entry as `(article − previous article) << 3 | fields`, LEB128 (the first
    /// entry's gap is from article 0).
    bytes: Vec<u8>,
    /// The last entry's article.
    last: u32,
    /// Entries.
    len: u32,
}

impl Postings {
    /// Add `entry` (`article << 3 | fields`), its article after every one held.
    #[inline]
    pub(super) fn push(&mut self, entry: u32) {
        let doc = entry >> 3;
        debug_assert!(self.len == 0 || doc > self.last, "articles in order");
        self.room();
        put(&mut self.bytes, (doc - self.last) << 3 | (entry & 7));
        self.last = doc;
        self.len += 1;
    }

    /// Room for one more entry, growing by a quarter: a vector's doubling left a third
    /// of the postings' memory unused on average (measured at 100k articles: 62 MB held
    /// for 42 MB of entries), and copying a growing list again costs little beside
    /// reading the text.
    #[inline]
    fn room(&mut self) {
        let (len, cap) = (self.bytes.len(), self.bytes.capacity());
        if cap - len < 5 {
            self.bytes.reserve_exact((cap / 4).max(16));
        }
    }

    /// Entries held.
    pub(super) fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether none is held.
    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Add every entry of `later`, whose articles all come after those held.
    pub(super) fn append(&mut self, later: Postings) {
        if later.is_empty() {
            return;
        }
        if self.is_empty() {
            *self = later;
            return;
        }
        // The first gap of `later` is from article 0: it is coded again from this one's
        // last article, and the rest copied as they are.
        let (first, used) = get(&later.bytes);
        let doc = first >> 3;
        debug_assert!(doc > self.last, "articles in order");
        put(&mut self.bytes, (doc - self.last) << 3 | (first & 7));
        self.bytes.extend_from_slice(&later.bytes[used..]);
        self.last = later.last;
        self.len += later.len;
    }

    /// The entries, `article << 3 | fields`.
    pub(super) fn to_vec(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.len());
        let (mut at, mut doc) = (0, 0);
        while at < self.bytes.len() {
            let (v, used) = get(&self.bytes[at..]);
            at += used;
            doc += v >> 3;
            out.push(doc << 3 | (v & 7));
        }
        out
    }
}

/// Append `v` as LEB128: seven bits a byte, low first, the high bit set on all but
/// the last.
#[inline]
fn put(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The LEB128 number at the start of `b`, and the bytes it takes.
#[inline]
fn get(b: &[u8]) -> (u32, usize) {
    let mut v = 0u32;
    for (i, &byte) in b.iter().enumerate() {
        v |= u32::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return (v, i + 1);
        }
    }
    (v, b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(entries: &[u32]) -> Postings {
        let mut p = Postings::default();
        entries.iter().for_each(|&e| p.push(e));
        p
    }

    #[test]
    fn entries_come_back_as_they_went_in() {
        let entries = [
            4, // article 0, in the body
            1 << 3 | 1,
            200 << 3 | 7,
            70_000 << 3 | 2,
            (u32::MAX >> 3) << 3 | 5,
        ];
        let p = of(&entries);
        assert_eq!(p.to_vec(), entries);
        assert_eq!(p.len(), 5);
        // Near articles take a byte each.
        assert_eq!(of(&[8, 16, 24, 32]).bytes.len(), 4);
    }

    #[test]
    fn appending_a_later_run_is_pushing_its_entries() {
        let (a, b) = (
            [3 << 3 | 1, 9 << 3 | 4],
            [10 << 3 | 2, 4000 << 3 | 1, 4001 << 3 | 7],
        );
        let mut joined = of(&a);
        joined.append(of(&b));
        let all: Vec<u32> = a.iter().chain(&b).copied().collect();
        assert_eq!(joined, of(&all));
        let mut empty = Postings::default();
        empty.append(of(&b));
        assert_eq!(empty, of(&b));
        let mut one = of(&a);
        one.append(Postings::default());
        assert_eq!(one, of(&a));
    }
}

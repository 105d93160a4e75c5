//! Readable URL slugs from Vietnamese text.
//!
//! Tones and other diacritics are removed (`Quảng Ninh` → `quang-ninh`), `Đ`/`đ` become `d`
//! (it is a distinct letter, not a `D` with a mark, so Unicode decomposition alone misses
//! it), everything else that is not a letter or digit becomes a single `-`.
//!
//! Folding is lossy: `Mưa` and `Mua` both give `mua`. [`SlugRegistry`] hands out distinct,
//! stable slugs when different names fold to the same one, and says so.

use std::collections::BTreeMap;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Longest slug we produce, in bytes; long titles are cut at a word boundary.
pub const MAX_SLUG_LEN: usize = 80;

/// Fold `text` into a URL slug: lowercase ASCII letters, digits and single dashes.
///
/// Letters outside Latin scripts are kept (lowercased) so a title in another script still
/// gets a readable slug rather than an empty one.
pub fn slugify(text: &str) -> String {
    // ASCII has nothing to decompose; file names written by ingest are ASCII slugs, and
    // linking a large archive slugs every one of them.
    if text.is_ascii() {
        fold_to_slug(text, text.chars())
    } else {
        fold_to_slug(text, text.nfd())
    }
}

/// The slug of `chars` (the characters of `text`, decomposed when they need to be).
fn fold_to_slug(text: &str, chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in chars {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    truncate_at_dash(out, MAX_SLUG_LEN)
}

fn truncate_at_dash(mut s: String, max: usize) -> String {
    if s.len() <= max {
        return s;
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    if let Some(dash) = s[..cut].rfind('-') {
        if dash > max / 2 {
            cut = dash;
        }
    }
    s.truncate(cut);
    s.trim_end_matches('-').to_string()
}

/// Hands out unique slugs within one namespace (tags, rubrics, articles of an issue).
///
/// Names are registered in a stable order (callers sort them first); the first name to
/// claim a slug keeps it, later distinct names that fold to the same slug get `-2`, `-3`, …
/// and a collision is recorded so the caller can warn, naming both.
#[derive(Debug, Default)]
pub struct SlugRegistry {
    by_slug: BTreeMap<String, String>,
    by_name: BTreeMap<String, String>,
    collisions: Vec<SlugCollision>,
}

/// Two distinct names that folded to the same slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlugCollision {
    /// The name that kept the plain slug.
    pub kept: String,
    /// The name that was given a suffixed slug.
    pub renamed: String,
    /// The slug both folded to.
    pub slug: String,
    /// The slug given to `renamed`.
    pub assigned: String,
}

impl SlugRegistry {
    /// An empty namespace.
    pub fn new() -> Self {
        Self::default()
    }

    /// The slug for `name`, the same every time the same name is asked for.
    pub fn assign(&mut self, name: &str) -> String {
        self.assign_with_base(name, &slugify(name))
    }

    /// Like [`assign`](Self::assign) but with a slug the caller already chose as the base.
    pub fn assign_with_base(&mut self, name: &str, base: &str) -> String {
        if let Some(s) = self.by_name.get(name) {
            return s.clone();
        }
        let base = if base.is_empty() { "-" } else { base };
        let base = base.trim_matches('-');
        let base = if base.is_empty() { "untitled" } else { base };
        let mut slug = base.to_string();
        let mut n = 2;
        while self.by_slug.contains_key(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        if slug != base {
            self.collisions.push(SlugCollision {
                kept: self.by_slug[base].clone(),
                renamed: name.to_string(),
                slug: base.to_string(),
                assigned: slug.clone(),
            });
        }
        self.by_slug.insert(slug.clone(), name.to_string());
        self.by_name.insert(name.to_string(), slug.clone());
        slug
    }

    /// Collisions seen so far, in the order they happened.
    pub fn collisions(&self) -> &[SlugCollision] {
        &self.collisions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(slugify("Quảng Ninh"), "quang-ninh");
        assert_eq!(slugify("Đồng Tâm"), "dong-tam");
        assert_eq!(slugify("đường"), "duong");
        assert_eq!(slugify("KH&CN"), "kh-cn");
        assert_eq!(slugify("  Những vấn đề chung  "), "nhung-van-de-chung");
        assert_eq!(slugify("ISO 9001:2015"), "iso-9001-2015");
    }

    #[test]
    fn the_ascii_path_gives_what_the_unicode_path_gives() {
        for t in [
            "01-bai-mot",
            "  Hello,  World!! ",
            "--a--b--",
            "ABC_def 123",
            "",
            "-",
            &"word-".repeat(40),
            "x".repeat(200).as_str(),
        ] {
            assert_eq!(
                fold_to_slug(t, t.chars()),
                fold_to_slug(t, t.nfd()),
                "{t:?}"
            );
        }
    }

    #[test]
    fn nfd_input_gives_the_same_slug() {
        let nfd: String = "Phổ biến kiến thức".nfd().collect();
        assert_eq!(slugify(&nfd), slugify("Phổ biến kiến thức"));
    }

    #[test]
    fn empty_and_symbol_only_text() {
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("--- !!"), "");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let s = slugify(&"chuyển đổi số ".repeat(20));
        assert!(s.len() <= MAX_SLUG_LEN);
        assert!(!s.ends_with('-'));
        assert!(s.ends_with("so") || s.ends_with("doi") || s.ends_with("chuyen"));
    }

    #[test]
    fn collisions_get_distinct_stable_slugs() {
        let mut r = SlugRegistry::new();
        assert_eq!(r.assign("Mua"), "mua");
        assert_eq!(r.assign("Mưa"), "mua-2");
        assert_eq!(r.assign("Mua"), "mua");
        assert_eq!(r.collisions().len(), 1);
        assert_eq!(r.collisions()[0].kept, "Mua");
        assert_eq!(r.collisions()[0].renamed, "Mưa");
    }
}

//! The shapes an article body's lines are judged by: photo captions in a sentence, a
//! closing byline or source credit, a link to another part of a series, a near-duplicate
//! lead, and the role names `--explain` gives blocks.

use super::*;

/// Longest pull quote, in words (a boxed sentence or two).
pub(super) const PULL_QUOTE_WORDS: usize = 60;

/// Words that open a sentence continuing the text around it (not a photo caption).
pub(super) const CONNECTIVES: &[&str] = &[
    "ngoài", "tuy", "theo", "do", "vì", "bên", "đồng", "trong", "qua", "cùng", "với", "để", "khi",
    "nếu", "từ", "tại", "năm", "thứ", "trước", "sau", "như", "nhờ", "mặc", "dù", "bởi", "còn",
    "nhưng", "và", "song", "đặc", "hiện", "đến", "tính", "riêng", "trên", "dưới", "ở", "về", "cụ",
    "tiếp", "bước", "mục", "kết", "nhìn", "có", "không", "đây", "điều", "chính", "đó", "thế",
    "vậy", "tất", "mỗi", "hơn", "gần", "thời", "ngày", "sáng", "chiều", "tối", "hôm", "tháng",
    "quý", "tôi", "chúng", "bạn", "ông", "bà", "anh", "chị", "em", "mình", "ai", "hãy", "xin",
];

pub(super) const PRONOUNS: &[&str] = &[
    "tôi",
    "chúng tôi",
    "chúng ta",
    "bạn",
    "mình",
    "chúng em",
    "các bạn",
];

/// A one-sentence line ending in a full stop that reads as a photo caption: short, plain
/// (no quotes, colons or first/second person), not opening with a connective, and
/// sitting in running text much longer than itself.
pub(super) fn period_caption(
    text: &str,
    n: usize,
    prev_words: Option<usize>,
    has_next: bool,
) -> bool {
    if !(8..=30).contains(&n)
        || sentence_count(text) != 1
        || !strip_closers(text).ends_with('.')
        || !has_next
    {
        return false;
    }
    if text.contains([':', ';', '“', '”', '"', '?', '!']) {
        return false;
    }
    let lower = text.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    if CONNECTIVES.contains(&first.trim_matches(|c: char| !c.is_alphanumeric())) {
        return false;
    }
    if lower.split_whitespace().take(4).any(|w| w.ends_with(',')) {
        return false;
    }
    let padded = format!(" {} ", lower.replace([',', '.'], " "));
    if PRONOUNS.iter().any(|p| padded.contains(&format!(" {p} "))) {
        return false;
    }
    prev_words.is_some_and(|p| p >= 2 * n)
}

/// `(Ảnh minh họa)` → `Ảnh minh họa`: a caption that is one parenthesis loses it.
/// Also tidies the spaces just inside brackets (`( báo QN)` → `(báo QN)`).
pub(super) fn unwrap_parens(text: String) -> String {
    let text = if text.contains("( ") || text.contains(" )") {
        text.replace("( ", "(").replace(" )", ")")
    } else {
        text
    };
    let inner = text.strip_prefix('(').and_then(|t| t.strip_suffix(')'));
    match inner {
        Some(i) if !i.contains(['(', ')']) => i.trim().to_string(),
        _ => text,
    }
}

/// Where the byline starts among `idx` (item indices), and how many lines it spans.
pub(super) fn find_tail_byline(
    items: &[Item],
    idx: &[usize],
    last: bool,
) -> Option<(usize, usize)> {
    let len = idx.len();
    let lo = len.saturating_sub(5);
    for b in (lo..len).rev() {
        let it = &items[idx[b]];
        let span = match it.kind {
            Kind::Byline => 1,
            Kind::Short | Kind::Para if it.words <= 14 && name_part(&it.text).is_some() => 1,
            Kind::Caps if looks_like_caps_name(&it.text) => 1,
            _ => continue,
        };
        // A job title under the name; but an agency closing the whole source is its
        // publisher (the footer's first line), not the author's affiliation.
        let job = idx.get(b + 1).is_some_and(|&j| {
            let closing_agency = last
                && b + 2 == len
                && is_agency_line(&items[j].text)
                && !looks_like_name(&items[j].text)
                && !has_title(&it.text);
            items[j].kind != Kind::Byline && looks_like_job(&items[j].text) && !closing_agency
        });
        let span = if job { span + 1 } else { span };
        // Whatever follows must be short debris, not article text.
        let rest_ok = idx[b + span.min(len - b)..].iter().all(|&j| {
            matches!(items[j].kind, Kind::Short | Kind::Caps | Kind::Byline) && items[j].words <= 14
        });
        if rest_ok {
            return Some((b, span.min(len - b)));
        }
    }
    None
}

/// A short closing line that credits a source (`Diễn đàn doanh nghiệp`, `Báo Nhân Dân`).
pub(super) fn source_credit(items: &[Item], idx: &[usize]) -> bool {
    let Some(&last) = idx.last() else {
        return false;
    };
    let it = &items[last];
    idx.len() >= 2
        && it.kind == Kind::Short
        && words(&it.text) <= 6
        && !ends_with_stop(&it.text)
        && !it.text.ends_with('…')
        && matches!(items[idx[idx.len() - 2]].kind, Kind::Para | Kind::Question)
}

/// `Bài 2: …` in an article titled `… Bài 3: …`: a link to another part of the series.
pub(super) fn other_part(title: &str, line: &str) -> bool {
    fn part(s: &str) -> Option<(&str, u32)> {
        for w in ["Bài ", "Kỳ ", "Phần "] {
            if let Some(k) = s.find(w) {
                let rest = &s[k + w.len()..];
                let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
                if !n.is_empty() && rest[n.len()..].starts_with(':') {
                    return Some((w, n.parse().ok()?));
                }
            }
        }
        None
    }
    match (part(title), line.find(':').and_then(|c| part(&line[..=c]))) {
        (Some((w, a)), Some((v, b))) => {
            w == v && a != b && line.starts_with(w) && words(line) <= 30
        }
        _ => false,
    }
}

/// Two versions of one paragraph: nearly the same words (one may add a bracket or a
/// dateline). Cheap: lengths first, then hashed lowercase words, no allocation per word.
pub(super) fn near_duplicate(a: &str, b: &str) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.min(lb) * 10 < la.max(lb) * 7 {
        return false;
    }
    // Versions of one text share a stretch of it: look for a's middle words in b (a
    // slice of `a` between two spaces, no allocation).
    let ab = a.as_bytes();
    let space_from = |i: usize| ab.get(i..)?.iter().position(|&c| c == b' ').map(|k| i + k);
    if let Some(s) = space_from(la / 2).map(|k| k + 1) {
        if let Some(e) = space_from(s + 16) {
            // Both ends sit at ASCII spaces: char boundaries.
            if !b.contains(&a[s..e]) {
                return false;
            }
        }
    }
    fn hashes(s: &str) -> Vec<u64> {
        s.split_whitespace()
            .map(|w| {
                let mut h: u64 = 0xcbf2_9ce4_8422_2325;
                for c in w.chars().flat_map(char::to_lowercase) {
                    h = (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
                }
                h
            })
            .collect()
    }
    let wa = hashes(a);
    let mut wb = hashes(b);
    if wa.len() < 8 || wb.len() < 8 {
        return false;
    }
    let longest = wa.len().max(wb.len());
    wb.sort_unstable();
    let common = wa.iter().filter(|h| wb.binary_search(h).is_ok()).count();
    common * 10 >= longest * 8
}

/// The corpus' role name for a block.
pub(super) fn block_role(b: &Block) -> &'static str {
    match b {
        Block::Para(_) | Block::Question(_) | Block::Bullet(_) => "para",
        Block::Sub(_) => "sub",
        Block::Caption(_) => "caption",
        Block::Quote(_) => "noise_soft",
    }
}

/// In a few words, why an item became its block.
pub(super) fn block_why(b: &Block, kind: Kind) -> &'static str {
    match (b, kind) {
        (Block::Question(_), Kind::Question) => "an interviewer's labelled question",
        (Block::Question(_), _) => "a question in an interview",
        (Block::Caption(_), Kind::Caption) => "a caption marker (Ảnh:, (ảnh …))",
        (Block::Caption(_), Kind::Credit) => "a photo credit",
        (Block::Caption(_), _) => "a short plain sentence between paragraphs",
        (Block::Sub(_), Kind::Caps) => "a heading in capitals inside the article",
        (Block::Sub(_), _) => "a short heading-shaped line inside the article",
        (Block::Bullet(_), _) => "a list item",
        (Block::Quote(_), _) => "a pull quote over its attribution (kept emphasised)",
        (Block::Para(_), Kind::Para) => "running text",
        (Block::Para(_), _) => "text that is not a heading",
    }
}

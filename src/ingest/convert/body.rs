//! One article's items → its blocks: paragraphs, subheadings, interview questions,
//! captions and list items; plus its byline, dateline and trailing debris.

use super::byline::{
    authors, has_title, looks_like_caps_name, looks_like_job, looks_like_name, name_part,
    quote_attribution,
};
use super::casing::sentence_case;
use super::classify::{question_label, Item, Kind};
use super::date::FoundDate;
use super::header::{is_agency_line, labelled_publisher};
use super::segment::numbered_heading;
use super::text::{ends_with_stop, is_all_caps, sentence_count, strip_closers, words};
use super::vocab::Vocabulary;

/// A block of an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Running text.
    Para(String),
    /// A subheading (`##`).
    Sub(String),
    /// An interviewer's question (bold).
    Question(String),
    /// A photo caption (emphasized, and listed in `captions`).
    Caption(String),
    /// A list item.
    Bullet(String),
    /// A pull quote with its attribution (emphasized, outside the running text).
    Quote(String),
}

/// What an article's items became.
#[derive(Debug, Default)]
pub struct Body {
    /// Blocks in order.
    pub blocks: Vec<Block>,
    /// The byline as printed (lines joined with `, `).
    pub byline: Option<String>,
    /// Names from the byline.
    pub authors: Vec<String>,
    /// The article's own dateline.
    pub date: Option<(usize, FoundDate)>,
    /// Items after the byline that are not part of the article: (line, text).
    pub trailer: Vec<(usize, String)>,
    /// A publisher named in the trailer.
    pub publisher: Option<String>,
    /// First and last line of the article's content in the seed.
    pub lines: Option<(usize, usize)>,
    /// A category or agency glued before the dateline: (text, is an agency).
    pub date_label: Option<(String, bool)>,
    /// What each item became, for `--explain`: (item index, role, why).
    pub roles: Vec<(usize, &'static str, &'static str)>,
}

/// Longest pull quote, in words (a boxed sentence or two).
const PULL_QUOTE_WORDS: usize = 60;

/// Words that open a sentence continuing the text around it (not a photo caption).
const CONNECTIVES: &[&str] = &[
    "ngoài", "tuy", "theo", "do", "vì", "bên", "đồng", "trong", "qua", "cùng", "với", "để", "khi",
    "nếu", "từ", "tại", "năm", "thứ", "trước", "sau", "như", "nhờ", "mặc", "dù", "bởi", "còn",
    "nhưng", "và", "song", "đặc", "hiện", "đến", "tính", "riêng", "trên", "dưới", "ở", "về", "cụ",
    "tiếp", "bước", "mục", "kết", "nhìn", "có", "không", "đây", "điều", "chính", "đó", "thế",
    "vậy", "tất", "mỗi", "hơn", "gần", "thời", "ngày", "sáng", "chiều", "tối", "hôm", "tháng",
    "quý", "tôi", "chúng", "bạn", "ông", "bà", "anh", "chị", "em", "mình", "ai", "hãy", "xin",
];

const PRONOUNS: &[&str] = &[
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
fn period_caption(text: &str, n: usize, prev_words: Option<usize>, has_next: bool) -> bool {
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
fn unwrap_parens(text: String) -> String {
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
fn find_tail_byline(items: &[Item], idx: &[usize], last: bool) -> Option<(usize, usize)> {
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
fn source_credit(items: &[Item], idx: &[usize]) -> bool {
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
fn other_part(title: &str, line: &str) -> bool {
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
fn near_duplicate(a: &str, b: &str) -> bool {
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
fn block_role(b: &Block) -> &'static str {
    match b {
        Block::Para(_) | Block::Question(_) | Block::Bullet(_) => "para",
        Block::Sub(_) => "sub",
        Block::Caption(_) => "caption",
        Block::Quote(_) => "noise_soft",
    }
}

/// In a few words, why an item became its block.
fn block_why(b: &Block, kind: Kind) -> &'static str {
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

/// Build an article from its body items (title excluded).
/// `last` says whether this is the source's last article (what follows it is the footer).
pub fn build(
    items: &[Item],
    idx: &[usize],
    vocab: &Vocabulary,
    last: bool,
    title: Option<&str>,
) -> Body {
    let mut body = Body::default();
    let mut idx: Vec<usize> = idx.to_vec();
    // Dateline: among the first three or the last two items.
    let date_pos = idx
        .iter()
        .take(3)
        .position(|&i| items[i].kind == Kind::Date)
        .or_else(|| {
            let n = idx.len();
            (n.saturating_sub(2)..n).find(|&k| items[idx[k]].kind == Kind::Date && k >= 3)
        });
    if let Some(p) = date_pos {
        let it = &items[idx[p]];
        if let Some(d) = it.date {
            body.date = Some((it.no, d.found));
            body.date_label = d
                .label_text(&it.text)
                .zip(d.label)
                .map(|(t, (_, agency))| (t.to_string(), agency));
        }
        body.roles.push((idx[p], "meta", "the article's dateline"));
        idx.remove(p);
    }
    body.lines = match (idx.first(), idx.last()) {
        (Some(&a), Some(&b)) => Some((items[a].no, items[b].end_no)),
        _ => None,
    };
    // Byline at the end, with any trailing debris.
    let mut end = idx.len();
    if let Some((b, span)) = find_tail_byline(items, &idx, last) {
        let lines: Vec<&str> = idx[b..b + span]
            .iter()
            .map(|&j| items[j].text.as_str())
            .collect();
        body.authors = authors(&lines.join("\n"));
        body.byline = Some(lines.join(", "));
        for &j in &idx[b..b + span] {
            body.roles
                .push((j, "byline", "a name or credit closing the article"));
        }
        for &j in &idx[b + span..] {
            body.roles
                .push((j, "noise", "short debris after the byline"));
            let t = &items[j].text;
            if body.publisher.is_none() && (is_agency_line(t) || labelled_publisher(t).is_some()) {
                body.publisher = labelled_publisher(t).or_else(|| Some(t.clone()));
            }
            body.trailer.push((items[j].no, t.clone()));
        }
        if let Some(&last) = idx.get(b + span - 1) {
            body.lines = body.lines.map(|(a, _)| (a, items[last].end_no));
        }
        end = b;
    } else if source_credit(items, &idx) {
        let t = items[idx[idx.len() - 1]].text.clone();
        body.roles.push((
            idx[idx.len() - 1],
            "byline",
            "a short source credit after the text",
        ));
        body.authors = authors(&t);
        body.byline = Some(t);
        end = idx.len() - 1;
    }
    let mut start = 0;
    // Byline under the title: `Nguyễn Văn A` then a dateline or text. With a source
    // credit at the end too, both make the byline.
    if let Some(&first) = idx.first() {
        let it = &items[first];
        let lead = it.kind == Kind::Byline
            || (it.kind == Kind::Caps
                && (looks_like_caps_name(&it.text) || (it.twice && it.words <= 4))
                && idx.get(1).is_some_and(|&n| items[n].kind == Kind::Para))
            || (matches!(it.kind, Kind::Short | Kind::Para)
                && it.words <= 8
                && name_part(&it.text).is_some()
                && idx.get(1).is_some_and(|&n| {
                    matches!(
                        items[n].kind,
                        Kind::Para | Kind::Date | Kind::Caption | Kind::Credit | Kind::Question
                    )
                }));
        if lead && end > 1 {
            let mut names = authors(&it.text);
            for a in std::mem::take(&mut body.authors) {
                if !names.contains(&a) {
                    names.push(a);
                }
            }
            body.authors = names;
            body.byline = Some(match body.byline.take() {
                Some(tail) => format!("{}, {tail}", it.text),
                None => it.text.clone(),
            });
            body.roles.push((first, "byline", "a name under the title"));
            start = 1;
        }
    }
    // A byline printed between the sapo and the body (`Nguyễn Văn A (Tổng hợp)`).
    if body.byline.is_none() && end > 3 {
        let it = &items[idx[1]];
        let named = it.kind == Kind::Byline
            || (matches!(it.kind, Kind::Short | Kind::Para)
                && it.words <= 8
                && !ends_with_stop(&it.text)
                && name_part(&it.text).is_some());
        if named && items[idx[0]].kind == Kind::Para && items[idx[2]].kind != Kind::Credit {
            body.authors = authors(&it.text);
            body.byline = Some(it.text.clone());
            body.roles
                .push((idx[1], "byline", "a name between the sapo and the body"));
            idx.remove(1);
            end -= 1;
        }
    }
    let body_idx = &idx[start..end];
    // In an interview, a short line ending in `?` is a question even without a label.
    let interview = body_idx.iter().any(|&i| items[i].kind == Kind::Question);
    let mut last_para_words = 0;
    let title_key = title.map(super::text::fold_key);
    // Two or more headlines between the title (or dateline) and the first paragraph are
    // links to other articles (a page's "latest news" strip), not this article's text.
    let lead_links = {
        let first_para = body_idx
            .iter()
            .position(|&i| items[i].kind == Kind::Para)
            .unwrap_or(0);
        let heads = body_idx[..first_para]
            .iter()
            .filter(|&&i| {
                let it = &items[i];
                it.kind == Kind::Short
                    && (6..=25).contains(&it.words)
                    && !looks_like_name(&it.text)
                    && !it.twice
            })
            .count();
        if title.is_some() && heads >= 2 && heads == first_para {
            first_para
        } else {
            0
        }
    };
    let mut quoted = None;
    for (k, &i) in body_idx.iter().enumerate() {
        let it = &items[i];
        let text = it.text.clone();
        if quoted == Some(k) {
            body.roles
                .push((i, "noise_soft", "the attribution of a pull quote"));
            continue;
        }
        // A pull quote: a short paragraph over `Phó giáo sư TRẦN VĂN A`, the text going on.
        let attributed = (it.kind == Kind::Para && it.words <= PULL_QUOTE_WORDS)
            .then(|| body_idx.get(k + 1))
            .flatten()
            .filter(|&&j| quote_attribution(&items[j].text))
            .filter(|_| {
                body_idx
                    .get(k + 2)
                    .is_some_and(|&n| items[n].kind == Kind::Para)
            });
        if let Some(&j) = attributed {
            let block = Block::Quote(format!("{text} — {}", items[j].text));
            body.roles
                .push((i, block_role(&block), block_why(&block, it.kind)));
            body.blocks.push(block);
            quoted = Some(k + 1);
            continue;
        }
        let prev_para_words = match body.blocks.last() {
            Some(Block::Para(_)) => Some(last_para_words),
            _ => None,
        };
        let has_next = k + 1 < body_idx.len();
        if k < lead_links {
            body.roles
                .push((i, "noise", "headlines of other articles above the text"));
            continue;
        }
        // A headline glued to its first paragraph, both printed again on the next lines
        // (a slideshow's text): a duplicate.
        if let (Some(&a), Some(&b)) = (body_idx.get(k + 1), body_idx.get(k + 2)) {
            let (na, nb) = (&items[a].text, &items[b].text);
            let glued = text
                .strip_prefix(na.as_str())
                .map(str::trim_start)
                .is_some_and(|rest| {
                    !rest.is_empty() && (nb.starts_with(rest) || rest.starts_with(nb.as_str()))
                });
            if glued {
                body.roles
                    .push((i, "noise", "the next lines glued together, a duplicate"));
                continue;
            }
        }
        // The title again (the page's heading, or its first half as an image's alt text).
        if let Some(t) = title {
            let tt = text.trim_end_matches([':', ' ']);
            if tt.len() >= 12 && t.starts_with(tt) && t.len() > tt.len() {
                body.roles
                    .push((i, "meta", "the title's start printed again"));
                continue;
            }
            if text.len().abs_diff(t.len()) <= 12
                && title_key.as_deref() == Some(super::text::fold_key(&text).as_str())
            {
                body.roles.push((i, "meta", "the title printed again"));
                continue;
            }
            if ["Bài ", "Kỳ ", "Phần "].iter().any(|w| text.starts_with(w)) && other_part(t, &text)
            {
                body.roles
                    .push((i, "noise", "a link to another part of the series"));
                continue;
            }
        }
        // A lead printed twice (a teaser, then the body's version of it): keep the second.
        if it.kind == Kind::Para && k < 3 {
            let dup = body_idx[k + 1..]
                .iter()
                .take(2)
                .any(|&j| items[j].kind == Kind::Para && near_duplicate(&text, &items[j].text));
            if dup {
                body.roles
                    .push((i, "noise", "the lead printed again below"));
                continue;
            }
        }
        let block = match it.kind {
            // In an interview, `- ` lines are the turns: questions end with `?`.
            Kind::Bullet if interview => {
                let t = text
                    .trim_start_matches(['-', '•', '+', '–', '·'])
                    .trim()
                    .to_string();
                if question_label(&t).is_some() || strip_closers(&t).ends_with('?') {
                    Block::Question(t)
                } else {
                    Block::Para(t)
                }
            }
            // A short exclamation or question is a sentence, not a heading.
            Kind::Short
                if strip_closers(&text).ends_with('!')
                    || (!interview && strip_closers(&text).ends_with('?')) =>
            {
                Block::Para(text)
            }
            // An image's alt text and caption: the same short line twice.
            Kind::Short | Kind::Para | Kind::Caps
                if it.twice && it.words <= 30 && !looks_like_name(&text) =>
            {
                Block::Caption(text)
            }
            // A short line closing the article is not a heading: nothing follows it.
            Kind::Short
                if !has_next
                    && it.words >= 4
                    && prev_para_words.is_some()
                    && !looks_like_name(&text) =>
            {
                Block::Caption(text)
            }
            Kind::Para | Kind::Short
                if interview && it.words <= 60 && strip_closers(&text).ends_with('?') =>
            {
                Block::Question(text)
            }
            Kind::Para if period_caption(&text, it.words, prev_para_words, has_next) => {
                Block::Caption(text)
            }
            // `1. Công tác chỉ đạo điều hành:` over text: a numbered subheading.
            Kind::Para
                if numbered_heading(&text)
                    && it.words <= 12
                    && strip_closers(&text).ends_with(':')
                    && body_idx
                        .get(k + 1)
                        .is_some_and(|&j| items[j].kind == Kind::Para) =>
            {
                Block::Sub(text)
            }
            Kind::Para | Kind::Date | Kind::Header | Kind::TocMarker | Kind::Byline => {
                Block::Para(text)
            }
            Kind::Question => {
                let _ = question_label(&text);
                Block::Question(text)
            }
            Kind::Caption => Block::Caption(unwrap_parens(text)),
            Kind::Credit => {
                if let Some(Block::Caption(c)) = body.blocks.last_mut() {
                    let credit = text.trim_matches(|c: char| c == '(' || c == ')' || c == ' ');
                    c.push_str(&format!(" ({credit})"));
                    body.roles
                        .push((i, "caption", "a photo credit after a caption"));
                    continue;
                }
                Block::Caption(unwrap_parens(text))
            }
            Kind::Caps if looks_like_caps_name(&text) => Block::Para(text),
            Kind::Caps => Block::Sub(sentence_case(&text, vocab)),
            Kind::Star => {
                let t = text.trim_start_matches('*').trim().to_string();
                if super::classify::is_title_shaped(&t) && words(&t) <= 20 {
                    Block::Sub(t)
                } else {
                    Block::Bullet(t)
                }
            }
            Kind::Bullet => Block::Bullet(
                text.trim_start_matches(['-', '•', '+', '–', '·'])
                    .trim()
                    .to_string(),
            ),
            Kind::Short
                if body_idx
                    .get(k + 1)
                    .is_some_and(|&j| items[j].kind == Kind::Credit) =>
            {
                Block::Caption(text)
            }
            Kind::Short => {
                let n = it.words;
                let person = looks_like_name(&text) && !vocab.is_proper_name(&text);
                if n <= 12 && !text.contains(", ") && !person {
                    if is_all_caps(&text, 4) {
                        Block::Sub(sentence_case(&text, vocab))
                    } else {
                        Block::Sub(text)
                    }
                } else if prev_para_words.is_some() && n > 8 {
                    Block::Caption(text)
                } else {
                    Block::Para(text)
                }
            }
        };
        // The same caption twice in a row is one image's alt text and caption.
        if let (Block::Caption(a), Some(Block::Caption(b))) = (&block, body.blocks.last()) {
            if a == b {
                body.roles
                    .push((i, "caption", "the same caption printed twice"));
                continue;
            }
        }
        if let Block::Para(p) = &block {
            last_para_words = if p.len() == it.text.len() {
                it.words
            } else {
                words(p)
            };
        }
        body.roles
            .push((i, block_role(&block), block_why(&block, it.kind)));
        body.blocks.push(block);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARA: &str = "Đây là một đoạn văn đủ dài của bài báo, có nhiều chữ, nhiều ý và kết thúc bằng dấu chấm như mọi đoạn văn bình thường khác trong bản tin này.";

    fn build_all(lines: &[&str]) -> Body {
        let it = Item::numbered(lines);
        let idx: Vec<usize> = (0..it.len()).collect();
        build(&it, &idx, &Vocabulary::builtin(), true, None)
    }

    #[test]
    fn other_headlines_between_the_dateline_and_the_text() {
        let it = Item::numbered(&[
            "Hà Nội mở thêm tuyến đường sắt đô thị mới",
            "Nắng nóng gay gắt kéo dài ở miền Trung",
            PARA,
        ]);
        let idx: Vec<usize> = (0..it.len()).collect();
        let b = build(&it, &idx, &Vocabulary::builtin(), true, Some("Tiêu đề"));
        assert_eq!(b.blocks.len(), 1, "{:?}", b.blocks);
        // One line there is a subtitle, kept.
        let b = build(
            &it[1..],
            &[0, 1],
            &Vocabulary::builtin(),
            true,
            Some("Tiêu đề"),
        );
        assert_eq!(b.blocks.len(), 2, "{:?}", b.blocks);
    }

    #[test]
    fn the_title_again_and_other_parts_of_a_series() {
        let it = Item::numbered(&[
            PARA,
            "Bài 1: Nông dân gặp khó vì giá phân bón",
            "Giữ rừng đầu nguồn - Bài 2: Những người giữ rừng",
            PARA,
        ]);
        let idx: Vec<usize> = (0..it.len()).collect();
        let b = build(
            &it,
            &idx,
            &Vocabulary::builtin(),
            true,
            Some("Giữ rừng đầu nguồn - Bài 2: Những người giữ rừng"),
        );
        assert_eq!(b.blocks.len(), 2, "{:?}", b.blocks);
        assert!(other_part(
            "Chuyện nghề - Kỳ 3: Lên rừng",
            "Kỳ 1: Xuống biển"
        ));
        assert!(!other_part(
            "Chuyện nghề - Kỳ 3: Lên rừng",
            "Kỳ 3: Lên rừng"
        ));
    }

    #[test]
    fn interview_turns_with_dashes_and_labels() {
        let b = build_all(&[
            PARA,
            "- Nhà báo Thu Hà: Xin bà cho biết kết quả nổi bật của năm?",
            "- Bà Lê Thị Nga: Năm qua, hợp tác xã đã mở rộng diện tích trồng rau an toàn.",
            "- Bà có dự định gì cho năm tới?",
            "- Chúng tôi sẽ xây dựng thương hiệu và tìm đầu ra ổn định cho nông sản.",
            "Cảm ơn bà!",
        ]);
        let kinds: Vec<&str> = b
            .blocks
            .iter()
            .map(|bl| match bl {
                Block::Question(_) => "q",
                Block::Para(_) => "p",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, vec!["p", "q", "p", "q", "p", "p"]);
        assert!(matches!(&b.blocks[4], Block::Para(t) if t.starts_with("Chúng tôi")));
    }

    #[test]
    fn doubled_captions_repeated_leads_and_title_halves() {
        let mut it = Item::numbered(&[
            "Sáng nay, hội nghị tổng kết công tác khoa học năm 2023 đã diễn ra tại hội trường tỉnh.",
            "(KH-CN) Sáng nay, hội nghị tổng kết công tác khoa học năm 2023 đã diễn ra tại hội trường tỉnh.",
            "Hội nghị tổng kết:",
            "Toàn cảnh hội nghị",
            PARA,
            "Đại biểu tham quan gian trưng bày sản phẩm",
        ]);
        it[3].twice = true;
        let idx: Vec<usize> = (0..it.len()).collect();
        let b = build(
            &it,
            &idx,
            &Vocabulary::builtin(),
            true,
            Some("Hội nghị tổng kết: nhiều kết quả nổi bật"),
        );
        assert!(matches!(&b.blocks[0], Block::Para(t) if t.starts_with("(KH-CN)")));
        assert_eq!(b.blocks[1], Block::Caption("Toàn cảnh hội nghị".into()));
        assert!(matches!(b.blocks[3], Block::Caption(_)), "{:?}", b.blocks);
        assert_eq!(b.blocks.len(), 4);
    }

    #[test]
    fn byline_after_the_sapo_and_glued_duplicates() {
        let b = build_all(&[
            PARA,
            "Hoàng Lan (Tổng hợp)",
            "1. Mở rộng vùng trồng lúa hữu cơ Năm nay nông dân trong xã mở rộng thêm.",
            "1. Mở rộng vùng trồng lúa hữu cơ",
            "Năm nay nông dân trong xã mở rộng thêm.",
            PARA,
        ]);
        assert_eq!(b.authors, vec!["Hoàng Lan"]);
        assert!(!b
            .blocks
            .iter()
            .any(|bl| matches!(bl, Block::Para(t) if t.contains("cơ Năm"))));
        assert_eq!(b.blocks.len(), 4, "{:?}", b.blocks);
    }

    #[test]
    fn numbered_and_region_subheadings() {
        let b = build_all(&[
            "1. Công tác chỉ đạo điều hành tập trung:",
            PARA,
            "Châu Âu",
            PARA,
            "Nguyễn Văn An",
            PARA,
        ]);
        assert_eq!(
            b.blocks[0],
            Block::Sub("1. Công tác chỉ đạo điều hành tập trung:".into())
        );
        // A region is no person's name; a person's name between paragraphs is no heading.
        assert!(
            b.blocks.contains(&Block::Sub("Châu Âu".into())),
            "{:?}",
            b.blocks
        );
        assert!(
            !b.blocks.contains(&Block::Sub("Nguyễn Văn An".into())),
            "{:?}",
            b.blocks
        );
        // A numbered line ending in `:` over a list is a list's lead-in, not a heading.
        let b = build_all(&[
            PARA,
            "2. Các nhiệm vụ gồm:",
            "- Một việc cần làm",
            "- Hai việc cần làm",
        ]);
        assert_eq!(b.blocks[1], Block::Para("2. Các nhiệm vụ gồm:".into()));
    }

    #[test]
    fn a_pull_quote_over_its_attribution_is_kept_emphasised_outside_the_text() {
        let quote = "Chúng tôi mong các nhà khoa học đi trước kiên nhẫn với thế hệ trẻ, vì đó là trách nhiệm của người thầy.";
        let b = build_all(&[PARA, quote, "Tiến sĩ LÊ THỊ HOA", PARA]);
        assert_eq!(
            b.blocks,
            vec![
                Block::Para(PARA.into()),
                Block::Quote(format!("{quote} — Tiến sĩ LÊ THỊ HOA")),
                Block::Para(PARA.into()),
            ]
        );
        assert!(b.authors.is_empty());
        assert_eq!(b.roles[1].1, "noise_soft");
        assert_eq!(b.roles[2].1, "noise_soft");
        // A closing name is a byline, not an attribution: nothing follows it.
        let b = build_all(&[PARA, quote, "Tiến sĩ LÊ THỊ HOA"]);
        assert!(!b.blocks.iter().any(|x| matches!(x, Block::Quote(_))));
    }

    #[test]
    fn captions_subheadings_and_bylines() {
        let b = build_all(&[
            PARA,
            "Lãnh đạo xã hướng dẫn nhân dân cài ứng dụng trên điện thoại thông minh.",
            "Lan toả chuyển đổi số",
            PARA,
            "Đoàn kiểm tra của tỉnh làm việc với UBND thành phố về việc áp dụng hệ thống quản lý",
            PARA,
            "Vi Ngọc Bích",
            "Trưởng Ban Tuyên giáo Tỉnh ủy Quảng Ninh",
        ]);
        assert_eq!(
            b.byline.as_deref(),
            Some("Vi Ngọc Bích, Trưởng Ban Tuyên giáo Tỉnh ủy Quảng Ninh")
        );
        assert_eq!(b.authors, vec!["Vi Ngọc Bích"]);
        assert!(
            matches!(b.blocks[1], Block::Caption(_)),
            "{:?}",
            b.blocks[1]
        );
        assert!(matches!(b.blocks[2], Block::Sub(_)));
        assert!(matches!(b.blocks[4], Block::Caption(_)));
        assert_eq!(b.blocks.len(), 6);
    }

    #[test]
    fn short_paragraphs_stay_paragraphs() {
        let b = build_all(&[
            PARA,
            "Ngoài ra, bạn cũng có thể áp dụng động tác thở này để ngủ ngon hơn.",
            PARA,
        ]);
        assert!(matches!(b.blocks[1], Block::Para(_)));
        let b = build_all(&[
            "Một nghiên cứu mới đây đã phát hiện ra thịt và sữa đang bị ô nhiễm vi nhựa.",
            PARA,
        ]);
        assert!(matches!(b.blocks[0], Block::Para(_)));
    }

    #[test]
    fn interviews_trailers_and_credits() {
        let b = build_all(&[
            PARA,
            "PV: Xin ông cho biết?",
            "Ông A: Trả lời dài.",
            "Hương Anh",
            "Trung tâm Ứng dụng và Thống kê KH&CN",
        ]);
        assert!(matches!(b.blocks[1], Block::Question(_)));
        assert_eq!(b.byline.as_deref(), Some("Hương Anh"));
        assert_eq!(
            b.publisher.as_deref(),
            Some("Trung tâm Ứng dụng và Thống kê KH&CN")
        );
        let b = build_all(&[
            PARA,
            "Ứng dụng CNTT ở Sở Kế hoạch",
            "Nguồn ảnh: baonghean.vn",
            PARA,
            "Diễn đàn doanh nghiệp",
        ]);
        assert_eq!(b.byline.as_deref(), Some("Diễn đàn doanh nghiệp"));
        assert!(b.authors.is_empty());
    }
}

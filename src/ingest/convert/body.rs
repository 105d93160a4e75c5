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
use shape::{
    block_role, block_why, find_tail_byline, near_duplicate, other_part, period_caption,
    source_credit, unwrap_parens, PULL_QUOTE_WORDS,
};

mod shape;

/// A block of an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
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
pub(super) struct Body {
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

/// Build an article from its body items (title excluded).
/// `last` says whether this is the source's last article (what follows it is the footer).
pub(super) fn build(
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
            .filter(|&&j| items[j].words <= 10 && quote_attribution(&items[j].text))
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
                let person = || looks_like_name(&text) && !vocab.is_proper_name(&text);
                if n <= 12 && !text.contains(", ") && !person() {
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
mod tests;

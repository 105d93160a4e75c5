//! Tags for an article: the places it is about and its topics, in canonical spelling.
//!
//! A term counts when it is in the title, or mentioned at least twice in the text. Places
//! come first (a district brings its province), then topics; at most
//! [`MAX_PLACES`] + [`MAX_TOPICS`] tags, strongest first.

use std::collections::BTreeMap;

use super::tokens::Tokens;
use super::vocab::{TermKind, Vocabulary};

/// Most place tags per article.
pub(super) const MAX_PLACES: usize = 4;
/// Most topic tags per article.
pub(super) const MAX_TOPICS: usize = 4;

#[derive(Debug, Default, Clone, Copy)]
struct Score {
    title: bool,
    count: usize,
    first: usize,
}

fn scores(vocab: &Vocabulary, title: &str, text: &str) -> BTreeMap<usize, Score> {
    let mut out: BTreeMap<usize, Score> = BTreeMap::new();
    for m in vocab.find(&Tokens::for_vocab(title, vocab)) {
        let s = out.entry(m.term).or_insert(Score {
            first: 0,
            ..Score::default()
        });
        s.title = true;
    }
    for (pos, m) in vocab
        .find(&Tokens::for_vocab(text, vocab))
        .into_iter()
        .enumerate()
    {
        let s = out.entry(m.term).or_insert(Score {
            first: pos + 1,
            ..Score::default()
        });
        s.count += 1;
    }
    out
}

/// The tags of an article with this title and plain text.
///
/// `words` is the length of the text in words (a short item needs fewer mentions).
pub(super) fn article_tags(
    vocab: &Vocabulary,
    title: &str,
    text: &str,
    words: usize,
) -> Vec<String> {
    let scores = scores(vocab, title, text);
    // A short news item names its place once; a long article must mention it twice.
    let min = if words < 250 { 1 } else { 2 };
    let rank = |kind: TermKind| {
        let mut v: Vec<(usize, Score)> = scores
            .iter()
            .filter(|(t, s)| vocab.term_kind(**t) == kind && (s.title || s.count >= min))
            .map(|(t, s)| (*t, *s))
            .collect();
        v.sort_by(|a, b| {
            let ka = (
                u8::from(!a.1.title),
                std::cmp::Reverse(a.1.count),
                a.1.first,
            );
            let kb = (
                u8::from(!b.1.title),
                std::cmp::Reverse(b.1.count),
                b.1.first,
            );
            ka.cmp(&kb)
                .then_with(|| vocab.term_name(a.0).cmp(vocab.term_name(b.0)))
        });
        v
    };
    let mut tags: Vec<String> = Vec::new();
    let push = |tags: &mut Vec<String>, name: &str| {
        if !vocab.is_ignored(name) && !tags.iter().any(|t| t == name) {
            tags.push(name.to_string());
        }
    };
    let mut places = 0;
    for (t, _) in rank(TermKind::Place) {
        if places >= MAX_PLACES {
            break;
        }
        let before = tags.len();
        push(&mut tags, vocab.term_name(t));
        if let Some(parent) = vocab.term_parent(t) {
            push(&mut tags, parent);
        }
        places += tags.len() - before;
    }
    let mut topics = 0;
    for (t, _) in rank(TermKind::Topic) {
        if topics >= MAX_TOPICS {
            break;
        }
        let before = tags.len();
        push(&mut tags, vocab.term_name(t));
        topics += tags.len() - before;
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_and_topics() {
        let v = Vocabulary::builtin();
        let filler = " chữ".repeat(300);
        let text = format!("Huyện Bình Liêu (Quảng Ninh) đẩy mạnh chuyển đổi số. Chuyển đổi số ở Bình Liêu, với KHCN và khoa học công nghệ. Hà Nội được nhắc một lần.{filler}");
        let tags = article_tags(&v, "Bình Liêu triển khai chuyển đổi số", &text, 330);
        assert_eq!(
            tags,
            vec![
                "Bình Liêu",
                "Quảng Ninh",
                "Chuyển đổi số",
                "Khoa học và công nghệ"
            ]
        );
        // A short item's single mention counts.
        let tags = article_tags(&v, "Hội thảo", "Hội thảo ở Hà Nội về chuyển đổi số.", 8);
        assert_eq!(tags, vec!["Hà Nội", "Chuyển đổi số"]);
        // Every province's districts, unless a surname makes one a person's name.
        let tags = article_tags(
            &v,
            "Để không lỡ hẹn",
            "Huyện Sơn Dương phấn đấu có thêm 6 xã đạt chuẩn. Ông Nguyễn Văn Lâm phát biểu.",
            16,
        );
        assert_eq!(tags, vec!["Sơn Dương", "Tuyên Quang"]);
        // One-word names, and a name's first word followed by something else.
        let tags = article_tags(&v, "Tin ngắn", "Phố núi Pleiku đón mưa, trời Bắc mát.", 8);
        assert_eq!(tags, vec!["Pleiku", "Gia Lai"]);
        let mut v = Vocabulary::builtin();
        v.extend_yaml("ignore: [Quảng Ninh]").unwrap();
        assert!(!article_tags(&v, "Quảng Ninh", "Quảng Ninh Quảng Ninh", 3)
            .contains(&"Quảng Ninh".to_string()));
    }
}

//! Article blocks → a Markdown body, and the summary.
//!
//! Paragraphs are escaped so text from a source never turns into markup: a line that
//! starts with `#`, `-`, `1.` or `>` stays text, and `*`, `_`, `[`, `<`, `` ` `` are
//! escaped wherever they appear.

use super::body::Block;
use super::text::cut_at_word;

/// Longest summary, in characters.
pub(super) const SUMMARY_MAX: usize = 200;

/// Escape Markdown in running text.
pub(super) fn escape(text: &str) -> String {
    let special = |b: &u8| {
        matches!(
            b,
            b'\\' | b'*' | b'_' | b'`' | b'[' | b']' | b'<' | b'>' | b'|'
        )
    };
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    let needs = text.as_bytes().iter().any(special)
        || first.is_ascii_digit()
        || matches!(first, b'#' | b'-' | b'+' | b'=' | b'~');
    if !needs {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    // Block markers at the start of a line.
    let starts_block = out.starts_with('#')
        || out.starts_with("- ")
        || out.starts_with("+ ")
        || out.starts_with('=')
        || out.starts_with("~~~")
        || {
            let digits = out.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && digits <= 9 && out[digits..].starts_with(['.', ')'])
        };
    if starts_block {
        let first_non_digit = out.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        if first_non_digit == 0 {
            out.insert(0, '\\');
        } else {
            out.insert(first_non_digit, '\\');
        }
    }
    out
}

/// Bytes that need a backslash in running text.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let list = b"\\*_`[]<>|";
    let mut i = 0;
    while i < list.len() {
        t[list[i] as usize] = true;
        i += 1;
    }
    t
};

/// Append `text`, escaped, to `out`.
fn escape_into(out: &mut String, text: &str) {
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    let needs = text.bytes().any(|b| SPECIAL[b as usize])
        || first.is_ascii_digit()
        || matches!(first, b'#' | b'-' | b'+' | b'=' | b'~');
    if !needs {
        out.push_str(text);
    } else {
        out.push_str(&escape(text));
    }
}

/// The Markdown body of an article.
pub(super) fn render(blocks: &[Block]) -> String {
    let size: usize = blocks
        .iter()
        .map(|b| match b {
            Block::Para(t)
            | Block::Sub(t)
            | Block::Question(t)
            | Block::Caption(t)
            | Block::Bullet(t)
            | Block::Quote(t) => t.len() + 8,
        })
        .sum();
    let mut out = String::with_capacity(size);
    let mut prev_bullet = false;
    for b in blocks {
        let is_bullet = matches!(b, Block::Bullet(_));
        if !out.is_empty() {
            out.push_str(if is_bullet && prev_bullet {
                "\n"
            } else {
                "\n\n"
            });
        }
        match b {
            Block::Para(t) => escape_into(&mut out, t),
            Block::Sub(t) => {
                out.push_str("## ");
                escape_into(&mut out, t);
            }
            Block::Question(t) => {
                out.push_str("**");
                escape_into(&mut out, t);
                out.push_str("**");
            }
            Block::Caption(t) | Block::Quote(t) => {
                out.push('*');
                escape_into(&mut out, t);
                out.push('*');
            }
            Block::Bullet(t) => {
                out.push_str("- ");
                escape_into(&mut out, t);
            }
        }
        prev_bullet = is_bullet;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The first sentence(s) of the first real paragraph, at most [`SUMMARY_MAX`] characters,
/// cut at a word. An interview answer's speaker label is dropped.
pub(super) fn summary(blocks: &[Block]) -> Option<String> {
    let para = blocks.iter().find_map(|b| match b {
        // Eight words or more, without counting all the words of a long paragraph.
        Block::Para(t) if t.split_whitespace().nth(7).is_some() => Some(t.as_str()),
        _ => None,
    })?;
    let mut text = para;
    if let Some((label, rest)) = para.split_once(": ") {
        if label.split_whitespace().count() <= 5 && label.starts_with(char::is_uppercase) {
            text = rest;
        }
    }
    let mut out = String::new();
    for sentence in sentences(text) {
        let candidate = if out.is_empty() {
            sentence.to_string()
        } else {
            format!("{out} {sentence}")
        };
        if candidate.chars().count() > SUMMARY_MAX {
            break;
        }
        out = candidate;
        if out.chars().count() >= SUMMARY_MAX / 2 {
            break;
        }
    }
    if out.is_empty() {
        out = cut_at_word(text, SUMMARY_MAX);
    }
    Some(out)
}

/// Split text after `.`, `!`, `?` followed by a space and a capital letter. Lazily: a
/// summary needs only the first few sentences of what may be a long paragraph.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let x = b[i];
            i += 1;
            // The marks and the space are ASCII, so `i + 1` is a character boundary.
            if matches!(x, b'.' | b'!' | b'?') && b.get(i) == Some(&b' ') {
                let then_upper = text[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_uppercase() || n == '“' || n == '"');
                if then_upper {
                    let s = text[start..i].trim();
                    start = i;
                    return Some(s);
                }
            }
        }
        let rest = text[start..].trim();
        start = text.len();
        (!rest.is_empty()).then_some(rest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("1. Mục một"), "1\\. Mục một");
        assert_eq!(escape("# không phải tiêu đề"), "\\# không phải tiêu đề");
        assert_eq!(escape("a *b* <i>"), "a \\*b\\* \\<i\\>");
        assert_eq!(escape("- gạch đầu dòng"), "\\- gạch đầu dòng");
    }

    #[test]
    fn renders_blocks() {
        let md = render(&[
            Block::Para("Đoạn một.".into()),
            Block::Sub("Tiểu mục".into()),
            Block::Question("PV: Hỏi?".into()),
            Block::Caption("Ảnh hội nghị".into()),
            Block::Bullet("một".into()),
            Block::Bullet("hai".into()),
        ]);
        assert_eq!(
            md,
            "Đoạn một.\n\n## Tiểu mục\n\n**PV: Hỏi?**\n\n*Ảnh hội nghị*\n\n- một\n- hai\n"
        );
    }

    #[test]
    fn summaries() {
        let long = "Câu thứ nhất khá dài nói về chuyển đổi số ở tỉnh Quảng Ninh trong năm nay. Câu thứ hai. Câu thứ ba rất dài nữa.";
        assert_eq!(summary(&[Block::Para(long.into())]).unwrap(), long);
        let first = "Câu thứ nhất khá dài nói về chuyển đổi số ở tỉnh Quảng Ninh trong năm nay, với rất nhiều chữ để vượt quá một trăm ký tự của tóm tắt.";
        let two = format!("{first} Câu thứ hai.");
        assert_eq!(summary(&[Block::Para(two)]).unwrap(), first);
        let one = "chữ ".repeat(100);
        let s = summary(&[Block::Para(one)]).unwrap();
        assert!(s.chars().count() <= SUMMARY_MAX + 1 && s.ends_with('…'));
        let answer = "Ông Trần Minh Hoan: Chuyển đổi số trước tiên là chuyển đổi nhận thức, tiếp theo là ứng dụng.";
        assert!(summary(&[Block::Para(answer.into())])
            .unwrap()
            .starts_with("Chuyển đổi số"));
    }
}

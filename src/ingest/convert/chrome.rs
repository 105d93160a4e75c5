//! Page chrome: what a web page wraps around the bulletin and a copy picks up with it.
//!
//! Navigation and breadcrumbs, search boxes, visit counters, "other news" and "related"
//! headings, footers (copyright, address, licence), share and print buttons, lists of
//! related links with dates glued to their titles, `|` table debris and lines that only
//! look blank. Chrome is recognized by whole-line phrases and shapes, never by a word
//! inside a sentence, so article text that mentions "tìm kiếm" is safe.

use super::date;
use super::text::{is_alnum, push_lower, words};

/// Whole-line phrases (folded) that are chrome wherever they appear.
#[rustfmt::skip]
const PHRASES: &[&str] = &[
    "tin khác", "các tin khác", "tin cũ hơn", "tin mới hơn", "tin liên quan",
    "các tin liên quan", "bài liên quan", "bài viết liên quan", "bài viết khác",
    "các bài viết khác", "bài khác", "tin cùng chuyên mục", "cùng chuyên mục", "xem thêm",
    "đọc thêm", "xem tiếp", "đọc tiếp", "tin đã đưa", "các tin đã đưa", "tin mới",
    "tin mới nhất", "mới nhất", "mới cập nhật", "đọc nhiều", "đọc nhiều nhất", "xem nhiều",
    "xem nhiều nhất", "tin xem nhiều", "tin đọc nhiều", "tin nổi bật", "nổi bật", "tin nóng",
    "tin tiêu điểm", "tiêu điểm", "tin ảnh", "tin video", "thư viện ảnh", "thư viện video",
    "video", "multimedia", "infographic", "liên kết website", "website liên kết", "liên kết",
    "liên kết hữu ích", "phản hồi", "gửi phản hồi", "bình luận", "gửi bình luận",
    "ý kiến bạn đọc", "ý kiến", "viết bình luận", "in bài", "in bài viết", "in trang", "bản in",
    "gửi email", "gửi bài", "chia sẻ", "chia sẻ bài viết", "chia sẻ facebook", "facebook",
    "twitter", "zalo", "email", "like", "share", "tweet", "lên đầu trang", "về đầu trang",
    "đầu trang", "quay lại", "trở về", "trở lại", "quay về", "trang chủ", "trang trước",
    "trang sau", "trang tiếp", "đăng nhập", "đăng ký", "đăng xuất", "tìm kiếm", "tìm", "rss",
    "sitemap", "sơ đồ trang", "sơ đồ site", "lịch công tác", "văn bản mới", "văn bản",
    "thông báo", "góp ý", "hỏi đáp", "liên hệ", "giới thiệu", "danh bạ", "menu", "tags", "tag",
    "từ khóa", "từ khoá", "chuyên mục", "đánh giá", "bình chọn", "lượt xem", "quảng cáo", "top",
    "thống kê truy cập", "thống kê", "lượt truy cập", "truy cập", "đang truy cập",
    "số lượt truy cập", "số người truy cập", "số lượt xem",
    "đang online", "trực tuyến", "online", "cỡ chữ", "xem ảnh", "xem video", "đóng",
    "nghe đọc bài", "nghe bài viết", "nghe đọc", "theo dõi", "lưu", "lưu bài viết", "báo lỗi",
    "góp ý bài viết", "tải về", "download", "quay lại đầu trang", "bài trước", "bài sau",
    "bài tiếp theo", "in bài này", "skip to main content", "skip to content",
    "bỏ qua nội dung", "chuyển đến nội dung chính", "nghe", "nghe audio", "nghe bài",
    "print", "bản in", "gửi cho bạn bè", "gửi bạn bè", "lưu tin", "tin tức sự kiện",
    "các tin tiếp", "tin tiếp", "các tin tiếp theo", "tin tiếp theo", "các tin cũ hơn",
    "tin cùng loại", "bài cùng chuyên mục", "tin bài liên quan", "tin bài khác",
    "các tin bài khác", "có thể bạn quan tâm", "bạn có thể quan tâm", "tin cùng chủ đề",
    "các tin mới hơn", "các bài đã đăng", "bài đã đăng", "tin đã đăng", "các tin đã đăng",
];

/// Tokens of a share/print/font-size widget row (`- + A- A+ In`, `Chia sẻ Zalo In`).
#[rustfmt::skip]
const WIDGET_TOKENS: &[&str] = &[
    "-", "+", "a-", "a+", "a", "in", "print", "email", "e-mail", "lưu", "chia", "sẻ",
    "facebook", "zalo", "twitter", "tweet", "like", "share", "gửi", "bài", "|", "•", "x",
    "nghe", "cỡ", "chữ", "bản", "phóng", "to", "thu", "nhỏ", "copy", "link",
];

/// An image's file name glued before text (`Hong son . F.2.jpgCH Hồng Sơn`,
/// `anh1.png Lễ khai mạc`): the text after it, when the name is short.
pub(super) fn after_image_name(line: &str) -> Option<&str> {
    let b = line.as_bytes();
    // Only the few `.` of the line are looked at (a paragraph has one per sentence).
    for (k, _) in line.match_indices('.') {
        let tail = &b[k + 1..];
        let ext = [&b"jpg"[..], b"jpeg", b"png", b"gif", b"webp"]
            .into_iter()
            .find(|e| tail.len() >= e.len() && tail[..e.len()].eq_ignore_ascii_case(e));
        let Some(ext) = ext else {
            continue;
        };
        let name = &line[..k];
        if words(name) <= 6 && !name.contains(['“', '"', ',']) {
            return Some(line[k + 1 + ext.len()..].trim());
        }
        return None;
    }
    None
}

/// Field labels of a CMS's article box, with or without a value.
const FIELD_LABELS: &[&str] = &[
    "tác giả",
    "từ khóa",
    "từ khoá",
    "thể loại",
    "chuyên mục",
    "danh mục",
    "lĩnh vực",
    "chủ đề",
    "tags",
    "tag",
    "nhãn",
    "lượt xem",
    "lượt đọc",
    "bình luận",
    "chia sẻ",
];

/// `Tác giả:` with nothing after it: an empty field of the article box.
fn is_empty_field(line: &str) -> bool {
    let Some(label) = line.trim_end().strip_suffix(':') else {
        return false;
    };
    label.len() <= 24 && FIELD_LABELS.contains(&phrase_key(label).as_str())
}

/// `Thể loại: Thời sự`, `Chuyên mục: Khoa học`: the article's category in its box.
pub(super) fn category_field(line: &str) -> Option<&str> {
    let (label, value) = line.split_once(':')?;
    let value = value.trim();
    if label.len() > 24 || value.is_empty() || words(value) > 5 {
        return None;
    }
    matches!(
        phrase_key(label).as_str(),
        "thể loại" | "chuyên mục" | "danh mục" | "lĩnh vực"
    )
    .then_some(value)
}

/// `Theo dõi Báo X trên`, `Theo dõi chúng tôi trên Facebook`: a follow-us button.
fn is_follow_us(key: &str, line: &str) -> bool {
    starts_with_words(key, "theo dõi")
        && (key.ends_with(" trên")
            || key.contains("facebook")
            || key.contains("zalo")
            || key.contains("google news")
            || line.contains(".vn")
            || line.contains(".com"))
}

/// `Xem thêm: Tiêu đề bài khác`, `>> Đọc thêm: …`, `Tin liên quan: …`: a link to
/// another article printed inside the text.
fn is_inline_related(line: &str) -> bool {
    let t = line.trim_start_matches(['>', '»', '-', ' ', '*']);
    let Some((label, rest)) = t.split_once(':') else {
        return false;
    };
    if rest.trim().is_empty() || label.len() > 24 {
        return false;
    }
    matches!(
        phrase_key(label).as_str(),
        "xem thêm" | "đọc thêm" | "tin liên quan" | "bài liên quan" | "xem tiếp" | "mời xem"
    )
}

/// `00:00 / 03:25`, `0:00`: an audio or video player's clock.
fn is_player_clock(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.len() <= 24
        && t.contains(':')
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b':' | b'/' | b' '))
        && t.split('/').all(|p| {
            let p = p.trim();
            p.split(':').count() >= 2 && p.split(':').all(|x| (1..=2).contains(&x.len()))
        })
}

/// `… - Ảnh 1.`: a CMS's numbered image alt text.
fn is_alt_text_number(line: &str) -> bool {
    let t = line.trim_end().trim_end_matches('.');
    let number = t.trim_end_matches(|c: char| c.is_ascii_digit());
    if number.len() == t.len() {
        return false;
    }
    let Some(head) = number.trim_end().strip_suffix("Ảnh") else {
        return false;
    };
    head.is_empty() || head.ends_with("- ")
}

/// A row of widget buttons: two or more tokens, all widget tokens, at least one of them
/// a font-size or print button.
fn is_widget_row(line: &str) -> bool {
    let mut n = 0;
    let mut button = false;
    for t in line.split_whitespace() {
        let l = t.to_lowercase();
        if !WIDGET_TOKENS.contains(&l.as_str()) {
            return false;
        }
        button |= matches!(l.as_str(), "a-" | "a+" | "in" | "print" | "chia" | "zalo");
        n += 1;
    }
    n >= 2 && button
}

/// Words after a number that make a line a counter (`12 lượt xem`, `0 bình luận`).
#[rustfmt::skip]
const COUNTER_WORDS: &[&str] = &[
    "lượt xem", "lượt thích", "lượt chia sẻ", "bình luận", "chia sẻ", "like", "likes", "share",
    "shares", "views", "comments", "phản hồi",
];

/// Line starts (folded) that make a short line chrome, whatever follows.
#[rustfmt::skip]
const PREFIXES: &[&str] = &[
    "tìm kiếm", "từ khóa", "từ khoá", "tags", "tag", "lượt xem", "lượt truy cập",
    "tổng lượt truy cập", "tổng truy cập", "tổng số truy cập", "tổng số lượt", "đang truy cập",
    "số lượt truy cập", "số lượt xem", "số người truy cập", "lượt người truy cập",
    "đang online", "đang trực tuyến", "khách trực tuyến", "hôm nay", "hôm qua", "tuần này",
    "tuần trước", "tháng này", "tháng trước", "năm nay", "tất cả", "thống kê truy cập",
    "bản quyền", "copyright", "ghi rõ nguồn", "phát hành khi", "địa chỉ", "điện thoại", "đt",
    "fax", "email", "e mail", "website", "hotline", "giấy phép", "lịch công tác", "chia sẻ",
    "in bài", "gửi bài", "xem thêm", "đọc thêm", "tin liên quan", "các tin khác", "tin khác",
    "trang chủ", "thiết kế bởi", "thiết kế và phát triển", "powered by", "designed by",
    "chịu trách nhiệm",
];

/// Prefixes that count as a visit counter only when a number follows.
#[rustfmt::skip]
const COUNTER_PREFIXES: &[&str] = &[
    "hôm nay", "hôm qua", "tuần này", "tuần trước", "tháng này", "tháng trước", "năm nay",
    "tất cả", "trực tuyến", "online", "đang truy cập", "lượt xem", "lượt truy cập", "tổng",
];

/// Headings after which, when only short lines follow, the rest of the page is a footer.
#[rustfmt::skip]
const FOOTER_MARKERS: &[&str] = &[
    "tin khác", "các tin khác", "tin liên quan", "các tin liên quan", "bài viết liên quan",
    "bài liên quan", "bài viết khác", "các bài viết khác", "tin cùng chuyên mục",
    "cùng chuyên mục", "tin đã đưa", "các tin đã đưa", "phản hồi", "gửi phản hồi", "bình luận",
    "ý kiến bạn đọc", "xem thêm", "đọc thêm", "tin mới", "tin mới nhất", "mới nhất",
    "đọc nhiều", "đọc nhiều nhất", "xem nhiều", "xem nhiều nhất", "tin nóng", "tin tiêu điểm",
    "thư viện ảnh", "liên kết website", "website liên kết", "thống kê truy cập", "tìm kiếm",
    "các tin tiếp", "tin tiếp", "các tin tiếp theo", "tin tiếp theo", "các tin cũ hơn",
    "tin cùng loại", "bài cùng chuyên mục", "tin bài liên quan", "tin bài khác",
    "các tin bài khác", "có thể bạn quan tâm", "bạn có thể quan tâm", "tin cùng chủ đề",
    "các tin mới hơn", "các bài đã đăng", "bài đã đăng", "tin đã đăng", "các tin đã đăng",
];

/// A folded form for comparing a whole line with the phrase lists: lowercase words
/// separated by single spaces, punctuation dropped.
pub(super) fn phrase_key(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut gap = false;
    for c in line.chars() {
        if is_alnum(c) {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            push_lower(&mut out, c);
        } else {
            gap = true;
        }
    }
    out
}

fn starts_with_words(key: &str, prefix: &str) -> bool {
    key.starts_with(prefix)
        && (key.len() == prefix.len() || key.as_bytes().get(prefix.len()) == Some(&b' '))
}

/// Whether the whole line is a blank look-alike: nothing but spaces, table bars, rules and
/// bullets.
pub(super) fn is_debris(line: &str) -> bool {
    line.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '|' | '-'
                    | '_'
                    | '='
                    | '~'
                    | '*'
                    | '•'
                    | '·'
                    | '.'
                    | '…'
                    | '+'
                    | '#'
                    | '–'
                    | '—'
                    | '>'
                    | '<'
                    | '»'
                    | '«'
            )
    })
}

/// Whether the line is page chrome (navigation, counters, footers, related links, …).
#[cfg(test)]
pub(super) fn is_chrome(line: &str) -> bool {
    is_chrome_n(line, words(line))
}

/// [`is_chrome`] for a line of `n` words.
pub(super) fn is_chrome_n(line: &str, n: usize) -> bool {
    if line.is_empty() || is_debris(line) {
        return true;
    }
    if n <= 60
        && line.ends_with(|c: char| c == '.' || c.is_ascii_digit())
        && is_alt_text_number(line)
    {
        return true;
    }
    if n <= 30 && is_inline_related(line) {
        return true;
    }
    if n > 14 {
        let label = line
            .as_bytes()
            .iter()
            .take(16)
            .position(|&b| b == b':')
            .map(|c| phrase_key(&line[..c]));
        if label.is_some_and(|k| matches!(k.as_str(), "từ khóa" | "từ khoá" | "tags" | "tag"))
        {
            return n <= 40;
        }
        return n <= 40 && is_related_link(line);
    }
    let key = phrase_key(line);
    if key.is_empty() {
        // Only symbols and punctuation (e.g. `© ®`).
        return true;
    }
    if PHRASES.contains(&key.as_str()) || (n <= 12 && is_widget_row(line)) {
        return true;
    }
    if n <= 10
        && (is_follow_us(&key, line)
            || is_player_clock(line)
            || is_empty_field(line)
            || category_field(line).is_some())
    {
        return true;
    }
    let pager = !line.contains(['/', ':', '-', '.', ',']) && is_pager(&key);
    if let Some((num, rest)) = key.split_once(' ') {
        if num.bytes().all(|b| b.is_ascii_digit()) && COUNTER_WORDS.contains(&rest) {
            return true;
        }
    }
    if is_page_number(line) {
        return true;
    }
    if line.starts_with('©') || is_related_link(line) || is_breadcrumb(line) || pager {
        return true;
    }
    if n <= 12 {
        for p in PREFIXES {
            if starts_with_words(&key, p) {
                // "Hôm nay" can open a sentence; as chrome it is a short label, usually `:`.
                let counter = COUNTER_PREFIXES.contains(p);
                if counter {
                    return key[p.len()..]
                        .trim()
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit());
                }
                if matches!(*p, "từ khóa" | "từ khoá" | "tags" | "tag") {
                    return line.contains(':');
                }
                if *p == "tìm kiếm" {
                    let rest = key[p.len()..].trim();
                    return rest.is_empty()
                        || rest.starts_with("theo")
                        || rest.starts_with("nâng cao")
                        || line.contains(':')
                        || line.contains("...");
                }
                return n <= 8
                    && (line.contains(':') || n <= 5 || *p == "bản quyền" || *p == "copyright");
            }
        }
        for p in COUNTER_PREFIXES {
            if starts_with_words(&key, p)
                && key[p.len()..]
                    .trim()
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ' ')
                && key.len() > p.len()
            {
                return true;
            }
        }
    }
    false
}

/// Whether the line heads the footer ("other news", comments, counters, …).
pub(super) fn is_footer_marker(line: &str) -> bool {
    let key = phrase_key(line);
    FOOTER_MARKERS.contains(&key.as_str())
        || (words(line) <= 10
            && (starts_with_words(&key, "tìm kiếm")
                || starts_with_words(&key, "bản quyền")
                || starts_with_words(&key, "copyright")
                || line.starts_with('©')))
}

/// Headings that open a page's "other news" or comments block.
#[rustfmt::skip]
const HARD_FOOTER_MARKERS: &[&str] = &[
    "tin khác", "các tin khác", "tin liên quan", "các tin liên quan", "bài viết liên quan",
    "bài liên quan", "tin cùng chuyên mục", "ý kiến bạn đọc", "bình luận", "gửi bình luận",
    "phản hồi", "gửi phản hồi", "các tin đã đưa", "tin đã đưa", "bài viết khác",
    "các bài viết khác", "viết bình luận", "ý kiến", "bình luận của bạn", "xem thêm",
    "đọc thêm",
    "các tin tiếp", "tin tiếp", "các tin tiếp theo", "tin tiếp theo", "các tin cũ hơn",
    "tin cùng loại", "bài cùng chuyên mục", "tin bài liên quan", "tin bài khác",
    "các tin bài khác", "có thể bạn quan tâm", "bạn có thể quan tâm", "tin cùng chủ đề",
    "các tin mới hơn", "các bài đã đăng", "bài đã đăng", "tin đã đăng", "các tin đã đăng",
];

/// Whether the line opens an "other news" or comments block (`Tin liên quan`, `Ý kiến bạn
/// đọc`): after it, a page has only links and short comments.
pub(super) fn is_hard_footer_marker(line: &str) -> bool {
    line.len() <= 60 && HARD_FOOTER_MARKERS.contains(&phrase_key(line).as_str())
}

/// `- 13-06-2022Hải Phòng thí điểm …` or `• Tiêu đề (13/06/2022)`: a related link.
pub(super) fn is_related_link(line: &str) -> bool {
    let t = line.trim_start_matches(['-', '•', '·', '+', '*', '–', '>', '»', ' ']);
    let bulleted = t.len() != line.len();
    // The date opens the link, or (after a bullet) closes it: nothing else to look at.
    let opens = t.starts_with(|c: char| c.is_ascii_digit());
    let closes = bulleted
        && t.trim_end()
            .ends_with(|c: char| c.is_ascii_digit() || c == ')' || c == ']');
    if !opens && !closes {
        return false;
    }
    if let Some(found) = date::find_dates(t).first() {
        if found.start == 0 {
            let rest = &t[found.end..];
            // Glued: a letter follows the date with no space, or a bullet introduces it.
            let glued = rest.chars().next().is_some_and(char::is_alphabetic);
            let spaced_title = rest.starts_with(' ')
                && rest
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
            return glued || (bulleted && spaced_title && words(rest) <= 30);
        }
        if bulleted && words(t) <= 30 {
            let tail = t[found.end..].trim_matches(|c: char| c == ')' || c == ']' || c == ' ');
            return tail.is_empty();
        }
    }
    false
}

/// `Trang chủ > Tin tức > Khoa giáo`, `Trang chủ / Khoa học`: a breadcrumb trail.
pub(super) fn is_breadcrumb(line: &str) -> bool {
    trail(line).is_some()
}

/// The steps of a breadcrumb trail or a menu bar from the home page on
/// (`Trang chủ > Tin tức > Khoa giáo`, `Trang chủ | Giới thiệu | Liên hệ`).
fn trail(line: &str) -> Option<Vec<&str>> {
    let seps = ['>', '»', '›', '/', '|'];
    let parts: Vec<&str> = line.split(|c| seps.contains(&c)).map(str::trim).collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty() || words(p) > 5) {
        return None;
    }
    let first = phrase_key(parts[0]);
    if !(first == "trang chủ" || first == "home" || first == "tin tức") {
        return None;
    }
    Some(parts)
}

/// Pages of a site's own menu: a trail that holds one is the menu bar, not the path
/// to the page, so its last item is no category.
const SITE_PAGES: &[&str] = &[
    "giới thiệu",
    "liên hệ",
    "sơ đồ trang",
    "sơ đồ site",
    "hỏi đáp",
    "góp ý",
    "đăng nhập",
    "đăng ký",
    "tìm kiếm",
    "văn bản",
    "thư viện",
    "english",
    "about",
    "contact",
];

/// The last step of a breadcrumb trail (the page's category).
pub(super) fn breadcrumb_last(line: &str) -> Option<&str> {
    let parts = trail(line)?;
    if parts
        .iter()
        .any(|p| SITE_PAGES.contains(&phrase_key(p).as_str()))
    {
        return None;
    }
    parts.last().copied()
}

/// A printed page number left in a PDF copy: `5`, `- 5 -`, `Trang 5`, `5/24`.
fn is_page_number(line: &str) -> bool {
    let t = line.trim_matches(|c: char| c == '-' || c == '–' || c == ' ');
    let t = t
        .strip_prefix("Trang ")
        .or_else(|| t.strip_prefix("trang "))
        .unwrap_or(t);
    let (a, b) = t.split_once('/').unwrap_or((t, "1"));
    let small = |s: &str| (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    small(a) && small(b)
}

fn is_pager(key: &str) -> bool {
    // `1 2 3 4 tiếp`, `trang 2`, `« trước 1 2 sau »`.
    let mut digits = 0;
    for w in key.split(' ') {
        if w.chars().all(|c| c.is_ascii_digit()) {
            if w.len() > 3 {
                return false;
            }
            digits += 1;
        } else if !matches!(
            w,
            "tiếp" | "trước" | "sau" | "trang" | "cuối" | "đầu" | "next" | "prev"
        ) {
            return false;
        }
    }
    digits >= 2 || (digits >= 1 && key.starts_with("trang "))
}

#[cfg(test)]
mod tests;

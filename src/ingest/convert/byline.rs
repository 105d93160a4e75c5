//! Bylines: `Bài, ảnh: Hương Anh`, `BBT (Sưu tầm)`, `Theo baochinhphu.vn`, `TS. Nguyễn Văn A`,
//! a lone name (`Hương Anh`), or a name over a job title (`Vi Ngọc Bích` /
//! `Trưởng Ban Tuyên giáo Tỉnh ủy Quảng Ninh`); and the author names inside them.

use super::chrome::phrase_key;
use super::text::{ends_with_clause_mark, words};

/// Labels that open an explicit byline, before a `:`.
const LABELS: &[&str] = &[
    "bài",
    "ảnh",
    "bài ảnh",
    "bài và ảnh",
    "tin",
    "tin ảnh",
    "tin và ảnh",
    "bài và clip",
    "clip",
    "video",
    "tác giả",
    "người viết",
    "nhóm tác giả",
    "thực hiện",
    "nhóm thực hiện",
    "nhóm pv",
    "nhóm phóng viên",
    "phóng viên",
    "biên tập",
    "tổng hợp",
    "nguồn",
    "theo",
    "đồ họa",
    "đồ hoạ",
    "bài ảnh video",
    "ghi chép",
    "lược dịch",
    "dịch",
    "trình bày",
    "bài và ảnh video",
];

/// Parenthesized notes after a name that mark a byline (`BBT (Sưu tầm)`).
const NOTES: &[&str] = &[
    "sưu tầm",
    "st",
    "s t",
    "tổng hợp",
    "th",
    "t h",
    "lược dịch",
    "dịch",
    "biên dịch",
    "theo",
    "nguồn",
    "tổng hợp và biên dịch",
    "biên soạn",
    "tổng hợp từ",
    // An interview's or a report's writer: `Thu Hà (thực hiện)`, `Minh Châu (ghi)`.
    "thực hiện",
    "ghi",
    "ghi chép",
];

/// Collective authors printed as initials.
const COLLECTIVE: &[&str] = &[
    "BBT",
    "PV",
    "P.V",
    "BTV",
    "CTV",
    "TTXVN",
    "VNA",
    "TH",
    "Nhóm PV",
    "Ban Biên tập",
    "Ban biên tập",
];

/// Academic and courtesy titles dropped from author names.
const TITLES: &[&str] = &[
    "GS.TS",
    "PGS.TS",
    "PGS. TS",
    "GS. TS",
    "TS",
    "ThS",
    "Th.S",
    "PGS",
    "GS",
    "KS",
    "BS",
    "CN",
    "NCS",
    "Nhà báo",
    "NB",
    "Ông",
    "Bà",
    "Luật sư",
    "LS",
    "TSKH",
    "Đại tá",
    "Thượng tá",
    "Trung tá",
];

/// Words a job title line starts with.
const JOB_WORDS: &[&str] = &[
    "trưởng",
    "phó",
    "giám đốc",
    "chủ tịch",
    "bí thư",
    "chánh",
    "chuyên viên",
    "cán bộ",
    "nghiên cứu viên",
    "giảng viên",
    "phóng viên",
    "biên tập viên",
    "tổng biên tập",
    "hiệu trưởng",
    "viện trưởng",
    "cục trưởng",
    "vụ trưởng",
    "nguyên",
    "ủy viên",
    "uỷ viên",
    "đại biểu",
    "thành viên",
    "sở",
    "trung tâm",
    "viện",
    "trường",
    "phòng",
    "ban",
    "khoa",
    "hội",
    "công ty",
    "đại học",
    "học viện",
    "báo",
    "tạp chí",
    "cộng tác viên",
    "ctv",
    "giáo viên",
    "bác sĩ",
    "kỹ sư",
    "chuyên gia",
    "tổng giám đốc",
    "thư ký",
    "kế toán",
    "nhà báo",
    "nhà nghiên cứu",
    "tiến sĩ",
    "thạc sĩ",
];

fn label_of(line: &str) -> Option<(&str, &str)> {
    let (label, rest) = line.split_once(':')?;
    let key = phrase_key(label);
    (LABELS.contains(&key.as_str()) && !rest.trim().is_empty()).then_some((label, rest.trim()))
}

/// Whether a name-like part ends with a byline note (`(Sưu tầm)`, `(tổng hợp)`).
fn has_note(line: &str) -> bool {
    let t = line.trim_end();
    let Some(open) = t.rfind('(') else {
        return false;
    };
    if !t.ends_with(')') {
        return false;
    }
    let note = phrase_key(&t[open + 1..t.len() - 1]);
    NOTES
        .iter()
        .any(|n| note == *n || note.starts_with(&format!("{n} ")))
}

/// An explicit byline: a byline label (`Bài, ảnh:`), a note (`BBT (Sưu tầm)`), `Theo …`
/// on a short line, or a collective author alone (`BBT`, `PV`).
pub(super) fn is_explicit_byline(line: &str) -> bool {
    if line.len() > 200 || words(line) > 16 || ends_with_clause_mark(line.trim_end_matches('.')) {
        return false;
    }
    if label_of(line).is_some() {
        return true;
    }
    if has_note(line) && words(line) <= 10 {
        return true;
    }
    let key = phrase_key(line);
    if (key.starts_with("theo ") || key.starts_with("nguồn "))
        && words(line) <= 8
        && !line.trim_end().ends_with('.')
    {
        // `Theo baochinhphu.vn`, `Theo Nhân Dân`, `Nguồn: VnExpress`.
        let rest = line.split_once(' ').map(|(_, r)| r.trim()).unwrap_or("");
        return rest.contains('.') || rest.starts_with(char::is_uppercase);
    }
    COLLECTIVE.iter().any(|c| line.trim_end_matches('.') == *c)
}

/// Strip academic and courtesy titles off a name (`TS. Nguyễn Văn A` → `Nguyễn Văn A`).
fn strip_titles(name: &str) -> &str {
    let mut n = name.trim();
    loop {
        let before = n;
        for t in TITLES {
            if let Some(rest) = n.strip_prefix(t) {
                if rest.starts_with(['.', ' ']) {
                    n = rest.trim_start_matches(['.', ' ']);
                }
            }
        }
        if n == before {
            return n;
        }
    }
}

/// Whether the text is a person's name: 2–5 capitalized words of letters (after titles),
/// e.g. `Hương Anh`, `Nguyễn Thị Hồng Ngọc`, `TS. Vi Ngọc Bích`.
pub(super) fn looks_like_name(text: &str) -> bool {
    let t = strip_titles(text.trim().trim_end_matches('.'));
    let ws: Vec<&str> = t.split_whitespace().collect();
    if !(2..=5).contains(&ws.len()) {
        return false;
    }
    ws.iter().all(|w| {
        let mut cs = w.chars();
        let first_ok = cs.next().is_some_and(char::is_uppercase);
        let rest: Vec<char> = cs.collect();
        first_ok
            && w.chars().count() <= 8
            && rest.iter().all(|c| c.is_alphabetic())
            && (rest.iter().all(|c| c.is_lowercase()) || rest.iter().all(|c| c.is_uppercase()))
    })
}

/// The person's name in a name line: the whole line (`Hương Anh`, `TS. Lê Văn Bình`), or
/// the name before an affiliation (`ThS. Lê Thị Hoa - Sở KH&CN Lâm Đồng`,
/// `Nguyễn Văn A, Viện Khoa học`).
pub(super) fn name_part(text: &str) -> Option<&str> {
    let t = text.trim().trim_end_matches('.');
    if looks_like_name(t) {
        return Some(t);
    }
    for sep in [" - ", " – ", ", ", " ("] {
        if let Some((name, rest)) = t.split_once(sep) {
            let rest = rest.trim_end_matches(')');
            if looks_like_name(name)
                && (looks_like_job(rest) || super::header::is_agency_line(rest))
            {
                return Some(name);
            }
        }
    }
    None
}

/// Whether a name carries an academic or professional title (`TS.`, `ThS.`, `PGS.TS`).
pub(super) fn has_title(text: &str) -> bool {
    strip_titles(text.trim()).len() != text.trim().len()
}

/// Common Vietnamese surnames, to tell an ALL-CAPS name from an ALL-CAPS heading.
const SURNAMES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "đào", "đinh", "mai", "trịnh", "lương", "lâm", "tô", "cao", "chu",
    "đoàn", "tạ", "triệu", "kiều", "quách", "thái", "vi", "hà", "la", "lò", "nông", "hứa", "châu",
    "tăng", "từ", "văn", "khổng", "lưu", "trương", "tống", "giáp", "mạc", "bạch",
];

/// Whether an ALL-CAPS line is a person's name (`NGUYỄN VĂN AN`): name-shaped and opening
/// with a common surname.
pub(super) fn looks_like_caps_name(text: &str) -> bool {
    let t = strip_titles(text.trim());
    if !looks_like_name(t) {
        return false;
    }
    let lower: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
    let surname = lower
        .first()
        .is_some_and(|w| SURNAMES.contains(&w.as_str()));
    // A pen name (`HOÀNG LINH`, `THU HÀ`): ends with a common given name, and no word of
    // it is a common heading word (`TIN VẮN`, `GÓC NHÌN`).
    let given = lower
        .last()
        .is_some_and(|w| GIVEN_NAMES.contains(&w.as_str()))
        && !lower.iter().any(|w| HEADING_WORDS.contains(&w.as_str()));
    surname || given
}

/// The attribution under a pull quote: a job or honorific in ordinary case, then a name
/// in capitals (`Phó giáo sư TRẦN XUÂN BÁCH`, `Bộ trưởng HUỲNH THÀNH ĐẠT`), nothing else.
pub(super) fn quote_attribution(text: &str) -> bool {
    let ws: Vec<&str> = text.split_whitespace().collect();
    if ws.len() > 10 || text.contains([':', ',', '.', '(', '“', '"']) {
        return false;
    }
    let caps = ws
        .iter()
        .rev()
        .take_while(|w| w.chars().all(char::is_uppercase) && w.chars().count() <= 8)
        .count();
    let (job, name) = ws.split_at(ws.len() - caps);
    (2..=4).contains(&caps)
        && !job.is_empty()
        && job.iter().any(|w| w.chars().any(char::is_lowercase))
        && job
            .iter()
            .skip(1)
            .all(|w| !w.starts_with(char::is_uppercase) || w.chars().all(char::is_uppercase))
        && looks_like_caps_name(&name.join(" "))
}

/// Common Vietnamese given names (last syllable of a name).
const GIVEN_NAMES: &[&str] = &[
    "anh", "hương", "linh", "minh", "hà", "lan", "thu", "ngọc", "hoa", "mai", "hùng", "dũng",
    "tuấn", "nam", "hải", "long", "quang", "trang", "thảo", "hằng", "hạnh", "phương", "huyền",
    "nga", "nhung", "yến", "oanh", "vân", "bình", "thành", "trung", "hiếu", "đức", "khánh", "tâm",
    "hòa", "hoà", "thủy", "thuỷ", "giang", "châu", "sơn", "việt", "cường", "thắng", "kiên",
    "phong", "tú", "hiền", "thanh", "huy", "đạt", "tùng", "hưng", "dương", "hạ", "vy", "ly", "my",
    "nhi", "chi", "trâm", "thư", "quyên", "loan", "liên", "tuyết", "hậu", "lộc", "phúc", "thịnh",
    "toàn", "tiến", "vinh", "khôi", "bảo", "duy", "hoàng", "lâm", "thái", "tài", "nghĩa", "hiệp",
    "quân", "khang", "an", "hân", "diệp", "uyên", "ngân",
];

/// Words of headings and rubrics that are not names.
const HEADING_WORDS: &[&str] = &[
    "tin",
    "góc",
    "nhìn",
    "sự",
    "kiện",
    "hoạt",
    "động",
    "khoa",
    "học",
    "công",
    "nghệ",
    "vấn",
    "đề",
    "bản",
    "chuyên",
    "mục",
    "trang",
    "kinh",
    "tế",
    "xã",
    "hội",
    "văn",
    "hóa",
    "hoá",
    "thế",
    "giới",
    "trong",
    "nước",
    "tỉnh",
    "thời",
    "sự",
    "đời",
    "sống",
    "bạn",
    "đọc",
    "phóng",
    "sự",
    "ghi",
    "chép",
    "phỏng",
    "vấn",
    "diễn",
    "đàn",
    "chính",
    "sách",
    "pháp",
    "luật",
    "y",
    "tế",
    "giáo",
    "dục",
    "môi",
    "trường",
    "nông",
    "nghiệp",
    "chuyển",
    "đổi",
    "số",
    "kiến",
    "thức",
    "phổ",
    "biến",
    "sáng",
    "tạo",
    "mới",
    "điểm",
    "báo",
    "tiêu",
    "tài",
    "liệu",
    "việt",
    "quê",
    "địa",
    "đất",
    "biển",
    "trời",
    "miền",
    "vùng",
    "non",
    "sông",
    "núi",
    "gương",
];

/// Whether the line reads as a job title or an affiliation under a name.
pub(super) fn looks_like_job(text: &str) -> bool {
    if words(text) > 18 || ends_with_clause_mark(text) {
        return false;
    }
    let key = phrase_key(text);
    JOB_WORDS
        .iter()
        .any(|w| key.starts_with(w) && key.as_bytes().get(w.len()).is_none_or(|b| *b == b' '))
}

/// The author names in a byline (titles and notes removed, collective authors kept as
/// printed, sources such as `Theo baochinhphu.vn` give none).
pub(super) fn authors(byline: &str) -> Vec<String> {
    let first_line = byline.split(['\n']).next().unwrap_or(byline);
    let mut body = match label_of(first_line) {
        Some((label, rest)) => {
            let k = phrase_key(label);
            if matches!(k.as_str(), "nguồn" | "theo") {
                return Vec::new();
            }
            rest
        }
        None => first_line,
    };
    let key = phrase_key(body);
    if key.starts_with("theo ") || key.starts_with("nguồn ") {
        return Vec::new();
    }
    // Drop a trailing note, and an affiliation after ` - ` or `,` when a name precedes it.
    if has_note(body) {
        if let Some(open) = body.rfind('(') {
            body = body[..open].trim();
        }
    }
    if let Some(name) = name_part(body) {
        return vec![strip_titles(name).to_string()];
    }
    let mut out = Vec::new();
    for part in body
        .split([',', ';'])
        .flat_map(|p| p.split(" & "))
        .flat_map(|p| p.split(" và "))
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" – "))
    {
        let p = part.trim().trim_end_matches('.');
        if p.is_empty() {
            continue;
        }
        if COLLECTIVE.contains(&p) {
            out.push(p.to_string());
        } else if looks_like_name(p)
            || (words(p) == 1
                && p.chars().count() >= 2
                && p.starts_with(char::is_uppercase)
                && p.chars().all(char::is_alphabetic)
                && out.is_empty()
                && !looks_like_job(p))
        {
            let n = strip_titles(p).to_string();
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interviews_writer() {
        assert_eq!(authors("Thu Hà (thực hiện)"), vec!["Thu Hà"]);
        assert_eq!(authors("Minh Châu (ghi)"), vec!["Minh Châu"]);
        assert!(has_note("Nhóm phóng viên (ghi chép)"));
        assert!(!has_note("Hội nghị tổng kết (lần thứ 3)"));
    }

    #[test]
    fn pull_quote_attributions() {
        for t in [
            "Phó giáo sư TRẦN XUÂN BÁCH",
            "Bộ trưởng HUỲNH THÀNH ĐẠT",
            "Tiến sĩ LÊ THỊ HOA",
        ] {
            assert!(quote_attribution(t), "{t}");
        }
        for t in [
            "TRẦN XUÂN BÁCH",
            "Phó giáo sư Trần Xuân Bách",
            "Ông NGUYỄN VĂN AN:",
            "Tin từ HÀ NỘI và ĐÀ NẴNG",
            "Theo VTV",
        ] {
            assert!(!quote_attribution(t), "{t}");
        }
    }

    #[test]
    fn explicit_bylines() {
        for l in [
            "Bài, ảnh: Hương Anh",
            "Bài và ảnh: Nguyễn Văn A",
            "Tin, ảnh: Minh Đức",
            "BBT (Sưu tầm)",
            "Minh Anh (tổng hợp)",
            "Theo baochinhphu.vn",
            "Nguồn: VnExpress",
            "PV",
            "Tác giả: TS. Lê Văn Bình",
        ] {
            assert!(is_explicit_byline(l), "{l}");
        }
        for l in [
            "Bài học kinh nghiệm từ Nhật Bản",
            "Theo đó, tỉnh sẽ triển khai nhiều giải pháp.",
            "Ảnh minh họa",
            "Hệ thống quản lý chất lượng (HTQLCL)",
        ] {
            assert!(!is_explicit_byline(l), "{l}");
        }
    }

    #[test]
    fn names_and_jobs() {
        assert!(looks_like_name("Hương Anh"));
        assert!(looks_like_name("Nguyễn Thị Hồng Ngọc"));
        assert!(looks_like_name("TS. Vi Ngọc Bích"));
        assert!(!looks_like_name("Lan toả chuyển đổi số"));
        assert!(!looks_like_name(
            "Quảng Ninh phát triển được 23 doanh nghiệp KH&CN"
        ));
        assert!(looks_like_caps_name("NGUYỄN VĂN AN"));
        assert!(looks_like_caps_name("HOÀNG LINH"));
        assert!(looks_like_caps_name("THU HÀ"));
        assert!(!looks_like_caps_name("TIN VẮN"));
        assert!(!looks_like_caps_name("GÓC NHÌN"));
        assert!(!looks_like_caps_name("KHOA HỌC"));
        assert!(looks_like_job("Trưởng Ban Tuyên giáo Tỉnh ủy Quảng Ninh"));
        assert!(looks_like_job("Giám đốc Sở KH&CN tỉnh Nam Định"));
        assert!(!looks_like_job("Nông dân thu hoạch vải thiều."));
    }

    #[test]
    fn author_names() {
        assert_eq!(
            authors("Bài, ảnh: Nguyễn Thị Hồng Ngọc"),
            vec!["Nguyễn Thị Hồng Ngọc"]
        );
        assert_eq!(authors("Bài, ảnh:  Hương Anh"), vec!["Hương Anh"]);
        assert_eq!(authors("BBT (Sưu tầm)"), vec!["BBT"]);
        assert_eq!(authors("Hương Anh"), vec!["Hương Anh"]);
        assert_eq!(
            authors("Vi Ngọc Bích\nTrưởng Ban Tuyên giáo Tỉnh ủy Quảng Ninh"),
            vec!["Vi Ngọc Bích"]
        );
        assert_eq!(authors("Bài: Minh Anh - Ảnh: Hoàng Long"), vec!["Minh Anh"]);
        assert_eq!(
            authors("Nhóm PV: Lan Anh, Quốc Bảo và Thu Hà"),
            vec!["Lan Anh", "Quốc Bảo", "Thu Hà"]
        );
        assert_eq!(
            authors("TS. Nguyễn Văn A - Viện Khoa học"),
            vec!["Nguyễn Văn A"]
        );
        assert!(authors("Theo baochinhphu.vn").is_empty());
    }
}

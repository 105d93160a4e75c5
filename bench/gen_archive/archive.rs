//! A deterministic generator of realistic bantin archives, for benchmarks and tests.
//!
//! Writes the content model of `SPEC.md` directly (no ingest): `site.yaml`,
//! `content/<bulletin-slug>/_index.md` and `content/<bulletin-slug>/<NN>-<article-slug>.md`.
//! Text is built from sentences of the real seed texts, so it has real Vietnamese
//! diacritics and sentence lengths.
//!
//! Determinism: all randomness comes from [`SplitMix64`]. The bulletin plan (sizes, dates,
//! titles) is drawn sequentially from the master seed; each bulletin's text then comes from
//! its own stream derived from `(seed, bulletin index)`, so bulletins can be generated in
//! parallel and the output is byte-identical whatever the number of threads.
//!
//! Shared by `bench/gen_archive/main.rs` (the CLI) and `tests/gen_archive.rs`; each
//! uses a subset of the items, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};
use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use bantin::slug::slugify;

// ------------------------------------------------------------------------------ PRNG

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, good enough for synthetic text.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// An independent stream for item `index` of the run seeded with `seed`.
    pub(crate) fn derive(seed: u64, index: u64) -> Self {
        let mut m = SplitMix64(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        SplitMix64(m.next_u64() ^ 0x5851_F42D_4C95_7F2D)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift (bias below 2^-32 for our sizes).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub(crate) fn pick_str<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[self.below(items.len())]
    }

    /// Index drawn from cumulative weights (last element = total).
    pub(crate) fn weighted(&mut self, cumulative: &[f64]) -> usize {
        let total = *cumulative.last().expect("non-empty weights");
        let x = self.unit() * total;
        cumulative
            .partition_point(|&c| c <= x)
            .min(cumulative.len() - 1)
    }
}

// ------------------------------------------------------------------------------ vocabulary

const SERIES: [&str; 3] = [
    "Bản tin Khoa học và Phát triển",
    "Bản tin Khoa học và Công nghệ Quảng Ninh",
    "Thông tin Khoa học Công nghệ và Đổi mới sáng tạo",
];

const PUBLISHERS: [Option<&str>; 3] = [
    Some("Sở Khoa học và Công nghệ tỉnh Quảng Ninh"),
    Some("Trung tâm Thông tin và Thống kê khoa học và công nghệ"),
    None,
];

/// The rubrics, in sentence case as the spec writes them.
pub(crate) const RUBRICS: [&str; 6] = [
    "Những vấn đề chung",
    "Hoạt động khoa học và công nghệ",
    "Phổ biến kiến thức",
    "Tin hoạt động khoa học và công nghệ",
    "Khoa học và đời sống",
    "Chuyển đổi số và đổi mới sáng tạo",
];

const PLACES: &str = "An Giang|Bà Rịa - Vũng Tàu|Bắc Giang|Bắc Kạn|Bạc Liêu|Bắc Ninh|Bến Tre|\
Bình Định|Bình Dương|Bình Phước|Bình Thuận|Cà Mau|Cần Thơ|Cao Bằng|Đà Nẵng|Đắk Lắk|Đắk Nông|\
Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|Hà Giang|Hà Nam|Hà Nội|Hà Tĩnh|Hải Dương|Hải Phòng|\
Hậu Giang|Hòa Bình|Hưng Yên|Khánh Hòa|Kiên Giang|Kon Tum|Lai Châu|Lâm Đồng|Lạng Sơn|Lào Cai|\
Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|Phú Yên|Quảng Bình|Quảng Nam|Quảng Ngãi|\
Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|Thái Bình|Thái Nguyên|Thanh Hóa|Thừa Thiên Huế|\
Tiền Giang|TP Hồ Chí Minh|Trà Vinh|Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái|Hạ Long|Cẩm Phả|\
Uông Bí|Móng Cái|Đông Triều|Quảng Yên|Bình Liêu|Tiên Yên|Vân Đồn|Cô Tô|Hải Hà|Đầm Hà|Ba Chẽ|\
Hoành Bồ|Bãi Cháy";

const TOPICS: &str = "chuyển đổi số|đổi mới sáng tạo|khởi nghiệp|doanh nghiệp KH&CN|\
sở hữu trí tuệ|nhãn hiệu tập thể|chỉ dẫn địa lý|tiêu chuẩn đo lường chất lượng|\
năng suất chất lượng|ISO 9001:2015|TCVN 9001-2015|ISO 22000|VietGAP|HACCP|OCOP|\
truy xuất nguồn gốc|mã số mã vạch|chính quyền điện tử|chính quyền số|kinh tế số|xã hội số|\
dịch vụ công trực tuyến|cải cách hành chính|kho dữ liệu dùng chung|cơ sở dữ liệu|\
trí tuệ nhân tạo|dữ liệu lớn|điện toán đám mây|Internet vạn vật|an toàn thông tin|\
chữ ký số|thương mại điện tử|nông nghiệp công nghệ cao|nông nghiệp hữu cơ|\
nuôi trồng thủy sản|giống cây trồng|công nghệ sinh học|công nghệ vi sinh|phân bón hữu cơ|\
bảo quản sau thu hoạch|chế biến nông sản|chè|cây dược liệu|ba kích|sá sùng|hàu|\
năng lượng tái tạo|điện mặt trời|tiết kiệm năng lượng|biến đổi khí hậu|môi trường|\
xử lý chất thải|rác thải nhựa|vi nhựa|tài nguyên nước|phòng chống thiên tai|y tế|sức khỏe|\
dinh dưỡng|an toàn thực phẩm|giáo dục|STEM|đào tạo nhân lực|nhà khoa học|sáng kiến|\
giải thưởng|hội thi sáng tạo kỹ thuật|nghiên cứu khoa học|nhiệm vụ KH&CN|đề tài cấp tỉnh|\
dự án nông thôn miền núi|chuyển giao công nghệ|thị trường KH&CN|đổi mới công nghệ|\
tự động hóa|robot|đô thị thông minh|du lịch|di sản văn hóa|thư viện số|truyền thông|\
phổ biến kiến thức|hợp tác quốc tế|xuất khẩu|logistics|cảng biển|khu kinh tế|\
khu công nghiệp|doanh nghiệp nhỏ và vừa|hợp tác xã|nông dân|thanh niên|phụ nữ|fintech|\
blockchain|5G|phần mềm nguồn mở|Python|Rust|hạ tầng số|trung tâm dữ liệu|bản đồ số|GIS|\
viễn thám|quan trắc môi trường|khí tượng thủy văn|địa chất|khoáng sản|than|năng lượng|\
vật liệu mới|công nghệ nano|y học cổ truyền|vắc xin|tâm lý học|thần kinh học|\
khoa học xã hội|lịch sử|văn hóa|Nghị quyết 57|Đề án 06|Luật KH&CN|thống kê KH&CN|\
Sở Khoa học và Công nghệ|UBND tỉnh|Bộ Khoa học và Công nghệ";

const FAMILY: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương",
];
const MIDDLE: [&str; 9] = [
    "Thị", "Văn", "Minh", "Thu", "Hồng", "Đức", "Thanh", "Ngọc", "Quốc",
];
const GIVEN: [&str; 18] = [
    "Hương", "Anh", "Hoan", "Hà", "Lan", "Dũng", "Hùng", "Thảo", "Trang", "Tuấn", "Phương",
    "Giang", "Long", "Nam", "Linh", "Hòa", "Sơn", "Yến",
];
const PHOTO_CREDITS: [&str; 4] = ["BBT", "TTXVN", "Báo Quảng Ninh", "Tư liệu"];

/// Code samples for the ~2% of articles that carry one (language, body).
const CODE: [(&str, &str); 4] = [
    (
        "rust",
        "fn dem_ky_tu(tieu_de: &str) -> usize {\n    tieu_de.chars().count()\n}\n\nfn main() {\n    \
         let t = \"Chuyển đổi số\";\n    println!(\"{t}: {} ký tự\", dem_ky_tu(t));\n}\n",
    ),
    (
        "python",
        "import json\n\nwith open(\"so_lieu.json\", encoding=\"utf-8\") as f:\n    du_lieu = \
         json.load(f)\nfor tinh, so in sorted(du_lieu.items()):\n    print(f\"{tinh}: {so}\")\n",
    ),
    (
        "bash",
        "#!/usr/bin/env bash\n# Đếm số bài theo chuyên mục\ngrep -h '^section:' content/*/*.md \\\n  \
         | sort | uniq -c | sort -rn\n",
    ),
    (
        "json",
        "{\n  \"tinh\": \"Quảng Ninh\",\n  \"nhiem_vu_khcn\": 388,\n  \"doanh_nghiep_khcn\": 23,\n  \
         \"truc_tuyen\": true\n}\n",
    ),
];

// ------------------------------------------------------------------------------ options

/// What to generate.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// Total number of articles.
    pub articles: usize,
    /// Master seed.
    pub seed: u64,
    /// Articles per bulletin, inclusive range (the last bulletin may be smaller).
    pub per_bulletin_min: usize,
    pub per_bulletin_max: usize,
    /// Folder of seed `*.txt` files the text is sampled from.
    pub seeds: PathBuf,
    /// `site.yaml` values.
    pub title: String,
    pub base_url: String,
}

impl Options {
    pub(crate) fn new(articles: usize, seeds: PathBuf) -> Self {
        Options {
            articles,
            seed: 42,
            per_bulletin_min: 10,
            per_bulletin_max: 40,
            seeds,
            title: "Lưu trữ bản tin KH&CN".into(),
            base_url: "https://example.org".into(),
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Stats {
    pub bulletins: usize,
    pub articles: usize,
    pub files: usize,
    pub bytes: u64,
    /// Distinct rubrics and tags actually used.
    pub sections: usize,
    pub tags: usize,
    /// Articles with a fenced code block.
    pub code_articles: usize,
}

// ------------------------------------------------------------------------------ seeds

/// Sentences and title candidates taken from the seed texts, sorted and deduplicated.
#[derive(Debug, Clone)]
pub(crate) struct Corpus {
    pub sentences: Vec<String>,
    /// Sentences short enough for captions, list items and questions.
    pub short: Vec<String>,
    pub titles: Vec<String>,
}

fn is_date_like(line: &str) -> bool {
    // d/m/yyyy or d-m-yyyy anywhere in the line
    let b = line.as_bytes();
    let digits = |i: usize, lo: usize, hi: usize| -> Option<usize> {
        let n = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        (lo..=hi).contains(&n).then_some(i + n)
    };
    (0..b.len()).any(|i| {
        (i == 0 || !b[i - 1].is_ascii_digit())
            && digits(i, 1, 2)
                .filter(|&j| j < b.len() && (b[j] == b'/' || b[j] == b'-'))
                .and_then(|j| digits(j + 1, 1, 2))
                .filter(|&j| j < b.len() && (b[j] == b'/' || b[j] == b'-'))
                .and_then(|j| digits(j + 1, 4, 4))
                .is_some()
    })
}

fn is_all_upper(s: &str) -> bool {
    s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)
}

/// Split a line into sentences: after `.`, `!`, `?` or `…`, at whitespace followed by an
/// uppercase letter or an opening quote.
fn split_sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len() && chars[j].1.is_whitespace() {
                j += 1;
            }
            if j > i + 1 && j < chars.len() {
                let next = chars[j].1;
                if next.is_uppercase() || next == '"' || next == '“' {
                    out.push(line[start..chars[i + 1].0].trim());
                    start = chars[j].0;
                    i = j;
                    continue;
                }
            }
        }
        i += 1;
    }
    out.push(line[start..].trim());
    out
}

/// Read `dir/*.txt` (sorted by name) into a [`Corpus`].
pub(crate) fn load_corpus(dir: &Path) -> io::Result<Corpus> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("no seed texts (*.txt) in {}", dir.display()),
        ));
    }
    let mut sentences = BTreeSet::new();
    let mut titles = BTreeSet::new();
    for f in &files {
        let raw = fs::read(f)?;
        let text: String = String::from_utf8_lossy(&raw).nfc().collect();
        for line in text.trim_start_matches('\u{feff}').lines() {
            let line = line.replace(['\u{a0}', '\t'], " ");
            let line = line.trim_matches(|c: char| c == ' ' || c == '*' || c == '|' || c == '-');
            let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if line.is_empty() {
                continue;
            }
            let n = line.chars().count();
            if (25..=140).contains(&n)
                && !line.ends_with(['.', ':', '?'])
                && !is_date_like(&line)
                && !is_all_upper(&line)
                && !line.starts_with("Bài")
                && !line.starts_with("Ảnh")
                && !line.starts_with("Nguồn")
            {
                titles.insert(line.clone());
            }
            for s in split_sentences(&line) {
                let n = s.chars().count();
                if (40..=320).contains(&n)
                    && s.ends_with(['.', '!', '?', '…'])
                    && !s.contains("http")
                    && !s.contains("www.")
                    && !s.contains('@')
                {
                    // Emphasis markers inside a sentence would unbalance captions.
                    sentences.insert(s.replace(['*', '_', '`'], ""));
                }
            }
        }
    }
    // More titles: the leading clause of a sentence, when it has 6-14 words.
    for s in &sentences {
        let clause = s.split([',', ';', ':']).next().unwrap_or("");
        let clause = clause.trim_end_matches(['.', '!', '?', '…', ' ']);
        let words = clause.split_whitespace().count();
        if (6..=14).contains(&words) {
            titles.insert(clause.to_string());
        }
    }
    let sentences: Vec<String> = sentences.into_iter().collect();
    let short = sentences
        .iter()
        .filter(|s| s.chars().count() < 160)
        .cloned()
        .collect::<Vec<_>>();
    let titles: Vec<String> = titles.into_iter().collect();
    if sentences.is_empty() || short.is_empty() || titles.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("too little usable text in the seeds in {}", dir.display()),
        ));
    }
    Ok(Corpus {
        sentences,
        short,
        titles,
    })
}

// ------------------------------------------------------------------------------ YAML

/// A YAML double-quoted scalar: `\` and `"` escaped, and every character YAML does not
/// allow raw (controls, line and paragraph separators, BOM, non-characters) as an escape.
pub(crate) fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_quoted(&mut out, s);
    out
}

fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn push_flow_list(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_quoted(out, it);
    }
    out.push(']');
}

// ------------------------------------------------------------------------------ plan

struct Vocab {
    tags: Vec<String>,
    /// Cumulative Zipf-like weights over `tags`.
    tag_cumulative: Vec<f64>,
    authors: Vec<String>,
}

fn vocab(rng: &mut SplitMix64) -> Vocab {
    let mut tags: Vec<String> = Vec::new();
    for t in PLACES.split('|').chain(TOPICS.split('|')) {
        let t = t.trim();
        if !t.is_empty() && !tags.iter().any(|x| x == t) {
            tags.push(t.to_string());
        }
    }
    // Fisher-Yates, so which tags are popular depends on the seed.
    for i in (1..tags.len()).rev() {
        let j = rng.below(i + 1);
        tags.swap(i, j);
    }
    let mut acc = 0.0;
    let tag_cumulative = (0..tags.len())
        .map(|i| {
            acc += 1.0 / (i as f64 + 8.0);
            acc
        })
        .collect();
    let mut all: Vec<String> = Vec::new();
    for f in FAMILY {
        for m in MIDDLE {
            for g in GIVEN {
                all.push(format!("{f} {m} {g}"));
            }
        }
    }
    let mut authors = Vec::with_capacity(150);
    for _ in 0..150 {
        let i = rng.below(all.len());
        authors.push(all.swap_remove(i));
    }
    Vocab {
        tags,
        tag_cumulative,
        authors,
    }
}

/// One bulletin's place in the archive, decided up front.
struct Planned {
    index: usize,
    slug: String,
    title: String,
    series: usize,
    issue: usize,
    date: NaiveDateTime,
    articles: usize,
}

fn plan(opts: &Options, rng: &mut SplitMix64) -> Vec<Planned> {
    let (lo, hi) = (opts.per_bulletin_min.max(1), opts.per_bulletin_max.max(1));
    let (lo, hi) = (lo.min(hi), hi.max(lo));
    let mut sizes = Vec::new();
    let mut left = opts.articles;
    while left > 0 {
        let n = if left <= hi {
            left
        } else {
            let n = rng.range(lo, hi);
            // Avoid a tiny last bulletin when the remainder can be split evenly.
            if left - n < lo {
                (left - lo).max(lo)
            } else {
                n
            }
        };
        sizes.push(n.min(left));
        left -= n.min(left);
    }
    let n_b = sizes.len();
    let start = NaiveDate::from_ymd_opt(2000, 1, 10)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .expect("valid start date");
    let span_minutes: i64 = 25 * 365 * 24 * 60;
    let mut issue_counter: std::collections::BTreeMap<(usize, i32), usize> = Default::default();
    let mut slugs = BTreeSet::new();
    let mut out = Vec::with_capacity(n_b);
    for (i, &articles) in sizes.iter().enumerate() {
        let series = i % SERIES.len();
        let mut date = start + Duration::minutes(span_minutes * i as i64 / n_b as i64);
        date = date
            .with_minute((i * 7 % 60) as u32)
            .and_then(|d| d.with_second(0))
            .expect("valid minute");
        let year = chrono::Datelike::year(&date);
        let issue = {
            let c = issue_counter.entry((series, year)).or_insert(0);
            *c += 1;
            *c
        };
        let title = format!("{} số {:02} năm {}", SERIES[series], issue, year);
        let base = slugify(&title);
        let mut slug = base.clone();
        let mut k = 2;
        while !slugs.insert(slug.clone()) {
            slug = format!("{base}-{k}");
            k += 1;
        }
        out.push(Planned {
            index: i,
            slug,
            title,
            series,
            issue,
            date,
            articles,
        });
    }
    out
}

// ------------------------------------------------------------------------------ text

struct Body {
    text: String,
    captions: Vec<String>,
    first_sentence: String,
    has_code: bool,
}

fn paragraph(rng: &mut SplitMix64, corpus: &Corpus, out: &mut String) {
    let k = rng.range(1, 4);
    for j in 0..k {
        if j > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick_str(&corpus.sentences));
    }
}

fn make_body(rng: &mut SplitMix64, corpus: &Corpus) -> Body {
    let mut text = String::with_capacity(4096);
    let mut captions = Vec::new();
    let n = rng.range(5, 15);
    let code_at = if rng.chance(0.02) {
        Some(rng.range(1, n - 1))
    } else {
        None
    };
    let mut first_sentence = String::new();
    let sep = |t: &mut String| {
        if !t.is_empty() {
            t.push_str("\n\n");
        }
    };
    for p in 0..n {
        if p == 1 && rng.chance(0.35) || p > 3 && rng.chance(0.03) {
            let cap = format!(
                "{} (Ảnh: {})",
                rng.pick_str(&corpus.short).trim_end_matches('.'),
                rng.pick(&PHOTO_CREDITS)
            );
            sep(&mut text);
            text.push('*');
            text.push_str(&cap);
            text.push('*');
            captions.push(cap);
        }
        if p > 1 && rng.chance(0.08) {
            sep(&mut text);
            text.push_str("## ");
            text.push_str(rng.pick_str(&corpus.titles));
        }
        if p > 1 && rng.chance(0.04) {
            sep(&mut text);
            text.push_str("**Phóng viên (PV): ");
            text.push_str(
                rng.pick_str(&corpus.short)
                    .trim_end_matches(['.', '!', '?', '…']),
            );
            text.push_str("?**");
        }
        if p > 2 && rng.chance(0.04) {
            sep(&mut text);
            for k in 0..rng.range(3, 5) {
                if k > 0 {
                    text.push('\n');
                }
                text.push_str("- ");
                text.push_str(rng.pick_str(&corpus.short));
            }
        }
        if code_at == Some(p) {
            let (lang, code) = rng.pick(&CODE);
            sep(&mut text);
            let _ = write!(text, "```{lang}\n{code}```");
        }
        sep(&mut text);
        let start = text.len();
        paragraph(rng, corpus, &mut text);
        if p == 0 {
            first_sentence = split_sentences(&text[start..])[0].to_string();
        }
    }
    text.push('\n');
    Body {
        text,
        captions,
        first_sentence,
        has_code: code_at.is_some(),
    }
}

fn summary_of(first: &str) -> String {
    if first.chars().count() <= 220 {
        return first.to_string();
    }
    let cut: String = first.chars().take(217).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

fn byline_of(rng: &mut SplitMix64, authors: &[String]) -> String {
    let names = authors.join(", ");
    match rng.below(6) {
        0 | 1 => names,
        2 => format!("Bài, ảnh: {names}"),
        3 => format!("Theo {names}"),
        4 => format!("{names} (Trung tâm Thông tin và Thống kê KH&CN)"),
        _ => format!(
            "{} - {}",
            names,
            rng.pick(&["BBT", "Báo Quảng Ninh", "VnExpress"])
        ),
    }
}

fn iso(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S+07:00").to_string()
}

// ------------------------------------------------------------------------------ writing

struct BulletinStats {
    files: usize,
    bytes: u64,
    code_articles: usize,
    sections: u64,
    tags: BTreeSet<usize>,
}

fn write_bulletin(
    opts: &Options,
    corpus: &Corpus,
    vocab: &Vocab,
    b: &Planned,
    content: &Path,
) -> io::Result<BulletinStats> {
    let mut rng = SplitMix64::derive(opts.seed, b.index as u64);
    let dir = content.join(&b.slug);
    fs::create_dir_all(&dir)?;
    let source = format!("seeds/synthetic-{:05}.txt", b.index);
    let mut stats = BulletinStats {
        files: 0,
        bytes: 0,
        code_articles: 0,
        sections: 0,
        tags: BTreeSet::new(),
    };
    let mut buf = String::with_capacity(16 * 1024);

    // _index.md
    buf.push_str("---\ntitle: ");
    push_quoted(&mut buf, &b.title);
    buf.push_str("\nseries: ");
    push_quoted(&mut buf, SERIES[b.series]);
    let _ = write!(
        buf,
        "\nissue: {}\nyear: {}\ndate: {}\npublisher: ",
        b.issue,
        chrono::Datelike::year(&b.date),
        iso(b.date)
    );
    match PUBLISHERS[b.series] {
        Some(p) => push_quoted(&mut buf, p),
        None => buf.push_str("null"),
    }
    buf.push_str("\nsource: ");
    push_quoted(&mut buf, &source);
    buf.push_str("\n---\n");
    fs::write(dir.join("_index.md"), &buf)?;
    stats.files += 1;
    stats.bytes += buf.len() as u64;

    // Rubrics in table-of-contents order: a sorted draw.
    let mut rubrics: Vec<usize> = (0..b.articles).map(|_| rng.below(RUBRICS.len())).collect();
    rubrics.sort_unstable();
    let mut line = 12 + rng.below(20);
    let mut used_slugs = BTreeSet::new();
    for (k, &rubric) in rubrics.iter().enumerate() {
        let title = rng.pick_str(&corpus.titles).to_string();
        let mut slug = slugify(&title);
        if slug.is_empty() {
            slug = "bai-viet".into();
        }
        if !used_slugs.insert(slug.clone()) {
            slug = format!("{slug}-{}", k + 1);
            used_slugs.insert(slug.clone());
        }
        let n_tags = rng.range(2, 5);
        let mut tags: Vec<usize> = Vec::with_capacity(n_tags);
        while tags.len() < n_tags {
            let t = rng.weighted(&vocab.tag_cumulative);
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let n_auth = *rng.pick(&[1usize, 1, 1, 2, 2, 3]);
        let mut authors: Vec<String> = Vec::with_capacity(n_auth);
        while authors.len() < n_auth {
            let a = rng.pick(vocab.authors.as_slice());
            if !authors.contains(a) {
                authors.push(a.clone());
            }
        }
        let byline = byline_of(&mut rng, &authors);
        let body = make_body(&mut rng, corpus);
        let lines = body.text.matches('\n').count() + 3;
        let tag_names: Vec<String> = tags.iter().map(|&t| vocab.tags[t].clone()).collect();

        buf.clear();
        buf.push_str("---\ntitle: ");
        push_quoted(&mut buf, &title);
        let _ = write!(
            buf,
            "\ndate: {}\nsection: ",
            iso(b.date + Duration::minutes(k as i64))
        );
        push_quoted(&mut buf, RUBRICS[rubric]);
        buf.push_str("\nauthors: ");
        push_flow_list(&mut buf, &authors);
        buf.push_str("\nbyline: ");
        push_quoted(&mut buf, &byline);
        buf.push_str("\ntags: ");
        push_flow_list(&mut buf, &tag_names);
        buf.push_str("\nsummary: ");
        push_quoted(&mut buf, &summary_of(&body.first_sentence));
        buf.push_str("\ncaptions:");
        if body.captions.is_empty() {
            buf.push_str(" []");
        }
        for c in &body.captions {
            buf.push_str("\n  - ");
            push_quoted(&mut buf, c);
        }
        let _ = write!(buf, "\nweight: {}\nsource:\n  file: ", k + 1);
        push_quoted(&mut buf, &source);
        buf.push_str("\n  lines: ");
        push_quoted(&mut buf, &format!("{}-{}", line, line + lines));
        buf.push_str("\n---\n\n");
        buf.push_str(&body.text);
        line += lines + 1 + rng.below(3);

        let width = if b.articles >= 100 { 3 } else { 2 };
        let name = format!("{:0width$}-{}.md", k + 1, slug);
        fs::write(dir.join(name), &buf)?;
        stats.files += 1;
        stats.bytes += buf.len() as u64;
        stats.code_articles += usize::from(body.has_code);
        stats.sections |= 1 << rubric;
        stats.tags.extend(tags);
    }
    Ok(stats)
}

/// Write the archive into `root` (`site.yaml` and `content/`). `content/` must not exist
/// or be empty (the caller removes it), so no stale files from an earlier run remain.
pub(crate) fn generate(opts: &Options, root: &Path) -> io::Result<Stats> {
    let corpus = load_corpus(&opts.seeds)?;
    generate_with(opts, &corpus, root)
}

/// [`generate`] with the seed text already loaded.
pub(crate) fn generate_with(opts: &Options, corpus: &Corpus, root: &Path) -> io::Result<Stats> {
    let content = root.join("content");
    if content.exists() && fs::read_dir(&content)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is not empty; remove it first (or pass --force)",
                content.display()
            ),
        ));
    }
    fs::create_dir_all(&content)?;
    let mut site = String::from("title: ");
    push_quoted(&mut site, &opts.title);
    site.push_str("\nbase_url: ");
    push_quoted(&mut site, &opts.base_url);
    site.push_str("\nlanguage: vi\n");
    fs::write(root.join("site.yaml"), &site)?;

    let mut rng = SplitMix64::new(opts.seed);
    let vocab = vocab(&mut rng);
    let planned = plan(opts, &mut rng);
    let per: Vec<BulletinStats> = planned
        .par_iter()
        .map(|b| write_bulletin(opts, corpus, &vocab, b, &content))
        .collect::<io::Result<_>>()?;

    let mut stats = Stats {
        bulletins: planned.len(),
        articles: planned.iter().map(|b| b.articles).sum(),
        files: 1,
        bytes: site.len() as u64,
        ..Stats::default()
    };
    let mut sections = 0u64;
    let mut tags = BTreeSet::new();
    for s in per {
        stats.files += s.files;
        stats.bytes += s.bytes;
        stats.code_articles += s.code_articles;
        sections |= s.sections;
        tags.extend(s.tags);
    }
    stats.sections = sections.count_ones() as usize;
    stats.tags = tags.len();
    Ok(stats)
}

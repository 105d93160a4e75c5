//! Generalization check: raw pages written for this test (not copied from anywhere), in the
//! shapes SPEC's "Raw bulletin texts" lists (portal chrome, a bulletin with a table of
//! contents, an interview, a `*` roundup, a site clock above the dateline, an agency over
//! an ALL-CAPS title and a date in words, a `- ` news list, a word-processor export with a
//! BOM, CRLF, NFD, hard wraps and a running header), each with the fields a careful editor
//! would give it. `tests/fixtures/ingest/synthetic/`.

use std::path::PathBuf;

use bantin::ingest::{convert, Converted, Vocabulary};

/// What an editor expects of one article; `None` = not checked.
struct Art {
    title: &'static str,
    section: Option<Option<&'static str>>,
    authors: Option<&'static [&'static str]>,
    byline: Option<&'static str>,
    /// Paragraphs (`Block::Para`) in the body, when checked.
    paras: Option<usize>,
    captions: Option<usize>,
}

struct Page {
    file: &'static str,
    title: &'static str,
    /// The bulletin's `date` as ISO 8601, or `None` for no publication date.
    date: Option<&'static str>,
    issue: Option<u32>,
    publisher: Option<&'static str>,
    articles: Vec<Art>,
    /// Lines of chrome that must not be in any article body.
    never_in_body: &'static [&'static str],
}

const fn art(title: &'static str) -> Art {
    Art {
        title,
        section: None,
        authors: None,
        byline: None,
        paras: None,
        captions: None,
    }
}

fn pages() -> Vec<Page> {
    vec![
        Page {
            file: "s01_cong_thong_tin_tinh.txt",
            title: "Nông dân Bắc Mê chuyển đổi gần 300 ha đất lúa kém hiệu quả sang trồng cây ăn quả",
            date: Some("2023-08-14T10:05:00+07:00"),
            issue: None,
            publisher: None,
            articles: vec![Art {
                section: Some(Some("Kinh tế")),
                authors: Some(&["Lê Hồng Nhung"]),
                paras: Some(4),
                captions: Some(1),
                ..art("Nông dân Bắc Mê chuyển đổi gần 300 ha đất lúa kém hiệu quả sang trồng cây ăn quả")
            }],
            never_in_body: &["Tìm kiếm", "Đăng nhập", "Tin khác", "Xín Mần tổ chức", "Lượt xem", "Bản quyền"],
        },
        Page {
            file: "s02_ban_tin_nong_nghiep_so4.txt",
            title: "Bản tin nông nghiệp số 4 năm 2023",
            date: Some("2023-04-20T00:00:00+07:00"),
            issue: Some(4),
            publisher: None,
            articles: vec![
                Art {
                    section: Some(Some("Tin trong tỉnh")),
                    authors: Some(&["Phạm Thu Trang"]),
                    paras: Some(2),
                    ..art("Ninh Thuận triển khai vụ Hè Thu với 18.000 ha lúa")
                },
                Art {
                    section: Some(Some("Tin trong tỉnh")),
                    authors: Some(&["Nguyễn Văn Thịnh"]),
                    paras: Some(2),
                    ..art("Hợp tác xã nho Thái An được công nhận sản phẩm OCOP 4 sao")
                },
                Art {
                    section: Some(Some("Khuyến nông")),
                    authors: Some(&["BBT"]),
                    byline: Some("BBT (Tổng hợp)"),
                    paras: Some(2),
                    ..art("Kỹ thuật tưới nhỏ giọt cho cây táo trong mùa khô")
                },
            ],
            never_in_body: &["Trong số này"],
        },
        Page {
            file: "s03_phong_van.txt",
            title: "Giám đốc Sở Khoa học và Công nghệ: Doanh nghiệp phải là trung tâm của đổi mới sáng tạo",
            date: Some("2023-11-09T14:20:00+07:00"),
            issue: None,
            publisher: None,
            articles: vec![Art {
                section: Some(None),
                authors: Some(&["Thu Hà"]),
                ..art("Giám đốc Sở Khoa học và Công nghệ: Doanh nghiệp phải là trung tâm của đổi mới sáng tạo")
            }],
            never_in_body: &["Trang chủ", "Chia sẻ", "Bình luận"],
        },
        Page {
            file: "s04_diem_tin_dia_phuong.txt",
            title: "Điểm tin khoa học và công nghệ địa phương",
            date: None,
            issue: None,
            publisher: None,
            articles: vec![
                Art {
                    paras: Some(1),
                    ..art("Lào Cai: Ứng dụng công nghệ sinh học trong nhân giống cây dược liệu")
                },
                Art {
                    paras: Some(1),
                    ..art("Quảng Trị: Hỗ trợ doanh nghiệp xây dựng truy xuất nguồn gốc")
                },
                Art {
                    paras: Some(1),
                    ..art("Cà Mau: Nghiệm thu mô hình nuôi tôm sinh thái dưới tán rừng")
                },
            ],
            never_in_body: &[],
        },
        Page {
            file: "s05_bao_dien_tu.txt",
            title: "Lạng Sơn: Xuất khẩu nông sản qua cửa khẩu tăng mạnh",
            date: Some("2024-03-04T09:30:00+07:00"),
            issue: None,
            publisher: None,
            articles: vec![Art {
                section: Some(Some("Kinh tế")),
                byline: Some("Theo Báo Lạng Sơn"),
                paras: Some(3),
                ..art("Lạng Sơn: Xuất khẩu nông sản qua cửa khẩu tăng mạnh")
            }],
            never_in_body: &["Đọc báo in", "Nghe bài viết", "00:00", "Xem thêm", "Tin liên quan", "Lạng Sơn đón hơn", "Tags:"],
        },
        Page {
            file: "s06_trung_tam_hoi_thao.txt",
            title: "Hội thảo đánh giá kết quả nhân rộng giống lúa thuần chất lượng cao",
            date: Some("2022-06-05T00:00:00+07:00"),
            issue: None,
            publisher: Some("Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Nghệ An"),
            articles: vec![Art {
                authors: Some(&["Nguyễn Thị Mai"]),
                paras: Some(3),
                captions: Some(1),
                ..art("Hội thảo đánh giá kết quả nhân rộng giống lúa thuần chất lượng cao")
            }],
            never_in_body: &[],
        },
        Page {
            file: "s07_tin_tuc_tuan.txt",
            title: "Tin tức trong tuần",
            date: None,
            issue: None,
            publisher: None,
            articles: vec![
                Art {
                    section: Some(None),
                    paras: Some(1),
                    ..art("Đà Nẵng thử nghiệm xe buýt điện trên tuyến ven biển")
                },
                Art {
                    section: Some(None),
                    paras: Some(1),
                    ..art("Thừa Thiên Huế số hóa 3.000 hiện vật tại bảo tàng")
                },
                Art {
                    section: Some(None),
                    paras: Some(1),
                    ..art("Quảng Nam hỗ trợ nông dân trồng sâm Ngọc Linh")
                },
            ],
            never_in_body: &["Giới thiệu", "Xem tiếp", "Copyright"],
        },
        Page {
            file: "s08_xuat_tu_word.txt",
            title: "Bản tin khoa học và công nghệ số 2 năm 2024",
            date: Some("2024-02-15T00:00:00+07:00"),
            issue: Some(2),
            publisher: Some("Sở Khoa học và Công nghệ tỉnh Thái Bình"),
            articles: vec![
                Art {
                    section: Some(Some("Chuyển đổi số")),
                    authors: Some(&["Trần Minh Đức"]),
                    paras: Some(2),
                    ..art("Thái Bình đưa vào vận hành Trung tâm điều hành thông minh")
                },
                Art {
                    section: Some(Some("Sở hữu trí tuệ")),
                    byline: Some("Nguồn: Sở Khoa học và Công nghệ Thái Bình"),
                    paras: Some(1),
                    ..art("Cấp văn bằng bảo hộ nhãn hiệu tập thể Gạo Thái Bình")
                },
            ],
            never_in_body: &["Bản tin Khoa học và Công nghệ số 2"],
        },
    ]
}

fn convert_page(file: &str) -> Converted {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest/synthetic")
        .join(file);
    let bytes = std::fs::read(&path).unwrap();
    convert(
        &format!("seeds/{file}"),
        &path,
        &bytes,
        &Vocabulary::builtin(),
    )
    .unwrap()
}

/// Paragraphs of a Markdown body: blocks that are not headings, emphasis, bold or lists.
fn paragraphs(body: &str) -> usize {
    body.split("\n\n")
        .map(str::trim)
        .filter(|b| {
            !b.is_empty() && !b.starts_with('#') && !b.starts_with('*') && !b.starts_with("- ")
        })
        .count()
}

/// Every check of every page: (page, what, expected, got) for the ones that fail, and
/// how many were made.
fn check_all() -> (Vec<String>, usize) {
    let mut fails = Vec::new();
    let mut n = 0;
    let mut check = |file: &str, what: &str, want: String, got: String| {
        n += 1;
        if want != got {
            fails.push(format!("{file}: {what}: want {want:?}, got {got:?}"));
        }
    };
    for p in pages() {
        let c = convert_page(p.file);
        let f = p.file;
        check(
            f,
            "bulletin title",
            p.title.into(),
            c.bulletin.title.clone(),
        );
        check(
            f,
            "date",
            format!("{:?}", p.date),
            format!("{:?}", c.bulletin.date.map(|d| d.to_string())),
        );
        check(
            f,
            "issue",
            format!("{:?}", p.issue),
            format!("{:?}", c.bulletin.issue),
        );
        // Either capitalization of an agency printed in capitals is one an editor keeps.
        if let Some(pb) = p.publisher {
            check(
                f,
                "publisher",
                pb.to_lowercase(),
                c.bulletin
                    .publisher
                    .clone()
                    .unwrap_or_default()
                    .to_lowercase(),
            );
        }
        check(
            f,
            "articles",
            p.articles.len().to_string(),
            c.articles.len().to_string(),
        );
        for (k, a) in p.articles.iter().enumerate() {
            let Some(got) = c.articles.get(k) else {
                continue;
            };
            let m = &got.meta;
            let what = |x: &str| format!("article {} {x}", k + 1);
            check(f, &what("title"), a.title.into(), m.title.clone());
            if let Some(s) = a.section {
                check(
                    f,
                    &what("section"),
                    format!("{s:?}"),
                    format!("{:?}", m.section.as_deref()),
                );
            }
            if let Some(au) = a.authors {
                check(
                    f,
                    &what("authors"),
                    format!("{au:?}"),
                    format!("{:?}", m.authors),
                );
            }
            if let Some(b) = a.byline {
                check(
                    f,
                    &what("byline"),
                    b.into(),
                    m.byline.clone().unwrap_or_default(),
                );
            }
            if let Some(pc) = a.paras {
                check(
                    f,
                    &what("paragraphs"),
                    pc.to_string(),
                    paragraphs(&got.body).to_string(),
                );
            }
            if let Some(cc) = a.captions {
                check(
                    f,
                    &what("captions"),
                    cc.to_string(),
                    m.captions.len().to_string(),
                );
            }
        }
        for bad in p.never_in_body {
            let leaked = c.articles.iter().any(|a| a.body.contains(bad));
            check(
                f,
                &format!("`{bad}` kept out"),
                "true".into(),
                (!leaked).to_string(),
            );
        }
    }
    (fails, n)
}

#[test]
fn synthetic_pages_give_the_fields_an_editor_expects() {
    let (fails, n) = check_all();
    eprintln!("synthetic pages: {}/{n} checks pass", n - fails.len());
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}

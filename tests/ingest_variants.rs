//! Structures the shipped seeds do not show, written for these tests: other rubric names,
//! byline forms, chrome words, header and table-of-contents layouts. The converter must
//! handle the kinds of structure, not the seeds' wording.

use std::path::{Path, PathBuf};

use bantin::content::ArticleMeta;
use bantin::ingest::{convert, Converted, Vocabulary};

fn run(name: &str) -> Converted {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/variants")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    convert(name, &path, &bytes, &Vocabulary::builtin()).unwrap()
}

fn titles(c: &Converted) -> Vec<&str> {
    c.articles.iter().map(|a| a.meta.title.as_str()).collect()
}

fn meta(c: &Converted, i: usize) -> &ArticleMeta {
    &c.articles[i].meta
}

#[test]
fn bulletin_without_a_table_of_contents() {
    let c = run("bulletin_without_toc.txt");
    assert_eq!(c.bulletin.title, "Bản tin KH&CN số 5/2023");
    assert_eq!(c.bulletin.series.as_deref(), Some("Bản tin KH&CN"));
    assert_eq!((c.bulletin.issue, c.bulletin.year), (Some(5), Some(2023)));
    assert_eq!(
        c.bulletin.date.unwrap().to_iso(),
        "2023-05-12T10:15:00+07:00"
    );
    assert_eq!(
        c.bulletin.publisher.as_deref(),
        Some("Sở Khoa học và Công nghệ tỉnh Thái Bình")
    );
    assert_eq!(
        titles(&c),
        vec![
            "Thái Bình nghiệm thu đề tài nuôi tôm công nghệ cao",
            "Hội thảo chuyển đổi số trong doanh nghiệp nhỏ và vừa",
            "Để doanh nghiệp làm chủ công nghệ",
        ]
    );
    assert_eq!(meta(&c, 0).section.as_deref(), Some("Tin trong tỉnh"));
    assert_eq!(meta(&c, 2).section.as_deref(), Some("Góc chuyên gia"));
    assert_eq!(meta(&c, 0).authors, vec!["Minh Thu"]);
    assert_eq!(meta(&c, 0).captions.len(), 1);
    assert_eq!(meta(&c, 1).byline.as_deref(), Some("Theo Báo Thái Bình"));
    assert!(meta(&c, 1).authors.is_empty());
    assert_eq!(meta(&c, 2).authors, vec!["Nguyễn Văn Hùng"]);
    assert!(c.articles[2].body.contains("## Kinh nghiệm từ Nhật Bản"));
    for a in &c.articles {
        for chrome in [
            "Tin liên quan",
            "Bình luận",
            "Lượt xem",
            "Chia sẻ",
            "Bản quyền",
            "Địa chỉ",
        ] {
            assert!(!a.body.contains(chrome), "{chrome} in {}", a.meta.title);
        }
    }
    assert!(meta(&c, 0).tags.contains(&"Thái Bình".to_string()));
}

#[test]
fn news_page_with_a_category_author_and_dateline() {
    let c = run("news_page_with_labels.txt");
    assert_eq!(
        titles(&c),
        vec!["Nông dân Sóc Trăng làm giàu nhờ ứng dụng công nghệ sinh học"]
    );
    let m = meta(&c, 0);
    assert_eq!(m.section.as_deref(), Some("Khoa học - Công nghệ"));
    assert_eq!(m.authors, vec!["Trần Thị Mai"]);
    assert_eq!(m.date.unwrap().to_iso(), "2023-10-05T08:30:00+07:00");
    assert!(!m.date_estimated && !m.title_inferred);
    assert_eq!(
        m.captions.first().map(String::as_str),
        Some("Ảnh: baosoctrang.org.vn")
    );
    let body = &c.articles[0].body;
    assert!(body.contains("**Hỏi: Chế phẩm sinh học có đắt không?**"));
    assert!(!body.contains("Từ khóa"));
    assert!(!body.contains("Tin cùng chuyên mục"));
    assert!(!body.contains("Cần Thơ phát triển"));
    assert!(m.tags.contains(&"Sóc Trăng".to_string()));
}

#[test]
fn numbered_table_of_contents_with_page_numbers() {
    let c = run("numbered_toc.txt");
    assert_eq!(
        c.bulletin.title,
        "Bản tin Khoa học và Công nghệ số 12 năm 2021"
    );
    assert_eq!((c.bulletin.issue, c.bulletin.year), (Some(12), Some(2021)));
    assert_eq!(
        titles(&c),
        vec![
            "Hội nghị tổng kết hoạt động KH&CN năm 2021",
            "Khánh thành phòng thí nghiệm trọng điểm",
            "Giải pháp phát triển thị trường khoa học và công nghệ",
        ]
    );
    assert_eq!(meta(&c, 0).section.as_deref(), Some("Tin hoạt động"));
    assert_eq!(
        meta(&c, 2).section.as_deref(),
        Some("Nghiên cứu - trao đổi")
    );
    assert_eq!(meta(&c, 2).authors, vec!["Lê Thị Hoa"]);
    assert!(
        c.articles[2].body.contains("## 1. Thực trạng")
            || c.articles[2].body.contains("## 1\\. Thực trạng")
    );
    // No dateline: a date the text mentions is not the publication date; `date` stays
    // empty and the warning lists what was seen.
    assert_eq!(c.bulletin.date, None);
    assert!(c
        .warnings
        .iter()
        .any(|w| w.message.contains("left empty") && w.message.contains("mentioned in the text")));
}

#[test]
fn missing_title_is_inferred_and_flagged() {
    let text = "Để làm rõ hơn những kết quả này, phóng viên đã có cuộc trao đổi với ông Lê Văn Ba, Giám đốc Sở Y tế.\nPV: Xin ông cho biết kết quả năm qua?\nÔng Lê Văn Ba: Năm qua ngành đã hoàn thành các chỉ tiêu đề ra, trong đó có nhiều chỉ tiêu vượt kế hoạch.\nPV: Cảm ơn ông!";
    let c = convert(
        "x.txt",
        Path::new("x.txt"),
        text.as_bytes(),
        &Vocabulary::builtin(),
    )
    .unwrap();
    let m = meta(&c, 0);
    assert!(m.title_inferred);
    assert_eq!(m.title, "Phỏng vấn ông Lê Văn Ba");
    assert!(c.warnings.iter().any(|w| w.message.contains("no title")
        && w.hint.as_deref().is_some_and(|h| h.contains("title"))));
    assert!(m.date.is_none() && !m.date_estimated);
    assert!(c
        .warnings
        .iter()
        .any(|w| w.message.contains("no publication date")));
}

#[test]
fn a_table_of_contents_that_matches_nothing_is_ignored() {
    let para = "Đây là một đoạn văn đủ dài của bài báo, có nhiều chữ, nhiều ý và kết thúc bằng dấu chấm như mọi đoạn văn bình thường khác.";
    let text = format!(
        "Trong số này:\nMột tiêu đề không có trong bài\nMột tiêu đề khác cũng không có\n{para}\nTiêu đề thật của bài một\n{para}\nLan Anh\nTiêu đề thật của bài hai\n{para}\nMinh Đức\n"
    );
    let c = convert(
        "x.txt",
        Path::new("x.txt"),
        text.as_bytes(),
        &Vocabulary::builtin(),
    )
    .unwrap();
    let t = titles(&c);
    assert!(
        t.contains(&"Tiêu đề thật của bài một") && t.contains(&"Tiêu đề thật của bài hai"),
        "{t:?}"
    );
    assert!(
        c.warnings
            .iter()
            .filter(|w| w.message.contains("table of contents"))
            .count()
            == 2
    );
}

#[test]
fn roundups_without_a_header_are_titled_by_their_places() {
    let c = run_seedlike("*Hà Giang phát triển dược liệu\nTỉnh Hà Giang đã trồng mới hơn 500 ha cây dược liệu trong năm qua, tập trung ở các huyện vùng cao.\n* Cà Mau nuôi tôm công nghệ cao\nTỉnh Cà Mau mở rộng diện tích nuôi tôm siêu thâm canh, năng suất tăng gấp đôi so với trước đây.\n");
    assert_eq!(c.articles.len(), 2);
    assert_eq!(c.bulletin.title, "Điểm tin: Hà Giang, Cà Mau");
    assert!(c.bulletin.title_inferred);
}

fn run_seedlike(text: &str) -> Converted {
    convert(
        "x.txt",
        Path::new("x.txt"),
        text.as_bytes(),
        &Vocabulary::builtin(),
    )
    .unwrap()
}

#[test]
fn readers_comments_after_a_comments_heading_are_footer() {
    let para = "Đây là một đoạn văn đủ dài của bài báo, có nhiều chữ, nhiều ý và kết thúc bằng dấu chấm như mọi đoạn văn bình thường khác trong bài.";
    let text = format!(
        "Tiêu đề bài viết về nông nghiệp\n{para}\n{para}\n{para}\nThu Hà\nÝ kiến bạn đọc\nNguyễn Văn Nam: Bài viết rất bổ ích, cảm ơn tác giả.\nLê Thị Lan: Mong có thêm nhiều bài như thế này.\nGửi bình luận\n"
    );
    let c = run_seedlike(&text);
    assert_eq!(c.articles.len(), 1);
    assert_eq!(c.articles[0].meta.byline.as_deref(), Some("Thu Hà"));
    assert!(
        !c.articles[0].body.contains("bổ ích"),
        "{}",
        c.articles[0].body
    );
}

#[test]
fn unlabelled_questions_in_an_interview_are_bold() {
    let para = "Ông Lê Văn Ba: Năm qua ngành đã hoàn thành các chỉ tiêu đề ra, trong đó có nhiều chỉ tiêu vượt kế hoạch, nhất là về chuyển đổi số.";
    let text = format!("Giám đốc Sở nói về chuyển đổi số\nPV: Xin ông cho biết kết quả năm qua?\n{para}\nThưa ông, kế hoạch năm tới ra sao?\n{para}\n");
    let c = run_seedlike(&text);
    assert!(
        c.articles[0]
            .body
            .contains("**Thưa ông, kế hoạch năm tới ra sao?**"),
        "{}",
        c.articles[0].body
    );
}

#[test]
fn capital_titles_take_the_table_spelling_and_broken_titles_are_joined() {
    let para = "Đây là một đoạn văn đủ dài của bài báo, có nhiều chữ, nhiều ý và kết thúc bằng dấu chấm như mọi đoạn văn bình thường khác trong bài.";
    let text = format!(
        "Trong số này:\nHà Nội khởi công trung tâm dữ liệu\nBình Dương thu hút đầu tư công nghệ cao\nHÀ NỘI KHỞI CÔNG TRUNG TÂM DỮ LIỆU\n{para}\nMinh Châu\nBÌNH DƯƠNG THU HÚT ĐẦU TƯ CÔNG NGHỆ CAO\n{para}\nLê Hà\n"
    );
    let c = run_seedlike(&text);
    assert_eq!(
        titles(&c),
        vec![
            "Hà Nội khởi công trung tâm dữ liệu",
            "Bình Dương thu hút đầu tư công nghệ cao"
        ]
    );
    let text = format!(
        "Quảng Trị phát triển vùng nguyên liệu\ncà phê đặc sản trên địa bàn miền núi\n{para}\n"
    );
    let c = run_seedlike(&text);
    assert_eq!(
        titles(&c),
        vec!["Quảng Trị phát triển vùng nguyên liệu cà phê đặc sản trên địa bàn miền núi"]
    );
}

#[test]
fn rubrics_listed_only_in_the_table_of_contents_still_apply() {
    let para = "Đây là một đoạn văn đủ dài của bài báo, có nhiều chữ, nhiều ý và kết thúc bằng dấu chấm như mọi đoạn văn bình thường khác trong bài.";
    let text = format!(
        "Mục lục\nTIN TRONG NƯỚC\nBài thứ nhất về y tế cơ sở\nTIN THẾ GIỚI\nBài thứ hai về vũ trụ\nBài thứ nhất về y tế cơ sở\n{para}\nThu Hà\nBài thứ hai về vũ trụ\n{para}\nMinh Anh\n"
    );
    let c = run_seedlike(&text);
    assert_eq!(
        titles(&c),
        vec!["Bài thứ nhất về y tế cơ sở", "Bài thứ hai về vũ trụ"]
    );
    assert_eq!(meta(&c, 0).section.as_deref(), Some("Tin trong nước"));
    assert_eq!(meta(&c, 1).section.as_deref(), Some("Tin thế giới"));
}

#[test]
fn capitals_series_line_bulleted_toc_lists_and_two_bylines() {
    let c = run("caps_titles_crlf.txt");
    assert_eq!(
        c.bulletin.title,
        "Bản tin thông tin khoa học và công nghệ số 7 năm 2024"
    );
    assert_eq!(
        c.bulletin.series.as_deref(),
        Some("Bản tin thông tin khoa học và công nghệ")
    );
    assert_eq!(
        titles(&c),
        vec![
            "Hải Dương ứng dụng AI trong quản lý giao thông",
            "Hưng Yên: Phát triển nhãn hiệu nhãn lồng"
        ]
    );
    assert_eq!(meta(&c, 0).authors, vec!["Phạm Quang"]);
    assert_eq!(
        meta(&c, 0).captions,
        vec!["Trung tâm điều hành giao thông thông minh của thành phố. (Ảnh: Phạm Quang)"]
    );
    assert!(c.articles[0].body.contains("## Kết quả bước đầu"));
    assert!(c.articles[0]
        .body
        .contains("\n- Mở rộng hệ thống ra 50 nút giao;\n- Kết nối"));
    assert_eq!(meta(&c, 1).authors, vec!["Nguyễn Thu Trang"]);
    assert_eq!(
        meta(&c, 1).date.unwrap().to_iso(),
        "2024-07-15T00:00:00+07:00"
    );
    assert!(!c.articles[1].body.contains("Nguyễn Thu Trang"));
}

#[test]
fn dated_news_items_without_bylines_are_separate_articles() {
    let para = "Đây là một đoạn văn đủ dài của bài báo, có nhiều chữ, nhiều ý và kết thúc bằng dấu chấm như mọi đoạn văn bình thường khác trong bài.";
    let text = format!(
        "TIN VẮN\nLào Cai đón 1 triệu lượt khách du lịch\n02/03/2024\n{para}\nKon Tum trồng mới 500 ha sâm Ngọc Linh\n05/03/2024\n{para}\n"
    );
    let c = run_seedlike(&text);
    assert_eq!(
        titles(&c),
        vec![
            "Lào Cai đón 1 triệu lượt khách du lịch",
            "Kon Tum trồng mới 500 ha sâm Ngọc Linh"
        ]
    );
    assert_eq!(
        meta(&c, 1).date.unwrap().to_iso(),
        "2024-03-05T00:00:00+07:00"
    );
    assert_eq!(meta(&c, 0).section.as_deref(), Some("Tin vắn"));
}

#[test]
fn a_page_title_printed_twice_is_one_title() {
    let para = "Đây là một đoạn văn đủ dài của bài báo, có nhiều chữ, nhiều ý và kết thúc bằng dấu chấm như mọi đoạn văn bình thường khác trong bài.";
    let text = format!("Cà Mau phát triển điện gió ven biển\nNăng lượng\nCà Mau phát triển điện gió ven biển\n10/01/2024 09:00\n{para}\n");
    let c = run_seedlike(&text);
    assert_eq!(titles(&c), vec!["Cà Mau phát triển điện gió ven biển"]);
    assert_eq!(meta(&c, 0).section.as_deref(), Some("Năng lượng"));
    assert_eq!(
        meta(&c, 0).date.unwrap().to_iso(),
        "2024-01-10T09:00:00+07:00"
    );
}

#[test]
fn hard_wrapped_lines_are_joined_into_paragraphs() {
    let c = run("pdf_wrapped.txt");
    assert_eq!(
        titles(&c),
        vec!["Yên Bái nghiệm thu mô hình trồng quế hữu cơ theo tiêu chuẩn xuất khẩu"]
    );
    assert_eq!(meta(&c, 0).section.as_deref(), Some("Tin hoạt động"));
    assert_eq!(meta(&c, 0).authors, vec!["Minh Hằng"]);
    let body = &c.articles[0].body;
    assert_eq!(body.matches("\n\n").count(), 1, "{body}");
    assert!(body.contains("nghiệm thu mô hình trồng quế hữu cơ tại huyện Văn Yên"));
    assert_eq!(
        meta(&c, 0).source.as_ref().unwrap().lines.as_deref(),
        Some("5-15")
    );
}

#[test]
fn page_numbers_and_running_headers_of_a_pdf_copy_are_dropped() {
    let para = "Đây là một đoạn văn đủ dài của bài báo, có nhiều chữ, nhiều ý và kết thúc bằng dấu chấm như mọi đoạn văn bình thường khác trong bài.";
    let text = format!(
        "Bản tin KH&CN số 3 năm 2022\n\nHà Nam mở rộng vùng rau an toàn\n\n{para}\n\n- 5 -\n\nBản tin KH&CN số 3 năm 2022\n\n{para}\n\nLan Phương\n"
    );
    let c = run_seedlike(&text);
    assert_eq!(titles(&c), vec!["Hà Nam mở rộng vùng rau an toàn"]);
    let body = &c.articles[0].body;
    assert!(
        !body.contains("- 5 -") && !body.contains("5 \\-") && !body.contains("Bản tin"),
        "{body}"
    );
    assert_eq!(meta(&c, 0).authors, vec!["Lan Phương"]);
}

/// The first seed with its table of contents cut out, and with every blank line removed:
/// rubrics and bylines alone must give the same articles and sections.
#[test]
fn the_toc_bulletin_segments_the_same_without_its_toc_or_blank_lines() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds/000_776530cc828cd125.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let original = run_seedlike(&text);
    let lines: Vec<&str> = text.lines().collect();
    let marker = lines
        .iter()
        .position(|l| l.trim() == "Trong số này:")
        .unwrap();
    let body_start = lines
        .iter()
        .skip(marker + 3)
        .position(|l| l.trim() == lines[marker + 2].trim())
        .unwrap()
        + marker
        + 3;
    let no_toc: String = lines[..marker]
        .iter()
        .chain(&lines[body_start..])
        .map(|l| format!("{l}\n"))
        .collect();
    let no_blank: String = lines
        .iter()
        .filter(|l| !l.trim().is_empty() && l.trim() != "\u{a0}")
        .map(|l| format!("{l}\n"))
        .collect();
    for variant in [no_toc, no_blank] {
        let c = run_seedlike(&variant);
        assert_eq!(titles(&c), titles(&original));
        let sections = |c: &Converted| {
            c.articles
                .iter()
                .map(|a| a.meta.section.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(sections(&c), sections(&original));
        let bylines = |c: &Converted| {
            c.articles
                .iter()
                .map(|a| a.meta.byline.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(bylines(&c), bylines(&original));
    }
}

#[test]
fn titles_printed_with_a_full_stop_after_a_byline() {
    let para = "Đây là một đoạn văn đủ dài của bài báo, có nhiều chữ, nhiều ý và kết thúc bằng dấu chấm như mọi đoạn văn bình thường khác trong bài.";
    let text = format!(
        "Bình Định phát triển điện gió ngoài khơi\n{para}\nThanh Tâm\nPhú Yên xây dựng trung tâm đổi mới sáng tạo.\n{para}\n{para}\nHoài Thu\n"
    );
    let c = run_seedlike(&text);
    assert_eq!(
        titles(&c),
        vec![
            "Bình Định phát triển điện gió ngoài khơi",
            "Phú Yên xây dựng trung tâm đổi mới sáng tạo"
        ]
    );
    // A short lead sentence under a title stays a paragraph.
    let text = format!("Tiêu đề bài viết về khởi nghiệp\nMột câu mở đầu ngắn gọn về khởi nghiệp.\n{para}\nThanh Tâm\n");
    let c = run_seedlike(&text);
    assert_eq!(titles(&c), vec!["Tiêu đề bài viết về khởi nghiệp"]);
    assert!(c.articles[0].body.starts_with("Một câu mở đầu"));
}

#[test]
fn press_review_item_loses_its_source_bracket() {
    let text = "Điểm tin sáng 3/4\n03/04/2023 08:00\nXuất khẩu rau quả quý I tăng mạnh (Báo Nhân Dân/nhandan.vn 3/4)\nKim ngạch xuất khẩu rau quả trong quý I đạt hơn 1 tỷ USD, tăng 20% so với cùng kỳ năm trước, theo số liệu của Bộ Nông nghiệp.\n";
    let c = convert(
        "x.txt",
        Path::new("x.txt"),
        text.as_bytes(),
        &Vocabulary::builtin(),
    )
    .unwrap();
    assert_eq!(titles(&c), vec!["Xuất khẩu rau quả quý I tăng mạnh"]);
    assert_eq!(c.bulletin.title, "Điểm tin sáng 3/4");
    assert_eq!(
        c.bulletin.date.map(|d| d.to_iso()).as_deref(),
        Some("2023-04-03T08:00:00+07:00")
    );
}

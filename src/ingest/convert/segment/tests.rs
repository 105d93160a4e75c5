//! Segmentation tests on inputs written for them.

use super::*;

const PARA: &str = "Đây là một đoạn văn đủ dài của bài báo, có nhiều chữ, nhiều ý và kết thúc bằng dấu chấm như mọi đoạn văn bình thường khác trong bản tin.";

#[test]
fn rubrics_titles_and_bylines_without_a_toc() {
    let it = Item::numbered(&[
        "TIN TRONG NƯỚC",
        "Bài thứ nhất về nông nghiệp",
        PARA,
        "Phát triển bền vững",
        PARA,
        "Minh Anh",
        "Bài thứ hai về y tế",
        PARA,
        "Theo baochinhphu.vn",
        "GÓC CHUYÊN GIA",
        "Bài thứ ba",
        PARA,
        "NGUYỄN VĂN AN",
    ]);
    let d = segment(&it);
    let titles: Vec<&str> = d
        .segments
        .iter()
        .map(|s| it[s.title.unwrap()].text.as_str())
        .collect();
    assert_eq!(
        titles,
        vec![
            "Bài thứ nhất về nông nghiệp",
            "Bài thứ hai về y tế",
            "Bài thứ ba"
        ]
    );
    assert_eq!(d.segments[1].section.as_deref(), Some("TIN TRONG NƯỚC"));
    assert_eq!(d.segments[2].section.as_deref(), Some("GÓC CHUYÊN GIA"));
    assert_eq!(d.segments[0].items.len(), 4);
    // A quotation with a full stop under a rubric is a headline (a slogan); a
    // quotation inside the text is not.
    let slogan = "“Đổi mới sáng tạo - Động lực phát triển kinh tế xanh”.";
    let it = Item::numbered(&["TIN TRONG TỈNH", slogan, PARA, slogan, PARA]);
    let d = segment(&it);
    assert_eq!(d.segments.len(), 1);
    assert_eq!(d.segments[0].title, Some(1));
    assert_eq!(
        d.segments[0].title_text.as_deref(),
        Some("“Đổi mới sáng tạo - Động lực phát triển kinh tế xanh”")
    );
    assert_eq!(d.segments[0].section.as_deref(), Some("TIN TRONG TỈNH"));
}

#[test]
fn listing_of_headlines_and_teasers() {
    let it = Item::numbered(&[
        "Xã vùng cao về đích nông thôn mới",
        PARA,
        "Nông dân góp đất làm đường",
        PARA,
        "Phát triển sản phẩm OCOP",
        PARA,
    ]);
    assert_eq!(segment(&it).segments.len(), 3);
    // One article with subheadings: more than one paragraph under a heading.
    let it = Item::numbered(&[
        "Xã vùng cao về đích nông thôn mới",
        PARA,
        "Nông dân góp đất làm đường",
        PARA,
        PARA,
        "Phát triển sản phẩm OCOP",
        PARA,
    ]);
    assert_eq!(segment(&it).segments.len(), 1);
}

#[test]
fn chrome_above_the_title() {
    let it = Item::numbered(&[
        "Thứ Hai, 02/12/2024 08:15 GMT+7",
        "• Đường dây nóng",
        "Chính xác - Nhanh nhạy - Tin cậy",
        "Thời sự",
        "Nông nghiệp",
        "Nông dân Đồng Tháp thu hoạch lúa sớm",
        PARA,
        PARA,
    ]);
    let d = segment(&it);
    assert_eq!(d.segments.len(), 1);
    assert_eq!(d.segments[0].title, Some(5));
    assert_eq!(d.preamble.category.as_deref(), Some("Nông nghiệp"));
    // The clock far above the title is the copy day, not the publication date.
    assert_eq!(d.preamble.clocks, vec![0]);
    assert!(d.preamble.dates.is_empty());
    assert_eq!(d.preamble.chrome, vec![1, 2, 3]);
    // A dateline right above the title is the page's own.
    let it = Item::numbered(&[
        "Quảng cáo trái 2",
        "Cập nhật: 03/04/2016 10:20",
        "Khánh thành nhà máy nước sạch ở vùng cao",
        PARA,
    ]);
    let d = segment(&it);
    assert_eq!(d.segments[0].title, Some(2));
    assert_eq!(d.preamble.dates, vec![1]);
    // A press review's own title over its dateline, then the first item's headline.
    let it = Item::numbered(&[
        "Tin báo chí sáng 3/4",
        "03/04/2023 08:00",
        "Xuất khẩu rau quả tăng mạnh (Báo Nhân Dân 3/4)",
        PARA,
    ]);
    let d = segment(&it);
    assert_eq!(d.segments[0].title, Some(2));
    assert_eq!(
        d.preamble.page_title.as_deref(),
        Some("Tin báo chí sáng 3/4")
    );
    assert_eq!(d.preamble.dates, vec![1]);
    // A site's name over the dateline is not the page's title.
    let it = Item::numbered(&[
        "Cổng thông tin điện tử tỉnh Hà Giang",
        "03/04/2023 08:00",
        "Xuất khẩu rau quả tăng mạnh trong quý đầu năm",
        PARA,
    ]);
    let d = segment(&it);
    assert_eq!(d.segments[0].title, Some(2));
    assert_eq!(d.preamble.page_title, None);
    // A breadcrumb printed as a list: its last step is the category.
    let it = Item::numbered(&[
        "• Tin tức",
        "• Khoa học công nghệ",
        "Ra mắt vệ tinh mới của Việt Nam",
        PARA,
    ]);
    let d = segment(&it);
    assert_eq!(d.preamble.category.as_deref(), Some("Khoa học công nghệ"));
    // A menu one item per line: its last item is no category, unless it is printed
    // again under the menu (the page's section).
    let menu = ["Thời sự", "Kinh tế", "Xã hội"];
    let it = Item::numbered(&[
        menu[0],
        menu[1],
        menu[2],
        "Nông dân Đồng Tháp thu hoạch lúa sớm",
        PARA,
    ]);
    let d = segment(&it);
    assert_eq!(d.segments[0].title, Some(3));
    assert_eq!(d.preamble.category, None);
    let it = Item::numbered(&[
        menu[0],
        menu[1],
        menu[2],
        "Kinh tế",
        "Nông dân Đồng Tháp thu hoạch lúa sớm",
        PARA,
    ]);
    let d = segment(&it);
    assert_eq!(d.preamble.category.as_deref(), Some("Kinh tế"));
    // The site's name over its clock and the page's dateline is a banner, not the
    // category, however long it is.
    for banner in ["Nông thôn mới", "Tạp chí Nông thôn ngày nay"] {
        let it = Item::numbered(&[
            banner,
            "Thứ Sáu, 10/01/2025",
            "Thứ Ba, 12/03/2024 | 08:30",
            "Hợp tác xã kiểu mới giúp nông dân bán nông sản",
            PARA,
        ]);
        let d = segment(&it);
        assert_eq!(d.segments[0].title, Some(3), "{banner}");
        assert_eq!(d.preamble.category, None, "{banner}");
    }
}

#[test]
fn other_editions_and_numbered_headings() {
    let it = Item::numbered(&[
        "Những tin nổi bật trong tuần (21)",
        PARA,
        "Trần Văn Bình",
        "Những tin nổi bật trong tuần (20)",
        "2. Hội chợ nông sản khai mạc",
        PARA,
    ]);
    let d = segment(&it);
    assert_eq!(d.segments.len(), 1);
    assert!(d.segments[0].items.contains(&4));
    assert!(!d.segments[0].items.contains(&3));
}

#[test]
fn dash_headlines_of_a_news_list() {
    let it = Item::numbered(&[
        "- Nhà máy điện mặt trời mới đi vào hoạt động",
        PARA,
        "- Phát hiện loài ếch mới ở Tây Nguyên",
        PARA,
        "- Học sinh giành huy chương vàng Olympic Vật lý",
        PARA,
    ]);
    let d = segment(&it);
    assert_eq!(d.segments.len(), 3);
    assert_eq!(
        d.segments[1].title_text.as_deref(),
        Some("Phát hiện loài ếch mới ở Tây Nguyên")
    );
    // A list inside an article stays a list.
    let it = Item::numbered(&[
        "Tiêu đề bài viết về hội nghị",
        PARA,
        "- Ý thứ nhất của danh sách",
        "- Ý thứ hai của danh sách",
        "- Ý thứ ba của danh sách",
        PARA,
    ]);
    assert_eq!(segment(&it).segments.len(), 1);
}

#[test]
fn roundup_items_and_single_pages() {
    let it = Item::numbered(&[
        "*Tin một ở Bắc Giang",
        PARA,
        PARA,
        "* Tin hai ở Bến Tre",
        PARA,
    ]);
    assert_eq!(segment(&it).segments.len(), 2);
    let it = Item::numbered(&[
        "Thứ Bảy, 23/11/2024",
        "Khoa giáo",
        "Thứ Hai, 23/12/2019 16:6'(GMT+7)",
        "Tiêu đề bài",
        "(Ảnh minh họa)",
        "TRIỂN KHAI ĐỒNG BỘ",
        PARA,
    ]);
    let d = segment(&it);
    assert_eq!(d.preamble.dates, vec![0, 2]);
    assert_eq!(d.preamble.category.as_deref(), Some("Khoa giáo"));
    assert_eq!(d.segments.len(), 1);
    assert_eq!(d.segments[0].items.len(), 3);
}

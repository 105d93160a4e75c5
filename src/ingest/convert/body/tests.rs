//! Article body tests on inputs written for them.

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

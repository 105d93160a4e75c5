//! Page chrome tests on inputs written for them.

use super::*;

#[test]
fn image_file_names() {
    assert_eq!(
        after_image_name("Hoi nghi . A.2.jpg Toàn cảnh hội nghị"),
        Some("Toàn cảnh hội nghị")
    );
    assert_eq!(
        after_image_name("IMG_0912.JPGNăm nay hội tổ chức"),
        Some("Năm nay hội tổ chức")
    );
    assert_eq!(after_image_name("Một đoạn văn bình thường."), None);
}

#[test]
fn a_menu_bar_is_chrome_but_gives_no_category() {
    let menu = "Trang chủ | Giới thiệu | Tin tức | Liên hệ";
    assert!(is_chrome(menu));
    assert_eq!(breadcrumb_last(menu), None);
    assert_eq!(
        breadcrumb_last("Trang chủ > Tin tức > Kinh tế"),
        Some("Kinh tế")
    );
}

#[test]
fn numbered_image_alt_texts() {
    for l in [
        "Nông dân thu hoạch lúa trên cánh đồng mẫu lớn - Ảnh 1.",
        "Toàn cảnh hội nghị - Ảnh 12",
        "Ảnh 3.",
    ] {
        assert!(is_chrome(l), "{l}");
    }
    for l in [
        "Ảnh minh họa",
        "Triển lãm Ảnh 2024 - Ảnh đẹp",
        "Nông dân thu hoạch lúa - Ảnh: Văn Minh",
    ] {
        assert!(!is_alt_text_number(l), "{l}");
    }
}

#[test]
fn widget_rows_and_skip_links() {
    for l in [
        "A-  A+  In",
        "- + A- A+ In bài",
        "Chia sẻ  Zalo  In",
        "Skip to main content",
    ] {
        assert!(is_chrome(l), "{l}");
    }
    for l in [
        "In ấn và phát hành",
        "A và B",
        "Gửi bài dự thi về ban tổ chức",
    ] {
        assert!(!is_chrome(l), "{l}");
    }
}

#[test]
fn whole_line_chrome() {
    for l in [
        "Các tin khác",
        "Tin khác:",
        "Thư viện ảnh",
        "Liên kết website",
        "Mới nhất",
        "Phản hồi",
        "Tin Nóng",
        "Tìm kiếm theo chuyên mục - nội dung - ngày tháng",
        "Hôm nay: 935",
        "Thống kê truy cập",
        "Lịch công tác trống",
        "Bản quyền thuộc Sở KH&CN",
        "© 2022 Báo X",
        "Đang truy cập: 12",
        "Tổng lượt truy cập: 1.234.567",
        "| | |",
        "Trang chủ > Tin tức > Khoa giáo",
        "Xem thêm",
        "In bài viết",
        "Chia sẻ",
        "1 2 3 4 Tiếp",
        "Từ khóa: chuyển đổi số, KHCN",
        "Địa chỉ: 12 Lê Lợi, Hạ Long",
        "Điện thoại: 0203 123 456",
    ] {
        assert!(is_chrome(l), "{l}");
    }
    for l in [
        "15/09/2022 16:27",
        "2022",
        "Thứ Hai, 23/12/2019 16:6'(GMT+7)",
    ] {
        assert!(!is_chrome(l), "{l}");
    }
}

#[test]
fn article_text_is_not_chrome() {
    for l in [
        "Hôm nay, tỉnh tổ chức hội nghị tổng kết.",
        "Tìm kiếm giải pháp cho nông nghiệp công nghệ cao tại các huyện miền núi phía Bắc",
        "Chia sẻ kinh nghiệm chuyển đổi số",
        "Quảng Ninh phát triển được 23 doanh nghiệp KH&CN",
        "Hương Anh",
        "Trung tâm Ứng dụng và Thống kê KH&CN",
    ] {
        assert!(!is_chrome(l), "{l}");
    }
}

#[test]
fn related_links_with_glued_dates() {
    assert!(is_related_link(
        "- 13-06-2022Hải Phòng thí điểm mỗi tuần 2 ngày chỉ tiếp nhận hồ sơ"
    ));
    assert!(is_related_link("13/06/2022Bộ Công an cảnh báo"));
    assert!(is_related_link(
        "• Khám chữa bệnh bằng CCCD gắn chip (12/06/2022)"
    ));
    assert!(!is_related_link(
        "Ngày 25/3/2022, thành phố Hạ Long là đơn vị đầu tiên."
    ));
    assert!(!is_related_link("15/09/2022 16:27"));
}

#[test]
fn footer_markers() {
    assert!(is_footer_marker("Các tin khác"));
    assert!(is_footer_marker("Phản hồi"));
    assert!(!is_footer_marker("Hương Anh"));
    assert_eq!(breadcrumb_last("Trang chủ » Khoa giáo"), Some("Khoa giáo"));
}

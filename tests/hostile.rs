//! Hostile content driven through the real binary: unsafe links, characters XML forbids,
//! folder names that are not slugs or not UTF-8, and two sources for one URL.

mod common;

use common::{hrefs, small_archive};

fn all_attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

#[test]
fn unsafe_links_are_neutralised_and_warned_about_with_file_and_line() {
    let a = small_archive();
    a.write(
        "content/so-1/03-lien-ket.md",
        "---\ntitle: Liên kết\ndate: 2022-03-02T08:00:00+07:00\nweight: 3\n---\n\n\
         [một](javascript:alert(1)) [hai](JaVaScRiPt:alert(2)) [ba](vbscript:msgbox(3))\n\n\
         [bốn](data:text/html;base64,PHNjcmlwdD4=) [năm](&#106;avascript:alert(5))\n\n\
         [sáu][r] <javascript:alert(6)> ![ảnh](data:text/html,x)\n\n\
         [tốt](https://example.org/a) [thư](mailto:a@b.vn) [gần](../mua-xuan/) [mục](#muc)\n\n\
         [r]: javascript&colon;alert(7)\n",
    );
    let out = a.ok(&["build"]);
    let page = a.read("public/so-1/lien-ket/index.html");
    let doc = scraper::Html::parse_document(&page);
    let links = hrefs(&doc, "article a, main a");
    for l in &links {
        let lower = l.to_ascii_lowercase();
        assert!(
            !lower.contains("javascript")
                && !lower.contains("vbscript")
                && !lower.starts_with("data"),
            "unsafe href {l} in\n{page}"
        );
    }
    assert!(
        links.iter().any(|l| l == "https://example.org/a"),
        "{links:?}"
    );
    assert!(links.iter().any(|l| l == "mailto:a@b.vn"), "{links:?}");
    assert!(links.iter().any(|l| l == "../mua-xuan/"), "{links:?}");
    assert!(links.iter().filter(|l| *l == "#").count() >= 6, "{links:?}");
    assert!(all_attrs(&doc, "img", "src")
        .iter()
        .all(|s| !s.to_ascii_lowercase().starts_with("data")));
    // The feeds carry the same, neutralised HTML.
    let rss = a.read("public/rss.xml").to_ascii_lowercase();
    assert!(
        !rss.contains("href=&quot;javascript"),
        "feed has a live link"
    );
    // Each one is reported with the file and its line.
    assert!(
        out.contains("03-lien-ket.md:7: link target `javascript:alert(1)` is not allowed"),
        "{out}"
    );
    assert!(out.contains("03-lien-ket.md:9:"), "{out}");
    assert!(out.contains("03-lien-ket.md:11:"), "{out}");
}

#[test]
fn raw_html_in_markdown_is_shown_as_text() {
    let a = small_archive();
    a.write(
        "content/so-1/03-html.md",
        "---\ntitle: HTML\ndate: 2022-03-02T08:00:00+07:00\nweight: 3\n---\n\n\
         <script>alert(1)</script>\n\nchữ <img src=x onerror=alert(1)> chữ\n",
    );
    a.ok(&["build"]);
    let page = a.read("public/so-1/html/index.html");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
}

#[test]
fn noncharacters_never_reach_the_feeds_and_check_parses_every_xml_file() {
    let a = small_archive();
    a.write(
        "content/so-1/03-ky-tu.md",
        "---\ntitle: \"Ký tự \\uFFFE lạ \\uFFFF\"\ndate: 2022-03-02T08:00:00+07:00\nweight: 3\nsummary: \"a\\uFFFFb\"\n---\n\nNội dung \u{FFFF} lạ.\n",
    );
    a.ok(&["build"]);
    for f in ["public/rss.xml", "public/atom.xml", "public/sitemap.xml"] {
        let bytes = std::fs::read(a.path().join(f)).unwrap();
        assert_eq!(
            bantin::xmlcheck::check_well_formed(&bytes),
            Ok(()),
            "{f} is not well-formed"
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.contains('\u{FFFF}') && !text.contains('\u{FFFE}'),
            "{f}"
        );
    }
    let out = a.ok(&["check"]);
    assert!(out.contains("0 problems"), "{out}");
    // A feed or sitemap broken afterwards is caught by the strict parser.
    let rss = a.read("public/rss.xml");
    a.write(
        "public/rss.xml",
        &rss.replacen("<title>", "<title>\u{FFFF}", 1),
    );
    a.write("public/sitemap.xml", "<urlset><url></urlset>");
    let page = a.read("public/so-1/index.html");
    a.write(
        "public/so-1/index.html",
        &page.replacen("</main>", "<a href=\"JavaScript:alert(1)\">x</a></main>", 1),
    );
    let err = a.fails(&["check"]);
    assert!(
        err.contains("rss.xml: not well-formed XML") && err.contains("U+FFFF"),
        "{err}"
    );
    assert!(
        err.contains("so-1/index.html: link `JavaScript:alert(1)` uses a scheme"),
        "{err}"
    );
    assert!(err.contains("sitemap.xml: not well-formed XML"), "{err}");
}

#[test]
fn folder_names_are_slugified_in_urls() {
    let a = small_archive();
    a.write(
        "content/Số 3 (Tháng 5)/_index.md",
        "---\ntitle: Bản tin số 3\ndate: 2022-05-01T08:00:00+07:00\n---\n",
    );
    a.write(
        "content/Số 3 (Tháng 5)/01-Bài Viết Hay!.md",
        "---\ntitle: Bài viết hay\ndate: 2022-05-01T08:00:00+07:00\n---\n\nChữ.\n",
    );
    a.ok(&["build"]);
    assert!(a.exists("public/so-3-thang-5/index.html"));
    assert!(a.exists("public/so-3-thang-5/bai-viet-hay/index.html"));
    let out = a.ok(&["check"]);
    assert!(out.contains("0 problems"), "{out}");
}

#[test]
fn two_folders_for_one_url_is_an_error_naming_both() {
    let a = small_archive();
    a.write(
        "content/Sổ 1/_index.md",
        "---\ntitle: Trùng\ndate: 2022-05-01T08:00:00+07:00\n---\n",
    );
    let err = a.fails(&["build"]);
    assert!(err.contains("Sổ 1/_index.md"), "{err}");
    assert!(err.contains("so-1/_index.md"), "{err}");
    assert!(err.contains("`/so-1/`"), "{err}");
    assert!(!a.exists("public/index.html"), "nothing is published");
}

#[test]
fn folder_names_without_a_slug_or_taking_site_folders_are_errors() {
    for name in ["!!!", "chuyen-muc", "Thẻ"] {
        let a = small_archive();
        a.write(
            &format!("content/{name}/_index.md"),
            "---\ntitle: X\ndate: 2022-05-01T08:00:00+07:00\n---\n",
        );
        let err = a.fails(&["build"]);
        assert!(err.contains(&format!("{name}/_index.md")), "{name}: {err}");
        assert!(!a.exists("public/index.html"), "{name}");
    }
}

#[cfg(unix)]
#[test]
fn a_folder_name_that_is_not_utf8_is_an_error_not_the_home_page() {
    use std::os::unix::ffi::OsStrExt;
    let a = small_archive();
    let dir = a
        .path()
        .join("content")
        .join(std::ffi::OsStr::from_bytes(b"so-\xff"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("_index.md"),
        "---\ntitle: Không phải UTF-8\ndate: 2022-05-01T08:00:00+07:00\n---\n\nGiới thiệu.\n",
    )
    .unwrap();
    let err = a.fails(&["build"]);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(!a.exists("public/index.html"));
}

#[test]
fn ten_thousand_tags_give_bounded_output_and_a_warning() {
    let a = small_archive();
    let tags: Vec<String> = (0..10_000).map(|i| format!("thẻ {i}")).collect();
    a.write(
        "content/so-1/03-nhieu-the.md",
        &format!(
            "---\ntitle: Nhiều thẻ\ndate: 2022-03-02T08:00:00+07:00\nweight: 3\ntags: [{}]\n---\n\nChữ.\n",
            tags.join(", ")
        ),
    );
    let out = a.ok(&["build"]);
    assert!(
        out.contains("03-nhieu-the.md: 10000 tags; only the first 50 are published"),
        "{out}"
    );
    let total: usize = a.tree("public").values().map(Vec::len).sum();
    assert!(total < 20 << 20, "{total} bytes of output");
    assert!(a.exists("public/the/the-49/index.html"));
    assert!(!a.exists("public/the/the-50/index.html"));
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly_naming_file_and_line() {
    let a = small_archive();
    let mut fm = String::from("---\ntitle: Bom\nx: &a [1, 2, 3, 4, 5, 6, 7, 8]\n");
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        fm.push_str(&format!(
            "y{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    fm.push_str("---\n");
    a.write("content/so-1/03-bom.md", &fm);
    let start = std::time::Instant::now();
    let err = a.fails(&["build"]);
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert!(err.contains("03-bom.md:5:"), "{err}");
    assert!(err.contains("aliases"), "{err}");
}

//! The built site, checked structurally: pages parse, link to each other, escape what they
//! show, and feeds read back with a real feed parser.

mod common;

use common::{hrefs, page_file, small_archive, text, Archive};

#[test]
fn pages_exist_and_link_to_each_other() {
    let a = small_archive();
    a.ok(&["build"]);
    let home = a.html("public/index.html");
    let links = hrefs(&home, "a");
    // Home → article, rubric, tag, issue, feeds.
    assert!(links.contains(&"/so-1/mua-xuan/".to_string()), "{links:?}");
    assert!(links.contains(&"/chuyen-muc/nhung-van-de-chung/".to_string()));
    assert!(links.contains(&"/the/quang-ninh/".to_string()));
    assert!(links.contains(&"/so-2/".to_string()));
    assert!(links.contains(&"/rss.xml".to_string()));

    // Article → issue, rubric, tag, next article in the issue.
    let art = a.html("public/so-1/mua-xuan/index.html");
    assert_eq!(text(&art, "h1").as_deref(), Some("Mùa xuân ở Quảng Ninh"));
    let links = hrefs(&art, "main a");
    for want in [
        "/so-1/",
        "/chuyen-muc/nhung-van-de-chung/",
        "/the/quang-ninh/",
        "/the/chuyen-doi-so/",
        "/so-1/script/",
    ] {
        assert!(
            links.iter().any(|l| l == want),
            "article lacks a link to {want}: {links:?}"
        );
    }
    assert!(
        text(&art, "time").unwrap().contains("01/03/2022"),
        "Vietnamese date"
    );
    assert_eq!(text(&art, ".prose h2").as_deref(), Some("Tiểu mục"));

    // Rubric and tag pages list the article and link back.
    let rubric = a.html("public/chuyen-muc/nhung-van-de-chung/index.html");
    assert!(hrefs(&rubric, "main a").contains(&"/so-1/mua-xuan/".to_string()));
    let tag = a.html("public/the/quang-ninh/index.html");
    assert!(hrefs(&tag, "main a").contains(&"/so-1/mua-xuan/".to_string()));
    assert!(
        hrefs(&tag, "link[rel=alternate]").contains(&"/the/quang-ninh/rss.xml".to_string()),
        "tag page advertises its own feed"
    );

    // Every internal link of every page resolves to a file.
    for (rel, bytes) in a.tree("public") {
        if !rel.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        for l in hrefs(&doc, "a, link") {
            if l.starts_with('/') {
                let target = page_file(l.split('#').next().unwrap());
                assert!(
                    a.exists(&target),
                    "{rel} links to {l}, which does not exist"
                );
            }
        }
    }
}

#[test]
fn pages_are_accessible_vietnamese_documents() {
    let a = small_archive();
    a.ok(&["build"]);
    let doc = a.html("public/so-1/mua-xuan/index.html");
    let html = scraper::Selector::parse("html").unwrap();
    assert_eq!(
        doc.select(&html).next().unwrap().value().attr("lang"),
        Some("vi")
    );
    for sel in [
        "header",
        "nav",
        "main#main",
        "footer",
        "a.skip-link[href='#main']",
        "meta[name=viewport]",
    ] {
        let s = scraper::Selector::parse(sel).unwrap();
        assert!(doc.select(&s).next().is_some(), "missing {sel}");
    }
    // The one script is search.js, deferred: it only shows the search box (hidden
    // without it); the page is whole without JavaScript.
    let page = a.read("public/so-1/mua-xuan/index.html");
    assert_eq!(page.matches("<script").count(), 1, "one script only");
    assert!(page.contains("<script src=\"/search.js\" defer></script>"));
}

#[test]
fn hostile_titles_are_text_in_pages_and_feeds() {
    let a = small_archive();
    a.ok(&["build"]);
    let page = a.read("public/so-1/script/index.html");
    assert!(!page.contains("<script>alert"), "title must be escaped");
    let doc = scraper::Html::parse_document(&page);
    assert_eq!(
        text(&doc, "h1").as_deref(),
        Some("<script>alert(1)</script> Tin & tức")
    );
    let feed = feed_rs::parser::parse(a.read("public/rss.xml").as_bytes()).unwrap();
    assert!(feed
        .entries
        .iter()
        .any(|e| e.title.as_ref().unwrap().content == "<script>alert(1)</script> Tin & tức"));
}

#[test]
fn site_rss_feed_reads_back() {
    let a = small_archive();
    a.ok(&["build"]);
    let xml = a.read("public/rss.xml");
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("RSS parses");
    assert_eq!(feed.entries.len(), 3);
    let first = &feed.entries[0];
    assert_eq!(
        first.title.as_ref().unwrap().content,
        "Mùa mưa",
        "newest first"
    );
    assert_eq!(first.links[0].href, "https://example.org/so-2/mua/");
    assert_eq!(first.id, "https://example.org/so-2/mua/");
    assert_eq!(
        first.published.unwrap().to_rfc3339(),
        "2022-04-01T01:00:00+00:00"
    );
    assert!(xml.contains("<pubDate>Fri, 01 Apr 2022 08:00:00 +0700</pubDate>"));
    assert!(xml.contains("<atom:link href=\"https://example.org/rss.xml\" rel=\"self\""));
    assert!(xml.contains("<language>vi</language>"));
    let spring = feed
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content.starts_with("Mùa xuân"))
        .unwrap();
    let cats: Vec<&str> = spring.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(cats, ["Những vấn đề chung", "Quảng Ninh", "Chuyển đổi số"]);
    assert!(
        spring
            .content
            .as_ref()
            .unwrap()
            .body
            .as_ref()
            .unwrap()
            .contains("Đoạn hai"),
        "full content"
    );
    // Guids are unique.
    let mut ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
}

#[test]
fn atom_json_and_term_feeds_read_back() {
    let a = small_archive();
    a.ok(&["build"]);
    let atom = feed_rs::parser::parse(a.read("public/atom.xml").as_bytes()).expect("Atom parses");
    assert_eq!(atom.entries.len(), 3);
    let json =
        feed_rs::parser::parse(a.read("public/feed.json").as_bytes()).expect("JSON Feed parses");
    assert_eq!(json.entries.len(), 3);
    let tag = feed_rs::parser::parse(a.read("public/the/quang-ninh/rss.xml").as_bytes()).unwrap();
    assert_eq!(tag.entries.len(), 2);
    let rubric = feed_rs::parser::parse(
        a.read("public/chuyen-muc/pho-bien-kien-thuc/rss.xml")
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(rubric.entries.len(), 1);
}

#[test]
fn folded_tag_collisions_get_distinct_slugs_and_a_warning() {
    let a = small_archive();
    let out = a.ok(&["build"]);
    assert!(a.exists("public/the/mua/index.html"));
    assert!(a.exists("public/the/mua-2/index.html"));
    assert!(out.contains("both fold to the slug `mua`"), "{out}");
    let mua = a.html("public/the/mua/index.html");
    let mua2 = a.html("public/the/mua-2/index.html");
    assert_ne!(text(&mua, "h1"), text(&mua2, "h1"));
}

#[test]
fn lists_are_paginated() {
    let a = small_archive();
    a.ok(&["build"]);
    // paginate_by: 2 and three articles in 2022.
    assert!(a.exists("public/luu-tru/2022/index.html"));
    assert!(a.exists("public/luu-tru/2022/trang/2/index.html"));
    let p1 = a.html("public/luu-tru/2022/index.html");
    assert!(hrefs(&p1, "a[rel=next]").contains(&"/luu-tru/2022/trang/2/".to_string()));
    assert!(a.exists("public/luu-tru/2022/03/index.html"));
    assert!(a.exists("public/404.html"));
    assert!(a
        .read("public/robots.txt")
        .contains("Sitemap: https://example.org/sitemap.xml"));
    let sitemap = a.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/so-1/mua-xuan/</loc>"));
    assert!(!sitemap.contains("404"));
}

#[test]
fn sub_path_base_url_is_used_everywhere() {
    let a = small_archive();
    a.ok(&["build", "--base-url", "https://example.org/ban-tin/"]);
    let home = a.html("public/index.html");
    let links = hrefs(&home, "a, link");
    assert!(
        links
            .iter()
            .all(|l| !l.starts_with('/') || l.starts_with("/ban-tin/")),
        "{links:?}"
    );
    assert!(links.contains(&"/ban-tin/so-1/mua-xuan/".to_string()));
    let feed = feed_rs::parser::parse(a.read("public/rss.xml").as_bytes()).unwrap();
    assert!(feed
        .entries
        .iter()
        .all(|e| e.links[0].href.starts_with("https://example.org/ban-tin/")));
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let a = small_archive();
    a.ok(&["build"]);
    let page = a.read("public/so-2/mua/index.html");
    assert!(page.contains("class=\"hl-"), "syntect classes");
    assert!(!page.contains("style=\""), "no inline styles");
}

#[test]
fn two_builds_are_byte_identical_and_stale_files_go() {
    let a = small_archive();
    a.ok(&["build"]);
    let first = a.tree("public");
    a.ok(&[
        "build",
        "--output",
        &a.path().join("public2").to_string_lossy(),
    ]);
    assert_eq!(first, a.tree("public2"), "same input, same bytes");
    std::fs::remove_file(a.path().join("content/so-2/01-mua.md")).unwrap();
    a.ok(&["build"]);
    assert!(
        !a.exists("public/so-2/mua/index.html"),
        "page of deleted content removed"
    );
    assert!(!a.exists("public/the/mua/index.html"));
}

#[test]
fn bad_front_matter_names_every_file_line_and_field_and_writes_nothing() {
    let a = small_archive();
    a.write(
        "content/so-1/03-bad.md",
        "---\ntitle: Bad\nweight: many\n---\n",
    );
    a.write(
        "content/so-2/02-bad-date.md",
        "---\ntitle: Bad date\ndate: 31/02/2022\n---\n",
    );
    a.write("content/so-2/03-no-close.md", "---\ntitle: x\n");
    let err = a.fails(&["build"]);
    assert!(err.contains("03-bad.md:3: field `weight`"), "{err}");
    assert!(err.contains("02-bad-date.md:3: field `date`"), "{err}");
    assert!(err.contains("03-no-close.md:1"), "{err}");
    assert!(!a.exists("public"), "nothing written on error");
}

#[test]
fn template_errors_name_the_template() {
    let a = small_archive();
    a.write("templates/article.html", "{% extends \"base.html\" %}{% block content %}{{ article.title | nosuchfilter }}{% endblock content %}");
    let err = a.fails(&["build"]);
    assert!(err.contains("article.html"), "{err}");
    assert!(err.contains("nosuchfilter"), "{err}");
}

#[test]
fn a_site_template_overrides_the_theme() {
    let a = small_archive();
    a.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Lạc đường</h1>{% endblock content %}",
    );
    a.ok(&["build"]);
    assert_eq!(
        text(&a.html("public/404.html"), "h1").as_deref(),
        Some("Lạc đường")
    );
}

#[test]
fn english_interface_words() {
    let a = small_archive();
    a.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlanguage: en\n",
    );
    a.ok(&["build"]);
    let doc = a.html("public/index.html");
    assert_eq!(
        text(&doc, "#latest-articles").as_deref(),
        Some("Latest articles")
    );
}

#[test]
fn refuses_output_folders_that_hold_sources() {
    let a = small_archive();
    for bad in ["content", "seeds", ".", "themes/default"] {
        let dir = a.path().join(bad);
        let err = a.fails(&["build", "--output", &dir.to_string_lossy()]);
        assert!(err.contains("refusing"), "{bad}: {err}");
    }
    assert!(a.exists("content/so-1/01-mua-xuan.md"));
}

#[test]
fn init_makes_a_buildable_archive() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("moi");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(["init"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("Next steps") && said.contains("bantin serve"),
        "{said}"
    );
    assert!(target.join("templates").is_dir(), "a folder for overrides");
    assert!(
        !target.join("themes").exists(),
        "the built-in theme, not a frozen copy"
    );
    let seeds: Vec<_> = std::fs::read_dir(target.join("seeds")).unwrap().collect();
    assert_eq!(seeds.len(), 1, "one sample seed");
    // The new archive builds as it is (ingesting its sample) and checks clean.
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_bantin"))
            .args(args)
            .arg("--root")
            .arg(&target)
            .output()
            .unwrap()
    };
    assert!(run(&["build"]).status.success());
    assert!(target.join("public/index.html").exists());
    assert!(run(&["check"]).status.success());
    let a = Archive::with_config(&std::fs::read_to_string(target.join("site.yaml")).unwrap());
    a.ok(&["build"]);
    assert!(a.exists("public/index.html"));
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(["init"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(!again.status.success(), "init refuses a non-empty folder");
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("not empty") && err.contains("--force"),
        "{err}"
    );
    let notes = dir.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(notes.join("a.txt"), "ghi chú").unwrap();
    let forced = std::process::Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(["init", "--force"])
        .arg(&notes)
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert_eq!(
        std::fs::read_to_string(notes.join("a.txt")).unwrap(),
        "ghi chú"
    );
    assert!(notes.join("site.yaml").exists());
}

#[test]
fn check_passes_on_a_fresh_build_and_finds_breakage() {
    let a = small_archive();
    a.ok(&["build"]);
    let out = a.ok(&["check"]);
    assert!(out.contains("0 problems"), "{out}");
    // Break a page link, an anchor and a feed.
    let page = a
        .read("public/so-1/index.html")
        .replace("/so-1/mua-xuan/", "/so-1/khong-co/");
    a.write(
        "public/so-1/index.html",
        &page.replace("href=\"/so-2/\"", "href=\"/so-2/#khong-co-id\""),
    );
    a.write("public/the/quang-ninh/rss.xml", "<rss><channel><item>");
    std::fs::remove_file(a.path().join("public/so-2/mua/index.html")).unwrap();
    let err = a.fails(&["check"]);
    assert!(
        err.contains("so-1/index.html: link `/so-1/khong-co/` leads nowhere"),
        "{err}"
    );
    assert!(
        err.contains("the/quang-ninh/rss.xml: does not parse"),
        "{err}"
    );
    assert!(
        err.contains("rss.xml: item link `https://example.org/so-2/mua/` has no page"),
        "{err}"
    );
}

#[test]
fn a_content_file_that_is_not_utf8_is_named_with_its_byte_offset() {
    let a = small_archive();
    std::fs::write(
        a.path().join("content/so-1/03-latin1.md"),
        b"---\ntitle: Caf\xe9\n---\n",
    )
    .unwrap();
    let err = a.fails(&["build"]);
    assert!(
        err.contains("03-latin1.md: not valid UTF-8 at byte 14"),
        "{err}"
    );
}

#[test]
fn an_issue_links_its_printed_copy_only_by_a_plain_relative_name() {
    let cases = [
        ("so-1.pdf", true),
        ("in/so-1.pdf", true),
        ("javascript:alert(1)", false),
        ("https://example.org/x.pdf", false),
        ("/so-1.pdf", false),
        ("../so-1.pdf", false),
        ("", false),
    ];
    for (pdf, linked) in cases {
        let a = small_archive();
        a.write(
            "content/so-1/_index.md",
            &format!("---\ntitle: Bản tin số 1\nissue: 1\nyear: 2022\ndate: 2022-03-01\npdf: '{pdf}'\n---\n"),
        );
        a.ok(&["build"]);
        let links = hrefs(&a.html("public/so-1/index.html"), "p.pdf a");
        let want: Vec<String> = if linked {
            vec![pdf.to_string()]
        } else {
            vec![]
        };
        assert_eq!(links, want, "pdf: {pdf:?}");
    }
}

#[test]
fn a_template_walking_a_map_sees_its_keys_in_order_on_every_build() {
    // tera keeps a map's keys in the order they were given (sorted, from `site.yaml`'s
    // `extra`); a hash order would change the page from one build to the next.
    let keys: Vec<String> = (0..24).map(|i| format!("k{i:02}")).collect();
    let extra: String = keys.iter().rev().map(|k| format!("  {k}: v\n")).collect();
    let a = Archive::with_config(&format!(
        "title: Thử\nbase_url: https://example.org/\nextra:\n{extra}"
    ));
    a.write(
        "content/so-1/_index.md",
        "---\ntitle: Số 1\nyear: 2022\ndate: 2022-03-01\n---\n",
    );
    a.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<ol>{% for k, v in config.extra %}<li>{{ k }}</li>{% endfor %}</ol>{% endblock content %}",
    );
    a.ok(&["build"]);
    let doc = a.html("public/404.html");
    let sel = scraper::Selector::parse("main ol li").unwrap();
    let seen: Vec<String> = doc.select(&sel).map(|e| e.text().collect()).collect();
    assert_eq!(seen, keys);
}

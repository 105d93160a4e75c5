//! Finding one's way in an archive: issue order within a day, numbered pagination, the
//! year index of the list of issues, the feed of issues, page metadata, and editorial
//! flags kept from readers. Pages are parsed, feeds read back with feed-rs.

mod common;

use common::{hrefs, text, Archive};

fn attr(doc: &scraper::Html, selector: &str, name: &str) -> Option<String> {
    let s = scraper::Selector::parse(selector).unwrap();
    doc.select(&s)
        .next()
        .and_then(|e| e.value().attr(name))
        .map(str::to_string)
}

fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let s = scraper::Selector::parse(selector).unwrap();
    doc.select(&s)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// One issue dated once, whose articles carry no date of their own and whose file slugs
/// sort against the issue's order (`weight`).
fn one_day_issue() -> Archive {
    let a = Archive::with_config("title: Thử\nbase_url: https://example.org/\n");
    a.write(
        "content/so-5/_index.md",
        "---\ntitle: Bản tin số 5\nissue: 5\ndate: 2023-05-05T08:00:00+07:00\n---\n",
    );
    for (file, title, weight) in [
        ("01-zeta", "Bài đầu tiên", 1),
        ("02-beta", "Bài thứ hai", 2),
        ("03-alpha", "Bài thứ ba", 3),
    ] {
        a.write(
            &format!("content/so-5/{file}.md"),
            &format!("---\ntitle: {title}\nsection: Tin tức\ntags: [Chung]\nweight: {weight}\n---\n\nNội dung.\n"),
        );
    }
    a
}

#[test]
fn within_a_day_lists_and_feeds_keep_the_issue_order() {
    let a = one_day_issue();
    a.ok(&["build"]);
    let want = ["Bài đầu tiên", "Bài thứ hai", "Bài thứ ba"];
    for page in [
        "public/index.html",
        "public/chuyen-muc/tin-tuc/index.html",
        "public/the/chung/index.html",
        "public/luu-tru/2023/index.html",
    ] {
        let doc = a.html(page);
        assert_eq!(texts(&doc, "main .card h3, main .card h2"), want, "{page}");
    }
    for feed in [
        "public/rss.xml",
        "public/the/chung/rss.xml",
        "public/atom.xml",
    ] {
        let f = feed_rs::parser::parse(a.read(feed).as_bytes()).unwrap();
        let titles: Vec<String> = f
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert_eq!(titles, want, "{feed}");
    }
}

/// `n` issues, one a month from 2019 on, one article each, in one rubric.
fn many_issues(n: usize) -> Archive {
    let a = Archive::with_config("title: Thử\nbase_url: https://example.org/lt/\npaginate_by: 2\n");
    for i in 0..n {
        let (y, m) = (2019 + i / 12, i % 12 + 1);
        a.write(
            &format!("content/so-{i}/_index.md"),
            &format!("---\ntitle: Số {i}\nissue: {i}\nyear: {y}\ndate: {y}-{m:02}-10T08:00:00+07:00\n---\n"),
        );
        a.write(
            &format!("content/so-{i}/01-bai.md"),
            &format!("---\ntitle: Bài của số {i}\nsection: Tin tức\nsummary: Tóm tắt của bài số {i}.\nweight: 1\n---\n\nNội dung.\n"),
        );
    }
    a
}

#[test]
fn paginated_lists_number_their_pages_around_the_current_one() {
    let a = many_issues(40);
    a.ok(&["build"]);
    // 40 articles, 2 a page: 20 pages. Page 6 shows 1 … 4 5 6 7 8 … 20.
    let doc = a.html("public/chuyen-muc/tin-tuc/trang/6/index.html");
    let shown = texts(&doc, "nav.pager li");
    assert_eq!(shown, ["1", "…", "4", "5", "6", "7", "8", "…", "20"]);
    assert_eq!(
        attr(&doc, "nav.pager a[aria-current=page]", "href").as_deref(),
        Some("/lt/chuyen-muc/tin-tuc/trang/6/")
    );
    let links = hrefs(&doc, "nav.pager li a");
    assert_eq!(
        links.first().map(String::as_str),
        Some("/lt/chuyen-muc/tin-tuc/")
    );
    assert_eq!(
        links.last().map(String::as_str),
        Some("/lt/chuyen-muc/tin-tuc/trang/20/")
    );
    // The head says where the neighbours are.
    assert_eq!(
        attr(&doc, "link[rel=prev]", "href").as_deref(),
        Some("/lt/chuyen-muc/tin-tuc/trang/5/")
    );
    assert_eq!(
        attr(&doc, "link[rel=next]", "href").as_deref(),
        Some("/lt/chuyen-muc/tin-tuc/trang/7/")
    );
    // Every numbered link resolves.
    for l in links {
        let rel = l.trim_start_matches("/lt/");
        assert!(a.exists(&format!("public/{rel}index.html")), "{l}");
    }
    let first = a.html("public/chuyen-muc/tin-tuc/index.html");
    assert!(attr(&first, "link[rel=prev]", "href").is_none());
}

#[test]
fn the_list_of_issues_has_a_year_index_on_every_page() {
    let a = many_issues(40);
    a.ok(&["build"]);
    // 40 issues from January 2019: years 2022 (4), 2021, 2020, 2019 (12 each).
    for n in 1..=20 {
        let rel = if n == 1 {
            "public/so/index.html".to_string()
        } else {
            format!("public/so/trang/{n}/index.html")
        };
        let doc = a.html(&rel);
        let years = texts(&doc, "nav.year-index li a");
        assert_eq!(years, ["2022", "2021", "2020", "2019"], "{rel}");
        for link in hrefs(&doc, "nav.year-index a") {
            let (page, anchor) = link.split_once('#').unwrap();
            let target = a.html(&format!(
                "public/{}index.html",
                page.trim_start_matches("/lt/")
            ));
            assert!(
                attr(&target, &format!("h2#{anchor}"), "id").is_some(),
                "{link} from {rel} has no heading"
            );
        }
    }
    // 2021 starts on the 3rd page (issues 0–3 are 2022) and goes on into the 4th.
    let doc = a.html("public/so/trang/4/index.html");
    let h = text(&doc, "h2#nam-2021").unwrap();
    assert!(h.contains("2021") && h.contains("tiếp theo"), "{h}");
}

#[test]
fn a_feed_of_issues_has_one_item_per_issue() {
    let a = many_issues(5);
    a.ok(&["build"]);
    let list = a.html("public/so/index.html");
    assert!(
        hrefs(&list, "link[rel=alternate]").contains(&"/lt/so/rss.xml".to_string()),
        "the list of issues advertises its feed"
    );
    let rss = feed_rs::parser::parse(a.read("public/so/rss.xml").as_bytes()).unwrap();
    let titles: Vec<String> = rss
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles, ["Số 4", "Số 3", "Số 2", "Số 1", "Số 0"]);
    let newest = &rss.entries[0];
    assert_eq!(newest.links[0].href, "https://example.org/lt/so-4/");
    assert!(newest.published.is_some());
    let content = newest
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .unwrap();
    assert!(
        content.contains("https://example.org/lt/so-4/bai/"),
        "{content}"
    );
    let atom = feed_rs::parser::parse(a.read("public/so/atom.xml").as_bytes()).unwrap();
    assert_eq!(atom.entries.len(), 5);
    assert_eq!(atom.entries[0].id, "https://example.org/lt/so-4/");
}

#[test]
fn pages_describe_themselves_for_search_engines_and_link_previews() {
    let a = many_issues(3);
    a.ok(&["build"]);
    let art = a.html("public/so-2/bai/index.html");
    assert_eq!(
        attr(&art, "meta[name=description]", "content").as_deref(),
        Some("Tóm tắt của bài số 2.")
    );
    assert_eq!(
        attr(&art, "meta[property='og:title']", "content").as_deref(),
        Some("Bài của số 2")
    );
    assert_eq!(
        attr(&art, "meta[property='og:type']", "content").as_deref(),
        Some("article")
    );
    assert_eq!(
        attr(&art, "meta[property='og:url']", "content").as_deref(),
        Some("https://example.org/lt/so-2/bai/")
    );
    assert_eq!(
        attr(&art, "meta[name='twitter:card']", "content").as_deref(),
        Some("summary")
    );
    // The end of an article leads back to its issue and to the issues beside it.
    assert!(hrefs(&art, ".back-to-issue a").contains(&"/lt/so-2/".to_string()));
    // The newest issue has only an older neighbour; a middle one has both.
    assert_eq!(hrefs(&art, ".issue-neighbours a"), ["/lt/so-1/"]);
    let middle = a.html("public/so-1/bai/index.html");
    assert_eq!(
        hrefs(&middle, ".issue-neighbours a"),
        ["/lt/so-0/", "/lt/so-2/"]
    );

    let issue = a.html("public/so-2/index.html");
    let d = attr(&issue, "meta[name=description]", "content").unwrap();
    assert!(d.contains("Số 2") && d.contains("Tin tức"), "{d}");

    let icon = attr(&art, "link[rel=icon]", "href").unwrap();
    assert!(a.exists(&format!("public/{}", icon.trim_start_matches("/lt/"))));

    let nf = a.html("public/404.html");
    assert_eq!(
        attr(&nf, "meta[name=robots]", "content").as_deref(),
        Some("noindex")
    );
    assert!(attr(&nf, "link[rel=canonical]", "href").is_none());

    let home = a.html("public/index.html");
    assert!(
        hrefs(&home, "main a").contains(&"/lt/luu-tru/".to_string()),
        "all articles"
    );
    assert!(
        hrefs(&home, "main a").contains(&"/lt/so/".to_string()),
        "all issues"
    );
}

#[test]
fn editorial_flags_are_for_editors_unless_the_site_asks() {
    let page = "---\ntitle: Tiêu đề đoán\ntitle_inferred: true\ndate: 2023-01-01\ndate_estimated: true\nweight: 1\n---\n\nNội dung.\n";
    let idx = "---\ntitle: Số 1\ndate: 2023-01-01\n---\n";
    let a = Archive::with_config("title: Thử\nbase_url: https://example.org/\n");
    a.write("content/so-1/_index.md", idx);
    a.write("content/so-1/01-bai.md", page);
    a.ok(&["build"]);
    let doc = a.html("public/so-1/bai/index.html");
    assert!(
        texts(&doc, ".article .note").is_empty(),
        "published build hides flags"
    );

    let b =
        Archive::with_config("title: Thử\nbase_url: https://example.org/\neditorial_flags: true\n");
    b.write("content/so-1/_index.md", idx);
    b.write("content/so-1/01-bai.md", page);
    b.ok(&["build"]);
    let doc = b.html("public/so-1/bai/index.html");
    assert_eq!(
        texts(&doc, ".article .note").len(),
        2,
        "asked for in site.yaml"
    );
}

#[test]
fn site_yaml_orders_merges_and_describes_rubrics() {
    let a = Archive::with_config(
        "title: Thử\nbase_url: https://example.org/\nrubrics:\n  - name: Tin trong tỉnh\n    aliases: [Tin tỉnh, TIN TRONG TỈNH]\n    description: Hoạt động khoa học trong tỉnh.\n  - name: Những vấn đề chung\n",
    );
    a.write(
        "content/so-1/_index.md",
        "---\ntitle: Số 1\ndate: 2022-01-01\n---\n",
    );
    for (i, section) in [
        "Những vấn đề chung",
        "Tin tỉnh",
        "TIN TRONG  TỈNH",
        "Alpha",
        "Tin trong tỉnh",
    ]
    .iter()
    .enumerate()
    {
        a.write(
            &format!("content/so-1/0{i}-bai.md"),
            &format!("---\ntitle: Bài {i}\nsection: {section}\nweight: {i}\n---\nx\n"),
        );
    }
    a.ok(&["build"]);
    let index = a.html("public/chuyen-muc/index.html");
    let names = texts(&index, "main li > a");
    assert_eq!(names, ["Tin trong tỉnh", "Những vấn đề chung", "Alpha"]);
    let rubric = a.html("public/chuyen-muc/tin-trong-tinh/index.html");
    assert_eq!(texts(&rubric, "main .card").len(), 3, "aliases merged");
    assert_eq!(
        text(&rubric, ".term-header .lead").as_deref(),
        Some("Hoạt động khoa học trong tỉnh.")
    );
    assert_eq!(
        attr(&rubric, "meta[name=description]", "content").as_deref(),
        Some("Hoạt động khoa học trong tỉnh.")
    );
    assert!(!a.exists("public/chuyen-muc/tin-tinh/index.html"));
}

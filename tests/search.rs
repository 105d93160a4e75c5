//! Full-text search (issue 13): the index written with the site, its determinism, the
//! search page, and Vietnamese matching.
//!
//! Plain `cargo test` checks the index files themselves (read back: decompressed, their
//! words looked at). The queries of the Vietnamese cases run Pagefind's own engine (the
//! generated `pagefind.js` and wasm) under Node: `cargo test --test search -- --ignored`,
//! run by `.ci/run`.

mod common;

use std::collections::BTreeMap;
use std::io::Read;

use common::Archive;
use unicode_normalization::UnicodeNormalization;

const ISSUE: &str = "---\ntitle: Bản tin số 1 năm 2022\nissue: 1\nyear: 2022\ndate: 2022-03-01T08:00:00+07:00\n---\n";

/// Articles that tell the Vietnamese cases apart: tones, đ, a phrase, case.
fn vietnamese(config_extra: &str, nfd: bool) -> Archive {
    let a = Archive::with_config(&format!(
        "title: Thử nghiệm\nbase_url: https://example.org/\nlanguage: vi\n{config_extra}"
    ));
    let art = |slug: &str, title: &str, section: &str, tags: &str, date: &str, body: &str| {
        let text = format!(
            "---\ntitle: {title}\ndate: {date}T08:00:00+07:00\nsection: {section}\ntags: [{tags}]\nweight: 1\n---\n\n{body}\n"
        );
        let text: String = if nfd { text.nfd().collect() } else { text };
        a.write(&format!("content/so-1/{slug}.md"), &text);
    };
    a.write("content/so-1/_index.md", ISSUE);
    a.write(
        "content/so-2/_index.md",
        &ISSUE
            .replace("số 1", "số 2")
            .replace("issue: 1", "issue: 2")
            .replace("2022", "2023"),
    );
    art(
        "01-quang-ninh",
        "Quảng Ninh phát triển du lịch",
        "Tin tức",
        "Quảng Ninh",
        "2022-03-01",
        "Tỉnh Quảng Ninh đón khách.",
    );
    art(
        "02-duong",
        "Con đường ven biển",
        "Tin tức",
        "Giao thông",
        "2022-03-01",
        "Một đường mới được mở.",
    );
    art(
        "03-duong-ten",
        "Ông Dương làm nghề cá",
        "Đời sống",
        "Nghề cá",
        "2022-03-01",
        "Ông Dương kể chuyện biển.",
    );
    art(
        "04-khoa-hoc",
        "Nghiên cứu khoa học",
        "Đời sống",
        "Khoa học",
        "2022-03-01",
        "Hội thảo khoa học trẻ.",
    );
    art(
        "05-khoa",
        "Học sinh thăm bệnh viện",
        "Đời sống",
        "Y tế",
        "2022-03-01",
        "Các em học ở khoa nhi.",
    );
    a
}

fn index(a: &Archive) -> BTreeMap<String, Vec<u8>> {
    a.tree("public/pagefind")
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// Every word index chunk, decompressed and joined (words are stored as UTF-8 text).
fn words(files: &BTreeMap<String, Vec<u8>>) -> String {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".pf_index"))
        .map(|(_, b)| String::from_utf8_lossy(&gunzip(b)).into_owned())
        .collect()
}

/// Two sets of files are the same (names, then bytes; the message names what differs).
fn same_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(a), names(b));
    for (k, v) in a {
        assert!(b[k] == *v, "{k} differs");
    }
}

#[test]
fn build_writes_the_index_and_the_search_page() {
    let a = vietnamese("", false);
    a.ok(&["build"]);
    let files = index(&a);
    for f in [
        "pagefind.js",
        "pagefind-worker.js",
        "pagefind-entry.json",
        "wasm.unknown.pagefind",
    ] {
        assert!(files.contains_key(f), "{f} missing: {:?}", files.keys());
    }
    assert!(files.keys().any(|f| f.starts_with("fragment/")));
    // Pagefind's ready-made interfaces are not published: the theme has its own.
    assert!(
        !files.keys().any(|f| f.contains("-ui")),
        "{:?}",
        files.keys()
    );
    // Five articles, no list page.
    let entry = String::from_utf8(files["pagefind-entry.json"].clone()).unwrap();
    assert!(entry.contains("\"page_count\":5"), "{entry}");
    // Every file is in the manifest (bantin's writer wrote it).
    let manifest = a.read("public/.bantin-manifest.json");
    assert!(manifest.contains("pagefind/pagefind.js"));
    // The search page and the header box.
    let page = a.read("public/tim-kiem/index.html");
    assert!(page.contains("data-index=\"/pagefind/\""), "{page}");
    assert!(page.contains("Tìm kiếm cần JavaScript"));
    for link in ["/the/", "/chuyen-muc/", "/luu-tru/"] {
        assert!(page.contains(&format!("href=\"{link}\"")), "{link}");
    }
    let home = a.read("public/index.html");
    assert!(home.contains("<form class=\"site-search\" role=\"search\" action=\"/tim-kiem/\""));
    assert!(
        home.contains(" hidden>"),
        "the box is hidden until search.js shows it"
    );
    assert!(home.contains("src=\"/search.js\""));
    assert!(a.exists("public/search.js"));
}

#[test]
fn filters_are_rubric_year_and_tag() {
    let a = vietnamese("", false);
    a.ok(&["build"]);
    let files = index(&a);
    let meta = files
        .iter()
        .find(|(p, _)| p.ends_with(".pf_meta"))
        .map(|(_, b)| String::from_utf8_lossy(&gunzip(b)).into_owned())
        .unwrap();
    for f in ["rubric", "year", "tag"] {
        assert!(meta.contains(f), "filter {f} missing");
    }
    let filters: String = files
        .iter()
        .filter(|(p, _)| p.ends_with(".pf_filter"))
        .map(|(_, b)| String::from_utf8_lossy(&gunzip(b)).into_owned())
        .collect();
    for v in ["Tin tức", "Đời sống", "2022", "Quảng Ninh", "Nghề cá"] {
        assert!(filters.contains(v), "filter value {v} missing");
    }
}

#[test]
fn words_are_folded_for_toneless_queries() {
    let a = vietnamese("", false);
    a.ok(&["build"]);
    let w = words(&index(&a));
    // Tones stripped for matching, the toned form kept for ranking.
    for word in ["quang", "ninh", "duong", "khoa", "hoc"] {
        assert!(w.contains(word), "{word} not indexed");
    }
    assert!(w.contains("quảng"), "toned form kept");
    // đ is indexed as d (toned form dường), never as a word of its own with đ.
    assert!(w.contains("dường"));
    assert!(!w.contains('đ'), "a word with đ was indexed as is");
}

#[test]
fn nfc_and_nfd_sources_give_the_same_index() {
    let nfc = vietnamese("", false);
    let nfd = vietnamese("", true);
    nfc.ok(&["build"]);
    nfd.ok(&["build"]);
    same_files(&index(&nfc), &index(&nfd));
}

#[test]
fn two_builds_give_identical_index_files_and_an_unchanged_site_rewrites_none() {
    let a = vietnamese("", false);
    let b = vietnamese("", false);
    a.ok(&["build"]);
    b.ok(&["build"]);
    same_files(&index(&a), &index(&b));
    let mtimes = |a: &Archive| -> BTreeMap<String, std::time::SystemTime> {
        index(a)
            .keys()
            .map(|k| {
                let p = a.path().join("public/pagefind").join(k);
                (k.clone(), std::fs::metadata(p).unwrap().modified().unwrap())
            })
            .collect()
    };
    let before = mtimes(&a);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = a.ok(&["build", "--verbose"]);
    assert_eq!(
        mtimes(&a),
        before,
        "an unchanged site rewrote index files:\n{out}"
    );
}

#[test]
fn search_false_turns_it_off() {
    let a = vietnamese("search: false\n", false);
    a.ok(&["build"]);
    assert!(!a.exists("public/pagefind"));
    assert!(!a.exists("public/tim-kiem/index.html"));
    let home = a.read("public/index.html");
    assert!(!home.contains("site-search"));
    assert!(!home.contains("search.js"));
}

#[test]
fn a_sub_path_base_url_holds_for_the_index_and_the_page() {
    let a = vietnamese("", false);
    a.ok(&["build", "--base-url", "https://example.org/ban-tin/"]);
    let page = a.read("public/tim-kiem/index.html");
    assert!(page.contains("data-index=\"/ban-tin/pagefind/\""));
    assert!(page.contains("src=\"/ban-tin/search.js\""));
    let fragments: String = index(&a)
        .iter()
        .filter(|(p, _)| p.starts_with("fragment/"))
        .map(|(_, b)| String::from_utf8_lossy(&gunzip(b)).into_owned())
        .collect();
    assert!(
        fragments.contains("\"url\":\"/ban-tin/so-1/quang-ninh/\""),
        "{fragments}"
    );
}

/// Pagefind's engine, under Node, on the built index: the titles of each query's results,
/// best first.
fn query(a: &Archive, queries: &[&str]) -> Vec<Vec<String>> {
    let script = common::repo().join("scripts/search/query.mjs");
    let out = std::process::Command::new("node")
        .arg(script)
        .arg(a.path().join("public"))
        .args(queries)
        .output()
        .expect("node runs (install nodejs)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["title"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
#[ignore = "needs node; run by .ci/run"]
fn vietnamese_queries_find_what_a_reader_expects() {
    let a = vietnamese("", false);
    a.ok(&["build"]);
    let nfd_query: String = "quảng ninh".nfd().collect();
    let r = query(
        &a,
        &[
            "quang ninh",
            "duong",
            "đường",
            "\"khoa học\"",
            "khoa học",
            "QUẢNG NINH",
            &nfd_query,
            "dương",
        ],
    );
    // Without tones, toned words are found.
    assert_eq!(
        r[0].first().map(String::as_str),
        Some("Quảng Ninh phát triển du lịch"),
        "{r:?}"
    );
    // duong finds đường (đ folded to d) and Dương.
    assert!(
        r[1].contains(&"Con đường ven biển".to_string()),
        "{:?}",
        r[1]
    );
    assert!(
        r[1].contains(&"Ông Dương làm nghề cá".to_string()),
        "{:?}",
        r[1]
    );
    // With tones, the exact word ranks first.
    assert_eq!(
        r[2].first().map(String::as_str),
        Some("Con đường ven biển"),
        "{:?}",
        r[2]
    );
    assert_eq!(
        r[7].first().map(String::as_str),
        Some("Ông Dương làm nghề cá"),
        "{:?}",
        r[7]
    );
    // A quoted phrase matches the words side by side only.
    assert_eq!(r[3], vec!["Nghiên cứu khoa học".to_string()], "{:?}", r[3]);
    assert!(r[4].len() > 1, "unquoted, both words anywhere: {:?}", r[4]);
    // Case and normalization do not matter.
    assert_eq!(r[5], r[0]);
    assert_eq!(r[6], r[0]);
    // The NFD archive answers the same.
    let b = vietnamese("", true);
    b.ok(&["build"]);
    assert_eq!(
        query(&b, &["quang ninh", "duong", "đường"]),
        r[..3].to_vec()
    );
}

#[test]
#[ignore = "needs node; run by .ci/run"]
fn excerpts_show_d_with_stroke_and_mark_the_match() {
    let a = vietnamese("", false);
    a.ok(&["build"]);
    let out = std::process::Command::new("node")
        .arg(common::repo().join("scripts/search/query.mjs"))
        .arg(a.path().join("public"))
        .arg("duong")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("<mark>đường</mark>"), "{text}");
    assert!(
        !text.contains('\u{335}'),
        "the fold leaked into an excerpt: {text}"
    );
}

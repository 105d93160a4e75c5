//! Full-text search (issue 13): the index written with the site, its determinism, the
//! search page, and Vietnamese matching.
//!
//! Plain `cargo test` checks the index files themselves (read back as JSON). The queries of
//! the Vietnamese cases run the query core of the site's own `search.js` (the one engine
//! the search page runs) under Node: `cargo test --test search -- --ignored`, run by
//! `.ci/run`.

mod common;

use std::collections::BTreeMap;

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
    a.tree("public/search-index")
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("index files are JSON")
}

/// Every word of the index shards: folded word → its entry
/// `[articles, toned forms, ids, fields, forms]`.
fn words(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    for (p, b) in files {
        if p.starts_with("index/") {
            for (k, v) in json(b).as_object().unwrap() {
                assert!(out.insert(k.clone(), v.clone()).is_none(), "{k} twice");
            }
        }
    }
    out
}

/// The toned forms the index keeps for a folded word.
fn forms(w: &BTreeMap<String, serde_json::Value>, word: &str) -> Vec<String> {
    w[word][1]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
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
        "meta.json",
        "filters/rubric.json",
        "filters/year.json",
        "filters/tag.json",
        "docs/0.json",
        "index/qu.json",
    ] {
        assert!(files.contains_key(f), "{f} missing: {:?}", files.keys());
    }
    // Five articles, no list page; every shard listed in meta.json exists.
    let meta = json(&files["meta.json"]);
    assert_eq!(meta["docs"], 5);
    for k in meta["shards"].as_array().unwrap() {
        let k = k.as_str().unwrap();
        assert!(files.contains_key(&format!("index/{k}.json")), "{k}");
    }
    let docs = json(&files["docs/0.json"]);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 5);
    assert_eq!(docs[0]["t"], "Quảng Ninh phát triển du lịch");
    assert_eq!(docs[0]["u"], "/so-1/quang-ninh/");
    assert_eq!(docs[0]["i"], "Bản tin số 1 năm 2022");
    assert_eq!(docs[0]["x"], "Tỉnh Quảng Ninh đón khách.");
    assert!(docs[0]["d"].as_str().unwrap().contains("2022"));
    // Every file is in the manifest (bantin's writer wrote it).
    let manifest = a.read("public/.bantin-manifest.json");
    assert!(manifest.contains("search-index/meta.json"));
    // The search page and the header box.
    let page = a.read("public/tim-kiem/index.html");
    assert!(page.contains("data-index=\"/search-index/\""), "{page}");
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
    let values = |k: &str| -> Vec<(String, u64)> {
        let menu = json(&files[&format!("filters/{k}.json")]);
        assert_eq!(
            menu["parts"], 1,
            "a small site has one part file per filter"
        );
        menu["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| (v[0].as_str().unwrap().to_string(), v[1].as_u64().unwrap()))
            .collect()
    };
    assert_eq!(
        values("rubric"),
        [("Tin tức".to_string(), 2), ("Đời sống".to_string(), 3)]
    );
    assert_eq!(values("year"), [("2022".to_string(), 5)]);
    let tags = values("tag");
    for t in ["Quảng Ninh", "Nghề cá", "Khoa học"] {
        assert!(tags.iter().any(|(v, n)| v == t && *n == 1), "{t}: {tags:?}");
    }
    // The articles of each value are in the part file.
    let part = json(&files["filters/rubric-0.json"]);
    assert_eq!(part["Tin tức"], "bD", "articles 0 and 1");
}

#[test]
fn words_are_folded_for_toneless_queries() {
    let a = vietnamese("", false);
    a.ok(&["build"]);
    let w = words(&index(&a));
    // Tones and case stripped for matching, the toned forms kept for ranking.
    for word in ["quang", "ninh", "duong", "khoa", "hoc"] {
        assert!(w.contains_key(word), "{word} not indexed");
    }
    assert_eq!(forms(&w, "quang"), ["quảng"]);
    // đ is folded to d: đường and Dương are one word with two toned forms.
    assert_eq!(forms(&w, "duong"), ["dương", "đường"]);
    assert_eq!(w["duong"][0], 2);
    for k in w.keys() {
        assert_eq!(k, &k.to_lowercase());
        assert!(k.is_ascii() || k.chars().all(char::is_alphanumeric), "{k}");
        assert!(
            !k.contains('đ') && !k.contains('ư') && !k.contains('ả'),
            "{k}"
        );
    }
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
                let p = a.path().join("public/search-index").join(k);
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
    assert!(!a.exists("public/search-index"));
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
    assert!(page.contains("data-index=\"/ban-tin/search-index/\""));
    assert!(page.contains("src=\"/ban-tin/search.js\""));
    let docs = json(&index(&a)["docs/0.json"]);
    assert_eq!(docs[0]["u"], "/ban-tin/so-1/quang-ninh/");
}

/// The site's own search.js (its query core), under Node, on the built index: the titles
/// of each query's results, best first.
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
fn a_phrase_needs_its_words_side_by_side_in_order() {
    let a = vietnamese("", false);
    let filler = "Trong năm qua, tỉnh đã triển khai nhiều hoạt động. ".repeat(400);
    let art = |slug: &str, title: &str, body: &str| {
        a.write(
            &format!("content/so-2/{slug}.md"),
            &format!("---\ntitle: {title}\ndate: 2023-03-01T08:00:00+07:00\n---\n\n{body}\n"),
        );
    };
    // The phrase some 20,000 characters in, far beyond the start of the text kept in docs/.
    art(
        "01-sau",
        "Báo cáo tổng kết",
        &format!("{filler}\n\nHội nghị khoa học toàn quốc.\n\n{filler}"),
    );
    // Both words, far apart, and in the other order.
    art(
        "02-xa",
        "Báo cáo giữa kỳ",
        &format!("Khoa nhi. {filler} Học sinh."),
    );
    art("03-nguoc", "Báo cáo cuối kỳ", "Giờ học khoa nhi.");
    a.ok(&["build"]);
    let r = query(
        &a,
        &[
            "\"khoa học\"",
            "khoa học",
            "\"thảo khoa học\"",
            "\"học khoa\"",
        ],
    );
    // Side by side in the title or the start of the text: found; apart or in the other
    // order: not. Known limit (src/search/mod.rs, BENCHMARKS.md): the index keeps no
    // positions, so the phrase only deep in the body of "Báo cáo tổng kết" is not
    // confirmed; indexing pairs of words would find it but costs more build time than
    // issue 13 allows.
    assert_eq!(r[0], ["Nghiên cứu khoa học"], "{:?}", r[0]);
    // Without quotes, the words anywhere.
    for t in ["Báo cáo tổng kết", "Báo cáo giữa kỳ", "Báo cáo cuối kỳ"] {
        assert!(r[1].contains(&t.to_string()), "{t}: {:?}", r[1]);
    }
    // Three words, side by side.
    assert_eq!(r[2], ["Nghiên cứu khoa học"], "{:?}", r[2]);
    assert_eq!(r[3], ["Báo cáo cuối kỳ"], "{:?}", r[3]);
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
        "a folding mark leaked into an excerpt: {text}"
    );
}

#[test]
#[ignore = "needs node; run by .ci/run"]
fn filters_and_several_words_narrow_or_widen() {
    let a = vietnamese("", false);
    a.ok(&["build"]);
    let r = query(
        &a,
        &[
            "khoa học|rubric=Đời sống",
            "khoa học|tag=Y tế",
            "khoa|year=2023",
            "khoa|year=2022|rubric=Đời sống",
            "khoa|tag=Không có",
            "quang ninh biển",
            "ninh nghề",
        ],
    );
    assert_eq!(r[0].len(), 2, "{:?}", r[0]);
    assert_eq!(r[1], ["Học sinh thăm bệnh viện"]);
    assert!(r[2].is_empty(), "{:?}", r[2]);
    assert_eq!(r[3].len(), 2, "{:?}", r[3]);
    assert!(
        r[4].is_empty(),
        "an unknown value matches nothing: {:?}",
        r[4]
    );
    // Every word in one article: none; then the articles with any of them, those with
    // more of the words first.
    assert_eq!(
        r[5].first().map(String::as_str),
        Some("Quảng Ninh phát triển du lịch")
    );
    assert!(r[5].len() >= 3, "{:?}", r[5]);
    assert_eq!(r[6].len(), 2, "{:?}", r[6]);
}

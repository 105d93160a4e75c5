//! A real browser opens the built site: headless Chromium (Debian's `chromium`, installed by
//! `.ci/run`). Ignored by plain `cargo test`; run with `cargo test --test browser -- --ignored`.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use common::{small_archive, text};

/// Every request the test server answered: path and status.
type RequestLog = Arc<Mutex<Vec<(String, u16)>>>;

/// A minimal static file server for the test, recording every request and its status.
fn serve(root: PathBuf) -> (String, RequestLog) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let log2 = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let path = line
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .split('?')
                .next()
                .unwrap()
                .to_string();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) <= 2 {
                    break;
                }
            }
            let mut file = root.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file = file.join("index.html");
            }
            let (status, body, ctype) = match std::fs::read(&file) {
                Ok(b) => (200, b, content_type(&file)),
                Err(_) => (404, b"not found".to_vec(), "text/plain"),
            };
            log2.lock().unwrap().push((path, status));
            let mut s = stream;
            let _ = write!(s, "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = s.write_all(&body);
        }
    });
    (addr, log)
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn chromium(args: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("chromium runs (install Debian's chromium package)")
}

#[test]
#[ignore = "needs chromium; run by .ci/run"]
fn home_and_article_render_in_a_real_browser() {
    let a = small_archive();
    a.ok(&["build", "--base-url", "/"]);
    let (base, log) = serve(a.path().join("public"));
    let shots = common::repo().join("target/browser-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (page, title) in [
        ("/", "Thử nghiệm"),
        ("/so-1/mua-xuan/", "Mùa xuân ở Quảng Ninh"),
    ] {
        let url = format!("{base}{page}");
        let out = chromium(&["--virtual-time-budget=3000", "--dump-dom", &url]);
        let dom = String::from_utf8_lossy(&out.stdout);
        let doc = scraper::Html::parse_document(&dom);
        let shown = text(&doc, "h1").unwrap_or_default();
        let site_title = text(&doc, ".site-title").unwrap_or_default();
        assert!(
            shown == title || site_title == title,
            "{page}: expected {title}, got h1 {shown:?} / {site_title:?}"
        );
        let name = if page == "/" {
            "home.png".to_string()
        } else {
            "article.png".to_string()
        };
        let shot = shots.join(&name);
        let _ = std::fs::remove_file(&shot);
        let out = chromium(&[
            "--window-size=1280,1000",
            "--virtual-time-budget=3000",
            &format!("--screenshot={}", shot.display()),
            &url,
        ]);
        assert!(
            shot.exists(),
            "screenshot of {page}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            std::fs::metadata(&shot).unwrap().len() > 10_000,
            "screenshot is not blank"
        );
    }
    let log = log.lock().unwrap();
    assert!(
        log.iter().any(|(p, _)| p == "/style.css"),
        "the stylesheet was requested: {log:?}"
    );
    let failed: Vec<_> = log
        .iter()
        .filter(|(p, s)| *s != 200 && p != "/favicon.ico")
        .collect();
    assert!(failed.is_empty(), "resources failed to load: {failed:?}");
}

/// The search page of a site built under a sub-path, opened with a query in the address
/// (as the header box sends it): search.js loads the index and lists the article.
#[test]
#[ignore = "needs chromium; run by .ci/run"]
fn search_page_lists_results_in_a_real_browser() {
    let a = small_archive();
    a.ok(&["build", "--base-url", "/ban-tin/"]);
    // Serve the folder that holds the site at /ban-tin/, as a sub-path host would.
    let host = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(a.path().join("public"), host.path().join("ban-tin")).unwrap();
    let (base, log) = serve(host.path().to_path_buf());
    let url = format!("{base}/ban-tin/tim-kiem/?q=quang%20ninh");
    // Virtual time runs ahead of the real fetches on a busy machine: give it more on a
    // second and third try.
    let (mut dom, mut doc, mut first) =
        (String::new(), scraper::Html::new_document(), String::new());
    for budget in [10_000, 30_000, 60_000] {
        let out = chromium(&[
            &format!("--virtual-time-budget={budget}"),
            "--dump-dom",
            &url,
        ]);
        dom = String::from_utf8_lossy(&out.stdout).into_owned();
        doc = scraper::Html::parse_document(&dom);
        first = text(&doc, ".search-results li h2").unwrap_or_default();
        if !first.is_empty() {
            break;
        }
    }
    assert_eq!(
        first,
        "Mùa xuân ở Quảng Ninh",
        "requests {:?}; page: {dom}",
        log.lock().unwrap()
    );
    assert!(common::hrefs(&doc, ".search-results li h2 a")
        .contains(&"/ban-tin/so-1/mua-xuan/".to_string()));
    // Matched words are marked; the no-JavaScript note is hidden, the form shown.
    assert!(dom.contains("<mark>Quảng</mark>"), "{dom}");
    let log = log.lock().unwrap();
    assert!(log
        .iter()
        .any(|(p, _)| p.ends_with("/search-index/meta.json")));
    let failed: Vec<_> = log
        .iter()
        .filter(|(p, s)| *s != 200 && !p.ends_with("favicon.ico"))
        .collect();
    assert!(failed.is_empty(), "resources failed to load: {failed:?}");
}

/// A reader types on /tim-kiem/ (puppeteer-core driving Chromium, scripts/search/browser.mjs)
/// and finds the Quảng Ninh articles of the shipped archive, best first, without tones.
#[test]
#[ignore = "needs node, npm packages of scripts/a11y and chromium; run by .ci/run"]
fn typing_a_query_finds_the_article() {
    let a = common::Archive::with_config("title: t\nbase_url: /\n");
    common::copy_dir(&common::repo().join("content"), &a.path().join("content"));
    std::fs::copy(common::repo().join("site.yaml"), a.path().join("site.yaml")).unwrap();
    a.ok(&["build", "--no-ingest", "--base-url", "/ban-tin/"]);
    let shot = common::repo().join("target/browser-screenshots/search.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    let run = |q: &str| -> serde_json::Value {
        let out = Command::new("node")
            .arg(common::repo().join("scripts/search/browser.mjs"))
            .arg(a.path().join("public"))
            .arg("/ban-tin/")
            .arg(q)
            .arg(&shot)
            .output()
            .expect("node runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let r = run("quang ninh");
    let titles: Vec<&str> = r["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["title"].as_str().unwrap())
        .collect();
    assert!(titles.len() >= 5, "{r}");
    // Best first: the articles with Quảng Ninh in their title lead.
    for t in &titles[..5] {
        assert!(t.contains("Quảng Ninh"), "{titles:?}");
    }
    let first = &r["results"][0];
    assert!(first["url"].as_str().unwrap().starts_with("/ban-tin/"));
    assert!(first["marked"].to_string().contains("Quảng"), "{first}");
    assert_eq!(r["nojsHidden"], true);
    assert_eq!(r["failed"], serde_json::json!([]), "{r}");
    assert_eq!(r["errors"], serde_json::json!([]), "{r}");
    // The rubric menu fills when opened; a rubric narrows the results and is in the
    // address.
    assert!(r["rubricOptions"].as_u64().unwrap() >= 1, "{r}");
    let f = &r["filtered"];
    assert!(f["url"].as_str().unwrap().contains("rubric="), "{r}");
    assert_ne!(f["status"], r["status"], "{r}");
    // đ typed or not: the same articles.
    let d1 = run("đường");
    let d2 = run("duong");
    assert!(!d1["results"].as_array().unwrap().is_empty(), "{d1}");
    assert!(d2["results"].as_array().unwrap().len() >= d1["results"].as_array().unwrap().len());
    assert!(
        !d1.to_string().contains('\u{335}'),
        "the fold leaked into the page: {d1}"
    );
}

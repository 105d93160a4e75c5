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

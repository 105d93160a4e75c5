//! `bantin serve` keeps the search index of its preview up to date: an edit shows up in the
//! index after the rebuild, and the page reload never waits for the index.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Every article file of the preview's index (`docs/`), joined.
fn fragments(root: &std::path::Path) -> String {
    let dir = root.join("target/bantin-serve/search-index/docs");
    let mut out = String::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        out.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    out
}

struct Kill(std::process::Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn an_edit_reaches_the_index_after_the_reload() {
    let a = common::small_archive();
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .arg("--root")
        .arg(a.path())
        .args(["serve", "--port", "0", "--no-ingest"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    let _guard = Kill(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let addr = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve starts");
        if let Some(rest) = line.split(" at http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // The index of the first build arrives in the background.
    let start = std::time::Instant::now();
    while !fragments(a.path()).contains("Mùa xuân") {
        assert!(start.elapsed() < Duration::from_secs(60), "no index");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(s, "GET /__bantin/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let (etx, erx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("event: ") {
                let _ = etx.send(n.to_string());
            }
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    // The first build's index may be announced after the events stream opened: only the
    // events of the edit count.
    while erx.try_recv().is_ok() {}
    let file = a.path().join("content/so-1/01-mua-xuan.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("Đoạn hai.", "Đoạn hai về hải đăng Cô Tô."),
    )
    .unwrap();
    let mut got = Vec::new();
    while got.last().map(String::as_str) != Some("search-index") {
        got.push(
            erx.recv_timeout(Duration::from_secs(60))
                .expect("a reload, then the index"),
        );
    }
    // The page reloads first; the index follows.
    assert_eq!(got.first().map(String::as_str), Some("reload"), "{got:?}");
    assert!(fragments(a.path()).contains("hải đăng Cô Tô"));
}

//! `bantin serve` driven as a user drives it: the real binary on a temporary archive,
//! fetched over HTTP, edited on disk, followed on the live-reload stream.
//!
//! Every wait is bounded and polls for the condition; no test relies on a fixed sleep.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

fn article(title: &str, day: u32, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2022-09-{day:02}T10:00:00+07:00\nsection: \"Tin tức\"\ntags: [\"khoa học\"]\nweight: {day}\n---\n{body}\n"
    )
}

/// A new archive (`bantin init`) with one bulletin of three articles.
fn make_archive(dir: &Path) -> PathBuf {
    let root = dir.join("arch");
    let st = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(["--quiet", "init"])
        .arg(&root)
        .status()
        .unwrap();
    assert!(st.success());
    let b = root.join("content/so-1");
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(
        b.join("_index.md"),
        "---\ntitle: \"Bản tin số 1\"\nissue: 1\ndate: 2022-09-15T08:00:00+07:00\n---\n",
    )
    .unwrap();
    for i in 1..=3 {
        std::fs::write(
            b.join(format!("0{i}-bai-{i}.md")),
            article(
                &format!("Bài {i}"),
                i,
                &format!("Nội dung gốc của bài {i}."),
            ),
        )
        .unwrap();
    }
    root
}

/// A running `bantin serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    stderr: Arc<Mutex<String>>,
    stdout: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_on(root, 0, extra)
    }

    fn start_on(root: &Path, port: u16, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", &port.to_string()])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = Arc::clone(&stderr);
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut e = err.lock().unwrap();
                e.push_str(&line);
                e.push('\n');
            }
        });
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        let stdout = Arc::new(Mutex::new(String::new()));
        let so = Arc::clone(&stdout);
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                {
                    let mut o = so.lock().unwrap();
                    o.push_str(&line);
                    o.push('\n');
                }
                if let Some(i) = line.find("http://") {
                    let addr = line[i + 7..].split('/').next().unwrap_or("").to_string();
                    let _ = tx.send(addr);
                }
            }
        });
        let addr = rx.recv_timeout(WAIT).expect("serve printed its address");
        Server {
            child,
            addr,
            stderr,
            stdout,
        }
    }

    fn get(&self, target: &str) -> Response {
        request(&self.addr, "GET", target)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Poll the terminal output until it contains `needle`.
    fn wait_stderr(&self, needle: &str) {
        let start = Instant::now();
        while !self.stderr().contains(needle) {
            assert!(
                start.elapsed() < WAIT,
                "no {needle:?} in:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Poll what serve printed until it contains `needle`.
    fn wait_stdout(&self, needle: &str) {
        let start = Instant::now();
        while !self.stdout.lock().unwrap().contains(needle) {
            assert!(
                start.elapsed() < WAIT,
                "no {needle:?} in:\n{}",
                self.stdout.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Poll `GET target` until `ok` holds.
    fn wait_page(&self, target: &str, ok: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(target);
            if ok(&r) {
                return r;
            }
            assert!(start.elapsed() < WAIT, "timed out on {target}: {}", r.body);
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: String,
    body: String,
}

fn request(addr: &str, method: &str, target: &str) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

/// The live-reload stream: `(event, data)` pairs.
fn events(addr: &str) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /__bantin/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    let (ready_tx, ready_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if line.starts_with(": bantin") {
                let _ = ready_tx.send(());
            } else if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                if tx.send((name.clone(), d.to_string())).is_err() {
                    return;
                }
            }
        }
    });
    ready_rx.recv_timeout(WAIT).expect("event stream opened");
    rx
}

fn next_event(server: &Server, rx: &Receiver<(String, String)>, name: &str) -> String {
    let start = Instant::now();
    while let Some(left) = WAIT.checked_sub(start.elapsed()) {
        match rx.recv_timeout(left) {
            Ok((n, d)) if n == name => return d,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!(
        "no `{name}` event within {WAIT:?}; serve said:\n{}",
        server.stderr()
    );
}

/// Events arriving within `window` (used only to check that no extra event follows one
/// already received).
fn drain(rx: &Receiver<(String, String)>, window: Duration) -> Vec<String> {
    let mut out = Vec::new();
    while let Ok((n, _)) = rx.recv_timeout(window) {
        // The search index follows a rebuild in the background: not a rebuild of its own.
        if n != "search-index" {
            out.push(n);
        }
    }
    out
}

#[test]
fn edit_reload_break_and_recover() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    let server = Server::start(&root, &["--no-ingest"]);
    let page = "/so-1/bai-2/";
    let r = server.get(page);
    assert_eq!(r.status, 200);
    assert!(r.headers.contains("content-type: text/html; charset=utf-8"));
    assert!(r.body.contains("Nội dung gốc của bài 2."));
    assert!(r.body.contains("/__bantin/events"), "live reload injected");
    let built =
        std::fs::read_to_string(root.join("target/bantin-serve/so-1/bai-2/index.html")).unwrap();
    assert!(!built.contains("__bantin"), "never in the written files");

    let ev = events(&server.addr);
    let file = root.join("content/so-1/02-bai-2.md");
    std::fs::write(&file, article("Bài 2", 2, "Nội dung mới tinh.")).unwrap();
    next_event(&server, &ev, "reload");
    let r = server.get(page);
    assert!(r.body.contains("Nội dung mới tinh."), "{}", r.body);

    // Break the front matter: the error is shown, the last good page stays.
    std::fs::write(&file, "---\ntitle: [không đóng\n---\nHỏng.\n").unwrap();
    let data = next_event(&server, &ev, "build-error");
    assert!(data.contains("content/so-1/02-bai-2.md"), "{data}");
    assert!(data.contains("\"line\":2"), "{data}");
    let r = server.get(page);
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Nội dung mới tinh."));
    assert!(r.body.contains("id=\"bantin-error\""), "error banner shown");
    assert!(
        r.body.contains("bản đúng gần nhất của trang"),
        "the banner speaks the site's language (vi)"
    );
    server.wait_stderr("02-bai-2.md:2");

    // Fix it: recovered, no banner.
    std::fs::write(&file, article("Bài 2 đã sửa", 2, "Nội dung sau khi sửa.")).unwrap();
    next_event(&server, &ev, "reload");
    let r = server.get(page);
    assert!(r.body.contains("Nội dung sau khi sửa."));
    assert!(!r.body.contains("id=\"bantin-error\""));
    // The neighbour links to it by its new title.
    let r = server.get("/so-1/bai-1/");
    assert!(r.body.contains("Bài 2 đã sửa"));
}

#[test]
fn config_changes_rebuild_everything_and_a_broken_config_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    let server = Server::start(&root, &["--no-ingest"]);
    let ev = events(&server.addr);
    let cfg = root.join("site.yaml");
    let good = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, "title: [hỏng\n").unwrap();
    let data = next_event(&server, &ev, "build-error");
    assert!(data.contains("site.yaml"), "{data}");
    assert_eq!(
        server.get("/so-1/bai-1/").status,
        200,
        "last good site served"
    );
    std::fs::write(
        &cfg,
        good.replace("title: \"Bản tin\"", "title: \"Kho lưu trữ mới\""),
    )
    .unwrap();
    next_event(&server, &ev, "reload");
    let r = server.get("/so-1/bai-1/");
    assert!(r.body.contains("Kho lưu trữ mới"), "{}", r.body);
    assert!(!r.body.contains("id=\"bantin-error\""));
}

#[test]
fn atomic_saves_and_bursts_give_one_rebuild_each() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    let server = Server::start(&root, &["--no-ingest"]);
    let ev = events(&server.addr);

    // An editor's atomic save: write a temporary file, rename it over the original.
    let target = root.join("content/so-1/01-bai-1.md");
    let tmp = root.join("content/so-1/.01-bai-1.md.swp");
    std::fs::write(&tmp, article("Bài 1", 1, "Lưu nguyên tử.")).unwrap();
    std::fs::rename(&tmp, &target).unwrap();
    next_event(&server, &ev, "reload");
    assert_eq!(drain(&ev, Duration::from_millis(600)), Vec::<String>::new());
    assert!(server.get("/so-1/bai-1/").body.contains("Lưu nguyên tử."));

    // A burst: many files created, changed and deleted at once.
    let b = root.join("content/so-2");
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(
        b.join("_index.md"),
        "---\ntitle: \"Số 2\"\ndate: 2022-10-01T08:00:00+07:00\n---\n",
    )
    .unwrap();
    for i in 1..=12 {
        std::fs::write(
            b.join(format!("{i:02}-moi-{i}.md")),
            article(&format!("Mới {i}"), i, "x"),
        )
        .unwrap();
    }
    std::fs::remove_file(root.join("content/so-1/03-bai-3.md")).unwrap();
    next_event(&server, &ev, "reload");
    assert_eq!(drain(&ev, Duration::from_millis(800)), Vec::<String>::new());
    assert_eq!(server.get("/so-2/moi-12/").status, 200);
    assert_eq!(server.get("/so-1/bai-3/").status, 404);
}

#[test]
fn http_basics() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    let server = Server::start(&root, &["--no-ingest"]);
    let r = server.get("/khong-co/");
    assert_eq!(r.status, 404);
    assert!(r.headers.contains("text/html; charset=utf-8"));
    let built404 = std::fs::read_to_string(root.join("target/bantin-serve/404.html")).unwrap();
    let title = built404
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(r.body.contains(title), "the site's own 404 page");

    let r = request(&server.addr, "HEAD", "/so-1/bai-1/");
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    assert!(r.headers.contains("content-length:"));

    let r = server.get("/so-1");
    assert_eq!(r.status, 301);
    assert!(r.headers.contains("location: /so-1/"));
    assert!(server
        .get("/style.css")
        .headers
        .contains("text/css; charset=utf-8"));
    assert!(server.get("/rss.xml").headers.contains("charset=utf-8"));
    assert_eq!(request(&server.addr, "POST", "/").status, 405);
}

#[test]
fn a_busy_port_moves_to_the_next_free_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    // Hold a port, then ask serve for it.
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    if port > u16::MAX - 20 {
        return;
    }
    let server = Server::start_on(&root, port, &["--no-ingest"]);
    assert_ne!(server.addr, format!("127.0.0.1:{port}"));
    assert_eq!(server.get("/").status, 200);
    server.wait_stderr(&format!("port {port} is busy"));
}

#[test]
fn nothing_outside_the_site_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    let secret = "BÍ-MẬT-KHÔNG-ĐƯỢC-LỘ";
    std::fs::write(root.join("secret.txt"), secret).unwrap();
    std::fs::write(dir.path().join("secret.txt"), secret).unwrap();
    let server = Server::start(&root, &["--no-ingest"]);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            root.join("secret.txt"),
            root.join("target/bantin-serve/link.txt"),
        )
        .unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("target/bantin-serve/updir")).unwrap();
    }
    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/so-1/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/so-1%2f..%2f..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%5csecret.txt",
        "/..%5C..%5Csecret.txt",
        "/..\\secret.txt",
        "/..\\..\\secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "http://evil/../secret.txt",
        "/link.txt",
        "/updir/secret.txt",
        "/updir/arch/secret.txt",
        "/.ingest-record.json",
        "/%00secret.txt",
    ] {
        let r = server.get(target);
        assert!(
            matches!(r.status, 400 | 403 | 404),
            "{target}: status {}",
            r.status
        );
        assert!(!r.body.contains(secret), "{target} leaked a file");
        assert!(!r.body.contains("root:"), "{target} leaked /etc/passwd");
    }
}

#[test]
fn seeds_are_ingested_and_followed() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    std::fs::write(
        root.join("seeds/ban-tin.txt"),
        "Tiêu đề hạt giống\nĐoạn đầu tiên.\n",
    )
    .unwrap();
    let server = Server::start(&root, &[]);
    let ev = events(&server.addr);
    let home = server.get("/");
    assert!(home.body.contains("Tiêu đề hạt giống"), "{}", home.body);
    std::fs::write(
        root.join("seeds/ban-tin.txt"),
        "Tiêu đề đã đổi\nĐoạn đầu tiên.\n",
    )
    .unwrap();
    next_event(&server, &ev, "reload");
    server.wait_page("/", |r| r.body.contains("Tiêu đề đã đổi"));
    server.wait_stdout("Ingested seeds/ban-tin.txt into content/");
    // A deleted seed: serve says what that means, and its articles stay.
    std::fs::remove_file(root.join("seeds/ban-tin.txt")).unwrap();
    server.wait_stdout("seeds/ban-tin.txt was deleted: the articles ingested from it stay");
    assert!(server.get("/").body.contains("Tiêu đề đã đổi"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    let mut server = Server::start(&root, &["--no-ingest"]);
    assert_eq!(server.get("/").status, 200);
    let st = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < WAIT, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn static_files_and_images_are_previewed_as_they_are_added() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/robots-extra.txt"), "một").unwrap();
    let server = Server::start(&root, &["--no-ingest"]);
    assert_eq!(server.get("/robots-extra.txt").body, "một");
    let ev = events(&server.addr);
    std::fs::write(root.join("content/so-1/anh.txt"), "ảnh").unwrap();
    next_event(&server, &ev, "reload");
    assert_eq!(server.get("/so-1/anh.txt").body, "ảnh");
    std::fs::write(root.join("static/logo.txt"), "hai").unwrap();
    next_event(&server, &ev, "reload");
    assert_eq!(server.get("/logo.txt").body, "hai");
    assert!(
        !root.join("public").exists(),
        "the preview never writes public/"
    );
}

#[test]
fn stalled_and_many_clients_never_block_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    // A large static file, for downloads that are never read.
    let big = "x".repeat(32 << 20);
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/big.txt"), &big).unwrap();
    let server = Server::start(&root, &["--no-ingest"]);
    let open = |req: &str| {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        s.write_all(req.as_bytes()).unwrap();
        s
    };
    let events_req = format!(
        "GET /__bantin/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.addr
    );
    // Stalled clients: event streams and page requests that are never read, and a
    // request that never finishes.
    let mut held: Vec<TcpStream> = (0..3).map(|_| open(&events_req)).collect();
    held.extend((0..3).map(|_| open("GET /so-1/bai-1/ HTTP/1.1\r\nHost: x\r\n\r\n")));
    // More stalled downloads than the old pool had workers: each holds a worker until its
    // write times out, and the others still answer.
    held.extend((0..6).map(|_| open("GET /big.txt HTTP/1.1\r\nHost: x\r\n\r\n")));
    std::thread::sleep(Duration::from_millis(300));
    held.push(open("GET /so-1/ HT"));
    // 100 more open live-reload connections.
    held.extend((0..100).map(|_| open(&events_req)));
    // A page that does read its stream.
    let ev = events(&server.addr);

    // 200 concurrent requests are all answered.
    let start = Instant::now();
    let workers: Vec<_> = (0..200)
        .map(|i| {
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                let target = ["/so-1/bai-1/", "/", "/rss.xml", "/khong-co/"][i % 4];
                request(&addr, "GET", target).status
            })
        })
        .collect();
    let statuses: Vec<u16> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    assert!(
        statuses.iter().all(|&s| s == 200 || s == 404),
        "{statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|&&s| s == 200).count(), 150);
    assert!(start.elapsed() < WAIT, "took {:?}", start.elapsed());

    // Rebuilds go on and the reading page is told to reload.
    std::fs::write(
        root.join("content/so-1/02-bai-2.md"),
        article("Bài 2", 2, "Vẫn chạy."),
    )
    .unwrap();
    next_event(&server, &ev, "reload");
    let r = server.get("/so-1/bai-2/");
    assert!(r.body.contains("Vẫn chạy."), "{}", r.body);
    drop(held);
}

/// A save that makes more pages stale than are rendered before the reload: the reload
/// says how many are left, a page asked for at once is already new, and the rest of the
/// preview folder catches up in the background.
#[test]
fn pages_left_for_later_are_fresh_when_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    let b = root.join("content/so-1");
    for i in 4..=90 {
        let body = format!("Bài số {i}.");
        std::fs::write(
            b.join(format!("{i:02}-bai-{i}.md")),
            article(&format!("Bài {i}"), 1 + i % 28, &body),
        )
        .unwrap();
    }
    let server = Server::start(&root, &["--no-ingest"]);
    let ev = events(&server.addr);
    let cfg = root.join("site.yaml");
    let good = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        good.replace("title: \"Bản tin\"", "title: \"Kho mới\""),
    )
    .unwrap();
    let data = next_event(&server, &ev, "reload");
    let v: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert!(
        v["pending"].as_u64().unwrap() > 0,
        "every page shows the title, more than are rendered first: {data}"
    );
    // Pages in article order: the last ones are rendered last.
    for i in (60..=90).rev() {
        let r = server.get(&format!("/so-1/bai-{i}/"));
        assert_eq!(r.status, 200);
        assert!(r.body.contains("Kho mới"), "bai-{i} is stale");
    }
    let written = root.join("target/bantin-serve/so-1/bai-4/index.html");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !std::fs::read_to_string(&written)
        .unwrap()
        .contains("Kho mới")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the background never caught up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A site with more pages than `serve` renders before it listens: every page asked for
/// at once is served (rendered first), a missing page gets the site's 404 page, and the
/// folder then catches up in the background to exactly what `bantin build` writes, the
/// files an earlier preview left removed.
#[test]
fn a_large_site_is_served_before_its_pages_are_rendered() {
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    let b = root.join("content/so-1");
    // Enough pages that the background cannot have reached the last ones when they are
    // asked for.
    for i in 4..=400 {
        std::fs::write(
            b.join(format!("{i:03}-bai-{i}.md")),
            article(&format!("Bài {i}"), 1 + i % 28, &format!("Bài số {i}.")),
        )
        .unwrap();
    }
    // The preview shows editorial flags; with them on, a build writes the same pages.
    let cfg = root.join("site.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("{text}\neditorial_flags: true\n")).unwrap();
    drop(Server::start(&root, &["--no-ingest"]));
    let preview = root.join("target/bantin-serve");
    let left = preview.join("so-9/old/index.html");
    std::fs::create_dir_all(left.parent().unwrap()).unwrap();
    std::fs::write(&left, "from an earlier preview").unwrap();
    std::fs::remove_file(preview.join("so-1/bai-400/index.html")).unwrap();

    let server = Server::start(&root, &["--no-ingest", "--start-eager", "0"]);
    server.wait_stdout("in the background");
    let r = server.get("/so-1/bai-400/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Bài số 400."), "{}", r.body);
    let r = server.get("/so-1/bai-399");
    assert_eq!(r.status, 301, "a folder without its slash is redirected");
    let r = server.get("/khong-co/");
    assert_eq!(r.status, 404);
    assert!(
        r.body.contains("<title>"),
        "the site's own 404 page: {}",
        r.body
    );

    let built = dir.path().join("built");
    let st = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .arg("--root")
        .arg(&root)
        .args(["--quiet", "build", "--no-ingest", "-o"])
        .arg(&built)
        .status()
        .unwrap();
    assert!(st.success());
    let files = |d: &Path| -> std::collections::BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(d)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let rel = e.path().strip_prefix(d).unwrap().display().to_string();
                Some((rel, std::fs::read(e.path()).ok()?))
            })
            .filter(|(rel, _)| !rel.starts_with(".bantin"))
            .collect()
    };
    let want = files(&built);
    // The pages, then the search index (made once no page is left to render).
    let deadline = Instant::now() + WAIT * 3;
    loop {
        let served = files(&preview);
        if served == want {
            break;
        }
        if Instant::now() > deadline {
            let differ: Vec<&String> = want
                .keys()
                .chain(served.keys())
                .filter(|k| served.get(*k) != want.get(*k))
                .take(5)
                .collect();
            panic!("the preview never matched the build: {differ:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!left.exists(), "what the earlier preview left is removed");
}

#[test]
fn feeds_and_the_sitemap_are_fresh_when_asked_for_right_after_a_reload() {
    // They are rendered after the reload, in the background; one asked for before its
    // turn is rendered then.
    let dir = tempfile::tempdir().unwrap();
    let root = make_archive(dir.path());
    let server = Server::start(&root, &["--no-ingest"]);
    assert!(!server.get("/rss.xml").body.contains("Bài mới nhất"));
    let ev = events(&server.addr);
    std::fs::write(
        root.join("content/so-1/04-bai-moi.md"),
        article("Bài mới nhất", 20, "Một bài mới."),
    )
    .unwrap();
    next_event(&server, &ev, "reload");
    assert!(server.get("/rss.xml").body.contains("Bài mới nhất"));
    assert!(server.get("/sitemap.xml").body.contains("/so-1/bai-moi/"));
    assert!(server
        .get("/the/khoa-hoc/rss.xml")
        .body
        .contains("Bài mới nhất"));
}

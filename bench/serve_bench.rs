//! Benchmark of the `serve` loop: time from saving an article to the reload event, and
//! how many pages each edit rewrites.
//!
//! ```sh
//! cargo build --release --bin bantin --example serve_bench
//! target/release/examples/serve_bench ARCHIVE [--edits 25] [--bin target/release/bantin] [--log FILE]
//! ```
//!
//! `ARCHIVE` is an archive (site.yaml + content/), for example one written by
//! `gen_archive --articles 10000`. The benchmark starts `bantin serve --no-ingest` on it,
//! listens on the live-reload stream, and saves articles the way editors do (write a
//! temporary file, rename it over the article). Each kind of edit is timed from the
//! rename to the `reload` event; the server's own rebuild time and the number of files
//! rendered and written come from the event's data. Edited files are restored at the end.
//! With `--log FILE`, serve runs with `--verbose` and its output (the time of each stage
//! of every rebuild) is copied to `FILE`.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

struct Args {
    archive: PathBuf,
    bin: PathBuf,
    edits: usize,
    /// Where to copy serve's `--verbose` output (its stage timings per rebuild).
    log: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut archive = None;
    let mut bin = PathBuf::from("target/release/bantin");
    let mut edits = 25;
    let mut log = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--bin" => bin = it.next().ok_or("--bin needs a path")?.into(),
            "--log" => log = Some(it.next().ok_or("--log needs a path")?.into()),
            "--edits" => {
                edits = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--edits needs a number")?
            }
            _ if archive.is_none() => archive = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    Ok(Args {
        archive: archive
            .ok_or("usage: serve_bench ARCHIVE [--edits N] [--bin PATH] [--log FILE]")?,
        bin,
        edits,
        log,
    })
}

fn articles(content: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in std::fs::read_dir(content).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(d.path()).into_iter().flatten().flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn events(addr: &str) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(addr).expect("connect to serve");
    write!(s, "GET /__bantin/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("send");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                let _ = tx.send((name.clone(), d.to_string()));
            }
        }
    });
    rx
}

/// GET `path` from the preview and read the whole answer.
fn fetch(addr: &str, path: &str) {
    use std::io::Read;
    let mut s = TcpStream::connect(addr).expect("connect to serve");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut body = Vec::new();
    let _ = s.read_to_end(&mut body);
    assert!(
        body.starts_with(b"HTTP/1.1 200"),
        "GET {path}: {}",
        String::from_utf8_lossy(&body[..body.len().min(80)])
    );
}

/// The URL path of an article file: `/<folder>/<file name without its order>/`.
fn page_of(path: &Path) -> String {
    let folder = path
        .parent()
        .and_then(|d| d.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let slug = stem.split_once('-').map_or(stem, |(_, s)| s);
    format!("/{folder}/{slug}/")
}

fn save_atomically(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("x")
    ));
    std::fs::write(&tmp, text).expect("write temp");
    std::fs::rename(&tmp, path).expect("rename");
}

struct Sample {
    ms: f64,
    /// From the save to the last byte of the page that shows the edit (rendered first
    /// when it was left for the background).
    page_ms: f64,
    server_ms: f64,
    rendered: u64,
    written: u64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn pct(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn field(data: &str, key: &str) -> f64 {
    serde_json::from_str::<serde_json::Value>(data)
        .ok()
        .and_then(|v| v[key].as_f64())
        .unwrap_or(f64::NAN)
}

fn run_kind(
    name: &str,
    addr: &str,
    files: &[PathBuf],
    originals: &mut Vec<(PathBuf, String)>,
    ev: &Receiver<(String, String)>,
    edits: usize,
    edit: impl Fn(&str, usize) -> String,
) -> Vec<Sample> {
    let mut out = Vec::new();
    for k in 0..edits {
        let path = &files[(k * 7919 + name.len() * 104_729) % files.len()];
        let text = std::fs::read_to_string(path).expect("read article");
        if !originals.iter().any(|(p, _)| p == path) {
            originals.push((path.clone(), text.clone()));
        }
        let new = edit(&text, k);
        while ev.try_recv().is_ok() {}
        let t0 = Instant::now();
        save_atomically(path, &new);
        let data = loop {
            match ev.recv_timeout(Duration::from_secs(120)) {
                Ok((n, d)) if n == "reload" => break d,
                Ok((n, d)) if n == "build-error" => panic!("{name} edit broke the build: {d}"),
                Ok(_) => {}
                Err(_) => panic!("no reload event for {}", path.display()),
            }
        };
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        fetch(addr, &page_of(path));
        let page_ms = t0.elapsed().as_secs_f64() * 1000.0;
        out.push(Sample {
            ms,
            page_ms,
            server_ms: field(&data, "ms"),
            rendered: field(&data, "rendered") as u64,
            written: field(&data, "written") as u64,
        });
        // Let the watcher settle so edits do not merge into one batch.
        std::thread::sleep(Duration::from_millis(50));
    }
    out
}

/// Time `edits` saves made by `act(k)` (any files: new, deleted, templates, config), each
/// from the save to the reload event.
fn run_action(
    name: &str,
    (addr, page): (&str, &dyn Fn(usize) -> String),
    ev: &Receiver<(String, String)>,
    edits: usize,
    mut act: impl FnMut(usize),
) -> Vec<Sample> {
    let mut out = Vec::new();
    for k in 0..edits {
        while ev.try_recv().is_ok() {}
        let t0 = Instant::now();
        act(k);
        let data = loop {
            match ev.recv_timeout(Duration::from_secs(120)) {
                Ok((n, d)) if n == "reload" => break d,
                Ok((n, d)) if n == "build-error" => panic!("{name} edit broke the build: {d}"),
                Ok(_) => {}
                Err(_) => panic!("no reload event for the {name} edit"),
            }
        };
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        fetch(addr, &page(k));
        out.push(Sample {
            ms,
            page_ms: t0.elapsed().as_secs_f64() * 1000.0,
            server_ms: field(&data, "ms"),
            rendered: field(&data, "rendered") as u64,
            written: field(&data, "written") as u64,
        });
        std::thread::sleep(Duration::from_millis(50));
    }
    out
}

fn replace_line(text: &str, key: &str, value: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with(&format!("{key}:")) {
                format!("{key}: {value}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let files = articles(&args.archive.join("content"));
    assert!(
        !files.is_empty(),
        "no articles under {}",
        args.archive.display()
    );
    // A fresh preview folder: start-up renders every page, and `settle` sees it grow.
    let _ = std::fs::remove_dir_all(args.archive.join("target/bantin-serve"));
    let started = Instant::now();
    let mut child: Child = Command::new(&args.bin)
        .arg("--root")
        .arg(&args.archive)
        .arg(if args.log.is_some() {
            "--verbose"
        } else {
            "--quiet"
        })
        .args(["serve", "--port", "0", "--no-ingest"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start bantin serve");
    let out = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(out).lines();
    let addr = loop {
        let line = lines
            .next()
            .and_then(Result::ok)
            .expect("serve printed its address");
        if let Some(i) = line.find("http://") {
            break line[i + 7..].split('/').next().unwrap_or("").to_string();
        }
    };
    let startup = started.elapsed();
    // The rest of serve's output: copied to the log, or read and dropped (a full pipe
    // would block serve).
    let log = args.log.clone();
    std::thread::spawn(move || {
        let mut file = log.map(|p| std::fs::File::create(p).expect("create the log"));
        for line in lines.map_while(Result::ok) {
            if let Some(f) = file.as_mut() {
                let _ = writeln!(f, "{line}");
            }
        }
    });
    let ev = events(&addr);
    // A large site is served before its pages are all rendered: edits are timed once the
    // preview folder stops changing (background pages, then the search index).
    let settled = settle(&args.archive.join("target/bantin-serve"), started);
    eprintln!("serve answered after {startup:.2?}; its folder settled after {settled:.2?}");
    std::thread::sleep(Duration::from_millis(300));
    let mut originals = Vec::new();
    let n = args.edits;
    let kinds: Vec<(&str, Vec<Sample>)> = vec![
        (
            "body (a paragraph added)",
            run_kind("body", &addr, &files, &mut originals, &ev, n, |t, k| {
                format!("{t}\nĐoạn chỉnh sửa số {k}: biên tập viên thêm một câu.\n")
            }),
        ),
        (
            "title (front matter)",
            run_kind("title", &addr, &files, &mut originals, &ev, n, |t, k| {
                replace_line(t, "title", &format!("\"Tiêu đề đã sửa {k}\""))
            }),
        ),
        (
            "tags (re-links the site)",
            run_kind("tags", &addr, &files, &mut originals, &ev, n, |t, k| {
                replace_line(t, "tags", &format!("[\"thẻ thử {k}\"]"))
            }),
        ),
        (
            "date",
            run_kind("date", &addr, &files, &mut originals, &ev, n, |t, k| {
                let day = 1 + k % 28;
                replace_line(t, "date", &format!("2021-03-{day:02}T09:00:00+07:00"))
            }),
        ),
        (
            "rubric",
            run_kind("rubric", &addr, &files, &mut originals, &ev, n, |t, k| {
                replace_line(t, "section", &format!("\"Chuyên mục thử {}\"", k % 3))
            }),
        ),
    ];
    let mut kinds = kinds;
    // New and deleted articles: files made next to an existing one, then removed.
    let folder = files[0].parent().expect("folder").to_path_buf();
    let template = std::fs::read_to_string(&files[0]).expect("read article");
    let new_file = |k: usize| folder.join(format!("99-bai-thu-{k}.md"));
    kinds.push((
        "new article",
        run_action("new", (&addr, &|k| page_of(&new_file(k))), &ev, n, |k| {
            let text = replace_line(&template, "title", &format!("\"Bài mới {k}\""));
            save_atomically(&new_file(k), &replace_line(&text, "weight", "99"));
        }),
    ));
    kinds.push((
        "deleted article",
        run_action("deleted", (&addr, &|_| "/".to_string()), &ev, n, |k| {
            std::fs::remove_file(new_file(k)).expect("remove the new article");
        }),
    ));
    // A template of the site overriding the theme's (only article pages use it).
    let templates = args.archive.join("templates");
    let had_templates = templates.exists();
    std::fs::create_dir_all(&templates).expect("templates/");
    let article_html = bantin::render::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == "templates/article.html")
        .map(|(_, t)| t.to_string())
        .expect("built-in article.html");
    kinds.push((
        "template (article.html)",
        run_action("template", (&addr, &|_| page_of(&files[0])), &ev, n, |k| {
            let text = article_html.replacen("<article", &format!("<!-- {k} --><article"), 1);
            save_atomically(&templates.join("article.html"), &text);
        }),
    ));
    let _ = std::fs::remove_file(templates.join("article.html"));
    let _ = ev.recv_timeout(Duration::from_secs(120));
    if !had_templates {
        let _ = std::fs::remove_dir(&templates);
    }
    // site.yaml: a new site title is on every page.
    let config = args.archive.join("site.yaml");
    let config_text = std::fs::read_to_string(&config).expect("read site.yaml");
    kinds.push((
        "site.yaml (title)",
        run_action(
            "site.yaml",
            (&addr, &|_| "/".to_string()),
            &ev,
            n.min(5),
            |k| {
                save_atomically(
                    &config,
                    &replace_line(&config_text, "title", &format!("\"Thử {k}\"")),
                );
            },
        ),
    ));
    save_atomically(&config, &config_text);
    let _ = ev.recv_timeout(Duration::from_secs(120));
    for (p, t) in &originals {
        save_atomically(p, t);
    }
    let _ = ev.recv_timeout(Duration::from_secs(120));
    let _ = child.kill();
    let _ = child.wait();

    println!(
        "Archive: {} ({} articles); serve start-up (full build) {:.1} s\n",
        args.archive.display(),
        files.len(),
        startup.as_secs_f64()
    );
    println!("| edit | edits | save→reload median | p90 | min | max | save→page fetched median | server rebuild median | files rendered before the reload (median) | files written (median) |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, s) in &kinds {
        let ms: Vec<f64> = s.iter().map(|x| x.ms).collect();
        println!(
            "| {name} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {} | {} |",
            s.len(),
            median(ms.clone()),
            pct(ms.clone(), 0.9),
            pct(ms.clone(), 0.0),
            pct(ms, 1.0),
            median(s.iter().map(|x| x.page_ms).collect()),
            median(s.iter().map(|x| x.server_ms).collect()),
            median(s.iter().map(|x| x.rendered as f64).collect()),
            median(s.iter().map(|x| x.written as f64).collect()),
        );
    }
}

/// Wait until the number of files under `dir` has not changed for a second (at most a
/// minute); returns the time since `started` when it last changed.
fn settle(dir: &std::path::Path, started: Instant) -> Duration {
    let count = || {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count()
    };
    let (mut last, mut changed) = (count(), started.elapsed());
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        let now = count();
        if now != last {
            (last, changed) = (now, started.elapsed());
        } else if started.elapsed() - changed > Duration::from_secs(1) {
            break;
        }
    }
    changed
}

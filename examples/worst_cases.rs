//! The pathological inputs of issue 12, built here and timed at growing sizes, so a cost
//! that grows faster than its input shows as a ratio well above 2 when the size doubles.
//!
//! `cargo run --release --example worst_cases [-- --quick]`
//!
//! Cases: a no-op ingest of N seeds (records read once), a table of contents of N entries
//! (converter), one article with N tags (build), YAML alias bombs, deep brackets and large
//! front matter (refused by limits, or parsed), and Markdown with N links (sanitised).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bantin::ingest::{collect_seeds, convert, ingest, IngestOptions, Vocabulary};

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// Print one row and return the time, for the ratio to the previous size.
fn row(case: &str, n: usize, bytes: usize, took: Duration, prev: &mut Option<(usize, f64)>) {
    let ratio = prev
        .map(|(pn, pt)| {
            format!(
                "×{:.2} for ×{:.1} input",
                secs(took) / pt.max(1e-9),
                n as f64 / pn as f64
            )
        })
        .unwrap_or_default();
    let mb = bytes as f64 / 1e6;
    let rate = if bytes > 0 {
        format!("{:8.1} MB/s", mb / secs(took).max(1e-9))
    } else {
        format!("{:8.0} /s ", n as f64 / secs(took).max(1e-9))
    };
    println!(
        "{case:<34} n={n:>7}  {:>9.3} s  {rate}  {ratio}",
        secs(took)
    );
    *prev = Some((n, secs(took)));
}

/// The fastest of three runs of `f` (cheap cases; the slowest run is noise).
fn best(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn opts(root: &Path) -> IngestOptions {
    IngestOptions {
        content_dir: root.join("content"),
        root: root.to_path_buf(),
        dry_run: false,
        force: false,
    }
}

fn noop_ingest(sizes: &[usize]) {
    let base = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds/002_555c92401963b7cb.txt"),
    )
    .expect("seed");
    let mut prev = None;
    for &n in sizes {
        let tmp = tempfile::tempdir().expect("tempdir");
        let seeds = tmp.path().join("seeds");
        std::fs::create_dir_all(&seeds).expect("mkdir");
        for i in 0..n {
            let mut b = base.clone();
            b.extend_from_slice(format!("\nBản sao số {i}.\n").as_bytes());
            std::fs::write(seeds.join(format!("{i:06}.txt")), b).expect("write");
        }
        let list = collect_seeds(&[seeds]).expect("seeds");
        let first = ingest(&list, &opts(tmp.path()));
        assert!(first.errors.is_empty());
        let start = Instant::now();
        let again = ingest(&list, &opts(tmp.path()));
        let took = start.elapsed();
        assert!(again.seeds.iter().all(|s| s.up_to_date));
        row("no-op ingest of N seeds", n, 0, took, &mut prev);
    }
}

fn toc(sizes: &[usize]) {
    let vocab = Vocabulary::builtin();
    let mut prev = None;
    for &n in sizes {
        let mut t = String::from("BẢN TIN KHOA HỌC VÀ PHÁT TRIỂN\nSố 03 năm 2022\nTrong số này:\n");
        for i in 0..n {
            t.push_str(&format!(
                "Bài viết số {i} về chuyển đổi số tỉnh {}\n",
                i % 97
            ));
        }
        for i in 0..n.min(200) {
            t.push_str(&format!(
                "Bài viết số {i} về chuyển đổi số tỉnh {}\nNội dung của bài {i}, một đoạn văn ngắn.\n",
                i % 97
            ));
        }
        let took = best(|| {
            let _ = convert(
                "seeds/toc.txt",
                Path::new("seeds/toc.txt"),
                t.as_bytes(),
                &vocab,
            );
        });
        row("table of contents, N entries", n, t.len(), took, &mut prev);
    }
}

fn tags(sizes: &[usize]) {
    let mut prev = None;
    for &n in sizes {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        std::fs::write(
            root.join("site.yaml"),
            "title: T\nbase_url: https://example.org/\nlanguage: vi\n",
        )
        .expect("config");
        let dir = root.join("content/so-1");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(
            dir.join("_index.md"),
            "---\ntitle: Số 1\ndate: 2022-03-01T08:00:00+07:00\n---\n",
        )
        .expect("index");
        let list: Vec<String> = (0..n).map(|i| format!("thẻ {i}")).collect();
        std::fs::write(
            dir.join("01-a.md"),
            format!("---\ntitle: A\ntags: [{}]\n---\n\nChữ.\n", list.join(", ")),
        )
        .expect("article");
        let project = bantin::Project::open(root).expect("project");
        let start = Instant::now();
        let opts = bantin::BuildOptions {
            ingest: false,
            ..Default::default()
        };
        bantin::build(&project, &opts).expect("build");
        let took = start.elapsed();
        let out: u64 = walkdir::WalkDir::new(root.join("public"))
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum();
        row("build, one article with N tags", n, 0, took, &mut prev);
        println!("{:<34}            output {:.2} MB", "", out as f64 / 1e6);
    }
}

fn yaml(sizes: &[usize]) {
    let mut prev = None;
    for &n in sizes {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..n {
            let p = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!("b{i}: &b{i} [*{p}, *{p}, *{p}, *{p}, *{p}]\n"));
        }
        let took = best(|| assert!(bantin::yaml::to_json_value(&bomb).is_err()));
        row("YAML alias bomb, N levels", n, bomb.len(), took, &mut prev);
    }
    let mut prev = None;
    for &n in sizes {
        let d = n * 100;
        let deep = format!("t: {}{}\n", "[".repeat(d), "]".repeat(d));
        let took = best(|| assert!(bantin::yaml::to_json_value(&deep).is_err()));
        row("YAML flow nesting, depth N", d, deep.len(), took, &mut prev);
    }
    let mut prev = None;
    for &n in sizes {
        let items = n * 20;
        let mut fm = String::from("title: Lớn\ntags:\n");
        for i in 0..items {
            fm.push_str(&format!("  - \"thẻ số {i}: 'trích'\"\n"));
        }
        fm.truncate(fm.len().min(bantin::yaml::MAX_BYTES - 64));
        let fm = &fm[..fm.rfind('\n').unwrap_or(0) + 1];
        let lines = fm.lines().count();
        let took = best(|| {
            let _ = bantin::yaml::to_json_value(fm);
        });
        row(
            "YAML block list, N lines (≤ limit)",
            lines,
            fm.len(),
            took,
            &mut prev,
        );
    }
}

fn markdown(sizes: &[usize]) {
    let hl = bantin::render::markdown::Highlighter::new();
    let mut prev = None;
    for &n in sizes {
        let mut md = String::new();
        for i in 0..n {
            md.push_str(&format!(
                "[a{i}](javascript:alert({i})) [b](&#106;avascript:x) [c](https://e.vn/{i}) ![i](data:text/html,{i})\n"
            ));
        }
        let took = best(|| {
            let r = bantin::render::markdown::render(&md, &hl);
            let _ = bantin::render::safe_url::unsafe_links(&md);
            assert!(!r.html.contains("javascript:"));
        });
        row(
            "Markdown, N lines of hostile links",
            n,
            md.len(),
            took,
            &mut prev,
        );
    }
    let mut prev = None;
    for &n in sizes {
        let line = "chữ ".repeat(n * 100);
        let took = best(|| {
            let _ = bantin::render::markdown::render(&line, &hl);
        });
        row(
            "Markdown, one line of N×100 words",
            n * 100,
            line.len(),
            took,
            &mut prev,
        );
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let scale = |v: &[usize]| -> Vec<usize> {
        if quick {
            v.iter().map(|n| (n / 4).max(1)).collect()
        } else {
            v.to_vec()
        }
    };
    println!(
        "bantin worst cases ({})",
        if quick { "quick" } else { "full" }
    );
    yaml(&[10, 20, 40]);
    markdown(&scale(&[20_000, 40_000, 80_000]));
    tags(&scale(&[2_500, 5_000, 10_000]));
    noop_ingest(&scale(&[1_000, 2_000, 4_000]));
    toc(&scale(&[2_000, 4_000, 8_000, 16_000]));
}

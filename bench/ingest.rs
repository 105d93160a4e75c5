//! Ingest throughput on a large generated input: `cargo bench --bench ingest`.
//!
//! Builds raw text from the shipped seeds (each copy's numbers varied so nothing is
//! cached by accident), converts 25, 50 and 100 MB as bulletins of realistic size and as
//! one single huge text, prints MB/s, and checks that time grows linearly with input.

use std::path::Path;
use std::time::Instant;

use bantin::ingest::{convert, Vocabulary};

const MB: usize = 1024 * 1024;

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed"))
        .collect()
}

/// Raw texts totalling at least `size` bytes: the seeds again and again, each copy's issue
/// number and dates changed.
fn corpus(seeds: &[String], size: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut total = 0;
    let mut n = 0usize;
    while total < size {
        for s in seeds {
            let copy = s
                .replace("số 03", &format!("số {:02}", n % 90 + 1))
                .replace("2022", &format!("{}", 2000 + n % 25));
            total += copy.len();
            out.push(copy);
            n += 1;
            if total >= size {
                break;
            }
        }
    }
    out
}

/// CPU time of this thread in seconds (Linux), so a busy shared machine does not skew
/// the figure; falls back to wall time elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn time_files(files: &[String], vocab: &Vocabulary) -> (f64, usize, usize) {
    let bytes: usize = files.iter().map(String::len).sum();
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    let mut articles = 0;
    for f in files {
        if let Ok(c) = convert("bench.txt", Path::new("bench.txt"), f.as_bytes(), vocab) {
            articles += c.articles.len();
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let secs = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    (secs, bytes, articles)
}

fn main() {
    let vocab = Vocabulary::builtin();
    let seeds = seeds();
    println!("ingest benchmark (one core; CPU time of the converting thread)");
    let mut per_mb = Vec::new();
    for size in [25 * MB, 50 * MB, 100 * MB] {
        let files = corpus(&seeds, size);
        let (secs, bytes, articles) = time_files(&files, &vocab);
        let mbs = bytes as f64 / MB as f64 / secs;
        println!(
            "  {:>3} MB in {:>5} files: {:>6.2} s, {:>6.1} MB/s, {} articles",
            bytes / MB,
            files.len(),
            secs,
            mbs,
            articles
        );
        per_mb.push(secs / (bytes as f64 / MB as f64));
    }
    let joined: Vec<String> = [25 * MB, 50 * MB, 100 * MB]
        .iter()
        .map(|&s| corpus(&seeds, s).join("\n"))
        .collect();
    for text in &joined {
        let (secs, bytes, articles) = time_files(std::slice::from_ref(text), &vocab);
        println!(
            "  {:>3} MB as one text: {:>6.2} s, {:>6.1} MB/s, {} articles",
            bytes / MB,
            secs,
            bytes as f64 / MB as f64 / secs,
            articles
        );
        per_mb.push(secs / (bytes as f64 / MB as f64));
    }
    // Calibration: the same bytes through std's UTF-8 validation alone, a lower bound on
    // any converter's work; shared or slow machines show in this figure too.
    let text = &joined[2];
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    let mut valid = 0;
    for _ in 0..10 {
        valid += usize::from(std::str::from_utf8(std::hint::black_box(text.as_bytes())).is_ok());
    }
    let secs = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => start.elapsed().as_secs_f64(),
    };
    println!(
        "  calibration: UTF-8 validation alone {:.0} MB/s ({valid} passes)",
        10.0 * text.len() as f64 / MB as f64 / secs
    );
    let (lo, hi) = per_mb
        .iter()
        .fold((f64::MAX, 0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    let linear = hi / lo < 1.6;
    println!(
        "  seconds per MB: {:.4} … {:.4} ({})",
        lo,
        hi,
        if linear { "linear" } else { "NOT linear" }
    );
    if !linear {
        std::process::exit(1);
    }
}

//! Profiling driver: `cargo run --release --example ingest_profile [MB] [joined]` converts
//! the seeds repeated up to MB megabytes (as in `bench/ingest.rs`), for `perf record`.
use std::path::Path;

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(25);
    let joined = std::env::args().nth(2).is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let seeds: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed"))
        .collect();
    let mut files = Vec::new();
    let (mut total, mut n) = (0, 0usize);
    while total < mb << 20 {
        for s in &seeds {
            let copy = s
                .replace("số 03", &format!("số {:02}", n % 90 + 1))
                .replace("2022", &format!("{}", 2000 + n % 25));
            total += copy.len();
            files.push(copy);
            n += 1;
        }
    }
    if joined {
        files = vec![files.join("\n")];
    }
    let vocab = bantin::ingest::Vocabulary::builtin();
    let cpu0 = cpu_seconds();
    let mut articles = 0;
    for f in &files {
        if let Ok(c) = bantin::ingest::convert("b.txt", Path::new("b.txt"), f.as_bytes(), &vocab) {
            articles += c.articles.len();
        }
    }
    let secs = cpu_seconds() - cpu0;
    println!(
        "{} MB, {articles} articles, {secs:.2} s CPU, {:.1} MB/s",
        total >> 20,
        (total >> 20) as f64 / secs
    );
}

/// CPU time of this thread in seconds (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, a)| a);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
}

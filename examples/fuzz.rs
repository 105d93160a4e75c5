//! Seeded mutation fuzzing of bantin's input surfaces (see `bantin::fuzzing`).
//!
//! `cargo run --release --example fuzz -- [--target NAME|all] [--inputs N] [--seconds S]
//!  [--seed X] [--findings DIR]`
//!
//! The corpus is read at run time from `seeds/`, `content/` and `../shared/corpus/raw/`
//! (never copied into the repository). Each target prints one line: inputs, panics,
//! invariant failures, inputs over 2 s, the slowest input, peak memory and speed.
//! Panicking, failing and slow inputs are written to the findings folder, to be kept as
//! regression tests. Exits non-zero when anything was found.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use bantin::fuzzing::{load_corpus, peak_rss, run, Target};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let targets: Vec<Target> = match arg(&args, "--target").as_deref() {
        None | Some("all") => Target::ALL.to_vec(),
        Some(name) => match Target::from_name(name) {
            Some(t) => vec![t],
            None => {
                eprintln!(
                    "unknown target {name}; one of: all, {}",
                    Target::ALL.map(|t| t.name()).join(", ")
                );
                std::process::exit(2);
            }
        },
    };
    let inputs: u64 = arg(&args, "--inputs")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let seconds: u64 = arg(&args, "--seconds")
        .and_then(|s| s.parse().ok())
        .unwrap_or(3600);
    let seed: u64 = arg(&args, "--seed")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6261_6e74_696e);
    let findings = PathBuf::from(
        arg(&args, "--findings").unwrap_or_else(|| "target/fuzz-findings".to_string()),
    );
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = load_corpus(&[
        root.join("seeds"),
        root.join("content"),
        root.join("../shared/corpus/raw"),
    ]);
    println!(
        "corpus: {} files, {} bytes; seed {seed}; at most {inputs} inputs or {seconds} s per target",
        corpus.len(),
        corpus.iter().map(Vec::len).sum::<usize>()
    );
    let per_target = Duration::from_secs(seconds) / targets.len() as u32;
    let mut found = 0;
    for t in targets {
        let start = Instant::now();
        let stats = match run(t, &corpus, seed, inputs, per_target, Duration::from_secs(2)) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{}: cannot start: {e}", t.name());
                std::process::exit(2);
            }
        };
        let took = start.elapsed();
        println!(
            "{:<13} inputs {:>9}  panics {}  failures {}  over 2 s {}  worst {:>8.3} ms ({} bytes)  peak RSS {:>5.0} MB  {:>7.0}/s",
            t.name(),
            stats.inputs,
            stats.panics,
            stats.failures,
            stats.slow,
            stats.worst.0.as_secs_f64() * 1e3,
            stats.worst.1,
            peak_rss() as f64 / 1e6,
            stats.inputs as f64 / took.as_secs_f64().max(1e-9),
        );
        for (i, (input, why)) in stats.findings.iter().enumerate() {
            let dir = findings.join(t.name());
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{i:02}.bin"));
            let _ = std::fs::write(&file, input);
            println!("  finding {}: {why}", file.display());
        }
        found += stats.panics + stats.failures + stats.slow;
    }
    if found > 0 {
        std::process::exit(1);
    }
}

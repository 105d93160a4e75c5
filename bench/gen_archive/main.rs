//! Generate a realistic bantin archive for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_archive -- --articles 10000 [--seed 42] \
//!     [--per-bulletin-min 10 --per-bulletin-max 40] [--seeds seeds/] [--force] DIR
//! ```
//!
//! Writes `DIR/site.yaml` and `DIR/content/`; the same arguments give byte-identical files.

mod archive;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

/// Write a synthetic bulletin archive (site.yaml + content/) built from the seed texts.
#[derive(Debug, Parser)]
#[command(name = "gen_archive")]
struct Args {
    /// Total number of articles.
    #[arg(long, default_value_t = 10_000)]
    articles: usize,
    /// Master seed of the generator; the same seed gives the same files.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Fewest articles per bulletin (the last bulletin may hold fewer).
    #[arg(long, default_value_t = 10)]
    per_bulletin_min: usize,
    /// Most articles per bulletin.
    #[arg(long, default_value_t = 40)]
    per_bulletin_max: usize,
    /// Folder of seed texts (*.txt) to take sentences from [default: the repository's seeds/].
    #[arg(long)]
    seeds: Option<PathBuf>,
    /// Site title written to site.yaml.
    #[arg(long, default_value = "Lưu trữ bản tin KH&CN")]
    title: String,
    /// base_url written to site.yaml.
    #[arg(long, default_value = "https://example.org")]
    base_url: String,
    /// Replace an existing DIR/content (without it, a non-empty DIR/content is an error).
    #[arg(long)]
    force: bool,
    /// Where to write the archive.
    dir: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.articles == 0 {
        eprintln!("gen_archive: --articles must be at least 1");
        return ExitCode::from(2);
    }
    if args.per_bulletin_min == 0 || args.per_bulletin_min > args.per_bulletin_max {
        eprintln!("gen_archive: need 1 <= --per-bulletin-min <= --per-bulletin-max");
        return ExitCode::from(2);
    }
    let seeds = args
        .seeds
        .clone()
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds"));
    let opts = archive::Options {
        articles: args.articles,
        seed: args.seed,
        per_bulletin_min: args.per_bulletin_min,
        per_bulletin_max: args.per_bulletin_max,
        seeds,
        title: args.title.clone(),
        base_url: args.base_url.clone(),
    };
    if args.force {
        let content = args.dir.join("content");
        if content.exists() {
            if let Err(e) = std::fs::remove_dir_all(&content) {
                eprintln!("gen_archive: cannot remove {}: {e}", content.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let started = Instant::now();
    match archive::generate(&opts, &args.dir) {
        Ok(s) => {
            let secs = started.elapsed().as_secs_f64();
            println!(
                "gen_archive: {} bulletins, {} articles, {} rubrics, {} tags used, \
                 {} articles with code; {} files, {:.1} MB in {:.2} s (seed {}) -> {}",
                s.bulletins,
                s.articles,
                s.sections,
                s.tags,
                s.code_articles,
                s.files,
                s.bytes as f64 / 1e6,
                secs,
                args.seed,
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_archive: {}: {e}", args.dir.display());
            ExitCode::FAILURE
        }
    }
}

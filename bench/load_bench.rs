//! Time `content::load` alone: wall and process CPU time per run, then medians.
//!
//! `cargo run --release --example load_bench -- DIR [RUNS]` where `DIR` holds `content/`
//! (for example an archive from `gen_archive`). Linux only for CPU time (`/proc/self/stat`).

use std::path::PathBuf;
use std::time::Instant;

/// User + system CPU time of this process so far, in milliseconds (clock ticks of 10 ms).
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(") ")?.1.split(' ').collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) * 10)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: load_bench DIR [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(7, |r| r.parse().expect("RUNS is a number"));
    let dir = root.join("content");
    let (mut walls, mut cpus) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let (t, c) = (Instant::now(), cpu_ms());
        let content = bantin::content::load(&dir).expect("content loads");
        let wall = t.elapsed().as_secs_f64() * 1000.0;
        let cpu = cpu_ms().zip(c).map_or(f64::NAN, |(b, a)| (b - a) as f64);
        let articles: usize = content.bulletins.iter().map(|b| b.articles.len()).sum();
        println!("run {run}: {articles} articles, load {wall:.1} ms wall, {cpu:.0} ms cpu");
        walls.push(wall);
        cpus.push(cpu);
    }
    println!(
        "median: load {:.1} ms wall, {:.0} ms cpu",
        median(&mut walls),
        median(&mut cpus)
    );
}

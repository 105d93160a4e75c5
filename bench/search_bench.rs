//! Time the search index alone (no page rendering beside it), wall and process CPU time
//! per run, then medians, and the index's size: `search::records` then
//! `search::index_files` (in parallel on rayon's threads, as `serve`'s indexer does), and
//! `search::site_index` (one article at a time on one thread, as `build` does beside
//! page rendering).
//!
//! `cargo run --release --example search_bench -- DIR [RUNS] [site]` where `DIR` is an
//! archive (for example one from `gen_archive`); `site` runs only `search::site_index`
//! (for a profiler). Linux only for CPU time (`/proc/self/stat`).

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
    let root = PathBuf::from(args.next().expect("usage: search_bench DIR [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(5, |r| r.parse().expect("RUNS is a number"));
    let project = bantin::project::Project::open(&root).expect("site.yaml loads");
    let site = bantin::build::load_site(&project, &mut Default::default()).expect("site loads");
    if args.next().as_deref() == Some("site") {
        // Only what the build runs (for a profiler).
        for _ in 0..runs {
            let (t, c) = (Instant::now(), cpu_ms());
            let files = bantin::search::site_index(&site).unwrap();
            let c1 = cpu_ms();
            println!(
                "site_index: {:.0} ms wall {} ms cpu, {} files",
                t.elapsed().as_secs_f64() * 1000.0,
                c1.zip(c).map_or(-1, |(b, a)| (b - a) as i64),
                files.len()
            );
        }
        return;
    }
    let mut rows: [Vec<f64>; 6] = Default::default();
    for run in 0..runs {
        let (t, c) = (Instant::now(), cpu_ms());
        let records = bantin::search::records(&site);
        let (t1, c1) = (Instant::now(), cpu_ms());
        let files = bantin::search::index_files(&records, &site.config.language).unwrap();
        let (t2, c2) = (Instant::now(), cpu_ms());
        let serial = bantin::search::site_index(&site).unwrap();
        let (t3, c3) = (Instant::now(), cpu_ms());
        assert!(serial == files, "site_index and index_files differ");
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
        let cpu =
            |a: Option<u64>, b: Option<u64>| a.zip(b).map_or(f64::NAN, |(a, b)| (b - a) as f64);
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        println!(
            "run {run}: {} articles; records {:.0} ms wall {:.0} ms cpu; index {:.0} ms wall {:.0} ms cpu; site_index (1 thread) {:.0} ms wall {:.0} ms cpu; {} files, {} bytes",
            records.len(),
            ms(t, t1),
            cpu(c, c1),
            ms(t1, t2),
            cpu(c1, c2),
            ms(t2, t3),
            cpu(c2, c3),
            files.len(),
            bytes
        );
        for (row, v) in rows.iter_mut().zip([
            ms(t, t1),
            cpu(c, c1),
            ms(t1, t2),
            cpu(c1, c2),
            ms(t2, t3),
            cpu(c2, c3),
        ]) {
            row.push(v);
        }
    }
    let [a, b, c, d, e, f] = &mut rows;
    println!(
        "median: records {:.0} ms wall {:.0} ms cpu; index {:.0} ms wall {:.0} ms cpu; site_index {:.0} ms wall {:.0} ms cpu",
        median(a),
        median(b),
        median(c),
        median(d),
        median(e),
        median(f)
    );
}

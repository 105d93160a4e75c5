//! One kind of edit, repeated in-process, with the time of each stage of the engine: the
//! loop `serve` runs after a save, without the watcher, the socket or the browser, so a
//! profiler sees only the rebuild.
//!
//! ```sh
//! cargo build --release --example edit_profile
//! target/release/examples/edit_profile ARCHIVE [tags|date|rubric|new|deleted|body|title] [--edits 40]
//! ```
//!
//! `ARCHIVE` is an archive (site.yaml + content/), for example one written by
//! `gen_archive --articles 10000`. It is opened as `serve` opens it (its preview folder
//! beside it), every page rendered, then the same article is edited back and
//! forth `--edits` times. Each rebuild renders what `serve` renders before the reload,
//! then the rest (outside the timing, as `serve` does between changes). The edited file
//! is restored at the end.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bantin::engine::ChangeSet;
use bantin::project::Project;
use bantin::serve::{SiteState, EAGER};

fn articles(content: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    out.sort();
    out
}

/// The text of `original` after edit number `n` of `kind` (odd and even edits differ, so
/// every edit changes something).
fn edited(kind: &str, original: &str, n: usize) -> String {
    let flip = n.is_multiple_of(2);
    match kind {
        "tags" if flip => original.replacen("tags: [", "tags: [\"thẻ thử\", ", 1),
        "date" if flip => original.replacen("date: 20", "date: 19", 1),
        "rubric" if flip => original.replacen("section: \"", "section: \"Mục thử ", 1),
        "title" if flip => original.replacen("title: \"", "title: \"Sửa ", 1),
        "body" if flip => format!("{original}\nMột đoạn thêm.\n"),
        _ => original.to_string(),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let archive = PathBuf::from(
        args.next()
            .expect("usage: edit_profile ARCHIVE [KIND] [--edits N]"),
    );
    let kind = args.next().unwrap_or_else(|| "tags".into());
    let mut edits = 40;
    while let Some(a) = args.next() {
        if a == "--edits" {
            edits = args.next().and_then(|n| n.parse().ok()).expect("--edits N");
        }
    }
    let project = Project::open(&archive).expect("open the archive");
    // Beside the archive (on the same file system: a tmpfs archive is previewed on tmpfs).
    let out = archive
        .canonicalize()
        .expect("the archive's folder")
        .with_file_name(format!(".bantin-edit-profile-{}", std::process::id()));
    let t = Instant::now();
    let (mut state, _) = SiteState::open(project, out.clone()).expect("first render");
    eprintln!("opened and rendered in {:.2?}", t.elapsed());
    let all = articles(&archive.join("content"));
    let target = all[all.len() / 2].clone();
    let original = std::fs::read_to_string(&target).expect("read the article");
    let extra = target.with_file_name("99-bai-moi-thu.md");
    let mut totals = Vec::new();
    let mut stages: BTreeMap<&'static str, Vec<Duration>> = BTreeMap::new();
    for n in 0..edits {
        let mut cs = ChangeSet::default();
        let path = match kind.as_str() {
            "new" | "deleted" => {
                // `new` times adding the file, `deleted` removing it; the other half of
                // each pair is not counted.
                if n % 2 == 0 {
                    std::fs::write(&extra, &original).expect("write the new article");
                } else {
                    std::fs::remove_file(&extra).expect("remove the new article");
                }
                extra.clone()
            }
            _ => {
                std::fs::write(&target, edited(&kind, &original, n)).expect("save");
                target.clone()
            }
        };
        cs.add(&archive, &out, &path);
        let t = Instant::now();
        let o = state.apply_with(&mut cs, EAGER).expect("rebuild");
        let took = t.elapsed();
        let counted = match kind.as_str() {
            "new" => n % 2 == 0,
            "deleted" => n % 2 == 1,
            _ => true,
        };
        // The first edits warm up caches; they are not counted.
        if counted && n >= 4 {
            if std::env::var_os("EDIT_PROFILE_VERBOSE").is_some() {
                eprintln!(
                    "{took:.1?}: {} rendered, {} written, {} removed, {} pending",
                    o.rendered, o.written, o.removed, o.pending
                );
            }
            totals.push(took);
            for (name, d) in o.stages {
                stages.entry(name).or_default().push(d);
            }
        }
        while state.render_some(256).expect("render the rest") > 0 {}
    }
    std::fs::write(&target, &original).expect("restore");
    let _ = std::fs::remove_file(&extra);
    let _ = std::fs::remove_dir_all(&out);
    println!(
        "{kind}: {} edits, median {:.1?}",
        totals.len(),
        median(totals)
    );
    for (name, v) in stages {
        println!("  {name}: {:.2?}", median(v));
    }
}

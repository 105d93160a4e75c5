//! A build killed at any moment leaves the output folder as the complete previous site or
//! the complete new one, never a mix (run by `.ci/run`: `cargo test --test crash_safety
//! -- --ignored`).
//!
//! Over a generated archive, builds that change every page (a new site title) and remove
//! an article are started and `kill -9`ed after a random delay, many times; after each
//! kill the output must be byte for byte one of the two reference sites, with the files
//! bantin did not write (`CNAME`) still there.

#[path = "../bench/gen_archive/archive.rs"]
mod archive;

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

type Tree = BTreeMap<String, Vec<u8>>;

fn differences(a: &Tree, b: &Tree) -> usize {
    a.iter().filter(|(k, v)| b.get(*k) != Some(v)).count()
        + b.keys().filter(|k| !a.contains_key(*k)).count()
}

fn bantin(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bantin"));
    c.arg("--root")
        .arg(root)
        .args(["--quiet", "build", "--no-ingest"]);
    c
}

/// Put the sources in state A (`new == false`) or B (new title, one article fewer).
fn set_state(root: &Path, config_a: &str, article: &(PathBuf, Vec<u8>), new: bool) {
    if new {
        let cfg: String = config_a
            .lines()
            .map(|l| {
                if l.starts_with("title:") {
                    "title: \"Phiên bản mới\"\n".to_string()
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(root.join("site.yaml"), cfg).unwrap();
        let _ = std::fs::remove_file(&article.0);
    } else {
        std::fs::write(root.join("site.yaml"), config_a).unwrap();
        std::fs::write(&article.0, &article.1).unwrap();
    }
}

#[test]
#[ignore = "slow: kills many builds; run by .ci/run"]
fn a_killed_build_leaves_the_old_site_or_the_new_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("arch");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let articles = std::env::var("BANTIN_KILL_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    archive::generate(&archive::Options::new(articles, seeds), &root).unwrap();
    let config_a = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let article = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .unwrap();
    let article = (article.clone(), std::fs::read(&article).unwrap());
    let public = root.join("public");

    // The two reference sites, built to completion into the real output folder.
    set_state(&root, &config_a, &article, false);
    assert!(bantin(&root).status().unwrap().success());
    std::fs::write(public.join("CNAME"), "ban-tin.example.org\n").unwrap();
    let site_a = common::files_under(&public);
    set_state(&root, &config_a, &article, true);
    let t = Instant::now();
    assert!(bantin(&root).status().unwrap().success());
    let full = t.elapsed();
    let site_b = common::files_under(&public);
    assert!(
        differences(&site_a, &site_b) > articles / 2,
        "B changes most files"
    );

    let trials: u64 = std::env::var("BANTIN_KILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let mut rng = archive::SplitMix64::new(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    );
    let (mut stayed_old, mut became_new, mut finished) = (0, 0, 0);
    let mut is_new = true;
    let budget = Instant::now();
    for trial in 0..trials {
        if budget.elapsed() > Duration::from_secs(90) {
            eprintln!("time budget reached after {trial} trials");
            break;
        }
        // Ask for the other site than the one in the output.
        set_state(&root, &config_a, &article, !is_new);
        // Mostly around the end of the build (where the swap is), some early ones.
        let f = if rng.chance(0.25) {
            rng.unit() * 0.5
        } else {
            0.5 + rng.unit() * 1.5
        };
        let delay = full.mul_f64(f);
        let mut child = bantin(&root).spawn().unwrap();
        std::thread::sleep(delay);
        if child.try_wait().ok().flatten().is_some() {
            finished += 1;
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = common::files_under(&public);
        let (old, new) = if is_new {
            (&site_b, &site_a)
        } else {
            (&site_a, &site_b)
        };
        if &now == old {
            stayed_old += 1;
        } else if &now == new {
            became_new += 1;
            is_new = !is_new;
        } else {
            panic!(
                "trial {trial} (killed after {delay:?}): the output is neither site \
                 ({} files differ from the old, {} from the new)",
                differences(&now, old),
                differences(&now, new)
            );
        }
    }
    eprintln!(
        "{} trials: {stayed_old} left the previous site, {became_new} the new one \
         ({finished} finished before the kill; full build {full:?})",
        stayed_old + became_new
    );
    // A complete build after all that cleans up whatever a killed build left.
    set_state(&root, &config_a, &article, false);
    assert!(bantin(&root).status().unwrap().success());
    assert_eq!(common::files_under(&public), site_a);
    let leftovers: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("bantin-"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

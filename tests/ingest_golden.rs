//! Golden tests: each seed's planned content files must equal the committed fixtures.
//!
//! Regenerate with `BANTIN_BLESS=1 cargo test --test ingest_golden`, then check every
//! changed file by hand against the raw text before committing it.

use std::path::{Path, PathBuf};

use bantin::ingest::store::planned_files;
use bantin::ingest::{convert, Vocabulary};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

fn render(seed: &Path) -> Vec<(String, String)> {
    let bytes = std::fs::read(seed).unwrap();
    let label = format!("seeds/{}", seed.file_name().unwrap().to_string_lossy());
    let converted = convert(&label, seed, &bytes, &Vocabulary::builtin()).unwrap();
    let mut files = planned_files(&converted).unwrap();
    let mut report = String::new();
    for w in &converted.warnings {
        let mut w = w.clone();
        w.path = PathBuf::from(&label);
        report.push_str(&w.to_string());
        report.push('\n');
    }
    files.push(("warnings.txt".to_string(), report));
    files
}

#[test]
fn seeds_match_their_golden_files() {
    let bless = std::env::var_os("BANTIN_BLESS").is_some();
    let mut failures = Vec::new();
    for seed in seeds() {
        let stem = seed.file_stem().unwrap().to_string_lossy().to_string();
        let dir = root().join("tests/fixtures/ingest").join(&stem);
        let files = render(&seed);
        if bless {
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            for (name, text) in &files {
                std::fs::write(dir.join(name), text).unwrap();
            }
            continue;
        }
        let mut expected: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("no golden files for {stem}; run with BANTIN_BLESS=1"))
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        expected.sort();
        let mut got: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
        got.sort();
        if expected != got {
            failures.push(format!(
                "{stem}: files differ\n  expected {expected:?}\n  got      {got:?}"
            ));
            continue;
        }
        for (name, text) in &files {
            let want = std::fs::read_to_string(dir.join(name)).unwrap();
            if &want != text {
                let line = want
                    .lines()
                    .zip(text.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                failures.push(format!(
                    "{stem}/{name}: differs from line {}\n  expected: {:?}\n  got:      {:?}",
                    line + 1,
                    want.lines().nth(line),
                    text.lines().nth(line)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(run with BANTIN_BLESS=1 to regenerate)",
        failures.join("\n")
    );
}

#[test]
fn conversion_is_deterministic() {
    for seed in seeds() {
        assert_eq!(render(&seed), render(&seed));
    }
}

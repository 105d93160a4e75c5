//! Snapshot of a whole small site: every output file is compared with the committed copy in
//! `tests/fixtures/site/`. After an intended change, regenerate with
//! `BANTIN_BLESS=1 cargo test --test snapshots` and review the diff before committing.

mod common;

use std::path::Path;

#[test]
fn small_site_matches_its_snapshot() {
    let a = common::small_archive();
    a.ok(&["build"]);
    let mut got = a.tree("public");
    // The manifest is bookkeeping (paths and hashes of the files compared here).
    assert!(got.remove(bantin::output::MANIFEST).is_some());
    // The search index is checked by tests/search.rs.
    got.retain(|rel, _| !rel.starts_with("search-index/"));
    // The theme's static files are copied as they are: compared with the theme itself
    // rather than with a second copy kept here.
    for (path, text) in bantin::render::DEFAULT_THEME {
        if let Some(name) = path.strip_prefix("static/") {
            let published = got
                .remove(name)
                .unwrap_or_else(|| panic!("{name} not published"));
            assert_eq!(published, text.as_bytes(), "{name} is not the theme's");
        }
    }
    let dir = common::repo().join("tests/fixtures/site");
    if std::env::var_os("BANTIN_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        for (rel, bytes) in &got {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        return;
    }
    let want = common::files_under(&dir);
    assert!(
        !want.is_empty(),
        "no snapshot in {}: run with BANTIN_BLESS=1",
        dir.display()
    );
    let names =
        |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "the site's file list changed");
    for (rel, bytes) in &got {
        if bytes != &want[rel] {
            let show = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            let first = show(bytes)
                .lines()
                .zip(show(&want[rel]).lines())
                .position(|(a, b)| a != b);
            panic!(
                "{} differs from its snapshot (first differing line {:?}); rerun with BANTIN_BLESS=1 if intended",
                Path::new(rel).display(),
                first.map(|l| l + 1)
            );
        }
    }
}

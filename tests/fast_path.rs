//! The engine gives the same files in both of its modes: `bantin build`'s (lean
//! preparation: article bodies left in their files and read when their page renders, article
//! HTML computed when a page needs it, nothing kept, pages streamed to the staged folder) and the preview's (every article's HTML and card prepared and kept,
//! every job's fingerprint recorded, files written in place), on a generated archive with
//! code blocks, long lists and pagination.

#[path = "../bench/gen_archive/archive.rs"]
mod archive;

use std::collections::BTreeMap;
use std::path::Path;

use bantin::{BuildOptions, Project};

fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name() != bantin::output::MANIFEST)
        .map(|e| {
            (
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn build_engine_equals_preview_engine() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut opts = archive::Options::new(600, seeds);
    opts.seed = 7;
    archive::generate(&opts, dir.path()).unwrap();
    let mut project = Project::open(dir.path()).unwrap();
    project.config.paginate_by = 7;

    // Fast path: what `bantin build` does.
    let report = bantin::build(
        &project,
        &BuildOptions {
            ingest: false,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(report.articles == 600 && report.files > 600);
    let fast = tree(&dir.path().join("public"));

    // The preview's engine: everything prepared and kept.
    let preview = dir.path().join("preview");
    let (state, _) = bantin::serve::SiteState::open(project.clone(), preview.clone()).unwrap();
    let mut slow = tree(&preview);
    // The search index, built on its own thread by `build`, alone here (the preview
    // builds it in the background).
    slow.extend(bantin::search::site_index(state.site()).unwrap());

    assert_eq!(fast.len(), slow.len(), "same files");
    for (path, bytes) in &slow {
        assert!(
            fast.get(path) == Some(bytes),
            "{path} differs between the two paths"
        );
    }
}

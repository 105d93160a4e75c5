//! The fast build path (lean preparation, pages streamed to disk in parallel) gives exactly
//! the files of the straightforward one (everything prepared, rendered into memory, sorted,
//! then written), on a generated archive with code blocks, long lists and pagination.

#[path = "../bench/gen_archive/archive.rs"]
mod archive;

use std::collections::BTreeMap;
use std::path::Path;

use bantin::render::Renderer;
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
fn streamed_lean_build_equals_in_memory_render() {
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

    // Straightforward path: full preparation, every page in memory, then written.
    let mut timings = Default::default();
    let site = bantin::build::load_site(&project, &mut timings).unwrap();
    let rendered = Renderer::new(&project).unwrap().render(&site).unwrap();
    let mut slow: BTreeMap<String, Vec<u8>> = rendered.files.into_iter().collect();
    // The search index, built on its own thread by `build`, alone here.
    slow.extend(bantin::search::site_index(&site).unwrap());

    assert_eq!(fast.len(), slow.len(), "same files");
    for (path, bytes) in &slow {
        assert!(
            fast.get(path) == Some(bytes),
            "{path} differs between the two paths"
        );
    }
}

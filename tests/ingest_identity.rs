//! One source, one bulletin: renaming or moving a seed, naming it by another path, losing
//! the record, or a killed ingest never makes a second bulletin; a changed title in a seed
//! updates the article in place (or, when edited, leaves it alone and writes nothing
//! beside it).

use std::path::{Path, PathBuf};

use bantin::ingest::store::RECORD_FILE;
use bantin::ingest::{collect_seeds, ingest, FileAction, IngestOptions, IngestReport};

fn copy_project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for e in std::fs::read_dir(src).unwrap().flatten() {
        std::fs::copy(e.path(), seeds.join(e.file_name())).unwrap();
    }
    tmp
}

fn opts(root: &Path) -> IngestOptions {
    IngestOptions {
        content_dir: root.join("content"),
        root: root.to_path_buf(),
        dry_run: false,
        force: false,
    }
}

fn run(root: &Path) -> IngestReport {
    let seeds = collect_seeds(&[root.join("seeds")]).unwrap();
    let r = ingest(&seeds, &opts(root));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r
}

/// Bulletin folders and the number of article files in all of them.
fn census(root: &Path) -> (usize, usize) {
    let mut folders = 0;
    let mut articles = 0;
    for d in std::fs::read_dir(root.join("content")).unwrap().flatten() {
        if !d.path().is_dir() {
            continue;
        }
        folders += 1;
        articles += std::fs::read_dir(d.path())
            .unwrap()
            .flatten()
            .filter(|f| {
                let n = f.file_name().to_string_lossy().into_owned();
                n.ends_with(".md") && n != "_index.md"
            })
            .count();
    }
    (folders, articles)
}

#[test]
fn renaming_moving_or_another_path_for_a_seed_keeps_one_bulletin() {
    let tmp = copy_project();
    let root = tmp.path();
    run(root);
    let before = census(root);
    assert_eq!(before, (5, 18));
    // Rename one seed, move another into a subfolder given by an odd path.
    let seeds = root.join("seeds");
    std::fs::rename(
        seeds.join("001_9ffd0f1e5c9d04f7.txt"),
        seeds.join("ban-tin-moi-ten.txt"),
    )
    .unwrap();
    let r = run(root);
    assert_eq!(census(root), before, "renamed seed made a duplicate");
    assert!(r
        .seeds
        .iter()
        .flat_map(|s| &s.files)
        .all(|f| f.action != FileAction::Created));
    std::fs::create_dir_all(root.join("other")).unwrap();
    std::fs::rename(
        seeds.join("002_555c92401963b7cb.txt"),
        root.join("other/moved.txt"),
    )
    .unwrap();
    let odd = root.join("other/../other/./moved.txt");
    let r = ingest(&[odd], &opts(root));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(census(root), before, "moved seed made a duplicate");
    // The same seed by absolute and by relative-looking path is one seed.
    let abs = std::fs::canonicalize(root.join("seeds/003_fb7fe09d662ba2fe.txt")).unwrap();
    let r = ingest(&[abs], &opts(root));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(r.seeds[0].up_to_date, "same seed, already ingested");
    assert_eq!(census(root), before);
}

#[test]
fn a_lost_record_or_a_killed_ingest_makes_no_second_bulletin() {
    let tmp = copy_project();
    let root = tmp.path();
    run(root);
    let before = census(root);
    // Every record lost.
    for d in std::fs::read_dir(root.join("content")).unwrap().flatten() {
        let _ = std::fs::remove_file(d.path().join(RECORD_FILE));
    }
    run(root);
    assert_eq!(census(root), before, "lost records made duplicates");
    // A killed ingest: some files written, the record not yet.
    let folder = run(root).seeds[0].folder.clone();
    std::fs::remove_file(folder.join(RECORD_FILE)).unwrap();
    let last = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .max()
        .unwrap();
    std::fs::remove_file(&last).unwrap();
    // Killed before even `_index.md` was written.
    std::fs::remove_file(folder.join("_index.md")).unwrap();
    let r = run(root);
    assert_eq!(census(root), before, "killed ingest made a duplicate");
    assert_eq!(r.seeds[0].folder, folder);
    assert!(last.is_file(), "the missing file is written again");
    assert!(folder.join("_index.md").is_file());
    // And the record is back: the next run is a no-op.
    assert!(run(root).seeds.iter().all(|s| s.up_to_date));
}

/// The first article of `folder` whose title appears verbatim in `seed`: (file, title).
fn article_with_title_in_seed(folder: &Path, seed: &str) -> (PathBuf, String) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md") && p.file_name().unwrap() != "_index.md"
        })
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let a = bantin::content::parse_article(&f, &text).unwrap();
        if a.meta.title.len() > 12 && seed.matches(a.meta.title.as_str()).count() == 1 {
            return (f, a.meta.title);
        }
    }
    panic!("no article title found verbatim in the seed");
}

#[test]
fn a_changed_title_updates_the_article_in_place_or_leaves_an_edited_one_alone() {
    let tmp = copy_project();
    let root = tmp.path();
    let first = run(root);
    let before = census(root);
    let seed_path = root.join("seeds/000_776530cc828cd125.txt");
    let seed = std::fs::read_to_string(&seed_path).unwrap();
    let folder = first
        .seeds
        .iter()
        .find(|s| s.seed.ends_with("000_776530cc828cd125.txt"))
        .unwrap()
        .folder
        .clone();
    let (file, title) = article_with_title_in_seed(&folder, &seed);
    let seed = seed.replace(&title, "Tiêu đề hoàn toàn mới của bài");
    std::fs::write(&seed_path, &seed).unwrap();
    run(root);
    assert_eq!(census(root), before, "a second article beside the first");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Tiêu đề hoàn toàn mới của bài"), "{text}");

    // Now the editor edits that article, and the seed's title changes again.
    std::fs::write(
        &file,
        text.replace("\n---\n", "\n---\n\nGhi chú của biên tập viên.\n"),
    )
    .unwrap();
    let edited = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &seed_path,
        seed.replace("Tiêu đề hoàn toàn mới của bài", "Lại một tiêu đề khác"),
    )
    .unwrap();
    let r = run(root);
    assert_eq!(
        census(root),
        before,
        "a second article beside the edited one"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    assert!(r
        .seeds
        .iter()
        .flat_map(|s| &s.files)
        .any(|f| f.path == file && f.action == FileAction::KeptEdited));
}

#[test]
fn a_run_interrupted_after_writing_files_does_not_mistake_them_for_edits() {
    let tmp = copy_project();
    let root = tmp.path();
    let first = run(root);
    let before = census(root);
    let seed_path = root.join("seeds/000_776530cc828cd125.txt");
    let folder = first
        .seeds
        .iter()
        .find(|s| s.seed.ends_with("000_776530cc828cd125.txt"))
        .unwrap()
        .folder
        .clone();
    let seed = std::fs::read_to_string(&seed_path).unwrap();
    let (file, title) = article_with_title_in_seed(&folder, &seed);
    std::fs::write(
        &seed_path,
        seed.replace(&title, "Tiêu đề sau khi gián đoạn"),
    )
    .unwrap();
    // The record cannot be written (its temporary file is blocked): the run stops after
    // the files, as a kill would.
    let blocker = folder.join(format!(".{RECORD_FILE}.{}.tmp", std::process::id()));
    std::fs::create_dir_all(&blocker).unwrap();
    let seeds = collect_seeds(&[root.join("seeds")]).unwrap();
    let r = ingest(&seeds, &opts(root));
    assert_eq!(r.errors.len(), 1, "the record write fails");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("Tiêu đề sau khi gián đoạn"));
    std::fs::remove_dir(&blocker).unwrap();
    // The seed changes again before the next run, which recognises ingest's own files
    // (not the editor's) and updates them.
    std::fs::write(&seed_path, seed.replace(&title, "Tiêu đề lần thứ ba")).unwrap();
    let r = run(root);
    assert!(
        r.seeds
            .iter()
            .flat_map(|s| &s.files)
            .all(|f| !f.action.is_kept()),
        "{:?}",
        r.seeds
            .iter()
            .flat_map(|s| &s.files)
            .filter(|f| f.action.is_kept())
            .map(|f| (&f.path, f.action))
            .collect::<Vec<_>>()
    );
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("Tiêu đề lần thứ ba"));
    assert_eq!(census(root), before);
    assert!(!folder.join(bantin::ingest::store::PENDING_FILE).exists());
    assert!(run(root).seeds.iter().all(|s| s.up_to_date));
}

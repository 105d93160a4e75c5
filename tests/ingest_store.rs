//! The converter through the store: every seed becomes a bulletin folder, a second run
//! is a no-op, and `tags.yaml` at the project root changes the tags.

use std::path::PathBuf;

use bantin::ingest::{collect_seeds, ingest, IngestOptions};

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

fn opts(root: &std::path::Path) -> IngestOptions {
    IngestOptions {
        content_dir: root.join("content"),
        root: root.to_path_buf(),
        dry_run: false,
        force: false,
    }
}

#[test]
fn seeds_become_bulletin_folders_and_a_rerun_is_a_no_op() {
    let tmp = copy_project();
    let seeds = collect_seeds(&[tmp.path().join("seeds")]).unwrap();
    let first = ingest(&seeds, &opts(tmp.path()));
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    let counts: Vec<usize> = first.seeds.iter().map(|s| s.articles).collect();
    assert_eq!(counts, vec![11, 4, 1, 1, 1]);
    for s in &first.seeds {
        assert!(s.folder.join("_index.md").is_file());
    }
    let second = ingest(&seeds, &opts(tmp.path()));
    assert!(second.seeds.iter().all(|s| s.up_to_date));
}

#[test]
fn the_project_vocabulary_changes_tags() {
    let tmp = copy_project();
    std::fs::write(
        tmp.path().join("tags.yaml"),
        "topics:\n  KH&CN: [KHCN, khoa học công nghệ, khoa học và công nghệ]\n",
    )
    .unwrap();
    let seeds = collect_seeds(&[tmp.path().join("seeds")]).unwrap();
    let report = ingest(&seeds, &opts(tmp.path()));
    assert!(report.notes.is_empty());
    let folder = &report.seeds[0].folder;
    let mut found = false;
    for e in std::fs::read_dir(folder).unwrap().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap();
        found |= text.contains("- KH&CN\n");
        assert!(
            !text.contains("- Khoa học và công nghệ\n"),
            "{}",
            e.path().display()
        );
    }
    assert!(found);
    std::fs::write(tmp.path().join("tags.yaml"), "topics: [oops").unwrap();
    let report = ingest(&seeds, &opts(tmp.path()));
    assert_eq!(report.notes.len(), 1);
    assert!(report.notes[0].to_string().contains("tags.yaml"));
}

#[test]
fn warnings_name_the_content_file_to_correct() {
    // A title chosen among two heading-shaped lines, and a copy day above the dateline.
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    std::fs::write(
        seeds.join("trang.txt"),
        "Thứ Năm, 07/03/2024\nĐoàn kết - Đổi mới - Hội nhập - Phát triển bền vững\nTrang chủ\n\
         Thời sự\nNông dân xã Tân Lập thu hoạch lúa sớm\n12/06/2023 09:15\n\
         Sáng nay, hợp tác xã đã bắt đầu thu hoạch trên diện tích hơn 40 ha, sớm hơn mọi năm.\n\
         Năng suất bình quân đạt 62 tạ mỗi ha, cao hơn vụ trước, nhờ giống mới.\n",
    )
    .unwrap();
    let report = ingest(&collect_seeds(&[seeds]).unwrap(), &opts(tmp.path()));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let s = &report.seeds[0];
    let title = s
        .warnings
        .iter()
        .find(|w| {
            w.message
                .starts_with("title chosen among 2 candidates (lines 2, 5)")
        })
        .unwrap_or_else(|| panic!("{:#?}", s.warnings));
    let article = s.folder.join("01-nong-dan-xa-tan-lap-thu-hoach-lua-som.md");
    assert!(article.is_file());
    assert_eq!(
        title.hint.as_deref(),
        Some(
            format!(
                "if another line is the title, set `title:` in {}",
                article.display()
            )
            .as_str()
        )
    );
    let date = s
        .warnings
        .iter()
        .find(|w| w.message.starts_with("date chosen among 2 candidates"))
        .unwrap_or_else(|| panic!("{:#?}", s.warnings));
    assert_eq!(date.line, Some(6));
    let index = s.folder.join("_index.md");
    assert!(date
        .hint
        .as_deref()
        .unwrap()
        .contains(&index.display().to_string()));
    assert!(std::fs::read_to_string(&index)
        .unwrap()
        .contains("date: 2023-06-12T09:15:00+07:00"));
}

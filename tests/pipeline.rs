//! The whole pipeline on the shipped seeds: seeds → ingest → content → build → public.

mod common;

use common::{hrefs, Archive};

/// Fields every article file carries (spec: "Content model").
const ARTICLE_FIELDS: &[&str] = &[
    "title:",
    "date:",
    "section:",
    "authors:",
    "byline:",
    "tags:",
    "summary:",
    "captions:",
    "weight:",
    "source:",
];
const INDEX_FIELDS: &[&str] = &[
    "title:",
    "series:",
    "issue:",
    "year:",
    "date:",
    "publisher:",
    "source:",
];

fn bulletin_folders(a: &Archive) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(a.path().join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

#[test]
fn every_seed_becomes_a_bulletin_folder_with_the_fixed_fields() {
    let a = Archive::from_seeds();
    a.ok(&["ingest"]);
    let folders = bulletin_folders(&a);
    assert_eq!(folders.len(), 5, "one folder per seed");
    for f in &folders {
        let index = std::fs::read_to_string(f.join("_index.md")).unwrap();
        for field in INDEX_FIELDS {
            assert!(
                index.lines().any(|l| l.starts_with(field)),
                "{}: _index.md lacks {field}",
                f.display()
            );
        }
        let articles: Vec<_> = std::fs::read_dir(f)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
            .collect();
        assert!(!articles.is_empty(), "{} has no article", f.display());
        for art in articles {
            let text = std::fs::read_to_string(&art).unwrap();
            for field in ARTICLE_FIELDS {
                assert!(
                    text.lines().any(|l| l.starts_with(field)),
                    "{} lacks {field}",
                    art.display()
                );
            }
            let name = art.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                name[..2].bytes().all(|b| b.is_ascii_digit()) && name.as_bytes()[2] == b'-',
                "{name} is NN-slug.md"
            );
        }
    }
    // The content model loads without errors.
    let content = bantin::content::load(&a.path().join("content")).unwrap();
    assert_eq!(content.bulletins.len(), 5);
    let total: usize = content.bulletins.iter().map(|b| b.articles.len()).sum();
    assert!(total >= 15, "the seeds hold many articles, got {total}");
}

#[test]
fn build_ingests_then_renders_a_connected_site() {
    let a = Archive::from_seeds();
    a.ok(&["build"]);
    assert!(
        a.exists("content"),
        "build brings content/ up to date first"
    );
    let home = a.html("public/index.html");
    let links = hrefs(&home, "main a");
    let article = links
        .iter()
        .find(|l| {
            l.matches('/').count() == 3 && !l.starts_with("/the/") && !l.starts_with("/chuyen-muc/")
        })
        .expect("home links an article")
        .clone();
    let page = a.html(&common::page_file(&article));
    let back = hrefs(&page, "main a");
    assert!(
        back.iter().any(|l| l.starts_with("/chuyen-muc/")),
        "article links its rubric"
    );
    assert!(
        back.iter().any(|l| l.starts_with("/the/")),
        "article links its tags"
    );

    let feed = feed_rs::parser::parse(a.read("public/rss.xml").as_bytes()).expect("RSS parses");
    assert!(!feed.entries.is_empty());
    for e in &feed.entries {
        assert!(
            e.title.is_some() && !e.links.is_empty() && e.published.is_some() && !e.id.is_empty(),
            "{e:?}"
        );
        assert!(
            a.exists(&common::page_file(
                e.links[0].href.trim_start_matches("https://example.org")
            )),
            "{}",
            e.links[0].href
        );
    }
}

#[test]
fn a_new_seed_appears_on_the_next_build() {
    let a = Archive::from_seeds();
    a.ok(&["build"]);
    let before = bulletin_folders(&a).len();
    a.write("seeds/new.txt", "Bản tin Thử nghiệm số 7 năm 2023\n\n01/02/2023 10:00\n\nTin mới\n\nMột đoạn văn đủ dài để là nội dung của bài báo, nói về khoa học và công nghệ ở Hà Nội.\n\nHương Anh\n");
    a.ok(&["build"]);
    assert_eq!(bulletin_folders(&a).len(), before + 1);
}

#[test]
fn an_edited_content_file_survives_ingest() {
    let a = Archive::from_seeds();
    a.ok(&["ingest"]);
    let folder = bulletin_folders(&a).remove(0);
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("01-"))
        .unwrap();
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replacen("title:", "title: 'Đã sửa' #", 1);
    std::fs::write(&file, &edited).unwrap();
    let out = a.ok(&["ingest", "--force"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited, "edit kept");
    assert!(
        out.contains("left alone"),
        "ingest says which file it left alone: {out}"
    );
    let diff = a.ok(&["ingest", "--force", "--diff"]);
    assert!(diff.contains("Đã sửa"), "--diff shows the change: {diff}");
    // Unedited files are still refreshed, deleted ones are not re-created.
    let other = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("_index")
        })
        .unwrap();
    std::fs::remove_file(&other).unwrap();
    a.ok(&["ingest", "--force"]);
    assert!(
        !other.exists(),
        "a file the editor deleted is not re-created"
    );
}

#[test]
fn ingest_any_file_into_any_folder() {
    let a = Archive::from_seeds();
    let out = tempfile::tempdir().unwrap();
    let seed = a
        .path()
        .join("seeds")
        .read_dir()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    a.ok(&[
        "ingest",
        &seed.to_string_lossy(),
        "--content",
        &out.path().to_string_lossy(),
    ]);
    let n = std::fs::read_dir(out.path()).unwrap().count();
    assert_eq!(n, 1, "one bulletin folder");
}

#[test]
fn two_builds_of_the_seeds_are_byte_identical() {
    let a = Archive::from_seeds();
    a.ok(&["build"]);
    let b = Archive::from_seeds();
    b.ok(&["build"]);
    assert_eq!(a.tree("content"), b.tree("content"));
    assert_eq!(a.tree("public"), b.tree("public"));
}

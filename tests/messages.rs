//! What bantin tells editors, as snapshots: a set of broken files, built, and every
//! message compared with `tests/fixtures/messages/<case>.txt`. After an intended change,
//! regenerate with `BANTIN_BLESS=1 cargo test --test messages` and review the diff.
//!
//! The archive's temporary path is replaced by `<root>` and timings by `N`, so the
//! snapshots hold only what a person reads.

mod common;

use common::Archive;

fn snapshot(case: &str, archive: &Archive, text: &str) {
    let root = archive.path().display().to_string();
    let mut shown = text.replace(&root, "<root>");
    // Timings change from run to run.
    shown = regex_lite_ms(&shown);
    let file = common::repo().join(format!("tests/fixtures/messages/{case}.txt"));
    if std::env::var_os("BANTIN_BLESS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &shown).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&file)
        .unwrap_or_else(|_| panic!("no snapshot {}: run with BANTIN_BLESS=1", file.display()));
    assert_eq!(
        shown, want,
        "messages of `{case}` changed; rerun with BANTIN_BLESS=1 if intended"
    );
}

/// `in 57 ms` → `in N ms`.
fn regex_lite_ms(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" ms") {
        let head = &rest[..i];
        let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push_str(&head[..head.len() - digits]);
            out.push('N');
        } else {
            out.push_str(head);
        }
        out.push_str(" ms");
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

fn archive() -> Archive {
    let a = Archive::with_config("title: Thử\nbase_url: https://example.org/\n");
    a.write(
        "content/so-1/_index.md",
        "---\ntitle: Số 1\ndate: 2022-01-01\n---\n",
    );
    a
}

#[test]
fn broken_front_matter_is_explained_at_the_line_to_fix() {
    let a = archive();
    a.write(
        "content/so-1/01-quote.md",
        "---\ntitle: \"Mở ngoặc mà không đóng\nsection: Tin\ntags: [a]\nsummary: x\nweight: 1\n---\nNội dung.\n",
    );
    a.write(
        "content/so-1/02-dup.md",
        "---\ntitle: Một\ndate: 2022-01-01\ntitle: Hai\nweight: 2\n---\nNội dung.\n",
    );
    a.write(
        "content/so-1/03-weight.md",
        "---\ntitle: Ba\nweight: tám\n---\nNội dung.\n",
    );
    a.write(
        "content/so-1/04-tags.md",
        "---\ntitle: Bốn\ntags: Quảng Ninh\nweight: 4\n---\nNội dung.\n",
    );
    a.write(
        "content/so-1/05-date.md",
        "---\ntitle: Năm\ndate: 15/09/2022\nweight: 5\n---\nNội dung.\n",
    );
    a.write(
        "content/so-1/06-open.md",
        "---\ntitle: Sáu\nweight: 6\nNội dung.\n",
    );
    let err = a.fails(&["build"]);
    // The unclosed quote is on line 2 of the file, not where the parser gave up.
    assert!(err.contains("01-quote.md:2:"), "{err}");
    // The duplicate is the second `title`, on line 4.
    assert!(err.contains("02-dup.md:4:"), "{err}");
    assert!(err.contains("whole number"), "{err}");
    assert!(!err.contains("u32"), "{err}");
    assert!(!a.exists("public"), "nothing is written");
    snapshot("broken_front_matter", &a, &err);
}

/// An archive of 30 articles whose `article.html` is `template`.
fn thirty_articles_with(template: &str) -> Archive {
    let a = archive();
    for i in 1..=30 {
        a.write(
            &format!("content/so-1/{i:02}-bai.md"),
            &format!("---\ntitle: Bài {i}\nweight: {i}\n---\nNội dung.\n"),
        );
    }
    a.write("templates/article.html", template);
    a
}

/// `build` of `a` fails with one line about `article.html`, and writes no site.
fn fails_once_writing_nothing(a: &Archive) -> String {
    let err = a.fails(&["build"]);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("article.html")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(!a.exists("public"), "nothing written on error");
    err
}

#[test]
fn a_template_error_is_reported_once_not_per_page() {
    // An unknown filter is found when the theme loads, before any page is rendered.
    let a = thirty_articles_with(
        "{% extends \"base.html\" %}{% block content %}{{ article.title | no_such_filter }}{% endblock content %}",
    );
    let err = fails_once_writing_nothing(&a);
    snapshot("template_error", &a, &err);
}

#[test]
fn a_value_missing_while_rendering_is_reported_once_with_its_place() {
    // A field no page has fails the first page rendered with the template (one page per
    // template is rendered before any is written): one line, naming that page and the
    // template's file, line and column; nothing written.
    let a = thirty_articles_with(
        "{% extends \"base.html\" %}{% block content %}\n<h1>{{ article.no_such_field }}</h1>{% endblock content %}",
    );
    let err = fails_once_writing_nothing(&a);
    assert!(
        err.contains("templates/article.html:2:16: Field `no_such_field`"),
        "{err}"
    );
    snapshot("template_render_error", &a, &err);
}

#[test]
fn counts_are_singular_or_plural_and_missing_dates_are_grouped() {
    let a = Archive::with_config("title: Thử\nbase_url: https://example.org/\n");
    a.write(
        "content/so-1/_index.md",
        "---\ntitle: Số 1\nyear: 2019\n---\n",
    );
    for i in 1..=3 {
        a.write(
            &format!("content/so-1/0{i}-bai-{i}.md"),
            &format!("---\ntitle: Bài {i}\nweight: {i}\n---\nNội dung.\n"),
        );
    }
    a.write("content/so-2/_index.md", "---\ntitle: Số 2\n---\n");
    a.write(
        "content/so-2/01-mot.md",
        "---\ntitle: Một\ndate: 2020-02-02\nweight: 1\n---\nNội dung.\n",
    );
    a.write(
        "content/so-2/02-hai.md",
        "---\ntitle: Hai\nweight: 2\n---\nNội dung.\n",
    );
    let out = a.ok(&["build"]);
    let undated: Vec<&str> = out.lines().filter(|l| l.contains("no date")).collect();
    assert_eq!(undated.len(), 2, "one warning per bulletin:\n{out}");
    assert!(undated.iter().any(|l| l.contains("2019-MM-DD")), "{out}");
    assert!(
        undated.iter().any(|l| l.contains("`date: 2020-02-02`")),
        "a date from the same bulletin:\n{out}"
    );
    assert!(out.contains("Built 5 articles"), "{out}");
    let check = a.ok(&["check"]);
    assert!(check.contains("0 problems"), "{check}");
    snapshot("counts_and_dates", &a, &out);

    let one = Archive::with_config("title: Thử\nbase_url: https://example.org/\n");
    one.write(
        "content/so-1/_index.md",
        "---\ntitle: Số 1\ndate: 2022-01-01\n---\n",
    );
    one.write(
        "content/so-1/01-bai.md",
        "---\ntitle: Bài\nweight: 1\n---\nx\n",
    );
    let out = one.ok(&["build"]);
    assert!(out.contains("Built 1 article into"), "{out}");
}

#[test]
fn ingest_diff_shows_edits_without_force() {
    let a = Archive::from_seeds();
    a.ok(&["ingest"]);
    let index = walkdir::WalkDir::new(a.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == "_index.md")
        .unwrap()
        .into_path();
    let text = std::fs::read_to_string(&index).unwrap();
    let edited = text.replacen("title: ", "title: Sửa bởi biên tập viên ", 1);
    std::fs::write(&index, &edited).unwrap();
    let out = a.ok(&["ingest", "--diff"]);
    assert!(out.contains("left alone: edited"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with('-') && l.contains("Sửa bởi biên tập viên")),
        "the diff shows the editor's line:\n{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&index).unwrap(),
        edited,
        "the edit is kept"
    );
}

#[test]
fn the_progress_count_ends_at_its_total() {
    // Feeds and the theme's static files are several files per job: the count is of
    // jobs, so it never passes the total a progress line shows.
    let a = common::small_archive();
    let project = bantin::Project::open(a.path()).unwrap();
    let progress = bantin::build::Progress::default();
    let opts = bantin::BuildOptions {
        progress: Some(progress.clone()),
        ..Default::default()
    };
    let report = bantin::build(&project, &opts).unwrap();
    let done = progress.done.load(std::sync::atomic::Ordering::Relaxed);
    let total = progress.total.load(std::sync::atomic::Ordering::Relaxed);
    assert!(total > 0);
    assert_eq!(done, total);
    assert!(
        report.files > total,
        "more files than jobs: {} vs {total}",
        report.files
    );
}

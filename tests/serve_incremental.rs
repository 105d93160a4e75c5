//! Incremental rebuilds of `serve` give exactly the files of a full build, byte for byte,
//! after every kind of edit: bodies, titles, dates, rubrics, tags, order, new and deleted
//! articles and bulletins, `_index.md`, templates, `site.yaml`, and a broken file that is
//! then fixed.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bantin::serve::{ChangeSet, RebuildKind, SiteState};
use bantin::{BuildOptions, Project};

const RUBRICS: [&str; 3] = ["Tin tức", "Khoa học", "Đời sống"];
const TAGS: [&str; 5] = ["khoa học", "Hà Nội", "giáo dục", "y tế", "Quảng Ninh"];

fn article(i: usize, title: &str, day: usize, rubric: &str, tags: &[&str], body: &str) -> String {
    let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
    format!(
        "---\ntitle: \"{title}\"\ndate: 2022-09-{day:02}T10:00:00+07:00\nsection: \"{rubric}\"\n\
         authors: [\"Tác giả {i}\"]\ntags: [{}]\nsummary: \"Tóm tắt {i}\"\nweight: {i}\n---\n{body}\n",
        tags.join(", ")
    )
}

fn index(n: usize, day: usize) -> String {
    format!(
        "---\ntitle: \"Bản tin số {n}\"\nissue: {n}\nyear: 2022\ndate: 2022-09-{day:02}T08:00:00+07:00\n---\nLời giới thiệu số {n}.\n"
    )
}

/// An archive of 3 bulletins × 5 articles with small pages, so lists paginate.
fn make_archive(root: &Path) {
    bantin::init::init(root, "Thử", false).unwrap();
    // A theme folder of the project (a copy of the built-in one), so edits to it are tested.
    for (rel, text) in bantin::render::DEFAULT_THEME {
        let p = root.join("themes/default").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::write(
        root.join("site.yaml"),
        "title: \"Thử\"\nbase_url: \"https://example.org/ban-tin/\"\nlanguage: vi\npaginate_by: 2\nhome_articles: 3\nfeed_limit: 4\n",
    )
    .unwrap();
    for b in 1..=3 {
        let dir = root.join(format!("content/so-{b}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("_index.md"), index(b, b * 5)).unwrap();
        for i in 1..=5 {
            let k = (b - 1) * 5 + i;
            let tags = [TAGS[k % 5], TAGS[(k * 3) % 5]];
            let body = format!("Đoạn một của bài {k}.\n\n## Mục\n\nĐoạn hai.");
            let text = article(
                i,
                &format!("Bài {k}"),
                b * 5 + i % 3,
                RUBRICS[k % 3],
                &tags,
                &body,
            );
            std::fs::write(dir.join(format!("0{i}-bai-{k}.md")), text).unwrap();
        }
    }
}

/// The output files of `dir`, without the build's manifest (which records the build's own
/// bookkeeping, not the site).
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut t = common::files_under(dir);
    t.remove(bantin::output::MANIFEST);
    // The preview's search index is written by serve's background indexer, not by the
    // state (tests/serve.rs checks it follows edits).
    t.retain(|rel, _| !rel.starts_with("search-index/"));
    t
}

/// Assert that the state's output folder equals a fresh full build.
fn assert_same_as_full_build(root: &Path, served: &Path, step: &str) {
    let full = root.join("full-build");
    let project = Project::open(root).unwrap();
    // Other branches add build options; the defaults are what a plain `build` uses.
    #[allow(clippy::needless_update)]
    let opts = BuildOptions {
        ingest: false,
        output: Some(full.clone()),
        ..BuildOptions::default()
    };
    bantin::build(&project, &opts).unwrap();
    let a = read_tree(served);
    let b = read_tree(&full);
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{step}: only in serve output {only_a:?}, only in full build {only_b:?}"
    );
    for (k, v) in &a {
        assert!(
            v == &b[k],
            "{step}: {k} differs from the full build:\n--- serve\n{}\n--- build\n{}",
            String::from_utf8_lossy(v),
            String::from_utf8_lossy(&b[k])
        );
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
    state: SiteState,
    /// Render at most this many stale pages at each change, then finish the others the
    /// way `serve` does: pages asked for, and chunks between changes.
    eager: Option<usize>,
    applied: usize,
    /// Changes that left pages for later.
    deferred: usize,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap().join("arch");
        make_archive(&root);
        let out = root.join("public");
        let (state, _) = SiteState::open(Project::open(&root).unwrap(), out.clone()).unwrap();
        Fixture {
            _dir: dir,
            root,
            out,
            state,
            eager: None,
            applied: 0,
            deferred: 0,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.path(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }

    /// Apply the changes of `paths` and check the result; returns the rebuild kind.
    fn apply(&mut self, paths: &[&str], step: &str) -> RebuildKind {
        let mut cs = ChangeSet::default();
        for p in paths {
            assert!(cs.add(&self.root, &self.out, &self.path(p)), "{p} ignored");
        }
        let eager = self.eager.unwrap_or(usize::MAX);
        let o = if cs.config {
            // A new site.yaml, read again as `serve` does.
            let project = Project::open(&self.root).unwrap();
            self.state.reconfigure(project, &mut cs, eager)
        } else {
            self.state.apply_with(&mut cs, eager)
        }
        .unwrap_or_else(|e| panic!("{step}: {e}"));
        if self.eager.is_some() {
            self.applied += 1;
            self.deferred += (o.pending > 0) as usize;
            if self.applied.is_multiple_of(2) {
                // As a browser would: every page asked for is rendered first if stale.
                for rel in read_tree(&self.out).keys() {
                    self.state.ensure_fresh(rel).unwrap();
                }
            } else {
                while self.state.render_some(3).unwrap() > 0 {}
            }
            assert_eq!(self.state.render_some(usize::MAX).unwrap(), 0, "{step}");
        }
        assert!(cs.is_empty(), "{step}: changes left pending");
        assert_same_as_full_build(&self.root, &self.out, step);
        o.kind
    }
}

const A: &str = "content/so-2/03-bai-8.md";

#[test]
fn every_kind_of_edit_matches_a_full_build() {
    let mut f = Fixture::new();
    assert_same_as_full_build(&f.root, &f.out, "initial");

    f.edit(A, "Đoạn hai.", "Đoạn hai, đã sửa & <em>nhấn</em>.");
    assert_eq!(f.apply(&[A], "body"), RebuildKind::Pages);

    f.edit(A, "title: \"Bài 8\"", "title: \"Bài tám mới\"");
    assert_eq!(f.apply(&[A], "title"), RebuildKind::Pages);

    f.edit(A, "summary: \"Tóm tắt 3\"", "summary: \"Tóm tắt khác\"\nbyline: \"Bài, ảnh: Hương Anh\"\ncaptions: [\"Ảnh: X\"]\nmood: calm");
    assert_eq!(
        f.apply(&[A], "summary, byline, captions, extra"),
        RebuildKind::Pages
    );

    f.edit(
        A,
        "authors: [\"Tác giả 3\"]",
        "authors: [\"Người khác\", \"Ai đó\"]",
    );
    assert_eq!(f.apply(&[A], "authors"), RebuildKind::Pages);

    f.edit(A, "tags: [", "tags: [\"thẻ mới\", ");
    assert_eq!(f.apply(&[A], "new tag"), RebuildKind::Relinked);

    f.edit(A, "date: 2022-09-10", "date: 2021-01-02");
    assert_eq!(f.apply(&[A], "date moves year"), RebuildKind::Relinked);

    f.edit(A, "section: \"", "section: \"Mới ");
    assert_eq!(f.apply(&[A], "rubric"), RebuildKind::Relinked);

    f.edit(A, "weight: 3", "weight: 9");
    assert_eq!(f.apply(&[A], "weight"), RebuildKind::Relinked);

    let idx = "content/so-1/_index.md";
    f.edit(idx, "title: \"Bản tin số 1\"", "title: \"Bản tin số một\"");
    assert_eq!(f.apply(&[idx], "issue title"), RebuildKind::Pages);
    f.edit(idx, "Lời giới thiệu", "Lời **giới thiệu** mới");
    assert_eq!(f.apply(&[idx], "issue intro"), RebuildKind::Pages);
    f.edit(idx, "date: 2022-09-05", "date: 2023-01-05");
    assert_eq!(f.apply(&[idx], "issue date"), RebuildKind::Relinked);
    let idx3 = "content/so-3/_index.md";
    f.edit(idx3, "title: \"Bản tin số 3\"", "title: \"Số ba\"");
    f.edit(idx3, "date: 2022-09-15", "date: 2022-08-15");
    assert_eq!(
        f.apply(&[idx3], "issue title and date"),
        RebuildKind::Relinked
    );

    let new = "content/so-3/06-bai-moi.md";
    std::fs::write(
        f.path(new),
        article(6, "Bài mới", 20, "Tin tức", &["y tế"], "Mới."),
    )
    .unwrap();
    assert_eq!(f.apply(&[new], "new article"), RebuildKind::Relinked);

    let gone = "content/so-3/01-bai-11.md";
    std::fs::remove_file(f.path(gone)).unwrap();
    assert_eq!(f.apply(&[gone], "deleted article"), RebuildKind::Relinked);

    std::fs::create_dir_all(f.path("content/so-4")).unwrap();
    std::fs::write(f.path("content/so-4/_index.md"), index(4, 28)).unwrap();
    std::fs::write(
        f.path("content/so-4/01-dau.md"),
        article(1, "Đầu", 28, "Khoa học", &["Hà Nội"], "X."),
    )
    .unwrap();
    f.apply(
        &[
            "content/so-4",
            "content/so-4/_index.md",
            "content/so-4/01-dau.md",
        ],
        "new bulletin",
    );

    std::fs::remove_dir_all(f.path("content/so-2")).unwrap();
    f.apply(&["content/so-2"], "deleted bulletin");

    std::fs::create_dir_all(f.path("templates")).unwrap();
    let base = std::fs::read_to_string(f.path("themes/default/templates/base.html")).unwrap();
    std::fs::write(
        f.path("templates/base.html"),
        base.replacen("<body", "<body data-x=\"1\"", 1),
    )
    .unwrap();
    // Every page extends base.html, but feeds and the sitemap do not use it.
    assert_eq!(
        f.apply(&["templates/base.html"], "template override"),
        RebuildKind::Pages
    );

    // A template no other template uses: only its pages.
    let art = std::fs::read_to_string(f.path("themes/default/templates/article.html")).unwrap();
    std::fs::write(
        f.path("templates/article.html"),
        art.replacen("</article>", "<p>chỉ trang bài</p></article>", 1) + "\n",
    )
    .unwrap();
    assert_eq!(
        f.apply(&["templates/article.html"], "leaf template"),
        RebuildKind::Pages
    );
    std::fs::remove_file(f.path("templates/article.html")).unwrap();
    assert_eq!(
        f.apply(&["templates/article.html"], "leaf template removed"),
        RebuildKind::Pages
    );
    let css = f.path("themes/default/static/style.css");
    let text = std::fs::read_to_string(&css).unwrap();
    std::fs::write(&css, text + "\n.x{color:red}\n").unwrap();
    assert_eq!(
        f.apply(&["themes/default/static/style.css"], "stylesheet"),
        RebuildKind::Pages
    );
    // The card every list shows, rendered once per article.
    let card = std::fs::read_to_string(f.path("themes/default/templates/card.html")).unwrap();
    std::fs::write(
        f.path("templates/card.html"),
        format!("<div class=\"c\">{card}</div>\n"),
    )
    .unwrap();
    assert_eq!(
        f.apply(&["templates/card.html"], "card template"),
        RebuildKind::Pages
    );
    f.edit("themes/default/i18n/vi.yaml", ":", ": Đổi");
    assert_eq!(
        f.apply(&["themes/default/i18n/vi.yaml"], "interface words"),
        RebuildKind::Full
    );

    // Several files at once, as after a branch switch.
    let b = "content/so-1/02-bai-2.md";
    let c = "content/so-3/04-bai-14.md";
    f.edit(b, "Đoạn một", "Đoạn đầu");
    f.edit(c, "title: \"Bài 14\"", "title: \"Bài mười bốn\"");
    f.edit("content/so-1/05-bai-5.md", "weight: 5", "weight: 0");
    f.apply(&[b, c, "content/so-1/05-bai-5.md"], "burst");

    // Saving without a change does nothing.
    assert_eq!(f.apply(&[b], "unchanged save"), RebuildKind::Unchanged);
}

#[test]
fn a_broken_file_keeps_the_last_good_output_and_recovers() {
    let mut f = Fixture::new();
    let before = read_tree(&f.out);
    f.edit(A, "title: \"Bài 8\"", "title: [oops");
    f.edit("content/so-1/02-bai-2.md", "Đoạn một", "Đoạn đầu");
    let mut cs = ChangeSet::default();
    cs.add(&f.root, &f.out, &f.path(A));
    cs.add(&f.root, &f.out, &f.path("content/so-1/02-bai-2.md"));
    let e = f.state.apply(&mut cs).unwrap_err();
    assert!(e.to_string().contains("03-bai-8.md"), "{e}");
    assert_eq!(
        read_tree(&f.out),
        before,
        "output changed by a failed rebuild"
    );
    assert_eq!(cs.content.len(), 2, "failed changes stay pending");
    // Fixing the file applies both edits.
    f.edit(A, "title: [oops", "title: \"Bài 8 sửa\"");
    f.state.apply(&mut cs).unwrap();
    assert_same_as_full_build(&f.root, &f.out, "recovered");
    let page = std::fs::read_to_string(f.out.join("so-1/bai-2/index.html")).unwrap();
    assert!(page.contains("Đoạn đầu"));
}

#[test]
fn a_file_saved_as_latin1_is_reported_like_build_reports_it() {
    let mut f = Fixture::new();
    let before = read_tree(&f.out);
    let mut bytes = std::fs::read(f.path(A)).unwrap();
    bytes.extend_from_slice(b"\ncaf\xe9\n");
    std::fs::write(f.path(A), &bytes).unwrap();
    let mut cs = ChangeSet::default();
    cs.add(&f.root, &f.out, &f.path(A));
    let e = f.state.apply(&mut cs).unwrap_err().to_string();
    let at = bytes.len() - 2;
    assert!(
        e.contains(&format!("03-bai-8.md: not valid UTF-8 at byte {at}")),
        "{e}"
    );
    assert!(e.contains("save the file as UTF-8"), "{e}");
    assert_eq!(
        read_tree(&f.out),
        before,
        "output changed by a failed rebuild"
    );
}

/// A pseudo-random walk of one-field edits (deterministic), each checked against a
/// full build: most keep the structure (pages path), some move articles (re-link).
#[test]
fn random_edits_match_a_full_build() {
    random_walk(None);
}

/// The same walk, rendering at most one stale page before each change returns (as
/// `serve` does before it reloads the browser), the others when asked for or in chunks.
#[test]
fn random_edits_rendered_lazily_match_a_full_build() {
    random_walk(Some(1));
}

fn random_walk(eager: Option<usize>) {
    let mut f = Fixture::new();
    f.eager = eager;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut kinds = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for step in 0..72 {
        let b = 1 + next(3);
        let i = 1 + next(5);
        let k = (b - 1) * 5 + i;
        let rel = format!("content/so-{b}/0{i}-bai-{k}.md");
        let day = 1 + next(28);
        let rubric = RUBRICS[next(3)];
        let tags = [TAGS[next(5)], TAGS[next(5)]];
        if !f.path(&rel).exists() {
            // Deleted by an earlier step: a new article in its place.
            let text = article(i, &format!("Bài {k} mới"), day, rubric, &tags, "Lại có.");
            std::fs::write(f.path(&rel), text).unwrap();
            let kind = f.apply(&[&rel], &format!("random step {step}: {rel} created"));
            *kinds.entry(format!("{kind:?}")).or_insert(0) += 1;
            continue;
        }
        let edit = next(14);
        seen.insert(edit);
        let touched = match edit {
            8 => {
                std::fs::remove_file(f.path(&rel)).unwrap();
                rel.clone()
            }
            9 => {
                let idx = format!("content/so-{b}/_index.md");
                let text = std::fs::read_to_string(f.path(&idx)).unwrap();
                let mut lines: Vec<String> = text.lines().map(String::from).collect();
                let (key, value) = if next(2) == 0 {
                    ("title", format!("\"Bản tin {b} (bước {step})\""))
                } else {
                    ("date", format!("2022-09-{day:02}T08:00:00+07:00"))
                };
                match lines.iter().position(|l| l.starts_with(key)) {
                    Some(at) => lines[at] = format!("{key}: {value}"),
                    None => lines.push(format!("{key}: {value}")),
                }
                std::fs::write(f.path(&idx), lines.join("\n") + "\n").unwrap();
                idx
            }
            10 => {
                let new = format!("content/so-{b}/09-them-{step}.md");
                let text = article(9, &format!("Thêm {step}"), day, rubric, &tags, "Mới.");
                std::fs::write(f.path(&new), text).unwrap();
                new
            }
            11 => {
                // A template of the project: a leaf one or the one every page extends.
                let name = ["article.html", "base.html", "term.html"][next(3)];
                let from = f.path("themes/default/templates").join(name);
                let text = std::fs::read_to_string(from).unwrap();
                let over = f.path("templates").join(name);
                std::fs::create_dir_all(f.path("templates")).unwrap();
                let text = text.replacen("<main", &format!("<!-- {step} --><main"), 1);
                std::fs::write(over, text).unwrap();
                format!("templates/{name}")
            }
            13 => {
                // site.yaml: one of the settings pages and cards read, each a few ways.
                let config = f.path("site.yaml");
                let text = std::fs::read_to_string(&config).unwrap();
                let mut lines: Vec<String> = text.lines().map(String::from).collect();
                let (key, value) = match next(5) {
                    0 => ("title", format!("\"Thử {step}\"")),
                    // Read by the theme (its words): the compiled theme is not reused.
                    1 if next(2) == 0 => ("translations", "{}".to_string()),
                    1 => ("translations", format!("{{home: \"Nhà {step}\"}}")),
                    2 => ("paginate_by", format!("{}", 2 + next(2))),
                    3 => (
                        "base_url",
                        [
                            "\"https://example.org/ban-tin/\"",
                            "\"https://example.com/\"",
                        ][next(2)]
                        .to_string(),
                    ),
                    _ => ("language", ["vi", "en"][next(2)].to_string()),
                };
                match lines.iter().position(|l| l.starts_with(key)) {
                    Some(at) => lines[at] = format!("{key}: {value}"),
                    None => lines.push(format!("{key}: {value}")),
                }
                std::fs::write(&config, lines.join("\n") + "\n").unwrap();
                "site.yaml".to_string()
            }
            12 => {
                let words = f.path("themes/default/i18n/vi.yaml");
                let text = std::fs::read_to_string(&words).unwrap();
                let text = text.replacen(": ", &format!(": {step} "), 1);
                std::fs::write(&words, text).unwrap();
                "themes/default/i18n/vi.yaml".to_string()
            }
            _ => {
                let text = std::fs::read_to_string(f.path(&rel)).unwrap();
                let mut lines: Vec<String> = text.lines().map(String::from).collect();
                let (key, value) = match edit {
                    6 => (
                        "section",
                        format!("\"{}\"", [RUBRICS[0], RUBRICS[1], "Mục mới"][next(3)]),
                    ),
                    7 => ("weight", format!("{}", next(9))),
                    0 | 1 => ("", format!("Bước {step}: đoạn {}.", next(1000))),
                    2 => ("title", format!("\"Bài {k} (bước {step})\"")),
                    3 => ("summary", format!("\"Tóm tắt bước {step}\"")),
                    4 => ("tags", format!("[\"{}\", \"{}\"]", tags[0], tags[1])),
                    _ => ("date", format!("2022-09-{day:02}T10:00:00+07:00")),
                };
                if key.is_empty() {
                    lines.push(value);
                } else {
                    let at = lines
                        .iter()
                        .position(|l| l.starts_with(&format!("{key}:")))
                        .unwrap();
                    lines[at] = format!("{key}: {value}");
                }
                std::fs::write(f.path(&rel), lines.join("\n") + "\n").unwrap();
                rel.clone()
            }
        };
        let kind = f.apply(
            &[&touched],
            &format!("random step {step}: edit {edit} of {touched}"),
        );
        *kinds.entry(format!("{kind:?}")).or_insert(0) += 1;
    }
    assert!(
        kinds.contains_key("Pages") && kinds.contains_key("Relinked"),
        "{kinds:?}"
    );
    assert_eq!(seen.len(), 14, "every kind of edit was made: {seen:?}");
    if eager.is_some() {
        assert!(
            f.deferred >= 10,
            "pages were left for later {} times",
            f.deferred
        );
    }
}

/// A template that fails while rendering: the output stays as it was while it is broken,
/// edits made meanwhile are not lost, and fixing it gives the full build again.
#[test]
fn a_render_error_is_recovered_from() {
    let mut f = Fixture::new();
    let before = read_tree(&f.out);
    std::fs::create_dir_all(f.path("templates")).unwrap();
    std::fs::write(
        f.path("templates/article.html"),
        "<html><body>{{ nope.missing }}</body></html>\n",
    )
    .unwrap();
    let mut cs = ChangeSet::default();
    cs.add(&f.root, &f.out, &f.path("templates/article.html"));
    assert!(f.state.apply(&mut cs).is_err());
    assert_eq!(read_tree(&f.out), before);

    // Edits while the template is broken: one in place, one structural.
    f.edit(A, "Đoạn hai.", "Đoạn hai khi mẫu hỏng.");
    f.edit(
        "content/so-1/01-bai-1.md",
        "tags: [",
        "tags: [\"lúc hỏng\", ",
    );
    let mut cs = ChangeSet::default();
    cs.add(&f.root, &f.out, &f.path(A));
    assert!(f.state.apply(&mut cs).is_err());
    let mut cs = ChangeSet::default();
    cs.add(&f.root, &f.out, &f.path("content/so-1/01-bai-1.md"));
    assert!(f.state.apply(&mut cs).is_err());

    std::fs::remove_file(f.path("templates/article.html")).unwrap();
    f.apply(&["templates/article.html"], "template fixed");
}

/// A new `site.yaml` (title, page size, base URL, rubric names) re-links the model in place: a few pages
/// before the reload, the rest later, and then the same files as a full build.
#[test]
fn a_new_site_yaml_matches_a_full_build() {
    let mut f = Fixture::new();
    let config = f.path("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let steps = [
        text.replace("title: \"Thử\"", "title: \"Thử lại\""),
        text.replace("paginate_by: 2", "paginate_by: 3"),
        text.replace("https://example.org/ban-tin/", "https://example.com/"),
        // Another name for a rubric: the rubrics are named again from every file.
        format!("{text}rubrics:\n  - name: Tin tức\n    aliases: [Khoa học]\n"),
        text.clone(),
    ];
    for (n, new) in steps.iter().enumerate() {
        std::fs::write(&config, new).unwrap();
        let mut cs = ChangeSet::default();
        assert!(cs.add(&f.root, &f.out, &config));
        assert!(cs.config);
        let project = Project::open(&f.root).unwrap();
        let o = f.state.reconfigure(project, &mut cs, 4).unwrap();
        assert!(cs.is_empty());
        // Four, and the pages that did not exist (the page size changed back).
        assert!(
            o.rendered <= 24,
            "step {n}: {} rendered before the reload",
            o.rendered
        );
        assert!(
            o.pending > 0,
            "step {n}: every page shows the configuration"
        );
        while f.state.render_some(16).unwrap() > 0 {}
        assert_same_as_full_build(&f.root, &f.out, &format!("site.yaml step {n}"));
    }
}

/// A new `site.yaml` saved with a template, the theme's words and a stylesheet in one
/// batch: the compiled theme and the assets kept for a configuration the theme does not
/// read are not kept when their own files changed too.
#[test]
fn a_new_site_yaml_with_theme_and_asset_edits_matches_a_full_build() {
    let mut f = Fixture::new();
    let config = f.path("site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("title: \"Thử\"", "title: \"Thử lại\""),
    )
    .unwrap();
    let words = f.path("themes/default/i18n/vi.yaml");
    let w = std::fs::read_to_string(&words).unwrap();
    std::fs::write(&words, w.replacen("home: ", "home: Về ", 1)).unwrap();
    let css = f.path("themes/default/static/style.css");
    let c = std::fs::read_to_string(&css).unwrap();
    std::fs::write(&css, c + "\nmain { margin: 0 }\n").unwrap();
    std::fs::create_dir_all(f.path("templates")).unwrap();
    let base = std::fs::read_to_string(f.path("themes/default/templates/article.html")).unwrap();
    std::fs::write(
        f.path("templates/article.html"),
        base.replacen("<main", "<!-- batch --><main", 1),
    )
    .unwrap();
    std::fs::write(f.path("content/so-2/hinh.png"), b"not really a png").unwrap();
    f.apply(
        &[
            "site.yaml",
            "themes/default/i18n/vi.yaml",
            "themes/default/static/style.css",
            "templates/article.html",
            "content/so-2/hinh.png",
        ],
        "site.yaml with theme and asset edits",
    );
    // Then the title alone, with everything else as it now is.
    std::fs::write(&config, text).unwrap();
    f.apply(&["site.yaml"], "site.yaml title back");
}

/// One change set that re-links several bulletins at once (a branch switch): a new
/// article whose slug collides in one bulletin, a tag that folds to another's slug and a
/// moved date in another, an article deleted in a third. The bulletins it does not touch
/// keep what they were linked with; output and warnings match a fresh build.
#[test]
fn a_batch_across_bulletins_matches_a_full_build() {
    let mut f = Fixture::new();
    // A collision in a bulletin the batch does not touch: its warning must stay.
    let twin = article(6, "Bài 1 lại", 7, RUBRICS[0], &["y tế"], "Trùng.");
    std::fs::write(f.path("content/so-1/06-bai-1.md"), twin).unwrap();
    f.apply(&["content/so-1/06-bai-1.md"], "a slug collision in so-1");
    let new = article(7, "Bài trùng", 12, RUBRICS[1], &["Y Tế", "Hà Nội"], "Mới.");
    std::fs::write(f.path("content/so-2/07-bai-6.md"), new).unwrap();
    f.edit(
        "content/so-3/02-bai-12.md",
        "date: 2022-09-17",
        "date: 2022-08-01",
    );
    std::fs::remove_file(f.path("content/so-3/04-bai-14.md")).unwrap();
    let kind = f.apply(
        &[
            "content/so-2/07-bai-6.md",
            "content/so-3/02-bai-12.md",
            "content/so-3/04-bai-14.md",
        ],
        "a batch across bulletins",
    );
    assert_eq!(kind, RebuildKind::Relinked);
    let fresh =
        bantin::engine::Engine::open(Project::open(&f.root).unwrap(), bantin::engine::Mode::Live)
            .unwrap();
    let shown = |w: &[bantin::diag::Diagnostic]| -> Vec<String> {
        w.iter().map(|d| format!("{d:?}")).collect()
    };
    let served = shown(&f.state.site().warnings);
    assert_eq!(served, shown(&fresh.site().warnings));
    assert!(
        served.iter().any(|w| w.contains("06-bai-1.md")),
        "the untouched bulletin's collision is still reported: {served:?}"
    );
    assert!(
        served.iter().any(|w| w.contains("07-bai-6.md")),
        "the new collision is reported: {served:?}"
    );
}

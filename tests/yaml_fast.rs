//! Differential tests of the YAML fast path (`src/yaml/fast.rs`) against serde_yaml.
//!
//! For every input, the fast path must either decline or give exactly serde_yaml's result:
//! the same `serde_json::Value`, the same typed `ArticleMeta` / `BulletinMeta` / `Config`,
//! and `yaml::from_str` (fast path, then fallback) must equal serde_yaml alone, errors
//! included. Inputs: every front matter under `content/` and `tests/fixtures/`, every file
//! of a generated archive, hand-picked edge cases, and generated hostile front matter.

#[path = "../bench/gen_archive/archive.rs"]
mod archive;

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use bantin::content::{split_front_matter, ArticleMeta, BulletinMeta};
use bantin::yaml;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Both paths agree on `text` read as `T`; returns whether the fast path handled it.
fn agree_as<T: DeserializeOwned + PartialEq + Debug>(text: &str) -> bool {
    let slow = yaml::slow_from_str::<T>(text);
    let fast = yaml::fast_from_str::<T>(text);
    if let Some(fast) = &fast {
        match &slow {
            Ok(slow) => assert_eq!(fast, slow, "fast path differs on:\n{text}"),
            Err(e) => panic!("fast path accepted what serde_yaml rejects ({e:?}):\n{text}"),
        }
    }
    // The public entry point gives serde_yaml's result, errors included.
    assert_eq!(
        yaml::from_str::<T>(text),
        slow,
        "from_str differs on:\n{text}"
    );
    fast.is_some()
}

/// Every check on one YAML text; returns whether the fast path read it as a generic value.
fn check(text: &str) -> bool {
    let slow = yaml::slow_from_str::<Value>(text);
    let fast = yaml::fast_to_json_value(text);
    if let Some(fast) = &fast {
        match &slow {
            Ok(slow) => assert_eq!(fast, slow, "fast path differs on:\n{text}"),
            Err(e) => panic!("fast path accepted what serde_yaml rejects ({e:?}):\n{text}"),
        }
    }
    assert_eq!(
        yaml::to_json_value(text),
        slow,
        "to_json_value differs on:\n{text}"
    );
    agree_as::<Value>(text);
    agree_as::<ArticleMeta>(text);
    agree_as::<BulletinMeta>(text);
    agree_as::<bantin::Config>(text);
    agree_as::<std::collections::BTreeMap<String, String>>(text);
    fast.is_some()
}

fn md_files(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    out.sort();
    out
}

/// Checks every front matter under `root`; returns (files with front matter, handled).
fn check_tree(root: &Path) -> (usize, usize) {
    let (mut seen, mut handled) = (0, 0);
    for path in md_files(root) {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(split) = split_front_matter(&text) else {
            continue;
        };
        seen += 1;
        if check(split.yaml) {
            handled += 1;
        } else {
            eprintln!("declined: {}", path.display());
        }
    }
    (seen, handled)
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn content_front_matter_agrees_and_is_all_handled() {
    let (seen, handled) = check_tree(&manifest().join("content"));
    assert!(seen > 20, "{seen}");
    assert_eq!(
        handled, seen,
        "the project's own content should take the fast path"
    );
}

#[test]
fn fixture_front_matter_agrees() {
    let (seen, _) = check_tree(&manifest().join("tests/fixtures"));
    assert!(seen > 10, "{seen}");
    check(&std::fs::read_to_string(manifest().join("site.yaml")).unwrap());
}

#[test]
fn generated_archive_agrees_and_is_all_handled() {
    let seeds = manifest().join("seeds");
    let corpus = archive::load_corpus(&seeds).unwrap();
    let dir = tempfile::tempdir().unwrap();
    archive::generate_with(&archive::Options::new(1500, seeds), &corpus, dir.path()).unwrap();
    let (seen, handled) = check_tree(&dir.path().join("content"));
    assert!(seen > 1500, "{seen}");
    assert_eq!(
        handled, seen,
        "generated front matter should take the fast path"
    );
    check(&std::fs::read_to_string(dir.path().join("site.yaml")).unwrap());
}

/// Edge cases around the subset's borders. Each must agree; those marked `true` must also
/// be handled by the fast path (so the subset does not silently shrink).
#[test]
fn edge_cases_agree() {
    let cases: &[(&str, bool)] = &[
        ("title: A\n", true),
        ("title: A\nweight: 3\nissue: 12\nyear: -3\n", true),
        ("title: 'it''s: #1'\n", true),
        (
            "title: \"a\\\"b\\\\c\\n\\t\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\/\\ \\0\\e\"\n",
            true,
        ),
        ("title: x\ntags: [a, 'b c', \"d\", 12, null]\n", true),
        ("title: x\ntags: []\n", true),
        ("title: x\ntags:\n- a\n- b\n", true),
        ("title: x\ntags:\n  - a\n  - 'b'\nweight: 2\n", true),
        ("title: x\nsource:\n  file: f.txt\n  lines: 1-6\n", true),
        ("title: x\nsource:\n    file: f.txt\n    lines:\n", true),
        ("title: x # c\n", false),
        ("title: 'x' # c\n", true),
        ("title: 'x'# c\n", false),
        (
            "# top\ntitle: x\n\n  # indented\nseries: ~\nissue:\nyear: # c\n",
            true,
        ),
        (
            "title: x\n  # comment after a plain scalar\nseries: z\n",
            true,
        ),
        ("title: x\n  continued\n", false),
        ("title: x\n\n  continued\n", false),
        ("title: x\ntags:\n  - a\n    b\n", false),
        ("title: x\ntags:\n  - a\n - b\n", false),
        ("title: x\ntags:\n  - a\nb: c\n", true),
        ("title: x\ntags:\n- a\n  - b\n", false),
        ("title: x\nsource:\n  file: a\n   lines: b\n", false),
        ("title: x\nsource:\n  file: a\n  - b\n", false),
        ("title: x\ntitle: y\n", false),
        ("title: x\nsource:\n  file: a\n  file: b\n", false),
        ("  title: x\n", false),
        ("title: yes\n", false),
        ("title: No\n", false),
        ("title: True\n", false),
        ("title: TRUE\n", false),
        ("title: Null\n", true),
        ("title: NULL\n", true),
        ("title: 007\n", false),
        ("title: -0\n", false),
        ("title: +3\n", false),
        ("title: 0x1F\n", false),
        ("title: 1e3\n", false),
        ("title: 1.5\n", false),
        ("title: .inf\n", false),
        ("title: nan\n", false),
        ("title: inf\n", false),
        ("title: 1_000\n", true),
        ("title: 12345678901234567890\n", false),
        ("title: 2022-09-15T16:27:00+07:00\n", true),
        ("title: 2022-09-15\n", true),
        ("title: a: b\n", false),
        ("title: a:b\n", true),
        ("title: a:\n", false),
        ("title: a #b\n", false),
        ("title: a#b\n", true),
        ("title: C# [x] {y}, z\n", true),
        ("title: -a\n", false),
        ("title: - a\n", false),
        ("title: ?a\n", false),
        ("title: &a x\nseries: *a\n", false),
        ("title: !!str 12\n", false),
        ("title: |\n  x\n", false),
        ("title: >\n  x\n", false),
        ("title: {a: b}\n", false),
        ("title: [a, b,]\n", false),
        ("title: [a, , b]\n", false),
        ("title: [a: b]\n", false),
        ("title: [a, [b]]\n", false),
        ("title: ['a' b]\n", false),
        ("title: \"unclosed\n", false),
        ("title: 'multi\n  line'\n", false),
        ("title:\tx\n", false),
        ("title: x\r\n", false),
        ("title: \u{feff}x\n", false),
        ("title: a\u{2028}b\n", false),
        ("title: a\u{85}b\n", false),
        ("title: a\u{a0}\n", true),
        ("title: Bản tin số 03 – năm 2022 “KH&CN” …\n", true),
        ("title: x\n---\n", false),
        ("title: x\n...\n", false),
        ("%YAML 1.2\n---\ntitle: x\n", false),
        ("\"title\": x\n", false),
        ("title : x\n", false),
        ("title:x\n", false),
        ("null: x\n", false),
        ("yes: x\n", false),
        ("12: x\n", false),
        ("title: x\nweight: many\n", true),
        ("title: x\ntags:\n", true),
        ("title: x\ntags:\n-\n", false),
        ("title: x\ntags:\n- \n", false),
        ("title: \"\\uD800\"\n", false),
        ("title: \"\\q\"\n", false),
        ("title: \"\\x4\"\n", false),
        ("", false),
        ("# only a comment\n", false),
        ("title\n", false),
        ("- a\n- b\n", false),
        ("title: x\nsource:\n  file:\n    deep: y\n", false),
        ("title: ''\nseries: \"\"\n", true),
        ("title: '~'\nseries: 'null'\nissue: '12'\n", true),
        ("title: x\nmood: calm\nlevel: 3\nflag: false\n", true),
        ("base_url: https://example.org/\ntitle: x\n", true),
    ];
    let long_key = format!("title: x\n{}: y\n", "k".repeat(1100));
    assert!(!check(&long_key));
    for (text, must_handle) in cases {
        let handled = check(text);
        if *must_handle {
            assert!(handled, "the fast path should handle:\n{text}");
        }
    }
}

// ------------------------------------------------------------------------------ proptest

/// Words and fragments that are hard for a YAML reader.
const HOSTILE: &[&str] = &[
    "yes",
    "no",
    "Yes",
    "NO",
    "on",
    "off",
    "y",
    "n",
    "null",
    "Null",
    "NULL",
    "~",
    "true",
    "false",
    "True",
    "FALSE",
    "0",
    "12",
    "-3",
    "-0",
    "007",
    "+5",
    "0x1F",
    "0o17",
    "0b101",
    "1e3",
    "1.5",
    ".5",
    "5.",
    ".inf",
    "-.inf",
    ".nan",
    "inf",
    "nan",
    "1_000",
    "99999999999999999999",
    "2022-09-15",
    "2022-09-15T16:27:00+07:00",
    "1-6",
    "a: b",
    "a:b",
    "a:",
    ":a",
    "a #b",
    "a#b",
    "#x",
    "'",
    "''",
    "\"",
    "\\",
    "\\n",
    "-",
    "- x",
    "-x",
    "?",
    "? x",
    "?x",
    "*x",
    "&a",
    "!t",
    "!!str",
    "|",
    ">",
    "%",
    "@",
    "`",
    "[a]",
    "{a}",
    ",",
    "a, b",
    "]",
    "}",
    " ",
    "  lead",
    "trail ",
    "Ảnh: TTXVN",
    "Bắc Giang",
    "KH&CN",
    "“q”",
    "…",
    "\u{a0}",
    "\u{85}",
    "\u{2028}",
    "\u{feff}",
    "\t",
    "\r",
    "\n",
    "---",
    "...",
    "é",
    "😀",
    "title",
];

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(HOSTILE).prop_map(str::to_string),
        4 => "[a-zA-Z0-9àảãáạăằắâầấđèéêềếìíòóôồốơờớùúưừứýĐẢ ]{1,10}",
        2 => "[a-zA-Z0-9 ]{0,8}",
        2 => "[-a-z0-9 :#'\"?*&!|>%@`\\[\\]{},.~+_]{0,8}",
        1 => "\\PC{0,6}",
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(atom(), 1..4).prop_map(|v| v.concat())
}

/// How a scalar is written.
fn scalar() -> impl Strategy<Value = String> {
    (text(), 0..6u8).prop_map(|(s, style)| match style {
        0 | 1 => s,
        2 => format!("'{}'", s.replace('\'', "''")),
        3 => archive::yaml_quote(&s),
        4 => format!("\"{s}\""),
        _ => format!("'{s}'"),
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(&[
            "title", "date", "section", "authors", "byline", "tags", "summary", "captions",
            "weight", "source", "series", "issue", "year", "publisher", "title_inferred",
            "date_estimated", "mood", "file", "lines",
        ][..]).prop_map(str::to_string),
        1 => text(),
    ]
}

/// One top-level entry, as lines.
fn entry() -> impl Strategy<Value = Vec<String>> {
    let indent = proptest::sample::select(&["", " ", "  ", "    "][..]);
    let comment = proptest::sample::select(&["", "", "", " # c", "# c", "  #"][..]);
    prop_oneof![
        4 => (key(), scalar(), comment.clone()).prop_map(|(k, v, c)| vec![format!("{k}: {v}{c}")]),
        1 => (key(), comment.clone()).prop_map(|(k, c)| vec![format!("{k}:{c}")]),
        2 => (key(), proptest::collection::vec(scalar(), 0..4), comment).prop_map(|(k, v, c)| {
            vec![format!("{k}: [{}]{c}", v.join(", "))]
        }),
        2 => (key(), indent.clone(), proptest::collection::vec((scalar(), indent.clone()), 1..4))
            .prop_map(|(k, ind, items)| {
                let mut out = vec![format!("{k}:")];
                for (v, other) in items {
                    // Mostly one indentation, sometimes a stray one.
                    let i = if v.len() % 5 == 0 { other } else { ind };
                    out.push(format!("{i}- {v}"));
                }
                out
            }),
        2 => (key(), indent, proptest::collection::vec((key(), scalar()), 1..3)).prop_map(
            |(k, ind, subs)| {
                let mut out = vec![format!("{k}:")];
                let ind = if ind.is_empty() { "  " } else { ind };
                for (sk, sv) in subs {
                    out.push(format!("{ind}{sk}: {sv}"));
                }
                out
            }
        ),
        1 => proptest::sample::select(&["", "# note", "  # note", "   ", "  continued", "- x"][..])
            .prop_map(|s| vec![s.to_string()]),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    (
        scalar(),
        any::<bool>(),
        proptest::collection::vec(entry(), 0..7),
    )
        .prop_map(|(title, with_title, entries)| {
            let mut out = String::new();
            if with_title {
                out.push_str("title: ");
                out.push_str(&title);
                out.push('\n');
            }
            for line in entries.into_iter().flatten() {
                out.push_str(&line);
                out.push('\n');
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn generated_front_matter_agrees(text in front_matter()) {
        check(&text);
    }

    #[test]
    fn single_scalars_agree(s in scalar()) {
        check(&format!("title: {s}\n"));
        check(&format!("title: x\ntags: [{s}]\n"));
        check(&format!("title: x\ntags:\n  - {s}\n"));
        check(&format!("title: x\nsource:\n  file: {s}\n"));
    }
}

/// The generated cases are not all declined: enough of them take the fast path (and so are
/// compared with serde_yaml above) for the property tests to mean something.
#[test]
fn generated_front_matter_often_takes_the_fast_path() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = front_matter();
    let (mut handled, mut typed, total) = (0, 0, 2000);
    for _ in 0..total {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        if check(&text) {
            handled += 1;
        }
        if yaml::fast_from_str::<ArticleMeta>(&text).is_some() {
            typed += 1;
        }
    }
    eprintln!("fast path: {handled}/{total} as values, {typed}/{total} as ArticleMeta");
    assert!(handled * 6 > total, "{handled}/{total}");
    assert!(typed * 20 > total, "{typed}/{total}");
}

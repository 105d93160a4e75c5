//! A short run of every fuzz target (the long runs are `examples/fuzz.rs`, see
//! docs/RELIABILITY.md), and the inputs earlier runs found, kept as regressions.

use std::path::PathBuf;
use std::time::Duration;

use bantin::fuzzing::{load_corpus, run, run_one, Harness, Outcome, Target};

#[test]
fn every_target_survives_a_short_run() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = load_corpus(&[root.join("seeds"), root.join("content")]);
    assert!(!corpus.is_empty());
    for t in Target::ALL {
        let inputs = if t == Target::Feeds { 60 } else { 400 };
        let s = run(
            t,
            &corpus,
            7,
            inputs,
            Duration::from_secs(60),
            Duration::from_secs(2),
        )
        .unwrap();
        assert_eq!(s.inputs, inputs, "{}", t.name());
        assert!(
            s.panics == 0 && s.failures == 0 && s.slow == 0,
            "{}: {:?}",
            t.name(),
            s.findings
                .iter()
                .map(|(i, w)| (String::from_utf8_lossy(i).into_owned(), w.clone()))
                .collect::<Vec<_>>()
        );
    }
}

/// Inputs that once broke an invariant (from the issue and from fuzz runs).
#[test]
fn regressions() {
    let cases: &[(Target, &[u8])] = &[
        (Target::Convert, b". T"),
        (Target::Convert, b""),
        (Target::Markdown, b"[a](javascript:alert(1))"),
        (
            Target::Markdown,
            b"[a](&#106;avascript:x) <vbscript:x> ![i](data:text/html,x)",
        ),
        (Target::Markdown, b"[r]\n\n[r]: JAVA\tSCRIPT:x"),
        (
            Target::Feeds,
            "T\u{FFFE}\u{1e}s\u{FFFF}\u{1e}b\u{1}".as_bytes(),
        ),
        (Target::FrontMatter, b"---\ntitle: null\n---\n"),
        (
            Target::FrontMatter,
            b"---\ntitle: x\ndate: 2022-09-15T16:27:00.123456+07:00\n---\n",
        ),
        (Target::Http, b"/../secret.txt"),
        (Target::Http, b"/%2e%2e/secret.txt"),
        (Target::Http, b"/so-1/..%2f..%2fsecret.txt"),
    ];
    for &(t, input) in cases {
        let h = Harness::new(t).unwrap();
        match run_one(&h, t, input) {
            Outcome::Ok => {}
            other => panic!(
                "{} on {:?}: {other:?}",
                t.name(),
                String::from_utf8_lossy(input)
            ),
        }
    }
}

//! The converter on damaged or differently encoded input: the same content from CRLF,
//! BOM, NFD and Windows-1258 copies of a seed; clear errors for empty and chrome-only
//! files; and no panic on any bytes at all.

use std::path::{Path, PathBuf};

use bantin::ingest::convert::encode_windows_1258;
use bantin::ingest::store::planned_files;
use bantin::ingest::{convert, IngestError, Vocabulary};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

fn vocab() -> &'static Vocabulary {
    static V: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
    V.get_or_init(Vocabulary::builtin)
}

fn seeds() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn files(bytes: &[u8]) -> Vec<(String, String)> {
    let c = convert("seeds/x.txt", Path::new("seeds/x.txt"), bytes, vocab()).unwrap();
    planned_files(&c).unwrap()
}

fn assert_same(name: &str, seed: &Path, variant: &[u8]) {
    let original = files(&std::fs::read(seed).unwrap());
    let got = files(variant);
    assert_eq!(
        original.len(),
        got.len(),
        "{name} of {}: article count",
        seed.display()
    );
    for ((n1, t1), (n2, t2)) in original.iter().zip(&got) {
        assert_eq!(n1, n2, "{name} of {}", seed.display());
        assert_eq!(t1, t2, "{name} of {}: {n1}", seed.display());
    }
}

#[test]
fn crlf_cr_and_bom_give_the_same_content() {
    for seed in seeds() {
        let text = std::fs::read_to_string(&seed).unwrap();
        assert_same("CRLF", &seed, text.replace('\n', "\r\n").as_bytes());
        assert_same("CR", &seed, text.replace('\n', "\r").as_bytes());
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_same("BOM", &seed, &bom);
        let spaced: String = text.lines().map(|l| format!("{l} \u{a0}\t\n")).collect();
        assert_same("trailing blanks", &seed, spaced.as_bytes());
    }
}

#[test]
fn nfd_gives_the_same_content() {
    for seed in seeds() {
        let text = std::fs::read_to_string(&seed).unwrap();
        let nfd: String = text.nfd().collect();
        assert_ne!(nfd, text);
        assert_same("NFD", &seed, nfd.as_bytes());
    }
}

#[test]
fn windows_1258_gives_the_same_content_and_a_warning() {
    for seed in seeds() {
        let text = std::fs::read_to_string(&seed).unwrap();
        let bytes = encode_windows_1258(&text).expect("seed text fits Windows-1258");
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_same("Windows-1258", &seed, &bytes);
        let c = convert("x", Path::new("x.txt"), &bytes, vocab()).unwrap();
        assert!(c
            .warnings
            .iter()
            .any(|w| w.message.contains("Windows-1258")));
    }
}

#[test]
fn empty_and_chrome_only_files_have_no_content() {
    let vocab = vocab();
    for bytes in [&b""[..], b"\n\n  \n", "\u{feff}\u{a0}\n|\n".as_bytes()] {
        match convert("x", Path::new("x.txt"), bytes, vocab) {
            Err(IngestError::NoContent { message, .. }) => {
                assert!(message.contains("empty"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
    let chrome = "Trang chủ > Tin tức\nTìm kiếm\nCác tin khác\n- 13-06-2022Hải Phòng thí điểm tiếp nhận hồ sơ\nThống kê truy cập\nHôm nay: 935\nBản quyền thuộc Sở KH&CN\n| |\n";
    match convert("x", Path::new("x.txt"), chrome.as_bytes(), vocab) {
        Err(IngestError::NoContent { message, .. }) => {
            assert!(message.contains("chrome"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn binary_is_a_decode_error_with_an_offset() {
    match convert("x", Path::new("x.txt"), b"Bai\x00\x01\x02", vocab()) {
        Err(IngestError::Decode { offset, .. }) => assert_eq!(offset, 3),
        other => panic!("{other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = convert("x", Path::new("x.txt"), &bytes, vocab());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[ -~\\n\\r|*:/()0-9ạảấầẩẫậăắằẳẵặđĐÂÊÔƠƯ\u{a0}\u{300}\u{301}]{0,600}") {
        let _ = convert("x", Path::new("x.txt"), text.as_bytes(), vocab());
    }

    #[test]
    fn shuffled_seed_lines_never_panic(seed_idx in 0usize..5, picks in proptest::collection::vec(0usize..400, 0..80)) {
        let seeds = seeds();
        let text = std::fs::read_to_string(&seeds[seed_idx % seeds.len()]).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mixed: Vec<&str> = picks.iter().map(|&i| lines[i % lines.len()]).collect();
        let _ = convert("x", Path::new("x.txt"), mixed.join("\n").as_bytes(), vocab());
    }
}

//! `bantin ingest --explain`: every source line's role, article and why, for editors and
//! (with `--json`) for tools.

use std::path::PathBuf;
use std::process::Command;

fn seed(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap()
}

#[test]
fn explain_json_gives_each_line_a_role() {
    let out = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(["--quiet", "ingest", "--explain", "--json"])
        .arg(seed("003_"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let lines = doc["lines"].as_array().unwrap();
    let role = |no: u64| {
        lines
            .iter()
            .find(|l| l["line"] == no)
            .map(|l| l["role"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    // `Thứ Bảy, 23/11/2024` (the day the page was copied: chrome) / `Khoa giáo` /
    // `Thứ Hai, 23/12/2019 16:6'(GMT+7)` (the publication date) / title.
    assert_eq!(role(1), "noise");
    assert_eq!(role(2), "section");
    assert_eq!(role(3), "meta");
    assert_eq!(role(5), "title");
    // `(Ảnh minh họa)` twice, then an ALL-CAPS subheading and running text.
    assert_eq!(role(7), "caption");
    assert_eq!(role(9), "caption");
    assert_eq!(role(11), "sub");
    assert_eq!(role(13), "para");
    let title = lines.iter().find(|l| l["line"] == 5).unwrap();
    assert_eq!(title["article"], 0);
    assert!(!title["why"].as_str().unwrap().is_empty());
    // Blank lines have no entry; every entry has a role.
    assert!(lines
        .iter()
        .all(|l| !l["text"].as_str().unwrap().is_empty()));
}

#[test]
fn explain_text_lists_line_role_article_and_why() {
    let out = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(["--quiet", "ingest", "--explain"])
        .arg(seed("003_"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let title = text
        .lines()
        .find(|l| l.trim_start().starts_with("5 "))
        .unwrap();
    let cols: Vec<&str> = title.split_whitespace().collect();
    assert_eq!(&cols[..3], &["5", "title", "1"]);
}

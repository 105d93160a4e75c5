//! A small driver for integration tests: a temporary archive and the real `bantin` binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary archive that tests build, edit and inspect through the real binary.
pub(crate) struct Archive {
    dir: tempfile::TempDir,
}

/// The repository root (where Cargo.toml is).
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copy the folder `from` to `to`, files and sub-folders.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

impl Archive {
    /// A copy of the shipped archive: `site.yaml`, `seeds/` and `themes/` (no `content/`,
    /// so the test sees what ingest makes of the seeds).
    pub(crate) fn from_seeds() -> Archive {
        let a = Archive {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::copy(repo().join("site.yaml"), a.path().join("site.yaml")).unwrap();
        copy_dir(&repo().join("seeds"), &a.path().join("seeds"));
        copy_dir(&repo().join("themes"), &a.path().join("themes"));
        a
    }

    /// An archive with only a config, for tests that write their own content.
    pub(crate) fn with_config(config: &str) -> Archive {
        let a = Archive {
            dir: tempfile::tempdir().unwrap(),
        };
        a.write("site.yaml", config);
        a
    }

    /// The archive's root.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write a file (creating folders).
    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// Read a file as text.
    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Whether a file exists.
    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// Run `bantin ARGS --root <archive>` and return its output, whatever the exit code.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_bantin"))
            .args(args)
            .arg("--root")
            .arg(self.path())
            .output()
            .expect("bantin runs")
    }

    /// Run and require success; returns stdout and stderr together.
    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "bantin {args:?} failed:\n{text}");
        text
    }

    /// Run and require failure; returns stderr.
    pub(crate) fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let text = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            !out.status.success(),
            "bantin {args:?} should fail:\n{text}"
        );
        assert!(!text.contains("panicked"), "bantin panicked:\n{text}");
        text
    }

    /// Parse an output HTML page.
    pub(crate) fn html(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(rel))
    }

    /// Every file under `rel` with its bytes, keyed by relative path.
    pub(crate) fn tree(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        files_under(&self.path().join(rel))
    }
}

/// Every `href` of the elements matching `selector`.
pub(crate) fn hrefs(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr("href").map(str::to_string))
        .collect()
}

/// Text of the first element matching `selector`.
pub(crate) fn text(doc: &scraper::Html, selector: &str) -> Option<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_string())
}

/// Output file for a root-relative link such as `/a/b/` (base path `/`).
pub(crate) fn page_file(link: &str) -> String {
    let l = link.trim_start_matches('/');
    if l.is_empty() {
        "public/index.html".into()
    } else if l.ends_with('/') {
        format!("public/{l}index.html")
    } else {
        format!("public/{l}")
    }
}

/// Every file under `dir` (relative path with `/`) and its bytes, for comparing trees.
pub(crate) fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A small archive with known structure: two issues, rubrics, tags, one hostile title.
pub(crate) fn small_archive() -> Archive {
    let a = Archive::with_config(
        "title: Thử nghiệm\nbase_url: https://example.org/\nlanguage: vi\npaginate_by: 2\n",
    );
    a.write(
        "content/so-1/_index.md",
        "---\ntitle: Bản tin số 1 năm 2022\nseries: Bản tin\nissue: 1\nyear: 2022\ndate: 2022-03-01T08:00:00+07:00\npublisher: null\nsource: seeds/a.txt\n---\n",
    );
    a.write(
        "content/so-1/01-mua-xuan.md",
        "---\ntitle: Mùa xuân ở Quảng Ninh\ndate: 2022-03-01T08:00:00+07:00\nsection: Những vấn đề chung\nauthors: [Hương Anh]\nbyline: 'Bài, ảnh: Hương Anh'\ntags: [Quảng Ninh, Chuyển đổi số]\nsummary: Mùa xuân về.\ncaptions: [Hoa đào nở]\nweight: 1\n---\n\nĐoạn một.\n\n*Hoa đào nở*\n\n## Tiểu mục\n\nĐoạn hai.\n",
    );
    a.write(
        "content/so-1/02-script.md",
        "---\ntitle: \"<script>alert(1)</script> Tin & tức\"\ndate: 2022-03-01T09:00:00+07:00\nsection: Những vấn đề chung\ntags: [Quảng Ninh]\nweight: 2\n---\n\nNội dung.\n",
    );
    a.write(
        "content/so-2/_index.md",
        "---\ntitle: Bản tin số 2 năm 2022\nissue: 2\nyear: 2022\ndate: 2022-04-01T08:00:00+07:00\n---\n",
    );
    a.write(
        "content/so-2/01-mua.md",
        "---\ntitle: Mùa mưa\ndate: 2022-04-01T08:00:00+07:00\nsection: Phổ biến kiến thức\ntags: [Mưa, Mua]\nweight: 1\n---\n\n```rust\nfn main() {}\n```\n",
    );
    a
}

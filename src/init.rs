//! `bantin init DIR`: a new, working archive.
//!
//! The new archive uses the theme built into bantin (no frozen copy that would miss later
//! fixes); `templates/` is there for the site's own overrides, file by file.

use std::path::{Path, PathBuf};

use crate::output::{write_atomic, OutputError};

/// The sample seed a new archive starts with (one of the shipped bulletins).
const SAMPLE_SEED: &str = include_str!("../seeds/000_776530cc828cd125.txt");

const TEMPLATES_README: &str = "\
# Template overrides

This folder overrides the templates of the theme built into bantin, one file at a time.
To change a page, copy the template of the same name from bantin's
`themes/default/templates/` (for example `article.html` or `base.html`) into this folder
and edit it; every template you do not copy keeps coming from the built-in theme, so it
gets the fixes of newer bantin versions.

`bantin serve` reloads the preview when a file here changes.
";

/// Why `init` refused.
#[derive(Debug, thiserror::Error)]
#[error(
    "refusing to create an archive in {}: the folder is not empty. Choose a new or empty \
     folder, or pass --force to add the archive's files there (existing files are kept)",
    .0.display()
)]
pub struct NotEmpty(pub PathBuf);

/// Why `init` did not create the archive.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The folder is not empty and `--force` was not given.
    #[error(transparent)]
    NotEmpty(#[from] NotEmpty),
    /// The path exists and is not a folder, or could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path given.
        path: PathBuf,
        /// What is wrong with it.
        source: std::io::Error,
    },
    /// A file of the new archive could not be written.
    #[error(transparent)]
    Write(#[from] OutputError),
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct InitReport {
    /// Files written, relative to the archive.
    pub created: Vec<String>,
    /// Files that already existed and were left as they were (`--force` only).
    pub kept: Vec<String>,
}

/// Create a new archive in `dir`: `site.yaml`, `seeds/` with one sample text, `content/`,
/// an empty `templates/` (with a note on overrides) and a `.gitignore`. Refuses a
/// non-empty folder unless `force`; even then no existing file is overwritten.
pub fn init(dir: &Path, title: &str, force: bool) -> Result<InitReport, InitError> {
    let non_empty = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
    if non_empty && !force {
        return Err(NotEmpty(dir.to_path_buf()).into());
    }
    if dir.exists() && !dir.is_dir() {
        return Err(InitError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "not a folder"),
        });
    }
    let mut report = InitReport::default();
    let mut put = |rel: &str, bytes: &[u8]| -> Result<(), InitError> {
        let path = dir.join(rel);
        if path.exists() {
            report.kept.push(rel.to_string());
            return Ok(());
        }
        write_atomic(&path, bytes)?;
        report.created.push(rel.to_string());
        Ok(())
    };
    let title_yaml = serde_json::to_string(title).expect("string serializes");
    put(
        "site.yaml",
        format!(
            "title: {title_yaml}\n\
             # Where the site will live; a sub-path such as https://example.org/ban-tin/ works.\n\
             base_url: \"https://example.org/\"\n\
             language: vi\n"
        )
        .as_bytes(),
    )?;
    put(".gitignore", b"/public\n/target\n")?;
    put("seeds/ban-tin-mau.txt", SAMPLE_SEED.as_bytes())?;
    put("content/.gitkeep", b"")?;
    put("templates/README.md", TEMPLATES_README.as_bytes())?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_non_empty_folder_unless_forced_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), "mine").unwrap();
        assert!(matches!(
            init(dir.path(), "T", false),
            Err(InitError::NotEmpty(_))
        ));
        let r = init(dir.path(), "T", true).unwrap();
        assert_eq!(r.kept, ["site.yaml"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("site.yaml")).unwrap(),
            "mine"
        );
        assert!(dir.path().join("seeds/ban-tin-mau.txt").exists());
        assert!(!dir.path().join("themes").exists(), "no frozen theme copy");
    }
}

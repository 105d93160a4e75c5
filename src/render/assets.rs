//! Files published as they are: the archive's `static/` folder, and images and
//! attachments placed next to the articles in `content/<bulletin>/`.
//!
//! `static/<path>` is published at `<path>` (favicon, `CNAME`, `.nojekyll`, logos, PDFs);
//! `content/<bulletin>/<path>` (anything but Markdown and dotfiles) at `<bulletin>/<path>`,
//! beside the issue page, so an article's `![caption](photo.jpg)` and an issue's
//! `pdf: so-18.pdf` resolve to it. Width and height of PNG, JPEG, GIF and WebP images are
//! read from their headers for the `<img>` tags.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::RenderError;

/// Width and height in pixels, when the file is an image whose header says so.
pub type Size = Option<(u32, u32)>;

/// One file to publish as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Site-relative output path.
    pub output: String,
    /// The file on disk.
    pub source: PathBuf,
    /// Where it comes from, for messages (`static/CNAME`, `content/so-1/anh.jpg`).
    pub origin: String,
}

/// Every file published as it is, and the images of each bulletin folder.
#[derive(Debug, Default)]
pub struct Assets {
    /// Files to copy.
    pub files: Vec<Asset>,
    /// By bulletin folder: path inside the folder → image size.
    pub by_folder: HashMap<String, BTreeMap<String, Size>>,
}

impl Assets {
    /// A fingerprint of what pages and the static job read of the assets: each file's
    /// path, size and modification time, and every image size (see [`super::deps`]).
    pub fn fingerprint(&self) -> u128 {
        let mut f = super::deps::Fp::new();
        for a in &self.files {
            f.str(&a.output).str(&a.origin);
            let meta = std::fs::metadata(&a.source).ok();
            f.debug(&meta.as_ref().map(|m| (m.len(), m.modified().ok())));
        }
        let mut folders: Vec<_> = self.by_folder.iter().collect();
        folders.sort();
        f.debug(&folders);
        f.finish()
    }
}

fn hidden(rel: &str) -> bool {
    rel.split('/').any(|c| c.starts_with('.'))
}

/// Every file under `dir` (site-relative path with `/`, and where it is), sorted by name;
/// nothing when `dir` does not exist.
pub(super) fn walk(dir: &Path) -> Result<Vec<(String, PathBuf)>, RenderError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| RenderError::new(format!("{}: {e}", dir.display())))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        out.push((rel, entry.path().to_path_buf()));
    }
    Ok(out)
}

impl Assets {
    /// Find the assets of the archive at `root`. `theme_static` are the theme's own static
    /// files: a file of `static/` with the same path is an error that names both.
    pub fn load(root: &Path, theme_static: &[String]) -> Result<Assets, RenderError> {
        let mut assets = Assets::default();
        for (rel, source) in walk(&root.join("static"))? {
            if theme_static.contains(&rel) {
                return Err(RenderError::new(format!(
                    "static/{rel} and the theme's static/{rel} would both be published as \
                     `{rel}`; rename one, or override the theme's file in \
                     themes/<theme>/static/ instead"
                )));
            }
            assets.files.push(Asset {
                output: rel.clone(),
                source,
                origin: format!("static/{rel}"),
            });
        }
        let content = root.join("content");
        let Ok(folders) = std::fs::read_dir(&content) else {
            return Ok(assets);
        };
        let mut folders: Vec<PathBuf> = folders
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        folders.sort();
        for folder in folders {
            let Some(name) = folder.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let mut images = BTreeMap::new();
            for (rel, source) in walk(&folder)? {
                // Not Markdown, ingest records, editor backups or temporary files.
                let skipped = rel.split('/').any(crate::engine::changes::is_ignored_name);
                if hidden(&rel) || skipped || rel.ends_with(".md") || rel.ends_with(".orig") {
                    continue;
                }
                images.insert(rel.clone(), image_size(&source));
                assets.files.push(Asset {
                    output: format!("{name}/{rel}"),
                    source,
                    origin: format!("content/{name}/{rel}"),
                });
            }
            if !images.is_empty() {
                assets.by_folder.insert(name.to_string(), images);
            }
        }
        Ok(assets)
    }

    /// The files of one bulletin folder (empty when it has none).
    pub fn folder(&self, name: &str) -> Option<&BTreeMap<String, Size>> {
        self.by_folder.get(name)
    }

    /// Where each output path comes from.
    pub fn origins(&self) -> HashMap<String, String> {
        self.files
            .iter()
            .map(|a| (a.output.clone(), a.origin.clone()))
            .collect()
    }
}

/// Width and height from the first bytes of a PNG, GIF, JPEG or WebP file.
pub fn image_size(path: &Path) -> Size {
    use std::io::Read;
    let mut f = std::fs::File::open(path).ok()?;
    let mut head = vec![0u8; 64 * 1024];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(_) => return None,
        }
    }
    size_of(&head[..n])
}

fn be16(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?])))
}

fn le16(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes([*b.get(i)?, *b.get(i + 1)?])))
}

fn le24(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes([
        *b.get(i)?,
        *b.get(i + 1)?,
        *b.get(i + 2)?,
        0,
    ]))
}

/// Width and height from an image's header bytes.
pub fn size_of(b: &[u8]) -> Size {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.get(12..16) == Some(b"IHDR") {
        let w = u32::from_be_bytes(b.get(16..20)?.try_into().ok()?);
        let h = u32::from_be_bytes(b.get(20..24)?.try_into().ok()?);
        return Some((w, h));
    }
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        return Some((le16(b, 6)?, le16(b, 8)?));
    }
    if b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        return match b.get(12..16)? {
            b"VP8 " => Some((le16(b, 26)? & 0x3fff, le16(b, 28)? & 0x3fff)),
            b"VP8L" => {
                let v = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
                Some(((v & 0x3fff) + 1, ((v >> 14) & 0x3fff) + 1))
            }
            b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
            _ => None,
        };
    }
    if b.starts_with(&[0xff, 0xd8]) {
        let mut i = 2;
        while i + 4 <= b.len() {
            if b[i] != 0xff {
                return None;
            }
            let marker = b[i + 1];
            if marker == 0xff {
                i += 1;
                continue;
            }
            if marker == 0xd8 || marker == 0x01 || (0xd0..=0xd7).contains(&marker) {
                i += 2;
                continue;
            }
            let len = be16(b, i + 2)? as usize;
            let sof = matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
            if sof {
                return Some((be16(b, i + 7)?, be16(b, i + 5)?));
            }
            i += 2 + len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sizes_from_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(size_of(&png), Some((640, 480)));
        let gif = b"GIF89a\x20\x03\x58\x02rest";
        assert_eq!(size_of(gif), Some((800, 600)));
        // SOI, an APP0 segment, then SOF0 with height 300 and width 400.
        let jpeg = [
            0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01,
            0x2c, 0x01, 0x90, 0x03,
        ];
        assert_eq!(size_of(&jpeg), Some((400, 300)));
        assert_eq!(size_of(b"%PDF-1.4"), None);
        assert_eq!(size_of(&[0xff, 0xd8, 0xff]), None);
    }
}

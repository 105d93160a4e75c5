//! Placeholder converter: replaced by the real one (see `ingest::convert` docs).

use std::path::Path;

use super::IngestError;
use crate::content::{ArticleMeta, BulletinMeta, SourceRef};
use crate::diag::Diagnostic;

/// One bulletin converted from a raw text, ready to be written as content files.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    /// Front matter of `_index.md`.
    pub bulletin: BulletinMeta,
    /// Body of `_index.md`.
    pub intro: String,
    /// The articles, in order.
    pub articles: Vec<ConvertedArticle>,
    /// What the converter was unsure about, with the seed's lines.
    pub warnings: Vec<Diagnostic>,
}

/// One article of a [`Converted`] bulletin.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertedArticle {
    /// Front matter.
    pub meta: ArticleMeta,
    /// Markdown body.
    pub body: String,
}

/// Convert one raw text. `label` is the seed path recorded in `source` fields; `path` is
/// used in messages.
pub fn convert(label: &str, path: &Path, bytes: &[u8]) -> Result<Converted, IngestError> {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let Some(first) = lines.iter().position(|l| !l.is_empty()) else {
        return Err(IngestError::NoContent {
            path: path.to_path_buf(),
            message: "the file is empty".into(),
        });
    };
    let title = lines[first].to_string();
    let body = lines[first + 1..]
        .iter()
        .filter(|l| !l.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n\n");
    let meta = ArticleMeta {
        title: title.clone(),
        date: None,
        section: None,
        authors: vec![],
        byline: None,
        tags: vec![],
        summary: None,
        captions: vec![],
        weight: 1,
        source: Some(SourceRef {
            file: label.to_string(),
            lines: Some(format!("{}-{}", first + 1, lines.len())),
        }),
        title_inferred: false,
        date_estimated: false,
        extra: Default::default(),
    };
    Ok(Converted {
        bulletin: BulletinMeta {
            title,
            series: None,
            issue: None,
            year: None,
            date: None,
            publisher: None,
            source: Some(label.to_string()),
            title_inferred: false,
            date_estimated: false,
            extra: Default::default(),
        },
        intro: String::new(),
        articles: vec![ConvertedArticle { meta, body }],
        warnings: vec![Diagnostic::new(path, "placeholder converter")],
    })
}

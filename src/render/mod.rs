//! Site model → bytes: HTML pages through tera templates, feeds, sitemap.

pub mod markdown;

/// A template or page that failed to render.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct RenderError {
    /// What went wrong.
    pub message: String,
}

//! bantin: a static site generator for bulletin archives.
//!
//! The crate is laid out as the pipeline it implements:
//!
//! ```text
//! seeds/*.txt ──ingest──▶ content/**/*.md ──content──▶ site model ──render──▶ pages ──output──▶ public/
//! ```
//!
//! - [`ingest`] turns raw bulletin texts into the content model (Markdown + YAML front matter),
//!   never overwriting a file an editor changed.
//! - [`content`] reads `content/` back into plain data ([`content::Bulletin`], [`content::Article`]).
//! - [`site`] links that data into the archive: URLs, rubrics, tags, date archives, pagination.
//! - [`render`] turns the site model into bytes: HTML through tera templates, feeds, sitemap.
//! - [`output`] writes those bytes: a staged build swapped in whole, or the preview in place.
//! - [`engine`] runs those stages for `build`, `serve` and tests alike, and after a change
//!   says which pages are stale (their declared inputs changed) and renders them.
//! - [`serve`] sits on top: a local preview that watches, applies changes and reloads.
//!
//! [`build()`] runs the whole pipeline for a [`Project`].

pub mod build;
pub mod check;
pub mod commands;
pub mod config;
pub mod content;
pub mod diag;
pub mod engine;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod ingest;
pub mod init;
pub mod output;
pub mod project;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod xmlcheck;
pub mod yaml;

pub use build::{build, BuildOptions, BuildReport};
pub use config::Config;
pub use diag::{Diagnostic, Diagnostics};
pub use error::Error;
pub use project::Project;

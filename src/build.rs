//! The whole pipeline: ingest new or changed seeds, load content, link, render, write.

/// How to run a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {}

/// Run the pipeline.
pub fn build() {}

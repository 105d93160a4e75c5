//! `site.yaml`: the archive's settings.
//!
//! Three lines (`title`, `base_url`, `language`) make a whole config; everything else has a
//! default. Unknown keys are rejected (a typo should not silently do nothing); free-form
//! values for templates go under `extra:`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::yaml;

/// A `site.yaml` that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    /// The config file.
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong and what to do.
    pub message: String,
}

/// The settings of one archive.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The archive's name, shown on every page and in feeds.
    pub title: String,
    /// Where the site will live, e.g. `https://example.org/ban-tin/` (a sub-path works).
    pub base_url: String,
    /// Language of the archive and of the interface words (`vi` or `en`).
    #[serde(default = "default_language")]
    pub language: String,
    /// One sentence about the archive, for the home page and feeds.
    #[serde(default)]
    pub description: Option<String>,
    /// Theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Output folder, relative to the project root.
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Items per page on every paginated list.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    /// Items per feed (the newest); 0 means every article.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// Articles shown on the home page.
    #[serde(default = "default_home_articles")]
    pub home_articles: usize,
    /// Rubrics in the order their index shows them, each with the other spellings that
    /// mean it and a description. Rubrics not listed follow, by name.
    #[serde(default)]
    pub rubrics: Vec<RubricConfig>,
    /// Show editorial flags (a title inferred by ingest, an estimated date) to readers of
    /// the built site. `serve`, where editors work, always shows them.
    #[serde(default)]
    pub editorial_flags: bool,
    /// Full-text search: an index written with the site and a search page (`/tim-kiem/`).
    /// On unless `search: false`.
    #[serde(default = "default_true")]
    pub search: bool,
    /// Interface words overriding the theme's translations.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
    /// Free-form values passed to templates as `config.extra`.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One rubric as the editor wants it shown.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RubricConfig {
    /// The name readers see (`Những vấn đề chung`).
    pub name: String,
    /// Other names in front matter that mean this rubric (`Vấn đề chung`); compared
    /// without regard to case or spacing.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A sentence or two shown on the rubric's page and in its feed.
    #[serde(default)]
    pub description: Option<String>,
}

/// A rubric name as compared with `site.yaml`'s names and aliases: NFC, lower case,
/// single spaces.
pub fn rubric_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn default_language() -> String {
    "vi".into()
}
fn default_true() -> bool {
    true
}

fn default_theme() -> String {
    "default".into()
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}
fn default_paginate_by() -> usize {
    20
}
fn default_feed_limit() -> usize {
    20
}
fn default_home_articles() -> usize {
    10
}

impl Config {
    /// Read and check `site.yaml` at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: None,
            message: format!(
                "cannot read the site config ({e}); run `bantin init DIR` to start an archive \
                 or pass `--root` to point at one"
            ),
        })?;
        Self::parse(&text, path)
    }

    /// Parse config text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let mut config: Config = yaml::from_str(text).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: e.line,
            message: e.message,
        })?;
        config.validate(path)?;
        Ok(config)
    }

    /// Normalise and check values: `base_url` ends with `/`, page sizes are positive.
    fn validate(&mut self, path: &Path) -> Result<(), ConfigError> {
        let err = |message: String| ConfigError {
            path: path.to_path_buf(),
            line: None,
            message,
        };
        self.set_base_url(&self.base_url.clone()).map_err(err)?;
        if self.paginate_by == 0 {
            return Err(err("paginate_by must be at least 1".into()));
        }
        let mut owner: BTreeMap<String, &str> = BTreeMap::new();
        for r in &self.rubrics {
            for spelling in std::iter::once(&r.name).chain(&r.aliases) {
                let key = rubric_key(spelling);
                if key.is_empty() {
                    return Err(err(format!(
                        "rubric `{}` has an empty name or alias",
                        r.name
                    )));
                }
                if let Some(other) = owner.insert(key, &r.name).filter(|o| *o != r.name) {
                    return Err(err(format!(
                        "`{spelling}` is listed under rubric `{other}` and under rubric `{}` in `rubrics:`; keep it under one",
                        r.name
                    )));
                }
            }
        }
        Ok(())
    }

    /// Replace `base_url` (e.g. from `--base-url`), normalising it to end with `/`.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let url = url.trim();
        let ok = url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/');
        if !ok {
            return Err(format!(
                "base_url `{url}` must be an absolute URL such as `https://example.org/` \
                 or a path such as `/`"
            ));
        }
        let mut url = url.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        self.base_url = url;
        Ok(())
    }

    /// The path part of `base_url`, always starting and ending with `/` (`/ban-tin/`).
    pub fn base_path(&self) -> &str {
        let rest = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        if self.base_url.starts_with('/') {
            return &self.base_url;
        }
        match rest.find('/') {
            Some(i) => &rest[i..],
            None => "/",
        }
    }

    /// An absolute URL for a site path such as `/a/b/` (joined under `base_url`).
    pub fn absolute_url(&self, site_path: &str) -> String {
        joined(&self.base_url, site_path.trim_start_matches('/'))
    }

    /// A root-relative link for a site path, honouring a sub-path `base_url`.
    pub fn link(&self, site_path: &str) -> String {
        joined(self.base_path(), site_path.trim_start_matches('/'))
    }
}

/// `a` then `b` in one allocation of the right size. Links are made for every card on
/// every page; `format!` through the formatting machinery was ~2 % of a 10k build.
fn joined(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("site.yaml"))
    }

    #[test]
    fn three_lines_are_a_whole_config() {
        let c = parse("title: T\nbase_url: https://example.org\nlanguage: vi\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/");
        assert_eq!(c.paginate_by, 20);
        assert_eq!(c.output_dir, PathBuf::from("public"));
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn sub_path_base_url() {
        let c = parse("title: T\nbase_url: https://example.org/ban-tin\n").unwrap();
        assert_eq!(c.base_path(), "/ban-tin/");
        assert_eq!(c.link("/a/b/"), "/ban-tin/a/b/");
        assert_eq!(c.absolute_url("/a/"), "https://example.org/ban-tin/a/");
    }

    #[test]
    fn rubrics_with_aliases() {
        let c = parse("title: T\nbase_url: /\nrubrics:\n  - name: Những vấn đề chung\n    aliases: [Vấn đề  chung]\n    description: D\n  - name: Tin\n").unwrap();
        assert_eq!(c.rubrics.len(), 2);
        assert_eq!(c.rubrics[0].aliases, ["Vấn đề  chung"]);
        assert_eq!(rubric_key(" VẤN ĐỀ  chung "), "vấn đề chung");
        let e =
            parse("title: T\nbase_url: /\nrubrics:\n  - name: A\n    aliases: [B]\n  - name: b\n")
                .unwrap_err();
        assert!(e.message.contains("under one"), "{}", e.message);
    }

    #[test]
    fn unknown_key_is_an_error_with_a_line() {
        let e = parse("title: T\nbase_url: /\npagniate_by: 3\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("pagniate_by"), "{}", e.message);
    }

    #[test]
    fn relative_base_url_is_rejected() {
        assert!(parse("title: T\nbase_url: example.org\n").is_err());
    }
}

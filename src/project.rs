//! Where an archive's parts live on disk.

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError};

/// The config file's name at the root of an archive.
pub const CONFIG_FILE: &str = "site.yaml";

/// One archive on disk: its root folder and its settings.
#[derive(Debug, Clone)]
pub struct Project {
    /// The archive's root (where `site.yaml` is).
    pub root: PathBuf,
    /// The settings from `site.yaml`.
    pub config: Config,
}

impl Project {
    /// Open the archive at `root`, reading its `site.yaml`.
    pub fn open(root: &Path) -> Result<Project, ConfigError> {
        let config = Config::load(&root.join(CONFIG_FILE))?;
        Ok(Project {
            root: root.to_path_buf(),
            config,
        })
    }

    /// `seeds/`: raw bulletin texts.
    pub fn seeds_dir(&self) -> PathBuf {
        self.root.join("seeds")
    }

    /// `content/`: Markdown with front matter.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// `themes/`: every theme folder.
    pub fn themes_dir(&self) -> PathBuf {
        self.root.join("themes")
    }

    /// The folder of the theme in use.
    pub fn theme_dir(&self) -> PathBuf {
        self.themes_dir().join(&self.config.theme)
    }

    /// The output folder (`public/` by default).
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.output_dir)
    }

    /// The config file.
    pub fn config_path(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }
}

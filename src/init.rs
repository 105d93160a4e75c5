//! `bantin init DIR`: a new, working archive.

use std::path::Path;

use crate::error::Error;
use crate::output::write_atomic;
use crate::render::DEFAULT_THEME;

/// Create a new archive in `dir`: `site.yaml`, `seeds/`, `content/`, the default theme and a
/// `.gitignore`. Refuses to touch a folder that already holds a `site.yaml`.
pub fn init(dir: &Path, title: &str) -> Result<Vec<String>, Error> {
    let config = dir.join(crate::project::CONFIG_FILE);
    if config.exists() {
        return Err(Error::io(
            &config,
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "an archive already exists here; nothing was changed",
            ),
        ));
    }
    let mut created = Vec::new();
    let mut put = |rel: &str, bytes: &[u8]| -> Result<(), Error> {
        write_atomic(&dir.join(rel), bytes)?;
        created.push(rel.to_string());
        Ok(())
    };
    let title_yaml = serde_json::to_string(title).expect("string serializes");
    put(
        "site.yaml",
        format!("title: {title_yaml}\nbase_url: \"https://example.org/\"\nlanguage: vi\n")
            .as_bytes(),
    )?;
    put(".gitignore", b"/public\n")?;
    put("seeds/.gitkeep", b"")?;
    put("content/.gitkeep", b"")?;
    for (rel, text) in DEFAULT_THEME {
        put(&format!("themes/default/{rel}"), text.as_bytes())?;
    }
    Ok(created)
}

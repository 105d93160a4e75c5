//! Warnings and notes collected during a command and reported together at its end.
//!
//! Library code never prints: it pushes [`Diagnostic`]s and the binary decides how to show
//! them. Each one names the file (and line when known) and, where possible, says what to do.

use std::fmt;
use std::path::{Path, PathBuf};

/// One warning about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file the warning is about.
    pub path: PathBuf,
    /// 1-based line in that file, when the warning is about a line.
    pub line: Option<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What the user can do about it, if anything.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A warning about a whole file.
    pub fn new(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.as_ref().to_path_buf(),
            line: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Attach a line number.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Attach advice on how to fix it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// `n` and a noun in the right number: `count(1, "article", "articles")` is `1 article`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Warnings gathered over a whole command, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Record one warning.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Record many warnings.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// The warnings sorted by file and line, duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }

    /// The warnings in the order they were recorded.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many warnings were recorded.
    pub fn len(&self) -> usize {
        self.items.len()
    }
}

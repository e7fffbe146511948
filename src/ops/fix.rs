//! Fix: the manifests under the user's paths, each repaired with [`crate::fix`] (every
//! finding that carries a fix), one file at a time. Nothing is written here: the caller
//! writes the fixed text or shows it as a diff.

use std::path::PathBuf;

use crate::check;
use crate::diagnostic::FileReport;
use crate::discover::{self, DiscoverError};
use crate::fix::{self, Fixed};
use crate::source::{Format, Limits};

/// One manifest, fixed or not.
#[derive(Debug)]
pub struct FileFix {
    /// Its path on disk.
    pub path: PathBuf,
    /// Its path as shown to the user.
    pub display: String,
    /// What fixing it gave.
    pub outcome: Outcome,
}

/// What fixing one file gave.
#[derive(Debug)]
pub enum Outcome {
    /// It could not be read as text: the finding that says why.
    Unreadable(FileReport),
    /// It was read: its text as it was, and as fixed (unchanged when it does not parse).
    Read {
        /// The text as read.
        original: String,
        /// The fixed text, what was applied, and the findings left.
        fixed: Fixed,
    },
}

impl FileFix {
    /// Whether fixing changed the text.
    pub fn changed(&self) -> bool {
        matches!(&self.outcome, Outcome::Read { original, fixed } if *original != fixed.text)
    }

    /// The findings left after fixing.
    pub fn remaining(&self) -> &FileReport {
        match &self.outcome {
            Outcome::Unreadable(report) => report,
            Outcome::Read { fixed, .. } => &fixed.report,
        }
    }
}

/// Finds the manifests named by `paths` (see [`discover`]) and fixes each, in path order.
/// A file found under a folder that is not a manifest is skipped, as `validate` skips it.
pub fn fix_paths(paths: &[PathBuf]) -> Result<Vec<FileFix>, DiscoverError> {
    let limits = Limits::default();
    let mut files = Vec::new();
    for found in discover::manifests(paths)? {
        let bytes = check::read_bytes(&found.path, &limits);
        if found.walked && !bytes.as_ref().is_ok_and(|bytes| discover::declares_sagespec(bytes)) {
            continue;
        }
        let text = bytes.and_then(|bytes| check::decode(bytes, &limits));
        let outcome = match text {
            Ok(original) => {
                let format = Format::from_path(&found.path).unwrap_or(Format::Yaml);
                Outcome::Read { fixed: fix::fix_text(&found.display, &original, format, found.path.parent()), original }
            }
            Err(unread) => {
                let checked = check::check_bytes(check::builtin(), &found.path, &found.display, Err(unread));
                Outcome::Unreadable(checked.report)
            }
        };
        files.push(FileFix { path: found.path, display: found.display, outcome });
    }
    Ok(files)
}

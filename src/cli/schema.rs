//! `sagespec schema`: print the JSON Schema, byte for byte as committed; with `--write
//! [PATH]`, write it to a local file for editors instead.
//!
//! The local copy is what the modelines `init` writes point at (`# yaml-language-server:
//! $schema=./sagespec.schema.json`, `#:schema ./sagespec.schema.json`), so an editor finds
//! the schema with no network and no set-up, and it matches the binary that validates.
//! [`write_local`] is the one place that writes it, for `init` and `schema --write`:
//!
//! - no file there: write it;
//! - a schema sagespec wrote (its `$id` is one of [`OUR_SCHEMA_IDS`]): rewrite it when it
//!   differs (an older version's), leave it when identical;
//! - any other file: refuse, unless `--force`. A user's file is never replaced unasked.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::schema::{COMMITTED, SCHEMA_ID};

/// The local copy's file name: next to the manifests `init` writes, and `schema --write`'s
/// default (in the current folder).
pub const LOCAL_FILE: &str = "sagespec.schema.json";

/// Every `$id` sagespec's schema has had: a file with one of them is sagespec's own, and is
/// refreshed without asking. When the `$id` changes, add the new one and keep the old.
pub const OUR_SCHEMA_IDS: &[&str] = &[SCHEMA_ID];

/// Arguments of `schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the schema to PATH (a file, or a folder to put `sagespec.schema.json` in)
    /// instead of printing it; without PATH, `sagespec.schema.json` here. An older copy
    /// sagespec wrote is refreshed; any other file is kept unless `--force`.
    #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = LOCAL_FILE)]
    pub write: Option<PathBuf>,
    /// With `--write`: replace a file that is not a sagespec schema.
    #[arg(long, requires = "write")]
    pub force: bool,
}

/// Prints the schema, or writes it: 0 done, 1 a file that is not sagespec's is in the way
/// (without `--force`), 2 I/O failure.
pub fn run(args: &Args) -> u8 {
    let Some(path) = &args.write else {
        print!("{COMMITTED}");
        return EXIT_OK;
    };
    let path = if path.is_dir() { path.join(LOCAL_FILE) } else { path.clone() };
    match write_local(&path, args.force) {
        Ok(LocalWrite::Refused) => {
            eprintln!("error: {}", LocalWrite::Refused.describe(&path));
            EXIT_FINDINGS
        }
        Ok(written) => {
            eprintln!("{}", written.describe(&path));
            EXIT_OK
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", path.display());
            EXIT_USAGE
        }
    }
}

/// What is at the local copy's path now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Nothing.
    Missing,
    /// This version's schema, byte for byte.
    Current,
    /// A schema sagespec wrote, from another version.
    Outdated,
    /// Something else: the user's.
    Foreign,
}

/// Looks at `path` without changing it.
pub fn existing(path: &Path) -> std::io::Result<Existing> {
    match fs::read(path) {
        Ok(bytes) if bytes == COMMITTED.as_bytes() => Ok(Existing::Current),
        Ok(bytes) if is_ours(&bytes) => Ok(Existing::Outdated),
        Ok(_) => Ok(Existing::Foreign),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(Existing::Missing),
        Err(error) => Err(error),
    }
}

/// Whether `bytes` are a JSON object whose `$id` is one sagespec's schema has had.
fn is_ours(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|json| json.get("$id").and_then(serde_json::Value::as_str).map(|id| OUR_SCHEMA_IDS.contains(&id)))
        .unwrap_or(false)
}

/// How writing the local copy went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalWrite {
    /// There was none; written.
    Created,
    /// An older sagespec schema; rewritten.
    Refreshed,
    /// Already this version's; left alone.
    UpToDate,
    /// A file that is not sagespec's; replaced (`--force`).
    Replaced,
    /// A file that is not sagespec's; left alone (no `--force`).
    Refused,
}

impl LocalWrite {
    /// The line that reports it (for [`LocalWrite::Refused`], the error's text).
    pub fn describe(self, path: &Path) -> String {
        let path = path.display();
        match self {
            Self::Created => format!("wrote {path}"),
            Self::Refreshed => format!("refreshed {path} (it held an older sagespec schema)"),
            Self::UpToDate => format!("kept {path} (already this version's schema)"),
            Self::Replaced => format!("replaced {path} (--force)"),
            Self::Refused => {
                format!("{path} exists and is not a sagespec schema; not overwriting it (pass --force to replace it)")
            }
        }
    }
}

/// Writes this version's schema to `path` under the rules in the module doc.
pub fn write_local(path: &Path, force: bool) -> std::io::Result<LocalWrite> {
    let outcome = match existing(path)? {
        Existing::Current => return Ok(LocalWrite::UpToDate),
        Existing::Foreign if !force => return Ok(LocalWrite::Refused),
        Existing::Missing => LocalWrite::Created,
        Existing::Outdated => LocalWrite::Refreshed,
        Existing::Foreign => LocalWrite::Replaced,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, COMMITTED)?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_refreshes_keeps_and_refuses_by_whose_file_it_is() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("nested").join(LOCAL_FILE);
        assert_eq!(write_local(&path, false).expect("write"), LocalWrite::Created);
        assert_eq!(fs::read_to_string(&path).expect("read"), COMMITTED);
        assert_eq!(write_local(&path, false).expect("write"), LocalWrite::UpToDate);

        let older = format!(r#"{{"$id": "{SCHEMA_ID}", "title": "an older sagespec schema"}}"#);
        fs::write(&path, &older).expect("write older");
        assert_eq!(existing(&path).expect("look"), Existing::Outdated);
        assert_eq!(write_local(&path, false).expect("write"), LocalWrite::Refreshed);
        assert_eq!(fs::read_to_string(&path).expect("read"), COMMITTED);

        for foreign in [r#"{"$id": "https://example.com/mine.json"}"#, "not JSON", "[]"] {
            fs::write(&path, foreign).expect("write foreign");
            assert_eq!(write_local(&path, false).expect("write"), LocalWrite::Refused, "{foreign}");
            assert_eq!(fs::read_to_string(&path).expect("read"), foreign, "the user's file was changed");
        }
        assert_eq!(write_local(&path, true).expect("write"), LocalWrite::Replaced);
        assert_eq!(fs::read_to_string(&path).expect("read"), COMMITTED);
    }
}

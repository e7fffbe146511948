//! `sagespec schema [--kind KIND]`: print a kind's JSON Schema (the TrainingJob's by
//! default), byte for byte as committed; with `--write [PATH]`, write it to a local file
//! for editors instead (named as in `schema/`: `sagespec.schema.json`,
//! `tuning-job.schema.json`, `model.schema.json`, `endpoint.schema.json`,
//! `defaults.schema.json`).
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
use crate::schema::{PUBLISHED, Published, SCHEMA_ID};

/// The local copy's file name: next to the manifests `init` writes, and `schema --write`'s
/// default (in the current folder).
pub const LOCAL_FILE: &str = PUBLISHED.file;

/// Every `$id` sagespec's TrainingJob schema has had, besides each kind's current one: a
/// file with one of them is sagespec's own, and is refreshed without asking. When an `$id`
/// changes, add the old one here.
pub const OUR_SCHEMA_IDS: &[&str] = &[SCHEMA_ID];

/// Whether `id` is the `$id` of a schema sagespec publishes or has published.
fn is_our_id(id: &str) -> bool {
    OUR_SCHEMA_IDS.contains(&id) || crate::kinds::BUILTIN.iter().filter_map(|kind| kind.schema()).any(|s| s.id == id)
}

/// Arguments of `schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The kind whose schema to print or write: TrainingJob (default), TuningJob, Model,
    /// Endpoint or Defaults.
    #[arg(long, value_name = "KIND", default_value = "TrainingJob")]
    pub kind: String,
    /// Write the schema to PATH (a file, or a folder to put the schema's file in) instead of
    /// printing it; without PATH, the schema's file name here (`sagespec.schema.json` for a
    /// TrainingJob). An older copy sagespec wrote is refreshed; any other file is kept
    /// unless `--force`.
    #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = ".")]
    pub write: Option<PathBuf>,
    /// With `--write`: replace a file that is not a sagespec schema.
    #[arg(long, requires = "write")]
    pub force: bool,
}

/// Prints the schema, or writes it: 0 done, 1 a file that is not sagespec's is in the way
/// (without `--force`), 2 I/O failure.
pub fn run(args: &Args) -> u8 {
    let registry = crate::check::builtin();
    let Some(published) = registry.get(&args.kind).and_then(crate::kinds::Kind::schema) else {
        eprintln!("error: no schema for kind `{}`; the kinds are {}", args.kind, registry.names().join(", "));
        return EXIT_USAGE;
    };
    let Some(path) = &args.write else {
        print!("{}", published.text);
        return EXIT_OK;
    };
    // A bare `--write` is the current folder.
    let path = if path.is_dir() { path.join(published.file) } else { path.clone() };
    match write_published(&published, &path, args.force) {
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

/// Looks at `path` without changing it, for the TrainingJob schema.
pub fn existing(path: &Path) -> std::io::Result<Existing> {
    existing_published(&PUBLISHED, path)
}

/// Looks at `path` without changing it, for `published`.
fn existing_published(published: &Published, path: &Path) -> std::io::Result<Existing> {
    match fs::read(path) {
        Ok(bytes) if bytes == published.text.as_bytes() => Ok(Existing::Current),
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
        .and_then(|json| json.get("$id").and_then(serde_json::Value::as_str).map(is_our_id))
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

/// Writes this version's TrainingJob schema to `path` under the rules in the module doc.
pub fn write_local(path: &Path, force: bool) -> std::io::Result<LocalWrite> {
    write_published(&PUBLISHED, path, force)
}

/// Writes this version's `published` schema to `path` under the rules in the module doc.
fn write_published(published: &Published, path: &Path, force: bool) -> std::io::Result<LocalWrite> {
    let outcome = match existing_published(published, path)? {
        Existing::Current => return Ok(LocalWrite::UpToDate),
        Existing::Foreign if !force => return Ok(LocalWrite::Refused),
        Existing::Missing => LocalWrite::Created,
        Existing::Outdated => LocalWrite::Refreshed,
        Existing::Foreign => LocalWrite::Replaced,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, published.text)?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_writes_its_own_schema_and_another_kinds_copy_is_refreshed() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("model.schema.json");
        let model = crate::schema::model::PUBLISHED;
        assert_eq!(write_published(&model, &path, false).expect("write"), LocalWrite::Created);
        assert_eq!(fs::read_to_string(&path).expect("read"), model.text);
        // A copy of another sagespec schema is sagespec's own: refreshed, not refused.
        fs::write(&path, crate::schema::endpoint::PUBLISHED.text).expect("write");
        assert_eq!(write_published(&model, &path, false).expect("write"), LocalWrite::Refreshed);
    }

    #[test]
    fn writes_refreshes_keeps_and_refuses_by_whose_file_it_is() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("nested").join(LOCAL_FILE);
        assert_eq!(write_local(&path, false).expect("write"), LocalWrite::Created);
        assert_eq!(fs::read_to_string(&path).expect("read"), PUBLISHED.text);
        assert_eq!(write_local(&path, false).expect("write"), LocalWrite::UpToDate);

        let older = format!(r#"{{"$id": "{SCHEMA_ID}", "title": "an older sagespec schema"}}"#);
        fs::write(&path, &older).expect("write older");
        assert_eq!(existing(&path).expect("look"), Existing::Outdated);
        assert_eq!(write_local(&path, false).expect("write"), LocalWrite::Refreshed);
        assert_eq!(fs::read_to_string(&path).expect("read"), PUBLISHED.text);

        for foreign in [r#"{"$id": "https://example.com/mine.json"}"#, "not JSON", "[]"] {
            fs::write(&path, foreign).expect("write foreign");
            assert_eq!(write_local(&path, false).expect("write"), LocalWrite::Refused, "{foreign}");
            assert_eq!(fs::read_to_string(&path).expect("read"), foreign, "the user's file was changed");
        }
        assert_eq!(write_local(&path, true).expect("write"), LocalWrite::Replaced);
        assert_eq!(fs::read_to_string(&path).expect("read"), PUBLISHED.text);
    }
}

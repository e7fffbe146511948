//! `sagespec compile FILE… [--region R] [--account-id ID] [--out DIR]`: validate, then
//! print each job's `CreateTrainingJob` request in AWS JSON (the form
//! `aws sagemaker create-training-job --cli-input-json` takes).
//!
//! Validation runs first, exactly as `validate` does: with any error, every finding is
//! printed in `--format` and the exit status is 1; warnings alone go to stderr so stdout
//! stays JSON. Output: one manifest prints one JSON object; several print one JSON array
//! of objects, in the order the paths are discovered. With `--out DIR` nothing is printed
//! on stdout: each request is written to `DIR/<job name>.json` (a file that already holds
//! the same bytes is left alone; one with other contents is never overwritten). Exit
//! status 2 for usage or I/O problems (no region, no account id where the default bucket
//! needs one, unreadable files).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::{Cli, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::check::validate_paths;
use crate::diagnostic::render::render;
use crate::lower::{CompileOptions, Compiled, compile};

/// Arguments of `compile`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files (or folders to search for them).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// AWS account id, for the default bucket `sagemaker-<region>-<account>` (needed only
    /// when `output_path` is not set).
    #[arg(long, env = "SAGESPEC_ACCOUNT_ID")]
    pub account_id: Option<String>,
    /// Write `<job name>.json` per manifest into this folder instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Validates and compiles; 0 compiled, 1 findings with errors, 2 usage or I/O failure.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let validated = match validate_paths(&args.paths) {
        Ok(validated) => validated,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    if validated.has_errors {
        print!("{}", render(cli.format, &validated.reports, &cli.human_options()));
        return if validated.unreadable { EXIT_USAGE } else { EXIT_FINDINGS };
    }
    if validated.reports.iter().any(|r| !r.findings.is_empty()) {
        eprint!("{}", render(cli.format, &validated.reports, &cli.human_options()));
    }

    let options = CompileOptions { region: cli.region.clone(), account_id: args.account_id.clone() };
    let mut compiled = Vec::new();
    let mut status = EXIT_OK;
    for (path, display, manifest) in &validated.manifests {
        let base_dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        match compile(manifest, base_dir, &options) {
            Ok(job) => compiled.push(job),
            Err(error) => {
                eprintln!("error: {display}: {error}");
                status = status.max(if error.is_usage() { EXIT_USAGE } else { EXIT_FINDINGS });
            }
        }
    }
    if status != EXIT_OK {
        return status;
    }
    match &args.out {
        Some(folder) => write_all(folder, &compiled, cli.quiet),
        None => print_all(&compiled),
    }
}

/// Pretty JSON of one request, newline-terminated.
pub fn request_text(compiled: &Compiled) -> String {
    pretty(&compiled.request)
}

fn pretty(value: &Json) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    text.push('\n');
    text
}

fn print_all(compiled: &[Compiled]) -> u8 {
    match compiled {
        [one] => print!("{}", request_text(one)),
        many => print!("{}", pretty(&Json::Array(many.iter().map(|c| c.request.clone()).collect()))),
    }
    EXIT_OK
}

fn write_all(folder: &Path, compiled: &[Compiled], quiet: bool) -> u8 {
    if let Err(error) = fs::create_dir_all(folder) {
        eprintln!("error: cannot create {}: {error}", folder.display());
        return EXIT_USAGE;
    }
    let mut status = EXIT_OK;
    for job in compiled {
        let path = folder.join(format!("{}.json", job.job_name));
        let text = request_text(job);
        match fs::read(&path) {
            Ok(existing) if existing == text.as_bytes() => {}
            Ok(_) => {
                eprintln!("error: {} exists with other contents; not overwriting it", path.display());
                status = EXIT_USAGE;
                continue;
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                if let Err(error) = fs::write(&path, text) {
                    eprintln!("error: cannot write {}: {error}", path.display());
                    status = EXIT_USAGE;
                    continue;
                }
            }
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                status = EXIT_USAGE;
                continue;
            }
        }
        if !quiet {
            eprintln!("wrote {}", path.display());
        }
    }
    status
}

//! `sagespec compile FILE… [--region R] [--account-id ID] [--out DIR]`: validate, then
//! print each manifest's request in AWS JSON (for a training job, the form
//! `aws sagemaker create-training-job --cli-input-json` takes). The work is
//! [`crate::ops::validate`] and [`crate::ops::compile`]; this prints.
//!
//! Validation runs first, exactly as `validate` does: with any error, every finding is
//! printed in `--format` and the exit status is 1; warnings alone go to stderr so stdout
//! stays JSON. Output: one manifest prints one JSON object; several print one JSON array
//! of objects, in the order the paths are discovered. Manifests compile in parallel, and
//! only each request's text is kept until it is printed (see BENCHMARKS.md for the memory
//! this bounds). With `--out DIR` nothing is printed
//! on stdout: each request is written to `DIR/<name>.json` (a file that already holds
//! the same bytes is left alone; one with other contents is never overwritten). Exit
//! status 2 for usage or I/O problems (no region, no account id where the default bucket
//! needs one, unreadable files).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Cli, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::diagnostic::render::render;
use crate::kinds::Compiled;
use crate::ops::compile::{Settings, compile_each};
use crate::ops::validate::validate_paths;

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
    /// Write `<name>.json` per manifest into this folder instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print each manifest merged with its Defaults instead, every value with the file and
    /// line it came from (as `git config --show-origin` does).
    #[arg(long, conflicts_with = "out")]
    pub show_origin: bool,
}

/// `--show-origin`: each manifest merged, with the origin of every value; 0 shown, 1 a
/// manifest that does not parse (its finding printed), 2 a path that cannot be used.
fn show_origin(cli: &Cli, paths: &[PathBuf]) -> u8 {
    let found = match crate::discover::manifests(paths) {
        Ok(found) => found,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let mut status = EXIT_OK;
    for (index, manifest) in found.iter().enumerate() {
        match crate::defaults::show::show_origin(&manifest.path, &manifest.display) {
            Ok(lines) => {
                if found.len() > 1 {
                    println!("{}# {}", if index > 0 { "\n" } else { "" }, manifest.display);
                }
                print!("{lines}");
            }
            Err(report) => {
                print!("{}", render(cli.format, &[*report], &cli.human_options()));
                status = status.max(EXIT_FINDINGS);
            }
        }
    }
    status
}

/// Validates and compiles; 0 compiled, 1 findings with errors, 2 usage or I/O failure.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    if args.show_origin {
        return show_origin(cli, &args.paths);
    }
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
    super::shared::report_warnings(cli, &validated.reports);

    let settings = Settings { region: cli.region.clone(), account_id: args.account_id.clone() };
    let mut requests = Vec::with_capacity(validated.manifests.len());
    let mut status = EXIT_OK;
    compile_each(&validated.manifests, &settings, None, |valid, outcome| match outcome {
        // Only the text is kept, so each batch's compiled manifests are freed as it ends.
        // A kind that sends nothing on its own (a Model: its Endpoint sends it) prints nothing.
        Ok(compiled) if compiled.requests.is_empty() => {}
        Ok(compiled) => requests.push(Request { text: request_text(&compiled), name: compiled.name }),
        Err(error) => {
            eprintln!("error: {}: {error}", valid.display);
            status = status.max(if error.is_usage() { EXIT_USAGE } else { EXIT_FINDINGS });
        }
    });
    if status != EXIT_OK {
        return status;
    }
    match &args.out {
        Some(folder) => write_all(folder, &requests, cli.quiet),
        None => match write_requests(&mut io::BufWriter::new(io::stdout().lock()), &requests) {
            Ok(()) => EXIT_OK,
            // A closed pipe (`| head`) is the reader's choice, not a failure.
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
            Err(error) => {
                eprintln!("error: cannot write the requests: {error}");
                EXIT_USAGE
            }
        },
    }
}

/// A compiled manifest as it is printed: its name and its pretty JSON.
struct Request {
    name: String,
    text: String,
}

/// Pretty JSON of one manifest's requests, newline-terminated: the body of its only
/// request, or an array of `{"operation", "body"}` for a manifest that sends several
/// (`design/manifest.md` §7).
pub fn request_text(compiled: &Compiled) -> String {
    let value = match compiled.requests.as_slice() {
        [one] => one.body.clone(),
        many => many.iter().map(|r| serde_json::json!({"operation": r.operation, "body": r.body})).collect(),
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
    text.push('\n');
    text
}

/// Writes one request as it is; several as a pretty JSON array, streamed from their texts
/// (each line indented one level, as `serde_json` indents an array's items).
fn write_requests(out: &mut impl Write, requests: &[Request]) -> io::Result<()> {
    match requests {
        [one] => out.write_all(one.text.as_bytes())?,
        [] => out.write_all(b"[]\n")?,
        many => {
            out.write_all(b"[")?;
            for (i, request) in many.iter().enumerate() {
                out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                for (j, line) in request.text.trim_end().lines().enumerate() {
                    if j > 0 {
                        out.write_all(b"\n")?;
                    }
                    out.write_all(b"  ")?;
                    out.write_all(line.as_bytes())?;
                }
            }
            out.write_all(b"\n]\n")?;
        }
    }
    out.flush()
}

fn write_all(folder: &Path, requests: &[Request], quiet: bool) -> u8 {
    if let Err(error) = fs::create_dir_all(folder) {
        eprintln!("error: cannot create {}: {error}", folder.display());
        return EXIT_USAGE;
    }
    let mut status = EXIT_OK;
    for request in requests {
        let path = folder.join(format!("{}.json", request.name));
        let text = &request.text;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: &serde_json::Value) -> Request {
        let mut text = serde_json::to_string_pretty(json).expect("json");
        text.push('\n');
        Request { name: String::new(), text }
    }

    #[test]
    fn several_requests_print_as_serde_json_prints_their_array() {
        let values = vec![
            serde_json::json!({"TrainingJobName": "a", "HyperParameters": {}, "Tags": [], "Nested": {"k": [1, {"x": "y\nz"}]}}),
            serde_json::json!({"TrainingJobName": "b"}),
            serde_json::json!({}),
        ];
        let requests: Vec<Request> = values.iter().map(request).collect();
        let printed = |requests: &[Request]| {
            let mut out = Vec::new();
            write_requests(&mut out, requests).expect("writes");
            String::from_utf8(out).expect("utf-8")
        };
        let mut expected = serde_json::to_string_pretty(&serde_json::Value::Array(values.clone())).expect("json");
        expected.push('\n');
        assert_eq!(printed(&requests), expected);
        assert_eq!(printed(&requests[1..2]), requests[1].text);
        assert_eq!(printed(&[]), "[]\n");
    }
}

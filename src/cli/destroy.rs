//! `sagespec destroy PATH… [--yes]`: delete the endpoints, endpoint configurations and
//! models the Endpoint manifests under PATH created. It lists them and asks first (`--yes`
//! skips the question; with no terminal and no `--yes` it refuses), because deleting an
//! endpoint stops serving, and an idle one costs money. Models another endpoint still
//! serves are kept and named. Training jobs are not deleted.
//!
//! Exit status: 0 when everything found was deleted (or nothing was found), 1 otherwise.

use std::fmt::Write as _;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use super::shared::{prepare_or_report, report_prepare_error};
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::deploy::destroy::Found;
use crate::deploy::execute::DeployOutcome;
use crate::diagnostic::render::OutputFormat;
use crate::ops::destroy::{destroy, found};

/// Arguments of `destroy`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files (or folders to search for them).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Do not ask for confirmation.
    #[arg(long, short)]
    pub yes: bool,
}

/// Finds, asks, deletes.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let (runtime, prepared) = match prepare_or_report(cli, &args.paths, false) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let json = cli.format == OutputFormat::Json;
    let found = match found(&runtime, &prepared) {
        Ok(found) => found,
        Err(error) => return report_prepare_error(cli, &error),
    };
    if !json {
        print!("{}", listing(&found));
    }
    if found.doomed.is_empty() {
        if json {
            println!("{}", serde_json::json!({ "found": found, "results": [] }));
        } else {
            println!("Nothing to destroy.");
        }
        return EXIT_OK;
    }
    if !args.yes && !confirm(found.doomed.len()) {
        return EXIT_FINDINGS;
    }
    let Some(results) = destroy(&runtime, &prepared, &found) else {
        eprintln!("\nInterrupted: run `sagespec destroy` again to delete what is left.");
        return EXIT_FINDINGS;
    };
    let failed = results.iter().filter(|r| matches!(r.outcome, DeployOutcome::Failed(_))).count();
    if json {
        println!("{}", serde_json::json!({ "found": found, "results": results }));
    } else {
        for result in &results {
            match &result.outcome {
                DeployOutcome::Failed(message) => {
                    eprintln!("error: {} {}: {message}", result.kind.label(), result.resource);
                }
                _ if cli.quiet => {}
                _ => println!("deleted     {} {}", result.kind.label(), result.resource),
            }
        }
        println!("Destroy: {} deleted, {failed} failed.", results.len() - failed);
    }
    if failed > 0 { EXIT_FINDINGS } else { EXIT_OK }
}

/// The table of what will be deleted, and the models kept.
fn listing(found: &Found) -> String {
    let mut text = String::new();
    if !found.doomed.is_empty() {
        let width = found.doomed.iter().map(|d| d.resource.chars().count()).max().unwrap_or(0).max(8);
        let _ = writeln!(text, "{:<width$}  {:<15}  MANIFEST", "RESOURCE", "KIND");
        for doomed in &found.doomed {
            let _ = writeln!(text, "{:<width$}  {:<15}  {}", doomed.resource, doomed.kind.label(), doomed.manifest);
        }
    }
    for kept in &found.kept {
        let _ = writeln!(
            text,
            "Note: {} {} is kept: endpoint {} still uses it.",
            kept.kind.label(),
            kept.resource,
            kept.endpoint
        );
    }
    text
}

/// Asks on a terminal; refuses without one.
fn confirm(count: usize) -> bool {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        eprintln!(
            "error: refusing to delete {count} resource(s) without confirmation: stdin is not a terminal; pass --yes to destroy"
        );
        return false;
    }
    eprint!("Delete {count} resource(s)? Endpoints stop serving. [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if stdin.lock().read_line(&mut answer).is_err() {
        return false;
    }
    let yes = matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes");
    if !yes {
        eprintln!("Destroy cancelled; nothing was deleted.");
    }
    yes
}

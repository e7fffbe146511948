//! `sagespec plan PATH… [--detailed-exitcode]`: what `apply` would do (a table, or JSON
//! with `--format json`), ending with a summary line. The work is
//! [`crate::ops::plan::prepare`], after the account checks
//! ([`super::validate::account_preflight`]).
//!
//! Exit status: 0 done (with `--detailed-exitcode`: nothing to create), 1 error (findings,
//! compile or AWS failure), 2 for a path that cannot be used. With `--detailed-exitcode`, 2
//! means only that jobs would be created (`design/manifest.md` §2), so an unusable path is
//! 1 there, as any other error.

use std::path::PathBuf;

use super::shared::prepare_or_report;
use super::{Cli, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::diagnostic::render::OutputFormat;

/// Exit status of `plan --detailed-exitcode` when jobs would be created.
pub const EXIT_CHANGES: u8 = 2;

/// Arguments of `plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files (or folders to search for them).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Exit 0 when nothing would be created, 2 when something would, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
}

/// Plans and prints the plan.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    if let Err(code) = super::validate::account_preflight(cli, &args.paths) {
        return code;
    }
    let (_, prepared) = match prepare_or_report(cli, &args.paths, true) {
        Ok(prepared) => prepared,
        Err(EXIT_USAGE) if args.detailed_exitcode => return EXIT_FINDINGS,
        Err(code) => return code,
    };
    if cli.format == OutputFormat::Json {
        print!("{}", prepared.plan.json());
    } else {
        print!("{}", prepared.plan.table());
    }
    if args.detailed_exitcode && prepared.plan.has_changes() { EXIT_CHANGES } else { EXIT_OK }
}

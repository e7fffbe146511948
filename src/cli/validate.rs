//! `sagespec validate PATH…`: check every manifest, in parallel, and report all findings.

use std::path::PathBuf;

use rayon::prelude::*;

use super::{Cli, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::check::check_file;
use crate::diagnostic::render::render;
use crate::diagnostic::{FileReport, codes};
use crate::discover;

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files, or folders to search for them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Validates and prints; 0 no errors, 1 errors, 2 usage or I/O failure.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let manifests = match discover::manifests(&args.paths) {
        Ok(found) => found,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let reports: Vec<FileReport> = manifests.par_iter().map(|m| check_file(&m.path, &m.display).report).collect();
    print!("{}", render(cli.format, &reports, &cli.human_options()));
    let unreadable = reports.iter().flat_map(|r| &r.findings).any(|f| f.finding.code == codes::SOURCE_UNREADABLE);
    if unreadable {
        EXIT_USAGE
    } else if reports.iter().any(|r| r.errors() > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

//! `sagespec validate PATH…`: check every manifest, in parallel, and report all findings.

use std::path::PathBuf;

use super::{Cli, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::check::validate_paths;
use crate::diagnostic::render::render;

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files, or folders to search for them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Validates and prints; 0 no errors, 1 errors, 2 usage or I/O failure.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let validated = match validate_paths(&args.paths) {
        Ok(validated) => validated,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    print!("{}", render(cli.format, &validated.reports, &cli.human_options()));
    if validated.unreadable {
        EXIT_USAGE
    } else if validated.has_errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

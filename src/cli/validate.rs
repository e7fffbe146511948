//! `sagespec validate PATH…`: check every manifest, in parallel, and report all findings,
//! printing each file's findings as soon as it and the files before it are checked. The
//! work is [`crate::ops::validate`]; this renders.

use std::io::Write;
use std::path::PathBuf;

use super::{Cli, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::diagnostic::render::Renderer;
use crate::ops::validate::validate_paths_streaming;

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files, or folders to search for them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Validates and prints; 0 no errors, 1 errors, 2 usage or I/O failure.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let mut renderer = Renderer::new(cli.format, cli.human_options());
    let mut stdout = std::io::stdout().lock();
    // A reader that went away (`| head`) is not an error of the manifests: writes are
    // best-effort and the exit status still reports the findings.
    let validated = match validate_paths_streaming(&args.paths, |report| {
        let _ = stdout.write_all(renderer.add(&report).as_bytes());
    }) {
        Ok(validated) => validated,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let _ = stdout.write_all(renderer.finish().as_bytes());
    let _ = stdout.flush();
    if validated.unreadable {
        EXIT_USAGE
    } else if validated.has_errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

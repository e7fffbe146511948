//! `sagespec fix PATH… [--diff]`: apply the safe repairs the findings carry, in place, or
//! print them as a unified diff. The work is [`crate::ops::fix`]; this writes and renders.
//! The findings left after fixing are printed on stderr (stdout carries the diff).

use std::io::Write;
use std::path::PathBuf;

use super::{Cli, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::diagnostic::render::Renderer;
use crate::ops::fix::{Outcome, fix_paths};

/// Arguments of `fix`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files, or folders to search for them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print a unified diff of the repairs instead of writing them.
    #[arg(long)]
    pub diff: bool,
}

/// Fixes and reports; 0 nothing left to fix, 1 findings without a fix remain, 2 usage or
/// I/O failure.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let fixes = match fix_paths(&args.paths) {
        Ok(fixes) => fixes,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let mut renderer = Renderer::new(cli.format, cli.human_options());
    let (mut failed, mut remaining) = (false, false);
    for file in &fixes {
        if let Outcome::Read { original, fixed } = &file.outcome {
            if fixed.unparsed {
                let _ = writeln!(stderr, "{}: not fixed: it does not parse", file.display);
            } else if file.changed() && args.diff {
                let diff = similar::TextDiff::from_lines(original.as_str(), fixed.text.as_str());
                let shown = diff.unified_diff().header(&file.display, &file.display).to_string();
                let _ = stdout.write_all(shown.as_bytes());
            } else if file.changed()
                && let Err(error) = std::fs::write(&file.path, &fixed.text)
            {
                let _ = writeln!(stderr, "error: {}: {error}", file.display);
                failed = true;
                continue;
            }
            let verb = if args.diff { "would fix" } else { "fixed" };
            for title in &fixed.applied {
                let _ = writeln!(stderr, "{}: {verb}: {title}", file.display);
            }
        } else {
            failed = true;
        }
        let report = file.remaining();
        remaining |= !report.findings.is_empty();
        let _ = stderr.write_all(renderer.add(report).as_bytes());
    }
    let _ = stderr.write_all(renderer.finish().as_bytes());
    let _ = stdout.flush();
    if failed {
        EXIT_USAGE
    } else if remaining {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

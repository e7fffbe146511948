//! `sagespec validate PATH…`: check every manifest, in parallel, and report all findings,
//! printing each file's findings as soon as it and the files before it are checked. The
//! work is [`crate::ops::validate`]; this renders. With `--online` it also asks AWS about
//! what the manifests name (`crate::account`, through [`crate::ops::online`]), and prints
//! once every check is done; [`account_preflight`] runs the same checks for `plan`.

use std::io::Write;
use std::path::PathBuf;

use super::shared::{aws_options, report_warnings, runtime};
use super::{Cli, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::diagnostic::render::{Renderer, render};
use crate::ops::online::{plan_checks, validate_online};
use crate::ops::validate::{Validated, validate_paths_streaming};

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files, or folders to search for them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Also check the AWS account: buckets, FSx, subnets, security groups, role, KMS keys
    /// and ECR images exist and are in the job's region (read-only calls).
    #[arg(long)]
    pub online: bool,
}

/// Validates and prints; 0 no errors, 1 errors, 2 usage or I/O failure.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    if args.online {
        return run_online(cli, args);
    }
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
    exit_status(&validated)
}

/// `validate --online`: every report once the account checks are done.
fn run_online(cli: &Cli, args: &Args) -> u8 {
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let validated = match validate_online(&args.paths, &aws_options(cli), &runtime) {
        Ok(validated) => validated,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    print!("{}", render(cli.format, &validated.reports, &cli.human_options()));
    exit_status(&validated)
}

/// For `plan`: the account checks of `paths` when they all validate (otherwise `plan`
/// reports the findings itself). Errors are printed and become `Err(exit status)`;
/// warnings are printed on stderr.
pub fn account_preflight(cli: &Cli, paths: &[PathBuf]) -> Result<(), u8> {
    let reports = plan_checks(paths, &aws_options(cli), &runtime()?);
    if reports.iter().any(|report| report.errors() > 0) {
        print!("{}", render(cli.format, &reports, &cli.human_options()));
        return Err(EXIT_FINDINGS);
    }
    report_warnings(cli, &reports);
    Ok(())
}

/// 0 no errors, 1 errors, 2 a file that could not be read.
fn exit_status(validated: &Validated) -> u8 {
    if validated.unreadable {
        EXIT_USAGE
    } else if validated.has_errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

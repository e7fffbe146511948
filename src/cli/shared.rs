//! What several commands share: the async runtime, the AWS settings of the command line,
//! and how a failed [`prepare`](crate::ops::plan::prepare) is printed.

use std::path::PathBuf;

use tokio::runtime::Runtime;

use super::{Cli, EXIT_FINDINGS, EXIT_USAGE};
use std::sync::Arc;

use crate::aws::{Aws, AwsOptions};
use crate::diagnostic::render::render;
use crate::ops::jobs::{JobRef, TargetError, jobs};
use crate::ops::plan::{PrepareError, Prepared, prepare};

/// The tokio runtime the AWS calls run on; a failure is printed and becomes exit status 1.
pub fn runtime() -> Result<Runtime, u8> {
    crate::ops::runtime().map_err(|error| {
        eprintln!("error: cannot start the async runtime: {error}");
        EXIT_FINDINGS
    })
}

/// The AWS settings of the command line.
pub fn aws_options(cli: &Cli) -> AwsOptions {
    AwsOptions { region: cli.region.clone(), profile: cli.profile.clone(), endpoint_url: cli.endpoint_url.clone() }
}

/// Starts the runtime and prepares the plan for `paths` (asking SageMaker when
/// `observe_live`), printing warnings; a failure is printed and becomes the exit status.
pub fn prepare_or_report(cli: &Cli, paths: &[PathBuf], observe_live: bool) -> Result<(Runtime, Prepared), u8> {
    let runtime = runtime()?;
    match prepare(paths, &aws_options(cli), &runtime, observe_live) {
        Ok(prepared) => {
            report_warnings(cli, &prepared.reports);
            Ok((runtime, prepared))
        }
        Err(error) => Err(report_prepare_error(cli, &error)),
    }
}

/// Prints why nothing could be planned, and returns the exit status: 2 for a path that
/// cannot be used, else 1.
pub fn report_prepare_error(cli: &Cli, error: &PrepareError) -> u8 {
    match error {
        PrepareError::Discover(error) => {
            eprintln!("error: {error}");
            EXIT_USAGE
        }
        PrepareError::Findings(reports) => {
            print!("{}", render(cli.format, reports, &cli.human_options()));
            EXIT_FINDINGS
        }
        PrepareError::Jobs(errors) => {
            for error in errors {
                eprintln!("error: {error}");
            }
            EXIT_FINDINGS
        }
    }
}

/// The jobs `targets` name (job names, or manifest files and folders), with the AWS
/// clients to ask about them; a failure is printed and becomes the exit status.
pub fn jobs_or_report(cli: &Cli, runtime: &Runtime, targets: &[String]) -> Result<(Arc<Aws>, Vec<JobRef>), u8> {
    jobs(targets, &aws_options(cli), runtime).map_err(|error| match error {
        TargetError::Prepare(error) => report_prepare_error(cli, &error),
        TargetError::NoRegion => {
            eprintln!("error: no region for a job name: pass --region or set AWS_REGION");
            EXIT_FINDINGS
        }
    })
}

/// Prints the warnings of manifests that validated (on stderr, so stdout stays data).
pub fn report_warnings(cli: &Cli, reports: &[crate::diagnostic::FileReport]) {
    if reports.iter().any(|report| !report.findings.is_empty()) {
        eprint!("{}", render(cli.format, reports, &cli.human_options()));
    }
}

//! `sagespec plan PATH… [--detailed-exitcode]`: validate and compile the manifests, ask
//! SageMaker about each job, and print what `apply` would do (a table, or JSON with
//! `--format json`), ending with a summary line.
//!
//! Exit status: 0 done (with `--detailed-exitcode`: nothing to create), 1 error (findings,
//! compile or AWS failure), 2 with `--detailed-exitcode` when jobs would be created.
//!
//! [`prepare`] is the part `apply` and `status` share: findings, AWS configuration,
//! desired jobs, live state and the plan.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::runtime::Runtime;

use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::apply::desired::desired_jobs;
use crate::apply::observe;
use crate::aws::{Aws, AwsOptions, Identity};
use crate::check::validate_paths;
use crate::diagnostic::render::{OutputFormat, render};
use crate::plan::{DesiredJob, Plan};

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
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let Prepared { plan, .. } = match prepare(cli, &args.paths, &runtime, true) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    if cli.format == OutputFormat::Json {
        print!("{}", plan.json());
    } else {
        print!("{}", plan.table());
    }
    if args.detailed_exitcode && plan.has_changes() { EXIT_CHANGES } else { EXIT_OK }
}

/// The tokio runtime the AWS calls run on.
pub(super) fn runtime() -> Result<Runtime, u8> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|error| {
        eprintln!("error: cannot start the async runtime: {error}");
        EXIT_FINDINGS
    })
}

/// The AWS settings of the command line.
pub(super) fn aws_options(cli: &Cli) -> AwsOptions {
    AwsOptions { region: cli.region.clone(), profile: cli.profile.clone(), endpoint_url: cli.endpoint_url.clone() }
}

/// What `plan` knows once it has asked SageMaker.
pub(super) struct Prepared {
    /// The AWS clients.
    pub aws: Arc<Aws>,
    /// The desired jobs, in manifest order.
    pub desired: Vec<DesiredJob>,
    /// The plan (empty when `observe_live` was false).
    pub plan: Plan,
}

/// Validates (printing findings), compiles, and (with `observe_live`) asks SageMaker about
/// every job. Any problem is printed and turned into exit status 1.
pub(super) fn prepare(cli: &Cli, paths: &[PathBuf], runtime: &Runtime, observe_live: bool) -> Result<Prepared, u8> {
    let validated = validate_paths(paths).map_err(|error| {
        eprintln!("error: {error}");
        super::EXIT_USAGE
    })?;
    if validated.has_errors {
        print!("{}", render(cli.format, &validated.reports, &cli.human_options()));
        return Err(EXIT_FINDINGS);
    }
    if validated.reports.iter().any(|report| !report.findings.is_empty()) {
        eprint!("{}", render(cli.format, &validated.reports, &cli.human_options()));
    }
    let aws = Arc::new(runtime.block_on(Aws::connect(&aws_options(cli))));
    let default_region = aws.default_region();
    let mut account = |region: &str| runtime.block_on(aws.account_id(region)).map_err(|error| error.to_string());
    let (desired, errors) = desired_jobs(&validated.manifests, default_region.as_deref(), &mut account);
    if !errors.is_empty() {
        for error in &errors {
            eprintln!("error: {error}");
        }
        return Err(EXIT_FINDINGS);
    }
    let plan = if observe_live {
        let observed = runtime.block_on(observe(&aws, &desired)).map_err(|errors| {
            for error in &errors {
                eprintln!("error: {error}");
            }
            EXIT_FINDINGS
        })?;
        Plan::new(&desired, &observed)
    } else {
        Plan::default()
    };
    Ok(Prepared { aws, desired, plan })
}

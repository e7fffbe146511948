//! `sagespec logs JOB|MANIFEST [--follow]`: the job's CloudWatch log lines from every
//! host. A job name is looked up in the default region (`--region` or the AWS config
//! chain); a manifest stands for its job, in the manifest's region
//! ([`crate::ops::jobs`]). `--follow` keeps reading until the job ends. A job without log streams yet is said so on stderr. Exit status: 0, or 1 when
//! there is no such job or the logs cannot be read.

use super::shared::{jobs_or_report, runtime};
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::apply::logs::{Logged, no_lines, print_logs};
use crate::apply::wait::POLL_INTERVAL;
use crate::ops::jobs::JobRef;

/// Arguments of `logs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The job name, or a manifest that declares one job.
    pub job: String,
    /// Keep reading until the job ends.
    #[arg(long, short)]
    pub follow: bool,
}

/// Prints the logs.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let (aws, jobs) = match jobs_or_report(cli, &runtime, std::slice::from_ref(&args.job)) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let [JobRef { region, name, .. }] = jobs.as_slice() else {
        eprintln!("error: {} declares {} jobs; name one job", args.job, jobs.len());
        return EXIT_FINDINGS;
    };
    let (mut out, mut notes) = (std::io::stdout(), std::io::stderr());
    let interval = POLL_INTERVAL.min(std::time::Duration::from_secs(5));
    let outcome = runtime.block_on(async {
        tokio::select! {
            outcome = print_logs(aws.as_ref(), region, name, args.follow, interval, &mut out, &mut notes) => Some(outcome),
            _ = tokio::signal::ctrl_c() => None,
        }
    });
    match outcome {
        Some(Err(error)) => {
            eprintln!("error: {name}: {error}");
            EXIT_FINDINGS
        }
        Some(Ok(Logged::NoSuchJob)) => {
            eprintln!("error: {name}: no training job of that name in {region}");
            EXIT_FINDINGS
        }
        Some(Ok(Logged::NoLines(live))) => {
            eprintln!("{}", no_lines(name, &live));
            EXIT_OK
        }
        Some(Ok(Logged::Lines(_))) | None => EXIT_OK,
    }
}

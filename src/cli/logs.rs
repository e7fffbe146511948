//! `sagespec logs JOB [--follow]`: the job's CloudWatch log lines from every host, in the
//! default region (`--region` or the AWS config chain); `--follow` keeps reading until the
//! job ends. A job without log streams yet is said so on stderr. Exit status: 0, or 1 when
//! there is no such job or the logs cannot be read.

use super::shared::{aws_options, runtime};
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::apply::logs::{Logged, no_lines, print_logs};
use crate::apply::wait::POLL_INTERVAL;
use crate::aws::Aws;

/// Arguments of `logs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The job name.
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
    let aws = runtime.block_on(Aws::connect(&aws_options(cli)));
    let Some(region) = aws.default_region() else {
        eprintln!("error: no region: pass --region or set AWS_REGION");
        return EXIT_FINDINGS;
    };
    let (mut out, mut notes) = (std::io::stdout(), std::io::stderr());
    let interval = POLL_INTERVAL.min(std::time::Duration::from_secs(5));
    let outcome = runtime.block_on(async {
        tokio::select! {
            outcome = print_logs(&aws, &region, &args.job, args.follow, interval, &mut out, &mut notes) => Some(outcome),
            _ = tokio::signal::ctrl_c() => None,
        }
    });
    match outcome {
        Some(Err(error)) => {
            eprintln!("error: {}: {error}", args.job);
            EXIT_FINDINGS
        }
        Some(Ok(Logged::NoSuchJob)) => {
            eprintln!("error: {}: no training job of that name in {region}", args.job);
            EXIT_FINDINGS
        }
        Some(Ok(Logged::NoLines(live))) => {
            eprintln!("{}", no_lines(&args.job, &live));
            EXIT_OK
        }
        Some(Ok(Logged::Lines(_))) | None => EXIT_OK,
    }
}

//! `sagespec stop JOB|PATH…`: StopTrainingJob for each job. A job name is looked up in the
//! default region (`--region` or the AWS config chain); a manifest file or folder stands
//! for its jobs, each in its manifest's region. The work is [`crate::ops::jobs`]. Exit
//! status: 0 when every stop was accepted, 1 otherwise.

use super::shared::{jobs_or_report, runtime};
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::ops::jobs::stop;

/// Arguments of `stop`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Job names, or manifest files and folders.
    #[arg(required = true)]
    pub jobs: Vec<String>,
}

/// Stops the jobs.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let (aws, jobs) = match jobs_or_report(cli, &runtime, &args.jobs) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let mut status = EXIT_OK;
    for (job, answer) in jobs.iter().zip(stop(&runtime, &aws, &jobs)) {
        match answer {
            Some(Ok(())) => println!("stopping  {}", job.name),
            Some(Err(error)) => {
                eprintln!("error: {}: {error}", job.name);
                status = EXIT_FINDINGS;
            }
            None => status = EXIT_FINDINGS,
        }
    }
    status
}

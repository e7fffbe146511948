//! `sagespec status [JOB…|PATH…]`: each job's status, secondary status and failure reason.
//!
//! An argument that names an existing file or folder is read as manifests (their jobs are
//! shown); any other argument is a job name in the default region (`--region` or the AWS
//! config chain). Each manifest's job is looked up in the manifest's region
//! ([`crate::ops::jobs`]). No argument means the current folder. Exit status: 0 when every job was
//! found, 1 otherwise.

use super::shared::{jobs_or_report, runtime};
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::ops::jobs::status;

/// Arguments of `status`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Job names, or manifest files and folders.
    pub targets: Vec<String>,
}

/// Prints the status table.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let targets = if args.targets.is_empty() { vec![".".to_owned()] } else { args.targets.clone() };
    let (aws, jobs) = match jobs_or_report(cli, &runtime, &targets) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let answers = status(&runtime, &aws, &jobs);
    let mut exit = EXIT_OK;
    println!("{:<40}  {:<11}  {:<14}  FAILURE REASON", "JOB", "STATUS", "SECONDARY");
    for (job, answer) in jobs.iter().zip(answers) {
        let name = &job.name;
        match answer {
            Some(Ok(Some(live))) => println!(
                "{name:<40}  {:<11}  {:<14}  {}",
                live.status.as_str(),
                live.secondary_status.as_deref().unwrap_or("-"),
                live.failure_reason.as_deref().unwrap_or("")
            ),
            Some(Ok(None)) => {
                println!("{name:<40}  {:<11}", "not found");
                exit = EXIT_FINDINGS;
            }
            Some(Err(error)) => {
                eprintln!("error: {name}: {error}");
                exit = EXIT_FINDINGS;
            }
            None => exit = EXIT_FINDINGS,
        }
    }
    exit
}

//! `sagespec status [JOB…|PATH…]`: each job's status, secondary status and failure reason;
//! for a tuning job, its training jobs (completed, running, failed) in place of the
//! secondary status, then its best training job, tuned hyperparameters and objective.
//!
//! A bare job name is looked up as a training job first, then as a tuning job
//! ([`crate::ops::jobs::find`]).
//!
//! An argument that names an existing file or folder is read as manifests (their jobs are
//! shown); any other argument is a job name in the default region (`--region` or the AWS
//! config chain). Each manifest's job is looked up in the manifest's region
//! ([`crate::ops::jobs`]). No argument means the current folder. Exit status: 0 when every job was
//! found, 1 otherwise.

use super::shared::{jobs_or_report, runtime};
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::apply::wait::{Finished, TuningProgress, best_lines};
use crate::ops::jobs::{Live, status};
use crate::plan::JobKind;

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
    let mut closing = Vec::new();
    for (job, answer) in jobs.iter().zip(answers) {
        let name = &job.name;
        match answer {
            Some(Ok(Some(Live::Training(live)))) => println!(
                "{name:<40}  {:<11}  {:<14}  {}",
                live.status.as_str(),
                live.secondary_status.as_deref().unwrap_or("-"),
                live.failure_reason.as_deref().unwrap_or("")
            ),
            Some(Ok(Some(Live::Tuning(live)))) => {
                let progress = TuningProgress {
                    status: live.status.clone(),
                    counters: live.counters,
                    best: live.best.as_ref().and_then(|best| best.objective.clone()),
                };
                println!(
                    "{name:<40}  {:<11}  {:<14}  {}",
                    live.status.as_str(),
                    "tuning",
                    live.failure_reason.as_deref().unwrap_or("")
                );
                closing.push(format!("{name}: {}", progress.text()));
                let finished = Finished {
                    name: live.name,
                    kind: JobKind::TuningJob,
                    status: live.status,
                    failure_reason: live.failure_reason,
                    counters: Some(live.counters),
                    best: live.best,
                };
                closing.extend(best_lines(&finished).unwrap_or_default());
            }
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
    if !closing.is_empty() {
        println!();
        for line in closing {
            println!("{line}");
        }
    }
    exit
}

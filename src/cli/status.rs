//! `sagespec status [JOB…|PATH…]`: each job's status, secondary status and failure reason.
//!
//! An argument that names an existing file or folder is read as manifests (their jobs are
//! shown); any other argument is a job name in the default region (`--region` or the AWS
//! config chain). No argument means the current folder. Exit status: 0 when every job was
//! found, 1 otherwise.

use std::path::{Path, PathBuf};

use super::shared::{aws_options, report_prepare_error, runtime};
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::apply::{CONCURRENCY, bounded};
use crate::aws::{Aws, SageMakerApi};
use crate::ops::plan::prepare;

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
    let (paths, names): (Vec<&String>, Vec<&String>) = targets.iter().partition(|target| Path::new(target).exists());
    let mut jobs: Vec<(String, String)> = Vec::new();
    let aws = if paths.is_empty() {
        std::sync::Arc::new(runtime.block_on(Aws::connect(&aws_options(cli))))
    } else {
        let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
        match prepare(&paths, &aws_options(cli), &runtime, false) {
            Ok(prepared) => {
                jobs.extend(prepared.desired.iter().map(|job| (job.region.clone(), job.name.clone())));
                prepared.aws
            }
            Err(error) => return report_prepare_error(cli, &error),
        }
    };
    if !names.is_empty() {
        let Some(region) = aws.default_region() else {
            eprintln!("error: no region: pass --region or set AWS_REGION");
            return EXIT_FINDINGS;
        };
        jobs.extend(names.into_iter().map(|name| (region.clone(), name.clone())));
    }
    let answers = runtime.block_on(bounded(jobs.clone(), CONCURRENCY, |(region, name)| {
        let aws = std::sync::Arc::clone(&aws);
        async move { aws.describe_training_job(&region, &name).await }
    }));
    let mut status = EXIT_OK;
    println!("{:<40}  {:<11}  {:<14}  FAILURE REASON", "JOB", "STATUS", "SECONDARY");
    for ((_, name), answer) in jobs.iter().zip(answers) {
        match answer {
            Some(Ok(Some(live))) => println!(
                "{name:<40}  {:<11}  {:<14}  {}",
                live.status.as_str(),
                live.secondary_status.as_deref().unwrap_or("-"),
                live.failure_reason.as_deref().unwrap_or("")
            ),
            Some(Ok(None)) => {
                println!("{name:<40}  {:<11}", "not found");
                status = EXIT_FINDINGS;
            }
            Some(Err(error)) => {
                eprintln!("error: {name}: {error}");
                status = EXIT_FINDINGS;
            }
            None => status = EXIT_FINDINGS,
        }
    }
    status
}

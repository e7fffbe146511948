//! `sagespec stop JOB…`: StopTrainingJob for each job, in the default region (`--region`
//! or the AWS config chain). Exit status: 0 when every stop was accepted, 1 otherwise.

use std::sync::Arc;

use super::shared::{aws_options, runtime};
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::apply::{CONCURRENCY, bounded};
use crate::aws::{Aws, SageMakerApi};

/// Arguments of `stop`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Job names.
    #[arg(required = true)]
    pub jobs: Vec<String>,
}

/// Stops the jobs.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let aws = Arc::new(runtime.block_on(Aws::connect(&aws_options(cli))));
    let Some(region) = aws.default_region() else {
        eprintln!("error: no region: pass --region or set AWS_REGION");
        return EXIT_FINDINGS;
    };
    let answers = runtime.block_on(bounded(args.jobs.clone(), CONCURRENCY, |name| {
        let (aws, region) = (Arc::clone(&aws), region.clone());
        async move { aws.stop_training_job(&region, &name).await }
    }));
    let mut status = EXIT_OK;
    for (name, answer) in args.jobs.iter().zip(answers) {
        match answer {
            Some(Ok(())) => println!("stopping  {name}"),
            Some(Err(error)) => {
                eprintln!("error: {name}: {error}");
                status = EXIT_FINDINGS;
            }
            None => status = EXIT_FINDINGS,
        }
    }
    status
}

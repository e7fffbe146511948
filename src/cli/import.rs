//! `sagespec import JOB… [--out DIR] [--code] [--force]`: writes a `TrainingJob` manifest
//! for each existing training job, one that compiles back to the job's request. The work
//! is [`crate::ops::import`]; this prints what happened. Exit status: 0 when every job was
//! imported and its manifest validates, 1 otherwise.

use std::path::PathBuf;

use super::shared::{aws_options, runtime};
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::aws::Aws;
use crate::ops::import::{Settings, import_jobs};

/// `sagespec import --help`: what the command does, at length.
pub const LONG_ABOUT: &str =
    "Write a TrainingJob manifest for each existing training job, one that `sagespec compile` \
turns back into the job's CreateTrainingJob request.

Each job is read with DescribeTrainingJob and ListTags (in --region, else the AWS config chain's region) and \
written to DIR/<job>.yaml: the job's exact name as `job_name`; the hyperparameters decoded from the SDK's JSON \
encoding, without the keys the SDK adds (`sagemaker_program` becomes `entry_point`, `sagemaker_submit_directory` \
`source_dir`, the `sagemaker_*` launcher keys `distribution`); framework, framework_version and py_version \
recovered from the image (else `image_uri`); the input channels as `inputs`; and only the settings that differ \
from the SDK's defaults. Before writing, the manifest is compiled and compared with the job's request.

A request field no manifest key expresses is an error naming the field; nothing is dropped. Jobs are imported in \
parallel, and one that fails does not stop the others. An existing file is never overwritten without --force.";

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training job names.
    #[arg(required = true, value_name = "JOB")]
    pub jobs: Vec<String>,
    /// Folder the manifests are written to.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    /// Download each job's sourcedir.tar.gz into DIR/code/<job>/ and point `source_dir` there
    /// (else `source_dir` is the tarball's s3:// URI).
    #[arg(long)]
    pub code: bool,
    /// Overwrite existing manifests and code folders.
    #[arg(long)]
    pub force: bool,
}

/// Imports the jobs.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let aws = std::sync::Arc::new(runtime.block_on(Aws::connect(&aws_options(cli))));
    let Some(region) = aws.default_region() else {
        eprintln!("error: no region: pass --region or set AWS_REGION");
        return EXIT_FINDINGS;
    };
    let settings = Settings { region, out_dir: args.out.clone(), code: args.code, force: args.force };
    let outcomes = runtime.block_on(import_jobs(&aws, &args.jobs, &settings));
    let mut status = EXIT_OK;
    let mut imported = 0;
    for (job, outcome) in &outcomes {
        match outcome {
            Ok(written) => {
                imported += 1;
                match &written.code_dir {
                    Some(code) => {
                        println!("imported  {job}  {}  (code in {})", written.manifest.display(), code.display());
                    }
                    None => println!("imported  {job}  {}", written.manifest.display()),
                }
                for note in &written.notes {
                    eprintln!("note: {job}: {note}");
                }
                if !written.findings.is_empty() {
                    status = EXIT_FINDINGS;
                    eprintln!(
                        "error: import: job {job}: the manifest matches the job's request, but validate reports: {}",
                        written.findings.join("; ")
                    );
                }
            }
            Err(error) => {
                status = EXIT_FINDINGS;
                eprintln!("error: import: job {job}: {error}");
            }
        }
    }
    if !cli.quiet {
        println!("Imported {imported} of {} jobs.", outcomes.len());
    }
    status
}

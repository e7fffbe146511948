//! `sagespec apply PATH… [--yes] [--wait]`: plan, confirm, upload code, create the missing
//! jobs, report each result; with `--wait`, follow every job to its end.
//!
//! Confirmation: asked on a terminal; with no terminal and no `--yes`, apply refuses.
//! Exit status: 0 when every job was created or exists (and, with `--wait`, completed),
//! 1 otherwise. Ctrl-C during the wait leaves the jobs running and says so.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use super::plan::{Prepared, prepare, runtime};
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::apply::wait::{BarView, Followed, POLL_INTERVAL, PlainView, WaitView, wait_all};
use crate::apply::{JobResult, Outcome, execute};
use crate::aws::Aws;

/// Arguments of `apply`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest files (or folders to search for them).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Do not ask for confirmation.
    #[arg(long, short)]
    pub yes: bool,
    /// Follow the jobs until they end.
    #[arg(long)]
    pub wait: bool,
}

/// Applies the plan.
pub fn run(cli: &Cli, args: &Args) -> u8 {
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let Prepared { aws, desired, plan } = match prepare(cli, &args.paths, &runtime, true) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    if !cli.quiet {
        print!("{}", plan.table());
    }
    let mut status = EXIT_OK;
    if plan.has_changes() {
        if !args.yes && !confirm(plan.summary.create) {
            return EXIT_FINDINGS;
        }
        let started = Instant::now();
        let quiet = cli.quiet;
        let mut report = |result: &JobResult| print_result(result, quiet);
        let results = runtime.block_on(execute(&aws, &desired, &plan, &mut report));
        let count = |wanted: fn(&Outcome) -> bool| results.iter().filter(|r| wanted(&r.outcome)).count();
        let failed = count(|o| matches!(o, Outcome::Failed(_)));
        println!(
            "Apply: {} created, {} up to date, {failed} failed ({:.1}s).",
            count(|o| *o == Outcome::Created),
            count(|o| *o == Outcome::UpToDate),
            started.elapsed().as_secs_f64()
        );
        if failed > 0 {
            status = EXIT_FINDINGS;
        }
        if args.wait {
            let followed = results
                .iter()
                .filter(|r| !matches!(r.outcome, Outcome::Failed(_)))
                .filter_map(|r| desired.iter().find(|job| job.name == r.job))
                .map(|job| Followed { region: job.region.clone(), name: job.name.clone() })
                .collect::<Vec<_>>();
            status = status.max(follow(&runtime, &aws, &followed));
        }
    } else {
        println!("Nothing to create.");
        if args.wait {
            let followed: Vec<Followed> =
                desired.iter().map(|job| Followed { region: job.region.clone(), name: job.name.clone() }).collect();
            status = follow(&runtime, &aws, &followed);
        }
    }
    status
}

fn print_result(result: &JobResult, quiet: bool) {
    match &result.outcome {
        Outcome::Created if !quiet => println!("created     {}  ({})", result.job, result.manifest),
        Outcome::UpToDate if !quiet => println!("up to date  {}  ({}: created meanwhile)", result.job, result.manifest),
        Outcome::Failed(message) => eprintln!("error: {} ({}): {message}", result.manifest, result.job),
        _ => {}
    }
}

/// Asks on a terminal; refuses without one.
fn confirm(count: usize) -> bool {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        eprintln!(
            "error: refusing to create {count} job(s) without confirmation: stdin is not a terminal; pass --yes to apply"
        );
        return false;
    }
    eprint!("Create {count} training job(s)? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if stdin.lock().read_line(&mut answer).is_err() {
        return false;
    }
    let yes = matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes");
    if !yes {
        eprintln!("Apply cancelled; nothing was created.");
    }
    yes
}

/// Follows `jobs` to their end; 0 when all completed. Ctrl-C leaves them running.
pub(super) fn follow(runtime: &tokio::runtime::Runtime, aws: &Arc<Aws>, jobs: &[Followed]) -> u8 {
    if jobs.is_empty() {
        return EXIT_OK;
    }
    let started = tokio::time::Instant::now();
    let elapsed = move || started.elapsed();
    let mut view: Box<dyn WaitView> = if std::io::stderr().is_terminal() {
        Box::new(BarView::new(jobs))
    } else {
        Box::new(PlainView::new(std::io::stdout()))
    };
    let finished = runtime.block_on(async {
        tokio::select! {
            finished = wait_all(aws.as_ref(), jobs, POLL_INTERVAL, &elapsed, view.as_mut()) => Some(finished),
            _ = tokio::signal::ctrl_c() => None,
        }
    });
    drop(view);
    let Some(finished) = finished else {
        eprintln!(
            "\nInterrupted: the job(s) keep running in SageMaker; `sagespec status` shows them, `sagespec stop JOB` stops one."
        );
        return EXIT_FINDINGS;
    };
    let mut status = EXIT_OK;
    for job in finished.iter().filter(|job| !job.succeeded()) {
        status = EXIT_FINDINGS;
        match &job.failure_reason {
            Some(reason) => eprintln!("error: {} ended {}: {reason}", job.name, job.status),
            None => eprintln!("error: {} ended {}", job.name, job.status),
        }
    }
    status
}

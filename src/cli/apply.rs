//! `sagespec apply PATH… [--yes] [--wait]`: plan, confirm, upload code, create the missing
//! jobs (training and tuning), report each result; with `--wait`, follow every job to its
//! end: a tuning job shows its training jobs (completed, running, failed) and its best
//! objective so far, and ends with its best training job, tuned hyperparameters and
//! objective value.
//!
//! The work is [`crate::ops::plan::prepare`] and [`crate::ops::apply`]; this asks, prints
//! and picks the exit status. `--format json` prints one JSON document at the end: the
//! plan, each job's result and, with `--wait`, how each job ended (progress goes to
//! stderr). Confirmation: asked on a terminal; with no terminal and no `--yes`, apply
//! refuses.
//! Exit status: 0 when every job was created or exists (and, with `--wait`, completed),
//! 1 otherwise. Ctrl-C during the wait leaves the jobs running and says so.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use super::shared::prepare_or_report;
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::apply::wait::{BarView, Finished, PlainView, WaitView, best_lines};
use crate::apply::{JobResult, Outcome};
use crate::diagnostic::render::OutputFormat;
use crate::ops::apply::{Applied, apply, follow, to_follow};
use crate::ops::plan::Prepared;

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
    let (runtime, prepared) = match prepare_or_report(cli, &args.paths, true) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let json = cli.format == OutputFormat::Json;
    if !cli.quiet && !json {
        print!("{}", prepared.plan.table());
    }
    let mut status = EXIT_OK;
    let applied = if prepared.plan.has_changes() {
        if !args.yes && !confirm(prepared.plan.summary.create) {
            return EXIT_FINDINGS;
        }
        let quiet = cli.quiet || json;
        let applied = apply(&runtime, &prepared, &mut |result: &JobResult| print_result(result, quiet));
        if !json {
            println!(
                "Apply: {} created, {} up to date, {} failed ({:.1}s).",
                applied.count(|o| *o == Outcome::Created),
                applied.count(|o| *o == Outcome::UpToDate),
                applied.failed(),
                applied.elapsed.as_secs_f64()
            );
        }
        if applied.failed() > 0 {
            status = EXIT_FINDINGS;
        }
        Some(applied)
    } else {
        if !json {
            println!("Nothing to create.");
        }
        None
    };
    let finished = if args.wait {
        let (code, finished) = wait(&runtime, &prepared, applied.as_ref(), json);
        status = status.max(code);
        finished
    } else {
        None
    };
    if json {
        print!("{}", json_report(&prepared, applied.as_ref(), finished.as_deref()));
    }
    status
}

/// `apply --format json`: the plan, each job's result, and with `--wait` how each ended.
fn json_report(prepared: &Prepared, applied: Option<&Applied>, finished: Option<&[Finished]>) -> String {
    let results = applied.map(|applied| applied.results.as_slice()).unwrap_or_default();
    let count = |wanted: fn(&Outcome) -> bool| results.iter().filter(|r| wanted(&r.outcome)).count();
    let mut value = serde_json::json!({
        "plan": prepared.plan,
        "results": results,
        "summary": {
            "created": count(|o| *o == Outcome::Created),
            "up_to_date": count(|o| *o == Outcome::UpToDate),
            "failed": count(|o| matches!(o, Outcome::Failed(_))),
        },
    });
    if let Some(finished) = finished {
        value["finished"] = finished
            .iter()
            .map(|job| {
                let mut value = serde_json::json!({
                    "job": job.name,
                    "kind": job.kind,
                    "status": job.status.as_str(),
                    "failure_reason": job.failure_reason,
                });
                if let Some(counters) = job.counters {
                    value["training_jobs"] = serde_json::json!({
                        "completed": counters.completed,
                        "running": counters.in_progress,
                        "failed": counters.failed(),
                        "stopped": counters.stopped,
                    });
                }
                if let Some(best) = &job.best {
                    value["best_training_job"] = serde_json::json!({
                        "name": best.name,
                        "tuned_hyperparameters": best.tuned,
                        "objective": best.objective.as_ref().map(|o| serde_json::json!({"metric": o.metric, "value": o.value})),
                    });
                }
                value
            })
            .collect();
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
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
    eprint!("Create {count} job(s)? [y/N] ");
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

/// Follows the jobs with `--wait`; the exit status (0 when all completed) and how each
/// ended (`None` when interrupted, which leaves them running).
fn wait(
    runtime: &tokio::runtime::Runtime,
    prepared: &Prepared,
    applied: Option<&Applied>,
    json: bool,
) -> (u8, Option<Vec<Finished>>) {
    let jobs = to_follow(prepared, applied);
    let mut view: Box<dyn WaitView> = if json {
        Box::new(PlainView::new(std::io::stderr()))
    } else if std::io::stderr().is_terminal() {
        Box::new(BarView::new(&jobs))
    } else {
        Box::new(PlainView::new(std::io::stdout()))
    };
    let finished = follow(runtime, &prepared.aws, &jobs, view.as_mut());
    drop(view);
    let Some(finished) = finished else {
        eprintln!(
            "\nInterrupted: the job(s) keep running in SageMaker; `sagespec status` shows them, `sagespec stop JOB` stops one."
        );
        return (EXIT_FINDINGS, None);
    };
    for lines in finished.iter().filter_map(best_lines) {
        let text = lines.join("\n");
        if json {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    }
    let mut status = EXIT_OK;
    for job in finished.iter().filter(|job| !job.succeeded()) {
        status = EXIT_FINDINGS;
        match &job.failure_reason {
            Some(reason) => eprintln!("error: {} ended {}: {reason}", job.name, job.status),
            None => eprintln!("error: {} ended {}", job.name, job.status),
        }
    }
    (status, Some(finished))
}

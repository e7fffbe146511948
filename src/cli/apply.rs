//! `sagespec apply PATH… [--yes] [--wait]`: plan, confirm, upload code, create the missing
//! jobs (training and tuning), report each result; with `--wait`, follow every job to its
//! end: a tuning job shows its training jobs (completed, running, failed) and its best
//! objective so far, and ends with its best training job, tuned hyperparameters and
//! objective value. Then deploy (`crate::deploy`): models, endpoint configurations and
//! endpoints, each endpoint followed until it is `InService`; a model whose training job
//! has not completed waits (`--wait` lets that job complete first).
//!
//! The work is [`crate::ops::plan::prepare`] and [`crate::ops::apply`]; this asks, prints
//! and picks the exit status. `--format json` prints one JSON document at the end: the
//! plan, each job's result and, with `--wait`, how each job ended (progress goes to
//! stderr). Confirmation: asked on a terminal; with no terminal and no `--yes`, apply
//! refuses.
//! Exit status: 0 when every job was created or exists (and, with `--wait`, completed)
//! and no deployment failed (one waiting on its training job is not a failure), 1
//! otherwise. Ctrl-C during the wait leaves the jobs running and says so.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use super::shared::prepare_or_report;
use super::{Cli, EXIT_FINDINGS, EXIT_OK};
use crate::apply::wait::{BarView, Finished, PlainView, WaitView, best_lines};
use crate::apply::{JobResult, Outcome};
use crate::deploy::execute::{DeployOutcome, DeployResult};
use crate::diagnostic::render::OutputFormat;
use crate::ops::apply::{Applied, apply, deploy, follow, to_follow};
use crate::ops::plan::Prepared;
use crate::plan::Summary;

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
    let quiet = cli.quiet || json;
    if !cli.quiet && !json {
        print!("{}", prepared.plan.table());
    }
    let mut status = EXIT_OK;
    let changes = prepared.plan.has_changes();
    if changes && !args.yes && !confirm(&prepared.plan.summary) {
        return EXIT_FINDINGS;
    }
    let applied = if changes {
        let applied = apply(&runtime, &prepared, &mut |result: &JobResult| print_result(result, quiet));
        if !json && !prepared.desired.is_empty() {
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
            println!(
                "{}",
                if prepared.deployments.is_empty() {
                    "Nothing to create."
                } else {
                    "Nothing to create, update or delete."
                }
            );
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
    let deployed = if changes && !prepared.deployments.is_empty() {
        let started = std::time::Instant::now();
        let Some(deployed) = deploy(&runtime, &prepared, &mut |results: &Vec<DeployResult>| {
            for result in results {
                print_deployed(result, quiet);
            }
        }) else {
            eprintln!(
                "\nInterrupted: SageMaker finishes what was started; run `sagespec apply` again to continue (configurations replaced by an update are deleted then)."
            );
            return EXIT_FINDINGS;
        };
        if !json {
            println!("{} ({:.1}s).", deploy_summary(&deployed), started.elapsed().as_secs_f64());
        }
        if deployed.iter().any(|result| matches!(result.outcome, DeployOutcome::Failed(_))) {
            status = EXIT_FINDINGS;
        }
        deployed
    } else {
        Vec::new()
    };
    if json {
        print!("{}", json_report(&prepared, applied.as_ref(), finished.as_deref(), &deployed));
    }
    status
}

/// `Deploy: 1 created, 1 updated, 2 up to date, 1 deleted, 0 waiting, 0 failed`.
fn deploy_summary(results: &[DeployResult]) -> String {
    let count = |wanted: fn(&DeployOutcome) -> bool| results.iter().filter(|r| wanted(&r.outcome)).count();
    format!(
        "Deploy: {} created, {} updated, {} up to date, {} deleted, {} waiting, {} failed",
        count(|o| *o == DeployOutcome::Created),
        count(|o| *o == DeployOutcome::Updated),
        count(|o| *o == DeployOutcome::UpToDate),
        count(|o| *o == DeployOutcome::Deleted),
        count(|o| matches!(o, DeployOutcome::Waiting(_))),
        count(|o| matches!(o, DeployOutcome::Failed(_))),
    )
}

fn print_deployed(result: &DeployResult, quiet: bool) {
    let kind = result.kind.label();
    match &result.outcome {
        DeployOutcome::Failed(message) => {
            eprintln!("error: {} ({kind} {}): {message}", result.manifest, result.resource);
        }
        DeployOutcome::Waiting(message) => println!("waiting     {kind} {}: {message}", result.resource),
        _ if quiet => {}
        DeployOutcome::Created => println!("created     {kind} {}", result.resource),
        DeployOutcome::Updated => println!("updated     {kind} {}", result.resource),
        DeployOutcome::UpToDate => println!("up to date  {kind} {}", result.resource),
        DeployOutcome::Deleted => println!("deleted     {kind} {}", result.resource),
    }
}

/// `apply --format json`: the plan, each job's result, with `--wait` how each ended, and
/// each deployment resource's result.
fn json_report(
    prepared: &Prepared,
    applied: Option<&Applied>,
    finished: Option<&[Finished]>,
    deployed: &[DeployResult],
) -> String {
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
    if !prepared.deployments.is_empty() {
        value["deployments"] = serde_json::json!(deployed);
    }
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
fn confirm(summary: &Summary) -> bool {
    let what = changes_text(summary);
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        eprintln!("error: refusing to {what} without confirmation: stdin is not a terminal; pass --yes to apply");
        return false;
    }
    eprint!("{}? [y/N] ", capitalised(&what));
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if stdin.lock().read_line(&mut answer).is_err() {
        return false;
    }
    let yes = matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes");
    if !yes {
        eprintln!("Apply cancelled; nothing was changed.");
    }
    yes
}

/// `create 2 resource(s), update 1 endpoint(s), delete 1 endpoint configuration(s)`.
fn changes_text(summary: &Summary) -> String {
    let parts = [
        (summary.create, "create", "resource(s)"),
        (summary.update, "update", "endpoint(s)"),
        (summary.delete, "delete", "endpoint configuration(s)"),
    ];
    let words: Vec<String> =
        parts.iter().filter(|(n, ..)| *n > 0).map(|(n, verb, what)| format!("{verb} {n} {what}")).collect();
    words.join(", ")
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
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

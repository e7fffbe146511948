//! `sagespec logs`: a job's CloudWatch log lines, from every host's stream
//! (`/aws/sagemaker/TrainingJobs`, streams `<job>/algo-N-…`), merged in time order by
//! FilterLogEvents. With `follow`, polls for new lines until the job has a final status,
//! then reads once more so the last lines are not lost; lines seen twice (polls overlap by
//! the last timestamp) are dropped by event id.

use std::collections::HashSet;
use std::io::Write;
use std::time::Duration;

use crate::aws::{AwsError, LogSource, SageMakerApi, TRAINING_LOG_GROUP};

/// Prints the job's log lines to `out` as `<host stream>  <line>`.
pub async fn print_logs<A: LogSource + SageMakerApi>(
    api: &A,
    region: &str,
    job: &str,
    follow: bool,
    interval: Duration,
    out: &mut (dyn Write + Send),
) -> Result<(), AwsError> {
    let prefix = format!("{job}/");
    let mut seen: HashSet<String> = HashSet::new();
    let mut start_ms: Option<i64> = None;
    loop {
        // Ask before reading, so a job that ends during the read still gets a last pass.
        let finished =
            !follow || api.describe_training_job(region, job).await?.is_none_or(|live| live.status.is_terminal());
        let mut next_token = None;
        loop {
            let page = api.log_events(region, TRAINING_LOG_GROUP, &prefix, start_ms, next_token).await?;
            for event in page.events {
                if !seen.insert(event.id.clone()) {
                    continue;
                }
                start_ms = Some(start_ms.map_or(event.timestamp_ms, |start| start.max(event.timestamp_ms)));
                let host = event.stream.strip_prefix(&prefix).unwrap_or(&event.stream);
                let _ = writeln!(out, "{host}  {}", event.message.trim_end_matches('\n'));
            }
            next_token = page.next_token;
            if next_token.is_none() {
                break;
            }
        }
        let _ = out.flush();
        if finished {
            return Ok(());
        }
        tokio::time::sleep(interval).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::fake::FakeAws;
    use crate::aws::{JobStatus, LiveJob, LogEvent, LogPage};

    fn job(status: JobStatus) -> LiveJob {
        LiveJob { name: "job".into(), status, secondary_status: None, transitions: vec![], failure_reason: None }
    }

    fn event(id: &str, host: &str, ms: i64, message: &str) -> LogEvent {
        LogEvent { stream: format!("job/{host}"), timestamp_ms: ms, message: message.into(), id: id.into() }
    }

    #[tokio::test]
    async fn following_reads_every_host_until_the_job_ends_without_repeating_lines() {
        let api = FakeAws::default()
            .describing("job", vec![Ok(job(JobStatus::InProgress)), Ok(job(JobStatus::Completed))])
            .with_log_pages(vec![
                LogPage { events: vec![event("1", "algo-1-1", 1, "epoch 1\n")], next_token: Some("t".into()) },
                LogPage { events: vec![event("2", "algo-2-1", 2, "epoch 1")], next_token: None },
                LogPage {
                    events: vec![event("2", "algo-2-1", 2, "epoch 1"), event("3", "algo-1-1", 3, "done")],
                    next_token: None,
                },
            ]);
        let mut out = Vec::new();
        print_logs(&api, "us-west-2", "job", true, Duration::ZERO, &mut out).await.unwrap_or_default();
        assert_eq!(String::from_utf8_lossy(&out), "algo-1-1  epoch 1\nalgo-2-1  epoch 1\nalgo-1-1  done\n");
        let queries = api.log_queries();
        assert!(!queries.is_empty());
        assert!(
            queries.iter().all(|(group, prefix)| (group.as_str(), prefix.as_str()) == (TRAINING_LOG_GROUP, "job/"))
        );
    }
}

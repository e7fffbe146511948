//! `sagespec logs`: a job's CloudWatch log lines, from every host's stream
//! (`/aws/sagemaker/TrainingJobs`, streams `<job>/algo-N-…`), merged in time order by
//! FilterLogEvents. With `follow`, polls for new lines until the job has a final status,
//! then reads once more so the last lines are not lost; lines seen twice (polls overlap by
//! the last timestamp) are dropped by event id.
//!
//! A job without a line says so rather than printing nothing ([`Logged`]): SageMaker
//! creates the streams only once the instances start, so a job that is still starting has
//! none yet (`follow` says it is waiting, once), and a name without a job is told apart
//! from a job without logs by asking DescribeTrainingJob.

use std::collections::HashSet;
use std::io::Write;
use std::time::Duration;

use crate::aws::{AwsError, LiveJob, LogSource, SageMakerApi, TRAINING_LOG_GROUP};

/// How a read of a job's logs ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Logged {
    /// This many lines were printed.
    Lines(usize),
    /// The job exists and has no log line (yet); its state when last asked.
    NoLines(LiveJob),
    /// No job has that name (in that region).
    NoSuchJob,
}

/// Prints the job's log lines to `out` as `<host stream>  <line>`. While following a job
/// that has no line yet, says once on `notes` that it is waiting.
pub async fn print_logs<A: LogSource + SageMakerApi>(
    api: &A,
    region: &str,
    job: &str,
    follow: bool,
    interval: Duration,
    out: &mut (dyn Write + Send),
    notes: &mut (dyn Write + Send),
) -> Result<Logged, AwsError> {
    let prefix = format!("{job}/");
    let mut seen: HashSet<String> = HashSet::new();
    let mut start_ms: Option<i64> = None;
    let mut last_known: Option<LiveJob> = None;
    let mut said_waiting = false;
    loop {
        // Ask before reading, so a job that ends during the read still gets a last pass.
        let finished = if follow {
            let Some(live) = api.describe_training_job(region, job).await? else {
                return Ok(if seen.is_empty() { Logged::NoSuchJob } else { Logged::Lines(seen.len()) });
            };
            let terminal = live.status.is_terminal();
            last_known = Some(live);
            terminal
        } else {
            true
        };
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
            break;
        }
        if let (true, false, Some(live)) = (seen.is_empty(), said_waiting, &last_known) {
            let _ = writeln!(notes, "{}; waiting for them", no_lines(job, live));
            let _ = notes.flush();
            said_waiting = true;
        }
        tokio::time::sleep(interval).await;
    }
    if !seen.is_empty() {
        return Ok(Logged::Lines(seen.len()));
    }
    let live = match last_known {
        Some(live) => Some(live),
        None => api.describe_training_job(region, job).await?,
    };
    Ok(live.map_or(Logged::NoSuchJob, Logged::NoLines))
}

/// What to say of a job without a log line: `<job> has no log streams yet (InProgress,
/// Starting)`, or for a job that has ended, that it wrote none.
pub fn no_lines(job: &str, live: &LiveJob) -> String {
    let state = match &live.secondary_status {
        Some(secondary) if secondary != live.status.as_str() => format!("{}, {secondary}", live.status),
        _ => live.status.to_string(),
    };
    if live.status.is_terminal() {
        format!("{job} has no log streams: it ended {state} without writing a line")
    } else {
        format!("{job} has no log streams yet ({state}): SageMaker creates them when the instances start")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::fake::FakeAws;
    use crate::aws::{JobStatus, LogEvent, LogPage};

    /// A fake whose DescribeTrainingJob answers `statuses` in turn (none: there is no such
    /// job), "Starting" as the secondary status until the job ends, and whose
    /// FilterLogEvents answers `pages` in turn.
    fn scripted(statuses: Vec<JobStatus>, pages: Vec<LogPage>) -> FakeAws {
        let answers: Vec<Result<LiveJob, AwsError>> = statuses
            .into_iter()
            .map(|status| {
                Ok(LiveJob {
                    name: "job".into(),
                    secondary_status: Some(if status.is_terminal() { status.to_string() } else { "Starting".into() }),
                    status,
                    transitions: vec![],
                    failure_reason: None,
                })
            })
            .collect();
        let fake = FakeAws::default().with_log_pages(pages);
        if answers.is_empty() { fake } else { fake.describing("job", answers) }
    }

    fn event(id: &str, host: &str, ms: i64, message: &str) -> LogEvent {
        LogEvent { stream: format!("job/{host}"), timestamp_ms: ms, message: message.into(), id: id.into() }
    }

    #[tokio::test]
    async fn following_reads_every_host_until_the_job_ends_without_repeating_lines() {
        let api = scripted(
            vec![JobStatus::InProgress, JobStatus::Completed],
            vec![
                LogPage { events: vec![event("1", "algo-1-1", 1, "epoch 1\n")], next_token: Some("t".into()) },
                LogPage { events: vec![event("2", "algo-2-1", 2, "epoch 1")], next_token: None },
                LogPage {
                    events: vec![event("2", "algo-2-1", 2, "epoch 1"), event("3", "algo-1-1", 3, "done")],
                    next_token: None,
                },
            ],
        );
        let (mut out, mut notes) = (Vec::new(), Vec::new());
        let logged = print_logs(&api, "us-west-2", "job", true, Duration::ZERO, &mut out, &mut notes).await;
        assert_eq!(logged, Ok(Logged::Lines(3)));
        assert_eq!(String::from_utf8_lossy(&out), "algo-1-1  epoch 1\nalgo-2-1  epoch 1\nalgo-1-1  done\n");
        assert!(notes.is_empty(), "{}", String::from_utf8_lossy(&notes));
        let queries = api.log_queries();
        assert!(!queries.is_empty());
        assert!(
            queries.iter().all(|(group, prefix)| (group.as_str(), prefix.as_str()) == (TRAINING_LOG_GROUP, "job/"))
        );
    }

    #[tokio::test]
    async fn a_job_without_streams_says_so_instead_of_printing_nothing() {
        let api = scripted(vec![JobStatus::InProgress], vec![]);
        let (mut out, mut notes) = (Vec::new(), Vec::new());
        let logged = print_logs(&api, "us-west-2", "job", false, Duration::ZERO, &mut out, &mut notes).await;
        let Ok(Logged::NoLines(live)) = logged else { panic!("expected NoLines, got {logged:?}") };
        assert!(out.is_empty());
        assert_eq!(
            no_lines("job", &live),
            "job has no log streams yet (InProgress, Starting): SageMaker creates them when the instances start"
        );
    }

    #[tokio::test]
    async fn following_a_job_without_streams_says_once_that_it_waits() {
        let statuses = vec![JobStatus::InProgress, JobStatus::InProgress, JobStatus::InProgress, JobStatus::Completed];
        let late = LogPage { events: vec![event("1", "algo-1-1", 5, "hello")], next_token: None };
        let api = scripted(statuses, vec![LogPage::default(), LogPage::default(), late]);
        let (mut out, mut notes) = (Vec::new(), Vec::new());
        let logged = print_logs(&api, "us-west-2", "job", true, Duration::ZERO, &mut out, &mut notes).await;
        assert_eq!(logged, Ok(Logged::Lines(1)));
        assert_eq!(String::from_utf8_lossy(&out), "algo-1-1  hello\n");
        assert_eq!(
            String::from_utf8_lossy(&notes),
            "job has no log streams yet (InProgress, Starting): SageMaker creates them when the instances start; \
             waiting for them\n"
        );
    }

    #[tokio::test]
    async fn a_job_that_ended_without_logs_and_a_name_without_a_job_are_told_apart() {
        let ended = scripted(vec![JobStatus::Failed], vec![]);
        let (mut out, mut notes) = (Vec::new(), Vec::new());
        let logged = print_logs(&ended, "us-west-2", "job", true, Duration::ZERO, &mut out, &mut notes).await;
        let Ok(Logged::NoLines(live)) = logged else { panic!("expected NoLines, got {logged:?}") };
        assert_eq!(no_lines("job", &live), "job has no log streams: it ended Failed without writing a line");

        for follow in [false, true] {
            let missing = scripted(vec![], vec![]);
            let logged = print_logs(&missing, "us-west-2", "job", follow, Duration::ZERO, &mut out, &mut notes).await;
            assert_eq!(logged, Ok(Logged::NoSuchJob), "follow: {follow}");
        }
        assert!(out.is_empty() && notes.is_empty());
    }
}

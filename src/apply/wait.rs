//! Following jobs to the end (`apply --wait`): poll DescribeTrainingJob (or, for a tuning
//! job, DescribeHyperParameterTuningJob), turn every change into a [`WaitEvent`], and hand
//! it to a [`WaitView`].
//!
//! A tuning job's progress is its `TrainingJobStatusCounters` (completed, running, failed)
//! and the objective of its `BestTrainingJob` so far ([`TuningProgress`]); how it ended
//! carries the best training job, its tuned hyperparameters and its objective
//! ([`Finished::best`]).
//!
//! Two views: [`PlainView`] writes one line per event (logs, CI, pipes) and [`BarView`]
//! keeps one indicatif spinner per job on a terminal. Both show the status, each new
//! secondary status transition, the elapsed time, and the `FailureReason` when a job
//! fails. The clock is passed in, so tests replay status sequences and get the same text
//! every run. To add a view (JSON lines, say), implement [`WaitView`].

use std::fmt::Write as _;
use std::io::Write;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use crate::aws::{
    BestTrainingJob, JobStatus, LiveJob, LiveTuning, Objective, SageMakerApi, TrainingCounters, Transition,
};
use crate::plan::JobKind;

/// The time between two polls of SageMaker.
pub const POLL_INTERVAL: Duration = Duration::from_secs(15);

/// A job to follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Followed {
    /// The region.
    pub region: String,
    /// The job name.
    pub name: String,
    /// Its kind.
    pub kind: JobKind,
}

/// How a tuning job stands: its status, its training jobs, its best objective so far.
#[derive(Clone, Debug, PartialEq)]
pub struct TuningProgress {
    /// `HyperParameterTuningJobStatus`.
    pub status: JobStatus,
    /// `TrainingJobStatusCounters`.
    pub counters: TrainingCounters,
    /// The `BestTrainingJob`'s objective, once there is one.
    pub best: Option<Objective>,
}

impl TuningProgress {
    fn of(live: &LiveTuning) -> Self {
        Self {
            status: live.status.clone(),
            counters: live.counters,
            best: live.best.as_ref().and_then(|best| best.objective.clone()),
        }
    }

    /// `3 completed, 2 running, 1 failed; best validation:accuracy = 0.91`.
    pub fn text(&self) -> String {
        let TrainingCounters { completed, in_progress, .. } = self.counters;
        let mut text = format!("{completed} completed, {in_progress} running, {} failed", self.counters.failed());
        if self.counters.stopped > 0 {
            let _ = write!(text, ", {} stopped", self.counters.stopped);
        }
        match &self.best {
            Some(best) => {
                let _ = write!(text, "; best {} = {}", best.metric, best.value);
            }
            None => text.push_str("; no objective yet"),
        }
        text
    }
}

/// Something that changed.
#[derive(Clone, Debug, PartialEq)]
pub enum WaitEvent {
    /// A tuning job's status, counters or best objective changed.
    Tuning {
        /// The tuning job.
        job: String,
        /// Where it stands.
        progress: TuningProgress,
    },
    /// The status or secondary status changed.
    Status {
        /// The job.
        job: String,
        /// `TrainingJobStatus`.
        status: JobStatus,
        /// `SecondaryStatus`.
        secondary: Option<String>,
    },
    /// A new secondary status transition.
    Transition {
        /// The job.
        job: String,
        /// The transition.
        transition: Transition,
    },
    /// The job reached a final status.
    Finished {
        /// The job.
        job: String,
        /// The final status.
        status: JobStatus,
        /// `FailureReason`.
        failure_reason: Option<String>,
        /// For a tuning job, where it ended.
        progress: Option<TuningProgress>,
    },
    /// A poll failed (the SDK already retried); polling goes on.
    PollFailed {
        /// The job.
        job: String,
        /// The error.
        message: String,
    },
}

/// Where wait events go.
pub trait WaitView: Send {
    /// Shows one event, `elapsed` after the wait began.
    fn show(&mut self, elapsed: Duration, event: &WaitEvent);
}

/// How the wait ended for one job.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    /// The job.
    pub name: String,
    /// Its kind.
    pub kind: JobKind,
    /// The final status.
    pub status: JobStatus,
    /// `FailureReason`.
    pub failure_reason: Option<String>,
    /// For a tuning job: its training jobs at the end.
    pub counters: Option<TrainingCounters>,
    /// For a tuning job: its best training job, tuned hyperparameters and objective.
    pub best: Option<BestTrainingJob>,
}

impl Finished {
    fn not_found(job: &Followed, message: String) -> Self {
        Self {
            name: job.name.clone(),
            kind: job.kind,
            status: JobStatus::Other("NotFound".into()),
            failure_reason: Some(message),
            counters: None,
            best: None,
        }
    }
}

impl Finished {
    /// Whether the job completed.
    pub fn succeeded(&self) -> bool {
        self.status == JobStatus::Completed
    }
}

/// What the wait remembers of each job between polls.
#[derive(Default)]
struct Seen {
    status: Option<JobStatus>,
    secondary: Option<String>,
    transitions: usize,
    progress: Option<TuningProgress>,
}

/// One poll's answer, by kind.
enum Polled {
    Training(LiveJob),
    Tuning(LiveTuning),
}

async fn poll<A: SageMakerApi>(api: &A, job: &Followed) -> Result<Option<Polled>, crate::aws::AwsError> {
    Ok(match job.kind {
        JobKind::TrainingJob => api.describe_training_job(&job.region, &job.name).await?.map(Polled::Training),
        JobKind::TuningJob => api.describe_tuning_job(&job.region, &job.name).await?.map(Polled::Tuning),
    })
}

/// Polls every job until all have a final status. `elapsed` is the clock; `interval` the
/// pause between rounds.
pub async fn wait_all<A: SageMakerApi>(
    api: &A,
    jobs: &[Followed],
    interval: Duration,
    elapsed: &(dyn Fn() -> Duration + Send + Sync),
    view: &mut dyn WaitView,
) -> Vec<Finished> {
    let mut seen: Vec<Seen> = jobs.iter().map(|_| Seen::default()).collect();
    let mut finished: Vec<Option<Finished>> = jobs.iter().map(|_| None).collect();
    loop {
        for ((job, seen), done) in jobs.iter().zip(&mut seen).zip(&mut finished) {
            if done.is_some() {
                continue;
            }
            match poll(api, job).await {
                Ok(Some(Polled::Training(live))) => {
                    for event in changes(seen, &live) {
                        view.show(elapsed(), &event);
                    }
                    if live.status.is_terminal() {
                        *done = Some(Finished {
                            name: live.name,
                            kind: job.kind,
                            status: live.status,
                            failure_reason: live.failure_reason,
                            counters: None,
                            best: None,
                        });
                    }
                }
                Ok(Some(Polled::Tuning(live))) => {
                    for event in tuning_changes(seen, &live) {
                        view.show(elapsed(), &event);
                    }
                    if live.status.is_terminal() {
                        *done = Some(Finished {
                            name: live.name,
                            kind: job.kind,
                            status: live.status,
                            failure_reason: live.failure_reason,
                            counters: Some(live.counters),
                            best: live.best,
                        });
                    }
                }
                Ok(None) => {
                    let message = "SageMaker does not know this job".to_owned();
                    view.show(elapsed(), &WaitEvent::PollFailed { job: job.name.clone(), message: message.clone() });
                    *done = Some(Finished::not_found(job, message));
                }
                Err(error) => {
                    view.show(elapsed(), &WaitEvent::PollFailed { job: job.name.clone(), message: error.to_string() });
                }
            }
        }
        if finished.iter().all(Option::is_some) {
            return finished.into_iter().flatten().collect();
        }
        tokio::time::sleep(interval).await;
    }
}

/// The events between what was seen and `live`; updates `seen`.
fn changes(seen: &mut Seen, live: &LiveJob) -> Vec<WaitEvent> {
    let mut events = Vec::new();
    for transition in live.transitions.iter().skip(seen.transitions) {
        events.push(WaitEvent::Transition { job: live.name.clone(), transition: transition.clone() });
    }
    seen.transitions = seen.transitions.max(live.transitions.len());
    if seen.status.as_ref() != Some(&live.status) || seen.secondary != live.secondary_status {
        seen.status = Some(live.status.clone());
        seen.secondary.clone_from(&live.secondary_status);
        if live.status.is_terminal() {
            events.push(WaitEvent::Finished {
                job: live.name.clone(),
                status: live.status.clone(),
                failure_reason: live.failure_reason.clone(),
                progress: None,
            });
        } else {
            events.push(WaitEvent::Status {
                job: live.name.clone(),
                status: live.status.clone(),
                secondary: live.secondary_status.clone(),
            });
        }
    }
    events
}

/// The event for a tuning job whose status, counters or best objective changed since
/// `seen`; updates `seen`.
fn tuning_changes(seen: &mut Seen, live: &LiveTuning) -> Vec<WaitEvent> {
    let progress = TuningProgress::of(live);
    if seen.progress.as_ref() == Some(&progress) {
        return Vec::new();
    }
    seen.progress = Some(progress.clone());
    let event = if live.status.is_terminal() {
        WaitEvent::Finished {
            job: live.name.clone(),
            status: live.status.clone(),
            failure_reason: live.failure_reason.clone(),
            progress: Some(progress),
        }
    } else {
        WaitEvent::Tuning { job: live.name.clone(), progress }
    };
    vec![event]
}

/// The lines that close a finished tuning job: its best training job, that job's tuned
/// hyperparameters and its objective value; `None` for a training job.
pub fn best_lines(finished: &Finished) -> Option<Vec<String>> {
    if finished.kind != JobKind::TuningJob {
        return None;
    }
    let Some(best) = &finished.best else {
        return Some(vec![format!("{}: no training job reported the objective", finished.name)]);
    };
    let mut lines = vec![format!("{}: best training job {}", finished.name, best.name)];
    match &best.objective {
        Some(objective) => lines.push(format!("  objective  {} = {}", objective.metric, objective.value)),
        None => lines.push("  objective  (not reported)".to_owned()),
    }
    let width = best.tuned.keys().map(|k| k.chars().count()).max().unwrap_or(0);
    for (name, value) in &best.tuned {
        lines.push(format!("  tuned      {name:<width$} = {value}"));
    }
    Some(lines)
}

/// `1h02m03s`, `2m03s`, `3s`.
pub fn format_elapsed(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}h{minutes:02}m{seconds:02}s")
    } else if minutes > 0 {
        format!("{minutes}m{seconds:02}s")
    } else {
        format!("{seconds}s")
    }
}

/// The text of an event, without the job name and time.
fn describe(event: &WaitEvent) -> String {
    match event {
        WaitEvent::Status { status, secondary: Some(secondary), .. } => format!("{status} ({secondary})"),
        WaitEvent::Tuning { progress, .. } => format!("{} ({})", progress.status, progress.text()),
        WaitEvent::Finished { status, failure_reason: None, progress: Some(progress), .. } => {
            format!("{status} ({})", progress.text())
        }
        WaitEvent::Finished { status, failure_reason: Some(reason), progress: Some(progress), .. } => {
            format!("{status} ({}): {reason}", progress.text())
        }
        WaitEvent::Status { status, secondary: None, .. }
        | WaitEvent::Finished { status, failure_reason: None, progress: None, .. } => status.to_string(),
        WaitEvent::Transition { transition: Transition { status, message: Some(message) }, .. } => {
            format!("{status}: {message}")
        }
        WaitEvent::Transition { transition: Transition { status, message: None }, .. } => status.clone(),
        WaitEvent::Finished { status, failure_reason: Some(reason), progress: None, .. } => {
            format!("{status}: {reason}")
        }
        WaitEvent::PollFailed { message, .. } => format!("cannot poll: {message}"),
    }
}

fn job_of(event: &WaitEvent) -> &str {
    match event {
        WaitEvent::Status { job, .. }
        | WaitEvent::Tuning { job, .. }
        | WaitEvent::Transition { job, .. }
        | WaitEvent::Finished { job, .. }
        | WaitEvent::PollFailed { job, .. } => job,
    }
}

/// One line per event: `[2m03s] bert-0123456789ab  Training: Training image download completed…`.
pub struct PlainView<W: Write + Send> {
    out: W,
}

impl<W: Write + Send> PlainView<W> {
    /// Writes to `out`.
    pub fn new(out: W) -> Self {
        Self { out }
    }

    /// The writer back.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write + Send> WaitView for PlainView<W> {
    fn show(&mut self, elapsed: Duration, event: &WaitEvent) {
        let _ = writeln!(self.out, "[{}] {}  {}", format_elapsed(elapsed), job_of(event), describe(event));
    }
}

/// One spinner per job on a terminal; transitions and the final status are printed above
/// the spinners so they stay on screen.
pub struct BarView {
    bars: MultiProgress,
    by_job: Vec<(String, ProgressBar)>,
}

impl BarView {
    /// Spinners for `jobs`, drawn on stderr.
    pub fn new(jobs: &[Followed]) -> Self {
        let bars = MultiProgress::new();
        let style = ProgressStyle::with_template("{spinner} [{elapsed}] {prefix}  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let by_job = jobs
            .iter()
            .map(|job| {
                let bar = bars.add(ProgressBar::new_spinner());
                bar.set_style(style.clone());
                bar.set_prefix(job.name.clone());
                bar.set_message("waiting");
                bar.enable_steady_tick(Duration::from_millis(200));
                (job.name.clone(), bar)
            })
            .collect();
        Self { bars, by_job }
    }
}

impl WaitView for BarView {
    fn show(&mut self, elapsed: Duration, event: &WaitEvent) {
        let job = job_of(event);
        let Some((_, bar)) = self.by_job.iter().find(|(name, _)| name == job) else { return };
        let text = describe(event);
        match event {
            WaitEvent::Status { .. } | WaitEvent::Tuning { .. } => bar.set_message(text),
            WaitEvent::Transition { .. } | WaitEvent::PollFailed { .. } => {
                let _ = self.bars.println(format!("[{}] {job}  {text}", format_elapsed(elapsed)));
            }
            WaitEvent::Finished { .. } => bar.finish_with_message(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;
    use crate::aws::fake::FakeAws;
    use crate::aws::{AwsError, AwsErrorKind};

    fn state(
        name: &str,
        status: JobStatus,
        secondary: &str,
        transitions: &[(&str, &str)],
        reason: Option<&str>,
    ) -> LiveJob {
        LiveJob {
            name: name.into(),
            status,
            secondary_status: Some(secondary.into()),
            transitions: transitions
                .iter()
                .map(|(s, m)| Transition { status: (*s).into(), message: Some((*m).into()) })
                .collect(),
            failure_reason: reason.map(Into::into),
        }
    }

    /// Runs the wait on a clock that advances one minute per reading.
    async fn replay(answers: Vec<(&str, Vec<Result<LiveJob, AwsError>>)>) -> (String, Vec<Finished>) {
        let jobs: Vec<Followed> = answers
            .iter()
            .map(|(name, _)| Followed { region: "us-west-2".into(), name: (*name).into(), kind: JobKind::TrainingJob })
            .collect();
        let api = answers.into_iter().fold(FakeAws::default(), |api, (name, answers)| api.describing(name, answers));
        let minutes = AtomicU64::new(0);
        let clock = move || Duration::from_secs(60 * minutes.fetch_add(1, Ordering::SeqCst));
        let mut view = PlainView::new(Vec::new());
        let finished = wait_all(&api, &jobs, Duration::ZERO, &clock, &mut view).await;
        (String::from_utf8_lossy(&view.into_inner()).into_owned(), finished)
    }

    #[tokio::test]
    async fn a_completed_job_shows_each_status_and_transition_once() {
        let name = "bert-0123456789ab";
        let starting = [("Starting", "Preparing the instances for training")];
        let training = [starting[0], ("Training", "Training image download completed. Training in progress.")];
        let (text, finished) = replay(vec![(
            name,
            vec![
                Ok(state(name, JobStatus::InProgress, "Starting", &starting, None)),
                Ok(state(name, JobStatus::InProgress, "Starting", &starting, None)),
                Ok(state(name, JobStatus::InProgress, "Training", &training, None)),
                Ok(state(name, JobStatus::Completed, "Completed", &training, None)),
            ],
        )])
        .await;
        assert_eq!(
            text,
            "[0s] bert-0123456789ab  Starting: Preparing the instances for training\n\
             [1m00s] bert-0123456789ab  InProgress (Starting)\n\
             [2m00s] bert-0123456789ab  Training: Training image download completed. Training in progress.\n\
             [3m00s] bert-0123456789ab  InProgress (Training)\n\
             [4m00s] bert-0123456789ab  Completed\n"
        );
        assert_eq!(finished.len(), 1);
        assert!(finished[0].succeeded());
    }

    #[tokio::test]
    async fn a_failed_job_ends_with_its_failure_reason_and_poll_errors_do_not_stop_the_wait() {
        let name = "bad-0123456789ab";
        let throttled = Err(AwsError {
            service: "SageMaker",
            operation: "DescribeTrainingJob",
            status: None,
            kind: AwsErrorKind::Service { code: "ThrottlingException".into(), message: "Rate exceeded".into() },
        });
        let (text, finished) = replay(vec![(
            name,
            vec![
                Ok(state(name, JobStatus::InProgress, "Starting", &[], None)),
                throttled,
                Ok(state(name, JobStatus::Failed, "Failed", &[], Some("AlgorithmError: exit code 1"))),
            ],
        )])
        .await;
        assert_eq!(
            text,
            "[0s] bad-0123456789ab  InProgress (Starting)\n\
             [1m00s] bad-0123456789ab  cannot poll: SageMaker DescribeTrainingJob: ThrottlingException: Rate exceeded\n\
             [2m00s] bad-0123456789ab  Failed: AlgorithmError: exit code 1\n"
        );
        assert!(!finished[0].succeeded());
        assert_eq!(finished[0].failure_reason.as_deref(), Some("AlgorithmError: exit code 1"));
    }

    #[tokio::test]
    async fn several_jobs_are_followed_until_the_last_one_ends() {
        let (a, b) = ("a-0123456789ab", "b-0123456789ab");
        let (text, finished) = replay(vec![
            (a, vec![Ok(state(a, JobStatus::Stopped, "Stopped", &[], None))]),
            (
                b,
                vec![
                    Ok(state(b, JobStatus::InProgress, "Training", &[], None)),
                    Ok(state(b, JobStatus::Stopping, "Stopping", &[], None)),
                    Ok(state(b, JobStatus::Stopped, "Stopped", &[], None)),
                ],
            ),
        ])
        .await;
        assert_eq!(finished.iter().map(|f| f.status.as_str()).collect::<Vec<_>>(), ["Stopped", "Stopped"]);
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(text.ends_with("b-0123456789ab  Stopped\n"), "{text}");
    }

    fn tuning_state(status: JobStatus, counts: (i32, i32, i32), best: Option<(&str, f32)>) -> LiveTuning {
        LiveTuning {
            name: "hpo-0123456789abcdef0123456".into(),
            status,
            counters: TrainingCounters {
                completed: counts.0,
                in_progress: counts.1,
                retryable_error: 0,
                non_retryable_error: counts.2,
                stopped: 0,
            },
            best: best.map(|(job, value)| BestTrainingJob {
                name: job.into(),
                tuned: [("batch_size".to_owned(), "64".to_owned()), ("learning_rate".to_owned(), "0.0003".to_owned())]
                    .into(),
                objective: Some(Objective { metric: "validation:accuracy".into(), value }),
            }),
            failure_reason: None,
        }
    }

    #[tokio::test]
    async fn a_tuning_job_shows_its_counters_and_best_objective_and_ends_with_its_best_job() {
        let name = "hpo-0123456789abcdef0123456";
        let api = FakeAws::default().describing_tuning(
            name,
            vec![
                Ok(tuning_state(JobStatus::InProgress, (0, 2, 0), None)),
                Ok(tuning_state(JobStatus::InProgress, (0, 2, 0), None)),
                Ok(tuning_state(JobStatus::InProgress, (1, 2, 1), Some(("hpo-001", 0.5)))),
                Ok(tuning_state(JobStatus::Completed, (3, 0, 1), Some(("hpo-003", 0.75)))),
            ],
        );
        let jobs = [Followed { region: "us-west-2".into(), name: name.into(), kind: JobKind::TuningJob }];
        let minutes = AtomicU64::new(0);
        let clock = move || Duration::from_secs(60 * minutes.fetch_add(1, Ordering::SeqCst));
        let mut view = PlainView::new(Vec::new());
        let finished = wait_all(&api, &jobs, Duration::ZERO, &clock, &mut view).await;
        let text = String::from_utf8_lossy(&view.into_inner()).into_owned();
        assert_eq!(
            text,
            "[0s] hpo-0123456789abcdef0123456  InProgress (0 completed, 2 running, 0 failed; no objective yet)\n\
             [1m00s] hpo-0123456789abcdef0123456  InProgress (1 completed, 2 running, 1 failed; best validation:accuracy = 0.5)\n\
             [2m00s] hpo-0123456789abcdef0123456  Completed (3 completed, 0 running, 1 failed; best validation:accuracy = 0.75)\n"
        );
        assert!(finished[0].succeeded());
        assert_eq!(
            best_lines(&finished[0]).expect("a tuning job"),
            [
                "hpo-0123456789abcdef0123456: best training job hpo-003",
                "  objective  validation:accuracy = 0.75",
                "  tuned      batch_size    = 64",
                "  tuned      learning_rate = 0.0003",
            ]
        );
    }

    #[test]
    fn elapsed_times_read_naturally() {
        assert_eq!(format_elapsed(Duration::from_secs(7)), "7s");
        assert_eq!(format_elapsed(Duration::from_secs(125)), "2m05s");
        assert_eq!(format_elapsed(Duration::from_secs(3723)), "1h02m03s");
    }
}

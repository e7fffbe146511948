//! Acting on SageMaker: look at the live jobs ([`observe`]) and at the older jobs new
//! ones replace ([`replaced`]), then upload code and create what the plan says is missing
//! ([`execute`]); follow jobs to the end ([`wait`]) and read their logs ([`logs`]).
//! `crate::ops` decides when.
//!
//! Everything here is generic over the traits of `crate::aws`, so unit tests run it
//! against fakes and the integration tests against moto. Calls go out concurrently, at
//! most [`CONCURRENCY`] at a time ([`bounded`] is the one helper for that); one failed job
//! never stops the others.
//!
//! Training and tuning jobs take the same path; only the three calls that differ by kind
//! (describe, list, create) dispatch on [`JobKind`] / [`JobInput`], in [`describe`],
//! [`list`] and [`create`].
//!
//! Idempotence comes from the content-addressed job names: a job that exists is never
//! created again, a create that meets `ResourceInUse` counts as up to date, and code is
//! uploaded only when HeadObject does not find its content-addressed key.

pub mod logs;
pub mod replaced;
pub mod wait;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::Future;
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::aws::{AwsError, CreateOutcome, JobStatus, JobSummary, ObjectStore, SageMakerApi};
use crate::plan::{Action, DesiredJob, JobInput, JobKind, Observed, Plan};

/// How many AWS calls are in flight at once.
pub const CONCURRENCY: usize = 16;

/// A problem with one manifest or job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobError {
    /// The manifest, as shown to the user.
    pub manifest: String,
    /// The job, when it got that far.
    pub job: Option<String>,
    /// What went wrong (for AWS errors, the service's own message).
    pub message: String,
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.job {
            Some(job) => write!(f, "{} ({job}): {}", self.manifest, self.message),
            None => write!(f, "{}: {}", self.manifest, self.message),
        }
    }
}

/// Asks SageMaker about the desired jobs, [`CONCURRENCY`] calls at a time: one list call
/// (ListTrainingJobs or ListHyperParameterTuningJobs, `NameContains` = base name) per
/// hashed base and kind, which finds the job itself and its superseded versions in one
/// call, and one describe per job with an exact `job_name`. So a plan costs about one call
/// per base name, not two per job.
pub async fn observe<A>(api: &Arc<A>, desired: &[DesiredJob]) -> Result<Observed, Vec<JobError>>
where
    A: SageMakerApi + 'static,
{
    let describe_calls = desired
        .iter()
        .filter(|job| job.base_name.is_none())
        .map(|job| (job.kind(), job.region.clone(), job.name.clone(), job.manifest.clone()))
        .collect();
    let described = bounded(describe_calls, CONCURRENCY, |(kind, region, name, manifest)| {
        let api = Arc::clone(api);
        async move {
            let live = describe(api.as_ref(), kind, &region, &name).await;
            (kind, name, manifest, live)
        }
    })
    .await;

    let mut bases: BTreeMap<(JobKind, String, String), String> = BTreeMap::new();
    for job in desired {
        if let Some(base) = &job.base_name {
            bases.entry((job.kind(), job.region.clone(), base.clone())).or_insert_with(|| job.manifest.clone());
        }
    }
    let listed = bounded(bases.into_iter().collect(), CONCURRENCY, |((kind, region, base), manifest)| {
        let api = Arc::clone(api);
        async move {
            let jobs = list(api.as_ref(), kind, &region, &base).await;
            (kind, base, manifest, jobs)
        }
    })
    .await;

    let mut observed = Observed::default();
    let mut errors = Vec::new();
    for outcome in described {
        match outcome {
            Some((kind, name, _, Ok(status))) => {
                observed.live.insert((kind, name), status);
            }
            Some((_, name, manifest, Err(error))) => {
                errors.push(JobError { manifest, job: Some(name), message: error.to_string() });
            }
            None => errors.push(lost_task()),
        }
    }
    for outcome in listed {
        match outcome {
            Some((kind, base, _, Ok(jobs))) => {
                observed.listed.entry((kind, base)).or_default().extend(jobs);
            }
            Some((_, _, manifest, Err(error))) => {
                errors.push(JobError { manifest, job: None, message: error.to_string() });
            }
            None => errors.push(lost_task()),
        }
    }
    if errors.is_empty() { Ok(observed) } else { Err(errors) }
}

/// The status of the job of `kind` named `name`, `None` when there is none.
pub async fn describe<A: SageMakerApi>(
    api: &A,
    kind: JobKind,
    region: &str,
    name: &str,
) -> Result<Option<JobStatus>, AwsError> {
    match kind {
        JobKind::TrainingJob => Ok(api.describe_training_job(region, name).await?.map(|live| live.status)),
        JobKind::TuningJob => Ok(api.describe_tuning_job(region, name).await?.map(|live| live.status)),
    }
}

/// The jobs of `kind` whose names contain `base`.
pub async fn list<A: SageMakerApi>(
    api: &A,
    kind: JobKind,
    region: &str,
    base: &str,
) -> Result<Vec<JobSummary>, AwsError> {
    match kind {
        JobKind::TrainingJob => api.list_training_jobs(region, base).await,
        JobKind::TuningJob => api.list_tuning_jobs(region, base).await,
    }
}

/// Creates the job `input` describes.
pub async fn create<A: SageMakerApi>(api: &A, region: &str, input: JobInput) -> Result<CreateOutcome, AwsError> {
    match input {
        JobInput::Training(input) => api.create_training_job(region, input).await,
        JobInput::Tuning(input) => api.create_tuning_job(region, input).await,
    }
}

/// What happened to one job in an apply.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "outcome", content = "message")]
pub enum Outcome {
    /// Created now.
    Created,
    /// Existed already (found by the plan, or by a create that met `ResourceInUse`).
    UpToDate,
    /// Not created.
    Failed(String),
}

/// One job's result.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct JobResult {
    /// The job.
    pub job: String,
    /// Its kind.
    pub kind: JobKind,
    /// Its manifest.
    pub manifest: String,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Carries out `plan`: creates the default buckets the jobs to create need, uploads their
/// code (skipping keys that exist), and creates the jobs, [`CONCURRENCY`] at a time.
/// `report` sees each result as it comes. Returns one result per desired job, in order.
pub async fn execute<A>(
    api: &Arc<A>,
    desired: &[DesiredJob],
    plan: &Plan,
    report: &mut (dyn FnMut(&JobResult) + Send),
) -> Vec<JobResult>
where
    A: SageMakerApi + ObjectStore + 'static,
{
    let to_create: BTreeSet<(JobKind, &str)> = plan.to_create().collect();
    let mut results: HashMap<(JobKind, String), JobResult> = HashMap::new();
    for entry in &plan.jobs {
        if let Action::UpToDate { .. } = entry.action {
            results.insert(
                (entry.kind, entry.job.clone()),
                JobResult {
                    job: entry.job.clone(),
                    kind: entry.kind,
                    manifest: entry.manifest.clone(),
                    outcome: Outcome::UpToDate,
                },
            );
        }
    }
    let creating: Vec<&DesiredJob> =
        desired.iter().filter(|job| to_create.contains(&(job.kind(), job.name.as_str()))).collect();

    // Default buckets, then code: each distinct one once.
    let buckets: BTreeSet<(String, String)> = creating
        .iter()
        .filter_map(|job| job.default_bucket.clone().map(|bucket| (job.region.clone(), bucket)))
        .collect();
    let bucket_errors: HashMap<(String, String), AwsError> =
        bounded(buckets.into_iter().collect(), CONCURRENCY, |(region, bucket)| {
            let api = Arc::clone(api);
            async move {
                let outcome = api.ensure_bucket(&region, &bucket).await;
                ((region, bucket), outcome)
            }
        })
        .await
        .into_iter()
        .flatten()
        .filter_map(|(key, outcome)| outcome.err().map(|error| (key, error)))
        .collect();

    let mut uploads: BTreeMap<(String, String, String), Vec<u8>> = BTreeMap::new();
    for job in &creating {
        if let Some(code) = &job.code {
            uploads
                .entry((job.region.clone(), code.bucket.clone(), code.key.clone()))
                .or_insert_with(|| code.bytes.clone());
        }
    }
    let upload_errors: HashMap<(String, String, String), AwsError> =
        bounded(uploads.into_iter().collect(), CONCURRENCY, |(key, bytes)| {
            let api = Arc::clone(api);
            async move {
                let (region, bucket, object) = &key;
                let outcome = match api.object_exists(region, bucket, object).await {
                    Ok(true) => Ok(()),
                    Ok(false) => api.put_object(region, bucket, object, bytes).await,
                    Err(error) => Err(error),
                };
                (key, outcome)
            }
        })
        .await
        .into_iter()
        .flatten()
        .filter_map(|(key, outcome)| outcome.err().map(|error| (key, error)))
        .collect();

    let mut create_calls = Vec::new();
    for job in creating {
        let bucket_error =
            job.default_bucket.as_ref().and_then(|bucket| bucket_errors.get(&(job.region.clone(), bucket.clone())));
        let upload_error = job
            .code
            .as_ref()
            .and_then(|code| upload_errors.get(&(job.region.clone(), code.bucket.clone(), code.key.clone())));
        if let Some(error) = bucket_error.or(upload_error) {
            let result = JobResult {
                job: job.name.clone(),
                kind: job.kind(),
                manifest: job.manifest.clone(),
                outcome: Outcome::Failed(error.to_string()),
            };
            report(&result);
            results.insert((job.kind(), job.name.clone()), result);
        } else {
            create_calls.push((job.region.clone(), job.name.clone(), job.manifest.clone(), job.input.clone()));
        }
    }
    let created = bounded_reporting(
        create_calls,
        CONCURRENCY,
        |(region, name, manifest, input): (String, String, String, JobInput)| {
            let api = Arc::clone(api);
            let kind = input.kind();
            async move {
                let outcome = match create(api.as_ref(), &region, input).await {
                    Ok(CreateOutcome::Created) => Outcome::Created,
                    Ok(CreateOutcome::AlreadyExists) => Outcome::UpToDate,
                    Err(error) => Outcome::Failed(error.to_string()),
                };
                JobResult { job: name, kind, manifest, outcome }
            }
        },
        report,
    )
    .await;
    for result in created.into_iter().flatten() {
        results.insert((result.kind, result.job.clone()), result);
    }
    desired
        .iter()
        .map(|job| {
            results.remove(&(job.kind(), job.name.clone())).unwrap_or_else(|| JobResult {
                job: job.name.clone(),
                kind: job.kind(),
                manifest: job.manifest.clone(),
                outcome: Outcome::Failed(lost_task().message),
            })
        })
        .collect()
}

fn lost_task() -> JobError {
    JobError { manifest: String::new(), job: None, message: "an AWS call ended unexpectedly".into() }
}

/// Runs `work` on every item, at most `limit` at a time; results in input order (`None`
/// for a task that did not finish, which only a panic would cause).
pub async fn bounded<T, R, F, Fut>(items: Vec<T>, limit: usize, work: F) -> Vec<Option<R>>
where
    F: FnMut(T) -> Fut,
    Fut: Future<Output = R> + Send + 'static,
    R: Send + 'static,
{
    bounded_reporting(items, limit, work, &mut |_| {}).await
}

/// [`bounded`], calling `report` on each result as it finishes.
pub async fn bounded_reporting<T, R, F, Fut>(
    items: Vec<T>,
    limit: usize,
    mut work: F,
    report: &mut (dyn FnMut(&R) + Send),
) -> Vec<Option<R>>
where
    F: FnMut(T) -> Fut,
    Fut: Future<Output = R> + Send + 'static,
    R: Send + 'static,
{
    let semaphore = Arc::new(Semaphore::new(limit.max(1)));
    let mut tasks = JoinSet::new();
    let count = items.len();
    for (index, item) in items.into_iter().enumerate() {
        let future = work(item);
        let semaphore = Arc::clone(&semaphore);
        tasks.spawn(async move {
            let _permit = semaphore.acquire_owned().await;
            (index, future.await)
        });
    }
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(count).collect();
    while let Some(joined) = tasks.join_next().await {
        if let Ok((index, result)) = joined {
            report(&result);
            if let Some(slot) = results.get_mut(index) {
                *slot = Some(result);
            }
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::builders::CreateHyperParameterTuningJobInputBuilder;
    use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;

    use super::*;
    use crate::aws::fake::FakeAws;
    use crate::aws::{LiveTuning, ObjectStore, TrainingCounters};
    use crate::plan::CodeUpload;

    fn job(name: &str, input: JobInput) -> DesiredJob {
        DesiredJob {
            name: name.into(),
            base_name: None,
            manifest: format!("{name}.yaml"),
            region: "us-west-2".into(),
            input,
            code: Some(CodeUpload { bucket: "b".into(), key: "code/sourcedir.tar.gz".into(), bytes: vec![1, 2, 3] }),
            default_bucket: None,
            template: None,
        }
    }

    fn training(name: &str) -> DesiredJob {
        job(name, JobInput::Training(CreateTrainingJobInputBuilder::default().training_job_name(name)))
    }

    fn tuning(name: &str) -> DesiredJob {
        job(
            name,
            JobInput::Tuning(
                CreateHyperParameterTuningJobInputBuilder::default().hyper_parameter_tuning_job_name(name),
            ),
        )
    }

    #[tokio::test]
    async fn a_tuning_job_is_observed_and_created_by_its_own_calls_with_the_shared_code_upload() {
        let existing = LiveTuning {
            name: "old-hpo".into(),
            status: JobStatus::Completed,
            counters: TrainingCounters::default(),
            best: None,
            failure_reason: None,
        };
        // `old-hpo` exists as a tuning job only: as a training job of that name it is new.
        let api = Arc::new(FakeAws::default().describing_tuning("old-hpo", vec![Ok(existing)]));
        let desired = [training("train"), tuning("hpo"), tuning("old-hpo"), training("old-hpo")];
        let observed = observe(&api, &desired).await.expect("observed");
        let plan = Plan::new(&desired, &observed);
        assert_eq!(
            plan.to_create().collect::<Vec<_>>(),
            [(JobKind::TrainingJob, "train"), (JobKind::TuningJob, "hpo"), (JobKind::TrainingJob, "old-hpo")]
        );
        let results = execute(&api, &desired, &plan, &mut |_| {}).await;
        let outcomes: Vec<(JobKind, &str, &Outcome)> =
            results.iter().map(|r| (r.kind, r.job.as_str(), &r.outcome)).collect();
        assert_eq!(
            outcomes,
            [
                (JobKind::TrainingJob, "train", &Outcome::Created),
                (JobKind::TuningJob, "hpo", &Outcome::Created),
                (JobKind::TuningJob, "old-hpo", &Outcome::UpToDate),
                (JobKind::TrainingJob, "old-hpo", &Outcome::Created),
            ]
        );
        let mut created = api.created();
        created.sort();
        assert_eq!(created, ["hpo", "old-hpo", "train"]);
        assert!(api.object_exists("us-west-2", "b", "code/sourcedir.tar.gz").await.expect("head"));
    }
}

//! One in-memory fake of the AWS traits ([`SageMakerApi`], [`ObjectStore`], [`Identity`],
//! [`LogSource`]) for unit tests: each test scripts the answers it needs and reads back the
//! calls it wants to check. Nothing here reaches a network.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};

use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::builders::CreateHyperParameterTuningJobInputBuilder;
use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;

use super::{
    AwsError, CreateOutcome, Identity, JobSummary, LiveJob, LiveTuning, LogPage, LogSource, ObjectStore, SageMakerApi,
};

/// The account [`Identity::account_id`] answers.
pub(crate) const ACCOUNT: &str = "123456789012";

/// The fake: scripted answers in, recorded calls out.
#[derive(Default)]
pub(crate) struct FakeAws {
    /// DescribeTrainingJob answers by job name; each call takes the next, the last repeats.
    /// A name with none is a job that does not exist.
    describes: Mutex<HashMap<String, VecDeque<Result<LiveJob, AwsError>>>>,
    /// DescribeHyperParameterTuningJob answers by name, as [`FakeAws::describes`].
    tunings: Mutex<HashMap<String, VecDeque<Result<LiveTuning, AwsError>>>>,
    /// The names of the jobs created, training and tuning, in call order.
    created: Mutex<Vec<String>>,
    /// FilterLogEvents pages, one a call; an empty page after the last.
    log_pages: Mutex<VecDeque<LogPage>>,
    /// `(group, stream_prefix)` of every FilterLogEvents call.
    log_queries: Mutex<Vec<(String, String)>>,
    /// The objects put, by `(bucket, key)`.
    objects: Mutex<HashMap<(String, String), Vec<u8>>>,
    /// What [`SageMakerApi::describe_training_input`] answers, by job name.
    inputs: Mutex<HashMap<String, Result<CreateTrainingJobInputBuilder, AwsError>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl FakeAws {
    /// Answers DescribeTrainingJob on `name` with `answers`, one a call, the last repeating.
    pub(crate) fn describing(self, name: &str, answers: Vec<Result<LiveJob, AwsError>>) -> Self {
        lock(&self.describes).insert(name.to_owned(), answers.into());
        self
    }

    /// Answers DescribeHyperParameterTuningJob on `name` with `answers`, one a call, the
    /// last repeating.
    pub(crate) fn describing_tuning(self, name: &str, answers: Vec<Result<LiveTuning, AwsError>>) -> Self {
        lock(&self.tunings).insert(name.to_owned(), answers.into());
        self
    }

    /// Answers `describe_training_input` on `name` with `answer`.
    pub(crate) fn describing_input(self, name: &str, answer: Result<CreateTrainingJobInputBuilder, AwsError>) -> Self {
        lock(&self.inputs).insert(name.to_owned(), answer);
        self
    }

    /// Holds `bytes` at `(bucket, key)`, for GetObject.
    pub(crate) fn with_object(self, bucket: &str, key: &str, bytes: Vec<u8>) -> Self {
        lock(&self.objects).insert((bucket.to_owned(), key.to_owned()), bytes);
        self
    }

    /// The names of the jobs created so far (training and tuning), in call order.
    pub(crate) fn created(&self) -> Vec<String> {
        lock(&self.created).clone()
    }

    /// Answers FilterLogEvents with `pages`, one a call.
    pub(crate) fn with_log_pages(self, pages: Vec<LogPage>) -> Self {
        *lock(&self.log_pages) = pages.into();
        self
    }

    /// `(group, stream_prefix)` of every FilterLogEvents call so far.
    pub(crate) fn log_queries(&self) -> Vec<(String, String)> {
        lock(&self.log_queries).clone()
    }
}

impl SageMakerApi for FakeAws {
    async fn describe_training_job(&self, _region: &str, name: &str) -> Result<Option<LiveJob>, AwsError> {
        let mut describes = lock(&self.describes);
        let Some(queue) = describes.get_mut(name) else { return Ok(None) };
        let answer = if queue.len() > 1 { queue.pop_front() } else { queue.front().cloned() };
        answer.map_or(Ok(None), |answer| answer.map(Some))
    }

    async fn create_training_job(
        &self,
        _region: &str,
        input: CreateTrainingJobInputBuilder,
    ) -> Result<CreateOutcome, AwsError> {
        lock(&self.created).push(input.get_training_job_name().clone().unwrap_or_default());
        Ok(CreateOutcome::Created)
    }

    async fn list_training_jobs(&self, _region: &str, _name_contains: &str) -> Result<Vec<JobSummary>, AwsError> {
        Ok(vec![])
    }

    async fn stop_training_job(&self, _region: &str, _name: &str) -> Result<(), AwsError> {
        Ok(())
    }

    async fn describe_tuning_job(&self, _region: &str, name: &str) -> Result<Option<LiveTuning>, AwsError> {
        let mut tunings = lock(&self.tunings);
        let Some(queue) = tunings.get_mut(name) else { return Ok(None) };
        let answer = if queue.len() > 1 { queue.pop_front() } else { queue.front().cloned() };
        answer.map_or(Ok(None), |answer| answer.map(Some))
    }

    async fn create_tuning_job(
        &self,
        _region: &str,
        input: CreateHyperParameterTuningJobInputBuilder,
    ) -> Result<CreateOutcome, AwsError> {
        lock(&self.created).push(input.get_hyper_parameter_tuning_job_name().clone().unwrap_or_default());
        Ok(CreateOutcome::Created)
    }

    async fn list_tuning_jobs(&self, _region: &str, _name_contains: &str) -> Result<Vec<JobSummary>, AwsError> {
        Ok(vec![])
    }

    async fn stop_tuning_job(&self, _region: &str, _name: &str) -> Result<(), AwsError> {
        Ok(())
    }

    async fn describe_training_input(
        &self,
        _region: &str,
        name: &str,
    ) -> Result<Option<CreateTrainingJobInputBuilder>, AwsError> {
        lock(&self.inputs).get(name).cloned().transpose()
    }
}

impl ObjectStore for FakeAws {
    async fn object_exists(&self, _region: &str, bucket: &str, key: &str) -> Result<bool, AwsError> {
        Ok(lock(&self.objects).contains_key(&(bucket.to_owned(), key.to_owned())))
    }

    async fn put_object(&self, _region: &str, bucket: &str, key: &str, bytes: Vec<u8>) -> Result<(), AwsError> {
        lock(&self.objects).insert((bucket.to_owned(), key.to_owned()), bytes);
        Ok(())
    }

    async fn ensure_bucket(&self, _region: &str, _bucket: &str) -> Result<(), AwsError> {
        Ok(())
    }

    async fn get_object(&self, _region: &str, bucket: &str, key: &str) -> Result<Vec<u8>, AwsError> {
        lock(&self.objects).get(&(bucket.to_owned(), key.to_owned())).cloned().ok_or_else(|| {
            AwsError::new(
                "S3",
                "GetObject",
                super::AwsErrorKind::Service { code: "NoSuchKey".into(), message: format!("no object {bucket}/{key}") },
            )
        })
    }
}

impl Identity for FakeAws {
    async fn account_id(&self, _region: &str) -> Result<String, AwsError> {
        Ok(ACCOUNT.to_owned())
    }
}

impl LogSource for FakeAws {
    async fn log_events(
        &self,
        _region: &str,
        group: &str,
        stream_prefix: &str,
        _start_ms: Option<i64>,
        _next_token: Option<String>,
    ) -> Result<LogPage, AwsError> {
        lock(&self.log_queries).push((group.to_owned(), stream_prefix.to_owned()));
        Ok(lock(&self.log_pages).pop_front().unwrap_or_default())
    }
}

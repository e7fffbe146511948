//! One in-memory fake of the AWS traits ([`SageMakerApi`], [`ObjectStore`], [`Identity`],
//! [`LogSource`]) for unit tests: each test scripts the answers it needs and reads back the
//! calls it wants to check. Nothing here reaches a network.
//!
//! The deployment calls keep a small in-memory SageMaker: models, endpoint configurations
//! and endpoints created from their inputs, described from what was sent, deleted on
//! request. An endpoint, once created or updated, describes as `Creating` (or `Updating`)
//! once, then `InService`, unless a test scripts its answers
//! ([`FakeAws::describing_endpoint`]).

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};

use std::collections::BTreeMap;

use aws_sdk_sagemaker::operation::create_endpoint::builders::CreateEndpointInputBuilder;
use aws_sdk_sagemaker::operation::create_endpoint_config::builders::CreateEndpointConfigInputBuilder;
use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::builders::CreateHyperParameterTuningJobInputBuilder;
use aws_sdk_sagemaker::operation::create_model::builders::CreateModelInputBuilder;
use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;

use super::{
    AwsError, CreateOutcome, DeleteOutcome, EndpointStatus, Identity, JobSummary, LiveEndpoint, LiveEndpointConfig,
    LiveJob, LiveModel, LiveTuning, LogPage, LogSource, ObjectStore, ResourceSummary, SageMakerApi,
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
    /// What [`SageMakerApi::describe_tuning_input`] answers, by tuning job name.
    tuning_inputs: Mutex<HashMap<String, Result<CreateHyperParameterTuningJobInputBuilder, AwsError>>>,
    /// What ListTrainingJobs answers: these jobs, those whose names contain the text asked.
    listed_training: Mutex<Vec<JobSummary>>,
    /// The deployment resources that exist.
    deployed: Mutex<Deployed>,
    /// Every deployment call, as `"<Operation> <name>"`, in call order.
    deploy_calls: Mutex<Vec<String>>,
    /// Why UpdateEndpoint fails, when it does: the endpoint passes through `Updating`
    /// and `RollingBack` back to `InService` on its old configuration, with this reason.
    failing_updates: Mutex<Option<String>>,
}

/// The fake's models, endpoint configurations and endpoints, by name.
#[derive(Default)]
struct Deployed {
    models: BTreeMap<String, CreateModelInputBuilder>,
    configs: BTreeMap<String, CreateEndpointConfigInputBuilder>,
    endpoints: BTreeMap<String, FakeEndpoint>,
}

/// An endpoint: its configuration and the statuses its next describes answer (the last
/// repeats).
struct FakeEndpoint {
    config_name: String,
    statuses: VecDeque<Result<(EndpointStatus, Option<String>), AwsError>>,
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

    /// Answers `describe_tuning_input` on `name` with `answer`.
    pub(crate) fn describing_tuning_input(
        self,
        name: &str,
        answer: Result<CreateHyperParameterTuningJobInputBuilder, AwsError>,
    ) -> Self {
        lock(&self.tuning_inputs).insert(name.to_owned(), answer);
        self
    }

    /// Lists `jobs` on ListTrainingJobs (those whose names contain the text asked).
    pub(crate) fn listing_training_jobs(self, jobs: Vec<JobSummary>) -> Self {
        *lock(&self.listed_training) = jobs;
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

    /// Answers DescribeEndpoint on the endpoint `name` (created by the test, or here with
    /// the configuration `config_name`) with `answers`: a status and a failure reason,
    /// one a call, the last repeating.
    pub(crate) fn describing_endpoint(
        self,
        name: &str,
        config_name: &str,
        answers: Vec<Result<(EndpointStatus, Option<String>), AwsError>>,
    ) -> Self {
        lock(&self.deployed)
            .endpoints
            .insert(name.to_owned(), FakeEndpoint { config_name: config_name.to_owned(), statuses: answers.into() });
        self
    }

    /// Makes every UpdateEndpoint fail with `reason` (SageMaker rolls the endpoint back).
    pub(crate) fn failing_updates(self, reason: &str) -> Self {
        *lock(&self.failing_updates) = Some(reason.to_owned());
        self
    }

    /// Every deployment call so far, as `"<Operation> <name>"`, in call order.
    pub(crate) fn deploy_calls(&self) -> Vec<String> {
        lock(&self.deploy_calls).clone()
    }

    fn record(&self, operation: &str, name: &str) {
        lock(&self.deploy_calls).push(format!("{operation} {name}"));
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

    async fn list_training_jobs(&self, _region: &str, name_contains: &str) -> Result<Vec<JobSummary>, AwsError> {
        Ok(lock(&self.listed_training).iter().filter(|job| job.name.contains(name_contains)).cloned().collect())
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

    async fn describe_tuning_input(
        &self,
        _region: &str,
        name: &str,
    ) -> Result<Option<CreateHyperParameterTuningJobInputBuilder>, AwsError> {
        lock(&self.tuning_inputs).get(name).cloned().transpose()
    }

    async fn create_model(&self, _region: &str, input: CreateModelInputBuilder) -> Result<CreateOutcome, AwsError> {
        let name = input.get_model_name().clone().unwrap_or_default();
        self.record("CreateModel", &name);
        Ok(insert_new(&mut lock(&self.deployed).models, name, input))
    }

    async fn describe_model(&self, _region: &str, name: &str) -> Result<Option<LiveModel>, AwsError> {
        self.record("DescribeModel", name);
        let deployed = lock(&self.deployed);
        Ok(deployed.models.get(name).map(super::deploy::live_model_of))
    }

    async fn delete_model(&self, _region: &str, name: &str) -> Result<DeleteOutcome, AwsError> {
        self.record("DeleteModel", name);
        Ok(removed(lock(&self.deployed).models.remove(name).is_some()))
    }

    async fn list_models(&self, _region: &str, name_contains: &str) -> Result<Vec<ResourceSummary>, AwsError> {
        Ok(summaries(lock(&self.deployed).models.keys(), name_contains))
    }

    async fn create_endpoint_config(
        &self,
        _region: &str,
        input: CreateEndpointConfigInputBuilder,
    ) -> Result<CreateOutcome, AwsError> {
        let name = input.get_endpoint_config_name().clone().unwrap_or_default();
        self.record("CreateEndpointConfig", &name);
        Ok(insert_new(&mut lock(&self.deployed).configs, name, input))
    }

    async fn describe_endpoint_config(
        &self,
        _region: &str,
        name: &str,
    ) -> Result<Option<LiveEndpointConfig>, AwsError> {
        self.record("DescribeEndpointConfig", name);
        let deployed = lock(&self.deployed);
        let Some(input) = deployed.configs.get(name) else { return Ok(None) };
        let variants = input.get_production_variants().iter().flatten().map(super::deploy::live_variant).collect();
        Ok(Some(LiveEndpointConfig { name: name.to_owned(), variants, kms_key: input.get_kms_key_id().clone() }))
    }

    async fn delete_endpoint_config(&self, _region: &str, name: &str) -> Result<DeleteOutcome, AwsError> {
        self.record("DeleteEndpointConfig", name);
        Ok(removed(lock(&self.deployed).configs.remove(name).is_some()))
    }

    async fn list_endpoint_configs(
        &self,
        _region: &str,
        name_contains: &str,
    ) -> Result<Vec<ResourceSummary>, AwsError> {
        Ok(summaries(lock(&self.deployed).configs.keys(), name_contains))
    }

    async fn create_endpoint(
        &self,
        _region: &str,
        input: CreateEndpointInputBuilder,
    ) -> Result<CreateOutcome, AwsError> {
        let name = input.get_endpoint_name().clone().unwrap_or_default();
        self.record("CreateEndpoint", &name);
        let mut deployed = lock(&self.deployed);
        if deployed.endpoints.contains_key(&name) {
            return Ok(CreateOutcome::AlreadyExists);
        }
        let config_name = input.get_endpoint_config_name().clone().unwrap_or_default();
        let statuses = vec![Ok((EndpointStatus::Creating, None)), Ok((EndpointStatus::InService, None))].into();
        deployed.endpoints.insert(name, FakeEndpoint { config_name, statuses });
        Ok(CreateOutcome::Created)
    }

    async fn update_endpoint(&self, _region: &str, name: &str, config_name: &str) -> Result<(), AwsError> {
        self.record("UpdateEndpoint", name);
        let mut deployed = lock(&self.deployed);
        let Some(endpoint) = deployed.endpoints.get_mut(name) else {
            return Err(AwsError::new(
                "SageMaker",
                "UpdateEndpoint",
                super::AwsErrorKind::Service {
                    code: "ValidationException".into(),
                    message: format!("Could not find endpoint \"{name}\"."),
                },
            ));
        };
        let statuses = if let Some(reason) = lock(&self.failing_updates).clone() {
            vec![
                Ok((EndpointStatus::Updating, None)),
                Ok((EndpointStatus::RollingBack, None)),
                Ok((EndpointStatus::InService, Some(reason))),
            ]
        } else {
            endpoint.config_name = config_name.to_owned();
            vec![Ok((EndpointStatus::Updating, None)), Ok((EndpointStatus::InService, None))]
        };
        endpoint.statuses = statuses.into();
        Ok(())
    }

    async fn describe_endpoint(&self, _region: &str, name: &str) -> Result<Option<LiveEndpoint>, AwsError> {
        self.record("DescribeEndpoint", name);
        let mut deployed = lock(&self.deployed);
        let Some(endpoint) = deployed.endpoints.get_mut(name) else { return Ok(None) };
        let answer = if endpoint.statuses.len() > 1 {
            endpoint.statuses.pop_front()
        } else {
            endpoint.statuses.front().cloned()
        };
        let (status, failure_reason) = answer.unwrap_or(Ok((EndpointStatus::InService, None)))?;
        Ok(Some(LiveEndpoint {
            name: name.to_owned(),
            status,
            config_name: Some(endpoint.config_name.clone()),
            failure_reason,
        }))
    }

    async fn delete_endpoint(&self, _region: &str, name: &str) -> Result<DeleteOutcome, AwsError> {
        self.record("DeleteEndpoint", name);
        Ok(removed(lock(&self.deployed).endpoints.remove(name).is_some()))
    }

    async fn list_endpoints(&self, _region: &str, name_contains: &str) -> Result<Vec<ResourceSummary>, AwsError> {
        Ok(summaries(lock(&self.deployed).endpoints.keys(), name_contains))
    }
}

/// Inserts `value` under a name not taken yet.
fn insert_new<T>(map: &mut BTreeMap<String, T>, name: String, value: T) -> CreateOutcome {
    if map.contains_key(&name) {
        return CreateOutcome::AlreadyExists;
    }
    map.insert(name, value);
    CreateOutcome::Created
}

fn removed(existed: bool) -> DeleteOutcome {
    if existed { DeleteOutcome::Deleted } else { DeleteOutcome::NotFound }
}

fn summaries<'a>(names: impl Iterator<Item = &'a String>, name_contains: &str) -> Vec<ResourceSummary> {
    names
        .filter(|name| name.contains(name_contains))
        .map(|name| ResourceSummary { name: name.clone(), created_epoch_seconds: None })
        .collect()
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

    async fn get_object(&self, _region: &str, bucket: &str, key: &str, max_bytes: usize) -> Result<Vec<u8>, AwsError> {
        let bytes = lock(&self.objects).get(&(bucket.to_owned(), key.to_owned())).cloned().ok_or_else(|| {
            AwsError::new(
                "S3",
                "GetObject",
                super::AwsErrorKind::Service { code: "NoSuchKey".into(), message: format!("no object {bucket}/{key}") },
            )
        })?;
        if bytes.len() > max_bytes {
            return Err(AwsError::new("S3", "GetObject", super::AwsErrorKind::Other("too large".into())));
        }
        Ok(bytes)
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

#[cfg(test)]
mod tests {
    use aws_sdk_sagemaker::operation::create_endpoint::CreateEndpointInput;
    use aws_sdk_sagemaker::operation::create_endpoint_config::CreateEndpointConfigInput;
    use aws_sdk_sagemaker::operation::create_model::CreateModelInput;
    use aws_sdk_sagemaker::types::{ContainerDefinition, ProductionVariant, ProductionVariantInstanceType};

    use super::*;
    use crate::aws::LiveModelData;

    const REGION: &str = "us-west-2";

    fn config(name: &str, model: &str) -> CreateEndpointConfigInputBuilder {
        CreateEndpointConfigInput::builder().endpoint_config_name(name).production_variants(
            ProductionVariant::builder()
                .variant_name("AllTraffic")
                .model_name(model)
                .initial_instance_count(1)
                .instance_type(ProductionVariantInstanceType::MlM5Xlarge)
                .build(),
        )
    }

    #[tokio::test]
    async fn the_fake_keeps_models_configurations_and_endpoints_as_sent() {
        let fake = FakeAws::default();
        let model = CreateModelInput::builder()
            .model_name("m")
            .execution_role_arn("arn:aws:iam::1:role/R")
            .primary_container(ContainerDefinition::builder().image("img").model_data_url("s3://b/m.tar.gz").build());
        assert_eq!(fake.create_model(REGION, model.clone()).await.ok(), Some(CreateOutcome::Created));
        assert_eq!(fake.create_model(REGION, model).await.ok(), Some(CreateOutcome::AlreadyExists));
        let live = fake.describe_model(REGION, "m").await.expect("answers").expect("exists");
        assert_eq!(live.image.as_deref(), Some("img"));
        assert_eq!(live.model_data, Some(LiveModelData::Url("s3://b/m.tar.gz".into())));
        assert_eq!(fake.describe_model(REGION, "other").await.expect("answers"), None);

        for name in ["c1", "c2"] {
            assert_eq!(fake.create_endpoint_config(REGION, config(name, "m")).await.ok(), Some(CreateOutcome::Created));
        }
        let live = fake.describe_endpoint_config(REGION, "c1").await.expect("answers").expect("exists");
        assert_eq!(live.variants[0].model_name, "m");
        let names: Vec<String> =
            fake.list_endpoint_configs(REGION, "c").await.expect("lists").into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["c1", "c2"]);

        let endpoint = CreateEndpointInput::builder().endpoint_name("e").endpoint_config_name("c1");
        assert_eq!(fake.create_endpoint(REGION, endpoint).await.ok(), Some(CreateOutcome::Created));
        let status = |live: Option<LiveEndpoint>| live.map(|l| (l.status, l.config_name.unwrap_or_default()));
        assert_eq!(
            status(fake.describe_endpoint(REGION, "e").await.expect("answers")),
            Some((EndpointStatus::Creating, "c1".into()))
        );
        assert_eq!(
            status(fake.describe_endpoint(REGION, "e").await.expect("answers")),
            Some((EndpointStatus::InService, "c1".into()))
        );
        fake.update_endpoint(REGION, "e", "c2").await.expect("updates");
        assert_eq!(
            status(fake.describe_endpoint(REGION, "e").await.expect("answers")),
            Some((EndpointStatus::Updating, "c2".into()))
        );
        assert_eq!(
            status(fake.describe_endpoint(REGION, "e").await.expect("answers")),
            Some((EndpointStatus::InService, "c2".into()))
        );
        assert!(fake.update_endpoint(REGION, "missing", "c2").await.is_err());

        assert_eq!(fake.delete_endpoint(REGION, "e").await.ok(), Some(DeleteOutcome::Deleted));
        assert_eq!(fake.delete_endpoint(REGION, "e").await.ok(), Some(DeleteOutcome::NotFound));
        assert_eq!(fake.delete_model(REGION, "m").await.ok(), Some(DeleteOutcome::Deleted));
        assert_eq!(fake.describe_model(REGION, "m").await.expect("answers"), None);
        assert_eq!(fake.deploy_calls().first().map(String::as_str), Some("CreateModel m"));
    }

    #[tokio::test]
    async fn a_scripted_endpoint_answers_its_script() {
        let fake = FakeAws::default().describing_endpoint(
            "e",
            "c",
            vec![Ok((EndpointStatus::Creating, None)), Ok((EndpointStatus::Failed, Some("no capacity".into())))],
        );
        let first = fake.describe_endpoint(REGION, "e").await.expect("answers").expect("exists");
        assert_eq!(first.status, EndpointStatus::Creating);
        let second = fake.describe_endpoint(REGION, "e").await.expect("answers").expect("exists");
        assert_eq!((second.status, second.failure_reason.as_deref()), (EndpointStatus::Failed, Some("no capacity")));
    }
}

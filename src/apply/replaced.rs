//! What each job the plan creates in place of an older job of the same base name changes
//! ([`crate::plan::Replacement`]), field by field.
//!
//! [`read_replaced`] asks SageMaker for each older job's request, back in request shape
//! (`describe_training_input` or `describe_tuning_input`: a describe and a ListTags),
//! [`CONCURRENCY`] calls at a time; [`with_changes`] captures both requests as the SDK
//! serializes them ([`capture_body`], so the new one is the body `compile` prints) and
//! compares them ([`request_changes`]). Only jobs that the plan creates and that supersede
//! an older job cost calls, two each.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value as Json;

use super::{CONCURRENCY, JobError, bounded, lost_task};
use crate::aws::{AwsError, SageMakerApi};
use crate::change::request_changes;
use crate::lower::wire::{WireError, capture_body};
use crate::plan::{DesiredJob, JobInput, JobKind, Plan};

/// The older jobs' requests, by kind and name; `None` for a job SageMaker no longer has.
pub type Replaced = HashMap<(JobKind, String), Option<JobInput>>;

/// Reads the request of every older job `plan` replaces, in the region of the job that
/// replaces it.
pub async fn read_replaced<A>(api: &Arc<A>, desired: &[DesiredJob], plan: &Plan) -> Result<Replaced, Vec<JobError>>
where
    A: SageMakerApi + 'static,
{
    let calls = plan
        .replacements
        .iter()
        .filter_map(|replacement| {
            let job = find(desired, replacement.kind, &replacement.job)?;
            Some((replacement.kind, job.region.clone(), replacement.replaces.clone(), job.manifest.clone()))
        })
        .collect();
    let read = bounded(calls, CONCURRENCY, |(kind, region, name, manifest)| {
        let api = Arc::clone(api);
        async move {
            let input = describe_input(api.as_ref(), kind, &region, &name).await;
            (kind, name, manifest, input)
        }
    })
    .await;
    let mut replaced = Replaced::new();
    let mut errors = Vec::new();
    for outcome in read {
        match outcome {
            Some((kind, name, _, Ok(input))) => {
                replaced.insert((kind, name), input);
            }
            Some((_, name, manifest, Err(error))) => {
                errors.push(JobError { manifest, job: Some(name), message: error.to_string() });
            }
            None => errors.push(lost_task()),
        }
    }
    if errors.is_empty() { Ok(replaced) } else { Err(errors) }
}

/// `plan` with what each replacement changes, from the older jobs' requests `replaced`
/// ([`read_replaced`]). A replacement whose older job is gone is left out.
pub fn with_changes(plan: Plan, desired: &[DesiredJob], replaced: &Replaced) -> Result<Plan, Vec<JobError>> {
    let mut errors = Vec::new();
    let plan = plan.with_replacement_changes(|replacement| {
        let job = find(desired, replacement.kind, &replacement.job)?;
        let old = replaced.get(&(replacement.kind, replacement.replaces.clone()))?.as_ref()?;
        let bodies = request_body(old, &job.region).and_then(|old| Ok((old, request_body(&job.input, &job.region)?)));
        match bodies {
            Ok((old, new)) => Some(request_changes(&old, &new, &replacement.replaces, &replacement.job)),
            Err(error) => {
                errors.push(JobError {
                    manifest: job.manifest.clone(),
                    job: Some(replacement.job.clone()),
                    message: format!("cannot compare with {}: {error}", replacement.replaces),
                });
                None
            }
        }
    });
    if errors.is_empty() { Ok(plan) } else { Err(errors) }
}

/// The desired job of `kind` named `name`.
fn find<'a>(desired: &'a [DesiredJob], kind: JobKind, name: &str) -> Option<&'a DesiredJob> {
    desired.iter().find(|job| job.kind() == kind && job.name == name)
}

/// The create input that would make the job of `kind` named `name` again.
async fn describe_input<A: SageMakerApi>(
    api: &A,
    kind: JobKind,
    region: &str,
    name: &str,
) -> Result<Option<JobInput>, AwsError> {
    Ok(match kind {
        JobKind::TrainingJob => api.describe_training_input(region, name).await?.map(JobInput::Training),
        JobKind::TuningJob => api.describe_tuning_input(region, name).await?.map(JobInput::Tuning),
    })
}

/// The JSON body the SDK sends for `input`.
fn request_body(input: &JobInput, region: &str) -> Result<Json, WireError> {
    let body = match input {
        JobInput::Training(input) => capture_body(input.clone(), region)?,
        JobInput::Tuning(input) => capture_body(input.clone(), region)?,
    };
    Ok(serde_json::from_slice(&body)?)
}

#[cfg(test)]
mod tests {
    use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::CreateHyperParameterTuningJobInput;
    use aws_sdk_sagemaker::operation::create_training_job::CreateTrainingJobInput;
    use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;
    use aws_sdk_sagemaker::types::{
        HyperParameterTrainingJobDefinition, HyperParameterTuningJobConfig, ResourceConfig, TrainingInstanceType,
    };

    use super::*;
    use crate::aws::fake::FakeAws;
    use crate::aws::{JobStatus, JobSummary};
    use crate::plan::Observed;

    const REGION: &str = "us-west-2";

    fn training(name: &str, epochs: &str, instance: TrainingInstanceType) -> CreateTrainingJobInputBuilder {
        CreateTrainingJobInput::builder()
            .training_job_name(name)
            .hyper_parameters("epochs", epochs)
            .hyper_parameters("sagemaker_job_name", format!("\"{name}\""))
            .resource_config(ResourceConfig::builder().instance_type(instance).instance_count(1).build())
    }

    fn desired(name: &str, input: JobInput) -> DesiredJob {
        DesiredJob {
            name: name.into(),
            base_name: Some("bert".into()),
            manifest: "bert.yaml".into(),
            region: REGION.into(),
            input,
            code: None,
            default_bucket: None,
            template: None,
        }
    }

    fn summary(name: &str, created: i64) -> JobSummary {
        JobSummary { name: name.into(), status: JobStatus::Completed, created_epoch_ms: Some(created) }
    }

    /// Plans `jobs` against `fake` as `crate::ops::plan` does: list, decide, read, compare.
    async fn plan_against(fake: FakeAws, jobs: &[DesiredJob]) -> Result<Plan, Vec<JobError>> {
        let api = Arc::new(fake);
        let observed: Observed = super::super::observe(&api, jobs).await?;
        let plan = Plan::new(jobs, &observed);
        let replaced = read_replaced(&api, jobs, &plan).await?;
        with_changes(plan, jobs, &replaced)
    }

    #[tokio::test]
    async fn a_new_job_shows_what_changed_from_the_latest_job_it_replaces() {
        let new = "bert-222222222222";
        let jobs = [desired(new, JobInput::Training(training(new, "5", TrainingInstanceType::MlG52Xlarge)))];
        let fake = FakeAws::default()
            .listing_training_jobs(vec![summary("bert-000000000000", 100), summary("bert-111111111111", 200)])
            .describing_input(
                "bert-111111111111",
                Ok(training("bert-111111111111", "3", TrainingInstanceType::MlG5Xlarge)),
            )
            .describing_input(
                "bert-000000000000",
                Ok(training("bert-000000000000", "1", TrainingInstanceType::MlM5Xlarge)),
            );
        let plan = plan_against(fake, &jobs).await.expect("plans");
        assert_eq!(plan.superseded.len(), 2);
        assert_eq!(plan.replacements.len(), 1);
        assert_eq!(plan.replacements[0].replaces, "bert-111111111111");
        let lines: Vec<String> = plan.replacements[0].changes.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "~ HyperParameters.epochs: \"3\" → \"5\"",
                "~ ResourceConfig.InstanceType: \"ml.g5.xlarge\" → \"ml.g5.2xlarge\""
            ]
        );
        let table = plan.table();
        assert!(
            table.contains(
                "\nTraining job bert-222222222222 (bert.yaml) replaces bert-111111111111:\n  \
                 ~ HyperParameters.epochs: \"3\" → \"5\"\n"
            ),
            "{table}"
        );
        let json: Json = serde_json::from_str(&plan.json()).expect("JSON");
        let replacement = &json["replacements"][0];
        assert_eq!(replacement["job"], new);
        assert_eq!(replacement["replaces"], "bert-111111111111");
        assert_eq!(replacement["manifest"], "bert.yaml");
        assert_eq!(
            replacement["changes"][0],
            serde_json::json!({"field": "HyperParameters.epochs", "from": "3", "to": "5"})
        );
    }

    #[tokio::test]
    async fn a_job_that_exists_already_or_an_older_job_that_is_gone_shows_no_replacement() {
        let name = "bert-111111111111";
        let jobs = [desired(name, JobInput::Training(training(name, "3", TrainingInstanceType::MlG5Xlarge)))];
        // The job exists: it is up to date, and replaces nothing.
        let fake = FakeAws::default()
            .listing_training_jobs(vec![summary("bert-000000000000", 100), summary(name, 200)])
            .describing_input(
                "bert-000000000000",
                Ok(training("bert-000000000000", "1", TrainingInstanceType::MlG5Xlarge)),
            );
        let plan = plan_against(fake, &jobs).await.expect("plans");
        assert_eq!(plan.superseded.len(), 1);
        assert!(plan.replacements.is_empty());
        // The older job was listed but is gone by the time it is described.
        let fake = FakeAws::default().listing_training_jobs(vec![summary("bert-000000000000", 100)]);
        let plan = plan_against(fake, &jobs).await.expect("plans");
        assert_eq!(plan.superseded.len(), 1);
        assert!(plan.replacements.is_empty());
    }

    #[tokio::test]
    async fn a_failed_describe_is_an_error_naming_the_job() {
        let name = "bert-111111111111";
        let jobs = [desired(name, JobInput::Training(training(name, "3", TrainingInstanceType::MlG5Xlarge)))];
        let denied = AwsError::new(
            "SageMaker",
            "DescribeTrainingJob",
            crate::aws::AwsErrorKind::Service { code: "AccessDeniedException".into(), message: "denied".into() },
        );
        let fake = FakeAws::default()
            .listing_training_jobs(vec![summary("bert-000000000000", 100)])
            .describing_input("bert-000000000000", Err(denied));
        let errors = plan_against(fake, &jobs).await.expect_err("fails");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].job.as_deref(), Some("bert-000000000000"));
        assert!(errors[0].message.contains("denied"), "{}", errors[0].message);
    }

    #[tokio::test]
    async fn a_tuning_job_is_compared_with_the_tuning_job_it_replaces() {
        let tuning = |name: &str, max_jobs: i32| {
            CreateHyperParameterTuningJobInput::builder()
                .hyper_parameter_tuning_job_name(name)
                .hyper_parameter_tuning_job_config(
                    HyperParameterTuningJobConfig::builder()
                        .resource_limits(
                            aws_sdk_sagemaker::types::ResourceLimits::builder()
                                .max_number_of_training_jobs(max_jobs)
                                .max_parallel_training_jobs(2)
                                .build(),
                        )
                        .build(),
                )
                .training_job_definition(
                    HyperParameterTrainingJobDefinition::builder().static_hyper_parameters("model", "\"bert\"").build(),
                )
        };
        // `bert-hpo` leaves 23 hex digits of a tuning job's 32 characters.
        let (old, new) = (format!("bert-hpo-{}", "0".repeat(23)), format!("bert-hpo-{}", "1".repeat(23)));
        let jobs = [DesiredJob {
            base_name: Some("bert-hpo".into()),
            manifest: "hpo.yaml".into(),
            ..desired(&new, JobInput::Tuning(tuning(&new, 4)))
        }];
        let mut observed = Observed::default();
        observed.listed.insert((JobKind::TuningJob, "bert-hpo".into()), vec![summary(&old, 100)]);
        let plan = Plan::new(&jobs, &observed);
        let api = Arc::new(FakeAws::default().describing_tuning_input(&old, Ok(tuning(&old, 2))));
        let replaced = read_replaced(&api, &jobs, &plan).await.expect("reads");
        let plan = with_changes(plan, &jobs, &replaced).expect("compares");
        let lines: Vec<String> = plan.replacements[0].changes.iter().map(ToString::to_string).collect();
        assert_eq!(lines, ["~ HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs: \"2\" → \"4\""]);
        let table = plan.table();
        assert!(table.contains(&format!("\nTuning job {new} (hpo.yaml) replaces {old}:\n")), "{table}");
    }
}

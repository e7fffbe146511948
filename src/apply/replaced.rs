//! What each job the plan creates in place of an older job of the same base name changes
//! ([`crate::plan::Replacement`]), field by field.
//!
//! [`read_replaced`] asks SageMaker for each older job's request, back in request shape
//! (`describe_training_input` or `describe_tuning_input`: a describe and a ListTags),
//! [`CONCURRENCY`] calls at a time; [`with_changes`] captures both requests as the SDK
//! serializes them ([`capture_body`], so the new one is the body `compile` prints) and
//! compares them ([`request_changes`]). Only jobs that the plan creates and that supersede
//! an older job cost calls, two each.
//!
//! The comparison informs; it decides nothing. So an older job that cannot be read (a
//! call refused, say for want of `sagemaker:ListTags`) does not stop the plan: its
//! replacement says why it could not be compared ([`crate::plan::Replacement::error`]).

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value as Json;

use super::{CONCURRENCY, bounded, lost_task};
use crate::aws::{AwsError, SageMakerApi};
use crate::change::request_changes;
use crate::lower::wire::{WireError, capture_body};
use crate::plan::{DesiredJob, JobInput, JobKind, Plan};

/// The older jobs' requests, by kind and name: `Ok(None)` for a job SageMaker no longer
/// has, `Err` for why it could not be read.
pub type Replaced = HashMap<(JobKind, String), Result<Option<JobInput>, String>>;

/// Reads the request of every older job `plan` replaces, in the region of the job that
/// replaces it.
pub async fn read_replaced<A>(api: &Arc<A>, desired: &[DesiredJob], plan: &Plan) -> Replaced
where
    A: SageMakerApi + 'static,
{
    let calls: Vec<(JobKind, String, String)> = plan
        .replacements
        .iter()
        .filter_map(|replacement| {
            let job = find(desired, replacement.kind, &replacement.job)?;
            Some((replacement.kind, job.region.clone(), replacement.replaces.clone()))
        })
        .collect();
    let keys: Vec<(JobKind, String)> = calls.iter().map(|(kind, _, name)| (*kind, name.clone())).collect();
    let read = bounded(calls, CONCURRENCY, |(kind, region, name)| {
        let api = Arc::clone(api);
        async move { describe_input(api.as_ref(), kind, &region, &name).await.map_err(|error| error.to_string()) }
    })
    .await;
    keys.into_iter()
        .zip(read)
        .map(|(key, outcome)| (key, outcome.unwrap_or_else(|| Err(lost_task().message))))
        .collect()
}

/// `plan` with what each replacement changes, from the older jobs' requests `replaced`
/// ([`read_replaced`]). A replacement whose older job is gone is left out.
pub fn with_changes(plan: Plan, desired: &[DesiredJob], replaced: &Replaced) -> Plan {
    plan.with_replacement_changes(|replacement| {
        let job = find(desired, replacement.kind, &replacement.job)?;
        let old = match replaced.get(&(replacement.kind, replacement.replaces.clone()))? {
            Ok(old) => old.as_ref()?,
            Err(error) => return Some(Err(error.clone())),
        };
        let bodies = request_body(old, &job.region).and_then(|old| Ok((old, request_body(&job.input, &job.region)?)));
        Some(
            bodies
                .map(|(old, new)| request_changes(&old, &new, &replacement.replaces, &replacement.job))
                .map_err(|error| error.to_string()),
        )
    })
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
    async fn plan_against(fake: FakeAws, jobs: &[DesiredJob]) -> Plan {
        let api = Arc::new(fake);
        let observed: Observed = super::super::observe(&api, jobs).await.expect("observes");
        let plan = Plan::new(jobs, &observed);
        let replaced = read_replaced(&api, jobs, &plan).await;
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
        let plan = plan_against(fake, &jobs).await;
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
        let plan = plan_against(fake, &jobs).await;
        assert_eq!(plan.superseded.len(), 1);
        assert!(plan.replacements.is_empty());
        // The older job was listed but is gone by the time it is described.
        let fake = FakeAws::default().listing_training_jobs(vec![summary("bert-000000000000", 100)]);
        let plan = plan_against(fake, &jobs).await;
        assert_eq!(plan.superseded.len(), 1);
        assert!(plan.replacements.is_empty());
    }

    #[tokio::test]
    async fn an_older_job_that_cannot_be_read_is_named_with_the_reason_and_the_plan_goes_on() {
        let name = "bert-111111111111";
        let jobs = [desired(name, JobInput::Training(training(name, "3", TrainingInstanceType::MlG5Xlarge)))];
        let denied = AwsError::new(
            "SageMaker",
            "ListTags",
            crate::aws::AwsErrorKind::Service { code: "AccessDeniedException".into(), message: "denied".into() },
        );
        let fake = FakeAws::default()
            .listing_training_jobs(vec![summary("bert-000000000000", 100)])
            .describing_input("bert-000000000000", Err(denied));
        let plan = plan_against(fake, &jobs).await;
        assert_eq!(plan.summary.create, 1);
        let replacement = &plan.replacements[0];
        assert!(replacement.changes.is_empty());
        let error = replacement.error.as_deref().unwrap_or_default();
        assert!(error.contains("ListTags") && error.contains("denied"), "{error}");
        let table = plan.table();
        assert!(
            table.contains(&format!(
                "Training job {name} (bert.yaml) replaces bert-000000000000:\n  (cannot compare: {error})\n"
            )),
            "{table}"
        );
        let json: Json = serde_json::from_str(&plan.json()).expect("JSON");
        assert_eq!(json["replacements"][0]["error"], error);
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
        let replaced = read_replaced(&api, &jobs, &plan).await;
        let plan = with_changes(plan, &jobs, &replaced);
        let lines: Vec<String> = plan.replacements[0].changes.iter().map(ToString::to_string).collect();
        assert_eq!(lines, ["~ HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs: \"2\" → \"4\""]);
        let table = plan.table();
        assert!(table.contains(&format!("\nTuning job {new} (hpo.yaml) replaces {old}:\n")), "{table}");
    }
}

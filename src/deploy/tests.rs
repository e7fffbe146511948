//! The deployment flow against the in-memory fake: create, a second apply, an update and
//! its clean-up, a failed update, a model waiting on its training job, the plan of an
//! update, and destroy. (The same flow runs against moto in `tests/aws_deploy_flow.rs`.)

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_sagemaker::operation::create_endpoint::CreateEndpointInput;
use aws_sdk_sagemaker::operation::create_endpoint_config::CreateEndpointConfigInput;
use aws_sdk_sagemaker::operation::create_model::CreateModelInput;
use aws_sdk_sagemaker::types::{ContainerDefinition, ProductionVariant, ProductionVariantInstanceType};

use super::destroy::{delete, find};
use super::endpoint_wait::Pace;
use super::execute::{DeployOutcome, DeployResult, execute};
use super::observe::observe;
use super::plan::{DeployAction, LEFT_OVER, REPLACED, decide};
use super::{Artifact, Deployment, DesiredConfig, DesiredEndpoint, DesiredModel, ResourceKind};
use crate::aws::fake::FakeAws;
use crate::aws::{JobStatus, LiveJob};

const REGION: &str = "us-west-2";
const PACE: Pace =
    Pace { first: Duration::from_millis(1), max: Duration::from_millis(1), limit: Duration::from_secs(5) };

/// The deployment of endpoint `prod` serving model `bert` with `X=<version>`; names end
/// in the version's 12 hex digits, as content-addressed names do.
fn deployment(version: u8) -> Deployment {
    let hex = format!("{version:012x}");
    let model = format!("bert-{hex}");
    let config = format!("prod-{hex}");
    Deployment {
        manifest: "prod.yaml".into(),
        region: REGION.into(),
        model: DesiredModel {
            name: model.clone(),
            base_name: Some("bert".into()),
            input: CreateModelInput::builder()
                .model_name(&model)
                .execution_role_arn("arn:aws:iam::123456789012:role/R")
                .primary_container(
                    ContainerDefinition::builder()
                        .image("img:1")
                        .model_data_url("s3://b/out/job/output/model.tar.gz")
                        .environment("X", version.to_string())
                        .build(),
                ),
            trained_by: Some("train-000000000001".into()),
            artifact: Artifact::AsWritten,
        },
        config: DesiredConfig {
            name: config.clone(),
            base: "prod".into(),
            input: CreateEndpointConfigInput::builder().endpoint_config_name(&config).production_variants(
                ProductionVariant::builder()
                    .variant_name("AllTraffic")
                    .model_name(&model)
                    .instance_type(ProductionVariantInstanceType::from("ml.g5.2xlarge"))
                    .initial_instance_count(1)
                    .build(),
            ),
        },
        endpoint: DesiredEndpoint {
            name: "prod".into(),
            input: CreateEndpointInput::builder().endpoint_name("prod").endpoint_config_name(&config),
        },
        default_bucket: None,
    }
}

fn trained(status: JobStatus) -> FakeAws {
    let job = LiveJob {
        name: "train-000000000001".into(),
        status,
        secondary_status: None,
        transitions: Vec::new(),
        failure_reason: Some("AlgorithmError: out of memory".into()),
    };
    FakeAws::default().describing("train-000000000001", vec![Ok(job)])
}

async fn run(api: &Arc<FakeAws>, deployment: Deployment) -> Vec<(ResourceKind, String, DeployOutcome)> {
    let results: Vec<DeployResult> = execute(api, &[deployment], PACE, &mut |_| {}).await;
    results.into_iter().map(|r| (r.kind, r.resource, r.outcome)).collect()
}

fn mutations(api: &FakeAws) -> Vec<String> {
    api.deploy_calls().into_iter().filter(|call| !call.starts_with("Describe")).collect()
}

#[tokio::test]
async fn a_deployment_is_created_in_order_then_left_alone() {
    let api = Arc::new(trained(JobStatus::Completed));
    let first = run(&api, deployment(1)).await;
    assert_eq!(
        first,
        [
            (ResourceKind::Model, "bert-000000000001".into(), DeployOutcome::Created),
            (ResourceKind::EndpointConfig, "prod-000000000001".into(), DeployOutcome::Created),
            (ResourceKind::Endpoint, "prod".into(), DeployOutcome::Created),
        ]
    );
    assert_eq!(
        mutations(&api),
        ["CreateModel bert-000000000001", "CreateEndpointConfig prod-000000000001", "CreateEndpoint prod"]
    );
    let second = run(&api, deployment(1)).await;
    assert!(second.iter().all(|(.., outcome)| *outcome == DeployOutcome::UpToDate), "{second:?}");
    assert_eq!(mutations(&api).len(), 3, "the second apply changed something");
}

#[tokio::test]
async fn an_update_switches_the_endpoint_then_deletes_the_configuration_it_replaced() {
    let api = Arc::new(trained(JobStatus::Completed));
    run(&api, deployment(1)).await;
    let updated = run(&api, deployment(2)).await;
    assert_eq!(
        updated,
        [
            (ResourceKind::Model, "bert-000000000002".into(), DeployOutcome::Created),
            (ResourceKind::EndpointConfig, "prod-000000000002".into(), DeployOutcome::Created),
            (ResourceKind::Endpoint, "prod".into(), DeployOutcome::Updated),
            (ResourceKind::EndpointConfig, "prod-000000000001".into(), DeployOutcome::Deleted),
        ]
    );
    let calls = api.deploy_calls();
    let update = calls.iter().position(|c| c == "UpdateEndpoint prod").expect("updated");
    let delete = calls.iter().position(|c| c == "DeleteEndpointConfig prod-000000000001").expect("deleted");
    // Between the two, the endpoint was seen Updating, then InService.
    let looks = calls[update..delete].iter().filter(|c| *c == "DescribeEndpoint prod").count();
    assert!(looks >= 2, "{calls:?}");
}

#[tokio::test]
async fn a_failed_update_reports_the_reason_and_keeps_the_old_configuration() {
    let api = Arc::new(trained(JobStatus::Completed).failing_updates("ClientError: the model failed to load"));
    run(&api, deployment(1)).await;
    let updated = run(&api, deployment(2)).await;
    let (kind, name, outcome) = updated.last().expect("results").clone();
    assert_eq!((kind, name.as_str()), (ResourceKind::Endpoint, "prod"));
    let DeployOutcome::Failed(message) = outcome else { panic!("{updated:?}") };
    assert!(message.contains("ClientError: the model failed to load"), "{message}");
    assert!(message.contains("prod-000000000001, which is kept"), "{message}");
    assert!(!api.deploy_calls().iter().any(|c| c.starts_with("DeleteEndpointConfig")), "{:?}", api.deploy_calls());
}

#[tokio::test]
async fn a_model_waits_for_its_training_job_and_fails_when_it_cannot_complete() {
    let api = Arc::new(trained(JobStatus::InProgress));
    let waiting = run(&api, deployment(1)).await;
    assert!(
        matches!(&waiting[..], [(ResourceKind::Model, _, DeployOutcome::Waiting(m))] if m.contains("train-000000000001 is InProgress")),
        "{waiting:?}"
    );
    assert!(mutations(&api).is_empty());

    let api = Arc::new(trained(JobStatus::Failed));
    let failed = run(&api, deployment(1)).await;
    assert!(
        matches!(&failed[..], [(ResourceKind::Model, _, DeployOutcome::Failed(m))] if m.contains("out of memory")),
        "{failed:?}"
    );

    let api = Arc::new(FakeAws::default());
    let missing = run(&api, deployment(1)).await;
    assert!(matches!(&missing[..], [(_, _, DeployOutcome::Failed(m))] if m.contains("does not exist")), "{missing:?}");
}

#[tokio::test]
async fn the_plan_of_an_update_names_the_changed_fields_and_the_configuration_to_delete() {
    let api = Arc::new(trained(JobStatus::Completed));
    run(&api, deployment(1)).await;
    let desired = [deployment(3)];
    let lives = observe(&api, &desired).await.expect("observed");
    let plan = decide(&desired, &lives, &HashSet::new());
    let actions: Vec<(ResourceKind, &str, &DeployAction)> =
        plan.entries.iter().map(|e| (e.kind, e.resource.as_str(), &e.action)).collect();
    assert_eq!(
        actions,
        [
            (ResourceKind::Model, "bert-000000000003", &DeployAction::Create { after: None }),
            (ResourceKind::EndpointConfig, "prod-000000000003", &DeployAction::Create { after: None }),
            (
                ResourceKind::Endpoint,
                "prod",
                &DeployAction::Update { from: "prod-000000000001".into(), to: "prod-000000000003".into() }
            ),
            (ResourceKind::EndpointConfig, "prod-000000000001", &DeployAction::Delete { reason: REPLACED.into() }),
        ]
    );
    let fields: Vec<&str> = plan.updates[0].changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        fields,
        ["EndpointConfigName", "model.ModelName", "model.Environment.X", "config.ProductionVariants[0].ModelName"]
    );
    let x = &plan.updates[0].changes[2];
    assert_eq!((x.from.as_deref(), x.to.as_deref()), (Some("1"), Some("3")));
}

#[tokio::test]
async fn leftover_configurations_are_planned_for_deletion_but_never_the_one_in_use() {
    let api = Arc::new(trained(JobStatus::Completed).failing_updates("ClientError"));
    run(&api, deployment(1)).await;
    run(&api, deployment(2)).await; // fails: prod-…2 exists, the endpoint still runs prod-…1
    let desired = [deployment(1)];
    let lives = observe(&api, &desired).await.expect("observed");
    let plan = decide(&desired, &lives, &HashSet::new());
    let deletes: Vec<(&str, &DeployAction)> = plan
        .entries
        .iter()
        .filter(|e| matches!(e.action, DeployAction::Delete { .. }))
        .map(|e| (e.resource.as_str(), &e.action))
        .collect();
    assert_eq!(deletes, [("prod-000000000002", &DeployAction::Delete { reason: LEFT_OVER.into() })]);
}

#[tokio::test]
async fn destroy_deletes_the_endpoint_its_configurations_and_every_version_of_the_model() {
    let api = Arc::new(trained(JobStatus::Completed));
    run(&api, deployment(1)).await;
    run(&api, deployment(2)).await;
    let found = find(&api, &[deployment(2)]).await.expect("found");
    let doomed: Vec<(ResourceKind, &str)> = found.doomed.iter().map(|d| (d.kind, d.resource.as_str())).collect();
    assert_eq!(
        doomed,
        [
            (ResourceKind::Endpoint, "prod"),
            (ResourceKind::EndpointConfig, "prod-000000000002"),
            (ResourceKind::Model, "bert-000000000001"),
            (ResourceKind::Model, "bert-000000000002"),
        ]
    );
    let results = delete(&api, &found.doomed, PACE).await;
    assert!(results.iter().all(|r| r.outcome == DeployOutcome::Deleted), "{results:?}");
    let again = find(&api, &[deployment(2)]).await.expect("found");
    assert!(again.doomed.is_empty(), "{again:?}");
    let calls = mutations(&api);
    let endpoint = calls.iter().position(|c| c == "DeleteEndpoint prod").expect("endpoint deleted");
    let config = calls.iter().position(|c| c == "DeleteEndpointConfig prod-000000000002").expect("config deleted");
    assert!(endpoint < config, "{calls:?}");
}

#[tokio::test]
async fn destroy_keeps_a_model_another_endpoint_serves() {
    let api = Arc::new(trained(JobStatus::Completed));
    run(&api, deployment(1)).await;
    let mut staging = deployment(1);
    let config = "staging-000000000001";
    staging.config.name = config.into();
    staging.config.base = "staging".into();
    staging.config.input = staging.config.input.endpoint_config_name(config);
    staging.endpoint.name = "staging".into();
    staging.endpoint.input = CreateEndpointInput::builder().endpoint_name("staging").endpoint_config_name(config);
    run(&api, staging).await;
    let found = find(&api, &[deployment(1)]).await.expect("found");
    let doomed: Vec<(ResourceKind, &str)> = found.doomed.iter().map(|d| (d.kind, d.resource.as_str())).collect();
    assert_eq!(doomed, [(ResourceKind::Endpoint, "prod"), (ResourceKind::EndpointConfig, "prod-000000000001")]);
    assert_eq!(found.kept.len(), 1, "{found:?}");
    let kept = &found.kept[0];
    assert_eq!(
        (kept.kind, kept.resource.as_str(), kept.endpoint.as_str()),
        (ResourceKind::Model, "bert-000000000001", "staging")
    );
}

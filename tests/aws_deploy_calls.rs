//! The deployment calls of `sagespec::aws` (`SageMakerApi`: models, endpoint
//! configurations, endpoints) with the project's client, against moto (server mode,
//! 127.0.0.1) through the proxy of `tests/support`.
//!
//! Each case is a deploy conformance case compiled through the library
//! (`kinds::endpoint::compile_with`); the inputs sent are lowered from the same manifests
//! and must print exactly what compile printed. They are sent, described back, updated,
//! listed and deleted.
//!
//! What moto 5.2.5 lacks, the proxy answers (`tests/support/proxy/deploy.rs`):
//! - **UpdateEndpoint** does not exist in moto. The proxy answers it as the SageMaker API
//!   reference documents it: the endpoint switches to the new configuration, and its
//!   status passes through `Updating` (one DescribeEndpoint here) back to `InService`;
//!   a missing endpoint or configuration is a `ValidationException`.
//! - **A Create of a taken name**: moto silently replaces the resource; the proxy answers
//!   SageMaker's `ValidationException: Cannot create already existing …`.
//!
//! The client gets fixed fake credentials, a loopback endpoint and the loopback guard, so
//! nothing can leave the machine; it reads no environment.

mod support;

use std::path::{Path, PathBuf};

use aws_sdk_sagemaker::config::{Credentials, Region, SharedCredentialsProvider};
use sagespec::aws::client::MAX_ATTEMPTS;
use sagespec::aws::{Aws, CreateOutcome, DeleteOutcome, EndpointStatus, LiveCapacity, LiveModelData, SageMakerApi};
use sagespec::kinds::endpoint::compile_with;
use sagespec::kinds::model::{ModelContext, resolve};
use sagespec::kinds::{CompileContext, Compiled};
use sagespec::lower::deploy::endpoint::{self as lower_endpoint, LoweredEndpoint};
use sagespec::lower::deploy::model::{self as lower_model, LoweredModel};
use sagespec::lower::deploy::{Endpoint, Variant};
use sagespec::package::PackCache;
use sagespec::spec::deploy::{EndpointManifest, ModelManifest};
use serde_json::Value;
use support::{Moto, Proxy, root};

const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-west-2";

/// The project's client, talking only to `endpoint`, with fake credentials.
fn client(endpoint: &str) -> Aws {
    let config = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(Region::new(REGION))
        .endpoint_url(endpoint)
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "testing", "testing", None, None, "tests",
        )))
        .build();
    Aws::with_config(config, true)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

/// A deploy conformance case, compiled and lowered.
struct Case {
    compiled: Compiled,
    model: LoweredModel,
    endpoint: Endpoint,
    lowered: LoweredEndpoint,
}

fn case_dir(name: &str) -> PathBuf {
    root().join("tests/conformance/deploy").join(name)
}

fn load<T: Clone + 'static>(path: &Path) -> T {
    let checked = sagespec::check::check_file(path, &path.display().to_string());
    assert!(!checked.has_errors(), "{} has errors", path.display());
    checked.manifest_as::<T>().expect("the expected kind").clone()
}

/// Compiles the case, lowers its model and endpoint again, and checks both print what
/// compile printed, so what is sent is what `compile` shows.
fn case(name: &str) -> Case {
    let dir = case_dir(name);
    let endpoint_manifest: EndpointManifest = load(&dir.join("manifest.yaml"));
    let model_manifest: ModelManifest = load(&dir.join("model.yaml"));
    let packs = PackCache::default();
    let context =
        CompileContext { base_dir: &dir, region: None, account_id: Some(ACCOUNT), packs: &packs, references: &[] };
    let compiled = compile_with(&endpoint_manifest, &context).expect("compiles");

    let serverless = endpoint_manifest.serverless_inference_config.as_ref();
    let model_context = ModelContext {
        compile: &context,
        region: REGION,
        instance_type: if serverless.is_some() { None } else { endpoint_manifest.instance_type.as_deref() },
    };
    let model = lower_model::lower(&resolve(&model_manifest, &model_context).expect("resolves")).expect("lowers");
    assert_eq!(model.request, compiled.requests[0].body, "{name}: CreateModel");

    let variant = match serverless {
        Some(config) => Variant::Serverless {
            memory_mb: config.memory_size_in_mb.unwrap_or(2048),
            max_concurrency: config.max_concurrency.unwrap_or(5),
            provisioned: config.provisioned_concurrency,
        },
        None => Variant::Instances {
            instance_type: endpoint_manifest.instance_type.clone().expect("instance type"),
            count: endpoint_manifest.initial_instance_count.expect("instance count"),
            volume_size: endpoint_manifest.volume_size,
            download_timeout: endpoint_manifest.model_data_download_timeout,
            startup_timeout: endpoint_manifest.container_startup_health_check_timeout,
        },
    };
    let endpoint = Endpoint {
        name: compiled.name.clone(),
        region: REGION.to_owned(),
        model_name: model.name.clone(),
        variant,
        data_capture: None,
        async_inference: None,
        kms_key: endpoint_manifest.kms_key.clone(),
        tags: endpoint_manifest.tags.clone().unwrap_or_default(),
    };
    let lowered = lower_endpoint::lower(&endpoint).expect("lowers");
    assert_eq!(lowered.config_request, compiled.requests[1].body, "{name}: CreateEndpointConfig");
    assert_eq!(lowered.endpoint_request, compiled.requests[2].body, "{name}: CreateEndpoint");
    Case { compiled, model, endpoint, lowered }
}

fn text<'a>(body: &'a Value, pointer: &str) -> Option<&'a str> {
    body.pointer(pointer).and_then(Value::as_str)
}

/// Sends the case's three requests, describes each back, updates the endpoint to a second
/// configuration, lists, and deletes everything.
fn round_trip(name: &str, aws: &Aws, proxy: &Proxy) {
    let case = case(name);
    let model_body = &case.compiled.requests[0].body;
    let config_body = &case.compiled.requests[1].body;
    // A second configuration (another capacity, so another content-addressed name),
    // and the update to it.
    // (Lowered before the runtime starts: lowering captures the SDK's body on a runtime
    // of its own.)
    let mut changed = case.endpoint.clone();
    changed.variant = match changed.variant {
        Variant::Instances { instance_type, count, volume_size, download_timeout, startup_timeout } => {
            Variant::Instances { instance_type, count: count + 1, volume_size, download_timeout, startup_timeout }
        }
        Variant::Serverless { memory_mb, max_concurrency, provisioned } => {
            Variant::Serverless { memory_mb, max_concurrency: max_concurrency + 1, provisioned }
        }
    };
    let second = lower_endpoint::lower(&changed).expect("lowers");
    assert_ne!(second.config_name, case.lowered.config_name, "{name}: the configuration is named by its content");
    let runtime = runtime();
    runtime.block_on(async {
        // The model.
        assert_eq!(aws.describe_model(REGION, &case.model.name).await.expect("describes"), None, "{name}");
        let created = aws.create_model(REGION, case.model.input.clone()).await.expect("creates");
        assert_eq!(created, CreateOutcome::Created, "{name}");
        let duplicates = proxy.counts().deploy_duplicate_creates;
        let again = aws.create_model(REGION, case.model.input.clone()).await.expect("answers");
        assert_eq!(again, CreateOutcome::AlreadyExists, "{name}");
        assert_eq!(proxy.counts().deploy_duplicate_creates, duplicates + 1, "{name}: the proxy answered it");
        let live = aws.describe_model(REGION, &case.model.name).await.expect("describes").expect("exists");
        assert_eq!(live.name, case.model.name);
        assert_eq!(live.image.as_deref(), text(model_body, "/PrimaryContainer/Image"), "{name}");
        assert_eq!(live.role.as_deref(), text(model_body, "/ExecutionRoleArn"), "{name}");
        let sent_data = match text(model_body, "/PrimaryContainer/ModelDataUrl") {
            Some(url) => LiveModelData::Url(url.to_owned()),
            None => LiveModelData::Source {
                uri: text(model_body, "/PrimaryContainer/ModelDataSource/S3DataSource/S3Uri").expect("uri").into(),
                data_type: text(model_body, "/PrimaryContainer/ModelDataSource/S3DataSource/S3DataType")
                    .expect("type")
                    .into(),
                compression: text(model_body, "/PrimaryContainer/ModelDataSource/S3DataSource/CompressionType")
                    .expect("compression")
                    .into(),
            },
        };
        assert_eq!(live.model_data, Some(sent_data), "{name}");
        let sent_environment: std::collections::BTreeMap<String, String> =
            serde_json::from_value(model_body["PrimaryContainer"]["Environment"].clone()).expect("a string map");
        assert_eq!(live.environment, sent_environment, "{name}");

        // The endpoint configuration.
        let config_name = &case.lowered.config_name;
        assert_eq!(aws.describe_endpoint_config(REGION, config_name).await.expect("describes"), None);
        let created = aws.create_endpoint_config(REGION, case.lowered.config_input.clone()).await.expect("creates");
        assert_eq!(created, CreateOutcome::Created, "{name}");
        let again = aws.create_endpoint_config(REGION, case.lowered.config_input.clone()).await.expect("answers");
        assert_eq!(again, CreateOutcome::AlreadyExists, "{name}");
        let live = aws.describe_endpoint_config(REGION, config_name).await.expect("describes").expect("exists");
        assert_eq!(&live.name, config_name);
        assert_eq!(live.variants.len(), 1, "{name}");
        let variant = &live.variants[0];
        let sent = &config_body["ProductionVariants"][0];
        assert_eq!(Some(variant.name.as_str()), sent["VariantName"].as_str(), "{name}");
        assert_eq!(variant.model_name, case.model.name, "{name}");
        assert_eq!(variant.weight.map(f64::from), sent["InitialVariantWeight"].as_f64(), "{name}");
        let as_i32 = |value: &Value| value.as_i64().and_then(|v| i32::try_from(v).ok());
        match &variant.capacity {
            LiveCapacity::Instances { instance_type, count, volume_size } => {
                assert_eq!(Some(instance_type.as_str()), sent["InstanceType"].as_str(), "{name}");
                assert_eq!(*count, as_i32(&sent["InitialInstanceCount"]), "{name}");
                assert_eq!(*volume_size, as_i32(&sent["VolumeSizeInGB"]), "{name}");
            }
            LiveCapacity::Serverless { memory_mb, max_concurrency, provisioned } => {
                let serverless = &sent["ServerlessConfig"];
                assert_eq!(*memory_mb, as_i32(&serverless["MemorySizeInMB"]), "{name}");
                assert_eq!(*max_concurrency, as_i32(&serverless["MaxConcurrency"]), "{name}");
                assert_eq!(*provisioned, as_i32(&serverless["ProvisionedConcurrency"]), "{name}");
            }
            LiveCapacity::Unknown => panic!("{name}: the variant came back without capacity"),
        }
        assert_eq!(live.kms_key.as_deref(), text(config_body, "/KmsKeyId"), "{name}");

        // The endpoint.
        let endpoint_name = &case.endpoint.name;
        assert_eq!(aws.describe_endpoint(REGION, endpoint_name).await.expect("describes"), None);
        let created = aws.create_endpoint(REGION, case.lowered.endpoint_input.clone()).await.expect("creates");
        assert_eq!(created, CreateOutcome::Created, "{name}");
        let again = aws.create_endpoint(REGION, case.lowered.endpoint_input.clone()).await.expect("answers");
        assert_eq!(again, CreateOutcome::AlreadyExists, "{name}");
        let live = aws.describe_endpoint(REGION, endpoint_name).await.expect("describes").expect("exists");
        assert_eq!(&live.name, endpoint_name);
        assert_eq!(live.status, EndpointStatus::InService, "{name}: moto's endpoints are born in service");
        assert_eq!(live.config_name.as_ref(), Some(config_name), "{name}");
        assert_eq!(live.failure_reason, None, "{name}");

        let created = aws.create_endpoint_config(REGION, second.config_input.clone()).await.expect("creates");
        assert_eq!(created, CreateOutcome::Created, "{name}");
        let updates = proxy.counts().endpoint_updates;
        aws.update_endpoint(REGION, endpoint_name, &second.config_name).await.expect("updates");
        assert_eq!(proxy.counts().endpoint_updates, updates + 1, "{name}");
        let during = aws.describe_endpoint(REGION, endpoint_name).await.expect("describes").expect("exists");
        assert_eq!(during.status, EndpointStatus::Updating, "{name}");
        assert_eq!(during.config_name.as_ref(), Some(&second.config_name), "{name}");
        let after = aws.describe_endpoint(REGION, endpoint_name).await.expect("describes").expect("exists");
        assert_eq!(after.status, EndpointStatus::InService, "{name}");
        assert_eq!(after.config_name.as_ref(), Some(&second.config_name), "{name}");

        // Lists by name.
        let models: Vec<String> =
            aws.list_models(REGION, &case.model.name).await.expect("lists").into_iter().map(|m| m.name).collect();
        assert_eq!(models, vec![case.model.name.clone()], "{name}");
        let base = config_name.rsplit_once('-').map_or(config_name.as_str(), |(base, _)| base);
        let mut configs: Vec<String> =
            aws.list_endpoint_configs(REGION, base).await.expect("lists").into_iter().map(|c| c.name).collect();
        configs.sort();
        let mut expected = vec![config_name.clone(), second.config_name.clone()];
        expected.sort();
        assert_eq!(configs, expected, "{name}");

        // Deletes: each once, then not found.
        assert_eq!(aws.delete_endpoint(REGION, endpoint_name).await.expect("deletes"), DeleteOutcome::Deleted);
        assert_eq!(aws.delete_endpoint(REGION, endpoint_name).await.expect("answers"), DeleteOutcome::NotFound);
        assert_eq!(aws.describe_endpoint(REGION, endpoint_name).await.expect("describes"), None);
        for config in [config_name, &second.config_name] {
            assert_eq!(aws.delete_endpoint_config(REGION, config).await.expect("deletes"), DeleteOutcome::Deleted);
            assert_eq!(aws.delete_endpoint_config(REGION, config).await.expect("answers"), DeleteOutcome::NotFound);
            assert_eq!(aws.describe_endpoint_config(REGION, config).await.expect("describes"), None);
        }
        assert_eq!(aws.delete_model(REGION, &case.model.name).await.expect("deletes"), DeleteOutcome::Deleted);
        assert_eq!(aws.delete_model(REGION, &case.model.name).await.expect("answers"), DeleteOutcome::NotFound);
        assert_eq!(aws.describe_model(REGION, &case.model.name).await.expect("describes"), None);
    });
}

#[test]
fn conformance_cases_are_created_described_updated_listed_and_deleted() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 1);
    let aws = client(&proxy.url());
    // No code; repacked code with dependencies; serverless; tags; uncompressed model data.
    for name in
        ["pt_model_cpu", "pt_model_dependencies", "pt_serverless", "pt_model_tags", "pt_model_data_source_uncompressed"]
    {
        round_trip(name, &aws, &proxy);
    }
}

#[test]
fn updating_a_missing_endpoint_or_to_a_missing_configuration_is_refused() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 1);
    let aws = client(&proxy.url());
    let case = case("pt_model_cpu");
    runtime().block_on(async {
        let missing = aws.update_endpoint(REGION, "no-such-endpoint", &case.lowered.config_name).await;
        let error = missing.expect_err("no endpoint");
        assert_eq!(error.code(), Some("ValidationException"), "{error}");
        assert!(error.service_message().unwrap_or_default().contains("Could not find endpoint"), "{error}");

        aws.create_model(REGION, case.model.input.clone()).await.expect("creates");
        aws.create_endpoint_config(REGION, case.lowered.config_input.clone()).await.expect("creates");
        aws.create_endpoint(REGION, case.lowered.endpoint_input.clone()).await.expect("creates");
        let error =
            aws.update_endpoint(REGION, &case.endpoint.name, "no-such-config").await.expect_err("no configuration");
        assert!(
            error.service_message().unwrap_or_default().contains("Could not find endpoint configuration"),
            "{error}"
        );
        let live = aws.describe_endpoint(REGION, &case.endpoint.name).await.expect("describes").expect("exists");
        assert_eq!(live.status, EndpointStatus::InService);
        assert_eq!(live.config_name.as_ref(), Some(&case.lowered.config_name), "a refused update changes nothing");
    });
    assert_eq!(proxy.counts().endpoint_updates, 0);
}

#[test]
fn listing_reads_every_page_and_keeps_only_matching_names() {
    let moto = Moto::start();
    let aws = client(&moto.url());
    let case = case("pt_model_cpu");
    // moto pages ListEndpointConfigs by 100: 105 configurations take two pages.
    runtime().block_on(async {
        aws.create_model(REGION, case.model.input.clone()).await.expect("creates");
        for i in 0..105 {
            let input = case.lowered.config_input.clone().endpoint_config_name(format!("paged-{i:03}"));
            assert_eq!(aws.create_endpoint_config(REGION, input).await.expect("creates"), CreateOutcome::Created);
        }
        aws.create_endpoint_config(REGION, case.lowered.config_input.clone().endpoint_config_name("other"))
            .await
            .expect("creates");
        let mut names: Vec<String> =
            aws.list_endpoint_configs(REGION, "paged-").await.expect("lists").into_iter().map(|c| c.name).collect();
        names.sort();
        let expected: Vec<String> = (0..105).map(|i| format!("paged-{i:03}")).collect();
        assert_eq!(names, expected);
        // moto ignores NameContains on ListModels; the client keeps only matching names.
        assert_eq!(aws.list_models(REGION, "no-such-prefix").await.expect("lists"), vec![]);
        assert_eq!(aws.list_models(REGION, &case.model.name).await.expect("lists").len(), 1);
    });
}

#[test]
fn with_faults_a_retried_create_or_delete_that_already_happened_reads_as_done() {
    let moto = Moto::start();
    // 30 % of requests fail (500, 503, throttling, dropped before or after moto handled
    // them); the client retries. A create whose answer was lost is retried into "Cannot
    // create already existing", a delete into "Could not find": both are what happened.
    // Seed 4 loses the answer of a create that moto carried out (any seed passes; this one
    // also takes the already-existing path).
    let proxy = Proxy::start(moto.port, 0.3, 4);
    let aws = client(&proxy.url());
    let case = case("pt_model_dependencies");
    runtime().block_on(async {
        let outcomes = [
            aws.create_model(REGION, case.model.input.clone()).await.expect("creates"),
            aws.create_endpoint_config(REGION, case.lowered.config_input.clone()).await.expect("creates"),
            aws.create_endpoint(REGION, case.lowered.endpoint_input.clone()).await.expect("creates"),
        ];
        assert!(outcomes.iter().all(|o| matches!(o, CreateOutcome::Created | CreateOutcome::AlreadyExists)));
        let model = aws.describe_model(REGION, &case.model.name).await.expect("describes");
        assert_eq!(model.map(|m| m.name), Some(case.model.name.clone()));
        let config = aws.describe_endpoint_config(REGION, &case.lowered.config_name).await.expect("describes");
        assert_eq!(config.map(|c| c.variants[0].model_name.clone()), Some(case.model.name.clone()));
        let endpoint = aws.describe_endpoint(REGION, &case.endpoint.name).await.expect("describes");
        assert_eq!(endpoint.and_then(|e| e.config_name), Some(case.lowered.config_name.clone()));

        let done = |outcome: DeleteOutcome| matches!(outcome, DeleteOutcome::Deleted | DeleteOutcome::NotFound);
        assert!(done(aws.delete_endpoint(REGION, &case.endpoint.name).await.expect("deletes")));
        assert!(done(aws.delete_endpoint_config(REGION, &case.lowered.config_name).await.expect("deletes")));
        assert!(done(aws.delete_model(REGION, &case.model.name).await.expect("deletes")));
        assert_eq!(aws.describe_endpoint(REGION, &case.endpoint.name).await.expect("describes"), None);
        assert_eq!(aws.describe_endpoint_config(REGION, &case.lowered.config_name).await.expect("describes"), None);
        assert_eq!(aws.describe_model(REGION, &case.model.name).await.expect("describes"), None);
    });
    let counts = proxy.counts();
    assert!(counts.faults > 0, "no fault was injected: {counts:?}");
    assert!(counts.deploy_duplicate_creates > 0, "no create was retried after it happened: {counts:?}");
}

/// Downloads are bounded (`sagespec import --code` reads code tarballs whole): an object
/// larger than the limit is an error, checked against moto's S3.
#[test]
fn a_download_larger_than_its_limit_is_refused() {
    use sagespec::aws::ObjectStore;
    let moto = Moto::start();
    let aws = client(&moto.url());
    runtime().block_on(async {
        aws.ensure_bucket(REGION, "limits").await.expect("bucket");
        aws.put_object(REGION, "limits", "code/sourcedir.tar.gz", vec![7; 1000]).await.expect("uploads");
        let whole = aws.get_object(REGION, "limits", "code/sourcedir.tar.gz", 1000).await.expect("fits");
        assert_eq!(whole, vec![7; 1000]);
        let error = aws.get_object(REGION, "limits", "code/sourcedir.tar.gz", 999).await.expect_err("too large");
        assert!(error.to_string().contains("larger than 999 bytes"), "{error}");
    });
}

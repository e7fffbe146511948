//! Property tests over the estimator's parameter space: invariants of the compiled
//! `CreateTrainingJob` request that hold without the SageMaker Python SDK to compare with.
//!
//! Each case is a TrainingJob manifest the SDK accepts (the generator only combines what
//! the SDK allows: framework and version, region, instance type or instance groups,
//! distribution, hyperparameters of every JSON kind including integers beyond 64 bits,
//! channels, optional keys, `name` or `job_name`), written as YAML and, when it has no
//! `null`, as TOML. For each:
//!
//! 1. it validates without errors, in both formats, and both compile to the same request;
//! 2. the AWS SDK accepts the input as `apply` sends it: the `CreateTrainingJob` builder
//!    builds, and its own serializer (the capturing client of `sagespec::lower::wire`)
//!    writes a body equal to the request `compile` prints;
//! 3. every hyperparameter decodes (JSON) back to the manifest's value, user keys first,
//!    in the manifest's order;
//! 4. the job's identity is stable: compiling again gives the same name and request;
//!    writing the manifest's keys, hyperparameters and environment in another order keeps
//!    the content hash (and so a `name`'s job name); changing one hyperparameter's value
//!    changes it.
//!
//! Case counts are modest so the file runs in seconds in a debug build.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use sagespec::check::check_text;
use sagespec::kinds::training_job::{CompileOptions, CompiledJob, compile};
use sagespec::lower::wire::capture_body;
use sagespec::source::Format;
use sagespec::spec::Manifest;
use serde_json::{Map, Number, Value as Json, json};

const ACCOUNT: &str = "123456789012";

// ── Generators ────────────────────────────────────────────────────────────────────────

/// Framework, version and Python version combinations the SDK's image config has.
const FRAMEWORKS: &[(&str, &str, &str)] = &[
    ("pytorch", "2.2.0", "py310"),
    ("pytorch", "1.13.1", "py39"),
    ("pytorch", "2.8.0", "py312"),
    ("pytorch", "1.11.0", "py38"),
    ("tensorflow", "2.11.0", "py39"),
    ("tensorflow", "2.16.2", "py310"),
];

/// Regions with every image above (and Trainium's, `pytorch-neuron.json`).
const REGIONS: &[&str] = &["us-west-2", "us-east-1", "eu-west-1"];

/// Instance types any strategy but SMDDP and Trainium's can use.
const GENERAL: &[&str] = &["ml.m5.xlarge", "ml.c5.4xlarge", "ml.g5.2xlarge", "ml.p4d.24xlarge"];

/// A distribution strategy (named so as not to clash with proptest's `Strategy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Launcher {
    None,
    Mpi,
    DataParallel,
    TorchDistributed,
    ParameterServer,
    MultiWorkerMirrored,
}

/// The strategies the SDK allows for a framework and version, and whether each needs the
/// estimator's `instance_type` (the SDK refuses those on instance groups).
fn strategies(framework: &str, version: &str) -> Vec<Launcher> {
    let mut out = vec![Launcher::None, Launcher::Mpi, Launcher::ParameterServer];
    if (framework, version) == ("pytorch", "2.2.0") || (framework, version) == ("tensorflow", "2.11.0") {
        out.push(Launcher::DataParallel);
    }
    if framework == "pytorch" {
        out.push(Launcher::TorchDistributed);
    } else {
        out.push(Launcher::MultiWorkerMirrored);
    }
    out
}

/// The instance types a strategy's training instances may have. Trainium runs PyTorch
/// 1.11.0 on py38 only (`pytorch-neuron.json`), and only `torch_distributed` there
/// (`fw_utils.TRAINIUM_SUPPORTED_DISTRIBUTION_STRATEGIES`); on GPUs `torch_distributed`
/// needs a version of `TORCH_DISTRIBUTED_GPU_SUPPORTED_FRAMEWORK_VERSIONS`.
fn training_types(version: &str, strategy: Launcher) -> Vec<&'static str> {
    let trainium = version == "1.11.0";
    match strategy {
        Launcher::DataParallel => vec!["ml.p4d.24xlarge"],
        Launcher::TorchDistributed if trainium => vec!["ml.trn1.32xlarge"],
        Launcher::TorchDistributed => vec!["ml.g5.2xlarge", "ml.p4d.24xlarge"],
        Launcher::None if trainium => GENERAL.iter().copied().chain(["ml.trn1.2xlarge"]).collect(),
        _ => GENERAL.to_vec(),
    }
}

fn only_single(strategy: Launcher) -> bool {
    matches!(strategy, Launcher::ParameterServer | Launcher::MultiWorkerMirrored)
}

/// A hyperparameter value: every JSON kind, integers beyond 64 bits included.
fn value(with_null: bool) -> BoxedStrategy<Json> {
    let big = prop_oneof![((i64::MAX as u64 + 1)..=u64::MAX).prop_map(|u| u.to_string()), "-?[1-9][0-9]{19,40}",]
        .prop_map(|digits| Json::Number(digits.parse::<Number>().expect("digits")));
    let float = any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Json::from);
    let string = prop_oneof!["[ -~]{0,10}", "[a-zé日😀\"\\\\\n\t/]{0,6}"].prop_map(Json::String);
    let mut leaves =
        vec![any::<bool>().prop_map(Json::Bool).boxed(), any::<i64>().prop_map(Json::from).boxed(), big.boxed()];
    leaves.extend([float.boxed(), string.boxed()]);
    if with_null {
        leaves.push(Just(Json::Null).boxed());
    }
    let leaf = proptest::strategy::Union::new(leaves);
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::vec(("[a-z][a-z0-9 ]{0,5}", inner), 0..4)
                .prop_map(|entries| Json::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
    .boxed()
}

/// User hyperparameter names: never the SDK's own (`sagemaker_*`, `model_dir`).
fn hyperparameters(with_null: bool) -> impl Strategy<Value = Vec<(String, Json)>> {
    prop::collection::vec(("[a-z][a-z0-9_]{0,11}", value(with_null)), 0..6).prop_map(|entries| {
        let mut out: Vec<(String, Json)> = Vec::new();
        for (key, value) in entries {
            if !key.starts_with("sagemaker_") && key != "model_dir" && out.iter().all(|(k, _)| *k != key) {
                out.push((key, value));
            }
        }
        out
    })
}

fn inputs() -> impl Strategy<Value = Option<Json>> {
    let uri = "[a-z0-9]{1,8}".prop_map(|key| format!("s3://my-data/{key}/"));
    let channel = prop_oneof![
        uri.clone().prop_map(Json::String),
        (uri.clone(), prop::option::of(prop::sample::select(vec!["text/csv", "application/x-parquet"]))).prop_map(
            |(uri, content_type)| {
                let mut channel = Map::new();
                channel.insert("s3_data".into(), json!(uri));
                if let Some(content_type) = content_type {
                    channel.insert("content_type".into(), json!(content_type));
                }
                Json::Object(channel)
            }
        ),
    ];
    prop_oneof![
        Just(None),
        uri.prop_map(|u| Some(json!(u))),
        prop::collection::vec(("[a-b][a-z]{0,7}", channel), 1..4).prop_map(|channels| {
            let mut map = Map::new();
            for (name, channel) in channels {
                map.entry(name).or_insert(channel);
            }
            Some(Json::Object(map))
        }),
    ]
}

/// Optional top-level keys, each present or not.
fn optional() -> impl Strategy<Value = Vec<(&'static str, Json)>> {
    (
        prop::option::of(1..=100_i64),
        prop::option::of((3600..=86_400_i64, prop::option::of(0..=3600_i64))),
        prop::option::of(Just("s3://my-output/jobs/")),
        prop::collection::vec(("[A-Z][A-Z0-9_]{0,8}", "[a-z0-9]{0,8}"), 0..3),
        prop::collection::vec(("[a-z]{1,8}", "[a-z0-9]{0,8}"), 0..3),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![10_i64, 20, 30])),
        prop::option::of(Just("s3://my-checkpoints/run/")),
    )
        .prop_map(|(volume, run, output, environment, tags, isolation, log_level, checkpoint)| {
            let mut out: Vec<(&'static str, Json)> = Vec::new();
            if let Some(volume) = volume {
                out.push(("volume_size", json!(volume)));
            }
            if let Some((max_run, spot)) = run {
                out.push(("max_run", json!(max_run)));
                if let Some(extra) = spot {
                    out.push(("use_spot_instances", json!(true)));
                    out.push(("max_wait", json!(max_run + extra)));
                }
            }
            if let Some(output) = output {
                out.push(("output_path", json!(output)));
            }
            if !environment.is_empty() {
                out.push(("environment", Json::Object(environment.into_iter().map(|(k, v)| (k, json!(v))).collect())));
            }
            if !tags.is_empty() {
                out.push(("tags", Json::Object(tags.into_iter().map(|(k, v)| (k, json!(v))).collect())));
            }
            if isolation {
                out.push(("enable_network_isolation", json!(true)));
            }
            if let Some(level) = log_level {
                out.push(("container_log_level", json!(level)));
            }
            if let Some(checkpoint) = checkpoint {
                out.push(("checkpoint_s3_uri", json!(checkpoint)));
            }
            out
        })
}

/// One generated job.
#[derive(Clone, Debug)]
struct Case {
    manifest: Map<String, Json>,
    hyperparameters: Vec<(String, Json)>,
    region: &'static str,
}

/// Where the job runs and how it is distributed, consistent with each other.
fn placement() -> impl Strategy<Value = (usize, &'static str, Map<String, Json>)> {
    (0..FRAMEWORKS.len(), prop::sample::select(REGIONS)).prop_flat_map(|(framework, region)| {
        let (name, version, _) = FRAMEWORKS[framework];
        let strategies = strategies(name, version);
        (Just(framework), Just(region), prop::sample::select(strategies)).prop_flat_map(
            move |(framework, region, strategy)| {
                let types = training_types(version, strategy);
                let groups = if only_single(strategy) { 0..1 } else { 0..3_usize };
                (
                    Just(framework),
                    Just(region),
                    Just(strategy),
                    prop::sample::select(types),
                    1..=4_i64,
                    groups,
                    prop::sample::select(GENERAL),
                    prop::option::of(1..=8_i64),
                )
                    .prop_map(move |(framework, region, strategy, training, count, groups, other, processes)| {
                        let mut out = Map::new();
                        match groups {
                            0 => {
                                out.insert("instance_type".into(), json!(training));
                                out.insert("instance_count".into(), json!(count));
                            }
                            1 => {
                                out.insert(
                                    "instance_groups".into(),
                                    json!([{"instance_group_name": "train", "instance_type": training, "instance_count": count}]),
                                );
                            }
                            _ => {
                                // A Trainium group beside another one mixes images: keep it alone.
                                let other = if training.contains("trn") { training } else { other };
                                out.insert(
                                    "instance_groups".into(),
                                    json!([
                                        {"instance_group_name": "data", "instance_type": other, "instance_count": 1},
                                        {"instance_group_name": "train", "instance_type": training, "instance_count": count},
                                    ]),
                                );
                            }
                        }
                        let mut distribution = Map::new();
                        match strategy {
                            Launcher::None => {}
                            Launcher::Mpi => {
                                let mut mpi = json!({"enabled": true, "custom_mpi_options": "-verbose"});
                                if let Some(processes) = processes {
                                    mpi["processes_per_host"] = json!(processes);
                                }
                                distribution.insert("mpi".into(), mpi);
                            }
                            Launcher::DataParallel => {
                                distribution.insert("smdistributed".into(), json!({"dataparallel": {"enabled": true}}));
                            }
                            Launcher::TorchDistributed => {
                                distribution.insert("torch_distributed".into(), json!({"enabled": true}));
                            }
                            Launcher::ParameterServer => {
                                distribution.insert("parameter_server".into(), json!({"enabled": true}));
                            }
                            Launcher::MultiWorkerMirrored => {
                                distribution.insert("multi_worker_mirrored_strategy".into(), json!({"enabled": true}));
                            }
                        }
                        if strategy != Launcher::None {
                            if groups == 2 {
                                distribution.insert("instance_groups".into(), json!(["train"]));
                            }
                            out.insert("distribution".into(), Json::Object(distribution));
                        }
                        (framework, region, out)
                    })
            },
        )
    })
}

fn case() -> impl Strategy<Value = Case> {
    (placement(), any::<bool>(), any::<bool>(), inputs(), optional()).prop_flat_map(
        |((framework, region, placement), named, with_null, inputs, optional)| {
            hyperparameters(with_null).prop_map(move |hyperparameters| {
                let (name, version, py) = FRAMEWORKS[framework];
                let mut manifest = Map::new();
                manifest.insert("apiVersion".into(), json!("sagespec/v1"));
                manifest.insert("kind".into(), json!("TrainingJob"));
                if named {
                    manifest.insert("name".into(), json!("prop"));
                } else {
                    manifest.insert("job_name".into(), json!("prop-exact"));
                }
                manifest.insert("region".into(), json!(region));
                manifest.insert("framework".into(), json!(name));
                manifest.insert("framework_version".into(), json!(version));
                manifest.insert("py_version".into(), json!(py));
                manifest.insert("entry_point".into(), json!("train.py"));
                manifest.insert("source_dir".into(), json!("s3://my-code/prop/sourcedir.tar.gz"));
                manifest.insert("role".into(), json!("arn:aws:iam::123456789012:role/SageMakerRole"));
                manifest.extend(placement.clone());
                if let Some(inputs) = &inputs {
                    manifest.insert("inputs".into(), inputs.clone());
                }
                for (key, value) in &optional {
                    manifest.insert((*key).into(), value.clone());
                }
                if !hyperparameters.is_empty() {
                    manifest.insert(
                        "hyperparameters".into(),
                        Json::Object(hyperparameters.iter().cloned().collect::<Map<_, _>>()),
                    );
                }
                Case { manifest, hyperparameters, region }
            })
        },
    )
}

// ── Rendering ─────────────────────────────────────────────────────────────────────────

/// YAML 1.2 reads JSON as flow style: one `key: value` line per top-level key.
fn yaml(manifest: &Map<String, Json>) -> String {
    let mut out = String::new();
    for (key, value) in manifest {
        out.push_str(&json!(key).to_string());
        out.push_str(": ");
        out.push_str(&value.to_string());
        out.push('\n');
    }
    out
}

/// TOML: one `key = value` line per top-level key, values inline. `None` with a `null`.
fn toml(manifest: &Map<String, Json>) -> Option<String> {
    manifest.iter().map(|(k, v)| Some(format!("{} = {}\n", json!(k), toml_value(v)?))).collect()
}

fn toml_value(value: &Json) -> Option<String> {
    Some(match value {
        Json::Null => return None,
        // JSON's string escapes and number forms are TOML's too.
        Json::Bool(_) | Json::Number(_) | Json::String(_) => value.to_string(),
        Json::Array(items) => format!("[{}]", items.iter().map(toml_value).collect::<Option<Vec<_>>>()?.join(", ")),
        Json::Object(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| Some(format!("{} = {}", json!(k), toml_value(v)?)))
                .collect::<Option<Vec<_>>>()?
                .join(", ")
        ),
    })
}

/// The same manifest written in another order: top-level keys, hyperparameters and
/// environment reversed.
fn reordered(manifest: &Map<String, Json>) -> Map<String, Json> {
    let reverse = |value: &Json| match value {
        Json::Object(entries) => {
            Json::Object(entries.iter().rev().map(|(k, v)| (k.clone(), v.clone())).collect::<Map<_, _>>())
        }
        other => other.clone(),
    };
    manifest
        .iter()
        .rev()
        .map(|(k, v)| (k.clone(), if k == "hyperparameters" || k == "environment" { reverse(v) } else { v.clone() }))
        .collect()
}

// ── Checking ──────────────────────────────────────────────────────────────────────────

fn compile_text(text: &str, format: Format) -> Result<CompiledJob, TestCaseError> {
    let checked = check_text("manifest", Arc::from(text), format, None);
    if checked.has_errors() {
        let errors: Vec<String> = checked
            .report
            .findings
            .iter()
            .filter(|f| f.finding.severity == sagespec::diagnostic::Severity::Error)
            .map(|f| format!("{} at {}: {}", f.finding.code, f.finding.pointer, f.finding.message))
            .collect();
        return Err(TestCaseError::fail(format!("{format:?} manifest refused: {errors:#?}\n{text}")));
    }
    let manifest = checked.manifest_as::<Manifest>().ok_or_else(|| TestCaseError::fail("no typed manifest"))?;
    let options = CompileOptions { region: None, account_id: Some(ACCOUNT.to_owned()) };
    compile(manifest, Path::new("."), &options).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))
}

/// An integer's text: digits, with `-` first when negative.
fn integer_text(number: &Number) -> Option<String> {
    let text = number.to_string();
    let digits = text.strip_prefix('-').unwrap_or(&text);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(text)
}

/// The same JSON value: integers by their digits, floats by their value, objects in order.
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => match (integer_text(x), integer_text(y)) {
            (Some(x), Some(y)) => x == y,
            (None, None) => x.as_f64() == y.as_f64(),
            _ => false,
        },
        (Json::Array(x), Json::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => a == b,
    }
}

fn check(case: &Case) -> Result<(), TestCaseError> {
    let text = yaml(&case.manifest);
    let compiled = compile_text(&text, Format::Yaml)?;

    // 1. TOML says the same.
    if let Some(toml) = toml(&case.manifest) {
        let from_toml = compile_text(&toml, Format::Toml)?;
        prop_assert_eq!(&from_toml.request, &compiled.request, "TOML and YAML differ:\n{}", toml);
    }

    // 2. The AWS SDK accepts the input as apply sends it, and serializes the request.
    prop_assert!(compiled.input.clone().build().is_ok(), "the CreateTrainingJob builder refused the input");
    let body = capture_body(compiled.input.clone(), case.region)
        .map_err(|e| TestCaseError::fail(format!("the AWS SDK did not serialize: {e}")))?;
    let body: Json = serde_json::from_slice(&body).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&body, &compiled.request, "the SDK's body is not the printed request");

    // 3. Hyperparameters decode back, the user's first and in order.
    let sent = compiled.request["HyperParameters"].as_object().cloned().unwrap_or_default();
    let sent_keys: Vec<&String> = sent.keys().take(case.hyperparameters.len()).collect();
    let keys: Vec<&String> = case.hyperparameters.iter().map(|(k, _)| k).collect();
    prop_assert_eq!(sent_keys, keys);
    for (key, value) in &case.hyperparameters {
        let encoded = sent[key].as_str().ok_or_else(|| TestCaseError::fail(format!("{key} is not a string")))?;
        let decoded: Json = serde_json::from_str(encoded)
            .map_err(|e| TestCaseError::fail(format!("{key}: {encoded:?} is not JSON: {e}")))?;
        prop_assert!(same(&decoded, value), "{}: sent {}, written {}", key, encoded, value);
    }

    // 4. Identity.
    let again = compile_text(&text, Format::Yaml)?;
    prop_assert_eq!(&again.job_name, &compiled.job_name);
    prop_assert_eq!(&again.request, &compiled.request);
    let reordered = compile_text(&yaml(&reordered(&case.manifest)), Format::Yaml)?;
    prop_assert_eq!(&reordered.content_hash, &compiled.content_hash, "reordering changed the identity");
    prop_assert_eq!(&reordered.job_name, &compiled.job_name);
    if let Some((key, value)) = case.hyperparameters.first() {
        let mut changed = case.manifest.clone();
        changed["hyperparameters"][key] = json!([value]);
        let changed = compile_text(&yaml(&changed), Format::Yaml)?;
        prop_assert_ne!(&changed.content_hash, &compiled.content_hash, "a new value kept the identity");
        if case.manifest.contains_key("name") {
            prop_assert_ne!(&changed.job_name, &compiled.job_name);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn compiled_requests_hold_their_invariants(case in case()) {
        check(&case)?;
    }
}

/// The generator reaches what the properties are about: a fixed case with big integers,
/// floats and nested values, on one instance group with mpi.
#[test]
fn a_fixed_case_holds_the_invariants() {
    let mut manifest = Map::new();
    for (key, value) in [
        ("apiVersion", json!("sagespec/v1")),
        ("kind", json!("TrainingJob")),
        ("name", json!("fixed")),
        ("region", json!("us-west-2")),
        ("framework", json!("pytorch")),
        ("framework_version", json!("2.2.0")),
        ("py_version", json!("py310")),
        ("entry_point", json!("train.py")),
        ("source_dir", json!("s3://my-code/prop/sourcedir.tar.gz")),
        ("role", json!("arn:aws:iam::123456789012:role/SageMakerRole")),
        (
            "instance_groups",
            json!([{"instance_group_name": "train", "instance_type": "ml.p4d.24xlarge", "instance_count": 2}]),
        ),
        ("distribution", json!({"mpi": {"enabled": true}})),
    ] {
        manifest.insert(key.into(), value);
    }
    let big: Json = serde_json::from_str(r#"{"k": [100000000000000000000000000000, -1.5e-7, "é"]}"#).expect("JSON");
    let hyperparameters = vec![("nested".to_owned(), big), ("flag".to_owned(), json!(false))];
    manifest.insert("hyperparameters".into(), Json::Object(hyperparameters.iter().cloned().collect()));
    let case = Case { manifest, hyperparameters, region: "us-west-2" };
    check(&case).expect("invariants hold");
}

//! The seed workflow deployed against moto (server mode, 127.0.0.1), through the
//! fault-injecting proxy of `tests/support`, with the `sagespec` binary: the SMDDP
//! training job of `specs/bert-ddp.yaml`, its model with `inference.py`
//! (`specs/bert-model.yaml`, repacked into the trained artifact) and a real-time endpoint
//! (`specs/bert-endpoint.yaml`).
//!
//! What it shows (issue 12):
//! - train → model → endpoint in one `apply`;
//! - a second `apply` changes nothing;
//! - a changed model environment plans an update naming the field, and applies as one new
//!   configuration, one UpdateEndpoint, and the old configuration deleted after
//!   `InService`;
//! - with a fifth of all requests faulted, applies converge, and between them the endpoint
//!   always names a configuration that exists;
//! - `destroy` leaves no endpoint, configuration or model behind.
//!
//! moto 5.2.5 has no UpdateEndpoint, and silently replaces a model, configuration or
//! endpoint created twice; the proxy answers both as the SageMaker API reference documents
//! them (`tests/support/proxy/deploy.rs`: the endpoint switches to the new configuration
//! and passes through `Updating`). moto's training jobs complete at once and write no
//! artifact, so the test puts a `model.tar.gz` where the job's artifact goes.

mod support;

use std::path::Path;

use serde_json::{Value, json};
use support::direct::{put_object, sagemaker, sagemaker_answer};
use support::{Moto, Proxy, Sagespec, arg, describe, root};

const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-west-2";
/// Attempts per call while a fifth of all requests fail (as `tests/aws_faults.rs`).
const FAULTY_MAX_ATTEMPTS: &str = "12";
/// The endpoint's instance type in `specs/`, and the one used here instead.
const SPECS_INSTANCE_TYPE: &str = "ml.g5.2xlarge";
const MOTO_INSTANCE_TYPE: &str = "ml.g4dn.xlarge";
/// Applies allowed to converge under faults.
const MAX_FAULTY_APPLIES: usize = 8;

/// The three manifests and their code, copied from `specs/`.
fn stage(dir: &Path) {
    let specs = root().join("specs");
    for file in ["bert-ddp.yaml", "bert-model.yaml", "bert-endpoint.yaml"] {
        let text = std::fs::read_to_string(specs.join(file)).expect("read manifest");
        // moto's enum of hosting instance types predates ml.g5; another GPU type keeps
        // the GPU inference image.
        std::fs::write(dir.join(file), text.replace(SPECS_INSTANCE_TYPE, MOTO_INSTANCE_TYPE)).expect("write manifest");
    }
    for code in ["bert", "bert-inference"] {
        let to = dir.join("code").join(code);
        std::fs::create_dir_all(&to).expect("mkdir");
        for entry in std::fs::read_dir(specs.join("code").join(code)).expect("code folder") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy code");
            }
        }
    }
}

/// `sagespec compile` of one manifest (offline).
fn compile(sagespec: &Sagespec, file: &Path) -> Value {
    let output = sagespec.run(&["compile", arg(file), "--account-id", ACCOUNT]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// A `model.tar.gz` such as training writes: one weights file.
fn artifact() -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default()));
    let weights = b"not really weights";
    let mut header = tar::Header::new_gnu();
    header.set_size(weights.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder.append_data(&mut header, "model.pth", &weights[..]).expect("append");
    builder.into_inner().expect("tar").finish().expect("gzip")
}

/// The names a SageMaker List call returns, sorted.
fn listed(moto: &Moto, operation: &str, list: &str, member: &str) -> Vec<String> {
    let answer = sagemaker(moto.port, REGION, operation, &json!({"MaxResults": 100}));
    let mut names: Vec<String> =
        answer[list].as_array().into_iter().flatten().filter_map(|e| e[member].as_str().map(Into::into)).collect();
    names.sort();
    names
}

fn models(moto: &Moto) -> Vec<String> {
    listed(moto, "ListModels", "Models", "ModelName")
}

fn configs(moto: &Moto) -> Vec<String> {
    listed(moto, "ListEndpointConfigs", "EndpointConfigs", "EndpointConfigName")
}

fn endpoints(moto: &Moto) -> Vec<String> {
    listed(moto, "ListEndpoints", "Endpoints", "EndpointName")
}

/// The configuration the endpoint runs, checked to exist.
fn running_config(moto: &Moto, endpoint: &str) -> String {
    let described = sagemaker(moto.port, REGION, "DescribeEndpoint", &json!({"EndpointName": endpoint}));
    let config = described["EndpointConfigName"].as_str().expect("a configuration").to_owned();
    let (status, answer) =
        sagemaker_answer(moto.port, REGION, "DescribeEndpointConfig", &json!({"EndpointConfigName": config}));
    assert_eq!(status, 200, "the endpoint names {config}, which does not exist: {answer}");
    config
}

/// The model, configuration and endpoint names `compile` gives the endpoint manifest.
fn desired(sagespec: &Sagespec, dir: &Path) -> (String, String) {
    let requests = compile(sagespec, &dir.join("bert-endpoint.yaml"));
    let model = requests[0]["body"]["ModelName"].as_str().expect("model").to_owned();
    let config = requests[1]["body"]["EndpointConfigName"].as_str().expect("config").to_owned();
    (model, config)
}

fn set_environment(dir: &Path, value: &str) {
    let path = dir.join("bert-model.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    let mut lines: Vec<&str> = text.lines().filter(|line| !line.starts_with("env:")).collect();
    let env = format!("env: {{TS_MAX_RESPONSE_SIZE: \"{value}\"}}");
    lines.push(&env);
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
}

#[test]
fn train_then_serve_then_update_safely_then_destroy() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 12);
    let dir = tempfile::tempdir().expect("tempdir");
    stage(dir.path());
    let sagespec = Sagespec::new(&proxy.url()).env("AWS_MAX_ATTEMPTS", FAULTY_MAX_ATTEMPTS);

    // The trained artifact, where the content-addressed job writes it.
    let job = compile(&sagespec, &dir.path().join("bert-ddp.yaml"));
    let output = job["OutputDataConfig"]["S3OutputPath"].as_str().expect("output path");
    let (bucket, prefix) = output.strip_prefix("s3://").and_then(|r| r.split_once('/')).expect("s3 uri");
    let job_name = job["TrainingJobName"].as_str().expect("job name");
    let key = format!("{}/{job_name}/output/model.tar.gz", prefix.trim_end_matches('/'));
    put_object(moto.port, REGION, bucket, &key, &artifact());

    // train → model → endpoint.
    let first = sagespec.run(&["apply", arg(dir.path()), "--yes"]);
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    let (model, config) = desired(&sagespec, dir.path());
    assert_eq!(endpoints(&moto), ["bert-prod"]);
    assert_eq!(configs(&moto), std::slice::from_ref(&config));
    assert_eq!(models(&moto), std::slice::from_ref(&model));
    assert_eq!(running_config(&moto, "bert-prod"), config);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(stdout.contains("Deploy: 3 created, 0 updated, 0 up to date, 0 deleted, 0 waiting, 0 failed"), "{stdout}");

    // A second apply changes nothing.
    let before = proxy.counts();
    let second = sagespec.run(&["apply", arg(dir.path()), "--yes"]);
    assert_eq!(second.status.code(), Some(0), "{}", describe(&second));
    assert!(
        String::from_utf8_lossy(&second.stdout).contains("Nothing to create, update or delete."),
        "{}",
        describe(&second)
    );
    let after = proxy.counts();
    assert_eq!((after.uploads, after.endpoint_updates), (before.uploads, before.endpoint_updates));
    assert_eq!(after.deploy_duplicate_creates, before.deploy_duplicate_creates);
    assert_eq!((configs(&moto), models(&moto)), (vec![config.clone()], vec![model.clone()]));

    // A changed model environment: the plan names the field; apply makes one new
    // configuration, one UpdateEndpoint, and deletes the old configuration.
    set_environment(dir.path(), "20000000");
    let plan = sagespec.run(&["plan", arg(dir.path()), "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(2), "{}", describe(&plan));
    let table = String::from_utf8_lossy(&plan.stdout);
    println!("{table}");
    let (new_model, new_config) = desired(&sagespec, dir.path());
    assert!(table.contains(&format!("update: {config} → {new_config}")), "{table}");
    assert!(table.contains("+ model.Environment.TS_MAX_RESPONSE_SIZE: \"20000000\""), "{table}");
    assert!(table.contains(&format!("{config}  endpoint-config")) && table.contains("delete (replaced"), "{table}");
    let plan_json = sagespec.run(&["plan", arg(dir.path()), "--format", "json"]);
    let plan_json: Value = serde_json::from_slice(&plan_json.stdout).expect("plan JSON");
    assert_eq!(plan_json["summary"]["update"], 1, "{plan_json}");
    assert_eq!(plan_json["updates"][0]["endpoint"], "bert-prod");

    let updates_before = proxy.counts().endpoint_updates;
    let update = sagespec.run(&["apply", arg(dir.path()), "--yes"]);
    assert_eq!(update.status.code(), Some(0), "{}", describe(&update));
    assert_eq!(proxy.counts().endpoint_updates - updates_before, 1);
    assert_eq!(configs(&moto), std::slice::from_ref(&new_config), "the old configuration is gone, one new one exists");
    assert_eq!(running_config(&moto, "bert-prod"), new_config);
    assert!(models(&moto).contains(&new_model));

    // A fifth of all requests faulted: every apply leaves the endpoint on a configuration
    // that exists, and the applies converge.
    set_environment(dir.path(), "30000000");
    let (_, final_config) = desired(&sagespec, dir.path());
    proxy.set_fault_rate(0.2);
    let mut converged = false;
    for attempt in 1..=MAX_FAULTY_APPLIES {
        let apply = sagespec.run(&["apply", arg(dir.path()), "--yes", "--quiet"]);
        running_config(&moto, "bert-prod");
        println!("faulty apply {attempt}: exit {:?}", apply.status.code());
        if apply.status.code() == Some(0) {
            converged = true;
            break;
        }
    }
    let faults = proxy.counts().faults;
    proxy.set_fault_rate(0.0);
    assert!(converged, "no apply succeeded in {MAX_FAULTY_APPLIES} tries ({faults} faults injected)");
    assert!(faults > 0, "no fault was injected");
    let settled = sagespec.run(&["plan", arg(dir.path()), "--detailed-exitcode"]);
    assert_eq!(settled.status.code(), Some(0), "{}", describe(&settled));
    assert_eq!(running_config(&moto, "bert-prod"), final_config);
    assert_eq!(configs(&moto), [final_config]);

    // destroy leaves nothing behind (the training job stays: SageMaker keeps jobs).
    let refused = sagespec.run(&["destroy", arg(dir.path())]);
    assert_eq!(refused.status.code(), Some(1), "{}", describe(&refused));
    assert_eq!(endpoints(&moto), ["bert-prod"], "destroy without --yes and without a terminal deleted something");
    let destroy = sagespec.run(&["destroy", arg(dir.path()), "--yes"]);
    assert_eq!(destroy.status.code(), Some(0), "{}", describe(&destroy));
    assert!(endpoints(&moto).is_empty(), "{}", describe(&destroy));
    assert!(configs(&moto).is_empty(), "{}", describe(&destroy));
    assert!(models(&moto).is_empty(), "{}", describe(&destroy));
    let again = sagespec.run(&["destroy", arg(dir.path()), "--yes"]);
    assert_eq!(again.status.code(), Some(0), "{}", describe(&again));
    assert!(String::from_utf8_lossy(&again.stdout).contains("Nothing to destroy."), "{}", describe(&again));
}

#[test]
fn a_model_waits_for_a_training_job_that_does_not_exist() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, 0.0, 13);
    let dir = tempfile::tempdir().expect("tempdir");
    stage(dir.path());
    let sagespec = Sagespec::new(&proxy.url());
    // Only the endpoint (and so its model): the training job is not applied.
    let plan = sagespec.run(&["plan", arg(&dir.path().join("bert-endpoint.yaml"))]);
    assert_eq!(plan.status.code(), Some(0), "{}", describe(&plan));
    assert!(String::from_utf8_lossy(&plan.stdout).contains("which does not exist: apply its TrainingJob manifest too"));
    let apply = sagespec.run(&["apply", arg(&dir.path().join("bert-endpoint.yaml")), "--yes"]);
    assert_eq!(apply.status.code(), Some(1), "{}", describe(&apply));
    assert!(String::from_utf8_lossy(&apply.stderr).contains("does not exist"), "{}", describe(&apply));
    assert!(models(&moto).is_empty() && endpoints(&moto).is_empty());
}

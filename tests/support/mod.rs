//! Shared support for the integration tests; each test file includes it with `mod support;`.
//!
//! - [`run`]: the `sagespec` binary under GNU time, for the robustness tests.
//! - [`manifests`]: manifests that validate cleanly, the base tests edit.
//! - [`cases`]: the conformance cases under `tests/conformance/cases`.
//! - [`starters`]: the starters `sagespec init` writes.
//! - This root and [`proxy`], for the AWS integration tests (`tests/aws_*.rs`): moto in
//!   server mode on 127.0.0.1 ([`Moto`]), a counting and fault-injecting proxy in front of
//!   it ([`Proxy`]), manifests to apply ([`write_manifests`]), and the `sagespec` binary
//!   run with an environment that can only reach loopback ([`Sagespec`]).
//! - [`canned`]: a server that answers every request the same way ([`Canned`]).
//!
//! moto is installed by `scripts/moto install` (a venv with a pinned `moto[server]`); the
//! first test that needs it runs the script (it is idempotent and locked).

// Each test file is its own crate and uses only part of this module, so the rest of it is
// dead code there.
#![allow(dead_code, clippy::missing_panics_doc)]

pub mod canned;
pub mod cases;
pub mod direct;
pub mod manifests;
pub mod proxy;
pub mod run;
pub mod starters;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

#[allow(unused_imports)] // used by some AWS tests only
pub use canned::Canned;
#[allow(unused_imports)] // used by the AWS tests only
pub use proxy::Proxy;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The moto_server executable, installed on first use.
fn moto_server() -> PathBuf {
    static SERVER: OnceLock<PathBuf> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let script = root().join("scripts/moto");
            let status = Command::new(&script).arg("install").status().expect("run scripts/moto install");
            assert!(status.success(), "scripts/moto install failed");
            let output = Command::new(&script).arg("path").output().expect("run scripts/moto path");
            PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
        })
        .clone()
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port()
}

/// moto_server on 127.0.0.1, stopped on drop.
pub struct Moto {
    child: Child,
    /// Its port.
    pub port: u16,
}

impl Moto {
    /// Starts a fresh moto and waits until it answers.
    pub fn start() -> Self {
        let server = moto_server();
        let port = free_port();
        let child = Command::new(server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let moto = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while http_get(port, "/moto-api/").is_none() {
            assert!(Instant::now() < deadline, "moto_server did not answer on 127.0.0.1:{port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        moto.seed_data();
        moto
    }

    /// Creates [`DATA_BUCKET`] in us-west-2 with one object under `train/`: the data the
    /// manifests of [`write_manifests`] read, which `plan`'s account checks look for.
    fn seed_data(&self) {
        let location = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
                        <LocationConstraint>us-west-2</LocationConstraint></CreateBucketConfiguration>";
        for (path, body) in [(format!("/{DATA_BUCKET}"), location), (format!("/{DATA_BUCKET}/train/part-0"), "x")] {
            let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect moto");
            write!(
                stream,
                "PUT {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\
                 Authorization: AWS4-HMAC-SHA256 Credential=testing/20240101/us-west-2/s3/aws4_request, SignedHeaders=host, Signature=0\r\n\
                 Content-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .expect("write");
            let mut response = String::new();
            stream.read_to_string(&mut response).expect("read");
            assert!(
                response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200"),
                "PUT {path}: {response}"
            );
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.0 GET to 127.0.0.1; the body when the status is 200.
pub fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.0 200")
        .then(|| body.to_owned())
        .or_else(|| head.starts_with("HTTP/1.1 200").then(|| body.to_owned()))
}

/// The bucket the manifests of [`write_manifests`] read; every [`Moto`] has it.
pub const DATA_BUCKET: &str = "data-bucket";

/// Writes `count` manifests of base name `name` into `dir` (one shared `code/train.py`),
/// differing only in a hyperparameter; no `output_path`, so the default bucket is used.
/// Their input is `s3://data-bucket/train/` ([`DATA_BUCKET`], which every [`Moto`] holds).
pub fn write_manifests(dir: &Path, name: &str, count: usize, salt: &str) -> Vec<PathBuf> {
    let code = dir.join("code");
    std::fs::create_dir_all(&code).expect("code dir");
    std::fs::write(code.join("train.py"), "print('training')\n").expect("train.py");
    (0..count)
        .map(|i| {
            let path = dir.join(format!("{name}-{i:03}.yaml"));
            let text = format!(
                "apiVersion: sagespec/v1\nkind: TrainingJob\nname: {name}\nregion: us-west-2\nframework: pytorch\n\
                 framework_version: \"2.2.0\"\npy_version: py310\nentry_point: train.py\nsource_dir: code\n\
                 role: arn:aws:iam::111122223333:role/SageMakerRole\ninstance_type: ml.m5.xlarge\ninstance_count: 1\n\
                 hyperparameters:\n  seed: {i}\n  salt: \"{salt}\"\n  lr: 0.001\ninputs: s3://data-bucket/train/\n"
            );
            std::fs::write(&path, text).expect("manifest");
            path
        })
        .collect()
}

/// A fresh [`Moto`] behind a [`Proxy`] faulting `fault_rate` of requests (seeded with
/// `seed`), and a temporary folder of `count` manifests from [`write_manifests`].
pub fn staged(name: &str, count: usize, salt: &str, fault_rate: f64, seed: u64) -> (Moto, Proxy, tempfile::TempDir) {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port, fault_rate, seed);
    let dir = tempfile::tempdir().expect("tempdir");
    write_manifests(dir.path(), name, count, salt);
    (moto, proxy, dir)
}

/// A path as a command-line argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// The `sagespec` binary, with an environment that reaches only `endpoint`: fake
/// credentials, no shared config files, no IMDS, no profile, and the loopback guard on.
pub struct Sagespec {
    endpoint: String,
    extra: Vec<(String, String)>,
}

impl Sagespec {
    /// Talks to `endpoint` (`http://127.0.0.1:PORT`).
    pub fn new(endpoint: &str) -> Self {
        Self { endpoint: endpoint.to_owned(), extra: Vec::new() }
    }

    /// Adds an environment variable.
    #[must_use]
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.extra.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The command, ready to run.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sagespec"));
        command.args(args).stdin(Stdio::null());
        for (name, _) in std::env::vars_os().filter_map(|(n, v)| n.into_string().ok().map(|n| (n, v))) {
            if name.starts_with("AWS_") || name.starts_with("SAGESPEC_") {
                command.env_remove(name);
            }
        }
        command
            .env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_SESSION_TOKEN", "testing")
            .env("AWS_REGION", "us-west-2")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", "/nonexistent/sagespec-test/config")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/sagespec-test/credentials")
            .env("SAGESPEC_LOOPBACK_ONLY", "1")
            .env("NO_COLOR", "1");
        for (name, value) in &self.extra {
            command.env(name, value);
        }
        command
    }

    /// Runs to the end.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run sagespec")
    }
}

/// Exit code, stdout and stderr, for assertion messages.
pub fn describe(output: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The training jobs moto holds, by name, through ListTrainingJobs sent straight to moto
/// (not through sagespec).
pub fn moto_job_names(moto: &Moto) -> Vec<String> {
    moto_names(moto, "ListTrainingJobs", "TrainingJobSummaries", "TrainingJobName")
}

/// The tuning jobs moto holds, by name, through ListHyperParameterTuningJobs sent straight
/// to moto.
pub fn moto_tuning_job_names(moto: &Moto) -> Vec<String> {
    moto_names(moto, "ListHyperParameterTuningJobs", "HyperParameterTuningJobSummaries", "HyperParameterTuningJobName")
}

/// Every page of a SageMaker List `operation`: the `name` of each entry of `list`, sorted.
fn moto_names(moto: &Moto, operation: &str, list: &str, name: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let body = match &token {
            Some(token) => format!(r#"{{"MaxResults":100,"NextToken":"{token}"}}"#),
            None => r#"{"MaxResults":100}"#.to_owned(),
        };
        let answer = json_post(moto.port, &format!("SageMaker.{operation}"), &body);
        let json: serde_json::Value =
            serde_json::from_str(&answer).unwrap_or_else(|e| panic!("{operation} answered no JSON ({e}): {answer}"));
        for job in json[list].as_array().into_iter().flatten() {
            names.push(job[name].as_str().unwrap_or_default().to_owned());
        }
        token = json["NextToken"].as_str().filter(|t| !t.is_empty()).map(ToOwned::to_owned);
        if token.is_none() {
            names.sort();
            return names;
        }
    }
}

/// Writes `count` TuningJob manifests `<name>-NNN.yaml` into `dir`, each over the one
/// TrainingJob template `<name>-train.yaml` there (from [`write_manifests`], so its code is
/// `code/train.py`), differing only in `max_jobs`. Returns the tuning manifests and the
/// template.
pub fn write_tuning_manifests(dir: &Path, name: &str, count: usize) -> (Vec<PathBuf>, PathBuf) {
    let written = write_manifests(dir, &format!("{name}-train"), 1, "tuned");
    let template = dir.join(format!("{name}-train.yaml"));
    std::fs::rename(&written[0], &template).expect("rename template");
    let template_name = template.file_name().expect("file name").to_string_lossy().into_owned();
    let manifests = (0..count)
        .map(|i| {
            let path = dir.join(format!("{name}-{i:03}.yaml"));
            let text = format!(
                "apiVersion: sagespec/v1\nkind: TuningJob\nname: {name}\ntraining_job: {template_name}\n\
                 objective_metric_name: \"validation:accuracy\"\nobjective_type: Maximize\n\
                 metric_definitions:\n  - {{name: \"validation:accuracy\", regex: \"val_acc=([0-9\\\\.]+)\"}}\n\
                 hyperparameter_ranges:\n  learning_rate: {{type: continuous, min_value: 0.00001, max_value: 0.01, scaling_type: Logarithmic}}\n\
                 \x20 batch_size: {{type: integer, min_value: 16, max_value: 256}}\n\
                 max_jobs: {}\nmax_parallel_jobs: 2\n",
                i + 2
            );
            std::fs::write(&path, text).expect("tuning manifest");
            path
        })
        .collect();
    (manifests, template)
}

/// An unsigned awsJson1.1 POST to moto (moto does not check signatures).
fn json_post(port: u16, target: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect moto");
    write!(
        stream,
        "POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nX-Amz-Target: {target}\r\nContent-Type: application/x-amz-json-1.1\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20240101/us-west-2/sagemaker/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default()
}

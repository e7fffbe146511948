//! `sagespec import` round trip through moto (issue 16): for every `"expect": "ok"`
//! conformance case (`tests/conformance/cases`), the recorded `CreateTrainingJob` request
//! is sent to moto as it is; `sagespec import` reads the job back (DescribeTrainingJob,
//! ListTags) and writes a manifest; `sagespec compile --account-id 123456789012` of that
//! manifest must give the recorded request again, and the manifest keeps the job's name
//! as `job_name`. With `--code`, the job's `sourcedir.tar.gz` is downloaded from moto's S3
//! too; then only the content-addressed fields may differ (`sagemaker_submit_directory`,
//! the `code` channel's `S3Uri`).
//!
//! moto 5.2.5 does not describe a training job as SageMaker does, and this test says so
//! rather than hiding it. Its `CreateTrainingJob` keeps only some members
//! (`moto/sagemaker/responses.py`, `create_training_job`), so its DescribeTrainingJob
//! never returns the others ([`MOTO_DROPS`]); and it replaces
//! `AlgorithmSpecification.MetricDefinitions` with a fixture metric of its own
//! (`FakeTrainingJob.__init__`, [`MOTO_ALTERS`]). A small proxy ([`Fill`]) between
//! sagespec and moto's SageMaker puts back exactly those members, from the request the
//! job was created with, into each DescribeTrainingJob answer; everything else comes from
//! moto. The test first checks, against moto directly, that moto still drops and alters
//! exactly these members: when moto improves, the lists fail and must shrink.
//!
//! SageMaker's own DescribeTrainingJob has no member for some request members
//! ([`NEVER_DESCRIBED`]: `SessionChainingConfig`), so no import can recover them; they are
//! left out of the recorded request before comparing, and the proxy does not invent them.
//!
//! Besides `cases/`, the ok cases of [`EXTRA_CASE_FOLDERS`] run too once copied into
//! `tests/conformance/`. [`CANNOT_EXPRESS_YET`] lists the cases whose request uses a field
//! no manifest key expresses yet; their import must fail naming that field, and every
//! other case must round-trip. The tally is printed (`-- --nocapture`).

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

mod support;

use support::direct::{find, http, put_object, sagemaker};

use support::{Moto, Sagespec, arg, describe};

const ACCOUNT: &str = "123456789012";

/// Request members moto's DescribeTrainingJob never returns, though CreateTrainingJob
/// took them (moto 5.2.5 `responses.py` passes them to no model). Each one a case sends
/// must be missing from moto's answer, and nothing else may be.
const MOTO_DROPS: &[&str] = &[
    "ProfilerConfig",
    "Environment",
    "RetryStrategy",
    "InfraCheckConfig",
    "RemoteDebugConfig",
    "ProfilerRuleConfigurations",
];

/// Request members moto's DescribeTrainingJob returns changed: `(parent member, member)`.
/// moto sets `AlgorithmSpecification.MetricDefinitions` to its own `test:dcg` metric.
const MOTO_ALTERS: &[(&str, &str)] = &[("AlgorithmSpecification", "MetricDefinitions")];

/// Request members SageMaker's own DescribeTrainingJob has no member for (aws-sdk-sagemaker
/// 1.248 `DescribeTrainingJobOutput`), so no import can see them: the proxy does not put
/// them back, and they are left out of the recorded request before comparing.
const NEVER_DESCRIBED: &[&str] = &["SessionChainingConfig"];

/// Folders of `tests/conformance/` read besides `cases/`, when they exist: the cases
/// recorded for issue 16 (`../shared/conformance/training-more/`), once copied in.
const EXTRA_CASE_FOLDERS: &[&str] = &["training-more"];

/// Cases whose request uses a field `import` cannot express yet, with that field as the
/// error names it: none since every §8 key landed (the list stays, so a key that cannot be
/// imported again shows here rather than as a silent drop).
const CANNOT_EXPRESS_YET: &[(&str, &str)] = &[];

struct Case {
    name: String,
    dir: PathBuf,
    request: Value,
    region: String,
    job: String,
}

/// The ok cases of `cases/` (79) and of the [`EXTRA_CASE_FOLDERS`] present (whether
/// `support::cases` reads them or not), each once.
fn cases() -> Vec<Case> {
    let mut found = support::cases::ok();
    let in_cases =
        found.iter().filter(|(dir, _)| dir.parent().is_some_and(|p| p.ends_with("conformance/cases"))).count();
    assert_eq!(in_cases, 79, "the ok conformance cases of tests/conformance/cases");
    for folder in EXTRA_CASE_FOLDERS {
        let root = support::root().join("tests/conformance").join(folder);
        let Ok(entries) = std::fs::read_dir(&root) else { continue };
        let mut extra: Vec<(PathBuf, Value)> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter_map(|dir| {
                let text = std::fs::read_to_string(dir.join("expect.json")).ok()?;
                let expect: Value = serde_json::from_str(&text).expect("valid expect.json");
                (expect["expect"] == "ok").then_some((dir, expect))
            })
            .collect();
        extra.sort_by(|a, b| a.0.cmp(&b.0));
        extra.retain(|(dir, _)| !found.iter().any(|(known, _)| known == dir));
        found.extend(extra);
    }
    found
        .into_iter()
        .map(|(dir, expect)| {
            let request = expect["request"].clone();
            let encoded = request["HyperParameters"]["sagemaker_region"].as_str().expect("sagemaker_region");
            let region: String = serde_json::from_str(encoded).expect("encoded region");
            let job = request["TrainingJobName"].as_str().expect("job name").to_owned();
            let name = dir.file_name().expect("name").to_string_lossy().into_owned();
            Case { name, dir, request, region, job }
        })
        .collect()
}

/// A proxy in front of moto's SageMaker that puts back, into each DescribeTrainingJob
/// answer, the [`MOTO_DROPS`] and [`MOTO_ALTERS`] members of the request the job was
/// created with (and nothing else). Every other call passes through unchanged.
struct Fill {
    port: u16,
}

impl Fill {
    fn start(upstream: u16, created: HashMap<String, Value>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let created = Arc::new(created);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let created = Arc::clone(&created);
                std::thread::spawn(move || serve(client, upstream, &created));
            }
        });
        Self { port }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn serve(mut client: TcpStream, upstream: u16, created: &HashMap<String, Value>) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(30)));
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        match client.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let header = |name: &str| {
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
        })
    };
    let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    while buffer.len() < head_end + 4 + length {
        match client.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    let body = buffer[head_end + 4..head_end + 4 + length].to_vec();
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default().to_owned();
    let mut parts = request_line.split(' ');
    let (method, path) = (parts.next().unwrap_or("POST").to_owned(), parts.next().unwrap_or("/").to_owned());
    let forwarded: Vec<(&str, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim().to_owned()))
        .filter(|(k, _)| !["host", "content-length", "connection"].contains(&k.to_ascii_lowercase().as_str()))
        .collect();
    let (status, mut answer) = http(upstream, &method, &path, &forwarded, &body);
    if status == 200 && header("x-amz-target").as_deref() == Some("SageMaker.DescribeTrainingJob") {
        answer = fill(&answer, created);
    }
    let reply = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        answer.len()
    );
    let _ = client.write_all(reply.as_bytes());
    let _ = client.write_all(&answer);
}

/// A DescribeTrainingJob answer with the dropped and altered members put back.
fn fill(answer: &[u8], created: &HashMap<String, Value>) -> Vec<u8> {
    let mut described: Value = serde_json::from_slice(answer).expect("DescribeTrainingJob answers JSON");
    let name = described["TrainingJobName"].as_str().unwrap_or_default().to_owned();
    let Some(request) = created.get(&name) else { return answer.to_vec() };
    for member in MOTO_DROPS {
        if let Some(value) = request.get(*member) {
            described[*member] = value.clone();
        }
    }
    for (parent, member) in MOTO_ALTERS {
        let Some(Value::Object(target)) = described.get_mut(*parent) else { continue };
        match request.get(*parent).and_then(|p| p.get(*member)) {
            Some(value) => target.insert((*member).to_owned(), value.clone()),
            None => target.shift_remove(*member),
        };
    }
    serde_json::to_vec(&described).expect("JSON")
}

/// Sends every case's recorded request to moto, checks what moto drops and alters, and
/// starts the proxy that puts it back.
fn staged(cases: &[Case], check_lists: bool) -> (Moto, Fill) {
    let moto = Moto::start();
    let mut created = HashMap::new();
    let mut dropped: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut kept: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut altered: BTreeMap<String, usize> = BTreeMap::new();
    for case in cases {
        sagemaker(moto.port, &case.region, "CreateTrainingJob", &case.request);
        let described = sagemaker(
            moto.port,
            &case.region,
            "DescribeTrainingJob",
            &serde_json::json!({"TrainingJobName": case.job}),
        );
        for (member, value) in case.request.as_object().expect("request object") {
            match described.get(member) {
                None if member != "Tags" => {
                    dropped.entry(member.clone()).or_default().push(case.name.clone());
                }
                Some(_) if MOTO_DROPS.contains(&member.as_str()) => {
                    kept.entry(member.clone()).or_default().push(case.name.clone());
                }
                Some(Value::Object(got)) => {
                    for (inner, inner_value) in value.as_object().into_iter().flatten() {
                        if got.get(inner) != Some(inner_value) {
                            *altered.entry(format!("{member}.{inner}")).or_default() += 1;
                        }
                    }
                }
                _ => {}
            }
        }
        created.insert(case.job.clone(), case.request.clone());
    }
    // MetricDefinitions is altered in every case (moto adds its own even where none was sent).
    let altered_expected: Vec<String> = MOTO_ALTERS.iter().map(|(p, m)| format!("{p}.{m}")).collect();
    if check_lists {
        let unexpected: Vec<&String> = dropped
            .keys()
            .filter(|m| !MOTO_DROPS.contains(&m.as_str()) && !NEVER_DESCRIBED.contains(&m.as_str()))
            .collect();
        assert!(unexpected.is_empty(), "moto drops more members now: {unexpected:?} ({dropped:?})");
        assert!(kept.is_empty(), "moto now keeps members listed in MOTO_DROPS: {kept:?}; shrink the list");
        let altered_now: Vec<String> = altered.keys().cloned().collect();
        assert_eq!(altered_now, altered_expected, "moto alters other members now: {altered:?}");
    }
    let counts: BTreeMap<&String, usize> = dropped.iter().map(|(member, cases)| (member, cases.len())).collect();
    println!(
        "moto drops {counts:?} (cases sending each) and alters {altered:?}; the proxy puts back all but {NEVER_DESCRIBED:?}"
    );
    let fill = Fill::start(moto.port, created);
    (moto, fill)
}

/// `sagespec import` of every case, one run per region; each job's stderr lines.
fn import(moto: &Moto, proxy: &Fill, cases: &[Case], out: &Path, code: bool) -> HashMap<String, String> {
    let mut by_region: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for case in cases {
        by_region.entry(&case.region).or_default().push(&case.job);
    }
    let sagespec = Sagespec::new(&moto.url()).env("AWS_ENDPOINT_URL_SAGEMAKER", &proxy.url());
    let mut errors = HashMap::new();
    for (region, jobs) in by_region {
        let mut args = vec!["import", "--region", region, "--out", arg(out)];
        if code {
            args.push("--code");
        }
        args.extend(jobs.iter().copied());
        let output = sagespec.run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        for job in &jobs {
            let prefix = format!("error: import: job {job}: ");
            if let Some(line) = stderr.lines().find(|l| l.starts_with(&prefix)) {
                errors.insert((*job).to_owned(), line[prefix.len()..].to_owned());
            }
        }
        let expect_ok = jobs.iter().all(|job| !errors.contains_key(*job));
        assert_eq!(output.status.success(), expect_ok, "import in {region}: {}", describe(&output));
    }
    errors
}

/// `sagespec compile FILE --account-id 123456789012`: the request.
fn compile(moto: &Moto, file: &Path) -> Result<Value, String> {
    let output = Sagespec::new(&moto.url()).run(&["compile", arg(file), "--account-id", ACCOUNT]);
    if !output.status.success() {
        return Err(describe(&output));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("not JSON ({e}): {}", describe(&output)))
}

/// Debugger collections compared as a set; with `code`, the content-addressed tarball
/// key replaced by a placeholder once checked to be an S3 tarball URI.
fn comparable(mut request: Value, code: bool) -> Value {
    if let Some(Value::Array(collections)) = request.pointer_mut("/DebugHookConfig/CollectionConfigurations") {
        collections.sort_by_key(ToString::to_string);
    }
    if code {
        let tarball = |uri: &str| uri.starts_with("s3://") && uri.ends_with(".tar.gz");
        if let Some(submit) = request.pointer_mut("/HyperParameters/sagemaker_submit_directory") {
            let decoded: Option<String> = submit.as_str().and_then(|s| serde_json::from_str(s).ok());
            if decoded.as_deref().is_some_and(tarball) {
                *submit = Value::String("<code tarball>".into());
            }
        }
        for channel in request.get_mut("InputDataConfig").and_then(Value::as_array_mut).into_iter().flatten() {
            if channel["ChannelName"] == "code"
                && let Some(uri) = channel.pointer_mut("/DataSource/S3DataSource/S3Uri")
                && uri.as_str().is_some_and(tarball)
            {
                *uri = Value::String("<code tarball>".into());
            }
        }
    }
    request
}

/// Imports every case and compiles each manifest back; panics with every failure, and
/// returns the tally line.
fn round_trip(code: bool) -> String {
    let cases = cases();
    let (moto, proxy) = staged(&cases, true);
    if code {
        for case in &cases {
            upload_code(moto.port, case);
        }
    }
    let out = tempfile::tempdir().expect("tempdir");
    let errors = import(&moto, &proxy, &cases, out.path(), code);
    let mut failures = Vec::new();
    let mut round_tripped = 0;
    let mut refused = 0;
    for case in &cases {
        let expected = CANNOT_EXPRESS_YET.iter().find(|(name, _)| *name == case.name).map(|(_, field)| *field);
        match (errors.get(&case.job), expected) {
            (Some(error), Some(field)) if error.contains(field) => {
                refused += 1;
                continue;
            }
            (Some(error), _) => {
                failures.push(format!("{}: import failed: {error}", case.name));
                continue;
            }
            (None, Some(field)) => {
                failures
                    .push(format!("{}: imported, but listed as not expressible ({field}): shrink the list", case.name));
                continue;
            }
            (None, None) => {}
        }
        let file = out.path().join(format!("{}.yaml", case.job));
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        if !text.lines().any(|line| line == format!("job_name: {}", case.job)) {
            failures.push(format!("{}: the manifest does not keep job_name {}:\n{text}", case.name, case.job));
            continue;
        }
        match compile(&moto, &file) {
            Err(error) => failures.push(format!("{}: compile failed: {error}", case.name)),
            Ok(request) => {
                let mut diffs = Vec::new();
                let mut recorded = case.request.clone();
                for member in NEVER_DESCRIBED {
                    recorded.as_object_mut().expect("object").shift_remove(*member);
                }
                support::cases::differences(&comparable(recorded, code), &comparable(request, code), "", &mut diffs);
                if diffs.is_empty() {
                    round_tripped += 1;
                } else {
                    failures.push(format!("{}:\n    {}", case.name, diffs.join("\n    ")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    let unchecked: Vec<&str> = CANNOT_EXPRESS_YET
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !cases.iter().any(|c| c.name == *name))
        .collect();
    let tally = format!(
        "import round trip through moto{}: {round_tripped}/{} ok cases give back the recorded request; {refused} refused as not expressible yet; {} listed cases not in the tests ({})",
        if code { " with --code" } else { "" },
        cases.len(),
        unchecked.len(),
        unchecked.join(", ")
    );
    println!("{tally}");
    assert_eq!(round_tripped + refused, cases.len());
    tally
}

/// Puts the code the SDK packaged for `case` (its `src/`, `deps/…` or entry point, as the
/// recorded `sourcedir.tar.gz`) where the recorded request says it is.
fn upload_code(port: u16, case: &Case) {
    let submit: String = serde_json::from_str(
        case.request["HyperParameters"]["sagemaker_submit_directory"].as_str().expect("submit directory"),
    )
    .expect("encoded");
    let uri = if submit.starts_with("s3://") {
        submit
    } else {
        let channels = case.request["InputDataConfig"].as_array().expect("channels");
        let code = channels.iter().find(|c| c["ChannelName"] == "code").expect("the code channel");
        code["DataSource"]["S3DataSource"]["S3Uri"].as_str().expect("uri").to_owned()
    };
    let (bucket, key) = uri.strip_prefix("s3://").and_then(|r| r.split_once('/')).expect("s3://bucket/key");
    put_object(port, &case.region, bucket, key, &tarball(&case.dir));
}

/// A gzipped tar of the case's code as the SDK packs it (its manifest says where):
/// `source_dir`'s files at the root (or the lone `entry_point`), and each of
/// `dependencies` as a folder of its name. For an `s3://` `source_dir` (a tarball the SDK
/// never built), the case's `src/`.
fn tarball(dir: &Path) -> Vec<u8> {
    let text = std::fs::read_to_string(dir.join("manifest.yaml")).expect("manifest");
    let manifest: Value = serde_saphyr::from_str(&text).expect("YAML manifest");
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default()));
    if let Some(source) = manifest["source_dir"].as_str() {
        let folder = if source.starts_with("s3://") { dir.join("src") } else { dir.join(source) };
        builder.append_dir_all(".", folder).expect("pack source_dir");
    } else {
        let entry_point = dir.join(manifest["entry_point"].as_str().expect("entry_point"));
        builder.append_path_with_name(&entry_point, entry_point.file_name().expect("name")).expect("pack entry point");
    }
    for dependency in manifest["dependencies"].as_array().into_iter().flatten() {
        let path = dir.join(dependency.as_str().expect("a path"));
        builder.append_dir_all(path.file_name().expect("name"), &path).expect("pack dependency");
    }
    builder.into_inner().expect("tar").finish().expect("gzip")
}

#[test]
fn every_ok_case_round_trips_through_moto() {
    round_trip(false);
}

#[test]
fn every_ok_case_round_trips_through_moto_with_its_code() {
    round_trip(true);
}

#[test]
fn a_job_moto_does_not_have_fails_alone_and_nothing_is_overwritten() {
    let all = cases();
    let case = all.iter().find(|c| c.name == "channels_multi").expect("case");
    let (moto, proxy) = staged(std::slice::from_ref(case), false);
    let out = tempfile::tempdir().expect("tempdir");
    let sagespec = Sagespec::new(&moto.url()).env("AWS_ENDPOINT_URL_SAGEMAKER", &proxy.url());
    let args = ["import", "--region", "us-west-2", "--out", arg(out.path()), &case.job, "no-such-job"];
    let output = sagespec.run(&args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    assert!(stderr.contains("error: import: job no-such-job: no training job of that name in us-west-2"), "{stderr}");
    let file = out.path().join(format!("{}.yaml", case.job));
    let first = std::fs::read_to_string(&file).expect("the other job is written");

    std::fs::write(&file, "# mine\n").expect("write");
    let output = sagespec.run(&args[..6]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("exists; pass --force"), "{}", describe(&output));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "# mine\n");

    let mut forced = args[..6].to_vec();
    forced.push("--force");
    let output = sagespec.run(&forced);
    assert!(output.status.success(), "{}", describe(&output));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), first);
}

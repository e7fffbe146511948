//! Import against the fake AWS: writing, refusing to overwrite, `--code`, failures that do
//! not stop the others.

use std::io::Write as _;
use std::sync::Arc;

use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;

use super::*;
use crate::aws::fake::FakeAws;
use crate::check::check_text;
use crate::kinds::training_job::{CompileOptions, compile};
use crate::source::Format;
use crate::spec::Manifest;

const TARBALL: &str = "s3://code-bucket/j1/source/sourcedir.tar.gz";

/// The input `apply` would send for a small job named `name`: what DescribeTrainingJob
/// gives back for it.
fn input(name: &str) -> CreateTrainingJobInputBuilder {
    let text = format!(
        "apiVersion: sagespec/v1\nkind: TrainingJob\njob_name: {name}\nregion: us-west-2\nframework: pytorch\n\
         framework_version: \"2.2.0\"\npy_version: py310\nentry_point: train.py\nsource_dir: {TARBALL}\n\
         role: arn:aws:iam::111122223333:role/R\ninstance_type: ml.m5.xlarge\ninstance_count: 1\n\
         output_path: s3://out/\nhyperparameters: {{epochs: 3}}\ninputs: s3://data/train/\n"
    );
    let checked = check_text("m.yaml", Arc::from(text.as_str()), Format::Yaml, None);
    assert!(!checked.has_errors(), "{:?}", checked.report.findings);
    let manifest = checked.manifest_as::<Manifest>().expect("typed");
    compile(manifest, Path::new("."), &CompileOptions::default()).expect("compiles").input
}

/// Runs `future` on a runtime of its own, as the command does (the inputs above are
/// compiled outside it: capturing a body starts a runtime of its own).
fn run<F: std::future::Future>(future: F) -> F::Output {
    crate::ops::runtime().expect("runtime").block_on(future)
}

fn settings(dir: &Path, code: bool, force: bool) -> Settings {
    Settings { region: "us-west-2".into(), out_dir: dir.to_path_buf(), code, force }
}

fn tarball() -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default()));
    let body = b"print('training')\n";
    let mut header = tar::Header::new_gnu();
    header.set_size(body.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder.append_data(&mut header, "train.py", &body[..]).expect("append");
    let mut gz = builder.into_inner().expect("tar");
    gz.flush().expect("flush");
    gz.finish().expect("gzip")
}

#[test]
fn each_job_is_written_and_a_missing_one_fails_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let api = Arc::new(FakeAws::default().describing_input("j1", Ok(input("j1"))));
    let names = vec!["j1".to_owned(), "missing".to_owned(), "j1".to_owned()];
    let outcomes = run(import_jobs(&api, &names, &settings(dir.path(), false, false)));
    assert_eq!(outcomes.len(), 2, "each name once");
    let written = outcomes[0].1.as_ref().expect("j1 imports");
    assert_eq!(written.manifest, dir.path().join("j1.yaml"));
    let text = fs::read_to_string(&written.manifest).expect("written");
    assert!(text.contains("job_name: j1"), "{text}");
    assert!(text.contains(&format!("source_dir: {TARBALL}")), "{text}");
    assert!(matches!(outcomes[1].1, Err(Failure::NotFound(_))), "{:?}", outcomes[1].1);
}

#[test]
fn an_existing_manifest_is_kept_unless_forced() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("j1.yaml"), "mine\n").expect("write");
    let api = Arc::new(FakeAws::default().describing_input("j1", Ok(input("j1"))));
    let names = vec!["j1".to_owned()];
    let outcomes = run(import_jobs(&api, &names, &settings(dir.path(), false, false)));
    assert!(matches!(&outcomes[0].1, Err(Failure::Exists(path)) if path.ends_with("j1.yaml")), "{:?}", outcomes[0].1);
    assert_eq!(fs::read_to_string(dir.path().join("j1.yaml")).expect("read"), "mine\n");
    let outcomes = run(import_jobs(&api, &names, &settings(dir.path(), false, true)));
    assert!(outcomes[0].1.is_ok(), "{:?}", outcomes[0].1);
    assert!(fs::read_to_string(dir.path().join("j1.yaml")).expect("read").contains("job_name: j1"));
}

#[test]
fn with_code_the_tarball_is_unpacked_and_source_dir_points_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let api = Arc::new(FakeAws::default().describing_input("j1", Ok(input("j1"))).with_object(
        "code-bucket",
        "j1/source/sourcedir.tar.gz",
        tarball(),
    ));
    let outcomes = run(import_jobs(&api, &["j1".to_owned()], &settings(dir.path(), true, false)));
    let written = outcomes[0].1.as_ref().expect("imports");
    assert_eq!(written.code_dir.as_deref(), Some(dir.path().join("code/j1").as_path()));
    assert_eq!(fs::read_to_string(dir.path().join("code/j1/train.py")).expect("unpacked"), "print('training')\n");
    let text = fs::read_to_string(&written.manifest).expect("written");
    assert!(text.contains("source_dir: code/j1"), "{text}");
    assert!(written.findings.is_empty(), "{:?}", written.findings);
    assert!(!dir.path().join("code/.j1.partial").exists());
}

#[test]
fn a_missing_tarball_fails_the_job_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let api = Arc::new(FakeAws::default().describing_input("j1", Ok(input("j1"))));
    let outcomes = run(import_jobs(&api, &["j1".to_owned()], &settings(dir.path(), true, false)));
    assert!(matches!(outcomes[0].1, Err(Failure::Aws(_))), "{:?}", outcomes[0].1);
    assert!(!dir.path().join("j1.yaml").exists());
}

#[test]
fn a_field_without_a_manifest_key_fails_with_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut plan = input("j2");
    let mut algorithm = plan.get_algorithm_specification().clone().expect("algorithm");
    algorithm.algorithm_name = Some("my-algo".into());
    plan = plan.algorithm_specification(algorithm);
    let api = Arc::new(FakeAws::default().describing_input("j1", Ok(input("j1"))).describing_input("j2", Ok(plan)));
    let outcomes = run(import_jobs(&api, &["j2".to_owned(), "j1".to_owned()], &settings(dir.path(), false, false)));
    let error = outcomes[0].1.as_ref().expect_err("no key").to_string();
    assert_eq!(error, "field AlgorithmSpecification.AlgorithmName has no manifest key");
    assert!(!dir.path().join("j2.yaml").exists());
    assert!(outcomes[1].1.is_ok(), "the other job still imports: {:?}", outcomes[1].1);
}

#[test]
fn a_name_that_is_no_job_name_is_refused_before_any_call() {
    let dir = tempfile::tempdir().expect("tempdir");
    let api = Arc::new(FakeAws::default());
    let outcomes = run(import_jobs(&api, &["../escape".to_owned()], &settings(dir.path(), false, false)));
    assert!(matches!(outcomes[0].1, Err(Failure::BadName)), "{:?}", outcomes[0].1);
    assert!(is_job_name("bert-ddp-0123456789ab"));
    assert!(!is_job_name("-x") && !is_job_name("a/b") && !is_job_name(""));
}

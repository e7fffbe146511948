//! `sagespec compile` as a user runs it: output shapes, `--out`, and exit statuses.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases").join(name).join("manifest.yaml")
}

fn sagespec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sagespec"))
        .args(args)
        .env_remove("SAGESPEC_REGION")
        .env_remove("SAGESPEC_ACCOUNT_ID")
        .output()
        .expect("runs")
}

fn text(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

#[test]
fn one_manifest_prints_one_object_and_several_an_array() {
    let one = sagespec(&["compile", text(&case("max_run")), "--account-id", "123456789012"]);
    assert_eq!(one.status.code(), Some(0), "{}", String::from_utf8_lossy(&one.stderr));
    let object: Value = serde_json::from_slice(&one.stdout).expect("JSON");
    assert_eq!(object["TrainingJobName"], "oracle-max-run");

    let two = sagespec(&["compile", text(&case("max_run")), text(&case("warm_pool")), "--account-id", "123456789012"]);
    assert_eq!(two.status.code(), Some(0));
    let array: Value = serde_json::from_slice(&two.stdout).expect("JSON");
    let names: Vec<&str> =
        array.as_array().expect("array").iter().filter_map(|r| r["TrainingJobName"].as_str()).collect();
    assert_eq!(names, vec!["oracle-max-run", "oracle-warm-pool"]);
}

#[test]
fn out_writes_one_file_per_job_and_never_overwrites_other_contents() {
    let out = tempfile::tempdir().expect("tempdir");
    let folder = out.path().join("requests");
    let manifest = case("max_run");
    let args = ["compile", text(&manifest), "--account-id", "123456789012", "--out", text(&folder)];
    let first = sagespec(&args);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(first.stdout.is_empty());
    let written = folder.join("oracle-max-run.json");
    let request: Value = serde_json::from_str(&fs::read_to_string(&written).expect("written")).expect("JSON");
    assert_eq!(request["StoppingCondition"]["MaxRuntimeInSeconds"], 172_800);

    assert_eq!(sagespec(&args).status.code(), Some(0), "same contents: fine");
    fs::write(&written, "{}").expect("edit");
    let refused = sagespec(&args);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&written).expect("kept"), "{}");
}

#[test]
fn a_missing_account_or_region_names_its_flag() {
    let no_account = sagespec(&["compile", text(&case("max_run"))]);
    assert_eq!(no_account.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_account.stderr).contains("--account-id"));

    let dir = tempfile::tempdir().expect("tempdir");
    let manifest = dir.path().join("job.yaml");
    let source = fs::read_to_string(case("source_dir_s3")).expect("manifest");
    fs::write(&manifest, source.replace("region: us-west-2\n", "")).expect("write");
    let no_region = sagespec(&["compile", text(&manifest), "--account-id", "123456789012"]);
    assert_eq!(no_region.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_region.stderr).contains("--region"));
    let with_flag = sagespec(&["--region", "eu-west-1", "compile", text(&manifest), "--account-id", "123456789012"]);
    assert_eq!(with_flag.status.code(), Some(0), "{}", String::from_utf8_lossy(&with_flag.stderr));
    let request: Value = serde_json::from_slice(&with_flag.stdout).expect("JSON");
    assert_eq!(request["OutputDataConfig"]["S3OutputPath"], "s3://sagemaker-eu-west-1-123456789012/");
}

#[test]
fn a_manifest_with_errors_is_refused_with_its_findings() {
    let refused = sagespec(&["--format", "json", "compile", text(&case("err_vpc_subnets_only")), "--account-id", "1"]);
    assert_eq!(refused.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&refused.stdout).expect("findings as JSON");
    assert!(report["errors"].as_u64().is_some_and(|n| n > 0));
}

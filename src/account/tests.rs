//! The account checks against a scripted account ([`FakeAccount`]): which findings each
//! answer raises, where, and how often each resource is asked about.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use super::*;
use crate::aws::account::{ImageReference, LiveFileSystem, LiveKey};
use crate::aws::{AwsError, AwsErrorKind};
use crate::diagnostic::Severity;

const ACCOUNT: &str = "123456789012";
const TRUSTED: &str =
    r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

/// An account: what exists, which operations are refused, and every call made.
#[derive(Default)]
struct FakeAccount {
    buckets: HashMap<String, String>,
    objects: HashSet<(String, String)>,
    file_systems: HashMap<String, LiveFileSystem>,
    subnets: HashMap<String, String>,
    groups: HashMap<String, String>,
    roles: HashMap<String, String>,
    keys: HashMap<String, LiveKey>,
    images: HashSet<(String, String)>,
    denied: HashSet<&'static str>,
    calls: Mutex<Vec<String>>,
}

impl FakeAccount {
    /// Everything [`CLEAN`] names, in us-west-2.
    fn clean() -> Self {
        let mut account = Self::default();
        account.buckets.insert("data".into(), "us-west-2".into());
        account.buckets.insert("out".into(), "us-west-2".into());
        account.objects.insert(("data".into(), "train/part-0".into()));
        account.file_systems.insert(
            "fs-0123456789abcdef0".into(),
            LiveFileSystem {
                lifecycle: Some("AVAILABLE".into()),
                vpc_id: Some("vpc-1".into()),
                mount_name: Some("abc".into()),
            },
        );
        account.subnets.insert("subnet-1".into(), "vpc-1".into());
        account.groups.insert("sg-1".into(), "vpc-1".into());
        account.roles.insert("Train".into(), TRUSTED.into());
        account.keys.insert("alias/out".into(), LiveKey { enabled: true, state: "Enabled".into() });
        account.images.insert(("mine".into(), "v1".into()));
        account
    }

    fn called(&self, operation: &str, what: &str) -> Result<(), AwsError> {
        self.calls.lock().unwrap_or_else(PoisonError::into_inner).push(format!("{operation} {what}"));
        if self.denied.contains(operation) {
            return Err(AwsError {
                status: Some(403),
                ..AwsError::new(
                    "fake",
                    "call",
                    AwsErrorKind::Service { code: "AccessDenied".into(), message: "not allowed".into() },
                )
            });
        }
        Ok(())
    }

    fn calls_of(&self, operation: &str) -> usize {
        let calls = self.calls.lock().unwrap_or_else(PoisonError::into_inner);
        calls.iter().filter(|call| call.split(' ').next() == Some(operation)).count()
    }
}

impl AccountApi for FakeAccount {
    async fn bucket_region(&self, _: &str, bucket: &str) -> Result<Option<String>, AwsError> {
        self.called("GetBucketLocation", bucket)?;
        Ok(self.buckets.get(bucket).cloned())
    }

    async fn prefix_has_objects(&self, _: &str, bucket: &str, prefix: &str) -> Result<bool, AwsError> {
        self.called("ListObjectsV2", &format!("{bucket}/{prefix}"))?;
        Ok(self.objects.iter().any(|(b, key)| b == bucket && key.starts_with(prefix)))
    }

    async fn file_system(&self, _: &str, id: &str) -> Result<Option<LiveFileSystem>, AwsError> {
        self.called("DescribeFileSystems", id)?;
        Ok(self.file_systems.get(id).cloned())
    }

    async fn subnet_vpc(&self, _: &str, id: &str) -> Result<Option<String>, AwsError> {
        self.called("DescribeSubnets", id)?;
        Ok(self.subnets.get(id).cloned())
    }

    async fn security_group_vpc(&self, _: &str, id: &str) -> Result<Option<String>, AwsError> {
        self.called("DescribeSecurityGroups", id)?;
        Ok(self.groups.get(id).cloned())
    }

    async fn role_trust_policy(&self, _: &str, name: &str) -> Result<Option<String>, AwsError> {
        self.called("GetRole", name)?;
        Ok(self.roles.get(name).cloned())
    }

    async fn kms_key(&self, _: &str, key: &str) -> Result<Option<LiveKey>, AwsError> {
        self.called("DescribeKey", key)?;
        Ok(self.keys.get(key).cloned())
    }

    async fn image_exists(&self, _: &str, _: &str, repository: &str, image: &ImageReference) -> Result<bool, AwsError> {
        self.called("DescribeImages", repository)?;
        let ImageReference::Tag(tag) = image else { return Ok(false) };
        Ok(self.images.contains(&(repository.to_owned(), tag.clone())))
    }
}

impl Identity for FakeAccount {
    async fn account_id(&self, _: &str) -> Result<String, AwsError> {
        self.called("GetCallerIdentity", "")?;
        Ok(ACCOUNT.to_owned())
    }
}

/// A manifest naming one of every resource, all of which [`FakeAccount::clean`] has.
const CLEAN: &str = "role: arn:aws:iam::123456789012:role/Train\n\
    image_uri: 123456789012.dkr.ecr.us-west-2.amazonaws.com/mine:v1\n\
    inputs:\n  train: s3://data/train/\n  fsx: {file_system_id: fs-0123456789abcdef0, file_system_type: FSxLustre, directory_path: /abc/x}\n\
    output_path: s3://out/models\n\
    subnets: [subnet-1]\nsecurity_group_ids: [sg-1]\n\
    output_kms_key: alias/out\n";

fn checks_of(yaml: &str) -> ManifestChecks {
    let document = crate::source::parse(yaml, crate::source::Format::Yaml).expect("parses");
    let manifest: Manifest = serde_json::from_value(document.to_json()).expect("a manifest");
    ManifestChecks {
        path: PathBuf::from("job.yaml"),
        display: "job.yaml".into(),
        uses: resources::uses(&manifest, "us-west-2"),
    }
}

fn run_checks(account: FakeAccount, checks: &[ManifestChecks]) -> (Arc<FakeAccount>, Vec<ManifestFindings>) {
    let account = Arc::new(account);
    let runtime = crate::ops::runtime().expect("runtime");
    let found = runtime.block_on(run(Arc::clone(&account), checks));
    (account, found)
}

/// `(code, pointer)` of each finding.
fn found(yaml: &str, account: FakeAccount) -> Vec<(String, String)> {
    let (_, found) = run_checks(account, &[checks_of(yaml)]);
    found[0].findings.iter().map(|f| (f.code.to_string(), f.pointer.clone())).collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(code, pointer)| ((*code).to_owned(), (*pointer).to_owned())).collect()
}

#[test]
fn a_manifest_whose_resources_all_exist_where_the_job_runs_has_no_findings() {
    assert_eq!(found(CLEAN, FakeAccount::clean()), []);
}

#[test]
fn each_problem_is_reported_at_the_value_that_names_it() {
    let mut account = FakeAccount::clean();
    account.buckets.insert("out".into(), "eu-central-1".into());
    account.objects.clear();
    account.file_systems.get_mut("fs-0123456789abcdef0").expect("fs").vpc_id = Some("vpc-2".into());
    account.groups.insert("sg-1".into(), "vpc-3".into());
    account.roles.insert("Train".into(), TRUSTED.replace("sagemaker", "ec2"));
    account.keys.insert("alias/out".into(), LiveKey { enabled: false, state: "Disabled".into() });
    account.images.clear();
    let yaml = CLEAN.replace("/abc/x", "/fsx/x");
    assert_eq!(
        found(&yaml, account),
        pairs(&[
            (codes::ROLE_NOT_TRUSTED_BY_SAGEMAKER, "/role"),
            (codes::IMAGE_MISSING, "/image_uri"),
            (codes::EMPTY_INPUT_PREFIX, "/inputs/train"),
            (codes::FILE_SYSTEM_IN_OTHER_VPC, "/inputs/fsx/file_system_id"),
            (codes::DIRECTORY_PATH_OUTSIDE_MOUNT, "/inputs/fsx/directory_path"),
            (codes::BUCKET_IN_OTHER_REGION, "/output_path"),
            (codes::KMS_KEY_DISABLED, "/output_kms_key"),
            (codes::NETWORK_IN_SEVERAL_VPCS, "/security_group_ids/0"),
        ])
    );
}

#[test]
fn missing_resources_are_errors_and_an_unavailable_file_system_too() {
    let mut account = FakeAccount::clean();
    account.buckets.remove("data");
    account.file_systems.get_mut("fs-0123456789abcdef0").expect("fs").lifecycle = Some("CREATING".into());
    account.subnets.clear();
    account.groups.clear();
    account.roles.clear();
    account.keys.clear();
    let (fake, found) = run_checks(account, &[checks_of(CLEAN)]);
    let codes: Vec<(&str, &str, Severity)> =
        found[0].findings.iter().map(|f| (&*f.code, f.pointer.as_str(), f.severity)).collect();
    assert_eq!(
        codes,
        [
            (codes::ROLE_MISSING, "/role", Severity::Error),
            (codes::BUCKET_MISSING, "/inputs/train", Severity::Error),
            (codes::FILE_SYSTEM_NOT_AVAILABLE, "/inputs/fsx/file_system_id", Severity::Error),
            (codes::SUBNET_MISSING, "/subnets/0", Severity::Error),
            (codes::SECURITY_GROUP_MISSING, "/security_group_ids/0", Severity::Error),
            (codes::KMS_KEY_MISSING, "/output_kms_key", Severity::Error),
        ]
    );
    // A missing bucket's prefix is not listed: the bucket's finding says enough.
    assert_eq!(fake.calls_of("ListObjectsV2"), 0);
}

#[test]
fn a_refused_call_is_a_warning_naming_the_iam_action() {
    let mut account = FakeAccount::clean();
    account.denied.insert("GetRole");
    account.denied.insert("GetBucketLocation");
    let (_, found) = run_checks(account, &[checks_of(CLEAN)]);
    let warnings: Vec<(&str, &str, Severity, Option<&str>)> =
        found[0].findings.iter().map(|f| (&*f.code, f.pointer.as_str(), f.severity, f.label.as_deref())).collect();
    assert_eq!(
        warnings,
        [
            (codes::NOT_PERMITTED, "/role", Severity::Warning, Some("needs iam:GetRole")),
            (codes::NOT_PERMITTED, "/inputs/train", Severity::Warning, Some("needs s3:GetBucketLocation")),
            (codes::NOT_PERMITTED, "/output_path", Severity::Warning, Some("needs s3:GetBucketLocation")),
        ]
    );
}

#[test]
fn a_role_of_another_account_is_not_looked_up() {
    let yaml = CLEAN.replace("123456789012:role", "111122223333:role");
    let (fake, found) = run_checks(FakeAccount::clean(), &[checks_of(&yaml)]);
    assert!(found[0].findings.is_empty(), "{:?}", found[0].findings);
    assert_eq!(fake.calls_of("GetRole"), 0);
    assert_eq!(fake.calls_of("GetCallerIdentity"), 1);
}

#[test]
fn a_thousand_manifests_sharing_three_buckets_look_each_resource_up_once() {
    let mut account = FakeAccount::clean();
    for bucket in ["b0", "b1", "b2"] {
        account.buckets.insert(bucket.into(), "us-west-2".into());
        account.objects.insert((bucket.into(), "train/x".into()));
    }
    let checks: Vec<ManifestChecks> = (0..1000)
        .map(|i| checks_of(&format!("role: arn:aws:iam::123456789012:role/Train\ninputs: s3://b{}/train/\n", i % 3)))
        .collect();
    let (fake, found) = run_checks(account, &checks);
    assert!(found.iter().all(|found| found.findings.is_empty()));
    assert_eq!(fake.calls_of("GetBucketLocation"), 3);
    assert_eq!(fake.calls_of("ListObjectsV2"), 3);
    assert_eq!(fake.calls_of("GetRole"), 1);
    assert_eq!(fake.calls_of("GetCallerIdentity"), 1);
}

#[test]
fn a_training_job_named_by_tuning_jobs_is_checked_once_in_its_own_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("code")).expect("code dir");
    std::fs::write(dir.path().join("code/train.py"), "print('training')\n").expect("train.py");
    let training = "apiVersion: sagespec/v1\nkind: TrainingJob\nname: base\nframework: pytorch\n\
                    framework_version: \"2.2.0\"\npy_version: py310\nentry_point: train.py\nsource_dir: code\n\
                    role: arn:aws:iam::123456789012:role/Train\ninstance_type: ml.m5.xlarge\ninstance_count: 1\n\
                    inputs: s3://data/train/\n";
    std::fs::write(dir.path().join("train.yaml"), training).expect("write");
    for i in 0..2 {
        let tuning = format!(
            "apiVersion: sagespec/v1\nkind: TuningJob\nname: hpo-{i}\nregion: eu-west-1\ntraining_job: train.yaml\n\
             objective_metric_name: \"validation:accuracy\"\nobjective_type: Maximize\n\
             metric_definitions:\n  - {{name: \"validation:accuracy\", regex: \"val_acc=([0-9\\\\.]+)\"}}\n\
             hyperparameter_ranges:\n  lr: {{type: continuous, min_value: 0.0001, max_value: 0.1}}\n\
             max_jobs: 4\nmax_parallel_jobs: 2\n"
        );
        std::fs::write(dir.path().join(format!("hpo-{i}.yaml")), tuning).expect("write");
    }
    let tuning_only: Vec<PathBuf> = (0..2).map(|i| dir.path().join(format!("hpo-{i}.yaml"))).collect();
    let validated = crate::ops::validate::validate_paths(&tuning_only).expect("validates");
    assert!(!validated.has_errors, "{:?}", validated.reports);
    let checks = plan(&validated.manifests, None);
    assert_eq!(checks.len(), 1, "{checks:?}");
    assert!(checks[0].path.ends_with("train.yaml"));
    // The training job has no region of its own: it runs in its tuning job's.
    assert_eq!(checks[0].uses[0].job_region, "eu-west-1");
    assert_eq!(checks[0].uses[0].pointer, "/role");
}

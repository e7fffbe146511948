//! Job identity and reproducibility: two checkouts of the same manifest and code compile
//! to the same bytes and the same job name; any change gives a new name; compiling is
//! deterministic; packing the same tree gives the same bytes whatever the file order and
//! times on disk.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use proptest::prelude::*;
use sagespec::check::check_file;
use sagespec::kinds::training_job::{CompileOptions, CompiledJob as Compiled, compile};
use sagespec::package::{self, Root, Sources};
use sagespec::spec::Manifest;
use serde_json::{Value, json};

const ACCOUNT: &str = "123456789012";

fn case_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases").join(name)
}

/// Copies a folder, creating entries in `reverse` order if asked, with mtime `time`.
fn copy_tree(from: &Path, to: &Path, reverse: bool, time: SystemTime) {
    fs::create_dir_all(to).expect("mkdir");
    let mut entries: Vec<PathBuf> = fs::read_dir(from).expect("read_dir").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    if reverse {
        entries.reverse();
    }
    for entry in entries {
        let target = to.join(entry.file_name().expect("name"));
        if entry.is_dir() {
            copy_tree(&entry, &target, reverse, time);
        } else {
            fs::copy(&entry, &target).expect("copy");
            fs::File::options().write(true).open(&target).expect("open").set_modified(time).expect("mtime");
        }
    }
}

/// A checkout of a conformance case whose manifest uses `name:` (hashed job name).
fn checkout(case: &str, into: &Path, reverse: bool, time: SystemTime) -> PathBuf {
    copy_tree(&case_dir(case), into, reverse, time);
    let manifest = into.join("manifest.yaml");
    let text = fs::read_to_string(&manifest).expect("manifest");
    let text = text.replace("job_name: oracle-", "name: oracle-");
    fs::write(&manifest, text).expect("write manifest");
    manifest
}

fn compile_file(manifest: &Path) -> Compiled {
    let checked = check_file(manifest, "manifest.yaml");
    assert!(
        !checked.has_errors(),
        "{:?}",
        checked.report.findings.iter().map(|f| f.finding.code.to_string()).collect::<Vec<_>>()
    );
    let typed = checked.manifest_as::<sagespec::spec::Manifest>().expect("typed manifest").clone();
    let dir = manifest.parent().expect("folder");
    compile(&typed, dir, &CompileOptions { region: None, account_id: Some(ACCOUNT.into()) }).expect("compiles")
}

fn printed(compiled: &Compiled) -> String {
    serde_json::to_string_pretty(&compiled.request).expect("prints")
}

#[test]
fn two_checkouts_give_identical_bytes_and_job_name() {
    let (one, two) = (tempfile::tempdir().expect("tempdir"), tempfile::tempdir().expect("tempdir"));
    let early = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
    let late = SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000);
    let first = compile_file(&checkout("dependencies", &one.path().join("a"), false, early));
    let second = compile_file(&checkout("dependencies", &two.path().join("checkout/b"), true, late));
    assert_eq!(first.job_name, second.job_name);
    assert_eq!(printed(&first), printed(&second));
    let packages = (first.package.expect("packed"), second.package.expect("packed"));
    assert_eq!(packages.0.bytes, packages.1.bytes);
    assert_eq!(packages.0.paths, vec!["mylib", "mylib/__init__.py", "requirements.txt", "train.py"]);

    let name = &first.job_name;
    let hex = name.strip_prefix("oracle-dependencies-").expect("base name kept");
    assert!(hex.len() == 12 && hex.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)), "{name}");
    assert_eq!(first.request["TrainingJobName"], json!(name));
    assert_eq!(first.request["HyperParameters"]["sagemaker_job_name"], json!(format!("\"{name}\"")));
}

#[test]
fn a_change_to_the_code_or_the_manifest_gives_a_new_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let manifest = checkout("tf_no_distribution", dir.path(), false, SystemTime::now());
    let original = compile_file(&manifest);
    // TF's default model_dir contains the job name: it must be the final one.
    assert_eq!(
        original.request["HyperParameters"]["model_dir"],
        json!(format!("\"s3://sagemaker-us-west-2-123456789012/{}/model\"", original.job_name))
    );

    fs::write(dir.path().join("src/train.py"), "print('changed')\n").expect("edit code");
    let code_changed = compile_file(&manifest);
    assert_ne!(code_changed.job_name, original.job_name);

    let text = fs::read_to_string(&manifest).expect("manifest");
    fs::write(&manifest, text.replace("instance_count: 1", "instance_count: 2")).expect("edit manifest");
    let manifest_changed = compile_file(&manifest);
    assert_ne!(manifest_changed.job_name, code_changed.job_name);
    assert_ne!(manifest_changed.job_name, original.job_name);
}

#[test]
fn job_name_is_used_verbatim() {
    let compiled = compile_file(&case_dir("no_distribution_cpu").join("manifest.yaml"));
    assert_eq!(compiled.job_name, "oracle-no-distribution-cpu");
}

/// A manifest with these hyperparameters and its code in S3 (nothing to pack).
fn manifest_with(hyperparameters: &Value) -> Manifest {
    serde_json::from_value(json!({
        "apiVersion": "sagespec/v1",
        "kind": "TrainingJob",
        "name": "prop",
        "region": "us-west-2",
        "framework": "pytorch",
        "framework_version": "2.2.0",
        "py_version": "py310",
        "entry_point": "train.py",
        "source_dir": "s3://bucket/code/sourcedir.tar.gz",
        "role": "arn:aws:iam::123456789012:role/SageMakerRole",
        "instance_type": "ml.g5.2xlarge",
        "instance_count": 1,
        "environment": {"B": "1", "A": "2", "C": "3"},
        "hyperparameters": hyperparameters,
    }))
    .expect("manifest")
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e30f64..1.0e30).prop_map(Value::from),
        "[a-zA-Z0-9 \"\\\\é☃\n]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn hyperparameters() -> impl Strategy<Value = Value> {
    prop::collection::vec(("[a-z_]{1,10}", value()), 0..8).prop_map(|pairs| Value::Object(pairs.into_iter().collect()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn compiling_is_deterministic(hyperparameters in hyperparameters()) {
        let manifest = manifest_with(&hyperparameters);
        let options = CompileOptions { region: None, account_id: Some(ACCOUNT.into()) };
        let here = Path::new(".");
        let one = compile(&manifest, here, &options).expect("compiles");
        let two = compile(&manifest, here, &options).expect("compiles");
        prop_assert_eq!(&one.job_name, &two.job_name);
        prop_assert_eq!(printed(&one), printed(&two));
        let keys: Vec<&String> = one.request["HyperParameters"].as_object().expect("map").keys().collect();
        let user: Vec<&String> = hyperparameters.as_object().expect("map").keys().collect();
        prop_assert_eq!(&keys[..user.len()], &user[..]);
        let environment: Vec<&String> = one.request["Environment"].as_object().expect("map").keys().collect();
        prop_assert_eq!(environment, vec!["B", "A", "C"]);
    }

    #[test]
    fn another_hyperparameter_value_gives_another_name(hyperparameters in hyperparameters()) {
        let options = CompileOptions { region: None, account_id: Some(ACCOUNT.into()) };
        let here = Path::new(".");
        let mut changed = hyperparameters.clone();
        changed.as_object_mut().expect("map").insert("zz_extra".into(), json!("x"));
        let one = compile(&manifest_with(&hyperparameters), here, &options).expect("compiles");
        let two = compile(&manifest_with(&changed), here, &options).expect("compiles");
        prop_assert_ne!(one.job_name, two.job_name);
    }

    #[test]
    fn packing_ignores_creation_order_and_times(
        files in prop::collection::btree_map("[a-c]{1,2}(/[a-c]{1,2}){0,2}\\.py", prop::collection::vec(any::<u8>(), 0..64), 1..10),
        seconds in (1u64..2_000_000_000, 1u64..2_000_000_000),
    ) {
        // Drop files whose path is a folder of another file.
        let files: Vec<(String, Vec<u8>)> = files
            .iter()
            .filter(|(path, _)| !files.keys().any(|other| other.starts_with(&format!("{path}/"))))
            .map(|(p, c)| (p.clone(), c.clone()))
            .collect();
        let (one, two) = (tempfile::tempdir().expect("tempdir"), tempfile::tempdir().expect("tempdir"));
        let write = |root: &Path, order: Box<dyn Iterator<Item = &(String, Vec<u8>)> + '_>, secs: u64| {
            for (path, contents) in order {
                let target = root.join(path);
                fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                fs::write(&target, contents).expect("write");
                let time = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
                fs::File::options().write(true).open(&target).expect("open").set_modified(time).expect("mtime");
            }
        };
        write(one.path(), Box::new(files.iter()), seconds.0);
        write(two.path(), Box::new(files.iter().rev()), seconds.1);
        let pack = |root: &Path| package::pack(&Sources { root: Root::Folder(root.to_path_buf()), dependencies: Vec::new() }).expect("packs");
        let (a, b) = (pack(one.path()), pack(two.path()));
        prop_assert_eq!(a.sha256, b.sha256);
        prop_assert_eq!(a.bytes, b.bytes);
    }
}

//! `sagespec init`: every framework/distribution/syntax combination writes a starter that
//! `sagespec validate` passes with no findings and `sagespec compile` turns into a request,
//! plus `src/train.py`; invalid pairs are usage errors; an existing manifest is kept unless
//! `--force`, and an existing training script is never replaced.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

fn sagespec(folder: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sagespec"))
        .args(args)
        .current_dir(folder)
        .env_remove("SAGESPEC_REGION")
        .env_remove("SAGESPEC_ACCOUNT_ID")
        .output()
        .expect("run sagespec")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

const VALID: &[(&str, &str)] = &[
    ("pytorch", "none"),
    ("pytorch", "dataparallel"),
    ("pytorch", "torch_distributed"),
    ("pytorch", "mpi"),
    ("tensorflow", "none"),
    ("tensorflow", "dataparallel"),
    ("tensorflow", "mpi"),
];

#[test]
fn every_combination_validates_clean_and_compiles() {
    for (framework, distribution) in VALID {
        for syntax in ["yaml", "toml"] {
            let folder = tempfile::tempdir().expect("temp dir");
            let dir = folder.path();
            let what = format!("{framework} {distribution} {syntax}");
            let init =
                sagespec(dir, &["init", "--framework", framework, "--distribution", distribution, "--format", syntax]);
            assert!(init.status.success(), "{what}: init failed: {}", text(&init));
            let manifest = format!("train.sagespec.{syntax}");
            let written = std::fs::read_to_string(dir.join(&manifest)).expect("init wrote the manifest");
            let modeline =
                if syntax == "yaml" { "# yaml-language-server: $schema=https://" } else { "#:schema https://" };
            assert!(written.starts_with(modeline), "{what}: starts with {:?}", written.lines().next());
            assert!(
                written.contains(&format!("framework = \"{framework}\""))
                    || written.contains(&format!("framework: {framework}"))
            );
            assert!(dir.join("src/train.py").is_file(), "{what}: no src/train.py");

            let validate = sagespec(dir, &["validate", "--format", "json", &manifest]);
            let report: Value = serde_json::from_slice(&validate.stdout).expect("validate prints JSON");
            assert_eq!(validate.status.code(), Some(0), "{what}: {report:#}");
            assert_eq!((&report["errors"], &report["warnings"]), (&json!(0), &json!(0)), "{what}: {report:#}");

            let compile = sagespec(dir, &["compile", "--account-id", "111122223333", &manifest]);
            assert!(compile.status.success(), "{what}: compile failed: {}", text(&compile));
            let request: Value = serde_json::from_slice(&compile.stdout).expect("compile prints JSON");
            let hyperparameters = &request["HyperParameters"];
            let enabled = match *distribution {
                "dataparallel" => Some("sagemaker_distributed_dataparallel_enabled"),
                "torch_distributed" => Some("sagemaker_torch_distributed_enabled"),
                "mpi" => Some("sagemaker_mpi_enabled"),
                _ => None,
            };
            if let Some(key) = enabled {
                assert_eq!(hyperparameters[key], json!("true"), "{what}: {hyperparameters:#}");
            }
            assert_eq!(hyperparameters["epochs"], json!("1"), "{what}: {hyperparameters:#}");
        }
    }
}

#[test]
fn tensorflow_with_torch_distributed_is_a_usage_error() {
    let folder = tempfile::tempdir().expect("temp dir");
    let init = sagespec(folder.path(), &["init", "--framework", "tensorflow", "--distribution", "torch_distributed"]);
    assert_eq!(init.status.code(), Some(2), "{}", text(&init));
    assert!(text(&init).contains("torch_distributed needs --framework pytorch"), "{}", text(&init));
    assert!(std::fs::read_dir(folder.path()).expect("read temp dir").next().is_none(), "nothing may be written");
}

#[test]
fn refuses_to_overwrite_without_force_and_replaces_with_it() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    let manifest = dir.join("job.sagespec.yaml");
    std::fs::write(&manifest, "# mine\n").expect("write user's file");

    let refused = sagespec(dir, &["init", "--output", "job.sagespec.yaml"]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("--force"), "the refusal names --force: {}", text(&refused));
    assert_eq!(std::fs::read_to_string(&manifest).expect("read"), "# mine\n", "the user's file was changed");

    let forced = sagespec(dir, &["init", "--output", "job.sagespec.yaml", "--force", "--distribution", "mpi"]);
    assert!(forced.status.success(), "{}", text(&forced));
    let replaced = std::fs::read_to_string(&manifest).expect("read");
    assert!(replaced.contains("name: job ") && replaced.contains("  mpi:"), "not the starter: {replaced}");
}

#[test]
fn never_replaces_an_existing_training_script() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    std::fs::create_dir(dir.join("src")).expect("mkdir src");
    std::fs::write(dir.join("src/train.py"), "print('mine')\n").expect("write script");
    let init = sagespec(dir, &["init", "--force"]);
    assert!(init.status.success(), "{}", text(&init));
    assert_eq!(std::fs::read_to_string(dir.join("src/train.py")).expect("read"), "print('mine')\n");
    assert!(text(&init).contains("kept the existing"), "{}", text(&init));
}

#[test]
fn output_folder_and_extension_pick_the_file_and_syntax() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    let into_folder = sagespec(dir, &["init", "--output", "jobs/"]);
    assert!(into_folder.status.success(), "{}", text(&into_folder));
    assert!(dir.join("jobs/train.sagespec.yaml").is_file() && dir.join("jobs/src/train.py").is_file());

    let toml = sagespec(dir, &["init", "--output", "bert-large.sagespec.toml"]);
    assert!(toml.status.success(), "{}", text(&toml));
    let written = std::fs::read_to_string(dir.join("bert-large.sagespec.toml")).expect("read");
    assert!(written.starts_with("#:schema ") && written.contains("name = \"bert-large\""), "{written}");

    let mismatch = sagespec(dir, &["init", "--output", "a.sagespec.yaml", "--format", "toml"]);
    assert_eq!(mismatch.status.code(), Some(2), "{}", text(&mismatch));
    let bad_name = sagespec(dir, &["init", "--output", "b.yaml", "--name", "-bad"]);
    assert_eq!(bad_name.status.code(), Some(2), "{}", text(&bad_name));
    assert!(!dir.join("a.sagespec.yaml").exists() && !dir.join("b.yaml").exists());
}

#[test]
fn the_modeline_names_the_schema_id() {
    let schema: Value = serde_json::from_str(sagespec::schema::COMMITTED).expect("schema is JSON");
    let folder = tempfile::tempdir().expect("temp dir");
    let init = sagespec(folder.path(), &["init"]);
    assert!(init.status.success(), "{}", text(&init));
    let written = std::fs::read_to_string(folder.path().join("train.sagespec.yaml")).expect("read");
    let id = schema["$id"].as_str().expect("schema has $id");
    assert_eq!(written.lines().next(), Some(format!("# yaml-language-server: $schema={id}").as_str()));
}

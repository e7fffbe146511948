//! `sagespec init`: every framework/distribution/syntax combination writes a starter that
//! `sagespec validate` passes with no findings and `sagespec compile` turns into a request,
//! plus `src/train.py` and `sagespec.schema.json`, which the starter's modeline names by a
//! relative path that resolves; invalid pairs are usage errors; an existing manifest, or a
//! file in the schema's place that is not a sagespec schema, is kept unless `--force`; an
//! existing training script is never replaced. `sagespec schema --write` writes and
//! refreshes the same file under the same rules.

use std::path::{Path, PathBuf};
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
                sagespec(dir, &["init", "--framework", framework, "--distribution", distribution, "--syntax", syntax]);
            assert!(init.status.success(), "{what}: init failed: {}", text(&init));
            let manifest = format!("train.sagespec.{syntax}");
            let written = std::fs::read_to_string(dir.join(&manifest)).expect("init wrote the manifest");
            assert_eq!(schema_named_by(&dir.join(&manifest)), dir.join("sagespec.schema.json"), "{what}");
            assert_eq!(std::fs::read_to_string(dir.join("sagespec.schema.json")).expect("schema"), COMMITTED, "{what}");
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

    let mismatch = sagespec(dir, &["init", "--output", "a.sagespec.yaml", "--syntax", "toml"]);
    assert_eq!(mismatch.status.code(), Some(2), "{}", text(&mismatch));
    assert!(text(&mismatch).contains("--syntax toml does not match"), "{}", text(&mismatch));
    let bad_name = sagespec(dir, &["init", "--output", "b.yaml", "--name", "-bad"]);
    assert_eq!(bad_name.status.code(), Some(2), "{}", text(&bad_name));
    assert!(!dir.join("a.sagespec.yaml").exists() && !dir.join("b.yaml").exists());
}

#[test]
fn the_modeline_resolves_to_the_schema_written_beside_the_manifest() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    for (args, manifest, modeline) in [
        (&["init"][..], "train.sagespec.yaml", "# yaml-language-server: $schema=./sagespec.schema.json"),
        (
            &["init", "--syntax", "toml", "--output", "jobs/"],
            "jobs/train.sagespec.toml",
            "#:schema ./sagespec.schema.json",
        ),
        (
            &["init", "--output", "deep/er/bert.sagespec.yml"],
            "deep/er/bert.sagespec.yml",
            "# yaml-language-server: $schema=./sagespec.schema.json",
        ),
    ] {
        let init = sagespec(dir, args);
        assert!(init.status.success(), "{args:?}: {}", text(&init));
        let path = dir.join(manifest);
        let written = std::fs::read_to_string(&path).expect("read the manifest");
        assert_eq!(written.lines().next(), Some(modeline), "{args:?}");
        let schema = schema_named_by(&path);
        assert_eq!(schema, path.parent().expect("a folder").join("sagespec.schema.json"));
        assert_eq!(std::fs::read_to_string(&schema).expect("the modeline resolves"), COMMITTED, "{args:?}");
        assert!(text(&init).contains("sagespec.schema.json"), "init says it wrote the schema: {}", text(&init));
    }
}

#[test]
fn init_refreshes_an_older_schema_copy_and_keeps_a_users_file_unless_forced() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    let schema = dir.join("sagespec.schema.json");
    std::fs::write(&schema, format!(r#"{{"$id": "{}", "title": "older"}}"#, schema_id())).expect("write older");
    let refreshed = sagespec(dir, &["init"]);
    assert!(refreshed.status.success(), "{}", text(&refreshed));
    assert_eq!(std::fs::read_to_string(&schema).expect("read"), COMMITTED);
    assert!(text(&refreshed).contains("refreshed"), "{}", text(&refreshed));

    let mine = "{\"$id\": \"https://example.com/my-own.json\"}\n";
    std::fs::write(&schema, mine).expect("write the user's file");
    let refused = sagespec(dir, &["init", "--output", "other.sagespec.yaml"]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("--force"), "{}", text(&refused));
    assert_eq!(std::fs::read_to_string(&schema).expect("read"), mine, "the user's file was changed");
    assert!(!dir.join("other.sagespec.yaml").exists(), "nothing may be written when the schema's place is taken");

    let forced = sagespec(dir, &["init", "--output", "other.sagespec.yaml", "--force"]);
    assert!(forced.status.success(), "{}", text(&forced));
    assert_eq!(std::fs::read_to_string(&schema).expect("read"), COMMITTED);
}

#[test]
fn format_no_longer_picks_the_syntax_and_says_where_it_went() {
    let folder = tempfile::tempdir().expect("temp dir");
    let init = sagespec(folder.path(), &["init", "--format", "toml"]);
    assert_eq!(init.status.code(), Some(2), "{}", text(&init));
    assert!(text(&init).contains("--syntax yaml|toml"), "the error points at --syntax: {}", text(&init));
    assert!(std::fs::read_dir(folder.path()).expect("read temp dir").next().is_none(), "nothing may be written");
}

#[test]
fn schema_write_writes_refreshes_and_refuses_like_init() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    let printed = sagespec(dir, &["schema"]);
    assert!(printed.status.success() && printed.stdout == COMMITTED.as_bytes(), "{}", text(&printed));
    assert!(std::fs::read_dir(dir).expect("read temp dir").next().is_none(), "printing writes nothing");

    let default = sagespec(dir, &["schema", "--write"]);
    assert!(default.status.success(), "{}", text(&default));
    assert_eq!(std::fs::read_to_string(dir.join("sagespec.schema.json")).expect("read"), COMMITTED);
    assert!(default.stdout.is_empty(), "--write prints no schema");
    let again = sagespec(dir, &["schema", "--write"]);
    assert!(again.status.success() && text(&again).contains("kept"), "{}", text(&again));

    std::fs::create_dir(dir.join("jobs")).expect("mkdir");
    let into_folder = sagespec(dir, &["schema", "--write", "jobs"]);
    assert!(into_folder.status.success(), "{}", text(&into_folder));
    assert_eq!(std::fs::read_to_string(dir.join("jobs/sagespec.schema.json")).expect("read"), COMMITTED);

    let mine = dir.join("mine.json");
    std::fs::write(&mine, "not a schema\n").expect("write");
    let refused = sagespec(dir, &["schema", "--write", "mine.json"]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert_eq!(std::fs::read_to_string(&mine).expect("read"), "not a schema\n");
    let forced = sagespec(dir, &["schema", "--write", "mine.json", "--force"]);
    assert!(forced.status.success(), "{}", text(&forced));
    assert_eq!(std::fs::read_to_string(&mine).expect("read"), COMMITTED);
}

/// The committed schema, read from the repository (not from the code under test).
const COMMITTED: &str = include_str!("../schema/sagespec.schema.json");

fn schema_id() -> String {
    let schema: Value = serde_json::from_str(COMMITTED).expect("schema is JSON");
    schema["$id"].as_str().expect("schema has $id").to_owned()
}

/// The schema file a starter's first line names, resolved against the starter's folder as
/// yaml-language-server and Taplo resolve a relative path.
fn schema_named_by(manifest: &Path) -> PathBuf {
    let text = std::fs::read_to_string(manifest).expect("read the manifest");
    let first = text.lines().next().unwrap_or_default();
    let named = first
        .strip_prefix("# yaml-language-server: $schema=")
        .or_else(|| first.strip_prefix("#:schema "))
        .unwrap_or_else(|| panic!("{} opens with no modeline: {first:?}", manifest.display()));
    assert!(!named.contains("://"), "the modeline names a URL, not a local file: {named}");
    manifest.parent().expect("a folder").join(named).components().filter(|c| c.as_os_str() != ".").collect()
}

/// Each strategy's script makes the calls the strategy needs: the SMDDP adaptation for
/// `dataparallel`, a process group under torchrun and mpirun, Horovod for TensorFlow's mpirun.
#[test]
fn each_strategy_writes_the_initialisation_it_needs() {
    let needs: &[(&str, &str, &[&str])] = &[
        ("pytorch", "none", &["parse_args()"]),
        (
            "pytorch",
            "dataparallel",
            &["import smdistributed.dataparallel.torch.torch_smddp", "dist.init_process_group(backend=\"smddp\")"],
        ),
        ("tensorflow", "dataparallel", &["import smdistributed.dataparallel.tensorflow as sdp", "sdp.init()"]),
        ("pytorch", "torch_distributed", &["dist.init_process_group(backend=\"nccl\")", "LOCAL_RANK"]),
        ("pytorch", "mpi", &["OMPI_COMM_WORLD_RANK", "dist.init_process_group(backend=\"nccl\")"]),
        ("tensorflow", "mpi", &["hvd.init()"]),
    ];
    for (framework, distribution, lines) in needs {
        let folder = tempfile::tempdir().expect("temp dir");
        let init = sagespec(folder.path(), &["init", "--framework", framework, "--distribution", distribution]);
        assert!(init.status.success(), "{}", text(&init));
        let script = std::fs::read_to_string(folder.path().join("src/train.py")).expect("init wrote the script");
        for line in *lines {
            assert!(script.contains(line), "{framework} {distribution}: no `{line}` in\n{script}");
        }
        let smddp = script.contains("smdistributed");
        assert_eq!(smddp, *distribution == "dataparallel", "{framework} {distribution}: SMDDP only for dataparallel");
    }
}

/// The script `init` wrote before scripts were adapted (a plain PyTorch script) under the
/// SMDDP distribution is flagged at `distribution`, with the two lines to add.
#[test]
fn the_seeds_unadapted_script_is_flagged_under_dataparallel() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    let init = sagespec(dir, &["init", "--distribution", "dataparallel"]);
    assert!(init.status.success(), "{}", text(&init));
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/init/seed-train.py");
    std::fs::copy(seed, dir.join("src/train.py")).expect("replace the script");
    let validate = sagespec(dir, &["validate", "--format", "json", "train.sagespec.yaml"]);
    let report: Value = serde_json::from_slice(&validate.stdout).expect("validate prints JSON");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{report:#}");
    let finding = &diagnostics[0];
    assert_eq!(finding["code"], json!("sagespec::script::dataparallel-not-initialised"), "{report:#}");
    assert_eq!(finding["severity"], json!("warning"));
    assert_eq!(finding["pointer"], json!("/distribution"));
    let help = finding["help"].as_str().unwrap_or_default();
    assert!(help.contains("import smdistributed.dataparallel.torch.torch_smddp"), "{help}");
    assert!(help.contains("init_process_group(backend=\"smddp\")"), "{help}");
}

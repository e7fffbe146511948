//! `kind: Defaults` (issue 14, `design/manifest.md` §4) through the binary, on the
//! fixtures in `tests/fixtures/defaults/` and the `specs/team/` example:
//!
//! - a manifest under Defaults compiles to the same bytes, and job name, as the same
//!   manifest written out flat by hand (`flat/dev`, `flat/prod`), in both environments;
//! - YAML and TOML Defaults files behave alike;
//! - every merge rule (key by key, channels by name, lists replace, `null` removes,
//!   nearer layers and environments win) shows in the compiled request;
//! - every policy code has a failing and a passing fixture, and an inner file cannot
//!   loosen an outer one;
//! - findings about inherited values are at the right line of the Defaults file;
//! - `compile --show-origin`, `--env`/`SAGESPEC_ENV`, and an unknown environment.
//!
//! Every run sets its working folder to the repository root, so paths are shown as the
//! fixtures are named here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/defaults")
}

fn sagespec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sagespec"))
        .args(args)
        .current_dir(root())
        .env_remove("SAGESPEC_ENV")
        .env_remove("SAGESPEC_REGION")
        .env("NO_COLOR", "1")
        .output()
        .expect("sagespec runs")
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn compiled(args: &[&str]) -> Value {
    let output = sagespec(args);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}{}", text(&output), String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("one JSON request")
}

/// `(file, line, column, code)` of every finding `validate --format json` reports.
fn findings(args: &[&str]) -> Vec<(String, u64, u64, String)> {
    let output = sagespec(&[&["validate", "--format", "json"], args].concat());
    let json: Value = serde_json::from_slice(&output.stdout).expect("findings as JSON");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let field = |name: &str| d[name].as_str().unwrap_or_default().to_owned();
            (field("file"), d["line"].as_u64().unwrap_or(0), d["column"].as_u64().unwrap_or(0), field("code"))
        })
        .collect()
}

const TEAM: &[&str] = &["bert-pretrain", "distilbert-finetune", "t5-torchrun"];

#[test]
fn a_manifest_under_defaults_compiles_to_the_bytes_of_its_flat_twin() {
    for (environment, env_args) in [("dev", &[][..]), ("prod", &["--env", "prod"][..])] {
        for name in TEAM {
            let layered = sagespec(&[env_args, &["compile", &format!("specs/team/{name}.yaml")]].concat());
            let flat = sagespec(&["compile", &format!("tests/fixtures/defaults/flat/{environment}/{name}.yaml")]);
            assert_eq!(layered.status.code(), Some(0), "{name} ({environment}): {}", text(&layered));
            assert_eq!(text(&layered), text(&flat), "{name} ({environment}) differs from its flat twin");
            let request: Value = serde_json::from_slice(&layered.stdout).expect("a request");
            let job = request["TrainingJobName"].as_str().expect("a job name");
            assert!(job.starts_with(&format!("{name}-")), "{job}");
        }
    }
    // The environments differ, so their jobs do too.
    let dev = compiled(&["compile", "specs/team/bert-pretrain.yaml"]);
    let prod = compiled(&["--env", "prod", "compile", "specs/team/bert-pretrain.yaml"]);
    assert_eq!(prod["RoleArn"], "arn:aws:iam::444455556666:role/SageMakerProd");
    assert_ne!(dev["TrainingJobName"], prod["TrainingJobName"]);
}

#[test]
fn sagespec_env_selects_the_environment_as_the_flag_does() {
    let flag = sagespec(&["--env", "prod", "compile", "specs/team/t5-torchrun.yaml"]);
    let variable = Command::new(env!("CARGO_BIN_EXE_sagespec"))
        .args(["compile", "specs/team/t5-torchrun.yaml"])
        .current_dir(root())
        .env("SAGESPEC_ENV", "prod")
        .output()
        .expect("sagespec runs");
    assert_eq!(flag.status.code(), Some(0));
    assert_eq!(text(&flag), text(&variable));
}

#[test]
fn an_unknown_environment_is_an_error_at_every_manifest_it_would_reach() {
    let output = sagespec(&["--env", "prd", "validate", "specs/team"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let report = text(&output);
    assert_eq!(report.matches("sagespec::defaults::unknown-environment").count(), 3, "{report}");
    assert!(report.contains("did you mean `prod`?"), "{report}");
    assert_eq!(sagespec(&["--env", "prod", "validate", "specs/team"]).status.code(), Some(0));
}

#[test]
fn yaml_and_toml_defaults_behave_alike() {
    let yaml = compiled(&["compile", "tests/fixtures/defaults/yaml-layer/bert-pretrain.yaml"]);
    let toml = compiled(&["compile", "tests/fixtures/defaults/toml-layer/bert-pretrain.yaml"]);
    assert_eq!(yaml, toml);
    assert_eq!(yaml, compiled(&["compile", "tests/fixtures/defaults/flat/dev/bert-pretrain.yaml"]));
    let prod = |layer: &str| {
        compiled(&["--env", "prod", "compile", &format!("tests/fixtures/defaults/{layer}/bert-pretrain.yaml")])
    };
    assert_eq!(prod("yaml-layer"), prod("toml-layer"));
    assert_eq!(prod("yaml-layer"), compiled(&["compile", "tests/fixtures/defaults/flat/prod/bert-pretrain.yaml"]));

    // The same policy, broken the same way, with its related label at each file's line.
    let without_file = |found: Vec<(String, u64, u64, String)>| -> Vec<(u64, u64, String)> {
        found.into_iter().map(|(_, line, column, code)| (line, column, code)).collect()
    };
    let yaml_findings = without_file(findings(&["tests/fixtures/defaults/yaml-layer/too-big.yaml"]));
    let toml_findings = without_file(findings(&["tests/fixtures/defaults/toml-layer/too-big.yaml"]));
    assert_eq!(yaml_findings, toml_findings);
    let codes: Vec<&str> = yaml_findings.iter().map(|(_, _, code)| code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "sagespec::policy::region-not-allowed",
            "sagespec::policy::instance-type-not-allowed",
            "sagespec::policy::instance-count-over-limit"
        ]
    );
    for (layer, at) in [("yaml-layer/sagespec.defaults.yaml", 27), ("toml-layer/sagespec.defaults.toml", 31)] {
        let human = text(&sagespec(&["validate", &format!("tests/fixtures/defaults/{}/too-big.yaml", &layer[..10])]));
        assert!(human.contains(&format!("tests/fixtures/defaults/{layer}:{at}:")), "no label at line {at}:\n{human}");
    }
}

#[test]
fn merging_follows_every_rule_of_the_contract() {
    let request =
        |env: &[&str]| compiled(&[env, &["compile", "tests/fixtures/defaults/merge/inner/job.yaml"]].concat());
    for (env, role, tags) in [
        (
            &[][..],
            "arn:aws:iam::111122223333:role/Inner",
            json!([{"Key": "team", "Value": "outer"}, {"Key": "owner", "Value": "bob"}]),
        ),
        // The outer layer's environment sets a role, but the nearer layer's defaults win;
        // its tags merge into the outer defaults' after them.
        (
            &["--env", "prod"][..],
            "arn:aws:iam::111122223333:role/Inner",
            json!([{"Key": "team", "Value": "outer"}, {"Key": "owner", "Value": "bob"}, {"Key": "stage", "Value": "prod"}]),
        ),
    ] {
        let r = request(env);
        assert_eq!(r["RoleArn"], role, "{env:?}");
        assert_eq!(r["Tags"], tags, "{env:?}: mappings merge key by key, the nearer value in the outer's place");
        // `A: null` removed the inherited A; B came from the inner layer.
        assert_eq!(r["Environment"], json!({"B": "inner"}), "{env:?}");
        // Lists replace: the manifest's one subnet, the outer's security group.
        assert_eq!(r["VpcConfig"], json!({"SecurityGroupIds": ["sg-outer"], "Subnets": ["subnet-own"]}), "{env:?}");
        // Channels merge by name: `train` keeps the inherited input mode under its own
        // URI; `validation: null` removed the inherited channel.
        let channels = r["InputDataConfig"].as_array().expect("channels");
        assert_eq!(channels.len(), 1, "{env:?}: {channels:?}");
        assert_eq!(channels[0]["ChannelName"], "train");
        assert_eq!(channels[0]["DataSource"]["S3DataSource"]["S3Uri"], "s3://own/train/");
        assert_eq!(channels[0]["InputMode"], "FastFile");
        // epochs from the inner layer over the outer; learning_rate the manifest's own.
        assert_eq!(r["HyperParameters"]["epochs"], "2");
        assert_eq!(r["HyperParameters"]["learning_rate"], "0.1");
        assert_eq!(r["ResourceConfig"]["InstanceType"], "ml.m5.xlarge");
    }
}

/// Each policy fixture: its folder, the failing file, and the text of the line the finding
/// is at (`None`: the document, line 1).
const POLICY: &[(&str, &str, Option<&str>, &str)] = &[
    ("instance-type-not-allowed", "fail.yaml", Some("instance_type: ml.c5.xlarge"), "instance-type-not-allowed"),
    ("region-not-allowed", "fail.yaml", Some("region: eu-west-1"), "region-not-allowed"),
    ("instance-count-over-limit", "fail.yaml", Some("instance_count: 4"), "instance-count-over-limit"),
    ("max-run-over-limit", "fail.yaml", Some("max_run: 10800"), "max-run-over-limit"),
    ("max-run-over-limit", "fail-default.yaml", None, "max-run-over-limit"),
    ("required-key-missing", "fail.yaml", None, "required-key-missing"),
    ("required-tag-missing", "fail.yaml", Some("tags: {owner: alice}"), "required-tag-missing"),
    // The inner file allows 32, the outer 4: the outer one holds.
    ("outer-wins/inner", "fail.yaml", Some("instance_count: 8"), "instance-count-over-limit"),
];

#[test]
fn every_policy_code_fails_its_fixture_and_passes_the_other() {
    let registered: Vec<&str> = sagespec::defaults::codes::DEFAULTS
        .iter()
        .map(|docs| docs.code)
        .filter(|code| code.starts_with("sagespec::policy::"))
        .collect();
    for code in &registered {
        let name = code.trim_start_matches("sagespec::policy::");
        assert!(POLICY.iter().any(|(_, _, _, raised)| *raised == name), "{code} has no fixture");
    }
    for (folder, file, line, code) in POLICY {
        let path = fixtures().join("policy").join(folder).join(file);
        let source = std::fs::read_to_string(&path).expect("fixture");
        let expected_line = line.map_or(1, |line| {
            1 + source.lines().position(|l| l == line).unwrap_or_else(|| panic!("{folder}/{file} has no `{line}`"))
                as u64
        });
        let shown = format!("tests/fixtures/defaults/policy/{folder}/{file}");
        let found = findings(&[&shown]);
        assert_eq!(found.len(), 1, "{shown}: {found:?}");
        assert_eq!(found[0].0, shown);
        assert_eq!(found[0].1, expected_line, "{shown}: {found:?}");
        assert_eq!(found[0].3, format!("sagespec::policy::{code}"));
        let pass = format!("tests/fixtures/defaults/policy/{folder}/pass.yaml");
        assert_eq!(findings(&[&pass]), [], "{pass}");
    }
}

#[test]
fn a_finding_about_an_inherited_value_is_at_its_line_in_the_defaults_file() {
    assert_eq!(
        findings(&["tests/fixtures/defaults/positions/job.yaml"]),
        [(
            "tests/fixtures/defaults/positions/sagespec.defaults.yaml".to_owned(),
            9,
            5,
            "sagespec::api::reserved-tag-prefix".to_owned()
        )]
    );
    let human = text(&sagespec(&["validate", "tests/fixtures/defaults/positions/job.yaml"]));
    assert!(human.contains("(inherited by tests/fixtures/defaults/positions/job.yaml)"), "{human}");
}

#[test]
fn a_broken_defaults_file_is_an_error_at_each_manifest_and_reported_once() {
    let expected = |file: &str, line, column, code: &str| {
        (format!("tests/fixtures/defaults/broken/{file}"), line, column, code.to_owned())
    };
    let defaults_error = expected("sagespec.defaults.yaml", 6, 3, "sagespec::schema::unknown-key");
    assert_eq!(
        findings(&["tests/fixtures/defaults/broken/job.yaml"]),
        [expected("job.yaml", 1, 1, "sagespec::defaults::invalid-defaults-file"), defaults_error.clone()]
    );
    // The folder holds the Defaults file too: its error is reported once.
    assert_eq!(
        findings(&["tests/fixtures/defaults/broken"]),
        [expected("job.yaml", 1, 1, "sagespec::defaults::invalid-defaults-file"), defaults_error]
    );
}

#[test]
fn show_origin_names_the_file_and_line_of_every_value() {
    let output = sagespec(&["compile", "--show-origin", "tests/fixtures/defaults/merge/inner/job.yaml"]);
    assert_eq!(output.status.code(), Some(0));
    let shown = text(&output);
    let rows: Vec<(String, String)> = shown
        .lines()
        .map(|line| {
            let (origin, setting) = line.split_once("  ").expect("origin, then the setting");
            (origin.to_owned(), setting.trim().to_owned())
        })
        .collect();
    let manifest = "tests/fixtures/defaults/merge/inner/job.yaml";
    let inner = "tests/fixtures/defaults/merge/inner/sagespec.defaults.yaml";
    let outer = "tests/fixtures/defaults/merge/sagespec.defaults.yaml";
    let expected = [
        (format!("{manifest}:3"), "name: merged"),
        (format!("{manifest}:6"), "subnets: [\"subnet-own\"]"),
        (format!("{manifest}:8"), "inputs.train.s3_data: s3://own/train/"),
        (format!("{outer}:16"), "inputs.train.input_mode: FastFile"),
        (format!("{inner}:6"), "hyperparameters.epochs: 2"),
        (format!("{manifest}:10"), "hyperparameters.learning_rate: 0.1"),
        (format!("{outer}:20"), "tags.team: outer"),
        (format!("{manifest}:11"), "tags.owner: bob"),
        (format!("{inner}:5"), "environment.B: inner"),
        (format!("{inner}:4"), "role: arn:aws:iam::111122223333:role/Inner"),
        (format!("{outer}:10"), "instance_type: ml.m5.xlarge"),
        (format!("{outer}:14"), "security_group_ids: [\"sg-outer\"]"),
    ];
    for (origin, setting) in &expected {
        assert!(rows.iter().any(|(o, s)| o == origin && s == setting), "no `{origin}  {setting}` in:\n{shown}");
    }
    // Removed values are not shown at all.
    for gone in ["inputs.validation", "environment.A", "hyperparameters.seed"] {
        assert!(!rows.iter().any(|(_, s)| s.starts_with(gone)), "{gone} was removed:\n{shown}");
    }
    // One row per value, the manifest's keys first.
    assert_eq!(rows.len(), 22, "{shown}");
    assert_eq!(rows[0], (format!("{manifest}:1"), "apiVersion: sagespec/v1".to_owned()));
}

#[test]
fn a_folder_with_a_defaults_file_compiles_its_manifests_only() {
    let output = sagespec(&["compile", "specs/team"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let requests: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(requests.as_array().map(Vec::len), Some(3), "{requests}");
}

#[test]
fn the_defaults_schema_is_published_like_every_kinds() {
    let output = sagespec(&["schema", "--kind", "Defaults"]);
    assert_eq!(output.status.code(), Some(0));
    let committed = std::fs::read_to_string(root().join("schema/defaults.schema.json")).expect("committed schema");
    assert_eq!(text(&output), committed);
}

#[test]
fn the_layering_docs_quote_show_origin_as_it_prints() {
    let docs = std::fs::read_to_string(root().join("docs/layering.md")).expect("docs/layering.md");
    let command = "$ sagespec --env prod compile --show-origin specs/team/t5-torchrun.yaml";
    let block = docs.split(command).nth(1).and_then(|rest| rest.split("```").next()).expect("the example");
    let shown = text(&sagespec(&["--env", "prod", "compile", "--show-origin", "specs/team/t5-torchrun.yaml"]));
    let quoted: Vec<&str> = block.lines().map(str::trim_end).filter(|line| !line.is_empty() && *line != "…").collect();
    assert!(quoted.len() >= 5, "{block}");
    for line in quoted {
        assert!(
            shown.lines().any(|printed| printed == line),
            "docs/layering.md quotes `{line}`, not printed:\n{shown}"
        );
    }
}

#[test]
fn a_manifest_named_from_its_own_folder_finds_the_layers_above_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_sagespec"))
        .args(["compile", "job.yaml"])
        .current_dir(fixtures().join("merge/inner"))
        .env_remove("SAGESPEC_ENV")
        .output()
        .expect("sagespec runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    let request: Value = serde_json::from_slice(&output.stdout).expect("a request");
    // The role of the inner layer, the instance type of the outer one.
    assert_eq!(request["RoleArn"], "arn:aws:iam::111122223333:role/Inner");
    assert_eq!(request["ResourceConfig"]["InstanceType"], "ml.m5.xlarge");
}

#[test]
fn a_default_many_manifests_inherit_is_reported_once_naming_them_all() {
    let folder = "tests/fixtures/defaults/positions";
    let output = sagespec(&["validate", "--format", "json", folder]);
    let json: Value = serde_json::from_slice(&output.stdout).expect("findings as JSON");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{json}");
    assert_eq!(diagnostics[0]["file"], format!("{folder}/sagespec.defaults.yaml"));
    assert_eq!(diagnostics[0]["line"], 9);
    let message = diagnostics[0]["message"].as_str().unwrap_or_default();
    assert!(message.ends_with(&format!("(inherited by {folder}/job.yaml and {folder}/other.yaml)")), "{message}");
    // Three files: the two manifests and the Defaults file, which is counted once.
    let human = text(&sagespec(&["validate", folder]));
    assert!(human.contains("1 error in 1 of 3 files"), "{human}");
}

#[test]
fn a_file_named_as_defaults_that_is_another_kind_is_refused_not_followed() {
    let found = findings(&["tests/fixtures/defaults/misnamed/job.yaml"]);
    let expected =
        |file: &str, line, code: &str| (format!("tests/fixtures/defaults/misnamed/{file}"), line, code.to_owned());
    let found: Vec<(String, u64, String)> = found.into_iter().map(|(file, line, _, code)| (file, line, code)).collect();
    assert!(found.contains(&expected("job.yaml", 1, "sagespec::defaults::invalid-defaults-file")), "{found:?}");
    assert!(found.contains(&expected("sagespec.defaults.yaml", 2, "sagespec::schema::invalid-value")), "{found:?}");
}

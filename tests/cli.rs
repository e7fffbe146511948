//! The `sagespec` binary as a user runs it (`design/manifest.md` §2).
//!
//! Covers: exit statuses (0 clean, 1 errors, 2 usage or I/O failure); folder discovery
//! (only `*.yaml`/`*.yml`/`*.toml` declaring `apiVersion: sagespec/…`); several files in
//! one run; every `--format`: `json` has exactly the contract's shape and its positions
//! point at the offending text, `sarif` validates against the OASIS SARIF 2.1.0 schema
//! (vendored in `tests/data/`), `github` follows the workflow-command syntax and escapes,
//! `human` has colour only on a terminal without `NO_COLOR`/`--no-color`; and `sagespec
//! schema` prints exactly `schema/sagespec.schema.json`.
//!
//! Manifests are written into temporary folders by each test; expected values are written
//! out by hand here, never taken from the code under test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

mod support;

// Manifests that validate cleanly (the conformance case `ddp_pt_p4d_24xlarge_x2`, in
// both formats). Their `source_dir` is created by [`workspace`].
use support::manifests::{ADAPTED_SCRIPT, CLEAN_TOML, CLEAN_YAML};

/// Appended to [`CLEAN_YAML`]: an unknown top-level key (line 18), and an unknown key in a
/// flow mapping after a non-ASCII value (line 19), so columns must count characters.
const YAML_ERRORS: &str = "\
colour: red
tensorboard_output_config: {container_local_output_path: /opt/ml/ütput, colr: x}
";

/// Inserted in [`CLEAN_TOML`] before its table: the same two mistakes (lines 14 and 15).
const TOML_ERRORS: &str = r#"colour = "red"
tensorboard_output_config = { container_local_output_path = "/opt/ml/ütput", colr = "x" }
"#;

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sagespec"));
    command.env_remove("NO_COLOR");
    command
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin().args(args).current_dir(dir).output().expect("sagespec runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("sagespec exits normally, not by a signal")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is one JSON document ({e}):\n{}", stdout(output)))
}

/// A temporary folder with the `src/train.py` the manifests name.
fn workspace() -> TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    write(dir.path(), "src/train.py", ADAPTED_SCRIPT);
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
    std::fs::write(&path, text).expect("write a file");
    path
}

fn yaml_with_errors() -> String {
    format!("{CLEAN_YAML}{YAML_ERRORS}")
}

fn toml_with_errors() -> String {
    CLEAN_TOML.replacen("\n[distribution", &format!("{TOML_ERRORS}\n[distribution"), 1)
}

fn diagnostics(value: &Value) -> &Vec<Value> {
    value["diagnostics"].as_array().expect("`diagnostics` is an array")
}

// ── exit statuses ─────────────────────────────────────────────────────────────────────

#[test]
fn a_clean_manifest_exits_0() {
    // A recorded SDK case whose script (the oracle's) needs nothing from its distribution.
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases/torch_distributed");
    let output = run(&["validate", "manifest.yaml"], &case);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), String::from_utf8_lossy(&output.stderr));
    assert!(stdout(&output).contains("1 file checked, no problems found"), "{}", stdout(&output));
}

#[test]
fn the_test_manifests_are_clean_in_both_formats() {
    let dir = workspace();
    write(dir.path(), "job.yaml", CLEAN_YAML);
    write(dir.path(), "job.toml", CLEAN_TOML);
    let output = run(&["--format", "json", "validate", "job.yaml", "job.toml"], dir.path());
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert_eq!(json(&output)["errors"], 0);
}

#[test]
fn a_manifest_with_errors_exits_1() {
    let dir = workspace();
    write(dir.path(), "job.yaml", &yaml_with_errors());
    let output = run(&["validate", "job.yaml"], dir.path());
    assert_eq!(code(&output), 1, "{}", stdout(&output));
}

#[test]
fn a_missing_path_exits_2_and_names_it() {
    let dir = workspace();
    let output = run(&["validate", "nowhere/job.yaml"], dir.path());
    assert_eq!(code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("nowhere/job.yaml"), "{output:?}");
}

#[test]
fn a_file_that_is_not_a_manifest_exits_2() {
    let dir = workspace();
    write(dir.path(), "README.txt", "apiVersion: sagespec/v1\n");
    let output = run(&["validate", "README.txt"], dir.path());
    assert_eq!(code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("README.txt"), "{output:?}");
}

#[test]
fn bad_flags_exit_2() {
    let dir = workspace();
    write(dir.path(), "job.yaml", CLEAN_YAML);
    for args in [
        &["validate", "--format", "xml", "job.yaml"][..],
        &["validate", "--no-such-flag", "job.yaml"],
        &["validate"],
        &["no-such-command"],
    ] {
        assert_eq!(code(&run(args, dir.path())), 2, "sagespec {args:?}");
    }
}

// ── which files are checked ───────────────────────────────────────────────────────────

#[test]
fn a_folder_yields_only_sagespec_manifests() {
    let dir = workspace();
    write(dir.path(), "jobs/bad.yaml", &yaml_with_errors());
    write(dir.path(), "jobs/clean.toml", CLEAN_TOML);
    write(dir.path(), "jobs/nested/bad.yml", &yaml_with_errors());
    write(dir.path(), "jobs/nested/bad.toml", &toml_with_errors());
    write(dir.path(), "jobs/src/train.py", ADAPTED_SCRIPT);
    write(dir.path(), "jobs/nested/src/train.py", ADAPTED_SCRIPT);
    // Not sagespec manifests: other YAML and TOML, and a manifest with another extension.
    write(dir.path(), "jobs/ci.yaml", "on: push\njobs:\n  build: {runs-on: ubuntu-latest}\n");
    write(dir.path(), "jobs/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: sagespec/x}\n");
    write(dir.path(), "jobs/Cargo.toml", "[package]\nname = \"x\"\n");
    write(dir.path(), "jobs/job.json", "{\"apiVersion\": \"sagespec/v1\"}\n");
    write(dir.path(), "jobs/notes.txt", &yaml_with_errors());

    let output = run(&["--format", "json", "validate", "jobs"], dir.path());
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    let value = json(&output);
    let mut files: Vec<&str> = diagnostics(&value).iter().map(|d| d["file"].as_str().expect("file")).collect();
    files.dedup();
    assert_eq!(files, ["jobs/bad.yaml", "jobs/nested/bad.toml", "jobs/nested/bad.yml"]);

    let human = run(&["validate", "jobs"], dir.path());
    assert!(stdout(&human).ends_with("in 3 of 4 files\n"), "{}", stdout(&human));
}

#[test]
fn a_walked_manifest_that_is_not_utf8_is_reported_and_a_file_named_twice_is_checked_once() {
    let dir = workspace();
    std::fs::create_dir_all(dir.path().join("jobs")).expect("mkdir");
    std::fs::write(dir.path().join("jobs/latin1.yaml"), b"apiVersion: sagespec/v1\n# caf\xe9\n").expect("write");
    write(dir.path(), "jobs/bad.yaml", &yaml_with_errors());
    let output = run(&["--format", "json", "validate", "jobs", "jobs/bad.yaml"], dir.path());
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    let value = json(&output);
    let utf8: Vec<&Value> = diagnostics(&value).iter().filter(|d| d["file"] == "jobs/latin1.yaml").collect();
    assert_eq!(utf8.len(), 1, "{value}");
    assert_eq!(utf8[0]["code"], "sagespec::source::syntax");
    assert_eq!(utf8[0]["line"], 2);
    let human = run(&["validate", "jobs", "jobs/bad.yaml"], dir.path());
    assert!(stdout(&human).ends_with("in 2 files\n"), "{}", stdout(&human));
}

#[test]
fn a_folder_without_manifests_is_a_usage_error_for_every_command_that_reads_manifests() {
    let dir = workspace();
    write(dir.path(), "empty/ci.yaml", "on: push\n");
    write(dir.path(), "empty/Cargo.toml", "[package]\nname = \"x\"\n");
    std::fs::create_dir_all(dir.path().join("bare")).expect("mkdir");
    write(dir.path(), "jobs/job.yaml", CLEAN_YAML);
    for folder in ["empty", "bare"] {
        for command in [
            &["validate", folder][..],
            &["compile", folder, "--account-id", "111122223333"],
            &["plan", folder],
            &["apply", folder, "--yes"],
            // A good path does not excuse a mistyped one.
            &["validate", "jobs", folder],
        ] {
            // No AWS call is reached; should one be, it can only fail on loopback.
            let output = bin()
                .args(command)
                .current_dir(dir.path())
                .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
                .env("SAGESPEC_LOOPBACK_ONLY", "1")
                .env("AWS_REGION", "us-west-2")
                .output()
                .expect("sagespec runs");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(code(&output), 2, "sagespec {command:?}: {stderr}");
            assert!(
                stderr.contains(&format!("error: {folder}: no manifests in this folder")),
                "sagespec {command:?}: {stderr}"
            );
        }
    }
}

#[test]
fn several_files_report_all_their_findings_in_one_run() {
    let dir = workspace();
    write(dir.path(), "a.yaml", &yaml_with_errors());
    write(dir.path(), "b.toml", &toml_with_errors());
    write(dir.path(), "c.yaml", CLEAN_YAML);
    let output = run(&["--format", "json", "validate", "a.yaml", "b.toml", "c.yaml"], dir.path());
    assert_eq!(code(&output), 1);
    let value = json(&output);
    for file in ["a.yaml", "b.toml"] {
        let pointers: Vec<&str> = diagnostics(&value)
            .iter()
            .filter(|d| d["file"] == file)
            .map(|d| d["pointer"].as_str().expect("pointer"))
            .collect();
        assert!(pointers.contains(&"/colour"), "{file}: {pointers:?}");
        assert!(pointers.contains(&"/tensorboard_output_config/colr"), "{file}: {pointers:?}");
    }
    assert!(diagnostics(&value).iter().all(|d| d["file"] != "c.yaml"));
}

// ── --format json ─────────────────────────────────────────────────────────────────────

#[test]
fn json_has_exactly_the_contract_shape() {
    let dir = workspace();
    write(dir.path(), "a.yaml", &yaml_with_errors());
    write(dir.path(), "b.toml", &toml_with_errors());
    let output = run(&["--format", "json", "validate", "a.yaml", "b.toml"], dir.path());
    let value = json(&output);
    let top: Vec<&String> = value.as_object().expect("an object").keys().collect();
    assert_eq!(top, ["diagnostics", "errors", "warnings"]);
    let all = diagnostics(&value);
    assert!(!all.is_empty());
    for d in all {
        let keys: Vec<&String> = d.as_object().expect("a diagnostic is an object").keys().collect();
        assert_eq!(
            keys,
            ["file", "code", "severity", "message", "help", "pointer", "line", "column", "offset", "length"]
        );
        assert!(d["file"].is_string() && d["message"].as_str().is_some_and(|m| !m.is_empty()), "{d}");
        assert!(d["code"].as_str().is_some_and(|c| c.starts_with("sagespec::")), "{d}");
        assert!(d["severity"] == "error" || d["severity"] == "warning", "{d}");
        assert!(d["help"].is_string() || d["help"].is_null(), "{d}");
        assert!(d["pointer"].as_str().is_some_and(|p| p.is_empty() || p.starts_with('/')), "{d}");
        assert!(d["line"].as_u64().is_some_and(|n| n >= 1) && d["column"].as_u64().is_some_and(|n| n >= 1), "{d}");
        assert!(d["offset"].is_u64() && d["length"].is_u64(), "{d}");
    }
    let count = |severity: &str| all.iter().filter(|d| d["severity"] == severity).count();
    assert_eq!(value["errors"], count("error"));
    assert_eq!(value["warnings"], count("warning"));
}

/// The finding at `pointer`, or a panic listing them all.
fn at<'a>(value: &'a Value, file: &str, pointer: &str) -> &'a Value {
    diagnostics(value)
        .iter()
        .find(|d| d["file"] == file && d["pointer"] == pointer)
        .unwrap_or_else(|| panic!("no finding at {file}#{pointer} in {value:#}"))
}

/// `(code, line, column, text at offset..offset+length)`.
fn position(d: &Value, source: &str) -> (String, u64, u64, String) {
    let offset = usize::try_from(d["offset"].as_u64().expect("offset")).expect("fits");
    let length = usize::try_from(d["length"].as_u64().expect("length")).expect("fits");
    let text =
        source.get(offset..offset + length).unwrap_or_else(|| panic!("{d} is outside the file or splits a character"));
    (
        d["code"].as_str().expect("code").to_owned(),
        d["line"].as_u64().expect("line"),
        d["column"].as_u64().expect("column"),
        text.to_owned(),
    )
}

#[test]
fn json_positions_point_at_the_offending_text() {
    let dir = workspace();
    let (yaml, toml) = (yaml_with_errors(), toml_with_errors());
    write(dir.path(), "a.yaml", &yaml);
    write(dir.path(), "b.toml", &toml);
    let value = json(&run(&["--format", "json", "validate", "a.yaml", "b.toml"], dir.path()));

    let unknown = "sagespec::schema::unknown-key".to_owned();
    assert_eq!(position(at(&value, "a.yaml", "/colour"), &yaml), (unknown.clone(), 18, 1, "colour".to_owned()));
    // `ü` is two bytes but one column.
    assert_eq!(
        position(at(&value, "a.yaml", "/tensorboard_output_config/colr"), &yaml),
        (unknown.clone(), 19, 73, "colr".to_owned())
    );
    assert_eq!(position(at(&value, "b.toml", "/colour"), &toml), (unknown.clone(), 14, 1, "colour".to_owned()));
    assert_eq!(
        position(at(&value, "b.toml", "/tensorboard_output_config/colr"), &toml),
        (unknown, 15, 78, "colr".to_owned())
    );
}

#[test]
fn json_line_and_column_agree_with_offset_for_every_finding() {
    let dir = workspace();
    let sources = [("a.yaml", yaml_with_errors()), ("b.toml", toml_with_errors())];
    for (name, text) in &sources {
        write(dir.path(), name, text);
    }
    let value = json(&run(&["--format", "json", "validate", "a.yaml", "b.toml"], dir.path()));
    for d in diagnostics(&value) {
        let source = &sources.iter().find(|(name, _)| d["file"] == *name).expect("a known file").1;
        let offset = usize::try_from(d["offset"].as_u64().expect("offset")).expect("fits");
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(line as u64), Some(column as u64)), "{d}");
    }
}

// ── --format sarif ────────────────────────────────────────────────────────────────────

fn sarif_validator() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"))
            .expect("tests/data/sarif-schema-2.1.0.json is vendored");
    let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    jsonschema::draft4::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles")
}

fn assert_valid_sarif(log: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(log).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF schema errors:\n{}\n{log:#}", errors.join("\n"));
}

#[test]
fn the_vendored_schema_rejects_a_broken_log() {
    // Proves the validation below can fail: a result without a message is not SARIF.
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "x"}]}]});
    assert!(!sarif_validator().is_valid(&broken));
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let dir = workspace();
    write(dir.path(), "a.yaml", &yaml_with_errors());
    write(dir.path(), "specs/my job.toml", &toml_with_errors());
    write(dir.path(), "clean.yaml", CLEAN_YAML);
    let args = ["validate", "a.yaml", "specs/my job.toml", "clean.yaml"];
    let output = run(&[&["--format", "sarif"][..], &args].concat(), dir.path());
    assert_eq!(code(&output), 1);
    let log: Value = json(&output);
    assert_valid_sarif(&log);

    // The same findings as JSON, at the same places.
    let findings = json(&run(&[&["--format", "json"][..], &args].concat(), dir.path()));
    let run0 = &log["runs"][0];
    let results = run0["results"].as_array().expect("results");
    assert_eq!(results.len(), diagnostics(&findings).len());
    for (result, d) in results.iter().zip(diagnostics(&findings)) {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(result["ruleId"], d["code"]);
        assert_eq!(result["level"], d["severity"]);
        assert_eq!((&region["startLine"], &region["startColumn"]), (&d["line"], &d["column"]));
        assert_eq!((&region["byteOffset"], &region["byteLength"]), (&d["offset"], &d["length"]));
        let index = usize::try_from(result["ruleIndex"].as_u64().expect("ruleIndex")).expect("fits");
        assert_eq!(run0["tool"]["driver"]["rules"][index]["id"], d["code"]);
    }
    let uris: Vec<&str> = results
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().expect("uri"))
        .collect();
    assert!(uris.contains(&"a.yaml") && uris.contains(&"specs/my%20job.toml"), "{uris:?}");
}

#[test]
fn sarif_without_findings_is_still_a_valid_log() {
    let dir = workspace();
    write(dir.path(), "clean.yaml", CLEAN_YAML);
    let output = run(&["--format", "sarif", "validate", "clean.yaml"], dir.path());
    assert_eq!(code(&output), 0);
    let log = json(&output);
    assert_valid_sarif(&log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

// ── --format github ───────────────────────────────────────────────────────────────────

#[test]
fn github_prints_one_escaped_annotation_per_finding() {
    let dir = workspace();
    // `,` and `:` in a property must be escaped, or the runner cuts the file name there.
    write(dir.path(), "a,b:c.yaml", &yaml_with_errors());
    let output = run(&["--format", "github", "validate", "a,b:c.yaml"], dir.path());
    assert_eq!(code(&output), 1);
    let findings = json(&run(&["--format", "json", "validate", "a,b:c.yaml"], dir.path()));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), diagnostics(&findings).len(), "{text}");
    for (line, d) in lines.iter().zip(diagnostics(&findings)) {
        let expected_head = format!(
            "::{} file=a%2Cb%3Ac.yaml,line={},col={},title={}::",
            d["severity"].as_str().expect("severity"),
            d["line"],
            d["column"],
            d["code"].as_str().expect("code").replace(':', "%3A"),
        );
        assert!(line.starts_with(&expected_head), "{line}\nexpected it to start with {expected_head}");
        let message = &line[expected_head.len()..];
        let mut expected = d["message"].as_str().expect("message").to_owned();
        if let Some(help) = d["help"].as_str() {
            expected = format!("{expected}\nhelp: {help}");
        }
        let expected = expected.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
        assert_eq!(message, expected);
    }
    let unknown = lines.iter().find(|l| l.contains("line=18,col=1,")).expect("the unknown key on line 18");
    assert!(
        unknown.starts_with("::error file=a%2Cb%3Ac.yaml,line=18,col=1,title=sagespec%3A%3Aschema%3A%3Aunknown-key::"),
        "{unknown}"
    );
}

// ── --format human ────────────────────────────────────────────────────────────────────

fn has_ansi(text: &str) -> bool {
    text.contains('\u{1b}')
}

#[test]
fn human_output_has_no_colour_when_piped() {
    let dir = workspace();
    write(dir.path(), "a.yaml", &yaml_with_errors());
    let output = run(&["validate", "a.yaml"], dir.path());
    let text = stdout(&output);
    assert!(!has_ansi(&text), "{text:?}");
    assert!(text.contains("unknown key"), "{text}");
    assert!(text.contains("a.yaml:18:1"), "{text}");
}

/// Runs sagespec with stdout on a pseudo-terminal (util-linux `script`), so the terminal
/// check sees a TTY. `None` when `script` is not installed.
fn on_a_terminal(dir: &Path, args: &str, no_color_env: bool) -> Option<String> {
    let script = Path::new("/usr/bin/script");
    if !script.exists() {
        eprintln!("skipping the terminal half: /usr/bin/script (util-linux) is not installed");
        return None;
    }
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_sagespec"));
    let mut script = Command::new(script);
    script.args(["-qec", &command, "/dev/null"]).current_dir(dir).env_remove("NO_COLOR");
    if no_color_env {
        script.env("NO_COLOR", "1");
    }
    let output = script.output().expect("script runs");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn human_output_is_coloured_on_a_terminal_unless_told_not_to() {
    let dir = workspace();
    write(dir.path(), "a.yaml", &yaml_with_errors());
    let Some(coloured) = on_a_terminal(dir.path(), "validate a.yaml", false) else {
        return;
    };
    assert!(has_ansi(&coloured), "a terminal gets colour: {coloured:?}");
    let with_env = on_a_terminal(dir.path(), "validate a.yaml", true).expect("script is installed");
    assert!(!has_ansi(&with_env), "NO_COLOR: {with_env:?}");
    let with_flag = on_a_terminal(dir.path(), "--no-color validate a.yaml", false).expect("script is installed");
    assert!(!has_ansi(&with_flag), "--no-color: {with_flag:?}");
    assert!(with_flag.contains("unknown key"), "{with_flag}");
}

#[test]
fn plan_detailed_exitcode_keeps_2_for_changes_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = run(&["plan", "no-such-folder", "--detailed-exitcode"], root);
    assert_eq!(code(&output), 1, "{}", String::from_utf8_lossy(&output.stderr));
    let output = run(&["plan", "no-such-folder"], root);
    assert_eq!(code(&output), 2);
}

// ── sagespec schema ───────────────────────────────────────────────────────────────────

#[test]
fn schema_prints_exactly_the_committed_schema_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed =
        std::fs::read(root.join("schema/sagespec.schema.json")).expect("schema/sagespec.schema.json is committed");
    let output = run(&["schema"], root);
    assert_eq!(code(&output), 0);
    assert!(output.stdout == committed, "`sagespec schema` differs from schema/sagespec.schema.json");
}

#[test]
fn schema_prints_each_kinds_committed_schema_and_refuses_an_unknown_kind() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (kind, file) in
        [("TuningJob", "tuning-job.schema.json"), ("Model", "model.schema.json"), ("Endpoint", "endpoint.schema.json")]
    {
        let committed = std::fs::read(root.join("schema").join(file)).expect("committed schema");
        let output = run(&["schema", "--kind", kind], root);
        assert_eq!(code(&output), 0, "{kind}");
        assert!(output.stdout == committed, "`sagespec schema --kind {kind}` differs from schema/{file}");
    }
    let output = run(&["schema", "--kind", "Pipeline"], root);
    assert_eq!(code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("TrainingJob, TuningJob, Model, Endpoint"));
}

// ── Where findings point, and what they say (tests/fixtures/diagnostics/) ─────────────

/// The fixture folder of the diagnostics tests; each file there says in its first comment
/// what it shows.
fn diagnostics_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnostics")
}

/// `(code, pointer, message, the text the finding's span covers, line)` of every finding
/// in `--format json`, in the order printed.
fn findings_of(file: &str) -> Vec<(String, String, String, String, u64)> {
    let dir = diagnostics_dir();
    let text = std::fs::read_to_string(dir.join(file)).expect("readable fixture");
    let output = run(&["--format", "json", "validate", file], &dir);
    assert_eq!(code(&output), 1, "{file} has errors: {}", stdout(&output));
    json(&output)["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let offset = usize::try_from(d["offset"].as_u64().expect("offset")).expect("offset fits");
            let length = usize::try_from(d["length"].as_u64().expect("length")).expect("length fits");
            (
                d["code"].as_str().expect("code").to_owned(),
                d["pointer"].as_str().expect("pointer").to_owned(),
                d["message"].as_str().expect("message").to_owned(),
                text.get(offset..offset + length).expect("span inside the file").to_owned(),
                d["line"].as_u64().expect("line"),
            )
        })
        .collect()
}

/// `(code, pointer, message, spanned text without quotes)`, for comparing YAML and TOML.
fn without_lines(findings: Vec<(String, String, String, String, u64)>) -> Vec<(String, String, String, String)> {
    findings.into_iter().map(|(c, p, m, s, _)| (c, p, m, s.trim_matches('"').to_owned())).collect()
}

#[test]
fn a_channel_name_with_a_space_is_reported_at_the_key_by_name() {
    for file in ["channel-name.yaml", "channel-name.toml"] {
        assert_eq!(
            without_lines(findings_of(file)),
            [(
                "sagespec::schema::invalid-format".to_owned(),
                "/inputs/train set".to_owned(),
                "`train set` is not a valid channel name".to_owned(),
                "train set".to_owned(),
            )],
            "{file}"
        );
    }
    // The human report underlines the key and says which names are allowed.
    let output = run(&["--no-color", "validate", "channel-name.yaml"], &diagnostics_dir());
    let text = stdout(&output);
    assert!(text.contains("[channel-name.yaml:16:3]"), "{text}");
    assert!(text.contains("  train set: s3://my-bucket/train/\n    ·   ────┬────\n"), "{text}");
    assert!(text.contains("channel names may use only ASCII letters, digits"), "{text}");
}

#[test]
fn an_environment_variable_name_that_breaks_the_pattern_is_reported_at_the_key() {
    for file in ["environment-name.yaml", "environment-name.toml"] {
        assert_eq!(
            without_lines(findings_of(file)),
            [(
                "sagespec::schema::invalid-format".to_owned(),
                "/environment/2FA_TOKEN_FILE".to_owned(),
                "`2FA_TOKEN_FILE` is not a valid environment variable name".to_owned(),
                "2FA_TOKEN_FILE".to_owned(),
            )],
            "{file}"
        );
    }
}

#[test]
fn too_many_tags_is_labelled_at_the_tags_key() {
    for file in ["too-many-tags.yaml", "too-many-tags.toml"] {
        assert_eq!(
            without_lines(findings_of(file)),
            [(
                "sagespec::schema::invalid-length".to_owned(),
                "/tags".to_owned(),
                "`tags` must be a mapping with at most 50 entries (it has 51)".to_owned(),
                "tags".to_owned(),
            )],
            "{file}"
        );
    }
    let output = run(&["--no-color", "validate", "too-many-tags.yaml"], &diagnostics_dir());
    let text = stdout(&output);
    assert!(text.contains(" 14 │ tags:\n    · ──┬─\n    ·   ╰── 51 tags\n"), "{text}");
}

#[test]
fn a_misspelled_required_key_is_reported_once_at_the_misspelling() {
    let expected = [
        (
            "sagespec::schema::unknown-key".to_owned(),
            "/rol".to_owned(),
            "unknown key `rol` is probably `role`, which is missing".to_owned(),
            "rol".to_owned(),
        ),
        (
            "sagespec::schema::unknown-key".to_owned(),
            "/instance_cout".to_owned(),
            "unknown key `instance_cout` is probably `instance_count`, which is missing".to_owned(),
            "instance_cout".to_owned(),
        ),
    ];
    for file in ["misspelled-key.yaml", "misspelled-key.toml"] {
        assert_eq!(without_lines(findings_of(file)), expected, "{file}");
    }
    let output = run(&["--no-color", "validate", "misspelled-key.yaml"], &diagnostics_dir());
    let text = stdout(&output);
    assert!(text.contains("help: rename `instance_cout` to `instance_count`"), "{text}");
    // The missing key's context stays, as a second label.
    assert!(text.contains("how many of these?"), "{text}");
    assert!(text.contains("2 errors in 1 file"), "{text}");
}

#[test]
fn findings_are_listed_in_source_order_whatever_stage_found_them() {
    let found = findings_of("source-order.yaml");
    let lines: Vec<u64> = found.iter().map(|f| f.4).collect();
    // Written by hand from the fixture: the schema's unknown key (line 16) comes after the
    // rules' findings above it, though the schema runs first.
    assert_eq!(lines, [8, 10, 15, 16, 18], "{found:?}");
    let codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        codes,
        [
            "sagespec::manifest::unquoted-version",
            "sagespec::code::entry-point-not-found",
            "sagespec::service::spot-without-max-wait",
            "sagespec::schema::unknown-key",
            "sagespec::api::invalid-tag-characters",
        ]
    );
    // The human report lists them in the same order.
    let output = run(&["--no-color", "validate", "source-order.yaml"], &diagnostics_dir());
    let text = stdout(&output);
    let positions: Vec<usize> =
        codes.iter().map(|c| text.find(&format!("{c}\n")).unwrap_or_else(|| panic!("{c} in {text}"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
}

/// A finding about the training script labels the script: SARIF lists that place as a
/// related location (a valid log), and the human report shows the script's snippet.
#[test]
fn a_script_finding_labels_the_script_in_sarif_and_in_the_human_report() {
    let dir = workspace();
    write(dir.path(), "src/train.py", "import torch.distributed as dist\ndist.init_process_group(\"nccl\")\n");
    write(dir.path(), "job.yaml", CLEAN_YAML);
    let output = run(&["--format", "sarif", "validate", "job.yaml"], dir.path());
    assert_eq!(code(&output), 0, "a warning: {}", stdout(&output));
    let log = json(&output);
    assert_valid_sarif(&log);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "sagespec::script::dataparallel-not-initialised");
    let related = &result["relatedLocations"][0];
    assert_eq!(related["physicalLocation"]["artifactLocation"]["uri"], "src/train.py");
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 2);
    assert_eq!(related["physicalLocation"]["region"]["startColumn"], 1);

    let human = run(&["--no-color", "validate", "job.yaml"], dir.path());
    let text = stdout(&human);
    assert!(text.contains("[src/train.py:2:1]"), "{text}");
    assert!(text.contains("starts the process group with backend \"nccl\""), "{text}");
}

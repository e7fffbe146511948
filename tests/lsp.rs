//! `sagespec lsp` driven over stdio as an editor drives it: initialize, didOpen and
//! publishDiagnostics, hover, codeAction, didChange with the fix, completion, definition,
//! and shutdown. The manifest has non-ASCII comments and values, so every position is
//! checked in UTF-16 columns (the expected columns are counted by hand in comments).

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::{Client, uri};
use serde_json::{Value as Json, json};

/// Line 6 (0-based) holds the unquoted version, line 7 an unknown key after non-ASCII text.
const MANIFEST: &str = "\
# Modèle d'entraînement — « données » 😀
apiVersion: sagespec/v1
kind: TrainingJob
job_name: lsp-test
region: us-west-2
framework: pytorch
framework_version: 2.2 # version écrite sans guillemets
tensorboard_output_config: {container_local_output_path: /opt/ml/ü😀, colr: x}
py_version: py310
entry_point: train.py
source_dir: src
role: arn:aws:iam::111122223333:role/SageMakerRole
instance_type: ml.g5.xlarge
instance_count: 1
";

fn position(line: u32, character: u32) -> Json {
    json!({ "line": line, "character": character })
}

fn range(start: (u32, u32), end: (u32, u32)) -> Json {
    json!({ "start": position(start.0, start.1), "end": position(end.0, end.1) })
}

fn codes(diagnostics: &[Json]) -> Vec<&str> {
    diagnostics.iter().filter_map(|d| d["code"].as_str()).collect()
}

fn with_code<'d>(diagnostics: &'d [Json], code: &str) -> &'d Json {
    diagnostics.iter().find(|d| d["code"] == code).unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("src")).expect("mkdir");
        std::fs::write(dir.path().join("src/train.py"), "print('hi')\n").expect("write");
        Self { dir }
    }

    fn uri(&self, name: &str) -> String {
        uri(&std::fs::canonicalize(self.dir.path()).expect("canonical").join(name))
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).expect("write");
    }
}

fn open(client: &mut Client, uri: &str, text: &str) {
    let toml = std::path::Path::new(uri).extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let language = if toml { "toml" } else { "yaml" };
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
    );
}

fn start() -> (Client, Json) {
    Client::start(env!("CARGO_BIN_EXE_sagespec"))
}

#[test]
fn a_session_from_open_to_fixed_with_utf16_positions() {
    let workspace = Workspace::new();
    let manifest = workspace.uri("train.yaml");
    let (mut client, initialized) = start();
    let capabilities = &initialized["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(capabilities["definitionProvider"], true);

    open(&mut client, &manifest, MANIFEST);
    let diagnostics = client.diagnostics(&manifest, 1);
    assert!(codes(&diagnostics).contains(&"sagespec::manifest::unquoted-version"), "{diagnostics:#?}");
    // `framework_version: ` is 19 units; `2.2` ends at 22.
    let unquoted = with_code(&diagnostics, "sagespec::manifest::unquoted-version");
    assert_eq!(unquoted["range"], range((6, 19), (6, 22)));
    assert_eq!(unquoted["severity"], 1);
    assert_eq!(unquoted["source"], "sagespec");
    assert!(unquoted["message"].as_str().is_some_and(|m| m.contains("\nhelp: quote it")), "{unquoted}");
    // `colr` follows `tensorboard_output_config: {` (28), `container_local_output_path: `
    // (29), `/opt/ml/` (8), `ü` (1 unit, 2 bytes), `😀` (2 units, 4 bytes) and `, ` (2):
    // column 70 in UTF-16 (73 in bytes, 69 in characters).
    let unknown = with_code(&diagnostics, "sagespec::schema::unknown-key");
    assert_eq!(unknown["range"], range((7, 70), (7, 74)));

    // Hover: the rule's docs on the diagnostic, the schema's on a key.
    let on_version = client
        .request("textDocument/hover", json!({ "textDocument": { "uri": manifest }, "position": position(6, 20) }));
    let docs = on_version["contents"]["value"].as_str().expect("markdown");
    assert!(docs.contains("sagespec::manifest::unquoted-version") && docs.contains("**Why:**"), "{docs}");
    let on_key = client
        .request("textDocument/hover", json!({ "textDocument": { "uri": manifest }, "position": position(9, 3) }));
    let docs = on_key["contents"]["value"].as_str().expect("markdown");
    assert!(docs.starts_with("**Entry point** (`entry_point`)"), "{docs}");
    assert_eq!(on_key["range"], range((9, 0), (9, 11)));

    // Code action on the unquoted version: the fix, as a workspace edit.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": manifest },
            "range": range((6, 20), (6, 20)),
            "context": { "diagnostics": [] },
        }),
    );
    let action = actions
        .as_array()
        .and_then(|a| a.iter().find(|a| a["title"] == "quote the version: \"2.2\""))
        .unwrap_or_else(|| panic!("no fix in {actions:#}"));
    assert_eq!(action["kind"], "quickfix");
    let edits = action["edit"]["changes"][&manifest].as_array().expect("edits").clone();
    assert_eq!(edits, [json!({ "range": range((6, 19), (6, 22)), "newText": "\"2.2\"" })]);

    // The editor applies it: the diagnostic is gone, the other one stays where it was.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": manifest, "version": 2 }, "contentChanges": [
            { "range": edits[0]["range"], "text": edits[0]["newText"] }
        ] }),
    );
    let fixed = client.diagnostics(&manifest, 2);
    assert!(!codes(&fixed).contains(&"sagespec::manifest::unquoted-version"), "{fixed:#?}");
    assert_eq!(with_code(&fixed, "sagespec::schema::unknown-key")["range"], range((7, 70), (7, 74)));

    // Completion: py_version values for PyTorch 2.2 (now a string).
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": manifest }, "position": position(8, 14) }),
    );
    let labels: Vec<&str> = completion.as_array().expect("items").iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels, ["py310"]);
    // Keys not yet written, on a new line.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": manifest, "version": 3 }, "contentChanges": [
            { "range": range((14, 0), (14, 0)), "text": "max_r" }
        ] }),
    );
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": manifest }, "position": position(14, 5) }),
    );
    let items = completion.as_array().expect("items");
    let max_run = items.iter().find(|i| i["label"] == "max_run").expect("max_run offered");
    assert_eq!(max_run["insertText"], "max_run: ");
    assert!(!items.iter().any(|i| i["label"] == "framework"), "a key already written is not offered");

    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn toml_manifests_get_diagnostics_and_fixes_too() {
    let workspace = Workspace::new();
    let manifest = workspace.uri("train.toml");
    let text =
        "# Modèle — TOML 😀\napiVersion = \"sagespec/v1\"\nkind = \"TrainingJob\"\nframework = \"pytroch\" # ü\n";
    let (mut client, _) = start();
    open(&mut client, &manifest, text);
    let diagnostics = client.diagnostics(&manifest, 1);
    let invalid = diagnostics
        .iter()
        .find(|d| d["code"] == "sagespec::schema::invalid-value" && d["range"]["start"]["line"] == 3)
        .unwrap_or_else(|| panic!("{diagnostics:#?}"));
    // `framework = ` is 12 units; `"pytroch"` is 9.
    assert_eq!(invalid["range"], range((3, 12), (3, 21)));
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": manifest }, "range": invalid["range"], "context": { "diagnostics": [] } }),
    );
    let edit = &actions[0]["edit"]["changes"][&manifest][0];
    assert_eq!(edit["newText"], "\"pytorch\"");
    assert_eq!(actions[0]["title"], "replace `pytroch` with `pytorch`");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn definition_follows_a_reference_and_other_files_get_no_diagnostics() {
    let workspace = Workspace::new();
    workspace.write(
        "model.yaml",
        "apiVersion: sagespec/v1\nkind: Model\nname: m\nframework: pytorch\nframework_version: \"2.2.0\"\n\
         py_version: py310\nmodel_data: s3://b/model.tar.gz\nrole: arn:aws:iam::111122223333:role/R\n",
    );
    let endpoint = "# Point d'accès 😀\napiVersion: sagespec/v1\nkind: Endpoint\nmodel: model.yaml\n\
                    instance_type: ml.m5.xlarge\ninitial_instance_count: 1\n";
    workspace.write("endpoint.yaml", endpoint);
    let (mut client, _) = start();
    let endpoint_uri = workspace.uri("endpoint.yaml");
    open(&mut client, &endpoint_uri, endpoint);
    assert_eq!(client.diagnostics(&endpoint_uri, 1), Vec::<Json>::new());
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": endpoint_uri }, "position": position(3, 9) }),
    );
    assert_eq!(definition["uri"], workspace.uri("model.yaml"));

    // A YAML file that is not a sagespec manifest: an empty list, never findings.
    let ci = workspace.uri("ci.yaml");
    open(&mut client, &ci, "name: ci\non: push\njobs: {}\n");
    assert_eq!(client.diagnostics(&ci, 1), Vec::<Json>::new());
    let hover =
        client.request("textDocument/hover", json!({ "textDocument": { "uri": ci }, "position": position(0, 1) }));
    assert_eq!(hover, Json::Null);
    assert_eq!(client.shutdown(), Some(0));
}

/// A team's Defaults file: `prod` sets an instance type and a run time its own policy
/// forbids. Line 9 (0-based) holds prod's instance type, line 10 its `max_run`, line 13
/// the policy's allowed types.
const DEFAULTS: &str = "\
# Réglages de l'équipe — « partagés » 😀
apiVersion: sagespec/v1
kind: Defaults
defaults:
  region: us-west-2
  role: arn:aws:iam::111122223333:role/SageMakerRole
  instance_type: ml.g5.xlarge
environments:
  prod:
    instance_type: ml.m5.xlarge
    max_run: 400000
policy:
  allowed_instance_types: [\"ml.g5.*\"]
  max_run: 259200
";

/// A manifest that takes its region, role and instance type from [`DEFAULTS`]: clean in the
/// default environment.
const UNDER_DEFAULTS: &str = "\
apiVersion: sagespec/v1
kind: TrainingJob
job_name: env-test
framework: pytorch
framework_version: \"2.2.0\"
py_version: py310
entry_point: train.py
source_dir: src
instance_count: 1
";

const INSTANCE_TYPE_NOT_ALLOWED: &str = "sagespec::policy::instance-type-not-allowed";
const MAX_RUN_OVER_LIMIT: &str = "sagespec::policy::max-run-over-limit";

/// A repository (discovery stops at its `.git`) with [`DEFAULTS`] and the manifest
/// `train.yaml` ([`UNDER_DEFAULTS`]).
fn defaults_workspace() -> Workspace {
    let workspace = Workspace::new();
    std::fs::create_dir(workspace.dir.path().join(".git")).expect("mkdir");
    workspace.write("sagespec.defaults.yaml", DEFAULTS);
    workspace.write("train.yaml", UNDER_DEFAULTS);
    workspace
}

fn configure(client: &mut Client, settings: &Json) {
    client.notify("workspace/didChangeConfiguration", json!({ "settings": settings }));
}

/// The diagnostics of a publication, checked to be of a file the client has not open.
fn unopened(published: &Json) -> Vec<Json> {
    assert_eq!(published["version"], Json::Null, "{published:#}");
    published["diagnostics"].as_array().cloned().unwrap_or_default()
}

/// Asserts `diagnostics` are prod's two policy findings in the Defaults file, at their lines.
fn assert_prod_findings(diagnostics: &[Json], defaults: &str) {
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    // `    instance_type: ` is 19 units, `ml.m5.xlarge` 12.
    let instance_type = with_code(diagnostics, INSTANCE_TYPE_NOT_ALLOWED);
    assert_eq!(instance_type["range"], range((9, 19), (9, 31)));
    let message = instance_type["message"].as_str().expect("message");
    assert!(message.contains("(inherited by ") && message.contains("train.yaml)"), "{message}");
    let policy = &instance_type["relatedInformation"][0]["location"];
    assert_eq!(policy["uri"], defaults);
    assert_eq!(policy["range"]["start"], position(12, 2));
    // `    max_run: ` is 13 units.
    assert_eq!(with_code(diagnostics, MAX_RUN_OVER_LIMIT)["range"], range((10, 13), (10, 19)));
}

#[test]
fn the_editors_environment_rechecks_the_open_manifests_and_findings_go_to_the_defaults_file() {
    let workspace = defaults_workspace();
    let (manifest, defaults) = (workspace.uri("train.yaml"), workspace.uri("sagespec.defaults.yaml"));
    let (mut client, _) = start();
    open(&mut client, &manifest, UNDER_DEFAULTS);
    assert_eq!(client.diagnostics(&manifest, 1), Vec::<Json>::new());

    // prod: the manifest is checked again; what prod sets is wrong in the Defaults file.
    configure(&mut client, &json!({ "sagespec": { "env": "prod" } }));
    assert_eq!(client.diagnostics(&manifest, 1), Vec::<Json>::new());
    assert_prod_findings(&unopened(&client.next_published(&defaults)), &defaults);

    // A misspelt environment: an error at the manifest, and the Defaults file's cleared.
    configure(&mut client, &json!({ "sagespec": { "env": "prdo" } }));
    let diagnostics = client.diagnostics(&manifest, 1);
    let unknown = with_code(&diagnostics, "sagespec::defaults::unknown-environment");
    assert!(unknown["message"].as_str().is_some_and(|m| m.contains("did you mean `prod`?")), "{unknown}");
    assert_eq!(unopened(&client.next_published(&defaults)), Vec::<Json>::new());

    // Cleared: back to the environment the server started with (none), clean again.
    configure(&mut client, &json!({ "sagespec": { "env": null } }));
    assert_eq!(client.diagnostics(&manifest, 1), Vec::<Json>::new());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn saving_or_changing_a_defaults_file_rechecks_the_manifests_it_reaches() {
    let workspace = defaults_workspace();
    let (manifest, defaults) = (workspace.uri("train.yaml"), workspace.uri("sagespec.defaults.yaml"));
    let initialize = json!({
        "processId": null,
        "capabilities": { "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } },
        "initializationOptions": { "env": "prod" },
    });
    let (mut client, _) = Client::start_with(env!("CARGO_BIN_EXE_sagespec"), initialize, &[]);
    open(&mut client, &manifest, UNDER_DEFAULTS);
    assert_eq!(client.diagnostics(&manifest, 1), Vec::<Json>::new());
    assert_prod_findings(&unopened(&client.next_published(&defaults)), &defaults);
    // The server asked to hear of changes to Defaults files on disk.
    let registration = client.requests.iter().find(|r| r.method == "client/registerCapability").expect("registered");
    let watcher = &registration.params["registrations"][0];
    assert_eq!(watcher["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(watcher["registerOptions"]["watchers"][0]["globPattern"], "**/sagespec.defaults.{yaml,yml,toml}");

    // Opened, the Defaults file is checked as a manifest of its own (nothing wrong in it
    // alone), and the manifests' findings in it are shown with its own, once each.
    open(&mut client, &defaults, DEFAULTS);
    assert_prod_findings(&client.diagnostics(&defaults, 1), &defaults);
    // Hover on one shows its rule's docs, as on a manifest's own finding.
    let hover = client
        .request("textDocument/hover", json!({ "textDocument": { "uri": defaults }, "position": position(9, 22) }));
    let docs = hover["contents"]["value"].as_str().expect("markdown");
    assert!(docs.starts_with(&format!("**`{INSTANCE_TYPE_NOT_ALLOWED}`**")), "{docs}");
    assert_eq!(hover["range"], range((9, 19), (9, 31)));

    // Edited: the manifests follow the saved file, so until it is saved nothing changes.
    let fixed = DEFAULTS.replace("ml.m5.xlarge", "ml.g5.2xlarge").replace("400000", "200000");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": defaults, "version": 2 }, "contentChanges": [{ "text": fixed }] }),
    );
    assert_prod_findings(&client.diagnostics(&defaults, 2), &defaults);
    // Saved: the manifest is checked again and the findings go.
    workspace.write("sagespec.defaults.yaml", &fixed);
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": defaults } }));
    assert_eq!(client.diagnostics(&manifest, 1), Vec::<Json>::new());
    assert_eq!(client.diagnostics(&defaults, 2), Vec::<Json>::new());

    // Closed, then changed on disk (a checkout): the client's file watcher reports it.
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": defaults } }));
    assert_eq!(unopened(&client.next_published(&defaults)), Vec::<Json>::new());
    workspace.write("sagespec.defaults.yaml", DEFAULTS);
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": defaults, "type": 2 }] }));
    assert_eq!(client.diagnostics(&manifest, 1), Vec::<Json>::new());
    assert_prod_findings(&unopened(&client.next_published(&defaults)), &defaults);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn sagespec_env_selects_the_environment_until_the_editor_names_one() {
    let workspace = defaults_workspace();
    let (manifest, defaults) = (workspace.uri("train.yaml"), workspace.uri("sagespec.defaults.yaml"));
    let initialize = json!({ "processId": null, "capabilities": {} });
    let (mut client, _) = Client::start_with(env!("CARGO_BIN_EXE_sagespec"), initialize, &[("SAGESPEC_ENV", "prod")]);
    open(&mut client, &manifest, UNDER_DEFAULTS);
    assert_eq!(client.diagnostics(&manifest, 1), Vec::<Json>::new());
    assert_prod_findings(&unopened(&client.next_published(&defaults)), &defaults);
    configure(&mut client, &json!({ "sagespec": { "env": "staging" } }));
    let diagnostics = client.diagnostics(&manifest, 1);
    assert_eq!(codes(&diagnostics), ["sagespec::defaults::unknown-environment"]);
    assert_eq!(unopened(&client.next_published(&defaults)), Vec::<Json>::new());
    assert_eq!(client.shutdown(), Some(0));
}

//! The committed JSON Schema, proven in a real editor engine: these tests start the pinned
//! yaml-language-server (`tests/editors/package.json`, installed by `scripts/editors-setup`)
//! over stdio exactly as an editor does — LSP `initialize`, `didOpen` of a document whose
//! first line is the `# yaml-language-server: $schema=…` modeline, then
//! `publishDiagnostics` and `completion` — and check that:
//!
//! - a misspelled key, a wrong enum value, an out-of-range number and a missing required key
//!   (top level and nested) each give exactly one diagnostic, on the line at fault;
//! - every YAML example in `specs/`, opened as it is (its relative modeline included), and
//!   every `"expect": "ok"` conformance manifest (modeline added to the copy opened) gives
//!   none;
//! - completion at the top level offers every manifest key not yet written, each with its
//!   schema description.
//!
//! When the server is not installed the tests fail with a message naming the set-up script;
//! set `SAGESPEC_SKIP_EDITOR_TESTS=1` to skip them on a machine without Node.js (never in CI).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod support;

/// How long one answer from the server may take (schema loading included).
const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path() -> PathBuf {
    repo().join("schema/sagespec.schema.json")
}

fn file_uri(path: &Path) -> String {
    let absolute = if path.is_absolute() { path.to_path_buf() } else { repo().join(path) };
    format!("file://{}", absolute.display())
}

/// The modeline an editor user writes, pointing at the committed schema by absolute path.
fn modeline() -> String {
    format!("# yaml-language-server: $schema={}\n", schema_path().display())
}

/// The installed server's entry script, or `None` when the tests are to be skipped.
fn server_script() -> Option<PathBuf> {
    let script = repo().join("tests/editors/node_modules/yaml-language-server/bin/yaml-language-server");
    if script.is_file() {
        return Some(script);
    }
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    if !in_ci && std::env::var_os("SAGESPEC_SKIP_EDITOR_TESTS").is_some_and(|v| v == "1") {
        eprintln!("SKIPPED: yaml-language-server is not installed and SAGESPEC_SKIP_EDITOR_TESTS=1");
        return None;
    }
    panic!(
        "yaml-language-server is not installed at {}: run scripts/editors-setup (scripts/test does), \
         or set SAGESPEC_SKIP_EDITOR_TESTS=1 outside CI",
        script.display()
    );
}

/// A minimal LSP client over the server's stdio: a reader thread parses frames, answers the
/// server's own requests (`workspace/configuration`, registrations) and forwards the rest.
struct LanguageServer {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    messages: Receiver<Value>,
    next_id: i64,
    diagnostics: HashMap<String, Vec<Value>>,
    /// Errors the server reported about itself (`telemetry/event` with an `error`).
    internal_errors: Vec<String>,
}

/// The editor settings the client hands the server: validation and completion on, and no
/// SchemaStore catalogue (it would be fetched from the network).
fn yaml_settings() -> Value {
    json!({
        "validate": true,
        "completion": true,
        "hover": true,
        "format": { "enable": false },
        "schemaStore": { "enable": false }
    })
}

fn send(stdin: &Mutex<ChildStdin>, message: &Value) {
    let body = message.to_string();
    let mut stdin = stdin.lock().expect("stdin lock");
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to yaml-language-server");
    stdin.flush().expect("flush to yaml-language-server");
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl LanguageServer {
    fn start(script: &Path) -> Self {
        let mut child = Command::new("node")
            .arg(script)
            .arg("--stdio")
            .current_dir(repo())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start `node` (is Node.js installed?)");
        let stdin = Arc::new(Mutex::new(child.stdin.take().expect("piped stdin")));
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, messages) = channel();
        let answer = Arc::clone(&stdin);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                let is_request = message.get("id").is_some() && message.get("method").is_some();
                if is_request {
                    let result = match message["method"].as_str() {
                        Some("workspace/configuration") => Value::Array(
                            message["params"]["items"]
                                .as_array()
                                .map(|items| {
                                    items
                                        .iter()
                                        .map(|item| match item["section"].as_str() {
                                            Some("yaml") => yaml_settings(),
                                            _ => json!({}),
                                        })
                                        .collect()
                                })
                                .unwrap_or_default(),
                        ),
                        _ => Value::Null,
                    };
                    send(&answer, &json!({"jsonrpc": "2.0", "id": message["id"], "result": result}));
                } else if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut server = LanguageServer {
            child,
            stdin,
            messages,
            next_id: 0,
            diagnostics: HashMap::new(),
            internal_errors: Vec::new(),
        };
        let capabilities = json!({
            "workspace": { "configuration": true, "didChangeConfiguration": { "dynamicRegistration": true } },
            "textDocument": {
                "synchronization": { "didSave": true },
                "publishDiagnostics": { "relatedInformation": true },
                "completion": { "completionItem": {
                    "documentationFormat": ["markdown", "plaintext"],
                    "snippetSupport": true
                } }
            }
        });
        let initialized = server.request(
            "initialize",
            &json!({ "processId": std::process::id(), "rootUri": file_uri(&repo()), "capabilities": capabilities }),
        );
        assert!(
            initialized["capabilities"]["completionProvider"].is_object(),
            "yaml-language-server did not offer completion: {initialized}"
        );
        server.notify("initialized", &json!({}));
        server.notify("workspace/didChangeConfiguration", &json!({ "settings": { "yaml": yaml_settings() } }));
        server
    }

    fn notify(&self, method: &str, params: &Value) {
        send(&self.stdin, &json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result, keeping diagnostics that arrive meanwhile.
    fn request(&mut self, method: &str, params: &Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        send(&self.stdin, &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let answer = self.wait_for(&format!("the answer to {method}"), |m| m["id"] == json!(id));
        assert!(answer.get("error").is_none(), "{method} failed: {answer}");
        answer["result"].clone()
    }

    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + ANSWER_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.keep(&message),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("yaml-language-server sent no {what} within {ANSWER_TIMEOUT:?}")
                }
                Err(RecvTimeoutError::Disconnected) => panic!("yaml-language-server exited while waiting for {what}"),
            }
        }
    }

    fn keep(&mut self, message: &Value) {
        if message["method"] == "textDocument/publishDiagnostics" {
            let uri = message["params"]["uri"].as_str().unwrap_or_default().to_owned();
            let list = message["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            self.diagnostics.insert(uri, list);
        } else if let Some(error) = message["params"]["properties"]["error"].as_str() {
            self.internal_errors.push(error.to_owned());
        }
    }

    /// Opens `text` as the document `uri` and returns the first diagnostics published for it.
    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.diagnostics.remove(uri);
        self.notify(
            "textDocument/didOpen",
            &json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        if let Some(found) = self.diagnostics.remove(uri) {
            return found;
        }
        let message = self.wait_for(&format!("diagnostics for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        message["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    fn close(&self, uri: &str) {
        self.notify("textDocument/didClose", &json!({ "textDocument": { "uri": uri } }));
    }
}

impl Drop for LanguageServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server() -> Option<LanguageServer> {
    server_script().map(|script| LanguageServer::start(&script))
}

fn describe(diagnostics: &[Value]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("line {}: {}", d["range"]["start"]["line"].as_u64().map_or(0, |l| l + 1), d["message"]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// 0-based number of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines().position(|line| line.contains(needle)).expect("the needle is in the document") as u64
}

/// A document that is valid but for the lines of `body`; the header carries the modeline.
fn manifest_with(body: &str) -> String {
    format!(
        "{}apiVersion: sagespec/v1\nkind: TrainingJob\nname: editor-test\nframework: pytorch\nframework_version: \"2.2.0\"\n\
         py_version: py310\nentry_point: train.py\n{body}",
        modeline()
    )
}

/// Opens `text` and asserts exactly one diagnostic, on the line holding `at_line`, whose
/// message contains `message_part`.
fn assert_one_diagnostic(server: &mut LanguageServer, name: &str, text: &str, at_line: &str, message_part: &str) {
    let uri = file_uri(&repo().join(format!("target/editor-test/{name}.sagespec.yaml")));
    let diagnostics = server.open(&uri, text);
    server.close(&uri);
    assert_eq!(diagnostics.len(), 1, "{name}: expected one diagnostic, got:\n{}", describe(&diagnostics));
    let diagnostic = &diagnostics[0];
    let message = diagnostic["message"].as_str().unwrap_or_default();
    assert!(message.contains(message_part), "{name}: message {message:?} does not mention {message_part:?}");
    assert_eq!(
        diagnostic["range"]["start"]["line"].as_u64(),
        Some(line_of(text, at_line)),
        "{name}: diagnostic {message:?} is not on the line of {at_line:?}"
    );
    assert_eq!(diagnostic["severity"], json!(1), "{name}: {message:?} should be an error");
}

const ROLE: &str = "role: arn:aws:iam::111122223333:role/SageMakerRole\n";

#[test]
fn misspelled_key_is_reported_on_its_line() {
    let Some(mut server) = start_server() else { return };
    let text = manifest_with(&format!("{ROLE}instance_type: ml.p4d.24xlarge\ninstnce_count: 2\n"));
    assert_one_diagnostic(&mut server, "misspelled", &text, "instnce_count:", "instnce_count");
}

#[test]
fn misspelled_nested_key_is_reported_on_its_line() {
    let Some(mut server) = start_server() else { return };
    let text = manifest_with(&format!(
        "{ROLE}instance_type: ml.p4d.24xlarge\ndistribution:\n  smdistributed:\n    dataparalel:\n      enabled: true\n"
    ));
    assert_one_diagnostic(&mut server, "misspelled-nested", &text, "dataparalel:", "dataparalel");
}

#[test]
fn wrong_enum_value_is_reported_on_its_line() {
    let Some(mut server) = start_server() else { return };
    let text = manifest_with(&format!("{ROLE}instance_type: ml.p4d.24xlarg\n"));
    assert_one_diagnostic(&mut server, "enum", &text, "instance_type:", "ml.p4d.24xlarge");
}

#[test]
fn wrong_nested_enum_value_is_reported_on_its_line() {
    let Some(mut server) = start_server() else { return };
    let text = manifest_with(&format!(
        "{ROLE}instance_type: ml.p4d.24xlarge\ninputs:\n  train:\n    s3_data: s3://my-bucket/train/\n    input_mode: Streaming\n"
    ));
    assert_one_diagnostic(&mut server, "enum-nested", &text, "input_mode:", "Pipe");
}

#[test]
fn out_of_range_number_is_reported_on_its_line() {
    let Some(mut server) = start_server() else { return };
    let text = manifest_with(&format!("{ROLE}instance_type: ml.p4d.24xlarge\nmax_retry_attempts: 31\n"));
    assert_one_diagnostic(&mut server, "range", &text, "max_retry_attempts:", "maximum of 30");
}

#[test]
fn number_below_minimum_is_reported_on_its_line() {
    let Some(mut server) = start_server() else { return };
    let text = manifest_with(&format!("{ROLE}instance_type: ml.p4d.24xlarge\ninstance_count: 0\n"));
    assert_one_diagnostic(&mut server, "minimum", &text, "instance_count:", "minimum of 1");
}

#[test]
fn missing_required_key_is_reported_on_the_enclosing_mapping() {
    let Some(mut server) = start_server() else { return };
    // No `role`: the top-level mapping (its first key, `apiVersion`) carries the diagnostic.
    let text = manifest_with("instance_type: ml.p4d.24xlarge\n");
    assert_one_diagnostic(&mut server, "required", &text, "apiVersion:", "\"role\"");
}

#[test]
fn missing_required_nested_key_is_reported_on_its_item() {
    let Some(mut server) = start_server() else { return };
    let text = manifest_with(&format!(
        "{ROLE}instance_type: ml.p4d.24xlarge\nmetric_definitions:\n  - name: train:loss\n    regex: \"loss=([0-9.]+)\"\n  - name: eval:loss\n"
    ));
    assert_one_diagnostic(&mut server, "required-nested", &text, "- name: eval:loss", "\"regex\"");
}

/// YAML examples below `specs/` (the code folders hold no manifests).
/// The codes of the errors `sagespec validate` reports at `pointer` in `text` (YAML).
fn cli_errors_at(text: &str, pointer: &str) -> Vec<String> {
    let checked = sagespec::check::check_text("editor.yaml", Arc::from(text), sagespec::source::Format::Yaml, None);
    checked
        .report
        .findings
        .iter()
        .filter(|r| r.finding.is_error() && r.finding.pointer == pointer)
        .map(|r| r.finding.code.to_string())
        .collect()
}

/// The editor and the CLI read a plain scalar alike (YAML 1.2's core schema): YAML 1.1's
/// boolean words are strings to both, and `031` is the decimal 31 to both.
#[test]
fn the_cli_reads_yaml_as_the_editor_does() {
    let Some(mut server) = start_server() else { return };
    let words = manifest_with(&format!(
        "{ROLE}instance_type: ml.p4d.24xlarge\nenvironment:\n  COUNTRY: NO\n  FLAG: y\n  MODE: yes\n"
    ));
    let uri = file_uri(&repo().join("target/editor-test/yaml11-words.sagespec.yaml"));
    let diagnostics = server.open(&uri, &words);
    server.close(&uri);
    assert!(diagnostics.is_empty(), "the editor reads the words as strings:\n{}", describe(&diagnostics));
    let document = sagespec::source::parse(&words, sagespec::source::Format::Yaml).expect("parses");
    for (pointer, word) in [("/environment/COUNTRY", "NO"), ("/environment/FLAG", "y"), ("/environment/MODE", "yes")] {
        assert_eq!(
            document.node(pointer).map(sagespec::source::Node::to_json),
            Some(json!(word)),
            "the CLI reads {pointer} as a string"
        );
        assert_eq!(cli_errors_at(&words, pointer), Vec::<String>::new());
    }

    let boolean = manifest_with(&format!("{ROLE}instance_type: ml.p4d.24xlarge\nenable_network_isolation: on\n"));
    assert_one_diagnostic(&mut server, "yaml11-on", &boolean, "enable_network_isolation:", "boolean");
    assert_eq!(cli_errors_at(&boolean, "/enable_network_isolation"), ["sagespec::schema::invalid-type"]);

    let leading_zero = manifest_with(&format!("{ROLE}instance_type: ml.p4d.24xlarge\nmax_retry_attempts: 031\n"));
    assert_one_diagnostic(&mut server, "leading-zero", &leading_zero, "max_retry_attempts:", "maximum of 30");
    assert_eq!(cli_errors_at(&leading_zero, "/max_retry_attempts"), ["sagespec::schema::out-of-range"]);
}

fn example_manifests() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![repo().join("specs")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read specs/") {
            let path = entry.expect("specs/ entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_example_opens_without_diagnostics() {
    let Some(mut server) = start_server() else { return };
    let examples = example_manifests();
    assert!(examples.len() >= 2, "specs/ holds too few YAML examples: {examples:?}");
    let mut problems = Vec::new();
    for path in &examples {
        let text = std::fs::read_to_string(path).expect("read example");
        let published = ["sagespec", "tuning-job", "model", "endpoint"];
        let layered = path.parent().is_some_and(|folder| folder.join("sagespec.defaults.yaml").exists());
        if layered && !path.ends_with("sagespec.defaults.yaml") {
            // A manifest under Defaults inherits keys its kind's schema requires: the schema
            // alone would report them missing, so it names none (`sagespec lsp` checks it
            // merged; tests/defaults.rs validates it).
            assert!(!text.contains("yaml-language-server: $schema"), "{} inherits required keys", path.display());
        } else {
            assert!(
                published.iter().any(|schema| {
                    text.starts_with(&format!("# yaml-language-server: $schema=../schema/{schema}.schema.json\n"))
                }) || text.starts_with("# yaml-language-server: $schema=../../schema/sagespec.schema.json\n")
                    || text.starts_with("# yaml-language-server: $schema=../../schema/defaults.schema.json\n"),
                "{} must open with the modeline pointing at the committed schema",
                path.display()
            );
        }
        let uri = file_uri(path);
        let diagnostics = server.open(&uri, &text);
        server.close(&uri);
        if !diagnostics.is_empty() {
            problems.push(format!("{}:\n{}", path.display(), describe(&diagnostics)));
        }
    }
    // The same server still reports a broken document: the silence above means something.
    let broken = manifest_with("instance_type: ml.p4d.24xlarge\n");
    let uri = file_uri(&repo().join("target/editor-test/control.sagespec.yaml"));
    assert!(!server.open(&uri, &broken).is_empty(), "the control document got no diagnostics");
    assert!(problems.is_empty(), "examples with diagnostics:\n{}", problems.join("\n\n"));
}

#[test]
fn a_wrong_modeline_path_is_reported() {
    let Some(mut server) = start_server() else { return };
    // Proves the examples' relative modeline is really followed: a wrong one is an error.
    let text = "# yaml-language-server: $schema=../schema/no-such.schema.json\napiVersion: sagespec/v1\n";
    let uri = file_uri(&repo().join("specs/not-written-to-disk.yaml"));
    let diagnostics = server.open(uri.as_str(), text);
    assert!(!diagnostics.is_empty(), "a modeline naming a missing schema gave no diagnostic");
}

#[test]
fn every_conformance_ok_manifest_opens_without_diagnostics() {
    let Some(mut server) = start_server() else { return };
    let mut checked = 0;
    let mut problems = Vec::new();
    for (folder, _) in support::cases::ok() {
        let manifest = folder.join("manifest.yaml");
        let text = format!("{}{}", modeline(), std::fs::read_to_string(&manifest).expect("read manifest"));
        let uri = file_uri(&manifest);
        let diagnostics = server.open(&uri, &text);
        server.close(&uri);
        checked += 1;
        if !diagnostics.is_empty() {
            problems.push(format!("{}:\n{}", manifest.display(), describe(&diagnostics)));
        }
    }
    assert!(checked >= 50, "only {checked} ok conformance cases found");
    assert!(problems.is_empty(), "ok manifests with diagnostics:\n{}", problems.join("\n\n"));
}

/// The description a property shows: its own, else the one of the definition it references.
fn description_of(schema: &Value, property: &Value) -> Option<String> {
    if let Some(text) = property["description"].as_str() {
        return Some(text.to_owned());
    }
    let name = property["$ref"].as_str()?.strip_prefix("#/definitions/")?;
    schema["definitions"][name]["description"].as_str().map(str::to_owned)
}

fn documentation_text(item: &Value) -> String {
    match &item["documentation"] {
        Value::String(text) => text.clone(),
        Value::Object(markup) => markup["value"].as_str().unwrap_or_default().to_owned(),
        _ => String::new(),
    }
}

#[test]
fn top_level_completion_offers_every_key_with_its_description() {
    let Some(mut server) = start_server() else { return };
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).expect("read schema")).expect("schema is JSON");
    let text = format!("{}apiVersion: sagespec/v1\n\n", modeline());
    let uri = file_uri(&repo().join("target/editor-test/completion.sagespec.yaml"));
    server.open(&uri, &text);
    let line = text.lines().count();
    let result = server.request(
        "textDocument/completion",
        &json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 0 } }),
    );
    // Telemetry about a crash may trail the answer; a second request flushes it.
    server.request(
        "textDocument/hover",
        &json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 1 } }),
    );
    let items = result["items"].as_array().or_else(|| result.as_array()).cloned().unwrap_or_default();
    let offered: HashMap<&str, &Value> =
        items.iter().filter_map(|item| Some((item["label"].as_str()?, item))).collect();

    let properties = schema["properties"].as_object().expect("schema has properties");
    let mut problems = Vec::new();
    for (key, property) in properties {
        if key == "apiVersion" {
            assert!(!offered.contains_key(key.as_str()), "apiVersion is written already but still offered");
            continue;
        }
        let Some(item) = offered.get(key.as_str()) else {
            problems.push(format!("{key}: not offered"));
            continue;
        };
        if item["kind"] != json!(10) {
            problems.push(format!("{key}: offered as kind {} instead of a property (10)", item["kind"]));
        }
        let description = description_of(&schema, property).expect("every top-level key has a description");
        let first_line = description.lines().next().unwrap_or_default();
        if !documentation_text(item).contains(first_line) {
            problems.push(format!("{key}: documentation {:?} lacks {first_line:?}", documentation_text(item)));
        }
    }
    assert!(server.internal_errors.is_empty(), "yaml-language-server reported errors: {:?}", server.internal_errors);
    assert!(properties.len() > 40, "the schema lists too few keys");
    assert!(offered.len() > 40, "completion offered only {} items", offered.len());
    assert!(problems.is_empty(), "top-level completion:\n{}", problems.join("\n"));
}

#[test]
fn every_yaml_starter_of_init_opens_without_diagnostics() {
    let Some(mut server) = start_server() else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let mut problems = Vec::new();
    for (label, path, text) in support::starters::write_all(folder.path(), "yaml") {
        // Opened as written: its modeline names the schema copy init wrote beside it.
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(first, "# yaml-language-server: $schema=./sagespec.schema.json", "starter's first line");
        let uri = file_uri(&path);
        let diagnostics = server.open(&uri, &text);
        server.close(&uri);
        if !diagnostics.is_empty() {
            problems.push(format!("{label}:\n{}", describe(&diagnostics)));
        }
    }
    assert!(problems.is_empty(), "init starters with diagnostics:\n{}", problems.join("\n\n"));
}

/// A Defaults file is checked in the editor by its own schema: a misspelt default and a
/// value outside a kind's enum are reported on their lines, and a training and a hosting
/// instance type are both accepted.
#[test]
fn a_defaults_file_is_checked_by_its_schema() {
    let Some(mut server) = start_server() else { return };
    let header = format!(
        "# yaml-language-server: $schema={}\napiVersion: sagespec/v1\nkind: Defaults\n",
        repo().join("schema/defaults.schema.json").display()
    );
    let typo = format!("{header}defaults:\n  region: us-west-2\n  instance_tpye: ml.p4d.24xlarge\n");
    assert_one_diagnostic(&mut server, "defaults-typo", &typo, "instance_tpye:", "instance_tpye");
    let bad_mode = format!("{header}defaults:\n  input_mode: Stream\n");
    assert_one_diagnostic(&mut server, "defaults-enum", &bad_mode, "input_mode:", "FastFile");
    let both = format!(
        "{header}defaults:\n  instance_type: ml.t2.medium\nenvironments:\n  prod: {{instance_type: ml.p5.48xlarge}}\n"
    );
    let uri = file_uri(&repo().join("target/editor-test/defaults-types.sagespec.yaml"));
    let diagnostics = server.open(&uri, &both);
    server.close(&uri);
    assert!(diagnostics.is_empty(), "{}", describe(&diagnostics));
}

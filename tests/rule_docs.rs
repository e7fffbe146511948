//! The code registry (`sagespec::diagnostic::registry`) against the code base and what the
//! binary prints:
//!
//! - `docs/rules.md` is generated from the registry; regenerate it with
//!   `SAGESPEC_UPDATE_RULE_DOCS=1 cargo test --test rule_docs`;
//! - every code written in `src/` is registered, and every registered code is raised
//!   somewhere in `src/`, with the severity it is registered with;
//! - the rule fixtures raise each code with its registered severity;
//! - `sagespec rules --format json` lists the registry with its docs, `sagespec explain`
//!   prints one code, and SARIF carries each rule's own docs.
//!
//! A code must be written whole, as one string literal (`"sagespec::<area>::<name>"`), so
//! that the scan finds it. Unit tests may use made-up codes in the `sagespec::test::` area.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use regex::Regex;
use sagespec::diagnostic::registry;
use sagespec::diagnostic::{CodeDocs, Severity};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sagespec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sagespec")).args(args).output().expect("sagespec runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// Every `.rs` file under `dir`, with its text.
fn rust_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("readable source");
                files.push((path, text));
            }
        }
    }
    files.sort();
    files
}

fn shown(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

fn registered() -> BTreeMap<&'static str, CodeDocs> {
    registry::all().map(|entry| (entry.code, entry)).collect()
}

// ── docs/rules.md ─────────────────────────────────────────────────────────────────────

#[test]
fn committed_rule_docs_match_the_registry() {
    let path = root().join("docs/rules.md");
    let generated = registry::markdown_page();
    if std::env::var_os("SAGESPEC_UPDATE_RULE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("docs/rules.md is writable");
    }
    let committed = std::fs::read_to_string(&path).expect("docs/rules.md is committed");
    assert!(
        committed == generated,
        "docs/rules.md is stale; run `SAGESPEC_UPDATE_RULE_DOCS=1 cargo test --test rule_docs`"
    );
}

#[test]
fn rule_docs_have_a_section_for_every_code_that_its_help_uri_names() {
    let page = registry::markdown_page();
    for entry in registry::all() {
        assert!(page.contains(&format!("\n## {}\n\n", entry.code)), "no section for {}", entry.code);
        assert!(page.contains(&format!("](#{})", entry.anchor())), "the index does not link {}", entry.code);
        assert!(entry.help_uri().ends_with(&format!("docs/rules.md#{}", entry.anchor())));
    }
}

// ── the code base ─────────────────────────────────────────────────────────────────────

#[test]
fn every_code_written_in_the_source_is_registered() {
    let literal = Regex::new(r#""(sagespec::[a-z0-9-]+::[a-z0-9-]+)""#).expect("valid regex");
    let registered = registered();
    let mut seen = BTreeSet::new();
    let mut unregistered = Vec::new();
    for (path, text) in rust_files(&root().join("src")) {
        for found in literal.captures_iter(&text) {
            let code = found.get(1).map_or("", |m| m.as_str());
            if code.starts_with("sagespec::test::") {
                continue;
            }
            seen.insert(code.to_owned());
            if !registered.contains_key(code) {
                unregistered.push(format!("{code} ({})", shown(&path)));
            }
        }
    }
    assert!(unregistered.is_empty(), "codes missing from the registry:\n  {}", unregistered.join("\n  "));
    // The scan itself works: it sees the codes it must see.
    assert!(
        seen.len() >= registered.len(),
        "the scan found {} codes, the registry has {}",
        seen.len(),
        registered.len()
    );
}

/// Whether `text` raises a finding of `severity` with the code `expression`
/// (`Finding::error(codes::SOURCE_SYNTAX`, `Finding::warning(RULE.code`, …).
fn raises(text: &str, severity: &str, expression: &str) -> bool {
    let pattern = format!(r"Finding::{severity}\(\s*{}\b", regex::escape(expression));
    Regex::new(&pattern).expect("valid regex").is_match(text)
}

#[test]
fn every_registered_code_is_raised_in_the_source_with_its_severity() {
    let files = rust_files(&root().join("src"));
    let constant = Regex::new(r#"pub const ([A-Z_]+): &str = "(sagespec::[^"]+)";"#).expect("valid regex");
    // The constants of every `codes.rs` (src/diagnostic/codes.rs, src/account/codes.rs).
    let constants: BTreeMap<&str, &str> = files
        .iter()
        .filter(|(path, _)| path.ends_with("codes.rs"))
        .flat_map(|(_, text)| constant.captures_iter(text))
        .filter_map(|c| Some((c.get(2)?.as_str(), c.get(1)?.as_str())))
        .collect();
    let mut problems = Vec::new();
    for entry in registry::all() {
        let (severity, other) = match entry.severity {
            Severity::Error => ("error", "warning"),
            Severity::Warning => ("warning", "error"),
        };
        // A source or schema code is raised through its constant, anywhere in src/.
        if let Some(name) = constants.get(entry.code) {
            let expression = format!("codes::{name}");
            if !files.iter().any(|(_, text)| raises(text, severity, &expression)) {
                problems.push(format!("{}: no `Finding::{severity}({expression}` in src/", entry.code));
            }
            continue;
        }
        // A rule is raised by its own file, as `RULE.code`.
        let definition = format!("code: \"{}\",", entry.code);
        let Some((path, text)) = files.iter().find(|(_, text)| text.contains(&definition)) else {
            problems.push(format!("{}: neither a constant in codes.rs nor a rule's `code`", entry.code));
            continue;
        };
        if !raises(text, severity, "RULE.code") {
            problems.push(format!("{}: {} has no `Finding::{severity}(RULE.code`", entry.code, shown(path)));
        }
        if raises(text, other, "RULE.code") {
            problems.push(format!(
                "{}: {} raises a {other}, but the rule is registered as {severity}",
                entry.code,
                shown(path)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_fixtures_raise_every_code_with_its_registered_severity() {
    let registered = registered();
    let mut problems = Vec::new();
    let mut checked = 0;
    let folders = std::fs::read_dir(root().join("tests/fixtures/rules")).expect("rule fixtures");
    for folder in folders.flatten().map(|entry| entry.path()) {
        for file in ["fail.yaml", "fail.toml", "pass.yaml", "pass.toml"] {
            let path = folder.join(file);
            if !path.exists() {
                continue;
            }
            checked += 1;
            let report = sagespec::check::check_file(&path, &shown(&path)).report;
            for resolved in &report.findings {
                let finding = &resolved.finding;
                match registered.get(finding.code.as_ref()) {
                    None => problems.push(format!("{}: unregistered code {}", report.path, finding.code)),
                    Some(entry) if entry.severity != finding.severity => problems.push(format!(
                        "{}: {} is registered as {:?} but raised as {:?}",
                        report.path, finding.code, entry.severity, finding.severity
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} fixture files were checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ── the command line ──────────────────────────────────────────────────────────────────

#[test]
fn rules_as_json_lists_every_registered_code_with_its_docs() {
    let output = sagespec(&["--format", "json", "rules"]);
    assert!(output.status.success());
    let listed: Vec<Value> = serde_json::from_str(&stdout(&output)).expect("a JSON list");
    let codes: Vec<&str> = listed.iter().filter_map(|item| item["code"].as_str()).collect();
    let expected: Vec<&str> = registry::all().map(|entry| entry.code).collect();
    assert_eq!(codes, expected);
    for (item, entry) in listed.iter().zip(registry::all()) {
        assert_eq!(item["summary"], entry.summary);
        assert_eq!(item["severity"], registry::severity(entry.severity));
        assert_eq!(item["what"], entry.docs.what);
        assert_eq!(item["why"], entry.docs.why);
        assert_eq!(item["example"], entry.docs.example);
        assert_eq!(item["url"], entry.help_uri());
    }
    // Source, schema and rule codes alike.
    for area in ["source", "schema", "manifest", "api", "image", "distribution", "service", "secrets", "code"] {
        assert!(codes.iter().any(|c| c.starts_with(&format!("sagespec::{area}::"))), "no {area} code");
    }
}

#[test]
fn rules_prints_a_table_of_every_code() {
    let output = sagespec(&["rules"]);
    assert!(output.status.success());
    let table = stdout(&output);
    assert!(table.starts_with("| code | severity | reports |\n|---|---|---|\n"), "{table}");
    assert_eq!(table.lines().count(), 2 + registry::all().count());
    assert!(table.contains("| `sagespec::source::duplicate-key` | error |"));
    assert!(table.contains("| `sagespec::service::warm-pool-with-spot` | warning |"));
}

#[test]
fn explain_prints_one_code_like_ruff_rule() {
    let output = sagespec(&["explain", "sagespec::service::warm-pool-with-spot"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with("# sagespec::service::warm-pool-with-spot\n\nA warning: "), "{text}");
    for part in ["\n**What:** ", "\n**Why:** ", "\n**Example:**\n```yaml\n"] {
        assert!(text.contains(part), "no {part:?} in {text}");
    }
    // The short forms name the same code.
    for short in ["service::warm-pool-with-spot", "warm-pool-with-spot"] {
        assert_eq!(stdout(&sagespec(&["explain", short])), text, "{short}");
    }
    let json: Value = serde_json::from_str(&stdout(&sagespec(&["--format", "json", "explain", "duplicate-key"])))
        .expect("a JSON object");
    assert_eq!(json["code"], "sagespec::source::duplicate-key");
    assert!(json["why"].as_str().is_some_and(|why| !why.is_empty()));
}

#[test]
fn explain_of_an_unknown_code_is_a_usage_error_with_a_suggestion() {
    let output = sagespec(&["explain", "sagespec::manifest::missing-job-nme"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown code `sagespec::manifest::missing-job-nme`"), "{stderr}");
    assert!(stderr.contains("did you mean `sagespec::manifest::missing-job-name`?"), "{stderr}");

    let output = sagespec(&["explain", "nothing-like-it"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`sagespec rules` lists every code"));
}

#[test]
fn sarif_describes_each_rule_with_its_own_docs() {
    let fixture = root().join("tests/fixtures/rules/service--warm-pool-with-spot/fail.yaml");
    let fixture = fixture.to_str().expect("UTF-8 path");
    let output = sagespec(&["--format", "sarif", "validate", fixture]);
    let log: Value = serde_json::from_str(&stdout(&output)).expect("SARIF is JSON");
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(!rules.is_empty());
    for rule in rules {
        let code = rule["id"].as_str().expect("id");
        let entry = registry::get(code).unwrap_or_else(|| panic!("{code} is registered"));
        assert_eq!(rule["shortDescription"]["text"], entry.summary);
        assert_eq!(rule["fullDescription"]["markdown"], entry.docs.what);
        assert_eq!(rule["help"]["markdown"], entry.markdown_body());
        assert!(rule["help"]["text"].as_str().is_some_and(|text| text.contains(entry.docs.example)));
        assert_eq!(rule["helpUri"], entry.help_uri());
        assert_eq!(rule["defaultConfiguration"]["level"], registry::severity(entry.severity));
    }
    assert!(rules.iter().any(|rule| rule["id"] == "sagespec::service::warm-pool-with-spot"));
}

//! The rule fixture harness.
//!
//! Every rule in [`sagespec::rules::all`] and [`sagespec::rules::tuning::RULES`] with code
//! `sagespec::<area>::<name>` owns the folder `tests/fixtures/rules/<area>--<name>/`
//! holding `fail.yaml`, `pass.yaml`, `fail.toml` and `pass.toml` (plus `src/` when the rule
//! looks at local code, and for a tuning rule the TrainingJob manifests its fixtures name).
//! A fixture's findings include those it raises in the files it names (a tuning rule's
//! findings in the training job's file). The limits the TuningJob schema enforces in place of
//! a rule ([`SCHEMA_LIMITS`]) own a `schema--tuning-<limit>/` folder each, held to the same
//! proofs with their schema code. This file proves, for every rule at once:
//!
//! - the folder and its four files exist, and no folder is left without a rule;
//! - each `fail.*` raises at least one finding with the rule's code (except the `fail.toml`
//!   of a [`YAML_ONLY`] rule, which must not);
//! - `fail.yaml` and `fail.toml` raise the same `(code, pointer)` findings (YAML and TOML
//!   must give identical results), leaving out those of [`YAML_ONLY`] rules;
//! - each `pass.*` raises no error at all (warnings are allowed);
//! - the human report of each `fail.*` matches its reviewed snapshot in
//!   `tests/snapshots/` (no colour, width 100, paths shown as `fail.yaml`).
//!
//! Each test collects every problem before failing, so one run lists all of them. New
//! snapshots: `INSTA_UPDATE=always cargo test --test rules`, then review every new
//! `.snap` file (position, message, help) before committing it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sagespec::check::{Checked, check_file};
use sagespec::diagnostic::FileReport;
use sagespec::diagnostic::codes::{SCHEMA_INVALID_LENGTH, SCHEMA_INVALID_VALUE};
use sagespec::diagnostic::render::{HumanOptions, human};
use sagespec::rules;

/// The four files every rule's folder must hold.
const FIXTURES: [&str; 4] = ["fail.yaml", "pass.yaml", "fail.toml", "pass.toml"];

/// Rules for a trap only YAML has, with the reason TOML cannot raise them. Their
/// `fail.toml` is the same manifest in TOML, read as intended, so it must not raise them.
const YAML_ONLY: &[(&str, &str)] =
    &[("sagespec::manifest::unquoted-boolean-word", "TOML has no unquoted words: every string is quoted")];

/// Limits of `CreateHyperParameterTuningJob` the TuningJob schema enforces, so no rule checks
/// them (see `sagespec::rules::tuning`): fixture folder, the schema code a violation raises,
/// and what the failing fixture does. Several share a code, so the folder is named for the
/// limit, not derived from the code.
const SCHEMA_LIMITS: &[(&str, &str, &str)] = &[
    ("schema--tuning-too-many-ranges", SCHEMA_INVALID_LENGTH, "more than 30 hyperparameter ranges (`maxProperties`)"),
    (
        "schema--tuning-too-many-categorical-values",
        SCHEMA_INVALID_LENGTH,
        "a categorical range of more than 30 values (`maxItems`)",
    ),
    (
        "schema--tuning-empty-categorical-range",
        SCHEMA_INVALID_LENGTH,
        "a categorical range without values (`minItems`)",
    ),
    (
        "schema--tuning-too-many-warm-start-parents",
        SCHEMA_INVALID_LENGTH,
        "more than 5 warm-start parents (`maxItems`)",
    ),
    ("schema--tuning-no-warm-start-parents", SCHEMA_INVALID_LENGTH, "warm start without parents (`minItems`)"),
    ("schema--tuning-unknown-strategy", SCHEMA_INVALID_VALUE, "a `strategy` outside the API's enum"),
    ("schema--tuning-unknown-scaling-type", SCHEMA_INVALID_VALUE, "a `scaling_type` outside the API's enum"),
];

fn yaml_only(code: &str) -> bool {
    YAML_ONLY.iter().any(|(c, _)| *c == code)
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// `sagespec::distribution::dataparallel-not-enabled` → `distribution--dataparallel-not-enabled`.
fn folder_name(code: &str) -> Option<String> {
    let (area, name) = code.strip_prefix("sagespec::")?.split_once("::")?;
    (!area.is_empty() && !name.is_empty() && !name.contains("::")).then(|| format!("{area}--{name}"))
}

/// A rule's code and summary, whichever kind's rule it is.
struct Rule {
    code: &'static str,
    summary: &'static str,
}

/// Every rule with its fixture folder (the folder may not exist; the first test says so):
/// the TrainingJob's, then the TuningJob's, then the TuningJob schema's limits.
fn rules_with_folders() -> Vec<(Rule, String, PathBuf)> {
    let training = rules::all().map(|rule| Rule { code: rule.code, summary: rule.summary });
    let tuning = rules::tuning::RULES.iter().map(|rule| Rule { code: rule.code, summary: rule.summary });
    let limits = SCHEMA_LIMITS.iter().map(|&(folder, code, summary)| (Rule { code, summary }, folder.to_owned()));
    training
        .chain(tuning)
        .map(|rule| {
            let folder = folder_name(rule.code)
                .unwrap_or_else(|| panic!("rule code `{}` is not sagespec::<area>::<name>", rule.code));
            (rule, folder)
        })
        .chain(limits)
        .map(|(rule, folder)| {
            let dir = fixtures_root().join(&folder);
            (rule, folder, dir)
        })
        .collect()
}

/// The fixture's report, then the reports of the files it names that it raised findings in.
fn reports(checked: &Checked) -> impl Iterator<Item = &FileReport> {
    std::iter::once(&checked.report).chain(&checked.related)
}

/// Checks one fixture file, shown to the user by its bare name so output does not depend
/// on where the repository is checked out.
fn check(dir: &Path, file: &str) -> Checked {
    check_file(&dir.join(file), file)
}

/// `code at pointer` for every finding, for failure messages.
fn describe(checked: &Checked) -> String {
    let findings: Vec<String> = reports(checked)
        .flat_map(|report| report.findings.iter().map(move |r| (report, r)))
        .map(|(report, r)| {
            format!(
                "{:?} {} at {}{:?} ({}:{}): {}",
                r.finding.severity, r.finding.code, report.path, r.finding.pointer, r.line, r.column, r.finding.message
            )
        })
        .collect();
    if findings.is_empty() { "no findings".to_owned() } else { findings.join("; ") }
}

fn fail_on(problems: &[String], what: &str) {
    assert!(problems.is_empty(), "{} {what}:\n  {}", problems.len(), problems.join("\n  "));
}

#[test]
fn folder_names_follow_the_code() {
    assert_eq!(
        folder_name("sagespec::distribution::dataparallel-not-enabled").as_deref(),
        Some("distribution--dataparallel-not-enabled")
    );
    assert_eq!(
        folder_name("sagespec::image::unknown-framework-version").as_deref(),
        Some("image--unknown-framework-version")
    );
    assert_eq!(folder_name("distribution::dataparallel-not-enabled"), None);
    assert_eq!(folder_name("sagespec::a::b::c"), None);
}

#[test]
fn there_is_at_least_one_rule() {
    assert!(rules::all().next().is_some(), "sagespec::rules::all() is empty");
}

#[test]
fn every_rule_has_its_four_fixtures() {
    let mut missing = Vec::new();
    for (rule, folder, dir) in rules_with_folders() {
        let absent: Vec<&str> = FIXTURES.iter().copied().filter(|file| !dir.join(file).is_file()).collect();
        if !absent.is_empty() {
            missing.push(format!("{} → tests/fixtures/rules/{folder}/ lacks {}", rule.code, absent.join(", ")));
        }
    }
    fail_on(&missing, "rules lack fixtures");
}

#[test]
fn every_fixture_folder_belongs_to_a_rule() {
    let expected: BTreeSet<String> = rules_with_folders().into_iter().map(|(_, folder, _)| folder).collect();
    let orphans: Vec<String> = std::fs::read_dir(fixtures_root())
        .expect("tests/fixtures/rules exists")
        .map(|entry| entry.expect("readable fixture folder").file_name().to_string_lossy().into_owned())
        .filter(|name| !expected.contains(name))
        .map(|name| format!("tests/fixtures/rules/{name}/ matches no rule code (renamed or unregistered rule?)"))
        .collect();
    fail_on(&orphans, "fixture folders without a rule");
}

#[test]
fn every_fail_fixture_raises_its_rule() {
    let mut problems = Vec::new();
    for (rule, folder, dir) in rules_with_folders() {
        for file in ["fail.yaml", "fail.toml"] {
            if !dir.join(file).is_file() {
                continue; // reported by every_rule_has_its_four_fixtures
            }
            let checked = check(&dir, file);
            let raised = reports(&checked).flat_map(|report| &report.findings).any(|r| r.finding.code == rule.code);
            if file == "fail.toml" && yaml_only(rule.code) {
                if raised {
                    problems.push(format!("{folder}/{file}: a YAML-only rule raised in TOML: {}", describe(&checked)));
                }
            } else if !raised {
                problems.push(format!("{folder}/{file}: expected a {} finding, got {}", rule.code, describe(&checked)));
            }
        }
    }
    fail_on(&problems, "fail fixtures do not raise their rule");
}

#[test]
fn fail_yaml_and_fail_toml_raise_the_same_findings() {
    let mut problems = Vec::new();
    for (_, folder, dir) in rules_with_folders() {
        if !dir.join("fail.yaml").is_file() || !dir.join("fail.toml").is_file() {
            continue;
        }
        let set = |file| -> BTreeSet<(String, String)> {
            reports(&check(&dir, file))
                .flat_map(|report| &report.findings)
                .filter(|r| !yaml_only(&r.finding.code))
                .map(|r| (r.finding.code.to_string(), r.finding.pointer.clone()))
                .collect()
        };
        let (yaml, toml) = (set("fail.yaml"), set("fail.toml"));
        if yaml != toml {
            problems.push(format!(
                "{folder}: only in fail.yaml {:?}; only in fail.toml {:?}",
                yaml.difference(&toml).collect::<Vec<_>>(),
                toml.difference(&yaml).collect::<Vec<_>>()
            ));
        }
    }
    fail_on(&problems, "rules whose YAML and TOML fixtures disagree");
}

#[test]
fn pass_fixtures_raise_no_error() {
    let mut problems = Vec::new();
    for (_, folder, dir) in rules_with_folders() {
        for file in ["pass.yaml", "pass.toml"] {
            if !dir.join(file).is_file() {
                continue;
            }
            let checked = check(&dir, file);
            if checked.has_errors() {
                problems.push(format!("{folder}/{file}: {}", describe(&checked)));
            }
        }
    }
    fail_on(&problems, "pass fixtures raise errors");
}

/// One snapshot per rule per format: `tests/snapshots/rules__<area>--<name>.fail.<ext>.snap`.
#[test]
fn human_report_of_each_fail_fixture_matches_its_snapshot() {
    let mut failures = Vec::new();
    for (rule, folder, dir) in rules_with_folders() {
        for (file, ext) in [("fail.yaml", "yaml"), ("fail.toml", "toml")] {
            if !dir.join(file).is_file() {
                continue;
            }
            let checked = check(&dir, file);
            let shown: Vec<FileReport> = reports(&checked).cloned().collect();
            let rendered = human(&shown, &HumanOptions::plain(100));
            let name = format!("{folder}.fail.{ext}");
            let description = format!("{}: {}", rule.code, rule.summary);
            // Run every snapshot before failing, so one run shows (and, with
            // INSTA_UPDATE, writes) all of them.
            let outcome = std::panic::catch_unwind(|| {
                insta::with_settings!({ description => description, omit_expression => true, prepend_module_to_snapshot => true }, {
                    insta::assert_snapshot!(name.clone(), rendered);
                });
            });
            if outcome.is_err() {
                failures.push(name);
            }
        }
    }
    fail_on(&failures, "snapshots differ (see the diffs above; review with `cargo insta review`)");
}

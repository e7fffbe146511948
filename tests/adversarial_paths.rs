//! Hostile and odd paths and sizes, through the real binary (the companion of
//! `adversarial.rs`, which covers hostile text).
//!
//! Every case runs `sagespec --format json …` in a temporary folder under GNU time
//! (`/usr/bin/time`) and asserts the exit status, the finding or error, no panic, a wall
//! time under 1 s and a peak resident set under 100 MB. A case still running after 10 s
//! is killed and fails as a hang.
//!
//! Cases: a folder where a file is expected and a file where a folder is expected (as a
//! path, as `source_dir`, as `entry_point`, as `--out`), a symbolic link to a manifest, a
//! dangling link, a link to `/dev/zero`, an unreadable file (skipped as root, where
//! permissions do not bite), a FIFO named as a manifest, manifests deleted while a folder
//! is being validated, a 100 MB file, a file with a million keys, and TOML dates, dotted
//! keys and inline tables. `cargo test --test adversarial_paths -- --nocapture` prints the
//! measurements.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

mod support;

use support::manifests::{SINGLE_TOML as CLEAN_TOML, SINGLE_YAML as CLEAN_YAML};
use support::run::{Run, case_dir, measured};

const TOO_LARGE: &str = "sagespec::source::too-large";
const LIMIT: &str = "sagespec::source::limit-exceeded";
const INVALID_TYPE: &str = "sagespec::schema::invalid-type";
const SOURCE_DIR_NOT_FOUND: &str = "sagespec::code::source-dir-not-found";
const ENTRY_POINT_NOT_FOUND: &str = "sagespec::code::entry-point-not-found";

/// Runs `sagespec --format json ARGS` in `dir` under GNU time, within the bounds.
fn run(name: &str, dir: &Path, args: &[&str]) -> Run {
    measured(name, dir, &[&["--format", "json"], args].concat())
}

#[test]
fn a_file_that_is_not_a_manifest_and_a_folder_without_manifests_are_usage_errors() {
    let dir = case_dir();
    run("python file as manifest", dir.path(), &["validate", "src/train.py"]).assert_error(2, "not a manifest");
    std::fs::create_dir(dir.path().join("folder.yaml")).expect("mkdir");
    // A folder is walked, even one named like a manifest; finding none is a usage error.
    run("folder named folder.yaml", dir.path(), &["validate", "folder.yaml"]).assert_error(2, "no manifests");
    run("missing path", dir.path(), &["validate", "nowhere.yaml"]).assert_error(2, "nowhere.yaml");
}

#[test]
fn a_file_as_source_dir_and_a_folder_as_entry_point_are_findings() {
    let dir = case_dir();
    std::fs::write(dir.path().join("m.yaml"), CLEAN_YAML.replace("source_dir: src", "source_dir: src/train.py"))
        .expect("write");
    run("file as source_dir", dir.path(), &["validate", "m.yaml"]).assert_finding(SOURCE_DIR_NOT_FOUND);
    let folder_entry = CLEAN_YAML.replace("entry_point: train.py", "entry_point: src").replace("source_dir: src\n", "");
    std::fs::write(dir.path().join("m.yaml"), folder_entry).expect("write");
    run("folder as entry_point", dir.path(), &["validate", "m.yaml"]).assert_finding(ENTRY_POINT_NOT_FOUND);
    let compiled =
        run("compile: folder as entry_point", dir.path(), &["compile", "m.yaml", "--account-id", "123456789012"]);
    compiled.assert_finding(ENTRY_POINT_NOT_FOUND);
}

#[test]
fn compile_out_onto_an_existing_file_is_a_usage_error() {
    let dir = case_dir();
    std::fs::write(dir.path().join("m.yaml"), CLEAN_YAML).expect("write");
    std::fs::write(dir.path().join("taken"), "x").expect("write");
    let args = ["compile", "m.yaml", "--account-id", "123456789012", "--out", "taken"];
    run("compile --out onto a file", dir.path(), &args).assert_error(2, "taken");
    assert_eq!(std::fs::read_to_string(dir.path().join("taken")).expect("kept"), "x");
}

#[test]
fn a_symlink_to_a_manifest_is_followed_when_named() {
    let dir = case_dir();
    std::fs::write(dir.path().join("real.yaml"), CLEAN_YAML.replace("instance_count: 1", "instance_count: zero"))
        .expect("write");
    std::os::unix::fs::symlink("real.yaml", dir.path().join("link.yaml")).expect("link");
    run("symlink to a manifest", dir.path(), &["validate", "link.yaml"]).assert_finding(INVALID_TYPE);
}

#[test]
fn a_dangling_symlink_named_is_a_usage_error_naming_it() {
    let dir = case_dir();
    std::os::unix::fs::symlink("gone.yaml", dir.path().join("dangling.yaml")).expect("link");
    run("dangling symlink", dir.path(), &["validate", "dangling.yaml"]).assert_error(2, "dangling.yaml");
}

#[test]
fn links_inside_a_walked_folder_do_not_break_the_walk() {
    let dir = case_dir();
    std::fs::create_dir(dir.path().join("specs")).expect("mkdir");
    std::fs::write(dir.path().join("specs/ok.yaml"), CLEAN_YAML.replace("source_dir: src", "source_dir: ../src"))
        .expect("write");
    std::os::unix::fs::symlink("gone.yaml", dir.path().join("specs/dangling.yaml")).expect("link");
    std::os::unix::fs::symlink("..", dir.path().join("specs/loop")).expect("link");
    let walked = run("folder with dangling link and loop", dir.path(), &["validate", "specs"]);
    assert_eq!(walked.code, 0, "{}\n{}", walked.stdout, walked.stderr);
}

#[test]
fn a_link_to_a_device_is_refused_as_not_a_regular_file() {
    let dir = case_dir();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.yaml")).expect("link");
    let run = run("symlink to /dev/zero", dir.path(), &["validate", "zero.yaml"]);
    assert_eq!(run.code, 2, "{}: expected exit 2 (I/O failure):\n{}", run.name, run.stdout);
    assert!(run.stdout.contains("not a regular file"), "{}: {}", run.name, run.stdout);
}

#[test]
fn an_unreadable_file_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = case_dir();
    let path = dir.path().join("locked.yaml");
    std::fs::write(&path, CLEAN_YAML).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod 000");
    if std::fs::read(&path).is_ok() {
        println!("skipped: chmod 000 does not stop this user (root?) from reading, so there is nothing to test");
        return;
    }
    let locked = run("unreadable file", dir.path(), &["validate", "locked.yaml"]);
    assert_eq!(locked.code, 2, "{}\n{}", locked.stdout, locked.stderr);
    assert!(locked.stdout.contains("ermission denied") || locked.stderr.contains("ermission denied"));
}

/// A FIFO named as a manifest: opening it would block until a writer appears, so it is
/// refused as not a regular file before it is opened.
#[test]
fn a_fifo_named_as_a_manifest_is_refused_not_waited_on() {
    let dir = case_dir();
    let fifo = dir.path().join("pipe.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let piped = run("FIFO named as a manifest", dir.path(), &["validate", "pipe.yaml"]);
    assert!(piped.code == 1 || piped.code == 2, "{}\n{}", piped.stdout, piped.stderr);
}

#[test]
fn a_fifo_inside_a_walked_folder_is_skipped() {
    let dir = case_dir();
    let made = Command::new("mkfifo").arg(dir.path().join("pipe.yaml")).status().expect("mkfifo");
    assert!(made.success());
    std::fs::write(dir.path().join("m.yaml"), CLEAN_YAML).expect("write");
    let walked = run("FIFO inside a walked folder", dir.path(), &["validate", "."]);
    assert_eq!(walked.code, 0, "{}\n{}", walked.stdout, walked.stderr);
}

#[test]
fn manifests_that_vanish_mid_run_end_cleanly() {
    for round in 0..5 {
        let dir = case_dir();
        let specs = dir.path().join("specs");
        std::fs::create_dir(&specs).expect("mkdir");
        let text = CLEAN_YAML.replace("source_dir: src", "source_dir: ../src");
        for i in 0..300 {
            std::fs::write(specs.join(format!("m{i:03}.yaml")), &text).expect("write");
        }
        // Start deleting once the binary is (likely) past start-up, from the last file back,
        // one every 20 µs, so discovery and reading race the deletions.
        let deleter = {
            let specs = specs.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(4 + round * 4));
                for i in (0..300).rev() {
                    let _ = std::fs::remove_file(specs.join(format!("m{i:03}.yaml")));
                    std::thread::sleep(Duration::from_micros(20));
                }
            })
        };
        let vanished = run(&format!("vanishing manifests, round {round}"), dir.path(), &["validate", "specs"]);
        deleter.join().expect("deleter");
        // Either a file was read whole, or its absence is reported; never a panic or hang.
        let said = format!("{}{}", vanished.stdout, vanished.stderr);
        if vanished.code == 2 {
            assert!(said.contains("No such file"), "round {round}: exit 2 without a reason:\n{said}");
        }
        println!("  round {round}: {} findings, exit {}", vanished.codes().len(), vanished.code);
    }
}

#[test]
fn a_100_mb_file_is_rejected_at_the_size_limit() {
    let dir = case_dir();
    let path = dir.path().join("huge.yaml");
    std::fs::write(&path, format!("{CLEAN_YAML}# padding\n")).expect("write");
    // Extend to 100 MB: the tail reads as zero bytes (sparse, so the test stays cheap).
    let file = std::fs::OpenOptions::new().write(true).open(&path).expect("open");
    file.set_len(100 * 1000 * 1000).expect("set_len");
    drop(file);
    run("100 MB file", dir.path(), &["validate", "huge.yaml"]).assert_finding(TOO_LARGE);

    let dense = dir.path().join("dense.toml");
    let mut text = CLEAN_TOML.to_owned();
    text.push_str("[hyperparameters]\n");
    let line = "k = \"".to_owned() + &"v".repeat(1000) + "\"\n";
    while text.len() < 100 * 1000 * 1000 {
        text.push_str(&line);
    }
    std::fs::write(&dense, text).expect("write");
    run("100 MB file of text", dir.path(), &["validate", "dense.toml"]).assert_finding(TOO_LARGE);
}

#[test]
fn a_million_keys_are_rejected_and_as_many_yaml_keys_as_fit_in_1_mib_hit_the_node_limit() {
    let dir = case_dir();
    let mut million = format!("{CLEAN_YAML}hyperparameters:\n");
    for i in 0..1_000_000 {
        writeln!(million, "  k{i}: 1").expect("write to a String");
    }
    std::fs::write(dir.path().join("million.yaml"), &million).expect("write");
    run("a million keys (YAML)", dir.path(), &["validate", "million.yaml"]).assert_finding(TOO_LARGE);

    let mut toml = format!("{CLEAN_TOML}[hyperparameters]\n");
    for i in 0..1_000_000 {
        writeln!(toml, "k{i} = 1").expect("write to a String");
    }
    std::fs::write(dir.path().join("million.toml"), &toml).expect("write");
    run("a million keys (TOML)", dir.path(), &["validate", "million.toml"]).assert_finding(TOO_LARGE);

    // Under the size limit, the node limit stops it: ~100,000 keys in just under 1 MiB.
    let mut fits = format!("{CLEAN_YAML}hyperparameters:\n");
    let mut i = 0;
    while fits.len() < 1024 * 1024 - 16 {
        writeln!(fits, "  k{i}: 1").expect("write to a String");
        i += 1;
    }
    std::fs::write(dir.path().join("fits.yaml"), &fits).expect("write");
    run(&format!("{i} keys in 1 MiB (YAML)"), dir.path(), &["validate", "fits.yaml"]).assert_finding(LIMIT);
}

/// ~96,000 TOML keys in 1 MiB: the reader's pre-scan counts values and stops at the limit
/// before the parser builds anything (parsing them all took 1.1–1.4 s and 93 MB).
#[test]
fn as_many_toml_keys_as_fit_in_1_mib_hit_the_node_limit_within_a_second() {
    let dir = case_dir();
    let mut fits = format!("{CLEAN_TOML}[hyperparameters]\n");
    let mut i = 0;
    while fits.len() < 1024 * 1024 - 16 {
        writeln!(fits, "k{i} = 1").expect("write to a String");
        i += 1;
    }
    std::fs::write(dir.path().join("fits.toml"), &fits).expect("write");
    run(&format!("{i} keys in 1 MiB (TOML)"), dir.path(), &["validate", "fits.toml"]).assert_finding(LIMIT);
}

#[test]
fn toml_dotted_keys_inline_tables_and_dates_read_and_point_right() {
    let dir = case_dir();
    let text = format!(
        "{CLEAN_TOML}hyperparameters.lr = 0.1\nhyperparameters.started = 1979-05-27T07:32:00Z\n\
         hyperparameters.day = 1979-05-27\nhyperparameters.at = 07:32:00\n\
         environment = {{ A = \"1\", B = \"2\" }}\n"
    );
    std::fs::write(dir.path().join("ok.toml"), &text).expect("write");
    let clean = run("TOML dotted keys, inline tables, dates", dir.path(), &["validate", "ok.toml"]);
    assert_eq!(clean.code, 0, "{}\n{}", clean.stdout, clean.stderr);
    assert!(clean.codes().is_empty(), "{}", clean.stdout);

    let dated = text.replace("instance_count = 1\n", "instance_count = 1979-05-27\n");
    std::fs::write(dir.path().join("dated.toml"), dated).expect("write");
    let dated = run("TOML date as a number", dir.path(), &["validate", "dated.toml"]);
    dated.assert_finding(INVALID_TYPE);
    let json: Value = serde_json::from_str(&dated.stdout).expect("JSON");
    let finding = json["diagnostics"].as_array().expect("list").iter().find(|d| d["code"] == INVALID_TYPE).cloned();
    let finding = finding.expect("the invalid-type finding");
    assert_eq!(finding["pointer"], "/instance_count");
    assert_eq!(finding["line"], 12, "{finding}");

    let inline = CLEAN_TOML
        .replace("instance_count = 1\n", "instance_count = 1\nhyperparameters = { lr = 0.1, nested = { a = [] } }\n");
    std::fs::write(dir.path().join("inline.toml"), inline).expect("write");
    let inline = run("TOML nested inline table in hyperparameters", dir.path(), &["validate", "inline.toml"]);
    assert!(inline.code == 0 || inline.code == 1, "{}", inline.stdout);
    if inline.code == 1 {
        let json: Value = serde_json::from_str(&inline.stdout).expect("JSON");
        let pointers: Vec<&str> =
            json["diagnostics"].as_array().expect("list").iter().filter_map(|d| d["pointer"].as_str()).collect();
        assert!(pointers.iter().all(|p| p.starts_with("/hyperparameters")), "{pointers:?}");
    }
}

//! `sagespec fix`: each repair, in YAML and TOML, against output written by hand
//! (tests/fixtures/fix/<repair>/{input,fixed}.{yaml,toml}); comments and the rest of the
//! text survive, a second run changes nothing, `--diff` writes nothing, a file that does
//! not parse is left alone, and findings without a fix make the exit status 1.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const REPAIRS: &[&str] = &["unquoted-version", "dataparallel-enabled", "rename-key", "enum-value"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fix")
}

fn fix(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sagespec"))
        .arg("fix")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("sagespec runs")
}

fn text(output: &[u8]) -> String {
    String::from_utf8(output.to_vec()).expect("UTF-8")
}

/// A copy of one repair's `input.<ext>` (as `manifest.<ext>`) and its `src/` in a temporary folder.
fn copy_of(repair: &str, ext: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = fixtures().join(repair);
    std::fs::create_dir(dir.path().join("src")).expect("mkdir");
    std::fs::copy(from.join("src/train.py"), dir.path().join("src/train.py")).expect("copy src");
    let name = format!("manifest.{ext}");
    std::fs::copy(from.join(format!("input.{ext}")), dir.path().join(&name)).expect("copy input");
    (dir, name)
}

#[test]
fn each_repair_gives_the_text_written_by_hand_and_a_second_run_changes_nothing() {
    for repair in REPAIRS {
        for ext in ["yaml", "toml"] {
            let (dir, name) = copy_of(repair, ext);
            let expected = std::fs::read_to_string(fixtures().join(repair).join(format!("fixed.{ext}"))).expect("read");
            let first = fix(&[&name], dir.path());
            let written = std::fs::read_to_string(dir.path().join(&name)).expect("read");
            assert_eq!(written, expected, "{repair} {ext}: {}", text(&first.stderr));
            assert_eq!(first.status.code(), Some(0), "{repair} {ext}: {}", text(&first.stderr));
            assert!(text(&first.stderr).contains(&format!("{name}: fixed: ")), "{repair} {ext}");
            // Comments are text like any other: the first line of every input is one.
            assert!(written.starts_with("# "), "{repair} {ext}");

            let second = fix(&[&name], dir.path());
            assert_eq!(second.status.code(), Some(0), "{repair} {ext}");
            assert!(!text(&second.stderr).contains("fixed:"), "{repair} {ext}: {}", text(&second.stderr));
            assert_eq!(std::fs::read_to_string(dir.path().join(&name)).expect("read"), expected, "{repair} {ext}");
        }
    }
}

#[test]
fn diff_prints_the_repair_and_writes_nothing() {
    let (dir, name) = copy_of("rename-key", "yaml");
    let before = std::fs::read_to_string(dir.path().join(&name)).expect("read");
    let output = fix(&["--diff", &name], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(dir.path().join(&name)).expect("read"), before);
    let diff = text(&output.stdout);
    assert!(diff.starts_with("--- manifest.yaml\n+++ manifest.yaml\n@@ "), "{diff}");
    assert!(diff.contains("\n-entry_piont: train.py  # the script SageMaker runs\n"), "{diff}");
    assert!(diff.contains("\n+entry_point: train.py  # the script SageMaker runs\n"), "{diff}");
    assert!(text(&output.stderr).contains("manifest.yaml: would fix: rename `entry_piont` to `entry_point`"));
}

#[test]
fn findings_without_a_fix_remain_and_exit_1_while_the_others_are_fixed() {
    let (dir, name) = copy_of("enum-value", "yaml");
    let path = dir.path().join(&name);
    let given = std::fs::read_to_string(&path).expect("read").replace("instance_count: 1", "instance_count: 0");
    std::fs::write(&path, given).expect("write");
    let output = fix(&[&name], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let written = std::fs::read_to_string(&path).expect("read");
    assert!(written.contains("framework: pytorch  # a typo\n"), "{written}");
    assert!(written.contains("instance_count: 0\n"), "{written}");
    assert!(text(&output.stderr).contains("sagespec::schema::out-of-range"), "{}", text(&output.stderr));
}

#[test]
fn a_file_with_a_syntax_error_is_never_touched() {
    let (dir, name) = copy_of("unquoted-version", "yaml");
    let path = dir.path().join(&name);
    let broken = format!("{}  nested: [unclosed\n", std::fs::read_to_string(&path).expect("read"));
    std::fs::write(&path, &broken).expect("write");
    let output = fix(&[&name], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), broken);
    assert!(text(&output.stderr).contains("manifest.yaml: not fixed: it does not parse"));
}

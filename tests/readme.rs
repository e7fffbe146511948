//! The README's code table is the output of `sagespec rules`; this test fails when a code
//! is added, removed or reworded without updating it. To refresh the table, replace the
//! lines between `<!-- rules:start -->` and `<!-- rules:end -->` with the output of
//! `cargo run -q -- rules`.

use std::path::Path;
use std::process::Command;

#[test]
fn readme_lists_every_code_as_sagespec_rules_prints_it() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md is committed");
    let start = readme.find("<!-- rules:start -->\n").expect("rules:start marker") + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    let output = Command::new(env!("CARGO_BIN_EXE_sagespec")).arg("rules").output().expect("sagespec runs");
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert!(
        readme[start..end] == printed,
        "README's rule table is stale; paste the output of `cargo run -q -- rules`:\n{printed}"
    );
}

#[test]
fn every_code_is_documented_in_the_readme() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md is committed");
    let missing: Vec<&str> = sagespec::diagnostic::registry::all()
        .map(|entry| entry.code)
        .filter(|code| !readme.contains(&format!("`{code}`")))
        .collect();
    assert!(missing.is_empty(), "README does not list: {missing:?}");
}

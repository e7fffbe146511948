//! `sagespec lsp` under a client the project did not write: pytest-lsp (PyPI, pinned by
//! tests/editors/lsp/requirements.txt, installed by `scripts/pytest-lsp` as
//! `tests/editors/bin/lsp-python`) runs tests/editors/lsp/test_sagespec_lsp.py, once with
//! VS Code's client capabilities and once with Neovim's: open a manifest with non-ASCII
//! text, read its diagnostics (UTF-16 columns), take the quick fix, apply it, see the
//! diagnostic go; the server registers its watcher on Defaults files with VS Code (which
//! can watch files) and not with Neovim. pytest-lsp also checks every message against the
//! capabilities the client announced.
//!
//! When pytest-lsp is not installed the test fails with a message naming the set-up
//! script; set `SAGESPEC_SKIP_EDITOR_TESTS=1` to skip it outside CI.

use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The venv's Python with pytest-lsp, or `None` when the test is to be skipped.
fn python() -> Option<PathBuf> {
    let python = repo().join("tests/editors/bin/lsp-python");
    if python.exists() {
        return Some(python);
    }
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    if !in_ci && std::env::var_os("SAGESPEC_SKIP_EDITOR_TESTS").is_some_and(|v| v == "1") {
        eprintln!("SKIPPED: pytest-lsp is not installed and SAGESPEC_SKIP_EDITOR_TESTS=1");
        return None;
    }
    panic!(
        "pytest-lsp is not installed at {}: run scripts/pytest-lsp (scripts/test does), \
         or set SAGESPEC_SKIP_EDITOR_TESTS=1 outside CI",
        python.display()
    );
}

#[test]
fn pytest_lsp_sees_the_diagnostics_and_applies_the_fix_as_vs_code_and_neovim() {
    let Some(python) = python() else {
        return;
    };
    let output = Command::new(python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/editors/lsp"])
        .current_dir(repo())
        .env("SAGESPEC_BIN", env!("CARGO_BIN_EXE_sagespec"))
        .output()
        .expect("pytest runs");
    let shown = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "pytest-lsp failed:\n{shown}");
    // Both clients ran: a test that collects nothing must not pass.
    assert!(shown.contains("2 passed"), "{shown}");
}

//! The starters `sagespec init` writes, one for each framework and distribution it offers.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `sagespec init` into `folder` for every framework and distribution pair, as
/// `<framework>-<distribution>.sagespec.<extension>`; returns `(label, path, text)` of each.
pub fn write_all(folder: &Path, extension: &str) -> Vec<(String, PathBuf, String)> {
    let mut starters = Vec::new();
    for framework in ["pytorch", "tensorflow"] {
        for distribution in ["none", "dataparallel", "torch_distributed", "mpi"] {
            if framework == "tensorflow" && distribution == "torch_distributed" {
                continue;
            }
            let path = folder.join(format!("{framework}-{distribution}.sagespec.{extension}"));
            let init = Command::new(env!("CARGO_BIN_EXE_sagespec"))
                .args(["init", "--framework", framework, "--distribution", distribution, "--output"])
                .arg(&path)
                .output()
                .expect("run sagespec init");
            assert!(init.status.success(), "init {framework} {distribution} failed: {init:?}");
            let text = std::fs::read_to_string(&path).expect("read starter");
            starters.push((format!("{framework} {distribution}"), path, text));
        }
    }
    starters
}

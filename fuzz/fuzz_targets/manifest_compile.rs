//! Fuzz target: a YAML manifest that validates clean → the compiled CreateTrainingJob
//! request. Compiling a valid manifest must never panic; errors are fine. The manifest
//! is checked and compiled without a base folder on disk (local code paths resolve
//! against an empty temporary folder), with a fixed region and account.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use sagespec::check::check_text;
use sagespec::lower::{CompileOptions, compile};
use sagespec::source::Format;

fn base_dir() -> &'static std::path::Path {
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("sagespec-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let checked = check_text("fuzz.yaml", Arc::from(text), Format::Yaml, Some(base_dir()));
    if checked.has_errors() {
        return;
    }
    let Some(manifest) = checked.manifest else { return };
    let options = CompileOptions { region: Some("us-west-2".to_owned()), account_id: Some("123456789012".to_owned()) };
    let _ = compile(&manifest, base_dir(), &options);
});

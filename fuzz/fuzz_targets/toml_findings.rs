//! Fuzz target: arbitrary bytes as a TOML manifest → findings. Must never panic or hang.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use sagespec::check::check_text;
use sagespec::source::Format;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let checked = check_text("fuzz.toml", Arc::from(text), Format::Toml, None);
    let _ = checked.report.errors();
});

//! Fuzz target: arbitrary bytes as a YAML manifest → findings. Must never panic or hang;
//! every input ends in a report (possibly empty). Rendering is included, since spans
//! that run past the text would panic there.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use sagespec::check::check_text;
use sagespec::source::Format;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let checked = check_text("fuzz.yaml", Arc::from(text), Format::Yaml, None);
    let _ = checked.report.errors();
});

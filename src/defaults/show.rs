//! `sagespec compile --show-origin FILE`: the merged manifest, one value per line, each
//! with the file and line it came from, as `git config --show-origin` shows settings.
//!
//! ```text
//! specs/sagespec.defaults.yaml:5    region: us-west-2
//! specs/team/bert.yaml:4            instance_type: ml.p4d.24xlarge
//! specs/sagespec.defaults.yaml:11   tags.team: nlp
//! ```
//!
//! A line holds a value with no children (a scalar, a list, an empty mapping), named by
//! its keys from the root joined with `.`; a value is shown as compact JSON.

use std::fmt::Write as _;
use std::path::Path;

use super::merge::leaves;
use super::{Layered, Origin};
use crate::diagnostic::Target;
use crate::diagnostic::report::span_of;
use crate::source::document::tokens;

/// The lines of `layered` for the manifest shown as `display`, its text `text`.
pub fn render(layered: &Layered, display: &str, text: &str) -> String {
    let mut pointers = Vec::new();
    leaves(&layered.document.root, "", &mut pointers);
    let rows: Vec<(String, String)> = pointers
        .iter()
        .map(|pointer| {
            let (shown, source) = match layered.origins.of(pointer) {
                Origin::Manifest => (display.to_owned(), text),
                Origin::Layer(index) => (layered.shown(index, display), &*layered.chain.layers[index].text),
            };
            let span = span_of(&layered.document, pointer, Target::Key);
            let line = source.get(..span.offset).map_or(1, |before| before.matches('\n').count() + 1);
            let key = tokens(pointer).collect::<Vec<_>>().join(".");
            let value = layered.document.node(pointer).map(crate::source::Node::to_json).unwrap_or_default();
            (format!("{shown}:{line}"), format!("{key}: {}", compact(&value)))
        })
        .collect();
    let width = rows.iter().map(|(origin, _)| origin.chars().count()).max().unwrap_or(0);
    let mut lines = String::new();
    for (origin, setting) in &rows {
        let _ = writeln!(lines, "{origin:<width$}  {setting}");
    }
    lines
}

/// A value as one line: a string bare, anything else as JSON.
fn compact(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The lines of the manifest at `path` (shown as `display`), merged with the Defaults that
/// reach it; a manifest without any shows its own values. A file that cannot be read or
/// parsed gives its report.
pub fn show_origin(path: &Path, display: &str) -> Result<String, Box<crate::diagnostic::FileReport>> {
    use crate::check;
    let limits = crate::source::Limits::default();
    let Ok(text) = check::read_bytes(path, &limits).and_then(|bytes| check::decode(bytes, &limits)) else {
        return Err(Box::new(check::check_file(path, display).report));
    };
    let text = std::sync::Arc::<str>::from(text);
    let format = crate::source::Format::from_path(path).unwrap_or(crate::source::Format::Yaml);
    let document = match crate::source::parse(&text, format) {
        Ok(document) => document,
        Err(finding) => {
            return Err(Box::new(crate::diagnostic::FileReport::new(display, text, None, vec![*finding])));
        }
    };
    let folder = crate::discover::base_dir(path);
    let layered = check::layered(check::builtin(), display, &document, folder).unwrap_or_else(|| Layered {
        origins: super::Origins::default(),
        chain: std::sync::Arc::default(),
        folder: super::discover::absolute(folder),
        keys: super::merge::no_keys(),
        findings: Vec::new(),
        broken_layers: Vec::new(),
        document,
    });
    Ok(render(&layered, display, &text))
}

//! Completion: the keys valid at the cursor (those not written yet in this file; one a
//! Defaults file sets may be written to override it), and the values a key allows: the
//! kind's own narrowed suggestions when it has them ([`Kind::suggest`]: for a TrainingJob,
//! framework versions with an image in the region, their Python versions, SMDDP instance
//! types first; read from the manifest merged with its Defaults), else the enum (or
//! boolean) values of its schema. A Defaults file completes from its own schema
//! (`defaults:` and `environments.*` take the keys of every kind, `policy:` its rules).

use lsp_types::{CompletionItem, CompletionItemKind, Documentation, Position};
use serde_json::Value as Json;

use super::analysis::Analysis;
use super::cursor::{self, Place};
use super::position::LineIndex;
use super::schema::{self, View};
use crate::check;
use crate::fix::repairs::is_plain_yaml;
use crate::kinds::{Kind, Suggestion};
use crate::source::document::push_token;
use crate::source::{Document, Format};

/// The completions at `position` of `text` (a manifest in `format`, last analysed as
/// `analysis`).
pub fn complete(text: &str, format: Format, analysis: &Analysis, position: Position) -> Vec<CompletionItem> {
    let offset = LineIndex::new(text).offset(position);
    let Some(cursor) = cursor::at(text, offset, format) else {
        return Vec::new();
    };
    let Some(kind) = analysis.kind.or_else(|| kind_written(text)) else {
        return Vec::new();
    };
    let Some(root) = schema::of(kind).map(View::root) else {
        return Vec::new();
    };
    let written = analysis.document().map_or_else(|| without_line(text, offset, format), Document::to_json);
    match cursor.place {
        Place::Key { .. } => keys(root, &cursor.mapping, &written, format),
        Place::Value { key, quoted } => {
            let pointer = push_token(&cursor.mapping, &key);
            // What a value may be depends on the values inherited from Defaults files too.
            let merged = analysis.merged_json().unwrap_or(written);
            let suggestions = kind.suggest(&pointer, &merged).unwrap_or_else(|| {
                let values = root.at(&pointer).map(View::values).unwrap_or_default();
                values.into_iter().map(|value| Suggestion { value, first_because: None }).collect()
            });
            suggestions.iter().enumerate().map(|(order, s)| value_item(s, order, quoted, format)).collect()
        }
    }
}

/// What the manifest says when its text does not parse because of the line being typed
/// (`max_r` alone on a line): the text without that line.
fn without_line(text: &str, offset: usize, format: Format) -> Json {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let rest = format!("{}{}", &text[..start], &text[end..]);
    crate::source::parse(&rest, format).map_or(Json::Null, |document| document.to_json())
}

/// The kind named by a `kind:` line, for text that does not parse.
fn kind_written(text: &str) -> Option<&'static dyn Kind> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix("kind")?.trim_start().strip_prefix([':', '='])?;
        check::builtin().get(rest.trim().trim_matches(['"', '\'']))
    })
}

fn keys(root: View<'_>, mapping: &str, written: &Json, format: Format) -> Vec<CompletionItem> {
    let Some(view) = root.at(mapping) else {
        return Vec::new();
    };
    let present = written.pointer(mapping).and_then(Json::as_object);
    view.keys()
        .into_iter()
        .filter(|(key, _)| !present.is_some_and(|p| p.contains_key(*key)))
        .enumerate()
        .map(|(order, (key, schema))| CompletionItem {
            label: key.to_owned(),
            kind: Some(CompletionItemKind::FIELD),
            detail: schema.title().map(str::to_owned),
            documentation: schema.description().map(|d| Documentation::String(d.to_owned())),
            insert_text: Some(match format {
                Format::Yaml => format!("{key}: "),
                Format::Toml => format!("{key} = "),
            }),
            sort_text: Some(format!("{order:04}")),
            ..CompletionItem::default()
        })
        .collect()
}

fn value_item(suggestion: &Suggestion, order: usize, quoted: bool, format: Format) -> CompletionItem {
    let value = &suggestion.value;
    let label = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
    let insert = match value {
        Json::String(text) if !quoted && (format == Format::Toml || !is_plain_yaml(text)) => {
            Json::String(text.clone()).to_string()
        }
        _ => label.clone(),
    };
    CompletionItem {
        label,
        kind: Some(CompletionItemKind::VALUE),
        detail: suggestion.first_because.map(str::to_owned),
        insert_text: Some(insert),
        sort_text: Some(format!("{}{order:04}", u8::from(suggestion.first_because.is_none()))),
        ..CompletionItem::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::distribution::SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES;
    use std::path::Path;
    use std::sync::Arc;

    /// The labels offered at `|` in `text`.
    fn offered(text: &str, format: Format) -> Vec<String> {
        let name = if format == Format::Yaml { "/w/a.yaml" } else { "/w/a.toml" };
        offered_at(Path::new(name), text, format)
    }

    /// The labels offered at `|` in `text`, the manifest at `path`.
    fn offered_at(path: &Path, text: &str, format: Format) -> Vec<String> {
        let at = text.find('|').expect("cursor mark");
        let text = text.replace('|', "");
        let analysis = super::super::analysis::analyze(path, Arc::from(text.as_str())).expect("manifest");
        let position = LineIndex::new(&text).position(at);
        let mut items = complete(&text, format, &analysis, position);
        items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
        items.into_iter().map(|item| item.label).collect()
    }

    const HEAD: &str = "apiVersion: sagespec/v1\nkind: TrainingJob\n";

    #[test]
    fn keys_not_yet_written_are_offered() {
        let keys = offered(&format!("{HEAD}framework: pytorch\n|"), Format::Yaml);
        assert!(keys.contains(&"framework_version".to_owned()), "{keys:?}");
        assert!(!keys.contains(&"framework".to_owned()));
        assert!(!keys.contains(&"kind".to_owned()));
        let nested =
            offered(&format!("{HEAD}distribution:\n  smdistributed:\n    dataparallel:\n      |"), Format::Yaml);
        assert!(nested.contains(&"enabled".to_owned()), "{nested:?}");
    }

    #[test]
    fn py_versions_are_those_of_the_framework_version() {
        let py =
            offered(&format!("{HEAD}framework: pytorch\nframework_version: \"2.2.0\"\npy_version: |"), Format::Yaml);
        assert_eq!(py, ["py310"]);
    }

    #[test]
    fn smddp_instance_types_come_first_when_dataparallel_is_enabled() {
        let enabled = "distribution:\n  smdistributed:\n    dataparallel:\n      enabled: true\ninstance_type: |";
        let types = offered(&format!("{HEAD}{enabled}"), Format::Yaml);
        assert_eq!(
            types[..4],
            SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>()[..]
        );
        let plain = offered(&format!("{HEAD}instance_type: |"), Format::Yaml);
        assert_eq!(plain[0], "ml.m4.xlarge");
    }

    #[test]
    fn toml_values_are_offered_quoted() {
        let text = "apiVersion = \"sagespec/v1\"\nkind = \"TrainingJob\"\nframework = |";
        let at = text.find('|').expect("mark");
        let text = text.replace('|', "");
        let analysis = super::super::analysis::analyze(Path::new("/w/a.toml"), Arc::from(text.as_str()));
        // `framework = ` does not parse yet: the kind is read from the text.
        let analysis = analysis.expect("manifest");
        assert!(analysis.document().is_none());
        let items = complete(&text, Format::Toml, &analysis, LineIndex::new(&text).position(at));
        let inserts: Vec<_> = items.iter().filter_map(|i| i.insert_text.as_deref()).collect();
        assert_eq!(inserts, ["\"pytorch\"", "\"tensorflow\""]);
    }

    #[test]
    fn a_defaults_file_completes_from_its_own_schema() {
        let head = "apiVersion: sagespec/v1\nkind: Defaults\n";
        let defaults = offered(&format!("{head}defaults:\n  role: r\n  |"), Format::Yaml);
        assert!(defaults.contains(&"region".to_owned()) && defaults.contains(&"instance_type".to_owned()));
        assert!(!defaults.contains(&"role".to_owned()), "{defaults:?}");
        let environment = offered(&format!("{head}environments:\n  prod:\n    |"), Format::Yaml);
        assert!(environment.contains(&"role".to_owned()), "{environment:?}");
        let policy = offered(&format!("{head}policy:\n  |"), Format::Yaml);
        assert!(policy.contains(&"allowed_instance_types".to_owned()) && policy.contains(&"max_run".to_owned()));
        let top = offered(&format!("{head}|"), Format::Yaml);
        assert!(top.contains(&"environments".to_owned()) && top.contains(&"root".to_owned()), "{top:?}");
    }

    #[test]
    fn a_manifest_under_defaults_is_offered_inherited_keys_and_values_that_follow_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
        std::fs::write(
            dir.path().join("sagespec.defaults.yaml"),
            "apiVersion: sagespec/v1\nkind: Defaults\ndefaults:\n  framework: pytorch\n  \
             framework_version: \"2.2.0\"\n  region: us-west-2\n",
        )
        .expect("write");
        let manifest = dir.path().join("train.yaml");
        // The Python versions of the inherited PyTorch 2.2.0.
        assert_eq!(offered_at(&manifest, &format!("{HEAD}py_version: |"), Format::Yaml), ["py310"]);
        // An inherited key may be written to override it.
        let keys = offered_at(&manifest, &format!("{HEAD}|"), Format::Yaml);
        assert!(keys.contains(&"framework".to_owned()), "{keys:?}");
    }
}

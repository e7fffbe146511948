//! Laying settings over one another, and a manifest over them (`design/manifest.md` §4):
//! mappings merge key by key (`tags`, `environment`, `hyperparameters`, `inputs` by
//! channel name, `distribution`, at any depth); scalars and lists replace; `key: null`
//! removes an inherited value. A nearer value keeps the place of the one it replaces, so
//! a merged mapping reads in the order Python's `{**outer, **inner}` gives.
//!
//! Each value keeps the span of the file that wrote it, and [`Origins`] remembers which
//! file that was, by JSON pointer: a value is from the file recorded at its pointer or,
//! when none is, at its nearest ancestor's.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};

use super::discover::Chain;
use crate::kinds::Kind;
use crate::source::document::{push_token, tokens};
use crate::source::{Document, Entry, Node, Value};

/// Top-level keys a Defaults file cannot set: each names one resource or one file, so a
/// shared value would give every manifest the same one.
pub const NOT_SHARED: &[&str] =
    &["apiVersion", "kind", "name", "job_name", "model_name", "endpoint_name", "training_job", "model"];

/// Which file wrote a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The manifest itself.
    Manifest,
    /// The Defaults file at this index of the chain ([`Chain::layers`]).
    Layer(usize),
}

/// Which file wrote each value of a merged document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origins {
    recorded: HashMap<String, Origin>,
}

impl Origins {
    /// Which file wrote the value at `pointer`.
    pub fn of(&self, pointer: &str) -> Origin {
        let mut at = pointer;
        loop {
            if let Some(origin) = self.recorded.get(at) {
                return *origin;
            }
            match at.rfind('/') {
                Some(slash) => at = &at[..slash],
                None => return Origin::Manifest,
            }
        }
    }

    /// Whether any value came from a Defaults file.
    pub fn any_inherited(&self) -> bool {
        self.recorded.values().any(|origin| *origin != Origin::Manifest)
    }

    fn record(&mut self, pointer: String, origin: Origin) {
        self.recorded.insert(pointer, origin);
    }

    /// Forgets what was recorded at `pointer` and below it.
    fn forget_under(&mut self, pointer: &str) {
        self.recorded.retain(|at, _| !(at == pointer || at.strip_prefix(pointer).is_some_and(|r| r.starts_with('/'))));
    }
}

/// Settings merged from several files: a mapping's entries, and where each came from.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The merged entries.
    pub entries: Vec<Entry>,
    /// Their origins.
    pub origins: Origins,
}

/// `base` with the mappings `nodes` (one layer's `defaults`, then its environment) laid
/// over it, in order; each written value's origin is the layer at `index`.
pub fn settings_over<'a>(base: &Settings, index: usize, nodes: impl IntoIterator<Item = &'a Node>) -> Settings {
    let mut merged = base.clone();
    for node in nodes {
        if let Value::Map(entries) = &node.value {
            let shared = entries.iter().filter(|entry| !NOT_SHARED.contains(&entry.key.as_str()));
            overlay(&mut merged.entries, shared, Origin::Layer(index), "", &mut merged.origins);
        }
    }
    merged
}

/// The manifest `document` laid over `chain`'s settings (only the keys its kind has,
/// `keys`): the merged document, its root at the manifest's root, and its origins.
/// Top-level keys come in the manifest's order, then the inherited ones.
pub fn overlay_manifest<S: std::hash::BuildHasher>(
    chain: &Chain,
    keys: &HashSet<String, S>,
    document: &Document,
) -> (Document, Origins) {
    let mut entries: Vec<Entry> =
        chain.settings.entries.iter().filter(|entry| keys.contains(&entry.key)).cloned().collect();
    let mut origins = chain.settings.origins.clone();
    let written: &[Entry] = match &document.root.value {
        Value::Map(written) => written,
        _ => return (document.clone(), Origins::default()),
    };
    overlay(&mut entries, written.iter(), Origin::Manifest, "", &mut origins);
    let place = |key: &str| written.iter().position(|entry| entry.key == key).unwrap_or(usize::MAX);
    entries.sort_by_key(|entry| place(&entry.key));
    let root = Node { value: Value::Map(entries), ..document.root.clone() };
    (Document::new(document.format, root), origins)
}

/// Lays `incoming` (written in `origin`) over the mapping entries `target`, at `at`.
fn overlay<'a>(
    target: &mut Vec<Entry>,
    incoming: impl Iterator<Item = &'a Entry>,
    origin: Origin,
    at: &str,
    origins: &mut Origins,
) {
    for entry in incoming {
        let pointer = push_token(at, &entry.key);
        let Some(index) = target.iter().position(|existing| existing.key == entry.key) else {
            // `null` with nothing to remove: a manifest's stays (the kind reads it as
            // unset); a Defaults file's is nothing.
            if entry.value.value != Value::Null || origin == Origin::Manifest {
                origins.forget_under(&pointer);
                origins.record(pointer, origin);
                target.push(entry.clone());
            }
            continue;
        };
        let existing = &mut target[index];
        match (&mut existing.value.value, &entry.value.value) {
            (_, Value::Null) => {
                origins.forget_under(&pointer);
                target.remove(index);
            }
            (Value::Map(children), Value::Map(more)) => {
                // The mapping is now the nearer file's; what it already held keeps its origin.
                let before = origins.of(&pointer);
                for child in children.iter() {
                    let below = push_token(&pointer, &child.key);
                    if !origins.recorded.contains_key(&below) {
                        origins.record(below, before);
                    }
                }
                origins.record(pointer.clone(), origin);
                existing.key_span = entry.key_span;
                existing.key_plain = entry.key_plain;
                existing.value.span = entry.value.span;
                overlay(children, more.iter(), origin, &pointer, origins);
            }
            _ => {
                origins.forget_under(&pointer);
                origins.record(pointer, origin);
                *existing = entry.clone();
            }
        }
    }
}

/// The top-level keys of `kind`'s schema that a Defaults file may set for it; `None` for a
/// kind without a schema (it takes no defaults). Read once per kind.
pub fn kind_keys(kind: &dyn Kind) -> Option<&'static HashSet<String>> {
    static KEYS: LazyLock<Mutex<HashMap<&'static str, &'static HashSet<String>>>> = LazyLock::new(Mutex::default);
    let mut known = KEYS.lock().ok()?;
    if let Some(keys) = known.get(kind.name()) {
        return Some(keys);
    }
    let schema: serde_json::Value = serde_json::from_str(kind.schema()?.text).ok()?;
    let keys: HashSet<String> = schema
        .get("properties")?
        .as_object()?
        .keys()
        .filter(|key| !NOT_SHARED.contains(&key.as_str()))
        .cloned()
        .collect();
    // One set per kind, for the life of the process.
    let keys: &'static HashSet<String> = Box::leak(Box::new(keys));
    known.insert(kind.name(), keys);
    Some(keys)
}

/// The pointers of every value in `node` that has no children (scalars, lists, empty
/// mappings), in document order, below `at`.
pub fn leaves(node: &Node, at: &str, out: &mut Vec<String>) {
    match &node.value {
        Value::Map(entries) if !entries.is_empty() => {
            for entry in entries {
                leaves(&entry.value, &push_token(at, &entry.key), out);
            }
        }
        _ => out.push(at.to_owned()),
    }
}

/// The top-level key of `pointer` (`/tags/team` → `tags`).
pub fn top_key(pointer: &str) -> Option<String> {
    tokens(pointer).next()
}

/// No keys: a manifest merged with nothing.
pub fn no_keys() -> &'static HashSet<String> {
    static NONE: LazyLock<HashSet<String>> = LazyLock::new(HashSet::new);
    &NONE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Format, parse};

    fn node(text: &str) -> Node {
        parse(text, Format::Yaml).expect("valid YAML").root
    }

    /// `manifest` over the settings of `layers` (outermost first), as JSON, with the
    /// origin of each pointer asked for.
    fn merged(layers: &[&str], manifest: &str) -> (serde_json::Value, Origins) {
        let mut chain = Chain::default();
        for (index, layer) in layers.iter().enumerate() {
            chain.settings = settings_over(&chain.settings, index, [&node(layer)]);
        }
        let keys: HashSet<String> = ["role", "tags", "inputs", "subnets", "hyperparameters", "name", "region"]
            .iter()
            .map(ToString::to_string)
            .collect();
        let document = parse(manifest, Format::Yaml).expect("valid YAML");
        let (document, origins) = overlay_manifest(&chain, &keys, &document);
        (document.to_json(), origins)
    }

    #[test]
    fn mappings_merge_key_by_key_in_the_outer_order_and_scalars_and_lists_replace() {
        let (json, _) = merged(
            &["role: outer\ntags: {a: 1, b: 2}\nsubnets: [s1, s2]\n"],
            "name: n\nrole: own\ntags: {b: 3, c: 4}\nsubnets: [s3]\n",
        );
        assert_eq!(
            json,
            serde_json::json!({"name": "n", "role": "own", "tags": {"a": 1, "b": 3, "c": 4}, "subnets": ["s3"]})
        );
        let tags: Vec<&String> = json["tags"].as_object().expect("tags").keys().collect();
        assert_eq!(tags, ["a", "b", "c"]);
    }

    #[test]
    fn null_removes_an_inherited_value_at_any_depth_and_stays_when_nothing_is_inherited() {
        let (json, _) = merged(
            &["role: outer\ninputs: {train: s3://b/t/, validation: s3://b/v/}\n"],
            "role: null\ninputs: {validation: null}\nregion: null\n",
        );
        assert_eq!(json, serde_json::json!({"inputs": {"train": "s3://b/t/"}, "region": null}));
    }

    #[test]
    fn a_channel_merges_by_name_and_a_string_channel_replaces_a_mapping() {
        let (json, _) = merged(
            &["inputs: {train: {s3_data: s3://a/, input_mode: Pipe}, test: {s3_data: s3://c/}}\n"],
            "inputs: {train: {s3_data: s3://b/}, test: s3://d/}\n",
        );
        assert_eq!(
            json["inputs"],
            serde_json::json!({"train": {"s3_data": "s3://b/", "input_mode": "Pipe"}, "test": "s3://d/"})
        );
    }

    #[test]
    fn each_value_remembers_the_file_that_wrote_it() {
        let (_, origins) = merged(
            &["role: outer\ntags: {a: 1, b: 2}\nhyperparameters: {lr: 1}\n", "tags: {b: 9}\nregion: r\n"],
            "tags: {c: 3}\nname: n\n",
        );
        assert_eq!(origins.of("/role"), Origin::Layer(0));
        assert_eq!(origins.of("/hyperparameters/lr"), Origin::Layer(0));
        assert_eq!(origins.of("/region"), Origin::Layer(1));
        assert_eq!(origins.of("/tags/a"), Origin::Layer(0));
        assert_eq!(origins.of("/tags/b"), Origin::Layer(1));
        assert_eq!(origins.of("/tags/c"), Origin::Manifest);
        // A merged mapping is the nearest file's that wrote into it.
        assert_eq!(origins.of("/tags"), Origin::Manifest);
        assert_eq!(origins.of("/name"), Origin::Manifest);
        assert_eq!(origins.of("/nowhere/below"), Origin::Manifest);
    }

    #[test]
    fn keys_that_name_one_resource_or_another_kind_are_not_inherited() {
        let (json, _) = merged(&["name: shared\njob_name: j\nrole: r\nframework: pytorch\n"], "region: x\n");
        // `name` and `job_name` are never shared; `framework` is not a key of this kind here.
        assert_eq!(json, serde_json::json!({"region": "x", "role": "r"}));
    }
}

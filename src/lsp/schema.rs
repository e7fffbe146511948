//! Reading the published JSON Schemas (`schema/*.json`) the way an editor needs them: the
//! subschema at a pointer, its description, the keys a mapping takes and the values an
//! enum allows. `$ref`, `allOf`, `anyOf` and `oneOf` are followed, so a key documented
//! through a definition (`distribution` → `Distribution`) is found.

use std::sync::LazyLock;

use serde_json::Value as Json;

use crate::check;
use crate::kinds::Kind;
use crate::source::document::tokens;

/// How deep `$ref` and combinators are followed (the schemas nest far less).
const MAX_DEPTH: usize = 16;

/// Every built-in kind's published schema, parsed once: `(kind name, schema)`.
static SCHEMAS: LazyLock<Vec<(&'static str, Json)>> = LazyLock::new(|| {
    let registry = check::builtin();
    registry
        .names()
        .into_iter()
        .filter_map(|name| {
            let published = registry.get(name)?.schema()?;
            Some((name, serde_json::from_str(published.text).ok()?))
        })
        .collect()
});

/// The published schema of `kind`.
pub fn of(kind: &dyn Kind) -> Option<&'static Json> {
    SCHEMAS.iter().find(|(name, _)| *name == kind.name()).map(|(_, schema)| schema)
}

/// A schema with its root, so `$ref`s inside it resolve.
#[derive(Clone, Copy, Debug)]
pub struct View<'s> {
    root: &'s Json,
    node: &'s Json,
}

impl<'s> View<'s> {
    /// The whole schema.
    pub fn root(root: &'s Json) -> Self {
        Self { root, node: root }
    }

    /// The subschema a value at `pointer` is checked against (a list index, or any token
    /// under a mapping of free keys, follows `items` and `additionalProperties`).
    pub fn at(self, pointer: &str) -> Option<Self> {
        tokens(pointer).try_fold(self, |view, token| view.child(&token))
    }

    fn child(self, token: &str) -> Option<Self> {
        self.branches().into_iter().find_map(|branch| {
            let node = branch.node;
            let found = node
                .get("properties")
                .and_then(|p| p.get(token))
                .or_else(|| token.parse::<usize>().ok().and_then(|_| node.get("items")))
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()))?;
            Some(Self { root: self.root, node: found })
        })
    }

    /// This schema and every schema it refers to or combines, depth first.
    fn branches(self) -> Vec<Self> {
        let mut out = Vec::new();
        self.collect(&mut out, 0);
        out
    }

    fn collect(self, out: &mut Vec<Self>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        out.push(self);
        if let Some(target) = self.node.get("$ref").and_then(Json::as_str).and_then(|r| self.resolve(r)) {
            Self { root: self.root, node: target }.collect(out, depth + 1);
        }
        for combinator in ["allOf", "anyOf", "oneOf"] {
            for node in self.node.get(combinator).and_then(Json::as_array).into_iter().flatten() {
                Self { root: self.root, node }.collect(out, depth + 1);
            }
        }
    }

    fn resolve(&self, reference: &str) -> Option<&'s Json> {
        self.root.pointer(reference.strip_prefix('#')?)
    }

    /// The first description met, this schema's own before those it refers to.
    pub fn description(self) -> Option<&'s str> {
        self.branches().into_iter().find_map(|b| b.node.get("description").and_then(Json::as_str))
    }

    /// The first title met.
    pub fn title(self) -> Option<&'s str> {
        self.branches().into_iter().find_map(|b| b.node.get("title").and_then(Json::as_str))
    }

    /// The keys a mapping here takes, in the schema's order, each with its subschema.
    pub fn keys(self) -> Vec<(&'s str, Self)> {
        let mut out: Vec<(&str, Self)> = Vec::new();
        for branch in self.branches() {
            for (key, node) in branch.node.get("properties").and_then(Json::as_object).into_iter().flatten() {
                if !out.iter().any(|(known, _)| known == key) {
                    out.push((key.as_str(), Self { root: self.root, node }));
                }
            }
        }
        out
    }

    /// The values an enum (or `const`) here allows, as written in the schema; `true` and
    /// `false` for a boolean.
    pub fn values(self) -> Vec<Json> {
        let mut out: Vec<Json> = Vec::new();
        for branch in self.branches() {
            let node = branch.node;
            let listed = node.get("enum").and_then(Json::as_array).into_iter().flatten().chain(node.get("const"));
            let booleans = (node.get("type").and_then(Json::as_str) == Some("boolean"))
                .then_some([Json::Bool(true), Json::Bool(false)])
                .into_iter()
                .flatten();
            for value in listed.cloned().chain(booleans) {
                if !out.contains(&value) {
                    out.push(value);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn training_job() -> View<'static> {
        let kind = check::builtin().get("TrainingJob").expect("TrainingJob");
        View::root(of(kind).expect("its schema"))
    }

    #[test]
    fn keys_and_descriptions_are_found_through_definitions() {
        let schema = training_job();
        let dataparallel = schema.at("/distribution/smdistributed/dataparallel").expect("dataparallel");
        assert!(dataparallel.keys().iter().any(|(key, _)| *key == "enabled"));
        let description = schema.at("/distribution").and_then(View::description).expect("described");
        assert!(description.starts_with("Distributed training strategy"), "{description}");
        assert!(schema.at("/nope").is_none());
    }

    #[test]
    fn enum_and_boolean_values_are_listed() {
        let schema = training_job();
        let frameworks = schema.at("/framework").expect("framework").values();
        assert_eq!(frameworks, [Json::from("pytorch"), Json::from("tensorflow")]);
        let enabled = schema.at("/distribution/smdistributed/dataparallel/enabled").expect("enabled").values();
        assert!(enabled.contains(&Json::Bool(true)), "{enabled:?}");
    }

    #[test]
    fn every_kind_has_its_schema() {
        for name in check::builtin().names() {
            assert!(of(check::builtin().get(name).expect("kind")).is_some(), "{name}");
        }
    }
}

//! Policy (`design/manifest.md` §4): what every manifest a Defaults file reaches must keep
//! once merged. Each layer's `policy:` is checked on its own, so a nearer file cannot
//! loosen an outer one: both apply.
//!
//! A finding points at the manifest's value (or at the document, for a key or tag that is
//! missing) and carries a related label at the policy's line. Where a kind holds the
//! governed values is its own data ([`crate::kinds::Governed`]).

use std::collections::HashSet;
use std::path::Path;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_json::Value as Json;

use super::Layered;
use super::codes;
use super::discover::Layer;
use crate::diagnostic::{Finding, Related};
use crate::kinds::Kind;
use crate::source::document::push_token;
use crate::spec::defaults::Policy;

/// Every policy finding for the merged manifest `layered` of `kind`, shown as `manifest`.
pub fn check(kind: &dyn Kind, layered: &Layered, manifest: &str) -> Vec<Finding> {
    let merged = layered.document.to_json();
    let mut findings = Vec::new();
    for (index, layer) in layered.chain.layers.iter().enumerate() {
        let Some(policy) = &layer.policy else {
            continue;
        };
        let rules = Rules {
            kind,
            merged: &merged,
            layer,
            folder: &layered.folder,
            keys: layered.keys,
            shown: layered.shown(index, manifest),
        };
        rules.instance_types(policy, &mut findings);
        let policy = &policy.policy;
        rules.regions(policy, &mut findings);
        rules.instance_counts(policy, &mut findings);
        rules.max_run(policy, &mut findings);
        rules.required_keys(policy, &mut findings);
        rules.required_tags(policy, &mut findings);
    }
    findings
}

/// A layer's policy, ready to check many manifests: read, and its globs compiled, once per
/// layer per run (compiling a glob costs more than all the rest of a manifest's policy).
#[derive(Debug)]
pub struct Compiled {
    /// The policy as written.
    pub policy: Policy,
    /// `allowed_instance_types`, compiled (a pattern that is not a glob matches itself).
    instance_types: Option<GlobSet>,
}

impl Compiled {
    /// The policy of the `policy:` mapping `node`, when it reads as one.
    pub fn new(node: &crate::source::Node) -> Option<Self> {
        let policy = Policy::deserialize(&node.to_json()).ok()?;
        let instance_types = policy.allowed_instance_types.as_ref().map(|allowed| {
            let mut set = GlobSetBuilder::new();
            for pattern in allowed {
                let glob = Glob::new(pattern).or_else(|_| Glob::new(&globset::escape(pattern)));
                if let Ok(glob) = glob {
                    set.add(glob);
                }
            }
            set.build().unwrap_or_else(|_| GlobSet::empty())
        });
        Some(Self { policy, instance_types })
    }
}

/// One layer's policy against one merged manifest.
struct Rules<'a> {
    kind: &'a dyn Kind,
    merged: &'a Json,
    layer: &'a Layer,
    folder: &'a Path,
    keys: &'a HashSet<String>,
    /// The layer's path as the user sees it, for help texts.
    shown: String,
}

impl Rules<'_> {
    /// A label at the policy's `key` in the layer's file.
    fn cite(&self, key: &str, text: String) -> Option<Related> {
        let document = self.layer.document.as_ref()?;
        let located = document.locate(&format!("/policy/{key}"));
        let span = located
            .key
            .map_or(located.value, |key| crate::source::Span::new(key.offset, located.value.end() - key.offset));
        Some(Related { path: self.layer.display_from(self.folder), source: self.layer.text.clone(), span, text })
    }

    fn instance_types(&self, compiled: &Compiled, out: &mut Vec<Finding>) {
        let (Some(allowed), Some(globs)) = (&compiled.policy.allowed_instance_types, &compiled.instance_types) else {
            return;
        };
        let listed = allowed.join(", ");
        for pattern in self.kind.governed().instance_types {
            for (pointer, value) in values_at(self.merged, pattern) {
                let Some(instance_type) = value.as_str() else { continue };
                if globs.is_match(instance_type) {
                    continue;
                }
                let finding = Finding::error(
                    codes::INSTANCE_TYPE_NOT_ALLOWED,
                    format!("`{instance_type}` is not an instance type the policy allows"),
                )
                .at(pointer)
                .with_label("not allowed by the policy")
                .with_help(format!("use one of {listed}, or change the policy in {}", self.shown));
                out.push(with_related(
                    finding,
                    self.cite("allowed_instance_types", format!("the policy allows {listed}")),
                ));
            }
        }
    }

    fn regions(&self, policy: &Policy, out: &mut Vec<Finding>) {
        let (Some(allowed), Some(pointer)) = (&policy.allowed_regions, self.kind.governed().region) else { return };
        let Some(region) = self.merged.pointer(pointer).and_then(Json::as_str) else { return };
        if allowed.iter().any(|allowed| allowed == region) {
            return;
        }
        let listed = allowed.join(", ");
        let finding =
            Finding::error(codes::REGION_NOT_ALLOWED, format!("`{region}` is not a region the policy allows"))
                .at(pointer)
                .with_label("not allowed by the policy")
                .with_help(format!("use one of {listed}, or change the policy in {}", self.shown));
        out.push(with_related(finding, self.cite("allowed_regions", format!("the policy allows {listed}"))));
    }

    fn instance_counts(&self, policy: &Policy, out: &mut Vec<Finding>) {
        let Some(most) = policy.max_instance_count else { return };
        for pattern in self.kind.governed().instance_counts {
            for (pointer, value) in values_at(self.merged, pattern) {
                let Some(count) = value.as_i64().filter(|count| *count > most) else { continue };
                let finding = Finding::error(
                    codes::INSTANCE_COUNT_OVER_LIMIT,
                    format!("{count} instances is over the policy's limit of {most}"),
                )
                .at(pointer)
                .with_label(format!("at most {most}"))
                .with_help(format!("run on at most {most} instances, or change the policy in {}", self.shown));
                out.push(with_related(finding, self.cite("max_instance_count", format!("at most {most} instances"))));
            }
        }
    }

    fn max_run(&self, policy: &Policy, out: &mut Vec<Finding>) {
        let (Some(most), Some((pointer, default))) = (policy.max_run, self.kind.governed().max_run) else { return };
        let written = self.merged.pointer(pointer).and_then(Json::as_i64);
        let seconds = written.unwrap_or(default);
        if seconds <= most {
            return;
        }
        let finding = match written {
            Some(_) => Finding::error(
                codes::MAX_RUN_OVER_LIMIT,
                format!("a run time of {seconds} seconds is over the policy's limit of {most}"),
            )
            .at(pointer)
            .with_label(format!("at most {most}")),
            None => Finding::error(
                codes::MAX_RUN_OVER_LIMIT,
                format!("without `max_run` the job may run for {seconds} seconds, over the policy's limit of {most}"),
            )
            .at("")
            .with_label(format!("runs up to {seconds} s")),
        };
        let finding =
            finding.with_help(format!("set `max_run` to at most {most}, or change the policy in {}", self.shown));
        out.push(with_related(finding, self.cite("max_run", format!("at most {most} seconds"))));
    }

    fn required_keys(&self, policy: &Policy, out: &mut Vec<Finding>) {
        let Some(required) = &policy.require else { return };
        for key in required.iter().filter(|key| self.keys.contains(*key)) {
            if self.merged.get(key).is_some_and(|value| !value.is_null()) {
                continue;
            }
            let finding =
                Finding::error(codes::REQUIRED_KEY_MISSING, format!("the policy requires `{key}`, and it is not set"))
                    .at("")
                    .with_label(format!("no `{key}` here or in the defaults"))
                    .with_help(format!("set `{key}` in this manifest or in a Defaults file above it"));
            out.push(with_related(finding, self.cite("require", format!("`{key}` is required here"))));
        }
    }

    fn required_tags(&self, policy: &Policy, out: &mut Vec<Finding>) {
        let (Some(required), Some(pointer)) = (&policy.required_tags, self.kind.governed().tags) else { return };
        let tags = self.merged.pointer(pointer).and_then(Json::as_object);
        for tag in required {
            if tags.is_some_and(|tags| tags.contains_key(tag)) {
                continue;
            }
            let at = if tags.is_some() { pointer } else { "" };
            let finding = Finding::error(
                codes::REQUIRED_TAG_MISSING,
                format!("the policy requires the tag `{tag}`, and it is not set"),
            )
            .at_key(at)
            .with_label(format!("no `{tag}` tag"))
            .with_help(format!("add `{tag}` under `tags`, here or in a Defaults file above it"));
            out.push(with_related(finding, self.cite("required_tags", format!("`{tag}` is required here"))));
        }
    }
}

fn with_related(mut finding: Finding, related: Option<Related>) -> Finding {
    finding.related.extend(related);
    finding
}

/// The values at `pattern` in `json`, with their pointers; `*` stands for every item of a
/// list.
pub fn values_at<'a>(json: &'a Json, pattern: &str) -> Vec<(String, &'a Json)> {
    let mut found = vec![(String::new(), json)];
    for token in pattern.split('/').skip(1) {
        found = found
            .into_iter()
            .flat_map(|(at, value)| -> Vec<(String, &Json)> {
                match (token, value) {
                    ("*", Json::Array(items)) => {
                        items.iter().enumerate().map(|(i, item)| (push_token(&at, &i.to_string()), item)).collect()
                    }
                    (key, Json::Object(map)) => {
                        map.get(key).map(|child| (push_token(&at, key), child)).into_iter().collect()
                    }
                    _ => Vec::new(),
                }
            })
            .collect();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_reaches_every_item_of_a_list() {
        let json = serde_json::json!({"instance_groups": [{"instance_type": "a"}, {"instance_count": 2}, {"instance_type": "b"}]});
        let found: Vec<(String, &Json)> = values_at(&json, "/instance_groups/*/instance_type");
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers, ["/instance_groups/0/instance_type", "/instance_groups/2/instance_type"]);
        assert!(values_at(&json, "/instance_type").is_empty());
    }
}

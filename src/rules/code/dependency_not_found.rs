//! `sagespec::code::dependency-not-found`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use std::path::Path;

use super::super::{Context, Rule};
use super::{Found, look_up};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::code::dependency-not-found",
    summary: "a `dependencies` folder does not exist",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "an item of `dependencies` that is not a local folder.",
        why: "each dependency is a folder copied into the code tarball next to `source_dir`'s files (facts §3.3); a \
              missing one fails the packaging. Checked only when the manifest is read from a file (paths resolve \
              against its folder).",
        example: r"```yaml
dependencies:
  - deps/mylib
  - deps/mylibb            # error: no such folder
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(base_dir), Some(dependencies)) = (cx.base_dir, cx.manifest.dependencies.as_ref()) else {
        return;
    };
    for (index, dependency) in dependencies.iter().enumerate() {
        let message = match look_up(base_dir, Path::new(dependency)) {
            Found::Folder => continue,
            Found::File => format!("dependency `{dependency}` is a file, not a folder"),
            Found::Nothing => {
                format!("no folder `{dependency}` was found (relative to the manifest)")
            }
        };
        out.push(
            Finding::error(RULE.code, message)
                .at(format!("/dependencies/{index}"))
                .with_label("looked for this folder")
                .with_help("each `dependencies` item is a local folder, relative to the manifest's folder; fix the path or remove the item"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, pointers, workspace};
    use super::RULE;

    const CODE: &str = "entry_point: train.py\nsource_dir: src\n";

    #[test]
    fn each_missing_dependency_is_reported_at_its_item() {
        let dir = workspace();
        let yaml = format!("{CODE}dependencies: [deps/mylib, deps/nope, notes.txt]\n");
        assert_eq!(pointers(RULE.code, &yaml, dir.path()), ["/dependencies/1", "/dependencies/2"]);
    }

    #[test]
    fn existing_folders_or_text_only_are_fine() {
        let dir = workspace();
        let yaml = format!("{CODE}dependencies: [deps/mylib, deps]\n");
        assert!(pointers(RULE.code, &yaml, dir.path()).is_empty());
        assert!(findings(RULE.code, &format!("{CODE}dependencies: [deps/nope]\n"), None).is_empty());
    }
}

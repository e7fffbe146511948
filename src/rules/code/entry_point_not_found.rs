//! `sagespec::code::entry-point-not-found`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use std::path::Path;

use super::super::{Context, Rule};
use super::{Found, is_s3_uri, look_up};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::code::entry-point-not-found",
    summary: "the `entry_point` script does not exist in the local code",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "an `entry_point` that is not a file: inside the local `source_dir` when there is one, else next to \
               the manifest.",
        why: "the SDK refuses it before creating the job: \"No file named \"{ep}\" was found in directory \
              \"{dir}\".\" (facts §3.3). Checked only when the manifest is read from a file; with an `s3://` \
              `source_dir` the script is inside the tarball and is not checked.",
        example: r"```yaml
entry_point: trian.py      # error: no file src/trian.py
source_dir: src
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    let (Some(base_dir), Some(entry_point)) = (cx.base_dir, manifest.entry_point.as_deref()) else {
        return;
    };
    if is_s3_uri(entry_point) {
        return; // entry-point-is-s3-uri
    }
    let folder = match manifest.source_dir.as_deref() {
        Some(source_dir) if is_s3_uri(source_dir) => return,
        // A missing or invalid source_dir has its own finding.
        Some(source_dir) if look_up(base_dir, Path::new(source_dir)) != Found::Folder => return,
        None if cx.document.node("/source_dir").is_some() => return,
        Some(source_dir) => Some(source_dir),
        None => None,
    };
    let looked_for =
        folder.map_or_else(|| Path::new(entry_point).to_path_buf(), |dir| Path::new(dir).join(entry_point));
    let message = match look_up(base_dir, &looked_for) {
        Found::File => return,
        Found::Folder => format!("`{}` is a folder, not a script", looked_for.display()),
        Found::Nothing => match folder {
            Some(dir) => {
                format!("no file named `{entry_point}` was found in `{dir}` (looked for `{}`)", looked_for.display())
            }
            None => format!("no file `{entry_point}` was found next to the manifest"),
        },
    };
    let help = if folder.is_some() {
        "`entry_point` is relative to `source_dir`; fix the name, or move the script into that folder"
    } else {
        "without `source_dir`, `entry_point` is relative to the manifest's folder; fix the path, or set `source_dir`"
    };
    out.push(
        Finding::error(RULE.code, message)
            .at("/entry_point")
            .with_label(format!("looked for {}", looked_for.display()))
            .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, pointers, workspace};
    use super::RULE;

    #[test]
    fn script_missing_from_source_dir_is_reported() {
        let dir = workspace();
        let found = findings(RULE.code, "entry_point: nope.py\nsource_dir: src\n", Some(dir.path()));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/entry_point");
        assert!(found[0].message.contains("src/nope.py"), "{}", found[0].message);
    }

    #[test]
    fn without_source_dir_the_script_is_next_to_the_manifest() {
        let dir = workspace();
        assert!(pointers(RULE.code, "entry_point: src/train.py\n", dir.path()).is_empty());
        assert_eq!(pointers(RULE.code, "entry_point: train.py\n", dir.path()), ["/entry_point"]);
        assert_eq!(pointers(RULE.code, "entry_point: src\n", dir.path()), ["/entry_point"]);
    }

    #[test]
    fn not_checked_when_the_code_is_elsewhere() {
        let dir = workspace();
        assert!(pointers(RULE.code, "entry_point: train.py\nsource_dir: src\n", dir.path()).is_empty());
        assert!(
            pointers(RULE.code, "entry_point: nope.py\nsource_dir: s3://b/sourcedir.tar.gz\n", dir.path()).is_empty()
        );
        assert!(pointers(RULE.code, "entry_point: nope.py\nsource_dir: missing\n", dir.path()).is_empty());
        assert!(findings(RULE.code, "entry_point: nope.py\nsource_dir: src\n", None).is_empty());
    }
}

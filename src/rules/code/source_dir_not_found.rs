//! `sagespec::code::source-dir-not-found`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use std::path::Path;

use super::super::{Context, Rule};
use super::{Found, is_s3_uri, look_up};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::code::source-dir-not-found",
    summary: "the local `source_dir` folder does not exist",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a local `source_dir` that does not exist, or is not a folder.",
        why: "the SDK packs the folder into `sourcedir.tar.gz` before creating the job (facts §3.3); a missing \
              folder fails there, and a typo is cheaper to catch here. Checked only when the manifest is read from a \
              file (paths resolve against its folder).",
        example: r"```yaml
source_dir: scr            # error: no folder `scr` next to the manifest
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(base_dir), Some(source_dir)) = (cx.base_dir, cx.manifest.source_dir.as_deref()) else {
        return;
    };
    if is_s3_uri(source_dir) {
        return;
    }
    let message = match look_up(base_dir, Path::new(source_dir)) {
        Found::Folder => return,
        Found::File => format!("`source_dir` `{source_dir}` is a file, not a folder"),
        Found::Nothing => format!("no folder `{source_dir}` was found (relative to the manifest)"),
    };
    out.push(Finding::error(RULE.code, message).at("/source_dir").with_label("looked for this folder").with_help(
        "`source_dir` is the folder with the training code, relative to the manifest's folder; \
                 fix the path, or use an `s3://…/sourcedir.tar.gz`",
    ));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, pointers, workspace};
    use super::RULE;

    #[test]
    fn missing_folder_or_file_is_reported() {
        let dir = workspace();
        assert_eq!(pointers(RULE.code, "entry_point: train.py\nsource_dir: scr\n", dir.path()), ["/source_dir"]);
        assert_eq!(pointers(RULE.code, "entry_point: train.py\nsource_dir: notes.txt\n", dir.path()), ["/source_dir"]);
    }

    #[test]
    fn existing_folder_s3_tarball_or_text_only_are_fine() {
        let dir = workspace();
        assert!(pointers(RULE.code, "entry_point: train.py\nsource_dir: src\n", dir.path()).is_empty());
        assert!(
            pointers(RULE.code, "entry_point: train.py\nsource_dir: s3://b/sourcedir.tar.gz\n", dir.path()).is_empty()
        );
        assert!(findings(RULE.code, "entry_point: train.py\nsource_dir: scr\n", None).is_empty());
    }

    #[test]
    fn a_folder_outside_the_manifest_folder_is_fine() {
        let dir = workspace();
        let outside = dir.path().join("src");
        let yaml = format!("entry_point: train.py\nsource_dir: {}\n", outside.display());
        let elsewhere = dir.path().join("deps");
        assert!(pointers(RULE.code, &yaml, &elsewhere).is_empty());
        assert!(pointers(RULE.code, "entry_point: train.py\nsource_dir: ../src\n", &elsewhere).is_empty());
    }
}

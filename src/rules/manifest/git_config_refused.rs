//! `sagespec::manifest::git-config-refused`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::manifest::git-config-refused",
    summary: "`git_config`: sagespec packages code from the manifest's own repository",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "any `git_config` (the SDK's argument that clones a repository at `fit()` and packages the code from \
               it).",
        why: "a manifest is reviewed together with the code next to it; code cloned from another repository at \
              submit time is code nobody reviewed with the manifest, and a job whose content depends on a \
              network clone cannot be named by its content (`design/manifest.md` §3, §8). The SDK's clone \
              errors (bad URL, no repo, unreachable host) would surface only at `fit()`.",
        example: r"```yaml
git_config:                 # error: check the code out next to the manifest instead
  repo: https://github.com/org/training.git
  branch: main
source_dir: src
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if !super::written(cx, "git_config") {
        return;
    }
    out.push(
        Finding::error(RULE.code, "`git_config` is not supported: sagespec packages the code next to the manifest")
            .at_key("/git_config")
            .with_label("refused")
            .with_help(
                "add the repository to this one (a checkout or a git submodule) and point `source_dir` (and \
                 `dependencies`) at it; the code is then reviewed with the manifest and hashed into the job's name",
            ),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;

    #[test]
    fn any_git_config_is_refused() {
        let base = "apiVersion: sagespec/v1\nkind: TrainingJob\njob_name: x\n";
        let found = crate::rules::testing::findings_with_code(
            &format!("{base}git_config:\n  repo: https://example.com/r.git\n"),
            RULE.code,
            None,
        );
        assert_eq!(found.iter().map(|f| f.pointer.as_str()).collect::<Vec<_>>(), ["/git_config"]);
        assert!(crate::rules::testing::findings_with_code(base, RULE.code, None).is_empty());
    }
}

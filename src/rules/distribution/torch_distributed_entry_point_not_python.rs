//! `sagespec::distribution::torch-distributed-entry-point-not-python`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::rules::support::view;
use crate::spec::Framework;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::torch-distributed-entry-point-not-python",
    summary: "torch_distributed needs a Python entry point (*.py)",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "PyTorch with `torch_distributed` enabled and an `entry_point` that does not end in `.py` (e.g. a \
               shell script). Checked even with `image_uri`.",
        why: "the SDK refuses it (facts §2.4 D13): `torchrun` starts Python programs only.",
        example: r"```yaml
entry_point: train.sh                 # error: torchrun needs a .py script
distribution:
  torch_distributed: {enabled: true}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if !view::is(cx, Framework::Pytorch) || !view::torch_distributed_on(cx) {
        return;
    }
    let Some(entry_point) = cx.manifest.entry_point.as_deref() else {
        return;
    };
    #[expect(
        clippy::case_sensitive_file_extension_comparisons,
        reason = "the SDK's `endswith(\".py\")` is case-sensitive: `train.PY` is refused"
    )]
    if entry_point.ends_with(".py") {
        return;
    }
    out.push(
        Finding::error(RULE.code, format!("torch_distributed cannot launch entry point `{entry_point}`: it is not a Python script"))
            .at("/entry_point")
            .with_label("not a *.py file")
            .also(view::TORCH_DISTRIBUTED, "torch_distributed enabled here")
            .with_help("point entry_point at the Python training script (e.g. `train.py`); torchrun runs only *.py programs. To run a shell script, remove torch_distributed and launch torchrun from the script yourself"),
    );
}

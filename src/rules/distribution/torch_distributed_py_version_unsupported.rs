//! `sagespec::distribution::torch-distributed-py-version-unsupported`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::DISTRIBUTED_PY_VERSION_MARKER;
use crate::rules::support::view;
use crate::spec::Framework;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::torch-distributed-py-version-unsupported",
    summary: "torch_distributed needs a Python 3 image",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "PyTorch with `torch_distributed` enabled and a `py_version` that is not Python 3 (does not contain \
               `py3`), when no `image_uri` is given.",
        why: "the SDK refuses it (facts §2.4 D9: \"Please specify py_version>=py3\"); the images with `torchrun` \
              support are Python 3 only.",
        example: r"```yaml
framework: pytorch
py_version: py2                       # error: e.g. py310
distribution:
  torch_distributed: {enabled: true}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if !view::is(cx, Framework::Pytorch) || !view::torch_distributed_on(cx) || view::has_image_uri(cx) {
        return;
    }
    let Some(py_version) = cx.manifest.py_version.as_deref() else {
        return;
    };
    if py_version.contains(DISTRIBUTED_PY_VERSION_MARKER) {
        return;
    }
    out.push(
        Finding::error(RULE.code, format!("torch_distributed does not support py_version {py_version}"))
            .at("/py_version")
            .with_label("not Python 3")
            .also(view::TORCH_DISTRIBUTED, "torch_distributed enabled here")
            .with_help("set py_version to the Python 3 version of the PyTorch image, e.g. `py310` for PyTorch 2.0–2.2"),
    );
}

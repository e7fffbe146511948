//! `sagespec::distribution::dataparallel-py-version-unsupported`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::DISTRIBUTED_PY_VERSION_MARKER;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::dataparallel-py-version-unsupported",
    summary: "smdistributed dataparallel needs a Python 3 image",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "SMDDP enabled with a `py_version` that is not Python 3 (it does not contain `py3`), when no \
               `image_uri` is given.",
        why: "the SDK refuses it (facts §2.4 D6: \"Please specify py_version>=py3\"); the data-parallel images are \
              Python 3 only.",
        example: r"```yaml
py_version: py2                       # error: use py3x, e.g. py310
distribution:
  smdistributed:
    dataparallel: {enabled: true}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(pointer) = view::dataparallel_on(cx) else {
        return;
    };
    let Some(py_version) = cx.manifest.py_version.as_deref() else {
        return;
    };
    if view::has_image_uri(cx) || py_version.contains(DISTRIBUTED_PY_VERSION_MARKER) {
        return;
    }
    out.push(
        Finding::error(RULE.code, format!("smdistributed dataparallel does not support py_version {py_version}"))
            .at("/py_version")
            .with_label("not Python 3")
            .also(pointer, "data parallelism enabled here")
            .with_help("set py_version to the Python 3 version of the framework image, e.g. `py310` for PyTorch 2.x or `py39` for TensorFlow 2.8–2.11"),
    );
}

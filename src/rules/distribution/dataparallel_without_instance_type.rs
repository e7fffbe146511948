//! `sagespec::distribution::dataparallel-without-instance-type`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::dataparallel-without-instance-type",
    summary: "smdistributed dataparallel is enabled but no instance type is set",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "SMDDP (`smdistributed.dataparallel`, or `pytorchddp` on PyTorch) enabled on a job that names no \
               `instance_type` and no `instance_groups`.",
        why: "the SDK refuses it (facts §2.4 D4: \"Please specify an instance_type for smdataparallel\"): the \
              library runs only on specific multi-GPU instances and passes the type to the container as \
              `sagemaker_instance_type`.",
        example: r"```yaml
# no instance_type anywhere
distribution:
  smdistributed:
    dataparallel: {enabled: true}     # error: add `instance_type: ml.p4d.24xlarge`
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(pointer) = view::dataparallel_on(cx) else {
        return;
    };
    if view::written(cx, "/instance_type") || view::written(cx, "/instance_groups") {
        return;
    }
    out.push(
        Finding::error(RULE.code, "smdistributed dataparallel is enabled but the job sets no `instance_type`")
            .at_key(pointer)
            .with_label("enabled here")
            .with_help(format!(
                "add `instance_type:` with one of the types the data-parallel library supports: {}",
                view::listed(SM_DATAPARALLEL_SUPPORTED_INSTANCE_TYPES)
            )),
    );
}

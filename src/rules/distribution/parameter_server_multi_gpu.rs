//! `sagespec::distribution::parameter-server-multi-gpu`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::is_multi_gpu_parameter_server_host;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::parameter-server-multi-gpu",
    summary: "parameter_server runs one worker per host on a multi-GPU instance",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "`parameter_server` enabled on a multi-GPU P-family instance (any `ml.p*` except `ml.p2.xlarge` and \
               `ml.p3.2xlarge`).",
        why: "the SDK warns (facts §2.4 W1): the parameter server runs only one worker per host, whatever the number \
              of GPUs, so most GPUs sit idle unless the script uses them itself.",
        example: r"```yaml
instance_type: ml.p3.16xlarge         # 8 GPUs, 1 worker
distribution:
  parameter_server: {enabled: true}   # warning
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let enabled = view::distribution(cx).and_then(|d| d.parameter_server.as_ref()).is_some_and(|t| view::on(t.enabled));
    if !enabled {
        return;
    }
    for placement in view::training_instance_types(cx) {
        if !is_multi_gpu_parameter_server_host(placement.instance_type) {
            continue;
        }
        out.push(
            Finding::warning(
                RULE.code,
                format!("parameter_server runs only one worker per host, so most GPUs of {} may sit idle", placement.instance_type),
            )
            .at_key("/distribution/parameter_server")
            .with_label("one worker per host")
            .also(placement.pointer, "multi-GPU instance")
            .with_help("use all GPUs from the training script (e.g. MirroredStrategy within each worker), or use `mpi` / `multi_worker_mirrored_strategy` to run one worker per GPU"),
        );
    }
}

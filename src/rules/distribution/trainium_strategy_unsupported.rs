//! `sagespec::distribution::trainium-strategy-unsupported`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::{TRAINIUM_SUPPORTED_DISTRIBUTION_STRATEGIES, is_trainium_instance};
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::trainium-strategy-unsupported",
    summary: "a distribution strategy other than torch_distributed on a Trainium instance",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a Trainium instance type (`ml.trn*`) with any distribution strategy other than `torch_distributed`, \
               alone or next to it. `instance_groups` (the group names) is not a strategy and does not count.",
        why: "the SDK refuses it (facts §2.4 D7/D8): on Trainium the Neuron images launch only through `torchrun`; \
              MPI, parameter servers and the SageMaker GPU libraries do not exist there.",
        example: r"```yaml
instance_type: ml.trn1.32xlarge
distribution:
  mpi: {enabled: true}                # error: use torch_distributed
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(trainium) = view::training_instance_types(cx).into_iter().find(|p| is_trainium_instance(p.instance_type))
    else {
        return;
    };
    let strategies: Vec<&str> =
        view::keys(cx, "/distribution").into_iter().filter(|k| *k != "instance_groups").collect();
    let unsupported: Vec<&str> =
        strategies.iter().copied().filter(|k| !TRAINIUM_SUPPORTED_DISTRIBUTION_STRATEGIES.contains(k)).collect();
    let help = format!(
        "on Trainium use only {} (distribution.torch_distributed.enabled: true) and remove {}",
        view::listed(TRAINIUM_SUPPORTED_DISTRIBUTION_STRATEGIES),
        view::listed(&unsupported)
    );
    let finding = match (strategies.len(), unsupported.as_slice()) {
        (_, []) => return,
        (1, [key]) => Finding::error(
            RULE.code,
            format!("distribution strategy `{key}` is not supported on Trainium instance {}", trainium.instance_type),
        )
        .at_key(format!("/distribution/{key}"))
        .with_label("not available on Trainium"),
        _ => {
            let mut finding = Finding::error(
                RULE.code,
                format!(
                    "Trainium instance {} supports only torch_distributed, but the distribution sets {}",
                    trainium.instance_type,
                    view::listed(&strategies)
                ),
            )
            .at_key("/distribution")
            .with_label("more than one strategy");
            for key in &unsupported {
                finding = finding.also(format!("/distribution/{key}"), "not available on Trainium");
            }
            finding
        }
    };
    out.push(finding.also(trainium.pointer, "Trainium instance").with_help(help));
}

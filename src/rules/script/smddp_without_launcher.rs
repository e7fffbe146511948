//! `sagespec::script::smddp-without-launcher`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::support::view::{dataparallel_on, torch_distributed_on};
use super::super::{Context, Rule};
use super::{Smddp, analysis, labelled, launcher_pointer, smddp};
use crate::diagnostic::Finding;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::script::smddp-without-launcher",
    summary: "a script that initialises SMDDP in a job that never launches the library",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "a training script (or a local module it imports) that initialises SageMaker's data-parallel library \
               (`init_process_group(backend=\"smddp\")`, `sdp.init()`, …) in a job whose `distribution` enables \
               neither `smdistributed.dataparallel` (nor `pytorchddp`) nor `torch_distributed`.",
        why: "the library runs only under the launcher the SDK starts for it (`mpirun` with the library's \
              settings, or `torchrun`); started as a plain `python train.py`, its initialisation fails or waits \
              for peers that never come. A warning: the call may sit in code that never runs.",
        example: r"```yaml
entry_point: train.py     # warning: train.py initialises SMDDP, but no distribution launches it
instance_type: ml.p4d.24xlarge
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if dataparallel_on(cx).is_some() || torch_distributed_on(cx) {
        return;
    }
    let Some(analysis) = analysis(cx) else {
        return;
    };
    let Smddp::Initialised(place) = smddp(&analysis, None) else {
        return;
    };
    let (pointer, is_distribution) = launcher_pointer(cx);
    let finding = Finding::warning(
        RULE.code,
        format!("`{}` initialises SMDDP, but the job never launches the library", place.file.shown),
    );
    let finding = if is_distribution {
        finding.at_key(pointer).with_label("launches neither SMDDP nor torchrun")
    } else {
        finding.at(pointer).with_label("runs without a launcher")
    };
    out.push(labelled(finding, place, "initialises SMDDP").with_help(
        "enable the library with `distribution: {smdistributed: {dataparallel: {enabled: true}}}`, or take the \
             SMDDP initialisation out of the script",
    ));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{SMDDP, findings};
    use super::RULE;

    const ADAPTED: &str = "import torch.distributed as dist\nimport smdistributed.dataparallel.torch.torch_smddp\n\
                           dist.init_process_group(backend=\"smddp\")\n";
    const ONE_GPU: &str = "instance_type: ml.g5.2xlarge\ninstance_count: 1\n";

    #[test]
    fn smddp_without_distribution_is_reported_at_entry_point() {
        let found = findings(RULE.code, ONE_GPU, ADAPTED);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pointer, "/entry_point");
        assert_eq!(found[0].related[0].path, "src/train.py");
    }

    #[test]
    fn smddp_under_another_launcher_is_reported_at_distribution() {
        let mpi = "instance_type: ml.p4d.24xlarge\ninstance_count: 2\ndistribution:\n  mpi:\n    enabled: true\n";
        assert_eq!(findings(RULE.code, mpi, ADAPTED)[0].pointer, "/distribution");
    }

    #[test]
    fn smddp_or_torchrun_launch_it_and_a_plain_script_is_fine() {
        assert!(findings(RULE.code, SMDDP, ADAPTED).is_empty());
        let torchrun = "instance_type: ml.p4d.24xlarge\ninstance_count: 2\ndistribution:\n  torch_distributed:\n    enabled: true\n";
        assert!(findings(RULE.code, torchrun, ADAPTED).is_empty());
        assert!(findings(RULE.code, ONE_GPU, "import torch\n").is_empty());
    }
}

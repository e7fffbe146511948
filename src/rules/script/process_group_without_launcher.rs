//! `sagespec::script::process-group-without-launcher`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use super::{Smddp, analysis, labelled, launcher_pointer, launches, smddp};
use crate::diagnostic::Finding;
use crate::facts::training_script::{OWN_RENDEZVOUS_KEYWORDS, PROCESS_GROUP_CALLS};
use crate::script::Place;
use crate::spec::Framework;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::script::process-group-without-launcher",
    summary: "a script that starts a PyTorch process group in a job that starts no launcher",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "a PyTorch training script (or a local module it imports) that calls `init_process_group` (or \
               `deepspeed.init_distributed`) with the default rendezvous, in a job whose `distribution` starts no \
               launcher: none of `torch_distributed`, `mpi`, `smdistributed` or `pytorchddp` is enabled. Calls \
               that bring their own rendezvous (`init_method=`, `store=`) and scripts that set `MASTER_ADDR` \
               themselves (with `mp.spawn`, say) are left alone.",
        why: "the default rendezvous reads `MASTER_ADDR`, `RANK` and `WORLD_SIZE`, which only a launcher \
              (`torchrun`, `mpirun`) sets; SageMaker runs the script once per host as `python train.py`, so the call \
              fails at once, or waits for peers. A warning: the call may sit in code that never runs.",
        example: r#"```yaml
entry_point: train.py     # warning: train.py calls init_process_group("nccl"); add a launcher
distribution:
  torch_distributed: {enabled: true}    # torchrun sets what init_process_group reads
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.manifest.framework != Some(Framework::Pytorch) || launches(cx) {
        return;
    }
    let Some(analysis) = analysis(cx) else {
        return;
    };
    // SMDDP's own initialisation is smddp-without-launcher's.
    if !matches!(smddp(&analysis, None), Smddp::Not) || analysis.own_rendezvous().is_some() {
        return;
    }
    let call = analysis.calls().find(|(_, call)| {
        PROCESS_GROUP_CALLS.iter().any(|(name, _)| *name == call.last_name())
            && !call.splat
            && !OWN_RENDEZVOUS_KEYWORDS.iter().any(|k| call.has_keyword(k))
    });
    let Some((file, call)) = call else {
        return;
    };
    let (pointer, is_distribution) = launcher_pointer(cx);
    let finding =
        Finding::warning(RULE.code, format!("`{}` starts a process group, but the job starts no launcher", file.shown));
    let finding = if is_distribution {
        finding.at_key(pointer).with_label("starts no launcher")
    } else {
        finding.at(pointer).with_label("runs as a single `python` process per host")
    };
    out.push(
        labelled(
            finding,
            Place { file, site: call.site },
            format!("`{}` needs a launcher's rendezvous", call.last_name()),
        )
        .with_help(
            "enable a launcher: `distribution: {torch_distributed: {enabled: true}}` runs torchrun on every host; \
                 or give the call its own `init_method`",
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{SMDDP, findings};
    use super::RULE;

    const DDP: &str = "import torch.distributed as dist\ndist.init_process_group(\"nccl\")\n";
    const ONE_GPU: &str = "instance_type: ml.g5.2xlarge\ninstance_count: 1\n";

    #[test]
    fn a_process_group_without_a_launcher_is_reported() {
        let found = findings(RULE.code, ONE_GPU, DDP);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pointer, "/entry_point");
        assert!(found[0].related[0].text.contains("init_process_group"));
    }

    #[test]
    fn a_launcher_or_an_own_rendezvous_is_fine() {
        let torchrun = "instance_type: ml.p4d.24xlarge\ninstance_count: 2\ndistribution:\n  torch_distributed:\n    enabled: true\n";
        assert!(findings(RULE.code, torchrun, DDP).is_empty());
        assert!(findings(RULE.code, SMDDP, DDP).is_empty());
        let tcp = "import torch.distributed as dist\ndist.init_process_group(\"gloo\", init_method=\"tcp://127.0.0.1:23456\", rank=0, world_size=1)\n";
        assert!(findings(RULE.code, ONE_GPU, tcp).is_empty());
        let spawn = "import os\nimport torch.distributed as dist\nos.environ[\"MASTER_ADDR\"] = \"localhost\"\ndist.init_process_group(\"nccl\")\n";
        assert!(findings(RULE.code, ONE_GPU, spawn).is_empty());
    }
}

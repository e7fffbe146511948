//! `sagespec::script::dataparallel-not-initialised`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::support::view::dataparallel_on;
use super::super::{Context, Rule};
use super::{Smddp, analysis, label_in, labelled, smddp};
use crate::diagnostic::Finding;
use crate::facts::training_script::{PROCESS_GROUP_CALLS, TORCH_SMDDP_MODULE, smddp_adaptation};
use crate::script::{Argument, Place};
use crate::spec::Framework;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::script::dataparallel-not-initialised",
    summary: "a data-parallel job whose script never initialises SMDDP",
    severity: crate::diagnostic::Severity::Warning,
    docs: crate::diagnostic::Docs {
        what: "a job that enables `smdistributed.dataparallel` (or `pytorchddp`) whose training script, with the \
               local modules it imports from `source_dir` and `dependencies`, never initialises the library. \
               PyTorch: `import smdistributed.dataparallel.torch.torch_smddp` and \
               `init_process_group(backend=\"smddp\")` (or `deepspeed.init_distributed(dist_backend=\"smddp\")`, \
               or the library's older `smdistributed.dataparallel.torch.distributed` API); TensorFlow: `import \
               smdistributed.dataparallel.tensorflow as sdp` and `sdp.init()`.",
        why: "the SageMaker guide's first prerequisite is \"a training script that is adapted to use the \
              distributed data parallel library\". The job starts the library's launcher on every GPU of a p4d \
              cluster, but an unadapted script trains without it (each process alone, or with NCCL), or hangs \
              waiting for peers, and that shows only after the instances are paid for. The script is read, never \
              run: when it cannot be read whole (dynamic imports, a module over the size limit, a syntax \
              error) nothing is said, and the finding is a warning because the call may sit in code that never \
              runs.",
        example: r#"```yaml
distribution:             # warning: src/train.py never initialises SMDDP; add to it
  smdistributed:          #   import smdistributed.dataparallel.torch.torch_smddp
    dataparallel:         #   torch.distributed.init_process_group(backend="smddp")
      enabled: true
```"#,
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(block) = dataparallel_on(cx) else {
        return;
    };
    let Some(framework @ (Framework::Pytorch | Framework::Tensorflow)) = cx.manifest.framework else {
        return;
    };
    let Some(analysis) = analysis(cx).filter(|a| a.complete) else {
        return;
    };
    if !matches!(smddp(&analysis, Some(framework)), Smddp::Not) {
        return;
    }
    let entry = analysis.entry();
    let [import, init] = smddp_adaptation(framework);
    let finding = Finding::warning(RULE.code, format!("`{}` never initialises SMDDP", entry.shown))
        .at_key("/distribution")
        .with_label("the job launches the data-parallel library")
        .also(block, "enabled here")
        .with_help(format!(
            "adapt the script to the library: add\n    {import}\n    {init}\nto `{}` (or a module it imports); \
             without them each process trains alone, or the job hangs",
            entry.shown
        ));
    // Label what the script does instead, when it does something.
    let other_backend = (framework == Framework::Pytorch)
        .then(|| {
            analysis.calls().find_map(|(file, call)| {
                let (_, backend) = PROCESS_GROUP_CALLS.iter().find(|(name, _)| *name == call.last_name())?;
                let label = match call.argument(backend.position, backend.keyword) {
                    Some(Argument::Text(value)) => format!("starts the process group with backend \"{value}\""),
                    _ => format!("starts the process group without backend \"{}\"", backend.value),
                };
                Some((Place { file, site: call.site }, label))
            })
        })
        .flatten();
    let finding = match (other_backend, analysis.import_of(TORCH_SMDDP_MODULE)) {
        (Some((place, label)), _) => labelled(finding, place, label),
        (None, Some(place)) if framework == Framework::Pytorch => {
            labelled(finding, place, "imported, but no process group is started with backend \"smddp\"")
        }
        _ => label_in(finding, entry, entry.facts.first_statement, "no SMDDP initialisation in this script"),
    };
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{SMDDP, TENSORFLOW, findings, findings_in};
    use super::RULE;

    const ADAPTED: &str = "import torch.distributed as dist\nimport smdistributed.dataparallel.torch.torch_smddp\n\
                           dist.init_process_group(backend=\"smddp\")\n";

    #[test]
    fn an_unadapted_pytorch_script_is_reported_at_distribution_with_the_nccl_call_labelled() {
        let script = "import torch.distributed as dist\ndist.init_process_group(\"nccl\")\n";
        let found = findings(RULE.code, SMDDP, script);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pointer, "/distribution");
        assert_eq!(found[0].related.len(), 1);
        assert_eq!(found[0].related[0].text, "starts the process group with backend \"nccl\"");
        let help = found[0].help.as_deref().unwrap_or_default();
        assert!(help.contains("import smdistributed.dataparallel.torch.torch_smddp"), "{help}");
        assert!(help.contains("init_process_group(backend=\"smddp\")"), "{help}");
    }

    #[test]
    fn adapted_scripts_pass_new_api_old_api_and_deepspeed() {
        assert!(findings(RULE.code, SMDDP, ADAPTED).is_empty());
        let legacy = "import smdistributed.dataparallel.torch.distributed as dist\ndist.init_process_group()\n";
        assert!(findings(RULE.code, SMDDP, legacy).is_empty());
        let deepspeed = "import deepspeed\nimport smdistributed.dataparallel.torch.torch_smddp\n\
                         deepspeed.init_distributed(dist_backend=\"smddp\")\n";
        assert!(findings(RULE.code, SMDDP, deepspeed).is_empty());
    }

    #[test]
    fn the_import_alone_or_the_backend_alone_is_not_enough() {
        let import_only = "import smdistributed.dataparallel.torch.torch_smddp\n";
        assert_eq!(findings(RULE.code, SMDDP, import_only).len(), 1);
        let backend_only = "import torch.distributed as dist\ndist.init_process_group(backend=\"smddp\")\n";
        assert_eq!(findings(RULE.code, SMDDP, backend_only).len(), 1);
    }

    #[test]
    fn nothing_is_said_when_the_script_cannot_be_read_whole_or_the_backend_is_a_variable() {
        let dynamic = "import importlib\nimportlib.import_module(name)\n";
        assert!(findings(RULE.code, SMDDP, dynamic).is_empty());
        let variable = "import torch.distributed as dist\nimport smdistributed.dataparallel.torch.torch_smddp\n\
                        dist.init_process_group(backend=args.backend)\n";
        assert!(findings(RULE.code, SMDDP, variable).is_empty());
        assert!(findings(RULE.code, SMDDP, "def broken(:\n").is_empty());
    }

    #[test]
    fn tensorflow_needs_its_own_init() {
        let tf = |script: &str| findings_in(TENSORFLOW, RULE.code, SMDDP, script);
        assert!(tf("import smdistributed.dataparallel.tensorflow as sdp\nsdp.init()\n").is_empty());
        assert!(tf("from smdistributed.dataparallel.tensorflow import init\ninit()\n").is_empty());
        let found = tf("import tensorflow as tf\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].help.as_deref().unwrap_or_default().contains("sdp.init()"));
        // The PyTorch initialisation does not adapt a TensorFlow script.
        assert_eq!(tf(ADAPTED).len(), 1);
    }
}

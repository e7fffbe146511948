//! Rules on the training script itself (`sagespec::script::…`): what the job's Python code
//! does, read offline by [`crate::script`], against what the manifest asks of it: SMDDP
//! initialised when the job launches the library (and not when it does not), a process
//! group only under a launcher, hyperparameters the script's parser accepts, channels the
//! script reads.
//!
//! The code is read only when the manifest is read from a file and its code is local
//! ([`Code::of`]); each file is parsed once per run, however many rules and manifests read
//! it. A rule that says the script *never* does something needs the whole code read
//! ([`Analysis::complete`]); when it is not (dynamic imports, a module over the size limit,
//! a syntax error), it says nothing. Static reading can be wrong (the call may sit in code
//! that never runs), so the rules warn; only an unrecognised hyperparameter, which argparse
//! refuses for certain once `parse_args()` runs, is an error.
//!
//! Findings point at the manifest's key and label the place in the script
//! ([`Finding::also_in`]). To add a rule: a file here with a `pub const RULE`, a line in
//! [`RULES`], and fixtures under `tests/fixtures/rules/script--<name>/` with their scripts.
//!
//! [`Finding::also_in`]: crate::diagnostic::Finding::also_in

use std::sync::Arc;

use super::support::view::{self, dataparallel_on, distribution, on, torch_distributed_on};
use super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::training_script::{SMDDP_INITS, SmddpInit};
use crate::script::{Analysis, Argument, Call, Code, Place, ScriptFile, analyse};
use crate::source::Span;
use crate::spec::Framework;

pub mod channel_not_defined;
pub mod dataparallel_not_initialised;
pub mod process_group_without_launcher;
pub mod smddp_without_launcher;
pub mod unrecognised_hyperparameter;

/// The script rules, in the order they run.
pub const RULES: &[Rule] = &[
    dataparallel_not_initialised::RULE,
    smddp_without_launcher::RULE,
    process_group_without_launcher::RULE,
    unrecognised_hyperparameter::RULE,
    channel_not_defined::RULE,
];

/// The job's code, read: `None` when the manifest is checked as text only, or its code is
/// in S3, missing, or not Python.
fn analysis(cx: &Context<'_>) -> Option<Arc<Analysis>> {
    let code = Code::of(cx.manifest, cx.base_dir?)?;
    analyse(&code)
}

/// Labels `place` in its script file.
fn labelled(finding: Finding, place: Place<'_>, text: impl Into<String>) -> Finding {
    label_in(finding, place.file, place.site, text)
}

/// Labels `site` of `file`.
fn label_in(finding: Finding, file: &ScriptFile, site: Span, text: impl Into<String>) -> Finding {
    finding.also_in(file.shown.clone(), Arc::clone(&file.source), site, text)
}

/// What the code does about SMDDP.
enum Smddp<'a> {
    /// It imports the library and makes its initialising call: the call.
    Initialised(Place<'a>),
    /// It makes a call whose backend cannot be read (a variable): unknown.
    Unknown,
    /// Neither.
    Not,
}

/// Whether `call` is the initialising call of `init`: `Some(true)` when it is, `None` when
/// its backend cannot be read.
fn initialises(init: &SmddpInit, call: &Call) -> Option<bool> {
    let named = if init.any_receiver { call.last_name() == init.call } else { call.name == init.call };
    if !named {
        return Some(false);
    }
    let Some(backend) = init.backend else {
        return Some(true);
    };
    match call.argument(backend.position, backend.keyword) {
        Some(Argument::Text(value)) => Some(value == backend.value),
        Some(_) => None,
        None if call.splat => None,
        None => Some(false),
    }
}

/// Whether (and where) the code initialises SMDDP, for `framework` (any, when `None`).
fn smddp(analysis: &Analysis, framework: Option<Framework>) -> Smddp<'_> {
    let mut unknown = false;
    for init in SMDDP_INITS.iter().filter(|init| framework.is_none_or(|f| f == init.framework)) {
        if analysis.import_of(init.module).is_none() {
            continue;
        }
        for (file, call) in analysis.calls() {
            match initialises(init, call) {
                Some(true) => return Smddp::Initialised(Place { file, site: call.site }),
                None => unknown = true,
                Some(false) => {}
            }
        }
    }
    if unknown { Smddp::Unknown } else { Smddp::Not }
}

/// Whether the job's distribution starts a launcher that sets up the processes (torchrun,
/// or mpirun for MPI, SMDDP and SMP).
fn launches(cx: &Context<'_>) -> bool {
    let Some(distribution) = distribution(cx) else {
        return false;
    };
    let smdistributed = distribution.smdistributed.as_ref();
    dataparallel_on(cx).is_some()
        || torch_distributed_on(cx)
        || distribution.mpi.as_ref().is_some_and(|m| on(m.enabled))
        || smdistributed.and_then(|s| s.dataparallel.as_ref()).is_some_and(|d| on(d.enabled))
        || smdistributed.and_then(|s| s.modelparallel.as_ref()).is_some_and(|m| on(m.enabled))
        || distribution.pytorchddp.as_ref().is_some_and(|d| on(d.enabled))
}

/// Where a finding about the job's launcher goes: the `distribution` key when written,
/// else `entry_point` (the script that expects one).
fn launcher_pointer(cx: &Context<'_>) -> (&'static str, bool) {
    if view::written(cx, "/distribution") { ("/distribution", true) } else { ("/entry_point", false) }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs one script rule over a manifest and a script written to a temporary folder.

    use std::fs;

    use crate::diagnostic::Finding;

    /// A PyTorch job on one GPU instance, without `distribution`; tests append keys.
    pub const BASE: &str = "apiVersion: sagespec/v1\nkind: TrainingJob\njob_name: script-rule-test\n\
                            region: us-west-2\nframework: pytorch\nframework_version: \"2.2.0\"\n\
                            py_version: py310\nrole: arn:aws:iam::111122223333:role/SageMakerRole\n\
                            entry_point: train.py\nsource_dir: src\n";

    /// SMDDP on two `ml.p4d.24xlarge`.
    pub const SMDDP: &str = "instance_type: ml.p4d.24xlarge\ninstance_count: 2\n\
                             distribution:\n  smdistributed:\n    dataparallel:\n      enabled: true\n";

    /// [`BASE`] for TensorFlow 2.11.
    pub const TENSORFLOW: &str = "apiVersion: sagespec/v1\nkind: TrainingJob\njob_name: script-rule-test\n\
                                  region: us-west-2\nframework: tensorflow\nframework_version: \"2.11.0\"\n\
                                  py_version: py39\nrole: arn:aws:iam::111122223333:role/SageMakerRole\n\
                                  entry_point: train.py\nsource_dir: src\n";

    /// The findings with `code` for [`BASE`] plus `extra`, with `script` as `src/train.py`.
    pub fn findings(code: &str, extra: &str, script: &str) -> Vec<Finding> {
        findings_in(BASE, code, extra, script)
    }

    /// The findings with `code` for `base` plus `extra`, with `script` as `src/train.py`.
    pub fn findings_in(base: &str, code: &str, extra: &str, script: &str) -> Vec<Finding> {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
        let src = dir.path().join("src");
        fs::create_dir_all(&src).unwrap_or_else(|e| panic!("create {}: {e}", src.display()));
        fs::write(src.join("train.py"), script).unwrap_or_else(|e| panic!("write train.py: {e}"));
        crate::rules::testing::findings_with_code(&format!("{base}{extra}"), code, Some(dir.path()))
    }
}

//! `kind: TrainingJob`: one SageMaker training job, mirroring the SDK v2 estimator.
//!
//! Its rooms: [`crate::spec`] (the manifest as written, and so its schema), [`crate::rules`]
//! (its SageMaker rules), [`crate::job`] (resolution, every SDK default applied) and
//! [`crate::lower`] (the `CreateTrainingJob` request). This module joins them: check is
//! schema then rules; compile packs the local code (the only I/O), resolves the job and
//! lowers it.

use std::path::Path;
use std::sync::Arc;

use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;
use serde_json::Value as Json;

use super::{CheckInput, Checked, CompileContext, CompileError, Compiled, Kind, Request, Typed};
use crate::check::{merge, strip_nulls, typed};
use crate::facts::defaults::default_bucket;
use crate::job::{Job, JobName, Placement, ResolveError};
use crate::lower::{self, NamedError, wire::WireError};
use crate::package::{PackCache, Package, Sources};
use crate::plan::{CodeUpload, DesiredJob, JobInput};
use crate::rules::{self, Context};
use crate::schema;
use crate::spec::Manifest;

/// Free-form maps whose `null` values are data, not "unset", by their keys from the root.
pub const FREE_FORM: &[&[&str]] =
    &[&["hyperparameters"], &["distribution", "smdistributed", "modelparallel", "parameters"]];

/// The API operation a training job sends.
pub const OPERATION: &str = "CreateTrainingJob";

/// The `TrainingJob` kind.
#[derive(Clone, Copy, Debug)]
pub struct TrainingJob;

impl Kind for TrainingJob {
    fn name(&self) -> &'static str {
        "TrainingJob"
    }

    fn governed(&self) -> super::Governed {
        super::Governed {
            instance_types: &["/instance_type", "/instance_groups/*/instance_type"],
            instance_counts: &["/instance_count", "/instance_groups/*/instance_count"],
            max_run: Some(("/max_run", crate::job::DEFAULT_MAX_RUN_SECONDS)),
            region: Some("/region"),
            tags: Some("/tags"),
        }
    }

    fn schema(&self) -> Option<crate::schema::Published> {
        Some(crate::schema::PUBLISHED)
    }

    fn suggest(&self, pointer: &str, written: &serde_json::Value) -> Option<Vec<super::Suggestion>> {
        super::training_job_values::suggest(pointer, written)
    }

    fn check(&self, input: CheckInput<'_>) -> Checked {
        let mut json = input.json;
        strip_nulls(&mut json, FREE_FORM);
        let schema_findings = schema::check(input.document, &json);
        let manifest: Option<Manifest> = typed(json, &schema_findings);
        let rule_findings = match &manifest {
            Some(manifest) => rules::run(&Context::new(manifest, input.document, input.source, input.base_dir)),
            None => Vec::new(),
        };
        Checked {
            findings: merge(schema_findings, rule_findings),
            manifest: manifest.map(Typed::new),
            ..Checked::default()
        }
    }

    fn compile(&self, manifest: &Typed, context: &CompileContext<'_>) -> Result<Compiled, CompileError> {
        let manifest =
            manifest.downcast::<Manifest>().ok_or_else(|| CompileError::Invalid("not a training job".into()))?;
        let compiled = compile_with(manifest, context)?;
        let uses_default_bucket = manifest.output_path.is_none();
        Ok(Compiled {
            name: compiled.job_name.clone(),
            requests: vec![Request { operation: OPERATION, body: compiled.request.clone() }],
            jobs: vec![desired_job(compiled, context.account_id.filter(|_| uses_default_bucket))],
            deployments: Vec::new(),
        })
    }
}

/// What `compile` needs besides a training job manifest, for callers outside a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompileOptions {
    /// `--region`, used when the manifest has no `region`.
    pub region: Option<String>,
    /// `--account-id`, for the default bucket `sagemaker-<region>-<account>`.
    pub account_id: Option<String>,
}

/// A compiled training job.
#[derive(Clone, Debug)]
pub struct CompiledJob {
    /// The job name (hashed or verbatim).
    pub job_name: String,
    /// sha256 (hex) of the name-independent request and the code.
    pub content_hash: String,
    /// The resolved job.
    pub job: Job,
    /// The SDK input that `apply` sends.
    pub input: CreateTrainingJobInputBuilder,
    /// The body the SDK serialized for [`CompiledJob::input`], byte for byte.
    pub sdk_body: Vec<u8>,
    /// The body as JSON in the job's map order: what `compile` prints.
    pub request: Json,
    /// The packed code, when `source_dir` is local.
    pub package: Option<Arc<Package>>,
}

/// Compiles one training job manifest that passed validation, with a pack cache of its own;
/// `base_dir` is the folder its local paths resolve against.
pub fn compile(manifest: &Manifest, base_dir: &Path, options: &CompileOptions) -> Result<CompiledJob, CompileError> {
    let packs = PackCache::default();
    let context = CompileContext {
        base_dir,
        region: options.region.as_deref(),
        account_id: options.account_id.as_deref(),
        packs: &packs,
        references: &[],
    };
    compile_with(manifest, &context)
}

/// Packs the code, resolves the job and lowers it.
pub fn compile_with(manifest: &Manifest, context: &CompileContext<'_>) -> Result<CompiledJob, CompileError> {
    let (job, package) = resolve(manifest, context.base_dir, context)?;
    let lowered = lower::lower(&job).map_err(|error| match error {
        NamedError::Wire(WireError::Runtime(error)) => CompileError::Io(error.to_string()),
        other => CompileError::Invalid(other.to_string()),
    })?;
    Ok(CompiledJob {
        job_name: lowered.job_name,
        content_hash: lowered.content_hash,
        job,
        input: lowered.input,
        sdk_body: lowered.sdk_body,
        request: lowered.request,
        package,
    })
}

/// Packs the code of `manifest` (its local paths relative to `base_dir`) and resolves the
/// job: the one way every kind that runs a training job (this one, a tuning job's
/// estimator) gets its [`Job`].
pub fn resolve(
    manifest: &Manifest,
    base_dir: &Path,
    context: &CompileContext<'_>,
) -> Result<(Job, Option<Arc<Package>>), CompileError> {
    let region = manifest.region.as_deref().or(context.region).ok_or(CompileError::MissingRegion)?;
    let package = Sources::from_manifest(manifest, base_dir).map(|sources| context.packs.pack(&sources)).transpose()?;
    let placement = Placement { region: region.to_owned(), account_id: context.account_id.map(ToOwned::to_owned) };
    let job =
        Job::resolve(manifest, &placement, package.as_ref().map(|p| p.sha256.as_str())).map_err(
            |error| match error {
                ResolveError::MissingAccount { region } => CompileError::MissingAccount { region },
                other => CompileError::Invalid(other.to_string()),
            },
        )?;
    Ok((job, package))
}

/// A compiled job as `plan` and `apply` see it. `account_id` is given when the job writes
/// to the default bucket, which apply creates if it is missing.
fn desired_job(compiled: CompiledJob, account_id: Option<&str>) -> DesiredJob {
    let base_name = match &compiled.job.name {
        JobName::Hashed { base } => Some(base.clone()),
        JobName::Exact(_) => None,
    };
    let code = code_upload(&compiled.job, compiled.package.as_deref());
    DesiredJob {
        name: compiled.job_name,
        base_name,
        manifest: String::new(),
        default_bucket: account_id.map(|account| default_bucket(&compiled.job.region, account)),
        region: compiled.job.region,
        input: JobInput::Training(compiled.input),
        code,
        template: None,
    }
}

/// The code tarball `job` points at (`sagemaker_submit_directory`) and where it goes,
/// when its `source_dir` was packed: the one content-addressed upload of every kind that
/// runs a training job.
pub fn code_upload(job: &Job, package: Option<&Package>) -> Option<CodeUpload> {
    let package = package?;
    let (bucket, key) = crate::job::split_s3_object(&job.code.tarball_uri)?;
    Some(CodeUpload { bucket: bucket.to_owned(), key: key.to_owned(), bytes: package.bytes.clone() })
}

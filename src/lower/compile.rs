//! The whole of `sagespec compile` for one validated manifest: pack the code, resolve the
//! job, name it, lower it, and capture the SDK's request body. Offline: no credentials,
//! no network, nothing uploaded (the code's S3 key is computed, not written).

use std::path::Path;
use std::sync::Arc;

use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;
use serde_json::Value as Json;

use crate::job::{Job, JobName, Placement, ResolveError};
use crate::package::{PackCache, Package, PackageError, Sources};
use crate::spec::Manifest;

use super::hyperparameters;
use super::identity;
use super::request::{self, LowerError};
use super::wire::{self, MapOrders, WireError};

/// Inputs a manifest does not carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompileOptions {
    /// `--region`, used when the manifest has no `region`.
    pub region: Option<String>,
    /// `--account-id`, for the default bucket `sagemaker-<region>-<account>`.
    pub account_id: Option<String>,
}

/// A compiled job.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The job name (hashed or verbatim).
    pub job_name: String,
    /// sha256 (hex) of the name-independent request and the code ([`identity`]).
    pub content_hash: String,
    /// The resolved job.
    pub job: Job,
    /// The SDK input that `apply` sends.
    pub input: CreateTrainingJobInputBuilder,
    /// The body the SDK serialized for [`Compiled::input`], byte for byte.
    pub sdk_body: Vec<u8>,
    /// [`Compiled::sdk_body`] as JSON, hash-ordered maps put in the job's order: what
    /// `compile` prints.
    pub request: Json,
    /// The packed code, when `source_dir` is local (shared by the jobs of one
    /// [`Compiler`] that pack the same code).
    pub package: Option<Arc<Package>>,
}

/// Why a manifest could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// No region in the manifest nor on the command line.
    #[error("no region: set `region` in the manifest or pass --region")]
    MissingRegion,
    /// Packing the code failed.
    #[error(transparent)]
    Package(#[from] PackageError),
    /// The job could not be resolved.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// The job could not be lowered.
    #[error(transparent)]
    Lower(#[from] LowerError),
    /// The SDK's body could not be captured.
    #[error(transparent)]
    Wire(#[from] WireError),
}

impl CompileError {
    /// Whether the failure is a usage or I/O problem (exit status 2) rather than a problem
    /// with the manifest or its code (exit status 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Self::MissingRegion
                | Self::Resolve(ResolveError::MissingAccount { .. })
                | Self::Package(PackageError::Io { .. } | PackageError::Walk { .. })
                | Self::Wire(WireError::Runtime(_))
        )
    }
}

/// Compiles a manifest that passed validation; `base_dir` is the folder its local paths
/// resolve against. For many manifests use one [`Compiler`], which packs shared code once.
pub fn compile(manifest: &Manifest, base_dir: &Path, options: &CompileOptions) -> Result<Compiled, CompileError> {
    Compiler::new(options.clone()).compile(manifest, base_dir)
}

/// Compiles the manifests of one run with the same options, packing each distinct code
/// folder once ([`PackCache`]). Shareable between threads.
#[derive(Debug, Default)]
pub struct Compiler {
    options: CompileOptions,
    packs: Arc<PackCache>,
}

impl Compiler {
    /// A compiler with its own, empty pack cache.
    pub fn new(options: CompileOptions) -> Self {
        Self { options, packs: Arc::default() }
    }

    /// A compiler with other options that shares this one's packs.
    #[must_use]
    pub fn with_options(&self, options: CompileOptions) -> Self {
        Self { options, packs: Arc::clone(&self.packs) }
    }

    /// Compiles a manifest that passed validation; `base_dir` is the folder its local
    /// paths resolve against.
    pub fn compile(&self, manifest: &Manifest, base_dir: &Path) -> Result<Compiled, CompileError> {
        let options = &self.options;
        let region = manifest.region.clone().or_else(|| options.region.clone()).ok_or(CompileError::MissingRegion)?;
        let package =
            Sources::from_manifest(manifest, base_dir).map(|sources| self.packs.pack(&sources)).transpose()?;
        let code_sha256 = package.as_ref().map(|p| p.sha256.as_str());
        let placement = Placement { region, account_id: options.account_id.clone() };
        let job = Job::resolve(manifest, &placement, code_sha256)?;

        let provisional_name = match &job.name {
            JobName::Exact(name) | JobName::Hashed { base: name } => name.clone(),
        };
        let provisional = lower(&job, &provisional_name)?;
        let content_hash = identity::content_hash(&provisional.request, code_sha256);
        let lowered = match &job.name {
            JobName::Exact(_) => provisional,
            JobName::Hashed { base } => lower(&job, &identity::hashed_name(base, &content_hash))?,
        };
        Ok(Compiled {
            job_name: lowered.job_name,
            content_hash,
            job,
            input: lowered.input,
            sdk_body: lowered.sdk_body,
            request: lowered.request,
            package,
        })
    }
}

struct Lowered {
    job_name: String,
    input: CreateTrainingJobInputBuilder,
    sdk_body: Vec<u8>,
    request: Json,
}

fn lower(job: &Job, job_name: &str) -> Result<Lowered, CompileError> {
    let input = request::input(job, job_name)?;
    let sdk_body = wire::capture_body(input.clone(), &job.region)?;
    let request = wire::ordered_body(&sdk_body, &map_orders(job, job_name))?;
    Ok(Lowered { job_name: job_name.to_owned(), input, sdk_body, request })
}

/// The job's order for every map the SDK serializes in hash order.
pub fn map_orders(job: &Job, job_name: &str) -> MapOrders {
    let keys = |map: &indexmap::IndexMap<String, String>| map.keys().cloned().collect::<Vec<_>>();
    let mut maps = vec![("/HyperParameters".to_owned(), keys(&hyperparameters::encoded(job, job_name)))];
    if let Some(environment) = &job.environment {
        maps.push(("/Environment".to_owned(), keys(environment)));
    }
    if let Some(hook) = &job.debug_hook {
        if let Some(parameters) = &hook.hook_parameters {
            maps.push(("/DebugHookConfig/HookParameters".to_owned(), keys(parameters)));
        }
        for (i, collection) in hook.collections.iter().enumerate() {
            if let Some(parameters) = &collection.parameters {
                maps.push((
                    format!("/DebugHookConfig/CollectionConfigurations/{i}/CollectionParameters"),
                    keys(parameters),
                ));
            }
        }
    }
    MapOrders { maps }
}

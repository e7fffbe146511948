//! Kinds of manifest, and the one registry that names them.
//!
//! `kind:` selects what a manifest declares. Each kind is a room of its own: its types
//! (`spec`), its schema and rules (`check`), its resolution and lowering (`compile`), and
//! the keys that name other manifests (`references`). The rest of the pipeline (discovery,
//! the reference graph, validate, compile, plan and apply in [`crate::ops`]) only talks to
//! the [`Kind`] trait, so nothing outside this module matches on kind names.
//!
//! To add a kind: write a module with a type implementing [`Kind`] (see [`training_job`]),
//! and add one line to [`BUILTIN`].

pub mod defaults;
pub mod endpoint;
pub mod model;
pub mod training_job;
pub mod training_job_values;
pub mod tuning_job;

#[cfg(test)]
pub(crate) mod probe;

use std::any::Any;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value as Json;

use crate::diagnostic::{FileReport, Finding};
use crate::package::{PackCache, PackageError};
use crate::plan::DesiredJob;
use crate::source::Document;

/// Every built-in kind, in the order `sagespec` lists them. One line per kind.
pub static BUILTIN: &[&dyn Kind] =
    &[&training_job::TrainingJob, &tuning_job::TuningJob, &model::Model, &endpoint::Endpoint, &defaults::Defaults];

/// A kind of manifest.
pub trait Kind: Send + Sync {
    /// The value of `kind:` that selects it, e.g. `TrainingJob`.
    fn name(&self) -> &'static str;

    /// Whether its manifests declare SageMaker resources, which compile, plan and apply
    /// manage, and which take the Defaults of their folders. A Defaults file itself does
    /// not.
    fn declares_resources(&self) -> bool {
        true
    }

    /// Where its manifests hold the values a Defaults file's `policy:` governs. Data, so
    /// the policy needs nothing else from the kind.
    fn governed(&self) -> Governed {
        Governed::NONE
    }

    /// The keys whose values name other manifests by relative path, and which kinds they
    /// may name. Data, so the reference graph needs nothing else from the kind.
    fn references(&self) -> &'static [ReferenceKey] {
        &[]
    }

    /// Checks a parsed document of this kind: its schema, then its rules. Collects every
    /// finding; the typed manifest is returned when the document has the kind's shape
    /// (values the schema rejected are left out of it).
    fn check(&self, input: CheckInput<'_>) -> Checked;

    /// Resolves and lowers a manifest that passed [`Kind::check`] to the requests it
    /// sends, and the resources `plan` and `apply` manage.
    fn compile(&self, manifest: &Typed, context: &CompileContext<'_>) -> Result<Compiled, CompileError>;

    /// The kind's published JSON Schema (`sagespec schema --kind`), if it has one.
    fn schema(&self) -> Option<crate::schema::Published> {
        None
    }

    /// The values an editor should offer for the key at `pointer`, narrowed by what the
    /// manifest already says (`written`, the document as JSON), when the kind knows better
    /// than its schema's enum; `None` leaves the choice to the schema.
    fn suggest(&self, _pointer: &str, _written: &Json) -> Option<Vec<Suggestion>> {
        None
    }
}

/// A value [`Kind::suggest`] offers.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// The value.
    pub value: Json,
    /// Why it comes before the others, when it does (`supported by SMDDP`).
    pub first_because: Option<&'static str>,
}

impl fmt::Debug for dyn Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a kind holds what `policy:` governs (`design/manifest.md` §4), as JSON pointers;
/// `*` stands for every item of a list (`/instance_groups/*/instance_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Governed {
    /// The training instance types (`allowed_instance_types`).
    pub instance_types: &'static [&'static str],
    /// The instance counts (`max_instance_count`).
    pub instance_counts: &'static [&'static str],
    /// The run time in seconds, and what it is when not written (`max_run`).
    pub max_run: Option<(&'static str, i64)>,
    /// The region (`allowed_regions`).
    pub region: Option<&'static str>,
    /// The tags mapping (`required_tags`).
    pub tags: Option<&'static str>,
}

impl Governed {
    /// Nothing governed.
    pub const NONE: Self = Self { instance_types: &[], instance_counts: &[], max_run: None, region: None, tags: None };
}

/// A key that names another manifest: `training_job: bert.yaml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReferenceKey {
    /// JSON pointer of the key, e.g. `/training_job` or `/model_data/training_job`; or of a
    /// list, ending in `/*` (`/warm_start_config/parents/*`), whose entries that end in
    /// `.yaml`, `.yml` or `.toml` are references (others, such as job names, are not).
    pub pointer: &'static str,
    /// The kinds the named manifest may be.
    pub kinds: &'static [&'static str],
}

/// What a kind's check sees.
pub struct CheckInput<'a> {
    /// The document as written, with spans.
    pub document: &'a Document,
    /// The document as JSON, as written: `key: null` is still there, and each kind strips
    /// it outside its own free-form maps (`crate::check::strip_nulls`).
    pub json: Json,
    /// The text the document was parsed from.
    pub source: &'a str,
    /// The folder relative paths resolve against (`None` when checking text only).
    pub base_dir: Option<&'a Path>,
}

/// What a kind's check found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Every finding, by pointer.
    pub findings: Vec<Finding>,
    /// The typed manifest, when the document had the kind's shape.
    pub manifest: Option<Typed>,
    /// Findings this manifest raises in the files it names, one report per file, each
    /// report's `path` relative to this manifest's folder (a tuning job's findings about
    /// the training job it runs, at the training job's keys). Their errors are this
    /// manifest's errors: it does not validate while they stand.
    pub elsewhere: Vec<FileReport>,
}

/// A typed manifest of some kind. Only its kind looks inside ([`Typed::downcast`]).
#[derive(Clone)]
pub struct Typed(Arc<dyn Any + Send + Sync>);

impl Typed {
    /// Wraps a kind's manifest type.
    pub fn new<T: Any + Send + Sync>(manifest: T) -> Self {
        Self(Arc::new(manifest))
    }

    /// The manifest as the kind's own type, if it is one.
    pub fn downcast<T: Any>(&self) -> Option<&T> {
        self.0.downcast_ref()
    }
}

impl fmt::Debug for Typed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Typed(..)")
    }
}

/// What compiling needs besides the manifest.
#[derive(Clone, Copy)]
pub struct CompileContext<'a> {
    /// The folder the manifest's relative paths resolve against.
    pub base_dir: &'a Path,
    /// `--region` (or the AWS config chain's), used when the manifest has no `region`.
    pub region: Option<&'a str>,
    /// The AWS account id, for the default bucket `sagemaker-<region>-<account>`.
    pub account_id: Option<&'a str>,
    /// The run's code packages: each distinct code folder is packed once per run.
    pub packs: &'a PackCache,
    /// The valid manifests this one names, by the pointer of the reference key that names
    /// them ([`Kind::references`]); empty for kinds without references.
    pub references: &'a [(String, Referenced)],
}

impl CompileContext<'_> {
    /// The valid manifest named at the reference key `pointer`, if any.
    pub fn reference(&self, pointer: &str) -> Option<&Referenced> {
        self.references.iter().find(|(at, _)| *at == pointer).map(|(_, referenced)| referenced)
    }

    /// The manifest of kind `kind` (its type `T`) that `written` names at the reference key
    /// `pointer`, and its path: from the run's reference graph, or, for callers without one,
    /// read and checked from the file (relative to [`CompileContext::base_dir`]).
    pub fn referenced_manifest<T: Clone + 'static>(
        &self,
        pointer: &str,
        written: &str,
        kind: &str,
    ) -> Result<(T, PathBuf), CompileError> {
        let not_kind = || CompileError::Invalid(format!("`{written}` is not a {kind} manifest"));
        if let Some(referenced) = self.reference(pointer) {
            let manifest = referenced.manifest.downcast::<T>().ok_or_else(not_kind)?;
            return Ok((manifest.clone(), referenced.path.clone()));
        }
        let path = self.base_dir.join(written);
        let checked = crate::check::check_file(&path, &path.display().to_string());
        if checked.has_errors() {
            return Err(CompileError::Invalid(format!(
                "`{written}` has errors: run `sagespec validate {}`",
                path.display()
            )));
        }
        let manifest = checked.manifest_as::<T>().ok_or_else(not_kind)?;
        Ok((manifest.clone(), path))
    }
}

/// A valid manifest that another one names by a reference key.
#[derive(Clone, Debug)]
pub struct Referenced {
    /// Its kind.
    pub kind: &'static dyn Kind,
    /// Its typed manifest.
    pub manifest: Typed,
    /// Its path on disk; its own relative paths resolve against its folder.
    pub path: PathBuf,
}

/// A compiled manifest.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The name of the manifest's main resource (the job name), for `compile --out`.
    pub name: String,
    /// The requests the manifest sends, in order.
    pub requests: Vec<Request>,
    /// The jobs (training or tuning) `plan` and `apply` manage for it.
    pub jobs: Vec<DesiredJob>,
    /// The deployments (model, endpoint configuration, endpoint) `plan` and `apply`
    /// manage for it.
    pub deployments: Vec<crate::deploy::Deployment>,
}

/// One request, as `compile` prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The API operation, e.g. `CreateTrainingJob`.
    pub operation: &'static str,
    /// The request body in AWS JSON.
    pub body: Json,
}

/// Why a manifest could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// No region in the manifest nor on the command line.
    #[error("no region: set `region` in the manifest or pass --region")]
    MissingRegion,
    /// The default bucket `sagemaker-<region>-<account>` is used, and no account id is known.
    #[error(
        "no account id for the default bucket in {region}: set `output_path`, or pass --account-id (plan and apply ask STS)"
    )]
    MissingAccount {
        /// The region of the bucket.
        region: String,
    },
    /// Packing the code failed (I/O: exit status 2).
    #[error(transparent)]
    Package(#[from] PackageError),
    /// A failure reading or capturing that is not the manifest's fault (exit status 2).
    #[error("{0}")]
    Io(String),
    /// The manifest cannot be lowered (exit status 1).
    #[error("{0}")]
    Invalid(String),
}

impl CompileError {
    /// Whether the failure is a usage or I/O problem (exit status 2) rather than a problem
    /// with the manifest or its code (exit status 1).
    pub fn is_usage(&self) -> bool {
        match self {
            Self::MissingRegion | Self::MissingAccount { .. } | Self::Io(_) => true,
            Self::Package(error) => error.is_io(),
            Self::Invalid(_) => false,
        }
    }
}

/// The kinds of one run: the built-in ones, or (in tests) others besides.
#[derive(Clone, Debug)]
pub struct Registry {
    kinds: Vec<&'static dyn Kind>,
}

impl Default for Registry {
    fn default() -> Self {
        Self { kinds: BUILTIN.to_vec() }
    }
}

impl Registry {
    /// The built-in kinds plus `extra` (how tests plug a kind in).
    pub fn with(extra: &[&'static dyn Kind]) -> Self {
        let mut registry = Self::default();
        registry.kinds.extend_from_slice(extra);
        registry
    }

    /// The kind named `name`.
    pub fn get(&self, name: &str) -> Option<&'static dyn Kind> {
        self.kinds.iter().copied().find(|kind| kind.name() == name)
    }

    /// Every kind's name, in registry order.
    pub fn names(&self) -> Vec<&'static str> {
        self.kinds.iter().map(|kind| kind.name()).collect()
    }
}

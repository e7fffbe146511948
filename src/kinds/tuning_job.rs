//! `kind: TuningJob`: a SageMaker hyperparameter tuning job over a TrainingJob manifest,
//! mirroring the SDK v2 `HyperparameterTuner` (`design/manifest.md` §5).
//!
//! Its rooms: [`crate::spec::tuning`] (the manifest, and so `schema/tuning-job.schema.json`),
//! [`crate::schema::tuning`] (its compiled validator), [`crate::lower::tuning`] (the
//! `CreateHyperParameterTuningJob` request). The estimator is the manifest named by
//! `training_job` (a reference key, so the graph checks it): compile resolves it with the
//! same code as a TrainingJob ([`super::training_job::resolve`]), with the tuner's
//! `inputs` when given and the tuner's region.
//!
//! Its check runs the schema, the naming rules, then the tuning rules
//! ([`crate::rules::tuning`]) over the manifest and the TrainingJob it names, loaded from
//! beside it; findings about the training job's own keys are reported in its file
//! ([`Checked::elsewhere`]).
//!
//! Compile also yields the tuning job `plan` and `apply` manage ([`Compiled::jobs`]): its
//! `CreateHyperParameterTuningJob` input, the estimator's code upload (the same
//! content-addressed tarball a TrainingJob uploads, named by `sagemaker_submit_directory`
//! in the static hyperparameters), and the estimator manifest as its template, which is
//! not launched on its own (`design/manifest.md` §5).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::builders::CreateHyperParameterTuningJobInputBuilder;
use serde_json::Value as Json;

use super::training_job::TrainingJob;
use super::{CheckInput, Checked, CompileContext, CompileError, Compiled, Kind, ReferenceKey, Request, Typed};
use crate::check::{builtin, check_document, decode, merge, read_bytes, strip_nulls, typed};
use crate::diagnostic::{FileReport, Finding, codes};
use crate::discover::{self, is_manifest_path};
use crate::facts::tuning::{MAX_TUNING_JOB_NAME_CHARS, MIN_NAME_HASH_HEX};
use crate::job::{Job, JobName};
use crate::lower::tuning::{self as lower_tuning, OPERATION, TuningError};
use crate::lower::wire::WireError;
use crate::package::Package;
use crate::plan::{DesiredJob, JobInput, Template};
use crate::rules;
use crate::schema;
use crate::source::{self, Document, Format, Limits, Value};
use crate::spec::{Manifest, TuningManifest};

/// The reference key that names the estimator.
pub const TRAINING_JOB_POINTER: &str = "/training_job";
/// The reference key of the warm-start parents: those that end in `.yaml`, `.yml` or
/// `.toml` are TuningJob manifests, each a reference at `/warm_start_config/parents/N`.
pub const PARENTS_POINTER: &str = "/warm_start_config/parents/*";

pub use crate::diagnostic::codes::{TUNING_MISSING_NAME as MISSING_NAME, TUNING_NAME_TOO_LONG as NAME_TOO_LONG};

/// The `TuningJob` kind.
#[derive(Clone, Copy, Debug)]
pub struct TuningJob;

impl Kind for TuningJob {
    fn name(&self) -> &'static str {
        "TuningJob"
    }

    fn governed(&self) -> super::Governed {
        super::Governed {
            instance_types: &["/instance_configs/*/instance_type"],
            instance_counts: &["/instance_configs/*/instance_count"],
            region: Some("/region"),
            tags: Some("/tags"),
            ..super::Governed::NONE
        }
    }

    fn schema(&self) -> Option<crate::schema::Published> {
        Some(crate::schema::tuning::PUBLISHED)
    }

    fn references(&self) -> &'static [ReferenceKey] {
        &[
            ReferenceKey { pointer: TRAINING_JOB_POINTER, kinds: &["TrainingJob"] },
            ReferenceKey { pointer: PARENTS_POINTER, kinds: &["TuningJob"] },
        ]
    }

    fn check(&self, input: CheckInput<'_>) -> Checked {
        let mut json = input.json;
        strip_nulls(&mut json, &[]);
        let schema_findings = schema::tuning::check(input.document, &json);
        let manifest: Option<TuningManifest> = typed(json, &schema_findings);
        let Some(tuning) = manifest else {
            return Checked { findings: schema_findings, ..Checked::default() };
        };
        let training = input.base_dir.and_then(|base_dir| TrainingFile::load(&tuning, base_dir));
        let context = rules::tuning::Context {
            tuning: &tuning,
            document: input.document,
            training: training.as_ref().map(|file| &file.manifest),
        };
        let found = rules::tuning::run(&context);
        let mut rule_findings = name_findings(&tuning);
        rule_findings.extend(found.tuning);
        let elsewhere = match training {
            Some(file) if !found.training.is_empty() => {
                vec![FileReport::new(file.written, file.source, Some(&file.document), found.training)]
            }
            _ => Vec::new(),
        };
        Checked { findings: merge(schema_findings, rule_findings), manifest: Some(Typed::new(tuning)), elsewhere }
    }

    fn compile(&self, manifest: &Typed, context: &CompileContext<'_>) -> Result<Compiled, CompileError> {
        let tuning =
            manifest.downcast::<TuningManifest>().ok_or_else(|| CompileError::Invalid("not a tuning job".into()))?;
        let compiled = compile_with(tuning, context)?;
        Ok(Compiled {
            name: compiled.name.clone(),
            requests: vec![Request { operation: OPERATION, body: compiled.request.clone() }],
            jobs: vec![desired_job(compiled, context.account_id)],
            deployments: Vec::new(),
        })
    }
}

/// The naming rules: `name` or `job_name`, and room for the hash after `name`.
fn name_findings(tuning: &TuningManifest) -> Vec<Finding> {
    let longest = MAX_TUNING_JOB_NAME_CHARS - 1 - MIN_NAME_HASH_HEX;
    match (&tuning.name, &tuning.job_name) {
        (None, None) => vec![
            Finding::error(codes::TUNING_MISSING_NAME, "a tuning job needs `name` or `job_name`")
                .at("")
                .with_help("add `name: my-hpo` (the job is named `my-hpo-<hex>`) or an exact `job_name`"),
        ],
        (Some(name), _) if name.chars().count() > longest => vec![
            Finding::error(codes::TUNING_NAME_TOO_LONG, format!("`{name}` is too long for a tuning job's base name"))
                .at("/name")
                .with_label(format!("{} characters; at most {longest}", name.chars().count()))
                .with_help(format!(
                    "a tuning job name has at most {MAX_TUNING_JOB_NAME_CHARS} characters, and sagespec appends `-` and at least {MIN_NAME_HASH_HEX} hex digits of the content hash; shorten `name`, or give an exact `job_name`"
                )),
        ],
        _ => Vec::new(),
    }
}

/// The TrainingJob manifest a tuning manifest names, loaded for the tuning rules.
struct TrainingFile {
    /// `training_job` as written: the path of its report, relative to the tuning manifest.
    written: String,
    /// Its text.
    source: Arc<str>,
    /// Its document.
    document: Document,
    /// Its typed manifest (values its own schema rejected left out).
    manifest: Manifest,
}

impl TrainingFile {
    /// The manifest `training_job` names, relative to `base_dir`, when it is a readable
    /// TrainingJob manifest. Only a TrainingJob is checked, so a reference that leads back
    /// to a tuning manifest cannot recurse (the reference graph reports it); its own
    /// findings are its own report's, not the tuning job's.
    fn load(tuning: &TuningManifest, base_dir: &Path) -> Option<Self> {
        let written = tuning.training_job.as_deref()?;
        let path = base_dir.join(written);
        let limits = Limits::default();
        let text = read_bytes(&path, &limits).ok().and_then(|bytes| decode(bytes, &limits).ok())?;
        let document = source::parse(&text, Format::from_path(&path).unwrap_or(Format::Yaml)).ok()?;
        let kind = document.root.entry("kind").map(|entry| &entry.value.value);
        if !matches!(kind, Some(Value::String(kind)) if kind == TrainingJob.name()) {
            return None;
        }
        let base_dir = discover::base_dir(&path);
        // The training job as its own check sees it: merged with its folders' Defaults.
        let document =
            crate::check::layered(builtin(), written, &document, base_dir).map_or(document, |layered| layered.document);
        let (checked, _) = check_document(builtin(), &document, &text, Some(base_dir));
        let manifest = checked.manifest.as_ref()?.downcast::<Manifest>()?.clone();
        Some(Self { written: written.to_owned(), source: Arc::from(text), document, manifest })
    }
}

/// A compiled tuning job.
#[derive(Clone, Debug)]
pub struct CompiledTuning {
    /// The tuning job name (hashed or verbatim).
    pub name: String,
    /// sha256 (hex) of the name-independent request and the code.
    pub content_hash: String,
    /// The resolved estimator (with the tuner's inputs and region).
    pub job: Job,
    /// The SDK input that `apply` sends.
    pub input: CreateHyperParameterTuningJobInputBuilder,
    /// The body the SDK serialized for [`CompiledTuning::input`], byte for byte.
    pub sdk_body: Vec<u8>,
    /// The body as JSON, maps in the SDK v2's order: what `compile` prints.
    pub request: Json,
    /// The packed code, when the estimator's `source_dir` is local.
    pub package: Option<Arc<Package>>,
    /// The base `name` of a content-addressed tuning job; `None` for an exact `job_name`.
    pub base_name: Option<String>,
    /// The estimator manifest's path (the tuning job's template).
    pub training_path: PathBuf,
    /// Whether the estimator writes to the default bucket (no `output_path`).
    pub uses_default_bucket: bool,
}

/// The tuning job as `plan` and `apply` see it. `account_id` names the default bucket
/// when the estimator writes to it, which apply creates if it is missing.
fn desired_job(compiled: CompiledTuning, account_id: Option<&str>) -> DesiredJob {
    let code = super::training_job::code_upload(&compiled.job, compiled.package.as_deref());
    let default_bucket = account_id
        .filter(|_| compiled.uses_default_bucket)
        .map(|account| crate::facts::defaults::default_bucket(&compiled.job.region, account));
    DesiredJob {
        name: compiled.name,
        base_name: compiled.base_name,
        manifest: String::new(),
        region: compiled.job.region.clone(),
        input: JobInput::Tuning(compiled.input),
        code,
        default_bucket,
        template: Some(Template {
            manifest: compiled.training_path.display().to_string(),
            path: compiled.training_path,
            applied: false,
        }),
    }
}

/// Resolves the estimator and the warm-start parents, and lowers the tuning job.
pub fn compile_with(tuning: &TuningManifest, context: &CompileContext<'_>) -> Result<CompiledTuning, CompileError> {
    compile_visiting(tuning, context, &mut Vec::new())
}

/// [`compile_with`], with the parent manifests being compiled above this one: a parent
/// that is one of them is a cycle, an error rather than endless recursion (the reference
/// graph reports it before compile; this guards callers without one).
fn compile_visiting(
    tuning: &TuningManifest,
    context: &CompileContext<'_>,
    visiting: &mut Vec<PathBuf>,
) -> Result<CompiledTuning, CompileError> {
    let tuning = &with_parent_names(tuning, context, visiting)?;
    let (mut estimator, training_path) = self::estimator(tuning, context)?;
    if tuning.inputs.is_some() {
        estimator.inputs.clone_from(&tuning.inputs);
    }
    estimator.region = tuning.region.clone().or(estimator.region);
    let uses_default_bucket = estimator.output_path.is_none();
    let (job, package) = super::training_job::resolve(&estimator, discover::base_dir(&training_path), context)?;
    let name = match (&tuning.job_name, &tuning.name) {
        (Some(exact), _) => JobName::Exact(exact.clone()),
        (None, Some(base)) => JobName::Hashed { base: base.clone() },
        (None, None) => return Err(CompileError::Invalid("the tuning job has no `name` or `job_name`".into())),
    };
    let lowered = lower_tuning::lower(&job, tuning, &name).map_err(|error| match error {
        TuningError::Wire(WireError::Runtime(error)) => CompileError::Io(error.to_string()),
        other => CompileError::Invalid(other.to_string()),
    })?;
    Ok(CompiledTuning {
        name: lowered.name,
        content_hash: lowered.content_hash,
        job,
        input: lowered.input,
        sdk_body: lowered.sdk_body,
        request: lowered.request,
        package,
        base_name: match name {
            JobName::Hashed { base } => Some(base),
            JobName::Exact(_) => None,
        },
        training_path,
        uses_default_bucket,
    })
}

/// `tuning` with each warm-start parent that is a manifest path replaced by the name of
/// the tuning job that manifest compiles to (`design/manifest.md` §5).
fn with_parent_names(
    tuning: &TuningManifest,
    context: &CompileContext<'_>,
    visiting: &mut Vec<PathBuf>,
) -> Result<TuningManifest, CompileError> {
    let mut tuning = tuning.clone();
    let parents = tuning.warm_start_config.as_mut().and_then(|config| config.parents.as_mut());
    for (index, parent) in parents.into_iter().flatten().enumerate() {
        if is_manifest_path(parent) {
            let pointer = format!("{}/{index}", PARENTS_POINTER.trim_end_matches("/*"));
            *parent = parent_name(parent, &pointer, context, visiting)?;
        }
    }
    Ok(tuning)
}

/// The tuning job name of the parent manifest `written` at `pointer`: its `job_name`, or
/// its content-addressed name, compiled by the same code as this tuning job.
fn parent_name(
    written: &str,
    pointer: &str,
    context: &CompileContext<'_>,
    visiting: &mut Vec<PathBuf>,
) -> Result<String, CompileError> {
    let not_tuning = || CompileError::Invalid(format!("warm-start parent `{written}` is not a TuningJob manifest"));
    let (parent, path) = if let Some(referenced) = context.reference(pointer) {
        (referenced.manifest.downcast::<TuningManifest>().ok_or_else(not_tuning)?.clone(), referenced.path.clone())
    } else {
        let path = context.base_dir.join(written);
        let checked = crate::check::check_file(&path, &path.display().to_string());
        if checked.has_errors() {
            return Err(CompileError::Invalid(format!(
                "warm-start parent `{written}` has errors: run `sagespec validate {}`",
                path.display()
            )));
        }
        (checked.manifest_as::<TuningManifest>().ok_or_else(not_tuning)?.clone(), path)
    };
    if let Some(exact) = &parent.job_name {
        return Ok(exact.clone());
    }
    let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
    if visiting.contains(&canonical) {
        return Err(CompileError::Invalid(format!("warm-start parent `{written}` leads back to this tuning job")));
    }
    visiting.push(canonical);
    let parent_context = CompileContext {
        base_dir: discover::base_dir(&path),
        region: context.region,
        account_id: context.account_id,
        packs: context.packs,
        references: &[],
    };
    let compiled = compile_visiting(&parent, &parent_context, visiting);
    visiting.pop();
    Ok(compiled?.name)
}

/// The TrainingJob manifest `training_job` names, and its path: from the run's reference
/// graph, or (for callers without one) loaded and checked from the file.
fn estimator(tuning: &TuningManifest, context: &CompileContext<'_>) -> Result<(Manifest, PathBuf), CompileError> {
    let named = tuning.training_job.as_deref().ok_or_else(|| CompileError::Invalid("no `training_job`".into()))?;
    context.referenced_manifest(TRAINING_JOB_POINTER, named, "TrainingJob")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_text;
    use crate::source::Format;

    const YAML: &str = "apiVersion: sagespec/v1\nkind: TuningJob\nname: NAME\ntraining_job: train.yaml\n\
                        objective_metric_name: val:acc\nhyperparameter_ranges:\n  lr: {type: continuous, min_value: 0.001, max_value: 0.1}\n";

    /// `(code, pointer)` of every error in `text`.
    fn errors(text: &str, format: Format) -> Vec<(String, String)> {
        let checked = check_text("t", text.into(), format, None);
        checked
            .report
            .findings
            .iter()
            .filter(|f| f.finding.is_error())
            .map(|f| (f.finding.code.to_string(), f.finding.pointer.clone()))
            .collect()
    }

    #[test]
    fn a_valid_tuning_manifest_has_no_errors_in_yaml_and_toml() {
        assert_eq!(errors(&YAML.replace("NAME", "bert-hpo"), Format::Yaml), vec![]);
        let toml = "apiVersion = \"sagespec/v1\"\nkind = \"TuningJob\"\nname = \"bert-hpo\"\ntraining_job = \"train.yaml\"\n\
                    objective_metric_name = \"val:acc\"\n[hyperparameter_ranges.lr]\ntype = \"continuous\"\nmin_value = 0.001\nmax_value = 0.1\n";
        assert_eq!(errors(toml, Format::Toml), vec![]);
    }

    #[test]
    fn a_name_without_room_for_8_hex_digits_is_an_error_at_name() {
        assert_eq!(errors(&YAML.replace("NAME", &"a".repeat(23)), Format::Yaml), vec![]);
        assert_eq!(
            errors(&YAML.replace("NAME", &"a".repeat(24)), Format::Yaml),
            vec![(NAME_TOO_LONG.to_owned(), "/name".to_owned())]
        );
    }

    #[test]
    fn a_tuning_job_needs_a_name() {
        let text = YAML.replace("name: NAME\n", "");
        assert_eq!(errors(&text, Format::Yaml), vec![(MISSING_NAME.to_owned(), String::new())]);
    }

    #[test]
    fn the_schema_reports_at_the_key() {
        let text = YAML.replace("NAME", "bert-hpo") + "strategy: Evolutionary\n";
        assert_eq!(
            errors(&text, Format::Yaml),
            vec![(crate::diagnostic::codes::SCHEMA_INVALID_VALUE.to_owned(), "/strategy".to_owned())]
        );
        let text = YAML.replace("NAME", "bert-hpo").replace("min_value: 0.001, ", "values: [], ");
        assert!(
            errors(&text, Format::Yaml).iter().any(|(_, p)| p == "/hyperparameter_ranges/lr/values"),
            "{:?}",
            errors(&text, Format::Yaml)
        );
    }

    mod warm_start_parents {
        use std::path::Path;

        use crate::diagnostic::codes;
        use crate::kinds::{CompileContext, CompileError, Compiled};
        use crate::ops::compile::{Settings, compile_each};
        use crate::ops::validate::validate_paths;
        use crate::package::PackCache;

        const TRAIN: &str = "apiVersion: sagespec/v1\nkind: TrainingJob\nname: bert\nregion: us-west-2\n\
            framework: pytorch\nframework_version: '2.2.0'\npy_version: py310\nentry_point: train.py\n\
            source_dir: 's3://my-bucket/code/sourcedir.tar.gz'\noutput_path: 's3://my-bucket/out'\n\
            role: 'arn:aws:iam::111122223333:role/SageMakerRole'\ninstance_type: ml.m5.xlarge\ninstance_count: 1\n";

        /// A tuning manifest named `name` warm-started from `parents`.
        fn tuning(name: &str, parents: &[&str]) -> String {
            let mut text = format!(
                "apiVersion: sagespec/v1\nkind: TuningJob\n{name}\ntraining_job: train.yaml\n\
                 objective_metric_name: 'val:acc'\nmetric_definitions:\n- name: 'val:acc'\n  regex: 'acc=([0-9.]+)'\n\
                 hyperparameter_ranges:\n  lr: {{type: continuous, min_value: 0.001, max_value: 0.1}}\n"
            );
            if !parents.is_empty() {
                text.push_str("warm_start_config:\n  warm_start_type: IdenticalDataAndAlgorithm\n  parents:\n");
                text.extend(parents.iter().map(|parent| format!("  - {parent}\n")));
            }
            text
        }

        fn write(dir: &Path, files: &[(&str, &str)]) {
            std::fs::write(dir.join("train.yaml"), TRAIN).expect("write");
            for (name, text) in files {
                std::fs::write(dir.join(name), text).expect("write");
            }
        }

        /// `(file, code, pointer)` of every error under `dir`.
        fn errors(dir: &Path) -> Vec<(String, String, String)> {
            let validated = validate_paths(&[dir.to_path_buf()]).expect("walks");
            let mut out = Vec::new();
            for report in &validated.reports {
                let file = report.path.rsplit('/').next().unwrap_or_default().to_owned();
                for f in report.findings.iter().filter(|f| f.finding.is_error()) {
                    out.push((file.clone(), f.finding.code.to_string(), f.finding.pointer.clone()));
                }
            }
            out
        }

        /// Every manifest under `dir` compiled, by file name.
        fn compiled(dir: &Path) -> Vec<(String, Result<Compiled, CompileError>)> {
            let validated = validate_paths(&[dir.to_path_buf()]).expect("walks");
            let mut out = Vec::new();
            compile_each(&validated.manifests, &Settings::default(), None, |valid, outcome| {
                out.push((valid.display.rsplit('/').next().unwrap_or_default().to_owned(), outcome));
            });
            out
        }

        fn parent_names(compiled: &Compiled) -> Vec<String> {
            compiled.requests[0].body["WarmStartConfig"]["ParentHyperParameterTuningJobs"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|parent| parent["HyperParameterTuningJobName"].as_str().unwrap_or_default().to_owned())
                .collect()
        }

        /// The tuning manifest at `path` compiled without a reference graph.
        fn compile_alone(path: &Path) -> Result<super::CompiledTuning, CompileError> {
            let checked = crate::check::check_file(path, "t");
            let tuning = checked.manifest_as::<super::TuningManifest>().expect("valid").clone();
            let packs = PackCache::default();
            let context = CompileContext {
                base_dir: crate::discover::base_dir(path),
                region: None,
                account_id: None,
                packs: &packs,
                references: &[],
            };
            super::compile_with(&tuning, &context)
        }

        #[test]
        fn a_parent_path_compiles_to_the_parents_tuning_job_name() {
            let dir = tempfile::tempdir().expect("tempdir");
            write(
                dir.path(),
                &[
                    ("parent.yaml", &tuning("name: parent-hpo", &[])),
                    ("exact.yml", &tuning("job_name: exact-hpo", &[])),
                    ("child.yaml", &tuning("name: child-hpo", &["parent.yaml", "exact.yml", "old-hpo"])),
                ],
            );
            assert_eq!(errors(dir.path()), vec![]);
            let compiled = compiled(dir.path());
            let name_of = |file: &str| {
                let (_, outcome) = compiled.iter().find(|(name, _)| name == file).expect("compiled");
                outcome.as_ref().expect("compiles").clone()
            };
            let parent = name_of("parent.yaml").name;
            assert!(parent.starts_with("parent-hpo-") && parent.len() == 32, "{parent}");
            let child = name_of("child.yaml");
            assert_eq!(parent_names(&child), vec![parent.clone(), "exact-hpo".to_owned(), "old-hpo".to_owned()]);
            // Without the run's graph, the parent is read from its file: the same name.
            let alone = compile_alone(&dir.path().join("child.yaml")).expect("compiles");
            assert_eq!(alone.name, child.name);
        }

        #[test]
        fn a_missing_or_wrong_kind_parent_is_a_finding_at_its_pointer() {
            let dir = tempfile::tempdir().expect("tempdir");
            write(dir.path(), &[("child.yaml", &tuning("name: child-hpo", &["old-hpo", "gone.yaml", "train.yaml"]))]);
            assert_eq!(
                errors(dir.path()),
                vec![
                    ("child.yaml".into(), codes::REFERENCE_MISSING_FILE.into(), "/warm_start_config/parents/1".into()),
                    ("child.yaml".into(), codes::REFERENCE_WRONG_KIND.into(), "/warm_start_config/parents/2".into()),
                ]
            );
        }

        #[test]
        fn a_parent_cycle_is_a_finding_and_compile_terminates() {
            let dir = tempfile::tempdir().expect("tempdir");
            write(
                dir.path(),
                &[("a.yaml", &tuning("name: a-hpo", &["b.yaml"])), ("b.yaml", &tuning("name: b-hpo", &["a.yaml"]))],
            );
            assert_eq!(
                errors(dir.path()),
                vec![
                    ("a.yaml".into(), codes::REFERENCE_CYCLE.into(), "/warm_start_config/parents/0".into()),
                    ("b.yaml".into(), codes::REFERENCE_CYCLE.into(), "/warm_start_config/parents/0".into()),
                ]
            );
            let error = compile_alone(&dir.path().join("a.yaml")).expect_err("a cycle");
            assert!(error.to_string().contains("leads back"), "{error}");
        }
    }
}

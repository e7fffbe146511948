//! `kind: Model`: a SageMaker model, mirroring SDK v2's `PyTorchModel(...)` /
//! `TensorFlowModel(...)` (`design/manifest.md` §6).
//!
//! Its rooms: [`crate::spec::deploy::ModelManifest`] (the manifest, and so
//! `schema/model.schema.json`), [`crate::schema::model`] (its validator), its own checks
//! here ([`findings`], codes `sagespec::model::*`), [`resolve`] (the SDK's defaults:
//! image, environment, repack) and [`crate::lower::deploy::model`] (`CreateModel`).
//!
//! A model's inference image depends on the instance type that serves it (`gpu` or `cpu`,
//! Graviton), so a Model compiles as part of the Endpoint that serves it
//! ([`super::endpoint`]); on its own it sends nothing. `model_data: {training_job: PATH}`
//! names a TrainingJob manifest, whose artifact is known offline because its job name is.

use std::path::Path;

use super::{CheckInput, Checked, CompileContext, CompileError, Compiled, Kind, ReferenceKey, Typed};
use crate::check::{merge, strip_nulls, typed};
use crate::diagnostic::{Finding, codes};
use crate::discover;
use crate::facts::defaults::default_bucket;
use crate::facts::deploy::{
    LEGACY_CODE_TARBALL, PYTORCH_DEFAULT_LOG_LEVEL, PYTORCH_LOG_LEVEL, PYTORCH_MODEL_SERVER_WORKERS, PYTORCH_PROGRAM,
    PYTORCH_REGION, PYTORCH_REPACK_SINCE, PYTORCH_SUBMIT_DIRECTORY, REPACKED_SUBMIT_DIRECTORY, TENSORFLOW_LOG_LEVEL,
    TENSORFLOW_LOG_LEVELS, TRAINING_ARTIFACT,
};
use crate::facts::inference_images::{
    InferenceConfig, InferenceVersion, PYTORCH, PYTORCH_GRAVITON, TENSORFLOW, TENSORFLOW_GRAVITON, inference_version,
};
use crate::facts::versions::at_least;
use crate::image::inference::{self, InferenceImageRequest};
use crate::job::JobName;
use crate::lower::deploy::{self as lower_deploy, ModelData, Repack};
use crate::package::{Root, Sources};
use crate::schema;
use crate::spec::deploy::{ModelData as WrittenModelData, ModelManifest, S3ModelDataType};
use crate::spec::{Framework, Manifest};

/// The reference key that names the training job whose artifact the model serves.
pub const TRAINING_JOB_POINTER: &str = "/model_data/training_job";

/// Keys whose values are the user's own maps: a `null` there is kept for the schema.
const FREE_FORM: &[&[&str]] = &[&["env"], &["tags"]];

/// The `Model` kind.
#[derive(Clone, Copy, Debug)]
pub struct Model;

impl Kind for Model {
    fn name(&self) -> &'static str {
        "Model"
    }

    fn governed(&self) -> super::Governed {
        // Hosting instance types are not training ones: the policy's instance rules do not
        // apply to them.
        super::Governed { region: Some("/region"), tags: Some("/tags"), ..super::Governed::NONE }
    }

    fn schema(&self) -> Option<crate::schema::Published> {
        Some(crate::schema::model::PUBLISHED)
    }

    fn references(&self) -> &'static [ReferenceKey] {
        &[ReferenceKey { pointer: TRAINING_JOB_POINTER, kinds: &["TrainingJob"] }]
    }

    fn check(&self, input: CheckInput<'_>) -> Checked {
        let mut json = input.json;
        strip_nulls(&mut json, FREE_FORM);
        let schema_findings = schema::model::check(input.document, &json);
        let manifest: Option<ModelManifest> = typed(json, &schema_findings);
        let Some(model) = manifest else {
            return Checked { findings: schema_findings, ..Checked::default() };
        };
        Checked {
            findings: merge(schema_findings, findings(&model)),
            manifest: Some(Typed::new(model)),
            ..Checked::default()
        }
    }

    fn compile(&self, manifest: &Typed, _: &CompileContext<'_>) -> Result<Compiled, CompileError> {
        let model = manifest.downcast::<ModelManifest>().ok_or_else(|| CompileError::Invalid("not a model".into()))?;
        let name = model.model_name.clone().or_else(|| model.name.clone()).unwrap_or_default();
        Ok(Compiled { name, requests: Vec::new(), jobs: Vec::new(), deployments: Vec::new() })
    }
}

/// The framework's inference image configs: the regular scope, then the Graviton one.
const fn configs(framework: Framework) -> [&'static InferenceConfig; 2] {
    match framework {
        Framework::Pytorch => [&PYTORCH, &PYTORCH_GRAVITON],
        Framework::Tensorflow => [&TENSORFLOW, &TENSORFLOW_GRAVITON],
    }
}

/// The Model's own checks: its name, the image its version names, its artifact.
pub fn findings(model: &ModelManifest) -> Vec<Finding> {
    let mut out = Vec::new();
    if model.name.is_none() && model.model_name.is_none() {
        out.push(
            Finding::error(codes::MODEL_MISSING_NAME.to_owned(), "a model needs `name` or `model_name`")
                .at("")
                .with_help("add `name: bert` (the model is named `bert-<hex>`) or an exact `model_name`"),
        );
    }
    out.extend(image_findings(model));
    artifact_findings(model, &mut out);
    out
}

/// The image checks that hold whatever instance type serves the model: a version, Python
/// version and region with an inference image in some scope (the regular images or the
/// Graviton ones; which one applies is the endpoint's instance type's, checked there).
pub fn image_findings(model: &ModelManifest) -> Vec<Finding> {
    let mut out = Vec::new();
    let (Some(framework), None) = (model.framework, &model.image_uri) else {
        return out;
    };
    let Some(version) = model.framework_version.as_deref() else {
        out.push(
            Finding::error(
                codes::MODEL_NO_INFERENCE_IMAGE,
                "a framework model needs `framework_version` or `image_uri`",
            )
            .at_key("/framework")
            .with_help("add `framework_version` (for example \"2.2.0\"), or an `image_uri`"),
        );
        return out;
    };
    let scopes = configs(framework);
    let found: Vec<&InferenceVersion> =
        scopes.iter().filter_map(|config| config.version(inference_version(config.framework, version))).collect();
    if found.is_empty() {
        let known: Vec<&str> = scopes[0].versions.iter().map(|v| v.version).collect();
        out.push(
            Finding::error(
                codes::MODEL_NO_INFERENCE_IMAGE,
                format!("no {} inference image for {version}", framework.as_str()),
            )
            .at("/framework_version")
            .with_label("no inference image")
            .with_help(format!("the SDK's inference images: {}", known.join(", "))),
        );
        return out;
    }
    // A scope whose images carry no Python tag (TensorFlow Serving) takes any `py_version`.
    let accepted = |v: &&InferenceVersion| {
        v.py_versions.is_empty() || model.py_version.as_deref().is_some_and(|py| v.py_versions.contains(&py))
    };
    let pythons: Vec<&str> = found.iter().flat_map(|v| v.py_versions.iter().copied()).collect();
    if !found.iter().any(accepted) {
        let finding = Finding::error(
            codes::MODEL_NO_INFERENCE_IMAGE,
            format!("the {version} inference image needs `py_version` {}", pythons.join(" or ")),
        );
        out.push(match model.py_version {
            Some(_) => finding.at("/py_version").with_label(format!("not {}", pythons.join(" or "))),
            None => finding.at_key("/framework_version").with_help(format!("add `py_version: {}`", pythons[0])),
        });
    }
    let in_region = |region: &str| found.iter().any(|v| v.registries.iter().any(|(name, _)| *name == region));
    if let Some(region) = model.region.as_deref().filter(|region| !in_region(region)) {
        out.push(
            Finding::error(
                codes::MODEL_NO_INFERENCE_IMAGE.to_owned(),
                format!("no {version} inference image in {region}"),
            )
            .at("/region")
            .with_label("no registry for this version"),
        );
    }
    out
}

fn artifact_findings(model: &ModelManifest, out: &mut Vec<Finding>) {
    match &model.model_data {
        Some(WrittenModelData::Uri(uri)) if !uri.ends_with(".tar.gz") => out.push(
            Finding::error(codes::MODEL_ARTIFACT_NOT_A_TARBALL.to_owned(), format!("`{uri}` is not a .tar.gz"))
                .at("/model_data")
                .with_label("ModelDataUrl names a gzip tarball")
                .with_help(
                    "name the model.tar.gz, or give uncompressed data as `{s3_data_source: {s3_uri, s3_data_type: \
                     S3Prefix, compression_type: None}}`",
                ),
        ),
        Some(WrittenModelData::DataSource(source)) => {
            let s3 = &source.s3_data_source;
            if s3.s3_data_type == S3ModelDataType::S3Prefix && !s3.s3_uri.ends_with('/') {
                out.push(
                    Finding::error(
                        codes::MODEL_ARTIFACT_NOT_A_TARBALL.to_owned(),
                        "an S3Prefix model data source ends with `/`",
                    )
                    .at("/model_data/s3_data_source/s3_uri")
                    .with_label("a prefix, not an object")
                    .with_help(format!("write `{}/`", s3.s3_uri)),
                );
            }
            if model.entry_point.is_some() {
                out.push(
                    Finding::error(
                        codes::MODEL_CODE_WITH_UNCOMPRESSED_DATA,
                        "inference code cannot be repacked into uncompressed model data",
                    )
                    .at_key("/entry_point")
                    .with_label("needs a model.tar.gz to repack into")
                    .also("/model_data", "uncompressed")
                    .with_help("put the code into the model data yourself, or use a model.tar.gz"),
                );
            }
        }
        _ => {}
    }
}

/// What resolving a model needs besides its manifest.
#[derive(Clone, Copy)]
pub struct ModelContext<'a> {
    /// The run's compile context (packs, account, `--region`); its `base_dir` is the
    /// model manifest's folder.
    pub compile: &'a CompileContext<'a>,
    /// The region the model is created in.
    pub region: &'a str,
    /// The instance type that serves it; `None` when serverless.
    pub instance_type: Option<&'a str>,
}

/// The model with every SDK default applied, ready to lower.
pub fn resolve(model: &ModelManifest, context: &ModelContext<'_>) -> Result<lower_deploy::Model, CompileError> {
    let framework = model.framework.ok_or_else(|| CompileError::Invalid("the model has no `framework`".into()))?;
    let name = match (&model.model_name, &model.name) {
        (Some(exact), _) => JobName::Exact(exact.clone()),
        (None, Some(base)) => JobName::Hashed { base: base.clone() },
        (None, None) => return Err(CompileError::Invalid("the model has no `name` or `model_name`".into())),
    };
    let image = match (&model.image_uri, &model.framework_version) {
        (Some(uri), _) => uri.clone(),
        (None, Some(version)) => inference::resolve(&InferenceImageRequest {
            framework,
            framework_version: version,
            py_version: model.py_version.as_deref(),
            instance_type: context.instance_type,
            region: context.region,
        })
        .map_err(|error| CompileError::Invalid(error.to_string()))?,
        (None, None) => {
            return Err(CompileError::Invalid("the model has no `framework_version` or `image_uri`".into()));
        }
    };
    let (model_data, trained_by) = model_data(model, context)?;
    let code = model.entry_point.as_ref().map(|entry_point| {
        let base = context.compile.base_dir;
        let root = match &model.source_dir {
            Some(dir) => Root::Folder(base.join(dir)),
            None => Root::File(base.join(entry_point)),
        };
        Sources { root, dependencies: model.dependencies.iter().flatten().map(|d| base.join(d)).collect() }
    });
    let code_sha256 = match &code {
        Some(sources) => Some(context.compile.packs.pack(sources)?.sha256.clone()),
        None => None,
    };
    let repack = repack(model, framework, context)?;
    let environment = environment(model, framework, &repack, context.region);
    Ok(lower_deploy::Model {
        name,
        region: context.region.to_owned(),
        role: model.role.clone().ok_or_else(|| CompileError::Invalid("the model has no `role`".into()))?,
        image,
        model_data,
        environment,
        submit_directory_key: matches!(repack, Repack::SourceTarball { .. }).then_some(PYTORCH_SUBMIT_DIRECTORY),
        repack,
        code_sha256,
        code,
        trained_by,
        enable_network_isolation: model.enable_network_isolation.unwrap_or(false),
        vpc: model.subnets.clone().zip(model.security_group_ids.clone()),
        tags: model.tags.clone().filter(|tags| !tags.is_empty()),
    })
}

/// Where the artifact is: as written, or the training job's (`<output_path>/<job>/output/
/// model.tar.gz`, or its uncompressed folder when the job disables output compression),
/// with that job's name.
fn model_data(model: &ModelManifest, context: &ModelContext<'_>) -> Result<(ModelData, Option<String>), CompileError> {
    match &model.model_data {
        Some(WrittenModelData::Uri(uri)) => Ok((ModelData::Url(uri.clone()), None)),
        Some(WrittenModelData::DataSource(source)) => {
            let s3 = &source.s3_data_source;
            let data = ModelData::Source {
                uri: s3.s3_uri.clone(),
                data_type: s3.s3_data_type.as_str().to_owned(),
                compression: s3.compression_type.as_str().to_owned(),
            };
            Ok((data, None))
        }
        Some(WrittenModelData::TrainingJob(artifact)) => training_artifact(&artifact.training_job, context),
        None => Err(CompileError::Invalid("the model has no `model_data`".into())),
    }
}

fn training_artifact(written: &str, context: &ModelContext<'_>) -> Result<(ModelData, Option<String>), CompileError> {
    let (mut manifest, path): (Manifest, _) =
        context.compile.referenced_manifest(TRAINING_JOB_POINTER, written, "TrainingJob")?;
    manifest.region = manifest.region.or_else(|| Some(context.region.to_owned()));
    let training_context = CompileContext {
        base_dir: discover::base_dir(&path),
        region: Some(context.region),
        account_id: context.compile.account_id,
        packs: context.compile.packs,
        references: &[],
    };
    let compiled = super::training_job::compile_with(&manifest, &training_context)?;
    let output = compiled.job.output.s3_output_path.trim_end_matches('/');
    let job = &compiled.job_name;
    let data = if compiled.job.output.compression_disabled {
        ModelData::Source {
            uri: format!("{output}/{job}/output/model/"),
            data_type: "S3Prefix".into(),
            compression: "None".into(),
        }
    } else {
        ModelData::Url(format!("{output}/{job}/{TRAINING_ARTIFACT}"))
    };
    Ok((data, Some(job.clone())))
}

/// Whether and where the code is repacked: PyTorch ≥ 1.2 and TensorFlow repack the
/// artifact with `code/`; older PyTorch ships the code as its own tarball.
fn repack(model: &ModelManifest, framework: Framework, context: &ModelContext<'_>) -> Result<Repack, CompileError> {
    if model.entry_point.is_none() {
        return Ok(Repack::None);
    }
    let prefix = if let Some(location) = &model.code_location {
        format!("{}/", location.trim_end_matches('/'))
    } else {
        let account = context
            .compile
            .account_id
            .ok_or_else(|| CompileError::MissingAccount { region: context.region.to_owned() })?;
        format!("s3://{}/", default_bucket(context.region, account))
    };
    let torchserve = match (framework, model.framework_version.as_deref()) {
        (Framework::Pytorch, Some(version)) => at_least(version, PYTORCH_REPACK_SINCE).unwrap_or(true),
        _ => true,
    };
    Ok(if torchserve { Repack::Artifact { prefix } } else { Repack::SourceTarball { prefix } })
}

/// The container environment: the user's `env`, then what the framework model adds.
fn environment(
    model: &ModelManifest,
    framework: Framework,
    repack: &Repack,
    region: &str,
) -> indexmap::IndexMap<String, String> {
    let mut environment = model.env.clone().unwrap_or_default();
    match framework {
        Framework::Pytorch => {
            let submit = match repack {
                Repack::None => String::new(),
                Repack::Artifact { .. } => REPACKED_SUBMIT_DIRECTORY.to_owned(),
                // Named once the model has its name (`Model::environment_for`).
                Repack::SourceTarball { prefix } => format!("{prefix}{LEGACY_CODE_TARBALL}"),
            };
            let level = model.container_log_level.unwrap_or(PYTORCH_DEFAULT_LOG_LEVEL).to_string();
            let program = model.entry_point.as_deref().map(entry_point_name).unwrap_or_default();
            for (key, value) in [
                (PYTORCH_PROGRAM, program),
                (PYTORCH_SUBMIT_DIRECTORY, submit),
                (PYTORCH_LOG_LEVEL, level),
                (PYTORCH_REGION, region.to_owned()),
            ] {
                environment.entry(key.to_owned()).or_insert(value);
            }
            if let Some(workers) = model.model_server_workers {
                environment.insert(PYTORCH_MODEL_SERVER_WORKERS.to_owned(), workers.to_string());
            }
        }
        Framework::Tensorflow => {
            let level = model.container_log_level.and_then(|level| {
                TENSORFLOW_LOG_LEVELS.iter().find(|(python, _)| *python == level).map(|(_, name)| *name)
            });
            if let Some(level) = level {
                environment.insert(TENSORFLOW_LOG_LEVEL.to_owned(), level.to_owned());
            }
        }
    }
    environment
}

/// `SAGEMAKER_PROGRAM`: the entry point's file name.
fn entry_point_name(entry_point: &str) -> String {
    Path::new(entry_point)
        .file_name()
        .map_or_else(|| entry_point.to_owned(), |name| name.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::findings;
    use crate::diagnostic::codes;
    use crate::spec::deploy::ModelManifest;

    fn model(extra: &str) -> ModelManifest {
        let text = format!(
            "apiVersion: sagespec/v1\nkind: Model\nframework: pytorch\nrole: arn:aws:iam::111122223333:role/R\n{extra}"
        );
        let checked = crate::check::check_text("model.yaml", text.into(), crate::source::Format::Yaml, None);
        checked.manifest_as::<ModelManifest>().cloned().expect("a typed model")
    }

    fn found(extra: &str) -> Vec<(String, String)> {
        findings(&model(extra)).into_iter().map(|f| (f.code.to_string(), f.pointer)).collect()
    }

    #[test]
    fn names_images_and_artifacts() {
        let ok = "name: m\nframework_version: \"2.2.0\"\npy_version: py310\nmodel_data: s3://b/model.tar.gz\n";
        assert!(found(ok).is_empty());
        assert_eq!(found(&ok.replace("name: m\n", "")), [(codes::MODEL_MISSING_NAME.to_owned(), String::new())]);
        assert_eq!(
            found(&ok.replace("2.2.0", "2.8.0")),
            [(codes::MODEL_NO_INFERENCE_IMAGE.to_owned(), "/framework_version".to_owned())]
        );
        assert_eq!(
            found(&ok.replace("py310", "py38")),
            [(codes::MODEL_NO_INFERENCE_IMAGE.to_owned(), "/py_version".to_owned())]
        );
        assert_eq!(
            found(&format!("{ok}region: eu-central-2\n").replace("2.2.0", "1.1.0").replace("py310", "py3")),
            [(codes::MODEL_NO_INFERENCE_IMAGE.to_owned(), "/region".to_owned())]
        );
        assert_eq!(
            found(&ok.replace("model.tar.gz", "models/")),
            [(codes::MODEL_ARTIFACT_NOT_A_TARBALL.to_owned(), "/model_data".to_owned())]
        );
        let source = "name: m\nframework_version: \"2.2.0\"\npy_version: py310\nentry_point: inference.py\n\
                      model_data:\n  s3_data_source: {s3_uri: s3://b/m, s3_data_type: S3Prefix, compression_type: None}\n";
        assert_eq!(
            found(source),
            [
                (codes::MODEL_ARTIFACT_NOT_A_TARBALL.to_owned(), "/model_data/s3_data_source/s3_uri".to_owned()),
                (codes::MODEL_CODE_WITH_UNCOMPRESSED_DATA.to_owned(), "/entry_point".to_owned()),
            ]
        );
    }
}

//! `sagespec init`: write a commented starter manifest that validates clean, plus a minimal
//! training script for it and a local copy of the JSON Schema.
//!
//! The manifest opens with the editor modeline (`# yaml-language-server:
//! $schema=./sagespec.schema.json` or `#:schema ./sagespec.schema.json`), and `init` writes
//! that file next to it ([`super::schema::write_local`]), so the modeline resolves at once,
//! offline, to the schema of the binary that validates; `sagespec schema --write` refreshes
//! it. The manifest carries a header naming the SDK call it stands for. It points at
//! `src/train.py` next to it; `init` writes that script from `src/init_templates/` when it
//! is missing and never touches an existing one, so the result passes `sagespec validate`
//! (whose rules check that the code exists, and that it initialises what the distribution
//! launches) at once. Each strategy gets the initialisation it needs: SMDDP's adaptation
//! steps for `dataparallel` (PyTorch or TensorFlow), `init_process_group` under torchrun,
//! the rank mapping (PyTorch) or Horovod (TensorFlow) under mpirun.
//!
//! Nothing a user owns is lost without asking: an existing manifest, or a file in the
//! schema copy's place that is not a sagespec schema, is replaced only with `--force`
//! (checked before anything is written); an older sagespec schema there is refreshed. The
//! syntax is `--syntax yaml|toml`, else the extension of `--output`, else YAML.
//! Each framework/distribution pair maps to one tested set of values in
//! `Starter::for_choice` (versions and instance types the rules accept); pairs the
//! SageMaker Python SDK refuses, such as TensorFlow with `torch_distributed`, are usage
//! errors. To add a choice, add a variant and its row there; `tests/init.rs` validates every
//! combination.

use std::fmt::Write as _;
use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

use super::schema::{self, LocalWrite};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// The training script written next to a new manifest without a distribution strategy.
const TRAIN_SCRIPT: &str = include_str!("../init_templates/train.py");
/// PyTorch adapted to SMDDP, following the library's adaptation steps.
const SMDDP_PYTORCH_SCRIPT: &str = include_str!("../init_templates/train_smddp_pytorch.py");
/// TensorFlow adapted to SMDDP, following the library's adaptation steps.
const SMDDP_TENSORFLOW_SCRIPT: &str = include_str!("../init_templates/train_smddp_tensorflow.py");
/// PyTorch DDP under torchrun.
const TORCHRUN_SCRIPT: &str = include_str!("../init_templates/train_torchrun.py");
/// PyTorch DDP under mpirun.
const MPI_PYTORCH_SCRIPT: &str = include_str!("../init_templates/train_mpi_pytorch.py");
/// TensorFlow with Horovod under mpirun.
const MPI_TENSORFLOW_SCRIPT: &str = include_str!("../init_templates/train_mpi_tensorflow.py");
/// Where the script goes, relative to the manifest (the manifest's `source_dir`).
const SOURCE_DIR: &str = "src";
/// The script's name (the manifest's `entry_point`).
const ENTRY_POINT: &str = "train.py";
/// The manifest's file name when `--output` is not given.
const DEFAULT_STEM: &str = "train";
/// Longest base job name the schema allows.
const MAX_NAME_LEN: usize = 50;

/// The framework estimator the starter mirrors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Framework {
    /// `sagemaker.pytorch.PyTorch`.
    Pytorch,
    /// `sagemaker.tensorflow.TensorFlow`.
    Tensorflow,
}

/// The distribution strategy the starter enables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Distribution {
    /// SageMaker's distributed data-parallel library (`smdistributed.dataparallel`).
    Dataparallel,
    /// `torchrun` on every host (PyTorch only).
    #[value(name = "torch_distributed", alias = "torch-distributed")]
    TorchDistributed,
    /// `mpirun` with one process per GPU.
    Mpi,
    /// One process per host, no strategy.
    None,
}

/// The manifest's syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Syntax {
    /// `*.sagespec.yaml`, bound to the schema by the `# yaml-language-server:` modeline.
    Yaml,
    /// `*.sagespec.toml`, bound to the schema by the `#:schema` directive.
    Toml,
}

impl Syntax {
    fn extension(self) -> &'static str {
        match self {
            Syntax::Yaml => "yaml",
            Syntax::Toml => "toml",
        }
    }

    /// The syntax a file name asks for, if its extension names one.
    fn of_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()? {
            "yaml" | "yml" => Some(Syntax::Yaml),
            "toml" => Some(Syntax::Toml),
            _ => None,
        }
    }
}

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Framework estimator the job mirrors.
    #[arg(long, value_enum, default_value = "pytorch")]
    pub framework: Framework,
    /// Distribution strategy to enable.
    #[arg(long, value_enum, default_value = "none")]
    pub distribution: Distribution,
    /// Where to write the manifest; a folder (existing, or ending in `/`) gets
    /// `train.sagespec.yaml` (or `.toml`) inside.
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Manifest syntax (default: the extension of `--output`, else yaml).
    #[arg(long, value_enum)]
    pub syntax: Option<Syntax>,
    /// Base job name (default: the manifest's file name up to its first dot).
    #[arg(long)]
    pub name: Option<String>,
    /// Replace an existing manifest, and a `sagespec.schema.json` next to it that sagespec
    /// did not write (the training script is never replaced).
    #[arg(long)]
    pub force: bool,
}

/// A usage problem, reported as `error: …` with exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct UsageError(String);

/// Writes the manifest, the schema copy and, when missing, the training script; 0 written,
/// 1 the manifest exists or a foreign file holds the schema copy's place (without
/// `--force`), 2 usage or I/O failure.
pub fn run(args: &Args) -> u8 {
    let plan = match Plan::from_args(args) {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let schema_file = plan.schema_file();
    match schema::existing(&schema_file) {
        Ok(schema::Existing::Foreign) if !args.force => {
            eprintln!("error: {}", LocalWrite::Refused.describe(&schema_file));
            return EXIT_FINDINGS;
        }
        Ok(_) => {}
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", schema_file.display());
            return EXIT_USAGE;
        }
    }
    let manifest_text = plan.starter.render(plan.syntax, &plan.name, &plan.display_name());
    match write_manifest(&plan.manifest, &manifest_text, args.force) {
        Ok(Written::Created) => eprintln!("wrote {}", plan.manifest.display()),
        Ok(Written::Replaced) => eprintln!("replaced {} (--force)", plan.manifest.display()),
        Ok(Written::Refused) => {
            eprintln!(
                "error: {} already exists; not overwriting it (pass --force to replace it)",
                plan.manifest.display()
            );
            return EXIT_FINDINGS;
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", plan.manifest.display());
            return EXIT_USAGE;
        }
    }
    match schema::write_local(&schema_file, args.force) {
        Ok(written) => eprintln!("{}", written.describe(&schema_file)),
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", schema_file.display());
            return EXIT_USAGE;
        }
    }
    let script = plan.script();
    match write_script(&script, plan.starter.script()) {
        Ok(true) => eprintln!("wrote {}", script.display()),
        Ok(false) => eprintln!("kept the existing {}", script.display()),
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", script.display());
            return EXIT_USAGE;
        }
    }
    eprintln!("next: replace the role and the S3 URIs, then `sagespec validate {}`", plan.manifest.display());
    EXIT_OK
}

/// What `init` is about to write, all choices resolved.
struct Plan {
    manifest: PathBuf,
    syntax: Syntax,
    name: String,
    starter: Starter,
}

impl Plan {
    fn from_args(args: &Args) -> Result<Self, UsageError> {
        let starter = Starter::for_choice(args.framework, args.distribution)?;
        let from_path = args.output.as_deref().filter(|p| !names_folder(p)).and_then(Syntax::of_path);
        let syntax = match (args.syntax, from_path) {
            (Some(asked), Some(named)) if asked != named => {
                return Err(UsageError(format!(
                    "--syntax {} does not match the extension of {}",
                    asked.extension(),
                    args.output.as_deref().unwrap_or(Path::new("")).display()
                )));
            }
            (Some(asked), _) => asked,
            (None, Some(named)) => named,
            (None, None) => Syntax::Yaml,
        };
        let default_file = format!("{DEFAULT_STEM}.sagespec.{}", syntax.extension());
        let manifest = match &args.output {
            Some(path) if names_folder(path) => path.join(&default_file),
            Some(path) if Syntax::of_path(path).is_none() => {
                return Err(UsageError(format!(
                    "{} must end in .yaml, .yml or .toml (sagespec finds manifests by extension)",
                    path.display()
                )));
            }
            Some(path) => path.clone(),
            None => PathBuf::from(default_file),
        };
        let name = match &args.name {
            Some(name) if is_job_name(name) => name.clone(),
            Some(name) => {
                return Err(UsageError(format!(
                    "--name {name:?} is not a job name: use 1 to {MAX_NAME_LEN} letters, digits and hyphens, \
                     starting and ending with a letter or digit"
                )));
            }
            None => name_from_path(&manifest),
        };
        Ok(Plan { manifest, syntax, name, starter })
    }

    /// Where the training script goes: `src/train.py` next to the manifest.
    fn script(&self) -> PathBuf {
        self.next_to_manifest(&Path::new(SOURCE_DIR).join(ENTRY_POINT))
    }

    /// Where the schema copy goes: `sagespec.schema.json` next to the manifest.
    fn schema_file(&self) -> PathBuf {
        self.next_to_manifest(Path::new(schema::LOCAL_FILE))
    }

    fn next_to_manifest(&self, relative: &Path) -> PathBuf {
        match self.manifest.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder.join(relative),
            _ => relative.to_path_buf(),
        }
    }

    /// The manifest's path as the header's example commands should show it.
    fn display_name(&self) -> String {
        self.manifest.file_name().map_or_else(|| self.manifest.display().to_string(), |n| n.to_string_lossy().into())
    }
}

/// Whether `--output` names a folder: an existing one, or a path ending in a separator.
fn names_folder(path: &Path) -> bool {
    path.is_dir() || path.as_os_str().to_string_lossy().ends_with(std::path::is_separator)
}

/// Whether `name` matches the schema's base-name rule `^[a-zA-Z0-9](-*[a-zA-Z0-9])*$`.
fn is_job_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (1..=MAX_NAME_LEN).contains(&bytes.len())
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
}

/// A job name from the file name up to its first dot: other characters become hyphens.
fn name_from_path(path: &Path) -> String {
    let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    name.truncate(MAX_NAME_LEN);
    let name = name.trim_end_matches('-').to_owned();
    if is_job_name(&name) { name } else { DEFAULT_STEM.to_owned() }
}

/// How the manifest write went.
enum Written {
    Created,
    Replaced,
    Refused,
}

fn write_manifest(path: &Path, text: &str, force: bool) -> std::io::Result<Written> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut file) => {
            file.write_all(text.as_bytes())?;
            Ok(Written::Created)
        }
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {
            if force {
                fs::write(path, text)?;
                Ok(Written::Replaced)
            } else {
                Ok(Written::Refused)
            }
        }
        Err(error) => Err(error),
    }
}

/// Writes the training script unless a file is there already; `true` when written.
fn write_script(path: &Path, text: &str) -> std::io::Result<bool> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut file) => {
            file.write_all(text.as_bytes())?;
            Ok(true)
        }
        Err(error) if error.kind() == ErrorKind::AlreadyExists => Ok(false),
        Err(error) => Err(error),
    }
}

/// Appends `code`, then `# comment` (if any) at column `column` or two spaces after the code.
fn commented(text: &mut String, code: &str, comment: &str, column: usize) {
    if comment.is_empty() {
        let _ = writeln!(text, "{code}");
    } else if code.len() + 2 > column {
        let _ = writeln!(text, "{code}  # {comment}");
    } else {
        let _ = writeln!(text, "{code:<column$}# {comment}");
    }
}

/// The values of one framework/distribution pair, each accepted by every rule.
struct Starter {
    framework: Framework,
    framework_version: &'static str,
    py_version: &'static str,
    instance_type: &'static str,
    instance_count: u32,
    distribution: Distribution,
}

/// GPUs of ml.p4d.24xlarge: one MPI process each.
const P4D_GPUS: u32 = 8;

impl Starter {
    /// The tested values of a pair, or why the pair makes no job.
    fn for_choice(framework: Framework, distribution: Distribution) -> Result<Self, UsageError> {
        let (framework_version, py_version) = match framework {
            // The newest versions the SageMaker data-parallel library has images for.
            Framework::Pytorch => ("2.2.0", "py310"),
            Framework::Tensorflow if distribution == Distribution::None => ("2.16.2", "py310"),
            Framework::Tensorflow => ("2.11.0", "py39"),
        };
        let (instance_type, instance_count) = match (framework, distribution) {
            (Framework::Tensorflow, Distribution::TorchDistributed) => {
                return Err(UsageError(
                    "--distribution torch_distributed needs --framework pytorch; TensorFlow jobs take \
                     dataparallel, mpi or none"
                        .into(),
                ));
            }
            (Framework::Pytorch, Distribution::None) => ("ml.g5.2xlarge", 1),
            (Framework::Tensorflow, Distribution::None) => ("ml.m5.xlarge", 1),
            (_, Distribution::Dataparallel | Distribution::TorchDistributed | Distribution::Mpi) => {
                ("ml.p4d.24xlarge", 2)
            }
        };
        Ok(Starter { framework, framework_version, py_version, instance_type, instance_count, distribution })
    }

    /// The training script: the initialisation the strategy needs (one row per pair; the
    /// script rules check the result, `tests/init.rs` validates every pair).
    fn script(&self) -> &'static str {
        match (self.framework, self.distribution) {
            (_, Distribution::None) => TRAIN_SCRIPT,
            (Framework::Pytorch, Distribution::Dataparallel) => SMDDP_PYTORCH_SCRIPT,
            (Framework::Tensorflow, Distribution::Dataparallel) => SMDDP_TENSORFLOW_SCRIPT,
            (_, Distribution::TorchDistributed) => TORCHRUN_SCRIPT,
            (Framework::Pytorch, Distribution::Mpi) => MPI_PYTORCH_SCRIPT,
            (Framework::Tensorflow, Distribution::Mpi) => MPI_TENSORFLOW_SCRIPT,
        }
    }

    fn sdk_class(&self) -> &'static str {
        match self.framework {
            Framework::Pytorch => "PyTorch",
            Framework::Tensorflow => "TensorFlow",
        }
    }

    fn framework_key(&self) -> &'static str {
        match self.framework {
            Framework::Pytorch => "pytorch",
            Framework::Tensorflow => "tensorflow",
        }
    }

    /// The SDK's `distribution=` argument, for the header.
    fn sdk_distribution(&self) -> Option<String> {
        match self.distribution {
            Distribution::Dataparallel => Some(r#"{"smdistributed": {"dataparallel": {"enabled": True}}}"#.into()),
            Distribution::TorchDistributed => Some(r#"{"torch_distributed": {"enabled": True}}"#.into()),
            Distribution::Mpi => Some(format!(r#"{{"mpi": {{"enabled": True, "processes_per_host": {P4D_GPUS}}}}}"#)),
            Distribution::None => None,
        }
    }

    /// The comment lines every starter opens with (after the modeline).
    fn header(&self, file: &str) -> String {
        let mut call = format!(
            "#   {}(entry_point=\"{ENTRY_POINT}\", source_dir=\"{SOURCE_DIR}\", framework_version=\"{}\",\n\
             #       py_version=\"{}\", instance_type=\"{}\", instance_count={},\n",
            self.sdk_class(),
            self.framework_version,
            self.py_version,
            self.instance_type,
            self.instance_count,
        );
        if let Some(distribution) = self.sdk_distribution() {
            let _ = writeln!(call, "#       distribution={distribution},");
        }
        let _ = writeln!(
            call,
            "#       role=..., output_path=..., hyperparameters={{...}}).fit({{\"train\": \"s3://my-bucket/data/train/\"}})"
        );
        format!(
            "#\n\
             # A SageMaker training job, started by `sagespec init`. It is the SageMaker Python SDK call\n\
             #\n\
             {call}\
             #\n\
             # written as a manifest: every key is the estimator argument of the same name. Replace the\n\
             # role and the S3 URIs with yours, then\n\
             #\n\
             #   sagespec validate {file}    # every problem at once, before anything reaches AWS\n\
             #   sagespec compile {file} --account-id <your account id>   # the exact request\n\
             #\n\
             # The code it runs is {SOURCE_DIR}/{ENTRY_POINT} next to this file. Editors check this file\n\
             # against {schema} beside it (the first line names it); `sagespec schema --write`\n\
             # refreshes that copy after an upgrade.\n",
            schema = schema::LOCAL_FILE
        )
    }

    fn distribution_comment(&self) -> &'static str {
        match self.distribution {
            Distribution::Dataparallel => "SageMaker's distributed data-parallel library (SMDDP)",
            Distribution::TorchDistributed => "torchrun on every host, one process per GPU",
            Distribution::Mpi => "mpirun on every host",
            Distribution::None => "",
        }
    }

    fn render(&self, syntax: Syntax, name: &str, file: &str) -> String {
        match syntax {
            Syntax::Yaml => self.render_yaml(name, file),
            Syntax::Toml => self.render_toml(name, file),
        }
    }

    fn render_yaml(&self, name: &str, file: &str) -> String {
        let mut text = format!("# yaml-language-server: $schema=./{}\n{}", schema::LOCAL_FILE, self.header(file));
        let mut line = |code: String, comment: &str| commented(&mut text, &code, comment, 34);
        line("apiVersion: sagespec/v1".into(), "");
        line("kind: TrainingJob".into(), "");
        line(format!("name: {name}"), &format!("the job is named {name}-<12 hex of its content hash>"));
        line("region: us-west-2".into(), "else --region, else the AWS config chain");
        line(format!("framework: {}", self.framework_key()), "pytorch | tensorflow");
        line(format!("framework_version: \"{}\"", self.framework_version), "quote versions: 2.10 unquoted is 2.1");
        line(format!("py_version: {}", self.py_version), "");
        line(format!("source_dir: {SOURCE_DIR}"), "the training code, relative to this file");
        line(format!("entry_point: {ENTRY_POINT}"), "relative to source_dir");
        line("role: arn:aws:iam::111122223333:role/SageMakerRole".into(), "the IAM role the job runs as");
        line(format!("instance_type: {}", self.instance_type), "");
        line(format!("instance_count: {}", self.instance_count), "");
        match self.distribution {
            Distribution::Dataparallel => {
                line("distribution:".into(), self.distribution_comment());
                line("  smdistributed:".into(), "");
                line("    dataparallel:".into(), "");
                line("      enabled: true".into(), "without it the job silently trains without SMDDP");
            }
            Distribution::TorchDistributed => {
                line("distribution:".into(), self.distribution_comment());
                line("  torch_distributed:".into(), "");
                line("    enabled: true".into(), "");
            }
            Distribution::Mpi => {
                line("distribution:".into(), self.distribution_comment());
                line("  mpi:".into(), "");
                line("    enabled: true".into(), "");
                line(format!("    processes_per_host: {P4D_GPUS}"), "one per GPU");
            }
            Distribution::None => {}
        }
        line("hyperparameters:".into(), "passed as --epochs 1 --learning_rate 0.001");
        line("  epochs: 1".into(), "");
        line("  learning_rate: 0.001".into(), "");
        line("inputs:".into(), "channel -> S3 prefix, read from /opt/ml/input/data/<channel>");
        line("  train: s3://my-bucket/data/train/".into(), "");
        line("output_path: s3://my-bucket/output/".into(), "model.tar.gz lands under here");
        text
    }

    fn render_toml(&self, name: &str, file: &str) -> String {
        let mut text = format!("#:schema ./{}\n{}", schema::LOCAL_FILE, self.header(file));
        let mut line = |code: String, comment: &str| commented(&mut text, &code, comment, 36);
        line("apiVersion = \"sagespec/v1\"".into(), "");
        line("kind = \"TrainingJob\"".into(), "");
        line(format!("name = \"{name}\""), &format!("the job is named {name}-<12 hex of its content hash>"));
        line("region = \"us-west-2\"".into(), "else --region, else the AWS config chain");
        line(format!("framework = \"{}\"", self.framework_key()), "pytorch | tensorflow");
        line(format!("framework_version = \"{}\"", self.framework_version), "");
        line(format!("py_version = \"{}\"", self.py_version), "");
        line(format!("source_dir = \"{SOURCE_DIR}\""), "the training code, relative to this file");
        line(format!("entry_point = \"{ENTRY_POINT}\""), "relative to source_dir");
        line("role = \"arn:aws:iam::111122223333:role/SageMakerRole\"".into(), "the IAM role the job runs as");
        line(format!("instance_type = \"{}\"", self.instance_type), "");
        line(format!("instance_count = {}", self.instance_count), "");
        line("output_path = \"s3://my-bucket/output/\"".into(), "model.tar.gz lands under here");
        match self.distribution {
            Distribution::Dataparallel => {
                line(String::new(), "");
                line("[distribution.smdistributed.dataparallel]".into(), self.distribution_comment());
                line("enabled = true".into(), "without it the job silently trains without SMDDP");
            }
            Distribution::TorchDistributed => {
                line(String::new(), "");
                line("[distribution.torch_distributed]".into(), self.distribution_comment());
                line("enabled = true".into(), "");
            }
            Distribution::Mpi => {
                line(String::new(), "");
                line("[distribution.mpi]".into(), self.distribution_comment());
                line("enabled = true".into(), "");
                line(format!("processes_per_host = {P4D_GPUS}"), "one per GPU");
            }
            Distribution::None => {}
        }
        line(String::new(), "");
        line("[hyperparameters]".into(), "passed as --epochs 1 --learning_rate 0.001");
        line("epochs = 1".into(), "");
        line("learning_rate = 0.001".into(), "");
        line(String::new(), "");
        line("[inputs]".into(), "channel -> S3 prefix, read from /opt/ml/input/data/<channel>");
        line("train = \"s3://my-bucket/data/train/\"".into(), "");
        text
    }
}

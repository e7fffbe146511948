//! The SDK's training-image config for PyTorch and TensorFlow, as data.
//!
//! Source: sagemaker 2.257.7 `sagemaker/image_uri_config/{pytorch,tensorflow,pytorch-smp,
//! pytorch-neuron}.json`, `training` scope, as listed in `reference/sagemaker-facts.md`
//! §4.5 (versions, aliases, repositories, py_versions, region coverage), §4.1 step 2 (the
//! SMP v2 CUDA suffix) and step 8 (the auto container-version suffix), and §2.5 (TF
//! constants and the P2 deprecation). Registry accounts and ECR domains per region live in
//! [`super::regions`]; this module only says which account column a repository uses and
//! which regions a version covers.
//!
//! To follow a new SDK release, add or edit rows here; `crate::image` reads nothing else.

use super::regions::Region;

/// Which account column of [`super::regions::REGIONS`] a repository's registry uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registry {
    /// The Deep Learning Containers account (`pytorch-training`, `tensorflow-training`,
    /// `pytorch-training-neuron`).
    Dlc,
    /// The legacy account (`sagemaker-pytorch`, `sagemaker-tensorflow[-scriptmode]`).
    Legacy,
    /// The SMP v2 account (`smdistributed-modelparallel`).
    Smp,
}

impl Registry {
    /// The account of this registry in `region`, if the region has one.
    pub fn account(self, region: &Region) -> Option<&'static str> {
        match self {
            Self::Dlc => region.dlc_account,
            Self::Legacy => region.legacy_account,
            Self::Smp => region.smp_account,
        }
    }
}

/// An ECR repository of framework training images.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repository {
    /// `pytorch-training` (DLC, PyTorch ≥ 1.2.0).
    PytorchTraining,
    /// `sagemaker-pytorch` (legacy, PyTorch ≤ 1.1.0).
    SagemakerPytorch,
    /// `tensorflow-training` (DLC, TF ≥ 1.13.1 on py3).
    TensorflowTraining,
    /// `sagemaker-tensorflow` (legacy, TF ≤ 1.10.0).
    SagemakerTensorflow,
    /// `sagemaker-tensorflow-scriptmode` (legacy, TF 1.11.0–1.13.1 on py2).
    SagemakerTensorflowScriptmode,
    /// `smdistributed-modelparallel` (SMP v2).
    SmdistributedModelparallel,
    /// `pytorch-training-neuron` (Trainium).
    PytorchTrainingNeuron,
}

impl Repository {
    /// The repository name in the image URI.
    pub const fn name(self) -> &'static str {
        match self {
            Self::PytorchTraining => "pytorch-training",
            Self::SagemakerPytorch => "sagemaker-pytorch",
            Self::TensorflowTraining => "tensorflow-training",
            Self::SagemakerTensorflow => "sagemaker-tensorflow",
            Self::SagemakerTensorflowScriptmode => "sagemaker-tensorflow-scriptmode",
            Self::SmdistributedModelparallel => "smdistributed-modelparallel",
            Self::PytorchTrainingNeuron => "pytorch-training-neuron",
        }
    }

    /// Which account column the repository's registry uses.
    pub const fn registry(self) -> Registry {
        match self {
            Self::PytorchTraining | Self::TensorflowTraining | Self::PytorchTrainingNeuron => Registry::Dlc,
            Self::SagemakerPytorch | Self::SagemakerTensorflow | Self::SagemakerTensorflowScriptmode => {
                Registry::Legacy
            }
            Self::SmdistributedModelparallel => Registry::Smp,
        }
    }
}

/// The processor part of an image tag, chosen from the instance family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Processor {
    /// Any family not starting with `g`, `p`, `inf` or `trn`.
    Cpu,
    /// Families starting with `g` or `p`.
    Gpu,
    /// Trainium families (`trn…`).
    Trn,
    /// Inferentia families (`inf…`).
    Inf,
}

impl Processor {
    /// The name as the SDK writes it (`cpu`, `gpu`, `trn`, `inf`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Cpu => "cpu",
            Self::Gpu => "gpu",
            Self::Trn => "trn",
            Self::Inf => "inf",
        }
    }
}

/// The regions a version has images in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coverage {
    /// Every region where the repository's registry has an account, except these.
    AllExcept(&'static [&'static str]),
    /// Exactly these regions (each with its registry account).
    Only(&'static [&'static str]),
}

impl Coverage {
    /// Whether the coverage includes `region` (the registry account is checked separately).
    pub fn includes(self, region: &str) -> bool {
        match self {
            Self::AllExcept(missing) => !missing.contains(&region),
            Self::Only(regions) => regions.contains(&region),
        }
    }
}

/// One version entry of an image config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageVersion {
    /// The version key, e.g. `2.2.0`.
    pub version: &'static str,
    /// Aliases that resolve to this key, e.g. `2.2`.
    pub aliases: &'static [&'static str],
    /// The ECR repository.
    pub repository: Repository,
    /// Python versions offered. A version split by Python version (TF 1.13.1) has one row
    /// per repository.
    pub py_versions: &'static [&'static str],
    /// Regions with images.
    pub coverage: Coverage,
    /// Fixed tag suffix from the config's `container_version` (Trainium only).
    pub container_version: Option<&'static str>,
    /// Neuron SDK version put before the container version (Trainium only).
    pub sdk_version: Option<&'static str>,
}

/// One framework's `training` image config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageConfig {
    /// The config's name as the SDK names it in errors (`pytorch`, `tensorflow`,
    /// `pytorch-smp`, `pytorch-neuron`).
    pub name: &'static str,
    /// Processors the config has images for.
    pub processors: &'static [Processor],
    /// Every version row, in the config's order.
    pub versions: &'static [ImageVersion],
}

impl ImageConfig {
    /// The rows for `version`: its alias target first (the SDK looks aliases up first),
    /// else the exact key. Several rows when the version is split by Python version.
    pub fn lookup(&self, version: &str) -> Vec<&'static ImageVersion> {
        let by_alias: Vec<_> = self.versions.iter().filter(|v| v.aliases.contains(&version)).collect();
        if by_alias.is_empty() { self.versions.iter().filter(|v| v.version == version).collect() } else { by_alias }
    }

    /// Every version string the config accepts, as the SDK lists them: full versions
    /// first (each once), then aliases.
    pub fn supported_versions(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for v in self.versions {
            if !out.contains(&v.version) {
                out.push(v.version);
            }
        }
        for v in self.versions {
            for alias in v.aliases {
                if !out.contains(alias) {
                    out.push(alias);
                }
            }
        }
        out
    }

    /// Whether the config has exactly one version key (the SDK then uses it whatever
    /// version was asked for, unless an alias was given).
    pub fn single_version(&self) -> Option<&'static ImageVersion> {
        match self.versions {
            [only] => Some(only),
            _ => None,
        }
    }
}

/// Regions where PyTorch 1.2.0–2.0.1 and TF 1.14.0–2.11.0 have no image (40 of 42).
const NO_ISOF: &[&str] = &["us-isof-east-1", "us-isof-south-1"];
/// Regions where PyTorch ≥ 2.4.0, TF 2.12.0 and TF ≥ 2.16.2 have no image (38 of 42).
const NO_ISO_NO_ISOF: &[&str] = &["us-iso-east-1", "us-isob-east-1", "us-isof-east-1", "us-isof-south-1"];
/// Regions where TF 1.13.1 (py3) has no image (35 of 42).
const TF_1_13_PY3_MISSING: &[&str] = &[
    "ap-east-2",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "mx-central-1",
    "us-isof-east-1",
    "us-isof-south-1",
];
/// Every region of the repository's registry (all 42 for DLC, the 25-region set for
/// legacy repositories, the 17 SMP regions).
const EVERYWHERE: Coverage = Coverage::AllExcept(&[]);

const fn dlc(
    version: &'static str,
    aliases: &'static [&'static str],
    py: &'static [&'static str],
    missing: &'static [&'static str],
) -> ImageVersion {
    row(version, aliases, Repository::PytorchTraining, py, Coverage::AllExcept(missing))
}

const fn tf(
    version: &'static str,
    aliases: &'static [&'static str],
    py: &'static [&'static str],
    missing: &'static [&'static str],
) -> ImageVersion {
    row(version, aliases, Repository::TensorflowTraining, py, Coverage::AllExcept(missing))
}

const fn row(
    version: &'static str,
    aliases: &'static [&'static str],
    repository: Repository,
    py_versions: &'static [&'static str],
    coverage: Coverage,
) -> ImageVersion {
    ImageVersion { version, aliases, repository, py_versions, coverage, container_version: None, sdk_version: None }
}

/// `pytorch.json`, training scope: 29 versions (facts §4.5).
#[rustfmt::skip]
pub const PYTORCH: ImageConfig = ImageConfig {
    name: "pytorch",
    processors: &[Processor::Cpu, Processor::Gpu],
    versions: &[
        row("0.4.0", &["0.4"], Repository::SagemakerPytorch, &["py2", "py3"], EVERYWHERE),
        row("1.0.0", &["1.0"], Repository::SagemakerPytorch, &["py2", "py3"], EVERYWHERE),
        row("1.1.0", &["1.1"], Repository::SagemakerPytorch, &["py2", "py3"], EVERYWHERE),
        dlc("1.2.0", &["1.2"], &["py2", "py3"], NO_ISOF),
        dlc("1.3.1", &["1.3"], &["py2", "py3"], NO_ISOF),
        dlc("1.4.0", &["1.4"], &["py2", "py3", "py36"], NO_ISOF),
        dlc("1.5.0", &["1.5"], &["py3", "py36"], NO_ISOF),
        dlc("1.6.0", &["1.6"], &["py3", "py36"], NO_ISOF),
        dlc("1.7.1", &["1.7"], &["py3", "py36"], NO_ISOF),
        dlc("1.8.0", &[], &["py3", "py36"], NO_ISOF),
        dlc("1.8.1", &["1.8"], &["py3", "py36"], NO_ISOF),
        dlc("1.9.0", &[], &["py38"], NO_ISOF),
        dlc("1.9.1", &["1.9"], &["py38"], NO_ISOF),
        dlc("1.10.0", &[], &["py38"], NO_ISOF),
        dlc("1.10.2", &["1.10"], &["py38"], NO_ISOF),
        dlc("1.11.0", &["1.11"], &["py38"], NO_ISOF),
        dlc("1.12.0", &[], &["py38"], NO_ISOF),
        dlc("1.12.1", &["1.12"], &["py38"], NO_ISOF),
        dlc("1.13.1", &["1.13"], &["py39"], NO_ISOF),
        dlc("2.0.0", &[], &["py310"], NO_ISOF),
        dlc("2.0.1", &["2.0"], &["py310"], NO_ISOF),
        dlc("2.1.0", &["2.1"], &["py310"], &[]),
        dlc("2.2.0", &["2.2"], &["py310"], &[]),
        dlc("2.3.0", &["2.3"], &["py311"], &[]),
        dlc("2.4.0", &["2.4"], &["py311"], NO_ISO_NO_ISOF),
        dlc("2.5.1", &["2.5"], &["py311"], NO_ISO_NO_ISOF),
        dlc("2.6.0", &["2.6"], &["py312"], NO_ISO_NO_ISOF),
        dlc("2.7.1", &["2.7"], &["py312"], NO_ISO_NO_ISOF),
        dlc("2.8.0", &["2.8"], &["py312"], NO_ISO_NO_ISOF),
    ],
};

/// `tensorflow.json`, training scope: 49 versions (facts §4.5). 1.13.1 is split by
/// Python version: py2 in the legacy script-mode repository, py3 in the DLC one.
#[rustfmt::skip]
pub const TENSORFLOW: ImageConfig = ImageConfig {
    name: "tensorflow",
    processors: &[Processor::Cpu, Processor::Gpu],
    versions: &[
        row("1.4.1", &["1.4"], Repository::SagemakerTensorflow, &["py2"], EVERYWHERE),
        row("1.5.0", &["1.5"], Repository::SagemakerTensorflow, &["py2"], EVERYWHERE),
        row("1.6.0", &["1.6"], Repository::SagemakerTensorflow, &["py2"], EVERYWHERE),
        row("1.7.0", &["1.7"], Repository::SagemakerTensorflow, &["py2"], EVERYWHERE),
        row("1.8.0", &["1.8"], Repository::SagemakerTensorflow, &["py2"], EVERYWHERE),
        row("1.9.0", &["1.9"], Repository::SagemakerTensorflow, &["py2"], EVERYWHERE),
        row("1.10.0", &["1.10"], Repository::SagemakerTensorflow, &["py2"], EVERYWHERE),
        row("1.11.0", &["1.11"], Repository::SagemakerTensorflowScriptmode, &["py2", "py3"], EVERYWHERE),
        row("1.12.0", &["1.12"], Repository::SagemakerTensorflowScriptmode, &["py2", "py3"], EVERYWHERE),
        row("1.13.1", &["1.13"], Repository::SagemakerTensorflowScriptmode, &["py2"], EVERYWHERE),
        tf("1.13.1", &["1.13"], &["py3"], TF_1_13_PY3_MISSING),
        tf("1.14.0", &["1.14"], &["py2", "py3"], NO_ISOF),
        tf("1.15.0", &[], &["py2", "py3"], NO_ISOF),
        tf("1.15.2", &[], &["py2", "py3", "py37"], NO_ISOF),
        tf("1.15.3", &[], &["py2", "py3", "py37"], NO_ISOF),
        tf("1.15.4", &[], &["py3", "py36", "py37"], NO_ISOF),
        tf("1.15.5", &["1.15"], &["py3", "py36", "py37"], NO_ISOF),
        tf("2.0.0", &[], &["py2", "py3"], NO_ISOF),
        tf("2.0.1", &[], &["py2", "py3"], NO_ISOF),
        tf("2.0.2", &[], &["py2", "py3"], NO_ISOF),
        tf("2.0.3", &[], &["py3", "py36"], NO_ISOF),
        tf("2.0.4", &["2.0"], &["py3", "py36"], NO_ISOF),
        tf("2.1.0", &[], &["py2", "py3"], NO_ISOF),
        tf("2.1.1", &[], &["py2", "py3"], NO_ISOF),
        tf("2.1.2", &[], &["py3", "py36"], NO_ISOF),
        tf("2.1.3", &["2.1"], &["py3", "py36"], NO_ISOF),
        tf("2.2.0", &[], &["py37"], NO_ISOF),
        tf("2.2.1", &[], &["py37"], NO_ISOF),
        tf("2.2.2", &["2.2"], &["py37"], NO_ISOF),
        tf("2.3.0", &[], &["py37"], NO_ISOF),
        tf("2.3.1", &[], &["py37"], NO_ISOF),
        tf("2.3.2", &["2.3"], &["py37"], NO_ISOF),
        tf("2.4.1", &[], &["py37"], NO_ISOF),
        tf("2.4.3", &["2.4"], &["py37"], NO_ISOF),
        tf("2.5.0", &[], &["py37"], NO_ISOF),
        tf("2.5.1", &["2.5"], &["py37"], NO_ISOF),
        tf("2.6.0", &[], &["py38"], NO_ISOF),
        tf("2.6.2", &[], &["py38"], NO_ISOF),
        tf("2.6.3", &["2.6"], &["py38"], NO_ISOF),
        tf("2.7.1", &["2.7"], &["py38"], NO_ISOF),
        tf("2.8.0", &["2.8"], &["py39"], NO_ISOF),
        tf("2.9.2", &["2.9"], &["py39"], NO_ISOF),
        tf("2.10.1", &["2.10"], &["py39"], NO_ISOF),
        tf("2.11.0", &["2.11"], &["py39"], NO_ISOF),
        tf("2.12.0", &["2.12"], &["py310"], NO_ISO_NO_ISOF),
        tf("2.13.0", &["2.13"], &["py310"], &[]),
        tf("2.14.1", &["2.14"], &["py310"], &[]),
        tf("2.16.2", &["2.16"], &["py310"], NO_ISO_NO_ISOF),
        tf("2.18.0", &["2.18"], &["py310"], NO_ISO_NO_ISOF),
        tf("2.19.0", &["2.19"], &["py312"], NO_ISO_NO_ISOF),
    ],
};

const fn smp(version: &'static str, aliases: &'static [&'static str], py: &'static [&'static str]) -> ImageVersion {
    row(version, aliases, Repository::SmdistributedModelparallel, py, EVERYWHERE)
}

/// `pytorch-smp.json`, training scope: the SMP v2 library images (facts §4.5). Keys are
/// SMP library versions; the aliases map the PyTorch version a user writes to them. The
/// 17 regions are those with an SMP account in [`super::regions`].
#[rustfmt::skip]
pub const PYTORCH_SMP: ImageConfig = ImageConfig {
    name: "pytorch-smp",
    processors: &[Processor::Gpu],
    versions: &[
        smp("2.0.1", &["2.0"], &["py310"]),
        smp("2.1.2", &["2.1"], &["py310"]),
        smp("2.2.0", &[], &["py310"]),
        smp("2.3.0", &[], &["py310"]),
        smp("2.3.1", &["2.2", "2.2.0"], &["py310"]),
        smp("2.5.0", &["2.3.1"], &["py311"]),
        smp("2.7.0", &["2.4.1"], &["py311"]),
        smp("2.8.0", &["2.5.1"], &["py311"]),
    ],
};

/// `pytorch-neuron.json`, training scope: the one Trainium PyTorch image. The SDK uses it
/// for any PyTorch job on a `trn` family, whatever `framework_version` says
/// (`image_uris.retrieve`: the `neuron` inference tool turns `pytorch` into
/// `pytorch-neuron`).
///
/// Source: sagemaker 2.257.7 `sagemaker/image_uri_config/pytorch-neuron.json`, `training`
/// scope (1.11.0 / `py38` / `sdk2.4.0` / `ubuntu20.04`, which gives the tag observed with
/// that release, `1.11.0-neuron-py38-sdk2.4.0-ubuntu20.04`; facts §4.1 step 3). Its
/// `registries` name these 17 regions, in the file's order, and each one's account equals
/// the region's DLC account, so the DLC column of [`super::regions`] is used. In any other
/// region the SDK fails with "Unsupported region".
pub const PYTORCH_NEURON: ImageConfig = ImageConfig {
    name: "pytorch-neuron",
    processors: &[Processor::Trn],
    versions: &[ImageVersion {
        version: "1.11.0",
        aliases: &["1.11"],
        repository: Repository::PytorchTrainingNeuron,
        py_versions: &["py38"],
        coverage: Coverage::Only(&[
            "ap-northeast-1",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-4",
            "eu-central-1",
            "eu-central-2",
            "eu-south-2",
            "eu-west-1",
            "eu-west-3",
            "il-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-2",
            "ca-west-1",
        ]),
        container_version: Some("ubuntu20.04"),
        sdk_version: Some("sdk2.4.0"),
    }],
};

/// The tag part the neuron image uses instead of the processor (`inference_tool`).
pub const NEURON_TAG: &str = "neuron";

/// The SMP v2 CUDA suffix rule, checked in order (facts §4.1 step 2; sagemaker 2.257.7
/// `image_uris.get_training_image_uri`): the first rule whose version substring occurs in
/// `framework_version` (or, for `cu121`, whose instance substring occurs in the instance
/// type) wins; otherwise [`SMP_DEFAULT_CUDA`].
pub const SMP_CUDA_RULES: &[SmpCudaRule] = &[
    SmpCudaRule { cuda: "cu124", version_substrings: &["2.5"], instance_substring: None },
    SmpCudaRule { cuda: "cu121", version_substrings: &["2.1", "2.2", "2.3", "2.4"], instance_substring: Some("p5") },
];

/// The SMP v2 CUDA suffix when no [`SMP_CUDA_RULES`] entry matches.
pub const SMP_DEFAULT_CUDA: &str = "cu118";

/// One step of the SMP v2 CUDA suffix rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SmpCudaRule {
    /// The suffix, e.g. `cu121`.
    pub cuda: &'static str,
    /// Substrings of `framework_version` that select it (plain substring match, as the SDK).
    pub version_substrings: &'static [&'static str],
    /// A substring of the instance type that also selects it.
    pub instance_substring: Option<&'static str>,
}

/// The auto container-version suffix (facts §4.1 step 8; sagemaker 2.257.7
/// `image_uris._get_image_tag`): when an instance type is given and its family is
/// [`AUTO_SUFFIX_FAMILY`] or the distribution has an `smdistributed` key, a tag whose
/// `{config name}-{tag}` is a key here gets `-{suffix}` appended.
pub const AUTO_CONTAINER_SUFFIXES: &[(&str, &str)] = &[
    ("tensorflow-2.3-gpu-py37", "cu110-ubuntu18.04-v3"),
    ("tensorflow-2.3.1-gpu-py37", "cu110-ubuntu18.04"),
    ("tensorflow-2.3.2-gpu-py37", "cu110-ubuntu18.04"),
    ("tensorflow-1.15-gpu-py37", "cu110-ubuntu18.04-v8"),
    ("tensorflow-1.15.4-gpu-py37", "cu110-ubuntu18.04"),
    ("tensorflow-1.15.5-gpu-py37", "cu110-ubuntu18.04"),
    ("mxnet-1.8-gpu-py37", "cu110-ubuntu16.04-v1"),
    ("mxnet-1.8.0-gpu-py37", "cu110-ubuntu16.04"),
    ("pytorch-1.6-gpu-py36", "cu110-ubuntu18.04-v3"),
    ("pytorch-1.6.0-gpu-py36", "cu110-ubuntu18.04"),
    ("pytorch-1.6-gpu-py3", "cu110-ubuntu18.04-v3"),
    ("pytorch-1.6.0-gpu-py3", "cu110-ubuntu18.04"),
];

/// The instance family that triggers [`AUTO_CONTAINER_SUFFIXES`] on its own.
pub const AUTO_SUFFIX_FAMILY: &str = "p4d";

/// P2 deprecation (facts §2.5 V3; `image_uris._validate_instance_deprecation`): on the
/// `p2` family, these configs reject versions at or above the given one (PEP 440 order).
pub const P2_DEPRECATED_FROM: &[(&str, &str)] = &[("pytorch", "1.13"), ("tensorflow", "2.12")];

/// The instance family [`P2_DEPRECATED_FROM`] applies to.
pub const P2_FAMILY: &str = "p2";

/// TensorFlow: the highest version with Python 2 images (`tensorflow/defaults.py`
/// `LATEST_PY2_VERSION`, the estimator's `_HIGHEST_PYTHON_2_VERSION`; facts §2.5).
pub const TENSORFLOW_LATEST_PY2_VERSION: &str = "2.1.1";

/// TensorFlow: versions at or below this one support only legacy mode, which the SDK v2
/// estimator refuses without `image_uri` (`_HIGHEST_LEGACY_MODE_ONLY_VERSION`; facts §2.5).
pub const TENSORFLOW_HIGHEST_LEGACY_MODE_VERSION: &str = "1.10.0";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::regions::REGIONS;

    fn distinct_versions(config: &ImageConfig) -> usize {
        let mut versions: Vec<&str> = config.versions.iter().map(|v| v.version).collect();
        versions.dedup();
        versions.len()
    }

    fn region_count(v: &ImageVersion) -> usize {
        REGIONS.iter().filter(|r| v.repository.registry().account(r).is_some() && v.coverage.includes(r.name)).count()
    }

    #[test]
    fn version_counts_match_the_sdk() {
        assert_eq!(distinct_versions(&PYTORCH), 29);
        assert_eq!(distinct_versions(&TENSORFLOW), 49);
        assert_eq!(distinct_versions(&PYTORCH_SMP), 8);
    }

    #[test]
    fn region_counts_match_the_facts_table() {
        let count = |config: &ImageConfig, version: &str, py: &str| {
            config.versions.iter().find(|v| v.version == version && v.py_versions.contains(&py)).map(region_count)
        };
        assert_eq!(count(&PYTORCH, "1.1.0", "py3"), Some(25));
        assert_eq!(count(&PYTORCH, "2.0.1", "py310"), Some(40));
        assert_eq!(count(&PYTORCH, "2.2.0", "py310"), Some(42));
        assert_eq!(count(&PYTORCH, "2.8.0", "py312"), Some(38));
        assert_eq!(count(&TENSORFLOW, "1.13.1", "py2"), Some(25));
        assert_eq!(count(&TENSORFLOW, "1.13.1", "py3"), Some(35));
        assert_eq!(count(&PYTORCH_SMP, "2.8.0", "py311"), Some(17));
        assert_eq!(count(&PYTORCH_NEURON, "1.11.0", "py38"), Some(17));
    }

    #[test]
    fn aliases_are_looked_up_before_keys() {
        let rows = PYTORCH_SMP.lookup("2.2.0");
        assert_eq!(rows.iter().map(|v| v.version).collect::<Vec<_>>(), ["2.3.1"]);
        assert_eq!(TENSORFLOW.lookup("1.13").len(), 2);
        assert!(PYTORCH.lookup("2.1.2").is_empty());
    }

    #[test]
    fn supported_list_has_versions_then_aliases() {
        let list = PYTORCH.supported_versions();
        assert_eq!(list.first(), Some(&"0.4.0"));
        assert_eq!(list.get(29), Some(&"0.4"));
        assert_eq!(list.last(), Some(&"2.8"));
    }
}

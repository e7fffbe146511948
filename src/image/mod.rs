//! Training image resolution: the image URI the SageMaker Python SDK v2 picks for a
//! PyTorch or TensorFlow estimator, or the reason it refuses (facts §4.1 steps 1–10, plus
//! the estimator checks of §2.5 that run before it).
//!
//! [`resolve`] is a pure function of an [`ImageRequest`]: no network, no AWS config. The
//! data it reads lives in [`crate::facts::frameworks`] (versions, repositories, suffixes)
//! and [`crate::facts::regions`] (accounts and ECR domains). The resolved job
//! (`crate::job`) asks it with its own placement ([`Compute::of_job`]); the
//! `sagespec::image::*` rules ask it with the manifest's ([`ImageRequest::from_manifest`])
//! and turn each [`ImageError`] into a finding at the input [`ImageError::input`] names.
//!
//! ```
//! use sagespec::image::{resolve, Compute, DistributionKeys, ImageRequest};
//! use sagespec::spec::Framework;
//!
//! let request = ImageRequest {
//!     framework: Framework::Pytorch,
//!     framework_version: Some("2.0"),
//!     py_version: Some("py310"),
//!     region: Some("cn-north-1"),
//!     compute: Compute::Single("ml.g5.2xlarge"),
//!     distribution: DistributionKeys::default(),
//!     image_uri: None,
//! };
//! assert_eq!(
//!     resolve(&request).as_deref(),
//!     Ok("727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/pytorch-training:2.0-gpu-py310")
//! );
//! ```

pub mod inference;

use std::cmp::Ordering;
use std::fmt;

pub use crate::compute::Compute;
use crate::facts::distribution::instance_family;
use crate::facts::frameworks::{
    AUTO_CONTAINER_SUFFIXES, AUTO_SUFFIX_FAMILY, ImageConfig, ImageVersion, NEURON_TAG, P2_DEPRECATED_FROM, P2_FAMILY,
    PYTORCH, PYTORCH_NEURON, PYTORCH_SMP, Processor, SMP_CUDA_RULES, SMP_DEFAULT_CUDA, TENSORFLOW,
    TENSORFLOW_HIGHEST_LEGACY_MODE_VERSION, TENSORFLOW_LATEST_PY2_VERSION,
};
use crate::facts::regions::{self, Region};
use crate::facts::versions::compare_versions;
use crate::spec::{Distribution, Framework, Manifest};

/// Everything the SDK's image choice depends on, as the user wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRequest<'a> {
    /// The estimator: `PyTorch` or `TensorFlow`.
    pub framework: Framework,
    /// `framework_version` exactly as written (an alias such as `"2.0"` stays an alias in
    /// the tag).
    pub framework_version: Option<&'a str>,
    /// `py_version` as written, e.g. `py310`.
    pub py_version: Option<&'a str>,
    /// The job's region. `None` when it is not known yet (`validate` without a region):
    /// every other check still runs, and a request that passes them all gives
    /// [`ImageError::RegionMissing`].
    pub region: Option<&'a str>,
    /// The instance type, or the instance groups' types.
    pub compute: Compute<'a>,
    /// The distribution keys that change the image.
    pub distribution: DistributionKeys,
    /// `image_uri`: when given it is returned unchanged and nothing else is checked.
    pub image_uri: Option<&'a str>,
}

/// The distribution keys the image depends on (facts §4.1 steps 2 and 8).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DistributionKeys {
    /// An `smdistributed` key is present, enabled or not. For PyTorch this includes
    /// `pytorchddp`, which the SDK rewrites to `smdistributed.dataparallel`.
    pub smdistributed: bool,
    /// A `torch_distributed` key is present, enabled or not.
    pub torch_distributed: bool,
    /// `smdistributed.modelparallel` is present and its `enabled` is missing or true (the
    /// SDK's image choice reads a missing `enabled` as true).
    pub modelparallel: bool,
}

impl DistributionKeys {
    /// The keys of a `distribution` as written.
    pub fn of(distribution: Option<&Distribution>, framework: Framework) -> Self {
        distribution.map_or_else(Self::default, |d| {
            let modelparallel = d.smdistributed.as_ref().and_then(|s| s.modelparallel.as_ref());
            Self {
                smdistributed: d.smdistributed.is_some() || (framework == Framework::Pytorch && d.pytorchddp.is_some()),
                torch_distributed: d.torch_distributed.is_some(),
                modelparallel: modelparallel.is_some_and(|m| m.enabled != Some(false)),
            }
        })
    }

    /// Whether the SDK switches to the SMP v2 image (`torch_distributed` together with an
    /// enabled `smdistributed.modelparallel`).
    pub const fn uses_smp_v2(self) -> bool {
        self.torch_distributed && self.modelparallel
    }
}

impl<'a> ImageRequest<'a> {
    /// The request for a manifest as written; `None` without a `framework`.
    pub fn from_manifest(manifest: &'a Manifest) -> Option<Self> {
        let framework = manifest.framework?;
        Some(Self {
            framework,
            framework_version: manifest.framework_version.as_deref(),
            py_version: manifest.py_version.as_deref(),
            region: manifest.region.as_deref(),
            compute: Compute::of_manifest(manifest),
            distribution: DistributionKeys::of(manifest.distribution.as_ref(), framework),
            image_uri: manifest.image_uri.as_deref(),
        })
    }
}

/// The input an [`ImageError`] blames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageInput {
    /// `framework` (e.g. TensorFlow on Trainium).
    Framework,
    /// `framework_version`.
    FrameworkVersion,
    /// `py_version`.
    PyVersion,
    /// `region`.
    Region,
    /// `instance_type` (or the instance groups' types).
    InstanceType,
}

/// Why the SDK would not produce a training image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageError {
    /// V1: `framework_version` or `py_version` missing without `image_uri`.
    MissingVersions {
        /// `framework_version` is missing.
        framework_version: bool,
        /// `py_version` is missing.
        py_version: bool,
    },
    /// TensorFlow above 2.1.1 with `py2`.
    Python2Unavailable {
        /// The version asked for.
        framework_version: String,
    },
    /// TensorFlow ≤ 1.10: legacy mode only, which SDK v2 runs only with `image_uri`.
    LegacyModeOnly {
        /// The version asked for.
        framework_version: String,
        /// The legacy image the user could name in `image_uri`, when it resolves.
        legacy_image_uri: Option<String>,
    },
    /// A framework without Trainium images on a `trn` instance.
    FrameworkNotOnTrainium {
        /// The SDK's framework name (`tensorflow`, `pytorch-smp`).
        framework: &'static str,
        /// The instance type.
        instance_type: String,
    },
    /// V2: the version is neither a key nor an alias of the image config.
    UnsupportedVersion {
        /// The image config consulted.
        config: &'static ImageConfig,
        /// The version asked for.
        framework_version: String,
    },
    /// V2: the version has no image for this Python version.
    UnsupportedPyVersion {
        /// The image config consulted.
        config: &'static ImageConfig,
        /// The version (after Trainium substitution).
        framework_version: String,
        /// The Python version asked for.
        py_version: String,
        /// The Python versions the version offers.
        supported: Vec<&'static str>,
    },
    /// The region has no framework image registry at all (or is not a SageMaker region).
    RegionWithoutImages {
        /// The region.
        region: String,
    },
    /// V2: the region has framework images, but not for this version.
    VersionNotInRegion {
        /// The image config consulted.
        config: &'static ImageConfig,
        /// The version (after Trainium substitution).
        framework_version: String,
        /// The region.
        region: String,
        /// The regions that have this version.
        available: Vec<&'static str>,
    },
    /// V4: no instance type (and no instance groups).
    MissingInstanceType,
    /// V5: an instance type that is not `ml.<family>.<size>`.
    InvalidInstanceType {
        /// The instance type.
        instance_type: String,
    },
    /// V2: the config has no image for the instance's processor (e.g. SMP v2 on CPU).
    UnsupportedProcessor {
        /// The image config consulted.
        config: &'static ImageConfig,
        /// The processor the instance type implies.
        processor: Processor,
        /// The instance type.
        instance_type: String,
    },
    /// V3: P2 instances with PyTorch ≥ 1.13 or TensorFlow ≥ 2.12.
    P2Deprecated {
        /// The SDK's framework name.
        framework: &'static str,
        /// The version.
        framework_version: String,
        /// The instance type.
        instance_type: String,
    },
    /// No region given; everything else resolved.
    RegionMissing,
}

impl ImageError {
    /// The input at fault. For [`ImageError::MissingVersions`] it is the missing one
    /// (`framework_version` first); [`ImageError::RegionMissing`] and
    /// [`ImageError::MissingInstanceType`] blame the missing key.
    pub const fn input(&self) -> ImageInput {
        match self {
            Self::MissingVersions { framework_version: true, .. }
            | Self::LegacyModeOnly { .. }
            | Self::UnsupportedVersion { .. } => ImageInput::FrameworkVersion,
            Self::MissingVersions { .. } | Self::Python2Unavailable { .. } | Self::UnsupportedPyVersion { .. } => {
                ImageInput::PyVersion
            }
            Self::FrameworkNotOnTrainium { .. } => ImageInput::Framework,
            Self::RegionWithoutImages { .. } | Self::VersionNotInRegion { .. } | Self::RegionMissing => {
                ImageInput::Region
            }
            Self::MissingInstanceType
            | Self::InvalidInstanceType { .. }
            | Self::UnsupportedProcessor { .. }
            | Self::P2Deprecated { .. } => ImageInput::InstanceType,
        }
    }

    /// Whether the error comes from the SMP v2 image config.
    pub fn is_smp(&self) -> bool {
        match self {
            Self::UnsupportedVersion { config, .. }
            | Self::UnsupportedPyVersion { config, .. }
            | Self::VersionNotInRegion { config, .. }
            | Self::UnsupportedProcessor { config, .. } => config.name == PYTORCH_SMP.name,
            Self::FrameworkNotOnTrainium { framework, .. } => *framework == PYTORCH_SMP.name,
            _ => false,
        }
    }
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingVersions { framework_version: true, .. } => {
                f.write_str("framework_version is required without image_uri")
            }
            Self::MissingVersions { .. } => f.write_str("py_version is required without image_uri"),
            Self::Python2Unavailable { framework_version } => write!(
                f,
                "TensorFlow {framework_version} has no Python 2 image (py2 ends with TensorFlow {TENSORFLOW_LATEST_PY2_VERSION})"
            ),
            Self::LegacyModeOnly { framework_version, .. } => {
                write!(f, "TensorFlow {framework_version} supports only legacy mode, which needs image_uri")
            }
            Self::FrameworkNotOnTrainium { framework, instance_type } => {
                write!(f, "{framework} has no training image for Trainium ({instance_type})")
            }
            Self::UnsupportedVersion { config, framework_version } => {
                write!(f, "{} {framework_version} has no training image", display_name(config))
            }
            Self::UnsupportedPyVersion { config, framework_version, py_version, supported } => write!(
                f,
                "{} {framework_version} has no {py_version} image (it offers {})",
                display_name(config),
                supported.join(", ")
            ),
            Self::RegionWithoutImages { region } => {
                write!(f, "{region} has no SageMaker framework images")
            }
            Self::VersionNotInRegion { config, framework_version, region, .. } => {
                write!(f, "{} {framework_version} has no training image in {region}", display_name(config))
            }
            Self::MissingInstanceType => f.write_str("an instance type is required to pick the training image"),
            Self::InvalidInstanceType { instance_type } => {
                write!(f, "{instance_type} is not a SageMaker instance type")
            }
            Self::UnsupportedProcessor { config, processor, instance_type } => {
                write!(f, "{} has no {} image for {instance_type}", display_name(config), processor.as_str())
            }
            Self::P2Deprecated { framework, framework_version, instance_type } => {
                write!(f, "{instance_type} (P2) is deprecated for {} {framework_version}", display_framework(framework))
            }
            Self::RegionMissing => f.write_str("a region is required to pick the training image"),
        }
    }
}

impl std::error::Error for ImageError {}

/// How users name an image config in messages.
pub fn display_name(config: &ImageConfig) -> &'static str {
    display_framework(config.name)
}

fn display_framework(name: &str) -> &'static str {
    match name {
        "tensorflow" => "TensorFlow",
        "pytorch-smp" => "SMP v2 (PyTorch)",
        "pytorch-neuron" => "PyTorch on Trainium",
        _ => "PyTorch",
    }
}

/// A version the SDK silently replaces: on Trainium the neuron config has one version,
/// used whatever `framework_version` says (facts §4.1 step 3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Substitution {
    /// The version written.
    pub requested: String,
    /// The version the SDK uses instead.
    pub used: &'static str,
    /// The config that has only that version.
    pub config: &'static ImageConfig,
}

/// The training image URI the SDK would send, or why it would refuse (facts §4.1).
///
/// Faithful to the SDK, including its silent Trainium substitution (see
/// [`silent_substitution`], which the rules report as an error).
pub fn resolve(request: &ImageRequest<'_>) -> Result<String, ImageError> {
    if let Some(uri) = request.image_uri {
        return Ok(uri.to_owned());
    }
    let (version, py_version) = match (request.framework_version, request.py_version) {
        (Some(version), Some(py_version)) => (version, py_version),
        (version, py_version) => {
            return Err(ImageError::MissingVersions {
                framework_version: version.is_none(),
                py_version: py_version.is_none(),
            });
        }
    };
    if request.framework == Framework::Tensorflow {
        check_tensorflow_estimator(request, version, py_version)?;
    }
    retrieve(request, version, Some(py_version))
}

/// The Trainium substitution the SDK would make silently, if any.
pub fn silent_substitution(request: &ImageRequest<'_>) -> Option<Substitution> {
    if request.image_uri.is_some() {
        return None;
    }
    let requested = request.framework_version?;
    let instance_type = request.compute.image_instance_type();
    let config = select_config(request.framework, request.distribution, instance_type).config;
    let only = config.single_version()?;
    (only.version != requested && !only.aliases.contains(&requested)).then(|| Substitution {
        requested: requested.to_owned(),
        used: only.version,
        config,
    })
}

/// The TensorFlow estimator's own checks, run before the image lookup (facts §2.5).
fn check_tensorflow_estimator(request: &ImageRequest<'_>, version: &str, py_version: &str) -> Result<(), ImageError> {
    if py_version == "py2" && compare_versions(version, TENSORFLOW_LATEST_PY2_VERSION) == Some(Ordering::Greater) {
        return Err(ImageError::Python2Unavailable { framework_version: version.to_owned() });
    }
    if compare_versions(version, TENSORFLOW_HIGHEST_LEGACY_MODE_VERSION).is_some_and(Ordering::is_le) {
        let legacy_image_uri = match retrieve(request, version, Some(py_version)) {
            Ok(uri) => Some(uri),
            Err(e) if matches!(e.input(), ImageInput::FrameworkVersion | ImageInput::PyVersion) => {
                return Err(e);
            }
            Err(_) => None,
        };
        return Err(ImageError::LegacyModeOnly { framework_version: version.to_owned(), legacy_image_uri });
    }
    Ok(())
}

/// The image config the SDK consults, and the framework name it checks with.
struct Selection {
    config: &'static ImageConfig,
    /// `pytorch`, `tensorflow` or `pytorch-smp`: the name the SDK's checks and the
    /// auto-suffix table use (the neuron config keeps `pytorch`).
    sdk_framework: &'static str,
    /// SMP v2 only: the CUDA suffix.
    container_version: Option<&'static str>,
    /// Trainium/Inferentia family with PyTorch: the neuron tag replaces the processor.
    neuron: bool,
}

/// Steps 2 and the neuron switch of step 3/6: which config applies.
fn select_config(framework: Framework, distribution: DistributionKeys, instance_type: Option<&str>) -> Selection {
    let family = instance_type.and_then(instance_family).unwrap_or_default();
    if distribution.uses_smp_v2() {
        return Selection {
            config: &PYTORCH_SMP,
            sdk_framework: PYTORCH_SMP.name,
            container_version: None,
            neuron: false,
        };
    }
    match framework {
        Framework::Pytorch if family.starts_with("trn") || family.starts_with("inf") => {
            Selection { config: &PYTORCH_NEURON, sdk_framework: PYTORCH.name, container_version: None, neuron: true }
        }
        Framework::Pytorch => {
            Selection { config: &PYTORCH, sdk_framework: PYTORCH.name, container_version: None, neuron: false }
        }
        Framework::Tensorflow => {
            Selection { config: &TENSORFLOW, sdk_framework: TENSORFLOW.name, container_version: None, neuron: false }
        }
    }
}

/// The SMP v2 CUDA suffix (step 2).
fn smp_cuda(version: &str, instance_type: Option<&str>) -> &'static str {
    SMP_CUDA_RULES
        .iter()
        .find(|rule| {
            rule.version_substrings.iter().any(|s| version.contains(s))
                || rule.instance_substring.zip(instance_type).is_some_and(|(s, t)| t.contains(s))
        })
        .map_or(SMP_DEFAULT_CUDA, |rule| rule.cuda)
}

/// `image_uris.retrieve` for the training scope (steps 2–10). `py_version` may be
/// `None` here (the SDK's retrieve defaults it when the version offers exactly one);
/// the estimators never get that far without one.
fn retrieve(request: &ImageRequest<'_>, version: &str, py_version: Option<&str>) -> Result<String, ImageError> {
    let instance_type = request.compute.image_instance_type();
    let mut selection = select_config(request.framework, request.distribution, instance_type);
    if selection.config.name == PYTORCH_SMP.name {
        selection.container_version = Some(smp_cuda(version, instance_type));
    }
    let config = selection.config;

    if let Some(instance_type) = instance_type
        && instance_type.contains("trn")
        && selection.sdk_framework != PYTORCH.name
    {
        return Err(ImageError::FrameworkNotOnTrainium {
            framework: selection.sdk_framework,
            instance_type: instance_type.to_owned(),
        });
    }

    let version = match config.single_version() {
        Some(only) if !only.aliases.contains(&version) => only.version,
        _ => version,
    };
    let rows = config.lookup(version);
    if rows.is_empty() {
        return Err(ImageError::UnsupportedVersion { config, framework_version: version.to_owned() });
    }
    let (row, py_version) = select_py_version(config, &rows, version, py_version)?;

    let account = match request.region {
        Some(region) => Some(registry_account(config, row, version, region)?),
        None => None,
    };

    let processor = processor(config, instance_type)?;
    let container_version = match (row.sdk_version, row.container_version) {
        (Some(sdk), Some(container)) => Some(format!("{sdk}-{container}")),
        (None, Some(container)) => Some(container.to_owned()),
        _ => selection.container_version.map(str::to_owned),
    };

    check_p2(selection.sdk_framework, version, instance_type)?;

    let processor_part = if selection.neuron { NEURON_TAG } else { processor.as_str() };
    let mut tag = [Some(version), Some(processor_part), Some(py_version), container_version.as_deref()]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if let Some(instance_type) = instance_type {
        let family = instance_family(instance_type).unwrap_or_default();
        if family == AUTO_SUFFIX_FAMILY || request.distribution.smdistributed {
            let key = format!("{}-{tag}", selection.sdk_framework);
            if let Some((_, suffix)) = AUTO_CONTAINER_SUFFIXES.iter().find(|(k, _)| *k == key) {
                tag = format!("{tag}-{suffix}");
            }
        }
    }

    let Some((account, region)) = account else {
        return Err(ImageError::RegionMissing);
    };
    Ok(format!("{account}.dkr.ecr.{}.{}/{}:{tag}", region.name, region.dns_suffix, row.repository.name()))
}

/// Step 4: the Python version, validated against the version's rows (defaulted when there
/// is exactly one and none was given); returns the row that has it.
fn select_py_version<'p>(
    config: &'static ImageConfig,
    rows: &[&'static ImageVersion],
    version: &str,
    py_version: Option<&'p str>,
) -> Result<(&'static ImageVersion, &'p str), ImageError> {
    let supported: Vec<&'static str> = rows.iter().flat_map(|r| r.py_versions.iter().copied()).collect();
    let py_version = match (py_version, supported.as_slice()) {
        (Some(py), _) => py,
        (None, [only]) => *only,
        (None, _) => "",
    };
    rows.iter().find(|r| r.py_versions.contains(&py_version)).map(|row| (*row, py_version)).ok_or_else(|| {
        ImageError::UnsupportedPyVersion {
            config,
            framework_version: version.to_owned(),
            py_version: py_version.to_owned(),
            supported,
        }
    })
}

/// Step 5: the registry account of the row's repository in `region`.
fn registry_account(
    config: &'static ImageConfig,
    row: &ImageVersion,
    version: &str,
    region: &str,
) -> Result<(&'static str, &'static Region), ImageError> {
    let Some(known) = regions::region(region).filter(|r| r.dlc_account.is_some()) else {
        return Err(ImageError::RegionWithoutImages { region: region.to_owned() });
    };
    let registry = row.repository.registry();
    match registry.account(known) {
        Some(account) if row.coverage.includes(region) => Ok((account, known)),
        _ => Err(ImageError::VersionNotInRegion {
            config,
            framework_version: version.to_owned(),
            region: region.to_owned(),
            available: regions::REGIONS
                .iter()
                .filter(|r| registry.account(r).is_some() && row.coverage.includes(r.name))
                .map(|r| r.name)
                .collect(),
        }),
    }
}

/// Step 6: the processor for the instance type, checked against the config.
fn processor(config: &'static ImageConfig, instance_type: Option<&str>) -> Result<Processor, ImageError> {
    let processor = match (instance_type, config.processors) {
        (None, [only]) => *only,
        (None, _) => return Err(ImageError::MissingInstanceType),
        (Some("local"), _) => Processor::Cpu,
        (Some(t), _) if t.starts_with("local") => Processor::Gpu,
        (Some(t), _) => {
            let family =
                instance_family(t).ok_or_else(|| ImageError::InvalidInstanceType { instance_type: t.to_owned() })?;
            if family.starts_with("inf") {
                Processor::Inf
            } else if family.starts_with("trn") {
                Processor::Trn
            } else if family.starts_with(['g', 'p']) {
                Processor::Gpu
            } else {
                Processor::Cpu
            }
        }
    };
    if config.processors.contains(&processor) {
        Ok(processor)
    } else {
        Err(ImageError::UnsupportedProcessor {
            config,
            processor,
            instance_type: instance_type.unwrap_or_default().to_owned(),
        })
    }
}

/// Step 9: the P2 deprecation.
fn check_p2(sdk_framework: &'static str, version: &str, instance_type: Option<&str>) -> Result<(), ImageError> {
    let Some(instance_type) = instance_type.filter(|t| instance_family(t) == Some(P2_FAMILY)) else {
        return Ok(());
    };
    let deprecated = P2_DEPRECATED_FROM
        .iter()
        .any(|(fw, from)| *fw == sdk_framework && compare_versions(version, from).is_some_and(Ordering::is_ge));
    if deprecated {
        return Err(ImageError::P2Deprecated {
            framework: sdk_framework,
            framework_version: version.to_owned(),
            instance_type: instance_type.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;

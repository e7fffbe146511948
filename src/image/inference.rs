//! Inference image resolution: the image `PyTorchModel` / `TensorFlowModel` deploy with
//! (`image_uris.retrieve(framework, region, version, py_version, instance_type,
//! image_scope="inference", serverless_inference_config=…)`). The instance type the model
//! is deployed on picks the processor (`gpu` for the `g` and `p` families, else `cpu`;
//! always `cpu` when serverless) and, for the Graviton families, the arm64 images.
//!
//! A pure function of an [`InferenceImageRequest`]; the data is
//! [`crate::facts::inference_images`] and [`crate::facts::regions`].

use crate::facts::distribution::instance_family;
use crate::facts::inference_images::{
    GRAVITON_FAMILIES, InferenceConfig, PYTORCH, PYTORCH_GRAVITON, TENSORFLOW, TENSORFLOW_GRAVITON, inference_version,
};
use crate::facts::regions;
use crate::spec::Framework;

/// What the SDK's inference image depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InferenceImageRequest<'a> {
    /// The model's framework.
    pub framework: Framework,
    /// `framework_version` as written (an alias stays in the tag).
    pub framework_version: &'a str,
    /// `py_version`, if written.
    pub py_version: Option<&'a str>,
    /// The endpoint's instance type; `None` when serverless.
    pub instance_type: Option<&'a str>,
    /// The region.
    pub region: &'a str,
}

/// Why there is no inference image.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InferenceImageError {
    /// No such version in the scope the instance type picks.
    #[error("no {scope} image for {framework} {version}; the SDK has {known}")]
    UnknownVersion {
        /// `PyTorch` or `TensorFlow`, with "Graviton " when that scope was picked.
        framework: String,
        /// As written.
        version: String,
        /// "inference" or "Graviton inference".
        scope: &'static str,
        /// The versions it has, newest last.
        known: String,
    },
    /// The version has no image for this Python version.
    #[error("{framework} {version}'s inference image has no {py_version}; it has {known}")]
    PyVersion {
        /// `PyTorch` or `TensorFlow`.
        framework: &'static str,
        /// As written.
        version: String,
        /// As written (or missing).
        py_version: String,
        /// The Python versions it has.
        known: String,
    },
    /// The instance family has no inference image for the framework in this SDK.
    #[error("no {framework} inference image for {instance_type}: the SDK has {processors} images only")]
    Processor {
        /// `PyTorch` or `TensorFlow`.
        framework: &'static str,
        /// As written.
        instance_type: String,
        /// The processors it has images for.
        processors: String,
    },
    /// The region has no registry for the version.
    #[error("no {framework} {version} inference image in {region}")]
    Region {
        /// `PyTorch` or `TensorFlow`.
        framework: &'static str,
        /// As written.
        version: String,
        /// The region.
        region: String,
    },
}

const fn display(framework: Framework) -> &'static str {
    match framework {
        Framework::Pytorch => "PyTorch",
        Framework::Tensorflow => "TensorFlow",
    }
}

/// Whether `instance_type` gets the Graviton (arm64) images.
pub fn is_graviton(instance_type: &str) -> bool {
    instance_family(instance_type).is_some_and(|family| GRAVITON_FAMILIES.contains(&family))
}

/// The processor the SDK picks for `instance_type` (`None`: serverless, always `cpu`).
fn processor(instance_type: Option<&str>) -> &'static str {
    match instance_type.and_then(instance_family) {
        Some(family) if family.starts_with("inf") => "inf",
        Some(family) if family.starts_with("trn") => "trn",
        Some(family) if family.starts_with(['g', 'p']) => "gpu",
        _ => "cpu",
    }
}

/// The image URI, or why there is none.
pub fn resolve(request: &InferenceImageRequest<'_>) -> Result<String, InferenceImageError> {
    let framework = display(request.framework);
    let graviton = request.instance_type.is_some_and(is_graviton);
    let config: &InferenceConfig = match (request.framework, graviton) {
        (Framework::Pytorch, false) => &PYTORCH,
        (Framework::Pytorch, true) => &PYTORCH_GRAVITON,
        (Framework::Tensorflow, false) => &TENSORFLOW,
        (Framework::Tensorflow, true) => &TENSORFLOW_GRAVITON,
    };
    let processor = processor(request.instance_type);
    if !config.processors.contains(&processor) {
        return Err(InferenceImageError::Processor {
            framework,
            instance_type: request.instance_type.unwrap_or_default().to_owned(),
            processors: config.processors.join(" and "),
        });
    }
    let version = inference_version(config.framework, request.framework_version);
    let Some(found) = config.version(version) else {
        let known: Vec<&str> = config.versions.iter().map(|v| v.version).collect();
        return Err(InferenceImageError::UnknownVersion {
            framework: if graviton { format!("Graviton {framework}") } else { framework.to_owned() },
            version: version.to_owned(),
            scope: if graviton { "Graviton inference" } else { "inference" },
            known: known.join(", "),
        });
    };
    let py_version = match (found.py_versions, request.py_version) {
        ([], _) => None,
        (known, Some(py)) if known.contains(&py) => Some(py),
        (known, written) => {
            return Err(InferenceImageError::PyVersion {
                framework,
                version: version.to_owned(),
                py_version: written.unwrap_or("no py_version").to_owned(),
                known: known.join(", "),
            });
        }
    };
    let region_error =
        || InferenceImageError::Region { framework, version: version.to_owned(), region: request.region.to_owned() };
    let account = found.registries.iter().find(|(region, _)| *region == request.region).ok_or_else(region_error)?.1;
    let suffix = regions::region(request.region).ok_or_else(region_error)?.dns_suffix;
    let container = found.container_version.map(|c| format!("{c}-sagemaker"));
    let tag: Vec<&str> =
        [Some(version), Some(processor), py_version, container.as_deref()].into_iter().flatten().collect();
    Ok(format!("{account}.dkr.ecr.{}.{suffix}/{}:{}", request.region, found.repository, tag.join("-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(framework: Framework, version: &str, py: Option<&str>, instance: Option<&str>, region: &str) -> String {
        let request = InferenceImageRequest {
            framework,
            framework_version: version,
            py_version: py,
            instance_type: instance,
            region,
        };
        resolve(&request).unwrap_or_else(|e| format!("error: {e}"))
    }

    // Expected URIs: the requests SDK 2.257.7 sent (conformance/deploy, sdk-tuning-deploy-facts).
    #[test]
    fn images_the_sdk_picked() {
        let pt = Framework::Pytorch;
        let tf = Framework::Tensorflow;
        assert_eq!(
            image(pt, "2.2.0", Some("py310"), Some("ml.m5.xlarge"), "us-west-2"),
            "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.2.0-cpu-py310"
        );
        assert_eq!(
            image(pt, "2.2", Some("py310"), Some("ml.g5.xlarge"), "us-west-2"),
            "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.2-gpu-py310"
        );
        assert_eq!(
            image(pt, "2.4.0", Some("py311"), Some("ml.c7g.xlarge"), "us-west-2"),
            "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference-graviton:2.4.0-cpu-py311-ubuntu22.04-sagemaker"
        );
        assert_eq!(
            image(pt, "1.1.0", Some("py3"), Some("ml.m5.xlarge"), "us-west-2"),
            "520713654638.dkr.ecr.us-west-2.amazonaws.com/sagemaker-pytorch:1.1.0-cpu-py3"
        );
        assert_eq!(
            image(tf, "2.11.0", None, Some("ml.g5.xlarge"), "us-west-2"),
            "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-inference:2.11.0-gpu"
        );
        assert_eq!(
            image(tf, "2.16.2", None, Some("ml.m5.xlarge"), "us-west-2"),
            "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-inference:2.16.1-cpu"
        );
        assert_eq!(
            image(pt, "2.2.0", Some("py310"), None, "cn-north-1"),
            "727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/pytorch-inference:2.2.0-cpu-py310"
        );
    }

    #[test]
    fn refusals() {
        let pt = Framework::Pytorch;
        assert!(image(pt, "2.2.0", Some("py310"), Some("ml.c7g.xlarge"), "us-west-2").contains("Graviton"));
        assert!(
            image(pt, "2.8.0", Some("py312"), Some("ml.m5.xlarge"), "us-west-2").starts_with("error: no inference")
        );
        assert!(image(pt, "2.2.0", Some("py310"), Some("ml.inf2.xlarge"), "us-west-2").contains("cpu and gpu"));
        assert!(image(pt, "2.2.0", Some("py38"), Some("ml.m5.xlarge"), "us-west-2").contains("py310"));
    }
}

//! The training image back into `framework`, `framework_version` and `py_version`.
//!
//! The image choice (`crate::image::resolve`) is not inverted by hand: the repository
//! names the framework, the tag suggests the version and the Python version, and each
//! candidate (the tag's version first, so an alias such as `2.2` stays as written, then
//! every version of the framework's image config, `crate::facts::frameworks`) is resolved
//! with the rest of the draft manifest (region, instances, distribution). The first that
//! gives back the exact URI wins. An image no candidate gives is kept as `image_uri`,
//! with the framework its repository (or TensorFlow's `model_dir` hyperparameter)
//! suggests, since the framework still picks the lowering.

use serde_json::{Map, Value as Json};

use crate::facts::frameworks::{ImageConfig, PYTORCH, PYTORCH_NEURON, PYTORCH_SMP, TENSORFLOW};
use crate::image::{ImageRequest, resolve};
use crate::spec::{Framework, Manifest};

/// What the image says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recovered {
    /// A framework image the SDK picks for these keys.
    Framework {
        /// The framework.
        framework: Framework,
        /// `framework_version`, as the tag (or the image config) spells it.
        version: String,
        /// `py_version`, when the tag has one.
        py_version: Option<String>,
    },
    /// Any other image: kept as `image_uri`.
    Custom {
        /// The framework whose lowering the job gets.
        framework: Framework,
    },
}

/// The image keys for `uri`, given the rest of the draft manifest (`draft` holds no image
/// keys yet). `tensorflow_hint`: the hyperparameters have TensorFlow's `model_dir`.
pub fn recover(uri: &str, draft: &Map<String, Json>, tensorflow_hint: bool) -> Recovered {
    let (repository, tag) = split(uri);
    let guess = if repository.contains("tensorflow") {
        Some(Framework::Tensorflow)
    } else if repository.contains("pytorch") || repository.contains("smdistributed") {
        Some(Framework::Pytorch)
    } else {
        None
    };
    if let Some(framework) = guess {
        let tag_version = tag.split('-').next().filter(|v| !v.is_empty());
        let tag_py =
            tag.split('-').find(|t| t.len() > 2 && t.starts_with("py") && t[2..].bytes().all(|b| b.is_ascii_digit()));
        let mut versions: Vec<&str> = tag_version.into_iter().collect();
        for config in configs(framework) {
            versions.extend(config.supported_versions());
        }
        let pys: Vec<Option<&str>> = match tag_py {
            Some(py) => vec![Some(py), None],
            None => vec![None],
        };
        for version in &versions {
            for py in &pys {
                if resolves_to(uri, draft, framework, version, *py) {
                    return Recovered::Framework {
                        framework,
                        version: (*version).to_owned(),
                        py_version: py.map(ToOwned::to_owned),
                    };
                }
            }
        }
    }
    let framework = guess.unwrap_or(if tensorflow_hint { Framework::Tensorflow } else { Framework::Pytorch });
    Recovered::Custom { framework }
}

fn configs(framework: Framework) -> &'static [ImageConfig] {
    const PYTORCH_CONFIGS: &[ImageConfig] = &[PYTORCH, PYTORCH_SMP, PYTORCH_NEURON];
    const TENSORFLOW_CONFIGS: &[ImageConfig] = &[TENSORFLOW];
    match framework {
        Framework::Pytorch => PYTORCH_CONFIGS,
        Framework::Tensorflow => TENSORFLOW_CONFIGS,
    }
}

/// `<registry>/<repository>:<tag>` → `(repository, tag)`.
fn split(uri: &str) -> (&str, &str) {
    let path = uri.split_once('/').map_or(uri, |(_, path)| path);
    path.rsplit_once(':').unwrap_or((path, ""))
}

fn resolves_to(uri: &str, draft: &Map<String, Json>, framework: Framework, version: &str, py: Option<&str>) -> bool {
    let mut candidate = draft.clone();
    candidate.insert("framework".into(), Json::String(framework.as_str().to_owned()));
    candidate.insert("framework_version".into(), Json::String(version.to_owned()));
    if let Some(py) = py {
        candidate.insert("py_version".into(), Json::String(py.to_owned()));
    }
    let Ok(manifest) = serde_json::from_value::<Manifest>(Json::Object(candidate)) else { return false };
    ImageRequest::from_manifest(&manifest).is_some_and(|request| resolve(&request).is_ok_and(|image| image == uri))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn draft(value: &Json) -> Map<String, Json> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_dlc_image_gives_its_framework_version_and_python() {
        let d = draft(&json!({"region": "us-west-2", "instance_type": "ml.p4d.24xlarge", "instance_count": 1}));
        let uri = "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.2.0-gpu-py310";
        assert_eq!(
            recover(uri, &d, false),
            Recovered::Framework {
                framework: Framework::Pytorch,
                version: "2.2.0".into(),
                py_version: Some("py310".into())
            }
        );
    }

    #[test]
    fn an_image_of_another_region_or_repository_is_custom() {
        let d = draft(&json!({"region": "eu-west-1", "instance_type": "ml.p4d.24xlarge", "instance_count": 1}));
        let uri = "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.2.0-gpu-py310";
        assert_eq!(recover(uri, &d, false), Recovered::Custom { framework: Framework::Pytorch });
        let mine = "111122223333.dkr.ecr.us-west-2.amazonaws.com/my-train:1.0";
        assert_eq!(recover(mine, &d, true), Recovered::Custom { framework: Framework::Tensorflow });
    }
}

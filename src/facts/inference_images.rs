//! The SDK's inference-image config for PyTorch and TensorFlow, as data: what
//! `PyTorchModel` / `TensorFlowModel` deploy with (`image_uris.retrieve(..., "inference")`).
//!
//! Source: sagemaker 2.257.7 `sagemaker/image_uri_config/{pytorch,tensorflow}.json`, the
//! `inference` and `inference_graviton` scopes (versions, aliases, repositories,
//! py_versions, registries per region, Graviton container versions), and `fw_utils.py`
//! `GRAVITON_ALLOWED_TARGET_INSTANCE_FAMILY`. Generated from those files; to follow a new
//! SDK release, regenerate or edit the rows. The ECR domain per region is
//! [`super::regions`]'s.

/// One version of an inference image config.
#[derive(Clone, Copy, Debug)]
pub struct InferenceVersion {
    /// The full version, e.g. `2.2.0`.
    pub version: &'static str,
    /// The ECR repository, e.g. `pytorch-inference`.
    pub repository: &'static str,
    /// The Python versions with an image; empty where the tag carries none (TensorFlow
    /// Serving).
    pub py_versions: &'static [&'static str],
    /// The registry account per region.
    pub registries: &'static [(&'static str, &'static str)],
    /// The Graviton images' container version (`ubuntu20.04`), appended to the tag with
    /// `-sagemaker`.
    pub container_version: Option<&'static str>,
}

/// One framework's inference images in one scope.
#[derive(Clone, Copy, Debug)]
pub struct InferenceConfig {
    /// `pytorch` or `tensorflow`.
    pub framework: &'static str,
    /// The processors (`cpu`, `gpu`) the images exist for.
    pub processors: &'static [&'static str],
    /// `major.minor` aliases and the version each stands for.
    pub aliases: &'static [(&'static str, &'static str)],
    /// Every version.
    pub versions: &'static [InferenceVersion],
}

impl InferenceConfig {
    /// The version `written` names, directly or through an alias.
    pub fn version(&self, written: &str) -> Option<&'static InferenceVersion> {
        let full = self.aliases.iter().find(|(alias, _)| *alias == written).map_or(written, |(_, full)| full);
        self.versions.iter().find(|v| v.version == full)
    }

    /// Every version and alias a manifest may name, for help texts.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.versions.iter().map(|v| v.version).chain(self.aliases.iter().map(|(alias, _)| *alias))
    }
}

/// Instance families that get the Graviton (arm64) inference images.
///
/// Source: sagemaker 2.257.7 `fw_utils.py` `GRAVITON_ALLOWED_TARGET_INSTANCE_FAMILY`.
pub const GRAVITON_FAMILIES: &[&str] = &["m6g", "m6gd", "c6g", "c6gd", "c6gn", "c7g", "r6g", "r6gd"];

/// Registry accounts by region shared by several versions (from the image config).
const REGISTRIES_1: &[(&str, &str)] = &[
    ("af-south-1", "313743910680"),
    ("ap-east-1", "057415533634"),
    ("ap-northeast-1", "520713654638"),
    ("ap-northeast-2", "520713654638"),
    ("ap-south-1", "520713654638"),
    ("ap-southeast-1", "520713654638"),
    ("ap-southeast-2", "520713654638"),
    ("ca-central-1", "520713654638"),
    ("cn-north-1", "422961961927"),
    ("cn-northwest-1", "423003514399"),
    ("eu-central-1", "520713654638"),
    ("eu-north-1", "520713654638"),
    ("eu-south-1", "048378556238"),
    ("eu-west-1", "520713654638"),
    ("eu-west-2", "520713654638"),
    ("eu-west-3", "520713654638"),
    ("me-south-1", "724002660598"),
    ("sa-east-1", "520713654638"),
    ("us-east-1", "520713654638"),
    ("us-east-2", "520713654638"),
    ("us-gov-west-1", "246785580436"),
    ("us-iso-east-1", "744548109606"),
    ("us-isob-east-1", "453391408702"),
    ("us-west-1", "520713654638"),
    ("us-west-2", "520713654638"),
];

/// Registry accounts by region shared by several versions (from the image config).
const REGISTRIES_2: &[(&str, &str)] = &[
    ("af-south-1", "626614931356"),
    ("ap-east-1", "871362719292"),
    ("ap-east-2", "975050140332"),
    ("ap-northeast-1", "763104351884"),
    ("ap-northeast-2", "763104351884"),
    ("ap-northeast-3", "364406365360"),
    ("ap-south-1", "763104351884"),
    ("ap-south-2", "772153158452"),
    ("ap-southeast-1", "763104351884"),
    ("ap-southeast-2", "763104351884"),
    ("ap-southeast-3", "907027046896"),
    ("ap-southeast-4", "457447274322"),
    ("ap-southeast-5", "550225433462"),
    ("ap-southeast-6", "633930458069"),
    ("ap-southeast-7", "590183813437"),
    ("ca-central-1", "763104351884"),
    ("ca-west-1", "204538143572"),
    ("cn-north-1", "727897471807"),
    ("cn-northwest-1", "727897471807"),
    ("eu-central-1", "763104351884"),
    ("eu-central-2", "380420809688"),
    ("eu-north-1", "763104351884"),
    ("eu-south-1", "692866216735"),
    ("eu-south-2", "503227376785"),
    ("eu-west-1", "763104351884"),
    ("eu-west-2", "763104351884"),
    ("eu-west-3", "763104351884"),
    ("il-central-1", "780543022126"),
    ("me-central-1", "914824155844"),
    ("me-south-1", "217643126080"),
    ("mx-central-1", "637423239942"),
    ("sa-east-1", "763104351884"),
    ("us-east-1", "763104351884"),
    ("us-east-2", "763104351884"),
    ("us-gov-east-1", "446045086412"),
    ("us-gov-west-1", "442386744353"),
    ("us-iso-east-1", "886529160074"),
    ("us-isob-east-1", "094389454867"),
    ("us-west-1", "763104351884"),
    ("us-west-2", "763104351884"),
];

/// Registry accounts by region shared by several versions (from the image config).
const REGISTRIES_3: &[(&str, &str)] = &[
    ("af-south-1", "626614931356"),
    ("ap-east-1", "871362719292"),
    ("ap-east-2", "975050140332"),
    ("ap-northeast-1", "763104351884"),
    ("ap-northeast-2", "763104351884"),
    ("ap-northeast-3", "364406365360"),
    ("ap-south-1", "763104351884"),
    ("ap-south-2", "772153158452"),
    ("ap-southeast-1", "763104351884"),
    ("ap-southeast-2", "763104351884"),
    ("ap-southeast-3", "907027046896"),
    ("ap-southeast-4", "457447274322"),
    ("ap-southeast-5", "550225433462"),
    ("ap-southeast-6", "633930458069"),
    ("ap-southeast-7", "590183813437"),
    ("ca-central-1", "763104351884"),
    ("ca-west-1", "204538143572"),
    ("cn-north-1", "727897471807"),
    ("cn-northwest-1", "727897471807"),
    ("eu-central-1", "763104351884"),
    ("eu-central-2", "380420809688"),
    ("eu-north-1", "763104351884"),
    ("eu-south-1", "692866216735"),
    ("eu-south-2", "503227376785"),
    ("eu-west-1", "763104351884"),
    ("eu-west-2", "763104351884"),
    ("eu-west-3", "763104351884"),
    ("il-central-1", "780543022126"),
    ("me-central-1", "914824155844"),
    ("me-south-1", "217643126080"),
    ("mx-central-1", "637423239942"),
    ("sa-east-1", "763104351884"),
    ("us-east-1", "763104351884"),
    ("us-east-2", "763104351884"),
    ("us-gov-east-1", "446045086412"),
    ("us-gov-west-1", "442386744353"),
    ("us-iso-east-1", "886529160074"),
    ("us-isob-east-1", "094389454867"),
    ("us-isof-east-1", "303241398832"),
    ("us-isof-south-1", "454834333376"),
    ("us-west-1", "763104351884"),
    ("us-west-2", "763104351884"),
];

/// Registry accounts by region shared by several versions (from the image config).
const REGISTRIES_4: &[(&str, &str)] = &[
    ("af-south-1", "626614931356"),
    ("ap-east-1", "871362719292"),
    ("ap-east-2", "975050140332"),
    ("ap-northeast-1", "763104351884"),
    ("ap-northeast-2", "763104351884"),
    ("ap-northeast-3", "364406365360"),
    ("ap-south-1", "763104351884"),
    ("ap-south-2", "772153158452"),
    ("ap-southeast-1", "763104351884"),
    ("ap-southeast-2", "763104351884"),
    ("ap-southeast-3", "907027046896"),
    ("ap-southeast-4", "457447274322"),
    ("ap-southeast-5", "550225433462"),
    ("ap-southeast-6", "633930458069"),
    ("ap-southeast-7", "590183813437"),
    ("ca-central-1", "763104351884"),
    ("ca-west-1", "204538143572"),
    ("cn-north-1", "727897471807"),
    ("cn-northwest-1", "727897471807"),
    ("eu-central-1", "763104351884"),
    ("eu-central-2", "380420809688"),
    ("eu-north-1", "763104351884"),
    ("eu-south-1", "692866216735"),
    ("eu-south-2", "503227376785"),
    ("eu-west-1", "763104351884"),
    ("eu-west-2", "763104351884"),
    ("eu-west-3", "763104351884"),
    ("il-central-1", "780543022126"),
    ("me-central-1", "914824155844"),
    ("me-south-1", "217643126080"),
    ("mx-central-1", "637423239942"),
    ("sa-east-1", "763104351884"),
    ("us-east-1", "763104351884"),
    ("us-east-2", "763104351884"),
    ("us-gov-east-1", "446045086412"),
    ("us-gov-west-1", "442386744353"),
    ("us-west-1", "763104351884"),
    ("us-west-2", "763104351884"),
];

/// `pytorch.json`, scope `inference`.
pub const PYTORCH: InferenceConfig = InferenceConfig {
    framework: "pytorch",
    processors: &["cpu", "gpu"],
    aliases: &[
        ("0.4", "0.4.0"),
        ("1.0", "1.0.0"),
        ("1.1", "1.1.0"),
        ("1.10", "1.10.2"),
        ("1.11", "1.11.0"),
        ("1.12", "1.12.1"),
        ("1.13", "1.13.1"),
        ("1.2", "1.2.0"),
        ("1.3", "1.3.1"),
        ("1.4", "1.4.0"),
        ("1.5", "1.5.0"),
        ("1.6", "1.6.0"),
        ("1.7", "1.7.1"),
        ("1.8", "1.8.1"),
        ("1.9", "1.9.1"),
        ("2.0", "2.0.1"),
        ("2.1", "2.1.0"),
        ("2.2", "2.2.0"),
        ("2.3", "2.3.0"),
        ("2.4", "2.4.0"),
        ("2.5", "2.5.1"),
        ("2.6", "2.6.0"),
    ],
    versions: &[
        InferenceVersion {
            version: "0.4.0",
            repository: "sagemaker-pytorch",
            py_versions: &["py2", "py3"],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.0.0",
            repository: "sagemaker-pytorch",
            py_versions: &["py2", "py3"],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.1.0",
            repository: "sagemaker-pytorch",
            py_versions: &["py2", "py3"],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.2.0",
            repository: "pytorch-inference",
            py_versions: &["py2", "py3"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.3.1",
            repository: "pytorch-inference",
            py_versions: &["py2", "py3"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.4.0",
            repository: "pytorch-inference",
            py_versions: &["py3", "py36"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.5.0",
            repository: "pytorch-inference",
            py_versions: &["py3", "py36"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.6.0",
            repository: "pytorch-inference",
            py_versions: &["py3", "py36"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.7.1",
            repository: "pytorch-inference",
            py_versions: &["py3", "py36"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.8.0",
            repository: "pytorch-inference",
            py_versions: &["py3", "py36"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.8.1",
            repository: "pytorch-inference",
            py_versions: &["py3", "py36"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.9.0",
            repository: "pytorch-inference",
            py_versions: &["py38"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.9.1",
            repository: "pytorch-inference",
            py_versions: &["py38"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.10.0",
            repository: "pytorch-inference",
            py_versions: &["py38"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.10.2",
            repository: "pytorch-inference",
            py_versions: &["py38"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.11.0",
            repository: "pytorch-inference",
            py_versions: &["py38"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.12.0",
            repository: "pytorch-inference",
            py_versions: &["py38"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.12.1",
            repository: "pytorch-inference",
            py_versions: &["py38"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.13.1",
            repository: "pytorch-inference",
            py_versions: &["py39"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.0.0",
            repository: "pytorch-inference",
            py_versions: &["py310"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.0.1",
            repository: "pytorch-inference",
            py_versions: &["py310"],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.1.0",
            repository: "pytorch-inference",
            py_versions: &["py310"],
            registries: REGISTRIES_3,
            container_version: None,
        },
        InferenceVersion {
            version: "2.2.0",
            repository: "pytorch-inference",
            py_versions: &["py310"],
            registries: REGISTRIES_3,
            container_version: None,
        },
        InferenceVersion {
            version: "2.3.0",
            repository: "pytorch-inference",
            py_versions: &["py311"],
            registries: REGISTRIES_4,
            container_version: None,
        },
        InferenceVersion {
            version: "2.4.0",
            repository: "pytorch-inference",
            py_versions: &["py311"],
            registries: REGISTRIES_4,
            container_version: None,
        },
        InferenceVersion {
            version: "2.5.1",
            repository: "pytorch-inference",
            py_versions: &["py311"],
            registries: REGISTRIES_4,
            container_version: None,
        },
        InferenceVersion {
            version: "2.6.0",
            repository: "pytorch-inference",
            py_versions: &["py312"],
            registries: REGISTRIES_4,
            container_version: None,
        },
    ],
};

/// `pytorch.json`, scope `inference_graviton`.
pub const PYTORCH_GRAVITON: InferenceConfig = InferenceConfig {
    framework: "pytorch",
    processors: &["cpu"],
    aliases: &[
        ("1.12", "1.12.1"),
        ("2.0", "2.0.1"),
        ("2.1", "2.1.0"),
        ("2.2", "2.2.1"),
        ("2.3", "2.3.0"),
        ("2.4", "2.4.0"),
    ],
    versions: &[
        InferenceVersion {
            version: "1.12.1",
            repository: "pytorch-inference-graviton",
            py_versions: &["py38"],
            registries: REGISTRIES_2,
            container_version: Some("ubuntu20.04"),
        },
        InferenceVersion {
            version: "2.0.0",
            repository: "pytorch-inference-graviton",
            py_versions: &["py310"],
            registries: REGISTRIES_4,
            container_version: Some("ubuntu20.04"),
        },
        InferenceVersion {
            version: "2.0.1",
            repository: "pytorch-inference-graviton",
            py_versions: &["py310"],
            registries: REGISTRIES_4,
            container_version: Some("ubuntu20.04"),
        },
        InferenceVersion {
            version: "2.1.0",
            repository: "pytorch-inference-graviton",
            py_versions: &["py310"],
            registries: REGISTRIES_4,
            container_version: Some("ubuntu20.04"),
        },
        InferenceVersion {
            version: "2.2.1",
            repository: "pytorch-inference-graviton",
            py_versions: &["py310"],
            registries: REGISTRIES_4,
            container_version: Some("ubuntu20.04"),
        },
        InferenceVersion {
            version: "2.3.0",
            repository: "pytorch-inference-graviton",
            py_versions: &["py311"],
            registries: REGISTRIES_4,
            container_version: Some("ubuntu20.04"),
        },
        InferenceVersion {
            version: "2.4.0",
            repository: "pytorch-inference-graviton",
            py_versions: &["py311"],
            registries: REGISTRIES_4,
            container_version: Some("ubuntu22.04"),
        },
    ],
};

/// `tensorflow.json`, scope `inference`.
pub const TENSORFLOW: InferenceConfig = InferenceConfig {
    framework: "tensorflow",
    processors: &["cpu", "gpu"],
    aliases: &[
        ("1.10", "1.10.0"),
        ("1.11", "1.11.0"),
        ("1.12", "1.12.0"),
        ("1.13", "1.13.0"),
        ("1.14", "1.14.0"),
        ("1.15", "1.15.5"),
        ("1.4", "1.4.1"),
        ("1.5", "1.5.0"),
        ("1.6", "1.6.0"),
        ("1.7", "1.7.0"),
        ("1.8", "1.8.0"),
        ("1.9", "1.9.0"),
        ("2.0", "2.0.4"),
        ("2.1", "2.1.3"),
        ("2.10", "2.10.1"),
        ("2.11", "2.11.1"),
        ("2.12", "2.12.1"),
        ("2.13", "2.13.0"),
        ("2.14", "2.14.1"),
        ("2.16", "2.16.1"),
        ("2.18", "2.18.0"),
        ("2.19", "2.19.0"),
        ("2.2", "2.2.2"),
        ("2.3", "2.3.2"),
        ("2.4", "2.4.3"),
        ("2.5", "2.5.1"),
        ("2.6", "2.6.3"),
        ("2.7", "2.7.0"),
        ("2.8", "2.8.4"),
        ("2.9", "2.9.3"),
    ],
    versions: &[
        InferenceVersion {
            version: "1.4.1",
            repository: "sagemaker-tensorflow",
            py_versions: &["py2"],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.5.0",
            repository: "sagemaker-tensorflow",
            py_versions: &["py2"],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.6.0",
            repository: "sagemaker-tensorflow",
            py_versions: &["py2"],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.7.0",
            repository: "sagemaker-tensorflow",
            py_versions: &["py2"],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.8.0",
            repository: "sagemaker-tensorflow",
            py_versions: &["py2"],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.9.0",
            repository: "sagemaker-tensorflow",
            py_versions: &["py2"],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.10.0",
            repository: "sagemaker-tensorflow",
            py_versions: &["py2"],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.11.0",
            repository: "sagemaker-tensorflow-serving",
            py_versions: &[],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.12.0",
            repository: "sagemaker-tensorflow-serving",
            py_versions: &[],
            registries: REGISTRIES_1,
            container_version: None,
        },
        InferenceVersion {
            version: "1.13.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.14.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.15.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.15.2",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.15.3",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.15.4",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "1.15.5",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.0.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.0.1",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.0.2",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.0.3",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.0.4",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.1.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.1.1",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.1.2",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.1.3",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.2.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.2.1",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.2.2",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.3.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.3.1",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.3.2",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.4.1",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.4.3",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.5.1",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.6.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.6.3",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.7.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.8.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.8.4",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.9.2",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.9.3",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.10.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.10.1",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.11.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.11.1",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.12.1",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_2,
            container_version: None,
        },
        InferenceVersion {
            version: "2.13.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_3,
            container_version: None,
        },
        InferenceVersion {
            version: "2.14.1",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_3,
            container_version: None,
        },
        InferenceVersion {
            version: "2.16.1",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_4,
            container_version: None,
        },
        InferenceVersion {
            version: "2.18.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_4,
            container_version: None,
        },
        InferenceVersion {
            version: "2.19.0",
            repository: "tensorflow-inference",
            py_versions: &[],
            registries: REGISTRIES_4,
            container_version: None,
        },
    ],
};

/// `tensorflow.json`, scope `inference_graviton`.
pub const TENSORFLOW_GRAVITON: InferenceConfig = InferenceConfig {
    framework: "tensorflow",
    processors: &["cpu"],
    aliases: &[("2.12", "2.12.1"), ("2.13", "2.13.0"), ("2.14", "2.14.1"), ("2.16", "2.16.1"), ("2.9", "2.9.1")],
    versions: &[
        InferenceVersion {
            version: "2.9.1",
            repository: "tensorflow-inference-graviton",
            py_versions: &["py38"],
            registries: REGISTRIES_2,
            container_version: Some("ubuntu20.04"),
        },
        InferenceVersion {
            version: "2.12.1",
            repository: "tensorflow-inference-graviton",
            py_versions: &["py310"],
            registries: REGISTRIES_2,
            container_version: Some("ubuntu20.04"),
        },
        InferenceVersion {
            version: "2.13.0",
            repository: "tensorflow-inference-graviton",
            py_versions: &["py310"],
            registries: REGISTRIES_2,
            container_version: Some("ubuntu20.04"),
        },
        InferenceVersion {
            version: "2.14.1",
            repository: "tensorflow-inference-graviton",
            py_versions: &["py310"],
            registries: REGISTRIES_2,
            container_version: Some("ubuntu20.04"),
        },
        InferenceVersion {
            version: "2.16.1",
            repository: "tensorflow-inference-graviton",
            py_versions: &["py310"],
            registries: REGISTRIES_4,
            container_version: Some("ubuntu20.04"),
        },
    ],
};

/// TensorFlow versions that train in one image and serve from another:
/// `TensorFlowModel` replaces the version before it looks the image up.
///
/// Source: sagemaker 2.257.7 `tensorflow/model.py`, `training_inference_version_mismatch_dict`.
pub const TENSORFLOW_INFERENCE_VERSIONS: &[(&str, &str)] = &[("2.12.0", "2.12.1"), ("2.16.2", "2.16.1")];

/// The version `framework`'s model looks its inference image up with.
pub fn inference_version<'a>(framework: &str, written: &'a str) -> &'a str {
    if framework != TENSORFLOW.framework {
        return written;
    }
    TENSORFLOW_INFERENCE_VERSIONS
        .iter()
        .find(|(training, _)| *training == written)
        .map_or(written, |(_, serving)| serving)
}

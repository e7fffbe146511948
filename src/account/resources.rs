//! The resources a TrainingJob manifest uses in the account, each with the pointer of the
//! value that names it: [`uses`] reads them off the typed manifest. A [`Resource`] is the
//! key every check is memoised by ([`super::memo`]), so it holds exactly what its look-up
//! needs and nothing about the manifest.

use crate::aws::account::ImageReference;
use crate::source::document::push_token;
use crate::spec::{Channel, FileSystemInput, FileSystemType, Inputs, Manifest};

/// One thing in the account, as looked up.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Resource {
    /// An S3 bucket (GetBucketLocation, asked in `region`'s partition).
    Bucket {
        /// The region of the job that names it (its partition decides where to ask).
        region: String,
        /// The bucket.
        bucket: String,
    },
    /// The objects under an S3 prefix (ListObjectsV2), looked at only once its bucket is
    /// known to be in `region`.
    Prefix {
        /// The job's region.
        region: String,
        /// The bucket.
        bucket: String,
        /// The key prefix.
        prefix: String,
    },
    /// An FSx file system (DescribeFileSystems).
    FileSystem {
        /// The job's region.
        region: String,
        /// `fs-…`.
        id: String,
    },
    /// A VPC subnet (DescribeSubnets).
    Subnet {
        /// The job's region.
        region: String,
        /// `subnet-…`.
        id: String,
    },
    /// A VPC security group (DescribeSecurityGroups).
    SecurityGroup {
        /// The job's region.
        region: String,
        /// `sg-…`.
        id: String,
    },
    /// An IAM role (GetRole), by ARN.
    Role {
        /// The region whose IAM endpoint is asked.
        region: String,
        /// The role's ARN.
        arn: String,
    },
    /// A KMS key (DescribeKey).
    KmsKey {
        /// The key's region: the ARN's, or the job's for an id or alias.
        region: String,
        /// Key id, key ARN, alias name or alias ARN.
        key: String,
    },
    /// An image in a private ECR repository (DescribeImages).
    Image {
        /// The registry's region, from the URI.
        region: String,
        /// The registry (account) id.
        registry_id: String,
        /// The repository.
        repository: String,
        /// Tag or digest.
        image: ImageReference,
    },
}

/// Why a bucket is named, for the findings' words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BucketUse {
    /// An input channel's `s3_data`.
    Input,
    /// `output_path`.
    Output,
    /// `checkpoint_s3_uri`.
    Checkpoint,
}

impl BucketUse {
    /// The key, as the manifest spells it.
    pub const fn key(self) -> &'static str {
        match self {
            Self::Input => "inputs",
            Self::Output => "output_path",
            Self::Checkpoint => "checkpoint_s3_uri",
        }
    }
}

/// What a manifest does with a resource: decides which findings its answer raises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A bucket that must be in the job's region.
    Bucket(BucketUse),
    /// An input prefix that should hold data.
    InputPrefix,
    /// An FSx for Lustre input, with its `directory_path` and that value's pointer.
    FileSystem {
        /// `directory_path`.
        directory_path: Option<String>,
        /// Its pointer.
        directory_pointer: String,
    },
    /// A subnet of the job's VPC.
    Subnet,
    /// A security group of the job's VPC.
    SecurityGroup,
    /// The execution role.
    Role,
    /// A KMS key, with the key that names it.
    KmsKey(&'static str),
    /// The training image.
    Image,
}

/// One resource a manifest uses, at the value that names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Use {
    /// The resource.
    pub resource: Resource,
    /// What for.
    pub purpose: Purpose,
    /// JSON pointer of the value that names it.
    pub pointer: String,
    /// The job's region.
    pub job_region: String,
}

/// The resources `manifest` uses, in manifest order; `region` is the job's region.
pub fn uses(manifest: &Manifest, region: &str) -> Vec<Use> {
    let mut found = Vec::new();
    let mut add = |resource: Resource, purpose: Purpose, pointer: String| {
        found.push(Use { resource, purpose, pointer, job_region: region.to_owned() });
    };
    if let Some(role) = &manifest.role {
        add(Resource::Role { region: region.to_owned(), arn: role.clone() }, Purpose::Role, "/role".to_owned());
    }
    if let Some(image) = manifest.image_uri.as_deref().and_then(private_image) {
        add(image, Purpose::Image, "/image_uri".to_owned());
    }
    for (pointer, channel) in input_channels(manifest) {
        match channel {
            InputChannel::S3(uri) => {
                let Some((bucket, prefix)) = split_s3_uri(uri) else { continue };
                let bucket_key = Resource::Bucket { region: region.to_owned(), bucket: bucket.to_owned() };
                add(bucket_key, Purpose::Bucket(BucketUse::Input), pointer.clone());
                let prefix = Resource::Prefix {
                    region: region.to_owned(),
                    bucket: bucket.to_owned(),
                    prefix: prefix.to_owned(),
                };
                add(prefix, Purpose::InputPrefix, pointer);
            }
            InputChannel::FileSystem(input, channel_pointer) => {
                let (Some(id), Some(FileSystemType::FsxLustre)) = (&input.file_system_id, input.file_system_type)
                else {
                    continue;
                };
                let purpose = Purpose::FileSystem {
                    directory_path: input.directory_path.clone(),
                    directory_pointer: push_token(&channel_pointer, "directory_path"),
                };
                add(Resource::FileSystem { region: region.to_owned(), id: id.clone() }, purpose, pointer);
            }
        }
    }
    for (key, purpose) in [("output_path", BucketUse::Output), ("checkpoint_s3_uri", BucketUse::Checkpoint)] {
        let uri = if purpose == BucketUse::Output { &manifest.output_path } else { &manifest.checkpoint_s3_uri };
        if let Some((bucket, _)) = uri.as_deref().and_then(split_s3_uri) {
            let resource = Resource::Bucket { region: region.to_owned(), bucket: bucket.to_owned() };
            add(resource, Purpose::Bucket(purpose), format!("/{key}"));
        }
    }
    for (key, id) in list(manifest.subnets.as_deref(), "subnets") {
        add(Resource::Subnet { region: region.to_owned(), id }, Purpose::Subnet, key);
    }
    for (key, id) in list(manifest.security_group_ids.as_deref(), "security_group_ids") {
        add(Resource::SecurityGroup { region: region.to_owned(), id }, Purpose::SecurityGroup, key);
    }
    for (key, value) in [("volume_kms_key", &manifest.volume_kms_key), ("output_kms_key", &manifest.output_kms_key)] {
        if let Some(value) = value {
            let resource =
                Resource::KmsKey { region: arn_region(value).unwrap_or(region).to_owned(), key: value.clone() };
            add(resource, Purpose::KmsKey(key), format!("/{key}"));
        }
    }
    found
}

/// An input channel's data source.
enum InputChannel<'a> {
    /// An S3 URI.
    S3(&'a str),
    /// A file system, with the channel's pointer.
    FileSystem(&'a FileSystemInput, String),
}

/// Every input channel: `(pointer of the value naming the data, its source)`.
fn input_channels(manifest: &Manifest) -> Vec<(String, InputChannel<'_>)> {
    match &manifest.inputs {
        None => Vec::new(),
        Some(Inputs::Uri(uri)) => vec![("/inputs".to_owned(), InputChannel::S3(uri))],
        Some(Inputs::Single(input)) => {
            input.s3_data.iter().map(|uri| ("/inputs/s3_data".to_owned(), InputChannel::S3(uri))).collect()
        }
        Some(Inputs::Channels(channels)) => channels
            .iter()
            .filter_map(|(name, channel)| {
                let at = push_token("/inputs", name);
                match channel {
                    Channel::Uri(uri) => Some((at, InputChannel::S3(uri))),
                    Channel::S3(input) => {
                        input.s3_data.as_deref().map(|uri| (push_token(&at, "s3_data"), InputChannel::S3(uri)))
                    }
                    Channel::FileSystem(input) => {
                        Some((push_token(&at, "file_system_id"), InputChannel::FileSystem(input, at)))
                    }
                }
            })
            .collect(),
    }
}

/// `(pointer, value)` of each entry of a list key.
fn list(values: Option<&[String]>, key: &str) -> Vec<(String, String)> {
    values.unwrap_or_default().iter().enumerate().map(|(i, value)| (format!("/{key}/{i}"), value.clone())).collect()
}

/// `s3://bucket/key…` as `(bucket, key…)`.
pub fn split_s3_uri(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    (!bucket.is_empty()).then_some((bucket, key))
}

/// The region of an ARN (`arn:aws:kms:<region>:…`), when it has one.
fn arn_region(value: &str) -> Option<&str> {
    let mut parts = value.strip_prefix("arn:")?.split(':');
    let region = parts.nth(2)?;
    (!region.is_empty()).then_some(region)
}

/// The look-up of an `image_uri` in a private ECR registry
/// (`<account>.dkr.ecr.<region>.<suffix>/<repository>[:tag|@digest]`). An image in a
/// registry SageMaker's own images live in (the SDK's image accounts,
/// `crate::facts::regions`) is not the user's to check, and an image elsewhere (Docker
/// Hub, a private registry) is not in ECR: both are `None`.
pub fn private_image(uri: &str) -> Option<Resource> {
    let (host, path) = uri.split_once('/')?;
    let mut labels = host.split('.');
    let (registry_id, dkr, ecr, region) = (labels.next()?, labels.next()?, labels.next()?, labels.next()?);
    if dkr != "dkr"
        || !ecr.starts_with("ecr")
        || registry_id.len() != 12
        || !registry_id.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if crate::facts::regions::REGIONS
        .iter()
        .any(|known| [known.dlc_account, known.legacy_account, known.smp_account].contains(&Some(registry_id)))
    {
        return None;
    }
    let (repository, image) = match path.split_once('@') {
        Some((repository, digest)) => (repository, ImageReference::Digest(digest.to_owned())),
        None => match path.rsplit_once(':') {
            Some((repository, tag)) => (repository, ImageReference::Tag(tag.to_owned())),
            None => (path, ImageReference::Tag("latest".to_owned())),
        },
    };
    Some(Resource::Image {
        region: region.to_owned(),
        registry_id: registry_id.to_owned(),
        repository: repository.to_owned(),
        image,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(yaml: &str) -> Manifest {
        let document = crate::source::parse(yaml, crate::source::Format::Yaml).expect("parses");
        serde_json::from_value(document.to_json()).expect("a manifest")
    }

    #[test]
    fn every_resource_is_found_at_the_value_that_names_it() {
        let manifest = manifest(
            "role: arn:aws:iam::123456789012:role/Train\n\
             image_uri: 123456789012.dkr.ecr.us-west-2.amazonaws.com/mine:v1\n\
             inputs:\n  train: s3://data/train/\n  fsx: {file_system_id: fs-0123456789abcdef0, file_system_type: FSxLustre, directory_path: /abc/x}\n\
             output_path: s3://out/models\n\
             subnets: [subnet-1]\nsecurity_group_ids: [sg-1]\n\
             volume_kms_key: arn:aws:kms:eu-west-1:123456789012:key/k\noutput_kms_key: alias/out\n",
        );
        let found: Vec<(String, Resource)> =
            uses(&manifest, "us-west-2").into_iter().map(|u| (u.pointer, u.resource)).collect();
        let region = || "us-west-2".to_owned();
        assert_eq!(
            found,
            [
                (
                    "/role".into(),
                    Resource::Role { region: region(), arn: "arn:aws:iam::123456789012:role/Train".into() }
                ),
                (
                    "/image_uri".into(),
                    Resource::Image {
                        region: region(),
                        registry_id: "123456789012".into(),
                        repository: "mine".into(),
                        image: ImageReference::Tag("v1".into())
                    }
                ),
                ("/inputs/train".into(), Resource::Bucket { region: region(), bucket: "data".into() }),
                (
                    "/inputs/train".into(),
                    Resource::Prefix { region: region(), bucket: "data".into(), prefix: "train/".into() }
                ),
                (
                    "/inputs/fsx/file_system_id".into(),
                    Resource::FileSystem { region: region(), id: "fs-0123456789abcdef0".into() }
                ),
                ("/output_path".into(), Resource::Bucket { region: region(), bucket: "out".into() }),
                ("/subnets/0".into(), Resource::Subnet { region: region(), id: "subnet-1".into() }),
                ("/security_group_ids/0".into(), Resource::SecurityGroup { region: region(), id: "sg-1".into() }),
                (
                    "/volume_kms_key".into(),
                    Resource::KmsKey {
                        region: "eu-west-1".into(),
                        key: "arn:aws:kms:eu-west-1:123456789012:key/k".into()
                    }
                ),
                ("/output_kms_key".into(), Resource::KmsKey { region: region(), key: "alias/out".into() }),
            ]
        );
    }

    #[test]
    fn sagemaker_images_and_other_registries_are_not_looked_up() {
        assert_eq!(private_image("763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.2.0-gpu"), None);
        assert_eq!(private_image("docker.io/library/python:3.11"), None);
        assert_eq!(
            private_image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/trainer@sha256:abc"),
            Some(Resource::Image {
                region: "eu-west-1".into(),
                registry_id: "123456789012".into(),
                repository: "team/trainer".into(),
                image: ImageReference::Digest("sha256:abc".into())
            })
        );
    }

    #[test]
    fn s3_uris_split_into_bucket_and_prefix() {
        assert_eq!(split_s3_uri("s3://b/k/x"), Some(("b", "k/x")));
        assert_eq!(split_s3_uri("s3://b"), Some(("b", "")));
        assert_eq!(split_s3_uri("https://b/k"), None);
    }
}

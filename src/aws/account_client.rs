//! [`AccountApi`] for [`Aws`], on the AWS SDK for Rust: S3, FSx, EC2, IAM, KMS and ECR.
//!
//! Each call makes its client from the same configuration as the other clients of [`Aws`]
//! (credentials, endpoint overrides, retries, timeouts, the loopback guard; see
//! [`super::client`]). Making a client is cheap: it shares the configuration's HTTP
//! client and credentials cache, and each resource is looked up once per run anyway.
//!
//! "No such resource" is told apart from a failure by the error codes in [`MISSING`],
//! one row per call (source: each service's API reference, "Errors").

use aws_config::SdkConfig;
use aws_sdk_ecr::types::ImageIdentifier;
use aws_sdk_sagemaker::config::Region;

use super::account::{AccountApi, ImageReference, LiveFileSystem, LiveKey};
use super::client::LoopbackGuard;
use super::{Aws, AwsError};

/// The error codes that mean "no such resource", by operation.
const MISSING: &[(&str, &[&str])] = &[
    ("GetBucketLocation", &["NoSuchBucket"]),
    ("DescribeFileSystems", &["FileSystemNotFound"]),
    ("DescribeSubnets", &["InvalidSubnetID.NotFound", "InvalidSubnetID.Malformed", "InvalidSubnetId.NotFound"]),
    ("DescribeSecurityGroups", &["InvalidGroup.NotFound", "InvalidGroupId.NotFound", "InvalidGroupId.Malformed"]),
    ("GetRole", &["NoSuchEntity"]),
    ("DescribeKey", &["NotFoundException"]),
    ("DescribeImages", &["RepositoryNotFoundException", "ImageNotFoundException"]),
];

/// `Ok(None)` for an error that says the resource does not exist.
fn missing_as_none<T>(result: Result<T, AwsError>) -> Result<Option<T>, AwsError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(error) => {
            let codes = MISSING.iter().find(|(operation, _)| *operation == error.operation).map_or(&[][..], |(_, c)| c);
            if error.code().is_some_and(|code| codes.contains(&code)) { Ok(None) } else { Err(error) }
        }
    }
}

/// The region GetBucketLocation is asked in: S3 answers it for any bucket from the first
/// region of the partition (`us-east-1` for the `aws` partition); the China and GovCloud
/// partitions are asked in the job's own region.
fn location_region(job_region: &str) -> &str {
    if job_region.starts_with("cn-") || job_region.starts_with("us-gov-") { job_region } else { "us-east-1" }
}

/// `LocationConstraint` as a region name: empty is `us-east-1`, `EU` is `eu-west-1`
/// (source: S3 API reference, GetBucketLocation).
fn constraint_region(constraint: &str) -> String {
    match constraint {
        "" => "us-east-1".to_owned(),
        "EU" => "eu-west-1".to_owned(),
        other => other.to_owned(),
    }
}

impl Aws {
    fn service_config(&self, region: &str) -> (SdkConfig, LoopbackGuard, bool) {
        let (base, guard, path_style) = self.parts();
        (base.to_builder().region(Region::new(region.to_owned())).build(), guard, path_style)
    }

    fn s3(&self, region: &str) -> aws_sdk_s3::Client {
        let (config, guard, path_style) = self.service_config(region);
        let config = aws_sdk_s3::config::Builder::from(&config).force_path_style(path_style).interceptor(guard).build();
        aws_sdk_s3::Client::from_conf(config)
    }

    fn fsx(&self, region: &str) -> aws_sdk_fsx::Client {
        let (config, guard, _) = self.service_config(region);
        aws_sdk_fsx::Client::from_conf(aws_sdk_fsx::config::Builder::from(&config).interceptor(guard).build())
    }

    fn ec2(&self, region: &str) -> aws_sdk_ec2::Client {
        let (config, guard, _) = self.service_config(region);
        aws_sdk_ec2::Client::from_conf(aws_sdk_ec2::config::Builder::from(&config).interceptor(guard).build())
    }

    fn iam(&self, region: &str) -> aws_sdk_iam::Client {
        let (config, guard, _) = self.service_config(region);
        aws_sdk_iam::Client::from_conf(aws_sdk_iam::config::Builder::from(&config).interceptor(guard).build())
    }

    fn kms(&self, region: &str) -> aws_sdk_kms::Client {
        let (config, guard, _) = self.service_config(region);
        aws_sdk_kms::Client::from_conf(aws_sdk_kms::config::Builder::from(&config).interceptor(guard).build())
    }

    fn ecr(&self, region: &str) -> aws_sdk_ecr::Client {
        let (config, guard, _) = self.service_config(region);
        aws_sdk_ecr::Client::from_conf(aws_sdk_ecr::config::Builder::from(&config).interceptor(guard).build())
    }
}

impl AccountApi for Aws {
    async fn bucket_region(&self, region: &str, bucket: &str) -> Result<Option<String>, AwsError> {
        let answer = self
            .s3(location_region(region))
            .get_bucket_location()
            .bucket(bucket)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk("S3", "GetBucketLocation", &error));
        Ok(missing_as_none(answer)?
            .map(|output| constraint_region(output.location_constraint().map_or("", |constraint| constraint.as_str()))))
    }

    async fn prefix_has_objects(&self, region: &str, bucket: &str, prefix: &str) -> Result<bool, AwsError> {
        let output = self
            .s3(region)
            .list_objects_v2()
            .bucket(bucket)
            .prefix(prefix)
            .max_keys(1)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk("S3", "ListObjectsV2", &error))?;
        Ok(output.key_count().unwrap_or_default() > 0 || !output.contents().is_empty())
    }

    async fn file_system(&self, region: &str, id: &str) -> Result<Option<LiveFileSystem>, AwsError> {
        let answer = self
            .fsx(region)
            .describe_file_systems()
            .file_system_ids(id)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk("FSx", "DescribeFileSystems", &error));
        Ok(missing_as_none(answer)?.and_then(|output| {
            let system = output.file_systems().iter().find(|system| system.file_system_id() == Some(id))?;
            Some(LiveFileSystem {
                lifecycle: system.lifecycle().map(|lifecycle| lifecycle.as_str().to_owned()),
                vpc_id: system.vpc_id().map(ToOwned::to_owned),
                mount_name: system.lustre_configuration().and_then(|lustre| lustre.mount_name()).map(ToOwned::to_owned),
            })
        }))
    }

    async fn subnet_vpc(&self, region: &str, id: &str) -> Result<Option<String>, AwsError> {
        let answer = self
            .ec2(region)
            .describe_subnets()
            .subnet_ids(id)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk("EC2", "DescribeSubnets", &error));
        Ok(missing_as_none(answer)?.and_then(|output| {
            let subnet = output.subnets().iter().find(|subnet| subnet.subnet_id() == Some(id))?;
            Some(subnet.vpc_id().unwrap_or_default().to_owned())
        }))
    }

    async fn security_group_vpc(&self, region: &str, id: &str) -> Result<Option<String>, AwsError> {
        let answer = self
            .ec2(region)
            .describe_security_groups()
            .group_ids(id)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk("EC2", "DescribeSecurityGroups", &error));
        Ok(missing_as_none(answer)?.and_then(|output| {
            let group = output.security_groups().iter().find(|group| group.group_id() == Some(id))?;
            Some(group.vpc_id().unwrap_or_default().to_owned())
        }))
    }

    async fn role_trust_policy(&self, region: &str, name: &str) -> Result<Option<String>, AwsError> {
        let answer = self
            .iam(region)
            .get_role()
            .role_name(name)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk("IAM", "GetRole", &error));
        Ok(missing_as_none(answer)?.map(|output| {
            let document = output.role().and_then(|role| role.assume_role_policy_document()).unwrap_or_default();
            // IAM answers the document URL-encoded (RFC 3986); an emulator may not.
            percent_encoding::percent_decode_str(document).decode_utf8_lossy().into_owned()
        }))
    }

    async fn kms_key(&self, region: &str, key: &str) -> Result<Option<LiveKey>, AwsError> {
        let answer = self
            .kms(region)
            .describe_key()
            .key_id(key)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk("KMS", "DescribeKey", &error));
        Ok(missing_as_none(answer)?.and_then(|output| {
            let metadata = output.key_metadata()?;
            Some(LiveKey {
                enabled: metadata.enabled(),
                state: metadata.key_state().map_or_else(String::new, |state| state.as_str().to_owned()),
            })
        }))
    }

    async fn image_exists(
        &self,
        region: &str,
        registry_id: &str,
        repository: &str,
        image: &ImageReference,
    ) -> Result<bool, AwsError> {
        let identifier = match image {
            ImageReference::Tag(tag) => ImageIdentifier::builder().image_tag(tag).build(),
            ImageReference::Digest(digest) => ImageIdentifier::builder().image_digest(digest).build(),
        };
        let answer = self
            .ecr(region)
            .describe_images()
            .registry_id(registry_id)
            .repository_name(repository)
            .image_ids(identifier)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk("ECR", "DescribeImages", &error));
        Ok(missing_as_none(answer)?.is_some_and(|output| !output.image_details().is_empty()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::AwsErrorKind;

    fn service_error(operation: &'static str, code: &str) -> AwsError {
        AwsError::new("S3", operation, AwsErrorKind::Service { code: code.to_owned(), message: String::new() })
    }

    #[test]
    fn only_the_operations_own_not_found_codes_mean_missing() {
        assert_eq!(missing_as_none::<()>(Err(service_error("GetBucketLocation", "NoSuchBucket"))), Ok(None));
        assert_eq!(missing_as_none::<()>(Err(service_error("GetRole", "NoSuchEntity"))), Ok(None));
        let denied = service_error("GetBucketLocation", "AccessDenied");
        assert_eq!(missing_as_none::<()>(Err(denied.clone())), Err(denied));
        let elsewhere = service_error("GetRole", "NoSuchBucket");
        assert_eq!(missing_as_none::<()>(Err(elsewhere.clone())), Err(elsewhere));
    }

    #[test]
    fn location_constraints_read_as_regions() {
        assert_eq!(constraint_region(""), "us-east-1");
        assert_eq!(constraint_region("EU"), "eu-west-1");
        assert_eq!(constraint_region("eu-central-1"), "eu-central-1");
        assert_eq!(location_region("eu-west-1"), "us-east-1");
        assert_eq!(location_region("cn-north-1"), "cn-north-1");
    }
}

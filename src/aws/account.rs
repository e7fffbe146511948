//! [`AccountApi`]: the read-only calls the account checks make (`crate::account`), one per
//! resource, each answering plain data. A resource that does not exist is `Ok(None)` (or
//! `Ok(false)`), never an error: the checks report it as a finding. Every other failure,
//! a refused permission included, is an [`AwsError`].
//!
//! The SDK implementation is `aws::account_client` (on [`super::Aws`]); the unit tests of
//! `crate::account` script a fake.

use std::future::Future;

use super::AwsError;

/// What FSx DescribeFileSystems says about one file system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveFileSystem {
    /// `Lifecycle` (`AVAILABLE`, `CREATING`, `FAILED`, `DELETING`, `MISCONFIGURED`, …).
    pub lifecycle: Option<String>,
    /// `VpcId`.
    pub vpc_id: Option<String>,
    /// `LustreConfiguration.MountName` (Lustre file systems only).
    pub mount_name: Option<String>,
}

/// What KMS DescribeKey says about one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveKey {
    /// `KeyMetadata.Enabled`.
    pub enabled: bool,
    /// `KeyMetadata.KeyState` (`Enabled`, `Disabled`, `PendingDeletion`, …).
    pub state: String,
}

/// One image in a repository: a tag or a digest.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ImageReference {
    /// `repo:tag`.
    Tag(String),
    /// `repo@sha256:…`.
    Digest(String),
}

/// The account checks' calls. Every call takes the region it is made in.
pub trait AccountApi: Send + Sync {
    /// S3 GetBucketLocation: the bucket's region (an empty `LocationConstraint` is
    /// `us-east-1`, `EU` is `eu-west-1`); `Ok(None)` when no bucket has that name.
    fn bucket_region(
        &self,
        region: &str,
        bucket: &str,
    ) -> impl Future<Output = Result<Option<String>, AwsError>> + Send;

    /// S3 ListObjectsV2 with `max-keys` 1: whether any object's key starts with `prefix`.
    fn prefix_has_objects(
        &self,
        region: &str,
        bucket: &str,
        prefix: &str,
    ) -> impl Future<Output = Result<bool, AwsError>> + Send;

    /// FSx DescribeFileSystems on one id; `Ok(None)` when the region has no such file system.
    fn file_system(
        &self,
        region: &str,
        id: &str,
    ) -> impl Future<Output = Result<Option<LiveFileSystem>, AwsError>> + Send;

    /// EC2 DescribeSubnets on one id: its VPC; `Ok(None)` when the region has no such subnet.
    fn subnet_vpc(&self, region: &str, id: &str) -> impl Future<Output = Result<Option<String>, AwsError>> + Send;

    /// EC2 DescribeSecurityGroups on one id: its VPC; `Ok(None)` when the region has no
    /// such group.
    fn security_group_vpc(
        &self,
        region: &str,
        id: &str,
    ) -> impl Future<Output = Result<Option<String>, AwsError>> + Send;

    /// IAM GetRole: the role's trust policy (`AssumeRolePolicyDocument`) as JSON text,
    /// URL-decoded; `Ok(None)` when no role has that name.
    fn role_trust_policy(
        &self,
        region: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<String>, AwsError>> + Send;

    /// KMS DescribeKey (a key id, key ARN, alias name or alias ARN); `Ok(None)` when no
    /// key has that name.
    fn kms_key(&self, region: &str, key: &str) -> impl Future<Output = Result<Option<LiveKey>, AwsError>> + Send;

    /// ECR DescribeImages on one image of `repository` in the registry `registry_id`;
    /// `Ok(false)` when the repository or the image does not exist.
    fn image_exists(
        &self,
        region: &str,
        registry_id: &str,
        repository: &str,
        image: &ImageReference,
    ) -> impl Future<Output = Result<bool, AwsError>> + Send;
}

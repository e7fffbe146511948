//! [`Lookups`]: the one place the account checks call AWS. Each [`Resource`] is looked up
//! once per run ([`Memo`]), at most [`IN_FLIGHT`] calls at a time, and answers an
//! [`Outcome`]: what AWS said, or why it could not say ([`Unchecked`], naming the IAM
//! action the call needs).

use std::sync::Arc;

use tokio::sync::{OnceCell, Semaphore};

use super::memo::Memo;
use super::resources::Resource;
use crate::aws::account::{AccountApi, LiveFileSystem, LiveKey};
use crate::aws::{AwsError, Identity};

/// How many AWS calls the checks make at once.
pub const IN_FLIGHT: usize = 16;

/// What a look-up found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A bucket's region; `None` when it does not exist.
    BucketRegion(Option<String>),
    /// Whether a prefix holds an object; `None` when it was not looked at (its bucket is
    /// missing, elsewhere, or could not be checked: that finding is enough).
    PrefixHasObjects(Option<bool>),
    /// A file system; `None` when the region has none of that id.
    FileSystem(Option<LiveFileSystem>),
    /// The VPC of a subnet or security group; `None` when it does not exist.
    Vpc(Option<String>),
    /// A role's trust policy; `None` when the role does not exist.
    TrustPolicy(Option<String>),
    /// A role of another account than the caller's: not looked up.
    RoleOfAnotherAccount,
    /// A KMS key; `None` when it does not exist.
    Key(Option<LiveKey>),
    /// Whether an image exists.
    ImageExists(bool),
}

/// A check that did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unchecked {
    /// The IAM action the call needs (`s3:GetBucketLocation`).
    pub action: &'static str,
    /// Why it failed.
    pub error: AwsError,
}

impl Unchecked {
    /// Whether AWS refused the call for lack of permission (error codes of S3, EC2, IAM,
    /// KMS, ECR and FSx; or a bare HTTP 403).
    pub fn is_permission(&self) -> bool {
        const DENIED: &[&str] =
            &["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess", "Forbidden"];
        self.error.code().map_or(self.error.status == Some(403), |code| DENIED.contains(&code))
    }
}

/// A look-up's result.
pub type Outcome = Result<Answer, Unchecked>;

/// The IAM action each look-up needs (`docs/github-actions.md` lists them).
pub const ACTIONS: &[&str] = &[
    "s3:GetBucketLocation",
    "s3:ListBucket",
    "fsx:DescribeFileSystems",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "iam:GetRole",
    "kms:DescribeKey",
    "ecr:DescribeImages",
];

/// The run's look-ups: the API, the memo, the caller's account (asked once, for roles).
pub struct Lookups<A> {
    api: Arc<A>,
    memo: Memo<Resource, Outcome>,
    caller_account: OnceCell<Option<String>>,
    in_flight: Semaphore,
}

impl<A: AccountApi + Identity> Lookups<A> {
    /// Look-ups through `api`.
    pub fn new(api: Arc<A>) -> Self {
        Self { api, memo: Memo::default(), caller_account: OnceCell::new(), in_flight: Semaphore::new(IN_FLIGHT) }
    }

    /// How many distinct resources were looked up.
    pub fn looked_up(&self) -> usize {
        self.memo.len()
    }

    /// The outcome for `resource`, looked up once per run.
    pub async fn outcome(&self, resource: &Resource) -> Outcome {
        if let Resource::Prefix { region, bucket, prefix } = resource {
            let bucket_key = Resource::Bucket { region: region.clone(), bucket: bucket.clone() };
            let in_region = matches!(
                self.memo.get_or_compute(&bucket_key, || self.look_up(&bucket_key)).await,
                Ok(Answer::BucketRegion(Some(found))) if found == *region
            );
            if !in_region {
                return Ok(Answer::PrefixHasObjects(None));
            }
            return self
                .memo
                .get_or_compute(resource, || async {
                    let _permit = self.in_flight.acquire().await;
                    let answer = self.api.prefix_has_objects(region, bucket, prefix).await;
                    answer.map(|found| Answer::PrefixHasObjects(Some(found))).map_err(unchecked("s3:ListBucket"))
                })
                .await;
        }
        self.memo.get_or_compute(resource, || self.look_up(resource)).await
    }

    /// One call for `resource` (not a prefix).
    async fn look_up(&self, resource: &Resource) -> Outcome {
        if let Resource::Role { region, arn } = resource {
            // A caller whose account cannot be told (STS failed) still has the role looked up.
            let caller = self.caller_account.get_or_init(|| async { self.api.account_id(region).await.ok() }).await;
            if caller.as_deref().is_some_and(|caller| Some(caller) != arn_account(arn)) {
                return Ok(Answer::RoleOfAnotherAccount);
            }
        }
        let _permit = self.in_flight.acquire().await;
        match resource {
            Resource::Bucket { region, bucket } => self
                .api
                .bucket_region(region, bucket)
                .await
                .map(Answer::BucketRegion)
                .map_err(unchecked("s3:GetBucketLocation")),
            Resource::Prefix { .. } => Ok(Answer::PrefixHasObjects(None)),
            Resource::FileSystem { region, id } => self
                .api
                .file_system(region, id)
                .await
                .map(Answer::FileSystem)
                .map_err(unchecked("fsx:DescribeFileSystems")),
            Resource::Subnet { region, id } => {
                self.api.subnet_vpc(region, id).await.map(Answer::Vpc).map_err(unchecked("ec2:DescribeSubnets"))
            }
            Resource::SecurityGroup { region, id } => self
                .api
                .security_group_vpc(region, id)
                .await
                .map(Answer::Vpc)
                .map_err(unchecked("ec2:DescribeSecurityGroups")),
            Resource::Role { region, arn } => self
                .api
                .role_trust_policy(region, role_name(arn))
                .await
                .map(Answer::TrustPolicy)
                .map_err(unchecked("iam:GetRole")),
            Resource::KmsKey { region, key } => {
                self.api.kms_key(region, key).await.map(Answer::Key).map_err(unchecked("kms:DescribeKey"))
            }
            Resource::Image { region, registry_id, repository, image } => self
                .api
                .image_exists(region, registry_id, repository, image)
                .await
                .map(Answer::ImageExists)
                .map_err(unchecked("ecr:DescribeImages")),
        }
    }
}

fn unchecked(action: &'static str) -> impl FnOnce(AwsError) -> Unchecked {
    move |error| Unchecked { action, error }
}

/// The account of an ARN (`arn:aws:iam::<account>:role/…`).
fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|account| !account.is_empty())
}

/// The role's name: the last part of `role/[path/]name`.
pub fn role_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_github_actions_guide_lists_every_action_the_checks_need() {
        let guide = include_str!("../../docs/github-actions.md");
        let unlisted: Vec<&&str> =
            ACTIONS.iter().filter(|action| !guide.contains(&format!("| `{action}` |"))).collect();
        assert!(unlisted.is_empty(), "docs/github-actions.md does not list {unlisted:?}");
    }

    #[test]
    fn role_names_and_accounts_come_from_the_arn() {
        assert_eq!(role_name("arn:aws:iam::111122223333:role/service/team/Train"), "Train");
        assert_eq!(arn_account("arn:aws:iam::111122223333:role/Train"), Some("111122223333"));
    }

    #[test]
    fn permission_errors_are_told_from_other_failures() {
        use crate::aws::AwsErrorKind;
        let with = |code: &str, status| Unchecked {
            action: "iam:GetRole",
            error: AwsError {
                service: "IAM",
                operation: "GetRole",
                status,
                kind: AwsErrorKind::Service { code: code.to_owned(), message: String::new() },
            },
        };
        assert!(with("AccessDenied", Some(403)).is_permission());
        assert!(with("UnauthorizedOperation", Some(403)).is_permission());
        assert!(!with("Throttling", Some(400)).is_permission());
        let bare = Unchecked {
            action: "s3:GetBucketLocation",
            error: AwsError {
                status: Some(403),
                ..AwsError::new("S3", "GetBucketLocation", AwsErrorKind::Other(String::new()))
            },
        };
        assert!(bare.is_permission());
    }
}

//! The codes of the account checks (`sagespec::account::*`), each with its docs
//! ([`ACCOUNT`], listed in `crate::diagnostic::registry`). They are raised only by
//! `validate --online` and `plan`, which ask AWS; `validate` alone never does.

use crate::diagnostic::{CodeDocs, Docs, Severity};

/// A bucket the job reads or writes does not exist.
pub const BUCKET_MISSING: &str = "sagespec::account::bucket-missing";
/// A bucket the job reads or writes is in another region than the job.
pub const BUCKET_IN_OTHER_REGION: &str = "sagespec::account::bucket-in-other-region";
/// An input prefix holds no object.
pub const EMPTY_INPUT_PREFIX: &str = "sagespec::account::empty-input-prefix";
/// An FSx file system does not exist in the job's region.
pub const FILE_SYSTEM_MISSING: &str = "sagespec::account::file-system-missing";
/// An FSx file system is not `AVAILABLE`.
pub const FILE_SYSTEM_NOT_AVAILABLE: &str = "sagespec::account::file-system-not-available";
/// An FSx file system is in another VPC than the job's subnets.
pub const FILE_SYSTEM_IN_OTHER_VPC: &str = "sagespec::account::file-system-in-other-vpc";
/// An FSx for Lustre `directory_path` does not start with the file system's mount name.
pub const DIRECTORY_PATH_OUTSIDE_MOUNT: &str = "sagespec::account::directory-path-outside-mount";
/// A subnet does not exist in the job's region.
pub const SUBNET_MISSING: &str = "sagespec::account::subnet-missing";
/// A security group does not exist in the job's region.
pub const SECURITY_GROUP_MISSING: &str = "sagespec::account::security-group-missing";
/// The subnets and security groups are not all in one VPC.
pub const NETWORK_IN_SEVERAL_VPCS: &str = "sagespec::account::network-in-several-vpcs";
/// The execution role does not exist.
pub const ROLE_MISSING: &str = "sagespec::account::role-missing";
/// The execution role does not trust `sagemaker.amazonaws.com`.
pub const ROLE_NOT_TRUSTED_BY_SAGEMAKER: &str = "sagespec::account::role-not-trusted-by-sagemaker";
/// A KMS key does not exist.
pub const KMS_KEY_MISSING: &str = "sagespec::account::kms-key-missing";
/// A KMS key is not enabled.
pub const KMS_KEY_DISABLED: &str = "sagespec::account::kms-key-disabled";
/// A custom training image is not in its ECR repository.
pub const IMAGE_MISSING: &str = "sagespec::account::image-missing";
/// The caller may not make a check's call.
pub const NOT_PERMITTED: &str = "sagespec::account::not-permitted";
/// A check's call failed for another reason.
pub const CHECK_FAILED: &str = "sagespec::account::check-failed";

/// Every account code, in the order the checks of a manifest meet them.
pub const ACCOUNT: &[CodeDocs] = &[
    CodeDocs {
        code: BUCKET_MISSING,
        summary: "an input, output or checkpoint bucket does not exist",
        severity: Severity::Error,
        docs: Docs {
            what: "a bucket named by `inputs`, `output_path` or `checkpoint_s3_uri` that S3 GetBucketLocation \
                   reports as missing (`NoSuchBucket`). Only `validate --online` and `plan` ask.",
            why: "SageMaker accepts the job and fails it minutes later, when the instances are up and the download \
                  (or the first upload) starts.",
            example: r"```yaml
inputs: s3://my-dataa/train/     # error: no bucket `my-dataa`
```",
        },
    },
    CodeDocs {
        code: BUCKET_IN_OTHER_REGION,
        summary: "a bucket is in another region than the job",
        severity: Severity::Error,
        docs: Docs {
            what: "a bucket named by `inputs`, `output_path` or `checkpoint_s3_uri` whose GetBucketLocation is not \
                   the job's region.",
            why: "the SageMaker guide for distributed training lists it as a prerequisite: \"Your input data must be \
                  in an S3 bucket or in FSx in the AWS region that you will use to launch your training job.\" A \
                  bucket elsewhere fails the job at download time, after the cluster started.",
            example: r"```yaml
region: us-west-2
inputs: s3://data-in-frankfurt/train/     # error: bucket is in eu-central-1
```",
        },
    },
    CodeDocs {
        code: EMPTY_INPUT_PREFIX,
        summary: "an input prefix holds no object",
        severity: Severity::Warning,
        docs: Docs {
            what: "an S3 input whose prefix lists no object (ListObjectsV2 with `max-keys` 1). A warning: the data \
                   may be written before the job starts.",
            why: "SageMaker fails a job whose channel has no data, after the instances started; a typo in a prefix \
                  is the usual cause.",
            example: r"```yaml
inputs: s3://my-data/trian/     # warning: nothing under `trian/`
```",
        },
    },
    CodeDocs {
        code: FILE_SYSTEM_MISSING,
        summary: "an FSx file system does not exist in the job's region",
        severity: Severity::Error,
        docs: Docs {
            what: "an FSx for Lustre input whose `file_system_id` FSx DescribeFileSystems does not know in the job's \
                   region: it does not exist, or it is in another region.",
            why: "input data must be in the job's region (SageMaker's prerequisites for distributed training); the \
                  job fails when it mounts the file system.",
            example: r"```yaml
inputs:
  train: {file_system_id: fs-0123456789abcdef0, file_system_type: FSxLustre, directory_path: /abcdefgh/train}   # error
```",
        },
    },
    CodeDocs {
        code: FILE_SYSTEM_NOT_AVAILABLE,
        summary: "an FSx file system is not `AVAILABLE`",
        severity: Severity::Error,
        docs: Docs {
            what: "an FSx input whose file system's `Lifecycle` is not `AVAILABLE` (`CREATING`, `FAILED`, \
                   `DELETING`, `MISCONFIGURED`, `UPDATING`, …).",
            why: "SageMaker mounts the file system when the instances start; one that is not available cannot be \
                  mounted and the job fails.",
            example: r"```yaml
inputs:
  train: {file_system_id: fs-0123456789abcdef0, file_system_type: FSxLustre, directory_path: /abcdefgh/train}   # error: CREATING
```",
        },
    },
    CodeDocs {
        code: FILE_SYSTEM_IN_OTHER_VPC,
        summary: "an FSx file system is in another VPC than the job's subnets",
        severity: Severity::Error,
        docs: Docs {
            what: "an FSx input whose file system's `VpcId` is not the VPC of the job's `subnets`.",
            why: "the training instances reach the file system through the job's subnets; from another VPC the \
                  mount fails (unless the VPCs are peered, which sagespec does not look at).",
            example: r"```yaml
subnets: [subnet-0aaa…]     # in vpc-1
inputs:
  train: {file_system_id: fs-0123456789abcdef0, file_system_type: FSxLustre, directory_path: /abcdefgh}   # error: in vpc-2
```",
        },
    },
    CodeDocs {
        code: DIRECTORY_PATH_OUTSIDE_MOUNT,
        summary: "an FSx for Lustre `directory_path` does not start with the mount name",
        severity: Severity::Error,
        docs: Docs {
            what: "an FSx for Lustre input whose `directory_path` does not start with `/<MountName>`, the file \
                   system's `LustreConfiguration.MountName`.",
            why: "SageMaker's `FileSystemDataSource` requires the path of an FSx for Lustre file system to begin with \
                  its mount name (API reference, `FileSystemDataSource.DirectoryPath`); another path fails the mount.",
            example: r"```yaml
inputs:
  train: {file_system_id: fs-0123456789abcdef0, file_system_type: FSxLustre, directory_path: /fsx/train}   # error: write /abcdefgh/train
```",
        },
    },
    CodeDocs {
        code: SUBNET_MISSING,
        summary: "a subnet does not exist in the job's region",
        severity: Severity::Error,
        docs: Docs {
            what: "an entry of `subnets` that EC2 DescribeSubnets does not know in the job's region.",
            why: "CreateTrainingJob refuses a VPC configuration with a subnet it cannot find.",
            example: r"```yaml
subnets: [subnet-0123456789abcdef0]     # error: no such subnet in us-west-2
```",
        },
    },
    CodeDocs {
        code: SECURITY_GROUP_MISSING,
        summary: "a security group does not exist in the job's region",
        severity: Severity::Error,
        docs: Docs {
            what: "an entry of `security_group_ids` that EC2 DescribeSecurityGroups does not know in the job's \
                   region.",
            why: "CreateTrainingJob refuses a VPC configuration with a security group it cannot find.",
            example: r"```yaml
security_group_ids: [sg-0123456789abcdef0]     # error: no such security group in us-west-2
```",
        },
    },
    CodeDocs {
        code: NETWORK_IN_SEVERAL_VPCS,
        summary: "the subnets and security groups are not all in one VPC",
        severity: Severity::Error,
        docs: Docs {
            what: "a subnet or security group in another VPC than the job's first subnet. The finding is at each \
                   entry of another VPC, with a label at the first subnet.",
            why: "a training job runs in one VPC: `VpcConfig`'s subnets and security groups must all belong to it, \
                  or CreateTrainingJob refuses the job.",
            example: r"```yaml
subnets: [subnet-0aaa…]               # vpc-1
security_group_ids: [sg-0bbb…]        # error: in vpc-2
```",
        },
    },
    CodeDocs {
        code: ROLE_MISSING,
        summary: "the execution role does not exist",
        severity: Severity::Error,
        docs: Docs {
            what: "a `role` that IAM GetRole does not know (`NoSuchEntity`). A role of another account than the \
                   caller's is not looked up.",
            why: "CreateTrainingJob refuses a role it cannot assume.",
            example: r"```yaml
role: arn:aws:iam::111122223333:role/SageMakerRoel     # error: no such role
```",
        },
    },
    CodeDocs {
        code: ROLE_NOT_TRUSTED_BY_SAGEMAKER,
        summary: "the execution role does not trust `sagemaker.amazonaws.com`",
        severity: Severity::Error,
        docs: Docs {
            what: "a `role` whose trust policy (`AssumeRolePolicyDocument`) has no `Allow` statement letting the \
                   service principal `sagemaker.amazonaws.com` call `sts:AssumeRole`.",
            why: "SageMaker runs the job as the role by assuming it; without that trust CreateTrainingJob answers \
                  that it could not assume the role.",
            example: r#"```json
{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
```"#,
        },
    },
    CodeDocs {
        code: KMS_KEY_MISSING,
        summary: "a KMS key does not exist",
        severity: Severity::Error,
        docs: Docs {
            what: "a `volume_kms_key` or `output_kms_key` that KMS DescribeKey does not know (`NotFoundException`), \
                   in the key ARN's region, or the job's for a key id or alias.",
            why: "the job fails when it encrypts its volume or its output with a key that does not exist.",
            example: r"```yaml
output_kms_key: alias/training-outptu     # error: no such key
```",
        },
    },
    CodeDocs {
        code: KMS_KEY_DISABLED,
        summary: "a KMS key is not enabled",
        severity: Severity::Error,
        docs: Docs {
            what: "a `volume_kms_key` or `output_kms_key` whose key is disabled or pending deletion (DescribeKey's \
                   `Enabled` is false; the finding names its `KeyState`).",
            why: "KMS refuses to encrypt with a key that is not enabled, so the job fails when it writes its volume \
                  or its output.",
            example: r"```yaml
volume_kms_key: arn:aws:kms:us-west-2:111122223333:key/1234abcd-…     # error: the key is Disabled
```",
        },
    },
    CodeDocs {
        code: IMAGE_MISSING,
        summary: "a custom training image is not in its ECR repository",
        severity: Severity::Error,
        docs: Docs {
            what: "an `image_uri` in a private ECR registry whose repository, tag or digest ECR DescribeImages does \
                   not know, in the registry's region. Images in the registries of SageMaker's own framework images \
                   are not looked up.",
            why: "SageMaker pulls the image when the instances start; a missing image fails the job then.",
            example: r"```yaml
image_uri: 111122223333.dkr.ecr.us-west-2.amazonaws.com/trainer:v2     # error: no tag v2
```",
        },
    },
    CodeDocs {
        code: NOT_PERMITTED,
        summary: "the caller may not make one of the checks' calls (names the IAM action)",
        severity: Severity::Warning,
        docs: Docs {
            what: "a check whose call AWS refused for lack of permission (`AccessDenied`, `UnauthorizedOperation`, \
                   HTTP 403). The finding names the IAM action to allow (`docs/github-actions.md` lists them all). \
                   A warning: it never fails `plan`.",
            why: "the check did not happen, and saying nothing would read as if it had passed.",
            example: r"```yaml
role: arn:aws:iam::111122223333:role/SageMakerRole     # warning: cannot check: allow iam:GetRole
```",
        },
    },
    CodeDocs {
        code: CHECK_FAILED,
        summary: "a check's call failed for another reason than permission",
        severity: Severity::Warning,
        docs: Docs {
            what: "a check whose call failed after the SDK's retries for a reason other than permission (an \
                   unreachable endpoint, a timeout, an unexpected answer). The finding carries the AWS error. A \
                   warning: it never fails `plan`.",
            why: "the check did not happen, and saying nothing would read as if it had passed.",
            example: r"```yaml
inputs: s3://my-data/train/     # warning: cannot check: S3 GetBucketLocation: timed out
```",
        },
    },
];

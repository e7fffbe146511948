//! The codes of layering (`sagespec::defaults::*`) and of policy (`sagespec::policy::*`),
//! each with its docs ([`DEFAULTS`], listed in `crate::diagnostic::registry`).

use crate::diagnostic::{CodeDocs, Docs, Severity};

/// `--env` names an environment no Defaults file reaching the manifest defines.
pub const UNKNOWN_ENVIRONMENT: &str = "sagespec::defaults::unknown-environment";
/// A Defaults file reaching the manifest has errors, so none of it applies.
pub const INVALID_DEFAULTS_FILE: &str = "sagespec::defaults::invalid-defaults-file";
/// An instance type outside `policy.allowed_instance_types`.
pub const INSTANCE_TYPE_NOT_ALLOWED: &str = "sagespec::policy::instance-type-not-allowed";
/// A region outside `policy.allowed_regions`.
pub const REGION_NOT_ALLOWED: &str = "sagespec::policy::region-not-allowed";
/// An instance count over `policy.max_instance_count`.
pub const INSTANCE_COUNT_OVER_LIMIT: &str = "sagespec::policy::instance-count-over-limit";
/// A run time over `policy.max_run`.
pub const MAX_RUN_OVER_LIMIT: &str = "sagespec::policy::max-run-over-limit";
/// A key in `policy.require` that is not set after merging.
pub const REQUIRED_KEY_MISSING: &str = "sagespec::policy::required-key-missing";
/// A tag in `policy.required_tags` that is not set after merging.
pub const REQUIRED_TAG_MISSING: &str = "sagespec::policy::required-tag-missing";

/// Every layering and policy code, in the order a manifest meets them.
pub const DEFAULTS: &[CodeDocs] = &[
    CodeDocs {
        code: UNKNOWN_ENVIRONMENT,
        summary: "`--env` names an environment no Defaults file defines",
        severity: Severity::Error,
        docs: Docs {
            what: "`--env NAME` (or `SAGESPEC_ENV`) when none of the Defaults files that reach the manifest has \
                   `environments.NAME`. The finding is at the manifest; its help lists the environments there are.",
            why: "a misspelt environment would otherwise deploy with the shared `defaults` alone: the dev role and \
                  buckets for what was meant to be prod.",
            example: r"```yaml
# sagespec.defaults.yaml
environments:
  prod: {role: arn:aws:iam::444455556666:role/SageMakerProd}
# sagespec validate --env production specs/   → error: did you mean `prod`?
```",
        },
    },
    CodeDocs {
        code: INVALID_DEFAULTS_FILE,
        summary: "a Defaults file that reaches the manifest has errors",
        severity: Severity::Error,
        docs: Docs {
            what: "a `sagespec.defaults.{yaml,yml,toml}` in the manifest's folder or above it that does not parse \
                   or breaks its schema. None of its settings or policy apply, and every manifest it reaches has \
                   this error; the file's own findings are reported with it.",
            why: "merging part of a broken file would compile jobs with settings nobody reviewed, and dropping its \
                  policy would let through what it forbids.",
            example: r"```yaml
# sagespec.defaults.yaml
defaults:
  instance_tpye: ml.p4d.24xlarge   # error in the Defaults file: did you mean `instance_type`?
```",
        },
    },
    CodeDocs {
        code: INSTANCE_TYPE_NOT_ALLOWED,
        summary: "an instance type outside the policy's `allowed_instance_types`",
        severity: Severity::Error,
        docs: Docs {
            what: "a training instance type (`instance_type`, or an instance group's) that matches none of the \
                   `*` globs of a Defaults file's `policy.allowed_instance_types`. Every layer's policy applies: \
                   a nearer file cannot loosen an outer one. A related label shows the policy's line.",
            why: "platform teams reserve capacity and budget per instance family; a job on another type is refused \
                  by review today, or by the bill.",
            example: r"```yaml
# policy: {allowed_instance_types: [ml.p4d.24xlarge, ml.p5.*]}
instance_type: ml.p3.16xlarge     # error: not allowed by the policy
```",
        },
    },
    CodeDocs {
        code: REGION_NOT_ALLOWED,
        summary: "a region outside the policy's `allowed_regions`",
        severity: Severity::Error,
        docs: Docs {
            what: "a manifest's `region` (its own or inherited) that is not in a Defaults file's \
                   `policy.allowed_regions`.",
            why: "data residency and where the team's buckets, keys and quotas are.",
            example: r"```yaml
# policy: {allowed_regions: [us-west-2, us-east-1]}
region: eu-west-1                 # error: not allowed by the policy
```",
        },
    },
    CodeDocs {
        code: INSTANCE_COUNT_OVER_LIMIT,
        summary: "an instance count over the policy's `max_instance_count`",
        severity: Severity::Error,
        docs: Docs {
            what: "`instance_count`, or an instance group's, above a Defaults file's `policy.max_instance_count`.",
            why: "a typo of one digit is a cluster ten times the size, billed by the hour.",
            example: r"```yaml
# policy: {max_instance_count: 16}
instance_count: 64                # error: over the policy's 16
```",
        },
    },
    CodeDocs {
        code: MAX_RUN_OVER_LIMIT,
        summary: "a run time over the policy's `max_run`",
        severity: Severity::Error,
        docs: Docs {
            what: "`max_run` above a Defaults file's `policy.max_run` (in seconds). A manifest without `max_run` \
                   runs for the SDK's default, 86400 seconds, and is checked with that.",
            why: "the policy bounds what one job can cost; a job that hangs runs until `max_run`.",
            example: r"```yaml
# policy: {max_run: 259200}
max_run: 432000                   # error: over the policy's 259200
```",
        },
    },
    CodeDocs {
        code: REQUIRED_KEY_MISSING,
        summary: "a key the policy's `require` lists is not set",
        severity: Severity::Error,
        docs: Docs {
            what: "a key of a Defaults file's `policy.require` that the merged manifest (its own keys and the \
                   inherited ones) does not set. A key the manifest's kind does not have is not required of it. \
                   The finding is at the document, with a related label at the policy's line.",
            why: "compliance rules (encrypted volumes, a VPC, network isolation) hold only if no manifest can \
                  leave them out.",
            example: r"```yaml
# policy: {require: [volume_kms_key]}
# no volume_kms_key here or in the defaults   → error
```",
        },
    },
    CodeDocs {
        code: REQUIRED_TAG_MISSING,
        summary: "a tag the policy's `required_tags` lists is not set",
        severity: Severity::Error,
        docs: Docs {
            what: "a tag key of a Defaults file's `policy.required_tags` that the merged `tags` do not have.",
            why: "cost allocation and ownership reports read these tags; an untagged job is nobody's.",
            example: r"```yaml
# policy: {required_tags: [team, cost-center]}
tags: {team: nlp}                 # error: no `cost-center` tag
```",
        },
    },
];

//! Buckets and input prefixes: a bucket must exist and be in the job's region; an input
//! prefix should hold data.

use super::codes;
use super::lookup::Answer;
use super::resources::{BucketUse, Resource, Use};
use crate::diagnostic::Finding;

/// The findings about a bucket named by `used`.
pub fn bucket(used: &Use, purpose: BucketUse, answer: &Answer) -> Option<Finding> {
    let (Resource::Bucket { bucket, .. }, Answer::BucketRegion(region)) = (&used.resource, answer) else {
        return None;
    };
    let key = purpose.key();
    let job_region = &used.job_region;
    match region {
        None => Some(
            Finding::error(codes::BUCKET_MISSING, format!("the bucket `{bucket}` of `{key}` does not exist"))
                .at(&used.pointer)
                .with_label("no such bucket")
                .with_help("check the bucket's name, or create it in the job's region before the job runs"),
        ),
        Some(region) if region != job_region => Some(
            Finding::error(
                codes::BUCKET_IN_OTHER_REGION,
                format!("the bucket `{bucket}` of `{key}` is in {region}, but the job runs in {job_region}"),
            )
            .at(&used.pointer)
            .with_label(format!("in {region}"))
            .with_help(format!(
                "SageMaker needs the job's data and output in its own region: copy the data to a bucket in \
                 {job_region}, or run the job in {region}"
            )),
        ),
        Some(_) => None,
    }
}

/// The finding about an input prefix that holds nothing.
pub fn prefix(used: &Use, answer: &Answer) -> Option<Finding> {
    let (Resource::Prefix { bucket, prefix, .. }, Answer::PrefixHasObjects(Some(false))) = (&used.resource, answer)
    else {
        return None;
    };
    Some(
        Finding::warning(codes::EMPTY_INPUT_PREFIX, format!("no object in `s3://{bucket}/{prefix}`"))
            .at(&used.pointer)
            .with_label("empty prefix")
            .with_help("the channel would have no data and the job would fail after it started: check the prefix"),
    )
}

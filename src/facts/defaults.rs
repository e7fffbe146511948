//! Defaults the SageMaker Python SDK fills in that name AWS resources (facts §3.3).

/// The SDK's default bucket, `sagemaker-<region>-<account>` (`Session.default_bucket`,
/// sagemaker 2.257.7 `session.py`; facts §3.3): the output path, and so the code
/// location, of a job without `output_path`. `apply` creates it when it is missing.
pub fn default_bucket(region: &str, account_id: &str) -> String {
    format!("sagemaker-{region}-{account_id}")
}

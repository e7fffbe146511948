//! FSx for Lustre inputs: the file system must exist in the job's region, be `AVAILABLE`,
//! sit in the VPC of the job's subnets, and the channel's `directory_path` must start with
//! its mount name (`/<MountName>`; source: SageMaker API reference,
//! `FileSystemDataSource.DirectoryPath`).

use super::codes;
use super::lookup::Answer;
use super::resources::{Purpose, Resource, Use};
use crate::diagnostic::Finding;

/// The lifecycle of a file system that can be mounted.
const AVAILABLE: &str = "AVAILABLE";

/// The findings about the file system named by `used`; `job_vpc` is the VPC of the job's
/// subnets and the pointer of the first one, when known.
pub fn file_system(used: &Use, answer: &Answer, job_vpc: Option<(&str, &str)>) -> Vec<Finding> {
    let (
        Resource::FileSystem { id, region },
        Purpose::FileSystem { directory_path, directory_pointer },
        Answer::FileSystem(found),
    ) = (&used.resource, &used.purpose, answer)
    else {
        return Vec::new();
    };
    let Some(live) = found else {
        return vec![
            Finding::error(codes::FILE_SYSTEM_MISSING, format!("no FSx file system `{id}` in {region}"))
                .at(&used.pointer)
                .with_label("not in the job's region")
                .with_help("check the id: the file system must exist in the job's region (input data must be in the region the job runs in)"),
        ];
    };
    let mut findings = Vec::new();
    // A file system whose lifecycle is not reported is not judged on it.
    if let Some(lifecycle) = live.lifecycle.as_deref().filter(|lifecycle| *lifecycle != AVAILABLE) {
        findings.push(
            Finding::error(
                codes::FILE_SYSTEM_NOT_AVAILABLE,
                format!("the FSx file system `{id}` is {lifecycle}, not {AVAILABLE}"),
            )
            .at(&used.pointer)
            .with_label(format!("lifecycle {lifecycle}"))
            .with_help("wait until the file system is AVAILABLE, or repair it, before starting the job"),
        );
    }
    if let (Some(vpc), Some((job_vpc, subnet))) = (&live.vpc_id, job_vpc)
        && vpc != job_vpc
    {
        findings.push(
            Finding::error(
                codes::FILE_SYSTEM_IN_OTHER_VPC,
                format!("the FSx file system `{id}` is in {vpc}, but the job's subnets are in {job_vpc}"),
            )
            .at(&used.pointer)
            .with_label(format!("in {vpc}"))
            .also(subnet, format!("in {job_vpc}"))
            .with_help("name subnets of the file system's VPC, or a file system in the job's VPC"),
        );
    }
    if let (Some(mount), Some(path)) = (&live.mount_name, directory_path) {
        let root = format!("/{mount}");
        if path != &root && !path.starts_with(&format!("{root}/")) {
            findings.push(
                Finding::error(
                    codes::DIRECTORY_PATH_OUTSIDE_MOUNT,
                    format!("`directory_path` must start with `{root}`, the mount name of `{id}`"),
                )
                .at(directory_pointer)
                .with_label(format!("not under {root}"))
                .with_help(format!("write the path as `{root}/…`")),
            );
        }
    }
    findings
}

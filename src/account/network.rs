//! The job's VPC: its subnets and security groups must exist and all sit in one VPC, the
//! VPC of its first subnet ([`job_vpc`], which the FSx check compares with too).

use super::codes;
use super::lookup::{Answer, Outcome};
use super::resources::{Purpose, Resource, Use};
use crate::diagnostic::Finding;

/// The finding about a subnet or security group that does not exist.
pub fn missing(used: &Use, answer: &Answer) -> Option<Finding> {
    let Answer::Vpc(None) = answer else { return None };
    let region = &used.job_region;
    match &used.resource {
        Resource::Subnet { id, .. } => Some(
            Finding::error(codes::SUBNET_MISSING, format!("the subnet `{id}` does not exist in {region}"))
                .at(&used.pointer)
                .with_label("no such subnet")
                .with_help("check the id: the subnet must be in the job's region"),
        ),
        Resource::SecurityGroup { id, .. } => Some(
            Finding::error(
                codes::SECURITY_GROUP_MISSING,
                format!("the security group `{id}` does not exist in {region}"),
            )
            .at(&used.pointer)
            .with_label("no such security group")
            .with_help("check the id: the security group must be in the job's region"),
        ),
        _ => None,
    }
}

/// The VPC of the job's first subnet that exists, with that subnet's pointer.
pub fn job_vpc<'a>(checked: &[(&'a Use, &'a Outcome)]) -> Option<(&'a str, &'a str)> {
    checked.iter().find_map(|(used, outcome)| match (&used.purpose, outcome) {
        (Purpose::Subnet, Ok(Answer::Vpc(Some(vpc)))) => Some((vpc.as_str(), used.pointer.as_str())),
        _ => None,
    })
}

/// A finding at each subnet or security group in another VPC than [`job_vpc`].
pub fn vpc_mismatches(checked: &[(&Use, &Outcome)]) -> Vec<Finding> {
    let Some((vpc, first)) = job_vpc(checked) else { return Vec::new() };
    checked
        .iter()
        .filter_map(|(used, outcome)| {
            let (Purpose::Subnet | Purpose::SecurityGroup, Ok(Answer::Vpc(Some(other)))) = (&used.purpose, outcome)
            else {
                return None;
            };
            let what = if used.purpose == Purpose::Subnet { "subnet" } else { "security group" };
            (other != vpc).then(|| {
                Finding::error(
                    codes::NETWORK_IN_SEVERAL_VPCS,
                    format!("this {what} is in {other}, but the job's first subnet is in {vpc}"),
                )
                .at(&used.pointer)
                .with_label(format!("in {other}"))
                .also(first, format!("in {vpc}"))
                .with_help("a job runs in one VPC: name subnets and security groups of the same VPC")
            })
        })
        .collect()
}

//! The job's VPC: its subnets and security groups must exist and all sit in one VPC, the
//! VPC of its first subnet ([`job_vpc`], which the FSx check compares with too).

use super::codes;
use super::lookup::{Answer, Outcome};
use super::resources::{Purpose, Resource, Use};
use crate::diagnostic::Finding;

/// The finding about a subnet or security group that does not exist.
pub fn missing(used: &Use, answer: &Answer) -> Option<Finding> {
    let Answer::Vpc(None) = answer else { return None };
    let (code, what, id) = match &used.resource {
        Resource::Subnet { id, .. } => (codes::SUBNET_MISSING, "subnet", id),
        Resource::SecurityGroup { id, .. } => (codes::SECURITY_GROUP_MISSING, "security group", id),
        _ => return None,
    };
    Some(
        Finding::error(code, format!("the {what} `{id}` does not exist in {}", used.job_region))
            .at(&used.pointer)
            .with_label(format!("no such {what}"))
            .with_help(format!("check the id: the {what} must be in the job's region")),
    )
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

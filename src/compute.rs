//! Where a training job runs, as every stage reads it: the one view of the placement that
//! the image lookup ([`crate::image`]), the rules ([`crate::rules`]) and the resolved job
//! ([`crate::job`]) share.
//!
//! A [`Compute`] is built from the manifest as written ([`Compute::of_manifest`], lenient:
//! rules run on manifests that may be incomplete) or from a resolved job's instances
//! ([`Compute::of_job`]). It answers the SDK's questions: which instance type picks the
//! image (facts §2.9), and which instance types the distribution strategies run on.

use crate::facts::distribution::instance_family;
use crate::job;
use crate::spec::Manifest;

/// Where the job's instances come from, as far as images and rules are concerned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Compute<'a> {
    /// Neither `instance_type` nor `instance_groups` is given.
    #[default]
    Missing,
    /// `instance_type`.
    Single(&'a str),
    /// `instance_groups` (the groups that name an instance type), in order.
    Groups(Vec<Group<'a>>),
}

/// One instance group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group<'a> {
    /// Its position in `instance_groups`.
    pub index: usize,
    /// `instance_group_name`, when given.
    pub name: Option<&'a str>,
    /// `instance_type`.
    pub instance_type: &'a str,
}

/// An instance type and where the manifest writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed<'a> {
    /// The instance type.
    pub instance_type: &'a str,
    /// Its pointer: `/instance_type` or `/instance_groups/N/instance_type`.
    pub pointer: String,
}

impl<'a> Compute<'a> {
    /// The placement the manifest writes: `instance_type` wins over `instance_groups`, as in
    /// the SDK.
    pub fn of_manifest(manifest: &'a Manifest) -> Self {
        match (&manifest.instance_type, &manifest.instance_groups) {
            (Some(instance_type), _) => Self::Single(instance_type),
            (None, Some(groups)) => Self::Groups(
                groups
                    .iter()
                    .enumerate()
                    .filter_map(|(index, g)| {
                        let instance_type = g.instance_type.as_deref()?;
                        Some(Group { index, name: g.instance_group_name.as_deref(), instance_type })
                    })
                    .collect(),
            ),
            (None, None) => Self::Missing,
        }
    }

    /// The placement of a resolved job.
    pub fn of_job(compute: &'a job::Compute) -> Self {
        match compute {
            job::Compute::Single { instance_type, .. } => Self::Single(instance_type),
            job::Compute::Groups(groups) => Self::Groups(
                groups
                    .iter()
                    .enumerate()
                    .map(|(index, g)| Group { index, name: Some(&g.name), instance_type: &g.instance_type })
                    .collect(),
            ),
        }
    }

    /// The estimator's `instance_type` (`None` for instance groups, as in the SDK).
    pub fn instance_type(&self) -> Option<&'a str> {
        match self {
            Self::Single(instance_type) => Some(instance_type),
            Self::Missing | Self::Groups(_) => None,
        }
    }

    /// The instance type the SDK picks the image for: the instance type, or for instance
    /// groups the first group whose family starts with `g` or `p`, else the first group's
    /// type (facts §2.9, `EstimatorBase._get_instance_type`).
    pub fn image_instance_type(&self) -> Option<&'a str> {
        match self {
            Self::Missing => None,
            Self::Single(instance_type) => Some(instance_type),
            Self::Groups(groups) => groups
                .iter()
                .find(|g| instance_family(g.instance_type).is_some_and(|f| f.starts_with(['g', 'p'])))
                .or_else(|| groups.first())
                .map(|g| g.instance_type),
        }
    }

    /// Every instance type of the job with its pointer: `instance_type`, or each group's.
    pub fn all(&self) -> Vec<Placed<'a>> {
        match self {
            Self::Missing => Vec::new(),
            Self::Single(instance_type) => vec![Placed { instance_type, pointer: "/instance_type".to_owned() }],
            Self::Groups(groups) => groups.iter().map(Group::placed).collect(),
        }
    }

    /// The instance types the strategies run on, as the SDK picks them (facts §2.9):
    /// without groups, `instance_type`; with groups, the groups `names`
    /// (`distribution.instance_groups`) names, or the only group when it names none. Names
    /// that match no group are skipped (their own rule reports them), and so is an
    /// ambiguous choice.
    pub fn training(&self, names: &[String]) -> Vec<Placed<'a>> {
        let Self::Groups(groups) = self else {
            return self.all();
        };
        if names.is_empty() {
            return match groups.as_slice() {
                [only] => vec![only.placed()],
                _ => Vec::new(),
            };
        }
        names
            .iter()
            .filter_map(|name| groups.iter().find(|g| g.name == Some(name.as_str())))
            .map(Group::placed)
            .collect()
    }
}

impl<'a> Group<'a> {
    fn placed(&self) -> Placed<'a> {
        Placed { instance_type: self.instance_type, pointer: format!("/instance_groups/{}/instance_type", self.index) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> Compute<'static> {
        Compute::Groups(vec![
            Group { index: 0, name: Some("data"), instance_type: "ml.c5.xlarge" },
            Group { index: 2, name: Some("train"), instance_type: "ml.p4d.24xlarge" },
        ])
    }

    #[test]
    fn the_image_follows_the_first_gpu_group() {
        assert_eq!(groups().image_instance_type(), Some("ml.p4d.24xlarge"));
        assert_eq!(Compute::Single("ml.m5.xlarge").image_instance_type(), Some("ml.m5.xlarge"));
        assert_eq!(Compute::Missing.image_instance_type(), None);
    }

    #[test]
    fn strategies_run_on_the_named_groups_or_the_only_one() {
        let named = groups().training(&["train".to_owned()]);
        assert_eq!(
            named,
            vec![Placed { instance_type: "ml.p4d.24xlarge", pointer: "/instance_groups/2/instance_type".into() }]
        );
        assert!(groups().training(&[]).is_empty(), "ambiguous without names");
        let only = Compute::Groups(vec![Group { index: 0, name: None, instance_type: "ml.p5.48xlarge" }]);
        assert_eq!(only.training(&[]).len(), 1);
        assert_eq!(Compute::Single("ml.p5.48xlarge").training(&[])[0].pointer, "/instance_type");
    }
}

//! `sagespec::distribution::unknown-instance-group`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::unknown-instance-group",
    summary: "distribution names an instance group the job does not define",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "a name in `distribution.instance_groups` that is not the `instance_group_name` of any of the job's \
               `instance_groups`.",
        why: "the SDK refuses it (facts §2.9: \"Invalid training instance group {name} !\").",
        example: r"```yaml
instance_groups:
  - {instance_group_name: train, instance_type: ml.p4d.24xlarge, instance_count: 2}
distribution:
  mpi: {enabled: true}
  instance_groups: [trian]            # error: did you mean `train`?
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(names), Some(groups)) =
        (view::distribution(cx).and_then(|d| d.instance_groups.as_ref()), cx.manifest.instance_groups.as_ref())
    else {
        return;
    };
    let defined: Vec<&str> = groups.iter().filter_map(|g| g.instance_group_name.as_deref()).collect();
    for (i, name) in names.iter().enumerate() {
        if defined.contains(&name.as_str()) {
            continue;
        }
        let closest = defined
            .iter()
            .copied()
            .max_by(|a, b| strsim::jaro_winkler(name, a).total_cmp(&strsim::jaro_winkler(name, b)));
        let mut help = format!("use the instance_group_name of one of the job's groups: {}", view::listed(&defined));
        if let Some(closest) = closest.filter(|c| strsim::jaro_winkler(name, c) > 0.8) {
            help = format!("did you mean `{closest}`? {help}");
        }
        out.push(
            Finding::error(RULE.code, format!("instance group `{name}` is not defined in the job's instance_groups"))
                .at(format!("{}/{i}", view::GROUP_NAMES))
                .with_label("unknown group")
                .also("/instance_groups", "defined groups")
                .with_help(help),
        );
    }
}

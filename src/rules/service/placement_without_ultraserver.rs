//! `sagespec::service::placement-without-ultraserver`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::instance_types::ULTRASERVER_INSTANCE_TYPES;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::placement-without-ultraserver",
    summary: "`instance_placement_config` on instances that are not UltraServer instances",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`instance_placement_config` with an `instance_type` (or instance groups) that UltraServers are not \
               made of (the API's `UltraServer.InstanceType` values, for example `ml.p6e-gb200.36xlarge`).",
        why: "the API documents `InstancePlacementConfig` as \"only applicable for UltraServer capacity\"; \
              placement specifications name UltraServers, which hold only those instance types (SageMaker API \
              Reference, `InstancePlacementConfig`, `UltraServer`).",
        example: r"```yaml
instance_type: ml.g5.2xlarge      # not an UltraServer instance type
instance_placement_config:        # error
  placement_specifications:
  - {ultra_server_id: us-1, instance_count: 1}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    if cx.manifest.instance_placement_config.is_none() {
        return;
    }
    for placed in cx.compute.all().into_iter().filter(|p| !ULTRASERVER_INSTANCE_TYPES.contains(&p.instance_type)) {
        out.push(
            Finding::error(
                RULE.code,
                format!(
                    "{} is not an UltraServer instance type; `instance_placement_config` does not apply",
                    placed.instance_type
                ),
            )
            .at_key("/instance_placement_config")
            .with_label("only for UltraServer capacity")
            .also(placed.pointer.clone(), "not an UltraServer instance type")
            .with_help(format!(
                "remove `instance_placement_config`, or train on an UltraServer instance type: {}",
                ULTRASERVER_INSTANCE_TYPES.join(", ")
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::pointers;
    use super::RULE;

    const PLACEMENT: &str =
        "instance_placement_config:\n  placement_specifications:\n  - {ultra_server_id: a, instance_count: 1}\n";

    #[test]
    fn placement_needs_ultraserver_instances() {
        let on = |t: &str| pointers(RULE.code, &format!("instance_type: {t}\ninstance_count: 1\n{PLACEMENT}"));
        assert_eq!(on("ml.g5.2xlarge"), ["/instance_placement_config"]);
        assert!(on("ml.p6e-gb200.36xlarge").is_empty());
    }
}

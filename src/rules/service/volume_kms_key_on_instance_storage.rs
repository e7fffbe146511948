//! `sagespec::service::volume-kms-key-on-instance-storage`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::instance_types::has_instance_storage;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::service::volume-kms-key-on-instance-storage",
    summary: "`volume_kms_key` is set for an instance type with local NVMe storage",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "`volume_kms_key` with an instance type (top-level or in any of the `instance_groups`) that has local \
               NVMe instance storage.",
        why: "on those types SageMaker provisions no EBS volume, and the API documents `VolumeKmsKeyId` as not \
              allowed with instance types that have local storage (facts §1.6). The SDK only drops a key that came \
              from its config file; a key written in the estimator call is sent and refused (facts §3.4). Instance \
              storage is encrypted at rest by the hardware, so the key is not needed.",
        example: r"```yaml
instance_type: ml.g5.2xlarge
volume_kms_key: arn:aws:kms:us-west-2:111122223333:key/…   # error: g5 has NVMe storage
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let manifest = cx.manifest;
    if manifest.volume_kms_key.is_none() {
        return;
    }
    let top = manifest.instance_type.as_deref().map(|t| ("/instance_type".to_owned(), t));
    let groups = manifest.instance_groups.iter().flatten().enumerate().filter_map(|(i, group)| {
        group.instance_type.as_deref().map(|t| (format!("/instance_groups/{i}/instance_type"), t))
    });
    let offending: Vec<(String, &str)> =
        top.into_iter().chain(groups).filter(|(_, t)| has_instance_storage(t)).collect();
    if offending.is_empty() {
        return;
    }
    let names = offending.iter().map(|(_, t)| *t).collect::<Vec<_>>().join(", ");
    let mut finding = Finding::error(
        RULE.code,
        format!("`volume_kms_key` is not allowed on {names}: local NVMe storage, no EBS volume to encrypt"),
    )
    .at("/volume_kms_key")
    .with_label("no EBS volume to encrypt")
    .with_help(
        "remove `volume_kms_key` (instance storage is encrypted by the hardware), or pick an \
         EBS-backed instance type such as ml.m5 or ml.p3",
    );
    for (pointer, instance_type) in &offending {
        finding = finding.also(pointer.clone(), format!("{instance_type} has local instance storage"));
    }
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{findings, pointers};
    use super::RULE;
    use crate::facts::instance_types::has_instance_storage;

    const KEY: &str = "volume_kms_key: arn:aws:kms:us-west-2:111122223333:key/66666666-7777-8888-9999-000000000000\n";

    #[test]
    fn instance_storage_families() {
        for t in [
            "ml.p4d.24xlarge",
            "ml.g4dn.xlarge",
            "ml.r5d.large",
            "ml.g5.2xlarge",
            "ml.g6e.xlarge",
            "ml.p5en.48xlarge",
            "ml.trn1n.32xlarge",
        ] {
            assert!(has_instance_storage(t), "{t}");
        }
        for t in ["ml.m5.xlarge", "ml.p3.16xlarge", "ml.c5n.xlarge", "ml.trn2.48xlarge", "m5d", "local_gpu"] {
            assert!(!has_instance_storage(t), "{t}");
        }
    }

    #[test]
    fn key_on_nvme_instance_is_reported_at_the_key() {
        let found = findings(RULE.code, &format!("instance_type: ml.g5.2xlarge\ninstance_count: 1\n{KEY}"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/volume_kms_key");
        assert_eq!(found[0].labels[0].pointer, "/instance_type");
    }

    #[test]
    fn key_on_an_nvme_instance_group_is_reported() {
        let groups = "instance_groups:\n- {instance_group_name: a, instance_type: ml.m5.xlarge, instance_count: 1}\n\
                      - {instance_group_name: b, instance_type: ml.p4d.24xlarge, instance_count: 1}\n";
        let found = findings(RULE.code, &format!("{groups}{KEY}"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].labels[0].pointer, "/instance_groups/1/instance_type");
    }

    #[test]
    fn key_on_ebs_instance_or_no_key_is_fine() {
        assert!(pointers(RULE.code, &format!("instance_type: ml.m5.xlarge\ninstance_count: 1\n{KEY}")).is_empty());
        assert!(pointers(RULE.code, "instance_type: ml.g5.2xlarge\ninstance_count: 1\n").is_empty());
    }
}

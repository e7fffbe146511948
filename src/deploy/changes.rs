//! The fields an endpoint update changes: what the endpoint runs now (DescribeEndpoint →
//! DescribeEndpointConfig → DescribeModel) against what the manifest asks for, field by
//! field, as Terraform shows a diff ([`Change`], which replaced jobs show too). Both sides
//! are read into the same plain data ([`crate::aws::live_model_of`],
//! [`crate::aws::live_variant`]), so a field is compared one way whichever side it comes
//! from.

use std::collections::BTreeSet;

use super::Deployment;
use super::observe::Running;
use crate::aws::{LiveCapacity, LiveModel, LiveModelData, LiveVariant, live_model_of, live_variant};
use crate::change::Change;

/// What an update of `deployment`'s endpoint changes, from what it runs (`running`,
/// on the configuration `running_config`): the configuration's name first, then the
/// model's fields, then the configuration's.
pub fn changes(deployment: &Deployment, running_config: &str, running: &Running) -> Vec<Change> {
    let mut out = vec![Change {
        field: "EndpointConfigName".into(),
        from: Some(running_config.to_owned()),
        to: Some(deployment.config.name.clone()),
    }];
    let desired_model = live_model_of(&deployment.model.input);
    match &running.model {
        Some(live) => model_changes(live, &desired_model, &mut out),
        None => out.push(Change { field: "model".into(), from: None, to: Some(deployment.model.name.clone()) }),
    }
    let desired_variants: Vec<LiveVariant> =
        deployment.config.input.get_production_variants().iter().flatten().map(live_variant).collect();
    let live_variants = running.config.as_ref().map(|config| config.variants.as_slice()).unwrap_or_default();
    for index in 0..desired_variants.len().max(live_variants.len()) {
        variant_changes(index, live_variants.get(index), desired_variants.get(index), &mut out);
    }
    let live_kms = running.config.as_ref().and_then(|config| config.kms_key.clone());
    push(&mut out, "config.KmsKeyId", live_kms, deployment.config.input.get_kms_key_id().clone());
    out
}

fn model_changes(live: &LiveModel, desired: &LiveModel, out: &mut Vec<Change>) {
    push(out, "model.ModelName", Some(live.name.clone()), Some(desired.name.clone()));
    push(out, "model.Image", live.image.clone(), desired.image.clone());
    push(out, "model.ModelData", live.model_data.as_ref().map(data_text), desired.model_data.as_ref().map(data_text));
    let keys: BTreeSet<&String> = live.environment.keys().chain(desired.environment.keys()).collect();
    for key in keys {
        push(
            out,
            &format!("model.Environment.{key}"),
            live.environment.get(key).cloned(),
            desired.environment.get(key).cloned(),
        );
    }
    push(out, "model.ExecutionRoleArn", live.role.clone(), desired.role.clone());
}

fn variant_changes(index: usize, live: Option<&LiveVariant>, desired: Option<&LiveVariant>, out: &mut Vec<Change>) {
    let field = |name: &str| format!("config.ProductionVariants[{index}].{name}");
    let text = |value: Option<i32>| value.map(|v| v.to_string());
    push(out, &field("ModelName"), live.map(|v| v.model_name.clone()), desired.map(|v| v.model_name.clone()));
    let weight = |variant: Option<&LiveVariant>| variant.and_then(|v| v.weight).map(|w| w.to_string());
    push(out, &field("InitialVariantWeight"), weight(live), weight(desired));
    let capacity = |variant: Option<&LiveVariant>| variant.map_or(LiveCapacity::Unknown, |v| v.capacity.clone());
    let (live, desired) = (capacity(live), capacity(desired));
    let instances = |capacity: &LiveCapacity| match capacity {
        LiveCapacity::Instances { instance_type, count, volume_size } => {
            [Some(instance_type.clone()), text(*count), text(*volume_size)]
        }
        _ => [None, None, None],
    };
    let serverless = |capacity: &LiveCapacity| match capacity {
        LiveCapacity::Serverless { memory_mb, max_concurrency, provisioned } => {
            [text(*memory_mb), text(*max_concurrency), text(*provisioned)]
        }
        _ => [None, None, None],
    };
    let names = ["InstanceType", "InitialInstanceCount", "VolumeSizeInGB"];
    for ((name, from), to) in names.iter().zip(instances(&live)).zip(instances(&desired)) {
        push(out, &field(name), from, to);
    }
    let names = [
        "ServerlessConfig.MemorySizeInMB",
        "ServerlessConfig.MaxConcurrency",
        "ServerlessConfig.ProvisionedConcurrency",
    ];
    for ((name, from), to) in names.iter().zip(serverless(&live)).zip(serverless(&desired)) {
        push(out, &field(name), from, to);
    }
}

fn data_text(data: &LiveModelData) -> String {
    match data {
        LiveModelData::Url(url) => url.clone(),
        LiveModelData::Source { uri, data_type, compression } => format!("{uri} ({data_type}, {compression})"),
    }
}

fn push(out: &mut Vec<Change>, field: &str, from: Option<String>, to: Option<String>) {
    if from != to {
        out.push(Change { field: field.to_owned(), from, to });
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn live_model(environment: &[(&str, &str)]) -> LiveModel {
        LiveModel {
            name: "bert-000000000000".into(),
            image: Some("img:1".into()),
            model_data: Some(LiveModelData::Url("s3://b/m.tar.gz".into())),
            environment: environment
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<BTreeMap<_, _>>(),
            role: Some("arn:role".into()),
        }
    }

    #[test]
    fn only_fields_that_differ_are_listed_with_both_values() {
        let live = live_model(&[("A", "1"), ("GONE", "x")]);
        let desired = LiveModel {
            name: "bert-111111111111".into(),
            environment: [("A".to_owned(), "2".to_owned()), ("NEW".to_owned(), "y".to_owned())].into(),
            ..live_model(&[])
        };
        let mut out = Vec::new();
        model_changes(&live, &desired, &mut out);
        let lines: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "~ model.ModelName: \"bert-000000000000\" → \"bert-111111111111\"",
                "~ model.Environment.A: \"1\" → \"2\"",
                "- model.Environment.GONE: \"x\"",
                "+ model.Environment.NEW: \"y\"",
            ]
        );
    }

    #[test]
    fn capacity_changes_name_the_variant_field() {
        let variant = |instance_type: &str, count| LiveVariant {
            name: "AllTraffic".into(),
            model_name: "m".into(),
            weight: Some(1.0),
            capacity: LiveCapacity::Instances {
                instance_type: instance_type.into(),
                count: Some(count),
                volume_size: None,
            },
        };
        let mut out = Vec::new();
        variant_changes(0, Some(&variant("ml.g5.xlarge", 1)), Some(&variant("ml.g5.2xlarge", 2)), &mut out);
        let fields: Vec<&str> = out.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            ["config.ProductionVariants[0].InstanceType", "config.ProductionVariants[0].InitialInstanceCount"]
        );
    }
}

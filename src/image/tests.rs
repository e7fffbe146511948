//! Tests of image resolution: the conformance cases as the oracle, then regions,
//! aliases, legacy repositories, SMP v2, Trainium and every error.
use super::*;
use crate::facts::distribution::instance_family;
use crate::facts::versions::compare_versions;

fn request<'a>(
    framework: Framework,
    version: &'a str,
    py: &'a str,
    region: &'a str,
    instance_type: &'a str,
) -> ImageRequest<'a> {
    ImageRequest {
        framework,
        framework_version: Some(version),
        py_version: Some(py),
        region: Some(region),
        compute: Compute::Single(instance_type),
        distribution: DistributionKeys::default(),
        image_uri: None,
    }
}

fn pytorch<'a>(version: &'a str, py: &'a str, instance_type: &'a str) -> ImageRequest<'a> {
    request(Framework::Pytorch, version, py, "us-west-2", instance_type)
}

const SMP: DistributionKeys = DistributionKeys { smdistributed: true, torch_distributed: true, modelparallel: true };

/// Every `"expect": "ok"` conformance case with a TrainingImage: the manifest, read by
/// the real checker, must resolve to exactly the image the SDK sent.
#[test]
fn conformance_ok_cases_resolve_to_the_sdk_image() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/cases");
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        let dir = entry.path();
        let Ok(text) = std::fs::read_to_string(dir.join("expect.json")) else {
            continue;
        };
        let expect: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let Some(image) = expect["request"]["AlgorithmSpecification"]["TrainingImage"].as_str() else {
            continue;
        };
        if expect["expect"] != "ok" {
            continue;
        }
        let file = crate::check::check_file(&dir.join("manifest.yaml"), "manifest.yaml");
        let Some(manifest) = file.manifest_as::<crate::spec::Manifest>() else {
            failures.push(format!("{}: manifest did not parse", dir.display()));
            continue;
        };
        let Some(request) = ImageRequest::from_manifest(manifest) else {
            failures.push(format!("{}: no framework", dir.display()));
            continue;
        };
        let got = resolve(&request);
        if got.as_deref() != Ok(image) {
            failures.push(format!("{}: expected {image}, got {got:?}", dir.display()));
        }
        checked += 1;
    }
    assert!(checked >= 70, "only {checked} cases checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn china_uses_its_account_and_domain_and_keeps_the_alias() {
    let req = request(Framework::Pytorch, "2.0", "py310", "cn-north-1", "ml.g5.2xlarge");
    assert_eq!(
        resolve(&req).as_deref(),
        Ok("727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/pytorch-training:2.0-gpu-py310")
    );
}

#[test]
fn iso_regions_use_their_partition_domain() {
    let req = request(Framework::Tensorflow, "2.13.0", "py310", "us-isof-south-1", "ml.m5.xlarge");
    assert_eq!(
        resolve(&req).as_deref(),
        Ok("454834333376.dkr.ecr.us-isof-south-1.csp.hci.ic.gov/tensorflow-training:2.13.0-cpu-py310")
    );
}

#[test]
fn legacy_repositories_use_the_legacy_account() {
    let req = request(Framework::Pytorch, "1.1", "py3", "us-east-1", "ml.p3.2xlarge");
    assert_eq!(
        resolve(&req).as_deref(),
        Ok("520713654638.dkr.ecr.us-east-1.amazonaws.com/sagemaker-pytorch:1.1-gpu-py3")
    );
    let req = request(Framework::Tensorflow, "1.13.1", "py2", "eu-west-1", "ml.c5.xlarge");
    assert_eq!(
        resolve(&req).as_deref(),
        Ok("520713654638.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-tensorflow-scriptmode:1.13.1-cpu-py2")
    );
    let req = request(Framework::Tensorflow, "1.13.1", "py3", "eu-west-1", "ml.c5.xlarge");
    assert_eq!(
        resolve(&req).as_deref(),
        Ok("763104351884.dkr.ecr.eu-west-1.amazonaws.com/tensorflow-training:1.13.1-cpu-py3")
    );
}

#[test]
fn legacy_repositories_cover_only_their_regions() {
    let req = request(Framework::Pytorch, "1.0.0", "py3", "ap-east-2", "ml.m5.xlarge");
    assert!(matches!(resolve(&req), Err(ImageError::VersionNotInRegion { available, .. }) if available.len() == 25));
}

#[test]
fn smp_v2_picks_the_cuda_suffix() {
    let cases = [
        ("2.0.1", "py310", "2.0.1-gpu-py310-cu118"),
        ("2.2.0", "py310", "2.2.0-gpu-py310-cu121"),
        ("2.4.1", "py311", "2.4.1-gpu-py311-cu121"),
        ("2.5.1", "py311", "2.5.1-gpu-py311-cu124"),
    ];
    for (version, py, tag) in cases {
        let req = ImageRequest { distribution: SMP, ..pytorch(version, py, "ml.p4d.24xlarge") };
        assert_eq!(
            resolve(&req),
            Ok(format!("658645717510.dkr.ecr.us-west-2.amazonaws.com/smdistributed-modelparallel:{tag}")),
            "{version}"
        );
    }
    let on_p5 = ImageRequest { distribution: SMP, ..pytorch("2.0.1", "py310", "ml.p5.48xlarge") };
    assert!(resolve(&on_p5).is_ok_and(|uri| uri.ends_with(":2.0.1-gpu-py310-cu121")));
}

#[test]
fn smp_v2_rejects_combinations_outside_its_config() {
    let py = ImageRequest { distribution: SMP, ..pytorch("2.3.1", "py310", "ml.p4d.24xlarge") };
    assert!(matches!(resolve(&py), Err(e @ ImageError::UnsupportedPyVersion { .. }) if e.is_smp()));
    let version = ImageRequest { distribution: SMP, ..pytorch("2.6.0", "py312", "ml.p4d.24xlarge") };
    assert!(matches!(resolve(&version), Err(e @ ImageError::UnsupportedVersion { .. }) if e.is_smp()));
    let region = ImageRequest {
        distribution: SMP,
        region: Some("eu-central-2"),
        ..pytorch("2.2.0", "py310", "ml.p4d.24xlarge")
    };
    assert!(matches!(resolve(&region), Err(e @ ImageError::VersionNotInRegion { .. }) if e.is_smp()));
    let disabled = DistributionKeys { modelparallel: false, ..SMP };
    let plain = ImageRequest { distribution: disabled, ..pytorch("2.2.0", "py310", "ml.p4d.24xlarge") };
    assert_eq!(
        resolve(&plain).as_deref(),
        Ok("763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.2.0-gpu-py310")
    );
}

#[test]
fn trainium_uses_the_neuron_image_and_reports_the_substitution() {
    let req = pytorch("1.13.1", "py38", "ml.trn1.32xlarge");
    assert_eq!(
        resolve(&req).as_deref(),
        Ok(
            "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training-neuron:1.11.0-neuron-py38-sdk2.4.0-ubuntu20.04"
        )
    );
    assert_eq!(silent_substitution(&req).map(|s| s.used), Some("1.11.0"));
    let exact = pytorch("1.11.0", "py38", "ml.trn1.2xlarge");
    assert_eq!(silent_substitution(&exact), None);
    let alias = pytorch("1.11", "py38", "ml.trn1.2xlarge");
    assert!(resolve(&alias).is_ok_and(|uri| uri.ends_with(":1.11-neuron-py38-sdk2.4.0-ubuntu20.04")));
    assert_eq!(silent_substitution(&alias), None);
    assert_eq!(silent_substitution(&pytorch("1.13.1", "py39", "ml.p4d.24xlarge")), None);
}

#[test]
fn tensorflow_has_no_trainium_image() {
    let req = request(Framework::Tensorflow, "2.11.0", "py39", "us-west-2", "ml.trn1.32xlarge");
    assert!(matches!(resolve(&req), Err(ImageError::FrameworkNotOnTrainium { framework: "tensorflow", .. })));
}

#[test]
fn p4d_and_smdistributed_add_the_container_suffix() {
    let p4d = request(Framework::Tensorflow, "2.3.2", "py37", "us-west-2", "ml.p4d.24xlarge");
    assert!(resolve(&p4d).is_ok_and(|uri| uri.ends_with(":2.3.2-gpu-py37-cu110-ubuntu18.04")));
    let p3 = request(Framework::Tensorflow, "2.3.2", "py37", "us-west-2", "ml.p3.16xlarge");
    assert!(resolve(&p3).is_ok_and(|uri| uri.ends_with(":2.3.2-gpu-py37")));
    let ddp = ImageRequest {
        distribution: DistributionKeys { smdistributed: true, ..DistributionKeys::default() },
        ..pytorch("1.6.0", "py3", "ml.p3.16xlarge")
    };
    assert!(resolve(&ddp).is_ok_and(|uri| uri.ends_with(":1.6.0-gpu-py3-cu110-ubuntu18.04")));
}

#[test]
fn instance_groups_use_the_first_gpu_group() {
    let req = ImageRequest {
        compute: Compute::Groups(vec![
            crate::compute::Group { index: 0, name: None, instance_type: "ml.c5.xlarge" },
            crate::compute::Group { index: 1, name: None, instance_type: "ml.g5.2xlarge" },
        ]),
        ..pytorch("2.2.0", "py310", "unused")
    };
    assert!(resolve(&req).is_ok_and(|uri| uri.ends_with(":2.2.0-gpu-py310")));
    let cpu = ImageRequest {
        compute: Compute::Groups(vec![
            crate::compute::Group { index: 0, name: None, instance_type: "ml.c5.xlarge" },
            crate::compute::Group { index: 1, name: None, instance_type: "ml.m5.xlarge" },
        ]),
        ..req
    };
    assert!(resolve(&cpu).is_ok_and(|uri| uri.ends_with(":2.2.0-cpu-py310")));
}

#[test]
fn errors_name_the_input_at_fault() {
    let missing_py = ImageRequest { py_version: None, ..pytorch("2.2.0", "py310", "ml.p4d.24xlarge") };
    assert_eq!(resolve(&missing_py).map_err(|e| e.input()), Err(ImageInput::PyVersion));
    let missing_both = ImageRequest { framework_version: None, ..missing_py };
    assert_eq!(resolve(&missing_both).map_err(|e| e.input()), Err(ImageInput::FrameworkVersion));
    let unknown = pytorch("2.1.2", "py310", "ml.p4d.24xlarge");
    assert!(matches!(resolve(&unknown), Err(ImageError::UnsupportedVersion { .. })));
    let wrong_py = pytorch("2.2.0", "py38", "ml.p4d.24xlarge");
    assert!(
        matches!(resolve(&wrong_py), Err(ImageError::UnsupportedPyVersion { supported, .. }) if supported == ["py310"])
    );
    let isof = request(Framework::Pytorch, "2.8.0", "py312", "us-isof-east-1", "ml.m5.xlarge");
    assert!(matches!(resolve(&isof), Err(ImageError::VersionNotInRegion { .. })));
    let eusc = request(Framework::Pytorch, "2.2.0", "py310", "eusc-de-east-1", "ml.m5.xlarge");
    assert!(matches!(resolve(&eusc), Err(ImageError::RegionWithoutImages { .. })));
    let no_region = ImageRequest { region: None, ..pytorch("2.2.0", "py310", "ml.m5.xlarge") };
    assert_eq!(resolve(&no_region), Err(ImageError::RegionMissing));
    let no_instance = ImageRequest { compute: Compute::Missing, ..pytorch("2.2.0", "py310", "x") };
    assert_eq!(resolve(&no_instance), Err(ImageError::MissingInstanceType));
}

#[test]
fn p2_is_deprecated_from_pytorch_1_13_and_tensorflow_2_12() {
    assert!(matches!(resolve(&pytorch("1.13", "py39", "ml.p2.xlarge")), Err(ImageError::P2Deprecated { .. })));
    assert!(resolve(&pytorch("1.12.1", "py38", "ml.p2.xlarge")).is_ok());
    let tf = request(Framework::Tensorflow, "2.12.0", "py310", "us-west-2", "ml.p2.8xlarge");
    assert!(matches!(resolve(&tf), Err(ImageError::P2Deprecated { .. })));
    let tf_old = request(Framework::Tensorflow, "2.11.0", "py39", "us-west-2", "ml.p2.8xlarge");
    assert!(resolve(&tf_old).is_ok());
}

#[test]
fn tensorflow_estimator_checks_run_first() {
    let py2 = request(Framework::Tensorflow, "2.1.2", "py2", "us-west-2", "ml.m5.xlarge");
    assert!(matches!(resolve(&py2), Err(ImageError::Python2Unavailable { .. })));
    assert!(resolve(&request(Framework::Tensorflow, "2.1.1", "py2", "us-west-2", "ml.m5.xlarge")).is_ok());
    let legacy = request(Framework::Tensorflow, "1.10", "py2", "us-west-2", "ml.m5.xlarge");
    assert_eq!(
        resolve(&legacy),
        Err(ImageError::LegacyModeOnly {
            framework_version: "1.10".into(),
            legacy_image_uri: Some(
                "520713654638.dkr.ecr.us-west-2.amazonaws.com/sagemaker-tensorflow:1.10-cpu-py2".into()
            ),
        })
    );
}

#[test]
fn py_version_is_defaulted_only_when_the_version_has_one() {
    let rows = PYTORCH.lookup("2.2.0");
    assert_eq!(select_py_version(&PYTORCH, &rows, "2.2.0", None).map(|(_, py)| py), Ok("py310"));
    let rows = PYTORCH.lookup("1.6.0");
    assert!(select_py_version(&PYTORCH, &rows, "1.6.0", None).is_err());
}

#[test]
fn image_uri_wins_without_checks() {
    let req = ImageRequest { image_uri: Some("my/image:1"), framework_version: None, ..pytorch("x", "y", "z") };
    assert_eq!(resolve(&req).as_deref(), Ok("my/image:1"));
}

#[test]
fn families_and_versions_parse_like_the_sdk() {
    assert_eq!(instance_family("ml.p4d.24xlarge"), Some("p4d"));
    assert_eq!(instance_family("ml.p6-b200.48xlarge"), Some("p6-b200"));
    assert_eq!(instance_family("ml_trn1"), Some("trn1"));
    assert_eq!(instance_family("p4d.24xlarge"), None);
    assert_eq!(compare_versions("1.13", "1.13.0"), Some(Ordering::Equal));
    assert_eq!(compare_versions("1.10", "1.9.1"), Some(Ordering::Greater));
    assert_eq!(compare_versions("1.x", "1"), None);
}

/// Trainium's regions are the `registries` of sagemaker 2.257.7's `pytorch-neuron.json`
/// (training scope): 17 regions, each with the account written there; anywhere else the
/// SDK says "Unsupported region" (`image_uris._registry_from_region`).
#[test]
fn trainium_images_exist_in_the_regions_of_the_sdk_neuron_config() {
    const TAG: &str = "pytorch-training-neuron:1.11.0-neuron-py38-sdk2.4.0-ubuntu20.04";
    let sdk_registries = [
        ("ap-northeast-1", "763104351884"),
        ("ap-south-1", "763104351884"),
        ("ap-south-2", "772153158452"),
        ("ap-southeast-1", "763104351884"),
        ("ap-southeast-2", "763104351884"),
        ("ap-southeast-4", "457447274322"),
        ("eu-central-1", "763104351884"),
        ("eu-central-2", "380420809688"),
        ("eu-south-2", "503227376785"),
        ("eu-west-1", "763104351884"),
        ("eu-west-3", "763104351884"),
        ("il-central-1", "780543022126"),
        ("sa-east-1", "763104351884"),
        ("us-east-1", "763104351884"),
        ("us-east-2", "763104351884"),
        ("us-west-2", "763104351884"),
        ("ca-west-1", "204538143572"),
    ];
    for (region, account) in sdk_registries {
        let req = request(Framework::Pytorch, "1.11.0", "py38", region, "ml.trn1.32xlarge");
        assert_eq!(resolve(&req), Ok(format!("{account}.dkr.ecr.{region}.amazonaws.com/{TAG}")), "{region}");
    }
    for region in
        ["us-west-1", "cn-north-1", "cn-northwest-1", "us-gov-west-1", "af-south-1", "eu-west-2", "me-south-1"]
    {
        let req = request(Framework::Pytorch, "1.11.0", "py38", region, "ml.trn1.2xlarge");
        assert!(
            matches!(resolve(&req), Err(ImageError::VersionNotInRegion { ref available, .. }) if available.len() == 17),
            "{region}: {:?}",
            resolve(&req)
        );
    }
}

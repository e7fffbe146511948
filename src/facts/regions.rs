//! AWS regions: partition DNS suffix and the image registry accounts of the SDK's image
//! config.
//!
//! Source: `reference/sagemaker-facts.md` §4.2–§4.4: botocore 1.44.8 `endpoints.json`
//! (through the SDK's resolver) and sagemaker 2.257.7 `image_uri_config/{pytorch,
//! tensorflow,pytorch-smp}.json` (`training` scope). botocore lists 44 SageMaker regions;
//! the image config knows 42 of them (`dlc_account` is `None` for the other two).

/// One region and its registries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    /// Region name, e.g. `us-west-2`.
    pub name: &'static str,
    /// DNS suffix of the partition's ECR endpoints (`ecr.<region>.<suffix>`).
    pub dns_suffix: &'static str,
    /// Account of the `pytorch-training` / `tensorflow-training` DLC repositories.
    pub dlc_account: Option<&'static str>,
    /// Account of the legacy `sagemaker-pytorch` / `sagemaker-tensorflow[-scriptmode]` repositories.
    pub legacy_account: Option<&'static str>,
    /// Account of the SMP v2 `smdistributed-modelparallel` repository.
    pub smp_account: Option<&'static str>,
}

/// Every SageMaker region botocore 1.44.8 knows, with its registries.
#[rustfmt::skip]
pub const REGIONS: &[Region] = &[
    Region { name: "af-south-1", dns_suffix: "amazonaws.com", dlc_account: Some("626614931356"), legacy_account: Some("313743910680"), smp_account: None },
    Region { name: "ap-east-1", dns_suffix: "amazonaws.com", dlc_account: Some("871362719292"), legacy_account: Some("057415533634"), smp_account: None },
    Region { name: "ap-east-2", dns_suffix: "amazonaws.com", dlc_account: Some("975050140332"), legacy_account: None, smp_account: None },
    Region { name: "ap-northeast-1", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "ap-northeast-2", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "ap-northeast-3", dns_suffix: "amazonaws.com", dlc_account: Some("364406365360"), legacy_account: None, smp_account: Some("658645717510") },
    Region { name: "ap-south-1", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "ap-south-2", dns_suffix: "amazonaws.com", dlc_account: Some("772153158452"), legacy_account: None, smp_account: None },
    Region { name: "ap-southeast-1", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "ap-southeast-2", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "ap-southeast-3", dns_suffix: "amazonaws.com", dlc_account: Some("907027046896"), legacy_account: None, smp_account: None },
    Region { name: "ap-southeast-4", dns_suffix: "amazonaws.com", dlc_account: Some("457447274322"), legacy_account: None, smp_account: None },
    Region { name: "ap-southeast-5", dns_suffix: "amazonaws.com", dlc_account: Some("550225433462"), legacy_account: None, smp_account: None },
    Region { name: "ap-southeast-6", dns_suffix: "amazonaws.com", dlc_account: Some("633930458069"), legacy_account: None, smp_account: None },
    Region { name: "ap-southeast-7", dns_suffix: "amazonaws.com", dlc_account: Some("590183813437"), legacy_account: None, smp_account: None },
    Region { name: "ca-central-1", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "ca-west-1", dns_suffix: "amazonaws.com", dlc_account: Some("204538143572"), legacy_account: None, smp_account: None },
    Region { name: "cn-north-1", dns_suffix: "amazonaws.com.cn", dlc_account: Some("727897471807"), legacy_account: Some("422961961927"), smp_account: None },
    Region { name: "cn-northwest-1", dns_suffix: "amazonaws.com.cn", dlc_account: Some("727897471807"), legacy_account: Some("423003514399"), smp_account: None },
    Region { name: "eu-central-1", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "eu-central-2", dns_suffix: "amazonaws.com", dlc_account: Some("380420809688"), legacy_account: None, smp_account: None },
    Region { name: "eu-north-1", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "eu-south-1", dns_suffix: "amazonaws.com", dlc_account: Some("692866216735"), legacy_account: Some("048378556238"), smp_account: None },
    Region { name: "eu-south-2", dns_suffix: "amazonaws.com", dlc_account: Some("503227376785"), legacy_account: None, smp_account: None },
    Region { name: "eu-west-1", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "eu-west-2", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "eu-west-3", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "il-central-1", dns_suffix: "amazonaws.com", dlc_account: Some("780543022126"), legacy_account: None, smp_account: None },
    Region { name: "me-central-1", dns_suffix: "amazonaws.com", dlc_account: Some("914824155844"), legacy_account: None, smp_account: None },
    Region { name: "me-south-1", dns_suffix: "amazonaws.com", dlc_account: Some("217643126080"), legacy_account: Some("724002660598"), smp_account: None },
    Region { name: "mx-central-1", dns_suffix: "amazonaws.com", dlc_account: Some("637423239942"), legacy_account: None, smp_account: None },
    Region { name: "sa-east-1", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "us-east-1", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "us-east-2", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "us-gov-east-1", dns_suffix: "amazonaws.com", dlc_account: Some("446045086412"), legacy_account: None, smp_account: None },
    Region { name: "us-gov-west-1", dns_suffix: "amazonaws.com", dlc_account: Some("442386744353"), legacy_account: Some("246785580436"), smp_account: None },
    Region { name: "us-iso-east-1", dns_suffix: "c2s.ic.gov", dlc_account: Some("886529160074"), legacy_account: Some("744548109606"), smp_account: None },
    Region { name: "us-isob-east-1", dns_suffix: "sc2s.sgov.gov", dlc_account: Some("094389454867"), legacy_account: Some("453391408702"), smp_account: None },
    Region { name: "us-isof-east-1", dns_suffix: "csp.hci.ic.gov", dlc_account: Some("303241398832"), legacy_account: None, smp_account: None },
    Region { name: "us-isof-south-1", dns_suffix: "csp.hci.ic.gov", dlc_account: Some("454834333376"), legacy_account: None, smp_account: None },
    Region { name: "us-west-1", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "us-west-2", dns_suffix: "amazonaws.com", dlc_account: Some("763104351884"), legacy_account: Some("520713654638"), smp_account: Some("658645717510") },
    Region { name: "eu-isoe-west-1", dns_suffix: "cloud.adc-e.uk", dlc_account: None, legacy_account: None, smp_account: None },
    Region { name: "eusc-de-east-1", dns_suffix: "amazonaws.eu", dlc_account: None, legacy_account: None, smp_account: None },
];

/// Regions where SageMaker Debugger and the profiler are unavailable, so the SDK sends no
/// `DebugHookConfig` and `ProfilerConfig = {DisableProfiler: true}`.
///
/// Source: sagemaker 2.257.7 `fw_utils.py` `DEBUGGER_UNSUPPORTED_REGIONS` =
/// `PROFILER_UNSUPPORTED_REGIONS` (facts §3.5).
pub const DEBUGGER_UNSUPPORTED_REGIONS: &[&str] = &[
    "us-iso-east-1",
    "us-isob-east-1",
    "ap-southeast-3",
    "ap-southeast-4",
    "eu-south-2",
    "me-central-1",
    "ap-south-2",
    "eu-central-2",
    "us-gov-east-1",
];

/// The region named `name`, if SageMaker has it.
pub fn region(name: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.name == name)
}

/// Every region name, in table order.
pub fn region_names() -> impl Iterator<Item = &'static str> {
    REGIONS.iter().map(|r| r.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_four_regions_forty_two_with_images() {
        assert_eq!(REGIONS.len(), 44);
        assert_eq!(REGIONS.iter().filter(|r| r.dlc_account.is_some()).count(), 42);
        assert_eq!(REGIONS.iter().filter(|r| r.smp_account.is_some()).count(), 17);
    }

    #[test]
    fn china_uses_its_own_domain() {
        assert_eq!(region("cn-north-1").map(|r| r.dns_suffix), Some("amazonaws.com.cn"));
    }
}

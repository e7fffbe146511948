//! Version numbers as the SDK compares them: PEP 440 release segments, so `2.9 ==
//! 2.9.0 < 2.10`. The one comparison every table and rule uses.

use std::cmp::Ordering;

/// The numeric release segments of a version such as `2.9` or `2.11.0`; `None` when a
/// segment is not a number.
pub fn release_segments(version: &str) -> Option<Vec<u64>> {
    version.split('.').map(|s| s.parse::<u64>().ok()).collect()
}

/// Compares two numeric versions as PEP 440 compares releases: missing trailing segments
/// count as 0, so `2.9 == 2.9.0 < 2.10`. `None` when either is not numeric.
pub fn compare_versions(a: &str, b: &str) -> Option<Ordering> {
    let (a, b) = (release_segments(a)?, release_segments(b)?);
    let len = a.len().max(b.len());
    let at = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
    Some((0..len).map(|i| at(&a, i).cmp(&at(&b, i))).find(|o| o.is_ne()).unwrap_or(Ordering::Equal))
}

/// `version >= floor` ([`compare_versions`]); `None` when either is not numeric.
pub fn at_least(version: &str, floor: &str) -> Option<bool> {
    compare_versions(version, floor).map(Ordering::is_ge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(compare_versions("2.8.0", "2.9"), Some(Ordering::Less));
        assert_eq!(compare_versions("2.9", "2.9.0"), Some(Ordering::Equal));
        assert_eq!(compare_versions("2.10", "2.9"), Some(Ordering::Greater));
        assert_eq!(compare_versions("2.11.0", "2.9"), Some(Ordering::Greater));
        assert_eq!(compare_versions("2.x", "2.9"), None);
        assert_eq!(release_segments("1.13.1"), Some(vec![1, 13, 1]));
    }

    #[test]
    fn at_least_compares_numerically() {
        assert_eq!(at_least("1.10", "1.3"), Some(true));
        assert_eq!(at_least("1.2.9", "1.3"), Some(false));
        assert_eq!(at_least("1.15", "1.15.0"), Some(true));
        assert_eq!(at_least("latest", "1.3"), None);
    }
}

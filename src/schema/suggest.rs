//! "Did you mean …?" for misspelled keys and enum values.

/// The candidate closest to `given`, if one is close enough to be a likely typo.
///
/// Uses Jaro-Winkler similarity, which favours a shared prefix, so truncations
/// (`ml.p4d.24xl`) and dropped letters (`instnce_type`) both find their target.
pub fn did_you_mean<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given_lower = given.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&given_lower, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The one candidate close enough to `given` to be a likely typo, or `None` when none is
/// or when several are: a repair (`sagespec fix`) is made only when the intent is certain.
pub fn only_close_match<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given_lower = given.to_ascii_lowercase();
    let mut close =
        candidates.into_iter().filter(|c| strsim::jaro_winkler(&given_lower, &c.to_ascii_lowercase()) >= THRESHOLD);
    match (close.next(), close.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The Jaro-Winkler similarity from which a candidate counts as close.
const THRESHOLD: f64 = 0.85;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_misspelled_keys_and_truncated_values() {
        assert_eq!(
            did_you_mean("instnce_type", ["instance_count", "instance_type", "instance_groups"]),
            Some("instance_type")
        );
        assert_eq!(
            did_you_mean("ml.p4d.24xl", ["ml.p4de.24xlarge", "ml.p4d.24xlarge", "ml.p3.2xlarge"]),
            Some("ml.p4d.24xlarge")
        );
        assert_eq!(did_you_mean("zzz", ["instance_type"]), None);
    }

    #[test]
    fn only_one_close_candidate_is_a_certain_match() {
        assert_eq!(only_close_match("instnce_type", ["instance_type", "role"]), Some("instance_type"));
        // `ml.p4d.24xl` is close to both p4d and p4de: not certain.
        assert_eq!(only_close_match("ml.p4d.24xl", ["ml.p4de.24xlarge", "ml.p4d.24xlarge"]), None);
        assert_eq!(only_close_match("zzz", ["instance_type"]), None);
    }
}

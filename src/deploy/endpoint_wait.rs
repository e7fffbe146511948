//! Following an endpoint until SageMaker is done with it: DescribeEndpoint until its
//! status is no longer in progress (`Creating`, `Updating`, `SystemUpdating`,
//! `RollingBack`, `Deleting`) or it is gone.
//!
//! The first look is immediate, then the pause doubles from [`Pace::first`] up to
//! [`Pace::max`] (the SDK's own endpoint waiter polls every 30 s), so a quick change is
//! seen quickly and a slow one costs one call every half minute. After [`Pace::limit`]
//! it gives up and says what the endpoint was doing.

use std::time::Duration;

use crate::aws::{AwsError, LiveEndpoint, SageMakerApi};

/// How often and how long to look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pace {
    /// The pause after the first look.
    pub first: Duration,
    /// The longest pause.
    pub max: Duration,
    /// How long to wait in all.
    pub limit: Duration,
}

impl Pace {
    /// Endpoints: 1 s, doubling to 30 s, for at most 90 minutes (creating an endpoint
    /// on large instances takes tens of minutes).
    pub const ENDPOINT: Self =
        Self { first: Duration::from_secs(1), max: Duration::from_secs(30), limit: Duration::from_secs(90 * 60) };
}

/// How an endpoint ended up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settled {
    /// There is no endpoint of that name (any more).
    Gone,
    /// SageMaker is done with it: its status and configuration.
    Done(LiveEndpoint),
    /// Still in progress after [`Pace::limit`].
    TimedOut(LiveEndpoint),
}

/// Follows the endpoint `name` until it settles.
pub async fn settle<A: SageMakerApi>(api: &A, region: &str, name: &str, pace: Pace) -> Result<Settled, AwsError> {
    let started = tokio::time::Instant::now();
    let mut pause = pace.first;
    loop {
        let Some(endpoint) = api.describe_endpoint(region, name).await? else { return Ok(Settled::Gone) };
        if !endpoint.status.is_in_progress() {
            return Ok(Settled::Done(endpoint));
        }
        if started.elapsed() >= pace.limit {
            return Ok(Settled::TimedOut(endpoint));
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(pace.max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::EndpointStatus;
    use crate::aws::fake::FakeAws;

    /// [`Pace::ENDPOINT`]'s shape, in milliseconds.
    const QUICK: Pace =
        Pace { first: Duration::from_millis(1), max: Duration::from_millis(4), limit: Duration::from_secs(10) };

    #[tokio::test]
    async fn an_endpoint_is_followed_until_it_is_in_service_or_gone() {
        let api = FakeAws::default().describing_endpoint(
            "e",
            "c",
            vec![
                Ok((EndpointStatus::Creating, None)),
                Ok((EndpointStatus::Creating, None)),
                Ok((EndpointStatus::InService, None)),
            ],
        );
        let settled = settle(&api, "us-west-2", "e", QUICK).await.expect("settles");
        let Settled::Done(endpoint) = settled else { panic!("not done: {settled:?}") };
        assert_eq!(endpoint.status, EndpointStatus::InService);
        assert_eq!(api.deploy_calls().iter().filter(|c| *c == "DescribeEndpoint e").count(), 3);
        assert_eq!(settle(&api, "us-west-2", "missing", QUICK).await.expect("gone"), Settled::Gone);
    }

    #[tokio::test]
    async fn an_endpoint_that_never_settles_times_out_with_its_status() {
        let api = FakeAws::default().describing_endpoint("e", "c", vec![Ok((EndpointStatus::Updating, None))]);
        let pace = Pace { limit: Duration::from_millis(30), ..QUICK };
        let settled = settle(&api, "us-west-2", "e", pace).await.expect("answers");
        assert!(matches!(settled, Settled::TimedOut(ref e) if e.status == EndpointStatus::Updating), "{settled:?}");
    }
}

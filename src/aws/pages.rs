//! Every page of a paged List call: the one loop the SageMaker List calls share.

use std::future::Future;

use super::AwsError;

/// Calls `page` with each next token (none first) until a page comes back without one (an
/// empty token counts as none), and collects every page's items in order.
pub(super) async fn every_page<T, F, Fut>(mut page: F) -> Result<Vec<T>, AwsError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), AwsError>>,
{
    let mut items = Vec::new();
    let mut token = None;
    loop {
        let (more, next) = page(token).await?;
        items.extend(more);
        token = next.filter(|next| !next.is_empty());
        if token.is_none() {
            return Ok(items);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::every_page;

    #[tokio::test]
    async fn pages_are_followed_until_a_token_is_missing_or_empty() {
        let pages = [(vec![1, 2], Some("a")), (vec![3], Some("")), (vec![9], None)];
        let mut asked = Vec::new();
        let items = every_page(|token| {
            asked.push(token.clone());
            let index = asked.len() - 1;
            let (items, next) = pages[index].clone();
            async move { Ok((items, next.map(str::to_owned))) }
        })
        .await
        .expect("pages");
        assert_eq!(items, [1, 2, 3]);
        assert_eq!(asked, [None, Some("a".to_owned())]);
    }
}

//! What the proxy answers itself for the deployment calls, where moto 5.2.5 differs from
//! SageMaker:
//!
//! - **UpdateEndpoint** (moto has none). Answered as the SageMaker API reference documents
//!   it: the endpoint must exist (else moto's own `ValidationException: Could not find
//!   endpoint …`) and so must the new configuration (`Could not find endpoint
//!   configuration …`); the endpoint then runs the new configuration, and "when SageMaker
//!   receives the request, it sets the endpoint status to `Updating`; after updating the
//!   endpoint, it sets the status to `InService`". The proxy makes moto hold the switch
//!   (it deletes the endpoint and creates it again, same name and tags, on the new
//!   configuration, so DescribeEndpoint and ListEndpoints report it), answers
//!   `{"EndpointArn": …}`, and the next [`UPDATING_DESCRIBES`] DescribeEndpoint answers for
//!   that endpoint say `Updating` before moto's `InService` shows through.
//! - **A Create of a name already taken.** SageMaker answers `ValidationException: Cannot
//!   create already existing model "<arn>".` (… `endpoint configuration`, …
//!   `endpoint`); moto silently replaces the resource. The proxy asks moto's Describe
//!   first and answers SageMaker's error itself when the name is taken.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{Request, answer, status_of};

/// How many DescribeEndpoint answers say `Updating` after an UpdateEndpoint.
pub const UPDATING_DESCRIBES: u32 = 1;

const JSON: &str = "application/x-amz-json-1.1";

/// The proxy's deployment state.
#[derive(Default)]
pub struct DeployState {
    /// Endpoints being "updated": DescribeEndpoint answers left that say `Updating`.
    updating: Mutex<HashMap<String, u32>>,
    /// UpdateEndpoint requests that switched an endpoint.
    pub updates: AtomicU64,
    /// Create requests answered "Cannot create already existing".
    pub duplicate_creates: AtomicU64,
}

/// The Create calls whose taken names the proxy refuses: (operation, name member,
/// Describe operation, ARN member of the Describe answer, SageMaker's noun).
const CREATES: &[(&str, &str, &str, &str, &str)] = &[
    ("SageMaker.CreateModel", "ModelName", "SageMaker.DescribeModel", "ModelArn", "model"),
    (
        "SageMaker.CreateEndpointConfig",
        "EndpointConfigName",
        "SageMaker.DescribeEndpointConfig",
        "EndpointConfigArn",
        "endpoint configuration",
    ),
    ("SageMaker.CreateEndpoint", "EndpointName", "SageMaker.DescribeEndpoint", "EndpointArn", "endpoint"),
];

/// The proxy's own answer to `request`, when it gives one; `None` to forward it as it is.
pub async fn intercept(request: &Request, upstream: u16, state: &DeployState) -> std::io::Result<Option<Vec<u8>>> {
    let Some(target) = request.target.as_deref() else { return Ok(None) };
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let authorization = header(request, "authorization");
    let call = |target: &'static str, body: Value| moto(upstream, authorization.clone(), target, body);
    if let Some((_, member, describe, arn_member, noun)) = CREATES.iter().find(|(op, ..)| *op == target) {
        let name = body[member].as_str().unwrap_or_default().to_owned();
        let (status, existing) = call(describe, json!({ *member: name })).await?;
        if status == 200 {
            state.duplicate_creates.fetch_add(1, Ordering::SeqCst);
            let arn = existing.1[arn_member].as_str().unwrap_or_default();
            let error = json!({
                "__type": "ValidationException",
                "message": format!("Cannot create already existing {noun} \"{arn}\"."),
            });
            return Ok(Some(answer(400, "Bad Request", JSON, &error.to_string(), false)));
        }
        return Ok(None);
    }
    match target {
        "SageMaker.UpdateEndpoint" => update_endpoint(&body, &call, state).await.map(Some),
        "SageMaker.DescribeEndpoint" => {
            let name = body["EndpointName"].as_str().unwrap_or_default().to_owned();
            let (status, (raw, mut described)) = call("SageMaker.DescribeEndpoint", body.clone()).await?;
            if status != 200 {
                return Ok(Some(raw));
            }
            let mut updating = state.updating.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            match updating.get_mut(&name) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    described["EndpointStatus"] = json!("Updating");
                    Ok(Some(answer(200, "OK", JSON, &described.to_string(), false)))
                }
                _ => Ok(Some(raw)),
            }
        }
        "SageMaker.DeleteEndpoint" => {
            if let Some(name) = body["EndpointName"].as_str() {
                state.updating.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(name);
            }
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// UpdateEndpoint, as the API reference documents it (see the module's documentation).
async fn update_endpoint<F, Fut>(body: &Value, call: &F, state: &DeployState) -> std::io::Result<Vec<u8>>
where
    F: Fn(&'static str, Value) -> Fut,
    Fut: std::future::Future<Output = std::io::Result<(u16, (Vec<u8>, Value))>>,
{
    let name = body["EndpointName"].as_str().unwrap_or_default().to_owned();
    let config = body["EndpointConfigName"].as_str().unwrap_or_default().to_owned();
    let (status, (raw, endpoint)) = call("SageMaker.DescribeEndpoint", json!({ "EndpointName": name })).await?;
    if status != 200 {
        return Ok(raw);
    }
    let (status, (raw, _)) = call("SageMaker.DescribeEndpointConfig", json!({ "EndpointConfigName": config })).await?;
    if status != 200 {
        return Ok(raw);
    }
    let arn = endpoint["EndpointArn"].as_str().unwrap_or_default().to_owned();
    let (status, (raw, tags)) = call("SageMaker.ListTags", json!({ "ResourceArn": arn })).await?;
    if status != 200 {
        return Ok(raw);
    }
    let tags = tags["Tags"].clone();
    let (status, (raw, _)) = call("SageMaker.DeleteEndpoint", json!({ "EndpointName": name })).await?;
    if status != 200 {
        return Ok(raw);
    }
    let recreate = json!({ "EndpointName": name, "EndpointConfigName": config, "Tags": tags });
    let (status, (raw, _)) = call("SageMaker.CreateEndpoint", recreate).await?;
    if status != 200 {
        return Ok(raw);
    }
    state.updating.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(name, UPDATING_DESCRIBES);
    state.updates.fetch_add(1, Ordering::SeqCst);
    Ok(answer(200, "OK", JSON, &json!({ "EndpointArn": arn }).to_string(), false))
}

fn header(request: &Request, name: &str) -> Option<String> {
    String::from_utf8_lossy(&request.head).lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
    })
}

/// One awsJson1.1 call to moto, with the client's `Authorization` header (moto reads the
/// region and account from it and checks no signature): the status, the raw response,
/// and its JSON body (`null` when it has none).
async fn moto(
    upstream: u16,
    authorization: Option<String>,
    target: &'static str,
    body: Value,
) -> std::io::Result<(u16, (Vec<u8>, Value))> {
    let body = body.to_string();
    let authorization = authorization.unwrap_or_else(|| {
        "AWS4-HMAC-SHA256 Credential=testing/20240101/us-west-2/sagemaker/aws4_request, SignedHeaders=host, Signature=0"
            .to_owned()
    });
    let mut server = TcpStream::connect(("127.0.0.1", upstream)).await?;
    let head = format!(
        "POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nX-Amz-Target: {target}\r\nContent-Type: {JSON}\r\n\
         Authorization: {authorization}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    server.write_all(head.as_bytes()).await?;
    server.write_all(body.as_bytes()).await?;
    let mut response = Vec::new();
    server.read_to_end(&mut response).await?;
    let json = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .and_then(|at| serde_json::from_slice(&response[at + 4..]).ok())
        .unwrap_or(Value::Null);
    Ok((status_of(&response), (response, json)))
}

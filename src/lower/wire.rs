//! The request on the wire: the body the AWS SDK for Rust serializes for an operation's
//! input (`CreateTrainingJob`, `CreateHyperParameterTuningJob`, any [`Operation`]),
//! captured without sending it.
//!
//! [`capture_body`] runs the real SDK client on a current-thread tokio runtime with:
//!
//! - an interceptor that copies the serialized body in `read_after_serialization` (before
//!   endpoint resolution, signing and transmission) and then aborts the call;
//! - an HTTP client whose connector refuses every request, so even if the abort failed no
//!   socket could be opened;
//! - no credentials provider (nothing is signed).
//!
//! So the JSON `sagespec compile` prints is the SDK's own serialization of the same input
//! value `apply` sends with `send_with`. Each thread keeps its runtime and one client per
//! region, so compiling many manifests builds them once, not once per request.
//!
//! The SDK writes maps (`HyperParameters`, `Environment`, …) in hash order, which changes
//! from run to run; [`ordered_body`] re-orders those maps to the job's order and leaves
//! everything else as serialized.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use aws_sdk_sagemaker::config::{BehaviorVersion, Region};
use std::future::Future;
use std::pin::Pin;

use aws_sdk_sagemaker::operation::create_endpoint::builders::CreateEndpointInputBuilder;
use aws_sdk_sagemaker::operation::create_endpoint_config::builders::CreateEndpointConfigInputBuilder;
use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::builders::CreateHyperParameterTuningJobInputBuilder;
use aws_sdk_sagemaker::operation::create_model::builders::CreateModelInputBuilder;
use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use serde_json::{Map, Value as Json};

/// Why the body could not be captured.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// The tokio runtime could not start.
    #[error("cannot start the runtime: {0}")]
    Runtime(#[from] std::io::Error),
    /// The SDK failed before serializing the request.
    #[error("the AWS SDK did not serialize the request: {0}")]
    NotSerialized(String),
    /// The serialized body is not JSON.
    #[error("the AWS SDK's request body is not JSON: {0}")]
    NotJson(#[from] serde_json::Error),
    /// The thread a capture inside an async runtime ran on failed.
    #[error("the thread capturing the request failed")]
    CaptureThread,
}

/// An operation's input builder, as the capturing client sends it: the one place that
/// knows how each operation is sent, so capturing is one code path for all of them.
pub trait Operation {
    /// Sends the input with `client` (which captures it and sends nothing).
    fn send_to(self, client: &aws_sdk_sagemaker::Client) -> Sent<'_>;
}

/// What [`Operation::send_to`] returns: the call, its outcome reduced to an error text.
pub type Sent<'c> = Pin<Box<dyn Future<Output = Result<(), String>> + 'c>>;

macro_rules! operations {
    ($($builder:ty),* $(,)?) => {$(
        impl Operation for $builder {
            fn send_to(self, client: &aws_sdk_sagemaker::Client) -> Sent<'_> {
                Box::pin(async move {
                    self.send_with(client).await.map(|_| ()).map_err(|error| format!("{error:?}"))
                })
            }
        }
    )*};
}

operations!(
    CreateTrainingJobInputBuilder,
    CreateHyperParameterTuningJobInputBuilder,
    CreateModelInputBuilder,
    CreateEndpointConfigInputBuilder,
    CreateEndpointInputBuilder,
);

/// The JSON body the SDK would send for `input` in `region`. Nothing is transmitted.
pub fn capture_body(input: impl Operation + Send, region: &str) -> Result<Vec<u8>, WireError> {
    // Blocking on the capturer's runtime from a thread that runs inside another runtime
    // panics, so there the capture runs on a thread of its own.
    if tokio::runtime::Handle::try_current().is_ok() {
        return std::thread::scope(|scope| {
            scope.spawn(|| capture_on_this_thread(input, region)).join().unwrap_or(Err(WireError::CaptureThread))
        });
    }
    capture_on_this_thread(input, region)
}

/// [`capture_body`] with this thread's capturer.
fn capture_on_this_thread(input: impl Operation, region: &str) -> Result<Vec<u8>, WireError> {
    thread_local! {
        static CAPTURER: RefCell<Option<Capturer>> = const { RefCell::new(None) };
    }
    CAPTURER.with(|cell| {
        let mut cell = cell.borrow_mut();
        let capturer = match cell.as_mut() {
            Some(capturer) => capturer,
            None => cell.insert(Capturer::new()?),
        };
        capturer.capture(input, region)
    })
}

/// A current-thread runtime and a capturing client per region, for one thread.
struct Capturer {
    runtime: tokio::runtime::Runtime,
    clients: Vec<RegionClient>,
}

/// A capturing client and the slot its interceptor fills.
struct RegionClient {
    region: String,
    client: aws_sdk_sagemaker::Client,
    slot: Arc<Mutex<Option<Vec<u8>>>>,
}

impl Capturer {
    fn new() -> Result<Self, WireError> {
        Ok(Self { runtime: tokio::runtime::Builder::new_current_thread().enable_time().build()?, clients: Vec::new() })
    }

    fn capture(&mut self, input: impl Operation, region: &str) -> Result<Vec<u8>, WireError> {
        let index = self.clients.iter().position(|c| c.region == region).unwrap_or_else(|| {
            let slot = Arc::new(Mutex::new(None));
            let client = capturing_client(region, Arc::clone(&slot));
            self.clients.push(RegionClient { region: region.to_owned(), client, slot });
            self.clients.len() - 1
        });
        let RegionClient { client, slot, .. } = &self.clients[index];
        let outcome = self.runtime.block_on(input.send_to(client));
        let captured = slot.lock().ok().and_then(|mut guard| guard.take());
        match (captured, outcome) {
            (Some(body), _) => Ok(body),
            (None, Ok(())) => Err(WireError::NotSerialized("the call returned without a request".into())),
            (None, Err(error)) => Err(WireError::NotSerialized(error)),
        }
    }
}

/// A client for `region` that copies each serialized body into `slot` and sends nothing.
fn capturing_client(region: &str, slot: Arc<Mutex<Option<Vec<u8>>>>) -> aws_sdk_sagemaker::Client {
    let config = aws_sdk_sagemaker::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .http_client(RefusingHttpClient)
        .interceptor(CaptureBody { slot })
        .build();
    aws_sdk_sagemaker::Client::from_conf(config)
}

/// The captured body as JSON, with the maps the SDK writes in hash order put in a
/// deterministic order: each map listed in `orders` follows its key list (keys not in the
/// list, if any, after them in sorted order); every other member keeps the SDK's order.
pub fn ordered_body(body: &[u8], orders: &MapOrders) -> Result<Json, WireError> {
    let mut json: Json = serde_json::from_slice(body)?;
    for (pointer, order) in &orders.maps {
        if let Some(Json::Object(map)) = json.pointer_mut(pointer) {
            reorder(map, order);
        }
    }
    Ok(json)
}

/// The wanted key order of each hash-ordered map of a request, by JSON pointer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapOrders {
    /// `(pointer, keys in order)`.
    pub maps: Vec<(String, Vec<String>)>,
}

fn reorder(map: &mut Map<String, Json>, order: &[String]) {
    let mut rest: Vec<(String, Json)> = std::mem::take(map).into_iter().collect();
    rest.sort_by(|a, b| a.0.cmp(&b.0));
    for key in order {
        if let Some(index) = rest.iter().position(|(k, _)| k == key) {
            let (k, v) = rest.remove(index);
            map.insert(k, v);
        }
    }
    map.extend(rest);
}

/// Copies the serialized body, then stops the call before anything is sent.
#[derive(Debug)]
struct CaptureBody {
    slot: Arc<Mutex<Option<Vec<u8>>>>,
}

/// The error that ends the call once the body is captured.
#[derive(Debug, thiserror::Error)]
#[error("sagespec captured the request; it is never sent")]
struct Captured;

impl Intercept for CaptureBody {
    fn name(&self) -> &'static str {
        "sagespec::CaptureBody"
    }

    fn read_after_serialization(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let body = context.request().body().bytes().ok_or("the request body is a stream")?;
        let mut slot = self.slot.lock().map_err(|_| "capture slot poisoned")?;
        *slot = Some(body.to_vec());
        Err(Box::new(Captured))
    }
}

/// An HTTP client that never connects: every request fails before any I/O.
#[derive(Debug)]
struct RefusingHttpClient;

impl HttpClient for RefusingHttpClient {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(RefusingConnector)
    }
}

#[derive(Debug)]
struct RefusingConnector;

impl HttpConnector for RefusingConnector {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        HttpConnectorFuture::ready(Err(ConnectorError::other("sagespec compile never sends requests".into(), None)))
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_request_is_captured_inside_an_async_runtime_too() {
        let input = aws_sdk_sagemaker::operation::create_endpoint::CreateEndpointInput::builder()
            .endpoint_name("e")
            .endpoint_config_name("c");
        let body = super::capture_body(input, "us-west-2").expect("captured");
        let json: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(json, serde_json::json!({"EndpointName": "e", "EndpointConfigName": "c"}));
    }

    use super::*;

    #[test]
    fn maps_follow_the_given_order_and_the_rest_is_sorted() {
        let body = br#"{"B": 1, "HyperParameters": {"z": "1", "a": "2", "m": "3"}, "A": 2}"#;
        let orders = MapOrders { maps: vec![("/HyperParameters".into(), vec!["m".into(), "z".into()])] };
        let json = ordered_body(body, &orders).expect("json");
        let text = serde_json::to_string(&json).expect("text");
        assert_eq!(text, r#"{"B":1,"HyperParameters":{"m":"3","z":"1","a":"2"},"A":2}"#);
    }
}

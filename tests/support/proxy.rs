//! A counting, fault-injecting HTTP proxy on 127.0.0.1, between sagespec and moto.
//!
//! Each connection carries one request (moto answers `Connection: close`, so the SDK opens
//! a new connection per request). For each request the proxy either forwards it to moto
//! or, with probability `fault_rate`, injects one [`Fault`] chosen at random: a 500, a
//! 503, a throttling error (in the protocol's own shape), a connection dropped before
//! forwarding, or a connection dropped *after* moto handled the request (the response is
//! lost, so the client retries something that happened).
//!
//! It also stands in for what moto lacks: SageMaker refuses a second CreateTrainingJob
//! with a name already taken (`ResourceInUse`); moto silently accepts it. The proxy
//! answers `ResourceInUse` itself for names moto already created, so moto sees each job
//! created at most once and [`ProxyCounts`] counts creates exactly. For the deployment
//! calls it answers UpdateEndpoint (moto has none) and taken model, endpoint
//! configuration and endpoint names ([`deploy`] says how), and completes moto's FSx
//! DescribeFileSystems answers ([`fsx`] says how). It counts S3 GetBucketLocation
//! requests, the bucket look-ups of the account checks.

mod deploy;
mod fsx;

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// An injected failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// HTTP 500.
    InternalError,
    /// HTTP 503.
    Unavailable,
    /// A throttling error.
    Throttling,
    /// Connection closed without an answer, before forwarding.
    DropBefore,
    /// Forwarded to moto, then the connection is closed without the answer.
    DropAfter,
}

const FAULTS: [Fault; 5] =
    [Fault::InternalError, Fault::Unavailable, Fault::Throttling, Fault::DropBefore, Fault::DropAfter];

/// What went through the proxy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProxyCounts {
    /// Requests received.
    pub requests: u64,
    /// Faults injected.
    pub faults: u64,
    /// CreateTrainingJob requests received (including retries and rejected duplicates).
    pub create_requests: u64,
    /// Jobs moto created (CreateTrainingJob forwarded and answered 200).
    pub creates: u64,
    /// CreateTrainingJob requests answered `ResourceInUse` (name already created).
    pub duplicate_creates: u64,
    /// PutObject requests moto answered 200.
    pub uploads: u64,
    /// CreateHyperParameterTuningJob requests received (moto itself answers `ResourceInUse`
    /// for a tuning job name it holds, so the proxy only counts these).
    pub tuning_create_requests: u64,
    /// Tuning jobs moto created (CreateHyperParameterTuningJob answered 200).
    pub tuning_creates: u64,
    /// UpdateEndpoint requests that switched an endpoint's configuration.
    pub endpoint_updates: u64,
    /// CreateModel, CreateEndpointConfig and CreateEndpoint requests answered
    /// "Cannot create already existing" (name already taken).
    pub deploy_duplicate_creates: u64,
    /// S3 GetBucketLocation requests received (`GET /<bucket>?location`).
    pub bucket_locations: u64,
}

#[derive(Default)]
struct State {
    requests: AtomicU64,
    faults: AtomicU64,
    create_requests: AtomicU64,
    creates: AtomicU64,
    duplicate_creates: AtomicU64,
    uploads: AtomicU64,
    tuning_create_requests: AtomicU64,
    deploy: deploy::DeployState,
    tuning_creates: AtomicU64,
    bucket_locations: AtomicU64,
    created: Mutex<HashSet<String>>,
    rng: Mutex<u64>,
    fault_per_million: AtomicU64,
    delay_ms: AtomicU64,
}

/// The proxy; runs on its own thread until dropped.
pub struct Proxy {
    /// Its port on 127.0.0.1.
    pub port: u16,
    state: Arc<State>,
    _runtime: tokio::runtime::Runtime,
}

impl Proxy {
    /// Starts a proxy to `127.0.0.1:<upstream>`, injecting faults in `fault_rate` of requests.
    pub fn start(upstream: u16, fault_rate: f64, seed: u64) -> Self {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("proxy runtime");
        let state = Arc::new(State { rng: Mutex::new(seed | 1), ..State::default() });
        state.fault_per_million.store((fault_rate * 1e6) as u64, Ordering::SeqCst);
        let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).expect("bind proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let accept_state = Arc::clone(&state);
        runtime.spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let state = Arc::clone(&accept_state);
                tokio::spawn(async move {
                    let _ = handle(client, upstream, &state).await;
                });
            }
        });
        Self { port, state, _runtime: runtime }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Changes the share of faulted requests.
    pub fn set_fault_rate(&self, fault_rate: f64) {
        self.state.fault_per_million.store((fault_rate * 1e6) as u64, Ordering::SeqCst);
    }

    /// Delays every forwarded request (to catch a run midway).
    pub fn set_delay(&self, delay: Duration) {
        self.state.delay_ms.store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    /// The counts so far.
    pub fn counts(&self) -> ProxyCounts {
        let s = &self.state;
        ProxyCounts {
            requests: s.requests.load(Ordering::SeqCst),
            faults: s.faults.load(Ordering::SeqCst),
            create_requests: s.create_requests.load(Ordering::SeqCst),
            creates: s.creates.load(Ordering::SeqCst),
            duplicate_creates: s.duplicate_creates.load(Ordering::SeqCst),
            uploads: s.uploads.load(Ordering::SeqCst),
            tuning_create_requests: s.tuning_create_requests.load(Ordering::SeqCst),
            tuning_creates: s.tuning_creates.load(Ordering::SeqCst),
            endpoint_updates: s.deploy.updates.load(Ordering::SeqCst),
            deploy_duplicate_creates: s.deploy.duplicate_creates.load(Ordering::SeqCst),
            bucket_locations: s.bucket_locations.load(Ordering::SeqCst),
        }
    }
}

fn next_random(state: &State) -> u64 {
    let mut rng = state.rng.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    // xorshift64*
    let mut x = *rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *rng = x;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

struct Request {
    head: Vec<u8>,
    body: Vec<u8>,
    method: String,
    target: Option<String>,
    query_protocol: bool,
}

async fn read_request(client: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(position) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break position + 4;
        }
        let read = client.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head_text = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let header = |name: &str| {
        head_text.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
        })
    };
    let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = buffer[head_end..].to_vec();
    while body.len() < length {
        let read = client.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        body.extend_from_slice(&chunk[..read]);
    }
    let method = head_text.split(' ').next().unwrap_or_default().to_owned();
    let target = header("x-amz-target");
    let query_protocol = header("content-type").is_some_and(|v| v.contains("x-www-form-urlencoded"));
    let mut head = Vec::new();
    for line in head_text.split("\r\n").filter(|l| !l.is_empty()) {
        if !line.to_ascii_lowercase().starts_with("connection:") {
            head.extend_from_slice(line.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
    }
    head.extend_from_slice(b"Connection: close\r\n\r\n");
    Ok(Some(Request { head, body, method, target, query_protocol }))
}

async fn forward(request: &Request, upstream: u16) -> std::io::Result<Vec<u8>> {
    let mut server = TcpStream::connect(("127.0.0.1", upstream)).await?;
    server.write_all(&request.head).await?;
    server.write_all(&request.body).await?;
    let mut response = Vec::new();
    server.read_to_end(&mut response).await?;
    Ok(response)
}

fn status_of(response: &[u8]) -> u16 {
    String::from_utf8_lossy(&response[..response.len().min(16)])
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn answer(status: u16, reason: &str, content_type: &str, body: &str, head_only: bool) -> Vec<u8> {
    let body = if head_only { "" } else { body };
    format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nx-amzn-RequestId: injected\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn injected(fault: Fault, request: &Request) -> Vec<u8> {
    let head_only = request.method == "HEAD";
    let json = request.target.is_some();
    let (status, reason, code) = match fault {
        Fault::InternalError => (500, "Internal Server Error", if json { "InternalFailure" } else { "InternalError" }),
        Fault::Unavailable => (503, "Service Unavailable", "ServiceUnavailable"),
        _ if json => (400, "Bad Request", "ThrottlingException"),
        _ if request.query_protocol => (400, "Bad Request", "Throttling"),
        _ => (503, "Slow Down", "SlowDown"),
    };
    if json {
        let body = format!(r#"{{"__type":"{code}","message":"injected by the test proxy"}}"#);
        answer(status, reason, "application/x-amz-json-1.1", &body, head_only)
    } else if request.query_protocol {
        let body = format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>injected by the test proxy</Message></Error><RequestId>injected</RequestId></ErrorResponse>"
        );
        answer(status, reason, "text/xml", &body, head_only)
    } else {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected by the test proxy</Message><RequestId>injected</RequestId></Error>"
        );
        answer(status, reason, "application/xml", &body, head_only)
    }
}

async fn handle(mut client: TcpStream, upstream: u16, state: &State) -> std::io::Result<()> {
    let Some(request) = read_request(&mut client).await? else { return Ok(()) };
    state.requests.fetch_add(1, Ordering::SeqCst);
    let is_create = request.target.as_deref() == Some("SageMaker.CreateTrainingJob");
    let path = String::from_utf8_lossy(&request.head)
        .split(' ')
        .nth(1)
        .unwrap_or_default()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let is_put = request.method == "PUT" && request.target.is_none() && path.trim_matches('/').contains('/');
    if is_bucket_location(&request) {
        state.bucket_locations.fetch_add(1, Ordering::SeqCst);
    }
    let create_name = is_create
        .then(|| serde_json::from_slice::<serde_json::Value>(&request.body).ok())
        .flatten()
        .and_then(|json| json["TrainingJobName"].as_str().map(ToOwned::to_owned));
    if is_create {
        state.create_requests.fetch_add(1, Ordering::SeqCst);
    }
    let is_tuning_create = request.target.as_deref() == Some("SageMaker.CreateHyperParameterTuningJob");
    if is_tuning_create {
        state.tuning_create_requests.fetch_add(1, Ordering::SeqCst);
    }

    let rate = state.fault_per_million.load(Ordering::SeqCst);
    let fault = (rate > 0 && next_random(state) % 1_000_000 < rate)
        .then(|| FAULTS[(next_random(state) % FAULTS.len() as u64) as usize]);
    if let Some(fault) = fault {
        state.faults.fetch_add(1, Ordering::SeqCst);
        match fault {
            Fault::DropBefore => return Ok(()),
            Fault::DropAfter => {}
            other => return client.write_all(&injected(other, &request)).await,
        }
    }

    if let Some(name) = &create_name {
        let taken = state.created.lock().unwrap_or_else(std::sync::PoisonError::into_inner).contains(name);
        if taken {
            state.duplicate_creates.fetch_add(1, Ordering::SeqCst);
            let body = format!(
                r#"{{"__type":"ResourceInUse","message":"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({name})"}}"#
            );
            return client.write_all(&answer(400, "Bad Request", "application/x-amz-json-1.1", &body, false)).await;
        }
    }
    let delay = state.delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let response = match deploy::intercept(&request, upstream, &state.deploy).await? {
        Some(response) => response,
        None => forward(&request, upstream).await?,
    };
    let response = fsx::complete(&request, response, upstream).await?;
    if status_of(&response) == 200 {
        if let Some(name) = create_name {
            state.created.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(name);
            state.creates.fetch_add(1, Ordering::SeqCst);
        }
        if is_put {
            state.uploads.fetch_add(1, Ordering::SeqCst);
        }
        if is_tuning_create {
            state.tuning_creates.fetch_add(1, Ordering::SeqCst);
        }
    }
    if fault == Some(Fault::DropAfter) {
        return Ok(());
    }
    client.write_all(&response).await
}

/// Whether `request` is S3 GetBucketLocation: a GET of a bucket (path-style) with the
/// `location` sub-resource.
fn is_bucket_location(request: &Request) -> bool {
    let head = String::from_utf8_lossy(&request.head);
    let target = head.split(' ').nth(1).unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    request.method == "GET"
        && request.target.is_none()
        && !path.trim_matches('/').contains('/')
        && query.split('&').any(|pair| pair == "location" || pair.starts_with("location="))
}

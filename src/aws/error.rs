//! [`AwsError`]: one error type for every AWS call, printed as one line: the service and
//! operation, the HTTP status when there was an answer, then AWS's error code and message,
//! a summary of an answer that is not an AWS error (an HTML page from a proxy, a truncated
//! body), or a plain sentence for transport failures (unreachable endpoint, timeout,
//! missing credentials).
//!
//! Built from the SDK's `SdkError` in one place, [`AwsError::from_sdk`]. Nothing here uses
//! the SDK's `Debug` output (`DisplayErrorContext` appends it, with the whole raw
//! response): transport failures are the chain of their `Display` texts, and a body is
//! summarised, not dumped. Text that came over the wire is cut to one line of printable
//! characters. The message never contains credentials (the SDK's errors do not carry them,
//! and the request is never printed).

use std::error::Error as StdError;
use std::fmt;

use aws_sdk_sagemaker::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

/// How many characters of a body that is not an AWS error the summary shows.
const BODY_SNIPPET_CHARS: usize = 120;

/// What went wrong, by kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AwsErrorKind {
    /// The service answered with an error.
    Service {
        /// The service's error code (`ValidationException`, `AccessDenied`, …).
        code: String,
        /// The service's own message.
        message: String,
    },
    /// An answer came back that is not an AWS error the SDK could read (an HTML error page
    /// from a proxy or load balancer, a truncated body): a one-line summary of it.
    Unreadable(String),
    /// No connection could be made, or it broke (after the SDK's retries).
    Unreachable(String),
    /// The call or one attempt took longer than its timeout.
    Timeout(String),
    /// Anything else (no credentials, a request that could not be built, …).
    Other(String),
}

/// A failed AWS call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsError {
    /// `SageMaker`, `S3`, `STS` or `CloudWatch Logs`.
    pub service: &'static str,
    /// The API operation.
    pub operation: &'static str,
    /// The HTTP status of the answer, when one came back.
    pub status: Option<u16>,
    /// What went wrong.
    pub kind: AwsErrorKind,
}

impl AwsError {
    /// An error with no HTTP answer behind it (what the fakes in tests return, and what
    /// the client says when an answer lacks a field).
    pub fn new(service: &'static str, operation: &'static str, kind: AwsErrorKind) -> Self {
        Self { service, operation, status: None, kind }
    }

    /// Converts an SDK error, keeping the HTTP status and the service's code and message.
    pub fn from_sdk<E>(service: &'static str, operation: &'static str, error: &SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    {
        let status = error.raw_response().map(|raw| raw.status().as_u16());
        let kind = match error {
            SdkError::ServiceError(service_error) => {
                let inner = service_error.err();
                match inner.code() {
                    Some(code) => AwsErrorKind::Service {
                        code: one_line(code, usize::MAX),
                        message: one_line(inner.message().unwrap_or_default(), usize::MAX),
                    },
                    // An error answer without a code: show what it was.
                    None => AwsErrorKind::Unreadable(summarise(service_error.raw())),
                }
            }
            SdkError::ResponseError(response_error) => AwsErrorKind::Unreadable(summarise(response_error.raw())),
            SdkError::TimeoutError(_) => AwsErrorKind::Timeout(causes(error)),
            SdkError::DispatchFailure(failure) if failure.is_timeout() => AwsErrorKind::Timeout(causes(error)),
            SdkError::DispatchFailure(failure) if failure.is_io() => AwsErrorKind::Unreachable(causes(error)),
            _ => AwsErrorKind::Other(causes(error)),
        };
        Self { service, operation, status, kind }
    }

    /// The service's error code, if the service answered.
    pub fn code(&self) -> Option<&str> {
        match &self.kind {
            AwsErrorKind::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The service's message, if the service answered.
    pub fn service_message(&self) -> Option<&str> {
        match &self.kind {
            AwsErrorKind::Service { message, .. } => Some(message),
            _ => None,
        }
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { service, operation, status, kind } = self;
        write!(f, "{service} {operation}: ")?;
        match (status, kind) {
            (Some(status), AwsErrorKind::Unreadable(summary)) => {
                write!(f, "HTTP {status}, not an AWS error: {summary}")
            }
            (Some(status), _) => write!(f, "HTTP {status} {}", Detail(kind)),
            (None, _) => write!(f, "{}", Detail(kind)),
        }
    }
}

/// What a kind says after the status.
struct Detail<'a>(&'a AwsErrorKind);

impl fmt::Display for Detail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            AwsErrorKind::Service { code, message } if message.is_empty() => write!(f, "{code}"),
            AwsErrorKind::Service { code, message } => write!(f, "{code}: {message}"),
            AwsErrorKind::Unreadable(summary) => write!(f, "not an AWS error: {summary}"),
            AwsErrorKind::Unreachable(detail) => write!(f, "cannot reach the endpoint (after retries): {detail}"),
            AwsErrorKind::Timeout(detail) => write!(f, "timed out: {detail}"),
            AwsErrorKind::Other(detail) => write!(f, "{detail}"),
        }
    }
}

impl StdError for AwsError {}

/// The `Display` texts of an error and its sources, joined by `: ` (a source whose text
/// its parent already shows is skipped), on one line.
fn causes(error: &(dyn StdError + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let said = cause.to_string();
        if !said.is_empty() && !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        source = cause.source();
    }
    one_line(&text, usize::MAX)
}

/// A one-line summary of an answer: its content type, its size and the start of its text
/// (markup tags dropped, so an HTML error page reads as its words).
fn summarise(raw: &HttpResponse) -> String {
    let body = raw.body().bytes().unwrap_or_default();
    let content_type =
        raw.headers().get("content-type").map_or_else(|| "no content type".to_owned(), |t| one_line(t, 60));
    if body.is_empty() {
        return format!("{content_type}, empty body");
    }
    let text = String::from_utf8_lossy(body);
    let words = if text.trim_start().starts_with('<') { strip_tags(&text) } else { text.into_owned() };
    let snippet = one_line(&words, BODY_SNIPPET_CHARS);
    let size = body.len();
    if snippet.is_empty() {
        format!("{content_type}, {size} bytes")
    } else {
        format!("{content_type}, {size} bytes: \"{snippet}\"")
    }
}

/// `text` without `<…>` tags, each tag read as a space.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// `text` on one line: runs of whitespace and control characters (a newline, a terminal
/// escape from a hostile body) become one space; cut to `max` characters, with `…`.
fn one_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count >= max {
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use aws_sdk_sagemaker::config::{BehaviorVersion, Credentials, Region};
    use aws_sdk_sagemaker::error::ErrorMetadata;
    use aws_sdk_sagemaker::operation::stop_training_job::StopTrainingJobError;
    use aws_smithy_runtime_api::client::http::{
        HttpConnector, HttpConnectorFuture, SharedHttpConnector, http_client_fn,
    };
    use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
    use aws_smithy_runtime_api::client::result::ConnectorError;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::retry::RetryConfig;

    use super::*;

    const HTML_500: &str = "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n\
                            <body><h1>Internal Server Error</h1><p>The upstream proxy failed.</p></body></html>\n";
    const JSON_400: &str =
        r#"{"__type": "ValidationException", "message": "Requested resource not found.\nTry another name."}"#;

    fn response(status: u16, content_type: &str, body: &str) -> HttpResponse {
        let mut response =
            HttpResponse::new(StatusCode::try_from(status).expect("valid status"), SdkBody::from(body.to_owned()));
        response.headers_mut().insert("content-type", content_type.to_owned());
        response
    }

    /// Text that only `Debug` output of the SDK's types contains.
    fn assert_no_debug_dump(line: &str) {
        for debug in
            ["Response {", "SdkError", "ResponseError(", "ServiceError", "SdkBody", "StatusCode(", "Extensions"]
        {
            assert!(!line.contains(debug), "{debug:?} in {line:?}");
        }
        assert!(!line.contains('\n'), "not one line: {line:?}");
    }

    #[test]
    fn a_service_error_shows_the_services_code_and_message() {
        let error = AwsError::new(
            "SageMaker",
            "CreateTrainingJob",
            AwsErrorKind::Service { code: "ValidationException".into(), message: "bad role".into() },
        );
        assert_eq!(error.to_string(), "SageMaker CreateTrainingJob: ValidationException: bad role");
        assert_eq!(error.code(), Some("ValidationException"));
    }

    #[test]
    fn a_500_with_an_html_page_is_summarised_on_one_line() {
        let sdk: SdkError<StopTrainingJobError, HttpResponse> =
            SdkError::response_error("malformed JSON error body", response(500, "text/html", HTML_500));
        let error = AwsError::from_sdk("SageMaker", "StopTrainingJob", &sdk);
        assert_eq!(error.status, Some(500));
        let line = error.to_string();
        assert_eq!(
            line,
            format!(
                "SageMaker StopTrainingJob: HTTP 500, not an AWS error: text/html, {} bytes: \
                 \"500 Internal Server Error Internal Server Error The upstream proxy failed.\"",
                HTML_500.len()
            )
        );
        assert_no_debug_dump(&line);
    }

    #[test]
    fn a_long_or_empty_body_is_cut_or_named() {
        let long = "x".repeat(10_000);
        let sdk: SdkError<StopTrainingJobError, HttpResponse> =
            SdkError::response_error("bad", response(502, "text/plain", &long));
        let line = AwsError::from_sdk("SageMaker", "StopTrainingJob", &sdk).to_string();
        assert!(line.ends_with(&format!("text/plain, 10000 bytes: \"{}…\"", "x".repeat(BODY_SNIPPET_CHARS))), "{line}");

        let sdk: SdkError<StopTrainingJobError, HttpResponse> = SdkError::response_error(
            "bad",
            HttpResponse::new(StatusCode::try_from(503).expect("status"), SdkBody::empty()),
        );
        let line = AwsError::from_sdk("SageMaker", "StopTrainingJob", &sdk).to_string();
        assert_eq!(line, "SageMaker StopTrainingJob: HTTP 503, not an AWS error: no content type, empty body");
    }

    #[test]
    fn a_400_with_an_aws_json_error_shows_status_code_and_message() {
        let metadata = ErrorMetadata::builder()
            .code("ValidationException")
            .message("Requested resource not found.\nTry another name.")
            .build();
        let sdk = SdkError::service_error(
            StopTrainingJobError::generic(metadata),
            response(400, "application/x-amz-json-1.1", JSON_400),
        );
        let error = AwsError::from_sdk("SageMaker", "StopTrainingJob", &sdk);
        assert_eq!(error.code(), Some("ValidationException"));
        assert_eq!(
            error.to_string(),
            "SageMaker StopTrainingJob: HTTP 400 ValidationException: Requested resource not found. Try another name."
        );
    }

    #[test]
    fn a_terminal_escape_in_a_body_does_not_reach_the_terminal() {
        let sdk: SdkError<StopTrainingJobError, HttpResponse> =
            SdkError::response_error("bad", response(500, "text/plain", "boom \u{1b}[2J\u{1b}]0;title\u{7} done"));
        let line = AwsError::from_sdk("SageMaker", "StopTrainingJob", &sdk).to_string();
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert!(line.ends_with("\"boom [2J ]0;title done\""), "{line:?}");
    }

    #[test]
    fn a_transport_failure_is_its_chain_of_causes_without_debug_output() {
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused (os error 111)");
        let sdk: SdkError<StopTrainingJobError, HttpResponse> =
            SdkError::dispatch_failure(ConnectorError::io(Box::new(refused)));
        let error = AwsError::from_sdk("SageMaker", "StopTrainingJob", &sdk);
        assert_eq!(error.status, None);
        let line = error.to_string();
        assert_eq!(
            line,
            "SageMaker StopTrainingJob: cannot reach the endpoint (after retries): dispatch failure: io error: \
             Connection refused (os error 111)"
        );
        assert_no_debug_dump(&line);
    }

    /// Answers every request with one canned response, as a server would.
    #[derive(Debug)]
    struct Canned {
        status: u16,
        content_type: &'static str,
        body: &'static str,
    }

    impl HttpConnector for Canned {
        fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
            HttpConnectorFuture::ready(Ok(response(self.status, self.content_type, self.body)))
        }
    }

    /// What `StopTrainingJob` through the real SDK client ends with, given the canned answer.
    async fn stop_against(status: u16, content_type: &'static str, body: &'static str) -> AwsError {
        let config = aws_sdk_sagemaker::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-west-2"))
            .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
            .endpoint_url("http://127.0.0.1:9")
            .retry_config(RetryConfig::disabled())
            .http_client(http_client_fn(move |_, _| SharedHttpConnector::new(Canned { status, content_type, body })))
            .build();
        let client = aws_sdk_sagemaker::Client::from_conf(config);
        let sdk = client.stop_training_job().training_job_name("job").send().await.expect_err("the call fails");
        AwsError::from_sdk("SageMaker", "StopTrainingJob", &sdk)
    }

    #[tokio::test]
    async fn the_sdk_s_own_errors_for_json_and_html_answers_read_as_one_line() {
        let json = stop_against(400, "application/x-amz-json-1.1", JSON_400).await;
        assert_eq!(
            json.to_string(),
            "SageMaker StopTrainingJob: HTTP 400 ValidationException: Requested resource not found. Try another name."
        );
        let html = stop_against(500, "text/html", HTML_500).await;
        let line = html.to_string();
        assert!(line.starts_with("SageMaker StopTrainingJob: HTTP 500, not an AWS error: text/html, "), "{line}");
        assert!(line.ends_with("The upstream proxy failed.\""), "{line}");
        assert_no_debug_dump(&line);
    }
}

//! [`AwsError`]: one error type for every AWS call, carrying the service's own code and
//! message, or a plain sentence for transport failures (unreachable endpoint, timeout,
//! missing credentials). Built from the SDK's `SdkError` in one place, [`AwsError::from_sdk`];
//! the message never contains credentials (the SDK's errors do not carry them, and the
//! request is never printed).

use std::error::Error as StdError;
use std::fmt;

use aws_sdk_sagemaker::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

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
    /// No connection could be made, or it broke (after the SDK's retries).
    Unreachable(String),
    /// The call or one attempt took longer than its timeout.
    Timeout(String),
    /// Anything else (no credentials, a response that could not be read, …).
    Other(String),
}

/// A failed AWS call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsError {
    /// `SageMaker`, `S3`, `STS` or `CloudWatch Logs`.
    pub service: &'static str,
    /// The API operation.
    pub operation: &'static str,
    /// What went wrong.
    pub kind: AwsErrorKind,
}

impl AwsError {
    /// Converts an SDK error, keeping the service's code and message.
    pub fn from_sdk<E, R>(service: &'static str, operation: &'static str, error: &SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
        R: fmt::Debug,
    {
        let context = || DisplayErrorContext(error).to_string();
        let kind = match error {
            SdkError::ServiceError(service_error) => {
                let inner = service_error.err();
                AwsErrorKind::Service {
                    code: inner.code().unwrap_or("Unknown").to_owned(),
                    message: inner.message().unwrap_or("").to_owned(),
                }
            }
            SdkError::TimeoutError(_) => AwsErrorKind::Timeout(context()),
            SdkError::DispatchFailure(failure) if failure.is_timeout() => AwsErrorKind::Timeout(context()),
            SdkError::DispatchFailure(failure) if failure.is_io() => AwsErrorKind::Unreachable(context()),
            _ => AwsErrorKind::Other(context()),
        };
        Self { service, operation, kind }
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
        let Self { service, operation, kind } = self;
        match kind {
            AwsErrorKind::Service { code, message } if message.is_empty() => write!(f, "{service} {operation}: {code}"),
            AwsErrorKind::Service { code, message } => write!(f, "{service} {operation}: {code}: {message}"),
            AwsErrorKind::Unreachable(detail) => {
                write!(f, "{service} {operation}: cannot reach the endpoint (after retries): {detail}")
            }
            AwsErrorKind::Timeout(detail) => write!(f, "{service} {operation}: timed out: {detail}"),
            AwsErrorKind::Other(detail) => write!(f, "{service} {operation}: {detail}"),
        }
    }
}

impl StdError for AwsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_error_shows_the_services_code_and_message() {
        let error = AwsError {
            service: "SageMaker",
            operation: "CreateTrainingJob",
            kind: AwsErrorKind::Service { code: "ValidationException".into(), message: "bad role".into() },
        };
        assert_eq!(error.to_string(), "SageMaker CreateTrainingJob: ValidationException: bad role");
        assert_eq!(error.code(), Some("ValidationException"));
    }
}

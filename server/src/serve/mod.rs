//! The connection loop of `okur serve`: hyper's HTTP/1.1 server with the limits a public server
//! needs, which `axum::serve` does not expose: a header-read timeout, a cap on open connections
//! (and so on requests in flight), and a cap on requests per connection. The request-body
//! timeout is a layer of [`crate::app`], so tests through `oneshot` see it too. The answers
//! hyper writes itself, to requests it cannot parse, get the headers the app's answers carry
//! ([`bare`]).

mod bare;

use std::convert::Infallible;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, HeaderValue, Request};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How much work one client can make the server do, per connection and in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time a client has to send a request's headers (a half-sent request is dropped after).
    pub header_timeout: Duration,
    /// Time a client has to send a request's body once its headers are in (then 408).
    pub body_timeout: Duration,
    /// Connections open at once; more wait in the listen queue. With HTTP/1.1 this also
    /// bounds the requests in flight.
    pub max_connections: usize,
    /// Requests one connection may make; the last answer closes it.
    pub requests_per_connection: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(20),
            max_connections: 1024,
            requests_per_connection: 1000,
        }
    }
}

/// Time given to open requests to finish after a shutdown signal.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` within `limits` until `shutdown` resolves, then lets open
/// requests finish (for up to ten seconds). hyper's own answers (400, 414, 431 to a request it
/// cannot parse) carry `own_headers`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    own_headers: &HeaderMap,
    shutdown: impl Future<Output = ()>,
) {
    let own_headers = bare::header_lines(own_headers);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(err) => {
                // Out of file descriptors and the like: wait instead of spinning.
                tracing::warn!(error = %err, "accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        // The connection's service: tells the app who the peer is, and closes the connection
        // with its last allowed answer.
        let served = Arc::new(AtomicU32::new(0));
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let count = served.fetch_add(1, Ordering::Relaxed) + 1;
            let app = app.clone();
            async move {
                let Ok(mut response) = app.oneshot(request.map(Body::new)).await;
                if count >= limits.requests_per_connection {
                    response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
                }
                Ok::<_, Infallible>(response)
            }
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .keep_alive(true)
            .serve_connection(bare::Bare::new(TokioIo::new(stream), own_headers.clone()), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, %peer, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown()).await.is_err() {
        tracing::warn!("open connections did not finish within {DRAIN:?}");
    }
}

//! Serving connections on the clinic network: TLS when the clinic gives a certificate, and limits
//! no client can push past — connections open at once, the time to send a request's head, the
//! time to finish a TLS handshake. (Bodies in memory at once are limited by the guard; event
//! streams by their own count.)

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Connections open at once; one more waits for one to close.
pub const MAX_CONNECTIONS: usize = 256;
/// The time a client has to send a request's head (a slow-header client is cut off).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The time a client has to finish a TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a stopping desk waits for open requests (event streams never end by themselves).
const STOP_GRACE: Duration = Duration::from_secs(1);

/// Loads the clinic's certificate chain and key (PEM) into a TLS configuration.
///
/// # Errors
/// A message naming the file and what is wrong with it.
pub(crate) fn tls_config(
    cert: &Path,
    key: &Path,
) -> Result<Arc<tokio_rustls::rustls::ServerConfig>, String> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let read = |path: &Path| {
        onshi_oqs::open_input(path, 1 << 20)
            .and_then(|mut f| f.read_all())
            .map_err(|e| format!("{} {e}", path.display()))
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&read(cert)?)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: not a PEM certificate chain ({e})", cert.display()))?;
    if certs.is_empty() {
        return Err(format!("{}: no certificate in it", cert.display()));
    }
    let key = PrivateKeyDer::from_pem_slice(&read(key)?)
        .map_err(|e| format!("{}: not a PEM private key ({e})", key.display()))?;
    // ring, as the core verifies certificates with it: no second crypto library to install.
    #[allow(
        deprecated,
        reason = "ring's provider has no post-quantum key exchange; classical TLS 1.2 and 1.3 suffice on a clinic's network"
    )]
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| format!("the certificate and the key do not go together: {e}"))?;
    Ok(Arc::new(config))
}

/// Serves `router` on `listener` until `stop`, over TLS when `tls` is given.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    let mut builder = auto::Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let builder = Arc::new(builder);
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let tcp = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => tcp,
                // Out of file descriptors, a connection reset before it was taken: go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let (builder, acceptor) = (Arc::clone(&builder), acceptor.clone());
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let _permit = permit;
            match acceptor {
                Some(acceptor) => {
                    let Ok(Ok(stream)) =
                        tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await
                    else {
                        return;
                    };
                    let connection = builder.serve_connection(TokioIo::new(stream), service);
                    let _ = watcher.watch(connection.into_owned()).await;
                }
                None => {
                    let connection = builder.serve_connection(TokioIo::new(tcp), service);
                    let _ = watcher.watch(connection.into_owned()).await;
                }
            }
        });
    }
    let _ = tokio::time::timeout(STOP_GRACE, graceful.shutdown()).await;
    Ok(())
}

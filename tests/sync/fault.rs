//! In-process faults between the client and the store: a TCP proxy that forwards, hangs or
//! resets mid-request, and an HTTPS server (same test CA) that answers 200 with a wrong body.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// Forward both ways, each client chunk after `delay`.
    Pass { delay: Duration },
    /// Accept and read, never answer.
    Hang,
    /// Forward the first `bytes` the client sends, then reset both connections.
    ResetAfter { bytes: usize },
}

pub struct Proxy {
    pub addr: SocketAddr,
}

/// Starts a proxy to `upstream` on `runtime`.
pub fn proxy(runtime: &tokio::runtime::Runtime, upstream: SocketAddr, fault: Fault) -> Proxy {
    let listener = runtime
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .expect("binds");
    let addr = listener.local_addr().expect("addr");
    runtime.spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(handle(client, upstream, fault));
        }
    });
    Proxy { addr }
}

async fn handle(mut client: TcpStream, upstream: SocketAddr, fault: Fault) {
    let mut from_client = vec![0u8; 16 * 1024];
    let mut from_server = vec![0u8; 16 * 1024];
    if let Fault::Hang = fault {
        while let Ok(read) = client.read(&mut from_client).await {
            if read == 0 {
                return;
            }
        }
        return;
    }
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    let mut forwarded = 0usize;
    loop {
        tokio::select! {
            read = client.read(&mut from_client) => {
                let read = match read {
                    Ok(0) | Err(_) => return,
                    Ok(read) => read,
                };
                match fault {
                    Fault::Pass { delay } => {
                        tokio::time::sleep(delay).await;
                        if server.write_all(&from_client[..read]).await.is_err() {
                            return;
                        }
                    }
                    Fault::ResetAfter { bytes } => {
                        let take = read.min(bytes.saturating_sub(forwarded));
                        if server.write_all(&from_client[..take]).await.is_err() {
                            return;
                        }
                        forwarded += take;
                        if forwarded >= bytes {
                            // SO_LINGER 0: dropping sends RST instead of FIN.
                            let _ = client.set_zero_linger();
                            let _ = server.set_zero_linger();
                            return;
                        }
                    }
                    Fault::Hang => return,
                }
            }
            read = server.read(&mut from_server) => {
                let read = match read {
                    Ok(0) | Err(_) => return,
                    Ok(read) => read,
                };
                if client.write_all(&from_server[..read]).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// An HTTPS server with the store's certificate that answers every request with 200 and a
/// body that does not confirm the record.
pub fn wrong_body_server(
    runtime: &tokio::runtime::Runtime,
    cert: &std::path::Path,
    key: &std::path::Path,
) -> SocketAddr {
    let tls = codeward::store::tls_config(cert, key).expect("tls");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let addr = listener.local_addr().expect("addr");
    let app = axum::Router::new().fallback(|| async {
        (
            [("content-type", "application/json")],
            r#"{"scanId":"someone-else","contentHash":"00","status":"created"}"#,
        )
    });
    let _guard = runtime.enter();
    let config = axum_server::tls_rustls::RustlsConfig::from_config(Arc::new(tls));
    let server = axum_server::from_tcp_rustls(listener, config).expect("serves");
    runtime.spawn(server.serve(app.into_make_service()));
    addr
}

//! The error of the local test services (`tauar pki serve`, `tauar signer`): what stops them
//! from starting. Once running they answer faults in their protocols instead.

use std::net::SocketAddr;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// SIG-64, SIG-66, AS-36: the test services never listen beyond loopback.
    #[error(
        "{addr} is not a loopback address: the test services listen on 127.0.0.1 (or ::1) only"
    )]
    NotLoopback { addr: SocketAddr },
    /// SIG-69: the port is taken (for 13579, usually by a real NCALayer).
    #[error("{addr} is busy: {hint}")]
    PortBusy { addr: SocketAddr, hint: String },
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("test PKI: {0}")]
    Pki(#[from] pki::PkiError),
    #[error("TLS: {0}")]
    Tls(String),
    /// SIG-61: a key store or certificate without the test-PKI marker policy.
    #[error(
        "refused: {0} has no Tauar test-PKI marker policy (SIG-61); only `tauar pki init` key stores are used"
    )]
    NotTestPki(String),
    #[error("{0}")]
    Config(String),
}

//! Loopback-only listening for the local test services (SIG-64, SIG-66, SIG-69, AS-36): an
//! address outside 127.0.0.0/8 and ::1 is refused before any socket is opened, and a busy
//! port is reported with a hint instead of an OS error number.

use crate::error::ServiceError;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Refuses an address that is not loopback.
pub fn check(addr: SocketAddr) -> Result<(), ServiceError> {
    if addr.ip().is_loopback() {
        Ok(())
    } else {
        Err(ServiceError::NotLoopback { addr })
    }
}

/// Binds `addr` after [`check`]; `busy_hint` completes the message when the port is taken.
pub async fn bind(addr: SocketAddr, busy_hint: &str) -> Result<TcpListener, ServiceError> {
    check(addr)?;
    match TcpListener::bind(addr).await {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(ServiceError::PortBusy {
            addr,
            hint: busy_hint.to_string(),
        }),
        Err(source) => Err(ServiceError::Listen { addr, source }),
    }
}

/// The local address of a listener the caller bound, refused unless loopback.
pub fn local_addr(listener: &TcpListener) -> Result<SocketAddr, ServiceError> {
    let addr = listener.local_addr()?;
    check(addr)?;
    Ok(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_64_loopback_only() {
        assert!(check("127.0.0.1:13579".parse().unwrap()).is_ok());
        assert!(check("[::1]:13579".parse().unwrap()).is_ok());
        assert!(matches!(
            check("0.0.0.0:13579".parse().unwrap()),
            Err(ServiceError::NotLoopback { .. })
        ));
        assert!(check("192.168.1.2:9".parse().unwrap()).is_err());
    }
}

//! Sessions whose queries run on a cluster.

use crate::{ClusterError, Result};
use ballista::prelude::SessionContextExt;
use datafusion::prelude::SessionContext;

/// The scheduler URL Ballista clients take (`df://host:port`) for `host:port` or a URL.
pub fn scheduler_url(scheduler: &str) -> Result<String> {
    let rest = scheduler.strip_prefix("df://").unwrap_or(scheduler);
    match rest.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
            Ok(format!("df://{rest}"))
        }
        _ => Err(ClusterError::Address(format!(
            "the cluster scheduler must be host:port or df://host:port, not {scheduler:?}"
        ))),
    }
}

/// A session whose plans run on the cluster whose scheduler is at `scheduler` (`host:port` or
/// `df://host:port`). Tables registered on it must be readable by every executor at the same
/// path (a shared or replicated directory).
pub async fn connect(scheduler: &str) -> Result<SessionContext> {
    let url = scheduler_url(scheduler)?;
    Ok(SessionContext::remote(&url).await?)
}

#[cfg(test)]
mod tests {
    use super::scheduler_url;

    #[test]
    fn urls() {
        assert_eq!(
            scheduler_url("127.0.0.1:50050").unwrap(),
            "df://127.0.0.1:50050"
        );
        assert_eq!(scheduler_url("df://h:1").unwrap(), "df://h:1");
        for bad in ["", "h", "h:", ":1", "h:x", "df://h:99999"] {
            assert!(scheduler_url(bad).is_err(), "{bad}");
        }
    }
}

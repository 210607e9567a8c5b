//! Who a request comes from, honestly: the peer, or the address the operator's own proxies
//! vouch for; and the key the limits count a client by.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` entries are believed (`--trusted-proxies`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    /// Reads `CIDR,CIDR,…`; a bare address stands for itself alone.
    fn from_str(list: &str) -> Result<Self, String> {
        let nets = list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{item:?} is neither an address nor a CIDR range (like 10.0.0.0/8)"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies(nets))
    }
}

impl TrustedProxies {
    /// Whether an address is one of the operator's proxies.
    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&canonical(address)))
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are the IPv4 address they carry.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// A client as the limits count it: an IPv4 address, or an IPv6 /64 (one subscriber's network:
/// a single host can change the other 64 bits at will).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(IpAddr);

impl std::fmt::Display for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => write!(f, "{v4}"),
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
        }
    }
}

impl ClientKey {
    /// The key of an address.
    pub fn of(address: IpAddr) -> Self {
        match canonical(address) {
            IpAddr::V6(v6) => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                ClientKey(IpAddr::V6(Ipv6Addr::from(prefix)))
            }
            v4 => ClientKey(v4),
        }
    }
}

/// Who sent a request: the peer, unless the peer is a trusted proxy; then `X-Forwarded-For`
/// read from the right (proxies append), skipping trusted proxies, up to the first address that
/// is not one. An entry that is not an address ends the walk: whatever lies left of it was
/// written by the client itself.
pub fn client_of(headers: &HeaderMap, peer: Option<SocketAddr>, trusted: &TrustedProxies) -> IpAddr {
    let Some(mut client) = peer.map(|p| canonical(p.ip())) else {
        return IpAddr::from([0, 0, 0, 0]);
    };
    if !trusted.trusts(client) {
        return client;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        let Ok(address) = hop.parse::<IpAddr>() else {
            break;
        };
        client = canonical(address);
        if !trusted.trusts(client) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(address: &str) -> ClientKey {
        ClientKey::of(address.parse().unwrap())
    }

    #[test]
    fn ipv6_clients_are_their_64() {
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:ffff:1:2:3"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:203.0.113.9"), key("203.0.113.9"));
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    #[test]
    fn the_client_is_found_from_the_right() {
        let trusted: TrustedProxies = "10.0.0.0/8, 127.0.0.1".parse().unwrap();
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // The client wrote a fake first hop; the proxy appended the real address.
        assert_eq!(client_of(&forwarded("1.2.3.4, 203.0.113.7"), Some(peer), &trusted), ip("203.0.113.7"));
        assert_eq!(client_of(&forwarded("203.0.113.7, 10.1.1.1, 10.2.2.2"), Some(peer), &trusted), ip("203.0.113.7"));
        assert_eq!(client_of(&forwarded("garbage, 203.0.113.7"), Some(peer), &trusted), ip("203.0.113.7"));
        assert_eq!(client_of(&forwarded("203.0.113.7, garbage"), Some(peer), &trusted), ip("127.0.0.1"));
        assert_eq!(client_of(&forwarded("10.0.0.5"), Some(peer), &trusted), ip("10.0.0.5"), "all trusted");
        let stranger: SocketAddr = "198.51.100.1:5000".parse().unwrap();
        assert_eq!(client_of(&forwarded("203.0.113.7"), Some(stranger), &trusted), ip("198.51.100.1"));
        assert_eq!(
            client_of(&forwarded("203.0.113.7"), Some(peer), &TrustedProxies::default()),
            ip("127.0.0.1"),
            "no proxies trusted: the header is ignored"
        );
        let mut two = forwarded("203.0.113.7");
        two.append("x-forwarded-for", "198.51.100.2".parse().unwrap());
        assert_eq!(client_of(&two, Some(peer), &trusted), ip("198.51.100.2"), "headers read in order");
    }

    #[test]
    fn proxy_lists_are_read_or_refused() {
        assert!("10.0.0.0/8,::1, fd00::/8".parse::<TrustedProxies>().is_ok());
        assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
        assert!("proxy.local".parse::<TrustedProxies>().is_err());
        assert_eq!("".parse::<TrustedProxies>(), Ok(TrustedProxies::default()));
    }
}

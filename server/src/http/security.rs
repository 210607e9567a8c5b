//! The security headers every answer carries: a strict Content-Security-Policy (no inline script
//! but the ones the build emits, each allowed by its hash; no eval but WebAssembly's), and
//! nosniff, referrer, permissions and, on an https site, HSTS.

use axum::http::{header, HeaderMap, HeaderValue};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy of answers without inline scripts; pages add their template's script hashes at
/// the end, to `script-src`.
pub const POLICY: &str = "default-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; \
     script-src 'self' 'wasm-unsafe-eval'";

/// The Content-Security-Policy allowing these inline scripts (by their SHA-256) and nothing
/// else inline. The page's data and JSON-LD are `<script type="application/…json">`, which
/// browsers never run, so server rendering emits no script that would need a nonce.
pub fn content_security_policy(inline_script_hashes: &[String]) -> String {
    let hashes: String = inline_script_hashes.iter().map(|h| format!(" '{h}'")).collect();
    format!("{POLICY}{hashes}")
}

/// The `sha256-…` source of each script element in `html` that runs (no `src`, no JSON type).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>').map(|i| start + i + 1) else { break };
        let Some(close) = rest[open_end..].find("</script>").map(|i| open_end + i) else { break };
        let tag = &rest[start..open_end];
        let data = tag.contains("json");
        if !tag.contains(" src") && !data {
            let digest = Sha256::digest(&rest.as_bytes()[open_end..close]);
            hashes.push(format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &rest[close + "</script>".len()..];
    }
    hashes
}

/// Adds the headers an answer does not set itself: the policy `csp` and the fixed ones (HSTS
/// when `https`).
pub fn add_headers(headers: &mut HeaderMap, csp: &HeaderValue, https: bool) {
    headers.entry(header::CONTENT_SECURITY_POLICY).or_insert_with(|| csp.clone());
    headers.entry(header::X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
    headers.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.entry("permissions-policy").or_insert(HeaderValue::from_static(
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    ));
    if https {
        headers
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
}

/// The headers of the answers hyper writes itself, to requests that never reach the app: the
/// fixed ones, the policy without inline scripts, and `no-store`, as every error has.
pub fn own_answer_headers(https: bool) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    add_headers(&mut headers, &HeaderValue::from_static(POLICY), https);
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_running_inline_scripts_are_hashed() {
        let html = r#"<script>a()</script><script type=module src=/x.js></script><script type="application/json" id="d">{}</script><script type="module">b()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        // `echo -n 'a()' | openssl dgst -sha256 -binary | base64`
        assert_eq!(hashes[0], "sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4=");
    }

    #[test]
    fn the_policy_has_no_unsafe_inline() {
        let csp = content_security_policy(&["sha256-x".into()]);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-x'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"));
    }
}

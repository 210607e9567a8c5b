//! Percent-encoding of address parts and stored values. In the wasm it is the browser's own
//! `encodeURIComponent` / `decodeURIComponent` (the percent-encoding crate's tables and code
//! would cost the size budget about 1 KB); natively (the server's render, the unit tests) it is
//! the percent-encoding crate. Either side decodes what the other encoded.

/// Percent-decodes a path segment or query value; text that is not valid percent-encoded
/// UTF-8 is kept as it came.
pub fn decode(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::decode_uri_component(text).map(String::from).unwrap_or_else(|_| text.to_owned());
    #[cfg(not(target_arch = "wasm32"))]
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Percent-decodes a stored value; none when it is not valid percent-encoded UTF-8.
pub fn decode_strict(text: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    return js_sys::decode_uri_component(text).ok().map(String::from);
    #[cfg(not(target_arch = "wasm32"))]
    percent_encoding::percent_decode_str(text).decode_utf8().ok().map(|c| c.into_owned())
}

/// Percent-encodes a stored value: at least `%`, `;`, `=` and control characters (the
/// browser's function encodes more, which decodes the same).
pub fn encode(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::encode_uri_component(text).into();
    #[cfg(not(target_arch = "wasm32"))]
    {
        use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
        /// Characters escaped: the stored form's separators and `%`.
        const STORED: &AsciiSet = &CONTROLS.add(b';').add(b'=').add(b'%');
        utf8_percent_encode(text, STORED).to_string()
    }
}

/// Percent-encodes a path segment: everything but letters, digits and `-_.~`. By hand, the
/// same on every target (smaller in the wasm than either the crate or a call into JS).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `scheme://host[:port]` an absolute http(s) address starts with; empty for a relative
/// one (or another scheme).
pub fn origin_of(href: &str) -> &str {
    let Some(rest) = href.strip_prefix("https://").or_else(|| href.strip_prefix("http://")) else {
        return "";
    };
    let end = rest.find('/').map_or(href.len(), |at| href.len() - rest.len() + at);
    &href[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for text in ["", "a b", "ğüşİ;=%\n\u{7f}", "%41"] {
            assert_eq!(decode_strict(&encode(text)).as_deref(), Some(text));
        }
        assert_eq!(decode("%C4%9F%20x"), "ğ x");
        assert_eq!(decode_strict("%FF"), None);
        assert!(!encode("a;b=c%d").contains([';', '=']));
        assert_eq!(encode_component("a/../b?c ğ"), "a%2F..%2Fb%3Fc%20%C4%9F");
    }

    #[test]
    fn origins_of_absolute_addresses() {
        assert_eq!(origin_of("https://okur.example/articles/a"), "https://okur.example");
        assert_eq!(origin_of("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
        assert_eq!(origin_of("https://okur.example"), "https://okur.example");
        assert_eq!(origin_of("/articles/a"), "");
    }
}

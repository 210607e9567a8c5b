//! How the data a page was rendered with travels in the page: the server writes each resource's
//! value as JSON (serde, natively), and the browser reads it back with its own JSON parser and
//! [`FromJs`], as it reads API answers, so no serde code enters the wasm.

use std::collections::BTreeMap;

use codee::{Decoder, Encoder};

use crate::api::ApiError;
use crate::decode::FromJs;

/// The codec of okur's resources: `{"ok": value}` or `{"err": {"status", "message"}}`.
#[derive(Debug, Clone, Copy)]
pub struct PageData;

impl<T: serde::Serialize> Encoder<Result<T, ApiError>> for PageData {
    type Error = String;
    type Encoded = String;

    fn encode(value: &Result<T, ApiError>) -> Result<String, String> {
        #[cfg(feature = "ssr")]
        {
            let wire = match value {
                Ok(data) => serde_json::json!({ "ok": data }),
                Err(error) => serde_json::json!({ "err": { "status": error.status(), "message": error.to_string() } }),
            };
            serde_json::to_string(&wire).map_err(|err| err.to_string())
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = value;
            Err("page data is written by the server only".into())
        }
    }
}

impl<T: FromJs> Decoder<Result<T, ApiError>> for PageData {
    type Error = String;
    type Encoded = str;

    fn decode(text: &str) -> Result<Result<T, ApiError>, String> {
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::JsValue;
            let value = js_sys::JSON::parse(text).map_err(|_| "page data is not JSON".to_owned())?;
            let field =
                |name: &str| js_sys::Reflect::get(&value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
            let ok = field("ok");
            if !ok.is_undefined() {
                return T::from_js(&ok).map(Ok);
            }
            let err = field("err");
            let status = js_sys::Reflect::get(&err, &"status".into()).ok().and_then(|s| s.as_f64()).unwrap_or(500.0);
            let message = js_sys::Reflect::get(&err, &"message".into()).ok().and_then(|m| m.as_string());
            Ok(Err(ApiError::from_status(status as u16, message.unwrap_or_default())))
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = text;
            Err("page data is read in the browser only".into())
        }
    }
}

impl ApiError {
    /// The HTTP status this error stands for (a page that fails with it answers the same).
    pub fn status(&self) -> u16 {
        match self {
            ApiError::NotFound => 404,
            ApiError::Server { status, .. } => *status,
            ApiError::Network(_) => 503,
            ApiError::Decode(_) => 502,
        }
    }

    /// The error of an answer with this status and message.
    pub fn from_status(status: u16, message: String) -> Self {
        match status {
            404 => ApiError::NotFound,
            _ => ApiError::Server { status, message, fields: BTreeMap::new(), retry_after: None },
        }
    }
}

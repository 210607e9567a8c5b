//! How the data a page was rendered from travels in the page: the server writes it as JSON
//! (serde, natively) into `<script type="application/json" id="okur-page">`, and the browser
//! reads it back with its own JSON parser and [`FromJs`](crate::decode::FromJs), as it reads API
//! answers, so no serde code enters the wasm.

use okur_types::browse::Shelf;

use crate::api::ApiError;
use crate::pages::PageData;

/// The id of the script element that carries a page's data.
pub const PAGE_DATA_ID: &str = "okur-page";

/// The page's data and the site's sections (the masthead's) as the text of its script element:
/// JSON, with `<` and the line separators escaped so that no value can end the element or break
/// it as script.
#[cfg(feature = "ssr")]
pub fn encode(data: &PageData, sections: &[Shelf]) -> String {
    use serde_json::{json, Value};
    fn answer<T: serde::Serialize>(page: &str, result: &Result<T, ApiError>) -> Value {
        match result {
            Ok(data) => json!({ "page": page, "ok": data }),
            Err(error) => {
                let (code, message) = match error {
                    ApiError::Server { code, message, .. } => (code.as_str(), message.clone()),
                    _ => ("", error.to_string()),
                };
                json!({ "page": page, "err": { "status": error.status(), "code": code, "message": message } })
            }
        }
    }
    let mut value = match data {
        PageData::Home(front) => answer("home", front),
        PageData::Article(article) => answer("article", article),
        PageData::Shelf(authors, after, shelf) => {
            let mut value = answer(if *authors { "author" } else { "section" }, shelf);
            value["after"] = json!(after);
            value
        }
        PageData::Search(query, results) => {
            let mut value = answer("search", results);
            value["query"] = json!(query);
            value
        }
        PageData::Saved => json!({ "page": "saved" }),
        PageData::NotFound => json!({ "page": "not_found" }),
    };
    value["sections"] = json!(sections);
    value.to_string().replace('<', "\\u003c").replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029")
}

/// Reads the data [`encode`] wrote: the page's, and the sections.
#[cfg(target_arch = "wasm32")]
pub fn decode(text: &str) -> Result<(PageData, Vec<Shelf>), String> {
    use crate::decode::FromJs;
    use wasm_bindgen::JsValue;
    let value = js_sys::JSON::parse(text).map_err(|_| "the page's data is not JSON".to_owned())?;
    let field =
        |of: &JsValue, name: &str| js_sys::Reflect::get(of, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    fn answer<T: FromJs>(
        value: &JsValue,
        field: impl Fn(&JsValue, &str) -> JsValue,
    ) -> Result<Result<T, ApiError>, String> {
        let ok = field(value, "ok");
        if !ok.is_undefined() {
            return T::from_js(&ok).map(Ok);
        }
        let err = field(value, "err");
        let status = field(&err, "status").as_f64().ok_or("the page's data has neither `ok` nor `err`")?;
        let mut error = ApiError::from_status(status as u16, field(&err, "message").as_string().unwrap_or_default());
        // The code picks the message the page shows (a search over its bounds, say).
        if let ApiError::Server { code, .. } = &mut error {
            *code = field(&err, "code").as_string().unwrap_or_default();
        }
        Ok(Err(error))
    }
    let text = |name: &str| field(&value, name).as_string();
    let page = match text("page").as_deref() {
        Some("home") => answer(&value, field).map(PageData::Home),
        Some("article") => answer(&value, field).map(PageData::Article),
        Some(kind @ ("section" | "author")) => {
            answer(&value, field).map(|shelf| PageData::Shelf(kind == "author", text("after"), shelf))
        }
        Some("search") => {
            answer(&value, field).map(|results| PageData::Search(text("query").unwrap_or_default(), results))
        }
        Some("saved") => Ok(PageData::Saved),
        Some("not_found") => Ok(PageData::NotFound),
        _ => Err("the page's data names no page".into()),
    }?;
    Ok((page, Vec::from_js(&field(&value, "sections")).unwrap_or_default()))
}

/// The data the server rendered this page from, and the sections, if the page carries them.
#[cfg(target_arch = "wasm32")]
pub fn from_document() -> Option<(PageData, Vec<Shelf>)> {
    let text = leptos::prelude::document().get_element_by_id(PAGE_DATA_ID)?.text_content()?;
    decode(&text).map_err(|err| leptos::logging::warn!("{err}")).ok()
}

//! The two things every writer of HTML text here does: text escaped, and a link.

use crate::format::escape_html;

/// Appends text, escaped.
pub fn text(out: &mut String, value: &str) {
    out.push_str(&escape_html(value));
}

/// Appends `<a href="{href}"…>{label}</a>`, both escaped; `extra` is trusted attribute text.
pub fn link(out: &mut String, href: &str, extra: &str, label: &str) {
    out.push_str("<a href=\"");
    text(out, href);
    out.push('"');
    out.push_str(extra);
    out.push('>');
    text(out, label);
    out.push_str("</a>");
}

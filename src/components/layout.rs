//! The site chrome around every page. index.html draws the same header before the wasm
//! loads, so keep the two in step.

use leptos::prelude::*;

/// The masthead: skip link, site name and tagline.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"İçeriğe geç"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a href="/" class="brand" aria-label="okur ana sayfa">
                    <span class="brand__name">"okur"</span>
                </a>
                <p class="brand__tagline">"Günün haberleri, sade ve okunaklı"</p>
            </div>
        </header>
    }
}

/// The footer: what the site is, in one line.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"okur — Rust ve WebAssembly ile yapılmış bir haber okuyucusu. Örnek haberler kurgudur."</p>
        </footer>
    }
}

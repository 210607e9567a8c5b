//! A view that is drawn anew instead of diffed when what it shows changes.
//!
//! Why: Leptos updates a view by walking its old and new trees side by side (`rebuild`), and
//! that walk is compiled for every type of tree it may meet: for the app, every page's whole
//! tree. A new page or a new language redraws everything anyway, so the diffing bought nothing
//! and cost the size budget about N KB of brotli'd wasm (docs/architecture.md, Size): a
//! [`Fresh`] view builds the new tree, puts it where the old one was, and drops the old one.

use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

/// A view drawn anew, never diffed, when it changes.
pub struct Fresh<T>(pub T);

/// The state of a [`Fresh`] view: its view's.
pub struct FreshState<S>(S);

impl<T: Render> Render for Fresh<T> {
    type State = FreshState<T::State>;

    fn build(self) -> Self::State {
        FreshState(self.0.build())
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut new = self.0.build();
        // Before the old nodes, then the old ones go: the new tree takes their place.
        state.0.insert_before_this(&mut new);
        state.0.unmount();
        state.0 = new;
    }
}

impl<S: Mountable> Mountable for FreshState<S> {
    fn unmount(&mut self) {
        self.0.unmount();
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        self.0.mount(parent, marker);
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.0.insert_before_this(child)
    }

    fn elements(&self) -> Vec<Element> {
        self.0.elements()
    }
}

impl<T: AddAnyAttr> AddAnyAttr for Fresh<T> {
    type Output<SomeNewAttr: Attribute> = Fresh<T::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        Fresh(self.0.add_any_attr(attr))
    }
}

impl<T: RenderHtml> RenderHtml for Fresh<T> {
    type AsyncOutput = Fresh<T::AsyncOutput>;
    type Owned = Fresh<T::Owned>;

    const MIN_LENGTH: usize = T::MIN_LENGTH;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    async fn resolve(self) -> Self::AsyncOutput {
        Fresh(self.0.resolve().await)
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0.to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(buf, position, escape, mark_branches, extra_attrs);
    }

    fn hydrate<const FROM_SERVER: bool>(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        FreshState(self.0.hydrate::<FROM_SERVER>(cursor, position))
    }

    fn into_owned(self) -> Self::Owned {
        Fresh(self.0.into_owned())
    }
}

//! An image as each screen should take it. An upload (`/media/{hash}-{width}.jpg`) becomes a
//! `<picture>`: WebP and JPEG at every width it was made in, `sizes` saying how wide the place
//! is, so a phone downloads a file its width and not the desktop's. Any other address stays the
//! one file. Always with a size (the image's own, else 16:9), so nothing moves when it arrives.

use okur_types::media::{file, upload_of, widths};
use okur_types::Image;

use super::write::text;

/// Where a picture stands, which decides how wide it is and when it loads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// An article's lead image: the column's width, fetched before anything else.
    Lead,
    /// An image in an article's text: the column's width, loaded as it comes near.
    Body,
    /// The front page's first card: wide, loaded at once.
    LeadCard,
    /// Any other card: a column of the grid, loaded as it comes near.
    Card,
}

impl Place {
    /// The `sizes` of the place: how wide the picture is shown at a screen's width.
    fn sizes(self) -> &'static str {
        match self {
            // The article's column is at most 52rem (the widest reading measure).
            Place::Lead | Place::Body => "(max-width: 52rem) 100vw, 52rem",
            Place::LeadCard => "(max-width: 48rem) 100vw, 48rem",
            Place::Card => "(max-width: 44rem) 100vw, 24rem",
        }
    }
}

/// Appends the picture of `image` as it stands in `place`.
pub fn picture(out: &mut String, image: &Image, place: Place) {
    let upload = upload_of(&image.src);
    let srcset = |out: &mut String, ext: &str| {
        if let Some((hash, largest)) = upload {
            out.push_str(" srcset=\"");
            for (i, width) in widths(largest).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&format!("{} {width}w", file(hash, width, ext)));
            }
            out.push_str("\" sizes=\"");
            out.push_str(place.sizes());
            out.push('"');
        }
    };
    if upload.is_some() {
        out.push_str("<picture><source type=\"image/webp\"");
        srcset(out, "webp");
        out.push('>');
    }
    out.push_str(if matches!(place, Place::Card | Place::LeadCard) {
        "<img class=\"card__image\" src=\""
    } else {
        "<img src=\""
    });
    text(out, &image.src);
    out.push('"');
    srcset(out, "jpg");
    out.push_str(" alt=\"");
    text(out, &image.alt);
    let (width, height) = image.width.zip(image.height).unwrap_or((1200, 675));
    out.push_str(&format!("\" width=\"{width}\" height=\"{height}\""));
    out.push_str(match place {
        Place::Lead => " fetchpriority=\"high\"",
        Place::LeadCard => " loading=\"eager\"",
        Place::Body | Place::Card => " loading=\"lazy\"",
    });
    out.push_str(" decoding=\"async\">");
    if upload.is_some() {
        out.push_str("</picture>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "0123456789abcdef0123";

    #[test]
    fn an_upload_is_offered_at_every_width_in_both_formats() {
        let mut out = String::new();
        let image =
            Image { width: Some(960), height: Some(540), ..Image::new(file(HASH, 960, "jpg"), "Liman \"sabah\"") };
        picture(&mut out, &image, Place::Lead);
        let at = |w: u32, ext: &str| format!("/media/{HASH}-{w}.{ext} {w}w");
        assert_eq!(
            out,
            format!(
                "<picture><source type=\"image/webp\" srcset=\"{}, {}, {}\" sizes=\"(max-width: 52rem) 100vw, 52rem\">\
                 <img src=\"/media/{HASH}-960.jpg\" srcset=\"{}, {}, {}\" sizes=\"(max-width: 52rem) 100vw, 52rem\" \
                 alt=\"Liman &quot;sabah&quot;\" width=\"960\" height=\"540\" fetchpriority=\"high\" decoding=\"async\"></picture>",
                at(320, "webp"),
                at(640, "webp"),
                at(960, "webp"),
                at(320, "jpg"),
                at(640, "jpg"),
                at(960, "jpg"),
            )
        );
    }

    #[test]
    fn another_address_is_the_one_file_with_room_kept() {
        let mut out = String::new();
        picture(&mut out, &Image::new("/media/harbour.svg\" onerror=\"x", "Liman"), Place::Card);
        assert_eq!(
            out,
            "<img class=\"card__image\" src=\"/media/harbour.svg&quot; onerror=&quot;x\" alt=\"Liman\" width=\"1200\" \
             height=\"675\" loading=\"lazy\" decoding=\"async\">"
        );
    }
}

//! An uploaded image's files, named so that the server and the front end agree on them without
//! asking: `/media/{hash}-{width}.{jpg|webp}`, `hash` the upload's content, every width in
//! [`WIDTHS`] up to the photograph's in both formats. An image block names the widest JPEG;
//! the reader's page offers the others from that name alone.

/// The widths readers' screens get, never wider than the photograph.
pub const WIDTHS: [u32; 5] = [320, 640, 960, 1280, 1920];

/// The width of the link preview's picture (Open Graph), made when the photograph is wider.
pub const PREVIEW_WIDTH: u32 = 1200;

/// Hex digits of an upload's hash in its files' names.
pub const HASH_LEN: usize = 20;

/// Where uploaded images' files are.
pub const PREFIX: &str = "/media/";

/// The widths of the variants of a photograph `width` wide: the standard ones up to it, or its
/// own width alone when it is narrower than the smallest.
pub fn widths(width: u32) -> Vec<u32> {
    let out: Vec<u32> = WIDTHS.into_iter().filter(|w| *w <= width).collect();
    if out.is_empty() {
        vec![width]
    } else {
        out
    }
}

/// The width of the JPEG a link preview shows, for an upload whose widest file is `largest`
/// wide: 1200 when the photograph is wider, else that widest.
pub fn preview_width(largest: u32) -> u32 {
    largest.min(PREVIEW_WIDTH)
}

/// The file of an upload at a width in a format (`jpg` or `webp`).
pub fn file(hash: &str, width: u32, ext: &str) -> String {
    format!("{PREFIX}{hash}-{width}.{ext}")
}

/// An upload's file name (`{hash}-{width}.{ext}`, no folder) read: its hash, width and extension.
pub fn parse_name(name: &str) -> Option<(&str, u32, &str)> {
    let (stem, ext) = name.rsplit_once('.')?;
    let (hash, width) = stem.split_once('-')?;
    let hex = hash.len() == HASH_LEN && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let width = width.parse::<u32>().ok().filter(|w| *w > 0 && !width.starts_with('0'))?;
    (hex && matches!(ext, "jpg" | "webp")).then_some((hash, width, ext))
}

/// An image block's `src` when it names an upload's widest JPEG: its hash and width.
pub fn upload_of(src: &str) -> Option<(&str, u32)> {
    let (hash, width, ext) = parse_name(src.strip_prefix(PREFIX)?)?;
    (ext == "jpg").then_some((hash, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_back() {
        let hash = "0123456789abcdef0123";
        assert_eq!(file(hash, 960, "webp"), "/media/0123456789abcdef0123-960.webp");
        assert_eq!(parse_name("0123456789abcdef0123-960.webp"), Some((hash, 960, "webp")));
        assert_eq!(upload_of("/media/0123456789abcdef0123-1920.jpg"), Some((hash, 1920)));
        for other in [
            "/media/harbour.svg",
            "/media/0123456789abcdef0123-960.webp",
            "/media/0123456789ABCDEF0123-960.jpg",
            "/media/0123456789abcdef012-960.jpg",
            "/media/0123456789abcdef0123-0960.jpg",
            "/media/0123456789abcdef0123-0.jpg",
            "/media/0123456789abcdef0123-960.png",
            "https://example.org/media/0123456789abcdef0123-960.jpg",
        ] {
            assert_eq!(upload_of(other), None, "{other}");
        }
    }

    #[test]
    fn widths_stop_at_the_photograph() {
        assert_eq!(widths(4000), WIDTHS);
        assert_eq!(widths(1000), [320, 640, 960]);
        assert_eq!(widths(200), [200]);
        assert_eq!(preview_width(1920), 1200);
        assert_eq!(preview_width(1280), 1200);
        assert_eq!(preview_width(960), 960);
    }
}

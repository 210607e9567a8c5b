//! An uploaded image made fit for readers: recognised by its content (JPEG, PNG or WebP, never
//! by its name), its size read from its header and refused above 40 megapixels before a single
//! pixel is decoded (a decompression bomb costs nothing), turned the right way up by its EXIF
//! orientation, then written again from its pixels alone at a few widths in WebP and JPEG, and
//! as a 1200-wide JPEG for link previews. Nothing of the file but its pixels survives: no EXIF
//! (GPS above all), no ICC profile, no comments.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader};
use okur_types::media::{widths, PREVIEW_WIDTH};

/// The largest upload, in bytes.
pub const BYTES_MAX: usize = 25 * 1024 * 1024;
/// The most pixels an upload may have.
pub const PIXELS_MAX: u64 = 40_000_000;
/// JPEG quality of the variants.
const JPEG_QUALITY: u8 = 82;
/// WebP quality of the variants.
const WEBP_QUALITY: f32 = 78.0;

/// The formats taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
}

/// A variant's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JPEG, which every browser shows.
    Jpeg,
    /// WebP, smaller at the same look.
    Webp,
}

impl Format {
    /// The file extension and stored name.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Webp => "webp",
        }
    }

    /// The format a file extension names.
    pub fn from_ext(ext: &str) -> Option<Format> {
        match ext {
            "jpg" => Some(Format::Jpeg),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }

    /// The type it is served as.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Webp => "image/webp",
        }
    }
}

/// Why an upload is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    /// Over [`BYTES_MAX`].
    #[error("the image is larger than 25 MB")]
    TooBig,
    /// Not a JPEG, PNG or WebP by its content.
    #[error("only JPEG, PNG and WebP images are taken (this one is none of them, whatever its name)")]
    Unsupported,
    /// More than [`PIXELS_MAX`] pixels: refused before decoding.
    #[error("the image has {0} megapixels; at most 40 are taken")]
    TooManyPixels(u64),
    /// The file is broken or cut short.
    #[error("the image cannot be read: {0}")]
    Broken(String),
}

/// One variant: its width and height, format and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Its format.
    pub format: Format,
    /// The encoded file.
    pub bytes: Vec<u8>,
}

/// An upload made ready: the photograph's upright size and every variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The upright width.
    pub width: u32,
    /// The upright height.
    pub height: u32,
    /// The variants for readers (each width in both formats) and the link preview's JPEG.
    pub variants: Vec<Variant>,
}

impl Prepared {
    /// The width and height of the widest file for readers: what an image block names.
    pub fn widest(&self) -> (u32, u32) {
        let largest = widths(self.width).last().copied().unwrap_or(self.width);
        let height = self.variants.iter().find(|v| v.width == largest).map_or(self.height, |v| v.height);
        (largest, height)
    }
}

/// The format of a file by its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Kind::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Kind::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(Kind::Webp)
    } else {
        None
    }
}

/// Whether a JPEG's last scan is followed by its end marker: its decoder would fill a file cut
/// short with grey. (Inside a scan a 0xFF byte is always followed by 0x00, so the marker cannot
/// be the picture's data; a phone's trailer after the end is allowed.)
fn jpeg_ends(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    let end = bytes.windows(2).rposition(|w| w == [0xFF, 0xD9]);
    matches!((last_scan, end), (Some(scan), Some(end)) if end > scan)
}

/// Checks, decodes, turns upright and writes every variant of an upload.
pub fn prepare(bytes: &[u8]) -> Result<Prepared, MediaError> {
    if bytes.len() > BYTES_MAX {
        return Err(MediaError::TooBig);
    }
    let kind = sniff(bytes).ok_or(MediaError::Unsupported)?;
    if kind == Kind::Jpeg && !jpeg_ends(bytes) {
        return Err(MediaError::Broken("the JPEG is cut short (no end after its last scan)".into()));
    }
    let format = match kind {
        Kind::Jpeg => image::ImageFormat::Jpeg,
        Kind::Png => image::ImageFormat::Png,
        Kind::Webp => image::ImageFormat::WebP,
    };
    let broken = |err: image::ImageError| MediaError::Broken(err.to_string());
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(PIXELS_MAX * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let (w, h) = decoder.dimensions();
    let pixels = u64::from(w) * u64::from(h);
    if pixels > PIXELS_MAX {
        return Err(MediaError::TooManyPixels(pixels.div_ceil(1_000_000)));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(broken)?;
    picture.apply_orientation(orientation);
    // Pixels alone from here: colour as sRGB 8-bit, transparency over white for the JPEGs.
    let picture = DynamicImage::ImageRgb8(flatten(picture));
    let (width, height) = (picture.width(), picture.height());
    let mut variants = Vec::new();
    let mut sizes: Vec<(u32, bool)> = widths(width).into_iter().map(|w| (w, true)).collect();
    // The link preview's JPEG, where no reader's width is 1200 (okur_types::media::preview_width).
    if sizes.iter().any(|(w, _)| *w > PREVIEW_WIDTH) {
        sizes.push((PREVIEW_WIDTH, false));
    }
    // Widest first, each from the one before: only the first scaling reads every pixel of the
    // photograph (a 12-megapixel one takes most of the time there), the others read a few.
    sizes.sort_by_key(|size| std::cmp::Reverse(size.0));
    let mut from = picture;
    for (target, both) in sizes {
        let scaled = scale(&from, target);
        let (sw, sh) = (scaled.width(), scaled.height());
        variants.push(Variant { width: sw, height: sh, format: Format::Jpeg, bytes: jpeg(&scaled)? });
        if both {
            variants.push(Variant { width: sw, height: sh, format: Format::Webp, bytes: webp(&scaled) });
        }
        from = scaled;
    }
    variants.sort_by(|a, b| a.width.cmp(&b.width).then(a.format.ext().cmp(b.format.ext())));
    Ok(Prepared { width, height, variants })
}

/// The picture as 8-bit RGB, anything transparent laid on white.
fn flatten(picture: DynamicImage) -> image::RgbImage {
    if !picture.color().has_alpha() {
        return picture.into_rgb8();
    }
    let rgba = picture.into_rgba8();
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

/// The picture scaled to `width` (its height in proportion), with a Lanczos filter.
fn scale(picture: &DynamicImage, width: u32) -> DynamicImage {
    if width >= picture.width() {
        return picture.clone();
    }
    let across = u64::from(picture.width().max(1));
    // Rounded, not cut: 900 × 600 at 640 wide is 427 high, as the browser would draw it.
    let height = ((u64::from(picture.height()) * u64::from(width) + across / 2) / across).max(1) as u32;
    picture.resize_exact(width, height, image::imageops::FilterType::Lanczos3)
}

/// A JPEG of the picture (baseline, no metadata).
fn jpeg(picture: &DynamicImage) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    picture.write_with_encoder(encoder).map_err(|err| MediaError::Broken(err.to_string()))?;
    Ok(out)
}

/// A lossy WebP of the picture (libwebp; no metadata).
fn webp(picture: &DynamicImage) -> Vec<u8> {
    let rgb = picture.to_rgb8();
    webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height()).encode(WEBP_QUALITY).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A photograph-like test picture: smooth colours with detail, `w` × `h`.
    fn picture(w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x * 255 / w.max(1)) as u8, (y * 255 / h.max(1)) as u8, ((x ^ y) & 0xFF) as u8])
        }))
    }

    fn encoded(picture: &DynamicImage, format: image::ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    /// A JPEG with an EXIF block: this orientation and a GPS position.
    fn jpeg_with_exif(orientation: u16) -> Vec<u8> {
        let plain = encoded(&picture(64, 32), image::ImageFormat::Jpeg);
        // TIFF, little-endian: IFD0 with Orientation and a GPS IFD pointer; the GPS IFD with a
        // latitude of three rationals.
        let mut tiff = b"II*\0\x08\0\0\0".to_vec();
        let entry = |tag: u16, kind: u16, count: u32, value: u32| {
            let mut e = Vec::new();
            e.extend(tag.to_le_bytes());
            e.extend(kind.to_le_bytes());
            e.extend(count.to_le_bytes());
            e.extend(value.to_le_bytes());
            e
        };
        tiff.extend(2u16.to_le_bytes());
        tiff.extend(entry(0x0112, 3, 1, u32::from(orientation)));
        let gps_at = 8 + 2 + 2 * 12 + 4;
        tiff.extend(entry(0x8825, 4, 1, gps_at));
        tiff.extend(0u32.to_le_bytes());
        let rationals_at = gps_at + 2 + 12 + 4;
        tiff.extend(1u16.to_le_bytes());
        tiff.extend(entry(0x0002, 5, 3, rationals_at));
        tiff.extend(0u32.to_le_bytes());
        for (n, d) in [(41u32, 1u32), (1, 1), (3, 1)] {
            tiff.extend(n.to_le_bytes());
            tiff.extend(d.to_le_bytes());
        }
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(&tiff);
        let mut out = plain[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(((app1.len() + 2) as u16).to_be_bytes());
        out.extend(app1);
        out.extend(&plain[2..]);
        out
    }

    /// CRC-32 as PNG chunks carry it.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn the_kind_is_the_contents_not_the_name() {
        let png = encoded(&picture(8, 8), image::ImageFormat::Png);
        assert_eq!(sniff(&png), Some(Kind::Png), "a PNG called photo.jpg is a PNG");
        assert_eq!(sniff(&encoded(&picture(8, 8), image::ImageFormat::Jpeg)), Some(Kind::Jpeg));
        assert_eq!(prepare(b"GIF89a...").unwrap_err(), MediaError::Unsupported);
        assert_eq!(prepare(b"<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap_err(), MediaError::Unsupported);
        assert_eq!(prepare(&vec![0xFF; BYTES_MAX + 1]).unwrap_err(), MediaError::TooBig);
    }

    #[test]
    fn a_decompression_bomb_is_refused_unread() {
        // A PNG whose header says 20,000 × 20,000 (400 megapixels), with one row of data.
        let mut png = encoded(&picture(4, 4), image::ImageFormat::Png);
        png[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(prepare(&png).unwrap_err(), MediaError::TooManyPixels(400));
    }

    #[test]
    fn a_file_cut_short_is_refused() {
        let jpeg = encoded(&picture(200, 100), image::ImageFormat::Jpeg);
        assert!(matches!(prepare(&jpeg[..jpeg.len() / 2]).unwrap_err(), MediaError::Broken(_)));
    }

    #[test]
    fn the_picture_is_turned_upright_and_every_metadata_byte_goes() {
        let sent = jpeg_with_exif(6);
        assert!(sent.windows(4).any(|w| w == b"Exif"));
        let prepared = prepare(&sent).unwrap();
        assert_eq!((prepared.width, prepared.height), (32, 64), "orientation 6: turned a quarter");
        for variant in &prepared.variants {
            let has = |needle: &[u8]| variant.bytes.windows(needle.len()).any(|w| w == needle);
            assert!(!has(b"Exif") && !has(b"ICC_PROFILE") && !has(b"XMP"), "{:?} {}", variant.format, variant.width);
            let back = image::load_from_memory(&variant.bytes).unwrap();
            assert_eq!((back.width(), back.height()), (variant.width, variant.height));
        }
    }

    #[test]
    fn variants_are_made_at_the_widths_the_photograph_has() {
        let prepared = prepare(&encoded(&picture(1000, 500), image::ImageFormat::Png)).unwrap();
        let made: Vec<(u32, u32, &str)> =
            prepared.variants.iter().map(|v| (v.width, v.height, v.format.ext())).collect();
        assert_eq!(
            made,
            [
                (320, 160, "jpg"),
                (320, 160, "webp"),
                (640, 320, "jpg"),
                (640, 320, "webp"),
                (960, 480, "jpg"),
                (960, 480, "webp")
            ]
        );
        assert_eq!(prepared.widest(), (960, 480), "what an image block names");
    }
}

//! Images through `app()`, on both stores: `POST /api/desk/images` with a token, a session or
//! neither, the wrong role; what it refuses (by content, not by the type sent: a GIF, a file
//! cut short, a bomb, over 25 MB) and with which answer; the files served by their hash, for
//! good, without a byte of the photograph's metadata; and a story naming an upload, whose page
//! offers every width in WebP and JPEG with the picture's own size.
mod common;

use std::io::Cursor;

use axum::http::{Method, StatusCode};
use common::body;
use common::desk::{desk, new_story, read, send, Desk, Try, HOST, ORIGIN, PASSWORD};
use okur_types::desk::UploadedImage;
use okur_types::Article;
use serde_json::json;

/// A photograph-like picture `w` × `h`: smooth colours with grain.
fn picture(w: u32, h: u32) -> image::DynamicImage {
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        let grain = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23) as u8;
        image::Rgb([(x * 200 / w) as u8 + grain, (y * 200 / h) as u8 + grain, 90 + grain])
    }))
}

/// The picture encoded in a format.
fn encoded(w: u32, h: u32, format: image::ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    picture(w, h).write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A JPEG with an EXIF block naming a place (GPS) and a camera, as a phone's photograph has.
fn phone_photograph(w: u32, h: u32) -> Vec<u8> {
    let plain = encoded(w, h, image::ImageFormat::Jpeg);
    let mut app1 = b"Exif\0\0II*\0\x08\0\0\0\x01\0\x0f\x01\x02\0\x0c\0\0\0\x1a\0\0\0\0\0\0\0GPSCAMERA-42\0".to_vec();
    app1.extend(b"GPSLatitude 41.0082 N GPSLongitude 28.9784 E");
    let mut out = plain[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&plain[2..]);
    out
}

/// Sends an image as the editor, with the type it says it is.
async fn upload(desk: &Desk, bytes: Vec<u8>, kind: &str) -> axum::response::Response {
    let headers = [("authorization", desk.editor.as_str()), ("content-type", kind)];
    desk.site.send_from(None, Method::POST, "/api/desk/images", bytes, &headers).await
}

#[tokio::test]
async fn an_upload_is_made_for_every_screen_and_served_by_its_hash() {
    let desk = desk().await;
    let sent = phone_photograph(1400, 800);
    assert!(sent.windows(11).any(|w| w == b"GPSLatitude"));
    let (status, _, value) = read(upload(&desk, sent.clone(), "image/jpeg").await).await;
    assert_eq!(status, StatusCode::CREATED, "{value}");
    let made: UploadedImage = serde_json::from_value(value).unwrap();
    let hash = made.src.strip_prefix("/media/").unwrap().split('-').next().unwrap().to_owned();
    assert_eq!(made.src, format!("/media/{hash}-1280.jpg"), "the widest width under the photograph's");
    assert_eq!((made.width, made.height), (1280, 731));
    assert_eq!(made.preview, format!("/media/{hash}-1200.jpg"));
    let mut files = made.files.clone();
    files.sort();
    let mut expected: Vec<String> = [320, 640, 960, 1280]
        .iter()
        .flat_map(|w| [format!("/media/{hash}-{w}.jpg"), format!("/media/{hash}-{w}.webp")])
        .chain([made.preview.clone()])
        .collect();
    expected.sort();
    assert_eq!(files, expected);

    for file in &made.files {
        let response = desk.site.get(file).await;
        assert_eq!(response.status(), StatusCode::OK, "{file}");
        let kind = if file.ends_with(".webp") { "image/webp" } else { "image/jpeg" };
        assert_eq!(response.headers()["content-type"], kind, "{file}");
        assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable", "{file}");
        let bytes = body(response).await;
        for needle in [&b"Exif"[..], b"GPS", b"CAMERA-42"] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{file} keeps {needle:?}");
        }
        let back = image::load_from_memory(&bytes).unwrap();
        let width: u32 = file.rsplit('-').next().unwrap().split('.').next().unwrap().parse().unwrap();
        assert_eq!(back.width(), width, "{file}");
    }
    for missing in [
        format!("/media/{hash}-1920.jpg"),
        format!("/media/{hash}-1200.webp"),
        "/media/0123456789abcdef0123-320.jpg".into(),
    ] {
        assert_eq!(desk.site.get(&missing).await.status(), StatusCode::NOT_FOUND, "{missing}");
    }
    assert_eq!(desk.site.get("/media/a.svg").await.status(), StatusCode::OK, "the build's own files still");

    // The same photograph again is the same image.
    let (status, _, again) = read(upload(&desk, sent, "image/jpeg").await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["src"], made.src);
}

#[tokio::test]
async fn only_images_okur_takes_are_taken_whatever_they_say_they_are() {
    let desk = desk().await;
    // A PNG sent as a JPEG is a PNG: taken.
    let (status, _, value) = read(upload(&desk, encoded(300, 200, image::ImageFormat::Png), "image/jpeg").await).await;
    assert_eq!(status, StatusCode::CREATED, "{value}");
    assert!(value["src"].as_str().unwrap().ends_with("-300.jpg"), "narrower than 320: its own width");
    // A JPEG whose frame header says 20,000 × 20,000 (400 megapixels) over 16 × 16 pixels' data.
    let mut bomb = encoded(16, 16, image::ImageFormat::Jpeg);
    let frame = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    bomb[frame + 5..frame + 9].copy_from_slice(&[0x4E, 0x20, 0x4E, 0x20]);
    let jpeg = encoded(640, 360, image::ImageFormat::Jpeg);
    let refused: [(Vec<u8>, &str, StatusCode, &str); 6] = [
        (b"GIF89a\x01\0\x01\0\0\0\0;".to_vec(), "image/jpeg", StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_image"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
            "image/png",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_image",
        ),
        (jpeg.clone(), "text/plain", StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_image"),
        (jpeg[..jpeg.len() / 2].to_vec(), "image/jpeg", StatusCode::UNPROCESSABLE_ENTITY, "image_broken"),
        (bomb, "image/jpeg", StatusCode::UNPROCESSABLE_ENTITY, "image_too_large"),
        (vec![0xFF; 25 * 1024 * 1024 + 1], "image/jpeg", StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
    ];
    for (bytes, kind, status, code) in refused {
        let (got, got_code, value) = read(upload(&desk, bytes, kind).await).await;
        assert_eq!((got, got_code.as_str()), (status, code), "{kind}: {value}");
        assert!(!value["error"]["message"].as_str().unwrap_or_default().is_empty());
    }
    let stored = common::count(desk.site.db(), "SELECT COUNT(*) FROM media").await;
    assert_eq!(stored, 1, "nothing refused was kept");
}

#[tokio::test]
async fn an_upload_wants_an_editors_token_or_session() {
    let desk = desk().await;
    let jpeg = encoded(64, 64, image::ImageFormat::Jpeg);
    let tries: [Try; 3] = [
        (&[], StatusCode::UNAUTHORIZED, "sign_in"),
        (&[("authorization", "Bearer okur_not-a-token")], StatusCode::UNAUTHORIZED, "bad_token"),
        (&[("authorization", desk.moderator.as_str())], StatusCode::FORBIDDEN, "not_allowed"),
    ];
    for (headers, status, code) in tries {
        let mut all = headers.to_vec();
        all.push(("content-type", "image/jpeg"));
        let response = desk.site.send_from(None, Method::POST, "/api/desk/images", jpeg.clone(), &all).await;
        let (got, got_code, _) = read(response).await;
        assert_eq!((got, got_code.as_str()), (status, code), "{headers:?}");
    }
    // A signed-in editor's page sends its Origin and CSRF token; without them, refused.
    let login = json!({"name": "elif", "password": PASSWORD});
    let response = send(&desk.site, Method::POST, "/api/moderation/login", &[ORIGIN, HOST], Some(&login)).await;
    let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let (_, _, session) = read(response).await;
    let csrf = session["csrf"].as_str().unwrap().to_owned();
    for (with_csrf, status) in [(false, StatusCode::FORBIDDEN), (true, StatusCode::CREATED)] {
        let mut headers = vec![("cookie", cookie.as_str()), ORIGIN, HOST, ("content-type", "image/jpeg")];
        if with_csrf {
            headers.push(("x-csrf-token", csrf.as_str()));
        }
        let response = desk.site.send_from(None, Method::POST, "/api/desk/images", jpeg.clone(), &headers).await;
        assert_eq!(response.status(), status, "with the CSRF token: {with_csrf}");
    }
}

#[tokio::test]
async fn a_story_names_an_upload_and_its_page_offers_every_width() {
    let mut desk = desk().await;
    desk.site.state.public_url = Some("https://okur.test".into());
    let (_, _, value) = read(upload(&desk, encoded(1000, 500, image::ImageFormat::Jpeg), "image/jpeg").await).await;
    let made: UploadedImage = serde_json::from_value(value).unwrap();
    assert_eq!((made.src.ends_with("-960.jpg"), made.width, made.height), (true, 960, 480));

    let mut story = new_story("fotografli", "published");
    story["image"] = json!({"src": made.src, "alt": "Kıyıda sabah"});
    story["body"]
        .as_array_mut()
        .unwrap()
        .push(json!({"type": "image", "src": made.src, "alt": "İskele", "caption": "Sabah"}));
    let response =
        send(&desk.site, Method::POST, "/api/desk/articles", &[("authorization", desk.editor.as_str())], Some(&story))
            .await;
    let (status, _, value) = read(response).await;
    assert_eq!(status, StatusCode::CREATED, "{value}");
    desk.site.changed_elsewhere();
    let article: Article = desk.site.get_json("/api/articles/fotografli", StatusCode::OK).await;
    let lead = article.summary.image.unwrap();
    assert_eq!((lead.width, lead.height), (Some(960), Some(480)), "the server writes an upload's size in");
    assert!(matches!(article.body[1], okur_types::Block::Image { width: Some(960), height: Some(480), .. }));

    let page = String::from_utf8(body(desk.site.get("/articles/fotografli").await).await).unwrap();
    let hash = made.src.strip_prefix("/media/").unwrap().split('-').next().unwrap();
    let webp = format!("/media/{hash}-320.webp 320w, /media/{hash}-640.webp 640w, /media/{hash}-960.webp 960w");
    assert_eq!(page.matches(&format!("<source type=\"image/webp\" srcset=\"{webp}\"")).count(), 2, "{page}");
    assert!(page.contains(&format!("srcset=\"/media/{hash}-320.jpg 320w, /media/{hash}-640.jpg 640w")), "{page}");
    assert!(page.contains("width=\"960\" height=\"480\" fetchpriority=\"high\""), "the lead first: {page}");
    assert!(page.contains("width=\"960\" height=\"480\" loading=\"lazy\""), "the body's when near: {page}");
    assert!(page.contains(&format!("<meta property=\"og:image\" content=\"https://okur.test/media/{hash}-960.jpg\"")));

    // The desk's preview of a working copy (sent without sizes) keeps the picture's room too.
    let mut working = story.clone();
    working["title"] = json!("Kıyıda sabah, güncel");
    let etag = format!("\"{}\"", value["version"]);
    let headers = [("authorization", desk.editor.as_str()), ("if-match", etag.as_str())];
    let response =
        send(&desk.site, Method::PUT, "/api/desk/articles/fotografli/working", &headers, Some(&working)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let preview =
        desk.site.request(Method::GET, "/desk/preview/fotografli", &[("authorization", desk.editor.as_str())]).await;
    let preview = String::from_utf8(body(preview).await).unwrap();
    assert!(
        preview.contains("Kıyıda sabah, güncel") && preview.contains("width=\"960\" height=\"480\" fetchpriority"),
        "{preview}"
    );

    // A name that is no upload of this site is refused at its field.
    let mut stray = new_story("yanlis-gorsel", "draft");
    stray["body"] = json!([{"type": "image", "src": "/media/0123456789abcdef0123-960.jpg", "alt": "Yok"}]);
    let response =
        send(&desk.site, Method::POST, "/api/desk/articles", &[("authorization", desk.editor.as_str())], Some(&stray))
            .await;
    let (status, code, value) = read(response).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid"));
    assert!(value["error"]["fields"]["body[0]"].as_str().unwrap().contains("no image uploaded"), "{value}");
}

#[tokio::test]
async fn okur_import_media_makes_the_pictures_an_export_names_uploads() {
    let desk = desk().await;
    let pictures = tempfile::tempdir().unwrap();
    // A copy of WordPress's uploads folder, the photograph from a phone.
    let folder = pictures.path().join("uploads/2025/12");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("iskele.jpg"), phone_photograph(900, 600)).unwrap();
    let export = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wordpress/site.xml");
    let import = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_okur"))
            .args(["import", "--media"])
            .arg(pictures.path())
            .arg(&export)
            .env("OKUR_DB", desk.site.db())
            .env("OKUR_LOG", "warn")
            .output()
            .unwrap()
    };
    let run = import();
    let printed = String::from_utf8_lossy(&run.stdout);
    // The export has a post that cannot be imported (wordpress.rs): the rest are.
    assert!(printed.contains("posts: 4 imported"), "{printed}{}", String::from_utf8_lossy(&run.stderr));
    desk.site.changed_elsewhere();
    let article: Article = desk.site.get_json("/api/articles/kiyida-yeni-donem", StatusCode::OK).await;
    let lead = article.summary.image.unwrap();
    assert!(lead.src.starts_with("/media/") && lead.src.ends_with("-640.jpg"), "{}", lead.src);
    assert_eq!((lead.width, lead.height, lead.alt.as_str()), (Some(640), Some(427), "Sabah ışığında iskele"));
    let served = body(desk.site.get(&lead.src.replace(".jpg", ".webp")).await).await;
    assert!(image::load_from_memory(&served).is_ok() && !served.windows(3).any(|w| w == b"GPS"));
    // A picture the folder lacks keeps its address, and the report says so.
    assert!(printed.contains("picture https://cdn.example/foto.jpg: not in the --media folder, its address kept"));
    let block: Article = desk.site.get_json("/api/articles/blok-haber", StatusCode::OK).await;
    assert!(block
        .body
        .iter()
        .any(|b| matches!(b, okur_types::Block::Image { src, .. } if src == "https://cdn.example/foto.jpg")));

    // Again, unchanged: the same upload, nothing new.
    let again = import();
    assert!(String::from_utf8_lossy(&again.stdout).contains("posts: 0 imported, 0 updated, 4 unchanged"), "{again:?}");
    assert_eq!(common::count(desk.site.db(), "SELECT COUNT(*) FROM media").await, 1);
}

#[tokio::test]
async fn a_file_import_names_uploads_with_their_size_and_refuses_a_stray_one() {
    let desk = desk().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("liman.png"), encoded(700, 350, image::ImageFormat::Png)).unwrap();
    let story = dir.path().join("liman.md");
    std::fs::write(
        &story,
        "---\ntitle: Limanda sabah\nslug: limanda-sabah\npublished_at: 2025-12-14\nauthor: Elif\ncategory: Kent\n\
         summary: Limanda sabah.\nimage: /media/liman.png\nimage_alt: Liman\n---\n\nİlk gemiler geldi.\n\n\
         ![Yok](/media/yok.jpg)\n",
    )
    .unwrap();
    let mut media = okur::import::media::MediaDir::new(dir.path()).unwrap();
    let imported = okur::import::import_file(&desk.site.state.store, &story, Some(&mut media)).await.unwrap();
    assert_eq!(imported.saved.len(), 1);
    assert_eq!(imported.problems.len(), 1, "{:?}", imported.problems);
    assert!(imported.problems[0].contains("/media/yok.jpg"));
    desk.site.changed_elsewhere();
    let article: Article = desk.site.get_json("/api/articles/limanda-sabah", StatusCode::OK).await;
    let lead = article.summary.image.unwrap();
    assert!(lead.src.ends_with("-640.jpg") && lead.width == Some(640) && lead.height == Some(320), "{lead:?}");

    // A JSON file naming an upload this site does not have: nothing of the file is stored.
    let stray = dir.path().join("stray.json");
    let mut json = new_story("yanlis-gorsel", "published");
    json["published_at"] = json!("2025-12-14T08:00:00Z");
    json.as_object_mut().unwrap().remove("status");
    json["image"] = json!({"src": "/media/0123456789abcdef0123-960.jpg", "alt": "Yok"});
    std::fs::write(&stray, json.to_string()).unwrap();
    let err = okur::import::import_file(&desk.site.state.store, &stray, None).await.unwrap_err();
    assert!(err.describe(&stray).contains("no image uploaded to this site"), "{}", err.describe(&stray));
    desk.site.changed_elsewhere();
    assert_eq!(desk.site.get("/api/articles/yanlis-gorsel").await.status(), StatusCode::NOT_FOUND);
}

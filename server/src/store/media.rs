//! Uploaded images (`media`, `media_files`): kept once per content, each file read by its name.
//! In the database rather than a folder, so that every replica serves every image and a backup
//! of the database is a backup of the pictures.

use okur_types::media::upload_of;
use okur_types::{Block, Image};

use super::dialect::Dialect;
use super::{Backend, Inner, Store, StoreError};
use crate::domain::article::{image_slots, NewArticle};
use crate::domain::stamp::Stamp;
use crate::media::process::{Format, Prepared};

queries! {
    /// Keeps an upload's files under its hash, unless that image is there already; whether it
    /// was new.
    pub async fn add_media(&self, hash: &str, prepared: &Prepared, by: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        let added = sqlx::query(
            "INSERT INTO media (hash, width, height, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (hash) DO NOTHING",
        )
        .bind(hash)
        .bind(i64::from(prepared.width))
        .bind(i64::from(prepared.height))
        .bind(by)
        .bind(Stamp::now().to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if added {
            for file in &prepared.variants {
                sqlx::query("INSERT INTO media_files (hash, width, format, height, bytes) VALUES ($1, $2, $3, $4, $5)")
                    .bind(hash)
                    .bind(i64::from(file.width))
                    .bind(file.format.ext())
                    .bind(i64::from(file.height))
                    .bind(file.bytes.as_slice())
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(added)
    }

    /// The bytes of an upload's file at a width in a format, if there is one.
    pub async fn media_file(&self, hash: &str, width: u32, format: Format) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(sqlx::query_scalar("SELECT bytes FROM media_files WHERE hash = $1 AND width = $2 AND format = $3")
            .bind(hash)
            .bind(i64::from(width))
            .bind(format.ext())
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The width and height of an upload's JPEG at a width (what an image block names), if
    /// there is one.
    pub async fn media_size(&self, hash: &str, width: u32) -> Result<Option<(u32, u32)>, StoreError> {
        let found: Option<(i64, i64)> =
            sqlx::query_as("SELECT width, height FROM media_files WHERE hash = $1 AND width = $2 AND format = 'jpg'")
                .bind(hash)
                .bind(i64::from(width))
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.and_then(|(w, h)| Some((u32::try_from(w).ok()?, u32::try_from(h).ok()?))))
    }
}

impl Store {
    /// Writes each upload's size into the images of an article that name one (as the desk and
    /// the imports save it), so the page keeps the picture's room before it arrives; messages
    /// by field (`image`, `body[i]`) for a name that is no upload of this site.
    pub async fn size_uploads(
        &self,
        article: &mut NewArticle,
    ) -> Result<std::collections::BTreeMap<String, String>, StoreError> {
        self.size_images(article.image.as_mut(), &mut article.body).await
    }

    /// [`Store::size_uploads`] for a lead image and a body however they are held (the desk's
    /// preview reads a working copy).
    pub async fn size_images(
        &self,
        lead: Option<&mut Image>,
        body: &mut [Block],
    ) -> Result<std::collections::BTreeMap<String, String>, StoreError> {
        let mut missing = std::collections::BTreeMap::new();
        for slot in image_slots(lead, body) {
            let Some((hash, width)) = upload_of(slot.src) else { continue };
            match self.media_size(hash, width).await? {
                Some((w, h)) => (*slot.width, *slot.height) = (Some(w), Some(h)),
                None => {
                    let message = format!("{} is no image uploaded to this site: upload it again", slot.src);
                    missing.insert(slot.field, message);
                }
            }
        }
        Ok(missing)
    }
}

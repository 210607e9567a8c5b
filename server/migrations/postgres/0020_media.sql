-- Images uploaded at the desk or by `okur import --media` (docs/operations.md, Images). They live
-- in the database, so every replica serves every image with nothing else to share or back up.
-- `hash` names the upload by its content (the first 20 hex digits of its SHA-256), so the same
-- photograph sent twice is one image; `width` and `height` are its upright size.
CREATE TABLE media (
    hash         TEXT    PRIMARY KEY,
    width        BIGINT  NOT NULL,
    height       BIGINT  NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT COLLATE "C" NOT NULL
);

-- Each image's files for readers: a width in a format, as `/media/{hash}-{width}.{format}`.
CREATE TABLE media_files (
    hash    TEXT    NOT NULL REFERENCES media (hash) ON DELETE CASCADE,
    width   BIGINT  NOT NULL,
    format  TEXT    NOT NULL CHECK (format IN ('jpg', 'webp')),
    height  BIGINT  NOT NULL,
    bytes   BYTEA   NOT NULL,
    PRIMARY KEY (hash, width, format)
);

-- The lead image's size, so the page keeps its room before the picture arrives.
ALTER TABLE articles ADD COLUMN image_width BIGINT;
ALTER TABLE articles ADD COLUMN image_height BIGINT;

-- Metadata of item images; the bytes live in the image directory (marketplace.images.dir) under
-- <item id>/<image id>, never under a name a client chose. Rows go with their item.
CREATE TABLE item_images (
    id           uuid        PRIMARY KEY,
    item_id      uuid        NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    content_type varchar(32) NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
    size         bigint      NOT NULL CHECK (size > 0),
    sha256       char(64)    NOT NULL,
    created_at   timestamptz NOT NULL
);

-- An item's images, oldest first; also counts them for the per-item limit.
CREATE INDEX item_images_item_id_created_at_idx ON item_images (item_id, created_at, id);

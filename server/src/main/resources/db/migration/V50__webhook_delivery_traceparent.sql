-- The W3C traceparent of the work that queued a delivery (the request whose event it is), so that every
-- attempt — sent later by whichever instance claims it — continues that trace. NULL: no trace was current.
ALTER TABLE webhook_deliveries ADD COLUMN traceparent VARCHAR(55);

package dev.marketplace.contact;

import java.util.UUID;

/** A contact message was stored (published inside the storing transaction; delivery starts after commit). */
record ContactMessageReceived(UUID id) {}

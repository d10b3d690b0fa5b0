"""Request and response models of the HTTP API (requests forbid unknown and server-set fields)."""

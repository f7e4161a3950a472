package dev.enclave.project;

import java.util.UUID;

/**
 * Fired (synchronously, in the deleting transaction) before a project is deleted. Its documents go with it (the
 * database cascades), so the document feature records their deletion as events too: consumers then see every
 * document that disappears, without knowing about the cascade.
 */
public record ProjectDeleting(UUID projectId) {
}

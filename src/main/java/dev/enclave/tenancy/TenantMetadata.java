package dev.enclave.tenancy;

/**
 * The tenant of a message, captured from the sender's context when the message is created. SmallRye may run the
 * outgoing guard on another thread than the sender's, where the sender's context is not active, so the context
 * travels with the message. Incoming messages carry it too once their {@code tenant-id} header was verified.
 */
public record TenantMetadata(TenantId tenant) {
}

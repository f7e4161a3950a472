/** The global, append-only audit log ({@code platform} persistence unit): readable by platform operators only. */
package dev.enclave.audit;

package dev.flotilla.runtime.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * HTTPS for the gateway: a key store (PKCS12 or JKS, by its content) holding the server's key and
 * certificate, and the store's password. The gateway then serves HTTPS only.
 */
public record GatewayTls(Path keyStore, String password) {

    public GatewayTls {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password of " + keyStore);
        if (!Files.isReadable(keyStore)) throw new IllegalArgumentException("TLS key store " + keyStore + " cannot be read");
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "GatewayTls[" + keyStore + "]";
    }
}

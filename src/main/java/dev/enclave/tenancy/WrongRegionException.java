package dev.enclave.tenancy;

/** The tenant lives in another region; the client should use that region's endpoint. */
public class WrongRegionException extends RuntimeException {

    private final String region;

    public WrongRegionException(String region) {
        super("tenant served in region " + region, null, false, false);
        this.region = region;
    }

    public String region() {
        return region;
    }
}
